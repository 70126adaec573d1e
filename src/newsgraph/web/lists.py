"""Lists for analysts, as Datasette offers them: facets with counts, a date range,
sort, and the whole filtered set as CSV or JSON (``/events.csv?type=ASSAULT``); plus
the map of events by place and the network of who speaks about and acts on whom.

Every view is a GET with its filters in the URL, so it is a permalink. The rows come
from the :class:`Repository`; this module only filters, counts and lays them out.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from newsgraph.schema import QuoteKind, Status
from newsgraph.timex.humanize import in_words
from newsgraph.web.models import (
    NETWORK_NODES,
    Edge,
    EventRow,
    QuoteRow,
    best_connected,
    node_degrees,
)
from newsgraph.web.repository import Repository, in_day_range, outlet_of

router = APIRouter(include_in_schema=False)
ALL = 10**6  # "every row" for a repository call that pages
PAGE = 50
Text = Annotated[str, Query(max_length=200)]
Day = Annotated[str, Query(max_length=10, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")]
Offset = Annotated[int, Query(ge=0, le=10**9)]
Format = Annotated[str, Query(pattern="^(html|csv|json)$")]


def _repo(request: Request) -> Repository:
    return request.app.state.repo


def _page(request: Request, template: str, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context)


# ---------------------------------------------------------------- filtering helpers


def facets(rows: list, fields: dict[str, Callable[[object], str | None]], top: int = 12
           ) -> dict[str, list[tuple[str, int]]]:
    """Per field, its most frequent values among ``rows`` with their counts."""
    return {name: Counter(v for r in rows if (v := get(r))).most_common(top)
            for name, get in fields.items()}


def table_response(columns: list[str], records: Iterable[dict], fmt: str, name: str
                   ) -> StreamingResponse:
    """The rows as a CSV or JSON download, written as ``records`` yields them."""
    if fmt == "json":
        return StreamingResponse(json_chunks(records), media_type="application/json")
    return StreamingResponse(
        csv_chunks(columns, records), media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'})


def csv_chunks(columns: list[str], records: Iterable[dict]) -> Iterator[str]:
    """CSV text a few hundred rows at a time (what ``csv.DictWriter`` writes at once)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    for n, record in enumerate(records, 1):
        writer.writerow(record)
        if n % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def json_chunks(records: Iterable[dict]) -> Iterator[str]:
    """A JSON array a record at a time, as ``json.dumps(list, indent=1)`` writes it."""
    first = True
    for record in records:
        item = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")
        yield ("[\n " if first else ",\n ") + item
        first = False
    yield "[]" if first else "\n]"


# A download of at most this many rows is sorted as its list is; a larger one streams in
# the store's order (article, then place in it), so memory does not grow with it.
SORTED_DOWNLOAD = 20_000
CHUNK = 1_000


def in_pages(fetch: Callable[[int, int], list]) -> Iterator[list]:
    """``fetch(limit, offset)`` a page at a time until a short page."""
    offset = 0
    while True:
        rows = fetch(CHUNK, offset)
        if rows:
            yield rows
        if len(rows) < CHUNK:
            return
        offset += CHUNK


def page_titles(repo: Repository, article_ids: Iterable[str]
                ) -> dict[str, tuple[str, str | None, str | None]]:
    """Article id -> (title, published, outlet), for the articles the rows point to."""
    summaries = repo.summaries(article_ids)
    return {a.id: (a.title or a.id, a.published, outlet_of(a.url)) for a in summaries}


def _about(titles: dict, article: str) -> dict:
    """The article fields every row carries: published, outlet, article, title."""
    title, published, outlet = titles.get(article, (article, None, None))
    return {"published": published, "outlet": outlet, "article": article, "title": title}


def _choice(value: str, allowed: Iterable[str], field: str) -> str:
    if value and value not in set(allowed):
        raise HTTPException(422, f"{field} must be one of {', '.join(sorted(allowed))}")
    return value


def link_with(params: dict, **change) -> str:
    """The query string of this view with some filters changed (None removes one)."""
    merged = {k: v for k, v in {**params, **change}.items() if v not in (None, "")}
    return "?" + urlencode(merged)


# ---------------------------------------------------------------- quotations


QUOTE_SORTS = ("published", "speaker", "status", "kind")


