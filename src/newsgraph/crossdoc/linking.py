"""Keep the cross-document tables (:mod:`newsgraph.crossdoc`) of a store current.

The crossdoc functions are pure, over Documents; here the latest version of
each stored article goes in, with its ``id`` set to its ``doc_key`` (ids from
readers need not be unique across sources), in the order the articles arrived.
Out come ``global_entities``/``entity_links``, ``stories``/``story_articles``,
``claims``/``claim_links`` (contradictions, revisions and changes between
versions), ``world_events``/``event_reports`` and ``version_diffs``.

Linking is incremental. The story clusterer's state is kept in the store
(``link_index``), so a new article is placed without reading the others, and
story ids stay put. Only the rows the new articles can change are rewritten:

* entities: resolved again over a projection of the ``entities`` table (names
  and types, no Documents);
* claims and version differences are computed per story (``scope``), for the
  stories that gained an article, were merged, or hold an entity whose global
  identity changed;
* world events for those stories' articles and every article that can share an
  event with them (same story, or an event of the same type on the same day),
  closed transitively: groups never cross that boundary.

A full rebuild (``newsgraph relink``) computes the same things for every story
and gives the same tables (tested). Everything is written in one transaction
with the generation of the articles it was built from, under a lock.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from newsgraph.crossdoc.clusters import Prepared, StoryClusterer
from newsgraph.crossdoc.events import day, outlet, world_events
from newsgraph.crossdoc.models import Assignment, VersionChange, WorldEvent
from newsgraph.crossdoc.versions import diff_versions
from newsgraph.schema import Document
from newsgraph.store import Store
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
CHUNK = 500


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


def _reweighted(before: int, after: int) -> bool:
    """Did the clusterer re-weight every story (it does at 8, 16, 32... articles)?"""
    return any(n >= 8 and n & (n - 1) == 0 for n in range(before + 1, after + 1))


def _count(store: Store, stats: LinkStats) -> None:
    _, rows = store.query("SELECT relation, count(*), count(DISTINCT claim_a) FROM claim_links "
                          "GROUP BY relation")
    by_relation = {r: (n, anchors) for r, n, anchors in rows}
    stats.contradictions = by_relation.get("contradiction", (0, 0))[1]
    stats.revisions = by_relation.get("revision", (0, 0))[0]
    stats.world_events = store.count("world_events")
    stats.version_changes = store.count("version_diffs")


def _load_index(store: Store) -> StoryIndex | None:
    _, rows = store.query("SELECT data FROM link_index WHERE name = ?", (INDEX,))
    return pickle.loads(rows[0][0]) if rows else None


def _latest_keys(store: Store) -> list[str]:
    _, rows = store.query(f"SELECT doc_key FROM latest_articles ORDER BY {ARRIVAL_ORDER}")
    return [r[0] for r in rows]


def _in(store: Store, column: str) -> str:
    return store.db.one_of(column)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


def _documents(store: Store, keys: Iterable[str], order: dict[str, int]) -> list[Document]:
    """The stored versions ``keys``, id = doc_key, in arrival order."""
    docs = []
    for chunk in _chunks(keys):
        _, rows = store.query("SELECT doc_key, document_json FROM articles WHERE "
                              + _in(store, "doc_key"), [chunk])
        docs.extend(Document.model_validate_json(data).model_copy(update={"id": key})
                    for key, data in rows)
    docs.sort(key=lambda d: order[d.id])
    return docs


def _stream_documents(store: Store, keys: list[str], order: dict[str, int]
                      ) -> Iterator[Document]:
    """``keys`` (in arrival order) a few hundred at a time: memory stays flat."""
    for i in range(0, len(keys), CHUNK):
        yield from _documents(store, keys[i:i + CHUNK], order)


def _entity_number(entity_id: str) -> tuple[int, str]:
    return (int(entity_id[1:]) if entity_id[1:].isdigit() else 1 << 30, entity_id)


@dataclass(frozen=True)
class _Named:
    """An entity as entity resolution reads it."""

    id: str
    name: str
    type: str
    anonymous: bool
    forms: frozenset[str] = frozenset()  # its mentions' texts: "NATO" spelled out


@dataclass(frozen=True)
class _Projected:
    id: str
    entities: list[_Named]


def _entity_projection(store: Store, latest: list[str]) -> list[_Projected]:
    """Each latest article as its entities only (what entity resolution reads), from
    the ``entities`` table: no Document is parsed."""
    found: dict[str, list[_Named]] = defaultdict(list)
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, entity_id, text in store.db.stream(
            "SELECT m.doc_key, m.entity_id, m.text FROM mentions m "
            "JOIN latest_articles a ON a.doc_key = m.doc_key", size=5000):
        forms[(key, entity_id)].add(text)
    for key, entity_id, name, type_, anonymous in store.db.stream(
            "SELECT e.doc_key, e.entity_id, e.name, e.type, e.anonymous FROM entities e "
            "JOIN latest_articles a ON a.doc_key = e.doc_key", size=5000):
        found[key].append(_Named(entity_id, name, type_, bool(anonymous),
                                 frozenset(forms.get((key, entity_id), ()))))
    return [_Projected(key, sorted(found.get(key, []), key=lambda e: _entity_number(e.id)))
            for key in latest]


def link_store(store: Store, *, full: bool = False, prepared: Precomputed | None = None
               ) -> LinkStats | None:
    """Bring the cross-article tables up to date; None when they already were.

    Holds the store's link lock, so two ingests never interleave their writes,
    and writes everything in one transaction with the generation it was built
    from: a run killed midway leaves the previous tables, still marked stale.
    ``full`` computes every story again from the first article (``newsgraph relink``);
    ``prepared`` holds what Spark computed per article (:mod:`newsgraph.spark.linking`).
    """
    from newsgraph.crossdoc import resolve_entities

    with store.db.lock("links"):
        generation, linked = store.link_state()
        if generation == linked and not full:
            return None
        latest = _latest_keys(store)
        order = {k: i for i, k in enumerate(latest)}
        index = None if full else _load_index(store)
        change = _Change(full=index is None or not set(index.assignments) <= set(order))
        if change.full:
            index = StoryIndex.empty()
        assert index is not None
        new = [k for k in latest if k not in index.assignments]
        before = len(index.assignments)
        placed = index.place(_stream_documents(store, new, order), prepared)
        change.relabel = change.full or _reweighted(before, len(index.assignments))
        resolution = resolve_entities(_entity_projection(store, latest))  # type: ignore[arg-type]
        story_of = index.clusterer.story_of
        if change.full:
            change.stories = set(index.clusterer.stories)
        else:
            change.stories = {story_of[a.article] for a in placed}
            change.gone = {m for a in placed for m in a.merged}
            change.stories |= {story_of[k] for k in _identity_changes(store, resolution)}
        stats = LinkStats(placed=len(placed), rebuilt=change.full)
        tables, delete = _entity_tables(resolution)
        _story_tables(index, change, tables, delete)
        _claim_tables(store, index, change, resolution, order, tables, delete, stats)
        _event_tables(store, index, change, resolution, order, tables, delete, stats)
        store.write_links(tables, generation, delete=delete, replace=change.full,
                          index=(INDEX, pickle.dumps(index)))
        _count(store, stats)
    stats.entities = len(resolution.entities)
    stats.stories = len(index.clusterer.stories)
    stats.stories_relinked = len(change.stories)
    return stats


def _identity_changes(store: Store, resolution) -> set[str]:
    """Linked articles whose entities changed global identity: split from or merged
    with another article's, or renamed. Their stories' claims and events change."""
    _, rows = store.query("SELECT l.doc_key, l.entity_id, l.global_id, g.name, g.type FROM "
                          "entity_links l JOIN global_entities g ON g.global_id = l.global_id")
    names = {e.id: (e.name, e.type) for e in resolution.entities}
    old_to_new: dict[str, set[str | None]] = defaultdict(set)
    new_to_old: dict[str | None, set[str]] = defaultdict(set)
    now: dict[tuple[str, str], str | None] = {}
    for key, entity, old, name, type_ in rows:
        gid = resolution.global_id(key, entity)
        now[(key, entity)] = gid
        old_to_new[old].add(gid)
        new_to_old[gid].add(old)
        if gid is None or names[gid] != (name, type_):
            old_to_new[old].add(None)  # renamed: counts as changed
    changed = set()
    for key, entity, old, _name, _type in rows:
        gid = now[(key, entity)]
        if len(old_to_new[old]) > 1 or len(new_to_old[gid]) > 1:
            changed.add(key)
    return changed


Deletions = dict[str, tuple[str, list]]  # table -> (column, values); column "*": every row


def _entity_tables(resolution) -> tuple[Tables, Deletions]:
    """Global entities are rewritten whole: resolution over the projection is cheap."""
    entity_rows = [(e.id, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False))
                   for e in resolution.entities]
    link_rows = {}
    for e in resolution.entities:
        evidence = json.dumps([m.model_dump(mode="json") for m in e.evidence],
                              ensure_ascii=False) if e.evidence else None
        for m in e.members:  # primary keys are ours to keep: a pair may repeat
            link_rows[(m.article, m.entity)] = (m.article, m.entity, e.id, 1.0, evidence)
    tables: Tables = {"global_entities": (None, entity_rows),
                      "entity_links": (None, list(link_rows.values()))}
    return tables, {"global_entities": ("*", []), "entity_links": ("*", [])}


def _story_tables(index: StoryIndex, change: _Change, tables: Tables,
                  delete: Deletions) -> None:
    by_story = {s.id: s for s in index.clusterer.result()
                if change.relabel or s.id in change.stories}
    story_rows = [(s.id, " ".join(s.terms[:6]), "crossdoc", len(s.articles))
                  for s in by_story.values()]
    members = [k for s in by_story.values() if s.id in change.stories for k in s.articles]
    member_rows = {(a.story, a.article): (a.story, a.article, a.similarity)
                   for a in index.final_assignments(members)}
    tables["stories"] = (None, story_rows)
    tables["story_articles"] = (None, list(member_rows.values()))
    dropped = sorted(change.stories | change.gone)
    delete["stories"] = ("*", []) if change.relabel else ("story_id", dropped)
    delete["story_articles"] = ("story_id", dropped)


def _claim_tables(store: Store, index: StoryIndex, change: _Change, resolution,
                  order: dict[str, int], tables: Tables, delete: Deletions,
                  stats: LinkStats) -> None:
    """Claims and version differences, story by story: one story's articles in memory."""
    columns = store.columns("claims")
    claims: dict[str, tuple] = {}
    links: dict[tuple[str, str, str], tuple] = {}
    diffs: list[tuple] = []
    stories = index.clusterer.stories
    versioned = {r[0] for r in store.query(
        "SELECT doc_key FROM latest_articles WHERE version > 1")[1]}
    for group in _story_groups(sorted(change.stories), stories):
        # one query per few hundred articles; one story's articles at a time in use
        fetched = {d.id: d for d in _documents(
            store, [k for s in group for k in stories[s].articles], order)}
        stats.articles_read += len(fetched)
        for story_id in group:
            members = stories[story_id].articles
            docs = sorted((fetched[k] for k in members), key=lambda d: order[d.id])
            _story_claims(store, story_id, docs, index.final_assignments(members), resolution,
                          columns, claims, links, diffs, versioned)
    dropped = sorted(change.stories | change.gone)
    tables["claims"] = (columns, list(claims.values()))
    tables["claim_links"] = (["claim_a", "claim_b", "relation", "evidence", "scope"],
                             list(links.values()))
    tables["version_diffs"] = (None, diffs)
    for table in ("claims", "claim_links", "version_diffs"):
        delete[table] = ("scope", dropped)


