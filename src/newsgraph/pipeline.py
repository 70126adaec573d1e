"""The per-article analysis: spaCy parse, then each registered extractor.

Streams work in batches. Each batch is parsed and extracted inside a spaCy
memory zone, so the vocabulary and string store do not grow with the corpus;
with ``n_process > 1`` whole batches (language check, parse *and* extraction)
run in worker processes that load the pipeline once, so every core does the
full analysis rather than only the parse.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.attribution.kinds import keep_attribution_kinds, parse_attribution_kinds
from newsgraph.doctext import doc_text
from newsgraph.events.places import preload as preload_gazetteer
from newsgraph.extract import DEFAULT_EXTRACTORS, Context, ExtractorFn, resolve
from newsgraph.ingest import IngestError, RawArticle
from newsgraph.language import detect_language
from newsgraph.models import load_model, model_name
from newsgraph.schema import Document
from newsgraph.timebudget import Budget, OverBudget, hard_stop, parse_shares
from newsgraph.timeutil import parse_date

Item = RawArticle | IngestError
Result = Document | IngestError
# (model name, extractors, disabled, attribution kinds kept or None for all): enough to
# rebuild a Pipeline in a worker.
Spec = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...] | None]

# Which analysis wrote a stored article: raise it when an extractor's output
# changes, and ``newsgraph reanalyze`` finds the articles analyzed before.
PIPELINE_VERSION = 1

# A short article that reaches every extractor's lazily loaded tables.
_WARM_UP = ('KYIV, Ukraine - Russian forces shelled Kharkiv on Monday, killing 3 people, '
            'officials said. "We deny it," the Kremlin said in a statement.')

# Batches queued per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


class Pipeline:
    """A loaded spaCy model plus the chosen extractors.

    ``time_budget``: seconds one document may take (its share of the batch's parse,
    then the extractors); a document over it becomes an :class:`IngestError` and the
    batch goes on. None: no limit.
    """

    def __init__(self, model: str | None = None, *, disable: Iterable[str] = (),
                 extractors: Iterable[str] = DEFAULT_EXTRACTORS,
                 time_budget: float | None = None,
                 attribution_kinds: Iterable[str] | None = None) -> None:
        self.model = model_name(model)
        self.nlp: Language = load_model(self.model)
        kinds = parse_attribution_kinds(attribution_kinds)
        self.spec: Spec = (self.model, tuple(extractors), tuple(disable), kinds)
        self.extractors: list[tuple[str, ExtractorFn]] = resolve(self.spec[1], self.spec[2])
        self.time_budget = time_budget if time_budget else None
        self._warm_up()

    def _warm_up(self) -> None:
        """Load the tables the extractors build on first use (lexicons, the cue model, the
        gazetteer) now, not inside the first article's time budget."""
        if "events" in self.spec[1]:
            preload_gazetteer()
        article = RawArticle(id="warm-up", text=_WARM_UP, published="2024-10-28")
        self.extract(self.nlp(_WARM_UP), article)

    @property
    def version(self) -> str:
        """What to record with each article it analyzed: the version and the model."""
        return f"{PIPELINE_VERSION}:{self.model}"

    def extract(self, doc: Doc, article: RawArticle, budget: Budget | None = None) -> Document:
        document = Document(
            id=article.id,
            title=article.title,
            url=article.url,
            published=article.published,
            language="en",
            text=doc_text(doc),
            boilerplate=article.boilerplate,
            repairs=list(article.repairs),
        )
        ctx = Context(doc=doc, document=document, reference_date=parse_date(article.published))
        with hard_stop(budget):
            for name, fn in self.extractors:
                fn(ctx)
                if budget is not None:
                    budget.check(name)
        if self.spec[3] is not None:
            keep_attribution_kinds(document, self.spec[3])
        return document

    def analyze(self, article: RawArticle) -> Document:
        return self.extract(self.nlp(article.text), article)

    def analyze_batch(self, batch: list[Item]) -> list[Result]:
        """Analyze one batch; results come back in input order, errors passed through."""
        results: list[Result | None] = [None] * len(batch)
        todo: list[tuple[int, RawArticle]] = []
        for i, item in enumerate(batch):
            error = _screen(item)
            if error is None:
                todo.append((i, item))  # type: ignore[arg-type]
            else:
                results[i] = error
        # Strings and lexemes first seen inside the zone are freed when it closes:
        # nothing here may keep a spaCy object past the batch.
        with _memory_zone(self.nlp):
            started = time.monotonic()
            try:
                docs = list(self.nlp.pipe([a.text for _, a in todo], batch_size=len(batch)))
            except Exception as exc:  # a parser failure loses this batch, not the stream
                for i, article in todo:
                    results[i] = _failure(article, exc)
                return results  # type: ignore[return-value]
            shares = parse_shares([a.text for _, a in todo], time.monotonic() - started)
            for (i, article), doc, parse in zip(todo, docs, shares, strict=True):
                budget = None if self.time_budget is None else Budget(self.time_budget, parse)
                try:
                    if budget is not None:
                        budget.check("parse")
                    results[i] = self.extract(doc, article, budget)
                except OverBudget as exc:
                    results[i] = IngestError(article.origin or article.id, str(exc))
                except Exception as exc:  # one broken document must not stop a batch
                    results[i] = _failure(article, exc)
        return results  # type: ignore[return-value]

    def analyze_stream(self, items: Iterable[Item], *, n_process: int = 1,
                       batch_size: int = 32) -> Iterator[Result]:
        """Analyze articles as a stream; errors pass through in order, unanalyzed.

        Memory is bounded by ``batch_size`` (times the batches in flight when
        ``n_process > 1``), whatever the length of ``items``.
        """
        batches = _batched(items, max(1, batch_size))
        if n_process <= 1:
            for batch in batches:
                yield from self.analyze_batch(batch)
            return
        yield from _parallel(self, batches, n_process)