def quote_records(rows: list[QuoteRow], titles) -> list[dict]:
    return [{"speaker": q.speaker.name if q.speaker else None, "speaker_entity": q.speaker_entity,
             "text": q.text, "status": q.status, "kind": q.kind,
             "cue": q.cue.text if q.cue else None, "time": q.time,
             "time_in_words": in_words(q.time) or None,
             **_about(titles, q.article), "index": q.index,
             "span_start": q.span[0], "span_end": q.span[1]}
            for q in rows]


QUOTE_COLUMNS = ["speaker", "speaker_entity", "text", "status", "kind", "cue", "time",
                 "time_in_words", "published", "outlet", "article", "title", "index", "span_start",
                 "span_end"]


def filtered_quotes(repo: Repository, *, speaker: str, status: str, kind: str, since: str,
                    until: str, sort: str, outlet: str = "") -> tuple[list[dict], dict]:
    """Quotation records matching the filters, sorted, and their facet counts."""
    _, rows = repo.quotes(speaker=speaker or None, status=status or None, kind=kind or None,
                          limit=ALL)
    titles = page_titles(repo, (q.article for q in rows))
    records = [r for r in quote_records(rows, titles)
               if in_day_range(r["published"], since, until)
               and (not outlet or r["outlet"] == outlet)]
    records.sort(key=lambda r: (r[sort] is None, r[sort] or "") if sort else
                 (r["published"] or "", r["article"], r["index"]), reverse=False)
    named = [r for r in records if r["speaker_entity"]]
    counts = facets(records, {"status": lambda r: r["status"], "kind": lambda r: r["kind"],
                              "outlet": lambda r: r["outlet"],
                              "published": lambda r: (r["published"] or "")[:7] or None})
    counts["speaker"] = Counter(r["speaker"] for r in named).most_common(12)
    counts["unresolved"] = [("speaker not a named source", len(records) - len(named))]
    return records, counts


def streamed_quotes(repo: Repository, *, speaker: str, status: str, kind: str, since: str,
                    until: str, outlet: str = "") -> Iterator[dict]:
    """Quotation records matching the filters, read a page at a time in the store's order."""
    for rows in in_pages(lambda limit, offset: repo.quotes(
            speaker=speaker or None, status=status or None, kind=kind or None, limit=limit,
            offset=offset)[1]):
        titles = page_titles(repo, {q.article for q in rows})
        yield from (r for r in quote_records(rows, titles)
                    if in_day_range(r["published"], since, until)
                    and (not outlet or r["outlet"] == outlet))


@router.get("/quotes.{fmt}")
def quotes_download(request: Request, fmt: str, speaker: Text = "", status: Text = "",
                    kind: Text = "", since: Day = "", until: Day = "", sort: Text = "",
                    outlet: Text = ""):
    """Every quotation of the filtered list, not one page."""
    if fmt not in ("csv", "json"):
        raise HTTPException(404, f"no format {fmt!r}: csv or json")
    repo = _repo(request)
    filters = {"speaker": speaker, "status": _choice(status, get_args(Status), "status"),
               "kind": _choice(kind, get_args(QuoteKind), "kind"), "since": since,
               "until": until, "outlet": outlet}
    sort = _choice(sort, QUOTE_SORTS, "sort")
    total, _ = repo.quotes(speaker=speaker or None, status=filters["status"] or None,
                           kind=filters["kind"] or None, limit=0)
    if total > SORTED_DOWNLOAD:
        return table_response(QUOTE_COLUMNS, streamed_quotes(repo, **filters), fmt, "quotes")
    records, _ = filtered_quotes(repo, **filters, sort=sort)
    return table_response(QUOTE_COLUMNS, records, fmt, "quotes")


# ---------------------------------------------------------------- articles


ARTICLE_COLUMNS = ["id", "title", "url", "outlet", "published", "published_in_words", "story",
                   "chars", "entities", "quotes", "quantities", "events"]


def article_records(rows) -> list[dict]:
    return [{**a.model_dump(), "outlet": outlet_of(a.url),
             "published_in_words": in_words(a.published) or None} for a in rows]


def article_page(repo: Repository, *, q: str, story: str, since: str, until: str,
                 outlet: str = "", limit: int = PAGE, offset: int = 0
                 ) -> tuple[int, list[dict], dict]:
    """One page of article records (newest first) matching the filters, how many match,
    and their story, outlet and month counts: the store pages and counts them."""
    filters = {"q": q or None, "story": story or None, "since": since or None,
               "until": until or None, "outlet": outlet or None}
    total, rows = repo.articles(**filters, limit=limit, offset=offset)
    return total, article_records(rows), repo.article_facets(**filters)


