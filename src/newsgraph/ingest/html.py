"""HTML to article text and metadata with trafilatura."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import trafilatura

from newsgraph.ingest.base import RawArticle
from newsgraph.ingest.cleanup import split_boilerplate


class EmptyHTMLError(ValueError):
    pass


# a fragment: the body of an article without the page around it ("<p>…</p>")
_FRAGMENT = re.compile(r"\s*<(?:p|div|article|section|main|h[1-6]|span|table|ul|ol|blockquote|"
                       r"figure|em|strong|b|i|a)\b[^>]*>", re.IGNORECASE)
_CLOSING = re.compile(r"</(?:p|div|article|section|h[1-6]|table|li|blockquote)>", re.IGNORECASE)
LXML_DEPTH = 255  # lxml stops building the tree below this depth


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head) \
        or looks_like_fragment(text)


def looks_like_fragment(text: str) -> bool:
    """Starts with a block or inline tag and closes block tags: markup, not prose."""
    return _FRAGMENT.match(text[:2000]) is not None and _CLOSING.search(text[:20000]) is not None


def _is_page(html: str) -> bool:
    head = html[:4000].lower()
    return "<html" in head or "<body" in head


def article_from_html(html: str, *, id: str, origin: str, url: str | None = None,
                      published: str | None = None, title: str | None = None) -> RawArticle:
    """Extract the main text (tables as text; no comments or image captions) and metadata.

    When trafilatura finds no article in a whole page, nothing is kept: the page's
    other text is navigation, menus and footers. A fragment (the body alone) and
    markup nested too deep for lxml are read as flat text instead.
    """
    extracted = _extract(html, url)
    text = extracted.text if extracted is not None else ""
    if text and not _has_prose(text):
        # a list of links (a section front, a page whose article did not load): ask for
        # precision, which keeps only article text, or nothing
        extracted = _extract(html, url, favor_precision=True)
        text = extracted.text if extracted is not None else ""
    if not (text or "").strip():
        flat, depth = flat_text(html)
        if not _is_page(html) or depth > LXML_DEPTH:
            text = flat
    if not (text or "").strip():
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


def _extract(html: str, url: str | None, favor_precision: bool = False):
    return trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,  # where the table is the article (standings, prices)
        include_images=False,
        with_metadata=True,
        deduplicate=False,  # True drops a body that repeats, and the page with it
        favor_precision=favor_precision,
    )


def _has_prose(text: str, words: int = 8) -> bool:
    """Some line reads as a sentence, not a menu entry."""
    return any(len(line.split()) >= words for line in text.splitlines())


_SKIPPED_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "figcaption",
                 "template", "svg", "form", "button", "select"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "col",
              "embed", "param", "track", "base"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
               "blockquote", "tr", "pre"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.depth = self.max_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in _VOID_TAGS:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)
        if tag in _SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Visible text of ``html``, one line per block, without depth limits."""
    return flat_text(html)[0]


def flat_text(html: str) -> tuple[str, int]:
    """(visible text, deepest tag nesting) of ``html``, from the stdlib parser."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line), collector.max_depth
