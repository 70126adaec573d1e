"""Time expressions of a parsed document: tagger extents, parse checks, TIMEX3 values."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from newsgraph.schema import Timex
from newsgraph.timex.normalize import normalize
from newsgraph.timex.tagger import tag
from newsgraph.timex.tense import governing_verb, keep_candidate, span_tokens, verb_tense


def find_timexes(doc: Doc, reference_date: date | None) -> list[Timex]:
    """The TIMEX3 expressions of ``doc``, valued relative to ``reference_date``."""
    text = doc.text
    found: list[Timex] = []
    for start, end, _name in tag(text):
        span = span_tokens(doc, start, end)
        tense = None
        if span is not None and len(span):
            if not keep_candidate(span, text):
                continue
            tense = verb_tense(governing_verb(span))
        extent = text[start:end]
        kind, value, mod = normalize(extent, reference_date, tense)
        inferred = False
        if reference_date is not None:
            # a value that the text alone does not give was computed from the reference date
            inferred = normalize(extent, None, tense)[1] != value
        found.append(Timex(text=extent, span=(start, end), type=kind, value=value, mod=mod,
                           inferred=inferred))
    return found
