"""Which time an item is about: the timex its clause says, if the sentence says one.

:func:`time_for_span` serves the quote, quantity and event extractors: given the
character span of their item, it finds the verb that governs the span and returns the
TIMEX3 value of the time expression attached to that same verb ("North Korean units
had been spotted on Thursday" -> the value of "Thursday"). When no timex hangs on
that verb, a timex on a verb above it in the same sentence counts ("said on Thursday
that troops had moved" gives the quote's content the saying's time only if nothing
nearer does); durations and sets are not times an item is "about".
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newsgraph.doctext import doc_text, sentence
from newsgraph.timex.tense import governing_verb, span_tokens

_ANCHORS = ("DATE", "TIME")
_MODIFIERS = ("acl", "relcl", "advcl", "amod")
_CACHE = "newsgraph.timex_anchors"


def _verb_chain(token: Token, limit: int = 12) -> list[int]:
    """Token indices of the verbs from ``token`` up to its sentence root."""
    chain = []
    seen = 0
    while seen < limit:
        if token.pos_ in ("VERB", "AUX"):
            chain.append(token.i)
        if token.head.i == token.i:
            break
        token = token.head
        seen += 1
    return chain


def _span_verb(span: Span) -> Token | None:
    for token in span:
        if token.pos_ == "VERB" and token.dep_ in ("ROOT", "ccomp", "xcomp", "advcl", "relcl",
                                                   "conj", "acl"):
            return token
    return governing_verb(span) or span.root


@dataclass(frozen=True)
class _Anchor:
    """A timex with the verb that governs it, computed once per document."""

    order: int
    start: int
    end: int
    value: str
    verb: int
    verb_head: int
    modifier: bool


@dataclass
class _Anchors:
    """Timexes indexed by governing verb, so each item's lookup is cheap.

    Finding the verb of every timex again for every item was quadratic in the
    document (cubic with the whole-text rebuild it once did): a single long
    sentence with many dates stalled the analysis.
    """

    count: int
    by_verb: dict[int, list[_Anchor]] = field(default_factory=dict)
    modifiers: list[tuple[int, _Anchor]] = field(default_factory=list)  # sorted by verb_head


def _anchors(ctx) -> _Anchors:
    timexes = ctx.document.timexes
    cached = ctx.doc.user_data.get(_CACHE)
    if cached is not None and cached.count == len(timexes):
        return cached
    anchors = _Anchors(count=len(timexes))
    for order, timex in enumerate(timexes):
        if timex.type not in _ANCHORS:
            continue
        t_span = span_tokens(ctx.doc, *timex.span)
        if t_span is None or not len(t_span):
            continue
        t_verb = governing_verb(t_span)
        if t_verb is None:
            continue
        anchor = _Anchor(order, timex.span[0], timex.span[1], timex.value, t_verb.i,
                         t_verb.head.i, t_verb.dep_ in _MODIFIERS)
        anchors.by_verb.setdefault(t_verb.i, []).append(anchor)
        if anchor.modifier:
            anchors.modifiers.append((anchor.verb_head, anchor))
    anchors.modifiers.sort(key=lambda pair: (pair[0], pair[1].order))
    ctx.doc.user_data[_CACHE] = anchors
    return anchors


def time_for_span(ctx, start: int, end: int) -> str | None:
    """The TIMEX3 value of the time the span's clause is about, or None.

    ``ctx`` is an extractor :class:`~newsgraph.extract.Context` whose
    ``document.timexes`` are filled (the timexes extractor runs first).
    """
    doc = ctx.doc
    if start >= end or not any(t.type in _ANCHORS for t in ctx.document.timexes):
        return None
    span = span_tokens(doc, max(0, start), min(end, len(doc_text(doc))))
    if span is None or not len(span):
        return None
    verb = _span_verb(span)
    if verb is None:
        return None
    sent = sentence(verb)
    bounds = (sent.start_char, sent.end_char)
    chain = _verb_chain(verb)
    anchors = _anchors(ctx)
    # rank 0: a timex on the item's own verb, or on a clause modifying the item
    # ("3,000 reported last Wednesday"); then the verbs up the chain, nearest first
    first = [a for a in anchors.by_verb.get(chain[0], ()) if _inside(a, bounds)][:1] \
        if chain else []
    first += _modifying(anchors, span.start, span.end, set(chain), bounds)
    if first:
        return min(first, key=lambda a: a.order).value
    for verb_index in chain[1:]:
        for anchor in anchors.by_verb.get(verb_index, ()):
            if _inside(anchor, bounds):
                return anchor.value
    return None


def _inside(anchor: _Anchor, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= anchor.start and anchor.end <= bounds[1]


def _modifying(anchors: _Anchors, first: int, last: int, chain: set[int],
               bounds: tuple[int, int]) -> list[_Anchor]:
    """The first timex (in text order) whose verb modifies a token of ``[first, last)``."""
    heads = anchors.modifiers
    i = bisect_left(heads, first, key=lambda pair: pair[0])
    found: list[_Anchor] = []
    while i < len(heads) and heads[i][0] < last:
        anchor = heads[i][1]
        if anchor.verb not in chain and _inside(anchor, bounds):
            found.append(anchor)
        i += 1
    return [min(found, key=lambda a: a.order)] if found else []
