"""What the REST API returns: pages of rows that point back into articles."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from newsgraph.crossdoc.models import GlobalEntity, TimelineEntry, WorldEvent
from newsgraph.schema import Event, Quantity, Quote

T = TypeVar("T")

MAX_LIMIT = 500


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(Model, Generic[T]):
    total: int = Field(description="rows matching the filters, before limit/offset")
    limit: int
    offset: int
    items: list[T]


class ArticleSummary(Model):
    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    story: str | None = None
    chars: int
    entities: int
    quotes: int
    quantities: int
    events: int


class EntitySummary(Model):
    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    articles: int
    mentions: int
    quotes: int = Field(description="quotations this entity is the speaker of")


class QuoteRow(Quote):
    article: str
    index: int = Field(description="position in the article's quotes")
    speaker_entity: str | None = Field(None, description="global entity id of the speaker")


class QuantityRow(Quantity):
    article: str
    index: int


class EventRow(Event):
    article: str
    index: int
    actor_entity: str | None = Field(None, description="global entity id of the actor")
    target_entity: str | None = Field(None, description="global entity id of the target")


class EntityDetail(Model):
    entity: GlobalEntity
    said: list[QuoteRow] = Field(description="quotations the entity is the speaker of")
    said_about: list[QuoteRow] = Field(description="quotations by others that mention it")
    events: list[EventRow] = Field(description="events it is the actor or target of")
    timeline: list[TimelineEntry]
    n_articles: int | None = Field(None, description="articles naming the entity; the lists "
                                   "above may hold only the first of long ones")


class SearchHit(Model):
    kind: str = Field(description="article, entity, quote")
    id: str
    article: str | None = None
    title: str
    snippet: str


class WorldEventRow(WorldEvent):
    """A real-world event counted once, with its report counts side by side."""

    n_reports: int = Field(description="articles reporting it")
    n_independent_reports: int = Field(description="reports that are not syndicated copies")
    n_outlets: int
    n_independent_outlets: int = Field(description="outlets with an independent report")

    @classmethod
    def of(cls, event: WorldEvent) -> WorldEventRow:
        return cls(**event.model_dump(), n_reports=len(event.reports),
                   n_independent_reports=sum(r.independent for r in event.reports),
                   n_outlets=len(event.outlets()),
                   n_independent_outlets=len(event.outlets(independent=True)))


NETWORK_NODES = 40  # names drawn on the network page, the best-connected first


@dataclass
class Edge:
    """A link of the network: who speaks about or acts on whom, with its first pieces
    of evidence (``weight`` of them in all)."""

    source: str
    target: str
    relation: str  # "speaks about" or "acts on"
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    count: int | None = None  # all pieces of evidence, when ``evidence`` holds the first few

    @property
    def weight(self) -> int:
        return self.count if self.count is not None else len(self.evidence)

    @property
    def title(self) -> str:
        return f"{self.source} {self.relation} {self.target} ({self.weight})"


def node_degrees(edges: list[Edge]) -> Counter:
    """Name -> the evidence of the links it is in."""
    degree: Counter = Counter()
    for e in edges:
        degree[e.source] += e.weight
        degree[e.target] += e.weight
    return degree


def best_connected(edges: list[Edge], limit: int) -> list[str]:
    """The ``limit`` names in most links' evidence, ties by name (as the store ranks them)."""
    degree = node_degrees(edges)
    return sorted(degree, key=lambda n: (-degree[n], n))[:limit]
