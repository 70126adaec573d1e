"""TIMEX3 normalization: a pure function of (text, reference date, tense)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.timex.normalize import normalize

REF = date(2024, 10, 28)  # a Monday


@pytest.mark.parametrize(("text", "tense", "expected"), [
    # the example article's expressions
    ("Monday (Oct 28)", "PAST", ("DATE", "2024-10-28", None)),
    ("last Wednesday", "PAST", ("DATE", "2024-10-23", None)),
    ("Thursday", "PAST", ("DATE", "2024-10-24", None)),
    ("Thursday", "FUTURE", ("DATE", "2024-10-31", None)),
    ("the weekend", "PAST", ("DATE", "2024-W43-WE", None)),
    ("June", "PAST", ("DATE", "2024-06", None)),
    ("August", None, ("DATE", "2024-08", None)),
    ("last year", "PAST", ("DATE", "2023", None)),
    ("six weeks", None, ("DURATION", "P6W", None)),
    ("2.5-year", None, ("DURATION", "P2.5Y", None)),
    ("weeks", None, ("DURATION", "PXW", None)),
    ("now", "PRESENT", ("DATE", "PRESENT_REF", None)),
    # modifiers
    ("late 2024", None, ("DATE", "2024", "END")),
    ("early 2009", None, ("DATE", "2009", "START")),
    ("mid-2011", None, ("DATE", "2011", "MID")),
    ("the end of this year", None, ("DATE", "2024", "END")),
    ("earlier this month", "PAST", ("DATE", "2024-10", "START")),
    ("more than four hours", None, ("DURATION", "PT4H", "MORE_THAN")),
    ("nearly two years", None, ("DURATION", "P2Y", "LESS_THAN")),
    ("about a decade", None, ("DURATION", "P10Y", "APPROX")),
    ("1994 or later", None, ("DATE", "1994", "ON_OR_AFTER")),
    # fiscal quarters and halves
    ("the third quarter", "PAST", ("DATE", "2024-Q3", None)),
    ("the fourth quarter of 1997", None, ("DATE", "1997-Q4", None)),
    ("third-quarter", "PAST", ("DATE", "2024-Q3", None)),
    ("the first half of 1990", None, ("DATE", "1990-H1", None)),
    ("Q2 2023", None, ("DATE", "2023-Q2", None)),
    ("fiscal 1989", None, ("DATE", "1989", None)),
    ("the year-ago quarter", None, ("DATE", "2023-Q3", None)),
    ("the current quarter", None, ("DATE", "2024-Q4", None)),
    # decades and centuries
    ("the 1990s", None, ("DATE", "199", None)),
    ("the '80s", None, ("DATE", "198", None)),
    ("the late 1970s", None, ("DATE", "197", "END")),
    ("the nineties", None, ("DATE", "199", None)),
    ("the 20th century", None, ("DATE", "19", None)),
    # explicit dates
    ("Friday, January 4, 2019", None, ("DATE", "2019-01-04", None)),
    ("Jan. 4", "PAST", ("DATE", "2024-01-04", None)),
    ("4 January 2019", None, ("DATE", "2019-01-04", None)),
    ("March 2008", None, ("DATE", "2008-03", None)),
    ("2019-01-04", None, ("DATE", "2019-01-04", None)),
    ("7/8/07", None, ("DATE", "2007-07-08", None)),
    ("December 20", "PAST", ("DATE", "2023-12-20", None)),
    ("November", "FUTURE", ("DATE", "2024-11", None)),
    ("last November", None, ("DATE", "2023-11", None)),
    ("next March", None, ("DATE", "2025-03", None)),
    # relative days, weeks, months
    ("yesterday", "PAST", ("DATE", "2024-10-27", None)),
    ("today", None, ("DATE", "2024-10-28", None)),
    ("tomorrow", "FUTURE", ("DATE", "2024-10-29", None)),
    ("tonight", None, ("TIME", "2024-10-28TNI", None)),
    ("this morning", None, ("TIME", "2024-10-28TMO", None)),
    ("Friday morning", "PAST", ("TIME", "2024-10-25TMO", None)),
    ("last week", None, ("DATE", "2024-W43", None)),
    ("this week", None, ("DATE", "2024-W44", None)),
    ("next month", None, ("DATE", "2024-11", None)),
    ("a year ago", None, ("DATE", "2023", None)),
    ("two weeks ago", None, ("DATE", "2024-W42", None)),
    ("three months earlier", None, ("DATE", "2024-07", None)),
    ("this summer", "PAST", ("DATE", "2024-SU", None)),
    ("last winter", None, ("DATE", "2024-WI", None)),
    ("next Tuesday", None, ("DATE", "2024-10-29", None)),
    ("next Monday", None, ("DATE", "2024-11-04", None)),
    # times
    ("10 a.m.", None, ("TIME", "2024-10-28T10:00", None)),
    ("3:30 p.m.", None, ("TIME", "2024-10-28T15:30", None)),
    ("08:30 UTC", None, ("TIME", "2024-10-28T08:30Z", None)),
    ("noon", None, ("TIME", "2024-10-28T12:00", None)),
    # durations and sets
    ("two and a half years", None, ("DURATION", "P2.5Y", None)),
    ("the past three years", None, ("DURATION", "P3Y", None)),
    ("the first nine months", None, ("DURATION", "P9M", None)),
    ("several years", None, ("DURATION", "PXY", None)),
    ("24 hours", None, ("DURATION", "PT24H", None)),
    ("thirty minutes", None, ("DURATION", "PT30M", None)),
    ("the past decade", None, ("DURATION", "P10Y", None)),
    ("daily", None, ("SET", "P1D", None)),
    ("every week", None, ("SET", "P1W", None)),
    ("every Monday", None, ("SET", "XXXX-WXX-1", None)),
    ("twice a year", None, ("SET", "P1Y", None)),
    ("nineteen ninety-six", None, ("DATE", "1996", None)),
    ("January nineteen ninety-seven", None, ("DATE", "1997-01", None)),
    ("Jan. of nineteen ninety-seven", None, ("DATE", "1997-01", None)),
    ("March two thousand", None, ("DATE", "2000-03", None)),
    ("the year two thousand", None, ("DATE", "2000", None)),
    ("year-end", None, ("DATE", "2024", None)),
    ("the near future", None, ("DATE", "FUTURE_REF", None)),
    # references and holidays
    ("recently", None, ("DATE", "PAST_REF", None)),
    ("the future", None, ("DATE", "FUTURE_REF", None)),
    ("currently", None, ("DATE", "PRESENT_REF", None)),
    ("Christmas", "FUTURE", ("DATE", "2024-12-25", None)),
    ("Thanksgiving", "FUTURE", ("DATE", "2024-11-28", None)),
    # counts: "a couple of" is two, a written fraction is kept
    ("a couple of years", None, ("DURATION", "P2Y", None)),
    ("the next couple of years", None, ("DURATION", "P2Y", None)),
    ("a dozen years", None, ("DURATION", "P12Y", None)),
    ("5 1/2 hours", None, ("DURATION", "PT5H30M", None)),
    ("2 1/2 years", None, ("DURATION", "P2.5Y", None)),
    ("a minute and a half", None, ("DURATION", "PT1M30S", None)),
    ("half an hour", None, ("DURATION", "PT30M", None)),
    # a month with its year said relatively
    ("June last year", "PAST", ("DATE", "2023-06", None)),
    ("February this year", "PAST", ("DATE", "2024-02", None)),
    ("October of next year", None, ("DATE", "2025-10", None)),
    # "last"/"this coming" before a day of a month or a weekday
    ("last Nov. 23", None, ("DATE", "2023-11-23", None)),
    ("last Oct. 23", None, ("DATE", "2024-10-23", None)),
    ("next Jan. 4", None, ("DATE", "2025-01-04", None)),
    ("this coming Sunday", "PAST", ("DATE", "2024-11-03", None)),
    # parts of a named day, the current unit
    ("mid-afternoon yesterday", None, ("TIME", "2024-10-27TAF", "MID")),
    ("mid morning", None, ("TIME", "2024-10-28TMO", "MID")),
    ("earlier in the year", None, ("DATE", "2024", "START")),
    ("later in the day", None, ("DATE", "2024-10-28", "END")),
    ("16:15 UTC, June 1st", "PAST", ("TIME", "2024-06-01T16:15Z", None)),
    ("each July", None, ("SET", "XXXX-07", None)),
    # the reported quarter a year back, the week of a day
    ("last year's quarter", "PAST", ("DATE", "2023-Q3", None)),
    ("the corresponding period last year", None, ("DATE", "2023-Q3", None)),
    ("the quarter a year ago", None, ("DATE", "2023-Q3", None)),
    ("the week of March 6", "FUTURE", ("DATE", "2025-W10", None)),
    ("the week of March 6, 2000", None, ("DATE", "2000-W10", None)),
    # halves of a year or decade, a season of a spoken year
    ("the last half of the '80s", None, ("DATE", "198", None)),
    ("at least the first two quarters of 1990", None, ("DATE", "1990-H1", "APPROX")),
    ("the latter half of 1990", None, ("DATE", "1990-H2", None)),
    ("the winter of nineteen ninety-four", None, ("DATE", "1994-WI", None)),
    # earnings periods, sets of weekday parts
    ("the year-earlier nine months", None, ("DURATION", "P9M", None)),
    ("the latest fiscal year", None, ("DATE", "2023", None)),
    ("Tuesday nights", None, ("SET", "XXXX-WXX-2TNI", None)),
    ("the fourth quarters", None, ("SET", "XXXX-Q4", None)),
    # vague and adjectival spans, a year as a bound
    ("the weeks ahead", None, ("DURATION", "PXW", None)),
    ("day-long", None, ("DURATION", "P1D", None)),
    ("a while", None, ("DURATION", "PXX", None)),
    ("post-1959", None, ("DATE", "1959", "AFTER")),
    ("pre-1990", None, ("DATE", "1990", "BEFORE")),
    ("a later date", None, ("DATE", "FUTURE_REF", None)),
])
def test_normalize_table(text, tense, expected):
    assert normalize(text, REF, tense) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("last Wednesday", ("DATE", "XXXX-WXX-3", None)),
    ("June", ("DATE", "XXXX-06", None)),
    ("January 4, 2019", ("DATE", "2019-01-04", None)),
    ("six weeks", ("DURATION", "P6W", None)),
])
def test_without_reference_date_values_stay_underspecified(text, expected):
    assert normalize(text, None, None) == expected


def test_is_pure():
    first = normalize("last Wednesday", REF, "PAST")
    normalize("next Friday", date(1999, 1, 1), "FUTURE")
    assert normalize("last Wednesday", REF, "PAST") == first


def test_weekday_on_the_reference_day_is_that_day_in_the_past():
    assert normalize("Monday", REF, "PAST")[1] == "2024-10-28"


TENSES = st.sampled_from([None, "PAST", "PRESENT", "FUTURE"])
DATES = st.one_of(st.none(), st.dates())


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60), DATES, TENSES)
def test_normalize_never_raises(text, ref, tense):
    kind, value, mod = normalize(text, ref, tense)
    assert kind in ("DATE", "TIME", "DURATION", "SET")
    assert isinstance(value, str) and value


TIMEY = st.lists(st.sampled_from(
    ["last", "next", "the", "early", "late", "mid-", "2024", "1990s", "Monday", "June", "May",
     "quarter", "third", "fiscal", "weeks", "a", "year", "ago", "and a half", "two", "2.5-year",
     "10", "a.m.", ":", "(", ")", "Oct", "28", ",", "-", "more than", "or later", "'s"]),
    max_size=8).map(" ".join)


@settings(max_examples=1000, deadline=None)
@given(TIMEY, DATES, TENSES)
def test_normalize_never_raises_on_time_like_words(text, ref, tense):
    kind, value, _ = normalize(text, ref, tense)
    assert kind in ("DATE", "TIME", "DURATION", "SET") and value
