"""Running the pipeline for a request: the one helper the API and the pages share.

Apart from :mod:`newsgraph.web.app` so the routers need not import the app that
includes them.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, HTTPException

from newsgraph.ingest import IngestError
from newsgraph.schema import Document
from newsgraph.web.workers import PoolBusy

# (text, published, title) -> an analyzed document, or the reason it could not be analyzed
Analyzer = Callable[[str, str | None, str | None], Document | IngestError]


async def analyze_text(app: FastAPI, text: str, *, published: str | None = None,
                       title: str | None = None) -> Document:
    """Analyze in the app's analysis pool: 503 (with Retry-After) when it is full."""
    analyzer: Analyzer | None = app.state.analyzer
    if analyzer is None:
        raise HTTPException(503, "analysis is turned off on this server")
    try:
        result = await app.state.analysis_pool.run(analyzer, text, published, title)
    except PoolBusy as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": str(exc.retry_after)}
                            ) from None
    if isinstance(result, IngestError):
        raise HTTPException(422, short_message(result.message))
    return result


def short_message(message: str, limit: int = 500) -> str:
    """An error message without a pasted megabyte in it."""
    return message if len(message) <= limit else message[:limit] + "…"
