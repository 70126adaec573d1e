"""The example article's time expressions, the inferred reference date, and time links."""

import pytest

from newsgraph.extract import Context
from newsgraph.ingest import read_text_article
from newsgraph.schema import check_spans
from newsgraph.timex.link import time_for_span

EXTRACTORS = ("datelines", "entities", "timexes")


@pytest.fixture(scope="module")
def time_pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline(extractors=EXTRACTORS)


def _context(time_pipeline, text, published):
    article = read_text_article(text, id="t", published=published)
    doc = time_pipeline.nlp(article.text)
    document = time_pipeline.extract(doc, article)
    from newsgraph.timeutil import parse_date

    ref = parse_date(document.published)
    return Context(doc=doc, document=document, reference_date=ref)


@pytest.fixture(scope="module")
def example_ctx(time_pipeline, example_text):
    return _context(time_pipeline, example_text, "2024-10-28")


def test_example_values(example_ctx):
    found = {(t.text, t.value) for t in example_ctx.document.timexes}
    expected = {
        ("Monday (Oct 28)", "2024-10-28"),
        ("2.5-year", "P2.5Y"),
        ("last Wednesday", "2024-10-23"),
        ("the weekend", "2024-W43-WE"),
        ("Thursday", "2024-10-24"),
        ("August", "2024-08"),
        ("weeks", "PXW"),
        ("now", "PRESENT_REF"),
        ("last year", "2023"),
        ("June", "2024-06"),
        ("six weeks", "P6W"),
    }
    assert expected <= found
    texts = [t.text for t in example_ctx.document.timexes]
    assert "may" not in [t.lower() for t in texts]
    assert not check_spans(example_ctx.document)


def test_example_types(example_ctx):
    by_text = {t.text: t for t in example_ctx.document.timexes}
    assert by_text["six weeks"].type == "DURATION"
    assert by_text["last Wednesday"].type == "DATE"
    assert by_text["last Wednesday"].inferred
    assert not by_text["2.5-year"].inferred


def test_reference_date_is_inferred_when_not_given(time_pipeline, example_text):
    ctx = _context(time_pipeline, example_text, None)
    assert ctx.document.published == "2024-10-28"
    assert ctx.document.published_inferred
    values = {t.text: t.value for t in ctx.document.timexes}
    assert values["last Wednesday"] == "2024-10-23"


def test_given_date_is_not_marked_inferred(example_ctx):
    assert example_ctx.document.published == "2024-10-28"
    assert not example_ctx.document.published_inferred


@pytest.mark.parametrize(("phrase", "value"), [
    ("North Korean units had been spotted", "2024-10-24"),
    ("the US will not impose", "2024-10-28"),
    ("3,000", "2024-10-23"),
    ("signed in June", "2024-06"),
    ("10,000 North Korean troops", None),
])
def test_time_for_span(example_ctx, example_text, phrase, value):
    start = example_text.index(phrase)
    assert time_for_span(example_ctx, start, start + len(phrase)) == value


def test_past_and_future_tense_choose_the_weekday(time_pipeline):
    text = ("Officials met on Thursday in Brussels. The ministers will meet again on Thursday "
            "in Paris.")
    ctx = _context(time_pipeline, text, "2024-10-28")
    assert [t.value for t in ctx.document.timexes] == ["2024-10-24", "2024-10-31"]


def test_march_as_a_verb_and_may_as_a_modal(time_pipeline):
    text = "Protesters March through the city. Talks May resume, officials said in March."
    ctx = _context(time_pipeline, text, "2024-10-28")
    assert [t.text for t in ctx.document.timexes] == ["March"]


def test_anaphoric_expressions_count_from_the_last_named_time(time_pipeline):
    text = ("The plant opened in 1996. The following year it closed. Talks began on March 3, "
            "1998, and three days later they ended.")
    ctx = _context(time_pipeline, text, "2024-10-28")
    values = {t.text.lower(): t.value for t in ctx.document.timexes}
    assert values["following year"] == "1997"
    assert values["three days later"] == "1998-03-06"


def test_a_past_weekday_after_that_is_not_next_week(time_pipeline):
    # "that" is a conjunction here; the attack was on the Tuesday before publication
    text = ("The Afghan Taliban have rejected Pakistan's allegation that Tuesday's deadly "
            "hostage-taking of a train was planned and directed from Afghan soil.")
    ctx = _context(time_pipeline, text, "2025-03-13")
    assert [(t.text, t.value) for t in ctx.document.timexes] == [("Tuesday", "2025-03-11")]
