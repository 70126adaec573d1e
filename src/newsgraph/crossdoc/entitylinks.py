"""Global entities kept incrementally: a batch's entities resolved against the stored
ones they can join, fetched through an index of block keys.

Entity resolution (:mod:`newsgraph.crossdoc.entities`) only ever joins entities
that share a block: the same folded name, a spelling block, a first and last
name, a surname, an organisation's first word, an acronym. Each stored entity is
indexed under its blocks (``link_entity_blocks``, numbered in arrival order by
``link_entity_items``); a batch fetches, per block of its own entities, the most
recent ``PER_BLOCK`` stored entities, with their article's context
(``link_entity_context``), and resolves them together, stored entities of one
identity joined first. An identity is named ``g<n>``, ``n`` the arrival number of
its first entity, so a full rebuild (everything resolved at once) names it the
same. Only the identities the batch touched are rewritten; merged ones are
repointed in SQL.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsgraph.crossdoc.entities import (
    SPELLING_MIN_LETTERS,
    EntityItem,
    Resolution,
    entity_item,
    fold,
    plain,
    resolve_items,
)
from newsgraph.crossdoc.models import GlobalEntity, MergeEvidence
from newsgraph.store import Store, key_chunks

PER_BLOCK = 4  # stored entities fetched per block: enough to find the identity
# stories relinked at most because an identity was merged or renamed (a renamed
# identity of a hundred thousand articles would otherwise relink them all)
IDENTITY_STORIES_CAP = 300


@dataclass(frozen=True)
class _Named:
    id: str
    name: str
    type: str
    anonymous: bool
    forms: frozenset[str] = frozenset()


def _number(global_id: str) -> int:
    return int(global_id[1:])


def blocks(it: EntityItem) -> set[str]:
    """The keys under which resolution could join ``it`` with another entity."""
    found = {f"k|{it.group}|{it.key}"}
    words = it.words
    if not words or it.group.startswith("anonymous:"):
        return found
    if not it.key.startswith("country:") and len(it.key.replace(" ", "")) >= \
            SPELLING_MIN_LETTERS:
        found.add(f"s|{it.group}|{len(words)}|{''.join(w[0] for w in words)}|{words[-1][:2]}")
    if it.group == "PERSON" and len(words) >= 2:
        found |= {f"c|{words[0]} {words[-1]}", f"l|{words[-1]}"}
    if len(words) == 1:
        found.add(f"l|{words[0]}")
    if it.group == "ORG":
        found.add(f"o|{words[0]}")
        if it.name.isupper():
            found.add(f"a|{it.name}")
        short = {f for f in it.forms if f.isupper() and " " not in f}
        for form in it.forms - short:
            if len(form.split()) >= 2:
                found |= {f"a|{a}" for a in short} | {f"k|ORG|{fold(form)}"}
    return found


def _named_entities(store: Store, selection: str, params: list
                    ) -> dict[tuple[str, str], _Named]:
    """(doc_key, entity_id) -> name, type and mention forms of the stored entities that
    ``selection`` (a JOIN or WHERE on the table alias ``t``) picks."""
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    _, rows = store.query(f"SELECT t.doc_key, t.entity_id, t.text FROM mentions t {selection}",
                          params)
    for key, entity_id, text in rows:
        forms[(key, entity_id)].add(text)
    _, rows = store.query("SELECT t.doc_key, t.entity_id, t.name, t.type, t.anonymous "
                          f"FROM entities t {selection}", params)
    return {(key, entity_id): _Named(entity_id, name, type_, bool(anonymous),
                                     frozenset(forms.get((key, entity_id), ())))
            for key, entity_id, name, type_, anonymous in rows}


def _projection(store: Store, keys: list[str]) -> dict[str, list[_Named]]:
    """Each article's entities (names, types, mention forms) from the item tables."""
    found: dict[str, list[_Named]] = defaultdict(list)
    for chunk in key_chunks(keys):
        for (key, _), named in _named_entities(
                store, "WHERE " + store.db.one_of("t.doc_key"), [chunk]).items():
            found[key].append(named)
    for named_list in found.values():
        named_list.sort(key=lambda e: entity_order(e.id))
    return found


