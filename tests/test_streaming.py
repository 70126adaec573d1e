"""Streaming analysis: bounded memory, lazy input, the same results in any number of processes."""

from __future__ import annotations

import sys
from itertools import count, islice
from pathlib import Path

import pytest

from newsgraph.ingest import IngestError, RawArticle
from newsgraph.schema import Document, check_spans

MODEL = "sm"
ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    "Rescue teams pulled 14 survivors from the rubble on Saturday, the fire service said. "
    "\"We are still searching,\" said Maria Lopez, the regional governor.",
    "The central bank raised its main rate to 5.25 percent on Wednesday, its highest level "
    "in 22 years, and said further increases were possible.",
    "Police in Lagos arrested three men on Friday in connection with the robbery, a "
    "spokesman told reporters. The suspects have not been charged.",
]


@pytest.fixture(scope="module")
def pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline(MODEL)


def _articles(n: int, start: int = 0) -> list[RawArticle]:
    # each article names a place the model has never seen, so every batch brings new strings
    return [RawArticle(id=f"a{i}", published="2024-05-0" + str(1 + i % 9),
                       text=f"In Qzvarnikovo{i}, officials spoke. " + TEXTS[i % len(TEXTS)])
            for i in range(start, start + n)]


def test_string_store_does_not_grow_with_the_corpus(pipeline):
    strings = pipeline.nlp.vocab.strings
    list(pipeline.analyze_stream(_articles(8), batch_size=4))  # warm up lazily built tables
    before = len(strings)
    documents = list(pipeline.analyze_stream(_articles(64, start=100), batch_size=8))
    assert len(strings) == before
    assert all(isinstance(d, Document) for d in documents)
    assert "Qzvarnikovo163" in documents[-1].text


def test_batched_results_equal_one_by_one(pipeline):
    articles = _articles(6)
    streamed = list(pipeline.analyze_stream(articles, batch_size=4))
    assert streamed == [pipeline.analyze(a) for a in articles]
    assert all(check_spans(d) == [] for d in streamed)


def _mixed() -> list[RawArticle | IngestError]:
    items: list[RawArticle | IngestError] = list(_articles(9))
    items.insert(0, IngestError("in.jsonl:1", "malformed JSON"))
    items.insert(5, RawArticle(id="fr", text="Le gouvernement a annoncé lundi de nouvelles "
                               "mesures pour soutenir les agriculteurs touchés par la crise."))
    items.append(IngestError("in.jsonl:99", "empty document"))
    return items


def test_processes_give_the_same_results_in_order(pipeline):
    items = _mixed()
    one = list(pipeline.analyze_stream(items, n_process=1, batch_size=3))
    two = list(pipeline.analyze_stream(items, n_process=2, batch_size=3))
    assert two == one
    assert [type(r).__name__ for r in one] == [
        "IngestError", *["Document"] * 4, "IngestError", *["Document"] * 5, "IngestError"]
    assert "not English" in one[5].message


@pytest.mark.parametrize("n_process", [1, 2])
def test_stream_reads_input_lazily(pipeline, n_process):
    consumed = count()

    def endless():
        for i in count():
            next(consumed)
            yield RawArticle(id=f"x{i}", text=TEXTS[i % len(TEXTS)])

    batch = 4
    results = list(islice(pipeline.analyze_stream(endless(), n_process=n_process,
                                                  batch_size=batch), 5))
    assert [r.id for r in results] == [f"x{i}" for i in range(5)]
    read = next(consumed)
    # at most the batches in flight were read ahead, never the whole input
    assert read <= 5 + batch * (2 * n_process + 2)


def test_peak_rss_of_analyze_is_flat(data_dir):
    """`newsgraph analyze` on 10x the articles peaks within 1.2x the memory (bench_memory).
    300, not 100: a hundred short paragraphs may not reach every lazily loaded table (the
    gazetteer loads at the first event place), which is a one-off cost, not growth."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_memory import LIMIT, measure
    finally:
        sys.path.remove(str(ROOT / "bench"))
    small, large = measure([300, 3000], model=MODEL, words=30, data_dir=data_dir)
    assert large.lines_out >= 0.95 * large.articles
    assert large.maxrss <= LIMIT * small.maxrss, (small, large)
