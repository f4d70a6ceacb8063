#!/usr/bin/env python3
"""The reference microsimulation side by side, in interleaved rounds:
tekort's implementation (`benches/examples/microsim_reference.rs`, the
engine's `reference_workforce`) and the NumPy and neworder versions of
`../shared/bench/peer_microsim.py` (300,000 teachers, 20 yearly steps, exit
hazard by age with exit at 67, fte drift, every leaver replaced by an
entrant), then the full model's microsimulation on one core beside them.

    .venv/bin/python benches/microsim_peers.py --python .venv/bin/python

The peers need numpy, pandas and neworder in the interpreter given by
--python (default: the one running this script):

    .venv/bin/python -m pip install numpy pandas neworder

How it measures. Every contender runs in its own process, started once and
warmed up (tekort's example with `--serve`; each peer in a small driver
that loads the peer script's `numpy_run` and `neworder_run` unchanged and
calls them on request). Then come --rounds interleaved rounds (default 9):
tekort, numpy, neworder, tekort, numpy, … Per round a peer does one run of
the model and tekort as many runs one after the other as make it last
longer than NumPy's run (the count is fixed after the warm-up, at 1.5
times NumPy's time over tekort's, and the output says in how many rounds
tekort's time was the longer), so that tekort is not timed over a shorter
stretch. Everything is single core: tekort's runs are sequential on
one thread, the peers are single-threaded. Rates are person-years per
second; per contender the median over the rounds, per round the ratios.

The output ends with the spread of the ratios (the lowest and highest
round) and the last line `tekort/numpy = X.X×, tekort/neworder = Y.Y×`, the
ratios of the medians. Before that: a result check (the mean age and mean
fte after 20 years of each contender's run against tekort's, in standard
errors: the same model gives the same means within sampling error), and
the full model's rate (`benches/examples/microsim_full.rs`: `tekort
microsim`'s defaults on one core). The machine's load average is printed
before and after: other processes slow every contender, so compare numbers
from one run only.
"""
import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_SCRIPT = ROOT.parent / "shared" / "bench" / "peer_microsim.py"
TARGETS = {"numpy": 10.0, "neworder": 15.0}
PEERS = ("numpy", "neworder")

# Runs in the peers' interpreter: loads the peer script's functions (its
# own timing loop runs no contender given an argument that names none) and
# answers `run` (one timed run) and `check` (one untimed run, with the
# final ages and fte read from the function's locals as it returns).
DRIVER = r"""
import json, os, runpy, sys, time
# Answers go to the original standard output; anything the peers print, to
# standard error.
reply = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
sys.stdout = sys.stderr
path, name = sys.argv[1], sys.argv[2]
sys.argv = [path, "--no-contender"]
peer = runpy.run_path(path, run_name="peer_microsim")
run = peer[name + "_run"]

def final_state():
    seen = {}
    def hook(frame, event, arg):
        if event == "return" and frame.f_code is run.__code__:
            seen.update(frame.f_locals)
    sys.setprofile(hook)
    try:
        run()
    finally:
        sys.setprofile(None)
    if "m" in seen:  # neworder: the model's population frame
        return seen["m"].pop["age"].to_numpy(), seen["m"].pop["fte"].to_numpy()
    return seen["age"], seen["fte"]

for line in sys.stdin:
    command = line.strip()
    if command == "run":
        t = time.perf_counter()
        py = run()
        out = {"runs": 1, "seconds": time.perf_counter() - t, "person_years": py}
    elif command == "check":
        age, fte = final_state()
        age, fte = age.astype("float64"), fte.astype("float64")
        out = {"persons": int(age.size), "mean_age": float(age.mean()), "sd_age": float(age.std()),
               "mean_fte": float(fte.mean()), "sd_fte": float(fte.std())}
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(out), file=reply, flush=True)
"""


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
    except OSError:
        return "unknown"


class Contender:
    """A process that answers one command line with one JSON line."""

    def __init__(self, name: str, cmd: list, env=None):
        self.name = name
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env)

    def ask(self, command: str) -> dict:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} stopped (status {self.proc.wait()})")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def cargo_example(name: str) -> Path:
    build = ["cargo", "build", "--release", "-p", "tekort-benches", "--example", name]
    print("$ " + " ".join(build), flush=True)
    subprocess.run(build, cwd=ROOT, check=True)
    meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return Path(json.loads(meta.stdout)["target_directory"]) / "release" / "examples" / name


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def has_modules(python: str, modules: str) -> bool:
    probe = subprocess.run([python, "-c", f"import {modules}"], capture_output=True, text=True)
    return probe.returncode == 0


def rate(answer: dict) -> float:
    return answer["person_years"] / answer["seconds"] / 1e6


