"""Parse a number expression as news writes it: "around 10,000", "over 600,000",
"between 1,500 and 3,000", "six", "2 million", "$1.5bn", "nearly 40%".

Pure functions over strings, no spaCy: :data:`NUMBER_EXPR` finds candidate
expressions in running text and :func:`parse_quantity` turns one into
``value, high, approx, bound, unit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {
    "dozen": 12, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
# "dozens of", "hundreds of": vague plurals, a lower bound at twice the unit
VAGUE_PLURALS = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000,
                 "millions": 2e6, "billions": 2e9}

CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "₹": "INR", "₽": "RUB", "c$": "CAD", "a$": "AUD", "hk$": "HKD",
}
UNIT_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound sterling": "GBP",
    "pounds sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rupee": "INR", "rupees": "INR",
    "hryvnia": "UAH", "hryvnias": "UAH", "won": "KRW", "shekel": "ILS", "shekels": "ILS",
    "percent": "%", "per cent": "%", "%": "%", "percentage points": "pp",
    "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t", "kilogram": "kg", "kilograms": "kg",
    "kg": "kg", "pound": "lb", "pounds": "lb", "lb": "lb", "lbs": "lb",
    "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km", "km": "km",
    "mile": "mi", "miles": "mi", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "hectare": "ha", "hectares": "ha", "acre": "acre", "acres": "acre",
    "barrel": "bbl", "barrels": "bbl", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "megawatt": "MW", "megawatts": "MW", "gigawatt": "GW", "gigawatts": "GW",
}

# modifier phrase -> (bound, approx); longest first in the regex
MODIFIERS: dict[str, tuple[str | None, bool]] = {
    "around": (None, True), "about": (None, True), "approximately": (None, True),
    "roughly": (None, True), "some": (None, True), "an estimated": (None, True),
    "estimated": (None, True), "circa": (None, True), "nearly": ("upper", True),
    "almost": ("upper", True), "close to": ("upper", True), "just under": ("upper", True),
    "up to": ("upper", False), "as many as": ("upper", False), "as much as": ("upper", False),
    "at most": ("upper", False), "no more than": ("upper", False), "less than": ("upper", False),
    "fewer than": ("upper", False), "under": ("upper", False), "below": ("upper", False),
    "over": ("lower", False), "more than": ("lower", False), "at least": ("lower", False),
    "above": ("lower", False), "in excess of": ("lower", False), "upwards of": ("lower", False),
    "no fewer than": ("lower", False), "no less than": ("lower", False),
    "just over": ("lower", True),
    "well over": ("lower", False), "over a": ("lower", False),
}

_WORD_NUM = "|".join(sorted(list(ONES) + list(TENS), key=len, reverse=True))
_SPELLED = rf"(?:(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|dozen|bn|mn|mln|tn|trn|k|m|b)"
_CUR = r"(?:US\$|HK\$|C\$|A\$|\$|€|£|¥|₹|₽|USD |EUR |GBP )"
_AMOUNT = (rf"(?:{_CUR}\s?)?(?:{_DIGITS}|{_SPELLED}|an?(?=[ -]{_SCALE}\b))"
           rf"(?:[ -]?{_SCALE}\b(?:[ -](?:{_SCALE})\b)?)?")
# "one third", "two-thirds", "a quarter", "half of": shares, valued as fractions
FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
             "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1}
_FRACTION = (r"(?:(?:a|one|two|three|four|nine)[ -](?:half|halves|thirds?|quarters?|fifths?"
             r"|tenths?)\b(?![ -](?:of a )?(?:hour|day|week|month|year|century|decade|mile)s?\b)"
             r"|half(?=\s+(?:of|the|a|an)\b))")
_UNIT = "|".join(re.escape(u) for u in sorted(UNIT_WORDS, key=len, reverse=True))
_MOD = "|".join(re.escape(m) for m in sorted(MODIFIERS, key=len, reverse=True))

# A number expression in running text: optional modifier, amount or range, optional unit.
NUMBER_EXPR = re.compile(
    rf"(?<![\w$€£¥.,:/#-])(?:(?P<mod>{_MOD})\s+)?"
    rf"(?:(?P<frac>{_FRACTION})|between\s+(?P<lo>{_AMOUNT})\s+and\s+(?P<hi1>{_AMOUNT})"
    rf"|from\s+(?P<lo2>{_AMOUNT})\s+to\s+(?P<hi2>{_AMOUNT})"
    rf"|(?P<amount>{_AMOUNT})(?:\s*(?:-|–|to)\s*(?P<hi3>{_AMOUNT}))?"
    rf"|(?P<vague>dozens|scores|hundreds|thousands|millions|billions)(?=\s+of\b)"
    rf")"
    rf"(?:\s*(?P<unit>{_UNIT})(?![\w]))?(?![\w:/])",
    re.IGNORECASE,
)
_NUMERIC = re.compile(_DIGITS)
_CUR_PREFIX = re.compile(rf"^{_CUR}\s?", re.IGNORECASE)


@dataclass(frozen=True)
class Parsed:
    value: float | None
    high: float | None = None
    approx: bool = False
    bound: str | None = None
    unit: str | None = None


def words_to_number(text: str) -> float | None:
    """``"twenty-five"`` -> 25; ``"six"`` -> 6; None if not a spelled-out number."""
    total = 0.0
    parts = re.split(r"[\s-]+", text.lower().strip())
    if not parts or parts == [""]:
        return None
    for part in parts:
        if part in ONES:
            total += ONES[part]
        elif part in TENS:
            total += TENS[part]
        elif part in ("a", "an"):
            total += 1
        else:
            return None
    return total


def amount_value(text: str) -> tuple[float | None, str | None]:
    """Value and currency of one amount: ``"$1.5bn"`` -> (1.5e9, "USD")."""
    text = text.strip()
    unit = None
    match = _CUR_PREFIX.match(text)
    if match:
        unit = CURRENCY_SYMBOLS.get(match.group(0).strip().lower())
        text = text[match.end():]
    scale = 1.0
    # peel trailing scale words ("1.5 million", "2bn", "three hundred thousand")
    while True:
        m = re.search(rf"[ -]?({_SCALE})$", text, re.IGNORECASE)
        if not m or m.start() == 0:
            break
        word = m.group(1).lower()
        # a bare "m"/"b" only after digits ("5m"), not after words
        if word in ("m", "b", "k") and not text[: m.start()].rstrip()[-1:].isdigit():
            break
        scale *= SCALES[word]
        text = text[: m.start()].rstrip()
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        base = float(text.replace(",", ""))
    else:
        base = words_to_number(text)
    if base is None:
        return None, unit
    return base * scale, unit


def parse_quantity(text: str) -> Parsed | None:
    """Parse one number expression; None if ``text`` is not one."""
    match = NUMBER_EXPR.fullmatch(text.strip())
    if not match:
        return None
    return parsed_from_match(match)


def parsed_from_match(match: re.Match) -> Parsed | None:
    mod = (match["mod"] or "").lower()
    bound, approx = MODIFIERS.get(re.sub(r"\s+", " ", mod), (None, False))
    unit = UNIT_WORDS.get(match["unit"].lower()) if match["unit"] else None
    if match["frac"]:
        return Parsed(_fraction_value(match["frac"]), approx=approx, bound=bound or "exact",
                      unit="fraction")
    if match["vague"]:
        return Parsed(VAGUE_PLURALS[match["vague"].lower()], approx=True, bound="lower",
                      unit=unit)
    lo_text = match["lo"] or match["lo2"] or match["amount"]
    hi_text = match["hi1"] or match["hi2"] or match["hi3"]
    value, currency = amount_value(lo_text)
    if value is None:
        return None
    high = None
    if hi_text:
        high, hi_currency = amount_value(hi_text)
        currency = currency or hi_currency
        if high is not None and not _has_scale(lo_text) and _has_scale(hi_text):
            # "1.5 to 3 million": the scale of the high end applies to the low end
            scaled = value * _scale_of(hi_text)
            value = scaled if scaled <= high else value
        if high is None or high < value:
            high = None
    unit = currency or unit
    if high is not None:
        bound = "range"
    return Parsed(value, high, approx, bound or "exact", unit)


# a verb of change in the clause before "from X to Y" makes it a change, not a range:
# "reduced the number of polling stations from 180 to 5"
CHANGE_BEFORE = re.compile(
    r"\b(?:ris(?:e|es|en|ing)|rose|increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|"
    r"gr(?:ow|ows|ew|own|owing)|climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|leap(?:s|ed|t|ing)?|"
    r"f(?:all|alls|ell|allen|alling)|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|"
    r"cut(?:s|ting)?|reduc(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|lower(?:s|ed|ing)?|"
    r"(?:doubl|tripl)(?:e|es|ed|ing)|soar(?:s|ed|ing)?|surg(?:e|es|ed|ing)|"
    r"plung(?:e|es|ed|ing)|shr(?:ink|inks|ank|unk|inking)|swell(?:s|ed|ing)?|"
    r"revis(?:e|es|ed|ing)|up|down)\b(?:[^\S\n]+[^\s.,;:!?]+){0,5}[^\S\n]*$", re.IGNORECASE)
CHANGE_LOOKBACK = 80  # characters before "from" searched for the verb (at most 5 words)


def split_change(text: str, match: re.Match) -> tuple[re.Match, re.Match] | None:
    """"rose from 12 to 20": the matches of the earlier figure (12) and the new one
    (20), or None when ``match`` is no "from X to Y" after a verb of change."""
    if not match["lo2"]:
        return None
    before = text[max(0, match.start() - CHANGE_LOOKBACK):match.start()]
    if not CHANGE_BEFORE.search(before):
        return None
    old = NUMBER_EXPR.fullmatch(text, match.start("lo2"), match.end("lo2"))
    new = NUMBER_EXPR.fullmatch(text, match.start("hi2"), match.end())
    return (old, new) if old and new else None


def parsed_change(old: re.Match, new: re.Match) -> tuple[Parsed | None, Parsed | None]:
    """The two figures of a change; "from 1.5 to 3 million": the scale applies to both."""
    before, after = parsed_from_match(old), parsed_from_match(new)
    if before and before.value is not None and after and after.value is not None \
            and not _has_scale(old.group(0)) and _has_scale(new["amount"] or ""):
        before = replace(before, value=before.value * _scale_of(new["amount"]))
    return before, after


def _has_scale(text: str) -> bool:
    return re.search(rf"[ -]?{_SCALE}$", text.strip(), re.IGNORECASE) is not None


def _scale_of(text: str) -> float:
    value, _ = amount_value(text)
    m = re.search(rf"^(?:{_CUR}\s?)?([\d.,]+|{_SPELLED})", text.strip(), re.IGNORECASE)
    base, _ = amount_value(m.group(0)) if m else (None, None)
    return value / base if value and base else 1.0


def _fraction_value(text: str) -> float:
    words = re.split(r"[ -]+", text.lower().strip())
    if len(words) == 1:
        return FRACTIONS[words[0]]
    count = 1.0 if words[0] in ("a", "one") else float(ONES.get(words[0], 1))
    return count * FRACTIONS[words[-1]]
