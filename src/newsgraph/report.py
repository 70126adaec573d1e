"""The terminal report of one analyzed document (``--format text``)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsgraph.schema import Document, Event, Quantity, Quote
from newsgraph.timex.humanize import in_words

# Below this width, quotes, numbers, times and events are lists, not tables: a
# table of six columns in 80 leaves cells too narrow for whole words.
WIDE = 120

STATUS_STYLE = {
    "asserted": "white",
    "confirmed": "green",
    "denied": "red",
    "not_confirmed": "yellow",
    "not_denied": "magenta",
    "no_comment": "dim",
    "hedged": "cyan",
    "conditional": "blue",
    "reported": "bright_white",
}


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _header(doc: Document) -> Text:
    head = Text()
    head.append(doc.title or doc.id, style="bold")
    published = when(doc.published) or "unknown"
    if doc.published_inferred:
        published += " (inferred)"
    head.append(f"\npublished: {published}")
    if doc.url:
        head.append(f"\nurl: {doc.url}")
    for dateline in doc.datelines:
        head.append(f"\ndateline: {dateline.text!r} → {', '.join(dateline.places)}")
    for item in doc.boilerplate:
        head.append(f"\nboilerplate ({item.kind}, kept out): {_clip(item.text, 70)}", style="dim")
    head.append(f"\n{len(doc.text.split()):,} words")
    return head


def when(value: str | None, mod: str | None = None, kind: str | None = None) -> str:
    """A time for people: its words, then its TIMEX3 value when they differ."""
    if not value:
        return ""
    words = in_words(value, mod, kind)
    return words if words == value else f"{words} ({value})"


def _conf(value: float | None) -> str:
    """A calibrated confidence, as the last column of the item tables."""
    return "" if value is None else f"{value:.2f}"


def _entities(doc: Document) -> Table:
    table = Table(title=f"Entities ({len(doc.entities)})", title_justify="left")
    for column in ("id", "name", "type", "mentions", "forms"):
        table.add_column(column)
    for entity in sorted(doc.entities, key=lambda e: -len(e.mentions)):
        forms = sorted({m.text for m in entity.mentions} - {entity.name})
        table.add_row(entity.id, entity.name, entity.type, str(len(entity.mentions)),
                      ", ".join(forms))
    return table


def _quotes(doc: Document) -> Table:
    table = Table(title=f"Quotations ({len(doc.quotes)})", title_justify="left")
    for column in ("kind", "speaker", "cue", "status", "what was said", "conf"):
        table.add_column(column, overflow="fold")
    for quote in doc.quotes:
        table.add_row(quote.kind, _speaker(quote), _cue(quote),
                      Text(quote.status, style=STATUS_STYLE.get(quote.status, "")),
                      _clip(quote.text), _conf(quote.confidence))
    return table


def _speaker(quote: Quote) -> str:
    speaker = quote.speaker.name if quote.speaker else "?"
    if quote.speaker and quote.speaker.role:
        speaker += f" ({quote.speaker.role})"
    return speaker


def _cue(quote: Quote) -> str:
    cue = quote.cue.text if quote.cue else ""
    if quote.channel:
        cue += f" [{quote.channel}]"
    return cue


def _quantities(doc: Document) -> Table:
    table = Table(title=f"Numbers ({len(doc.quantities)})", title_justify="left")
    for column in ("text", "value", "counts", "source", "time", "revises", "conf"):
        table.add_column(column, overflow="fold")
    for q in doc.quantities:
        table.add_row(q.text, _value(q), q.counted or "", q.source or "", when(q.time),
                      _revises(q), _conf(q.confidence))
    return table


def _value(q: Quantity) -> str:
    value = "" if q.value is None else f"{q.value:,g}"
    if q.high is not None:
        value += f"–{q.high:,g}"
    if q.approx:
        value = "≈" + value
    if q.bound in ("lower", "upper"):
        value = (">" if q.bound == "lower" else "<") + value
    return value


def _revises(q: Quantity) -> str:
    if q.revises is None:
        return ""
    return f"{q.revises.text} ({in_words(q.revises.time) if q.revises.time else '?'})"


def _timexes(doc: Document) -> Table:
    table = Table(title=f"Time expressions ({len(doc.timexes)})", title_justify="left")
    for column in ("text", "type", "in words", "value", "conf"):
        table.add_column(column)
    for t in doc.timexes:
        table.add_row(t.text, t.type, in_words(t.value, t.mod, t.type),
                      t.value + (f" ({t.mod})" if t.mod else ""), _conf(t.confidence))
    return table


def _events(doc: Document) -> Table:
    table = Table(title=f"Events ({len(doc.events)})", title_justify="left")
    for column in ("type", "actor", "target", "where", "when", "status", "evidence", "conf"):
        table.add_column(column, overflow="fold")
    for e in doc.events:
        status = e.status + (f" by {e.source}" if e.source else "")
        table.add_row(e.type, _party(e.actor, e.actor_code), _party(e.target, e.target_code),
                      e.location or "", when(e.time),
                      Text(status, style=STATUS_STYLE.get(e.status, "")), _clip(e.text, 60),
                      _conf(e.confidence))
    return table


def _party(name: str | None, code: str | None) -> str:
    """An event's actor or target with its CAMEO/PLOVER actor code."""
    if not name:
        return code or ""
    return f"{name} [{code}]" if code else name


