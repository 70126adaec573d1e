"""``newsgraph ingest``: analyze sources into a DuckDB or PostgreSQL store."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from newsgraph.commands.options import AttributionKinds, Skipped, TimeBudget
from newsgraph.commands.progress import progress_bar, rate_and_time_left
from newsgraph.ingest.skipped import SkippedLog, repair_line
from newsgraph.textsafety import printable
from newsgraph.timebudget import DEFAULT_TIME_BUDGET

DEFAULT_DB = "newsgraph.duckdb"
DB_HELP = "DuckDB file, or a postgresql:// URL."

err = Console(stderr=True, soft_wrap=True)  # a summary in a log is one line, never wrapped


def register(app: typer.Typer) -> None:
    app.command()(ingest)


def ingest(
    sources: Annotated[list[str], typer.Argument(
        help="Files, directories, JSONL, RSS/Atom feeds, WARC files, MEANTIME XML, URLs.")],
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB,
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for inputs that do not carry one.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model (sm, md or a package).")] = None,
    allow_urls: Annotated[bool, typer.Option(
        "--allow-urls", help="Fetch http(s) sources over the network (public addresses "
        "only).")] = False,
    allow_private_urls: Annotated[bool, typer.Option(
        "--allow-private-urls", help="Also fetch URLs on loopback or private addresses "
        "(an intranet); off by default so a listed URL cannot reach inward.")] = False,
    commit_every: Annotated[int, typer.Option(
        min=1, help="Articles per committed transaction.")] = 32,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per parsing batch.")] = 32,
    processes: Annotated[int, typer.Option(
        "--processes", "-p", min=1,
        help="Worker processes for the analysis (use the number of cores).")] = 1,
    include: Annotated[list[str] | None, typer.Option(
        "--include", metavar="GLOB",
        help="Read folder files matching GLOB even when they look like notes "
        "(README, LICENSE, SOURCE...), which are skipped otherwise. Repeatable.")] = None,
    link: Annotated[bool, typer.Option(
        "--link/--no-link", help="Then bring the cross-article entities, stories and "
        "claims up to date (when they are stale).")] = True,
    time_budget: TimeBudget = DEFAULT_TIME_BUDGET,
    skipped: Skipped = None,
    attribution_kinds: AttributionKinds = None,
) -> None:
    """Analyze articles into the store; stored articles are skipped, changed ones versioned."""
    from newsgraph.ingest.sources import count_articles
    from newsgraph.models import ModelNotFoundError
    from newsgraph.pipeline import Pipeline
    from newsgraph.store import Store
    from newsgraph.store.ingest import IngestStats
    from newsgraph.store.ingest import ingest as run_ingest

    try:
        pipeline = Pipeline(model, time_budget=time_budget, attribution_kinds=attribution_kinds)
    except (ModelNotFoundError, KeyError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    store = Store.open(db)
    live = err.is_terminal
    commits = 0

    globs = tuple(include or ())

    def describe(s: IngestStats) -> str:
        notes = f", {len(s.notes)} notes skipped (not articles)" if s.notes else ""
        return (f"{s.stored} new, {s.versions} new versions, {s.unchanged} unchanged, "
                f"{len(s.failures)} skipped{notes}")

    total_items = count_articles(sources, globs)
    started = time.monotonic()
    with progress_bar(err, "ingesting", "articles", live=live) as bar:
        task = bar.add_task("", total=total_items)

        def progress(stats: IngestStats) -> None:
            nonlocal commits
            done = stats.stored + stats.versions + stats.unchanged + len(stats.failures)
            bar.update(task, completed=done, description=describe(stats))
            if not live and stats.commits != commits:  # a plain line per commit in logs
                commits = stats.commits
                pace = rate_and_time_left(done, total_items, time.monotonic() - started)
                err.print(f"committed {stats.stored + stats.versions} articles; "
                          f"{describe(stats)}; {pace}", highlight=False)

        def report(error) -> None:
            log.add(error)
            bar.console.print(f"[yellow]skipped[/yellow] {escape(printable(str(error)))}",
                              highlight=False)

        def repaired(article) -> None:
            log.add_repair(article)
            shown = escape(printable(repair_line(article)))
            bar.console.print(f"[yellow]repaired[/yellow] {shown}", highlight=False)

        with SkippedLog(skipped) as log:
            stats = run_ingest(store, sources, pipeline, allow_urls=allow_urls,
                               allow_private_urls=allow_private_urls, include=globs,
                               published=published, commit_every=commit_every,
                               batch_size=batch_size, n_process=processes, progress=progress,
                               on_error=report, on_repair=repaired)
    for note in stats.notes:
        err.print(f"skipped {escape(printable(str(note)))}", highlight=False)
    total = store.count("latest_articles")
    # stale: this run stored something, or an earlier link was killed midway
    if link and total and not store.links_current():
        from newsgraph.crossdoc.linking import link_store

        err.print("linking articles: entities, stories, claims, events, versions",
                  highlight=False)
        linked = link_store(store)
        if linked is not None:
            err.print(linked.describe(), highlight=False)
    store.close()
    err.print(f"{describe(stats)}; {total} articles in {db}", highlight=False)
    if stats.read and not (stats.stored or stats.versions or stats.unchanged):
        raise typer.Exit(1)
