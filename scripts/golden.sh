#!/usr/bin/env bash
# Writes the reference outputs that crates/tekort-cli/tests/golden.rs and
# python/tests/test_golden.py compare against, byte for byte. They were made
# before the core was reorganised into folders (issue 16) and regenerated
# when the engine was made sound (issue 17: the fte books, municipal
# sharing, history hiring, supply from its data); they pin the model's
# behaviour: regenerate them only with a change that means to alter results,
# and say so in its commit (with python3 scripts/regenerate_docs.py).
#
#   ./scripts/golden.sh            # build the CLI (release) and write them
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p tekort-cli
bin="${CARGO_TARGET_DIR:-target}/release/tekort"
# The date on the report (2026-01-01), as the golden tests set it.
export SOURCE_DATE_EPOCH=1767225600
out=crates/tekort-cli/tests/golden
mkdir -p "$out"
for case in $(sed -n 's/^case \([a-z0-9_]*\) .*/\1/p' "$out/CASES"); do
  args=$(sed -n "s/^case $case \(.*\)$/\1/p" "$out/CASES")
  ext=csv
  case "$args" in report*) ext=html ;; esac
  tmp=$(mktemp -d)
  # shellcheck disable=SC2086
  "$bin" $args --out "$tmp/$case.$ext" > "$out/$case.stdout"
  mv "$tmp/$case.$ext" "$out/$case.$ext"
  # The output path in the printed text is written as {out}.
  sed -i "s|$tmp/$case.$ext|{out}|g" "$out/$case.stdout"
  rmdir "$tmp"
done
