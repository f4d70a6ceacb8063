"""README's Python example runs as printed: every line of the block under
"## Python (Jupyter)", in a fresh namespace, in a temporary directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python (Jupyter)", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block, "README's Python section has no ```python block"
    return block.group(1)


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    code = _python_example()
    namespace: dict = {"__name__": "readme_example"}
    exec(compile(code, "README.md (Python example)", "exec"), namespace)
    plt.close("all")
    # The names the example promises exist and hold what it says.
    assert namespace["res"].height > 0
    assert "sample_id" in namespace["sims"].columns
    assert set(namespace["po"]["sector"].unique()) == {"po"}
    assert (tmp_path / "resultaat.parquet").stat().st_size > 0
    assert (tmp_path / "resultaat.xlsx").stat().st_size > 0
    assert (tmp_path / "flevoland.html").stat().st_size > 0
