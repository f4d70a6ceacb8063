"""tekort.save from 8 threads to one path: every call succeeds, the file is
one whole, valid workbook (the last rename wins) and no temporary file is
left (issue 21: they used to share one temporary name, 7 of 8 failed and
the zip failed its CRC check)."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import polars as pl
import pytest

import tekort

openpyxl = pytest.importorskip("openpyxl")


def _frame(i: int) -> pl.DataFrame:
    n = 500 + 250 * i
    return pl.DataFrame({"i": [i] * n, "x": [k * 0.5 for k in range(n)], "s": [f"r{k}" for k in range(n)]})


@pytest.mark.parametrize("ext", ["xlsx", "csv", "parquet"])
def test_eight_threads_saving_to_one_path_leave_one_whole_file(tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"same.{ext}"
    frames = [_frame(i) for i in range(8)]
    for _ in range(3):
        barrier = threading.Barrier(8)
        errors: list = []

        def save(i: int) -> None:
            barrier.wait()
            try:
                tekort.save(frames[i], str(path))
            except Exception as e:  # noqa: BLE001 - collected for the assertion
                errors.append(e)

        threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
        if ext == "xlsx":
            with zipfile.ZipFile(path) as z:
                assert z.testzip() is None
            rows = list(openpyxl.load_workbook(path)["results"].iter_rows(values_only=True))
            got = pl.DataFrame(rows[1:], schema=list(rows[0]), orient="row")
        elif ext == "csv":
            got = pl.read_csv(path)
        else:
            got = pl.read_parquet(path)
        i = int(got["i"][0])
        want = frames[i]
        assert got.height == want.height
        assert got["s"].to_list() == want["s"].to_list()
        assert [float(v) for v in got["x"]] == want["x"].to_list()
