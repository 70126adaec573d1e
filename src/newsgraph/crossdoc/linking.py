"""Keep the cross-document tables (:mod:`newsgraph.crossdoc`) of a store current.

The crossdoc functions are pure, over Documents; here the latest version of
each stored article goes in, with its ``id`` set to its ``doc_key`` (ids from
readers need not be unique across sources), in the order the articles arrived.
Out come ``global_entities``/``entity_links``, ``stories``/``story_articles``,
``claims``/``claim_links`` (contradictions, revisions and changes between
versions), ``world_events``/``event_reports`` and ``version_diffs``.

Linking is incremental: only the rows the new articles can change are read and
rewritten.

* stories: the story index lives in tables (:mod:`newsgraph.crossdoc.storyindex`),
  read for the batch's candidates only; story ids stay put;
* entities: resolved against the stored entities sharing a block key with the
  batch's (:mod:`newsgraph.crossdoc.entitylinks`); only touched identities are
  rewritten;
* claims and version differences are computed per story (``scope``), for the
  stories that gained an article, were merged, or hold an identity that was
  merged or renamed;
* world events for those stories' articles and every article that can share an
  event with them (same story, or an event of the same type on the same day),
  closed transitively up to ``EVENT_CLOSURE_CAP`` articles.

A full rebuild (``newsgraph relink``) computes the same things for every story
and gives the same tables (tested). Everything is written in one transaction
with the generation of the articles it was built from, under a lock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from newsgraph.crossdoc.clusters import Prepared, StoryClusterer, named_keys, prepare_parts
from newsgraph.crossdoc.entitylinks import StoredResolution, entity_order, link_entities
from newsgraph.crossdoc.events import day, outlet, world_events
from newsgraph.crossdoc.models import Assignment, VersionChange, WorldEvent
from newsgraph.crossdoc.storyindex import Arrival, StoredClusterer
from newsgraph.crossdoc.versions import diff_versions
from newsgraph.schema import Document
from newsgraph.store import Store, key_chunks
from newsgraph.store.migrations import DERIVED_TABLES
from newsgraph.store.rows import article_key

Tables = dict[str, tuple[list[str] | None, list[tuple]]]
# doc_key -> (its clustering features, earlier articles sharing an LSH band): from Spark
Precomputed = Mapping[str, tuple[Prepared, list[str]]]


@dataclass
class LinkStats:
    entities: int = 0
    stories: int = 0
    contradictions: int = 0
    revisions: int = 0
    world_events: int = 0
    version_changes: int = 0
    placed: int = 0  # articles the story index placed this time
    rebuilt: bool = False  # True: every story was computed again from the first article
    stories_relinked: int = 0  # stories whose claims were computed again
    articles_read: int = 0  # Documents read for claims and events
    seconds: dict[str, float] = field(default_factory=dict)  # per step of the run

    def timed(self, step: str, started: float) -> float:
        now = time.perf_counter()
        self.seconds[step] = self.seconds.get(step, 0.0) + now - started
        return now

    def describe(self) -> str:
        how = "rebuilt" if self.rebuilt else (
            f"{self.placed} articles placed, {self.stories_relinked} stories relinked")
        return (f"linked ({how}): {self.entities} entities, {self.stories} stories, "
                f"{self.contradictions} contradictions, {self.revisions} revisions, "
                f"{self.world_events} events, {self.version_changes} version changes")


# The order articles are linked in: the order they arrived. Story ids then stay
# put as articles are added, and a full rebuild replays the incremental path.
ARRIVAL_ORDER = "ingested_at, published, doc_key"
INDEX = "stories"
CHUNK = 500  # Documents per query



def _claim_id(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


def _claim_row(columns: list[str], **values: object) -> tuple:
    return tuple(values.get(c) for c in columns)


@dataclass
class StoryIndex:
    """The story clusterer's state between ingests, kept in ``link_index``: where
    each linked article went, so a new article is placed without reading the others."""

    clusterer: StoryClusterer
    assignments: dict[str, Assignment]  # doc_key -> how it was placed

    @classmethod
    def empty(cls) -> StoryIndex:
        return cls(StoryClusterer(), {})

    def place(self, docs: Iterable[Document], prepared: Precomputed | None = None
              ) -> list[Assignment]:
        placed = []
        for doc in docs:
            p, candidates = (prepared or {}).get(doc.id, (None, None))
            self.assignments[doc.id] = assignment = self.clusterer.add(doc, p, candidates)
            placed.append(assignment)
        return placed

    def final_assignments(self, keys: Iterable[str] | None = None) -> list[Assignment]:
        """Assignments with the story each article is in now (a story merged into
        another hands its earlier articles over)."""
        story_of = self.clusterer.story_of
        chosen = self.assignments.values() if keys is None else (
            self.assignments[k] for k in keys)
        return [a.model_copy(update={"story": story_of[a.article]}) for a in chosen]


@dataclass
class _Change:
    """What a link run recomputes: stories, and the articles of world events."""

    full: bool
    stories: set[str] = field(default_factory=set)  # live stories to compute again
    gone: set[str] = field(default_factory=set)  # stories merged away
    relabel: bool = False  # every story's label may have moved


def _count(store: Store, stats: LinkStats) -> None:
    _, rows = store.query("SELECT relation, count(*), count(DISTINCT claim_a) FROM claim_links "
                          "GROUP BY relation")
    by_relation = {r: (n, anchors) for r, n, anchors in rows}
    stats.contradictions = by_relation.get("contradiction", (0, 0))[1]
    stats.revisions = by_relation.get("revision", (0, 0))[0]
    stats.world_events = store.count("world_events")
    stats.version_changes = store.count("version_diffs")


def _load_state(store: Store) -> dict | None:
    _, rows = store.query("SELECT data FROM link_index WHERE name = ?", (INDEX,))
    return json.loads(bytes(rows[0][0])) if rows else None


def _unlinked_gone(store: Store) -> bool:
    """Has a linked article left the latest ones (deleted, or superseded by a new
    version)? Then the stories are computed again from the first article."""
    _, rows = store.query("SELECT count(*) FROM link_articles l WHERE NOT EXISTS "
                          "(SELECT 1 FROM latest_articles a WHERE a.doc_key = l.doc_key)")
    return rows[0][0] > 0


def _new_keys(store: Store, full: bool) -> list[str]:
    """The latest articles the story index has not placed, in arrival order."""
    unplaced = "" if full else (" WHERE NOT EXISTS (SELECT 1 FROM link_articles l "
                                "WHERE l.doc_key = a.doc_key)")
    _, rows = store.query(f"SELECT doc_key FROM latest_articles a{unplaced} "
                          f"ORDER BY {ARRIVAL_ORDER}")
    return [r[0] for r in rows]


def _in(store: Store, column: str) -> str:
    return store.db.one_of(column)


class _Reader:
    """Stored versions as Documents (id = doc_key), in arrival order."""

    def __init__(self, store: Store, remember: bool) -> None:
        self.store = store
        # the claims' Documents again for the world events (a batch's stories: a
        # few thousand at most; a rebuild reads them twice instead)
        self.remember = remember
        self.memo: dict[str, tuple[tuple, Document]] = {}
        self.arrival: dict[str, tuple] = {}  # doc_key -> its place in arrival order
        self.read = 0

    def documents(self, keys: Iterable[str]) -> list[Document]:
        keys = set(keys)
        found = {k: self.memo[k] for k in keys if k in self.memo}
        for chunk in key_chunks(keys - set(found), CHUNK):
            _, rows = self.store.query(
                "SELECT doc_key, document_json, ingested_at, published FROM articles WHERE "
                + _in(self.store, "doc_key"), [chunk])
            for key, data, ingested, published in rows:
                doc = Document.model_validate_json(data).model_copy(update={"id": key})
                found[key] = (self.arrival.setdefault(key, (ingested, published or "", key)),
                               doc)
                self.read += 1
                if self.remember:
                    self.memo[key] = found[key]
        return [doc for _, doc in sorted(found.values(), key=lambda item: item[0])]

    def arrivals(self, keys: list[str]) -> Iterator[tuple[Arrival, Prepared]]:
        """``keys`` (in arrival order) with their clustering features, read from the
        article and entity columns: placing an article parses no Document."""
        for i in range(0, len(keys), CHUNK):
            chunk = keys[i:i + CHUNK]
            entities: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
            _, rows = self.store.query("SELECT doc_key, entity_id, count(*) FROM mentions "
                                       "WHERE " + _in(self.store, "doc_key")
                                       + " GROUP BY doc_key, entity_id", [chunk])
            counts = {(k, e): n for k, e, n in rows}
            _, rows = self.store.query("SELECT doc_key, entity_id, type, name FROM entities "
                                       "WHERE " + _in(self.store, "doc_key"), [chunk])
            for key, entity_id, type_, name in rows:
                entities[key].append((entity_id, type_, name))
            _, rows = self.store.query("SELECT doc_key, title, text, published FROM articles "
                                       "WHERE " + _in(self.store, "doc_key"), [chunk])
            found = {r[0]: r for r in rows}
            for key in chunk:
                _, title, text, published = found[key]
                named = sorted(entities.get(key, []), key=lambda e: entity_order(e[0]))
                keys_ = named_keys((t, n, counts.get((key, e), 0)) for e, t, n in named)
                yield (Arrival(key, published),
                       prepare_parts(text if not title else f"{title}\n{text}", keys_))


def link_store(store: Store, *, full: bool = False, prepared: Precomputed | None = None
               ) -> LinkStats | None:
    """Bring the cross-article tables up to date; None when they already were.

    Holds the store's link lock, so two ingests never interleave their writes,
    and writes everything in one transaction with the generation it was built
    from: a run killed midway leaves the previous tables, still marked stale.
    ``full`` computes every story again from the first article (``newsgraph relink``);
    ``prepared`` holds what Spark computed per article (:mod:`newsgraph.spark.linking`).
    """
    with store.db.lock("links"):
        generation, linked = store.link_state()
        if generation == linked and not full:
            return None
        state = None if full or _unlinked_gone(store) else _load_state(store)
        change = _Change(full=state is None)
        index = StoredClusterer(store, state)
        new = _new_keys(store, change.full)
        reader = _Reader(store, remember=not change.full)
        stats = LinkStats(rebuilt=change.full)
        started = time.perf_counter()
        placed = index.place(reader.arrivals(new), prepared)
        stats.placed = len(placed)
        started = stats.timed("stories", started)
        change.relabel = change.full or index.relabel
        entities = link_entities(store, new, (state or {}).get("items", 1), change.full)
        resolution = entities.resolution
        started = stats.timed("entities", started)
        if change.full:
            change.stories = set(index.stories)
        else:
            # a story only re-weighted (a refresh) keeps its articles: its claims stand
            change.stories = {index.story_of[a.article] for a in placed}
            change.gone = set(index.gone)
            change.stories |= set(index.stories_of(entities.changed_articles).values())
            change.stories -= change.gone
        tables: Tables = {t: (None, rows) for t, rows in entities.tables.items()
                          if t in DERIVED_TABLES}
        delete: Deletions = dict(entities.delete)
        _story_tables(index, change, tables, delete)
        started = stats.timed("stories", started)
        _claim_tables(store, index, change, resolution, reader, tables, delete, stats)
        started = stats.timed("claims", started)
        _event_tables(store, index, change, resolution, reader, new, tables, delete, stats)
        reader.memo.clear()  # the Documents are done with: the write's rows take their place
        started = stats.timed("events", started)
        index_rows, index_delete = index.tables()
        index_rows.update((t, rows) for t, rows in entities.tables.items()
                          if t not in DERIVED_TABLES)
        store.write_links(tables, generation, delete=delete, replace=change.full,
                          index=(INDEX, json.dumps(
                              {**index.state(), "items": entities.next_seq}).encode()),
                          index_rows=(index_rows, index_delete),
                          statements=entities.statements + index.trim_statements())
        started = stats.timed("write", started)
        _count(store, stats)
    stats.entities = store.count("global_entities")
    stats.stories = store.count("stories")
    stats.stories_relinked = len(change.stories)
    release_freed_memory()
    return stats


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


_LIBC = _libc()


def release_freed_memory() -> None:
    """Hand the memory a link run freed back to the system. A run holds a batch's
    Documents and story rows, then frees them; glibc keeps the freed pages in its heap
    (fragmented, not trimmed from the top), so without this a long ingest's resident
    memory stays at the highest any batch reached and creeps up with each new peak."""
    gc.collect()
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:  # glibc only (musl, macOS: nothing to do)
        trim(0)



Deletions = dict[str, tuple[str, list]]  # table -> (column, values); column "*": every row


def _story_tables(index: StoredClusterer, change: _Change, tables: Tables,
                  delete: Deletions) -> None:
    """The stories the index rewrote (every one when their labels moved)."""
    by_story = {s.id: s for s in index.changed_stories()}
    story_rows = [(s.id, " ".join(s.terms[:6]), "crossdoc", len(s.articles))
                  for s in by_story.values()]
    members = [k for s in by_story.values() for k in s.articles]
    member_rows = {(a.story, a.article): (a.story, a.article, a.similarity)
                   for a in index.assignments(members)}
    tables["stories"] = (None, story_rows)
    tables["story_articles"] = (None, list(member_rows.values()))
    dropped = sorted(set(by_story) | change.gone)
    delete["stories"] = ("story_id", dropped)
    delete["story_articles"] = ("story_id", dropped)


def _claim_tables(store: Store, index: StoredClusterer, change: _Change, resolution,
                  reader: _Reader, tables: Tables, delete: Deletions,
                  stats: LinkStats) -> None:
    """Claims and version differences, story by story: one story's articles in memory."""
    columns = store.columns("claims")
    claims: dict[str, tuple] = {}
    links: dict[tuple[str, str, str], tuple] = {}
    diffs: list[tuple] = []
    members = index.members(change.stories)
    versioned = {r[0] for r in store.query(
        "SELECT doc_key FROM latest_articles WHERE version > 1")[1]}
    for group in _story_groups(sorted(members), members):
        # one query per few hundred articles; one story's articles at a time in use
        keys = [k for s in group for k in members[s]]
        _load_identities(store, resolution, keys, change)
        index.assignments(keys)  # read for the group at once, not a query per story
        fetched = {d.id: d for d in reader.documents(keys)}
        for story_id in group:
            docs = sorted((fetched[k] for k in members[story_id]),
                          key=lambda d: reader.arrival[d.id])
            _story_claims(store, story_id, docs, index.assignments(members[story_id]),
                          resolution, columns, claims, links, diffs, versioned)
    dropped = sorted(change.stories | change.gone)
    tables["claims"] = (columns, list(claims.values()))
    tables["claim_links"] = (["claim_a", "claim_b", "relation", "evidence", "scope"],
                             list(links.values()))
    tables["version_diffs"] = (None, diffs)
    for table in ("claims", "claim_links", "version_diffs"):
        delete[table] = ("scope", dropped)


