"""``newsgraph query ...`` and ``newsgraph export``: read the store."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsgraph.commands.ingest import DB_HELP, DEFAULT_DB

err = Console(stderr=True, soft_wrap=True)  # messages stay one line in a log
query_app = typer.Typer(help="Ask the store: who said what, timelines, claims, numbers, "
                        "events and stories.",
                        no_args_is_help=True)

Db = Annotated[str, typer.Option("--db", help=DB_HELP)]
AllVersions = Annotated[bool, typer.Option(
    "--all-versions", help="Include every stored version of each article, not only the latest.")]
MinConfidence = Annotated[float | None, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="Leave out items whose calibrated confidence is below this (0-1).")]
Limit = Annotated[int | None, typer.Option(min=1, help="Show at most N rows.")]
Since = Annotated[str | None, typer.Option(
    help="Only rows dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(
    help="Only rows dated on or before this (YYYY, YYYY-MM or YYYY-MM-DD).")]
Descending = Annotated[bool, typer.Option("--desc", help="Sort from the largest value down.")]


def _sort(query: str):  # noqa: ANN202 - an Annotated option type
    """The ``--sort`` option of ``query``, its help listing the keys it sorts by."""
    from newsgraph.store.query import SORT_KEYS

    return Annotated[str | None, typer.Option(
        help=f"Sort by one of: {', '.join(SORT_KEYS[query])}.")]


SortClaims = _sort("claims")
SortContradictions = _sort("contradictions")
SortEvents = _sort("events")
SortNumbers = _sort("numbers")
SortQuotes = _sort("quotes")
SortStories = _sort("stories")
SortTimeline = _sort("timeline")
SortVersions = _sort("versions")


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


Fmt = Annotated[QueryFormat, typer.Option(
    "--format", "-f", help="table: for people; json or csv: every column, each time value "
    "with a <column>_in_words text column beside it.")]


@dataclass
class Refine:
    """The options every query shares: date range, sort and row limit."""

    since: str | None = None
    until: str | None = None
    sort: str | None = None
    desc: bool = False
    limit: int | None = None


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"
    csv = "csv"
    graphml = "graphml"


def register(app: typer.Typer) -> None:
    app.add_typer(query_app, name="query")
    app.command(name="export")(export)


def _open(db: str):
    from newsgraph.store import Store

    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/red] no store at {db}; run newsgraph ingest first")
        raise typer.Exit(1)
    # Reading needs no write lock on a DuckDB file (nor any migration).
    return Store.open(db, read_only="://" not in db)


def _refined(result, refine: Refine):
    """``result`` cut to the dates, sorted and limited as asked, with times in words."""
    for name, value in (("--since", refine.since), ("--until", refine.until)):
        if value is not None and not _date_prefix(value):
            _exit(f"{name} {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD", 2)
    try:
        result = result.refine(since=refine.since, until=refine.until, sort=refine.sort,
                               descending=refine.desc, limit=refine.limit)
    except ValueError as exc:
        _exit(str(exc), 2)
    return result.with_time_words()


def _show(result, fmt: QueryFormat, refine: Refine | None = None) -> None:
    result = _refined(result, refine or Refine())
    if fmt is QueryFormat.json:  # written as the rows are read from the store
        shown = result.write_json(sys.stdout)
    elif fmt is QueryFormat.csv:
        shown = result.write_csv(sys.stdout)
    else:  # a table for people is laid out from all its rows
        result = replace(result, rows=list(result.rows))
        _print_table(result)
        shown = len(result.rows)
    if not shown:
        err.print("no matches")


def _date_prefix(value: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value) is not None


def _print_table(result) -> None:
    """Rows for people: offsets, keys and empty columns left out, each time in words
    (JSON and CSV keep the value and every column); cells wrap between words."""
    from newsgraph.store.query import WORDS
    from newsgraph.timex.humanize import in_words

    hidden = {"doc_key", "span_start", "span_end"}
    if "outlet" in result.columns:  # an address is too long for a cell: -f csv/json have it
        hidden |= {"url", "copy_of_url"}
    table = Table(title=f"{result.title} ({len(result.rows)})", title_justify="left",
                  caption="addresses: -f csv or -f json" if "url" in hidden else None)
    shown = [i for i, c in enumerate(result.columns)
             if c not in hidden and not c.endswith(("_doc_key", "_start", "_end", WORDS))
             and (not result.rows or any(r[i] not in (None, "") for r in result.rows))]
    times = {i for i in shown if result.columns[i] + WORDS in result.columns}
    # an actor's or target's code goes in its cell: "Russian forces [RUSMIL]"
    codes = {i: result.columns.index(result.columns[i] + "_code") for i in shown
             if result.columns[i] + "_code" in result.columns}
    # ... and its entity id (what `query entity` and the entity pages take): "(g12)"
    entities = {i: result.columns.index(result.columns[i] + "_entity") for i in shown
                if result.columns[i] + "_entity" in result.columns}
    shown = [i for i in shown if i not in codes.values() and i not in entities.values()]

    def cell(row: tuple, i: int) -> str:
        if row[i] is None:
            return ""
        text = in_words(str(row[i])) if i in times else str(row[i])
        code = row[codes[i]] if i in codes else None
        entity = row[entities[i]] if i in entities else None
        return text + (f" [{code}]" if code else "") + (f" ({entity})" if entity else "")

    cells = [[cell(row, i) for i in shown] for row in result.rows]
    for n, i in enumerate(shown):
        # a time stays on one line: "28 October 2024" reads badly as two
        widest = max((len(c[n]) for c in cells), default=0) if i in times else 0
        # a word too long for its column folds rather than vanishing behind an ellipsis
        # headers wrap between words too ("independent reports"), never inside one
        table.add_column(result.columns[i].replace("_", " "),
                         min_width=min(widest, 32) or None, overflow="fold")
    for row_cells in cells:
        table.add_row(*row_cells)
    # the terminal's width on a terminal; piped, wide enough that rows stay rows
    Console(width=None if sys.stdout.isatty() else 160).print(table)


def _exit(message: str, code: int = 1, hint: str | None = None) -> None:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    if hint:
        err.print(f"hint: {escape(hint)}", highlight=False)
    raise typer.Exit(code)


def _answer(ask, fmt: QueryFormat, refine: Refine, *, store=None, entity: str | None = None
            ) -> None:
    """Run ``ask()`` and show its result; an unknown article, story, event or (given
    ``store`` and ``entity``, when nothing matched) entity exits 1 with a hint."""
    from newsgraph.store.query import NotFound, peek, require_entity

    try:
        result = ask()
        found, rows = peek(result.rows)  # before anything is written
        result = replace(result, rows=rows)
        if not found and entity is not None:
            require_entity(store, entity)
    except NotFound as exc:
        _exit(str(exc), 1, exc.hint)
    _show(result, fmt, refine)


Entity = Annotated[str, typer.Option(
    "--entity", "-e", help="A name or part of one; resolved aliases match too.")]
About = Annotated[str, typer.Option(
    "--about", "-a", help="A term to look for in the text, the source or what is counted.")]


@query_app.command()
def quotes(entity: Entity, db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
           all_versions: AllVersions = False, min_confidence: MinConfidence = None,
           since: Since = None, until: Until = None, sort: SortQuotes = None,
           desc: Descending = False, limit: Limit = None,
           attribution_kinds: Annotated[str | None, typer.Option(
               "--attribution-kinds", help="Only quotes of these kinds of attribution, "
               "comma-separated: speech, report, belief, stance (default: all).")] = None
           ) -> None:
    """Who said what: every quote by an entity, with cue and epistemic status."""
    from newsgraph.attribution.kinds import parse_attribution_kinds
    from newsgraph.store import query

    try:
        kinds = parse_attribution_kinds(attribution_kinds)
    except ValueError as exc:
        _exit(str(exc), 2)
    with _open(db) as store:
        _answer(lambda: query.quotes(store, entity, all_versions=all_versions,
                                     min_confidence=min_confidence, attribution_kinds=kinds,
                                     stream=True),
                format, Refine(since, until, sort, desc, limit), store=store, entity=entity)


@query_app.command()
def timeline(entity: Annotated[str | None, typer.Option(
                 "--entity", "-e", help="A name or part of one: its quotes, the numbers it "
                 "gives and the events it takes part in.")] = None,
             story: Annotated[str | None, typer.Option(
                 "--story", "-s", help="A story id, or a term in one story's label "
                 "(see `newsgraph query stories`).")] = None,
             db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
             all_versions: AllVersions = False, min_confidence: MinConfidence = None,
             since: Since = None, until: Until = None, sort: SortTimeline = None,
             desc: Descending = False, limit: Limit = None,
             all_events: Annotated[bool, typer.Option(
                 "--all-events", help="Include events with neither actor nor target.")
             ] = False) -> None:
    """Quotes, numbers and events in time order, for an entity or a story."""
    from newsgraph.store import query

    if (entity is None) == (story is None):
        _exit("give --entity or --story", 2)
    with _open(db) as store:
        _answer(lambda: query.timeline(store, entity=entity, story=story,
                                       all_versions=all_versions,
                                       min_confidence=min_confidence,
                                       vague_events=all_events, stream=True),
                format, Refine(since, until, sort, desc, limit), store=store, entity=entity)


@query_app.command()
def claims(about: About, db: Db = DEFAULT_DB,
           format: Fmt = QueryFormat.table, all_versions: AllVersions = False,
           min_confidence: MinConfidence = None, since: Since = None, until: Until = None,
           sort: SortClaims = None, desc: Descending = False, limit: Limit = None
           ) -> None:
    """Claims about X from every source, with their status, then any contradictions."""
    from newsgraph.store import query

    refine = Refine(since, until, sort, desc, limit)
    with _open(db) as store:
        if format is QueryFormat.json:  # one JSON document, not two arrays in a row
            said = _refined(query.claims(store, about, all_versions=all_versions,
                                         min_confidence=min_confidence), refine)
            found = _refined(query.contradictions(store, about),
                             Refine(since, until, None, False, limit))
            print(json.dumps({"claims": json.loads(said.to_json()),
                              "contradictions": json.loads(found.to_json())}, indent=2))
            return
        _answer(lambda: query.claims(store, about, all_versions=all_versions,
                                     min_confidence=min_confidence, stream=True),
                format, refine)
        found = query.contradictions(store, about)
        if found.rows and format is QueryFormat.csv:  # one table per CSV document
            err.print(f"{len(found.rows)} contradictions: newsgraph query contradictions "
                      f"--about {about!r} -f csv")
        elif found.rows:
            _show(found, format, Refine(since, until, None, False, limit))


@query_app.command()
def numbers(about: About, db: Db = DEFAULT_DB,
            format: Fmt = QueryFormat.table, all_versions: AllVersions = False,
            min_confidence: MinConfidence = None, since: Since = None, until: Until = None,
            sort: SortNumbers = None, desc: Descending = False, limit: Limit = None
            ) -> None:
    """Numbers about X over time, with the earlier figure each one revises."""
    from newsgraph.store import query

    with _open(db) as store:
        _answer(lambda: query.numbers(store, about, all_versions=all_versions,
                                      min_confidence=min_confidence, stream=True),
                format, Refine(since, until, sort, desc, limit))


@query_app.command()
def contradictions(about: Annotated[str | None, typer.Option(
                       "--about", "-a", help="Only those whose subject, text or source "
                       "has this term.")] = None,
                   db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
                   since: Since = None, until: Until = None,
                   sort: SortContradictions = None, desc: Descending = False,
                   limit: Limit = None) -> None:
    """Contradictions and revisions found by the cross-document analysis."""
    from newsgraph.store import query

    with _open(db) as store:
        _answer(lambda: query.contradictions(store, about, stream=True), format,
                Refine(since, until, sort, desc, limit))


@query_app.command()
def events(about: Annotated[str | None, typer.Option(
               "--about", "-a", help="A term in the event's actors, targets, places or type.")
           ] = None,
           event: Annotated[str | None, typer.Option(
               "--event", help="An event id: list its reports, each with its actor "
               "and target.")] = None,
           summary: Annotated[bool, typer.Option(
               "--summary", help="Counts per event type and in all, not per event.")] = False,
           min_reports: Annotated[int, typer.Option(
               "--min-reports", min=1, help="Only events reported at least N times.")] = 1,
           db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
           since: Since = None, until: Until = None, sort: SortEvents = None,
           desc: Descending = False, limit: Limit = None) -> None:
    """Events counted once: each real-world event with its actors, targets, reports,
    independent reports (not syndicated copies) and outlets side by side."""
    from newsgraph.store import query

    refine = Refine(since, until, sort, desc, limit)
    with _open(db) as store:
        if event is not None:
            _answer(lambda: query.event_reports(store, event, stream=True), format, refine)
        elif summary:
            _answer(lambda: query.event_counts(store, about, min_reports=min_reports,
                                               stream=True), format, refine)
        else:
            _answer(lambda: query.events(store, about, min_reports=min_reports,
                                         stream=True), format, refine)


@query_app.command()
def stories(about: Annotated[str | None, typer.Option(
                "--about", "-a", help="Only stories whose label or id has this term.")
            ] = None,
            db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
            since: Since = None, until: Until = None, sort: SortStories = None,
            desc: Descending = False, limit: Limit = None) -> None:
    """Stories found by the cross-document clustering: id, label, articles, dates."""
    from newsgraph.store import query

    with _open(db) as store:
        _answer(lambda: query.stories(store, about, stream=True), format,
                Refine(since, until, sort, desc, limit))


@query_app.command()
def versions(article: Annotated[str, typer.Argument(
                 help="A URL, article id or doc_key.", metavar="ARTICLE")],
             db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
             since: Since = None, until: Until = None, sort: SortVersions = None,
             desc: Descending = False, limit: Limit = None) -> None:
    """What changed between stored versions of an article: quotes added or removed,
    numbers and statuses changed."""
    from newsgraph.store import query

    with _open(db) as store:
        _answer(lambda: query.versions(store, article, stream=True), format,
                Refine(since, until, sort, desc, limit))


def export(db: Db = DEFAULT_DB,
           format: Annotated[ExportFormat, typer.Option(
               "--format", "-f", help="jsonl: one analyzed document per line; parquet or "
               "csv: one file per table; graphml: entities, quotes and events as a graph.")
           ] = ExportFormat.jsonl,
           output: Annotated[Path, typer.Option(
               "--output", "-o", help="A file (jsonl, graphml) or a folder (parquet, csv).")
           ] = Path("newsgraph-export"),
           all_versions: AllVersions = False, min_confidence: MinConfidence = None) -> None:
    """Export the store: JSONL documents, Parquet/CSV tables, or a GraphML graph."""
    from newsgraph.store.export import export as run_export

    with _open(db) as store:
        paths = run_export(store, format.value, output, all_versions=all_versions,
                           min_confidence=min_confidence)
    for path in paths:
        err.print(f"wrote {path}", highlight=False)
