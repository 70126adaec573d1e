"""Running the pipeline for a request: the one helper the API and the pages share.

Apart from :mod:`newsgraph.web.app` so the routers need not import the app that
includes them.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, HTTPException

from newsgraph.ingest import IngestError
from newsgraph.schema import Document

# (text, published, title) -> an analyzed document, or the reason it could not be analyzed
Analyzer = Callable[[str, str | None, str | None], Document | IngestError]


def analyze_text(app: FastAPI, text: str, *, published: str | None = None,
                 title: str | None = None) -> Document:
    analyzer: Analyzer | None = app.state.analyzer
    if analyzer is None:
        raise HTTPException(503, "analysis is turned off on this server")
    result = analyzer(text, published, title)
    if isinstance(result, IngestError):
        raise HTTPException(422, result.message)
    return result
