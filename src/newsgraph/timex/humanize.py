"""TIMEX3 values in words, for people: ``2025-03-11TEV`` -> "evening of 11 March 2025".

Every place a person reads a time (the text report, CLI tables, web pages) shows
:func:`in_words` beside the value; machine formats keep the value and add the words.
A value this module does not recognise is returned as it is, never guessed at.
"""

from __future__ import annotations

import re
from calendar import month_name

PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
REFS = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter",
         "DE": "decade", "CE": "century", "ML": "millennium"}
TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}
SET_UNITS = {"P1D": "every day", "P1W": "every week", "P1M": "every month",
             "P1Y": "every year", "PT1H": "every hour", "P3M": "every quarter",
             "P2W": "every two weeks", "P6M": "every six months"}
MODS = {"APPROX": "about {}", "BEFORE": "before {}", "AFTER": "after {}",
        "ON_OR_BEFORE": "on or before {}", "ON_OR_AFTER": "on or after {}",
        "LESS_THAN": "less than {}", "MORE_THAN": "more than {}",
        "EQUAL_OR_LESS": "at most {}", "EQUAL_OR_MORE": "at least {}",
        "START": "early {}", "MID": "mid {}", "END": "late {}"}

_DATE = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d\d|XX)-(?P<d>\d\d|XX)"
                   r"(?:T(?P<rest>[A-Z]{2}|\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d(?::?\d\d)?)?))?")
_MONTH = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d\d)")
_WEEK = re.compile(r"(?P<y>\d{4}|XXXX)-W(?P<w>\d\d|XX)(?:-(?P<d>[1-7]|WE))?"
                   r"(?:T(?P<part>[A-Z]{2}))?")
_PART_OF_YEAR = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<code>Q[1-4]|H[12]|SP|SU|FA|WI)")
_DURATION = re.compile(r"P(?:T(?P<tn>[\d.]+|X)(?P<tu>[HMS])"
                       r"|(?P<n>[\d.]+|X)(?P<u>DE|CE|ML|[YMWDQ]))")


def in_words(value: str | None, mod: str | None = None, kind: str | None = None) -> str:
    """``value`` (a TIMEX3 value) in words; ``mod`` is its TIMEX3 mod and ``kind`` its
    type (a ``SET`` of ``P1W`` is "every week", a ``DURATION`` of it "1 week")."""
    if not value:
        return ""
    words = _set(value) if kind == "SET" else None
    words = words or _words(value)
    if words is None:
        return value
    return MODS[mod].format(words) if mod in MODS else words


def _words(value: str) -> str | None:
    for reader in (_ref, _date, _week, _part_of_year, _month, _year, _duration):
        words = reader(value)
        if words is not None:
            return words
    return None


def _ref(value: str) -> str | None:
    return REFS.get(value)


def _year_words(year: str) -> str:
    return "" if year == "XXXX" else year


def _day_words(year: str, month: str, day: str) -> str:
    if month == "XX":
        return "an unknown date" if year == "XXXX" else f"a date in {year}"
    if day == "XX":
        return f"{month_name[int(month)]} {_year_words(year)}".strip()
    return f"{int(day)} {month_name[int(month)]} {_year_words(year)}".strip()


def _date(value: str) -> str | None:
    m = _DATE.fullmatch(value)
    if m is None or not _valid_month(m["m"]) or not (m["d"] == "XX" or 1 <= int(m["d"]) <= 31):
        return None
    day = _day_words(m["y"], m["m"], m["d"])
    rest = m["rest"]
    if rest is None:
        return day
    if rest in PARTS:
        return f"{PARTS[rest]} of {day}"
    if rest[0].isdigit():
        return f"{day}, {_clock(rest)}"
    return None


def _clock(rest: str) -> str:
    """``14:30``, ``14:30:00Z``, ``09:00-05``: the time of day, with its zone if any."""
    m = re.fullmatch(r"(\d\d:\d\d)(?::\d\d)?(Z|[+-]\d\d(?::?\d\d)?)?", rest)
    if m is None:
        return rest
    hhmm, zone = m.groups()
    if hhmm == "24:00":
        hhmm = "midnight"
    elif hhmm == "12:00":
        hhmm = "noon"
    if zone is None:
        return hhmm
    return f"{hhmm} UTC" if zone == "Z" else f"{hhmm} (UTC{zone})"


def _valid_month(month: str) -> bool:
    return month == "XX" or 1 <= int(month) <= 12


def _week(value: str) -> str | None:
    m = _WEEK.fullmatch(value)
    if m is None:
        return None
    day, part = m["d"], m["part"]
    if m["w"] == "XX":  # "XXXX-WXX-3": a weekday of an unknown week
        if day is None or day == "WE":
            return "a weekend" if day == "WE" else None
        words = WEEKDAYS[int(day) - 1]
    else:
        words = f"week {int(m['w'])}" + (f" of {m['y']}" if m["y"] != "XXXX" else "")
        if day == "WE":
            words += ", weekend"
        elif day is not None:
            words = f"{WEEKDAYS[int(day) - 1]} of {words}"
    return f"{PARTS[part]} of {words}" if part in PARTS else words


def _part_of_year(value: str) -> str | None:
    m = _PART_OF_YEAR.fullmatch(value)
    if m is None:
        return None
    code, year = m["code"], _year_words(m["y"])
    if code in SEASONS:
        return f"{SEASONS[code]} {year}".strip()
    part = "quarter" if code[0] == "Q" else "half"
    words = f"{ORDINAL_WORDS[int(code[1])]} {part}"
    return f"{words} of {year}" if year else f"the {words} of a year"


def _month(value: str) -> str | None:
    m = _MONTH.fullmatch(value)
    if m is None or not 1 <= int(m["m"]) <= 12:
        return None
    return f"{month_name[int(m['m'])]} {_year_words(m['y'])}".strip()


def _year(value: str) -> str | None:
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{3}", value):  # a decade: "202" is the 2020s
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):  # a century: "19" is the 1900s
        return f"the {value}00s"
    return None


def _duration(value: str) -> str | None:
    m = _DURATION.fullmatch(value)
    if m is None:
        return None
    if m["tu"]:
        number, unit = m["tn"], TIME_UNITS[m["tu"]]
    else:
        number, unit = m["n"], UNITS[m["u"]]
    plural = "centuries" if unit == "century" else (
        "millennia" if unit == "millennium" else unit + "s")
    if number == "X":
        return plural
    return f"{number} {unit if float(number) == 1 else plural}"


def _set(value: str) -> str | None:
    if value in SET_UNITS:
        return SET_UNITS[value]
    words = _words(value)
    if words is None:
        return None
    return "every " + words.removeprefix("the ")
