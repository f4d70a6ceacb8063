"""Region systems: built in, or drawn from municipalities by the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union

import polars as pl

from . import _core
from ._frames import to_polars

__all__ = ["Regions", "BUILTIN", "municipalities", "RegionNames"]

BUILTIN = ("nl", "provincie", "corop", "arbeidsmarktregio")
"""The built-in region systems."""

REST = "rest van Nederland"
"""The region that collects the municipalities a user's definition leaves out."""


def municipalities(
    data_dir: Optional[Union[str, Path]] = None, name: Optional[str] = None
) -> pl.DataFrame:
    """The 342 municipalities (2026) with their province, COROP and arbeidsmarktregio.

    With ``name``, only the municipalities that name can mean: case,
    diacritics and punctuation do not matter, common names work
    (``"Den Haag"`` is CBS's ``'s-Gravenhage``, ``"Rijswijk"`` is
    ``Rijswijk (ZH.)``), and a name shared by several municipalities gives
    them all (``"Bergen"``: Bergen (NH.) and Bergen (L.); ``"Bergen NH"``
    picks one). A name that matches none raises
    :class:`tekort.errors.UnknownMunicipalityError` (a ``KeyError``)
    suggesting the closest names.

    >>> import tekort
    >>> m = tekort.municipalities()
    >>> m.filter(m["gemeentecode"] == "0034")["gemeentenaam"].item()
    'Almere'
    >>> tekort.municipalities(name="Den Haag")["gemeentenaam"].to_list()
    ["'s-Gravenhage"]
    >>> tekort.municipalities(name="bergen")["gemeentenaam"].to_list()
    ['Bergen (NH.)', 'Bergen (L.)']
    """
    data = None if data_dir is None else str(data_dir)
    frame = pl.DataFrame(_core.municipalities(data))
    if name is None:
        return frame
    if not isinstance(name, str):
        from .errors import InvalidArgumentError

        raise InvalidArgumentError(f"name must be a municipality name (text), not {name!r}")
    codes = _core.municipalities_named(name, data)
    return frame.filter(pl.col("gemeentecode").is_in(codes))


RegionNames = Union[Mapping[str, Iterable[str]], Iterable[Tuple[str, str]]]
"""Regions by municipality name: ``{region: [names]}`` or ``[(name, region), ...]``."""


def _as_text(df: pl.DataFrame, column: str) -> pl.Expr:
    """A code or name column as text; a column that has no text form (a
    list, a struct, a date, Python objects) is a ColumnTypeError naming it."""
    from .errors import ColumnTypeError

    dtype = df.schema[column]
    try:
        if dtype == pl.Object or dtype.is_nested() or dtype.is_temporal():
            raise TypeError(dtype)
        df.select(pl.col(column).cast(pl.Utf8))
    except (TypeError, pl.exceptions.PolarsError):
        raise ColumnTypeError(
            f"the regions frame has column {column!r} of type {dtype}, which tekort cannot read as "
            "codes or names: give text or whole numbers"
        ) from None
    return pl.col(column).cast(pl.Utf8)


_CODE = r"^\s*(GM|gm)?\d{1,4}(\.0+)?\s*$"
"""A municipality code as a region frame may write it: ``0363``, ``363``, ``GM0363``, ``363.0``."""


