"""Per-article extractors: small functions over a spaCy ``Doc``, registered by name.

An extractor takes a :class:`Context` and fills one part of its
:class:`~newsgraph.schema.Document`. Each declares in :data:`SPECS` what it
``assigns`` and what it ``requires`` (fields it cannot do without) or ``reads``
(fields it uses when present), as spaCy's ``Language.factory`` does; extractors run
in the order of :data:`DEFAULT_EXTRACTORS`, and :func:`resolve` refuses a selection
in which an extractor lacks what it requires.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from newsgraph.schema import Document

if TYPE_CHECKING:  # the CLI builds its help from SPECS without loading spaCy
    from spacy.tokens import Doc

ExtractorFn = Callable[["Context"], None]

REGISTRY: dict[str, ExtractorFn] = {}

# What every extractor is given before any runs (the pipeline fills them).
GIVEN = frozenset({"document.text", "document.published", "reference_date"})


@dataclass(frozen=True)
class ExtractorSpec:
    """An extractor's contract: the fields (``document.X`` or a Context attribute) it
    fills, needs and uses."""

    name: str
    help: str
    assigns: tuple[str, ...]
    requires: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        return f"newsgraph.extract.{self.name}"


SPECS: dict[str, ExtractorSpec] = {spec.name: spec for spec in (
    ExtractorSpec("datelines", "the place and date line opening an article",
                  assigns=("document.datelines",)),
    ExtractorSpec("entities", "people, organisations and places, one identity each",
                  assigns=("document.entities", "token_entity"),
                  reads=("document.datelines",)),
    ExtractorSpec("timexes", "TIMEX3 time expressions and their values",
                  assigns=("document.timexes", "reference_date"),
                  reads=("document.datelines",)),
    ExtractorSpec("quotes", "quotations with speaker, cue and status",
                  assigns=("document.quotes",), reads=("token_entity",)),
    ExtractorSpec("sources", "anonymous sources and chains of attribution",
                  assigns=("document.entities", "document.quotes"),
                  requires=("document.quotes", "document.entities", "token_entity")),
    ExtractorSpec("stances", "sourced stances: silence, denials, confirmations, hedges, "
                  "conditions", assigns=("document.stances",),
                  reads=("document.entities", "token_entity", "document.quotes")),
    ExtractorSpec("quantities", "numbers with what they count, source and time",
                  assigns=("document.quantities",),
                  reads=("document.datelines", "document.entities", "token_entity",
                         "document.quotes", "document.timexes", "reference_date")),
    ExtractorSpec("events", "PLOVER events with actor, target, place, time and status",
                  assigns=("document.events", "document.genre"),
                  reads=("document.datelines", "document.entities", "token_entity",
                         "document.quotes", "document.timexes")),
    # last: it scores what the others found
    ExtractorSpec("confidence", "a calibrated confidence on every item",
                  assigns=("confidence",),
                  reads=("document.entities", "document.quotes", "document.quantities",
                         "document.timexes", "document.events")),
)}

DEFAULT_EXTRACTORS: tuple[str, ...] = tuple(SPECS)


class ExtractorSelectionError(KeyError):
    """An unknown extractor, or a selection that leaves one without what it requires."""

    def __str__(self) -> str:  # the message, without KeyError's quotes
        return str(self.args[0])


@dataclass
class Context:
    """What an extractor sees: the parsed text and the document being filled."""

    doc: Doc
    document: Document
    reference_date: date | None = None
    # token index -> entity id, filled by the entities extractor
    token_entity: dict[int, str] = field(default_factory=dict)
    # per-document work several extractors share (quote regions, cue words, the speaker
    # resolver), built by the first that needs it
    memo: dict[str, object] = field(default_factory=dict)


def extractor(name: str) -> Callable[[ExtractorFn], ExtractorFn]:
    """Register ``fn`` as the extractor called ``name`` (declared in :data:`SPECS`)."""
    if name not in SPECS:
        raise ExtractorSelectionError(f"extractor {name!r} is not declared in SPECS")

    def register(fn: ExtractorFn) -> ExtractorFn:
        REGISTRY[name] = fn
        return fn

    return register


def get_extractor(name: str) -> ExtractorFn:
    if name not in REGISTRY and name in SPECS:
        importlib.import_module(SPECS[name].module)
    try:
        return REGISTRY[name]
    except KeyError:
        raise ExtractorSelectionError(
            f"unknown extractor {name!r}; known extractors: {', '.join(SPECS)}") from None


def missing_requirements(names: Iterable[str]) -> dict[str, list[str]]:
    """Extractor -> the fields it requires that no extractor before it assigns."""
    assigned = set(GIVEN)
    missing = {}
    for name in names:
        spec = SPECS[name]
        lacking = [f for f in spec.requires if f not in assigned]
        if lacking:
            missing[name] = lacking
        assigned.update(spec.assigns)
    return missing


def check_selection(names: Iterable[str], disable: Iterable[str] = ()) -> list[str]:
    """The extractors of ``names`` left after ``disable``, in order; raises
    :class:`ExtractorSelectionError` naming the dependents when one lacks what it requires."""
    names, disable = list(names), list(disable)
    for name in names + disable:
        if name not in SPECS:  # an unknown name in --disable is a user error too
            raise ExtractorSelectionError(
                f"unknown extractor {name!r}; known extractors: {', '.join(SPECS)}")
    enabled = [n for n in names if n not in disable]
    missing = missing_requirements(enabled)
    if missing:
        raise ExtractorSelectionError("; ".join(
            f"{name} requires {', '.join(fields)} ({_providers(fields, names, disable)}); "
            f"disable {name} too or keep what it requires"
            for name, fields in missing.items()))
    return enabled


def _providers(fields: list[str], names: list[str], disable: list[str]) -> str:
    providers = [n for n in SPECS if set(SPECS[n].assigns) & set(fields)]
    off = [n for n in providers if n in disable]
    if off:
        return f"from {', '.join(off)}, disabled"
    absent = [n for n in providers if n not in names]
    return f"from {', '.join(absent)}, not selected" if absent else "assigned after it"


def selection_help() -> str:
    """The ``--disable`` help: every extractor and what it requires."""
    parts = []
    for spec in SPECS.values():
        needs = sorted({n for n in SPECS for f in spec.requires if f in SPECS[n].assigns
                        and n != spec.name})
        parts.append(spec.name + (f" (needs {', '.join(needs)})" if needs else ""))
    return "Turn an extractor off (repeatable): " + ", ".join(parts) + "."


def resolve(names: tuple[str, ...] | list[str] = DEFAULT_EXTRACTORS,
            disable: tuple[str, ...] | list[str] = ()) -> list[tuple[str, ExtractorFn]]:
    return [(name, get_extractor(name)) for name in check_selection(names, disable)]
