"""Find quotation regions in raw text: straight and curly double marks, across paragraphs.

A region is the ``[start, end)`` span of the quoted words, marks excluded. A quote that runs
over several paragraphs (each continuation paragraph reopens with a mark and the earlier
paragraph is left unclosed, the newswire convention) is one region.

Some archives (the New York Times among them) write double marks as two apostrophes,
``''like this,''``: a doubled apostrophe counts as a straight double mark. In ``,'''`` a
single quote inside closes first; in ``'''A`` a single quote opens inside.
"""

from __future__ import annotations

import re

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
_MARK = re.compile(r"[\"“”«»„\n]|'''?")
_CONTINUES = re.compile(r"\s*(?:[\"“«„]|'')")


def quote_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    start: int | None = None  # index just after the opening mark
    skip_to = -1  # a continuation paragraph's opening mark, already consumed
    for m in _MARK.finditer(text):
        ch, i = m.group(), m.start()
        if i < skip_to:
            continue
        if ch.startswith("''"):
            ch, i, after = _apostrophes(ch, i, start is not None)
        else:
            after = i + 1
        if ch == "\n":
            if start is None:
                continue
            cont = _CONTINUES.match(text, i + 1)
            if cont:  # the quote goes on in the next paragraph
                skip_to = cont.end()
                continue
            regions.append((start, _rstrip(text, start, i)))
            start = None
        elif start is None:
            if ch in OPENING or ch == STRAIGHT or ch in CLOSING and _opens_line(text, i):
                start = after  # a paragraph opening with '”' is a typo for '“'
        elif ch in CLOSING or ch == STRAIGHT:
            regions.append((start, i))
            start = None
        elif ch in OPENING:  # a stray reopening: restart the region here
            start = after
    if start is not None:
        regions.append((start, _rstrip(text, start, len(text))))
    return [(s, e) for s, e in regions if e > s and text[s:e].strip()]


def _apostrophes(mark: str, i: int, open_: bool) -> tuple[str, int, int]:
    """A run of two or three apostrophes as (straight mark, where it is, where words start)."""
    if len(mark) == 3 and open_:
        return STRAIGHT, i + 1, i + 3  # ",'''": the inner single quote closes first
    return STRAIGHT, i, i + 2


def _opens_line(text: str, i: int) -> bool:
    return i == 0 or not text[text.rfind("\n", 0, i) + 1:i].strip()


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
