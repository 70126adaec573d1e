"""Hostile input to the analysis (issue 19): run-on sentences, the per-document time budget."""

from __future__ import annotations

import time

import pytest

from newsgraph.extract import REGISTRY, SPECS, ExtractorSpec
from newsgraph.ingest import IngestError, RawArticle
from newsgraph.pipeline import Pipeline
from tests.hostile import run_on_sentence

NORMAL = ("Officials said on Monday that troops had left the border town. The ministry "
          "announced on Friday that it would meet the rebels next week.")


def _stall(ctx) -> None:
    """Stands for an extractor that never ends on one document."""
    if "STALL" in ctx.document.text:
        time.sleep(600)


@pytest.mark.parametrize("chars", [40_000, 160_000])
def test_one_long_run_on_sentence_completes(pipeline, chars):
    """Was cubic: 40k characters took 85-101 s and 1M never ended (no timing asserted)."""
    [doc] = pipeline.analyze_batch([RawArticle(id="run-on", text=run_on_sentence(chars))])
    assert not isinstance(doc, IngestError), doc
    assert doc.events and doc.timexes and doc.quantities
    for quote in doc.quotes:  # a run-on parse does not make one quote of the whole text
        assert quote.span[1] - quote.span[0] < 5_000
        assert doc.text[quote.span[0]:quote.span[1]] == quote.text


@pytest.fixture
def stall(monkeypatch):
    """A registered extractor that stalls on documents holding "STALL"."""
    monkeypatch.setitem(SPECS, "test_stall", ExtractorSpec(
        name="test_stall", help="stalls (tests only)", assigns=()))
    monkeypatch.setitem(REGISTRY, "test_stall", _stall)


def test_a_document_over_the_time_budget_is_skipped_and_the_batch_goes_on(stall):
    pipe = Pipeline(extractors=("entities", "test_stall"), time_budget=2)
    batch = [RawArticle(id="a", text=NORMAL), RawArticle(id="b", text="STALL " + NORMAL),
             RawArticle(id="c", text=NORMAL)]
    first, stalled, last = pipe.analyze_batch(batch)
    assert isinstance(stalled, IngestError)
    assert "time budget of 2 s" in stalled.message and stalled.origin == "b"
    assert first.id == "a" and last.id == "c"


def test_the_budget_is_checked_between_extractors_off_the_main_thread():
    """Server workers are threads, where no timer can interrupt: the check after each
    stage still turns an overrun into a skipped document."""
    import threading

    pipe = Pipeline(extractors=("entities", "timexes"), time_budget=1e-9)
    out: list = []
    worker = threading.Thread(target=lambda: out.extend(
        pipe.analyze_batch([RawArticle(id="a", text=NORMAL)])))
    worker.start()
    worker.join()
    assert isinstance(out[0], IngestError) and "time budget" in out[0].message


def test_no_budget_means_no_limit():
    pipe = Pipeline(extractors=("entities",), time_budget=None)
    [doc] = pipe.analyze_batch([RawArticle(id="a", text=NORMAL)])
    assert doc.id == "a"