def filtered_articles(repo: Repository, *, q: str, story: str, since: str, until: str,
                      outlet: str = "") -> tuple[list[dict], dict]:
    """Every article record (newest first) matching the filters, with their counts."""
    _, records, counts = article_page(repo, q=q, story=story, since=since, until=until,
                                      outlet=outlet, limit=ALL)
    return records, counts


@router.get("/articles.{fmt}")
def articles_download(request: Request, fmt: str, q: Text = "", story: Text = "",
                      since: Day = "", until: Day = "", outlet: Text = ""):
    """Every article of the filtered list, not one page."""
    if fmt not in ("csv", "json"):
        raise HTTPException(404, f"no format {fmt!r}: csv or json")
    records, _ = filtered_articles(_repo(request), q=q, story=story, since=since, until=until,
                                   outlet=outlet)
    return table_response(ARTICLE_COLUMNS, records, fmt, "articles")


# ---------------------------------------------------------------- entities


ENTITY_SORTS = ("articles", "mentions", "quotes", "name")
ENTITY_COLUMNS = ["id", "name", "type", "aliases", "articles", "mentions", "quotes"]


def filtered_entities(repo: Repository, *, name: str, type: str, sort: str
                      ) -> tuple[list[dict], dict]:
    """Entity records matching the filters, sorted (most frequent first by default),
    with the counts per type of those matching the name alone."""
    _, rows = repo.entities(name=name or None, limit=ALL)
    counts = facets(rows, {"type": lambda e: e.type})
    records = [{**e.model_dump(), "aliases": "; ".join(e.aliases)} for e in rows
               if not type or e.type == type]
    if sort == "name":
        records.sort(key=lambda r: r["name"].lower())
    elif sort:
        records.sort(key=lambda r: -r[sort])
    return records, counts


@router.get("/entities.{fmt}")
def entities_download(request: Request, fmt: str, name: Text = "", type: Text = "",
                      sort: Text = ""):
    """Every entity of the filtered list, not one page."""
    if fmt not in ("csv", "json"):
        raise HTTPException(404, f"no format {fmt!r}: csv or json")
    records, _ = filtered_entities(_repo(request), name=name, type=type,
                                   sort=_choice(sort, ENTITY_SORTS, "sort"))
    return table_response(ENTITY_COLUMNS, records, fmt, "entities")


# ---------------------------------------------------------------- events


EVENT_SORTS = ("time", "type", "actor", "target", "status", "published")
EVENT_COLUMNS = ["type", "actor", "actor_code", "actor_entity", "target", "target_code",
                 "target_entity", "location", "time",
                 "time_in_words", "status", "source", "text", "published", "outlet", "article",
                 "title", "index", "span_start", "span_end"]


def event_records(rows: list[EventRow], titles) -> list[dict]:
    return [{"type": e.type, "actor": e.actor, "actor_code": e.actor_code,
             "actor_entity": e.actor_entity, "target": e.target,
             "target_code": e.target_code, "target_entity": e.target_entity,
             "location": e.location, "time": e.time,
             "time_in_words": in_words(e.time) or None, "status": e.status,
             "source": e.source, "text": e.text, **_about(titles, e.article), "index": e.index,
             "span_start": e.span[0], "span_end": e.span[1]} for e in rows]


def _event_day(record: dict) -> str | None:
    """An event's own day when it is a calendar value, else its article's date."""
    time = record["time"] or ""
    return time if time[:1].isdigit() else record["published"]


def filtered_events(repo: Repository, *, type: str, status: str, party: str, place: str,
                    since: str, until: str, sort: str, everything: bool, outlet: str = ""
                    ) -> tuple[list[dict], dict, int]:
    """Event records matching the filters, their facet counts, and how many were left
    out for having neither actor nor target (unless ``everything``)."""
    _, rows = repo.events(type=type or None, status=status or None, limit=ALL)
    records = [r for r in event_records(rows, page_titles(repo, (e.article for e in rows)))
               if in_day_range(_event_day(r), since, until)
               and (not party or party.lower() in f"{r['actor']} {r['target']}".lower())
               and (not place or place.lower() in (r["location"] or "").lower())
               and (not outlet or r["outlet"] == outlet)]
    vague = [r for r in records if not (r["actor"] or r["target"])]
    if not everything:
        records = [r for r in records if r["actor"] or r["target"]]
    if sort:
        records.sort(key=lambda r: (r[sort] is None, r[sort] or ""))
    else:
        records.sort(key=lambda r: (_event_day(r) or "", r["article"], r["index"]))
    counts = facets(records, {"type": lambda r: r["type"], "status": lambda r: r["status"],
                              "actor": lambda r: r["actor"], "target": lambda r: r["target"],
                              "outlet": lambda r: r["outlet"],
                              "month": lambda r: (_event_day(r) or "")[:7] or None})
    return records, counts, 0 if everything else len(vague)


