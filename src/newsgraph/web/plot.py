"""A story's timeline as an inline SVG, drawn on the server (no script, no external asset).

Two lanes share one time axis: events (dots, coloured by status) and numbers
(squares, height by log10 of the value). Each mark has a ``<title>`` that the
browser shows on hover. All text from articles goes through ``escape``.
"""

from __future__ import annotations

import math
from datetime import date

from markupsafe import Markup, escape

from newsgraph.crossdoc.models import TimelineEntry
from newsgraph.timeutil import parse_date
from newsgraph.timex.humanize import in_words

WIDTH, HEIGHT = 900, 290
LEFT, RIGHT = 110, 110
EVENT_Y = 24
PER_ROW = 10
NUM_TOP, NUM_BOTTOM = 140, 235
STATUS_FILL = {"asserted": "#3b6fb6", "confirmed": "#2e8b57", "denied": "#c0392b",
               "not_confirmed": "#d68910", "not_denied": "#8e44ad", "hedged": "#7f8c8d",
               "reported": "#2c7f9e", "no_comment": "#555", "conditional": "#a0522d"}


def _day(value: str | None) -> date | None:
    if not value:
        return None
    return parse_date(value[:10])


CHAR_WIDTH, LINE_HEIGHT = 6.0, 11.0  # of 10-11px text, for keeping labels apart


def axis_days(days: list[date], x, min_gap: float = 80.0) -> list[date]:
    """The days to label on the axis: no two closer than ``min_gap`` pixels."""
    shown: list[date] = []
    for d in days:
        if not shown or x(d) - x(shown[-1]) >= min_gap:
            shown.append(d)
    return shown


class Labels:
    """Text boxes already drawn; a label that would overlap one is left out."""

    def __init__(self) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []

    def place(self, x: float, y: float, chars: int) -> bool:
        box = (x, y - LINE_HEIGHT, x + chars * CHAR_WIDTH, y)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in self.boxes):
            return False
        self.boxes.append(box)
        return True


def timeline_svg(items: list[TimelineEntry]) -> Markup:
    dated = [(d, t) for t in items if t.kind in ("event", "quantity") and (d := _day(t.time))]
    if not dated:
        return Markup('<p class="muted">No dated events or numbers in this story.</p>')
    days = sorted({d for d, _ in dated})
    first, last = days[0], days[-1]
    span = max(1, (last - first).days)

    def x(d: date) -> float:
        if first == last:
            return (LEFT + WIDTH - RIGHT) / 2
        return LEFT + (WIDTH - LEFT - RIGHT) * (d - first).days / span

    values = [t.value for _, t in dated if t.kind == "quantity" and t.value and t.value > 0]
    lo, hi = (math.log10(min(values)), math.log10(max(values))) if values else (0.0, 1.0)

    def y(value: float) -> float:
        if hi == lo:
            return (NUM_TOP + NUM_BOTTOM) / 2
        return NUM_BOTTOM - (NUM_BOTTOM - NUM_TOP) * (math.log10(value) - lo) / (hi - lo)

    parts = [f'<svg class="timeline" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">',
             '<title>Timeline of events and numbers</title>',
             f'<line x1="{LEFT}" y1="{HEIGHT - 25}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - 25}" '
             'stroke="#999"/>',
             f'<text x="10" y="{EVENT_Y + 24}" font-size="12" fill="#333">events</text>',
             f'<text x="10" y="{(NUM_TOP + NUM_BOTTOM) // 2}" font-size="12" '
             'fill="#333">numbers</text>']
    for d in axis_days(days, x):
        parts.append(f'<text x="{x(d):.1f}" y="{HEIGHT - 8}" font-size="11" fill="#333" '
                     f'text-anchor="middle">{d.day} {d:%b %Y}</text>')
    labels = Labels()
    stacked: dict[tuple[str, date], int] = {}
    for d, t in dated:
        n = stacked.get((t.kind, d), 0)
        stacked[(t.kind, d)] = n + 1
        label = escape(f"{in_words(t.time)} · {t.kind} · {t.text}"
                       + (f" · {t.counted}" if t.counted else "")
                       + (f" · status: {t.status}" if t.status else "")
                       + (f" · source: {t.source}" if t.source else "")
                       + f" · article {t.article}")
        if t.kind == "event":
            # events of one day stack in rows of PER_ROW, centred on the day
            cx = x(d) + (n % PER_ROW - (PER_ROW - 1) / 2) * 9
            fill = STATUS_FILL.get(t.status or "", "#3b6fb6")
            cy = EVENT_Y + (n // PER_ROW) * 10
            parts.append(f'<circle class="pt-event" cx="{cx:.1f}" cy="{cy}" r="4" '
                         f'fill="{fill}"><title>{label}</title></circle>')
        elif t.value and t.value > 0:
            cx = x(d) + n % 3 * 10
            cy = y(t.value)
            parts.append(f'<rect class="pt-number" x="{cx - 4:.1f}" y="{cy - 4:.1f}" '
                         f'width="8" height="8" fill="#e67e22"><title>{label}</title></rect>')
            value = f"{t.value:,.0f}" if float(t.value).is_integer() else f"{t.value:,}"
            if labels.place(cx + 7, cy + 4, len(value)):  # the hover card has every value
                parts.append(f'<text x="{cx + 7:.1f}" y="{cy + 4:.1f}" font-size="10" '
                             f'fill="#333">{escape(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
