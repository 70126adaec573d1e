"""Run the cross-document analysis (:mod:`newsgraph.crossdoc`) over the store.

The crossdoc functions are pure, over Documents; here the latest version of
every stored article goes in, with its ``id`` set to its ``doc_key`` (ids from
readers need not be unique across sources), and what comes out replaces the
derived tables: ``global_entities``/``entity_links``, ``stories``/
``story_articles``, ``claims``/``claim_links`` (contradictions, revisions and
changes between versions, with their evidence), ``world_events``/
``event_reports`` (events counted once) and ``version_diffs`` (what changed
between versions of an article). Recomputed as a whole after each ingest.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsgraph.crossdoc.clusters import StoryClusterer
from newsgraph.crossdoc.events import outlet, world_events
from newsgraph.crossdoc.models import Assignment, VersionChange, WorldEvent
from newsgraph.crossdoc.versions import diff_versions
from newsgraph.schema import Document
from newsgraph.store import Store
from newsgraph.store.rows import article_key


@dataclass
class LinkStats:
    entities: int = 0
    stories: int = 0
    contradictions: int = 0
    revisions: int = 0
    world_events: int = 0
    version_changes: int = 0
    placed: int = 0  # articles the story index placed this time
    rebuilt: bool = False  # True: stories were clustered again from the first article


# The order articles are linked in: the order they arrived. Story ids then stay
# put as articles are added, and a full rebuild replays the incremental path.
ARRIVAL_ORDER = "ingested_at, published, doc_key"
INDEX = "stories"


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

    def place(self, docs: Iterable[Document]) -> int:
        placed = 0
        for doc in docs:
            self.assignments[doc.id] = self.clusterer.add(doc)
            placed += 1
        return placed

    def final_assignments(self) -> list[Assignment]:
        """Assignments with the story each article is in now (a story merged into
        another hands its earlier articles over)."""
        story_of = self.clusterer.story_of
        return [a.model_copy(update={"story": story_of[a.article]})
                for a in self.assignments.values()]


def _load_index(store: Store) -> StoryIndex | None:
    _, rows = store.query("SELECT data FROM link_index WHERE name = ?", (INDEX,))
    return pickle.loads(rows[0][0]) if rows else None


def _latest_keys(store: Store) -> list[str]:
    _, rows = store.query(f"SELECT doc_key FROM latest_articles ORDER BY {ARRIVAL_ORDER}")
    return [r[0] for r in rows]


def _documents(store: Store, keys: set[str] | None = None) -> Iterator[Document]:
    """Latest versions in arrival order (only ``keys`` when given), id = doc_key."""
    for key, data in store.db.stream(
            f"SELECT doc_key, document_json FROM latest_articles ORDER BY {ARRIVAL_ORDER}"):
        if keys is None or key in keys:
            yield Document.model_validate_json(data).model_copy(update={"id": key})


def _story_index(store: Store, latest: list[str], full: bool) -> tuple[StoryIndex, int, bool]:
    """The story index brought up to date: new articles placed in arrival order. It is
    rebuilt from the first article when asked, or when an article it holds is gone
    (deleted, replaced by a new version, or analyzed again)."""
    index = None if full else _load_index(store)
    current = set(latest)
    rebuilt = index is None or not set(index.assignments) <= current
    if rebuilt:
        index = StoryIndex.empty()
    assert index is not None
    new = {k for k in latest if k not in index.assignments}
    placed = index.place(_documents(store, new)) if new else 0
    return index, placed, rebuilt


def link_store(store: Store, *, full: bool = False) -> LinkStats | None:
    """Bring the cross-article tables up to date; None when they already were.

    Holds the store's link lock, so two ingests never interleave their writes,
    and writes everything in one transaction with the generation it was built
    from: a run killed midway leaves the previous tables, still marked stale.
    ``full`` re-clusters every story from the first article (``newsgraph relink``).
    """
    with store.db.lock("links"):
        generation, linked = store.link_state()
        if generation == linked and not full:
            return None
        latest = _latest_keys(store)
        index, placed, rebuilt = _story_index(store, latest, full)
        stats, tables = _derived_tables(store, index)
        stats.placed, stats.rebuilt = placed, rebuilt
        store.write_links(tables, generation, index=(INDEX, pickle.dumps(index)))
    return stats


def _derived_tables(store: Store, index: StoryIndex
                    ) -> tuple[LinkStats, dict[str, tuple[list[str] | None, list[tuple]]]]:
    from newsgraph.crossdoc import contradictions, resolve_entities, revisions

    docs = list(_documents(store))
    assignments = index.final_assignments()
    stories = index.clusterer.result()
    resolution = resolve_entities(docs)
    found = contradictions(docs, resolution)
    changed = revisions(docs)

    entity_rows = [(e.id, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False))
                   for e in resolution.entities]
    link_rows = []
    for e in resolution.entities:
        evidence = json.dumps([m.model_dump(mode="json") for m in e.evidence],
                              ensure_ascii=False) if e.evidence else None
        for m in e.members:
            link_rows.append((m.article, m.entity, e.id, 1.0, evidence))
    story_rows = [(s.id, " ".join(s.terms[:6]), "crossdoc", len(s.articles)) for s in stories]
    member_rows = [(a.story, a.article, a.similarity) for a in assignments]
    columns = store.columns("claims")
    claims: dict[str, tuple] = {}
    links: dict[tuple[str, str, str], tuple] = {}
    versions = _version_changes(store, docs, assignments)
    _version_claims(versions, columns, claims, links)
    for c in found:
        ids = []
        for p in c.positions:
            ref = p.evidence
            span = ref.span or (0, 0)
            cid = _claim_id("position", ref.article, span, p.source, p.status)
            claims[cid] = _claim_row(columns, claim_id=cid, subject=c.proposition, kind=p.kind,
                                     doc_key=ref.article, text=ref.text, span_start=span[0],
                                     span_end=span[1], speaker=p.source, status=p.status,
                                     time=p.published)
            ids.append((cid, p.status))
        # Every position is linked to the first: the group is the contradiction.
        anchor = ids[0][0] if ids else None
        for cid, _status in ids[1:]:
            links[(anchor, cid, "contradiction")] = (anchor, cid, "contradiction",
                                                     c.proposition)
    for r in changed:
        pair = []
        for ref, value, when in ((r.old, r.old_value, r.old_time), (r.new, r.new_value,
                                                                   r.new_time)):
            span = ref.span or (0, 0)
            cid = _claim_id("quantity", ref.article, span, value)
            claims[cid] = _claim_row(columns, claim_id=cid, subject=r.counted, kind="quantity",
                                     doc_key=ref.article, text=ref.text, span_start=span[0],
                                     span_end=span[1], speaker=r.source, value=value,
                                     time=when)
            pair.append(cid)
        note = f"{r.counted}: {r.old_value:g} -> {r.new_value:g}" + (
            " (within one article)" if r.within_article else "")
        links[(pair[0], pair[1], "revision")] = (pair[0], pair[1], "revision", note)

    # Uniqueness of primary keys is ours to keep: the crossdoc output may repeat a pair.
    link_rows = list({(r[0], r[1]): r for r in link_rows}.values())
    member_rows = list({(r[0], r[1]): r for r in member_rows}.values())
    event_rows, report_rows = _event_rows(world_events(docs, resolution, assignments))
    diff_rows = _version_rows(versions)
    tables: dict[str, tuple[list[str] | None, list[tuple]]] = {
        "global_entities": (None, entity_rows), "entity_links": (None, link_rows),
        "stories": (None, story_rows), "story_articles": (None, member_rows),
        "claims": (columns, list(claims.values())), "claim_links": (None, list(links.values())),
        "world_events": (None, event_rows), "event_reports": (None, report_rows),
        "version_diffs": (None, diff_rows)}
    return LinkStats(entities=len(entity_rows), stories=len(story_rows),
                     contradictions=len(found), revisions=len(changed),
                     world_events=len(event_rows), version_changes=len(diff_rows)), tables


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


def _version_pairs(store: Store, docs: list[Document], assignments: list[Assignment]
                   ) -> list[tuple[str, Document, Document]]:
    """(article key, earlier, later): consecutive stored versions of one article, and a
    near-duplicate published later by the same outlet under another URL (an update)."""
    _, rows = store.query(
        "SELECT article_key, version, doc_key, document_json FROM articles WHERE article_key "
        "IN (SELECT article_key FROM articles WHERE version > 1) ORDER BY article_key, version")
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


def _version_changes(store: Store, docs: list[Document], assignments: list[Assignment]
                     ) -> Changes:
    return [(key, old, new, diff_versions(old, new))
            for key, old, new in _version_pairs(store, docs, assignments)]


def _version_claims(versions: Changes, columns: list[str], claims: dict[str, tuple],
                    links: dict[tuple[str, str, str], tuple]) -> None:
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
                                         value=value, time=doc.published)
                pair.append(cid)
            was, now = (f"{c.old_value:g}", f"{c.new_value:g}") if c.kind == "number_changed" \
                else (c.old_status, c.new_status)
            note = f"{c.subject or c.item}: {was} -> {now} (updated version)"
            links[(pair[0], pair[1], "version_change")] = (pair[0], pair[1], "version_change",
                                                          note)


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
