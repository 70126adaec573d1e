"""Quantities on real text: what is counted, by whom, when, and what it revises."""

from __future__ import annotations

import pytest


def _by_text(doc, text):
    found = [q for q in doc.quantities if q.text == text]
    assert found, f"{text!r} not among {[q.text for q in doc.quantities]}"
    return found[0]


def test_example_estimate_revision(example_doc):
    q = _by_text(example_doc, "around 10,000")
    assert q.value == 10_000 and q.approx
    assert q.counted == "North Korean troops"
    assert q.source == "Pentagon"
    assert q.revises is not None and q.revises.value == 3_000
    assert q.revises.time == "2024-10-23"


def test_example_lower_bound_casualties(example_doc):
    q = _by_text(example_doc, "over 600,000")
    assert q.value == 600_000 and q.bound == "lower"
    assert q.counted == "Russian soldiers killed or wounded"
    assert q.source is not None and "Rutte" in q.source


def test_example_has_no_dates_or_ordinals(example_doc):
    texts = {q.text for q in example_doc.quantities}
    assert not texts & {"28", "2.5", "second", "six"}  # a date, a duration, an ordinal


@pytest.fixture(scope="module")
def counted_doc(pipeline):
    from newsgraph.ingest import read_text_article

    text = ("Officials said on Tuesday that at least 45 people were killed and up to 1,200 "
            "were displaced. The mayor, 52, was among them. Article 5 of the treaty was "
            "invoked in 2024 for the first time. The 45-year-old driver fled. "
            "The government pledged $1.5bn, and prices rose by nearly 40%. "
            "Boeing 737 jets were grounded.")
    return pipeline.analyze(read_text_article(text, id="t", published="2024-05-02"))


def test_ages_years_articles_are_not_quantities(counted_doc):
    texts = {q.text for q in counted_doc.quantities}
    assert "52" not in texts and "45-year-old" not in texts and "45" in {
        t.split()[-1] for t in texts}
    assert "5" not in texts and "2024" not in texts and "737" not in texts


def test_casualties_money_percent(counted_doc):
    killed = _by_text(counted_doc, "at least 45")
    assert killed.bound == "lower" and killed.counted == "people killed"
    assert killed.source == "Officials"
    money = _by_text(counted_doc, "$1.5bn")
    assert money.value == 1.5e9 and money.unit == "USD"
    pct = _by_text(counted_doc, "nearly 40%")
    assert pct.unit == "%" and pct.approx


def test_quantity_spans_are_exact(example_doc, counted_doc):
    from newsgraph.schema import check_spans

    assert check_spans(example_doc) == []
    assert check_spans(counted_doc) == []


def test_level_revision_and_range(pipeline):
    from newsgraph.ingest import read_text_article

    text = ("The death toll rose to 512 on Friday, up from 300 reported on Tuesday, the health "
            "ministry said. Between 1,500 and 3,000 protesters gathered, police said.")
    doc = pipeline.analyze(read_text_article(text, id="lvl", published="2024-03-09"))
    toll = _by_text(doc, "512")
    assert toll.counted == "death toll" and toll.source == "health ministry"
    assert toll.revises is not None and toll.revises.value == 300
    assert toll.revises.time == "2024-03-05"
    crowd = _by_text(doc, "Between 1,500 and 3,000")
    assert (crowd.value, crowd.high, crowd.bound) == (1_500, 3_000, "range")
    assert crowd.counted == "protesters" and crowd.source == "police"


def test_revision_from_a_previous_figure_of_a_noun(pipeline):
    from newsgraph.ingest import read_text_article

    text = ("Meanwhile, the total reported casualties increased to 167 from a previous 93 "
            "injured people.")
    doc = pipeline.analyze(read_text_article(text, id="rev", published="2019-10-22"))
    newer = _by_text(doc, "167")
    assert newer.revises is not None and newer.revises.value == 93


def test_a_figure_before_a_from_to_change_is_not_its_new_value(pipeline):
    from newsgraph.ingest import read_text_article

    text = ("Aftershocks of the magnitude 6.3 earthquake have increased the death toll of the "
            "extended event from five people to six due to a massive landslide.")
    doc = pipeline.analyze(read_text_article(text, id="quake", published="2019-10-22"))
    assert _by_text(doc, "6.3").revises is None


def test_a_from_to_change_is_an_earlier_and_a_new_figure(pipeline):
    from newsgraph.ingest import read_text_article

    # Wikinews, 2020-04-07: a change read as a range lost its new figure
    text = ("The city of Milwaukee reduced the number of polling stations from 180 to 5, "
            "leading to lines multiple blocks long outside of the polling stations.")
    doc = pipeline.analyze(read_text_article(text, id="wi", published="2020-04-07"))
    new = _by_text(doc, "5")
    assert (new.value, new.high, new.bound) == (5, None, "exact")
    assert new.revises is not None and new.revises.value == 180
    assert new.revises.text == "180" and new.counted == _by_text(doc, "180").counted
    assert all(q.bound != "range" for q in doc.quantities)


def test_a_change_links_its_new_figure_only(pipeline):
    from newsgraph.ingest import read_text_article

    # VOA, 2021: the earlier figure of a change revises nothing
    text = ("Since 2021, the retail cost of 1.5 kilograms of chicken has jumped from $5 to $12 "
            "in Cameroon.")
    doc = pipeline.analyze(read_text_article(text, id="cm", published="2021-05-01"))
    assert _by_text(doc, "$12").revises.value == 5
    assert _by_text(doc, "$5").revises is None


def test_from_to_without_a_change_stays_a_range(pipeline):
    from newsgraph.ingest import read_text_article

    text = "Estimates put the crowd at from 5,000 to 8,000 people, police said."
    doc = pipeline.analyze(read_text_article(text, id="rg", published="2020-04-07"))
    crowd = _by_text(doc, "from 5,000 to 8,000")
    assert (crowd.value, crowd.high, crowd.bound, crowd.revises) == (5_000, 8_000, "range", None)
