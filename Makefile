# Two commands matter: `make demo` and `make test`. Both install what they need (Debian packages via
# apt-get, Python packages via pip into .venv) and build incrementally.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?= $(shell nproc)
APT_PACKAGES := g++ make libeigen3-dev libceres-dev libfmt-dev doctest-dev chromium
PY_PACKAGES := numpy pandas matplotlib tqdm 'dask[distributed]' pytest pybind11 scikit-build-core cmake ninja
# Test-only, never imported by the package: an independent C3D reader to compare against (ezc3d, GPL) and
# OpenSim 4.6 to check that the TRC/MOT files we write load there.
TEST_PACKAGES := ezc3d opensim
CMAKE := $(VENV)/bin/cmake
CMAKE_FLAGS := -G Ninja -DCMAKE_MAKE_PROGRAM=$(abspath $(VENV)/bin/ninja) -DCMAKE_POLICY_VERSION_MINIMUM=3.5

.PHONY: all deps build test test-cpp test-python install-python demo sanitize fuzz bench clean

all: build

deps: $(VENV)/.deps-ok

# Missing Debian packages are installed (needs root or sudo); the venv gets the Python packages.
$(VENV)/.deps-ok: Makefile
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(PY_PACKAGES) $(TEST_PACKAGES)
	@touch $@

build: deps
	$(CMAKE) -S . -B build $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release
	$(CMAKE) --build build -j $(JOBS)

test-cpp: build
	cd build && $(abspath $(VENV))/bin/ctest --output-on-failure -j $(JOBS)

install-python: deps
	$(PY) -m pip install -q --no-build-isolation .

test-python: install-python
	$(PY) -m pytest -q tests/python

test: test-cpp test-python

demo: install-python
	$(VENV)/bin/gaitchain demo

# C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer.
sanitize: deps
	$(CMAKE) -S . -B build-sanitize $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAITCHAIN_BUILD_BENCHMARKS=OFF \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	$(CMAKE) --build build-sanitize -j $(JOBS)
	cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(abspath $(VENV))/bin/ctest --output-on-failure -j $(JOBS) -E cmake_consumer

# libFuzzer on each parser (clang from Debian), seeded with the small real files of ../shared/data.
# FUZZ_RUNS executions per parser; a crash, leak, sanitizer report or absurd allocation fails the run.
FUZZ_RUNS ?= 1000000
SHARED_DATA ?= ../shared/data
fuzz: deps
	@command -v clang++ >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clang libclang-rt-14-dev; }
	$(CMAKE) -S . -B build-fuzz $(CMAKE_FLAGS) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DGAITCHAIN_BUILD_FUZZERS=ON -DGAITCHAIN_BUILD_TESTS=OFF -DGAITCHAIN_BUILD_BENCHMARKS=OFF -DGAITCHAIN_INSTALL=OFF \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
	$(CMAKE) --build build-fuzz -j $(JOBS)
	mkdir -p build-fuzz/corpus/c3d build-fuzz/corpus/trc build-fuzz/corpus/table build-fuzz/seeds/c3d build-fuzz/seeds/trc build-fuzz/seeds/table
	find $(SHARED_DATA) -iname '*.c3d' -size -200k -exec cp {} build-fuzz/seeds/c3d/ \;
	find $(SHARED_DATA) -iname '*.trc' -exec sh -c 'head -n 40 "$$1" > build-fuzz/seeds/trc/$$(basename "$$1")' _ {} \;
	find $(SHARED_DATA) \( -iname '*.mot' -o -iname '*.sto' \) -exec sh -c 'head -n 40 "$$1" > build-fuzz/seeds/table/$$(basename "$$1")' _ {} \;
	for p in c3d trc table; do \
	  build-fuzz/tests/fuzz/fuzz_$$p -runs=$(FUZZ_RUNS) -max_len=$$([ $$p = c3d ] && echo 8192 || echo 16384) -rss_limit_mb=2048 -malloc_limit_mb=512 \
	    -timeout=10 -print_final_stats=1 build-fuzz/corpus/$$p build-fuzz/seeds/$$p 2>&1 | tee build-fuzz/fuzz_$$p.log | \
	    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR)' ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

bench: build
	build/benchmarks/bench_kinematics
	build/benchmarks/bench_ik

clean:
	rm -rf build build-sanitize build-fuzz
