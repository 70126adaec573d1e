"""The store's cross-article tables read back as :mod:`newsgraph.crossdoc` models.

``newsgraph ingest`` links the articles once and keeps the result in
``global_entities``/``entity_links``, ``stories``/``story_articles``,
``world_events``/``event_reports`` and ``claims``/``claim_links``. Readers (the
web app, the REST API) take them from here rather than running the analysis
again, so a story, event or entity id means the same thing to ``newsgraph
query`` and to ``/api/...``. Article ids are the store's ``doc_key``.
"""

from __future__ import annotations

import json
from collections import defaultdict

from newsgraph.crossdoc.entities import Resolution
from newsgraph.crossdoc.models import (
    Contradiction,
    EventReport,
    GlobalEntity,
    MemberRef,
    MergeEvidence,
    Position,
    Ref,
    Revision,
    Story,
    WorldEvent,
)
from newsgraph.store import Store


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return (start, end) if start is not None and end is not None else None


def _json_list(value: str | None) -> list:
    return json.loads(value) if value else []


def resolution(store: Store) -> Resolution:
    """Global identities with their members (article = doc_key) and merge evidence."""
    _, rows = store.query("""
        SELECT l.global_id, l.doc_key, l.entity_id, coalesce(e.name, g.name), l.evidence
        FROM entity_links l JOIN global_entities g ON g.global_id = l.global_id
        LEFT JOIN entities e ON e.doc_key = l.doc_key AND e.entity_id = l.entity_id
        ORDER BY l.global_id, l.doc_key, l.entity_id""")
    members: dict[str, list[MemberRef]] = defaultdict(list)
    evidence: dict[str, str | None] = {}
    for global_id, key, entity_id, name, proof in rows:
        members[global_id].append(MemberRef(article=key, entity=entity_id, name=name))
        evidence.setdefault(global_id, proof)
    _, rows = store.query("SELECT global_id, name, type, aliases FROM global_entities")
    entities = [GlobalEntity(
        id=global_id, name=name, type=kind, aliases=_json_list(aliases),
        members=members.get(global_id, []),
        evidence=[MergeEvidence.model_validate(e) for e in _json_list(evidence.get(global_id))])
        for global_id, name, kind, aliases in sorted(rows, key=lambda r: _number(r[0]))]
    lookup = {(m.article, m.entity): e.id for e in entities for m in e.members}
    return Resolution(entities, lookup)


def _number(identifier: str) -> tuple[int, str]:
    """"g12" after "g2": ids are a letter and a running number."""
    digits = identifier.lstrip("abcdefghijklmnopqrstuvwxyz")
    return (int(digits) if digits.isdigit() else 0, identifier)


def stories(store: Store) -> list[Story]:
    """Stories with their articles in publication order."""
    _, rows = store.query("""
        SELECT s.story_id, s.label, m.doc_key, a.published
        FROM stories s JOIN story_articles m ON m.story_id = s.story_id
        JOIN latest_articles a ON a.doc_key = m.doc_key
        ORDER BY s.story_id, a.published, m.doc_key""")
    found: dict[str, Story] = {}
    for story_id, label, key, published in rows:
        story = found.setdefault(story_id, Story(id=story_id, terms=(label or "").split()))
        story.articles.append(key)
        if published:
            story.first_published = min(story.first_published or published, published)
            story.last_published = max(story.last_published or published, published)
    return sorted(found.values(), key=lambda s: _number(s.id))


def world_events(store: Store) -> list[WorldEvent]:
    """Events counted once, each with its reports (the best mention of each)."""
    _, rows = store.query("""
        SELECT event_id, doc_key, outlet, published, copy_of, similarity, text,
               span_start, span_end
        FROM event_reports ORDER BY event_id, published, doc_key""")
    reports: dict[str, list[EventReport]] = defaultdict(list)
    for event_id, key, outlet, published, copy_of, similarity, text, start, end in rows:
        mentions = [Ref(article=key, text=text, span=_span(start, end))] if text else []
        reports[event_id].append(EventReport(
            article=key, outlet=outlet, published=published, mentions=mentions,
            copy_of=copy_of, similarity=similarity or 0.0))
    _, rows = store.query("""
        SELECT event_id, type, story_id, time, label, actors, targets, locations
        FROM world_events ORDER BY n_reports DESC, time, event_id""")
    return [WorldEvent(id=event_id, type=kind, story=story, time=time, label=label or "",
                       actors=_json_list(actors), targets=_json_list(targets),
                       locations=_json_list(locations), reports=reports.get(event_id, []))
            for event_id, kind, story, time, label, actors, targets, locations in rows]


