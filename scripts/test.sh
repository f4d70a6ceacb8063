#!/usr/bin/env bash
# Sets up and runs every test of tekort from a fresh clone.
#
# 1. data/ is reproducible from ../shared/data (scripts/build_dataset.py --check)
# 2. formatting and clippy (-D warnings)
# 3. all Rust tests (unit, integration, CLI, doctests) in the release profile
#    only, so polars is compiled once and reused by the Python build
# 4. a virtualenv in .venv with the dev dependencies, the Python package
#    built by maturin (release), then pytest: the API tests, the stub check
#    (mypy.stubtest), the plotting tests, the doctests of the package, and
#    the notebooks executed top to bottom
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== dataset reproducible from ../shared/data"
python3 scripts/build_dataset.py --check

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --release --workspace --all-targets -- -D warnings

echo "== Rust tests"
cargo test --release

echo "== Python package"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "maturin>=1.7,<2" pytest "polars>=1.0" pandas pyarrow matplotlib nbclient nbformat ipykernel mypy
VIRTUAL_ENV="$PWD/.venv" PATH="$PWD/.venv/bin:$PATH" .venv/bin/maturin develop --release --quiet

echo "== Python tests"
MPLBACKEND=Agg .venv/bin/python -m pytest python/tests python/tekort -p no:cacheprovider
