"""Extents of time expressions: compiled patterns over the raw text, longest match wins.

Every pattern is compiled once at import. :func:`tag` runs each pattern once over the
text (``finditer``), keeps the longest non-overlapping candidates and drops the
ambiguous ones whose context says they are not times ("may", "March" as a verb,
"2000 people"). :func:`tag` needs only the text; the extractor adds a check on the
spaCy parse (:func:`newsgraph.timex.tense.keep_candidate`).
"""

from __future__ import annotations

import re

from newsgraph.intervals import Disjoint
from newsgraph.timex.words import (
    HOLIDAY,
    HOLIDAYS,
    MONTH,
    MONTHS,
    NUM,
    NUMWORD,
    ORDINAL,
    PART,
    SEASON,
    SEASONS,
    UNIT,
    VAGUE,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
)

TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
L = r"(?<![\w$£€.,'-])"  # a match starts at a word start, not inside a number or amount
R = r"(?![\w%])"
R_NUM = r"(?![\w%]|[.,]\d)"
DAYN = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"

MODPRE = (r"(?:(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|close|turn|spring|summer|"
          r"fall|autumn|winter)\s+of\s+|(?:early|late|mid|middle|earlier|later|very\s+early|"
          r"very\s+late)[\s-]+)")
APPROX = (r"(?:(?:about|almost|nearly|roughly|around|approximately|some|more\s+than|less\s+than|"
          r"fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|"
          r"over(?!\s+the\b)|"
          r"barely|under|well\s+over)\s+)")
REL = r"(?:last|next|this|past|previous|coming|following|current|same|that|this\s+past)"
TIME = (r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d){1,2}(?:\s*(?:[ap]\.m\.|[ap]\.?m\b))?"
        r"|(?:1[0-2]|0?\d)\s*(?:[ap]\.m\.|[ap]\.?m\b)"
        r"|(?:1[0-2]|0?\d)\s+o'clock|noon|midnight|midday"
        r"|(?:1[0-2]|0?\d)\s+in\s+the\s+(?:morning|afternoon|evening))"
        r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|UT|Z|ET|CET|BST|local\s+time|\((?:GMT|UTC)\s*[+-]\s*\d{1,2}\)))?")
DAYWORD = r"(?:yesterday|today|tomorrow|tonight)"
QUALIFIER = (r"(?:(?:latest|current|same|comparable|year-earlier|year-ago|previous|fiscal|"
             r"last\s+year's|this\s+year's|next\s+year's|year\s+earlier|" + YEAR
             + r"(?:'s)?)[\s-]+)")
OF_YEAR = (r"(?:\s+(?:of|in)\s+(?:fiscal\s+)?(?:" + YEAR + r"|this\s+year|last\s+year|next\s+year|"
           r"the\s+(?:year|current\s+year|previous\s+year|fiscal\s+year)))")

SPOKEN_YEAR = (rf"(?:nineteen[\s-]+(?:{TENS}(?:[\s-]+{ONES})?|{TEENS}|hundred(?:\s+and\s+{ONES})?)"
               rf"|two\s+thousand(?:\s+and\s+{ONES}|[\s-]+{ONES})?)")
DECADE = r"(?:(?:1[5-9]|20)?\d0'?s|'\d0s)"

