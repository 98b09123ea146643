#!/bin/sh
# Regenerates the type stubs of the compiled module (python/gaitchain/_core/*.pyi) from the installed
# gaitchain: run after changing bindings/, then `make test` (tests/python/test_stubs.py checks they match).
#   .venv/bin/python -m pip install pybind11-stubgen && sh tools/gen_stubs.sh
set -e
cd "$(dirname "$0")/.."
.venv/bin/pybind11-stubgen gaitchain._core -o python --numpy-array-use-type-var
