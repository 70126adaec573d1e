"""Time expression extents, the reference date, and the timexes of the example article."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.timex.reference import find_reference_date, infer_year
from newsgraph.timex.tagger import tag


def extents(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in tag(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Pentagon announced on Monday (Oct 28) that", ["Monday (Oct 28)"]),
    ("the ongoing 2.5-year war in Ukraine", ["2.5-year"]),
    ("reported last Wednesday.", ["last Wednesday"]),
    ("Over the weekend, Putin indicated", ["the weekend"]),
    ("alerting allies for weeks and", ["weeks"]),
    ("a pact signed in June.", ["June"]),
    ("her second trip to Russia in six weeks.", ["six weeks"]),
    ("profits fell in the third quarter of 1997 from a year earlier",
     ["the third quarter of 1997", "a year earlier"]),
    ("in the 1990s and in late 2024", ["the 1990s", "late 2024"]),
    ("at 10 a.m. EST on Friday, Jan. 4, 2019", ["10 a.m. EST on Friday", "Jan. 4, 2019"]),
    ("sales rose 5% daily for more than four hours", ["daily", "more than four hours"]),
    ("fiscal 1989 results", ["fiscal 1989"]),
    ("the board meets twice a year", ["twice a year"]),
    ("the current weakness in London", ["current"]),
    ("Q3 2024 revenue and the second half of the year", ["Q3 2024", "the second half of the year"]),
    ("and then about 5 1/2 hours in Nairobi", ["about 5 1/2 hours"]),
    ("But a minute and a half later, a pilot", ["a minute and a half"]),
    ("Over the next couple of years we", ["the next couple of years"]),
    ("In July last year in Phnom Penh", ["July last year"]),
    ("shot to death last Oct. 23 at his home", ["last Oct. 23"]),
    ("Women's Day is this coming Sunday.", ["this coming Sunday"]),
    # a conjunction, not "that Tuesday": the day is read as a past one, not next week's
    ("rejected the allegation that Tuesday's attack was planned abroad", ["Tuesday"]),
    ("On that Tuesday the roads were closed", ["that Tuesday"]),
    ("Orangemen march each July from their church", ["each July"]),
    ("In London at mid-afternoon yesterday, shares", ["mid-afternoon yesterday"]),
    ("sales for last year's quarter were", ["last year's quarter"]),
    ("a profit for the corresponding period last year.", ["the corresponding period last year"]),
    ("For the quarter a year ago, it earned", ["the quarter a year ago"]),
    ("a hearing the week of March 6, he said", ["the week of March 6"]),
    ("the level we saw in the winter of nineteen ninety-four.",
     ["the winter of nineteen ninety-four"]),
    ("the trend of the last half of the '80s, with", ["the last half of the '80s"]),
    ("through at least the first two quarters of 1990, when",
     ["at least the first two quarters of 1990"]),
    ("Net for the year-earlier nine months included", ["the year-earlier nine months"]),
    ("sales in the latest fiscal year.", ["the latest fiscal year"]),
    ("flights leave on Monday and Tuesday nights from", ["Monday", "Tuesday nights"]),
    ("to pay investors in the weeks ahead. Such selling", ["the weeks ahead"]),
    ("their third day-long meeting with officials", ["day-long"]),
    ("they will live without it for a while.", ["a while"]),
    ("but the post-1959 politics have split families", ["post-1959"]),
    ("the summit on April 24 and 25. The accession", ["April 24", "25"]),
    ("rose on March 3 and 4 percent of", ["March 3"]),
    ("It's between two to six days for every patient", ["two", "six days"]),
    ("rose 5 to 6 percent in three years", ["three years"]),
    ("The March accession will enable them to join", ["March"]),
    ("conducted in the second and fourth quarters, with", ["second", "fourth quarters"]),
    ("debt offerings, at a later date. Construction", ["a later date"]),
])
def test_extents(text, expected):
    assert extents(text) == expected


@pytest.mark.parametrize("text", [
    "The war in Ukraine may escalate.",       # modal "may"
    "They will march on the capital.",        # "march" as a verb
    "Jan Kavan of the Czech Republic said",   # a name
    "his 6-year-old son",                     # an age
    "about three-quarters of the votes",      # a fraction
    "700 seats a week on the route",          # a rate
    'speaking on ABC\'s "This Week," Baker said',  # a programme's title
    "the plant runs years ahead of schedule",   # "ahead of": not a span of time
    "while the talks went on",                  # "while" alone
    "The March Hare said so",                   # a name
])
def test_not_times(text):
    assert extents(text) == []


def test_month_names_with_calendar_context_are_dates():
    assert extents("The vote is due in May.") == ["May"]
    assert extents("Talks resumed on March 3.") == ["March 3"]


def test_reference_date_from_a_date_line():
    text = "Markets rally\nFriday, January 4, 2019\nStocks rose on Friday."
    assert find_reference_date(text) == date(2019, 1, 4)


def test_reference_year_inferred_from_weekday_and_day():
    text = "WASHINGTON — The Pentagon announced on Monday (Oct 28) that the US"
    assert find_reference_date(text, today=date(2026, 11, 28)) == date(2024, 10, 28)
    assert infer_year(10, 28, 1, today=date(2026, 11, 28)) == 2024


def test_no_reference_date_in_undated_text():
    assert find_reference_date("Stocks rose on Friday.") is None


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=200))
def test_tagger_never_raises_and_spans_lie_inside(text):
    previous_end = 0
    for start, end, _name in tag(text):
        assert 0 <= previous_end <= start < end <= len(text)
        previous_end = end


WORDS = st.lists(st.sampled_from(
    ["last", "next", "Monday", "(Oct", "28)", "May", "march", "2024", "the", "weekend", "in",
     "June", "six", "weeks", "2.5-year", "a", "year", "ago", "10", "a.m.", ",", "\n", "quarter",
     "third", "late", "mid-", "1990s", "'s", "now", "—", "é", "fiscal"]), max_size=25).map(
    " ".join)


@settings(max_examples=1000, deadline=None)
@given(WORDS)
def test_tagger_spans_on_time_like_text(text):
    for start, end, _name in tag(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()


@settings(max_examples=300, deadline=None)
@given(WORDS, st.one_of(st.none(), st.dates()))
def test_find_timexes_spans_match_text(text, ref):
    from newsgraph.timex.annotate import find_timexes

    doc = _blank()(text)
    for timex in find_timexes(doc, ref):
        start, end = timex.span
        assert text[start:end] == timex.text


_NLP = []


def _blank():
    import spacy

    if not _NLP:
        _NLP.append(spacy.blank("en"))
    return _NLP[0]
