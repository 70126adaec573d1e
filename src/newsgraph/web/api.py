"""The REST API: paginated, filterable reads and an analyze endpoint (OpenAPI at /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from newsgraph.attribution.kinds import parse_attribution_kinds
from newsgraph.crossdoc.models import Contradiction, Revision, Story, TimelineEntry
from newsgraph.ingest.base import surrogate_repair
from newsgraph.schema import ATTRIBUTION_KINDS, Document, EntityType, QuoteKind, Status
from newsgraph.textsafety import count_surrogates, without_surrogates
from newsgraph.timeutil import parse_date
from newsgraph.web.analysis import analyze_text
from newsgraph.web.models import (
    MAX_LIMIT,
    ArticleSummary,
    EntityDetail,
    EntitySummary,
    EventRow,
    Page,
    QuantityRow,
    QuoteRow,
    SearchHit,
    WorldEventRow,
)
from newsgraph.web.repository import Repository

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="rows to skip")]
Text = Annotated[str | None, Query(max_length=200)]
MAX_TEXT = 1_000_000

router = APIRouter(prefix="/api", tags=["api"])


class Problem(BaseModel):
    detail: str | list[dict[str, Any]] = Field(
        description="why: a message, or FastAPI's list of validation errors")


NOT_FOUND = {404: {"model": Problem, "description": "no such item"}}


def repo(request: Request) -> Repository:
    return request.app.state.repo


def _page(rows: tuple[int, list], limit: int, offset: int) -> dict:
    total, items = rows
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _missing(kind: str, key: str) -> HTTPException:
    return HTTPException(404, f"no {kind} {key!r}")


@router.get("/articles", response_model=Page[ArticleSummary])
def list_articles(request: Request, q: Text = None, story: Text = None,
                  limit: Limit = 50, offset: Offset = 0):
    """Articles, newest first; ``q`` matches title or text, ``story`` a story id."""
    return _page(repo(request).articles(q=q, story=story, limit=limit, offset=offset),
                 limit, offset)


@router.get("/articles/{article_id:path}", response_model=Document, responses=NOT_FOUND)
def get_article(request: Request, article_id: str):
    """One analyzed article with every extraction."""
    doc = repo(request).article(article_id)
    if doc is None:
        raise _missing("article", article_id)
    return doc


@router.get("/entities", response_model=Page[EntitySummary])
def list_entities(request: Request, name: Text = None, type: EntityType | None = None,
                  limit: Limit = 50, offset: Offset = 0):
    """Global entities (resolved across articles), most mentioned first."""
    return _page(repo(request).entities(name=name, type=type, limit=limit, offset=offset),
                 limit, offset)


@router.get("/entities/{entity_id:path}", response_model=EntityDetail, responses=NOT_FOUND)
def get_entity(request: Request, entity_id: str):
    """Who the entity is, what it said, what was said about it, its timeline."""
    detail = repo(request).entity(entity_id)
    if detail is None:
        raise _missing("entity", entity_id)
    return detail


_KIND = "(" + "|".join(ATTRIBUTION_KINDS) + ")"
_KINDS_PATTERN = f"^{_KIND}(,{_KIND})*$"


@router.get("/quotes", response_model=Page[QuoteRow])
def list_quotes(request: Request,
                speaker: Annotated[str | None, Query(
                    max_length=200, description="global entity id or part of the name")] = None,
                status: Status | None = None, kind: QuoteKind | None = None,
                article: Text = None, limit: Limit = 50, offset: Offset = 0,
                attribution_kinds: Annotated[str | None, Query(
                    max_length=100, pattern=_KINDS_PATTERN,
                    description="kinds of attribution to keep, comma-separated: speech, "
                                "report, belief, stance (default: all)")] = None):
    """Quotations, filterable by speaker, epistemic status, kind, kind of attribution and
    article."""
    kinds = parse_attribution_kinds(attribution_kinds)  # the pattern admits known kinds only
    return _page(repo(request).quotes(speaker=speaker, status=status, kind=kind,
                                      article=article, limit=limit, offset=offset,
                                      attribution_kinds=kinds),
                 limit, offset)


@router.get("/quantities", response_model=Page[QuantityRow])
def list_quantities(request: Request, article: Text = None,
                    counted: Text = None, unit: Text = None,
                    limit: Limit = 50, offset: Offset = 0):
    """Numbers with what they count, their source and time."""
    return _page(repo(request).quantities(article=article, counted=counted, unit=unit,
                                          limit=limit, offset=offset), limit, offset)


@router.get("/events", response_model=Page[EventRow])
def list_events(request: Request, type: Text = None, status: Status | None = None,
                article: Text = None, limit: Limit = 50, offset: Offset = 0):
    """PLOVER events, filterable by type, status and article."""
    return _page(repo(request).events(type=type, status=status, article=article,
                                      limit=limit, offset=offset), limit, offset)


@router.get("/events/world", response_model=Page[WorldEventRow])
def list_world_events(request: Request, type: Text = None, story: Text = None,
                      min_reports: Annotated[int, Query(ge=1, le=10**6)] = 1,
                      limit: Limit = 50, offset: Offset = 0):
    """Real-world events counted once, most reported first: each with its reports
    (articles, outlets, syndicated copies) and their counts side by side."""
    return _page(repo(request).world_events(type=type, story=story, min_reports=min_reports,
                                            limit=limit, offset=offset), limit, offset)


@router.get("/stories", response_model=Page[Story])
def list_stories(request: Request, limit: Limit = 50, offset: Offset = 0):
    """Story clusters, largest first."""
    return _page(repo(request).stories(limit=limit, offset=offset), limit, offset)


@router.get("/stories/{story_id}", response_model=Story, responses=NOT_FOUND)
def get_story(request: Request, story_id: str):
    story = repo(request).story(story_id)
    if story is None:
        raise _missing("story", story_id)
    return story


@router.get("/stories/{story_id}/timeline", response_model=list[TimelineEntry],
            responses=NOT_FOUND)
def get_timeline(request: Request, story_id: str):
    """Events and numbers of the story's articles in time order."""
    if repo(request).story(story_id) is None:
        raise _missing("story", story_id)
    return repo(request).timeline(story_id)


