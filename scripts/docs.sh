#!/usr/bin/env bash
# Builds the documentation site into target/site (kept out of git).
#
# 1. installs the doc dependencies (pinned ranges; ruff formats the
#    signatures) into .venv, which scripts/test.sh creates with the tekort
#    package installed (maturin develop): the docstring test imports it,
#    while mkdocstrings reads the source in python/ (mkdocs.yml: paths)
# 2. checks that docs/cli.md is the output of the real `tekort --help`
#    (scripts/cli_reference.py --check, which builds the binary with cargo)
#    and that every public name of the package has a docstring and is on a
#    page of docs/api/ (python/tests/test_docs.py)
# 3. mkdocs build --strict: a broken link, a missing page or a warning of
#    mkdocstrings fails the build
#
#   ./scripts/docs.sh            install, check, build
#   ./scripts/docs.sh --serve    the same, then serve on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  echo "no .venv: run ./scripts/test.sh first (it creates .venv and installs tekort)" >&2
  exit 1
fi

echo "== doc dependencies"
.venv/bin/python -m pip install --quiet \
  "mkdocs>=1.6,<2" \
  "mkdocs-material>=9.5,<10" \
  "mkdocstrings[python]>=1.0,<2" \
  "mkdocs-jupyter>=0.25,<1" \
  "ruff>=0.4,<1"

echo "== CLI reference and docstrings"
.venv/bin/python scripts/cli_reference.py --check
MPLBACKEND=Agg .venv/bin/python -m pytest python/tests/test_docs.py -p no:cacheprovider -q -k "not cli_reference"

echo "== mkdocs build --strict"
# NO_MKDOCS_2_WARNING: mkdocs-material's banner about its end of life (2027)
export NO_MKDOCS_2_WARNING=1
.venv/bin/python -m mkdocs build --strict --site-dir target/site
echo "site: target/site/index.html"

if [ "${1:-}" = "--serve" ]; then
  .venv/bin/python -m mkdocs serve --strict --dev-addr 127.0.0.1:8000
fi
