"""Find quotation regions in raw text: straight and curly double marks, across paragraphs.

A region is the ``[start, end)`` span of the quoted words, marks excluded. A quote that runs
over several paragraphs (each continuation paragraph reopens with a mark and the earlier
paragraph is left unclosed, the newswire convention) is one region.
"""

from __future__ import annotations

import re

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
_MARK = re.compile(r'["“”«»„]|\n')
_CONTINUES = re.compile(r'\s*["“«„]')


def quote_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    start: int | None = None  # index just after the opening mark
    skip_to = -1  # a continuation paragraph's opening mark, already consumed
    for m in _MARK.finditer(text):
        ch, i = m.group(), m.start()
        if i < skip_to:
            continue
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
            if ch in OPENING or ch == STRAIGHT:
                start = i + 1
        elif ch in CLOSING or ch == STRAIGHT:
            regions.append((start, i))
            start = None
        elif ch in OPENING:  # a stray reopening: restart the region here
            start = i + 1
    if start is not None:
        regions.append((start, _rstrip(text, start, len(text))))
    return [(s, e) for s, e in regions if e > s and text[s:e].strip()]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
