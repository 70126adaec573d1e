"""Quantities with news value: counts, money, percentages, measures.

Each number expression found by :data:`~newsgraph.quantity.parse.NUMBER_EXPR`
is kept unless it is an age, a year, an ordinal, an identifier ("Article 5")
or part of a date; then it gets what it counts (the noun it modifies), its
source (the quote it sits in, "according to X", or the reporting verb above
it), the time it refers to, and the earlier figure it revises ("up from 3,000",
"an increase from the previous estimate of 3,000").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from newsgraph.doctext import sentence
from newsgraph.events.sourcing import attribute, phrase_name, quote_source
from newsgraph.extract import Context, extractor
from newsgraph.extract.shared import entity_names
from newsgraph.intervals import Cover, OwnedCover, starts_between
from newsgraph.quantity.parse import (
    FRACTIONS,
    NUMBER_EXPR,
    ONES,
    TENS,
    Parsed,
    parsed_change,
    parsed_from_match,
    split_change,
)
from newsgraph.schema import Quantity, Quote, Timex
from newsgraph.timex.link import time_for_span

# words before a number that make it an identifier, not a count
IDENT_WORDS = {
    "article", "section", "chapter", "resolution", "paragraph", "clause", "amendment", "no",
    "no.", "number", "flight", "route", "highway", "page", "item", "rule", "act", "room",
    "gate", "level", "phase", "stage", "category", "model", "type", "version", "grade",
    "channel", "line", "platform", "pier", "unit", "district", "ward", "block", "lot",
    "division", "brigade", "battalion", "squad", "regiment", "corps", "fleet", "army",
    "term", "season", "week", "day", "round", "game", "match", "episode", "volume", "vol",
    "apollo", "boeing", "airbus", "windows", "iphone", "covid", "g", "f", "su", "mig",
}
AGE_BEFORE = {"aged", "age", "ages"}
AGE_AFTER = re.compile(r"^\s*(?:-?\s*years?[- ]old|-?\s*year-olds?|-?\s*yo\b)", re.IGNORECASE)
# predicates that change what is counted: "600,000 soldiers killed or wounded"
COUNTING_PREDICATES = {
    "kill", "wound", "injure", "die", "displace", "evacuate", "arrest", "detain", "rescue",
    "abduct", "kidnap", "capture", "flee", "hospitalize", "hospitalise", "infect", "affect",
    "strand", "missing", "execute", "deport", "free", "release", "lay", "fire", "sack",
}
UNIT_NOUNS = {"percent", "%", "dollar", "dollars", "euro", "euros", "pound", "pounds", "yen",
              "yuan", "point", "points", "ton", "tons", "tonnes", "kilometres", "kilometers",
              "miles", "km", "times", "fold", "hundred", "thousand", "million", "billion",
              "trillion", "dozen", "bn", "m", "half", "third", "thirds", "quarter", "quarters",
              "fifth", "fifths", "tenth", "tenths"}
REVISION_HEADS = {"increase", "rise", "jump", "up", "down", "decrease", "decline", "drop",
                  "fall", "revision", "change", "surge", "climb", "growth", "hike", "cut"}
EARLIER_WORDS = {"previous", "earlier", "prior", "initial", "original", "last", "former",
                 "old", "preliminary", "first"}
ESTIMATE_NOUNS = {"estimate", "figure", "count", "toll", "tally", "number", "total", "forecast",
                  "projection", "assessment", "level"}
SKIP_ENT_TYPES = {"DATE", "TIME", "ORDINAL"}
_SPELLED_WORDS = set(ONES) | set(TENS) | {"a", "an"}


def _excluded_ranges(ctx: Context) -> list[tuple[int, int]]:
    """Char ranges that are times or dates, from the timex layer and from spaCy."""
    # durations too: "six weeks", "2.5-year war" are time, not counts
    ranges = [tuple(t.span) for t in ctx.document.timexes
              if t.type in ("DATE", "TIME", "DURATION")]
    ranges += [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ in SKIP_ENT_TYPES]
    for dl in ctx.document.datelines:
        ranges.append(tuple(dl.span))
    return ranges


def _anchor(span: Span) -> Token | None:
    """The token carrying the number itself (the last numeric token of the span)."""
    anchor = None
    for token in span:
        if token.like_num or any(ch.isdigit() for ch in token.text) or \
                token.lower_ in _SPELLED_WORDS or token.lower_ in FRACTIONS or token.lower_ in (
                "dozens", "hundreds", "thousands", "millions", "billions", "scores"):
            if token.lower_ not in ("a", "an") or anchor is None:
                anchor = token
    if anchor is None:
        return None
    # "10 million": the anchor is the number, its scale word modifies nothing new
    while anchor.dep_ in ("compound", "quantmod", "nummod") and anchor.head.lower_ in UNIT_NOUNS \
            and anchor.head.i in range(span.start, span.end):
        anchor = anchor.head
    return anchor


def _is_year(match: re.Match, parsed: Parsed) -> bool:
    text = (match["amount"] or "").strip()
    return (re.fullmatch(r"\d{4}", text) is not None and 1800 <= parsed.value <= 2100
            and parsed.unit is None)


def _is_age(doc: Doc, span: Span, text: str) -> bool:
    if AGE_AFTER.match(text[span.end_char: span.end_char + 14]):
        return True
    if span.start > 0 and doc[span.start - 1].lower_ in AGE_BEFORE:
        return True
    # "Singh, 45, said" and "Singh (45)": a bare number right after a person's name
    if span.start >= 2 and doc[span.start - 1].text in (",", "(") and \
            doc[span.start - 2].ent_type_ == "PERSON" and span.end < len(doc) and \
            doc[span.end].text in (",", ")"):
        return True
    return False


def _is_identifier(doc: Doc, span: Span, match: re.Match, parsed: Parsed) -> bool:
    if parsed.unit is not None or match["mod"] or match["lo"] or match["lo2"]:
        return False
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    if before.lower_ in IDENT_WORDS or before.text in ("#", "No."):
        return True
    if before.text == "." and span.start > 1 and doc[span.start - 2].lower_ == "no":
        return True  # "No. 1"
    amount = (match["amount"] or "").strip()
    if "," in amount or not amount[:1].isdigit():
        return False
    # "Boeing 737", "iOS 5", "Resolution 2231": a name right before a comma-less number
    if before.pos_ == "PROPN" and not before.is_sent_start and not (
            span.end < len(doc) and doc[span.end].tag_ == "NNS"):
        return True
    # "their 737 narrowbody airliner", "the 787 Dreamliner": a model number names a product
    nxt = doc[span.end] if span.end < len(doc) else None
    return len(amount) == 3 and nxt is not None and (nxt.pos_ == "PROPN" or nxt.text == "-") \
        and before.lower_ in ("the", "their", "its", "his", "her", "a", "an", "our")


def _is_pronoun_one(anchor: Token, match: re.Match) -> bool:
    """Spelled-out numbers count only when they modify a noun ("six weeks", "six of them")."""
    amount = (match["amount"] or "").strip().lower()
    if not amount or any(ch.isdigit() for ch in amount) or not amount[0].isalpha() \
            or match["unit"] or match["mod"]:
        return False
    if anchor.dep_ in ("nummod", "quantmod"):
        return False
    nxt = anchor.nbor(1) if anchor.i + 1 < len(anchor.doc) else None
    if nxt is not None and nxt.lower_ == "of" and amount != "one":
        return False
    return True


LEVEL_VERBS = {"rise", "climb", "reach", "stand", "fall", "drop", "increase", "decrease",
               "jump", "grow", "surge", "soar", "hit", "top", "exceed", "total", "decline"}


def _counted_noun(anchor: Token) -> Token | None:
    if anchor.dep_ == "conj" and anchor.head.like_num:  # "between 1,500 and 3,000 people"
        anchor = anchor.head
    # "the death toll rose to 512": the level verb's subject is what is counted
    if anchor.dep_ in ("pobj", "dobj") and (anchor.head.lemma_ in LEVEL_VERBS or (
            anchor.head.dep_ == "prep" and anchor.head.head.lemma_ in LEVEL_VERBS)):
        verb = anchor.head if anchor.head.lemma_ in LEVEL_VERBS else anchor.head.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ == "NOUN":
            return subj
    if anchor.dep_ in ("nummod", "quantmod", "compound") and anchor.head.pos_ in ("NOUN", "PROPN"):
        noun = anchor.head
        if noun.lower_ in UNIT_NOUNS:
            return _of_object(noun)
        return noun
    if anchor.dep_ == "quantmod" and anchor.head.dep_ == "nummod":
        return anchor.head.head
    # "six of them", "40% of voters"
    return _of_object(anchor)


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.pos_ in ("NOUN", "PROPN"):
                    return grand
    return None


def _counted_text(doc: Doc, noun: Token, number: Span) -> str:
    """The counted phrase: the noun with its left modifiers, and a casualty predicate."""
    start = noun.i
    floor = number.end if number.start < noun.i else 0  # never reach back into the number
    for child in noun.lefts:
        if child.dep_ in ("amod", "compound", "nmod") and child.i >= floor:
            start = min(start, min(t.i for t in child.subtree))
    start = max(start, floor)
    end = noun.i + 1
    verb = noun.head
    if noun.dep_ in ("nsubjpass", "nsubj") and verb.lemma_ in COUNTING_PREDICATES \
            and verb.i > noun.i:
        end = verb.i + 1
        for conj in verb.conjuncts:
            # "killed or wounded", not "killed and 1,200 were displaced"
            if verb.i < conj.i <= end + 2 and conj.lemma_ in COUNTING_PREDICATES and not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                end = max(end, conj.i + 1)
    words = [t.text for t in doc[start:end]
             if t.dep_ not in ("aux", "auxpass", "neg") and not t.is_punct]
    return " ".join(words)


def _quote_speaker(quotes: list[Quote], start: int, end: int) -> Quote | None:
    for quote in quotes:
        if quote.span[0] <= start and end <= quote.span[1] and quote.speaker is not None:
            return quote
    return None


def _timex_within(timexes: list[Timex], start: int, end: int,
                  in_hole: Callable[[int, int], bool] | None = None) -> str | None:
    """The first DATE inside ``[start, end)`` that is not in a hole."""
    first = bisect_left(timexes, start, key=lambda t: t.span[0])  # timexes are in text order
    for timex in timexes[first:]:
        s, e = timex.span
        if s >= end:
            break
        if e <= end and timex.type == "DATE" and not (in_hole and in_hole(s, e)):
            return timex.value
    return None


def _clause_of(anchor: Token) -> Token:
    """The verb of the clause the number sits in (or the number itself)."""
    node = anchor
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") and node is not anchor:
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return node


def _subtree_chars(token: Token) -> tuple[int, int]:
    """Char range of the token's subtree, from its edges: listing the subtree of a
    sentence root for every number was quadratic in a long sentence."""
    last = token.right_edge
    return token.left_edge.idx, last.idx + len(last)


@dataclass
class _Others:
    """The phrases and spans of the document's numbers, seen from number ``me``."""

    ranges: OwnedCover
    me: int

    def hold(self, start: int, end: int) -> bool:
        """Another number's span or phrase holds ``[start, end)``."""
        return self.ranges.holds(start, end, self.me)


