"""Train the event model (:mod:`newsgraph.events.eventmodel`).

Every event the rules code (before the model screens it) is an example, labelled
automatically from three sources:

- the PLOVER gold records of the held-in half (:func:`newsgraph.eval.events.held_out`
  false): the main coded event of each sentence, positive when its type is the gold type;
- the tuning half of the VOA event dev set (``eval/events_voa``, split by story): a
  candidate is positive when its trigger overlaps a gold event of the same type, negative
  when it overlaps a gold non-event, an event of another type, or nothing annotated;
- the shared articles labelled business, how-to or opinion in ``eval/genre_gold.tsv``:
  every candidate is negative (their verbs report no political event).

Candidates at a (document, span) of the hand-judged event sample (``eval/events_judged.tsv``)
are never used: that sample measures the model. Logistic regression (liblinear, fixed
seed); its precision and recall of keeping a real event are reported by leave-stories-out
cross-validation (5 folds by a hash of the document id).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsgraph.eval import shared_articles
from newsgraph.events.eventmodel import DEFAULT_THRESHOLD, MODEL_FILE, EventModel, load_event_model

SEED = 0
FOLDS = 5
TOLERANCE = 0.02
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / MODEL_FILE
NON_NEWS = {"business", "howto", "opinion"}


@dataclass
class Example:
    group: str  # document the candidate comes from: folds never split one
    features: list[str]
    label: int


def _judged_keys(gold_dir: Path) -> set[tuple[str, int, int]]:
    from newsgraph.eval.events import read_tsv

    path = gold_dir / "events_judged.tsv"
    if not path.exists():
        return set()
    return {(r["doc_id"], int(r["start"]), int(r["end"])) for r in read_tsv(path)}


def plover_examples(data_dir: Path, model: str | None) -> Iterator[Example]:
    from newsgraph.eval.events import GSR_FILE, contexts, held_out, load_gsr
    from newsgraph.events.actors import load_actors
    from newsgraph.events.coding import find_triggers, main_trigger
    from newsgraph.extract.events import code_event
    from newsgraph.extract.shared import entity_names, place_tokens

    records = [r for r in load_gsr(data_dir / GSR_FILE) if not held_out(r.id)]
    actors = load_actors()
    for record, ctx in zip(records, contexts([r.text for r in records], model), strict=True):
        triggers = [t for sent in ctx.doc.sents for t in find_triggers(sent)]
        names, places = entity_names(ctx), place_tokens(ctx)
        while triggers:
            trig = main_trigger(triggers)
            coded = code_event(ctx, trig, actors, names, places, screen=False)
            if coded is not None:
                yield Example(f"plover:{record.id}", coded.features,
                              int(coded.event.type == record.type))
                break
            triggers.remove(trig)


def article_candidates(articles: Iterable, model: str | None
                       ) -> Iterator[tuple[str, object, list[str]]]:
    """(document id, event, features) of every candidate the rules code in each article,
    before the model screens them."""
    from newsgraph.events.actors import load_actors
    from newsgraph.events.coding import find_triggers
    from newsgraph.extract import DEFAULT_EXTRACTORS, Context, resolve
    from newsgraph.extract.events import code_event
    from newsgraph.extract.shared import entity_names, place_tokens
    from newsgraph.models import load_model
    from newsgraph.schema import Document
    from newsgraph.timeutil import parse_date

    nlp = load_model(model)
    upstream = resolve(tuple(n for n in DEFAULT_EXTRACTORS if n != "events"))
    actors = load_actors()
    articles = list(articles)
    for article, doc in zip(articles, nlp.pipe([a.text for a in articles]), strict=True):
        document = Document(id=article.id, title=article.title, text=doc.text,
                            published=article.published, language="en")
        ctx = Context(doc=doc, document=document, reference_date=parse_date(article.published))
        for _, fn in upstream:
            fn(ctx)
        names, places = entity_names(ctx), place_tokens(ctx)
        for sent in doc.sents:
            for trig in find_triggers(sent):
                coded = code_event(ctx, trig, actors, names, places, screen=False)
                if coded is not None:
                    yield article.id, coded.event, coded.features


def _read_articles(data_dir: Path, wanted: set[str]) -> list:
    return list(shared_articles(data_dir, wanted))


def voa_examples(data_dir: Path, voa_gold: Path, model: str | None,
                 judged: set[tuple[str, int, int]]) -> Iterator[Example]:
    from newsgraph.eval.stances import half

    items = [json.loads(line) for line in voa_gold.read_text("utf-8").splitlines()
             if line.strip()]
    by_story: dict[str, list[dict]] = {}
    for item in items:
        if half(item["story"]) == "tuning":
            by_story.setdefault(item["story"], []).append(item)
    for doc_id, event, feats in article_candidates(
            _read_articles(data_dir, set(by_story)), model):
        if (doc_id, *event.span) in judged:
            continue
        start, end = event.span
        hits = [g for g in by_story[doc_id] if g["start"] < end and start < g["end"]]
        label = int(any(g["kind"] == "event" and g["type"] == event.type for g in hits))
        yield Example(doc_id, feats, label)


def genre_examples(data_dir: Path, gold_dir: Path, model: str | None,
                   judged: set[tuple[str, int, int]]) -> Iterator[Example]:
    from newsgraph.eval.events import RESERVED_VOA, read_tsv

    path = gold_dir / "genre_gold.tsv"
    if not path.exists():
        return
    wanted = {r["doc_id"] for r in read_tsv(path) if r["genre"] in NON_NEWS} - RESERVED_VOA
    for doc_id, event, feats in article_candidates(_read_articles(data_dir, wanted), model):
        if (doc_id, *event.span) not in judged:
            yield Example(doc_id, feats, 0)


def examples(data_dir: Path, gold_dir: Path, voa_gold: Path, model: str | None
             ) -> list[Example]:
    judged = _judged_keys(gold_dir)
    out = list(plover_examples(data_dir, model))
    if voa_gold.exists():
        out += voa_examples(data_dir, voa_gold, model, judged)
    out += genre_examples(data_dir, gold_dir, model, judged)
    return out


def fit(examples: list[Example], threshold: float = DEFAULT_THRESHOLD) -> EventModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    matrix = vec.fit_transform([dict.fromkeys(e.features, 1) for e in examples]).tocsr()
    matrix.indices = matrix.indices.astype("int32")  # liblinear takes 32-bit indices only
    matrix.indptr = matrix.indptr.astype("int32")
    clf = LogisticRegression(C=0.5, solver="liblinear", random_state=SEED, max_iter=1000)
    clf.fit(matrix, [e.label for e in examples])
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(),
                                                           clf.coef_[0], strict=True)
               if abs(w) > 1e-6}
    return EventModel(weights, round(float(clf.intercept_[0]), 6), threshold, {})


def _fold(group: str) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % FOLDS


def cross_validate(examples: list[Example]) -> dict[str, float]:
    """Precision and recall of keeping a real event, each fold's model scoring the
    documents it was not trained on; keep-all precision for comparison."""
    tp = fp = fn = 0
    for fold in range(FOLDS):
        train = [e for e in examples if _fold(e.group) != fold]
        test = [e for e in examples if _fold(e.group) == fold]
        if not test or len({e.label for e in train}) < 2:
            continue
        model = fit(train)
        for e in test:
            keep = model.keeps(e.features)
            tp += keep and e.label
            fp += keep and not e.label
            fn += not keep and e.label
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    positives = sum(e.label for e in examples)
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "keep_all_precision": round(positives / len(examples), 4) if examples else 0.0,
            "candidates": len(examples)}


def retrain(data_dir: Path, gold_dir: Path, voa_gold: Path, model: str | None) -> EventModel:
    found = examples(data_dir, gold_dir, voa_gold, model)
    event_model = fit(found)
    scores = cross_validate(found)
    scores["train_examples"] = len(found)
    return EventModel(event_model.weights, event_model.bias, event_model.threshold, scores)


def train(data_dir: Path, gold_dir: Path, voa_gold: Path, model: str | None,
          out: Path | None) -> EventModel:
    event_model = retrain(data_dir, gold_dir, voa_gold, model)
    target = out or DEFAULT_OUT
    target.write_text(event_model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(event_model.weights)} weights; cross-validated "
          f"{event_model.scores}")
    return event_model


def check(data_dir: Path, gold_dir: Path, voa_gold: Path, model: str | None) -> int:
    shipped = load_event_model()
    if shipped is None:
        print("error: the package ships no event model", file=sys.stderr)
        return 2
    fresh = retrain(data_dir, gold_dir, voa_gold, model)
    worst = max(abs(fresh.scores[k] - shipped.scores[k]) for k in ("precision", "recall", "f1"))
    print(f"shipped {shipped.scores}\nretrained {fresh.scores}\nlargest difference {worst:.4f}")
    return 0 if worst <= TOLERANCE else 1
