#!/usr/bin/env python3
"""Time `tekort.forecast()` from Python (embedded data, baseline,
arbeidsmarktregio's, all sectors, to 2040, result as a polars DataFrame).

Compare with the Rust criterion bench `project_to_frame/...` (the same
projection and tidy frame without the Python boundary):

    cargo bench -p tekort-benches --bench project -- project_to_frame
    .venv/bin/python benches/python_vs_rust.py
"""
import statistics
import sys
import time
import warnings

import tekort


def main(runs: int = 50) -> int:
    # The calibration notes are the same every call; timing only here.
    warnings.simplefilter("ignore", tekort.errors.CalibrationWarning)
    tekort.forecast()  # parses the embedded dataset once per process
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        tekort.forecast()
        times.append(time.perf_counter() - t0)
    print(
        f"tekort.forecast(): median {statistics.median(times) * 1000:.2f} ms, "
        f"min {min(times) * 1000:.2f} ms over {runs} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
