"""Policy scenarios: named levers applied from a given year."""

from __future__ import annotations

import difflib
import functools
import json
import math
import numbers
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _core
from ._frames import _shown, expand, read_text
from .errors import InvalidScenarioError, YearOutOfRangeError

__all__ = ["Scenario"]

_BANDS = ("under_30", "age_30_44", "age_45_59", "age_60_plus")
_LEVERS = (
    "zij_instroom",
    "training_intake",
    "returners",
    "fte_per_person",
    "class_size",
    "teaching_time",
    "substitute_capacity",
    "market_reaction",
)

AowPath = Union[float, Sequence[Union[Tuple[int, float], Mapping[str, float]]]]

_FIELDS = (
    "name",
    "description",
    "from_year",
    "sectors",
    *_LEVERS,
    "workload",
    "outflow",
    "aow_age",
    "ramp_years",
)

_DUTCH = {
    "naam": "name",
    "omschrijving": "description",
    "beschrijving": "description",
    "vanaf": "from_year",
    "vanaf_jaar": "from_year",
    "startjaar": "from_year",
    "sectoren": "sectors",
    "zijinstroom": "zij_instroom",
    "zij_instromers": "zij_instroom",
    "opleidingsinstroom": "training_intake",
    "instroom_opleiding": "training_intake",
    "pabo_instroom": "training_intake",
    "herintreders": "returners",
    "herintreding": "returners",
    "terugkeerders": "returners",
    "stille_reserve": "returners",
    "uitstroom": "outflow",
    "behoud": "outflow",
    "deeltijdfactor": "fte_per_person",
    "werktijdfactor": "fte_per_person",
    "fte_per_persoon": "fte_per_person",
    "klassegrootte": "class_size",
    "klasgrootte": "class_size",
    "groepsgrootte": "class_size",
    "lestijd": "teaching_time",
    "onderwijstijd": "teaching_time",
    "lesuren": "teaching_time",
    "werkdruk": "workload",
    "invalpool": "substitute_capacity",
    "invalcapaciteit": "substitute_capacity",
    "vervanging": "substitute_capacity",
    "aow_leeftijd": "aow_age",
    "pensioenleeftijd": "aow_age",
    "marktreactie": "market_reaction",
    "infasering": "ramp_years",
    "ingroeijaren": "ramp_years",
    "ingroei": "ramp_years",
}
"""Dutch names a user may reach for, and the lever each means (for the
did-you-mean of an unknown keyword or attribute)."""


def _suggestion(key: str) -> str:
    """`` (did you mean 'x'?)`` for a Dutch name or a near miss of a lever, else ``""``."""
    folded = key.lower().replace("-", "_").replace(" ", "_")
    if folded in _DUTCH:
        return f" (did you mean {_DUTCH[folded]!r}?)"
    close = difflib.get_close_matches(folded, _FIELDS, n=1) or [
        _DUTCH[c] for c in difflib.get_close_matches(folded, _DUTCH, n=1)
    ]
    return f" (did you mean {close[0]!r}?)" if close else ""


@functools.lru_cache(maxsize=1)
def _base_year() -> int:
    """The base year of the default parameters (the last observed year)."""
    from .params import Params

    return int(Params.default().base_year)


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and type(v).__name__ != "bool_"


