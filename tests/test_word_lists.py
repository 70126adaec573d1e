"""Word lists have one home (``newsgraph/data``) and one loader."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newsgraph.data import country_alias_rows, word_list, word_lists
from newsgraph.gazetteer import country_code

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"
PRONOUNS = word_list("pronouns.subject_object") | word_list("pronouns.first_second")


def test_every_word_list_is_lower_case_and_named_with_help():
    import json

    from newsgraph.data import WORD_LIST_FILES

    names: list[str] = []
    for file in WORD_LIST_FILES:
        data = json.loads((PACKAGE / "data" / file).read_text("utf-8"))
        for name, entry in data.items():
            assert entry["help"] and entry["words"], name
            assert all(w == w.lower().strip() for w in entry["words"]), name
            assert len(set(entry["words"])) == len(entry["words"]), name
        names += data
    assert len(names) == len(set(names)) and set(word_lists()) == set(names)


def test_pronoun_lists_keep_their_different_memberships():
    sizes = {name: len(words) for name, words in word_lists().items()
             if name.startswith("pronouns.")}
    assert sizes["pronouns.personal"] == 4 and sizes["pronouns.subject_object"] == 11
    assert word_list("pronouns.third_person") < word_list("pronouns.speaker")


def test_unknown_word_list_is_named():
    with pytest.raises(KeyError, match="no word list 'pronouns.nope'"):
        word_list("pronouns.nope")


def test_country_aliases_are_parsed_once_for_every_reader():
    rows = country_alias_rows()
    assert ("U.S.", "USA") in rows and all(code.isupper() and len(code) == 3 for _, code in rows)
    assert country_code("the U.S.") == country_code("United States") == "USA"


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p.parent.name != "data"]


def test_only_the_data_loader_opens_packaged_data():
    for path in _modules():
        assert "resources.files" not in path.read_text("utf-8"), path


def test_no_module_spells_out_a_pronoun_set():
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Set) and len(node.elts) >= 3:
                words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                assert not (len(words) == len(node.elts) and words <= PRONOUNS), (
                    f"{path.relative_to(PACKAGE)}:{node.lineno} spells out pronouns; "
                    "name the list in data/word_lists.json")
