"""A :class:`~newsgraph.web.repository.Repository` that asks the store for each answer.

Nothing is loaded up front: every call is one or a few SQL queries with ``LIMIT``/
``OFFSET`` (pages) or aggregates (counts, facets, top lists), so the server's start
time and memory do not grow with the store. An article page reads one Document; an
entity page reads its quotations, events and timeline by entity id, a story page by
story id, each capped at :data:`DETAIL_ROWS` rows with the full counts beside them.
Aggregates the home page shows are kept per state of the store (``link_state``), so
they are computed once per ingest, not once per request.

Connections: a DuckDB file is opened read-only while requests come and closed when
the server has been idle for :data:`IDLE_SECONDS`, so ``newsgraph ingest`` can write
to it between visits (DuckDB lets one process write a file no other process holds).
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException

from newsgraph.crossdoc import linked
from newsgraph.crossdoc.claims import timeline_when
from newsgraph.crossdoc.models import (
    Contradiction,
    EventReport,
    GlobalEntity,
    MemberRef,
    MergeEvidence,
    Ref,
    Revision,
    Story,
    TimelineEntry,
    WorldEvent,
)
from newsgraph.schema import Cue, Document, Event, Mention, Quantity, Quote, Speaker
from newsgraph.store.backends import Backend, connect
from newsgraph.store.query import words
from newsgraph.web.models import (
    NETWORK_NODES,
    ArticleSummary,
    Edge,
    EntityDetail,
    EntitySummary,
    EventRow,
    QuantityRow,
    QuoteRow,
    SearchHit,
    WorldEventRow,
)
from newsgraph.web.repository import Rows, sentence_around, snippet

IDLE_SECONDS = 2.0
STATE_SECONDS = 1.0  # a new ingest shows in cached counts within this time
DETAIL_ROWS = 200  # quotations, events, timeline entries, articles shown on a detail page
TIMELINE_ARTICLES = 50  # an entity's timeline and what is said about it: its latest articles
CACHED_ANSWERS = 64

Row = tuple[Any, ...]

NETWORK_EVIDENCE = 3  # pieces of evidence read per link of the network page


def _capital(column: str) -> str:
    """The value starts with a capital letter (a name, not "them"): str.isupper of its
    first character, in SQL."""
    first = f"substr({column}, 1, 1)"
    return f"upper({first}) = {first} AND lower({first}) <> {first}"


# Pages join their items to a small table of keys (an entity's latest links, a story's
# articles), never a list of thousands of "?": PostgreSQL reads each item through its
# (doc_key, ...) key, DuckDB hashes the few keys.
# The articles of one story (a parameter).
STORY_DOCS = "SELECT doc_key FROM story_articles WHERE story_id = ?"


class Connections:
    """Read connections to one store, shared by the server's threads."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.postgres = db.startswith(("postgresql://", "postgres://"))
        self._lock = threading.Lock()
        self._duck: Backend | None = None
        self._pool: list[Backend] = []
        self._busy = 0
        self._timer: threading.Timer | None = None

    @contextmanager
    def cursor(self) -> Iterator[Callable[[str, Sequence[Any]], list[Row]]]:
        """A function running one read query (``?`` placeholders) on a connection."""
        if self.postgres:
            with self._lock:
                backend = self._pool.pop() if self._pool else None
            backend = backend or self._open_postgres()
            try:
                yield lambda sql, params=(): backend.query(sql, params)[1]
            finally:
                with self._lock:
                    if len(self._pool) < 8:
                        self._pool.append(backend)
                    else:
                        backend.close()
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._duck is None:
                self._duck = self._open_duckdb()
            cursor = self._duck.con.cursor()  # type: ignore[attr-defined]
            self._busy += 1
        try:
            yield lambda sql, params=(): cursor.execute(sql, list(params)).fetchall()
        finally:
            cursor.close()
            with self._lock:
                self._busy -= 1
                if self._busy == 0:
                    self._close_later()

    def _open_postgres(self) -> Backend:
        backend = connect(self.db)
        # a page's query is small, but its estimate can pass the JIT threshold: compiling
        # it took 250 ms of a 600 ms entity page on a 3,000-article store
        backend.execute("SET jit = off")
        return backend

    def _open_duckdb(self) -> Backend:
        try:
            backend = connect(self.db, read_only=True)
        except Exception as exc:  # a writer holds the file (duckdb.IOException)
            raise HTTPException(503, f"the store is being written ({exc}); retry shortly",
                                headers={"Retry-After": "5"}) from None
        # an index scan fetches rows one by one, each decompressing its vector: for the
        # thousands of links of a large entity a filtered scan is several times faster
        backend.execute("SET index_scan_max_count = 0")
        return backend

    def _close_later(self) -> None:
        if IDLE_SECONDS <= 0:
            self._close_now()
            return
        self._timer = threading.Timer(IDLE_SECONDS, self._close_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._busy == 0:
                self._close_now()

    def _close_now(self) -> None:
        if self._duck is not None:
            self._duck.close()
            self._duck = None

    def close(self) -> None:
        with self._lock:
            self._close_now()
            for backend in self._pool:
                backend.close()
            self._pool.clear()


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return (start, end) if start is not None and end is not None else None


def _json_list(value: str | None) -> list:
    return json.loads(value) if value else []


# the latest version of its article (the view latest_articles, without reading the view's
# text columns for every article)
LATEST = ("NOT EXISTS (SELECT 1 FROM articles b WHERE b.article_key = a.article_key "
          "AND b.version > a.version)")


# (source, target, relation, doc_key, idx, anchor, text) of every piece of network evidence:
# an event's named actor and target; a named speaker's quotation mentioning another named
# entity of its article (once per entity)
NETWORK_ITEMS = (
    "SELECT v.actor AS source, v.target AS target, 'acts on' AS relation, v.doc_key, v.idx, "
    "'event' AS anchor, v.type || ': ' || v.text AS text FROM events v "
    "WHERE v.doc_key {docs} AND {actor} AND {target} AND lower(v.actor) <> lower(v.target) "
    "UNION ALL SELECT speaker, entity, 'speaks about', doc_key, idx, 'quote', text FROM "
    "(SELECT DISTINCT q.speaker_name AS speaker, e.name AS entity, q.doc_key, q.idx, q.text, "
    "e.entity_id FROM quotes q JOIN entity_links ls ON ls.doc_key = q.doc_key "
    "AND ls.entity_id = q.speaker_entity_id JOIN mentions m ON m.doc_key = q.doc_key "
    "AND q.span_start <= m.span_start AND m.span_end <= q.span_end "
    "AND m.entity_id <> q.speaker_entity_id JOIN entities e ON e.doc_key = m.doc_key "
    "AND e.entity_id = m.entity_id WHERE q.doc_key {docs} "
    "AND e.type IN ('PERSON', 'ORG', 'GPE', 'NORP') AND q.speaker_name IS NOT NULL "
    "AND lower(q.speaker_name) <> lower(e.name)) s").format(
    docs=f"IN (SELECT a.doc_key FROM articles a WHERE {LATEST})", actor=_capital("v.actor"),
    target=_capital("v.target"))


def _marks(count: int) -> str:
    return ", ".join("?" * count) if count else "NULL"


# columns read back into the schema's models: the store's tables hold every field
QUOTE_COLUMNS = ("q.doc_key, q.idx, q.kind, q.text, q.span_start, q.span_end, q.speaker_name, "
                 "q.speaker_entity_id, q.speaker_role, q.speaker_start, q.speaker_end, "
                 "q.cue_text, q.cue_start, q.cue_end, q.channel, q.status, q.time, q.via, "
                 "q.confidence, q.speaker_confidence, q.status_confidence, q.segments, "
                 "q.quoted, q.attribution_kind, ls.global_id")
EVENT_COLUMNS = ("v.doc_key, v.idx, v.text, v.span_start, v.span_end, v.type, v.actor, "
                 "v.target, v.location, v.time, v.status, v.source, v.confidence, "
                 "v.actor_code, v.actor_entity_id, v.actor_start, v.actor_end, v.target_code, "
                 "v.target_entity_id, v.target_start, v.target_end, v.location_id, "
                 "v.latitude, v.longitude, v.mentions, la.global_id, lt.global_id")
QUANTITY_COLUMNS = ("n.doc_key, n.idx, n.text, n.span_start, n.span_end, n.value, n.high, "
                    "n.approx, n.bound, n.unit, n.counted, n.source, n.time, n.revises_text, "
                    "n.revises_value, n.revises_time, n.confidence")
QUOTE_FROM = ("quotes q LEFT JOIN entity_links ls ON ls.doc_key = q.doc_key "
              "AND ls.entity_id = q.speaker_entity_id")
EVENT_FROM = ("events v LEFT JOIN entity_links la ON la.doc_key = v.doc_key "
              "AND la.entity_id = v.actor_entity_id LEFT JOIN entity_links lt "
              "ON lt.doc_key = v.doc_key AND lt.entity_id = v.target_entity_id")


def values_of(links: Sequence[Row]) -> str:
    """A ``(doc_key, entity_id, global_id)`` table of ``links`` (not empty); its parameters
    are :func:`_flat` of them."""
    rows = ", ".join("(?, ?, ?)" for _ in links)
    return f"SELECT * FROM (VALUES {rows}) AS v(doc_key, entity_id, global_id)"


def _flat(rows: Sequence[Row]) -> list:
    return [value for row in rows for value in row]


def linked_in(docs: str, postgres: bool) -> str:
    """What an item's entity is looked up in: on DuckDB ``entity_links`` of the articles
    of the table ``docs`` only, so it hashes a page's links, not every link of the store;
    on PostgreSQL the table itself, read by its key (a join per item was 40 of 120 ms)."""
    if postgres:
        return "entity_links"
    return f"(SELECT l.* FROM entity_links l JOIN {docs} d ON d.doc_key = l.doc_key)"


def quotes_of(docs: str, postgres: bool) -> str:
    """The quotations of the articles of the table ``docs`` (one ``doc_key`` column),
    with their speakers' links (``ls``)."""
    return (f"{docs} dq JOIN quotes q ON q.doc_key = dq.doc_key "
            f"LEFT JOIN {linked_in(docs, postgres)} ls "
            "ON ls.doc_key = q.doc_key AND ls.entity_id = q.speaker_entity_id")


def events_of(docs: str, postgres: bool) -> str:
    """The events of the articles of the table ``docs``, with their actors' and targets'
    links (``la``, ``lt``)."""
    return (f"{docs} dv JOIN events v ON v.doc_key = dv.doc_key "
            f"LEFT JOIN {linked_in(docs, postgres)} la "
            f"ON la.doc_key = v.doc_key AND la.entity_id = v.actor_entity_id "
            f"LEFT JOIN {linked_in(docs, postgres)} lt ON lt.doc_key = v.doc_key "
            f"AND lt.entity_id = v.target_entity_id")


def quote_row(row: Row) -> QuoteRow:
    (key, idx, kind, text, start, end, name, entity_id, role, s_start, s_end, cue, c_start,
     c_end, channel, status, time, via, confidence, s_conf, st_conf, segments, quoted,
     attribution, global_id) = row
    speaker = Speaker(name=name, entity_id=entity_id, role=role, span=_span(s_start, s_end),
                      confidence=s_conf) if name is not None else None
    quote = Quote(text=text, span=(start, end), kind=kind, segments=_json_list(segments),
                  quoted=_json_list(quoted), attribution_kind=attribution, speaker=speaker,
                  cue=Cue(text=cue, span=(c_start, c_end)) if cue is not None else None,
                  channel=channel, status=status, time=time,
                  via=[Speaker(name=v) for v in _json_list(via)], confidence=confidence,
                  status_confidence=st_conf)
    return QuoteRow(**quote.model_dump(), article=key, index=idx, speaker_entity=global_id)


def event_row(row: Row, text_of: Callable[[str, int, int], str] | None = None) -> EventRow:
    (key, idx, text, start, end, kind, actor, target, location, time, status, source,
     confidence, actor_code, actor_id, a_start, a_end, target_code, target_id, t_start,
     t_end, location_id, latitude, longitude, mentions, actor_global, target_global) = row
    spans = _json_list(mentions)
    event = Event(text=text, span=(start, end), type=kind, actor=actor, target=target,
                  location=location, time=time, status=status, source=source,
                  actor_code=actor_code, target_code=target_code, actor_entity_id=actor_id,
                  actor_span=_span(a_start, a_end), target_entity_id=target_id,
                  target_span=_span(t_start, t_end), location_id=location_id,
                  latitude=latitude, longitude=longitude, confidence=confidence,
                  mentions=[Mention(text=text_of(key, s, e) if text_of else "", span=(s, e))
                            for s, e in spans])
    return EventRow(**event.model_dump(), article=key, index=idx, actor_entity=actor_global,
                    target_entity=target_global)


def quantity_row(row: Row) -> QuantityRow:
    (key, idx, text, start, end, value, high, approx, bound, unit, counted, source, time,
     r_text, r_value, r_time, confidence) = row
    revises = Quantity(text=r_text, span=(0, 0), value=r_value, time=r_time) \
        if r_text is not None else None
    quantity = Quantity(text=text, span=(start, end), value=value, high=high,
                        approx=bool(approx), bound=bound, unit=unit, counted=counted,
                        source=source, time=time, revises=revises, confidence=confidence)
    return QuantityRow(**quantity.model_dump(), article=key, index=idx)


# the host of an article's URL without "www." (web.lists.outlet_of), in each dialect
# (no "?" in it: the PostgreSQL backend reads "?" as a placeholder; \x3f is one)
_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://([^@/#\x3f]*@){0,1}([^/:#\x3f]+)"


def outlet_sql(postgres: bool, column: str = "a.url") -> str:
    host = (f"substring({column} from '{_HOST}')" if postgres else
            f"regexp_extract({column}, '{_HOST}', 2)")
    if postgres:  # substring returns the last group only when the first is absent
        host = (f"(regexp_match({column}, '{_HOST}'))[2]")
    return f"nullif(regexp_replace(lower({host}), '^www\\.', ''), '')"


class SqlRepository:
    """A :class:`Repository` over an open store: pages and facets come from SQL."""

    def __init__(self, db: str) -> None:
        self.connections = Connections(db)
        self.postgres = self.connections.postgres
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._state: tuple[float, tuple] | None = None
        self._computing: dict[tuple, threading.Lock] = {}
        self.columns = self._columns()

    # ------------------------------------------------------------ plumbing

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.connections.cursor() as run:
            return run(sql, params)

    def _columns(self) -> dict[str, set[str]]:
        """The columns of the tables read, so an older store is read as it is."""
        found: dict[str, set[str]] = {}
        for table in ("quotes", "events", "claims"):
            with self.connections.cursor() as run:
                names = run("SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = ?", [table])
            found[table] = {n for (n,) in names}
        return found

    def state(self) -> tuple:
        """What changes when the store does: cached answers are kept per state (read
        again at most every :data:`STATE_SECONDS`, not by every cached call)."""
        now = time.monotonic()
        if self._state is None or now - self._state[0] >= STATE_SECONDS:
            self._state = (now, self._read_state())
        return self._state[1]

    def _read_state(self) -> tuple:
        try:
            return tuple(self.rows("SELECT generation, linked FROM link_state "
                                   "WHERE name = 'crossdoc'")[0])
        except Exception:  # a store written before link_state: count the articles
            return tuple(self.rows("SELECT count(*) FROM articles")[0])

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept per state of the store; computed once when many requests
        ask at the same time (the others wait for it)."""
        key = (self.state(), *key)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            with self._cache_lock:
                if key in self._cache:
                    return self._cache[key]
            value = compute()
            with self._cache_lock:
                self._cache[key] = value
                self._computing.pop(key, None)
                while len(self._cache) > CACHED_ANSWERS:
                    self._cache.popitem(last=False)
        return value

    def warm(self) -> None:
        """Compute what the home page shows (counts, facets, top lists), so the first
        visitors do not wait for it: run in the background when the server starts."""
        self.articles(limit=50)
        self.article_facets()
        self.stories(limit=20)
        self.entities(limit=30)

    def _in(self, column: str, values: Sequence[Any]) -> tuple[str, list]:
        return f"{column} IN ({_marks(len(values))})", list(values)

    # ------------------------------------------------------------ articles

    def _article_filter(self, q, story, since, until, outlet) -> tuple[str, list]:
        where, params = ["1 = 1"], []
        if q:
            where.append("(strpos(lower(coalesce(a.text, '')), ?) > 0 "
                         "OR strpos(lower(coalesce(a.title, '')), ?) > 0)")
            params += [q.lower(), q.lower()]
        if story:
            where.append("a.doc_key IN (SELECT doc_key FROM story_articles WHERE story_id = ?)")
            params.append(story)
        if since:
            where.append("substr(a.published, 1, ?) >= ?")
            params += [len(since), since]
        if until:
            where.append("substr(a.published, 1, ?) <= ?")
            params += [len(until), until]
        if since or until:
            where.append("substr(a.published, 1, 1) BETWEEN '0' AND '9'")
        if outlet:
            where.append(f"{outlet_sql(self.postgres)} = ?")
            params.append(outlet)
        return " AND ".join(where), params

    def articles(self, *, q=None, story=None, limit=50, offset=0, since=None, until=None,
                 outlet=None) -> Rows[ArticleSummary]:
        where, params = self._article_filter(q, story, since, until, outlet)
        total = self.cached(("articles", where, tuple(params)), lambda: self.rows(
            f"SELECT count(*) FROM articles a WHERE {where} AND {LATEST}", params)[0][0])
        # the page's keys first, then their columns: no text is read for the rest
        def summaries() -> list[ArticleSummary]:
            return self._summaries_of([r[0] for r in self.rows(
                f"SELECT a.doc_key FROM articles a WHERE {where} AND {LATEST} "
                f"ORDER BY coalesce(a.published, '') DESC, a.doc_key DESC LIMIT ? OFFSET ?",
                [*params, int(limit), int(offset)])])

        if limit > 50:  # a download: not kept
            return total, summaries()
        return total, self.cached(("article-page", where, tuple(params), limit, offset),
                                  summaries)

    def summaries(self, article_ids) -> list[ArticleSummary]:
        """The summaries of these articles (those the store holds), a chunk at a time."""
        ids = sorted(set(article_ids))
        return [a for i in range(0, len(ids), 500) for a in self._summaries_of(ids[i:i + 500])
                ]

    def _summaries_of(self, keys: list[str]) -> list[ArticleSummary]:
        if not keys:
            return []
        where, params = self._in("doc_key", keys)
        found = {r[0]: r for r in self.rows(
            f"SELECT doc_key, title, url, published, length(text) FROM articles "
            f"WHERE {where}", params)}
        stories = dict(self.rows(f"SELECT doc_key, min(story_id) FROM story_articles "
                                 f"WHERE {where} GROUP BY doc_key", params))
        counts = self._item_counts(keys)
        return [ArticleSummary(id=key, title=title, url=url, published=published,
                               story=stories.get(key), chars=chars, **counts[key])
                for key, title, url, published, chars in filter(None, map(found.get, keys))]

    def _item_counts(self, keys: list[str]) -> dict[str, dict[str, int]]:
        counts = {k: {"entities": 0, "quotes": 0, "quantities": 0, "events": 0} for k in keys}
        if not keys:
            return counts
        where, params = self._in("doc_key", keys)
        for table in ("entities", "quotes", "quantities", "events"):
            for key, n in self.rows(f"SELECT doc_key, count(*) FROM {table} WHERE {where} "
                                    "GROUP BY doc_key", params):
                counts[key][table] = n
        return counts

    def article_facets(self, *, q=None, story=None, since=None, until=None, outlet=None,
                       top: int = 12) -> dict[str, list[tuple[str, int]]]:
        """The most frequent stories, outlets and months of the matching articles."""
        where, params = self._article_filter(q, story, since, until, outlet)
        # ties: the value of the newest article first, as the list shows them
        keys = {"story": "s.story_id", "outlet": outlet_sql(self.postgres),
                "month": "nullif(substr(coalesce(a.published, ''), 1, 7), '')"}

        def compute() -> dict[str, list[tuple[str, int]]]:
            found = {}
            for name, expression in keys.items():
                join = ("JOIN story_articles s ON s.doc_key = a.doc_key" if name == "story"
                        else "")
                found[name] = [tuple(r) for r in self.rows(
                    f"SELECT {expression} AS v, count(*) AS n FROM articles a {join} "
                    f"WHERE {where} AND {LATEST} AND {expression} IS NOT NULL GROUP BY v "
                    f"ORDER BY n DESC, max(coalesce(a.published, '')) DESC, "
                    f"max(a.doc_key) DESC LIMIT ?", [*params, top])]
            return found

        return self.cached(("facets", where, tuple(params), top), compute)

    def article(self, article_id: str) -> Document | None:
        """By doc_key, or by the id the article came with when no other article has it."""
        keys = [k for k in [article_id] if self._is_latest(k)]
        if not keys:
            keys = [k for (k,) in self.rows("SELECT doc_key FROM articles WHERE doc_id = ?",
                                            [article_id]) if self._is_latest(k)]
            if len(keys) != 1:
                return None
        found = self.rows("SELECT document_json FROM articles WHERE doc_key = ?", keys)
        return Document.model_validate_json(found[0][0]).model_copy(update={"id": keys[0]})

    def _is_latest(self, key: str) -> bool:
        """Whether ``key`` is a stored doc_key and no later version of its article is."""
        found = self.rows("SELECT article_key, version FROM articles WHERE doc_key = ?", [key])
        if not found:
            return False
        article_key, version = found[0]
        return self.rows("SELECT max(version) FROM articles WHERE article_key = ?",
                         [article_key])[0][0] == version

    def titles(self, article_ids) -> dict[str, str]:
        """Article id -> title (the id when it has none)."""
        ids = sorted(set(article_ids))
        where, params = self._in("doc_key", ids)
        return {key: title or key for key, title in
                self.rows(f"SELECT doc_key, title FROM articles WHERE {where}", params)}

    def _text_piece(self, key: str, start: int, end: int) -> str:
        found = self.rows("SELECT substr(text, ?, ?) FROM articles WHERE doc_key = ?",
                          [start + 1, end - start, key])
        return found[0][0] if found else ""

    # ------------------------------------------------------------ entities

    def entity_of(self, article_id, local_id):
        if not local_id:
            return None
        return self._links(article_id).get(local_id)

    def _links(self, article_id: str) -> dict[str, str]:
        return self.cached(("links", article_id), lambda: dict(self.rows(
            "SELECT entity_id, global_id FROM entity_links WHERE doc_key = ?", [article_id])))

    def _summaries(self, ids: list[str]) -> list[EntitySummary]:
        if not ids:
            return []
        where, params = self._in("g.global_id", ids)
        found = self.rows(
            f"SELECT g.global_id, g.name, g.type, g.aliases, count(DISTINCT l.doc_key), "
            f"coalesce(sum(e.n_mentions), 0) FROM global_entities g "
            f"LEFT JOIN entity_links l ON l.global_id = g.global_id "
            f"LEFT JOIN entities e ON e.doc_key = l.doc_key AND e.entity_id = l.entity_id "
            f"WHERE {where} GROUP BY g.global_id, g.name, g.type, g.aliases", params)
        said = dict(self.rows(
            f"SELECT l.global_id, count(*) FROM quotes q JOIN entity_links l "
            f"ON l.doc_key = q.doc_key AND l.entity_id = q.speaker_entity_id "
            f"WHERE {where.replace('g.', 'l.')} GROUP BY l.global_id", params))
        by_id = {r[0]: EntitySummary(id=r[0], name=r[1], type=r[2] or "MISC",
                                     aliases=_json_list(r[3]), articles=r[4], mentions=r[5],
                                     quotes=said.get(r[0], 0)) for r in found}
        return [by_id[i] for i in ids if i in by_id]

    def entities(self, *, name=None, type=None, limit=50, offset=0) -> Rows[EntitySummary]:
        """Most mentioned first; ``name`` matches a name or alias as whole words."""
        where, params = ["1 = 1"], []
        if type:
            where.append("g.type = ?")
            params.append(type)
        if name:
            where.append("strpos(' ' || regexp_replace(lower(g.name || ' | ' || "
                         "coalesce(g.aliases, '')), '[^0-9a-z]+', ' ', 'g') || ' ', ?) > 0")
            params.append(words(name))
        clause = " AND ".join(where)

        def ranked() -> tuple[int, list[str]]:
            ids = [r[0] for r in self.rows(
                f"SELECT g.global_id, g.name, coalesce(sum(e.n_mentions), 0) AS n "
                f"FROM global_entities g LEFT JOIN entity_links l ON l.global_id = g.global_id "
                f"LEFT JOIN entities e ON e.doc_key = l.doc_key AND e.entity_id = l.entity_id "
                f"WHERE {clause} GROUP BY g.global_id, g.name ORDER BY n DESC, g.name, "
                f"g.global_id LIMIT ?", [*params, 10**6 if name or type else 1000])]
            return len(ids), ids

        if name or offset + limit > 1000:
            total, ids = ranked()
            return total, self._summaries(ids[offset:offset + limit])
        # the unfiltered ranking is the same for every request until the store changes
        total = self.cached(("entity-count", type), lambda: ranked()[0] if type else
                            self.rows("SELECT count(*) FROM global_entities")[0][0])
        ids = self.cached(("entity-ranking", type), ranked)[1]
        return total, self.cached(("entity-page", type, limit, offset),
                                  lambda: self._summaries(ids[offset:offset + limit]))

    def _global(self, entity_id: str) -> tuple[GlobalEntity, int] | None:
        found = self.rows("SELECT name, type, aliases FROM global_entities WHERE global_id = ?",
                          [entity_id])
        if not found:
            return None
        name, kind, aliases = found[0]
        # its latest links first, then their local names (looked up for these rows only)
        members = self.rows(
            "WITH m AS (SELECT l.doc_key, l.entity_id, l.evidence, a.published "
            "FROM entity_links l LEFT JOIN articles a ON a.doc_key = l.doc_key "
            "WHERE l.global_id = ? ORDER BY a.published DESC, l.doc_key DESC, l.entity_id "
            "LIMIT ?) SELECT m.doc_key, m.entity_id, m.evidence, e.name FROM m "
            "LEFT JOIN entities e ON e.doc_key = m.doc_key AND e.entity_id = m.entity_id "
            "ORDER BY m.published DESC, m.doc_key DESC, m.entity_id", [entity_id, DETAIL_ROWS])
        total = self.rows("SELECT count(DISTINCT doc_key) FROM entity_links WHERE global_id = ?",
                          [entity_id])[0][0]
        proof = next((m[2] for m in members if m[2]), None)
        entity = GlobalEntity(
            id=entity_id, name=name, type=kind or "MISC", aliases=_json_list(aliases),
            members=[MemberRef(article=k, entity=e, name=local or name)
                     for k, e, _, local in members],
            evidence=[MergeEvidence.model_validate(x) for x in _json_list(proof)])
        return entity, total

    def entity(self, entity_id) -> EntityDetail | None:
        """The entity's page from its latest articles only (its :data:`DETAIL_ROWS` latest
        links for what it said and did, :data:`TIMELINE_ARTICLES` for what is said about it
        and its timeline), each item reached by key from those links, so the page costs the
        same in any store."""
        found = self._global(entity_id)
        if found is None:
            return None
        entity, n_articles = found
        # its latest links (the page's members), read once and handed to each query as a
        # table of keys: each query would otherwise scan entity_links again on DuckDB
        links = [(m.article, m.entity, entity_id) for m in entity.members]
        if not links:
            return EntityDetail(entity=entity, said=[], said_about=[], events=[], timeline=[],
                                n_articles=n_articles)
        mine = f"mine AS ({values_of(links)})"
        links_in = linked_in("docs", self.postgres)
        said = self.rows(
            f"WITH {mine} SELECT {QUOTE_COLUMNS} FROM mine ls JOIN quotes q "
            f"ON q.doc_key = ls.doc_key AND q.speaker_entity_id = ls.entity_id "
            f"ORDER BY q.doc_key, q.idx LIMIT ?", [*_flat(links), DETAIL_ROWS])
        events = self.rows(
            f"WITH {mine}, docs AS (SELECT DISTINCT doc_key FROM mine), "
            f"hit AS (SELECT v.doc_key, v.idx FROM mine m JOIN events v "
            f"ON v.doc_key = m.doc_key AND v.actor_entity_id = m.entity_id UNION "
            f"SELECT v.doc_key, v.idx FROM mine m JOIN events v "
            f"ON v.doc_key = m.doc_key AND v.target_entity_id = m.entity_id) "
            f"SELECT {EVENT_COLUMNS} FROM hit h JOIN events v ON v.doc_key = h.doc_key "
            f"AND v.idx = h.idx LEFT JOIN {links_in} la ON la.doc_key = v.doc_key "
            f"AND la.entity_id = v.actor_entity_id LEFT JOIN {links_in} lt "
            f"ON lt.doc_key = v.doc_key AND lt.entity_id = v.target_entity_id "
            f"ORDER BY v.doc_key, v.idx LIMIT ?", [*_flat(links), DETAIL_ROWS])
        latest = links[:TIMELINE_ARTICLES]
        return EntityDetail(entity=entity, said=[quote_row(r) for r in said],
                            said_about=[quote_row(r) for r in self._said_about(
                                entity_id, latest)],
                            events=[event_row(r) for r in events],
                            timeline=self._entity_timeline(entity_id, latest),
                            n_articles=n_articles)

    # the entity's mentions in its latest articles: a CTE after "mine" (its links)
    _SPANS = ("docs AS (SELECT DISTINCT doc_key FROM mine), spans AS (SELECT m.doc_key, "
              "m.span_start, m.span_end FROM mine JOIN mentions m ON m.doc_key = mine.doc_key "
              "AND m.entity_id = mine.entity_id)")

    def _said_about(self, entity_id: str, latest: list[Row]) -> list[Row]:
        """Quotations by others that name the entity (a mention of it inside the quote)."""
        if not latest:
            return []
        return self.rows(
            f"WITH mine AS ({values_of(latest)}), {self._SPANS} SELECT DISTINCT "
            f"{QUOTE_COLUMNS} FROM spans s JOIN {quotes_of('docs', self.postgres)} "
            f"ON q.doc_key = s.doc_key "
            f"AND q.span_start <= s.span_start AND s.span_end <= q.span_end "
            f"WHERE ls.global_id IS NULL OR ls.global_id <> ? ORDER BY q.doc_key, q.idx LIMIT ?",
            [*_flat(latest), entity_id, DETAIL_ROWS])

    def _entity_timeline(self, entity_id: str, latest: list[Row]) -> list[TimelineEntry]:
        """Quotes, numbers and events the entity says, does or is named in (a mention of
        it inside the item's span)."""
        # the items naming it, found once by a join (a test per item, EXISTS over the
        # spans, ran as a loop of index scans: 170 ms of a 350 ms page on PostgreSQL)
        if not latest:
            return []
        return self._timeline(
            f"mine AS ({values_of(latest)}), {self._SPANS}",
            "t.who = ? OR EXISTS (SELECT 1 FROM named n WHERE n.doc_key = t.doc_key "
            "AND n.span_start = t.span_start AND n.span_end = t.span_end)",
            _flat(latest), [entity_id],
            after="named AS (SELECT DISTINCT t.doc_key, t.span_start, t.span_end FROM t "
            "JOIN spans s ON s.doc_key = t.doc_key AND t.span_start <= s.span_start "
            "AND s.span_end <= t.span_end)")

    def _timeline(self, ctes: str, where: str = "1 = 1", cte_params: Sequence[Any] = (),
                  where_params: Sequence[Any] = (), after: str = "") -> list[TimelineEntry]:
        """The first :data:`DETAIL_ROWS` timeline entries of the articles of the table
        ``docs`` (defined by ``ctes``), in time order (``ctes`` and ``after``, tables
        before and after the items ``t``, name what ``where`` reads)."""
        day = ("CASE WHEN substr({c}, 1, 1) BETWEEN '0' AND '9' THEN substr({c}, 1, 10) "
               "WHEN substr(a.published, 1, 1) BETWEEN '0' AND '9' "
               "THEN substr(a.published, 1, 10) END")
        items = (
            "SELECT 'quote' AS kind, q.doc_key, q.text, q.span_start, q.span_end, "
            "q.time AS item_time, q.speaker_name AS source, q.status, "
            "CAST(NULL AS DOUBLE PRECISION) AS value, CAST(NULL AS TEXT) AS counted, "
            f"ls.global_id AS who FROM {quotes_of('docs', self.postgres)} "
            "UNION ALL SELECT 'quantity', n.doc_key, n.text, n.span_start, n.span_end, n.time, "
            "n.source, NULL, n.value, n.counted, NULL FROM docs dn JOIN quantities n "
            "ON n.doc_key = dn.doc_key "
            "UNION ALL SELECT 'event', v.doc_key, v.text, v.span_start, v.span_end, v.time, "
            "coalesce(v.source, v.actor), v.status, NULL, NULL, "
            f"coalesce(la.global_id, lt.global_id) FROM {events_of('docs', self.postgres)}")
        rows = self.rows(
            f"WITH {ctes}, t AS ({items}){', ' + after if after else ''} "
            f"SELECT t.kind, t.doc_key, "
            f"a.published, t.text, t.span_start, t.span_end, t.item_time, t.source, t.status, "
            f"t.value, t.counted, t.kind = 'quote' AND t.who IS NOT NULL, t.who "
            f"FROM t JOIN articles a ON a.doc_key = t.doc_key WHERE ({where}) "
            f"ORDER BY coalesce({day.format(c='t.item_time')}, '9999'), "
            f"coalesce(a.published, ''), t.doc_key, t.span_start, t.span_end, t.kind, t.source "
            f"LIMIT ?", [*cte_params, *where_params, DETAIL_ROWS])
        # a quotation's source is its speaker's global name: looked up for these rows only
        speakers = sorted({r[12] for r in rows if r[11]})
        names = dict(self.rows("SELECT global_id, name FROM global_entities "
                               f"WHERE global_id IN ({_marks(len(speakers))})", speakers))
        return [self._entry((*r[:7], names.get(r[12], r[7]) if r[11] else r[7], *r[8:11]))
                for r in rows]

    @staticmethod
    def _entry(row: Row) -> TimelineEntry:
        kind, key, published, text, start, end, item_time, source, status, value, counted = row
        when, origin = timeline_when(item_time, published)
        return TimelineEntry(time=when, time_source=origin, kind=kind, article=key,
                             published=published, text=text, span=(start, end),
                             source=source, status=status, value=value, counted=counted)

    # ------------------------------------------------------------ extractions

    @staticmethod
    def _filters(alias: str, equal: Sequence[tuple[str, Any]],
                 extra: Sequence[tuple[str, list]] = ()) -> tuple[str, list]:
        """A list's WHERE clause: items of latest article versions, each given equality
        filter, then the clauses that need more than ``column = ?``."""
        where, params = [f"{alias}.doc_key IN (SELECT a.doc_key FROM articles a "
                         f"WHERE {LATEST})"], []
        for column, value in equal:
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        for clause, values in extra:
            where.append(clause)
            params += values
        return " AND ".join(where), params

    def _page(self, *, count_from: str, select: str, clause: str, params: list,
              order: str, limit: int, offset: int) -> tuple[int, list[Row]]:
        """The filtered list's size and one page of it, both counted in SQL."""
        total = self.rows(f"SELECT count(*) FROM {count_from} WHERE {clause}", params)[0][0]
        found = self.rows(f"SELECT {select} WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?",
                          [*params, int(limit), int(offset)])
        return total, found

    def quotes(self, *, speaker=None, status=None, kind=None, article=None, limit=50,
               offset=0, attribution_kinds=None) -> Rows[QuoteRow]:
        extra = []
        if attribution_kinds is not None:
            extra.append(self._in("q.attribution_kind", list(attribution_kinds)))
        if speaker is not None:
            extra.append(("(ls.global_id = ? OR strpos(lower(coalesce(q.speaker_name, '')), ?)"
                          " > 0)", [speaker, speaker.lower()]))
        clause, params = self._filters(
            "q", (("q.status", status), ("q.kind", kind), ("q.doc_key", article)), extra)
        total, found = self._page(count_from=QUOTE_FROM,
                                  select=f"{QUOTE_COLUMNS} FROM {QUOTE_FROM}",
                                  clause=clause, params=params, order="q.doc_key, q.idx",
                                  limit=limit, offset=offset)
        return total, [quote_row(r) for r in found]

    def quote_page(self, *, speaker=None, status=None, kind=None, since=None, until=None,
                   outlet=None, sort=None, limit=50, offset=0
                   ) -> tuple[int, list[QuoteRow], dict[str, list[tuple[str, int]]]]:
        """One page of the quotations list (``/quotes``), its size and its facets, each
        filtered, sorted, counted and paged in SQL (facets kept per state of the store)."""
        extra = []
        if speaker:
            extra.append(("(ls.global_id = ? OR strpos(lower(coalesce(q.speaker_name, '')), ?)"
                          " > 0)", [speaker, speaker.lower()]))
        extra += self._dated("a.published", since, until)
        if outlet:
            extra.append((f"{outlet_sql(self.postgres)} = ?", [outlet]))
        clause, params = self._filters("q", (("q.status", status), ("q.kind", kind)), extra)
        listed = f"{QUOTE_FROM} JOIN articles a ON a.doc_key = q.doc_key WHERE {clause}"
        column = {"published": "a.published", "speaker": "q.speaker_name",
                  "status": "q.status", "kind": "q.kind"}.get(sort or "")
        order = (f"{column} IS NULL, coalesce({column}, ''), q.doc_key, q.idx" if column
                 else "coalesce(a.published, ''), q.doc_key, q.idx")
        found = self.rows(f"SELECT {QUOTE_COLUMNS} FROM {listed} ORDER BY {order} "
                          f"LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        month = "nullif(substr(coalesce(a.published, ''), 1, 7), '')"

        def counts() -> tuple[int, dict[str, list[tuple[str, int]]]]:
            found = {name: self._facet(listed, params, expression) for name, expression in (
                ("status", "q.status"), ("kind", "q.kind"),
                ("outlet", outlet_sql(self.postgres)), ("published", month))}
            found["speaker"] = self._facet(listed + " AND ls.global_id IS NOT NULL", params,
                                           "q.speaker_name")
            total, named = self.rows(f"SELECT count(*), count(ls.global_id) FROM {listed}",
                                     params)[0]
            found["unresolved"] = [("speaker not a named source", total - named)]
            return total, found

        total, facets = self.cached(("quote-facets", clause, tuple(params)), counts)
        return total, [quote_row(r) for r in found], facets

    def event_page(self, *, type=None, status=None, party=None, place=None, since=None,
                   until=None, outlet=None, sort=None, everything=False, limit=50, offset=0
                   ) -> tuple[int, list[EventRow], dict[str, list[tuple[str, int]]], int]:
        """One page of the events list (``/events``), its size, its facets and how many
        events with neither actor nor target were left out (none with ``everything``),
        filtered, sorted, counted and paged in SQL."""
        day = ("CASE WHEN substr(coalesce(v.time, ''), 1, 1) BETWEEN '0' AND '9' "
               "THEN v.time ELSE a.published END")
        extra = self._dated(day, since, until)
        if party:  # as the list built in Python tests it: an absent party reads "None"
            extra.append(("strpos(lower(coalesce(v.actor, 'None') || ' ' || "
                          "coalesce(v.target, 'None')), ?) > 0", [party.lower()]))
        if place:
            extra.append(("strpos(lower(coalesce(v.location, '')), ?) > 0", [place.lower()]))
        if outlet:
            extra.append((f"{outlet_sql(self.postgres)} = ?", [outlet]))
        clause, params = self._filters("v", (("v.type", type), ("v.status", status)), extra)
        matching = f"{EVENT_FROM} JOIN articles a ON a.doc_key = v.doc_key WHERE {clause}"
        vague = "v.actor IS NULL AND v.target IS NULL"
        listed = matching if everything else f"{matching} AND NOT ({vague})"
        column = {"time": "v.time", "type": "v.type", "actor": "v.actor",
                  "target": "v.target", "status": "v.status", "published": "a.published"
                  }.get(sort or "")
        order = (f"{column} IS NULL, coalesce({column}, ''), v.doc_key, v.idx" if column
                 else f"coalesce({day}, ''), v.doc_key, v.idx")
        found = self.rows(f"SELECT {EVENT_COLUMNS} FROM {listed} ORDER BY {order} "
                          f"LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])

        def counts() -> tuple[int, dict[str, list[tuple[str, int]]], int]:
            found = {name: self._facet(listed, params, expression) for name, expression in (
                ("type", "v.type"), ("status", "v.status"), ("actor", "v.actor"),
                ("target", "v.target"), ("outlet", outlet_sql(self.postgres)),
                ("month", f"nullif(substr(coalesce({day}, ''), 1, 7), '')"))}
            total, n_vague = self.rows(
                f"SELECT count(*), coalesce(sum(CASE WHEN {vague} THEN 1 ELSE 0 END), 0) "
                f"FROM {matching}", params)[0]
            return (total if everything else total - n_vague), found, \
                (0 if everything else n_vague)

        total, facets, hidden = self.cached(("event-facets", listed, tuple(params)), counts)
        return total, [event_row(r, self._text_piece) for r in found], facets, hidden

    def _facet(self, listed: str, params: list, expression: str, top: int = 12
               ) -> list[tuple[str, int]]:
        """The ``top`` most frequent values of ``expression`` in a list, ties by value."""
        return [tuple(r) for r in self.rows(
            f"SELECT {expression} AS facet, count(*) AS n FROM {listed} "
            f"AND {expression} IS NOT NULL GROUP BY facet ORDER BY n DESC, facet LIMIT ?",
            [*params, top])]

    @staticmethod
    def _dated(column: str, since: str | None, until: str | None) -> list[tuple[str, list]]:
        """Clauses keeping the rows whose ``column`` is a calendar value within
        [since, until] (inclusive prefixes, as repository.in_day_range)."""
        if not since and not until:
            return []
        found = [(f"substr({column}, 1, 1) BETWEEN '0' AND '9'", [])]
        for bound, op in ((since, ">="), (until, "<=")):
            if bound:
                found.append((f"substr({column}, 1, {len(bound)}) {op} ?", [bound]))
        return found

    def quantities(self, *, article=None, counted=None, unit=None, limit=50, offset=0
                   ) -> Rows[QuantityRow]:
        extra = [] if counted is None else \
            [("strpos(lower(coalesce(n.counted, '')), ?) > 0", [counted.lower()])]
        clause, params = self._filters("n", (("n.doc_key", article), ("n.unit", unit)), extra)
        total, found = self._page(count_from="quantities n",
                                  select=f"{QUANTITY_COLUMNS} FROM quantities n",
                                  clause=clause, params=params, order="n.doc_key, n.idx",
                                  limit=limit, offset=offset)
        return total, [quantity_row(r) for r in found]

    def events(self, *, type=None, status=None, article=None, limit=50, offset=0
               ) -> Rows[EventRow]:
        clause, params = self._filters(
            "v", (("v.type", type), ("v.status", status), ("v.doc_key", article)))
        total, found = self._page(count_from="events v",
                                  select=f"{EVENT_COLUMNS} FROM {EVENT_FROM}",
                                  clause=clause, params=params, order="v.doc_key, v.idx",
                                  limit=limit, offset=offset)
        return total, [event_row(r, self._text_piece) for r in found]

    def event_places(self, *, type=None, status=None, since="", until="", limit=500
                     ) -> list[tuple[str, str, int]]:
        """(place name, event type, events) of the ``limit`` place names with most events
        dated in [since, until] (the event's own day, else its article's): counted in SQL."""
        clause, params = self._filters("v", (("v.type", type), ("v.status", status)))
        day = ("CASE WHEN substr(v.time, 1, 1) BETWEEN '0' AND '9' THEN v.time "
               "ELSE a.published END")
        dated = ["1 = 1"]
        if since or until:
            dated.append("substr(day, 1, 1) BETWEEN '0' AND '9'")
        for bound, op in ((since, ">="), (until, "<=")):
            if bound:  # a date prefix (the page checks its pattern): its length is safe
                dated.append(f"substr(day, 1, {len(bound)}) {op} ?")
        dates = [b for b in (since, until) if b]
        return [tuple(r) for r in self.rows(
            f"WITH e AS (SELECT v.location, v.type, {day} AS day FROM events v JOIN articles a "
            f"ON a.doc_key = v.doc_key WHERE {clause} AND v.location IS NOT NULL), "
            f"d AS (SELECT location, type FROM e WHERE {' AND '.join(dated)}), "
            f"top AS (SELECT location FROM d GROUP BY location "
            f"ORDER BY count(*) DESC, location LIMIT ?) "
            f"SELECT d.location, d.type, count(*) FROM d JOIN top ON top.location = d.location "
            f"GROUP BY d.location, d.type ORDER BY d.location, d.type",
            [*params, *dates, int(limit)])]

    # ------------------------------------------------------------ stories

    def _stories(self, ids: list[str]) -> list[Story]:
        if not ids:
            return []
        where, params = self._in("s.story_id", ids)
        found: dict[str, Story] = {}
        for story_id, label, key, published in self.rows(
                f"SELECT s.story_id, s.label, m.doc_key, a.published FROM stories s "
                f"JOIN story_articles m ON m.story_id = s.story_id JOIN articles a "
                f"ON a.doc_key = m.doc_key WHERE {where} "
                f"ORDER BY s.story_id, a.published, m.doc_key", params):
            story = found.setdefault(story_id, Story(id=story_id, terms=(label or "").split()))
            story.articles.append(key)
            if published:
                story.first_published = min(story.first_published or published, published)
                story.last_published = max(story.last_published or published, published)
        return [found[i] for i in ids if i in found]

    def stories(self, *, limit=50, offset=0) -> Rows[Story]:
        total = self.cached(("story-count",), lambda: self.rows(
            "SELECT count(DISTINCT story_id) FROM story_articles")[0][0])
        ranked = self.cached(("story-ranking", limit, offset), lambda: [r[0] for r in self.rows(
            "SELECT story_id, count(*) AS n FROM story_articles GROUP BY story_id "
            "ORDER BY n DESC, story_id LIMIT ? OFFSET ?", [int(limit), int(offset)])])
        return total, self._stories(ranked)

    def story(self, story_id) -> Story | None:
        found = self._stories([story_id])
        return found[0] if found else None

    def story_of(self, article_id):
        found = self.rows("SELECT min(story_id) FROM story_articles WHERE doc_key = ?",
                          [article_id])
        return found[0][0] if found else None

    def story_articles(self, story_id: str, limit: int = DETAIL_ROWS) -> list[ArticleSummary]:
        """The story's first articles, in publication order."""
        found = self.rows(
            "SELECT a.doc_key, a.title, a.url, a.published, length(a.text) FROM story_articles s "
            "JOIN articles a ON a.doc_key = s.doc_key WHERE s.story_id = ? "
            "ORDER BY a.published, a.doc_key LIMIT ?", [story_id, limit])
        return [ArticleSummary(id=k, title=t, url=u, published=p, story=story_id, chars=c,
                               entities=0, quotes=0, quantities=0, events=0)
                for k, t, u, p, c in found]

    def timeline(self, story_id) -> list[TimelineEntry]:
        return self._timeline(f"docs AS ({STORY_DOCS})", cte_params=[story_id])

    def _linked(self, relation: str, story: str | None) -> list[tuple[str, tuple, tuple]]:
        """(reason, claim a, claim b) of the links of ``relation``; a story's reached from
        its articles' claims by key (not a filter over every link of the store)."""
        store = _Columns(self.columns["claims"])
        links, params = "claim_links", [relation]
        if story is not None:
            links = (f"(WITH docs AS ({STORY_DOCS}), mine AS (SELECT c.claim_id FROM docs d "
                     "JOIN claims c ON c.doc_key = d.doc_key) "
                     "SELECT k.* FROM mine JOIN claim_links k ON k.claim_a = mine.claim_id "
                     "UNION SELECT k.* FROM mine JOIN claim_links k "
                     "ON k.claim_b = mine.claim_id)")
            params = [story, relation]
        rows = self.rows(f"""
            SELECT k.evidence, {linked.claim_columns(store, 'x')},
                   {linked.claim_columns(store, 'y')}
            FROM {links} k JOIN claims x ON x.claim_id = k.claim_a
            JOIN claims y ON y.claim_id = k.claim_b
            LEFT JOIN articles ax ON ax.doc_key = x.doc_key
            LEFT JOIN articles ay ON ay.doc_key = y.doc_key
            WHERE k.relation = ?
            ORDER BY x.time, x.doc_key, x.span_start, y.time, y.doc_key, y.span_start""",
                         params)
        width = linked.CLAIM_WIDTH
        return [(r[0], tuple(r[1:1 + width]), tuple(r[1 + width:])) for r in rows]

    def revisions(self, *, story=None, limit=50, offset=0) -> Rows[Revision]:
        found = linked.revisions_of(self._linked("revision", story))
        return len(found), found[offset:offset + limit]

    def contradictions(self, *, story=None, limit=50, offset=0) -> Rows[Contradiction]:
        found = linked.contradictions_of(self._linked("contradiction", story))
        return len(found), found[offset:offset + limit]

    def world_events(self, *, type=None, story=None, min_reports=1, limit=50, offset=0
                     ) -> Rows[WorldEventRow]:
        where, params = ["n_reports >= ?"], [int(min_reports)]
        if type is not None:
            where.append("type = ?")
            params.append(type)
        if story is not None:
            where.append("event_id IN (SELECT r.event_id FROM event_reports r JOIN "
                         "story_articles s ON s.doc_key = r.doc_key WHERE s.story_id = ?)")
            params.append(story)
        clause = " AND ".join(where)
        total = self.rows(f"SELECT count(*) FROM world_events WHERE {clause}", params)[0][0]
        found = self.rows(
            f"SELECT event_id, type, story_id, time, label, actors, targets, locations "
            f"FROM world_events WHERE {clause} ORDER BY n_reports DESC, time, event_id "
            f"LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        ids = [r[0] for r in found]
        reports: dict[str, list[EventReport]] = {i: [] for i in ids}
        if ids:
            where_ids, id_params = self._in("event_id", ids)
            for event_id, key, outlet, published, copy_of, similarity, text, start, end in \
                    self.rows(f"SELECT event_id, doc_key, outlet, published, copy_of, "
                              f"similarity, text, span_start, span_end FROM event_reports "
                              f"WHERE {where_ids} ORDER BY event_id, published, doc_key",
                              id_params):
                mentions = [Ref(article=key, text=text, span=_span(start, end))] if text else []
                reports[event_id].append(EventReport(
                    article=key, outlet=outlet, published=published, mentions=mentions,
                    copy_of=copy_of, similarity=similarity or 0.0))
        return total, [WorldEventRow.of(WorldEvent(
            id=event_id, type=kind, story=story_id, time=time, label=label or "",
            actors=_json_list(actors), targets=_json_list(targets),
            locations=_json_list(locations), reports=reports[event_id]))
            for event_id, kind, story_id, time, label, actors, targets, locations in found]

    # ------------------------------------------------------------ network

    def network(self, *, relation=None, name=None, nodes=NETWORK_NODES) -> Rows[Edge]:
        """:func:`~newsgraph.web.repository.network_edges` among the ``nodes``
        best-connected names, counted in SQL: the links and their first pieces of evidence
        are read, not every item (kept per state of the store)."""
        return self.cached(("network", relation, name, nodes),
                           lambda: self._network(relation, name, nodes))

    def entity_ids_named(self, names: list[str]) -> dict[str, str]:
        """Name -> the most mentioned entity whose name or an alias is that name (any
        case): one scan of the entities for all names, then the mentions of the
        candidates only (kept per state of the store)."""
        return self.cached(("named", tuple(names)), lambda: self._entity_ids_named(names))

    def _entity_ids_named(self, names: list[str]) -> dict[str, str]:
        if not names:
            return {}
        wanted = {n.lower(): n for n in names}
        text = "lower(g.name || ' ' || coalesce(g.aliases, ''))"
        found = self.rows(
            f"WITH c AS (SELECT g.global_id, g.name, g.aliases FROM global_entities g WHERE "
            f"{' OR '.join(f'strpos({text}, ?) > 0' for _ in wanted)}) "
            f"SELECT c.global_id, c.name, c.aliases, coalesce(sum(e.n_mentions), 0) AS n FROM c "
            f"LEFT JOIN entity_links l ON l.global_id = c.global_id LEFT JOIN entities e "
            f"ON e.doc_key = l.doc_key AND e.entity_id = l.entity_id "
            f"GROUP BY c.global_id, c.name, c.aliases ORDER BY n DESC, c.name, c.global_id",
            list(wanted))
        ids: dict[str, str] = {}
        for global_id, name, aliases, _ in found:
            for form in {name.lower(), *(a.lower() for a in _json_list(aliases))}:
                if form in wanted:
                    ids.setdefault(wanted[form], global_id)
        return ids

    def _network(self, relation: str | None, name: str | None, nodes: int) -> Rows[Edge]:
        where, params = ["1 = 1"], []
        if relation:
            where.append("relation = ?")
            params.append(relation)
        if name:
            where.append("strpos(lower(source || ' ' || target), ?) > 0")
            params.append(name.lower())
        found = self.rows(
            f"WITH ev AS ({NETWORK_ITEMS}), filt AS (SELECT * FROM ev WHERE "
            f"{' AND '.join(where)}), edges AS (SELECT source, target, relation, count(*) AS n "
            "FROM filt GROUP BY source, target, relation), "
            "deg AS (SELECT name, sum(n) AS d FROM (SELECT source AS name, n FROM edges "
            "UNION ALL SELECT target, n FROM edges) x GROUP BY name ORDER BY d DESC, name "
            "LIMIT ?), shown AS (SELECT e.* FROM edges e JOIN deg s ON s.name = e.source "
            "JOIN deg t ON t.name = e.target), firsts AS (SELECT f.*, row_number() OVER "
            "(PARTITION BY f.source, f.target, f.relation ORDER BY f.doc_key, f.idx) AS rn "
            "FROM filt f JOIN shown w ON w.source = f.source AND w.target = f.target "
            "AND w.relation = f.relation) "
            "SELECT w.source, w.target, w.relation, w.n, f.doc_key, f.idx, f.anchor, f.text, "
            "(SELECT count(*) FROM edges) FROM shown w JOIN firsts f ON f.source = w.source "
            "AND f.target = w.target AND f.relation = w.relation AND f.rn <= ? "
            "ORDER BY w.n DESC, w.relation, w.source, w.target, f.rn",
            [*params, int(nodes), NETWORK_EVIDENCE])
        edges: dict[tuple[str, str, str], tuple[tuple[str, int], Edge]] = {}
        for source, target, kind, n, key, idx, anchor, text, _ in found:
            first, edge = edges.setdefault((source, target, kind), (
                (key, idx), Edge(source, target, kind, count=n)))
            edge.evidence.append((f"/articles/{quote(key, safe='')}#{anchor}-{idx}", text))
        ranked = sorted(edges.values(), key=lambda x: (-x[1].weight, x[1].relation, x[0]))
        total = found[0][8] if found else self.rows(
            f"WITH ev AS ({NETWORK_ITEMS}) SELECT count(*) FROM (SELECT DISTINCT source, "
            f"target, relation FROM ev WHERE {' AND '.join(where)}) x", params)[0][0]
        return total, [edge for _, edge in ranked]

    # ------------------------------------------------------------ search

    def search(self, q, *, limit=50, offset=0) -> Rows[SearchHit]:
        """Entities, then articles, then quotations containing ``q``: each kind counted
        and paged in SQL."""
        term = q.lower()
        kinds = [
            ("global_entities g WHERE",
             "strpos(lower(g.name || ' ' || coalesce(g.aliases, '')), ?) > 0", "g.global_id",
             "g.global_id, g.name, g.type, (SELECT count(DISTINCT doc_key) "
             "FROM entity_links l WHERE l.global_id = g.global_id)"),
            (f"articles a WHERE {LATEST} AND", "(strpos(lower(coalesce(a.title, '')), ?) > 0 OR "
             "strpos(lower(a.text), ?) > 0)", "a.doc_key", "a.doc_key, a.title, a.text"),
            (f"quotes q JOIN articles a ON a.doc_key = q.doc_key WHERE {LATEST} AND",
             "strpos(lower(q.text), ?) > 0", "q.doc_key, q.idx",
             "q.doc_key, q.idx, q.speaker_name, q.text"),
        ]
        hits: list[SearchHit] = []
        total = 0
        for table, where, order, columns in kinds:
            params = [term] * where.count("?")
            n = self.rows(f"SELECT count(*) FROM {table} {where}", params)[0][0]
            skip = max(0, offset - total)
            want = max(0, offset + limit - total) - skip
            total += n
            if want <= 0 or skip >= n:
                continue
            for row in self.rows(f"SELECT {columns} FROM {table} {where} "
                                 f"ORDER BY {order} LIMIT ? OFFSET ?", [*params, want, skip]):
                hits.append(self._hit(table[0], row, q))
        return total, hits

    @staticmethod
    def _hit(kind: str, row: Row, q: str) -> SearchHit:
        if kind == "g":
            global_id, name, etype, n = row
            return SearchHit(kind="entity", id=global_id, title=name,
                             snippet=f"{etype}, in {n} article(s)")
        if kind == "a":
            key, title, text = row
            return SearchHit(kind="article", id=key, article=key, title=title or key,
                             snippet=snippet(text, q))
        key, idx, speaker, text = row
        return SearchHit(kind="quote", id=f"{key}#quote-{idx}", article=key,
                         title=speaker or "unattributed", snippet=snippet(text, q))

    # ------------------------------------------------------------ evidence links

    def anchor(self, article_id: str, span) -> str:
        """The id of the mark in the article page that shows ``span``."""
        return self.anchors([(article_id, span)]).get((article_id, _key_span(span)), "")

    def anchors(self, refs) -> dict[tuple[str, tuple[int, int] | None], str]:
        """(article, span) -> the id of its mark in the article page, for many pieces of
        evidence at once: one query per kind of item over the articles they are in."""
        wanted = {(a, _key_span(s)) for a, s in refs if s is not None}
        keys = sorted({a for a, _ in wanted})
        items: dict[str, dict[str, list[tuple[int, int, int]]]] = {}
        for i in range(0, len(keys), 500):
            where, params = self._in("doc_key", keys[i:i + 500])
            for prefix, table in (("quote", "quotes"), ("event", "events"),
                                  ("qty", "quantities")):
                for key, idx, start, end in self.rows(
                        f"SELECT doc_key, idx, span_start, span_end FROM {table} "
                        f"WHERE {where} ORDER BY doc_key, idx", params):
                    items.setdefault(key, {}).setdefault(prefix, []).append((idx, start, end))
        return {(a, span): anchor_in(items.get(a, {}), span) for a, span in wanted}

    def context(self, ref: Ref, width: int = 240) -> tuple[str, str, str]:
        """(before, evidence, after): the evidence inside its sentence."""
        if ref.span is None:
            return "", ref.text, ""
        start, end = ref.span
        left = max(0, start - width)
        piece = self._text_piece(ref.article, left, end + width)
        if not piece:
            return "", ref.text, ""
        return sentence_around(piece, start - left, end - left, width)


def _key_span(span) -> tuple[int, int] | None:
    return (int(span[0]), int(span[1])) if span is not None else None


def anchor_in(items: dict[str, list[tuple[int, int, int]]], span: tuple[int, int] | None
              ) -> str:
    """:func:`~newsgraph.web.repository.evidence_anchor` over (index, start, end) rows."""
    if span is None:
        return ""
    for prefix in ("quote", "event", "qty"):
        for idx, start, end in items.get(prefix, []):
            if (start, end) == span:
                return f"{prefix}-{idx}"
    for idx, start, end in items.get("quote", []):  # evidence inside a quote
        if start <= span[0] and span[1] <= end:
            return f"quote-{idx}"
    return ""


class _Columns:
    """What :func:`linked.claim_columns` asks a store: the columns of ``claims``."""

    def __init__(self, columns: set[str]) -> None:
        self._columns = columns

    def columns(self, table: str) -> list[str]:
        return sorted(self._columns)