class Scenario:
    """A named set of policy levers, applied from ``from_year`` on.

    Every lever but ``workload`` is a multiplier (1 is no change) on the
    quantity it names; ``outflow`` takes multipliers per age band
    (``under_30``, ``age_30_44``, ``age_45_59``, ``age_60_plus``) and
    ``aow_age`` a list of ``(from_year, age)`` steps. ``sectors`` limits
    the levers to sector groups (``"po"``, ``"vo"``, ``"mbo"``; one name is
    a list of one). Each lever's direction, for the shortage:

    - ``zij_instroom``, ``training_intake``, ``returners`` above 1: more
      inflow, a smaller shortage (below 1: larger).
    - ``outflow`` above 1: more leavers, a larger shortage (below 1:
      retention, smaller).
    - ``fte_per_person`` above 1: more hours per person, a smaller shortage.
    - ``class_size`` above 1: larger classes, less demand, a smaller
      shortage; below 1 (smaller classes) a larger one (demand ÷ lever).
    - ``teaching_time`` above 1: more teaching time per pupil, a larger
      shortage; below 1 ("anders organiseren") a smaller one (demand ×
      lever).
    - ``workload`` (a share, 0 is no change): ``0.05`` needs 5 % more fte
      for the same teaching (time outside the classroom, fewer lessons per
      fte to relieve workload), a larger shortage; negative, fewer fte.
      Unlike ``teaching_time`` it does not change what pupils get, only the
      fte needed to give it; demand × (1 + workload).
    - ``substitute_capacity`` above 1: a larger substitute pool, a smaller
      hidden shortage.
    - ``market_reaction`` above 1: inflow answers the shortage more, a
      smaller shortage; 0 is no reaction (:meth:`beleidsarm`).

    ``ramp_years`` phases the levers in: they reach their full value
    linearly over that many years from ``from_year`` (a fifth of the change
    in the first of five years); 0, the default, is the full value at once.
    Demand levers that cancel out (``class_size=0.95, teaching_time=0.95``)
    give a :class:`tekort.errors.PlausibilityWarning` when run.

    Values are checked when given and when set (``s.zij_instroom = -3``
    raises at once): invalid values raise
    :class:`tekort.errors.InvalidScenarioError` naming the key, and so does
    an unknown keyword, with a suggestion (``klassegrootte`` →
    ``class_size``); numbers may be Python or numpy numbers.

    ``from_year`` is a whole year after the base year (2025 with the
    default parameters; a year at or before it raises
    :class:`tekort.errors.YearOutOfRangeError` at once); without it the
    levers act from the year after the base year. ``aow_age`` may also be
    one number: that AOW age from ``from_year`` on (from the year after the
    base year when ``from_year`` is not given), e.g. ``aow_age=68``.
    Setting an attribute that is not a lever raises ``AttributeError``
    naming the near miss, as :class:`tekort.Params` does.

    >>> import tekort
    >>> s = tekort.Scenario("meer zij-instroom", zij_instroom=1.5, from_year=2026)
    >>> s.zij_instroom
    1.5
    >>> print(s.to_toml().splitlines()[0])
    name = "meer zij-instroom"
    """

    name: str
    """The scenario's name, the ``scenario`` column of the results (unique, not empty)."""
    description: str
    """Free text, kept with the scenario."""
    from_year: Optional[int]
    """First year the levers act; ``None`` is the year after the base year."""
    sectors: List[str]
    """Sector groups the levers act on (``"po"``, ``"vo"``, ``"mbo"``); empty is all."""
    zij_instroom: float
    """Multiplier on zij-instromers (career switchers), 0–20."""
    training_intake: float
    """Multiplier on first-year teacher-training intake, 0–10 (graduates follow after the course)."""
    returners: float
    """Multiplier on returners from the stille reserve, 0–20."""
    outflow: Dict[str, float]
    """Multipliers on attrition and early retirement per age band, 0–10."""
    fte_per_person: float
    """Multiplier on fte per person of the whole stock, 0.3–2 (capped at the params' maximum)."""
    class_size: float
    """Multiplier on pupils per teacher fte, 0.3–3 (demand is divided by it)."""
    teaching_time: float
    """Multiplier on teaching time per pupil, 0.3–3 (demand is multiplied by it)."""
    workload: float
    """Share of extra fte needed for the same teaching, −0.5–1; 0 is no change,
    0.05 is 5 % more demand (a larger shortage)."""
    ramp_years: int
    """Years over which the levers reach their full value from ``from_year``, 0–30;
    0 (the default) is at once."""
    substitute_capacity: float
    """Multiplier on the substitute pool's capacity, 0–20."""
    aow_age: List[Tuple[int, float]]
    """``(from_year, age)`` steps that replace the AOW-age path, ages 60–72 (all sectors)."""
    market_reaction: float
    """Multiplier on the market's reaction to the shortage (``market.reaction`` and its
    drawn spread), 0–10; 0 is the no-reaction path (:meth:`beleidsarm`)."""

    def __init__(
        self,
        name: str,
        *,
        description: str = "",
        from_year: Optional[int] = None,
        sectors: Optional[Sequence[str]] = None,
        zij_instroom: float = 1.0,
        training_intake: float = 1.0,
        returners: float = 1.0,
        outflow: Optional[Mapping[str, float]] = None,
        fte_per_person: float = 1.0,
        class_size: float = 1.0,
        teaching_time: float = 1.0,
        substitute_capacity: float = 1.0,
        aow_age: Optional[AowPath] = None,
        market_reaction: float = 1.0,
        workload: float = 0.0,
        ramp_years: int = 0,
        **unknown: Any,
    ) -> None:
        object.__setattr__(self, "_ready", False)
        if unknown:
            key = next(iter(unknown))
            raise InvalidScenarioError(
                f"invalid scenario {name!r}: unknown keyword {key}{_suggestion(key)}; "
                f"the levers are {', '.join(sorted(_FIELDS))}"
            )
        self.name = name
        self.description = description
        self.from_year = from_year
        self.sectors = sectors  # type: ignore[assignment]
        self.zij_instroom = zij_instroom
        self.training_intake = training_intake
        self.returners = returners
        self.outflow = outflow  # type: ignore[assignment]
        self.fte_per_person = fte_per_person
        self.class_size = class_size
        self.teaching_time = teaching_time
        self.substitute_capacity = substitute_capacity
        self.aow_age = aow_age  # type: ignore[assignment]
        self.market_reaction = market_reaction
        self.workload = workload
        self.ramp_years = ramp_years
        self.validate()
        object.__setattr__(self, "_ready", True)

    def _invalid(self, key: str, value: Any, rule: str) -> InvalidScenarioError:
        name = self.__dict__.get("name", "")
        return InvalidScenarioError(f"invalid scenario {name!r}: {key} = {_shown(value)} {rule}")

    def _lever(self, key: str, value: Any) -> float:
        if not _is_number(value):
            raise self._invalid(key, value, "must be a number (a multiplier, 1 is no change)")
        try:
            return float(value)
        except OverflowError:  # an integer beyond the floats (10**400)
            raise self._invalid(key, value, "is far out of range (a multiplier, 1 is no change)") from None

    def _year(self, key: str, value: Any) -> int:
        if isinstance(value, numbers.Integral) and not isinstance(value, bool) and type(value).__name__ != "bool_":
            if abs(int(value)) >= 2**31:
                raise self._invalid(key, value, "is far out of range (a whole year such as 2030)")
            return int(value)
        if not _is_number(value) or not math.isfinite(float(value)) or not float(value).is_integer():
            raise self._invalid(key, value, "must be a whole year such as 2030")
        return int(value)

    def _value(self, key: str, value: Any) -> Any:
        """``value`` checked and normalised for the field ``key``."""
        if key in ("name", "description"):
            if not isinstance(value, str):
                raise self._invalid(key, value, "must be a text")
            return value
        if key == "from_year":
            if value is None:
                return None
            year = self._year(key, value)
            base = _base_year()
            if year <= base:
                name = self.__dict__.get("name", "")
                raise YearOutOfRangeError(
                    f"scenario {name!r} from_year {year} is out of range: levers act on forecast "
                    f"years, after the base year {base}; use {base + 1} or later (or leave "
                    "from_year out for the year after the base year)"
                )
            return year
        if key == "sectors":
            if value is None:
                return []
            if isinstance(value, str):
                return [value]
            if not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
                raise self._invalid(key, value, "must be a sector group such as 'po' or a list of them")
            return list(value)
        if key in _LEVERS:
            return self._lever(key, value)
        if key == "workload":
            if not _is_number(value):
                raise self._invalid(key, value, "must be a number (a share of extra fte, 0 is no change)")
            return float(value)
        if key == "ramp_years":
            if not (isinstance(value, numbers.Integral) or (_is_number(value) and float(value).is_integer())):
                raise self._invalid(key, value, "must be a whole number of years (0 is at once)")
            return int(value)
        if key == "outflow":
            bands = {band: 1.0 for band in _BANDS}
            if value is None:
                return bands
            if not isinstance(value, Mapping):
                raise self._invalid(key, value, f"must be a table of age bands ({', '.join(_BANDS)})")
            for band, x in value.items():
                if band not in _BANDS:
                    close = difflib.get_close_matches(str(band), _BANDS, n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise self._invalid(
                        f"outflow.{band}", x, f"is not an age band{hint}; the bands are {', '.join(_BANDS)}"
                    )
                bands[band] = self._lever(f"outflow.{band}", x)
            return bands
        if key == "aow_age":
            if value is None:
                return []
            if _is_number(value):
                start = self.__dict__.get("from_year") or _base_year() + 1
                return [(int(start), self._lever("aow_age", value))]
            if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
                raise self._invalid(
                    key, value, "must be an age (68) or a list of (from_year, age) steps such as [(2030, 68)]"
                )
            steps: List[Tuple[int, float]] = []
            for step in value:
                if isinstance(step, Mapping) and set(step) == {"from", "age"}:
                    year, age = step["from"], step["age"]
                elif isinstance(step, (tuple, list)) and len(step) == 2:
                    year, age = step
                else:
                    raise self._invalid(
                        key, step, "must be a (from_year, age) step such as (2030, 68) or {'from': 2030, 'age': 68}"
                    )
                steps.append((self._year("aow_age.from", year), self._lever("aow_age.age", age)))
            return steps
        return value

    def __setattr__(self, key: str, value: Any) -> None:
        if key not in _FIELDS:
            raise AttributeError(
                f"Scenario has no lever {key!r}{_suggestion(key)}; known: {', '.join(sorted(_FIELDS))}"
            )
        checked = self._value(key, value)
        if not self.__dict__.get("_ready"):
            object.__setattr__(self, key, checked)
            return
        # Set on a made scenario: the whole checked as the forecast would,
        # the old value kept when the new one is refused.
        old = self.__dict__[key]
        object.__setattr__(self, key, checked)
        try:
            self.validate()
        except Exception:
            object.__setattr__(self, key, old)
            raise

    @classmethod
    def baseline(cls) -> "Scenario":
        """The built-in baseline: no levers."""
        return cls("baseline")

    @classmethod
    def beleidsarm(cls) -> "Scenario":
        """The built-in no-reaction path (``--scenario beleidsarm``), what
        Mirror publishes: the zij-instroom and the stille reserve's search
        do not answer the shortage, in the Monte Carlo's draws either.

        >>> import tekort
        >>> tekort.Scenario.beleidsarm().market_reaction
        0.0
        """
        return cls._from_dict(json.loads(_core.beleidsarm_json()))

    @classmethod
    def from_toml_str(cls, text: str) -> "Scenario":
        """Reads a scenario from TOML text (see the README for the keys)."""
        return cls._from_dict(json.loads(_core.scenario_toml_to_json(text)))

    @classmethod
    def from_toml(cls, path: Union[str, Path]) -> "Scenario":
        """Reads a scenario file; without a ``name`` it is named after the file."""
        p = expand(path)
        text = read_text(p)
        if not any(line.strip().startswith("name") for line in text.splitlines()):
            text = f"name = {json.dumps(p.stem)}\n{text}"
        return cls.from_toml_str(text)

    @classmethod
    def _from_dict(cls, d: Mapping[str, Any]) -> "Scenario":
        return cls(
            d["name"],
            description=d.get("description", ""),
            from_year=d.get("from_year"),
            sectors=d.get("sectors", []),
            outflow=d.get("outflow"),
            aow_age=d.get("aow_age", []),
            workload=d.get("workload", 0.0),
            ramp_years=d.get("ramp_years", 0),
            **{k: d[k] for k in _LEVERS if k in d},
        )

    def to_dict(self) -> Dict[str, Any]:
        """The scenario as plain data (the TOML keys)."""
        return {
            "name": self.name,
            "description": self.description,
            "from_year": self.from_year,
            "sectors": list(self.sectors),
            **{k: float(getattr(self, k)) for k in _LEVERS},
            "workload": float(self.workload),
            "outflow": {k: float(v) for k, v in self.outflow.items()},
            "aow_age": [{"from": int(y), "age": float(a)} for y, a in self.aow_age],
            "ramp_years": int(self.ramp_years),
        }

    def _to_json(self) -> str:
        d = self.to_dict()
        values = [(k, d[k]) for k in (*_LEVERS, "workload")] + [(f"outflow.{k}", v) for k, v in d["outflow"].items()]
        for key, value in values:
            if value != value or value in (float("inf"), float("-inf")):
                from .errors import InvalidScenarioError

                raise InvalidScenarioError(
                    f"invalid scenario {self.name!r}: {key} = {value} must be a finite number"
                )
        return json.dumps(d)

    def validate(self) -> None:
        """Checks every lever; raises InvalidScenarioError naming the key."""
        _core.validate_scenario(self._to_json())

    def to_toml(self) -> str:
        """The scenario as TOML text (loadable by the CLI's ``--scenario``)."""
        return _core.scenario_json_to_toml(self._to_json())

    def changed_levers(self) -> Dict[str, Any]:
        """Only the levers that differ from no change."""
        out: Dict[str, Any] = {k: getattr(self, k) for k in _LEVERS if getattr(self, k) != 1.0}
        bands = {k: v for k, v in self.outflow.items() if v != 1.0}
        if bands:
            out["outflow"] = bands
        if self.workload != 0.0:
            out["workload"] = self.workload
        if self.aow_age:
            out["aow_age"] = list(self.aow_age)
        if self.ramp_years:
            out["ramp_years"] = self.ramp_years
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        parts = [repr(self.name)]
        if self.from_year is not None:
            parts.append(f"from_year={self.from_year}")
        if self.sectors:
            parts.append(f"sectors={self.sectors!r}")
        parts += [f"{k}={v!r}" for k, v in self.changed_levers().items()]
        return f"Scenario({', '.join(parts)})"