def _story_groups(ids: list[str], stories: Mapping) -> Iterator[list[str]]:
    """Stories in runs of at most CHUNK articles (a bigger story is a run alone)."""
    group: list[str] = []
    size = 0
    for story_id in ids:
        n = len(stories[story_id].articles)
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


def _event_tables(store: Store, index: StoryIndex, change: _Change, resolution,
                  order: dict[str, int], tables: Tables, delete: Deletions,
                  stats: LinkStats) -> None:
    """World events of the articles that can share one with a changed story's."""
    if change.full:
        keys = set(order)
    else:
        seed = {k for s in change.stories for k in index.clusterer.stories[s].articles}
        keys = _event_closure(store, index, seed, order)
    docs = _documents(store, keys, order)
    stats.articles_read += len(docs)
    event_rows, report_rows = _event_rows(world_events(docs, resolution,
                                                       index.final_assignments(keys)))
    tables["world_events"] = (None, event_rows)
    tables["event_reports"] = (None, report_rows)
    old: set[str] = set()
    for chunk in _chunks(keys):
        _, rows = store.query("SELECT DISTINCT event_id FROM event_reports WHERE "
                              + _in(store, "doc_key"), [chunk])
        old |= {r[0] for r in rows}
    delete["world_events"] = ("event_id", sorted(old))
    delete["event_reports"] = ("event_id", sorted(old))