def _event_params(type, status, party, place, since, until, sort, everything, outlet
                  ) -> dict:
    return {"type": type, "status": status, "party": party, "place": place, "since": since,
            "until": until, "sort": sort, "all": "1" if everything else "", "outlet": outlet}


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, type: Text = "", status: Text = "", party: Text = "",
                place: Text = "", since: Day = "", until: Day = "", sort: Text = "",
                all: Annotated[str, Query(max_length=1)] = "", outlet: Text = "",
                offset: Offset = 0):
    status = _choice(status, get_args(Status), "status")
    sort = _choice(sort, EVENT_SORTS, "sort")
    repo = _repo(request)
    paged = getattr(repo, "event_page", None)
    if paged is not None:  # a store: one page and the facets, from SQL
        total, rows, counts, hidden = paged(
            type=type or None, status=status or None, party=party, place=place, since=since,
            until=until, outlet=outlet, sort=sort or None, everything=bool(all), limit=PAGE,
            offset=offset)
        records = event_records(rows, page_titles(repo, {e.article for e in rows}))
    else:
        records, counts, hidden = filtered_events(
            repo, type=type, status=status, party=party, place=place, since=since,
            until=until, sort=sort, everything=bool(all), outlet=outlet)
        total, records = len(records), records[offset:offset + PAGE]
    params = _event_params(type, status, party, place, since, until, sort, bool(all), outlet)
    return _page(request, "events.html", rows=records,
                 total=total, hidden=hidden, facets=counts, params=params,
                 link=lambda **c: "/events" + link_with(params, **c), offset=offset, step=PAGE,
                 sorts=EVENT_SORTS, statuses=list(get_args(Status)),
                 download=lambda fmt: f"/events.{fmt}" + link_with(params))


def streamed_events(repo: Repository, *, type: str, status: str, party: str, place: str,
                    since: str, until: str, everything: bool, outlet: str = ""
                    ) -> Iterator[dict]:
    """Event records matching the filters, read a page at a time in the store's order."""
    for rows in in_pages(lambda limit, offset: repo.events(
            type=type or None, status=status or None, limit=limit, offset=offset)[1]):
        titles = page_titles(repo, {e.article for e in rows})
        yield from (r for r in event_records(rows, titles)
                    if in_day_range(_event_day(r), since, until)
                    and (everything or r["actor"] or r["target"])
                    and (not party or party.lower() in f"{r['actor']} {r['target']}".lower())
                    and (not place or place.lower() in (r["location"] or "").lower())
                    and (not outlet or r["outlet"] == outlet))


@router.get("/events.{fmt}")
def events_download(request: Request, fmt: str, type: Text = "", status: Text = "",
                    party: Text = "", place: Text = "", since: Day = "", until: Day = "",
                    sort: Text = "", all: Annotated[str, Query(max_length=1)] = "",
                    outlet: Text = ""):
    """Every event of the filtered list, not one page."""
    if fmt not in ("csv", "json"):
        raise HTTPException(404, f"no format {fmt!r}: csv or json")
    repo = _repo(request)
    filters = {"type": type, "status": _choice(status, get_args(Status), "status"),
               "party": party, "place": place, "since": since, "until": until,
               "everything": bool(all), "outlet": outlet}
    sort = _choice(sort, EVENT_SORTS, "sort")
    total, _ = repo.events(type=type or None, status=filters["status"] or None, limit=0)
    if total > SORTED_DOWNLOAD:
        return table_response(EVENT_COLUMNS, streamed_events(repo, **filters), fmt, "events")
    records, _, _ = filtered_events(repo, **filters, sort=sort)
    return table_response(EVENT_COLUMNS, records, fmt, "events")


# ---------------------------------------------------------------- map

WIDTH, HEIGHT = 960, 480


@dataclass
class MapPoint:
    name: str
    kind: str
    latitude: float
    longitude: float
    types: Counter = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.types.values())

    @property
    def x(self) -> float:
        return round((self.longitude + 180) / 360 * WIDTH, 1)

    @property
    def y(self) -> float:
        return round((90 - self.latitude) / 180 * HEIGHT, 1)

    @property
    def radius(self) -> float:
        return round(3 + 2.2 * math.sqrt(self.count), 1)

    @property
    def summary(self) -> str:
        kinds = ", ".join(f"{t} ×{n}" for t, n in self.types.most_common(4))
        return f"{self.name}: {self.count} event(s): {kinds}"