def _time_for(ctx: Context, anchor: Token, own: Span, others: _Others) -> str | None:
    # a timex in the number's own phrase ("3,000 reported last Wednesday") wins
    start, end = _subtree_chars(anchor)
    found = _timex_within(ctx.document.timexes, start, end)
    if found:
        return found
    clause = _clause_of(anchor)
    # not a time that belongs to another number in the same clause
    c_start, c_end = _subtree_chars(clause)
    found = _timex_within(ctx.document.timexes, c_start, c_end, others.hold)
    if found:
        return found
    sent = sentence(anchor)
    in_sentence = starts_between(ctx.document.timexes, sent.start_char, sent.end_char)
    if in_sentence:
        found = time_for_span(ctx, own.start_char, own.end_char)
        if found and found[:1].isdigit():
            return found
    if clause.tag_ in ("VBP", "VBZ") or any(c.tag_ in ("VBP", "VBZ") and c.dep_ in ("aux",)
                                           for c in clause.children):
        return _iso(ctx.reference_date)
    return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _revision_of(anchor: Token) -> bool:
    """Is this number the earlier figure of a revision ("up from 3,000", "previous estimate of")?"""
    node = anchor
    if node.dep_ == "nummod" and node.head.dep_ == "pobj":
        node = node.head  # "increased to 167 from a previous 93 injured people"
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_ in ESTIMATE_NOUNS:
        noun = node.head.head
        if any(c.lower_ in EARLIER_WORDS for c in noun.children):
            return True
        node = noun
    if node.dep_ == "pobj" and node.head.lower_ == "from":
        return node.head.head.lemma_ in REVISION_HEADS or node.head.head.lower_ in REVISION_HEADS
    return False


