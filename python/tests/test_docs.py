"""The documentation site cannot silently lose a docstring or a page.

mkdocstrings renders an object without a docstring without complaint, so
these tests fail instead when a public name of the package has none: every
name in ``tekort.__all__``; for a class, its public methods and properties
(those defined in tekort, inherited ones too); for a module in
``__all__`` (``tekort.plot``, ``tekort.errors``), every name in its own
``__all__``; for a constant, the attribute docstring (the string literal
right after the assignment, which is what the site shows). They also check
that every such name is on a page of ``docs/api/`` and that
``docs/cli.md`` is the binary's current help (scripts/cli_reference.py).
"""

from __future__ import annotations

import ast
import inspect
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

import tekort

ROOT = Path(__file__).resolve().parents[2]
API_DOCS = ROOT / "docs" / "api"
PACKAGE = Path(tekort.__file__).resolve().parent


def attribute_docstrings(source: str) -> Dict[str, str]:
    """Module-level ``NAME = ...`` followed by a string literal, as griffe reads them."""
    found: Dict[str, str] = {}
    body = ast.parse(source).body
    for stmt, nxt in zip(body, body[1:]):
        targets: List[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = list(stmt.targets)
        elif isinstance(stmt, ast.AnnAssign):
            targets = [stmt.target]
        doc = nxt.value.value if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) else None
        if isinstance(doc, str) and doc.strip():
            for t in targets:
                if isinstance(t, ast.Name):
                    found[t.id] = doc
    return found


def _class_members(cls: type) -> Iterator[Tuple[str, Any]]:
    """Public methods and properties of ``cls`` that tekort defines (also in its bases)."""
    seen = set()
    for klass in cls.__mro__:
        if not getattr(klass, "__module__", "").startswith(tekort.__name__):
            continue
        for name, raw in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            if isinstance(raw, (staticmethod, classmethod)):
                yield name, raw.__func__
            elif isinstance(raw, property) or inspect.isfunction(raw):
                yield name, raw


def _has_doc(obj: Any) -> bool:
    doc = obj.__doc__ if not isinstance(obj, property) else (obj.fget.__doc__ if obj.fget else None)
    return bool(doc and doc.strip())


def missing_docstrings(package: types.ModuleType, names: List[str], sources: List[str]) -> List[str]:
    """The dotted names among ``names`` (and what they contain) that have no docstring.

    ``sources`` are the texts of the modules where constants may be defined.
    """
    constants: Dict[str, str] = {}
    for text in sources:
        constants.update(attribute_docstrings(text))
    missing: List[str] = []
    for name in names:
        obj = getattr(package, name)
        path = f"{package.__name__}.{name}"
        if isinstance(obj, types.ModuleType):
            if not _has_doc(obj):
                missing.append(path)
            missing += missing_docstrings(obj, list(getattr(obj, "__all__", [])), [inspect.getsource(obj)])
        elif inspect.isclass(obj):
            if not (obj.__doc__ and obj.__doc__.strip()):
                missing.append(path)
            missing += [f"{path}.{m}" for m, member in _class_members(obj) if not _has_doc(member)]
        elif inspect.isfunction(obj) or inspect.isbuiltin(obj):
            if not _has_doc(obj):
                missing.append(path)
        elif name not in constants:
            missing.append(path)
    return missing


def _package_sources() -> List[str]:
    """The text of every module of the package, where its constants are defined."""
    return [f.read_text(encoding="utf-8") for f in sorted(PACKAGE.glob("*.py"))]


def test_every_public_name_has_a_docstring() -> None:
    missing = missing_docstrings(tekort, list(tekort.__all__), _package_sources())
    assert not missing, f"public names without a docstring (the docs site would show them bare): {missing}"


def test_the_check_finds_a_missing_docstring() -> None:
    # A stand-in package with one documented and one undocumented name of
    # every kind the check covers: only the undocumented ones are reported.
    source = '''
"""A package."""
__all__ = ["good", "bad", "Good", "CONST", "BARE"]
def good():
    """Documented."""
def bad():
    pass
class Good:
    """Documented."""
    def method(self):
        """Documented."""
    def undocumented(self):
        pass
    @classmethod
    def make(cls):
        pass
    @property
    def size(self):
        pass
    def _private(self):
        pass
CONST = (1, 2)
"""Documented constant."""
BARE = (3, 4)
'''
    mod = types.ModuleType("tekort_docs_probe")
    exec(compile(source, "tekort_docs_probe.py", "exec"), mod.__dict__)
    mod.Good.__module__ = "tekort.probe"  # members count when tekort defines them
    found = missing_docstrings(mod, list(mod.__all__), [source])
    assert sorted(found) == [
        "tekort_docs_probe.BARE",
        "tekort_docs_probe.Good.make",
        "tekort_docs_probe.Good.size",
        "tekort_docs_probe.Good.undocumented",
        "tekort_docs_probe.bad",
    ]


def _documented_identifiers() -> List[str]:
    ids: List[str] = []
    for page in sorted(API_DOCS.glob("*.md")):
        ids += re.findall(r"^::: ([\w.]+)\s*$", page.read_text(encoding="utf-8"), re.MULTILINE)
    return ids


def test_every_public_name_is_on_a_page() -> None:
    # `::: tekort.NAME`, or the whole module that defines it (tekort.plot,
    # tekort.errors, whose page shows every name of its __all__).
    ids = set(_documented_identifiers())

    def on_a_page(name: str) -> bool:
        obj = getattr(tekort, name)
        home = getattr(obj, "__module__", None)
        if isinstance(obj, types.ModuleType) or home is None or home == "tekort._core":
            return f"tekort.{name}" in ids
        module = sys.modules.get(home)
        whole = home in ids and name in getattr(module, "__all__", ())
        return f"tekort.{name}" in ids or whole

    absent = [n for n in tekort.__all__ if not on_a_page(n)]
    assert not absent, f"names in tekort.__all__ on no page of docs/api/: {absent} (add `::: tekort.NAME`)"


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo to build the tekort binary")
def test_cli_reference_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