def _story_groups(ids: list[str], members: Mapping[str, list[str]]) -> Iterator[list[str]]:
    """Stories in runs of at most CHUNK articles (a bigger story is a run alone)."""
    group: list[str] = []
    size = 0
    for story_id in ids:
        n = len(members[story_id])
        if group and size + n > CHUNK:
            yield group
            group, size = [], 0
        group.append(story_id)
        size += n
    if group:
        yield group


def _story_claims(store: Store, scope: str, docs: list[Document],
                  assignments: list[Assignment], resolution, columns: list[str],
                  claims: dict[str, tuple], links: dict[tuple[str, str, str], tuple],
                  diffs: list[tuple], versioned: set[str]) -> None:
    """A story's contradictions, revisions and version changes: statements are
    compared within a story, as a reader would."""
    from newsgraph.crossdoc import contradictions, revisions

    versions = _version_changes(store, docs, assignments, versioned)
    _version_claims(versions, columns, claims, links, scope)
    diffs.extend(row + (scope,) for row in _version_rows(versions))
    for c in contradictions(docs, resolution):
        ids = []
        for p in c.positions:
            ref = p.evidence
            span = ref.span or (0, 0)
            cid = _claim_id("position", ref.article, span, p.source, p.status)
            claims[cid] = _claim_row(columns, claim_id=cid, subject=c.proposition, kind=p.kind,
                                     doc_key=ref.article, text=ref.text, span_start=span[0],
                                     span_end=span[1], speaker=p.source, status=p.status,
                                     time=p.published, scope=scope)
            ids.append(cid)
        # Every position is linked to the first: the group is the contradiction.
        for cid in ids[1:]:
            links[(ids[0], cid, "contradiction")] = (ids[0], cid, "contradiction",
                                                     c.reason or c.proposition, scope)
    for r in revisions(docs, {d.id: scope for d in docs}):  # one story's articles
        pair = []
        for ref, value, when in ((r.old, r.old_value, r.old_time), (r.new, r.new_value,
                                                                   r.new_time)):
            span = ref.span or (0, 0)
            cid = _claim_id("quantity", ref.article, span, value)
            claims[cid] = _claim_row(columns, claim_id=cid, subject=r.counted, kind="quantity",
                                     doc_key=ref.article, text=ref.text, span_start=span[0],
                                     span_end=span[1], speaker=r.source, value=value,
                                     time=when, unit=r.unit, qualifier=r.qualifier,
                                     scope=scope)
            pair.append(cid)
        links[(pair[0], pair[1], "revision")] = (pair[0], pair[1], "revision", r.reason, scope)