def _same_change(newer: Token, older: Token) -> bool:
    """"rose to 167 from a previous 93 people": the newer figure is the "to" of the
    verb whose "from" holds the older one."""
    def verb_of(token: Token, preposition: str) -> Token | None:
        node = token.head if token.dep_ == "nummod" else token
        if node.dep_ == "pobj" and node.head.lower_ == preposition:
            return node.head.head
        return None

    verb = verb_of(older, "from")
    return verb is not None and verb_of(newer, "to") == verb


@extractor("quantities")
def extract_quantities(ctx: Context) -> None:
    ctx.document.quantities = find_quantities(ctx)


def find_quantities(ctx: Context) -> list[Quantity]:
    text = ctx.document.text
    excluded = Cover(_excluded_ranges(ctx))
    names = entity_names(ctx)
    found: list[tuple[Quantity, Token, Span]] = []
    changes: list[tuple[int, int]] = []  # (earlier figure, new figure) of "from X to Y"
    for match in NUMBER_EXPR.finditer(text):
        if (change := split_change(text, match)) is not None:
            # "rose from 12 to 20": 20 is the figure now, revising the earlier 12
            old, new = (_kept(ctx, m, parsed, excluded, names)
                        for m, parsed in zip(change, parsed_change(*change), strict=True))
            if old is not None and new is not None:
                changes.append((len(found), len(found) + 1))
            found.extend(f for f in (old, new) if f is not None)
        elif (kept := _kept(ctx, match, parsed_from_match(match), excluded, names)) is not None:
            found.append(kept)
    # each number's span and phrase: a date inside another number's belongs to that one
    owned = OwnedCover([(s.start_char, s.end_char, i) for i, (_, _, s) in enumerate(found)]
                       + [(*_subtree_chars(s.root), i) for i, (_, _, s) in enumerate(found)])
    for i, (quantity, anchor, span) in enumerate(found):
        quantity.time = _time_for(ctx, anchor, span, _Others(owned, i))
    for old_index, new_index in changes:
        _link_change(found[old_index][0], found[new_index][0])
    _link_revisions(found, skip={i for change in changes for i in change})
    return [q for q, _, _ in found]


