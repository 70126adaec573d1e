"""Article text as HTML with every extraction marked in place.

Extractions overlap (a quote holds entity mentions, numbers and dates), so
marks are nested: the sweep keeps a stack of open marks and, when a mark ends
while marks opened after it are still open, closes those, closes it, and
reopens them. A mark cut that way keeps its ``data-mark`` id, so the browser
(and the tests) can count pieces as one extraction.

Everything from the article is escaped with :func:`markupsafe.escape`; only
the tags built here are markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from newsgraph.schema import Document, Quantity, Quote, Timex

# Lower rank opens first (outermost) when two marks start at the same offset
# and end at the same offset.
RANK = {"quote": 0, "quoted": 0, "event": 1, "speaker": 2, "entity": 3, "quantity": 4, "timex": 5,
        "cue": 6}


@dataclass
class Mark:
    start: int
    end: int
    kind: str
    mark_id: str
    title: str
    classes: list[str] = field(default_factory=list)
    href: str | None = None
    data: dict[str, str] = field(default_factory=dict)

    def open_tag(self, first: bool) -> str:
        tag = "a" if self.href else "span"
        attrs = {"class": " ".join(["mark", self.kind, *self.classes]), "data-mark": self.mark_id,
                 "title": self.title}
        if first:
            attrs["id"] = self.mark_id
        if self.href:
            attrs["href"] = self.href
        attrs.update({f"data-{k}": v for k, v in self.data.items()})
        rendered = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
        return f"<{tag} {rendered}>"

    def close_tag(self) -> str:
        return "</a>" if self.href else "</span>"


def _fmt_number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def quantity_title(q: Quantity) -> str:
    value = _fmt_number(q.value)
    if q.high is not None:
        value += f"–{_fmt_number(q.high)}"
    parts = [f"quantity: {'~' if q.approx else ''}{value}"]
    for label, item in (("unit", q.unit), ("bound", q.bound), ("counted", q.counted),
                        ("source", q.source), ("time", q.time)):
        if item:
            parts.append(f"{label}: {item}")
    if q.revises is not None:
        parts.append(f"revises: {_fmt_number(q.revises.value)} ({q.revises.text})")
    return " · ".join(parts)


def quote_title(q: Quote) -> str:
    parts = [f"{q.kind} quote", f"status: {q.status}"]
    if q.attribution_kind:
        parts.append(f"attribution: {q.attribution_kind}")
    if q.speaker is not None:
        speaker = q.speaker.name + (f" ({q.speaker.role})" if q.speaker.role else "")
        parts.append(f"speaker: {speaker}")
    if q.cue is not None:
        parts.append(f"cue: {q.cue.text}")
    if q.channel:
        parts.append(f"channel: {q.channel}")
    if q.time:
        parts.append(f"time: {q.time}")
    return " · ".join(parts)


def timex_title(t: Timex) -> str:
    parts = [f"{t.type}: {t.value}"]
    if t.mod:
        parts.append(f"mod: {t.mod}")
    if t.inferred:
        parts.append("inferred")
    return " · ".join(parts)


def _event_title(e) -> str:
    parts = [f"event: {e.type}", f"status: {e.status}"]
    for label in ("actor", "target", "location", "time", "source", "actor_code", "target_code"):
        value = getattr(e, label)
        if value:
            parts.append(f"{label}: {value}")
    return " · ".join(parts)


EntityHref = Callable[[str | None], str | None]


def marks_for(doc: Document, entity_href: EntityHref) -> list[Mark]:
    """Every extraction of ``doc`` as a mark; spans outside the text are dropped."""
    n = len(doc.text)
    marks: list[Mark] = []
    names = {e.id: e for e in doc.entities}
    for e in doc.entities:
        for j, m in enumerate(e.mentions):
            marks.append(Mark(m.span[0], m.span[1], "entity", f"ent-{e.id}-{j}",
                              f"{e.type}: {e.name}", [f"ent-{e.type.lower()}"],
                              href=entity_href(e.id), data={"entity": e.id}))
    for i, q in enumerate(doc.quotes):
        data = {"status": q.status, "kind": q.kind}
        if q.speaker is not None:
            data["speaker"] = q.speaker.name
            href = entity_href(q.speaker.entity_id)
            if href:
                data["href"] = href  # the quote itself jumps to its speaker (app.js)
        # a quotation split by its cue is marked piece by piece under one id: the cue and
        # speaker between the pieces are not quoted words
        for start, end in q.segments or [q.span]:
            marks.append(Mark(start, end, "quote", f"quote-{i}", quote_title(q),
                              [f"status-{q.status}", f"kind-{q.kind}"], data=dict(data)))
        for j, (start, end) in enumerate(q.quoted):  # words an indirect quote reproduces
            marks.append(Mark(start, end, "quoted", f"quote-{i}-quoted-{j}",
                              f"quoted words of quote {i + 1}", ["quoted"],
                              data={"quote": f"quote-{i}", **{k: v for k, v in data.items()
                                                              if k == "speaker"}}))
        if q.speaker is not None and q.speaker.span is not None:
            s, t = q.speaker.span
            entity = names.get(q.speaker.entity_id or "")
            title = f"speaker of quote {i + 1}: {q.speaker.name}"
            if entity is not None:
                title += f" ({entity.type})"
            marks.append(Mark(s, t, "speaker", f"speaker-{i}", title,
                              href=entity_href(q.speaker.entity_id),
                              data={"quote": f"quote-{i}"}))
        if q.cue is not None:
            marks.append(Mark(q.cue.span[0], q.cue.span[1], "cue", f"cue-{i}",
                              f"cue of quote {i + 1}: {q.cue.text}"))
    for i, q in enumerate(doc.quantities):
        marks.append(Mark(q.span[0], q.span[1], "quantity", f"qty-{i}", quantity_title(q)))
    for i, t in enumerate(doc.timexes):
        marks.append(Mark(t.span[0], t.span[1], "timex", f"timex-{i}", timex_title(t)))
    for i, e in enumerate(doc.events):
        marks.append(Mark(e.span[0], e.span[1], "event", f"event-{i}", _event_title(e),
                          [f"status-{e.status}"]))
    return [m for m in marks if 0 <= m.start < m.end <= n]


def _speaker_links_inside_entity(marks: list[Mark]) -> list[Mark]:
    """Drop the link of an entity mark that shares its span with a speaker mark.

    Links cannot nest; the speaker mark (same place, same target) keeps it.
    """
    speaker_spans = {(m.start, m.end) for m in marks if m.kind == "speaker" and m.href}
    for m in marks:
        if m.kind == "entity" and (m.start, m.end) in speaker_spans:
            m.href = None
    return marks


def _no_nested_links(marks: list[Mark]) -> None:
    """A link inside another link is invalid HTML: keep only the outer one."""
    links = sorted((m for m in marks if m.href), key=lambda m: (m.start, -m.end))
    outer_end = -1
    for m in links:
        if m.start < outer_end:
            m.data.setdefault("href", m.href or "")
            m.href = None
        else:
            outer_end = m.end


def render(doc: Document, entity_href: EntityHref) -> Markup:
    """The article text as paragraphs of escaped text with nested marks."""
    marks = _speaker_links_inside_entity(marks_for(doc, entity_href))
    _no_nested_links(marks)
    marks.sort(key=lambda m: (m.start, -m.end, RANK.get(m.kind, 9)))
    text = doc.text
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks),
                   *(i for i, ch in enumerate(text) if ch == "\n")})
    out: list[str] = ['<p>']
    stack: list[Mark] = []
    opened: set[str] = set()

    def open_mark(m: Mark) -> None:
        out.append(m.open_tag(m.mark_id not in opened))
        opened.add(m.mark_id)
        stack.append(m)

    for a, b in zip(cuts, cuts[1:] + [len(text)], strict=False):
        # close what ends here; marks opened later and still running are reopened
        ending = [m for m in stack if m.end <= a]
        if ending:
            first = min(stack.index(m) for m in ending)
            reopen = [m for m in stack[first:] if m.end > a]
            for m in reversed(stack[first:]):
                out.append(m.close_tag())
            del stack[first:]
            for m in reopen:
                open_mark(m)
        begin = a
        if a < len(text) and text[a] == "\n":
            # a paragraph break: close every mark, break, reopen
            running = list(stack)
            for m in reversed(stack):
                out.append(m.close_tag())
            stack.clear()
            out.append("</p>\n<p>")
            for m in running:
                open_mark(m)
            a += 1
        for m in starts.get(begin, []):
            open_mark(m)
        if a >= b:
            continue
        out.append(str(escape(text[a:b])))
    for m in reversed(stack):
        out.append(m.close_tag())
    out.append("</p>")
    html = "".join(out).replace("<p></p>", "")
    return Markup(html)
