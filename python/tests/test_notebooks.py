"""Every notebook in notebooks/ runs top to bottom without an error.

The notebooks are stored without outputs; here they are executed with
nbclient in a fresh ``python3`` kernel (the interpreter running the tests:
jupyter_client starts a kernel spec whose command is ``python`` with
``sys.executable``, and ipykernel provides the spec when none is installed),
with the notebooks directory as working directory and matplotlib on Agg.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
SOURCE = "Bron: DUO / CBS / OCW"
SECONDS_PER_NOTEBOOK = 60


def test_there_are_notebooks() -> None:
    assert [p.name for p in PATHS][:3] == [
        "01_quickstart.ipynb",
        "02_policy_levers.ipynb",
        "03_own_onderwijsregio.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_stored_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code"
    assert all(not c.outputs and c.execution_count is None for c in code), "saved with outputs"
    assert SOURCE in nb.cells[-1].source, f"the last cell should say {SOURCE!r}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits this environment: no windows, no display needed.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    # Check that the kernel is the interpreter running the tests (the venv with tekort).
    probe = nbformat.v4.new_code_cell("import sys, tekort; print(sys.executable)")
    nb.cells.insert(0, probe)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as e:  # the message holds the traceback
        pytest.fail(f"{path.name} failed:\n{e}", pytrace=False)
    elapsed = time.perf_counter() - start

    printed = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert Path(printed.strip()).resolve() == Path(sys.executable).resolve(), (
        f"the python3 kernel ran {printed.strip()!r}, not {sys.executable!r}"
    )
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    assert elapsed < SECONDS_PER_NOTEBOOK, f"{path.name} took {elapsed:.0f} s"


def test_a_returned_figure_is_shown_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under Jupyter's inline backend a figure returned as a cell's last
    expression is shown once (tekort.plot closes its new figures in pyplot,
    which would otherwise show it a second time at the end of the cell);
    a figure of the user's own, drawn on with ax=, is shown once too."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in (
        "%matplotlib inline\nimport matplotlib.pyplot as plt, tekort, tekort.plot\n"
        "res = tekort.forecast(regions='nl', until=2027)",
        "tekort.plot.shortage(res)",
        "fig, axes = plt.subplots(1, 2)\ntekort.plot.shortage(res, ax=axes[0])\n"
        "tekort.plot.fan(tekort.forecast(regions='nl', sector='vo', until=2027, draws=20), ax=axes[1]);",
    )]  # fmt: skip
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend, as in Jupyter
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    images = [sum("image/png" in o.get("data", {}) for o in c.outputs) for c in nb.cells[1:]]
    assert images == [1, 1]
