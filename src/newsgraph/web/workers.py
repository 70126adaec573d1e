"""Analysis off the request threads: a bounded pool with a bounded queue.

Reads (pages, API lists) run in the server's shared thread pool. An analysis
takes seconds of CPU, so it runs in its own small pool instead, and a request
only waits for it without holding a shared thread: a flood of analyze requests
cannot starve reads. When the pool and its queue are full, a new request is
refused at once (503 with Retry-After) rather than queued without end.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
