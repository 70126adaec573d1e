"""The timex vocabulary (``data/timex_words.json``) and regex pieces built from it once."""

from __future__ import annotations

import json
import re
from functools import cache

from newsgraph.data import read_text


@cache
def words() -> dict:
    text = read_text("timex_words.json")
    return json.loads(text)


def alternation(items, *, dots: bool = False) -> str:
    """A regex alternation of ``items``, longest first (so "sept" beats "sep")."""
    parts = []
    for item in sorted(set(items), key=len, reverse=True):
        part = re.escape(item).replace(r"\ ", r"\s+")
        parts.append(part + (r"\.?" if dots and len(item) <= 4 else ""))
    return "(?:" + "|".join(parts) + ")"


def cased(items) -> str:
    """Title-case and upper-case forms only: "May"/"MAY" are months, "may" is not."""
    forms = set()
    for item in items:
        forms.add(item.title())
        forms.add(item.upper())
    parts = []
    for item in sorted(forms, key=len, reverse=True):
        abbrev = len(item) <= 4 and item.lower() not in ("may", "june", "july")
        parts.append(re.escape(item) + (r"\.?" if abbrev else ""))
    return "(?:" + "|".join(parts) + ")"


W = words()
MONTHS: dict[str, int] = W["months"]
WEEKDAYS: dict[str, int] = W["weekdays"]
NUMBERS: dict[str, float] = W["numbers"]
ORDINALS: dict[str, int] = W["ordinals"]
UNITS: dict[str, str] = W["units"]
SEASONS: dict[str, str] = W["seasons"]
PARTS_OF_DAY: dict[str, str] = W["parts_of_day"]
HOLIDAYS: dict[str, str] = W["holidays"]

MONTH = cased(MONTHS)
# full weekday names in any case are rare as non-dates; abbreviations must be cased
WEEKDAY = ("(?:" + cased(k for k in WEEKDAYS if len(k) <= 5 and k != "sun") + "|"
           + "(?i:" + alternation(k for k in WEEKDAYS if len(k) > 5) + "))")
_SMALL = [k for k in NUMBERS if " " not in k and k not in ("a", "an", "half")]
NUMWORD = alternation(_SMALL)
# "twenty four", "twenty-four", "two and a half", "2.5", "1,000", "a", "an"
NUM = (rf"(?:\d+(?:[\s-]+[13]/[24]|[.,]\d+)?|{NUMWORD}(?:[\s-]+{NUMWORD})*"
       r"(?:\s+and\s+a\s+half)?|(?:a\s+)?couple\s+of|a\s+dozen|half\s+an?"
       r"|an?(?:\s+and\s+a\s+half)?)")
VAGUE = r"(?:several|a\s+few|few|many|some|a\s+number\s+of|numerous)"
UNIT = (r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie)"
        r"|millenni(?:um|a))")
UNIT_NOQ = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ie))"
SEASON = alternation(SEASONS)
PART = r"(?:morning|afternoon|evening|night)"
ORDINAL = alternation(ORDINALS)
HOLIDAY = "(?i:" + alternation(HOLIDAYS) + ")"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