# The narrow layout: one block per item, a line of labelled facts then the text,
# wrapped at spaces by the console (so no word is cut inside a cell).

def _item(facts: list[str | Text], text: str = "") -> RenderableType:
    head = Text()
    for fact in (f for f in facts if f):
        head.append(" · " if head else "")
        head.append(fact)
    return Group(head, Padding(Text(text), (0, 0, 0, 2))) if text else head


def _list(title: str, items: list[RenderableType]) -> Group:
    """Numbered items in a grid, so wrapped lines hang under their item."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for number, item in enumerate(items, 1):
        grid.add_row(f"{number}.", item)
    return Group(Text(title, style="bold"), grid, Text(""))


def _quotes_list(doc: Document) -> Group:
    return _list(f"Quotations ({len(doc.quotes)})", [
        _item([q.kind, f"speaker {_speaker(q)}", f"cue {_cue(q)}" if _cue(q) else "",
                  Text(q.status, style=STATUS_STYLE.get(q.status, "")),
                  f"conf {_conf(q.confidence)}" if q.confidence is not None else ""],
              _clip(q.text, 300))
        for q in doc.quotes])


def _quantities_list(doc: Document) -> Group:
    return _list(f"Numbers ({len(doc.quantities)})", [
        _item([q.text, f"= {_value(q)}" if _value(q) else "",
                  f"counts {q.counted}" if q.counted else "",
                  f"source {q.source}" if q.source else "",
                  f"time {when(q.time)}" if q.time else "",
                  f"revises {_revises(q)}" if q.revises else "",
                  f"conf {_conf(q.confidence)}" if q.confidence is not None else ""])
        for q in doc.quantities])


def _timexes_list(doc: Document) -> Group:
    return _list(f"Time expressions ({len(doc.timexes)})", [
        _item([t.text, t.type.lower(), in_words(t.value, t.mod, t.type),
                  t.value + (f" ({t.mod})" if t.mod else ""),
                  f"conf {_conf(t.confidence)}" if t.confidence is not None else ""])
        for t in doc.timexes])


def _event_facts(e: Event) -> list[str | Text]:
    status = e.status + (f" by {e.source}" if e.source else "")
    return [e.type, f"actor {_party(e.actor, e.actor_code)}" if e.actor or e.actor_code else "",
            f"target {_party(e.target, e.target_code)}" if e.target or e.target_code else "",
            f"where {e.location}" if e.location else "", f"when {when(e.time)}" if e.time else "",
            Text(status, style=STATUS_STYLE.get(e.status, "")),
            f"conf {_conf(e.confidence)}" if e.confidence is not None else ""]


def _events_list(doc: Document) -> Group:
    return _list(f"Events ({len(doc.events)})", [
        _item(_event_facts(e), _clip(e.text, 300)) for e in doc.events])


def render(doc: Document, width: int = WIDE) -> Group:
    """The report; below :data:`WIDE` columns, items are lists rather than tables."""
    head = [Panel(_header(doc), title="newsgraph", title_align="left"), _entities(doc)]
    if width >= WIDE:
        return Group(*head, _quotes(doc), _quantities(doc), _timexes(doc), _events(doc))
    return Group(*head, _quotes_list(doc), _quantities_list(doc), _timexes_list(doc),
                 _events_list(doc))


def print_report(doc: Document, console: Console) -> None:
    console.print(render(doc, console.width))