@router.get("/revisions", response_model=Page[Revision])
def list_revisions(request: Request, story: Text = None, limit: Limit = 50,
                   offset: Offset = 0):
    """Figures that changed (e.g. an estimate revised from 3,000 to 10,000)."""
    return _page(repo(request).revisions(story=story, limit=limit, offset=offset),
                 limit, offset)


@router.get("/contradictions", response_model=Page[Contradiction])
def list_contradictions(request: Request, story: Text = None, limit: Limit = 50,
                        offset: Offset = 0):
    """Propositions that sources disagree about, with every position and its evidence."""
    return _page(repo(request).contradictions(story=story, limit=limit, offset=offset),
                 limit, offset)


@router.get("/search", response_model=Page[SearchHit])
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Limit = 50, offset: Offset = 0):
    """Entities, articles and quotations containing ``q``."""
    return _page(repo(request).search(q, limit=limit, offset=offset), limit, offset)


class AnalyzeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                  description="publication date, YYYY-MM-DD")
    title: str | None = Field(None, max_length=1000)
    _repairs: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="wrap")
    @classmethod
    def _replace_surrogates(cls, data: Any, handler):
        """A lone surrogate ("\\ud800" in the JSON) is replaced with U+FFFD, and the
        answer says so in ``repairs``, rather than the whole text being refused."""
        repairs: list[str] = []
        if isinstance(data, dict):
            data = dict(data)
            for name in ("title", "text"):
                value = data.get(name)
                if isinstance(value, str) and (count := count_surrogates(value)):
                    repairs.append(surrogate_repair(name, count))
                    data[name] = without_surrogates(value)
        request = handler(data)
        request._repairs = repairs
        return request

    @field_validator("published")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None and parse_date(value) is None:
            raise ValueError("not a calendar date")  # "2024-13-45" matches the pattern
        return value


@router.post("/analyze", response_model=Document,
             responses={400: {"model": Problem}, 413: {"model": Problem},
                        422: {"model": Problem}, 503: {"model": Problem}})
async def analyze(request: Request, body: AnalyzeRequest):
    """Run the pipeline on posted text; nothing is stored and no URL is fetched.
    503 with Retry-After when the analysis queue is full."""

    document = await analyze_text(request.app, body.text, published=body.published,
                                  title=body.title)
    if body._repairs:
        document = document.model_copy(update={"repairs": body._repairs + document.repairs})
    return document


