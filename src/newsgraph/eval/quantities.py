"""Quantities on MEANTIME VALUE mentions (MONEY, PERCENT, QUANTITY).

Only sentences with at least one gold markable are annotated in MEANTIME, so
predictions outside them are not counted. Two matches: lenient (the spans
overlap) and strict (same start and end). For comparison, spaCy's own numeric
entities (CARDINAL, MONEY, PERCENT, QUANTITY) are scored the same way. Gold
VALUE mentions carry no normalised value, so only detection is scored; the
value parser has its own tests.
"""

from __future__ import annotations

import time
from pathlib import Path

from newsgraph.eval import EvalReport, Row, Score, require
from newsgraph.eval.meantime_factuality import analyzed, read_corpus

MEANTIME_DIR = Path("meantime") / "intra-doc"
SPACY_NUMERIC = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
EXTRACTORS = ("datelines", "entities", "timexes", "quantities")

Spans = list[tuple[int, int]]


def inside(span: tuple[int, int], ranges: Spans) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in ranges)


def score(predicted: Spans, gold: Spans, strict: bool) -> Score:
    def match(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a == b if strict else a[0] < b[1] and b[0] < a[1]

    tp_gold = sum(any(match(p, g) for p in predicted) for g in gold)
    tp_pred = sum(any(match(p, g) for g in gold) for p in predicted)
    return Score(tp=tp_gold, fp=len(predicted) - tp_pred, fn=len(gold) - tp_gold)


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    started = time.perf_counter()
    docs = read_corpus(require(data_dir / MEANTIME_DIR), limit)
    report = EvalReport("quantities", str(data_dir / MEANTIME_DIR))
    totals = {(system, strict): Score() for system in ("newsgraph", "spaCy numeric entities")
              for strict in (False, True)}
    for gold, ctx in analyzed(docs, model, EXTRACTORS):
        gold_spans = [(m.start, m.end) for m in gold.markables if m.kind == "VALUE"]
        ours = [tuple(q.span) for q in ctx.document.quantities]
        spacy = [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ in SPACY_NUMERIC]
        for system, predicted in (("newsgraph", ours), ("spaCy numeric entities", spacy)):
            predicted = [p for p in predicted if inside(p, gold.annotated)]
            for strict in (False, True):
                totals[(system, strict)] += score(predicted, gold_spans, strict)
    for (system, strict), total in totals.items():
        measure = "VALUE span, exact" if strict else "VALUE span, overlap"
        report.rows.append(Row.from_score(system, measure, total))
    report.notes.append(f"MEANTIME intra-doc: {len(docs)} documents; only annotated sentences")
    report.seconds = time.perf_counter() - started
    return report
