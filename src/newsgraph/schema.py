"""The one schema every layer shares.

Every extracted item carries ``span``: a ``[start, end)`` pair of character
offsets into :attr:`Document.text`, and ``text``: the evidence, equal to
``document.text[start:end]``. :func:`check_spans` verifies that invariant.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Span = tuple[int, int]
# A calibrated probability that the item (or the one field it names) is right:
# fitted on the shared train/dev sets (see newsgraph.confidence). None = not scored.
Confidence = Annotated[float, Field(ge=0.0, le=1.0)] | None

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER"]
QuoteKind = Literal["direct", "partial", "indirect"]
# What kind of act the cue reports (from data/attribution_kinds.tsv, keyed by the cue's lemma):
# speech ("said"), report (a written or published report: "wrote", "according to"),
# belief (cognition: "believes", "expects"), stance (a position: "supports", "rejected").
AttributionKind = Literal["speech", "report", "belief", "stance"]
ATTRIBUTION_KINDS: tuple[str, ...] = ("speech", "report", "belief", "stance")
Status = Literal[
    "asserted",
    "confirmed",
    "denied",
    "not_confirmed",
    "not_denied",
    "no_comment",
    "hedged",
    "conditional",
    "reported",
]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Bound = Literal["lower", "upper", "exact", "range"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(Model):
    """A piece of the document: its offsets and the text they cover."""

    text: str
    span: Span

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        start, end = self.span
        if not 0 <= start <= end:
            raise ValueError(f"span {self.span} is not an ordered [start, end) pair")
        return self


class Mention(Evidence):
    pass


class Entity(Model):
    id: str
    name: str
    type: EntityType
    mentions: list[Mention] = Field(default_factory=list)
    # Anonymous and collective sources ("a senior US defense official",
    # "Western intelligence sources") are entities too: ``anonymous`` is set,
    # ``description`` is the phrase, ``affiliation`` who they belong to ("US", "defense").
    anonymous: bool = False
    description: str | None = None
    affiliation: str | None = None
    confidence: Confidence = None


class Dateline(Evidence):
    places: list[str] = Field(default_factory=list)
    date: str | None = None


class Boilerplate(Model):
    """Text kept out of the analyzed text: captions, credits, disclaimers.

    It has no span into ``text`` because it is not in ``text``; ``line`` is
    its 1-based line number in the input as read.
    """

    text: str
    kind: Literal["disclaimer", "caption", "credit", "navigation", "other"]
    line: int | None = None


class Speaker(Model):
    """Who holds an attribution. ``unresolved``: a pronoun or description that names
    nobody the article names ("she" with no fitting antecedent); ``name`` is its text."""

    name: str
    entity_id: str | None = None
    unresolved: bool = False
    role: str | None = None
    span: Span | None = None
    confidence: Confidence = None


class Cue(Evidence):
    pass


class Quote(Evidence):
    """One attribution. ``span`` covers all of it; ``segments`` are the quoted words in
    order: one span for a quotation in one piece, several for a quotation split by its cue
    ('"A," he said. "B."') or carried over paragraphs. ``quoted`` lists the spans an
    indirect quote reproduces word for word ('called it "a disaster"')."""

    kind: QuoteKind
    segments: list[Span] = Field(default_factory=list)
    quoted: list[Span] = Field(default_factory=list)
    attribution_kind: AttributionKind | None = None
    speaker: Speaker | None = None
    cue: Cue | None = None
    channel: str | None = None
    status: Status = "asserted"
    time: str | None = None
    # Chain of attribution, outermost first: "The outlets cited unnamed sources
    # as saying ..." has speaker = the sources and via = [the outlets].
    via: list[Speaker] = Field(default_factory=list)
    confidence: Confidence = None
    status_confidence: Confidence = None


class Stance(Evidence):
    """A sourced position that need not be a quotation: a refusal or silence
    (no_comment), a denial, a confirmation, a hedge, a condition. ``span`` is the evidence
    (the clause that states the stance); ``proposition`` what the stance is about, when the
    text names it; ``holder`` who holds it (``entity_id`` when resolved, ``name`` its text,
    or None for a writer's hedge such as "allegedly")."""

    status: Status
    holder: Speaker | None = None
    cue: Cue | None = None
    proposition: Evidence | None = None
    negated: bool = False


class Quantity(Evidence):
    value: float | None = None
    high: float | None = None
    approx: bool = False
    bound: Bound | None = None
    unit: str | None = None
    counted: str | None = None
    source: str | None = None
    time: str | None = None
    revises: Quantity | None = None
    confidence: Confidence = None


class Timex(Evidence):
    type: TimexType
    value: str
    mod: str | None = None
    inferred: bool = False
    confidence: Confidence = None


class Event(Evidence):
    type: str
    actor: str | None = None
    target: str | None = None
    location: str | None = None
    time: str | None = None
    status: Status = "asserted"
    source: str | None = None
    # actor dictionary codes: ISO 3166 alpha-3 (or IGO, NGO, IMG) + sector, e.g. "PRKMIL"
    actor_code: str | None = None
    target_code: str | None = None
    # the article's entities the actor and target are (a resolved pronoun: its antecedent's
    # entity), and the spans of the phrases that name them in this mention
    actor_entity_id: str | None = None
    actor_span: Span | None = None
    target_entity_id: str | None = None
    target_span: Span | None = None
    # the place as a gazetteer entry: GeoNames id and WGS84 coordinates (None: not found)
    location_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # further mentions of the same happening in this article ("the attack" later on)
    mentions: list[Mention] = Field(default_factory=list)
    confidence: Confidence = None


Genre = Literal["news", "interview", "opinion", "howto", "business"]


class Document(Model):
    """One analyzed article."""

    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_inferred: bool = False
    language: str | None = None
    # what kind of piece: its verbs report events only in news (see newsgraph.events.genre)
    genre: Genre | None = None
    text: str
    datelines: list[Dateline] = Field(default_factory=list)
    boilerplate: list[Boilerplate] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    # what reading had to replace for the text to be stored ("1 lone surrogate in the
    # title replaced with U+FFFD"): the input differs from the source there
    repairs: list[str] = Field(default_factory=list)


def _evidence_items(doc: Document):
    """Yield (path, evidence) for every spanned item in ``doc``."""
    groups: dict[str, list[Evidence]] = {
        "datelines": doc.datelines,
        "quotes": doc.quotes,
        "stances": doc.stances,
        "quantities": doc.quantities,
        "timexes": doc.timexes,
        "events": doc.events,
    }
    for field, items in groups.items():
        for i, item in enumerate(items):
            yield f"{field}[{i}]", item
    for i, entity in enumerate(doc.entities):
        for j, mention in enumerate(entity.mentions):
            yield f"entities[{i}].mentions[{j}]", mention
    for i, quote in enumerate(doc.quotes):
        if quote.cue is not None:
            yield f"quotes[{i}].cue", quote.cue
    for i, stance in enumerate(doc.stances):
        if stance.cue is not None:
            yield f"stances[{i}].cue", stance.cue
        if stance.proposition is not None:
            yield f"stances[{i}].proposition", stance.proposition


def check_spans(doc: Document) -> list[str]:
    """Return a description of every span whose text is not the slice it names."""
    problems = []
    for path, item in _evidence_items(doc):
        start, end = item.span
        if end > len(doc.text) or doc.text[start:end] != item.text:
            problems.append(f"{path}: span {item.span} does not cover {item.text!r}")
    for i, quote in enumerate(doc.quotes):
        for start, end in [*quote.segments, *quote.quoted]:
            if not quote.span[0] <= start <= end <= quote.span[1]:
                problems.append(f"quotes[{i}]: piece {(start, end)} lies outside {quote.span}")
    return problems


def json_schema() -> dict:
    return Document.model_json_schema()


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2)
