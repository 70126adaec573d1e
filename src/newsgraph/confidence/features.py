"""Evidence features of extracted items, coarse to fine.

Each function returns a tuple of short strings; the calibration tables back off
from the full tuple to its shorter prefixes when a combination was rarely seen
in training, so the most telling feature comes first. Features are read from the
item itself and the parsed ``Doc`` only, never from gold data, so the same code
serves fitting (:mod:`newsgraph.eval.calibration.fit`) and the extractor.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsgraph.attribution.lexicon import load_lexicon
from newsgraph.data import word_list
from newsgraph.schema import Entity, Event, Quantity, Quote, Speaker, Timex

Features = tuple[str, ...]

_PRONOUNS = word_list("pronouns.subject_object")
_DIGIT = re.compile(r"\d")


def _band(value: int, edges: tuple[int, ...], names: tuple[str, ...]) -> str:
    """The name of the first band whose upper edge exceeds ``value``."""
    for edge, name in zip(edges, names, strict=False):
        if value < edge:
            return name
    return names[-1]


def cue_band(quote: Quote, doc: Doc) -> str:
    """How common the cue is in PolNeAR train (the lexicon's frequency): none/rare/mid/top."""
    if quote.cue is None:
        return "none"
    span = doc.char_span(*quote.cue.span, alignment_mode="expand")
    if span is None or not len(span):
        return "none"
    lexicon, head = load_lexicon(), span[0]
    lemma = head.lemma_.lower()
    if lemma == "according":
        return "according"
    entry = lexicon.verbs.get(lemma) or lexicon.nouns.get(lemma)
    if entry is None:
        return "rare"
    return _band(entry.train_freq, (10, 200), ("rare", "mid", "top"))


def _length(quote: Quote) -> str:
    words = len(quote.text.split())
    return _band(words, (4, 12, 40), ("tiny", "short", "mid", "long"))


def quote_features(quote: Quote, doc: Doc) -> Features:
    return (quote.kind, cue_band(quote, doc), "speaker" if quote.speaker else "nospeaker",
            _length(quote))


def speaker_how(speaker: Speaker, text: str, anonymous: frozenset[str] = frozenset()) -> str:
    """How the speaker was found: a named entity, an anonymous or collective source, a
    resolved or bare pronoun, a phrase."""
    said = text[speaker.span[0]:speaker.span[1]].strip().lower() if speaker.span else ""
    if said in _PRONOUNS:
        return "pronoun-bare" if speaker.name.strip().lower() in _PRONOUNS else "pronoun-named"
    if speaker.entity_id in anonymous:
        return "anonymous"
    if speaker.entity_id:
        return "entity"
    if not speaker.span:
        return "nospan"
    return "description"


def speaker_features(quote: Quote, doc: Doc, text: str,
                     anonymous: frozenset[str] = frozenset()) -> Features:
    assert quote.speaker is not None
    return (speaker_how(quote.speaker, text, anonymous), quote.kind, cue_band(quote, doc))


def anonymous_ids(entities: list[Entity]) -> frozenset[str]:
    return frozenset(e.id for e in entities if e.anonymous)


def status_features(quote: Quote, doc: Doc) -> Features:
    return (quote.status, quote.kind, cue_band(quote, doc))


def quantity_features(q: Quantity) -> Features:
    form = "digits" if _DIGIT.search(q.text) else "words"
    return (form, "counted" if q.counted else "bare", "unit" if q.unit else "nounit",
            q.bound or ("approx" if q.approx else "plain"),
            "sourced" if q.source else "unsourced")


_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def timex_shape(value: str) -> str:
    """Whether the value is fully specified, coarse, relative or underspecified."""
    if "X" in value:
        return "underspecified"
    if value.endswith("_REF"):
        return "ref"
    if _FULL_DATE.match(value):
        return "day"
    if "T" in value and value[:4].isdigit():
        return "clock"
    if _MONTH.match(value) or _YEAR.match(value):
        return "month-year"
    if value.startswith("P") or value.startswith("T"):
        return "duration"
    return "other"


def timex_features(t: Timex) -> Features:
    digits = "digits" if _DIGIT.search(t.text) else "words"
    return (t.type, timex_shape(t.value), digits, "inferred" if t.inferred else "stated",
            "mod" if t.mod else "nomod")


def event_features(e: Event, doc: Doc) -> Features:
    span = doc.char_span(*e.span, alignment_mode="expand")
    pos = span[0].pos_ if span is not None and len(span) else "X"
    coded = "coded" if e.actor_code else ("actor" if e.actor else "noactor")
    return (coded, "target" if e.target or e.target_code else "notarget",
            "verb" if pos == "VERB" else "noun", e.type)


def entity_features(entity: Entity) -> Features:
    mentions = _band(len(entity.mentions), (2, 4), ("one", "few", "many"))
    first = entity.mentions[0].text if entity.mentions else ""
    shape = "caps" if first.isupper() else ("multi" if " " in first else "single")
    return (entity.type, mentions, shape)
