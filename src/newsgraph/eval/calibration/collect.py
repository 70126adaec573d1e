"""Labelled examples for calibration: (features, right?) per item kind, per split.

Labels come from the scorers in :mod:`newsgraph.eval` (their matching, not a copy
of it). ``split`` is "train" (fitting) or "dev" (the reliability measure):

* quote, speaker: PolNeAR train / dev;
* status, quantity: MEANTIME intra-doc, even-numbered documents / odd ones;
* timex: TempEval-3 TBAQ (its training data) / MEANTIME;
* event: PLOVER gold records of the held-out (odd) half of ``eval events``, alternating;
* entity: CoNLL++ train / dev.

Only this module (and the fit and reliability commands) read the shared data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from newsgraph.confidence import features as F
from newsgraph.confidence.features import Features
from newsgraph.eval import DatasetMissing

Examples = dict[str, list[tuple[Features, bool]]]
Split = str
# documents per source when no limit is given (train sides are large; these keep a refit
# within minutes on two cores)
DEFAULT_LIMITS = {"polnear": 400, "conll": 300}


def _half(items: list, split: Split) -> list:
    return items[0::2] if split == "train" else items[1::2]


def _up_to(last: str) -> tuple[str, ...]:
    """The default extractors up to ``last`` (or all but confidence), as in use."""
    from newsgraph.extract import DEFAULT_EXTRACTORS

    names = [n for n in DEFAULT_EXTRACTORS if n != "confidence"]
    return tuple(names[:names.index(last) + 1]) if last in names else tuple(names)


def polnear(data_dir: Path, split: Split, model: str | None, limit: int | None) -> Examples:
    from newsgraph.eval import attribution as A
    from newsgraph.ingest import RawArticle
    from newsgraph.pipeline import Pipeline

    out: Examples = {"quote": [], "speaker": []}
    pipe = Pipeline(model, extractors=_up_to("sources"))
    items = list(A.articles(data_dir, split))[:limit or DEFAULT_LIMITS["polnear"]]
    texts = [p.read_text(encoding="utf-8") for _, p, _ in items]
    for (stem, _, ann), doc in zip(items, pipe.nlp.pipe(texts, batch_size=8), strict=True):
        text = doc.text
        gold = A.read_ann(ann, text)
        document = pipe.extract(doc, RawArticle(id=stem, text=text))
        mentions = {e.id: [m.span for m in e.mentions] for e in document.entities}
        anonymous = F.anonymous_ids(document.entities)
        direct, indirect = A.predictions(document)
        for wanted, preds in ((True, direct), (False, indirect)):
            pairs = A.match([g for g in gold if g.direct == wanted], preds)
            matched = {id(p): g for g, p in pairs}
            for p in preds:
                g = matched.get(id(p))
                for k in p.quotes:
                    quote = document.quotes[k]
                    out["quote"].append((F.quote_features(quote, doc), g is not None))
                    if g is not None and g.source is not None and quote.speaker is not None:
                        ok = A.speaker_matches(g, p, text, mentions)
                        features = F.speaker_features(quote, doc, text, anonymous)
                        out["speaker"].append((features, ok))
    return out


def meantime(data_dir: Path, split: Split, model: str | None, limit: int | None) -> Examples:
    from newsgraph.eval.meantime_factuality import (
        analyzed,
        gold_class,
        read_corpus,
        status_class,
    )
    from newsgraph.eval.quantities import MEANTIME_DIR, inside, score

    root = data_dir / MEANTIME_DIR
    if not root.is_dir():
        raise DatasetMissing(f"{root} not found")
    docs = _half(read_corpus(root, limit), split)
    out: Examples = {"quantity": [], "status": []}
    extractors = _up_to("quantities")
    for gold, ctx in analyzed(docs, model, extractors):
        values = [(m.start, m.end) for m in gold.markables if m.kind == "VALUE"]
        for q in ctx.document.quantities:
            if inside(q.span, gold.annotated):
                right = score([q.span], values, strict=False).fp == 0
                out["quantity"].append((F.quantity_features(q), right))
        events = [m for m in gold.markables if m.kind == "EVENT_MENTION"]
        for quote in ctx.document.quotes:
            span = ctx.doc.char_span(*quote.span, alignment_mode="expand")
            if span is None or not len(span):
                continue
            head = span.root.idx
            cls = next((gold_class(m.attrs) for m in events if m.start <= head < m.end), None)
            if cls is not None:
                right = status_class(quote.status) == cls
                out["status"].append((F.status_features(quote, ctx.doc), right))
    return out


def timexes(data_dir: Path, split: Split, model: str | None, limit: int | None) -> Examples:
    from newsgraph.eval import time as T
    from newsgraph.models import load_model
    from newsgraph.timex.annotate import find_timexes

    golds = T.load_tbaq(data_dir, limit) if split == "train" else T.load_meantime(data_dir, limit)
    out: Examples = {"timex": []}
    for gold, doc in zip(golds, T.parse_all(load_model(model), golds), strict=True):
        found = find_timexes(doc, gold.dct)
        system = [T.SysTimex(t.span[0], t.span[1], t.type, t.value) for t in found]
        pairs = dict((si, gi) for gi, si in T.match_timexes(gold.timexes, system, strict=False))
        for si, t in enumerate(found):
            gi = pairs.get(si)
            right = gi is not None and gold.timexes[gi].value == t.value
            out["timex"].append((F.timex_features(t), right))
    return out


def plover(data_dir: Path, split: Split, model: str | None, limit: int | None) -> Examples:
    from newsgraph.eval import events as E
    from newsgraph.events.actors import load_actors

    # the even records were read while writing the verb lexicon, so their labels flatter it:
    # both sides come from the odd (held-out) half, alternating
    held_out = E.load_gsr(E.require(data_dir / E.GSR_FILE))[:limit][1::2]
    records = _half(held_out, split)
    actors = load_actors()
    out: Examples = {"event": []}
    for record, ctx in zip(records, E.contexts([r.text for r in records], model), strict=True):
        coded = E.main_coded(ctx, actors)
        if coded is not None:
            out["event"].append((F.event_features(coded.event, ctx.doc),
                                 coded.event.type == record.type))
    return out


def conll(data_dir: Path, split: Split, model: str | None, limit: int | None) -> Examples:
    from newsgraph.eval import ner as N
    from newsgraph.extract import Context, resolve
    from newsgraph.models import load_model
    from newsgraph.schema import Document

    name = "conllpp_train.txt" if split == "train" else "conllpp_dev.txt"
    docs = N.read_conll_file(N.require(data_dir / "conllpp" / name))
    docs = docs[:limit or DEFAULT_LIMITS["conll"]]
    texts = [N.build_text(d) for d in docs]
    chain = resolve(("datelines", "entities"))
    out: Examples = {"entity": []}
    parsed = load_model(model).pipe([t.text for t in texts], batch_size=32)
    for gold_doc, text, doc in zip(docs, texts, parsed, strict=True):
        gold = N.gold_spans(gold_doc)
        ctx = Context(doc=doc, document=Document(id="conll", text=doc.text))
        for _, fn in chain:
            fn(ctx)
        for entity in ctx.document.entities:
            for m in entity.mentions:
                spans, _ = N.to_conll([(m.span[0], m.span[1], entity.type)], text)
                out["entity"].append((F.entity_features(entity), bool(spans & gold)))
    return out


SOURCES: dict[str, Callable[[Path, Split, str | None, int | None], Examples]] = {
    "polnear": polnear,
    "meantime": meantime,
    "timexes": timexes,
    "plover": plover,
    "conll": conll,
}


def collect(data_dir: Path, split: Split, model: str | None = None, limit: int | None = None,
            sources: Iterable[str] = tuple(SOURCES), log: Callable[[str], None] = print
            ) -> Examples:
    """Every labelled example of ``split``; a source whose data is absent is skipped."""
    out: Examples = {}
    for name in sources:
        try:
            found = SOURCES[name](data_dir, split, model, limit)
        except DatasetMissing as exc:
            log(f"skipped {name}: {exc}")
            continue
        for kind, examples in found.items():
            out.setdefault(kind, []).extend(examples)
            log(f"{name} {split}: {len(examples)} {kind} examples")
    return out
