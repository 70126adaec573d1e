"""``newsgraph query ...`` and ``newsgraph export``: read the store."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from newsgraph.commands.ingest import DB_HELP, DEFAULT_DB

err = Console(stderr=True)
query_app = typer.Typer(help="Ask the store: who said what, timelines, claims, numbers.",
                        no_args_is_help=True)

Db = Annotated[str, typer.Option("--db", help=DB_HELP)]
AllVersions = Annotated[bool, typer.Option("--all-versions",
                                           help="Search every stored version, not the latest.")]
MinConfidence = Annotated[float | None, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="Leave out items whose calibrated confidence is below this (0-1).")]


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


Fmt = Annotated[QueryFormat, typer.Option("--format", "-f")]


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


def _show(result, fmt: QueryFormat) -> None:
    if fmt is QueryFormat.json:
        print(result.to_json())
    elif fmt is QueryFormat.csv:
        print(result.to_csv(), end="")
    else:
        hidden = {"doc_key", "span_start", "span_end"}
        table = Table(title=f"{result.title} ({len(result.rows)})", title_justify="left")
        shown = [i for i, c in enumerate(result.columns)
                 if c not in hidden and not c.endswith(("_doc_key", "_start", "_end"))]
        for i in shown:
            table.add_column(result.columns[i], overflow="fold")
        for row in result.rows:
            table.add_row(*("" if row[i] is None else str(row[i]) for i in shown))
        Console(width=160).print(table)
    if not result.rows:
        err.print("no matches")


@query_app.command()
def quotes(entity: Annotated[str, typer.Option("--entity", "-e", help="Speaker name.")],
           db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
           all_versions: AllVersions = False, min_confidence: MinConfidence = None) -> None:
    """Who said what: every quote by an entity, with cue and epistemic status."""
    from newsgraph.store import query

    with _open(db) as store:
        _show(query.quotes(store, entity, all_versions=all_versions,
                           min_confidence=min_confidence), format)


@query_app.command()
def timeline(entity: Annotated[str | None, typer.Option("--entity", "-e")] = None,
             story: Annotated[str | None, typer.Option(
                 "--story", "-s", help="Story id or label term (from cross-doc clustering).")
             ] = None,
             db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table,
             all_versions: AllVersions = False, min_confidence: MinConfidence = None) -> None:
    """Quotes, numbers and events in time order, for an entity or a story."""
    from newsgraph.store import query

    if (entity is None) == (story is None):
        err.print("[red]error:[/red] give --entity or --story")
        raise typer.Exit(2)
    with _open(db) as store:
        _show(query.timeline(store, entity=entity, story=story, all_versions=all_versions,
                             min_confidence=min_confidence), format)


@query_app.command()
def claims(about: Annotated[str, typer.Option("--about", "-a")], db: Db = DEFAULT_DB,
           format: Fmt = QueryFormat.table, all_versions: AllVersions = False,
           min_confidence: MinConfidence = None) -> None:
    """Claims about X from every source, with their status, then any contradictions."""
    from newsgraph.store import query

    with _open(db) as store:
        _show(query.claims(store, about, all_versions=all_versions,
                           min_confidence=min_confidence), format)
        found = query.contradictions(store, about)
        if found.rows:
            _show(found, format)


@query_app.command()
def numbers(about: Annotated[str, typer.Option("--about", "-a")], db: Db = DEFAULT_DB,
            format: Fmt = QueryFormat.table, all_versions: AllVersions = False,
            min_confidence: MinConfidence = None) -> None:
    """Numbers about X over time, with the earlier figure each one revises."""
    from newsgraph.store import query

    with _open(db) as store:
        _show(query.numbers(store, about, all_versions=all_versions,
                            min_confidence=min_confidence), format)


@query_app.command()
def contradictions(about: Annotated[str | None, typer.Option("--about", "-a")] = None,
                   db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table) -> None:
    """Contradictions and revisions found by the cross-document analysis."""
    from newsgraph.store import query

    with _open(db) as store:
        _show(query.contradictions(store, about), format)


@query_app.command()
def events(about: Annotated[str | None, typer.Option(
               "--about", "-a", help="A term in the event's actors, targets, places or type.")
           ] = None,
           event: Annotated[str | None, typer.Option(
               "--event", help="An event id: list its reports.")] = None,
           summary: Annotated[bool, typer.Option(
               "--summary", help="Counts per event type and in all, not per event.")] = False,
           min_reports: Annotated[int, typer.Option("--min-reports", min=1)] = 1,
           db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table) -> None:
    """Events counted once: each real-world event with its reports, independent
    reports (not syndicated copies) and outlets side by side."""
    from newsgraph.store import query

    with _open(db) as store:
        if event is not None:
            _show(query.event_reports(store, event), format)
        elif summary:
            _show(query.event_counts(store, about, min_reports=min_reports), format)
        else:
            _show(query.events(store, about, min_reports=min_reports), format)


@query_app.command()
def versions(article: Annotated[str, typer.Argument(help="A URL, article id or doc_key.")],
             db: Db = DEFAULT_DB, format: Fmt = QueryFormat.table) -> None:
    """What changed between stored versions of an article: quotes added or removed,
    numbers and statuses changed."""
    from newsgraph.store import query

    with _open(db) as store:
        _show(query.versions(store, article), format)


def export(db: Db = DEFAULT_DB,
           format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
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
