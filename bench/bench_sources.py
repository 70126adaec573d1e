"""Speakers of predicted quotes on PolNeAR, without and with the ``sources`` extractor.

    python bench/bench_sources.py [--split dev] [--limit N]

Each article is parsed once and extracted twice: ``entities, quotes`` (before) and
``entities, quotes, sources`` (after). Over all predicted quotes it counts those with no
speaker, with a speaker that is no entity, with an anonymous-source entity, with any
source entity the extractor made, and with a chain (``via``); then it scores speaker
accuracy on matched pairs exactly as ``newsgraph eval attribution`` does.
"""

from __future__ import annotations

import argparse
from collections import Counter

from newsgraph.eval import Score, default_data_dir
from newsgraph.eval.attribution import (
    Tally,
    articles,
    match,
    predictions,
    read_ann,
    speaker_matches,
    tally,
)
from newsgraph.ingest import RawArticle
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Document

SETUPS = {"before": ("entities", "quotes"), "after": ("entities", "quotes", "sources")}


def count(document: Document, counts: Counter) -> None:
    kinds = {e.id: e for e in document.entities}
    for q in document.quotes:
        counts["quotes"] += 1
        sp = q.speaker
        entity = kinds.get(sp.entity_id or "") if sp else None
        counts["no speaker"] += sp is None
        counts["speaker without entity"] += sp is not None and entity is None
        counts["anonymous-entity speaker"] += bool(entity and entity.anonymous)
        counts["described-source speaker"] += bool(entity and entity.description)
        counts["with via"] += bool(q.via)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    pipes = {name: Pipeline(extractors=ex) for name, ex in SETUPS.items()}
    nlp = pipes["before"].nlp
    items = list(articles(default_data_dir(), args.split))[:args.limit]
    texts = [p.read_text(encoding="utf-8") for _, p, _ in items]
    counts = {name: Counter() for name in SETUPS}
    tallies = {name: {"direct": Tally(Score()), "indirect": Tally(Score())} for name in SETUPS}
    for (stem, _, ann), doc in zip(items, nlp.pipe(texts, batch_size=8), strict=True):
        gold = read_ann(ann, doc.text)
        for name, pipe in pipes.items():
            document = pipe.extract(doc, RawArticle(id=stem, text=doc.text))
            count(document, counts[name])
            mentions = {e.id: [m.span for m in e.mentions] for e in document.entities}
            direct, indirect = predictions(document)
            t = tallies[name]
            tally(t["direct"], [g for g in gold if g.direct], direct, doc.text, mentions)
            tally(t["indirect"], [g for g in gold if not g.direct], indirect, doc.text, mentions)
            anonymous = {e.id for e in document.entities if e.anonymous}
            for g, p in match(gold, direct + indirect):  # speakers that are anonymous sources
                if g.source is not None and p.speaker_entity in anonymous:
                    counts[name]["anonymous matched"] += 1
                    counts[name]["anonymous matched right"] += speaker_matches(
                        g, p, doc.text, mentions)
    print(f"PolNeAR {args.split}: {len(items)} articles")
    for name in SETUPS:
        c = counts[name]
        shares = ", ".join(f"{k} {c[k]} ({c[k] / c['quotes']:.1%})" for k in c
                           if k != "quotes" and not k.startswith("anonymous matched"))
        print(f"{name}: {c['quotes']} quotes; {shares}")
        if c["anonymous matched"]:
            print(f"  anonymous-source speakers of matched quotes: right "
                  f"{c['anonymous matched right']}/{c['anonymous matched']}")
        for kind, t in tallies[name].items():
            print(f"  {kind}: content F1 {t.content.f1:.3f}, speaker accuracy "
                  f"{t.speaker_ok}/{t.speaker_n} = {t.speaker_ok / max(t.speaker_n, 1):.3f}")


if __name__ == "__main__":
    main()
