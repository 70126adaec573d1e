"""``newsgraph relink``, ``delete`` and ``reanalyze``: keep a store's tables current."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from newsgraph.commands.ingest import DB_HELP, DEFAULT_DB

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command()(relink)
    app.command()(delete)
    app.command()(reanalyze)


def link(store, *, full: bool = False) -> None:
    """Link the store's articles (when stale, or all again with ``full``) and say what came out."""
    from newsgraph.crossdoc.linking import link_store

    err.print("linking articles: entities, stories, claims, events, versions", highlight=False)
    linked = link_store(store, full=full)
    err.print(linked.describe() if linked else "cross-article tables already current",
              highlight=False)


def _open(db: str):
    from newsgraph.store import Store

    try:
        return Store.open(db)
    except Exception as exc:  # a DuckDB file another process writes, a refused connection
        err.print(f"[red]error:[/red] cannot open store {db}: {exc}")
        raise typer.Exit(2) from None


def relink(db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB) -> None:
    """Recompute every cross-article table from the stored articles (a full rebuild)."""
    with _open(db) as store:
        link(store, full=True)


def delete(
    articles: Annotated[list[str], typer.Argument(
        help="Article URLs, ids or doc_keys; every stored version goes.")],
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB,
) -> None:
    """Delete articles from the store, then link the rest again."""
    missing = 0
    with _open(db) as store:
        for key in articles:
            gone = store.delete_article(key)
            if gone:
                err.print(f"deleted {key} ({len(gone)} versions)", highlight=False)
            else:
                missing += 1
                err.print(f"[yellow]not stored:[/yellow] {key}", highlight=False)
        if missing < len(articles):
            link(store)
    if missing == len(articles):
        raise typer.Exit(1)


def reanalyze(
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = DEFAULT_DB,
    model: Annotated[str | None, typer.Option(help="spaCy model (sm, md or a package).")] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="Analyze every stored article again, not only outdated ones.")] = False,
) -> None:
    """Analyze again the stored articles an older pipeline version analyzed, then link."""
    from newsgraph.models import ModelNotFoundError
    from newsgraph.pipeline import Pipeline
    from newsgraph.store.maintain import reanalyze as run_reanalyze

    try:
        pipeline = Pipeline(model)
    except (ModelNotFoundError, KeyError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    with _open(db) as store:
        done = run_reanalyze(store, pipeline, every=every)
        err.print(f"analyzed again: {done} articles (pipeline {pipeline.version})",
                  highlight=False)
        if done or not store.links_current():
            link(store)
