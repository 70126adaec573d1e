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
from dataclasses import dataclass

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


def _claim_id(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


def _claim_row(columns: list[str], **values: object) -> tuple:
    return tuple(values.get(c) for c in columns)


def link_store(store: Store) -> LinkStats:
    """Recompute global entities, stories and claims for the latest articles."""
    from newsgraph.crossdoc import cluster_stories, contradictions, resolve_entities, revisions

    docs: list[Document] = [doc.model_copy(update={"id": key})
                            for key, doc in store.iter_documents()]
    # In publication order, as the articles arrived: story ids then stay put
    # when newer articles are added.
    docs.sort(key=lambda d: (d.published or "", d.id))
    resolution = resolve_entities(docs)
    stories, assignments = cluster_stories(docs)
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
    store.replace_table("global_entities", entity_rows)
    store.replace_table("entity_links", link_rows)
    store.replace_table("stories", story_rows)
    store.replace_table("story_articles", member_rows)
    store.replace_table("claims", list(claims.values()), columns)
    store.replace_table("claim_links", list(links.values()))
    events = world_events(docs, resolution, assignments)
    event_rows, report_rows = _event_rows(events)
    store.replace_table("world_events", event_rows)
    store.replace_table("event_reports", report_rows)
    diff_rows = _version_rows(versions)
    store.replace_table("version_diffs", diff_rows)
    return LinkStats(entities=len(entity_rows), stories=len(story_rows),
                     contradictions=len(found), revisions=len(changed),
                     world_events=len(event_rows), version_changes=len(diff_rows))


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
