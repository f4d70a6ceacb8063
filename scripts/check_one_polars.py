#!/usr/bin/env python3
"""Checks that README's commands link one polars build: the artifact of
`polars-core` must be the same file for the CLI (`cargo run --release -p
tekort-cli`, README's first command), the tests (`cargo test --release`,
with their dev-dependencies; it also builds the Rust examples, which the
test command then runs from target/release/examples) and the Python module as maturin builds it (`-p tekort-python
--features pyo3/extension-module`). A different feature set anywhere below
polars (a proc-macro's `syn` features, a dev-dependency's `simdutf8`
features) gives a different hash, and the test command would compile
polars again. Run after all are built: then the cargo calls are no-ops.

    python3 scripts/check_one_polars.py
"""

from __future__ import annotations

import json
import subprocess
import sys

BUILDS = {
    "the CLI": ["build", "-p", "tekort-cli"],
    "the tests": ["test", "--no-run"],
    "the Python module": ["build", "-p", "tekort-python", "--features", "pyo3/extension-module"],
}
WATCHED = ("polars_core", "polars")


def artifacts(args: list) -> dict:
    proc = subprocess.run(
        ["cargo", args[0], "--release", "--message-format=json", *args[1:]],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"cargo {' '.join(args)} failed:\n{proc.stderr}")
    found = {}
    for line in proc.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] in WATCHED:
            found[msg["target"]["name"]] = sorted(f.rsplit("/", 1)[-1] for f in msg["filenames"])
    return found


def main() -> int:
    seen = {name: artifacts(args) for name, args in BUILDS.items()}
    missing = [(name, w) for name, found in seen.items() for w in WATCHED if w not in found]
    if missing:
        print(f"no artifact for {missing}", file=sys.stderr)
        return 1
    first, *rest = seen
    differ = [
        (name, w) for name in rest for w in WATCHED if seen[name][w] != seen[first][w]
    ]
    if differ:
        for name, w in differ:
            print(f"{w}: {first} {seen[first][w]} vs {name} {seen[name][w]}", file=sys.stderr)
        print("polars is built more than once: the builds resolve different features", file=sys.stderr)
        return 1
    print(f"one polars build for {', '.join(seen)}: {seen[first]['polars_core'][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
