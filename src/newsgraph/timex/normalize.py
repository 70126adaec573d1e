"""TIMEX3 normalization: a pure function of (text, reference date, tense).

:func:`normalize` maps a time expression's text to its TIMEX3 ``type``, ``value``
and ``mod``, relative to the reference date (the article's date) and the tense of
the verb that governs it ("on Thursday" in a past-tense sentence is the Thursday
before the reference date; in a future one, the Thursday after). It never raises:
what it cannot resolve gets an underspecified value ("XXXX-XX-XX").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.timex.words import (
    HOLIDAYS,
    MONTHS,
    NUMBERS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    WEEKDAYS,
    alternation,
)

Result = tuple[str, str, str | None]
Tense = str | None  # "PAST", "PRESENT", "FUTURE" or None

_MONTH = alternation(MONTHS, dots=True)
_WEEKDAY = alternation(WEEKDAYS, dots=True)
_NUMWORDS = [k for k in NUMBERS if " " not in k]
_NUMW = alternation(_NUMWORDS)
_NUM = (rf"(?:\d+(?:[\s-]+[13]/[24]|[.,]\d+)?|{_NUMW}(?:[\s-]+(?:and\s+)?{_NUMW})*"
        r"(?:\s+and\s+a\s+half)?|(?:a\s+)?couple\s+of|a\s+dozen|half\s+an?)")
_VAGUE = r"(?:several|a\s+few|few|many|some|a\s+number\s+of|numerous|recent|the\s+past\s+few)"
_UNIT = (r"(?P<unit>second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie)"
         r"|millenni(?:um|a))s?")
_PART = r"(?P<part>morning|afternoon|evening|night|overnight)"
_ORD = alternation(ORDINALS)
_SEASON = alternation(SEASONS)
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_TZ = (r"(?:\s+(?P<tz>[ecmp][sd]t|gmt|utc|ut|z|et|cet|bst|local\s+time|\((?:gmt|utc)\s*[+-]\s*"
       r"\d{1,2}\)))?")

# modifiers around the core expression: (pattern, TIMEX3 mod)
_PREFIX_MODS = [
    (r"pre-(?=\d)", "BEFORE"),
    (r"post-(?=\d)", "AFTER"),
    (r"(?:the\s+)?(?:end|close|rest|remainder)\s+of\s+", "END"),
    (r"(?:the\s+)?(?:beginning|start|turn)\s+of\s+", "START"),
    (r"(?:the\s+)?middle\s+of\s+", "MID"),
    (r"(?:very\s+)?(?:late|later)[\s-]+", "END"),
    (r"(?:very\s+)?(?:early|earlier)[\s-]+", "START"),
    (r"(?:mid|middle)[\s-]+", "MID"),
    (r"(?:about|around|roughly|approximately|some)\s+", "APPROX"),
    (r"(?:almost|nearly|less\s+than|fewer\s+than|under|just\s+under|barely)\s+", "LESS_THAN"),
    (r"(?:more\s+than|over|just\s+over|well\s+over)\s+", "MORE_THAN"),
    (r"(?:at\s+least|no\s+less\s+than)\s+", "EQUAL_OR_MORE"),
    (r"(?:at\s+most|up\s+to|no\s+more\s+than)\s+", "EQUAL_OR_LESS"),
    (r"(?:just|only)\s+", None),
]
_PREFIX = [(re.compile(p), m) for p, m in _PREFIX_MODS]
_THE_MOD = re.compile(r"the\s+(?:early|late|mid|very)\b")
_SUFFIX = [
    (re.compile(r"\s+or\s+(?:later|after)$"), "ON_OR_AFTER"),
    (re.compile(r"\s+or\s+(?:earlier|before)$"), "ON_OR_BEFORE"),
    (re.compile(r"\s+or\s+so$"), "APPROX"),
]


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


R_ISO = _c(r"(\d{4})-(\d{2})-(\d{2})(?:t(\d{2}):(\d{2})(?::(\d{2}))?)?")
R_SLASH = _c(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
R_MDY = _c(rf"(?:(?P<rel>last|next|this\s+past|this\s+coming)\s+)?(?:(?P<wd>{_WEEKDAY}),?\s+)?"
           rf"\(?(?P<month>{_MONTH})\s+{_DAY}\)?(?:\s*,?\s*{_YEAR})?")
R_DMY = _c(rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?\(?{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\)?"
           rf"(?:\s*,?\s*{_YEAR})?")
R_MY = _c(rf"(?P<rel>last|next|this|that|this\s+past|the\s+coming|the\s+same|the\s+following|"
          rf"the\s+previous)?\s*(?P<month>{_MONTH}),?(?:\s+(?:of\s+)?{_YEAR}|"
          r"\s+(?:of\s+)?(?P<ryear>last|this|next)\s+year)?")
R_YEAR = _c(rf"(?:(?:the\s+)?(?:fiscal|calendar|fy|the\s+year|fiscal\s+year)\s*'?)?{_YEAR}")
R_FY = _c(r"fy\s*'?(?P<y>\d{2}(?:\d{2})?)")
R_DECADE = _c(r"(?:the\s+)?(?:(?P<c>1[5-9]|20)?(?P<d>\d)0'?s|'(?P<d2>\d)0s|(?P<w>twenties|thirties|"
              r"forties|fifties|sixties|seventies|eighties|nineties))")
R_CENTURY = _c(rf"(?:the\s+)?(?P<ord>{_ORD})[\s-]+century")
R_SEASON = _c(rf"(?:the\s+)?(?P<rel>this\s+past|the\s+coming|the\s+past|last|next|this|that|"
              r"the)?\s*"
              rf"(?P<season>{_SEASON})(?:\s+(?:of\s+)?{_YEAR})?")
R_QUARTER = _c(r"(?:the\s+|its\s+|a\s+|that\s+|this\s+)?"
               r"(?P<qual>(?:(?:latest|current|same|comparable|"
               r"year-earlier|year-ago|previous|fiscal|flat|last\s+year's|this\s+year's|"
               rf"next\s+year's|year\s+earlier|{_YEAR[:-1].replace('?P<year>', '')})"
               rf"(?:'s)?)[\s-]+)*)(?:(?P<ord>{_ORD})[\s-]+)?(?:fiscal[\s-]+)?"
               r"(?P<kind>quarter|half|period)s?(?:\s+(?:of|in)\s+(?:fiscal\s+)?"
               r"(?P<of>\d{4}|this\s+year|last\s+year|next\s+year|the\s+year|the\s+current\s+year|"
               r"the\s+previous\s+year|the\s+fiscal\s+year))?")
R_QN = _c(r"(?:q(?P<q1>[1-4])|(?P<q2>[1-4])q)(?:\s*'?(?P<yy>\d{2})|\s+(?P<yyyy>\d{4}))?")
R_REL = _c(r"(?P<rel>last|next|this|past|previous|coming|following|current|same|that|this\s+past|"
           r"the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+following|"
           r"the\s+current|the\s+same|the\s+full|the\s+entire|the\s+whole|the)\s+"
           r"(?P<unit>day|week|month|year|decade|century|weekend|"
           rf"quarter|fiscal\s+year|(?P<wd>{_WEEKDAY})|(?P<season>{_SEASON}))(?:\s+{_PART})?")
R_AGO = _c(rf"(?P<num>{_NUM}|{_VAGUE}|an?)?[\s-]*{_UNIT}(?:\s+or\s+so)?\s+"
           r"(?P<dir>ago|earlier|later|"
           r"before\s+that|previously|back|from\s+now|hence)")
R_DAYWORD = _c(rf"(?P<w>yesterday|today|tomorrow|tonight|overnight)(?:'s)?(?:\s+{_PART})?")
R_PART_DAY = _c(rf"{_PART}\s+(?P<w>yesterday|today|tomorrow)")
R_BARE_PART = _c(_PART)
R_IN_THE = _c(r"in\s+the\s+(?P<unit>day|week|month|year)")
R_THIS_PART = _c(rf"(?P<rel>this|last|tomorrow|yesterday|that)\s+{_PART}")
R_WEEKDAY_SET = _c(rf"(?P<wd>{_WEEKDAY})\s+(?P<part>morning|afternoon|evening|night)s")
R_WEEKDAY = _c(rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+coming|coming|"
               rf"the\s+following|the\s+previous|that)\s+)?"
               rf"(?P<wd>{_WEEKDAY})(?:\s+{_PART})?")
R_TIME = _c(r"(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?(?::[0-5]\d)?\s*(?P<ap>[ap]\.?m\.?)?"
            rf"|(?P<h2>1[0-2]|0?\d)\s+(?:o'clock|in\s+the\s+(?P<dp>morning|afternoon|evening))"
            rf"|(?P<named>noon|midnight|midday)){_TZ}"
            rf"(?:,?\s+(?:on\s+)?(?P<wd>{_WEEKDAY}|yesterday|today|tomorrow|tonight|"
            rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?))?")
R_TIME_PRE = _c(rf"(?:{_PART}|(?P<named>midnight|noon))\s+(?P<wd>{_WEEKDAY})")
R_DURATION = _c(r"(?:the\s+)?(?:(?P<pre>past|last|next|coming|first|previous|final|following|"
                r"latest|"
                r"recent|preceding|remaining|initial|in\s+recent)\s+)?"
                rf"(?P<num>{_NUM}|{_VAGUE}|an?)?[\s-]*(?:(?:more|additional|further|straight|"
                rf"consecutive)\s+)?{_UNIT}(?P<long>-old|-long)?(?P<half>\s+and\s+a\s+half)?"
                r"(?:\s+ahead)?")
R_SET_EVERY = _c(rf"(?:every|each|per)\s+(?:other\s+)?(?:(?P<num>{_NUM})\s+)?(?:{_UNIT}|"
                 rf"(?P<we>weekend)|{_PART}|(?P<season>{_SEASON})|(?P<wd>{_WEEKDAY})|"
                 rf"(?P<month>{_MONTH}))")
R_YEAR_AGO = _c(r"(?:the\s+)?(?P<unit>year|quarter|month|week)-(?P<dir>earlier|ago|end)"
                rf"(?:\s+(?P<what>period|quarter|month|year|week)|\s+(?P<num>{_NUM})\s+months)?")
R_SAME = _c(r"(?:the\s+)?(?:(?:same|corresponding|comparable)\s+(?P<what>period|quarter|month|week|"
            r"time|day)\s+.*|(?P<what2>period|quarter)\s+(?:of\s+)?(?:a\s+year\s+(?:ago|earlier)"
            r"|last\s+year|the\s+(?:previous|prior)\s+year))")
R_WEEK_OF = _c(r"(?:the\s+)?week\s+of\s+(?P<day>.+)")

SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "annual": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
        "biweekly": "P2W", "semiannually": "P6M"}
REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
        "nowadays": "PRESENT_REF", "presently": "PRESENT_REF", "the present": "PRESENT_REF",
        "at present": "PRESENT_REF", "right now": "PRESENT_REF", "these days": "PRESENT_REF",
        "recently": "PAST_REF", "recent": "PAST_REF", "previously": "PAST_REF",
        "formerly": "PAST_REF", "the past": "PAST_REF", "lately": "PAST_REF",
        "in recent history": "PAST_REF", "in recent times": "PAST_REF",
        "the future": "FUTURE_REF", "future": "FUTURE_REF", "a later date": "FUTURE_REF",
        "a later time": "FUTURE_REF", "soon": "FUTURE_REF",
        "shortly": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
        "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
        "the longer term": "FUTURE_REF"}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
SEASON_ORDER = ["WI", "SP", "SU", "FA"]


def normalize(text: str, reference_date: date | None = None, tense: Tense = None) -> Result:
    """(type, value, mod) of the time expression ``text``; never raises."""
    try:
        return _normalize(text, reference_date, tense)
    except (ValueError, OverflowError, KeyError, IndexError):
        return ("DATE", "XXXX-XX-XX", None)


def _normalize(text: str, ref: date | None, tense: Tense) -> Result:
    core = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    if core.count("(") != core.count(")"):
        core = core.strip("()")
    if core in SETS:
        return ("SET", SETS[core], None)
    if core in REFS:
        return ("DATE", REFS[core], None)
    mod: str | None = None
    for pattern, m in _SUFFIX:
        stripped = pattern.sub("", core)
        if stripped != core:
            core, mod = stripped, m
            break
    if _THE_MOD.match(core):
        core = core[4:]
    for pattern, m in _PREFIX:
        match = pattern.match(core)
        if match and match.end() < len(core):
            rest = core[match.end():]
            # "early 1990s" is a modifier; "earlier this year" too; "earlier" alone is a ref
            core, mod = rest, (m or mod)
            break
    if core in REFS:
        return ("DATE", REFS[core], mod)
    if core in ("a while", "a long while"):
        return ("DURATION", "PXX", mod)
    for rule in RULES:
        result = rule(core, ref, tense)
        if result is not None:
            kind, value = result
            return (kind, value, _adjust_mod(mod, kind))
    return ("DATE", "XXXX-XX-XX", mod)


def _adjust_mod(mod: str | None, kind: str) -> str | None:
    # "more than two years ago" is a date "before"; keep the TIMEX3 mods for durations only
    if kind == "DATE" and mod in ("LESS_THAN", "MORE_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"):
        return "APPROX"
    return mod


# --- helpers ---------------------------------------------------------------------------

def _num(text: str | None) -> float | None:
    """The number a numeral or number words stand for; None for vague ones ("several")."""
    if text is None:
        return 1.0
    text = text.strip().replace(",", "")
    if not text:
        return 1.0
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    fraction = re.fullmatch(r"(\d+)[\s-]+([13])/([24])", text)
    if fraction:  # "5 1/2"
        return int(fraction[1]) + int(fraction[2]) / int(fraction[3])
    text = re.sub(r"^an?\s+(?=\S+)", "", text)  # "a couple of", "a dozen": the article is no 1
    if re.fullmatch(_VAGUE, text):
        return None
    half = 0.0
    if text.endswith("and a half"):
        half, text = 0.5, text[: -len("and a half")].strip()
    if text.startswith("half"):
        return 0.5
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text):
        if word in ("and", "of", ""):
            continue
        if word == "couple":
            current += 2
            continue
        value = NUMBERS.get(word)
        if value is None:
            return None
        if value in (100, 1000):
            current = (current or 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        elif word in ("a", "an"):
            current += 0 if current else 1
        else:
            current += value
    return total + current + half


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _unit_code(unit: str) -> str:
    unit = unit.rstrip("s")
    for key, code in UNITS.items():
        if unit.startswith(key[:5]):
            return code
    return "X"


def _duration(n: float | None, unit: str) -> str:
    code = _unit_code(unit)
    if n is None:
        return {"10Y": "PXDE", "100Y": "PXCE", "1000Y": "PXML", "2W": "PXW"}.get(
            code, "PTX" + code if unit.startswith(("hour", "minute", "second")) else "PX" + code)
    if unit.startswith(("hour", "minute", "second")):
        smaller = {"H": ("M", 60), "M": ("S", 60)}.get(code)
        if n != int(n) and smaller:
            # "5 1/2 hours" -> PT5H30M, "half an hour" -> PT30M
            whole, rest = int(n), _fmt((n - int(n)) * smaller[1])
            return f"PT{whole}{code}{rest}{smaller[0]}" if whole else f"PT{rest}{smaller[0]}"
        return f"PT{_fmt(n)}{code}"
    multiplier = {"10Y": (10, "Y"), "100Y": (100, "Y"), "1000Y": (1000, "Y"), "2W": (2, "W")}
    if code in multiplier:
        factor, letter = multiplier[code]
        return f"P{_fmt(n * factor)}{letter}"
    if n == 0.5 and code in ("Y", "D"):
        return "P6M" if code == "Y" else "PT12H"
    return f"P{_fmt(n)}{code}"


def _month(word: str) -> int:
    return MONTHS[word.rstrip(".")]


def _weekday(word: str) -> int:
    return WEEKDAYS[word.rstrip(".")]


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _year_for(month: int, day: int | None, ref: date, tense: Tense) -> int:
    """The year of a month (and day) given without one, from the reference date and tense."""
    probe = date(ref.year, month, min(day or 15, 28 if month == 2 else 30))
    if day is None:
        # months ahead of the reference month to the next such month (0 = this month)
        ahead = (month - ref.month) % 12
        upcoming = ref.year + (1 if month < ref.month else 0)
        gone = ref.year - (1 if month > ref.month else 0)
        if ahead == 0:
            return ref.year
        if tense == "FUTURE":
            return upcoming
        # past tense still speaks of the next month or two ("agreed to join in March")
        return upcoming if ahead <= (2 if tense == "PAST" else 3) else gone
    ahead = (probe - ref).days
    if tense == "PAST" and ahead > 45:
        return ref.year - 1  # "on December 20 it said", read in October: last December
    if tense in (None, "PRESENT") and ahead > 90:
        return ref.year - 1
    if tense == "FUTURE" and (ref - probe).days > 7:
        return ref.year + 1
    if tense in (None, "PRESENT") and (ref - probe).days > 300:
        return ref.year + 1
    return ref.year


def _weekday_date(weekday: int, ref: date, tense: Tense, rel: str | None) -> date:
    """The date of a weekday (1 = Monday) relative to ``ref``."""
    today = ref.isoweekday()
    back = (today - weekday) % 7  # days since the most recent such weekday (0 = today)
    ahead = (weekday - today) % 7
    if rel in ("last", "this past", "the previous"):
        return ref - timedelta(days=back or 7)
    if rel in ("next", "the following"):
        return ref + timedelta(days=ahead or 7)
    if rel in ("this coming", "the coming", "coming"):
        return ref + timedelta(days=ahead)
    if rel == "this":
        return ref + timedelta(days=ahead) if tense == "FUTURE" or (
            tense != "PAST" and ahead <= back) else ref - timedelta(days=back)
    if tense == "FUTURE":
        return ref + timedelta(days=ahead)
    if tense == "PAST":
        return ref - timedelta(days=back)
    return ref - timedelta(days=back)  # news tells of days gone by


def _part(word: str | None) -> str:
    if not word:
        return ""
    return "T" + PARTS_OF_DAY.get(word, "NI")


# --- rules: each returns (type, value) or None ---------------------------------------

def r_iso(s: str, ref: date | None, tense: Tense):
    m = R_ISO.fullmatch(s)
    if not m:
        return None
    d = date(int(m[1]), int(m[2]), int(m[3]))
    if m[4]:
        return ("TIME", f"{d.isoformat()}T{m[4]}:{m[5]}")
    return ("DATE", d.isoformat())


def r_slash(s: str, ref: date | None, tense: Tense):
    m = R_SLASH.fullmatch(s)
    if not m:
        return None
    month, day, year = int(m[1]), int(m[2]), int(m[3])
    if year < 100:
        year += 2000 if year < 50 else 1900
    if month > 12 and day <= 12:
        month, day = day, month
    return ("DATE", date(year, month, day).isoformat())


def r_month_day(s: str, ref: date | None, tense: Tense):
    m = R_MDY.fullmatch(s) or R_DMY.fullmatch(s)
    if not m:
        return None
    month, day = _month(m["month"]), int(m["day"])
    if m["year"]:
        year = int(m["year"])
    elif ref is None:
        return ("DATE", f"XXXX-{month:02d}-{day:02d}")
    else:
        rel = _REL_TENSE.get(m.groupdict().get("rel") or "")
        year = _year_for(month, day, ref, tense) if rel is None else _year_beside(
            month, day, ref, rel)
        if m["wd"]:
            year = _year_matching_weekday(month, day, _weekday(m["wd"]), ref, year)
    return ("DATE", date(year, month, day).isoformat())


def _year_beside(month: int, day: int, ref: date, rel: str) -> int:
    """The year of the last such day before ``ref`` (PAST), or the next one after it."""
    if rel == "PAST":
        return ref.year if (month, day) < (ref.month, ref.day) else ref.year - 1
    return ref.year if (month, day) > (ref.month, ref.day) else ref.year + 1


def _year_matching_weekday(month: int, day: int, weekday: int, ref: date, year: int) -> int:
    """Prefer, near ``year``, a year in which month/day falls on ``weekday``."""
    for candidate in (year, year - 1, year + 1):
        try:
            if date(candidate, month, day).isoweekday() == weekday:
                return candidate
        except ValueError:
            continue
    return year


def r_month(s: str, ref: date | None, tense: Tense):
    m = R_MY.fullmatch(s)
    if not m:
        return None
    month = _month(m["month"])
    if m["year"]:
        return ("DATE", f"{m['year']}-{month:02d}")
    if ref is None:
        return ("DATE", f"XXXX-{month:02d}")
    if m["ryear"]:
        return ("DATE", f"{ref.year + _REL_DELTA[m['ryear']]}-{month:02d}")
    rel = (m["rel"] or "").replace("the ", "")
    if rel in ("last", "this past", "previous"):
        year = ref.year if month < ref.month else ref.year - 1
    elif rel in ("next", "coming", "following"):
        year = ref.year if month > ref.month else ref.year + 1
    elif rel in ("this", "same", "that"):
        year = ref.year
    else:
        year = _year_for(month, None, ref, tense)
    return ("DATE", f"{year}-{month:02d}")


def r_year(s: str, ref: date | None, tense: Tense):
    m = R_YEAR.fullmatch(s)
    if m:
        return ("DATE", m["year"])
    m = R_FY.fullmatch(s)
    if m:
        y = m["y"]
        if len(y) == 2:
            y = ("20" if int(y) < 50 else "19") + y
        return ("DATE", y)
    return None


def r_decade(s: str, ref: date | None, tense: Tense):
    m = R_DECADE.fullmatch(s)
    if not m:
        return None
    if m["w"]:
        return ("DATE", f"19{DECADE_WORDS[m['w']]}")
    digit = m["d"] or m["d2"]
    century = m["c"]
    if century is None:
        century = "20" if (ref is not None and ref.year >= 2000 and int(digit) <= 2) else "19"
    return ("DATE", f"{century}{digit}")


def r_century(s: str, ref: date | None, tense: Tense):
    m = R_CENTURY.fullmatch(s)
    if not m:
        return None
    return ("DATE", f"{ORDINALS[m['ord']] - 1:02d}")


def _season_of(d: date) -> tuple[int, str]:
    index = (d.month % 12) // 3  # Dec-Feb 0, Mar-May 1, ...
    return (d.year + (1 if d.month == 12 else 0)), SEASON_ORDER[index]


def r_season(s: str, ref: date | None, tense: Tense):
    m = R_SEASON.fullmatch(s)
    if not m:
        return None
    code = SEASONS[m["season"]]
    if m["year"]:
        return ("DATE", f"{m['year']}-{code}")
    if ref is None:
        return ("DATE", f"XXXX-{code}")
    ref_year, ref_code = _season_of(ref)
    now, then = SEASON_ORDER.index(ref_code), SEASON_ORDER.index(code)
    rel = (m["rel"] or "").replace("the ", "").strip()
    if rel in ("last", "this past", "past"):
        year = ref_year if then < now else ref_year - 1
    elif rel in ("next", "coming"):
        year = ref_year if then > now else ref_year + 1
    elif rel == "this" or not rel:
        if tense == "PAST" and then > now:
            year = ref_year - 1
        elif tense == "FUTURE" and then < now:
            year = ref_year + 1
        else:
            year = ref_year
    else:
        year = ref_year
    return ("DATE", f"{year}-{code}")


def _quarter_year(of: str | None, quals: str, ref: date | None) -> int | None:
    if of:
        if of.isdigit():
            return int(of)
        if ref is None:
            return None
        return ref.year + (-1 if "last" in of or "previous" in of else 1 if "next" in of else 0)
    year_match = re.search(r"\d{4}", quals)
    if year_match:
        return int(year_match.group())
    if ref is None:
        return None
    if "last year" in quals or "year-earlier" in quals or "year-ago" in quals or \
            "year earlier" in quals:
        return ref.year - 1
    if "next year" in quals:
        return ref.year + 1
    return ref.year


def r_quarter(s: str, ref: date | None, tense: Tense):
    m = R_QUARTER.fullmatch(s)
    if not m:
        return None
    quals, kind, ordinal = m["qual"] or "", m["kind"], m["ord"]
    year = _quarter_year(m["of"], quals, ref)
    ystr = str(year) if year is not None else "XXXX"
    if kind == "half":
        if ordinal is None:
            return None
        n = 2 if ORDINALS[ordinal] >= 2 else 1
        return ("DATE", f"{ystr}-H{n}")
    if s.rstrip().endswith("quarters"):
        if ordinal in ORDINALS and not m["of"]:  # "in the fourth quarters": each year's
            return ("SET", f"XXXX-Q{min(ORDINALS[ordinal], 4)}")
        return ("DURATION", "PXQ")
    if ordinal is not None and ordinal in ORDINALS:
        n = min(ORDINALS[ordinal], 4)
        if (ref is not None and not m["of"] and not re.search(r"\d{4}|year", quals)
                and tense == "PAST" and n > _quarter(ref)):
            ystr = str(ref.year - 1)
        return ("DATE", f"{ystr}-Q{n}")
    if ref is None:
        return ("DATE", "XXXX-QX")
    if "current" in quals or s.startswith("this"):
        q, y = _quarter(ref), ref.year
    else:  # "the quarter", "the latest period": the quarter last reported
        q, y = _quarter(ref) - 1, ref.year
        if q == 0:
            q, y = 4, y - 1
    if year is not None and year != ref.year:
        y = year
    if kind == "period" and not quals and not m["of"]:
        return None
    return ("DATE", f"{y}-Q{q}")


def r_qn(s: str, ref: date | None, tense: Tense):
    m = R_QN.fullmatch(s)
    if not m:
        return None
    q = m["q1"] or m["q2"]
    if m["yyyy"]:
        year = m["yyyy"]
    elif m["yy"]:
        year = ("20" if int(m["yy"]) < 50 else "19") + m["yy"]
    else:
        year = str(ref.year) if ref else "XXXX"
    return ("DATE", f"{year}-Q{q}")


def _relative(unit: str, ref: date, delta: int) -> str:
    if unit == "day":
        return (ref + timedelta(days=delta)).isoformat()
    if unit == "week":
        return _week(ref + timedelta(weeks=delta))
    if unit == "month":
        y, mo = _shift_month(ref.year, ref.month, delta)
        return f"{y}-{mo:02d}"
    if unit == "quarter":
        y, mo = _shift_month(ref.year, ref.month, 3 * delta)
        return f"{y}-Q{(mo - 1) // 3 + 1}"
    if unit in ("year", "fiscal year"):
        return str(ref.year + delta)
    if unit == "decade":
        return str(ref.year // 10 + delta)
    if unit == "century":
        return f"{ref.year // 100 + delta:02d}"
    raise ValueError(unit)


# "last Oct. 23" is the one before the reference date, "next May 1" the one after it
_REL_TENSE = {"last": "PAST", "this past": "PAST", "next": "FUTURE", "this coming": "FUTURE"}
_REL_DELTA = {"latest": -1, "last": -1, "past": -1, "previous": -1, "this past": -1, "next": 1,
              "coming": 1, "following": 1, "this": 0, "current": 0, "same": 0, "that": 0}


def r_relative(s: str, ref: date | None, tense: Tense):
    m = R_REL.fullmatch(s)
    if not m:
        return None
    rel = m["rel"]
    unit = m["unit"]
    if rel == "the" and unit not in ("weekend", "year", "month", "week", "day"):
        return None
    rel = {"the full": "the", "the entire": "the", "the whole": "the"}.get(rel, rel)
    bare = rel.replace("the ", "")
    if rel.startswith("the ") and bare in ("past", "last", "next", "coming") and unit in (
            "year", "month", "week", "day", "decade", "century", "quarter"):
        code = _duration(1, unit)
        return ("DURATION", code)
    if m["wd"]:
        if ref is None:
            return ("DATE", f"XXXX-WXX-{_weekday(m['wd'])}")
        d = _weekday_date(_weekday(m["wd"]), ref, tense, bare)
        return ("TIME", d.isoformat() + _part(m["part"])) if m["part"] else ("DATE", d.isoformat())
    if m["season"]:
        return r_season(f"{bare} {m['season']}", ref, tense)
    if unit == "weekend":
        if ref is None:
            return ("DATE", "XXXX-WXX-WE")
        return ("DATE", _weekend(ref, tense, bare))
    if ref is None:
        return ("DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX",
                         "quarter": "XXXX-QX"}.get(unit, "XXXX"))
    delta = _REL_DELTA.get(bare, 0)
    value = _relative(unit, ref, delta)
    if unit == "day" and m["part"]:
        return ("TIME", value + _part(m["part"]))
    return ("DATE", value)


def _weekend(ref: date, tense: Tense, rel: str) -> str:
    weekday = ref.isoweekday()
    if rel in ("last", "past", "this past", "previous"):
        return _week(ref - timedelta(days=7 if weekday >= 6 else weekday)) + "-WE"
    if rel in ("next", "coming", "following"):
        return _week(ref + timedelta(days=7 if weekday >= 6 else 0)) + "-WE"
    if weekday >= 6 or rel == "this":
        return _week(ref) + "-WE"  # "this weekend": the one of this week
    if tense == "FUTURE" or (tense == "PRESENT" and weekday >= 4):
        return _week(ref) + "-WE"
    return _week(ref - timedelta(days=weekday)) + "-WE"


def r_ago(s: str, ref: date | None, tense: Tense):
    m = R_AGO.fullmatch(s)
    if not m:
        return None
    n = _num(m["num"]) if m["num"] not in (None, "a", "an") else 1.0
    unit = m["unit"].rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    if n is None:
        return ("DATE", "PAST_REF" if m["dir"] in ("ago", "earlier", "previously", "back",
                                                   "before that") else "FUTURE_REF")
    if ref is None:
        return ("DATE", "XXXX-XX-XX")
    sign = 1 if m["dir"] in ("later", "from now", "hence") else -1
    steps = int(round(n * sign))
    if unit in ("hour", "minute", "second"):
        return ("DATE", ref.isoformat())
    if unit == "decade":
        return ("DATE", str(ref.year + 10 * steps))
    if unit == "fortnight":
        unit, steps = "week", steps * 2
    return ("DATE", _relative(unit, ref, steps))


def r_dayword(s: str, ref: date | None, tense: Tense):
    m = R_DAYWORD.fullmatch(s)
    if not m:
        return None
    w = m["w"]
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "overnight": 0}[w]
    if ref is None:
        return ("DATE", "XXXX-XX-XX")
    value = (ref + timedelta(days=offset)).isoformat()
    if w == "tonight":
        return ("TIME", value + "TNI")
    if w == "overnight":
        return ("TIME", value + "TNI")
    if m["part"]:
        return ("TIME", value + _part(m["part"]))
    return ("DATE", value)


def r_part_day(s: str, ref: date | None, tense: Tense):
    """"afternoon yesterday" (after "mid-"), "morning" (after "mid-"): a part of a day."""
    m = R_PART_DAY.fullmatch(s) or R_BARE_PART.fullmatch(s)
    if not m:
        return None
    if ref is None:
        return ("TIME", "XXXX-XX-XX" + _part(m["part"]))
    w = m.groupdict().get("w")
    offset = {"yesterday": -1, "tomorrow": 1}.get(w or "", 0)
    return ("TIME", (ref + timedelta(days=offset)).isoformat() + _part(m["part"]))


def r_in_the(s: str, ref: date | None, tense: Tense):
    """"earlier in the year", "later in the day": within the current unit."""
    m = R_IN_THE.fullmatch(s)
    if not m:
        return None
    if ref is None:
        return ("DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(
            m["unit"], "XXXX"))
    return ("DATE", _relative(m["unit"], ref, 0))


def r_this_part(s: str, ref: date | None, tense: Tense):
    m = R_THIS_PART.fullmatch(s)
    if not m:
        return None
    if ref is None:
        return ("TIME", "XXXX-XX-XX" + _part(m["part"]))
    offset = {"this": 0, "that": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[m["rel"]]
    if m["rel"] == "last" and m["part"] != "night":
        offset = -1
    return ("TIME", (ref + timedelta(days=offset)).isoformat() + _part(m["part"]))


def r_weekday(s: str, ref: date | None, tense: Tense):
    plural = R_WEEKDAY_SET.fullmatch(s)
    if plural:  # "Tuesday nights": every Tuesday night
        return ("SET", f"XXXX-WXX-{_weekday(plural['wd'])}{_part(plural['part'])}")
    m = R_WEEKDAY.fullmatch(s)
    if not m:
        return None
    weekday = _weekday(m["wd"])
    if ref is None:
        value = f"XXXX-WXX-{weekday}"
    else:
        rel = (m["rel"] or "").strip() or None
        value = _weekday_date(weekday, ref, tense, rel).isoformat()
    if m["part"]:
        return ("TIME", value + _part(m["part"]))
    return ("DATE", value)


def _hour(m: re.Match[str]) -> tuple[int, int] | None:
    if m["named"]:
        return (24, 0) if m["named"] == "midnight" else (12, 0)
    hour = int(m["h"] or m["h2"])
    if m["dp"] in ("afternoon", "evening") and hour < 12:
        hour += 12
    minute = int(m["mi"] or 0) if m["h"] else 0
    ap = (m["ap"] or "").replace(".", "") if m["h"] else ""
    if ap == "pm" and hour < 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    return hour, minute


def r_time(s: str, ref: date | None, tense: Tense):
    m = R_TIME.fullmatch(s)
    if not m:
        m = R_TIME_PRE.fullmatch(s)
        if not m:
            return None
        day = _day_of(m["wd"], ref, tense)
        if m["named"]:
            return ("TIME", f"{day}T{'12:00' if m['named'] == 'noon' else '24:00'}")
        return ("TIME", day + _part(m["part"]))
    if m["h"] and not m["mi"] and not m["ap"]:
        return None  # a bare number is not a time
    hm = _hour(m)
    if hm is None:
        return None
    day = _day_of(m["wd"], ref, tense)
    zone = "Z" if m["tz"] in ("gmt", "utc", "ut", "z") or (m["tz"] or "").startswith("(") else ""
    if m["tz"] and m["tz"].startswith("("):
        offset = int(re.sub(r"[^\d+-]", "", m["tz"]))
        hm = ((hm[0] - offset) % 24, hm[1])
    return ("TIME", f"{day}T{hm[0]:02d}:{hm[1]:02d}{zone}")


def _day_of(word: str | None, ref: date | None, tense: Tense) -> str:
    if ref is None:
        return "XXXX-XX-XX"
    if not word:
        return ref.isoformat()
    if word[:1].isalpha() and re.search(r"\d(?:st|nd|rd|th)?$", word):  # "Nov. 9", "June 1st"
        result = r_month_day(word, ref, tense)
        return result[1] if result else ref.isoformat()
    if word in ("yesterday", "today", "tomorrow", "tonight"):
        return (ref + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))).isoformat()
    return _weekday_date(_weekday(word), ref, tense, None).isoformat()


def r_duration(s: str, ref: date | None, tense: Tense):
    m = R_DURATION.fullmatch(s)
    if not m:
        return None
    unit = m["unit"]
    plural = bool(re.search(r"s(?:-long|-old)?(?:\s+ahead)?$", s))
    if m["num"] is None and not plural and not m["pre"] and not m["long"]:
        return None  # a bare singular unit ("week") is not a duration by itself; "day-long" is
    if m["num"] is None:
        n = None if plural or m["pre"] in ("recent", "in recent") else 1.0
    else:
        n = _num(m["num"]) if m["num"] not in ("a", "an") else 1.0
    if m["half"] and n is not None:
        n += 0.5  # "a minute and a half"
    if unit.startswith("quarter") and n is None:
        return ("DURATION", "PXQ")
    return ("DURATION", _duration(n, unit))


def r_set(s: str, ref: date | None, tense: Tense):
    m = R_SET_EVERY.fullmatch(s)
    if not m:
        return None
    if m["wd"]:
        return ("SET", f"XXXX-WXX-{_weekday(m['wd'])}")
    if m["we"]:
        return ("SET", "XXXX-WXX-WE")
    if m["part"]:
        return ("SET", "XXXX-XX-XX" + _part(m["part"]))
    if m["season"]:
        return ("SET", "XXXX-" + SEASONS[m["season"]])
    if m["month"]:
        return ("SET", f"XXXX-{_month(m['month']):02d}")
    n = _num(m["num"]) if m["num"] else 1.0
    return ("SET", _duration(n, m["unit"]))


R_SET_TIMES = _c(rf"(?:once|twice|thrice|.+\s+times)\s+(?:a|an|per|every|each)\s+{_UNIT}")


def r_set_times(s: str, ref: date | None, tense: Tense):
    """"twice a year": a set with the period of its unit (TIMEX3 keeps the count in freq)."""
    m = R_SET_TIMES.fullmatch(s)
    return ("SET", _duration(1.0, m["unit"])) if m else None


def r_year_ago(s: str, ref: date | None, tense: Tense):
    m = R_YEAR_AGO.fullmatch(s)
    if not m:
        return None
    if m["num"]:  # "the year-earlier nine months": a span, like "the first nine months"
        return ("DURATION", _duration(_num(m["num"]), "month"))
    if ref is None:
        return ("DATE", "XXXX")
    if m["dir"] == "end":
        return ("DATE", str(ref.year if ref.month > 2 else ref.year - 1))
    what = m["what"] or ""
    if what in ("quarter", "period") or m["unit"] == "quarter":
        q, y = _quarter(ref) - 1, ref.year - 1
        if q == 0:
            q, y = 4, y - 1
        return ("DATE", f"{y}-Q{q}")
    return ("DATE", _relative(m["unit"], ref, -1) if m["unit"] != "year" else str(ref.year - 1))


def r_same(s: str, ref: date | None, tense: Tense):
    m = R_SAME.fullmatch(s)
    if not m or ref is None:
        return None
    what = m["what"] or m["what2"]
    if what in ("quarter", "period"):
        q, y = _quarter(ref) - 1, ref.year - 1
        if q == 0:
            q, y = 4, y - 1
        return ("DATE", f"{y}-Q{q}")
    if what == "month":
        return ("DATE", f"{ref.year - 1}-{ref.month:02d}")
    return ("DATE", str(ref.year - 1))


def r_week_of(s: str, ref: date | None, tense: Tense):
    """"the week of March 6": the ISO week of that day."""
    m = R_WEEK_OF.fullmatch(s)
    if not m:
        return None
    day = r_month_day(m["day"], ref, tense) or r_iso(m["day"], ref, tense)
    if day is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", day[1]):
        return None
    return ("DATE", _week(date.fromisoformat(day[1])))


def r_fiscal(s: str, ref: date | None, tense: Tense):
    m = re.fullmatch(r"(?:the\s+)?(?:(?P<rel>current|next|last|latest|previous|coming|new|"
                     r"\d{4})\s+)?fiscal\s+year(?:\s+(?P<year>\d{4}))?", s)
    if not m:
        return None
    if m["year"]:
        return ("DATE", m["year"])
    if m["rel"] is None and s.startswith("the "):
        return ("DURATION", "P1Y")  # "in the fiscal year": the span of one, as TimeBank has it
    rel = m["rel"] or "current"
    if rel.isdigit():
        return ("DATE", rel)
    if ref is None:
        return ("DATE", "XXXX")
    return ("DATE", str(ref.year + _REL_DELTA.get(rel, 0)))


def r_holiday(s: str, ref: date | None, tense: Tense):
    m = re.fullmatch(rf"(?P<name>{alternation(HOLIDAYS)})(?:\s+(?P<year>\d{{4}}))?", s)
    if not m:
        return None
    key = HOLIDAYS[" ".join(m["name"].split())]
    if m["year"]:
        year = int(m["year"])
    elif ref is None:
        return ("DATE", "XXXX-" + key if "-" in key else "XXXX-XX-XX")
    else:
        year = ref.year
    d = _holiday_date(key, year)
    if not m["year"] and ref is not None:
        d = _holiday_date(key, _year_for(d.month, d.day, ref, tense))
    return ("DATE", d.isoformat())


def _holiday_date(key: str, year: int) -> date:
    if re.fullmatch(r"\d\d-\d\d", key):
        return date(year, int(key[:2]), int(key[3:]))
    if key == "thanksgiving":  # fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if key == "memorial":  # last Monday of May
        last = date(year, 5, 31)
        return last - timedelta(days=last.weekday())
    if key == "election":  # US: the Tuesday after the first Monday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7 + 1)
    if key == "labor":  # first Monday of September
        first = date(year, 9, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7)
    easter = _easter(year)
    return easter - timedelta(days=2) if key == "goodfriday" else easter


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


R_YEAR_END = _c(r"year(?:'s)?[\s-]end")
R_HALF_OF = _c(r"(?:the\s+)?(?P<which>first|second|last|latter)\s+(?:half|two\s+quarters)\s+of\s+"
               r"(?P<of>.+)")
R_SPOKEN_YEAR = _c(rf"(?:(?:(?P<month>{_MONTH}),?|(?:the\s+)?(?P<season>{_SEASON}))\s+(?:of\s+)?)?"
                   r"(?:the\s+year\s+)?(?P<century>nineteen|two\s+thousand)(?:\s+and)?[\s-]*"
                   r"(?P<rest>.*)")


def r_year_end(s: str, ref: date | None, tense: Tense):
    if not R_YEAR_END.fullmatch(s):
        return None
    if ref is None:
        return ("DATE", "XXXX")
    return ("DATE", str(ref.year if ref.month > 2 else ref.year - 1))


def r_spoken_year(s: str, ref: date | None, tense: Tense):
    """"nineteen ninety-six", "the year two thousand": years said in words."""
    m = R_SPOKEN_YEAR.fullmatch(s)
    if not m:
        return None
    rest = m["rest"].strip()
    if m["century"] == "nineteen":
        if not rest:
            return None
        if rest.startswith("hundred"):
            rest = rest[len("hundred"):].replace("and", "").strip()
            n = _num(rest) if rest else 0.0
        else:
            n = _num(rest)
        if n is None or n >= 100:
            return None
        return _spoken_value(1900 + int(n), m)
    n = _num(rest) if rest else 0.0
    if n is None or n >= 100:
        return None
    return _spoken_value(2000 + int(n), m)


def _spoken_value(year: int, m: re.Match[str]) -> tuple[str, str]:
    """A spoken year, with the month or season said before it ("January nineteen ninety-seven")."""
    if m["season"]:
        return ("DATE", f"{year}-{SEASONS[m['season']]}")
    return ("DATE", f"{year}-{_month(m['month']):02d}" if m["month"] else str(year))


def r_half_of(s: str, ref: date | None, tense: Tense):
    """"the last half of the '80s" is the decade; "the first two quarters of 1990" is 1990-H1."""
    m = R_HALF_OF.fullmatch(s)
    if not m:
        return None
    whole = r_year(m["of"], ref, tense) or r_decade(m["of"], ref, tense)
    if whole is None:
        return None
    if len(whole[1]) == 4:
        return ("DATE", f"{whole[1]}-H{1 if m['which'] == 'first' else 2}")
    return whole


RULES = [r_spoken_year, r_year_end, r_iso, r_slash, r_month_day, r_month, r_year, r_fiscal,
         r_decade, r_century, r_season, r_qn, r_quarter, r_same, r_week_of, r_year_ago,
         r_relative, r_ago,
         r_dayword, r_part_day, r_in_the, r_this_part, r_weekday, r_time, r_set_times, r_set,
         r_duration, r_holiday, r_half_of]