PATTERNS: list[tuple[str, str]] = [
    ("weekday_date", rf"{WEEKDAY},?\s+\(?(?:{MONTH}\s+{DAYN}|{DAYN}\s+{MONTH})\)?"
                     rf"(?:,?\s+{YEAR}{R_NUM})?"),
    ("month_day", rf"(?:{MODPRE}|(?i:last|next|this\s+past|this\s+coming)\s+)?{MONTH}\s+{DAYN}"
                  rf"(?:\s*,\s*{YEAR}{R_NUM}|\s+{YEAR}{R_NUM})?"),
    ("day_month", rf"(?<![\d,.]){DAYN}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR}{R_NUM})?"),
    ("month_year", rf"{MODPRE}?{MONTH},?\s+(?:of\s+)?{YEAR}{R_NUM}"),
    # "June last year", "October of next year"
    ("month_rel_year", rf"{MONTH}\s+(?:of\s+)?(?i:last|this|next)\s+year{R}"),
    ("month", rf"(?:(?:{MODPRE}|(?:last|next|this|that|this\s+past|the\s+coming|the\s+same)\s+)"
              rf"+)?{MONTH}{R}"),
    ("iso", r"(?<![\d-])\d{4}-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d(?::[0-5]\d)?)?(?![\d-])"),
    ("slash", r"(?<![\d/])(?:[01]?\d)/(?:[0-3]?\d)/(?:\d{4}|\d{2})(?![\d/])"),
    ("year", rf"{L}(?:(?:fiscal|calendar|FY|fy|Fiscal|the\s+year|(?i:fiscal\s+year))\s*'?)?"
             rf"(?:{MODPRE})?{YEAR}(?:\s+or\s+(?:later|earlier|before|after|so))?{R_NUM}"),
    ("fy", r"\bFY\s*'?\d{2}(?:\d{2})?\b"),
    ("decade", rf"{L}(?:the\s+)?(?:{MODPRE})?(?:(?:1[5-9]|20)?\d0'?s|'\d0s|"
               r"(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"),
    ("century", rf"(?i:(?:the\s+)?(?:{MODPRE})?{ORDINAL}[\s-]+century)"),
    ("season", rf"(?i:(?:(?:{MODPRE}|(?:the|this|last|next|this\s+past|that|the\s+coming|"
               rf"the\s+past)\s+)+){SEASON}(?:\s+(?:of\s+)?{YEAR})?){R}"),
    ("season_year", rf"(?i:{SEASON}\s+(?:of\s+)?{YEAR}){R_NUM}"),
    ("season_bare", rf"(?i:\b(?:spring|summer|winter|autumn)){R}"),
    ("weekend", r"(?i:(?:the|this|last|next|that|this\s+past|the\s+past|the\s+coming)"
                rf"\s+weekend){R}"),
    ("relative", rf"(?i:(?:{MODPRE})?{REL}\s+(?:day|week|month|year|decade|century|weekend|"
                 rf"quarter|fiscal\s+year|{SEASON})){R}"),
    ("relative_wd", rf"(?i:(?:early|late|earlier|later)?\s*(?:last|next|this|this\s+past|"
                    r"this\s+coming|the\s+coming|"
                    # "allegation that Tuesday's attack...": there "that" is a conjunction
                    rf"the\s+following|the\s+previous|that(?!\s+{WEEKDAY}['’]s))\s+){WEEKDAY}"
                    rf"(?:\s+(?i:{PART}))?{R}"),
    ("relative_mo", rf"(?i:(?:last|next|this|this\s+past|the\s+following|the\s+previous)\s+)"
                    rf"{MONTH}{R}"),
    ("earlier_this", r"(?i:(?:earlier|later|early|late)\s+(?:this|that|last|next|in\s+the)\s+"
                     rf"(?:week|month|year|day|{PART}|decade|quarter)){R}"),
    ("end_of", r"(?i:(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|close|turn)\s+of\s+"
               r"(?:the|this|last|next|that)\s+(?:week|month|year|quarter|decade|century|"
               rf"season|day|fiscal\s+year)){R}"),
    ("ago", rf"(?i:{L}{APPROX}?(?:{NUM}|{VAGUE})[\s-]+{UNIT}s?(?:\s+or\s+so)?\s+"
            rf"(?:ago|earlier|later|before\s+that|previously|back|from\s+now|hence)){R}"),
    ("ago_bare", rf"(?i:{L}(?:\w+\s+)?(?:{UNIT})s\s+(?:ago|earlier|later)){R}"),
    ("dayword", rf"(?i:(?:(?:earlier|later|early|late)\s+)?{DAYWORD}(?:\s+{PART})?){R}"),
    ("this_part", rf"(?i:(?:this|last|tomorrow|yesterday|that|early\s+this|late\s+this|"
                  rf"earlier\s+this|later\s+this)\s+{PART}){R}"),
    ("overnight", rf"(?i:\bovernight){R}"),
    # "at mid-afternoon yesterday", "by mid morning"
    ("mid_part", rf"(?i:\bmid[\s-]?{PART}(?:\s+{DAYWORD})?){R}"),
    ("weekday", rf"(?:(?i:early|late|earlier|later)\s+)?{WEEKDAY}(?:\s+(?i:{PART})s?)?{R}"),
    ("time", rf"{L}{TIME}(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|(?i:{DAYWORD})|{MONTH}\s+{DAYN}))?{R}"),
    ("time_pre", rf"(?i:(?:{PART}|midnight|noon)\s+){WEEKDAY}{R}"),
    ("duration", rf"(?i:{L}{APPROX}?(?:the\s+)?(?:(?:past|last|next|coming|first|previous|final|"
                 rf"following|latest|recent|preceding|remaining|initial)\s+)?(?:{NUM}|{VAGUE})"
                 rf"[\s-]+(?:(?:more|additional|further|straight|consecutive)\s+)?{UNIT}s?"
                 rf"(?:-old|-long|\s+and\s+a\s+half)?){R}"),
    ("duration_the", rf"(?i:(?:the\s+)?(?:past|last|next|coming|previous|following)\s+"
                     rf"(?:decade|century|few\s+\w+)){R}"),
    ("plural_unit", rf"(?i:(?:(?:recent|past|coming|next|last|several|many|few|the\s+past|"
                    r"the\s+coming|the\s+next|the\s+last|the\s+first)\s+)*"
                    rf"(?:(?:second|minute|hour|day|week|month|year|decade|quarter)s|centuries)"
                    rf"(?:-long)?){R}"),
    # "in the weeks ahead", "a day-long meeting", "for a while", "post-1959 politics"
    ("ahead", r"(?i:(?:the\s+)?(?:days|weeks|months|years|quarters)\s+ahead)(?!\s+of\b)" + R),
    ("unit_long", r"(?i:\b(?:day|week|month|year|hour|minute)-long)" + R),
    ("a_while", r"(?i:(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bafter\s))a\s+(?:long\s+)?while)" + R),
    ("year_prepost", rf"(?i:\b(?:pre|post)-){YEAR}{R_NUM}"),
    ("quarter", rf"(?i:(?:the\s+|its\s+|a\s+)?{QUALIFIER}*{ORDINAL}[\s-]+(?:fiscal[\s-]+)?"
                rf"(?:quarter|half|period)s?{OF_YEAR}?){R}"),
    ("quarter_the", rf"(?i:(?:the|that|this)\s+{QUALIFIER}*(?:quarter|period|half){OF_YEAR}?){R}"),
    # "the last half of the '80s", "at least the first two quarters of 1990"
    ("half_of", rf"(?i:{L}{APPROX}?(?:the\s+)?(?:first|second|last|latter)\s+"
                rf"(?:half|two\s+quarters)\s+of\s+(?:the\s+)?(?:{DECADE}|{YEAR}{R_NUM})){R}"),
    ("qn", rf"{L}(?:Q[1-4](?:\s+{YEAR}|\s*'\d\d)?|[1-4]Q(?:\s*'?\d\d)?){R}"),
    ("year_ago", r"(?i:(?:the\s+)?(?:year|quarter|month|week)-(?:earlier|ago|end)"
                 rf"(?:\s+(?:period|quarter|month|year|week|{NUM}\s+months))?){R}"),
    ("same_period", r"(?i:(?:the\s+)?(?:same|corresponding|comparable)\s+"
                    r"(?:period|quarter|month|week|time|day)\s+"
                    r"(?:(?:of\s+)?last\s+year|a\s+year\s+(?:ago|earlier)|the\s+(?:previous|prior)"
                    rf"\s+year|of\s+the\s+(?:last|previous)\s+year)){R}"),
    # "last year's quarter", "the quarter a year ago"
    ("quarter_year", r"(?i:(?:last|this|next)\s+year's\s+(?:quarter|period)|(?:the|that)\s+"
                     rf"(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)){R}"),
    ("week_of", rf"(?i:(?:the\s+)?week\s+of\s+){MONTH}\s+{DAYN}(?:,?\s+{YEAR}{R_NUM})?"),
    ("fiscal_year", rf"(?i:(?:the\s+)?(?:(?:current|next|last|latest|previous|coming|new|{YEAR})"
                    r"\s+)?"
                    rf"fiscal\s+year(?:\s+{YEAR})?){R}"),
    ("set", rf"(?i:\b(?:daily|weekly|monthly|yearly|hourly|nightly|biweekly|"
            rf"semiannually)){R}"),
    ("set_every", rf"(?i:\b(?:every|each|per)\s+(?:other\s+)?(?:{NUM}\s+)?(?:{UNIT}s?|"
                  rf"weekend|{PART}|{SEASON})){R}|\b(?i:every|each)\s+(?:{WEEKDAY}|{MONTH}){R}"),
    ("set_times", rf"(?i:\b(?:once|twice|thrice|(?:{NUM})\s+times)\s+(?:a|an|per|every|each)\s+"
                  rf"{UNIT}){R}"),
    ("holiday", rf"{HOLIDAY}(?:\s+{YEAR})?{R}"),
    ("ref", r"(?i:\b(?:now|currently|recently|nowadays|presently|a\s+later\s+(?:date|time)|"
            r"the\s+past|the\s+future|the\s+present|in\s+recent\s+(?:history|times)|"
            r"the\s+near\s+(?:future|term)|the\s+(?:short|long|longer)\s+term|these\s+days))"
            rf"{R}"),
    ("the_year", r"(?i:(?:(?<=\bfor\s)|(?<=\bof\s))the\s+(?:full\s+|entire\s+|whole\s+)?year)"
                 r"(?![\w-]|'s)"),
    # "the current weakness": now, as an adjective (not "current account", "electric current")
    ("current", r"(?<!\bthen\s)\b[Cc]urrent(?=\s+[a-z])(?!\s+(?:account|accounts|flows?|"
                r"affairs|events)\b)"),
    ("year_end", rf"(?i:\byear(?:'s)?[\s-]end){R}"),
    ("spoken_year", rf"(?i:\b(?:(?:{MONTH},?|(?:the\s+)?{SEASON})\s+(?:of\s+)?)?"
                    rf"(?:the\s+year\s+)?{SPOKEN_YEAR}){R}"),
]

