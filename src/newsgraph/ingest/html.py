"""HTML to article text and metadata with trafilatura."""

from __future__ import annotations

from html.parser import HTMLParser

import trafilatura

from newsgraph.ingest.base import RawArticle
from newsgraph.ingest.cleanup import split_boilerplate


class EmptyHTMLError(ValueError):
    pass


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def article_from_html(html: str, *, id: str, origin: str, url: str | None = None,
                      published: str | None = None, title: str | None = None) -> RawArticle:
    """Extract the main text (no comments, tables or image captions) and metadata."""
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        deduplicate=True,
    )
    text = extracted.text if extracted is not None else ""
    if not (text or "").strip():
        # lxml gives up on pathological markup (nesting deeper than 255 levels);
        # the stdlib parser is flat and still finds the paragraphs.
        text = plain_text(html)
    if not text.strip():
        raise EmptyHTMLError("no article text found in the HTML")
    body, boilerplate = split_boilerplate(text)
    return RawArticle(
        id=id,
        text=body,
        title=title or (extracted.title if extracted is not None else None),
        url=url or (extracted.url if extracted is not None else None),
        published=published or (extracted.date if extracted is not None else None),
        origin=origin,
        boilerplate=boilerplate,
    )


_SKIPPED_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "figcaption",
                 "template", "svg", "form", "button", "select"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
               "blockquote", "tr", "pre"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Visible text of ``html``, one line per block, without depth limits."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)
