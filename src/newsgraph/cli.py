"""The ``newsgraph`` command line: a thin layer over the library."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsgraph import __version__
from newsgraph.commands import register_all
from newsgraph.commands.helpformat import humane_help
from newsgraph.commands.options import AttributionKinds, Skipped, TimeBudget
from newsgraph.commands.progress import progress_bar, rate_and_time_left
from newsgraph.errors import environment_error
from newsgraph.eval import TASKS as EVAL_TASKS
from newsgraph.extract import selection_help
from newsgraph.ingest import IngestError, RawArticle, read_paths
from newsgraph.ingest.skipped import SkippedLog, repair_line, reporting_repairs
from newsgraph.models import ENV_VAR, ModelNotFoundError
from newsgraph.schema import Document, json_schema_text
from newsgraph.textsafety import printable
from newsgraph.timebudget import DEFAULT_TIME_BUDGET
from newsgraph.timeutil import parse_date

if TYPE_CHECKING:  # the pipeline (and spaCy) load only when a command needs them
    from newsgraph.pipeline import Pipeline

app = typer.Typer(
    help="newsgraph: who did what, who said what, and how sure anyone is — from news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"newsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Turn news articles into sourced, time-anchored structured data."""


class _Writer:
    """Writes documents in one format as they arrive, so memory stays flat.

    JSON output is one object for one document and an array for several, so
    the first document is held back until a second one arrives (or none does).
    """

    def __init__(self, out: TextIO, fmt: OutputFormat, console: Console) -> None:
        self.out, self.fmt, self.console = out, fmt, console
        self.count = 0
        self._held: Document | None = None

    def write(self, doc: Document) -> None:
        self.count += 1
        if self.fmt is OutputFormat.jsonl:
            self.out.write(doc.model_dump_json() + "\n")
        elif self.fmt is OutputFormat.json:
            if self.count == 1:
                self._held = doc
                return
            if self._held is not None:
                self.out.write("[\n" + self._held.model_dump_json(indent=2))
                self._held = None
            self.out.write(",\n" + doc.model_dump_json(indent=2))
        else:
            from newsgraph.report import print_report

            print_report(doc, self.console)

    def close(self) -> None:
        if self.fmt is OutputFormat.json:
            if self._held is not None:
                self.out.write(self._held.model_dump_json(indent=2) + "\n")
            elif self.count > 1:
                self.out.write("\n]\n")
        self.out.flush()


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(
        help="Text, HTML or JSONL files, directories of them, or - for stdin.")],
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for inputs that do not carry one.")] = None,
    format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="text: a report for people; json/jsonl: the full schema.")
    ] = OutputFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here instead of standard output.")] = None,
    model: Annotated[str | None, typer.Option(
        help=f"spaCy model: sm, md, or any installed package name (env {ENV_VAR}).")] = None,
    disable: Annotated[list[str] | None, typer.Option(help=selection_help())] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", min=1,
                                           help="Worker processes, each parsing and running "
                                                "every extractor (use the number of cores).")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per parsing batch.")] = 32,
    strict: Annotated[bool, typer.Option(
        help="Exit non-zero if any document fails (default: only if all fail).")] = False,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Leave out items whose calibrated confidence is below this (0-1).")] = None,
    time_budget: TimeBudget = DEFAULT_TIME_BUDGET,
    skipped: Skipped = None,
    attribution_kinds: AttributionKinds = None,
) -> None:
    """Analyze articles: entities, quotations, numbers, dates and events."""
    if published is not None and parse_date(published) is None:
        raise _fail(f"--published {published!r} is not a date; use YYYY-MM-DD", 2)
    from newsgraph.pipeline import Pipeline

    try:
        pipeline = Pipeline(model, disable=tuple(disable or ()), time_budget=time_budget,
                            attribution_kinds=attribution_kinds)
    except (ModelNotFoundError, KeyError, ValueError) as exc:
        raise _fail(str(exc).strip("'\""), 2) from None

    if output is not None and output.is_dir():
        raise _fail(f"--output {output} is a folder; give a file name", 2)
    out, partial = _open_output(output) if output else (sys.stdout, None)
    console = Console(file=out, width=140) if output else Console()
    writer = _Writer(out, format, console)
    show_progress = output is not None or format is not OutputFormat.text
    try:
        with SkippedLog(skipped) as log:
            failures = _stream_into(writer, pipeline, read_paths(paths, published=published),
                                    processes=processes, batch_size=batch_size,
                                    min_confidence=min_confidence,
                                    show_progress=show_progress, log=log,
                                    total=_count(paths) if show_progress else None)
        writer.close()
    except BaseException:  # interrupted or out of disk: no half-written output left behind
        _close_output(out, partial, None)
        raise
    _close_output(out, partial, output if writer.count else None)
    _finish(writer.count, failures, strict)


