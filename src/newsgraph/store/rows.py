"""Flatten a :class:`Document` into the store's table rows."""

from __future__ import annotations

import hashlib
import json

from newsgraph.schema import Document

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("doc_key", "article_key", "version", "doc_id", "url", "title", "published",
                 "language", "text", "content_hash", "source", "ingested_at", "document_json",
                 "genre", "pipeline_version"),
    "entities": ("doc_key", "entity_id", "name", "type", "n_mentions", "anonymous",
                 "description", "affiliation", "confidence"),
    "mentions": ("doc_key", "entity_id", "idx", "text", "span_start", "span_end"),
    "quotes": ("doc_key", "idx", "kind", "text", "span_start", "span_end", "speaker_name",
               "speaker_entity_id", "speaker_role", "speaker_start", "speaker_end", "cue_text",
               "cue_start", "cue_end", "channel", "status", "time", "via", "confidence",
               "speaker_confidence", "status_confidence", "segments", "quoted",
               "attribution_kind"),
    "stances": ("doc_key", "idx", "text", "span_start", "span_end", "status", "holder_name",
                "holder_entity_id", "cue_text", "cue_start", "cue_end", "proposition_text",
                "proposition_start", "proposition_end", "negated"),
    "quantities": ("doc_key", "idx", "text", "span_start", "span_end", "value", "high", "approx",
                   "bound", "unit", "counted", "source", "time", "revises_idx", "revises_text",
                   "revises_value", "revises_time", "confidence"),
    "timexes": ("doc_key", "idx", "text", "span_start", "span_end", "type", "value", "mod",
                "inferred", "confidence"),
    "events": ("doc_key", "idx", "text", "span_start", "span_end", "type", "actor", "target",
               "location", "time", "status", "source", "confidence", "actor_code",
               "actor_entity_id", "actor_start", "actor_end", "target_code", "target_entity_id",
               "target_start", "target_end", "location_id", "latitude", "longitude", "mentions"),
    "datelines": ("doc_key", "idx", "text", "span_start", "span_end", "places", "date"),
}
ITEM_TABLES = tuple(t for t in COLUMNS if t != "articles")


def content_hash(title: str | None, text: str) -> str:
    """What makes two versions of an article the same: its title and text."""
    data = json.dumps([title or "", text], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def article_key(doc_id: str, url: str | None) -> str:
    """An article's identity across versions: its URL when it has one."""
    return url.strip() if url and url.strip() else f"id:{doc_id}"


def doc_key(key: str, chash: str) -> str:
    return hashlib.sha256(f"{key}\0{chash}".encode()).hexdigest()[:24]


def item_rows(doc: Document, key: str) -> dict[str, list[tuple]]:
    """Rows for every item table (not ``articles``) of one document version."""
    rows: dict[str, list[tuple]] = {t: [] for t in ITEM_TABLES}
    for entity in doc.entities:
        rows["entities"].append((key, entity.id, entity.name, entity.type, len(entity.mentions),
                                 entity.anonymous, entity.description, entity.affiliation,
                                 entity.confidence))
        for i, m in enumerate(entity.mentions):
            rows["mentions"].append((key, entity.id, i, m.text, *m.span))
    for i, q in enumerate(doc.quotes):
        sp, cue = q.speaker, q.cue
        rows["quotes"].append((
            key, i, q.kind, q.text, *q.span,
            sp.name if sp else None, sp.entity_id if sp else None, sp.role if sp else None,
            sp.span[0] if sp and sp.span else None, sp.span[1] if sp and sp.span else None,
            cue.text if cue else None, cue.span[0] if cue else None, cue.span[1] if cue else None,
            q.channel, q.status, q.time, json.dumps([v.name for v in q.via]) if q.via else None,
            q.confidence, sp.confidence if sp else None, q.status_confidence,
            json.dumps([list(s) for s in q.segments]), json.dumps([list(s) for s in q.quoted]),
            q.attribution_kind))
    for i, st in enumerate(doc.stances):
        holder, cue, prop = st.holder, st.cue, st.proposition
        rows["stances"].append((
            key, i, st.text, *st.span, st.status, holder.name if holder else None,
            holder.entity_id if holder else None, cue.text if cue else None,
            cue.span[0] if cue else None, cue.span[1] if cue else None,
            prop.text if prop else None, prop.span[0] if prop else None,
            prop.span[1] if prop else None, st.negated))
    spans = {(q.span, q.text): i for i, q in enumerate(doc.quantities)}
    for i, q in enumerate(doc.quantities):
        r = q.revises
        rows["quantities"].append((
            key, i, q.text, *q.span, q.value, q.high, q.approx, q.bound, q.unit, q.counted,
            q.source, q.time, spans.get((r.span, r.text)) if r else None,
            r.text if r else None, r.value if r else None, r.time if r else None,
            q.confidence))
    for i, t in enumerate(doc.timexes):
        rows["timexes"].append((key, i, t.text, *t.span, t.type, t.value, t.mod, t.inferred,
                                t.confidence))
    for i, e in enumerate(doc.events):
        actor, target = e.actor_span or (None, None), e.target_span or (None, None)
        rows["events"].append((key, i, e.text, *e.span, e.type, e.actor, e.target, e.location,
                               e.time, e.status, e.source, e.confidence, e.actor_code,
                               e.actor_entity_id, *actor, e.target_code, e.target_entity_id,
                               *target, e.location_id, e.latitude, e.longitude,
                               json.dumps([list(m.span) for m in e.mentions])
                               if e.mentions else None))
    for i, d in enumerate(doc.datelines):
        rows["datelines"].append((key, i, d.text, *d.span, json.dumps(d.places), d.date))
    return rows