# The most articles one link run reads for world events: an event is grouped from
# reports of one story, or of one (type, day) slot; on a busy day such slots chain
# without end, and past this many articles the closure stops growing.
EVENT_CLOSURE_CAP = 1500


def _event_tables(store: Store, index: StoredClusterer, change: _Change, resolution,
                  reader: _Reader, new: list[str], tables: Tables, delete: Deletions,
                  stats: LinkStats) -> None:
    """World events of the articles that can share one with a changed story's."""
    if change.full:
        keys = set(new)  # every latest article
    else:
        seed = {k for m in index.members(change.stories).values() for k in m}
        keys = _event_closure(store, index, seed)
    _load_identities(store, resolution, keys, change)
    docs = reader.documents(keys)
    stats.articles_read = reader.read  # Documents parsed, placement's included
    event_rows, report_rows = _event_rows(world_events(docs, resolution,
                                                       index.assignments(keys)))
    tables["world_events"] = (None, event_rows)
    tables["event_reports"] = (None, report_rows)
    old: set[str] = set()
    for chunk in key_chunks(keys):
        _, rows = store.query("SELECT DISTINCT event_id FROM event_reports WHERE "
                              + _in(store, "doc_key"), [chunk])
        old |= {r[0] for r in rows}
    delete["world_events"] = ("event_id", sorted(old))
    delete["event_reports"] = ("event_id", sorted(old))