def _open_output(output: Path) -> tuple[TextIO, Path | None]:
    """The stream to write, and the partial file to rename over ``output`` at the end.

    Writing beside the target and renaming means a failed run leaves neither an empty
    file nor a truncated earlier output. Devices and pipes (/dev/stdout, a FIFO) are
    written directly; a missing parent folder is created.
    """
    if output.exists() and not output.is_file():
        return output.open("w", encoding="utf-8"), None
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    try:
        return partial.open("w", encoding="utf-8"), partial
    except OSError as exc:  # name the user's path in the message, not the hidden one
        raise OSError(exc.errno, exc.strerror, str(output)) from None


def _close_output(out: TextIO, partial: Path | None, keep_as: Path | None) -> None:
    """Close the output; the partial file becomes ``keep_as``, or goes when that is None."""
    if out is sys.stdout:
        return
    try:
        out.close()
    finally:
        if partial is not None:
            if keep_as is not None:
                partial.replace(keep_as)
            else:
                partial.unlink(missing_ok=True)


def _count(paths: list[str]) -> int | None:
    from newsgraph.ingest.sources import count_articles

    return count_articles(paths)


def _stream_into(writer: _Writer, pipeline: Pipeline, items: Iterable[RawArticle | IngestError],
                 *, processes: int, batch_size: int, min_confidence: float | None,
                 show_progress: bool, total: int | None = None,
                 log: SkippedLog | None = None) -> list[IngestError]:
    """Analyze ``items`` into ``writer``, with a progress bar on a terminal (plain lines
    in a log when there are several inputs); return the skipped inputs."""
    from newsgraph.confidence import filter_document

    failures: list[IngestError] = []
    live = show_progress and err.is_terminal
    lines = show_progress and not live and (total is None or total > 1)
    started = time.monotonic()
    with progress_bar(err, "analyzing", "docs", live=live, transient=True) as progress:
        task = progress.add_task("", total=total)
        done = 0

        def repaired(article: RawArticle) -> None:
            if log is not None:
                log.add_repair(article)
            err.print(f"[yellow]repaired[/yellow] {escape(printable(repair_line(article)))}")

        items = reporting_repairs(items, repaired)
        for result in pipeline.analyze_stream(items, n_process=processes, batch_size=batch_size):
            done += 1
            if isinstance(result, IngestError):
                failures.append(result)
                if log is not None:
                    log.add(result)
                err.print(f"[yellow]skipped[/yellow] {escape(printable(str(result)))}")
            else:
                writer.write(result if min_confidence is None
                             else filter_document(result, min_confidence))
            progress.update(task, advance=1,
                            description=f"{len(failures)} skipped" if failures else "")
            if lines and done % batch_size == 0:
                pace = rate_and_time_left(done, total, time.monotonic() - started)
                err.print(f"analyzed {pace}", highlight=False)
    return failures