_PAIRS = ("JOIN (SELECT unnest(?::VARCHAR[]) AS doc_key, unnest(?::VARCHAR[]) AS entity_id) w "
          "ON t.doc_key = w.doc_key AND t.entity_id = w.entity_id")


def _projection_of(store: Store, pairs: list[tuple[str, str]]
                   ) -> dict[tuple[str, str], _Named]:
    """The entities ``pairs`` (doc_key, entity_id) only: a stored entity's article may
    hold dozens more, which the batch never compares."""
    found: dict[tuple[str, str], _Named] = {}
    for chunk in key_chunks(pairs):
        found.update(_named_entities(store, _PAIRS, [[k for k, _ in chunk],
                                                     [e for _, e in chunk]]))
    return found


def entity_order(entity_id: str) -> tuple[int, str]:
    """Entities in the order their Document lists them ("e2" before "e10")."""
    return (int(entity_id[1:]) if entity_id[1:].isdigit() else 1 << 30, entity_id)


def _new_items(store: Store, keys: list[str], first_seq: int
               ) -> tuple[list[EntityItem], list[int], dict[str, list[str]]]:
    """The new articles' entities in arrival order, their numbers, each article's context."""
    projected = _projection(store, keys)
    items: list[EntityItem] = []
    contexts: dict[str, list[str]] = {}
    for key in keys:
        start = len(items)
        items.extend(entity_item(len(items), key, e) for e in projected.get(key, []))
        context = {f"{it.group}:{it.key}" for it in items[start:]}
        for it in items[start:]:
            it.context = context - {f"{it.group}:{it.key}"}
        contexts[key] = sorted(context)
    return items, [first_seq + i for i in range(len(items))], contexts


@dataclass
class EntityUpdate:
    """What a batch changed in the global entities, and the rows to write."""

    resolution: Resolution  # for the articles the claims and events read
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    delete: dict[str, tuple[str, list]] = field(default_factory=dict)
    statements: list[tuple[str, list]] = field(default_factory=list)
    changed_articles: set[str] = field(default_factory=set)  # their identities moved
    next_seq: int = 1


def _stored_items(store: Store, wanted: set[str]) -> tuple[list[EntityItem], list[int],
                                                            list[str]]:
    """The most recent stored entities under each block, with their context and identity."""
    seqs: set[int] = set()
    for chunk in key_chunks(wanted):
        _, rows = store.query(
            "SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY block ORDER BY seq "
            "DESC) AS r FROM link_entity_blocks WHERE " + store.db.one_of("block")
            + ") ranked WHERE r <= ?", [chunk, PER_BLOCK])
        seqs |= {r[0] for r in rows}
    rows = []
    for chunk in key_chunks(seqs):
        _, found = store.query(
            "SELECT i.seq, i.doc_key, i.entity_id, l.global_id FROM link_entity_items i JOIN "
            "entity_links l ON l.doc_key = i.doc_key AND l.entity_id = i.entity_id WHERE "
            "i.seq IN (SELECT unnest(?::BIGINT[]))" if store.db.dialect == "duckdb" else
            "SELECT i.seq, i.doc_key, i.entity_id, l.global_id FROM link_entity_items i JOIN "
            "entity_links l ON l.doc_key = i.doc_key AND l.entity_id = i.entity_id WHERE "
            "i.seq = ANY(?)", [chunk])
        rows.extend(found)
    rows.sort()
    docs = sorted({r[1] for r in rows})
    projected = _projection_of(store, sorted({(r[1], r[2]) for r in rows}))
    contexts: dict[str, set[str]] = {}
    for chunk in key_chunks(docs):
        _, found = store.query("SELECT doc_key, context FROM link_entity_context WHERE "
                               + store.db.one_of("doc_key"), [chunk])
        contexts.update((k, set(json.loads(c))) for k, c in found)
    items, numbers, ids = [], [], []
    for seq, key, entity_id, global_id in rows:
        entity = projected.get((key, entity_id))
        if entity is None:
            continue
        it = entity_item(len(items), key, entity)
        it.context = contexts.get(key, set()) - {f"{it.group}:{it.key}"}
        items.append(it)
        numbers.append(seq)
        ids.append(global_id)
    return items, numbers, ids


