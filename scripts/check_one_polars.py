#!/usr/bin/env python3
"""Checks that the CLI (and so `cargo test`) and the Python module link the
same polars build: the artifact of `polars-core` must be the same file for
`cargo build --release -p tekort-cli` and for the module as maturin builds
it (`-p tekort-python --features pyo3/extension-module`). A different
feature set anywhere below polars (for instance a proc-macro's `syn`
features) gives a different hash, and the test command would compile
polars twice. Run after both are built: then both cargo calls are no-ops.

    python3 scripts/check_one_polars.py
"""

from __future__ import annotations

import json
import subprocess
import sys

BUILDS = {
    "tekort-cli": ["-p", "tekort-cli"],
    "tekort-python": ["-p", "tekort-python", "--features", "pyo3/extension-module"],
}
WATCHED = ("polars_core", "polars")


def artifacts(args: list) -> dict:
    proc = subprocess.run(
        ["cargo", "build", "--release", "--message-format=json", *args],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"cargo build {' '.join(args)} failed:\n{proc.stderr}")
    found = {}
    for line in proc.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] in WATCHED:
            found[msg["target"]["name"]] = sorted(f.rsplit("/", 1)[-1] for f in msg["filenames"])
    return found


def main() -> int:
    seen = {name: artifacts(args) for name, args in BUILDS.items()}
    cli, py = seen["tekort-cli"], seen["tekort-python"]
    missing = [w for w in WATCHED if w not in cli or w not in py]
    if missing:
        print(f"no artifact for {missing}: {seen}", file=sys.stderr)
        return 1
    differ = [w for w in WATCHED if cli[w] != py[w]]
    if differ:
        for w in differ:
            print(f"{w}: CLI {cli[w]} vs Python module {py[w]}", file=sys.stderr)
        print("polars is built twice: the two builds resolve different features", file=sys.stderr)
        return 1
    print(f"one polars build: {cli['polars_core'][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