def map_points(places: Iterable[tuple[str, str, int]]) -> tuple[list[MapPoint], Counter]:
    """(place name, event type, events) grouped by where they happened, and the place
    names the gazetteer lacks."""
    from newsgraph.places import locate

    points: dict[str, MapPoint] = {}
    unplaced: Counter = Counter()
    for name, kind, n in places:
        place = locate(name)
        if place is None:
            unplaced[name] += n
            continue
        point = points.setdefault(place.name, MapPoint(place.name, place.kind, place.latitude,
                                                       place.longitude))
        point.types[kind] += n
    return sorted(points.values(), key=lambda p: -p.count), unplaced


def mentioned_places(repo: Repository, limit: int = 200) -> list[tuple[MapPoint, str]]:
    """Places the articles name (GPE and LOC entities), with the number of articles
    naming each, and the entity page to link: the map's second layer."""
    from newsgraph.places import locate

    found: list[tuple[MapPoint, str]] = []
    for kind in ("GPE", "LOC"):
        _, rows = repo.entities(type=kind, limit=limit)
        for entity in rows:
            place = locate(entity.name)
            if place is not None:
                point = MapPoint(entity.name, place.kind, place.latitude, place.longitude,
                                 Counter({"article": entity.articles}))
                found.append((point, entity.id))
    return found


MAP_PLACES = 500  # the map shows the place names with most events, counted by the store


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, type: Text = "", status: Text = "", since: Day = "",
             until: Day = ""):
    status = _choice(status, get_args(Status), "status")
    places = _repo(request).event_places(type=type or None, status=status or None,
                                         since=since, until=until, limit=MAP_PLACES)
    points, unplaced = map_points(places)
    params = {"type": type, "status": status, "since": since, "until": until}
    return _page(request, "map.html", points=points, unplaced=unplaced.most_common(20),
                 mentioned=mentioned_places(_repo(request)), top=MAP_PLACES,
                 capped=len({name for name, _, _ in places}) >= MAP_PLACES,
                 params=params, width=WIDTH, height=HEIGHT,
                 statuses=list(get_args(Status)),
                 events_link=lambda place: "/events" + link_with(params, place=place, all="1"))


# ---------------------------------------------------------------- network

@dataclass
class Node:
    name: str
    x: float
    y: float
    degree: int


def circle_layout(edges: list[Edge], size: int, limit: int = NETWORK_NODES) -> list[Node]:
    """The ``limit`` best-connected names on a circle, most connected first."""
    degree = node_degrees(edges)
    names = best_connected(edges, limit)
    centre, radius = size / 2, size / 2 - 180
    return [Node(n, round(centre + radius * math.cos(2 * math.pi * i / len(names)), 1),
                 round(centre + radius * math.sin(2 * math.pi * i / len(names)), 1), degree[n])
            for i, n in enumerate(names)]


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, relation: Annotated[str, Query(
                     pattern="^(|speaks about|acts on)$")] = "",
                 name: Text = ""):
    repo = _repo(request)
    # the links among the best-connected names only, chosen by the repository (in SQL
    # for a store): the page costs the same however many links the store holds
    total, edges = repo.network(relation=relation or None, name=name or None,
                                nodes=NETWORK_NODES)
    size = 900
    nodes = circle_layout(edges, size)
    at = {n.name: n for n in nodes}
    shown = [e for e in edges if e.source in at and e.target in at]
    names = [n.name for n in nodes]
    named = getattr(repo, "entity_ids_named", None)  # a store: one query for all names
    entity_ids = named(names) if named else entity_ids_by_search(repo, names)
    return _page(request, "network.html", nodes=nodes, edges=shown, at=at, size=size,
                 total=total, relation=relation, name=name, entity_ids=entity_ids,
                 cap=NETWORK_NODES)


def entity_ids_by_search(repo: Repository, names: list[str]) -> dict[str, str]:
    """Name -> global entity id, for linking nodes to entity pages."""
    found: dict[str, str] = {}
    for name in names:
        _, rows = repo.entities(name=name, limit=5)
        exact = [r for r in rows if r.name.lower() == name.lower()
                 or name.lower() in (a.lower() for a in r.aliases)]
        if exact:
            found[name] = exact[0].id
    return found