# no time expression starts inside a word: the lookbehind rejects most positions at once
COMPILED: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(r"(?<![A-Za-z0-9])(?:" + p + ")")) for name, p in PATTERNS]

# a bare month name that is also a common word needs a calendar word before it
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "sun", "sat", "wed", "dec", "aug"}
_MONTH_CUE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|of|from|through|during|before|after|to|between|and|or|"
    r"last|next|this|early|late|mid|each|every|that|on|until|end|beginning|start)[\s-]+)$")
_PLURAL_CUE = re.compile(r"(?i:\b(?:for|within|over|in|after|of|lasted|last|take|takes|took)"
                         r"\s+)$")
# "6-year-old" is an age; "three-quarters", "a quarter of" are fractions
_AGE = re.compile(r"years?-old$")
_FRACTION = re.compile(r"(?:-quarters?$|^(?:.*\s)?(?:an?|one)\s+quarter$|^an?\s+second$)")
_OLD = re.compile(r"\s+old\b")
_PER_AMOUNT = re.compile(r"(?:\d|\b(?:seats|hours|flights|times|shares|people|jobs))\s+$")
_AGE_DECADE = re.compile(r"(?i:\b(?:his|her|their|my|your|our|its)\s+(?:early\s+|late\s+|mid-)?)$")
_SEASON_CUE = re.compile(r"(?i:\b(?:in|during|by|until|since|through|over|this|last|next)\s+)$")


