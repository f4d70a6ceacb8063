"""Griffe extension for the documentation site (loaded by mkdocs.yml).

tekort's docstrings are written for ``help()`` and pytest's doctests, in the
numpy style with Sphinx cross-reference roles. mkdocstrings renders Markdown,
so before a docstring is parsed this extension

- turns a role such as ``:func:`tekort.forecast``` or ``:meth:`builtin``` into
  a Markdown cross-reference to the object's page, resolving a short name in
  the scope of the documented object; a name outside tekort (such as
  ``matplotlib.figure.Figure``, or a builtin) becomes code without a link,
  and ``~`` shows only the last part of the name, as in Sphinx; a ``tekort``
  name that does not exist, or a short name that resolves to nothing, is a
  warning (so ``mkdocs build --strict`` fails on a misspelt reference);
- puts a doctest that stands on its own (``>>>`` lines after the text, not
  under an ``Examples`` heading) under an ``Examples`` heading, so the numpy
  parser shows it as code instead of reading it as text or as a parameter.

The docstrings themselves are not changed.
"""

from __future__ import annotations

import builtins
import re
from typing import Any, Iterator

from griffe import Extension, GriffeLoader, Module, NameResolutionError, Object, logger

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|data|attr|mod|exc|obj):`(~?)([\w.]+)`")
EXAMPLES = re.compile(r"^Examples?\n-{3,}\s*$", re.MULTILINE)


def _objects(obj: Object) -> Iterator[Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)  # type: ignore[arg-type]


def _target(obj: Object, name: str, loader: GriffeLoader) -> str | None:
    """The full path of ``name`` as seen from ``obj``, or None outside tekort."""
    if name.startswith("tekort"):
        path = name
    else:
        head, _, rest = name.partition(".")
        try:
            path = obj.resolve(head)
        except NameResolutionError:
            scope = obj if obj.is_module or obj.is_class else obj.parent
            if scope is None or head not in scope.members:
                return None
            path = f"{scope.path}.{head}"
        if rest:
            path = f"{path}.{rest}"
    if not path.startswith("tekort"):
        return None
    try:
        loader.modules_collection[path]
    except KeyError:
        return None
    return path


def roles_to_links(obj: Object, text: str, loader: GriffeLoader) -> str:
    """Replaces every Sphinx role in ``text`` by a Markdown cross-reference."""

    def link(match: "re.Match[str]") -> str:
        short, name = match.group(1), match.group(2).lstrip(".")
        shown = name.rsplit(".", 1)[-1] if short else name
        path = _target(obj, name, loader)
        if path is None and (name.startswith("tekort") or ("." not in name and not hasattr(builtins, name))):
            logger.warning(f"{obj.path}: docstring refers to {name!r}, which is not in tekort")
        return f"[`{shown}`][{path}]" if path else f"`{shown}`"

    return ROLE.sub(link, text)


def doctest_as_examples(text: str) -> str:
    """Puts a free-standing doctest under a numpy ``Examples`` heading."""
    if EXAMPLES.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(">>>") and (i == 0 or not lines[i - 1].strip()):
            return "\n".join(lines[:i] + ["Examples", "--------"] + lines[i:])
    return text


class SphinxRolesAndDoctests(Extension):
    """Rewrites tekort's docstrings for mkdocstrings (see the module docstring)."""

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        """Rewrites every docstring of the package once it is loaded."""
        if pkg.name != "tekort":
            return
        for obj in _objects(pkg):
            if obj.docstring is not None:
                text = doctest_as_examples(obj.docstring.value)
                obj.docstring.value = roles_to_links(obj, text, loader)
