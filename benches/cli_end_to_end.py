#!/usr/bin/env python3
"""Wall-clock time of `tekort forecast` end to end (process start to exit).

Usage: python3 benches/cli_end_to_end.py [--runs 20] [--binary target/release/tekort] [-- extra args]
Build first: cargo build --release -p tekort-cli
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--binary", default=str(ROOT / "target" / "release" / "tekort"))
    ap.add_argument("extra", nargs="*", help="extra arguments for `tekort forecast`")
    args = ap.parse_args()
    if not Path(args.binary).exists():
        print(f"error: {args.binary} not found; run `cargo build --release -p tekort-cli`", file=sys.stderr)
        return 1
    cmd = [args.binary, "forecast", *args.extra]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the page cache
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    print(f"{' '.join(cmd[1:])}: median {statistics.median(times) * 1000:.1f} ms, "
          f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
