"""What the REST API returns: pages of rows that point back into articles."""

from __future__ import annotations

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
