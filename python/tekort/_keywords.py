"""A keyword a public function does not have, answered with the one the
user most likely meant (``sectors=`` → ``sector``, Dutch ``regio=`` →
``regions``) and the keywords it has."""

from __future__ import annotations

import difflib
import functools
import inspect
from typing import Any, Callable, Dict, TypeVar

from .errors import InvalidArgumentError

F = TypeVar("F", bound=Callable[..., Any])

_DUTCH: Dict[str, str] = {
    "regio": "regions",
    "regios": "regions",
    "regio_indeling": "regions",
    "indeling": "regions",
    "sectoren": "sector",
    "jaar": "until",
    "tot": "until",
    "eindjaar": "until",
    "trekkingen": "draws",
    "leerlingen": "pupils",
    "geboorten": "demography",
    "metingen": "measurements",
    "taal": "lang",
    "uitvoer": "out",
    "zaad": "seed",
}
"""Dutch words an analyst may reach for, and the keyword each means."""


def _suggestion(key: str, names: list) -> str:
    """``did you mean 'x'? `` for a near miss or a Dutch word, else ``""``."""
    folded = key.lower().replace("-", "_").replace(" ", "_")
    if folded in names:
        return f"did you mean {folded!r}? "
    if _DUTCH.get(folded) in names:
        return f"did you mean {_DUTCH[folded]!r}? "
    close = difflib.get_close_matches(folded, names, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


def keywords_checked(function: F) -> F:
    """``function`` with its unknown keywords refused by an
    :class:`~tekort.errors.InvalidArgumentError` (a ``TypeError``, as
    Python's own) that names the keyword, the nearest one it has and all
    of them.

    >>> import tekort
    >>> tekort.forecast(sectors="po")
    Traceback (most recent call last):
    ...
    tekort.errors.InvalidArgumentError: forecast() got an unexpected keyword argument 'sectors'; did you mean 'sector'? ...
    """
    params = inspect.signature(function).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return function
    names = [
        p.name
        for p in params
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    ]

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        for key in kwargs:
            if key not in names:
                raise InvalidArgumentError(
                    f"{function.__name__}() got an unexpected keyword argument {key!r}; "
                    f"{_suggestion(key, names)}its keywords are: {', '.join(names)}"
                )
        return function(*args, **kwargs)

    return checked  # type: ignore[return-value]