def link_entities(store: Store, new_keys: list[str], next_seq: int, fresh: bool
                  ) -> EntityUpdate:
    """Resolve the entities of ``new_keys`` (latest articles, arrival order) against the
    stored identities they can join; ``fresh``: nothing is stored yet (a rebuild)."""
    new, new_numbers, contexts = _new_items(store, new_keys, next_seq)
    wanted = set().union(*(blocks(it) for it in new)) if new and not fresh else set()
    old, old_numbers, old_ids = _stored_items(store, wanted) if wanted else ([], [], [])
    items = old + new
    for i, it in enumerate(items):
        it.index = i
    first_of: dict[str, int] = {}
    known = []
    for i, gid in enumerate(old_ids):  # stored entities of one identity: joined first
        if gid in first_of:
            known.append((first_of[gid], i))
        first_of.setdefault(gid, i)
    resolution = resolve_items(items, known=known, numbers=old_numbers + new_numbers)
    return _update(store, resolution, items, old_ids, new, contexts,
                   next_seq + len(new), new_numbers)


def _update(store: Store, resolution: Resolution, items: list[EntityItem], old_ids: list[str],
            new: list[EntityItem], contexts: dict[str, list[str]], next_seq: int,
            new_numbers: list[int]) -> EntityUpdate:
    stored_id = {(items[i].article, items[i].entity): gid for i, gid in enumerate(old_ids)}
    final: dict[str, str] = {}  # identity found now -> its stored id (or a new one)
    gone: dict[str, str] = {}  # stored identity merged away -> the one it joined
    for entity in resolution.entities:
        ids = sorted({stored_id[(m.article, m.entity)] for m in entity.members
                      if (m.article, m.entity) in stored_id}, key=_number)
        keep = ids[0] if ids else entity.id
        final[entity.id] = keep
        for other in ids[1:]:
            gone[other] = keep
    update = EntityUpdate(resolution=resolution, next_seq=next_seq)
    touched = {final[e.id] for e in resolution.entities
               if any((m.article, m.entity) not in stored_id for m in e.members)
               or final[e.id] in gone.values()}
    names, spellings = _names(store, touched | set(gone), gone, new, resolution, final,
                              new_numbers)
    evidence, proof_changed = _evidence(store, resolution, final, touched, gone, spellings)
    renamed = _renamed(store, names)
    link_rows = []
    for entity in resolution.entities:
        gid = final[entity.id]
        proof = _evidence_json(evidence.get(gid, []))
        link_rows.extend((m.article, m.entity, gid, 1.0, proof) for m in entity.members
                         if (m.article, m.entity) not in stored_id)
    update.tables = {
        "entity_links": link_rows,
        "global_entities": [(gid, name, type_, json.dumps(aliases, ensure_ascii=False))
                            for gid, (name, type_, aliases) in sorted(names.items())],
        "link_entity_items": [(it.article, it.entity, seq) for it, seq in zip(new, new_numbers,
                                                                                strict=True)],
        "link_entity_blocks": [(b, seq) for it, seq in zip(new, new_numbers, strict=True)
                               for b in sorted(blocks(it))],
        "link_entity_context": [(k, json.dumps(c, ensure_ascii=False))
                                for k, c in contexts.items()],
    }
    update.delete = {"global_entities": ("global_id", sorted(touched | set(gone)))}
    if gone:
        others = sorted(gone)
        update.statements.append((REPOINT, [others, [gone[o] for o in others]]))
    proved = [gid for gid in sorted(proof_changed & touched) if gid in evidence]
    if proved:
        update.statements.append((REPROVE, [proved, [_evidence_json(evidence[g])
                                                     for g in proved]]))
    update.changed_articles = _members_of(store, set(gone) | renamed)
    update.resolution = _stored_view(resolution, final, names, gone)
    return update


# One statement per batch, not one per identity: without an index (DuckDB) each
# statement scans entity_links, which grows with the store.
REPOINT = ("UPDATE entity_links SET global_id = m.keep FROM (SELECT unnest(?::VARCHAR[]) AS "
           "old, unnest(?::VARCHAR[]) AS keep) m WHERE entity_links.global_id = m.old")
