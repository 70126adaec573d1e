"""Events counted once, against ECB+ cross-document event coreference.

    python bench/bench_world_events.py [--limit N]

ECB+ marks event mentions (``ACTION_*`` markables) and links those of one
real-world event across documents (``CROSS_DOC_COREF`` with an ``ACT...``
instance, or ``INTRA_DOC_COREF`` inside one); a mention in no such link is its
own event. Documents are rebuilt from their tokens as in ``newsgraph eval
clusters``, analyzed, shuffled with that evaluation's seed and grouped by
:func:`newsgraph.crossdoc.events.world_events`. Only the newsgraph event
mentions whose trigger overlaps a gold action are scored (PLOVER covers a part
of ECB+'s actions), with B-cubed and CoNLL F1, beside baselines over the same
mentions: every mention its own event; one event per article and type; one
event per story and type.
"""

from __future__ import annotations

import argparse
import random
import time
import xml.etree.ElementTree as ET
from collections.abc import Hashable

from newsgraph.crossdoc import cluster_stories, resolve_entities
from newsgraph.crossdoc.events import world_events
from newsgraph.eval import default_data_dir
from newsgraph.eval.clusters import ECB_DIR, SEED, GoldDoc, read_ecbplus
from newsgraph.eval.coref import scores
from newsgraph.ingest import read_text_article
from newsgraph.pipeline import Pipeline


def gold_actions(doc: GoldDoc, path) -> list[tuple[tuple[int, int], Hashable]]:
    """(char span, event label) of every action mention of one ECB+ document."""
    root = ET.parse(path).getroot()
    instance = {}
    for rel in root.iter("CROSS_DOC_COREF"):
        note = rel.get("note", "")
        if note.startswith("ACT"):
            for source in rel.iter("source"):
                instance[source.get("m_id")] = note
    for rel in root.iter("INTRA_DOC_COREF"):  # a chain inside one document only
        for source in rel.iter("source"):
            instance.setdefault(source.get("m_id"), (doc.id, rel.get("r_id")))
    found = []
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        if not m.tag.startswith("ACTION") or m.get("instance_id"):
            continue  # instance_id: the event itself, not a mention of it
        spans = [doc.offsets[doc.token_index[a.get("t_id")]] for a in m.iter("token_anchor")
                 if a.get("t_id") in doc.token_index]
        if spans:
            span = (min(s for s, _ in spans), max(e for _, e in spans))
            found.append((span, instance.get(m.get("m_id"), (doc.id, m.get("m_id")))))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()
    data = default_data_dir()
    gold = read_ecbplus(data, args.limit)
    paths = {p.stem: p for p in (data / ECB_DIR).glob("*/*.xml")}
    started = time.perf_counter()
    pipeline = Pipeline()
    docs = [pipeline.analyze(read_text_article(g.text, id=g.id)) for g in gold]
    analyzed = time.perf_counter() - started
    random.Random(SEED).shuffle(docs)
    started = time.perf_counter()
    resolution = resolve_entities(docs)
    assignments = cluster_stories(docs)[1]
    events = world_events(docs, resolution, assignments)
    grouped = time.perf_counter() - started
    story_of = {a.article: a.story for a in assignments}
    ours = {(r.article, m.span): w.id for w in events for r in w.reports for m in r.mentions}

    key: dict[Hashable, Hashable] = {}
    systems: dict[str, dict[Hashable, Hashable]] = {
        "world_events": {}, "singletons": {}, "article+type": {}, "story+type": {}}
    by_id = {g.id: g for g in gold}
    n_ours = 0
    for doc in docs:
        actions = gold_actions(by_id[doc.id], paths[doc.id])
        for i, event in enumerate(doc.events):
            n_ours += 1
            start, end = event.span
            hit = next((label for (s, e), label in actions if s < end and start < e), None)
            if hit is None:
                continue
            mention = (doc.id, i)
            key[mention] = hit
            systems["world_events"][mention] = ours[(doc.id, event.span)]
            systems["singletons"][mention] = mention
            systems["article+type"][mention] = (doc.id, event.type)
            systems["story+type"][mention] = (story_of[doc.id], event.type)
    print(f"{len(docs)} ECB+ documents analyzed in {analyzed:.0f} s; events grouped in "
          f"{grouped:.1f} s; {n_ours} newsgraph event mentions, {len(key)} on a gold action, "
          f"in {len(set(key.values()))} gold events")
    print(f"{'system':14} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'CoNLL F1':>9} {'events':>7}")
    for name, labels in systems.items():
        result = scores(key, labels)
        p, r, f = result["B3"]
        print(f"{name:14} {p:6.3f} {r:6.3f} {f:6.3f} {result['CoNLL'][2]:9.3f} "
              f"{len(set(labels.values())):7d}")


if __name__ == "__main__":
    main()