def _load_identities(store: Store, resolution, keys: Iterable[str], change: _Change) -> None:
    if isinstance(resolution, StoredResolution) and not change.full:
        resolution.load(store, keys)


def _event_closure(store: Store, index: StoredClusterer, seed: set[str]) -> set[str]:
    """``seed`` and, transitively, every latest article in the same story, reported in
    one stored world event, or reporting an event of the same type on the same day:
    event grouping (crossdoc.events) only ever joins articles so related. Stops
    growing past ``EVENT_CLOSURE_CAP`` articles."""
    closure, frontier = set(), set(seed)
    while frontier and len(closure) < EVENT_CLOSURE_CAP:
        closure |= frontier
        found: set[str] = set()
        stories = index.stories_of(frontier)
        for members in index.members(set(stories.values())).values():
            found.update(members)
        slots: set[tuple[str, str]] = set()
        for chunk in key_chunks(frontier):
            _, rows = store.query(
                "SELECT DISTINCT r2.doc_key FROM event_reports r1 JOIN event_reports r2 "
                "ON r2.event_id = r1.event_id WHERE " + _in(store, "r1.doc_key"), [chunk])
            found.update(r[0] for r in rows)
            _, rows = store.query("SELECT type, time FROM events WHERE time IS NOT NULL AND "
                                  + _in(store, "doc_key"), [chunk])
            slots |= {(t, d[:10]) for t, time in rows if (d := day(time)) and len(d) >= 10}
        found |= _same_day_reports(store, slots)
        frontier = _latest_only(store, found - closure)
        frontier = set(sorted(frontier)[:max(0, EVENT_CLOSURE_CAP - len(closure))])
    return closure