def _keep(name: str, text: str, start: int, end: int) -> bool:
    """Context checks for candidates that are often not times."""
    before = text[max(0, start - 24):start]
    word = text[start:end]
    if name == "month" and len(word) <= 4 and not word.endswith(".") and \
            word.lower() not in ("may", "june", "july"):
        return False  # "Jan Kavan": a bare abbreviation is a name
    if name == "month" and word.rstrip(".").lower() in _AMBIGUOUS_MONTHS:
        # "the March accession": "the" and a lower-case noun make it a month too
        return bool(_MONTH_CUE.search(before)) or bool(
            re.search(r"\b[Tt]he\s+$", before) and re.match(r"\s+[a-z]", text[end:end + 2]))
    if name == "plural_unit" and " " not in word.strip() and "-" not in word:
        return bool(_PLURAL_CUE.search(before))
    after = text[end:end + 8]
    if name in ("duration", "plural_unit"):
        lowered = word.lower()
        if _AGE.search(lowered) or _FRACTION.search(lowered) or _OLD.match(after):
            return False
        if _PER_AMOUNT.search(before) and lowered.startswith(("a ", "an ")):
            return False  # "$1.76 a year", "700 seats a week": a rate, not a time
    if name == "decade" and _AGE_DECADE.search(before):
        return False  # "in his 30s"
    if name == "dayword" and after.startswith(("'s", "’s")) and word.lower() == "today":
        return False  # "today's youth"
    if name == "relative" and word.istitle() and " " in word and before.rstrip().endswith(
            ('"', "``", "“")):
        return False  # ABC's "This Week": a title in quotes
    if name == "season_bare":
        return bool(_SEASON_CUE.search(before))
    if name == "year":
        # "$1998", "No. 1998", "Room 2000" are not years; "1998-99" is a span of years
        return not re.search(r"(?:No\.|#|\bp\.|\bpp\.)\s*$", before)
    return True


