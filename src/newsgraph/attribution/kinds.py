"""Choosing kinds of attribution (``--attribution-kinds speech,report``)."""

from __future__ import annotations

from collections.abc import Iterable

from newsgraph.schema import ATTRIBUTION_KINDS, Document


def parse_attribution_kinds(kinds: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """Kinds named in a list or a comma-separated string; None (all) when none is named.
    An unknown kind is a ValueError naming the known ones."""
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    names = [k.strip().lower() for item in kinds for k in item.split(",") if k.strip()]
    unknown = [k for k in names if k not in ATTRIBUTION_KINDS]
    if unknown:
        raise ValueError(f"unknown attribution kind {unknown[0]!r}; known kinds: "
                         f"{', '.join(ATTRIBUTION_KINDS)}")
    if not names or set(names) == set(ATTRIBUTION_KINDS):
        return None
    return tuple(dict.fromkeys(names))


def keep_attribution_kinds(document: Document, kinds: Iterable[str]) -> None:
    """Keep only the quotes (and the stances they carry) of the chosen kinds; a quote of
    no known kind goes too, since nobody chose it."""
    chosen = set(kinds)
    dropped = [q for q in document.quotes if q.attribution_kind not in chosen]
    document.quotes = [q for q in document.quotes if q.attribution_kind in chosen]
    cues = {q.cue.span for q in dropped if q.cue is not None}
    document.stances = [s for s in document.stances
                        if s.cue is None or s.cue.span not in cues]
