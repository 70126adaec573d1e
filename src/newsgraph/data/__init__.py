"""The package's data files, and the one loader every module reads them through.

Rules live here apart from the code that applies them: lexicons and dictionaries as
TSV/JSON files, and the short word lists (pronouns, determiners, cue verbs) as named
lists in ``word_lists.json``. Where callers need different memberships (a bare
speaker pronoun is not the same set as a pronoun a feature counts), each is its own
named list.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

WORD_LISTS = "word_lists.json"
# the event conditions' lists sit apart, one topic per file; names never repeat across files
WORD_LIST_FILES = (WORD_LISTS, "event_words.json")


def read_text(name: str) -> str:
    """The text of the shipped data file ``name``."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def data_file(name: str) -> Path:
    """The path of the data file ``name`` (for the fitting code that rewrites one)."""
    return Path(str(resources.files(__name__).joinpath(name)))


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """Every named word list of the word-list files (``word_lists.json`` and others)."""
    lists: dict[str, frozenset[str]] = {}
    for file in WORD_LIST_FILES:
        data = json.loads(read_text(file))
        lists.update((name, frozenset(entry["words"])) for name, entry in data.items())
    return lists


def word_list(name: str) -> frozenset[str]:
    """One named word list, e.g. ``word_list("pronouns.third_person")``."""
    try:
        return word_lists()[name]
    except KeyError:
        raise KeyError(f"no word list {name!r} in {', '.join(WORD_LIST_FILES)}") from None


@cache
def country_alias_rows() -> tuple[tuple[str, str], ...]:
    """(alias, ISO alpha-3 code) rows of ``country_aliases.tsv``, in file order."""
    rows = []
    for line in read_text("country_aliases.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            alias, code = line.split("\t")
            rows.append((alias.strip(), code.strip()))
    return tuple(rows)