def claim_columns(store: Store, alias: str) -> str:
    # a store linked before migration 8 has no unit or qualifier for its figures
    have = set(store.columns("claims"))
    extra = [f"{alias}.{c}" if c in have else "NULL" for c in ("unit", "qualifier")]
    return (f"{alias}.doc_key, {alias}.text, {alias}.span_start, {alias}.span_end, "
            f"{alias}.speaker, {alias}.status, {alias}.value, {alias}.time, {alias}.kind, "
            f"{alias}.subject, {', '.join(extra)}, a{alias}.published")


CLAIM_WIDTH = 13  # the columns of one claim above


def _linked(store: Store, relation: str) -> list[tuple[str, tuple, tuple]]:
    """(reason, claim a, claim b) for every link of ``relation``, in a stable order."""
    _, rows = store.query(f"""
        SELECT k.evidence, {claim_columns(store, 'x')}, {claim_columns(store, 'y')}
        FROM claim_links k JOIN claims x ON x.claim_id = k.claim_a
        JOIN claims y ON y.claim_id = k.claim_b
        LEFT JOIN articles ax ON ax.doc_key = x.doc_key
        LEFT JOIN articles ay ON ay.doc_key = y.doc_key
        WHERE k.relation = ?
        ORDER BY x.time, x.doc_key, x.span_start, y.time, y.doc_key, y.span_start""",
                          [relation])
    return [(row[0], row[1:1 + CLAIM_WIDTH], row[1 + CLAIM_WIDTH:]) for row in rows]


def _ref(claim: tuple) -> Ref:
    key, text, start, end = claim[:4]
    return Ref(article=key, text=text or "", span=_span(start, end))


def revisions(store: Store) -> list[Revision]:
    """Revised figures: which earlier figure (``old``) the later one (``new``) revises."""
    return revisions_of(_linked(store, "revision"))


def revisions_of(links: list[tuple[str, tuple, tuple]]) -> list[Revision]:
    """Revisions from (reason, old claim, new claim) rows as :func:`_linked` reads them."""
    found = []
    for reason, old, new in links:
        found.append(Revision(
            counted=new[9] or "", unit=new[10], old_value=old[6], new_value=new[6],
            old_time=old[7], new_time=new[7], old=_ref(old), new=_ref(new), source=new[4],
            within_article=old[0] == new[0], qualifier=new[11], reason=reason or ""))
    return found


def _position(claim: tuple) -> Position:
    return Position(source=claim[4], status=claim[5], kind=claim[8], evidence=_ref(claim),
                    published=claim[12])


def contradictions(store: Store) -> list[Contradiction]:
    """Contradictions: each is the anchor position linked to every other position."""
    return contradictions_of(_linked(store, "contradiction"))


def contradictions_of(links: list[tuple[str, tuple, tuple]]) -> list[Contradiction]:
    """Contradictions from (reason, anchor claim, other claim) rows (see :func:`_linked`)."""
    groups: dict[tuple, list[tuple]] = {}
    reasons: dict[tuple, str] = {}
    for reason, anchor, other in links:
        groups.setdefault(anchor, [anchor]).append(other)
        reasons.setdefault(anchor, reason or "")
    found = []
    for anchor, claims in groups.items():
        claims.sort(key=lambda c: (c[7] or c[12] or "", c[0], c[2] or 0))
        found.append(Contradiction(proposition=anchor[9] or anchor[1] or "",
                                   positions=[_position(c) for c in claims],
                                   reason=reasons[anchor]))
    return found
