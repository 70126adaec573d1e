"""HTML pages: home, article, entity, story, search and the analyze form."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, get_args
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.concurrency import run_in_threadpool

from newsgraph.schema import Document, EntityType, QuoteKind, Status
from newsgraph.web.analysis import analyze_text
from newsgraph.web.highlight import render
from newsgraph.web.plot import timeline_svg
from newsgraph.web.repository import Repository
from newsgraph.web.security import UnsafeURLError

router = APIRouter(include_in_schema=False)
STATUS_LEGEND = ["asserted", "reported", "confirmed", "denied", "not_confirmed", "not_denied",
                 "hedged", "conditional", "no_comment"]


def _repo(request: Request) -> Repository:
    return request.app.state.repo


def _page(request: Request, template: str, status_code: int = 200, **context
          ) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(
        request, template, {"legend": STATUS_LEGEND, **context}, status_code=status_code)


def _entity_href(repo: Repository, article_id: str):
    def href(local_id: str | None) -> str | None:
        global_id = repo.entity_of(article_id, local_id) if local_id else None
        return f"/entities/{quote(global_id, safe='')}" if global_id else None
    return href


def _linker(repo: Repository, refs: list[tuple[str, tuple[int, int] | None]]):
    """link(article, span) -> the article page at the evidence's mark, for the pieces of
    evidence ``refs`` a page shows (their marks looked up at once)."""
    anchors = repo.anchors(refs)

    def link(article: str, span) -> str:
        anchor = anchors.get((article, tuple(span) if span else None), "")
        return f"/articles/{quote(article, safe='')}" + (f"#{anchor}" if anchor else "")
    return link


@router.get("/", response_class=HTMLResponse)
def home(request: Request, offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
         story: Annotated[str, Query(max_length=200)] = "",
         since: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
         until: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
         outlet: Annotated[str, Query(max_length=200)] = ""):
    from newsgraph.web.lists import article_page, link_with

    repo = _repo(request)
    total, records, facets = article_page(repo, q="", story=story, since=since, until=until,
                                          outlet=outlet, limit=50, offset=offset)
    _, stories = repo.stories(limit=20)
    _, entities = repo.entities(limit=30)
    params = {"story": story, "since": since, "until": until, "outlet": outlet}
    return _page(request, "home.html", articles=records,
                 total=total, offset=offset, stories=stories, entities=entities,
                 facets=facets, params=params, link=lambda **c: "/" + link_with(params, **c),
                 download=lambda fmt: f"/articles.{fmt}" + link_with(params))


def _render_article(request: Request, doc: Document, repo: Repository | None,
                    stored: bool = True) -> HTMLResponse:
    href = _entity_href(repo, doc.id) if repo is not None and stored else (lambda _id: None)
    story = repo.story_of(doc.id) if repo is not None and stored else None
    speakers, unresolved = resolved_speakers(doc)
    def global_entity(local_id: str | None) -> str | None:
        if repo is None or not stored or not local_id:
            return None
        return repo.entity_of(doc.id, local_id)

    return _page(request, "article.html", doc=doc, body=render(doc, href), story=story,
                 speakers=speakers, unresolved=unresolved, stored=stored, entity_href=href,
                 global_entity=global_entity)


def resolved_speakers(doc: Document) -> tuple[list[str], int]:
    """The speakers resolved to an entity of the article, by name, and how many quotes
    have a speaker that is not ("We", "you", "reports"): those are counted apart."""
    named = {e.id for e in doc.entities if e.type in ("PERSON", "ORG", "GPE", "NORP")}
    speakers = sorted({q.speaker.name for q in doc.quotes
                       if q.speaker and q.speaker.entity_id in named})
    unresolved = sum(1 for q in doc.quotes
                     if q.speaker and q.speaker.entity_id not in named)
    return speakers, unresolved


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(Path(__file__).parent / "static" / "favicon.svg",
                        media_type="image/svg+xml")


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    repo = _repo(request)
    doc = repo.article(article_id)
    if doc is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return _render_article(request, doc, repo)


PAGE = 50
DAY = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD, or nothing


def _choice(value: str, allowed: tuple[str, ...], field: str) -> str | None:
    """An optional enum from a filter form: "" means any; anything unknown is a 422."""
    if not value:
        return None
    if value not in allowed:
        raise HTTPException(422, f"{field} must be one of {', '.join(allowed)}")
    return value


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, name: Annotated[str, Query(max_length=200)] = "",
                  type: Annotated[str, Query(max_length=20)] = "",
                  sort: Annotated[str, Query(max_length=20)] = "",
                  offset: Annotated[int, Query(ge=0, le=10**9)] = 0):
    from newsgraph.web.lists import ENTITY_SORTS, filtered_entities, link_with

    type = _choice(type, get_args(EntityType), "type") or ""
    sort = _choice(sort, ENTITY_SORTS, "sort") or ""
    records, facets = filtered_entities(_repo(request), name=name, type=type, sort=sort)
    params = {"name": name, "type": type, "sort": sort}
    return _page(request, "entities.html", rows=records[offset:offset + PAGE],
                 total=len(records), offset=offset, params=params, facets=facets,
                 types=list(get_args(EntityType)), sorts=ENTITY_SORTS, step=PAGE,
                 link=lambda **c: "/entities" + link_with(params, **c),
                 download=lambda fmt: f"/entities.{fmt}" + link_with(params))


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, speaker: Annotated[str, Query(max_length=200)] = "",
                status: Annotated[str, Query(max_length=20)] = "",
                kind: Annotated[str, Query(max_length=20)] = "",
                since: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
                until: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
                sort: Annotated[str, Query(max_length=20)] = "",
                outlet: Annotated[str, Query(max_length=200)] = "",
                offset: Annotated[int, Query(ge=0, le=10**9)] = 0):
    from newsgraph.web.lists import (
        QUOTE_SORTS,
        filtered_quotes,
        link_with,
        page_titles,
        quote_records,
    )

    status = _choice(status, get_args(Status), "status") or ""
    kind = _choice(kind, get_args(QuoteKind), "kind") or ""
    sort = _choice(sort, QUOTE_SORTS, "sort") or ""
    repo = _repo(request)
    paged = getattr(repo, "quote_page", None)
    if paged is not None:  # a store: one page and the facets, from SQL
        total, rows, facets = paged(speaker=speaker or None, status=status or None,
                                    kind=kind or None, since=since, until=until,
                                    outlet=outlet or None, sort=sort or None, limit=PAGE,
                                    offset=offset)
        records = quote_records(rows, page_titles(repo, {q.article for q in rows}))
    else:
        records, facets = filtered_quotes(repo, speaker=speaker, status=status, kind=kind,
                                          since=since, until=until, sort=sort, outlet=outlet)
        total, records = len(records), records[offset:offset + PAGE]
    params = {"speaker": speaker, "status": status, "kind": kind, "since": since,
              "until": until, "sort": sort, "outlet": outlet}
    return _page(request, "quotes.html", rows=records,
                 total=total, offset=offset, params=params, facets=facets,
                 statuses=list(get_args(Status)), kinds=list(get_args(QuoteKind)),
                 sorts=QUOTE_SORTS, step=PAGE,
                 link=lambda **c: "/quotes" + link_with(params, **c),
                 download=lambda fmt: f"/quotes.{fmt}" + link_with(params))


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str):
    repo = _repo(request)
    detail = repo.entity(entity_id)
    if detail is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    refs = [(r.article, r.span) for r in [*detail.said, *detail.said_about, *detail.events,
                                          *detail.timeline]]
    return _page(request, "entity.html", d=detail, e=detail.entity,
                 titles=_titles(repo, {*detail.entity.articles, *(a for a, _ in refs)}),
                 link=_linker(repo, refs))


def _titles(repo: Repository, article_ids) -> dict[str, str]:
    """Article id -> title (the id when it has none), for links people can read."""
    return repo.titles(article_ids)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    repo = _repo(request)
    story = repo.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    articles = repo.story_articles(story_id)
    timeline = repo.timeline(story_id)
    _, revisions = repo.revisions(story=story_id, limit=200)
    _, contradictions = repo.contradictions(story=story_id, limit=200)
    linker = _linker(repo, [(r.article, r.span) for r in
                            [*(x for r in revisions for x in (r.old, r.new)),
                             *(p.evidence for c in contradictions for p in c.positions)]])
    return _page(request, "story.html", story=story, articles=articles, timeline=timeline,
                 titles={d.id: d.title or d.id for d in articles},
                 svg=timeline_svg(timeline), revisions=revisions,
                 contradictions=contradictions,
                 link=lambda ref: linker(ref.article, ref.span),
                 context=repo.context)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request,
                q: Annotated[str, Query(max_length=200)] = "",
                offset: Annotated[int, Query(ge=0, le=10**9)] = 0):
    total, hits = _repo(request).search(q, limit=50, offset=offset) if q.strip() else (0, [])
    return _page(request, "search.html", q=q, hits=hits, total=total, offset=offset)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request):
    return _page(request, "analyze.html", error=None, text="", url="",
                 allow_fetch=request.app.state.allow_fetch,
                 enabled=request.app.state.analyzer is not None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_submit(request: Request,
                   text: Annotated[str, Form(max_length=1_000_000)] = "",
                   published: Annotated[str, Form(max_length=10)] = "",
                   title: Annotated[str, Form(max_length=1000)] = "",
                   url: Annotated[str, Form(max_length=2000)] = "",
                   fetch: Annotated[str, Form(max_length=10)] = ""):
    """Analyze pasted text; a URL is fetched only if the server and the user allow it."""
    from newsgraph.timeutil import parse_date

    def fail(message: str, status: int = 422) -> HTMLResponse:
        return _page(request, "analyze.html", status_code=status, error=message, text=text,
                     url=url, allow_fetch=request.app.state.allow_fetch,
                     enabled=request.app.state.analyzer is not None)

    if published and parse_date(published) is None:
        return fail("the publication date must be YYYY-MM-DD")
    source_url = None
    if url.strip() and not text.strip():
        if not (request.app.state.allow_fetch and fetch == "yes"):
            return fail("fetching URLs is off: paste the article text, or start the server "
                        "with --allow-fetch and tick the box")
        from newsgraph.web.fetch import FetchError
        from newsgraph.web.fetch import fetch as fetch_url  # httpx: only when fetching

        try:
            source_url, text = await run_in_threadpool(fetch_url, url.strip())
        except (UnsafeURLError, FetchError) as exc:
            return fail(f"not fetched: {exc}")
    if not text.strip():
        return fail("paste the text of an article")
    try:
        doc = await analyze_text(request.app, text, published=published or None,
                                 title=title or None)
    except HTTPException as exc:
        return fail(str(exc.detail), exc.status_code)
    if source_url:
        doc = doc.model_copy(update={"url": source_url})
    return _render_article(request, doc, None, stored=False)
