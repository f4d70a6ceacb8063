#!/usr/bin/env bash
# Sets up and runs every test of tekort from a fresh clone.
#
# 1. data/ is reproducible from ../shared/data (scripts/build_dataset.py --check)
# 2. formatting and clippy (-D warnings)
# 3. all Rust tests (unit, integration, CLI, doctests) in the release profile
#    only, so polars is compiled once and the CLI binary is reused
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== dataset reproducible from ../shared/data"
python3 scripts/build_dataset.py --check

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --release --workspace --all-targets -- -D warnings

echo "== Rust tests"
cargo test --release
