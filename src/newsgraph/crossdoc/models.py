"""What the cross-article analysis returns: identities, stories, timelines, claims.

These are kept apart from :mod:`newsgraph.schema` (one analyzed article): every
record here points back into articles by ``article`` id and ``span``, so the
evidence can be shown and checked against the stored ``Document.text``. All
models are pydantic, hence JSON-serializable with ``model_dump(mode="json")``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from newsgraph.schema import EntityType, Span, Status


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(Model):
    """A piece of evidence in one article."""

    article: str
    text: str
    span: Span | None = None


class MemberRef(Model):
    """One per-article entity (``Document.entities[i].id``) inside a global identity."""

    article: str
    entity: str
    name: str


class MergeEvidence(Model):
    """Why two names were judged to be one identity."""

    left: str
    right: str
    rule: Literal["same-name", "country", "transliteration", "spelling", "surname",
                  "acronym", "alias"]
    score: float = 1.0
    detail: str = ""


class GlobalEntity(Model):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    members: list[MemberRef] = Field(default_factory=list)
    evidence: list[MergeEvidence] = Field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({m.article for m in self.members})


class Story(Model):
    """Articles about one event; near-duplicate copies are marked, not dropped."""

    id: str
    articles: list[str] = Field(default_factory=list)
    # article id -> the earlier article it is a near-duplicate copy of
    duplicates: dict[str, str] = Field(default_factory=dict)
    first_published: str | None = None
    last_published: str | None = None
    terms: list[str] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list)
    merged_from: list[str] = Field(default_factory=list)


class Assignment(Model):
    """What :class:`~newsgraph.crossdoc.clusters.StoryClusterer` decided for one article."""

    article: str
    story: str
    duplicate_of: str | None = None
    similarity: float = 0.0
    # "seen": the article id was added before; nothing changed
    reason: Literal["new", "near-duplicate", "same-event", "continuation", "seen"] = "new"
    merged: list[str] = Field(default_factory=list)


class TimelineEntry(Model):
    time: str | None = None
    # where ``time`` comes from: the item's own time, or the article's publication date
    time_source: Literal["item", "published", "none"] = "none"
    kind: Literal["quote", "quantity", "event"]
    article: str
    published: str | None = None
    text: str
    span: Span
    source: str | None = None
    status: Status | None = None
    value: float | None = None
    counted: str | None = None


class Revision(Model):
    """A quantity about the same counted thing that changed from one figure to another."""

    counted: str
    unit: str | None = None
    old_value: float
    new_value: float
    old_time: str | None = None
    new_time: str | None = None
    old: Ref
    new: Ref
    source: str | None = None
    # stated inside one article ("up from 3,000") or seen across articles over time
    within_article: bool = False
    # what the figure counts besides its noun: "killed", "injured", "freed"...
    qualifier: str | None = None
    # which earlier figure is revised, in words
    reason: str = ""


class Position(Model):
    """One source's stance on a proposition."""

    source: str | None
    status: Status
    kind: Literal["quote", "event"]
    evidence: Ref
    published: str | None = None


class Contradiction(Model):
    """Sources that disagree about one proposition (e.g. deployed / denied / not denied)."""

    proposition: str
    terms: list[str] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    # who takes which side, in words ("Kremlin denies what NATO asserts: ...")
    reason: str = ""

    @property
    def articles(self) -> list[str]:
        return sorted({p.evidence.article for p in self.positions})


class EventReport(Model):
    """One article's report of a real-world event: its mentions there and its outlet."""

    article: str
    outlet: str | None = None
    published: str | None = None
    # the mentions with a day and a known actor first: the best evidence of the report
    mentions: list[Ref] = Field(default_factory=list)
    # the earlier article this one is a near-duplicate (MinHash) copy of: a syndicated
    # wire story, not an independent report
    copy_of: str | None = None
    similarity: float = 0.0

    @property
    def independent(self) -> bool:
        return self.copy_of is None


class WorldEvent(Model):
    """A real-world event counted once, with every article that reports it."""

    id: str
    type: str
    story: str | None = None
    time: str | None = None
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    locations: list[str] = Field(default_factory=list)
    label: str = ""
    reports: list[EventReport] = Field(default_factory=list)

    def outlets(self, *, independent: bool = False) -> list[str]:
        """Distinct outlets; a report without one counts as an outlet of its own."""
        return sorted({r.outlet or f"~{r.article}" for r in self.reports
                       if r.independent or not independent})


class VersionChange(Model):
    """One difference between two versions of an article, with evidence in both."""

    kind: Literal["quote_added", "quote_removed", "quote_edited", "number_changed",
                  "number_added", "number_removed", "status_changed"]
    item: Literal["quote", "quantity", "event"]
    subject: str | None = None  # speaker, counted thing or event type
    old: Ref | None = None
    new: Ref | None = None
    old_value: float | None = None
    new_value: float | None = None
    old_status: Status | None = None
    new_status: Status | None = None