def spread(values: list) -> str:
    return f"{min(values):.1f}–{max(values):.1f}×"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter for the peers (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds, at least 5 (default: %(default)s)")
    parser.add_argument("--full-runs", type=int, default=4,
                        help="runs per call of the full model's microsimulation (default: %(default)s)")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds must be at least 5")
    if not PEER_SCRIPT.is_file():
        print(f"reference script not found: {PEER_SCRIPT}", file=sys.stderr)
        return 2
    reference = cargo_example("microsim_reference")
    full = cargo_example("microsim_full")

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

    print(f"load average before: {load()}", flush=True)
    print(f"$ {shown(reference)} --serve", flush=True)
    contenders = {"tekort": Contender("tekort", [str(reference), "--serve"])}
    for name in names:
        print(f"$ {args.python} -c <driver> {PEER_SCRIPT} {name}", flush=True)
        contenders[name] = Contender(name, [args.python, "-c", DRIVER, str(PEER_SCRIPT), name])
    try:
        # Warm-up: two calls each, then three timed calls each (tekort's of
        # 5 runs); tekort's runs per round from the medians.
        calls = {name: ("run 5" if name == "tekort" else "run") for name in contenders}
        for name, c in contenders.items():
            for _ in range(2):
                c.ask(calls[name])
        warm = {name: statistics.median(c.ask(calls[name])["seconds"] / (5 if name == "tekort" else 1)
                                        for _ in range(3))
                for name, c in contenders.items()}
        longest_peer = warm.get("numpy", max(warm.values()))
        repeats = max(1, math.ceil(1.5 * longest_peer / warm["tekort"]))
        print("warm-up, one run (median of 3 calls): " + ", ".join(f"{n} {t:.3f} s" for n, t in warm.items())
              + f"; tekort does {repeats} runs per round", flush=True)

        rounds = []
        for r in range(args.rounds):
            answers = {}
            for name, c in contenders.items():
                answers[name] = c.ask(f"run {repeats}" if name == "tekort" else "run")
            rounds.append(answers)
            line = ", ".join(f"{n} {rate(a):.1f}" for n, a in answers.items())
            ratios = ", ".join(f"/{p} {rate(answers['tekort']) / rate(answers[p]):.1f}×"
                               for p in PEERS if p in answers)
            ratios = f"; tekort{ratios}" if ratios else ""
            print(f"round {r + 1}: {line} M person-years/s (tekort {answers['tekort']['seconds']:.3f} s"
                  + (f", numpy {answers['numpy']['seconds']:.3f} s" if "numpy" in answers else "")
                  + f"){ratios}", flush=True)

        checks = {name: (c.ask("check") if name != "tekort" else c.ask("run 1")) for name, c in contenders.items()}
    finally:
        for c in contenders.values():
            c.close()

    print(f"$ {shown(full)} {args.full_runs}", flush=True)
    full_line = subprocess.run([str(full), str(args.full_runs)], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.strip().splitlines()[-1]
    print(f"load average after: {load()}")

    medians = {name: statistics.median(rate(a[name]) for a in rounds) for name in contenders}
    times = {name: statistics.median(a[name]["seconds"] for a in rounds) for name in contenders}
    print(f"medians over {args.rounds} rounds (M person-years/s, one core): "
          + ", ".join(f"{n} {medians[n]:.1f}" for n in contenders)
          + "; time per round: " + ", ".join(f"{n} {times[n]:.3f} s" for n in contenders))
    if "numpy" in times:
        shorter = sum(a["tekort"]["seconds"] < a["numpy"]["seconds"] for a in rounds)
        print(f"tekort's round lasted longer than NumPy's in {args.rounds - shorter} of {args.rounds} rounds"
              + (" (the load changed after the warm-up)" if shorter else ""))

    tekort_check = checks["tekort"]
    persons = 300_000
    for name in names:
        c = checks[name]
        parts = []
        for what in ("age", "fte"):
            a, b = tekort_check[f"mean_{what}"], c[f"mean_{what}"]
            se = math.sqrt(tekort_check[f"sd_{what}"] ** 2 / persons + c[f"sd_{what}"] ** 2 / c["persons"])
            parts.append(f"mean {what} {b:.4f} against tekort's {a:.4f} ({(b - a) / se:+.1f} standard errors)")
        print(f"check, after 20 years: {name} " + ", ".join(parts))
    print(full_line)

    ratios = {}
    for peer in PEERS:
        if peer in medians:
            ratios[peer] = (medians["tekort"] / medians[peer],
                            [rate(a["tekort"]) / rate(a[peer]) for a in rounds])
    verdict = [f"≥ {TARGETS[p]:.0f}× {p}: {'met' if r >= TARGETS[p] else 'NOT met'}" for p, (r, _) in ratios.items()]
    if verdict:
        print("targets: " + "; ".join(verdict))
    if ratios:
        print(f"spread over {args.rounds} rounds (lowest and highest round): "
              + ", ".join(f"tekort/{p} {spread(per_round)}" for p, (_, per_round) in ratios.items()))
    print(", ".join(f"tekort/{peer} = " + (f"{ratios[peer][0]:.1f}×" if peer in ratios else "n/a")
                    for peer in PEERS))
    return 0 if len(ratios) == len(PEERS) else 1


if __name__ == "__main__":
    sys.exit(main())