def _finish(done: int, failures: list[IngestError], strict: bool) -> None:
    if failures:
        err.print(f"{done} analyzed, {len(failures)} skipped")
    if done == 0:
        raise _fail("no document could be analyzed" if failures else "no input documents found")
    if failures and strict:
        raise typer.Exit(1)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of one analyzed document."""
    text = json_schema_text()
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


@app.command(name="eval")
def evaluate(
    tasks: Annotated[list[str], typer.Argument(
        help=f"Tasks to score: {', '.join(sorted(EVAL_TASKS))}, or all.", metavar="TASK...")],
    model: Annotated[str | None, typer.Option(help="spaCy model (sm, md or a package).")] = None,
    data: Annotated[Path | None, typer.Option(
        help="The folder of annotated corpora (default: $NEWSGRAPH_DATA, else ../shared/data).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")
                        ] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown tables.")
                        ] = False,
) -> None:
    """Score newsgraph (and baselines) on the annotated corpora in shared/data."""
    from newsgraph.eval import TASKS, DatasetMissing

    names = sorted(TASKS) if tasks == ["all"] else tasks
    unknown = [t for t in names if t not in TASKS]
    if unknown:
        raise _fail(f"unknown task {unknown[0]!r}; tasks: {', '.join(sorted(TASKS))}, all", 2)
    reports = []
    for n, name in enumerate(names, start=1):
        try:
            reports.append(_score_task(name, f"{name} ({n}/{len(names)})", data=data,
                                       model=model, limit=limit))
        except DatasetMissing as exc:
            raise _fail(str(exc)) from None
        except ModelNotFoundError as exc:
            raise _fail(str(exc), 2) from None
    if json_out:
        print(json.dumps([r.to_dict() for r in reports], indent=2))
        return
    if markdown:
        print("\n".join(r.to_markdown() for r in reports))
        return
    console = Console()
    for report in reports:
        console.print(_report_table(report))
        for note in report.notes:  # one line each: a log or a pipe must not cut them
            console.print(f"  [dim]{escape(note)}[/dim]", soft_wrap=True)


LOG_EVERY_SECONDS = 10.0


def _score_task(name: str, label: str, *, data: Path | None, model: str | None,
                limit: int | None):
    """Run one eval task with its documents counted: a bar with rate and time left on a
    terminal, a plain line every few seconds (and at the end) in a log."""
    from newsgraph.eval import run_task
    from newsgraph.eval.progress import DocumentCount, counting_documents

    live = err.is_terminal
    started = last_line = time.monotonic()
    with progress_bar(err, f"scoring {label}", "docs", transient=True) as progress:
        bar = progress.add_task("", total=None)

        def show(count: DocumentCount) -> None:
            nonlocal last_line
            progress.update(bar, completed=count.done, total=count.total or None)
            now = time.monotonic()
            if not live and now - last_line >= LOG_EVERY_SECONDS:
                last_line = now
                pace = rate_and_time_left(count.done, count.total, now - started)
                err.print(f"scoring {label}: documents {pace}", highlight=False)

        with counting_documents(show) as count:
            report = run_task(name, data_dir=data, model=model, limit=limit)
    if not live:
        err.print(f"scored {label}: {count.done} documents in "
                  f"{time.monotonic() - started:.0f} s", highlight=False)
    return report


def _fmt(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:.3f}" if isinstance(value, float) else f"{value:,}"


def _report_table(report) -> Table:
    seconds = f" in {report.seconds:.1f}s" if report.seconds else ""
    table = Table(title=f"{report.task}: {report.dataset}{seconds}", title_justify="left")
    for column in ("system", "measure", "P", "R", "F1", "acc", "n"):
        table.add_column(column, justify="left" if column in ("system", "measure") else "right")
    for row in report.rows:
        table.add_row(row.system, row.measure, _fmt(row.precision), _fmt(row.recall),
                      _fmt(row.f1), _fmt(row.accuracy), _fmt(row.support))
    return table


register_all(app)
humane_help(app)


def run() -> None:
    """Console entry point: the commands, with a full disk, a read-only path or an
    unreachable store reported as one line (exit 1) instead of a traceback."""
    try:
        app()
    except BrokenPipeError:  # `newsgraph ... | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        message = environment_error(exc)
        if message is None:
            raise
        err.print(f"[red]error:[/red] {escape(message)}")
        sys.exit(1)


if __name__ == "__main__":
    run()
