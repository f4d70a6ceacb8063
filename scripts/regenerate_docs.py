#!/usr/bin/env python3
"""Regenerate every model figure that README and docs/ copy from a command.

Run after a change that means to alter results (and say so in the commit):

    python3 scripts/regenerate_docs.py            # rewrite the files
    python3 scripts/regenerate_docs.py --check    # exit 1 if any is stale

It builds the CLI (release) and rewrites:

- docs/accuracy.md         = `tekort accuracy`
- docs/validation.md       = `tekort validate`
- README.md's sample block = `tekort forecast` (the first command's output)
- README.md's accuracy headline = the first table of docs/accuracy.md

The golden reference outputs are separate (`scripts/golden.sh`), and so are
the measured timings (benches/). The tests that check each of these files
(crates/tekort-cli/tests/cli.rs, crates/tekort-report/tests/docs.rs) name
this script. Standard library only.
"""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_OPEN = "```text\ntekort "
HEADLINE_OPEN = "<!-- accuracy-headline: copied from docs/accuracy.md, checked by a test -->\n"
HEADLINE_CLOSE = "\n<!-- /accuracy-headline -->"


def tekort(*args):
    return subprocess.run(
        [str(REPO / "target" / "release" / "tekort"), *args],
        check=True, capture_output=True, text=True, cwd=REPO,
    ).stdout


def headline(accuracy):
    """The first `| method | region |` table of docs/accuracy.md."""
    start = accuracy.index("| method | region |")
    end = accuracy.index("\n\n", start)
    return accuracy[start:end]


def main(argv):
    check = "--check" in argv
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "tekort-cli"],
                   check=True, cwd=REPO)
    want = {}
    want["docs/accuracy.md"] = tekort("accuracy")
    want["docs/validation.md"] = tekort("validate")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sample = tekort("forecast").rstrip("\n") + "\n"
    start = readme.index(SAMPLE_OPEN) + len("```text\n")
    end = start + readme[start:].index("```")
    readme = readme[:start] + sample + readme[end:]
    start = readme.index(HEADLINE_OPEN) + len(HEADLINE_OPEN)
    end = start + readme[start:].index(HEADLINE_CLOSE)
    readme = readme[:start] + headline(want["docs/accuracy.md"]) + readme[end:]
    want["README.md"] = readme
    stale = []
    for name, text in want.items():
        path = REPO / name
        if path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check:
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(path)
    if check and stale:
        print("stale: " + ", ".join(stale) + " (run python3 scripts/regenerate_docs.py)")
        return 1
    print(("rewrote: " if stale else "up to date: ") + (", ".join(stale) or ", ".join(want)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
