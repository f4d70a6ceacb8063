"""The install route an analyst takes: build the abi3 wheel once, install it
with its extras into a fresh virtual environment outside the checkout, and
run a forecast, a plot and a save there. Also checks that the sdist carries
the embedded dataset, so ``pip install tekort-*.tar.gz`` can build.

Slow (a venv and the dependencies from the package index); set
``TEKORT_SKIP_WHEEL=1`` to skip it while iterating.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("TEKORT_SKIP_WHEEL") == "1", reason="TEKORT_SKIP_WHEEL=1"
)


def _maturin() -> str:
    exe = Path(sys.executable).parent / "maturin"
    if not exe.exists():
        pytest.skip("maturin is not installed in this environment")
    return str(exe)


def _run(args: list, cwd: Path, env: "dict | None" = None) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    env = dict(os.environ, VIRTUAL_ENV=str(Path(sys.executable).parent.parent))
    _run([_maturin(), "build", "--release", "--quiet", "--out", str(out)], ROOT, env)
    wheels = sorted(out.glob("tekort-*.whl"))
    assert len(wheels) == 1, wheels
    assert "abi3" in wheels[0].name, wheels[0].name
    return wheels[0]


def test_wheel_installs_and_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    py = venv / "bin" / "python"
    _run([str(py), "-m", "pip", "install", "--quiet", f"{wheel}[plot,pandas]"], tmp_path)
    work = tmp_path / "analyst"
    work.mkdir()
    script = textwrap.dedent(
        """
        import sys, tekort, polars as pl
        import matplotlib
        matplotlib.use("Agg")
        print(tekort.__file__)
        res = tekort.forecast(regions="provincie", sector="vo", until=2030)
        assert res.height == 12 * 6, res.shape
        fig = tekort.plot.shortage(res, region="Utrecht")
        fig.savefig("shortage.png")
        tekort.save(res, "vo.parquet")
        tekort.save(res.to_pandas(), "vo.csv")
        assert pl.read_parquet("vo.parquet").equals(res)
        assert pl.read_csv("vo.csv").height == res.height
        print("ok", tekort.__version__)
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = _run([str(py), "-c", script], work, env).splitlines()
    installed = Path(out[0]).resolve()
    assert str(installed).startswith(str(venv.resolve())), f"imported from {installed}, not the venv"
    assert not str(installed).startswith(str(ROOT)), installed
    assert out[-1].startswith("ok "), out
    for name in ("shortage.png", "vo.parquet", "vo.csv"):
        assert (work / name).stat().st_size > 0, name


def test_sdist_carries_the_embedded_dataset(tmp_path: Path) -> None:
    env = dict(os.environ, VIRTUAL_ENV=str(Path(sys.executable).parent.parent))
    _run([_maturin(), "sdist", "--out", str(tmp_path)], ROOT, env)
    sdists = sorted(tmp_path.glob("tekort-*.tar.gz"))
    assert len(sdists) == 1, sdists
    with tarfile.open(sdists[0]) as tar:
        names = tar.getnames()
    data = [n for n in names if "/crates/tekort-data/data/" in n and n.endswith(".csv")]
    tables = sorted(p.name for p in (ROOT / "crates" / "tekort-data" / "data").glob("*.csv"))
    assert sorted(n.rsplit("/", 1)[1] for n in data) == tables, data
    assert any(n.endswith("/python/tekort/__init__.py") for n in names)
