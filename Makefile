# Two commands matter: `make demo` and `make test`. Both install what they need (Debian packages via
# apt-get, Python packages via pip into .venv) and build incrementally.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?= $(shell nproc)
APT_PACKAGES := g++ make libeigen3-dev libceres-dev libfmt-dev doctest-dev
PY_PACKAGES := numpy pandas pytest pybind11 scikit-build-core cmake ninja
CMAKE := $(VENV)/bin/cmake
CMAKE_FLAGS := -G Ninja -DCMAKE_MAKE_PROGRAM=$(abspath $(VENV)/bin/ninja) -DCMAKE_POLICY_VERSION_MINIMUM=3.5

.PHONY: all deps build test test-cpp test-python install-python demo sanitize bench clean

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
	$(PY) -m pip install -q $(PY_PACKAGES)
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

bench: build
	build/benchmarks/bench_kinematics

clean:
	rm -rf build build-sanitize
