"""One progress display for long commands: on a terminal, a bar with the count, rate
and time left; when stderr is piped (a log), a plain line now and then instead."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second (or per minute when slower than one a second)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text(f"– {self.unit}/s", style="progress.data.speed")
        if speed < 1:
            return Text(f"{speed * 60:.1f} {self.unit}/min", style="progress.data.speed")
        return Text(f"{speed:.1f} {self.unit}/s", style="progress.data.speed")


def progress_bar(console: Console, verb: str, unit: str, *, live: bool | None = None,
                 transient: bool = False) -> Progress:
    """A bar "verb ━━━ 12/40 3.1 unit/s 0:00:04 0:00:09 <description>", shown only when
    ``live`` (default: ``console`` is a terminal)."""
    live = console.is_terminal if live is None else live
    return Progress(SpinnerColumn(), TextColumn(verb), BarColumn(), MofNCompleteColumn(),
                    RateColumn(unit), TimeElapsedColumn(), TextColumn("left"),
                    TimeRemainingColumn(), TextColumn("{task.description}"),
                    console=console, disable=not live, transient=transient)


def rate_and_time_left(done: int, total: int | None, seconds: float) -> str:
    """ "12 of 40 done, 3.1/s, about 9 s left": a plain progress line for logs."""
    rate = done / seconds if seconds > 0 else 0.0
    of = f" of {total}" if total else ""
    text = f"{done}{of} done, {rate:.1f}/s"
    if total and rate > 0 and done < total:
        left = (total - done) / rate
        text += f", about {_duration(left)} left"
    return text


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
