"""Helpers more than one extractor (and the evaluation) use: what the entities
extractor left on the :class:`~newsgraph.extract.Context`, by token."""

from __future__ import annotations

from newsgraph.extract import Context

PLACE_TYPES = ("GPE", "LOC", "FAC")


def entity_names(ctx: Context) -> dict[int, str]:
    """Token index -> the name of the entity the token belongs to."""
    names = {e.id: e.name for e in ctx.document.entities}
    return {i: names[eid] for i, eid in ctx.token_entity.items() if eid in names}


def place_tokens(ctx: Context) -> set[int]:
    """Indexes of the tokens that belong to a place entity."""
    kinds = {e.id: e.type for e in ctx.document.entities}
    return {i for i, eid in ctx.token_entity.items() if kinds.get(eid) in PLACE_TYPES}