# Every time expression holds one of these words or a digit: the patterns only run in
# windows around them, so the text is scanned once and most of it never again.
_TRIGGER_WORDS = frozenset(
    set(MONTHS) | set(WEEKDAYS) | set(SEASONS) | {w for h in HOLIDAYS for w in h.split()}
    | {"second", "minute", "hour", "day", "week", "fortnight", "month", "quarter", "year",
       "decade", "century", "centuries", "millennium", "millennia", "weekend", "now", "current",
       "currently", "recent", "recently", "present", "presently", "future", "past", "soon",
       "today", "tonight", "tomorrow", "yesterday", "overnight", "noon", "midnight", "daily",
       "weekly", "monthly", "yearly", "hourly", "nightly", "biweekly", "semiannually", "fiscal",
       "fy", "morning", "afternoon", "evening", "night", "nowadays", "term", "nineteen",
       "thousand", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
       "eighties", "nineties", "o'clock", "half", "period", "every", "each", "per", "these",
       "while", "later"})
_WORD = re.compile(r"[A-Za-z']+|\d+")
WINDOW = 64  # characters a match may reach before or after its trigger word


def windows(text: str) -> list[tuple[int, int]]:
    """Disjoint spans of the text around trigger words, where a time expression can be."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    for match in _WORD.finditer(text):
        word = match.group()
        if not word[0].isdigit():
            word = word.lower().strip("'")
            if word not in _TRIGGER_WORDS and word.removesuffix("s") not in _TRIGGER_WORDS \
                    and word.removesuffix("'s") not in _TRIGGER_WORDS:
                continue
        start, end = max(0, match.start() - WINDOW), min(n, match.end() + WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def candidates(text: str) -> list[tuple[int, int, str]]:
    """Every pattern match (start, end, pattern name), before overlap resolution."""
    found = []
    spans = windows(text)
    for name, pattern in COMPILED:
        for match in (m for s, e in spans for m in pattern.finditer(text, s, e)):
            start, end = match.span()
            # trim whitespace a pattern may have swallowed at its edges
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start and _keep(name, text, start, end):
                found.append((start, end, name))
    return found


# "April 24 and 25": the second day of the month named just before
_SECOND_DAY = re.compile(r"\s+(?:and|or|&)\s+(3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
                         r"(?=\s*[.;:)]|,\s|\s+(?:at|in|on|when|before|after)\b|$)")


# "between two to six days": the first number of a range of durations; "the second and
# fourth quarters": the first ordinal of a pair
_RANGE_START = re.compile(rf"(?i:(?<![\w.,$-])({NUMWORD}|\d+)\s+(?:to|and|or)\s+)$")
_ORDINAL_START = re.compile(rf"(?i:\b({ORDINAL})\s+(?:and|or)\s+)$")


def _second_days(text: str, chosen: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    extra = []
    for start, end, name in chosen:
        if name in ("month_day", "weekday_date"):
            match = _SECOND_DAY.match(text, end)
            if match:
                extra.append((match.start(1), match.end(), "second_day"))
        elif name == "duration":
            match = _RANGE_START.search(text, max(0, start - 24), start)
            if match:
                extra.append((match.start(1), match.end(1), "range_start"))
        elif name == "quarter" and text[start:end].lower().endswith("quarters"):
            match = _ORDINAL_START.search(text, max(0, start - 24), start)
            if match:
                extra.append((match.start(1), match.end(1), "range_start"))
    return extra


def tag(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping time expression extents (start, end, pattern name), in text order."""
    chosen: list[tuple[int, int, str]] = []
    taken = Disjoint()
    for start, end, name in sorted(candidates(text), key=lambda c: (c[0] - c[1], c[0])):
        if not taken.overlaps(start, end):
            chosen.append((start, end, name))
            taken.add(start, end)
    extra = [c for c in _second_days(text, chosen) if not taken.overlaps(c[0], c[1])]
    return sorted(chosen + extra)
