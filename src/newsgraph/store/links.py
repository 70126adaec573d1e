"""Run the cross-document analysis (:mod:`newsgraph.crossdoc`) over the store.

The crossdoc functions are pure, over Documents; here the latest version of
every stored article goes in, with its ``id`` set to its ``doc_key`` (ids from
readers need not be unique across sources), and what comes out replaces the
derived tables: ``global_entities``/``entity_links``, ``stories``/
``story_articles``, and ``claims``/``claim_links`` (contradictions and
revisions with their evidence). Recomputed as a whole after each ingest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from newsgraph.schema import Document
from newsgraph.store import Store


@dataclass
class LinkStats:
    entities: int = 0
    stories: int = 0
    contradictions: int = 0
    revisions: int = 0


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
    return LinkStats(entities=len(entity_rows), stories=len(story_rows),
                     contradictions=len(found), revisions=len(changed))
