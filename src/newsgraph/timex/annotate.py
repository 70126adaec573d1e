"""Time expressions of a parsed document: tagger extents, parse checks, TIMEX3 values."""

from __future__ import annotations

import re
from datetime import date

import numpy
from spacy.tokens import Doc

from newsgraph.doctext import doc_text
from newsgraph.schema import Timex
from newsgraph.timex.normalize import normalize
from newsgraph.timex.tagger import tag
from newsgraph.timex.tense import keep_candidate, span_tense, span_tokens

# "a year earlier" beside a quarter means that quarter a year before (earnings reports)
_YEAR_BACK = re.compile(r"(?i)^(?:the\s+)?(?:a\s+year\s+(?:ago|earlier)|year[- ](?:earlier|ago)"
                        r"(?:\s+(?:period|quarter))?|last\s+year's\s+quarter)$")
_YEAR_ENDED = re.compile(r"\s+end(?:ed|ing)\b")
_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_QUARTER_WINDOW = 2  # sentences back that a quarter stays the topic


def find_timexes(doc: Doc, reference_date: date | None) -> list[Timex]:
    """The TIMEX3 expressions of ``doc``, valued relative to ``reference_date``."""
    text = doc_text(doc)
    found: list[Timex] = []
    sentence_of: list[int] = []
    # sentence number of each token, from one array pass (iterating doc.sents is slow)
    sentence_no = numpy.cumsum(doc.to_array("SENT_START") == 1) if len(doc) else []
    for start, end, _name in tag(text):
        span = span_tokens(doc, start, end)
        sentence = -1
        tense = None
        if span is not None and len(span):
            if not keep_candidate(span, text):
                continue
            tense = span_tense(span)
            sentence = int(sentence_no[span.start])
        extent = text[start:end]
        anchor = _anaphoric_anchor(extent, found, sentence_of, sentence)
        said = _with_month(extent, found) if _name == "second_day" else (
            _with_unit(extent, text, end) if _name == "range_start" else extent)
        kind, value, mod = normalize(said, anchor or reference_date, tense)
        if _name == "the_year" and _YEAR_ENDED.match(text, end):
            kind, value = "DURATION", "P1Y"  # "for the year ended June 30": a fiscal year
        if tense == "FUTURE" and _SOMEDAY.match(extent) and not _SPAN_CUE.search(
                text, max(0, start - 12), start):
            kind, value = "DATE", "FUTURE_REF"  # "Islam will one day be": some day ahead
        inferred = False
        if reference_date is not None:
            # a value that the text alone does not give was computed from the reference date
            inferred = normalize(said, None, tense)[1] != value
        found.append(Timex(text=extent, span=(start, end), type=kind, value=value, mod=mod,
                           inferred=inferred))
        sentence_of.append(sentence)
    _anchor_to_quarters(found, sentence_of)
    if reference_date is not None:
        _anchor_times(found, sentence_of, reference_date)
    return found


_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")
_SOMEDAY = re.compile(r"(?i)(?:one|some)\s+day$")
# words before "one day" that make it a length of time: "for one day", "last one day"
_SPAN_CUE = re.compile(r"(?i)\b(?:for|in|within|after|than|of|every|last|lasts|take|takes|"
                       r"about|only|just)\s+$")
_MONTH_WORD = re.compile(r"[A-Za-z]+\.?(?=\s+\d)")


_RANGE_UNIT = re.compile(r"\s+(?:to|and|or)\s+\S+\s+([a-z]+)")


def _with_unit(number: str, text: str, end: int) -> str:
    """"two" in "two to six days" counts the unit of the number after it."""
    unit = _RANGE_UNIT.match(text, end)
    return f"{number} {unit.group(1)}" if unit else number


def _with_month(day: str, found: list[Timex]) -> str:
    """"25" in "April 24 and 25" is said with the month of the date before it."""
    month = _MONTH_WORD.search(found[-1].text) if found else None
    return f"{month.group()} {day}" if month else day


def _anchor_times(timexes: list[Timex], sentence_of: list[int], ref: date) -> None:
    """A clock time with no day of its own is on the day its sentence names, if any."""
    bare = ref.isoformat() + "T"
    for i, timex in enumerate(timexes):
        if timex.type != "TIME" or not timex.value.startswith(bare) or _DAY_WORD.search(
                timex.text):
            continue
        days = [t.value for j, t in enumerate(timexes)
                if j != i and sentence_of[j] == sentence_of[i] and _DAY_VALUE.match(t.value)]
        if days:
            timex.value = days[0] + timex.value[len(bare) - 1:]


_DAY_WORD = re.compile(r"(?i)day|night|tomorrow|tonight|\d{4}|[A-Z][a-z]+\.? \d")


# "that year", "the following month", "later that day", "three days later": relative to the
# time the story last named, not to the article's date
_ANAPHORIC = re.compile(
    r"(?i)^(?:(?:earlier|later)\s+)?(?:that|(?:the\s+)?following|(?:the\s+)?previous|"
    r"(?:the\s+)?prior|the\s+same)\s+(?P<unit>day|week|month|year)$|^\S+\s+(?P<unit2>day|week|month|year)s?\s+later$")
_ANCHOR_VALUE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$")
_ANCHOR_REACH = 3  # sentences back that the last named time stays the anchor


def _anaphoric_anchor(text: str, found: list[Timex], sentence_of: list[int],
                      sentence: int) -> date | None:
    """The date an anaphoric expression counts from: the last specific time named before it."""
    match = _ANAPHORIC.match(text)
    if not match:
        return None
    unit = (match["unit"] or match["unit2"]).lower()
    needed = {"year": 1, "month": 2, "week": 3, "day": 3}[unit]
    for timex, where in zip(reversed(found), reversed(sentence_of), strict=True):
        if sentence - where > _ANCHOR_REACH:
            return None
        value = _ANCHOR_VALUE.match(timex.value)
        if value is None:
            continue
        parts = [p for p in value.groups() if p]
        if len(parts) < needed:
            return None
        try:
            return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                        int(parts[2]) if len(parts) > 2 else 1)
        except ValueError:
            return None
    return None


def _anchor_to_quarters(timexes: list[Timex], sentence_of: list[int]) -> None:
    """Give "a year earlier" next to "the third quarter" the quarter a year before."""
    last_quarter: tuple[int, int, int] | None = None  # (sentence, year, quarter)
    pending: list[int] = []
    for i, timex in enumerate(timexes):
        match = _QUARTER_VALUE.match(timex.value)
        if match and not _YEAR_BACK.match(timex.text):
            last_quarter = (sentence_of[i], int(match[1]), int(match[2]))
            for j in pending:  # "a year earlier" before the quarter, same sentence
                if sentence_of[j] == sentence_of[i]:
                    timexes[j].value = f"{last_quarter[1] - 1}-Q{last_quarter[2]}"
            pending = []
            continue
        if _YEAR_BACK.match(timex.text) and re.fullmatch(r"\d{4}", timex.value):
            if last_quarter and sentence_of[i] - last_quarter[0] <= _QUARTER_WINDOW:
                timex.value = f"{last_quarter[1] - 1}-Q{last_quarter[2]}"
            else:
                pending.append(i)
