"""The number parser: pure, no spaCy."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.quantity.parse import NUMBER_EXPR, parse_quantity, words_to_number


@pytest.mark.parametrize(
    ("text", "value", "high", "approx", "bound", "unit"),
    [
        ("around 10,000", 10_000, None, True, "exact", None),
        ("over 600,000", 600_000, None, False, "lower", None),
        ("between 1,500 and 3,000", 1_500, 3_000, False, "range", None),
        ("six", 6, None, False, "exact", None),
        ("2 million", 2_000_000, None, False, "exact", None),
        ("$1.5bn", 1.5e9, None, False, "exact", "USD"),
        ("nearly 40%", 40, None, True, "upper", "%"),
        ("up to 5,000", 5_000, None, False, "upper", None),
        ("more than 1,100", 1_100, None, False, "lower", None),
        ("1.5 to 3 million", 1.5e6, 3e6, False, "range", None),
        ("US$ 40 billion", 4e10, None, False, "exact", "USD"),
        ("€20m", 2e7, None, False, "exact", "EUR"),
        ("twenty-five", 25, None, False, "exact", None),
        ("a dozen", 12, None, False, "exact", None),
        ("45 percent", 45, None, False, "exact", "%"),
        ("at least 300 tonnes", 300, None, False, "lower", "t"),
    ],
)
def test_parse(text, value, high, approx, bound, unit):
    parsed = parse_quantity(text)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.high == (pytest.approx(high) if high is not None else None)
    assert (parsed.approx, parsed.bound, parsed.unit) == (approx, bound, unit)


def test_not_numbers():
    assert parse_quantity("second") is None
    assert parse_quantity("A") is None
    assert words_to_number("first") is None
    found = [m.group(0) for m in NUMBER_EXPR.finditer("At 10:30 the 1st G7 F-16 left on 12/03.")]
    assert found == []


@settings(max_examples=1000)
@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_integers_round_trip(n):
    parsed = parse_quantity(f"{n:,}")
    assert parsed is not None and parsed.value == n


@settings(max_examples=1000)
@given(st.text(max_size=200))
def test_arbitrary_text_never_breaks(text):
    for match in NUMBER_EXPR.finditer(text):
        start, end = match.span()
        assert 0 <= start < end <= len(text)
        parse_quantity(match.group(0))  # must not raise


_NEWSY = st.lists(st.sampled_from([
    "around", "over", "nearly", "up to", "between", "and", "to", "10,000", "3,000", "six",
    "$1.5bn", "2 million", "40%", "troops", "were", "killed", "said", "the", "Pentagon",
    "in", "2024", "aged", "45", "Article", "5", "-", ",", ".", "1st", "a", "dozen", "€", "£",
    "¥", "\n", "percent", "more than", "at least", "from", "previous", "estimate", "of",
]), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NEWSY)
def test_extractors_keep_spans_exact_on_newsy_noise(text):
    """Quantities and events never raise and always point at their own text."""
    from newsgraph.extract import Context, resolve
    from newsgraph.models import load_model
    from newsgraph.schema import Document, check_spans

    doc = load_model()(text)
    ctx = Context(doc=doc, document=Document(id="p", text=text))
    for _, fn in resolve(("entities", "timexes", "quotes", "quantities", "events")):
        fn(ctx)
    assert check_spans(ctx.document) == []


@pytest.mark.parametrize(("text", "value", "bound"), [
    ("two-thirds", 2 / 3, "exact"), ("nearly one third", 1 / 3, "upper"),
    ("about a quarter", 0.25, "exact"),
])
def test_fractions(text, value, bound):
    parsed = parse_quantity(text)
    assert parsed is not None and parsed.unit == "fraction"
    assert parsed.value == pytest.approx(value) and parsed.bound == bound


def test_half_an_hour_is_not_a_share():
    assert [m.group(0) for m in NUMBER_EXPR.finditer("a half hour, a third day")] == []


def test_a_change_splits_into_its_two_figures_and_a_range_does_not():
    from newsgraph.quantity.parse import parsed_change, split_change

    text = "Exports rose from 1.5 to 3 million tonnes; crowds from 10 to 20 gathered."
    change, crowd = NUMBER_EXPR.finditer(text)
    old, new = split_change(text, change)
    assert (old.group(0), new.group(0)) == ("1.5", "3 million tonnes")
    before, after = parsed_change(old, new)
    assert (before.value, after.value, after.unit) == (1_500_000, 3_000_000, "t")
    assert split_change(text, crowd) is None
    # the verb must lead up to "from": "the fall of communism ..., as prime minister from"
    text = "after the fall of communism in Albania, and as prime minister from 5 to 13 aides"
    assert split_change(text, next(NUMBER_EXPR.finditer(text))) is None
