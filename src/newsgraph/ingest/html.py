"""HTML to article text and metadata with trafilatura."""

from __future__ import annotations

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
    if extracted is None or not (extracted.text or "").strip():
        raise EmptyHTMLError("no article text found in the HTML")
    body, boilerplate = split_boilerplate(extracted.text)
    return RawArticle(
        id=id,
        text=body,
        title=title or extracted.title,
        url=url or extracted.url,
        published=published or extracted.date,
        origin=origin,
        boilerplate=boilerplate,
    )
