"""Every extractor declares what it assigns, requires and reads; the declarations hold
together in the default order; a selection lacking a requirement is refused."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newsgraph.extract import (
    DEFAULT_EXTRACTORS,
    GIVEN,
    SPECS,
    ExtractorSelectionError,
    check_selection,
    missing_requirements,
    resolve,
    selection_help,
)

EXTRACT = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "extract"


def _registered_names() -> set[str]:
    """Names passed to ``@extractor(...)`` anywhere in the extract package."""
    names = set()
    for path in EXTRACT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "extractor" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value)
    return names


def test_every_registered_extractor_is_declared_and_every_declared_one_exists():
    assert _registered_names() == set(SPECS)
    for name, fn in resolve():
        assert SPECS[name].assigns, name
        assert callable(fn)


def test_default_order_gives_each_extractor_what_it_requires_and_reads():
    assigned = set(GIVEN)
    for name in DEFAULT_EXTRACTORS:
        spec = SPECS[name]
        assert set(spec.requires + spec.reads) <= assigned, name
        assigned |= set(spec.assigns)
    assert missing_requirements(DEFAULT_EXTRACTORS) == {}


@pytest.mark.parametrize("disabled", [(name,) for name in DEFAULT_EXTRACTORS])
def test_disabling_a_required_extractor_names_its_dependents(disabled):
    dependents = [n for n in DEFAULT_EXTRACTORS if n not in disabled and any(
        f in SPECS[disabled[0]].assigns and not any(
            f in SPECS[p].assigns for p in DEFAULT_EXTRACTORS
            if p not in disabled and DEFAULT_EXTRACTORS.index(p) < DEFAULT_EXTRACTORS.index(n))
        for f in SPECS[n].requires)]
    if not dependents:
        assert check_selection(DEFAULT_EXTRACTORS, disabled) == [
            n for n in DEFAULT_EXTRACTORS if n not in disabled]
        return
    with pytest.raises(ExtractorSelectionError) as error:
        check_selection(DEFAULT_EXTRACTORS, disabled)
    for name in dependents:
        assert f"{name} requires" in str(error.value)
    assert disabled[0] in str(error.value)


def test_entities_is_required_by_sources():
    with pytest.raises(ExtractorSelectionError, match="sources requires .*entities, disabled"):
        check_selection(DEFAULT_EXTRACTORS, ["entities"])
    assert "sources" not in check_selection(DEFAULT_EXTRACTORS, ["entities", "sources"])


def test_a_selection_without_a_requirement_is_refused():
    with pytest.raises(ExtractorSelectionError, match="sources requires .*not selected"):
        check_selection(["quotes", "sources"])


def test_unknown_extractor_is_named():
    with pytest.raises(ExtractorSelectionError, match="unknown extractor 'nonsense'"):
        check_selection(DEFAULT_EXTRACTORS, ["nonsense"])


def test_help_names_every_extractor():
    text = selection_help()
    assert all(name in text for name in SPECS)