def _kept(ctx: Context, match: re.Match, parsed: Parsed | None, excluded: Cover,
          names: dict[int, str]) -> tuple[Quantity, Token, Span] | None:
    """The quantity of one number expression, unless it is no count (a year, an age...)."""
    doc, text = ctx.doc, ctx.document.text
    start, end = match.span()
    if excluded.holds(start) or excluded.holds_end(end):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if parsed is None or parsed.value is None or span is None or len(span) == 0:
        return None
    anchor = _anchor(span)
    if anchor is None or _is_year(match, parsed) or _is_age(doc, span, text) \
            or _is_identifier(doc, span, match, parsed) or _is_pronoun_one(anchor, match):
        return None
    return _quantity(ctx, match, parsed, anchor, span, names), anchor, span


def _quantity(ctx: Context, match: re.Match, parsed: Parsed, anchor: Token, span: Span,
              names: dict[int, str]) -> Quantity:
    start, end = match.span()
    counted = None
    noun = _counted_noun(anchor)
    if noun is not None:
        counted = _counted_text(ctx.doc, noun, span)
    attribution = attribute(anchor)
    source = phrase_name(attribution.source, names) if attribution.source is not None else None
    quote = _quote_speaker(ctx.document.quotes, start, end)
    if quote is not None:
        source = quote_source(quote.speaker.name, quote.speaker.entity_id, source)
    return Quantity(text=ctx.document.text[start:end], span=(start, end), value=parsed.value,
                    high=parsed.high, approx=parsed.approx, bound=parsed.bound,
                    unit=parsed.unit, counted=counted or None, source=source)


def _link_change(old: Quantity, new: Quantity) -> None:
    """The two figures of one change count one thing, per one source."""
    old.counted = old.counted or new.counted
    new.counted = new.counted or old.counted
    old.source = old.source or new.source
    new.source = new.source or old.source
    new.revises = old.model_copy()


def _link_revisions(found: list[tuple[Quantity, Token, Span]], skip: set[int]) -> None:
    """Point a figure at the earlier figure it revises, in the same sentence (the
    figures of "from X to Y" changes, ``skip``, are linked already)."""
    for i, (quantity, anchor, _) in enumerate(found):
        if i in skip or not _revision_of(anchor):
            continue
        for j in range(i - 1, -1, -1):
            newer, newer_anchor, _ = found[j]
            if j in skip or newer.revises is not None \
                    or sentence(newer_anchor).start != sentence(anchor).start:
                continue
            if newer.unit != quantity.unit:
                continue
            if anchor.dep_ == "nummod" and not _same_change(newer_anchor, anchor):
                continue  # "a 6.3 quake ... from five people to six": 6.3 is no toll
            if quantity.counted is None:
                quantity.counted = newer.counted
            if quantity.source is None:
                quantity.source = newer.source
            newer.revises = quantity.model_copy()
            break
