"""Cross-article links judged by hand: revisions and contradictions.

**Judged sample** (``eval/crossdoc_judged.jsonl``, one JSON object a line): every
contradiction and revision the final code stores for the shared VOA + Wikinews
store, and a pool of loosely matched candidates, each judged real or not with a
one-line reason. A record is keyed by document id and spans::

    {"kind": "revision", "a": {"doc": "8009976", "span": [10, 15], "text": "..."},
     "b": {...}, "linked": true, "pool": "links", "real": false, "why": "..."}

``linked``: the stored output links the pair. The pool: for contradictions every
(denial, assertion) pair by different sources whose words meet
:func:`~newsgraph.crossdoc.claims.same_proposition` or share two words that are
not names, in any story, or one such word in one story between two known sources,
published within 30 days; for revisions every pair of
figures from two articles with the same counted noun and unit and different
values, published within 30 days, in any story, whose noun is specific or source
shared, plus a fixed-seed sample of 100 of the rest.
Precision is over linked pairs; pool recall is the share of the real pairs in
the pool that are linked. ``python -m newsgraph.eval.crossdoc pool DB`` writes
the records of a store (judgments of pairs already judged are kept), to be
judged again whenever the output changes. ``python -m newsgraph.eval.crossdoc
unjudged DB`` lists the links of a store that have no judgement (exit 1 when there
are some), and with ``NEWSGRAPH_EVAL_STORE=DB`` ``newsgraph eval crossdoc`` prints
their count beside the scores.

**Seed cases** (``eval/crossdoc_cases.json``): short articles written for the
purpose, run through the full pipeline and linked as ``newsgraph ingest``
links a store: each lists the links it must hold (recall) and the links it must
not (a figure of another story, killed against injured, a month apart).
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from newsgraph.crossdoc import claims
from newsgraph.eval import EvalReport, Row, require
from newsgraph.settings import env

REPO = Path(__file__).resolve().parents[3]
JUDGED = REPO / "eval" / "crossdoc_judged.jsonl"
CASES = REPO / "eval" / "crossdoc_cases.json"
POOL_DAYS = 30
SEED = 17
GENERIC_SAMPLE = 100  # unspecific same-noun figure pairs judged beside the specific ones
KINDS = ("contradiction", "revision")
# VOA stories held out from every tuning and annotation: never in the judged sample
HELD_OUT = frozenset({"8004380", "8008126", "8008152", "8008998", "8009044", "8009853",
                      "8010057", "8010418", "8010476", "8010842", "8011076", "8011115"})


# ---------------------------------------------------------------- judged sample


def load_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _key(record: dict) -> tuple:
    a, b = record["a"], record["b"]
    return (record["kind"], a["doc"], tuple(a["span"]), b["doc"], tuple(b["span"]))


@dataclass
class Judged:
    linked: int = 0
    linked_real: int = 0
    pool_real: int = 0
    unjudged: int = 0

    @property
    def precision(self) -> float | None:
        return self.linked_real / self.linked if self.linked else None

    @property
    def pool_recall(self) -> float | None:
        return self.linked_real / self.pool_real if self.pool_real else None


def judged_scores(records: list[dict]) -> dict[str, Judged]:
    scores = {kind: Judged() for kind in KINDS}
    for r in records:
        score = scores[r["kind"]]
        if r.get("real") is None:
            score.unjudged += 1
            continue
        score.pool_real += bool(r["real"])
        if r["linked"]:
            score.linked += 1
            score.linked_real += bool(r["real"])
    return scores


# ---------------------------------------------------------------- seed cases


def _case_links(docs: list) -> tuple[list, list]:
    """Link ``docs`` as ``newsgraph ingest`` links a store (see crossdoc.linking)."""
    from newsgraph.crossdoc import cluster_stories, resolve_entities

    docs = sorted(docs, key=lambda d: (d.published or "", d.id))
    stories, _ = cluster_stories(docs)
    story_of = {a: s.id for s in stories for a in s.articles}
    resolution = resolve_entities(docs)
    return (claims.contradictions(docs, resolution, story_of),
            claims.revisions(docs, story_of))


def holds(link: dict, found_contradictions: list, found_revisions: list) -> bool:
    if link["kind"] == "revision":
        return any(r.old_value == link["old"] and r.new_value == link["new"]
                   and link["counted"] in r.counted for r in found_revisions)
    return any(all(any(want["source"] in (p.source or "") and want["status"] == p.status
                       for p in c.positions) for want in link["positions"])
               for c in found_contradictions)


def _case_documents(case: dict, pipeline, data_dir: Path) -> list:
    from newsgraph.ingest import read_text_article

    docs = []
    for article in case["articles"]:
        text = article.get("text")
        if text is None:  # a shared example, read in place
            path = data_dir.parent / article["example"]
            if not path.is_file():
                return []
            text = path.read_text("utf-8")
        docs.append(pipeline.analyze(read_text_article(text, id=article["id"],
                                                       published=article["published"])))
    return docs


def seed_cases(data_dir: Path, model: str | None) -> tuple[int, int, int, int, list[str]]:
    """(expected links found, expected, forbidden links made, forbidden, notes)."""
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(model)
    found = expected = wrong = forbidden = 0
    notes = []
    for case in json.loads(require(CASES).read_text("utf-8"))["cases"]:
        docs = _case_documents(case, pipeline, data_dir)
        if not docs:
            notes.append(f"case {case['name']}: its example is absent; skipped")
            continue
        contradictions, revisions = _case_links(docs)
        for link in case.get("expect", []):
            expected += 1
            if holds(link, contradictions, revisions):
                found += 1
            else:
                notes.append(f"case {case['name']}: missed {link['kind']} {link.get('why', '')}")
        for link in case.get("forbid", []):
            forbidden += 1
            if holds(link, contradictions, revisions):
                wrong += 1
                notes.append(f"case {case['name']}: linked {link['kind']} it must not")
    return found, expected, wrong, forbidden, notes


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    started = time.perf_counter()
    records = load_records(require(JUDGED))
    report = EvalReport("crossdoc", "hand-judged links of the VOA + Wikinews store; "
                                    "seed cases")
    for kind, score in judged_scores(records).items():
        report.rows.append(Row("newsgraph", f"{kind} links (judged)", precision=score.precision,
                               recall=score.pool_recall, support=score.linked))
        report.notes.append(f"{kind}: {score.linked_real} of {score.linked} links real; "
                            f"{score.pool_real} real in the judged pool, "
                            f"{score.linked_real} of them linked"
                            + (f"; {score.unjudged} not judged yet" if score.unjudged else ""))
    found, expected, wrong, forbidden, notes = seed_cases(data_dir, model)
    report.rows.append(Row("newsgraph", "seed cases: expected links found",
                           recall=found / expected if expected else None, support=expected))
    report.rows.append(Row("newsgraph", "seed cases: forbidden links avoided",
                           accuracy=1 - wrong / forbidden if forbidden else None,
                           support=forbidden))
    report.notes += ["R of the judged rows: share of the real pairs in the judged pool "
                     "that are linked", *notes]
    if store := env("eval_store"):  # a store to check the sample against
        report.notes.append(coverage_note(store))
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------- writing the pool


def _side(doc_ids: dict[str, str], article: str, span, text: str, published) -> dict:
    return {"doc": doc_ids[article], "span": list(span or (0, 0)), "text": text,
            "published": (published or "")[:10]}


def _stored_pairs(store) -> set[tuple]:
    from newsgraph.crossdoc import linked

    pairs = set()
    for c in linked.contradictions(store):
        denials = [p for p in c.positions if p.status in claims.DENIAL]
        for d in denials:
            for p in c.positions:
                if p.status in claims.POSITIVE:
                    pairs.add(("contradiction", d.evidence.article, tuple(d.evidence.span),
                               p.evidence.article, tuple(p.evidence.span)))
    for r in linked.revisions(store):
        pairs.add(("revision", r.old.article, tuple(r.old.span), r.new.article,
                   tuple(r.new.span)))
    return pairs


def _near(a: str | None, b: str | None) -> bool:
    apart = claims.days_apart(a, b)
    return apart is not None and apart <= POOL_DAYS


def _contradiction_pool(docs: list, story_of: dict[str, str]) -> list[tuple]:
    items = claims.statements(docs)
    pool = []
    for d in items:
        if d.status not in claims.DENIAL or not d.terms:
            continue
        for p in items:
            if p.status in claims.POSITIVE and p.source_key != d.source_key \
                    and _near(d.published, p.published) and _loosely_same(d, p, story_of):
                pool.append(((d.article, d.span, d.text, d.published),
                             (p.article, p.span, p.text, p.published)))
    return pool


def _loosely_same(d, p, story_of: dict[str, str]) -> bool:
    """Same proposition words: the rule's overlap, or two shared words that are not
    names; in one story, one shared word that is not a name between two known sources
    ("depriving ethnic Baloch of ... their share in the mineral wealth of the
    province" / "exploiting the rich natural resources of their impoverished province")."""
    predicates = (d.terms & p.terms) - d.names - p.names
    if claims.same_proposition(d.terms, p.terms, d.names | p.names) \
            or len(predicates) >= claims.MIN_SHARED:
        return True
    return bool(predicates) and d.known_source and p.known_source \
        and story_of.get(d.article, d.article) == story_of.get(p.article, p.article)


def _revision_pool(docs: list) -> list[tuple]:
    figures: dict[tuple, list] = {}
    for doc in docs:
        for q in doc.quantities:
            key = claims.counted_key(q.counted)
            if key and q.value is not None:
                figures.setdefault((key, q.unit), []).append((doc, q))
    specific, generic = [], []
    for (key, _unit), found in sorted(figures.items(), key=lambda kv: str(kv[0])):
        for (d1, q1), (d2, q2) in itertools.combinations(found, 2):
            if d1.id == d2.id or q1.value == q2.value or not _near(d1.published, d2.published):
                continue
            (d1, q1), (d2, q2) = sorted([(d1, q1), (d2, q2)],
                                        key=lambda f: (f[0].published or "", f[0].id))
            pair = ((d1.id, q1.span, f"{q1.text} {q1.counted}", d1.published),
                    (d2.id, q2.span, f"{q2.text} {q2.counted}", d2.published))
            (specific if claims.specific_count(key, q1, q2) else generic).append(pair)
    return specific + random.Random(SEED).sample(generic, min(GENERIC_SAMPLE, len(generic)))


def write_pool(db: str, out: Path = JUDGED) -> int:
    """Write the judged-sample records for the store ``db``; keep earlier judgments."""
    from newsgraph.store import Store

    with Store.open(db, read_only="://" not in db) as store:
        docs = [d.model_copy(update={"id": k}) for k, d in store.iter_documents()]
        doc_ids = dict(store.query("SELECT doc_key, doc_id FROM latest_articles")[1])
        stored = _stored_pairs(store)
        texts = {}
        story_of = dict(store.query("SELECT doc_key, story_id FROM story_articles")[1])
        for kind, pool in (("contradiction", _contradiction_pool(docs, story_of)),
                           ("revision", _revision_pool(docs))):
            for a, b in pool:
                texts[(kind, a[0], tuple(a[1]), b[0], tuple(b[1]))] = (a, b)
        linked_texts = _linked_texts(store)
    published = {d.id: d.published for d in docs}
    for key in stored - set(texts):
        kind, a_doc, a_span, b_doc, b_span = key
        a_text, b_text = linked_texts[key]
        texts[key] = ((a_doc, a_span, a_text, published.get(a_doc)),
                      (b_doc, b_span, b_text, published.get(b_doc)))
    old = {_key(r): r for r in load_records(out)} if out.exists() else {}
    records = []
    for key, (a, b) in sorted(texts.items(), key=lambda kv: (kv[0][0], str(kv[1]))):
        if {doc_ids[a[0]], doc_ids[b[0]]} & HELD_OUT:
            continue
        record = {"kind": key[0], "a": _side(doc_ids, *a), "b": _side(doc_ids, *b),
                  "linked": key in stored, "pool": "links" if key in stored else "candidates",
                  "real": None, "why": ""}
        if (before := old.get(_key(record))) is not None:
            record["real"], record["why"] = before["real"], before["why"]
        records.append(record)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return len(records)


def _linked_texts(store) -> dict[tuple, tuple[str, str]]:
    from newsgraph.crossdoc import linked

    texts = {}
    for c in linked.contradictions(store):
        for d in c.positions:
            for p in c.positions:
                if d.status in claims.DENIAL and p.status in claims.POSITIVE:
                    texts[("contradiction", d.evidence.article, tuple(d.evidence.span),
                           p.evidence.article, tuple(p.evidence.span))] = (
                        d.evidence.text, p.evidence.text)
    for r in linked.revisions(store):
        texts[("revision", r.old.article, tuple(r.old.span), r.new.article,
               tuple(r.new.span))] = (f"{r.old.text} {r.counted}", f"{r.new.text} {r.counted}")
    return texts


# ---------------------------------------------------------------- links not judged yet


def stored_link_records(db: str) -> list[dict]:
    """Every link stored in ``db`` as a judged-sample record (held-out stories left out)."""
    from newsgraph.store import Store

    with Store.open(db, read_only="://" not in db) as store:
        _, rows = store.query("SELECT doc_key, doc_id, published FROM latest_articles")
        texts = _linked_texts(store)
    doc_ids = {key: doc_id for key, doc_id, _ in rows}
    published = {key: day for key, _, day in rows}
    records = []
    for (kind, a_doc, a_span, b_doc, b_span), (a_text, b_text) in sorted(texts.items()):
        if {doc_ids[a_doc], doc_ids[b_doc]} & HELD_OUT:
            continue
        records.append({"kind": kind,
                        "a": _side(doc_ids, a_doc, a_span, a_text, published.get(a_doc)),
                        "b": _side(doc_ids, b_doc, b_span, b_text, published.get(b_doc)),
                        "linked": True, "pool": "links", "real": None, "why": ""})
    return records


@dataclass
class Coverage:
    """How much of a store's links the judged sample covers."""

    links: int
    unjudged: list[dict]
    far_apart: list[dict]  # published more than POOL_DAYS apart


def coverage(db: str, path: Path = JUDGED) -> Coverage:
    """The store's links without a judgement in ``path``: after merging other
    branches, a non-empty list means the sample must be regenerated and judged."""
    judged = {_key(r) for r in load_records(path) if r.get("real") is not None} \
        if path.exists() else set()
    records = stored_link_records(db)
    return Coverage(len(records), [r for r in records if _key(r) not in judged],
                    [r for r in records if not _near(r["a"]["published"] or None,
                                                    r["b"]["published"] or None)])


def coverage_note(db: str) -> str:
    found = coverage(db)
    return (f"store {db}: {found.links} links, {len(found.unjudged)} without a judgement, "
            f"{len(found.far_apart)} between articles more than {POOL_DAYS} days apart")


USAGE = ("usage: python -m newsgraph.eval.crossdoc pool DB   (write the judged-sample records)\n"
         "       python -m newsgraph.eval.crossdoc unjudged DB   (list links not judged yet)")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("pool", "unjudged"):
        print(USAGE, file=sys.stderr)
        return 2
    command, db = argv
    if command == "pool":
        print(f"{write_pool(db)} records in {JUDGED}")
        return 0
    found = coverage(db)
    for record in found.unjudged:
        print(json.dumps(record, ensure_ascii=False))
    print(coverage_note(db), file=sys.stderr)
    return 1 if found.unjudged else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
