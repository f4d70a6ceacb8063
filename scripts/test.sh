#!/usr/bin/env bash
# Sets up and runs every test of tekort from a fresh clone.
#
# 1. data/ is reproducible from ../shared/data (scripts/build_dataset.py --check)
# 2. formatting and clippy (-D warnings)
# 3. all Rust tests (unit, integration, CLI, doctests) in the release profile
#    only, so polars is compiled once and reused by the Python build (the CLI
#    names the syn features pyo3 turns on, and tekort-polars uses encoding_rs
#    as the tests' calamine does, so all resolve the same polars:
#    scripts/check_one_polars.py);
#    the proptest fuzzing (tests/fuzz.rs); tekort-core's doctests again with
#    its feature serde (Serialize for the results); the Rust examples (one of them,
#    tekort-data's default_forecast, without polars: tekort-data's
#    tests/no_polars.rs checks its dependency tree); rustdoc with
#    -D warnings; `cargo package` of the five crates, each verified by
#    building it from its packaged sources; a program outside the workspace
#    (scripts/consumer) built from the packaged tekort-core and tekort-data
#    and run, as README's Rust section tells a user to
# 4. a virtualenv in .venv with the dev dependencies, the Python package
#    built by maturin (release), then pytest: the API tests, the stub check
#    (mypy.stubtest), the plotting tests, the doctests of the package, and
#    the notebooks executed top to bottom, every public name documented, the
#    CLI reference current, and the wheel installed into a fresh venv; then
#    the report's two headless Chromium tests on their own, named in the log
# 5. the documentation site, built with mkdocs --strict (scripts/docs.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== dataset reproducible from ../shared/data"
python3 scripts/build_dataset.py --check

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --release --workspace --all-targets -- -D warnings

echo "== Rust tests"
cargo test --release

echo "== tekort-core's serde feature (Serialize for the results): its doctests"
cargo test --release --quiet -p tekort-core --features serde --doc

echo "== Rust examples (crates/tekort-polars/examples, crates/tekort-data/examples, built by cargo test)"
# Run the binaries cargo test built: `cargo run -p tekort-polars --example`
# alone would resolve other features and compile polars again.
for ex in region_from_csv compare_scenarios write_parquet; do
  "${CARGO_TARGET_DIR:-target}/release/examples/$ex" > /dev/null
done
# The default forecast without polars prints the national po, vo and mbo %.
out=$("${CARGO_TARGET_DIR:-target}/release/examples/default_forecast")
echo "$out"
echo "$out" | grep -Eq '^mbo +[0-9]+\.[0-9]% +[0-9]+\.[0-9]%$'

echo "== rustdoc without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --release --no-deps --quiet -p tekort-core -p tekort-data -p tekort-polars -p tekort-report -p tekort-cli

echo "== crates package and build from their packaged sources"
# Verification builds each packaged crate (dev profile, without debug info
# to keep the extra build small) against the others as a local registry.
# Cargo unpacks that registry's crates under $CARGO_HOME/registry/src/-<hash
# of target/package/tmp-registry>/ and never unpacks a version again, so a
# clone at a path used before would verify against the old sources: remove
# the unpacked tekort crates of such local registries first.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/tekort-*
# Cargo also trusts what it built from a registry source without checking
# the files again, so drop the tekort crates built by earlier verifications
# (the dev profile, target/debug, is used for nothing else; polars stays).
rm -rf "${CARGO_TARGET_DIR:-target}"/debug/.fingerprint/tekort-* \
  "${CARGO_TARGET_DIR:-target}"/debug/deps/*tekort*
CARGO_PROFILE_DEV_DEBUG=0 cargo package --quiet --allow-dirty -p tekort-core -p tekort-data -p tekort-polars -p tekort-report -p tekort-cli

echo "== a program outside the workspace on the packaged tekort-core and tekort-data"
# scripts/consumer, copied next to target/package/ (its [patch.crates-io]
# points there), with the workspace's lock file so it resolves the same
# versions offline; the shared target dir keeps the dependencies it
# shares with the workspace (no polars: it builds in well under a minute).
target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
rm -rf "$target/consumer"
cp -r scripts/consumer "$target/consumer"
cp Cargo.lock "$target/consumer/Cargo.lock"
(cd "$target/consumer" && CARGO_TARGET_DIR="$target" cargo build --release --offline --quiet)
pct=$("$target/release/tekort-consumer" | sed -n 's/^po 2030 \([0-9.]*\)$/\1/p')
echo "consumer: national po shortage 2030 = $pct %"
python3 -c "import sys; p = float(sys.argv[1]); sys.exit(not 0 < p < 100)" "$pct"

echo "== Python package"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "maturin>=1.7,<2" pytest "polars>=1.0" pandas pyarrow matplotlib nbclient nbformat ipykernel mypy hypothesis openpyxl fastexcel
VIRTUAL_ENV="$PWD/.venv" PATH="$PWD/.venv/bin:$PATH" .venv/bin/maturin develop --release --quiet

echo "== one polars build for the CLI and the Python module"
python3 scripts/check_one_polars.py

echo "== Python tests (-rs lists every skipped test with its reason)"
MPLBACKEND=Agg .venv/bin/python -m pytest python/tests python/tekort -p no:cacheprovider -rs -k "not chromium"

echo "== the report in headless Chromium: a screenshot and an A4 print to PDF"
# Named one by one (-v), so the log shows they ran; without a browser they
# skip, or fail under TEKORT_REQUIRE_BROWSER=1, which .ci/run sets.
MPLBACKEND=Agg .venv/bin/python -m pytest python/tests/test_report.py -p no:cacheprovider -v -rs -k chromium

echo "== documentation site (mkdocs build --strict into target/site)"
./scripts/docs.sh