def _region_headers(df: pl.DataFrame) -> pl.DataFrame:
    """The frame with its headers renamed to the columns a region frame is
    read by, as region files are (case, spaces and underscores do not
    matter; Dutch headers such as ``regio``, ``onderwijsregio``,
    ``gemcode`` and DUO's ``BEVOEGD GEZAG NUMMER`` are read; ``gemeente``
    is the code or the name column by its values). A column already named
    so wins; of two headers for one column, the first."""
    targets = _core.region_columns(df.columns)
    renames = {}
    taken = set(df.columns)
    for header, target in zip(df.columns, targets):
        if target == "gemeente":
            try:
                values = df.select(pl.col(header).cast(pl.Utf8)).to_series().drop_nulls()
                codes = bool(values.str.contains(_CODE).all())
            except (TypeError, pl.exceptions.PolarsError):
                codes = False
            target = "gemeentecode" if codes else "gemeentenaam"
        if target is None or target == header or target in taken:
            continue
        renames[header] = target
        taken.add(target)
    return df.rename(renames) if renames else df


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
        self._given: Optional[pl.DataFrame] = None
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
        them all. Headers are read as in region files: without regard to
        case, spaces or underscores, and in Dutch (``regio``,
        ``regionaam``, ``onderwijsregio`` for ``region``; ``gemcode`` for
        ``gemeentecode``; ``gemeente`` for codes or names by its values;
        DUO's ``BEVOEGD GEZAG NUMMER``). :meth:`table` shows what each row
        resolved to.

        >>> import tekort
        >>> r = tekort.Regions.from_frame({"bevoegd_gezag": ["41572"], "region": ["Stichting"]})
        >>> r.regions
        ['Stichting', 'rest van Nederland']
        """
        df = _region_headers(to_polars(frame, "regions frame"))
        as_given = df
        if "gemeentecode" not in df.columns and "gemeentenaam" in df.columns:
            # Names to codes, all unknown names reported at once.
            named = df.select(_as_text(df, "gemeentenaam")).to_series().to_list()
            given = [n for n in named if n is not None and n.strip()]
            lookup = dict(zip(given, _core.municipality_codes(given))) if given else {}
            df = df.with_columns(
                pl.Series(
                    "gemeentecode",
                    [lookup.get(n) if n is not None else None for n in named],
                    dtype=pl.Utf8,
                )
            )
        keys = [c for c in ("gemeentecode", "bevoegd_gezag") if c in df.columns]
        if "region" not in df.columns or not keys:
            from .errors import DataError

            missing = (
                ["gemeentecode (or gemeentenaam or bevoegd_gezag; also read as: gemeente, gemcode, "
                 "BEVOEGD GEZAG NUMMER)"] if not keys else []
            ) + (["region (also read as: regio, regionaam, onderwijsregio)"] if "region" not in df.columns else [])
            found = [c for c in df.columns if c.strip() and not c.startswith(("_duplicated_", "Unnamed: "))]
            raise DataError(
                f"regions frame is missing column(s) {'; '.join(missing)}; found: {found}"
            )
        df = df.select([_as_text(df, c) for c in [*keys, "region"]])
        names = _core.check_regions(name, df)
        regions = cls(name, names, frame=df)
        shown = [c for c in ("gemeentecode", "gemeentenaam", "bevoegd_gezag", "region") if c in as_given.columns]
        regions._given = as_given.select([_as_text(as_given, c) for c in shown])
        return regions

    @classmethod
    def from_names(cls, regions: RegionNames, name: str = "custom") -> "Regions":
        """From municipality names instead of codes: a mapping
        ``{region: [municipality names]}``, or pairs
        ``[(municipality name, region), ...]`` (a spreadsheet's two columns).
        Names are matched as :func:`municipalities` matches them (``"Den
        Haag"``, ``"Rijswijk"``, ``"s-Gravenhage"``); every name that matches
        no municipality, or several (``"Bergen"``: write ``"Bergen (NH.)"``
        or ``"Bergen (L.)"``), is reported at once in one
        :class:`tekort.errors.UnknownMunicipalityError` with the closest
        names. Municipalities not named form ``"rest van Nederland"``.

        >>> import tekort
        >>> r = tekort.Regions.from_names({"Haaglanden": ["Den Haag", "Rijswijk", "Delft"]})
        >>> r.regions
        ['Haaglanden', 'rest van Nederland']
        >>> r.to_frame().filter(r.to_frame()["region"] == "Haaglanden")["gemeentenaam"].to_list()
        ['Delft', "'s-Gravenhage", 'Rijswijk (ZH.)']
        >>> tekort.Regions.from_names([("Bergen", "Noord")])
        Traceback (most recent call last):
        ...
        tekort.errors.UnknownMunicipalityError: municipality name "Bergen" is ambiguous: it may be "Bergen (NH.)" (0373, Noord-Holland) or "Bergen (L.)" (0893, Limburg); write one of these names or its gemeentecode
        """
        from .errors import InvalidArgumentError

        pairs: List[Tuple[str, str]] = []
        if isinstance(regions, Mapping):
            for region, names in regions.items():
                if isinstance(names, str):
                    names = [names]
                for n in names:
                    pairs.append((n, region))
        elif isinstance(regions, (str, bytes)):
            raise InvalidArgumentError(
                "regions must be {region: [municipality names]} or [(name, region), ...], not a string"
            )
        else:
            for item in regions:
                if not (isinstance(item, (tuple, list)) and len(item) == 2):
                    raise InvalidArgumentError(
                        f"each pair must be (municipality name, region), not {item!r}"
                    )
                pairs.append((item[0], item[1]))
        for n, r in pairs:
            if not isinstance(n, str) or not isinstance(r, str):
                raise InvalidArgumentError(
                    f"municipality names and regions must be text, not ({n!r}, {r!r})"
                )
        if not pairs:
            raise InvalidArgumentError("no municipality names given")
        frame = pl.DataFrame(
            {"gemeentenaam": [n for n, _ in pairs], "region": [r for _, r in pairs]},
            schema={"gemeentenaam": pl.Utf8, "region": pl.Utf8},
        )
        return cls.from_frame(frame, name)

    @classmethod
    def from_csv(cls, path: Union[str, Path], name: Optional[str] = None) -> "Regions":
        """From a CSV file with the header ``gemeentecode,region`` (or
        ``gemeentenaam,region`` with municipality names, or with
        ``bevoegd_gezag`` rows, as in :meth:`from_frame`). Read as
        spreadsheets write it: ``,``, ``;`` or tab (from the header line, or
        from Excel's first line ``sep=;``), a byte-order mark, CRLF line
        ends, Windows-1252 text, Dutch headers as :meth:`from_frame` reads
        them; errors name the row, the header being row 1."""
        p = Path(path).expanduser()
        if not p.exists():
            from .errors import ReadError

            raise ReadError(f"cannot read {p}: no such file")
        df = pl.DataFrame(_core.read_region_frame(str(p)))
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
            pl.col("gemeentecode").str.strip_chars().str.replace(r"^(GM|gm)", "").str.replace(r"\.0+$", "").str.zfill(4)
        )
        return (
            m.select("gemeentecode", "gemeentenaam")
            .join(mapping, on="gemeentecode", how="left")
            .with_columns(pl.col("region").fill_null(REST))
        )

    def table(self) -> pl.DataFrame:
        """What every row of the definition resolved to, to check it: one
        row per row given, with ``row`` (as a spreadsheet numbers it, the
        header being row 1), ``given`` (the code, name or board number as
        written), ``gemeentecode`` and ``gemeentenaam`` (the 2026
        municipality; for a school board every municipality where it has
        schools, separated by ``; ``), ``bevoegd_gezag`` and ``region``.
        A code ``0546`` shows as Leiden, whatever the region's name says.
        The CLI prints the same with ``tekort regions --regions FILE
        --list``. A built-in system gives every municipality with its
        region (as :meth:`to_frame`).

        >>> import tekort
        >>> r = tekort.Regions.from_frame({"gemeentecode": ["0546"], "regio": ["Leidschendam"]})
        >>> r.table().select("given", "gemeentecode", "gemeentenaam", "region").row(0)
        ('0546', '0546', 'Leiden', 'Leidschendam')
        >>> tekort.Regions.from_names({"Haaglanden": ["Den Haag"]}).table()["gemeentenaam"].to_list()
        ["'s-Gravenhage"]
        """
        if self._builtin or self._given is None:
            return self.to_frame()
        return pl.DataFrame(_core.region_rows(self.name, self._given))

    def __len__(self) -> int:
        return len(self.regions)

    def __repr__(self) -> str:
        shown = ", ".join(self.regions[:4]) + (", …" if len(self.regions) > 4 else "")
        return f"Regions({self.name!r}: {len(self.regions)} regions: {shown})"