def _latest_only(store: Store, keys: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in key_chunks(keys):
        _, rows = store.query("SELECT doc_key FROM latest_articles WHERE "
                              + _in(store, "doc_key"), [chunk])
        found |= {r[0] for r in rows}
    return found


def _same_day_reports(store: Store, slots: set[tuple[str, str]]) -> set[str]:
    """Articles reporting an event of one of the (type, day) ``slots``."""
    found: set[str] = set()
    for chunk in key_chunks(f"{t}|{d}" for t, d in slots):
        _, rows = store.query("SELECT DISTINCT doc_key FROM events WHERE "
                              + _in(store, "type || '|' || substr(time, 1, 10)"), [chunk])
        found |= {r[0] for r in rows}
    return found


def _event_rows(events: list[WorldEvent]) -> tuple[list[tuple], list[tuple]]:
    event_rows, report_rows = [], []
    for w in events:
        independent = [r for r in w.reports if r.independent]
        event_rows.append((w.id, w.type, w.story, w.time, w.label,
                           json.dumps(w.actors, ensure_ascii=False),
                           json.dumps(w.targets, ensure_ascii=False),
                           json.dumps(w.locations, ensure_ascii=False),
                           len(w.reports), len(independent), len(w.outlets()),
                           len(w.outlets(independent=True))))
        for r in w.reports:
            first = r.mentions[0]  # the best evidence
            span = first.span or (0, 0)
            report_rows.append((w.id, r.article, r.outlet, r.published, r.independent,
                                r.copy_of, r.similarity, len(r.mentions), first.text, *span))
    return event_rows, report_rows


def _version_pairs(store: Store, docs: list[Document], assignments: list[Assignment],
                   versioned: set[str]) -> list[tuple[str, Document, Document]]:
    """(article key, earlier, later): consecutive stored versions of one article, and a
    near-duplicate published later by the same outlet under another URL (an update).
    ``versioned``: the latest doc_keys of articles stored in more than one version."""
    keys = [d.id for d in docs if d.id in versioned]
    rows: list[tuple] = []
    if keys:
        _, rows = store.query(
            "SELECT article_key, version, doc_key, document_json FROM articles WHERE "
            "article_key IN (SELECT article_key FROM articles WHERE "
            + _in(store, "doc_key") + ") ORDER BY article_key, version", [keys])
    pairs = []
    for (key, _, old_key, old), (key2, _, new_key, new) in zip(rows, rows[1:], strict=False):
        if key == key2:
            pairs.append((key, Document.model_validate_json(old).model_copy(update={"id": old_key}),
                          Document.model_validate_json(new).model_copy(update={"id": new_key})))
    by_id = {d.id: d for d in docs}
    for a in assignments:
        old_doc, new_doc = by_id.get(a.duplicate_of or ""), by_id.get(a.article)
        if old_doc is None or new_doc is None or outlet(old_doc.url) is None:
            continue
        if outlet(old_doc.url) == outlet(new_doc.url) and \
                (old_doc.published or "") <= (new_doc.published or ""):
            pairs.append((article_key(new_doc.id, new_doc.url), old_doc, new_doc))
    return pairs


Changes = list[tuple[str, Document, Document, list[VersionChange]]]


def _version_changes(store: Store, docs: list[Document], assignments: list[Assignment],
                     versioned: set[str]) -> Changes:
    return [(key, old, new, diff_versions(old, new))
            for key, old, new in _version_pairs(store, docs, assignments, versioned)]


def _version_claims(versions: Changes, columns: list[str], claims: dict[str, tuple],
                    links: dict[tuple[str, str, str], tuple], scope: str) -> None:
    """A changed figure or status between versions is a pair of claims linked as a
    ``version_change`` (added and removed quotes are in ``version_diffs`` only)."""
    for _key, old, new, changes in versions:
        for c in changes:
            if c.kind not in {"number_changed", "status_changed"} or not (c.old and c.new):
                continue
            pair = []
            for ref, doc, value, status in ((c.old, old, c.old_value, c.old_status),
                                            (c.new, new, c.new_value, c.new_status)):
                span = ref.span or (0, 0)
                cid = _claim_id("version", ref.article, span, c.kind, value, status)
                claims[cid] = _claim_row(columns, claim_id=cid, subject=c.subject, kind=c.item,
                                         doc_key=ref.article, text=ref.text, span_start=span[0],
                                         span_end=span[1], speaker=c.subject, status=status,
                                         value=value, time=doc.published, scope=scope)
                pair.append(cid)
            was, now = (f"{c.old_value:g}", f"{c.new_value:g}") if c.kind == "number_changed" \
                else (c.old_status, c.new_status)
            note = f"{c.subject or c.item}: {was} -> {now} (updated version)"
            links[(pair[0], pair[1], "version_change")] = (pair[0], pair[1], "version_change",
                                                          note, scope)


def _version_rows(versions: Changes) -> list[tuple]:
    rows = []
    for key, old, new, changes in versions:
        for i, c in enumerate(changes):
            o = c.old.span if c.old and c.old.span else (None, None)
            n = c.new.span if c.new and c.new.span else (None, None)
            rows.append((key, old.id, new.id, i, c.kind, c.item, c.subject,
                         c.old.text if c.old else None, *o, c.new.text if c.new else None, *n,
                         c.old_value, c.new_value, c.old_status, c.new_status))
    return rows
