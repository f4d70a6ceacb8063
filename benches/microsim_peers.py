#!/usr/bin/env python3
"""The reference microsimulation side by side, in one run: tekort's
implementation (`benches/examples/microsim_reference.rs`, the engine's
`reference_workforce`) and the NumPy and neworder versions of
`../shared/bench/peer_microsim.py` (300,000 teachers, 20 yearly steps, exit
hazard by age with exit at 67, fte drift, every leaver replaced by an
entrant). Each is timed the same way: one warm-up, then the median of 3.

    python3 benches/microsim_peers.py --python .venv/bin/python

The peers need numpy, pandas and neworder in the interpreter given by
--python (default: the one running this script):

    .venv/bin/python -m pip install numpy pandas neworder

The last line is `tekort/numpy = X.X×, tekort/neworder = Y.Y×` (single core
against single core; the peers are single-threaded). The machine's load
average is printed before and after: other processes on the machine slow
every contender, so compare numbers from one run only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_SCRIPT = ROOT.parent / "shared" / "bench" / "peer_microsim.py"
LINE = re.compile(
    r"^(?P<name>\S+)\s+(?P<py>[\d,]+) person-years in (?P<t>[\d.]+) s \(median of 3\) "
    r"= (?P<rate>[\d.]+) M person-years/s$"
)
TARGETS = {"per_core": 150.0, "numpy": 6.0, "neworder": 10.0}


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
    except OSError:
        return "unknown"


def rates(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m:
            out[m["name"]] = float(m["rate"])
    return out


def run_tekort() -> str:
    build = ["cargo", "build", "--release", "-p", "tekort-benches", "--example", "microsim_reference"]
    print("$ " + " ".join(build), flush=True)
    subprocess.run(build, cwd=ROOT, check=True)
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    binary = Path(json.loads(meta.stdout)["target_directory"]) / "release" / "examples" / "microsim_reference"
    print(f"$ {binary.relative_to(ROOT) if binary.is_relative_to(ROOT) else binary}", flush=True)
    out = subprocess.run([str(binary)], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    print(out, end="", flush=True)
    return out


def has_modules(python: str, modules: str) -> bool:
    probe = subprocess.run([python, "-c", f"import {modules}"], capture_output=True, text=True)
    return probe.returncode == 0


def run_peers(python: str, names: list) -> str:
    cmd = [python, str(PEER_SCRIPT), *names]
    print("$ " + " ".join(cmd), flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True)
    print(done.stdout, end="", flush=True)
    if done.returncode != 0:
        print(done.stderr, end="", file=sys.stderr)
        print(f"peer_microsim.py exited with status {done.returncode}", file=sys.stderr)
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter for the peers (default: %(default)s)")
    args = parser.parse_args()
    if not PEER_SCRIPT.is_file():
        print(f"reference script not found: {PEER_SCRIPT}", file=sys.stderr)
        return 2
    print(f"load average before: {load()}")
    found = rates(run_tekort())
    missing = {}
    names = []
    if has_modules(args.python, "numpy"):
        names.append("numpy")
        if has_modules(args.python, "pandas, neworder"):
            names.append("neworder")
        else:
            missing["neworder"] = "neworder (or pandas) is not installed"
    else:
        missing["numpy"] = missing["neworder"] = "numpy is not installed"
    for name, why in missing.items():
        print(f"{name:9s} skipped: {why} for {args.python} "
              f"(install with: {args.python} -m pip install numpy pandas neworder)")
    if names:
        found.update(rates(run_peers(args.python, names)))
    print(f"load average after: {load()}")

    tekort = found.get("tekort")
    if tekort is None:
        print("no tekort throughput in the example's output", file=sys.stderr)
        return 1
    ratios = []
    for peer in ("numpy", "neworder"):
        if peer in found:
            ratios.append((peer, tekort / found[peer]))
        else:
            why = missing.get(peer, "failed")
            ratios.append((peer, None))
            print(f"{peer}: no throughput ({why})")
    verdict = [f"tekort {tekort:.1f} M person-years/s per core (target ≥ {TARGETS['per_core']:.0f}: "
               f"{'met' if tekort >= TARGETS['per_core'] else 'NOT met'})"]
    for peer, r in ratios:
        if r is not None:
            verdict.append(f"≥ {TARGETS[peer]:.0f}× {peer}: {'met' if r >= TARGETS[peer] else 'NOT met'}")
    print("targets: " + "; ".join(verdict))
    print(", ".join(f"tekort/{peer} = " + (f"{r:.1f}×" if r is not None else "n/a") for peer, r in ratios))
    return 0 if all(r is not None for _, r in ratios) else 1


if __name__ == "__main__":
    sys.exit(main())
