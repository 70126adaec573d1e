"""TIMEX3 values in words, for people (``newsgraph.timex.humanize.in_words``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.timex.humanize import in_words


@pytest.mark.parametrize(("value", "mod", "kind", "words"), [
    ("2025-03-11TEV", None, "DATE", "evening of 11 March 2025"),
    ("2018-12-31TNI", None, "TIME", "night of 31 December 2018"),
    ("2024-W43-WE", None, "DATE", "week 43 of 2024, weekend"),
    ("2024-W43", None, "DATE", "week 43 of 2024"),
    ("PRESENT_REF", None, "DATE", "now"),
    ("PAST_REF", None, "DATE", "in the past"),
    ("2024-10-28", None, "DATE", "28 October 2024"),
    ("2024-10", None, "DATE", "October 2024"),
    ("2024", None, "DATE", "2024"),
    ("202", None, "DATE", "the 2020s"),
    ("19", None, "DATE", "the 1900s"),
    ("2024-Q3", None, "DATE", "third quarter of 2024"),
    ("2025-H1", None, "DATE", "first half of 2025"),
    ("2024-SU", None, "DATE", "summer 2024"),
    ("XXXX-10-28", None, "DATE", "28 October"),
    ("XXXX-XX-XX", None, "DATE", "an unknown date"),
    ("XXXX-WXX-3", None, "DATE", "Wednesday"),
    ("2024-10-28T14:30", None, "TIME", "28 October 2024, 14:30"),
    ("2024-10-28T09:00Z", None, "TIME", "28 October 2024, 09:00 UTC"),
    ("P3D", None, "DURATION", "3 days"),
    ("P1Y", None, "DURATION", "1 year"),
    ("PT2H", None, "DURATION", "2 hours"),
    ("PXY", None, "DURATION", "years"),
    ("PXDE", None, "DURATION", "decades"),
    ("P1W", None, "SET", "every week"),
    ("XXXX-WXX-1", None, "SET", "every Monday"),
    ("2024-10", "START", "DATE", "early October 2024"),
    ("P3D", "MORE_THAN", "DURATION", "more than 3 days"),
])
def test_values_read_as_words(value, mod, kind, words):
    assert in_words(value, mod, kind) == words


def test_an_unknown_value_is_shown_as_it_is():
    assert in_words("2024-13-45") == "2024-13-45"
    assert in_words("something") == "something"
    assert in_words(None) == "" and in_words("") == ""


@given(st.text(max_size=30), st.sampled_from([None, "APPROX", "END", "junk"]),
       st.sampled_from([None, "DATE", "SET", "DURATION", "TIME"]))
def test_any_value_gives_text_without_raising(value, mod, kind):
    assert isinstance(in_words(value, mod, kind), str)
