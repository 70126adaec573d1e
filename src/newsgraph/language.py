"""Language identification, so non-English text is flagged instead of mis-analyzed."""

from __future__ import annotations

import py3langid

# Below this many letters the identifier is unreliable; assume English.
MIN_LETTERS = 40


def detect_language(text: str) -> str:
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "en"
    language, _score = py3langid.classify(sample)
    return language
