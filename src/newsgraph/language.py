"""Language identification, so non-English text is flagged instead of mis-analyzed."""

from __future__ import annotations

import re

import py3langid

# Below this many letters the identifier is unreliable; assume English.
MIN_LETTERS = 40
# The identifier calls some short English news text Pidgin, Welsh or Farsi; English
# function words settle it. Other languages seldom reach 8% of their words here
# (French, Spanish, Italian 0%, German, Dutch, Portuguese 4-7%), English news 20-40%.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in is was for that with on as by at from his her its their has have had "
    "were are be been it this which who said after not will would but they he she we".split())
MIN_FUNCTION_SHARE = 0.15
MIN_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if letters and sum(ch < "\u0250" for ch in letters) / len(letters) < 0.5:
        # mostly another script (Chinese, Cyrillic, Arabic …): not English, however short;
        # the identifier is sure of a script even on a few characters
        language = py3langid.classify(sample)[0]
        return language if language != "en" else "und"
    if len(letters) < MIN_LETTERS:
        return "en"
    language, _score = py3langid.classify(sample)
    if language != "en" and looks_english(sample):
        return "en"
    return language


def looks_english(text: str) -> bool:
    """True when English function words make up a clear share of the words."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return False
    share = sum(word in ENGLISH_FUNCTION_WORDS for word in words) / len(words)
    return share >= MIN_FUNCTION_SHARE