REPROVE = ("UPDATE entity_links SET evidence = m.proof FROM (SELECT unnest(?::VARCHAR[]) AS "
           "gid, unnest(?::VARCHAR[]) AS proof) m WHERE entity_links.global_id = m.gid")


def _evidence_json(evidence: list[MergeEvidence]) -> str | None:
    return json.dumps([e.model_dump(mode="json") for e in evidence],
                      ensure_ascii=False) if evidence else None


Spellings = dict[tuple[str, str], list[int]]  # (name, type) -> [members, first arrival]
SAME_KEY_RULES = {"transliteration", "country"}


def _same_key_evidence(spellings: Spellings) -> list[MergeEvidence]:
    """Each spelling that folds to the first one's key, joined to it: derived from the
    identity's names, so it does not depend on which entities a batch read."""
    ordered = sorted(spellings, key=lambda k: spellings[k][1])
    found = []
    first = ordered[0]
    first_key = _key(*first)
    for name, type_ in ordered[1:]:
        if _key(name, type_) == first_key and plain(name) != plain(first[0]) and \
                name != first[0]:
            found.append(MergeEvidence(
                left=first[0], right=name,
                rule="country" if first_key.startswith("country:") else "transliteration",
                detail=f"both fold to {first_key.split('|', 1)[1]!r}"))
    return found


def _key(name: str, type_: str) -> str:
    entity = _Named("", name, type_, False)
    it = entity_item(0, "", entity)
    return f"{it.group}|{it.key}"


def _evidence(store: Store, resolution: Resolution, final: dict[str, str], touched: set[str],
              gone: dict[str, str], spellings: dict[str, Spellings]
              ) -> tuple[dict[str, list[MergeEvidence]], set[str]]:
    """Per touched identity, its merge evidence: what was stored, then what is new,
    in a fixed order (so a rebuild gives the same); and the identities whose stored
    evidence changed. Spellings joined for folding alike are derived from the names."""
    found: dict[str, list[MergeEvidence]] = defaultdict(list)
    before: dict[str, str | None] = {}
    for chunk in key_chunks(touched | set(gone)):
        _, rows = store.query("SELECT DISTINCT global_id, evidence FROM entity_links WHERE "
                              "evidence IS NOT NULL AND " + store.db.one_of("global_id"),
                              [chunk])
        for gid, proof in rows:
            before[gid] = proof
            found[gone.get(gid, gid)].extend(MergeEvidence.model_validate(e)
                                             for e in json.loads(proof))
    for entity in resolution.entities:
        found[final[entity.id]].extend(entity.evidence)
    same_key = {gid: _same_key_evidence(names) for gid, names in spellings.items()}
    for gid, derived_evidence in same_key.items():
        found[gid].extend(derived_evidence)
    result = {}
    for gid, items in found.items():
        # an identity's spellings joined for folding alike are those its names give now
        derived = {(d.left, d.right) for d in same_key[gid]} if gid in same_key else None
        unique = {(e.rule, e.left, e.right): e for e in items
                  if derived is None or e.rule not in SAME_KEY_RULES
                  or e.detail.startswith("both") and (e.left, e.right) in derived}
        if unique:
            result[gid] = [unique[k] for k in sorted(unique)]
    changed = {gid for gid in result if _evidence_json(result[gid]) != before.get(gid)}
    return result, changed


def _names(store: Store, ids: set[str], gone: dict[str, str], new: list[EntityItem],
           resolution: Resolution, final: dict[str, str], new_numbers: list[int]
           ) -> tuple[dict[str, tuple[str, str, list[str]]], dict[str, Spellings]]:
    """Name, type and aliases of each identity in ``ids`` (merged ones folded into the
    identity they joined): over every member, stored or new, as resolution names them."""
    seen: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(dict)  # -> [count, first]
    for chunk in key_chunks(ids):
        _, rows = store.query(
            "SELECT l.global_id, e.name, e.type, count(*), min(i.seq) FROM entity_links l "
            "JOIN entities e ON e.doc_key = l.doc_key AND e.entity_id = l.entity_id "
            "JOIN link_entity_items i ON i.doc_key = l.doc_key AND i.entity_id = l.entity_id "
            "WHERE " + store.db.one_of("l.global_id") + " GROUP BY l.global_id, e.name, e.type",
            [chunk])
        for gid, name, type_, n, first in rows:
            _count(seen[gone.get(gid, gid)], (name, type_), n, first)
    new_id = {(m.article, m.entity): final[e.id] for e in resolution.entities for m in e.members}
    for it, seq in zip(new, new_numbers, strict=True):
        _count(seen[new_id[(it.article, it.entity)]], (it.name, it.type), 1, seq)
    kept = {gid: counts for gid, counts in seen.items() if gid not in gone}
    return {gid: _canonical(counts) for gid, counts in kept.items()}, kept


