"""Analysis off the request threads: a bounded pool with a bounded queue.

Reads (pages, API lists) run in the server's shared thread pool. An analysis
takes seconds of CPU, so it runs in its own small pool instead, and a request
only waits for it without holding a shared thread: a flood of analyze requests
cannot starve reads. When the pool and its queue are full, a new request is
refused at once (503 with Retry-After) rather than queued without end.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")

DEFAULT_WORKERS = 1  # analysis is CPU-bound and the model is shared: one at a time
DEFAULT_QUEUE = 4  # requests waiting beyond the running ones
RETRY_AFTER = 10  # seconds a refused client is told to wait


class PoolBusy(Exception):
    """Every worker is busy and the queue is full."""

    def __init__(self, retry_after: int = RETRY_AFTER) -> None:
        super().__init__("the server is busy analyzing other texts; retry in "
                         f"{retry_after} s")
        self.retry_after = retry_after


class AnalysisPool:
    """Runs blocking calls in ``workers`` threads, with at most ``queue`` more waiting."""

    def __init__(self, workers: int = DEFAULT_WORKERS, queue: int = DEFAULT_QUEUE) -> None:
        self.workers, self.queue = max(1, workers), max(0, queue)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="ng-analysis")
        self._slots = threading.BoundedSemaphore(self.workers + self.queue)

    async def run(self, fn: Callable[..., T], *args) -> T:
        """``fn(*args)`` in a worker; raises :class:`PoolBusy` when no slot is free."""
        if not self._slots.acquire(blocking=False):
            raise PoolBusy()

        def call() -> T:
            try:
                return fn(*args)
            finally:
                self._slots.release()

        try:
            future = self._executor.submit(call)
        except BaseException:
            self._slots.release()
            raise
        return await asyncio.wrap_future(future)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


# --- the analysis itself, in a child process ----------------------------------------------

_CHILD_PIPELINE = None


def _child_init(model: str | None, time_budget: float | None) -> None:
    global _CHILD_PIPELINE
    from newsgraph.pipeline import Pipeline

    _CHILD_PIPELINE = Pipeline(model, time_budget=time_budget)


def _child_analyze(text: str, published: str | None, title: str | None):
    from newsgraph.ingest import IngestError, read_text_article

    article = read_text_article(text, id="pasted", origin="pasted text",
                                published=published, title=title)
    if isinstance(article, IngestError):
        return article
    return _CHILD_PIPELINE.analyze_batch([article])[0]  # type: ignore[union-attr]


class ProcessAnalyzer:
    """Runs the pipeline in one child process, so the server's own process (and its
    interpreter lock) stays free for reads; a text that runs past the time budget (plus
    grace) is stopped by ending the child, which is then started again."""

    def __init__(self, model: str | None = None, time_budget: float | None = None,
                 grace: float = 10.0, *, startup: float = 120.0,
                 work: Callable = _child_analyze, init: Callable = _child_init) -> None:
        """``startup``: extra seconds for a call that also loads the model; ``work`` and
        ``init`` run in the child (module-level functions: the child imports them)."""
        self.model, self.time_budget, self.grace = model, time_budget, grace
        self.startup, self._work, self._init = startup, work, init
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn: forking a process that runs server threads is not safe
                self._executor = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=self._init, initargs=(self.model, self.time_budget))
            return self._executor

    def _restart(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            for process in list(getattr(executor, "_processes", {}).values()):
                process.kill()
            executor.shutdown(wait=False, cancel_futures=True)

    def __call__(self, text: str, published: str | None, title: str | None):
        from newsgraph.ingest import IngestError

        future = self._pool().submit(self._work, text, published, title)
        # the first call also waits for the model to load in the child
        limit = None if self.time_budget is None else \
            self.time_budget + self.grace + self.startup
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            self._restart()
            return IngestError("pasted text", f"analysis went over the time budget of "
                               f"{self.time_budget:g} s and was stopped")
        except BrokenProcessPool:
            self._restart()
            return IngestError("pasted text", "the analysis process failed; try again")

    def close(self) -> None:
        self._restart()
