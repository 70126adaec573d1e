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

from spacy.tokens import Span, Token

from newsgraph.doctext import doc_text
from newsgraph.timex.tense import governing_verb, span_tokens

_ANCHORS = ("DATE", "TIME")
_MODIFIERS = ("acl", "relcl", "advcl", "amod")


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


def time_for_span(ctx, start: int, end: int) -> str | None:
    """The TIMEX3 value of the time the span's clause is about, or None.

    ``ctx`` is an extractor :class:`~newsgraph.extract.Context` whose
    ``document.timexes`` are filled (the timexes extractor runs first).
    """
    doc = ctx.doc
    timexes = [t for t in ctx.document.timexes if t.type in _ANCHORS]
    if not timexes or start >= end:
        return None
    span = span_tokens(doc, max(0, start), min(end, len(doc_text(doc))))
    if span is None or not len(span):
        return None
    verb = _span_verb(span)
    if verb is None:
        return None
    sentence = verb.sent
    chain = _verb_chain(verb)
    best: tuple[int, str] | None = None
    for timex in timexes:
        t_start, t_end = timex.span
        if t_start < sentence.start_char or t_end > sentence.end_char:
            continue
        t_span = span_tokens(doc, t_start, t_end)
        if t_span is None or not len(t_span):
            continue
        t_verb = governing_verb(t_span)
        if t_verb is None:
            continue
        if t_verb.i in chain:
            rank = chain.index(t_verb.i)  # the nearest verb up the chain wins
        elif span.start <= t_verb.head.i < span.end and t_verb.dep_ in _MODIFIERS:
            rank = 0  # "3,000 reported last Wednesday": a clause on the item itself
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, timex.value)
    return best[1] if best else None
