"""``newsgraph spark analyze IN OUT``: the analysis on Spark (pyspark is an optional extra)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from newsgraph.extract import selection_help

err = Console(stderr=True)


class InputFormat(StrEnum):
    auto = "auto"
    jsonl = "jsonl"
    parquet = "parquet"


def _session_or_exit(master: str | None):
    """A Spark session, or a clear error and exit 2 when Spark (or Java) is missing."""
    from newsgraph.spark.session import SparkUnavailable, spark_session

    try:
        return spark_session(master)
    except SparkUnavailable as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def analyze(
    input: Annotated[str, typer.Argument(help="JSONL file or folder, or Parquet file or folder.")],
    output: Annotated[str, typer.Argument(help="Parquet folder to write.")],
    input_format: Annotated[InputFormat, typer.Option(help="Input format (auto: by suffix).")
                            ] = InputFormat.auto,
    model: Annotated[str | None, typer.Option(help="spaCy model: sm, md or a package.")] = None,
    disable: Annotated[list[str] | None, typer.Option(help=selection_help())] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date for records without one.")] = None,
    master: Annotated[str | None, typer.Option(
        help="Spark master, e.g. local[4] (default: spark-submit's, else local[*]).")] = None,
    partitions: Annotated[int | None, typer.Option(min=1, help="Repartition input to N.")
                          ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per parsing batch.")] = 32,
    overwrite: Annotated[bool, typer.Option(help="Replace OUT if it exists.")] = False,
) -> None:
    """Analyze articles on Spark into Parquet: one row per article, the Document as JSON."""
    from newsgraph.spark.runner import analyze_to_parquet

    spark = _session_or_exit(master)
    try:
        counts = analyze_to_parquet(spark, input, output,
                                    mode="overwrite" if overwrite else "errorifexists",
                                    input_format=input_format.value, model=model,
                                    disable=tuple(disable or ()), batch_size=batch_size,
                                    published=published, partitions=partitions)
    except (ValueError, KeyError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    err.print(f"{counts['documents']} analyzed, {counts['errors']} skipped -> {output}")
    if counts["documents"] == 0:
        raise typer.Exit(1)


def link(
    db: Annotated[str, typer.Option("--db", help="DuckDB file, or a postgresql:// URL.")
                  ] = "newsgraph.duckdb",
    master: Annotated[str | None, typer.Option(
        help="Spark master, e.g. local[4] (default: spark-submit's, else local[*]).")] = None,
) -> None:
    """Link a store's articles again, the per-article work and candidate pairs on Spark."""
    import tempfile

    from newsgraph.spark.linking import spark_link
    from newsgraph.store import Store

    spark = _session_or_exit(master)
    with Store.open(db) as store, tempfile.TemporaryDirectory(prefix="newsgraph-") as work:
        stats = spark_link(spark, store, work)
    if stats is not None:
        err.print(f"linked on Spark: {stats.entities} entities, {stats.stories} stories, "
                  f"{stats.world_events} events", highlight=False)


def register(app: typer.Typer) -> None:
    spark = typer.Typer(help="Run newsgraph on Apache Spark (needs the spark extra and Java).",
                        no_args_is_help=True)
    spark.command(name="analyze")(analyze)
    spark.command(name="link")(link)
    app.add_typer(spark, name="spark")
