"""The article's reference date when none was given: from a date line or a dated dateline.

:func:`find_reference_date` reads the opening of the text: a line that is a full
date ("Friday, January 4, 2019"), a full date in the first lines ("March 01, 2008"),
or a weekday with a month and day but no year ("Monday (Oct 28)"), whose year is
the most recent one, not after today, in which that day falls on that weekday.
:func:`ensure_reference_date` fills a :class:`~newsgraph.extract.Context` with it.
"""

from __future__ import annotations

import re
from datetime import date

from newsgraph.timex.words import MONTH, MONTHS, WEEKDAY, WEEKDAYS, YEAR

_DAYN = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
FULL_DATE = re.compile(
    rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?P<month>{MONTH})\s+{_DAYN}|{_DAYN.replace('day', 'day2')}"
    rf"\s+(?P<month2>{MONTH}))\s*,?\s*(?P<year>{YEAR})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
WEEKDAY_DATE = re.compile(
    rf"(?P<wd>{WEEKDAY}),?\s+\(?(?:(?P<month>{MONTH})\s+{_DAYN}|"
    rf"{_DAYN.replace('day', 'day2')}\s+(?P<month2>{MONTH}))\)?(?![\d,]*\s*{YEAR})")
DATELINE_DATE = re.compile(rf"^(?P<month>{MONTH})\s+{_DAYN}$")

HEAD_CHARS = 600  # a date line sits in the opening lines


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _weekday(word: str) -> int:
    return WEEKDAYS[word.lower().rstrip(".")]


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, weekday: int | None, today: date | None = None) -> int:
    """The most recent year, not after ``today``, in which month/day falls on ``weekday``."""
    today = today or date.today()
    year = today.year
    for candidate in range(year, year - 40, -1):
        d = _make(candidate, month, day)
        if d is None or d > today:
            continue
        if weekday is None or d.isoweekday() == weekday:
            return candidate
    return year


def find_reference_date(text: str, today: date | None = None,
                        dateline_dates: list[str] | None = None) -> date | None:
    """The date the text says it is from, or None."""
    head = text[:HEAD_CHARS]
    match = FULL_DATE.search(head)
    if match:
        month = _month(match["month"] or match["month2"])
        found = _make(int(match["year"]), month, int(match["day"] or match["day2"]))
        if found:
            return found
    match = ISO_DATE.search(head)
    if match:
        found = _make(int(match["year"]), int(match["month"]), int(match["day"]))
        if found:
            return found
    match = WEEKDAY_DATE.search(head)
    if match:
        month = _month(match["month"] or match["month2"])
        day = int(match["day"] or match["day2"])
        weekday = _weekday(match["wd"])
        found = _make(infer_year(month, day, weekday, today), month, day)
        if found:
            return found
    for value in dateline_dates or []:
        match = DATELINE_DATE.match(value.strip())
        if match:
            month, day = _month(match["month"]), int(match["day"])
            found = _make(infer_year(month, day, None, today), month, day)
            if found:
                return found
    return None


def ensure_reference_date(ctx) -> date | None:
    """Give ``ctx`` a reference date inferred from its text when it has none.

    Sets ``ctx.reference_date``, ``ctx.document.published`` (ISO date) and
    ``ctx.document.published_inferred``. Safe to call more than once.
    """
    if ctx.reference_date is not None:
        return ctx.reference_date
    dateline_dates = [d.date for d in ctx.document.datelines if d.date]
    found = find_reference_date(ctx.document.text, dateline_dates=dateline_dates)
    if found is not None:
        ctx.reference_date = found
        ctx.document.published = found.isoformat()
        ctx.document.published_inferred = True
    return found