def _screen(item: Item) -> IngestError | None:
    """An error for items that are not analyzable English articles, else None."""
    if isinstance(item, IngestError):
        return item
    language = detect_language(item.text)
    if language != "en":
        return IngestError(item.origin or item.id,
                           f"text looks like language {language!r}, not English; not analyzed")
    return None


def _failure(article: RawArticle, exc: Exception) -> IngestError:
    return IngestError(article.origin or article.id,
                       f"analysis failed ({type(exc).__name__}: {exc})")


def _memory_zone(nlp: Language):
    zone = getattr(nlp, "memory_zone", None)  # spaCy >= 3.8
    return zone() if zone is not None else nullcontext()


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# --- worker processes -------------------------------------------------------------------

# One pipeline per worker process, built once by the pool initializer (or
# inherited from the parent when the pool forks).
_WORKER_PIPELINES: dict[Spec, Pipeline] = {}
_worker_spec: Spec | None = None


def _init_worker(spec: Spec, time_budget: float | None = None) -> None:
    global _worker_spec
    _worker_spec = spec
    if spec not in _WORKER_PIPELINES:
        model, extractors, disable, kinds = spec
        _WORKER_PIPELINES[spec] = Pipeline(model, extractors=extractors, disable=disable,
                                           attribution_kinds=kinds)
    _WORKER_PIPELINES[spec].time_budget = time_budget


def _work(batch: list[Item]) -> list[Result]:
    assert _worker_spec is not None
    return _WORKER_PIPELINES[_worker_spec].analyze_batch(batch)


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the loaded model with the workers (copy-on-write) and skips
    # a reload; elsewhere each worker loads it once.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _parallel(pipeline: Pipeline, batches: Iterator[list[Item]], n_process: int
              ) -> Iterator[Result]:
    """Run whole batches in ``n_process`` workers; yield results in input order."""
    ctx = _context()
    if ctx.get_start_method() == "fork":
        _WORKER_PIPELINES[pipeline.spec] = pipeline
    pending: deque = deque()
    limit = n_process * IN_FLIGHT_PER_WORKER
    with ctx.Pool(n_process, initializer=_init_worker,
                  initargs=(pipeline.spec, pipeline.time_budget)) as pool:
        for batch in batches:
            pending.append(pool.apply_async(_work, (batch,)))
            if len(pending) >= limit:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def analyze(text: str, *, published: str | date | None = None, id: str = "doc",
            title: str | None = None, url: str | None = None, model: str | None = None,
            disable: Iterable[str] = ()) -> Document:
    """Analyze one article's text (or HTML) and return its :class:`Document`."""
    from newsgraph.ingest import read_text_article

    if isinstance(published, date):
        published = published.isoformat()
    item = read_text_article(text, id=id, published=published, title=title, url=url)
    if isinstance(item, IngestError):
        raise ValueError(str(item))
    return Pipeline(model, disable=tuple(disable)).analyze(item)
