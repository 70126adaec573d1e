"""Per-article extractors: small functions over a spaCy ``Doc``, registered by name.

An extractor takes an :class:`Context` and fills one part of its
:class:`~newsgraph.schema.Document`. Extractors run in the order of
:data:`DEFAULT_EXTRACTORS`; later ones may read what earlier ones filled
(quotes read entities, quantities read quotes and timexes).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from newsgraph.schema import Document

ExtractorFn = Callable[["Context"], None]

REGISTRY: dict[str, ExtractorFn] = {}

DEFAULT_EXTRACTORS: tuple[str, ...] = (
    "datelines",
    "entities",
    "timexes",
    "quotes",
    "sources",
    "quantities",
    "events",
    "confidence",  # last: it scores what the others found
)

_MODULES = {name: f"newsgraph.extract.{name}" for name in DEFAULT_EXTRACTORS}


@dataclass
class Context:
    """What an extractor sees: the parsed text and the document being filled."""

    doc: Doc
    document: Document
    reference_date: date | None = None
    # token index -> entity id, filled by the entities extractor
    token_entity: dict[int, str] = field(default_factory=dict)


def extractor(name: str) -> Callable[[ExtractorFn], ExtractorFn]:
    """Register ``fn`` as the extractor called ``name``."""

    def register(fn: ExtractorFn) -> ExtractorFn:
        REGISTRY[name] = fn
        return fn

    return register


def get_extractor(name: str) -> ExtractorFn:
    if name not in REGISTRY and name in _MODULES:
        importlib.import_module(_MODULES[name])
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(set(REGISTRY) | set(_MODULES)))
        raise KeyError(f"unknown extractor {name!r}; known extractors: {known}") from None


def resolve(names: tuple[str, ...] | list[str] = DEFAULT_EXTRACTORS,
            disable: tuple[str, ...] | list[str] = ()) -> list[tuple[str, ExtractorFn]]:
    for name in disable:
        get_extractor(name)  # an unknown name in --disable is a user error too
    return [(name, get_extractor(name)) for name in names if name not in disable]