def _event_closure(store: Store, index: StoryIndex, seed: set[str],
                   order: dict[str, int]) -> set[str]:
    """``seed`` and, transitively, every latest article in the same story, reported in
    one stored world event, or reporting an event of the same type on the same day:
    event grouping (crossdoc.events) only ever joins articles so related."""
    clusterer = index.clusterer
    closure, frontier = set(), set(seed)
    while frontier:
        closure |= frontier
        found: set[str] = set()
        for key in frontier:
            found.update(clusterer.stories[clusterer.story_of[key]].articles)
        slots: set[tuple[str, str]] = set()
        for chunk in _chunks(frontier):
            _, rows = store.query(
                "SELECT DISTINCT r2.doc_key FROM event_reports r1 JOIN event_reports r2 "
                "ON r2.event_id = r1.event_id WHERE " + _in(store, "r1.doc_key"), [chunk])
            found.update(r[0] for r in rows)
            _, rows = store.query("SELECT type, time FROM events WHERE time IS NOT NULL AND "
                                  + _in(store, "doc_key"), [chunk])
            slots |= {(t, d[:10]) for t, time in rows if (d := day(time)) and len(d) >= 10}
        found |= _same_day_reports(store, slots)
        frontier = {k for k in found if k in order} - closure
    return closure


def _same_day_reports(store: Store, slots: set[tuple[str, str]]) -> set[str]:
    found: set[str] = set()
    days = sorted({d for _, d in slots})
    for chunk in _chunks(days):
        _, rows = store.query("SELECT doc_key, type, time FROM events WHERE "
                              + _in(store, "substr(time, 1, 10)"), [chunk])
        found |= {k for k, t, time in rows if (d := day(time)) and (t, d[:10]) in slots}
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
