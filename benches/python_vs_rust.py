#!/usr/bin/env python3
"""`tekort.forecast()` from Python against the same work through the Rust
API, interleaved in one run: the default request (embedded data,
arbeidsmarktregio's, all sectors, to 2040, baseline; the projection, its
tidy frame, the plausibility warnings). The Rust side is the example
`benches/examples/forecast_timing.rs`, built first.

    .venv/bin/python benches/python_vs_rust.py [--rounds 5] [--runs 20]

Each round times `runs` calls in Python (after one warm-up) and then
`runs` calls in the Rust example (after one warm-up, in its own process),
so a change of the machine's load hits both alike. Printed: the median
per round of each, and at the end the median over the rounds, the
overhead of Python (median of the per-round ratios − 1) with its spread
(lowest and highest round), and the load average.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import tekort

ROOT = Path(__file__).resolve().parent.parent
TARGET_OVERHEAD_PCT = 10.0


def rust_binary() -> Path:
    build = ["cargo", "build", "--release", "--quiet", "-p", "tekort-benches", "--example", "forecast_timing"]
    subprocess.run(build, cwd=ROOT, check=True)
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return Path(json.loads(meta.stdout)["target_directory"]) / "release" / "examples" / "forecast_timing"


def rust_round(binary: Path, runs: int) -> list:
    out = subprocess.run([str(binary), str(runs)], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [float(line.split()[1]) for line in out.splitlines() if line.startswith("rust_ms ")]


def python_round(runs: int) -> list:
    tekort.forecast()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        tekort.forecast()
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # The calibration notes are the same every call; timing only here.
    warnings.simplefilter("ignore", tekort.errors.CalibrationWarning)
    binary = rust_binary()
    print(f"load average before: {load()}")
    py_medians, rs_medians, ratios = [], [], []
    for r in range(args.rounds):
        py = statistics.median(python_round(args.runs))
        rs = statistics.median(rust_round(binary, args.runs))
        py_medians.append(py)
        rs_medians.append(rs)
        ratios.append(py / rs)
        print(f"round {r + 1}: python {py:.2f} ms, rust {rs:.2f} ms, python/rust {py / rs:.3f}", flush=True)
    print(f"load average after: {load()}")
    over = (statistics.median(ratios) - 1.0) * 100.0
    lo, hi = (min(ratios) - 1.0) * 100.0, (max(ratios) - 1.0) * 100.0
    print(f"median over {args.rounds} rounds of {args.runs} runs: python {statistics.median(py_medians):.2f} ms, "
          f"rust {statistics.median(rs_medians):.2f} ms")
    print(f"python overhead = {over:+.1f} % (rounds {lo:+.1f} % to {hi:+.1f} %; "
          f"target ≤ {TARGET_OVERHEAD_PCT:.0f} %: {'met' if over <= TARGET_OVERHEAD_PCT else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
