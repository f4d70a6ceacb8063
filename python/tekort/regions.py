"""Region systems: built in, or drawn from municipalities by the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional, Union

import polars as pl

from . import _core
from ._frames import to_polars

__all__ = ["Regions", "BUILTIN", "municipalities"]

BUILTIN = ("nl", "provincie", "corop", "arbeidsmarktregio")
"""The built-in region systems."""

REST = "rest van Nederland"
"""The region that collects the municipalities a user's definition leaves out."""


def municipalities(data_dir: Optional[Union[str, Path]] = None) -> pl.DataFrame:
    """The 342 municipalities (2026) with their province, COROP and arbeidsmarktregio.

    >>> import tekort
    >>> m = tekort.municipalities()
    >>> m.filter(m["gemeentecode"] == "0034")["gemeentenaam"].item()
    'Almere'
    """
    stream = _core.municipalities(None if data_dir is None else str(data_dir))
    return pl.DataFrame(stream)


class Regions:
    """A mapping of every municipality to one region.

    Use a built-in system (:meth:`builtin`) or draw your own, such as an
    onderwijsregio, from municipalities (:meth:`from_frame`,
    :meth:`from_csv`). Municipalities you leave out form the region
    ``"rest van Nederland"`` so national totals stay complete.

    >>> import tekort
    >>> r = tekort.Regions.from_frame({"gemeentecode": ["0034", "0995"], "region": ["Almere", "Lelystad"]})
    >>> r.regions
    ['Almere', 'Lelystad', 'rest van Nederland']
    """

    def __init__(
        self,
        name: str,
        regions: List[str],
        frame: Optional[pl.DataFrame] = None,
        builtin: bool = False,
    ) -> None:
        self.name = name
        self.regions = regions
        self._frame = frame
        self._builtin = builtin

    @classmethod
    def builtin(cls, system: str) -> "Regions":
        """One of ``nl``, ``provincie``, ``corop``, ``arbeidsmarktregio``."""
        if system not in BUILTIN:
            from .errors import UnknownRegionSystemError

            raise UnknownRegionSystemError(
                f"unknown region system {system!r}; built in are: {', '.join(BUILTIN)}"
            )
        m = municipalities()
        column = "gemeentenaam" if system == "nl" else system
        names = ["Nederland"] if system == "nl" else sorted(set(m[column].to_list()))
        return cls(system, names, builtin=True)

    @classmethod
    def from_frame(cls, frame: Any, name: str = "custom") -> "Regions":
        """From a frame (polars, pandas, pyarrow or a dict) with columns
        ``gemeentecode`` and ``region``, or ``bevoegd_gezag`` and ``region``,
        or all three with one of ``gemeentecode`` / ``bevoegd_gezag`` per
        row. Codes may be ``"0363"``, ``363`` or ``"GM0363"``; unknown or
        historical codes raise
        :class:`tekort.errors.UnknownMunicipalityError`. A school board
        (DUO *bevoegd gezag* number) takes its po and vo schools into its
        region wherever they stand; the rest of their municipality stays
        with its own region (mbo is assigned by municipality). Unknown board
        numbers raise :class:`tekort.errors.InvalidRegionsError` naming
        them all.

        >>> import tekort
        >>> r = tekort.Regions.from_frame({"bevoegd_gezag": ["41572"], "region": ["Stichting"]})
        >>> r.regions
        ['Stichting', 'rest van Nederland']
        """
        df = to_polars(frame, "regions frame")
        keys = [c for c in ("gemeentecode", "bevoegd_gezag") if c in df.columns]
        if "region" not in df.columns or not keys:
            from .errors import DataError

            missing = (["gemeentecode (or bevoegd_gezag)"] if not keys else []) + (
                ["region"] if "region" not in df.columns else []
            )
            raise DataError(
                f"regions frame is missing column(s) {missing}; found: {df.columns}"
            )
        df = df.select([pl.col(c).cast(pl.Utf8) for c in keys] + [pl.col("region").cast(pl.Utf8)])
        names = _core.check_regions(name, df)
        return cls(name, names, frame=df)

    @classmethod
    def from_csv(cls, path: Union[str, Path], name: Optional[str] = None) -> "Regions":
        """From a CSV file with the header ``gemeentecode,region`` (or with
        ``bevoegd_gezag`` rows, as in :meth:`from_frame`)."""
        p = Path(path)
        if not p.exists():
            from .errors import ReadError

            raise ReadError(f"cannot read {p}: no such file")
        df = pl.read_csv(p, infer_schema=False)
        return cls.from_frame(df, name or p.stem)

    @property
    def is_builtin(self) -> bool:
        """Whether this is a built-in system."""
        return self._builtin

    def to_frame(self) -> pl.DataFrame:
        """The mapping of municipalities as a frame ``gemeentecode,
        gemeentenaam, region`` (school-board rows are not in it: their
        schools belong to their region, the rest of the municipality to the
        region shown)."""
        m = municipalities()
        if self._builtin:
            region = pl.lit("Nederland") if self.name == "nl" else pl.col(self.name)
            return m.select("gemeentecode", "gemeentenaam", region.alias("region"))
        assert self._frame is not None
        frame = self._frame
        if "gemeentecode" not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias("gemeentecode"))
        mapping = frame.filter(pl.col("gemeentecode").is_not_null()).select("gemeentecode", "region").with_columns(
            pl.col("gemeentecode").str.replace(r"^(GM|gm)", "").str.zfill(4)
        )
        return (
            m.select("gemeentecode", "gemeentenaam")
            .join(mapping, on="gemeentecode", how="left")
            .with_columns(pl.col("region").fill_null(REST))
        )

    def __len__(self) -> int:
        return len(self.regions)

    def __repr__(self) -> str:
        shown = ", ".join(self.regions[:4]) + (", …" if len(self.regions) > 4 else "")
        return f"Regions({self.name!r}: {len(self.regions)} regions: {shown})"
