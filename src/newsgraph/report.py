"""The terminal report of one analyzed document (``--format text``)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsgraph.schema import Document

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
    published = doc.published or "unknown"
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
        speaker = quote.speaker.name if quote.speaker else "?"
        if quote.speaker and quote.speaker.role:
            speaker += f" ({quote.speaker.role})"
        cue = quote.cue.text if quote.cue else ""
        if quote.channel:
            cue += f" [{quote.channel}]"
        table.add_row(quote.kind, speaker, cue,
                      Text(quote.status, style=STATUS_STYLE.get(quote.status, "")),
                      _clip(quote.text), _conf(quote.confidence))
    return table


def _quantities(doc: Document) -> Table:
    table = Table(title=f"Numbers ({len(doc.quantities)})", title_justify="left")
    for column in ("text", "value", "counts", "source", "time", "revises", "conf"):
        table.add_column(column, overflow="fold")
    for q in doc.quantities:
        value = "" if q.value is None else f"{q.value:,g}"
        if q.high is not None:
            value += f"–{q.high:,g}"
        if q.approx:
            value = "≈" + value
        if q.bound in ("lower", "upper"):
            value = (">" if q.bound == "lower" else "<") + value
        revises = f"{q.revises.text} ({q.revises.time or '?'})" if q.revises else ""
        table.add_row(q.text, value, q.counted or "", q.source or "", q.time or "", revises,
                      _conf(q.confidence))
    return table


def _timexes(doc: Document) -> Table:
    table = Table(title=f"Time expressions ({len(doc.timexes)})", title_justify="left")
    for column in ("text", "type", "value", "conf"):
        table.add_column(column)
    for t in doc.timexes:
        table.add_row(t.text, t.type, t.value + (f" ({t.mod})" if t.mod else ""),
                      _conf(t.confidence))
    return table


def _events(doc: Document) -> Table:
    table = Table(title=f"Events ({len(doc.events)})", title_justify="left")
    for column in ("type", "actor", "target", "where", "when", "status", "evidence", "conf"):
        table.add_column(column, overflow="fold")
    for e in doc.events:
        status = e.status + (f" by {e.source}" if e.source else "")
        table.add_row(e.type, e.actor or "", e.target or "", e.location or "", e.time or "",
                      Text(status, style=STATUS_STYLE.get(e.status, "")), _clip(e.text, 60),
                      _conf(e.confidence))
    return table


def render(doc: Document) -> Group:
    return Group(
        Panel(_header(doc), title="newsgraph", title_align="left"),
        _entities(doc),
        _quotes(doc),
        _quantities(doc),
        _timexes(doc),
        _events(doc),
    )


def print_report(doc: Document, console: Console) -> None:
    console.print(render(doc))
