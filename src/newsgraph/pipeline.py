"""The per-article analysis: spaCy parse, then each registered extractor."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract import DEFAULT_EXTRACTORS, Context, ExtractorFn, resolve
from newsgraph.ingest import IngestError, RawArticle
from newsgraph.language import detect_language
from newsgraph.models import load_model
from newsgraph.schema import Document
from newsgraph.timeutil import parse_date


class Pipeline:
    """A loaded spaCy model plus the chosen extractors."""

    def __init__(self, model: str | None = None, *, disable: Iterable[str] = (),
                 extractors: Iterable[str] = DEFAULT_EXTRACTORS) -> None:
        self.nlp: Language = load_model(model)
        self.extractors: list[tuple[str, ExtractorFn]] = resolve(tuple(extractors),
                                                                 tuple(disable))

    def extract(self, doc: Doc, article: RawArticle) -> Document:
        document = Document(
            id=article.id,
            title=article.title,
            url=article.url,
            published=article.published,
            language="en",
            text=doc.text,
            boilerplate=article.boilerplate,
        )
        ctx = Context(doc=doc, document=document, reference_date=parse_date(article.published))
        for _name, fn in self.extractors:
            fn(ctx)
        return document

    def analyze(self, article: RawArticle) -> Document:
        return self.extract(self.nlp(article.text), article)

    def analyze_stream(self, items: Iterable[RawArticle | IngestError], *, n_process: int = 1,
                       batch_size: int = 32) -> Iterator[Document | IngestError]:
        """Analyze articles as a stream; errors pass through in order, unanalyzed."""
        passthrough: list[IngestError] = []

        def articles() -> Iterator[tuple[str, RawArticle]]:
            for item in items:
                if isinstance(item, IngestError):
                    passthrough.append(item)
                    continue
                language = detect_language(item.text)
                if language != "en":
                    passthrough.append(IngestError(
                        item.origin or item.id,
                        f"text looks like language {language!r}, not English; not analyzed"))
                    continue
                yield item.text, item

        for doc, article in self.nlp.pipe(articles(), as_tuples=True, n_process=n_process,
                                          batch_size=batch_size):
            while passthrough:
                yield passthrough.pop(0)
            try:
                yield self.extract(doc, article)
            except Exception as exc:  # one broken document must not stop a batch
                yield IngestError(article.origin or article.id,
                                  f"analysis failed ({type(exc).__name__}: {exc})")
        while passthrough:
            yield passthrough.pop(0)


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
