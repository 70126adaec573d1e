"""Datelines: the place (and sometimes date) line that opens a wire story.

"WASHINGTON/BRUSSELS — ", "KYIV, Ukraine (Reuters) - ", "LONDON, Jan 5 (AP) -- ".
"""

from __future__ import annotations

import re

from newsgraph.extract import Context, extractor
from newsgraph.schema import Dateline

_PLACE = r"[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}"
# Horizontal space only: a dateline never crosses a line break.
DATELINE = re.compile(
    rf"^(?P<places>{_PLACE}(?:[ \t]*/[ \t]*{_PLACE})*)"
    r"(?:,[ \t]*(?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
    r"(?:,?[ \t]*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r" \d{1,2}))?"
    r"(?:[ \t]*\((?P<agency>[A-Za-z .&]+)\))?"
    # an attached em/en dash ("WASHINGTON—"), or a spaced hyphen (not "U.S.-led")
    r"(?:[ \t]*[—–]|[ \t]+(?:--|-))[ \t]+"
    # the story goes on in running text, not an all-caps headline ("SOCCER - JAPAN WIN")
    r"(?=[^\n]{0,30}?[a-z])",
    re.MULTILINE,
)


def find_datelines(text: str) -> list[Dateline]:
    """Datelines at the start of the text or of a paragraph."""
    found = []
    for match in DATELINE.finditer(text):
        places = [p.strip().title() for p in match["places"].split("/")]
        if match["region"]:
            places.append(match["region"])
        start, end = match.span()
        end = start + len(match.group(0).rstrip())
        if any(len(place) < 2 for place in places):
            continue
        found.append(Dateline(text=text[start:end], span=(start, end), places=places,
                              date=match["date"]))
    return found


@extractor("datelines")
def extract_datelines(ctx: Context) -> None:
    ctx.document.datelines = find_datelines(ctx.document.text)
