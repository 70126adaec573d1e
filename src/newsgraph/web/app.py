"""The FastAPI app: REST API under /api, HTML pages, static files, all from one process."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from jinja2.filters import do_urlencode
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.ingest import IngestError, read_text_article
from newsgraph.schema import Document
from newsgraph.timebudget import DEFAULT_TIME_BUDGET
from newsgraph.timex.humanize import in_words
from newsgraph.web.analysis import Analyzer, short_message
from newsgraph.web.api import router as api_router
from newsgraph.web.lists import router as lists_router
from newsgraph.web.pages import router as pages_router
from newsgraph.web.repository import Repository
from newsgraph.web.security import DEFAULT_MAX_BODY, BodyTooLarge, GuardMiddleware
from newsgraph.web.workers import DEFAULT_QUEUE, DEFAULT_WORKERS, AnalysisPool

HERE = Path(__file__).parent


def url_part(value: object) -> str:
    """Percent-encode a value for one path segment or query value, "/" included: article
    ids are URLs ("https://…/a/b") and RSS or WARC ids, and must stay one segment."""
    return quote(value, safe="") if isinstance(value, str) else do_urlencode(value)


def templates() -> Jinja2Templates:
    # autoescape on for every template: article text is untrusted
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters["urlencode"] = url_part
    env.filters["number"] = lambda v: "" if v is None else (
        f"{v:,.0f}" if float(v).is_integer() else f"{v:,}")
    env.filters["when"] = in_words  # a TIMEX3 value or date, in words for people
    return Jinja2Templates(env=env)


def pipeline_analyzer(model: str | None = None, pipeline=None,
                      time_budget: float | None = DEFAULT_TIME_BUDGET) -> Analyzer:
    """An analyzer that runs one text at a time (loading the pipeline on first use);
    a text over ``time_budget`` seconds is refused (422) rather than holding the worker."""
    lock = threading.Lock()
    state: dict[str, object] = {} if pipeline is None else {"pipeline": pipeline}

    def analyze(text: str, published: str | None, title: str | None
                ) -> Document | IngestError:
        from newsgraph.pipeline import Pipeline

        article = read_text_article(text, id="pasted", origin="pasted text",
                                    published=published, title=title)
        if isinstance(article, IngestError):
            return article
        with lock:  # one analysis at a time: it is CPU-bound and the model is shared
            if "pipeline" not in state:  # a pipeline passed in keeps its own budget
                state["pipeline"] = Pipeline(model, time_budget=time_budget)
            pipeline = state["pipeline"]
            return pipeline.analyze_batch([article])[0]  # type: ignore[attr-defined]

    return analyze


def create_app(repo: Repository, *, token: str | None = None,
               max_body: int = DEFAULT_MAX_BODY, allowed_hosts: Iterable[str] | None = None,
               analyzer: Analyzer | None = None, allow_fetch: bool = False,
               analysis_workers: int = DEFAULT_WORKERS,
               analysis_queue: int = DEFAULT_QUEUE) -> FastAPI:
    """Build the app over ``repo``.

    ``token``: required on every request when set. ``allowed_hosts``: Host
    header names answered (None: any). ``analyzer``: runs the pipeline for the
    analyze form and endpoint (None: analysis is off). ``allow_fetch``: whether
    the analyze form may fetch a URL the user gives (public addresses only).
    ``analysis_workers`` / ``analysis_queue``: analyses run at once / may wait.
    """
    app = FastAPI(title="newsgraph", version=__version__, docs_url=None, redoc_url=None,
                  description="Articles, entities, quotations, numbers, events, stories and "
                              "contradictions extracted by newsgraph. Lists are paginated "
                              "with limit/offset and report the total.")
    app.state.repo = repo
    app.state.analyzer = analyzer
    app.state.analysis_pool = AnalysisPool(analysis_workers, analysis_queue)
    app.state.allow_fetch = allow_fetch
    app.state.templates = templates()
    app.include_router(api_router)
    app.include_router(pages_router)
    app.include_router(lists_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def _error_page(request: Request, exc: StarletteHTTPException) -> Response:
        # the API answers JSON; a person following a bad link gets a page
        if request.url.path.startswith("/api") or "text/html" not in request.headers.get(
                "accept", ""):
            return await http_exception_handler(request, exc)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail},
            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # where and why, never the input itself: that may be a megabyte of posted text
        detail = [{"loc": list(e.get("loc", ())), "msg": short_message(str(e.get("msg", ""))),
                   "type": e.get("type", "")} for e in exc.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=413)

    app.add_middleware(GuardMiddleware, token=token, max_body=max_body,
                       allowed_hosts=allowed_hosts)
    return app
