"""A per-document time budget for the analysis.

Every stage (the document's share of the batch parse, then each extractor) is
charged to the budget and checked after it runs. In the main thread of a
process (the CLI, ingest workers) a timer also interrupts a stage that overruns
mid-way; elsewhere (server threads) the check between stages is the bound.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from newsgraph.settings import default

# seconds per document: a long article takes a few
DEFAULT_TIME_BUDGET = float(default("time_budget"))  # type: ignore[arg-type]


class OverBudget(Exception):
    """The document took longer than its budget; it is skipped, the batch goes on."""


class Budget:
    """The time left to one document, with what it has spent on its parse."""

    def __init__(self, seconds: float, spent: float = 0.0) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds - spent

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self, stage: str) -> None:
        if self.remaining() < 0:
            raise self.exceeded(stage)

    def exceeded(self, stage: str) -> OverBudget:
        return OverBudget(f"analysis went over the time budget of {self.seconds:g} s "
                          f"(at {stage}); skipped: split the document or raise "
                          "--time-budget")


def parse_shares(texts: Sequence[str], seconds: float) -> list[float]:
    """Each text's share of a batch parse that took ``seconds`` (the parse is linear in
    length, so by characters)."""
    total = sum(len(t) for t in texts) or 1
    return [seconds * len(t) / total for t in texts]


@contextmanager
def hard_stop(budget: Budget | None) -> Iterator[None]:
    """Interrupt the block when ``budget`` runs out, where a timer signal can: in the
    main thread, and only when no one else uses SIGALRM or the real-time timer."""
    if budget is None or not _timer_free():
        yield
        return

    def expire(signum, frame) -> None:
        raise budget.exceeded("an extractor, interrupted")

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(budget.remaining(), 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _timer_free() -> bool:
    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