def _count(counts: dict[tuple[str, str], list[int]], key: tuple[str, str], n: int,
           first: int) -> None:
    value = counts.setdefault(key, [0, first])
    value[0] += n
    value[1] = min(value[1], first)


def _canonical(counts: dict[tuple[str, str], list[int]]) -> tuple[str, str, list[str]]:
    """As entities._build: the longest frequent name (first seen wins a tie), the type
    that name was given most."""
    by_name: Counter[str] = Counter()
    first: dict[str, int] = {}
    for (name, _), (n, seq) in counts.items():
        by_name[name] += n
        first[name] = min(first.get(name, seq), seq)
    ordered = sorted(by_name, key=lambda n: first[n])
    name = max(ordered, key=lambda n: (len(n.split()) > 1, by_name[n], len(n)))
    types = sorted(((t, n, seq) for (nm, t), (n, seq) in counts.items() if nm == name),
                   key=lambda x: x[2])
    type_counts: Counter[str] = Counter()
    for t, n, _ in types:
        type_counts[t] += n
    type_ = max((t for t, _, _ in types), key=lambda t: type_counts[t])
    return name, type_, sorted(set(by_name) - {name})


def _renamed(store: Store, names: dict[str, tuple[str, str, list[str]]]) -> set[str]:
    changed = set()
    for chunk in key_chunks(names):
        _, rows = store.query("SELECT global_id, name, type FROM global_entities WHERE "
                              + store.db.one_of("global_id"), [chunk])
        changed |= {gid for gid, name, type_ in rows if names[gid][:2] != (name, type_)}
    return changed


def _members_of(store: Store, ids: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in key_chunks(ids):
        _, rows = store.query("SELECT DISTINCT doc_key FROM entity_links WHERE "
                              + store.db.one_of("global_id") + " LIMIT ?",
                              [chunk, IDENTITY_STORIES_CAP])
        found |= {r[0] for r in rows}
    return found


def _stored_view(resolution: Resolution, final: dict[str, str],
                 names: dict[str, tuple[str, str, list[str]]], gone: dict[str, str]
                 ) -> StoredResolution:
    lookup = {(m.article, m.entity): final[e.id] for e in resolution.entities
              for m in e.members}
    return StoredResolution(lookup, names, gone)


class StoredResolution(Resolution):
    """Global identities as stored, read for the articles asked (:meth:`load`), with
    this batch's changes on top: what claims and world events look up."""

    def __init__(self, lookup: dict[tuple[str, str], str],
                 names: dict[str, tuple[str, str, list[str]]], gone: dict[str, str]) -> None:
        super().__init__([], dict(lookup))
        self.names = dict(names)
        self.gone = gone  # identities merged away by this batch -> the ones they joined
        self.loaded: set[str] = set()

    def load(self, store: Store, keys: Iterable[str]) -> None:
        missing = {k for k in keys if k not in self.loaded}
        self.loaded |= missing
        for chunk in key_chunks(missing):
            _, rows = store.query(
                "SELECT l.doc_key, l.entity_id, g.global_id, g.name, g.type FROM entity_links l "
                "JOIN global_entities g ON g.global_id = l.global_id WHERE "
                + store.db.one_of("l.doc_key"), [chunk])
            for key, entity_id, gid, name, type_ in rows:
                gid = self.gone.get(gid, gid)
                self.lookup.setdefault((key, entity_id), gid)
                self.names.setdefault(gid, (name, type_, []))

    def get(self, global_id: str) -> GlobalEntity:
        name, type_, aliases = self.names[global_id]
        return GlobalEntity(id=global_id, name=name, type=type_,  # type: ignore[arg-type]
                            aliases=aliases, members=[])
