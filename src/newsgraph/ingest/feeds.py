"""RSS/Atom feeds saved on disk (feedparser) and WARC web archives (warcio)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from newsgraph.ingest.base import IngestError, RawArticle
from newsgraph.ingest.decode import DecodeError, decode_bytes
from newsgraph.ingest.readers import read_text_article

Item = RawArticle | IngestError

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:RDF")


def looks_like_feed(head: bytes) -> bool:
    return any(marker in head for marker in FEED_MARKERS)


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None


def _entry_body(entry) -> str | None:
    for content in entry.get("content") or ():
        if content.get("value"):
            return content["value"]
    return entry.get("summary") or None


def feed_articles(data: bytes, *, origin: str, stem: str) -> Iterator[Item]:
    """One article per feed entry that carries its text (content or summary)."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "no entries"
        yield IngestError(origin, f"not a readable RSS/Atom feed ({reason})")
        return
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#{n}"
        body = _entry_body(entry)
        if not body:
            yield IngestError(where, "feed entry has no content or summary")
            continue
        link = entry.get("link")
        yield read_text_article(body, id=entry.get("id") or link or f"{stem}-{n}",
                                origin=where, title=entry.get("title"), url=link,
                                published=_entry_date(entry))


def read_feed(path: Path) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(str(path), f"cannot read feed: {exc.strerror}")
        return
    yield from feed_articles(data, origin=str(path), stem=path.stem)


def read_warc(path: Path) -> Iterator[Item]:
    """One article per HTML (or plain-text) response record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as handle:
            for n, record in enumerate(ArchiveIterator(handle), start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype and "text/plain" not in ctype:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                origin = f"{path}#{n}"
                try:
                    text = decode_bytes(record.content_stream().read())
                except DecodeError as exc:
                    yield IngestError(origin, str(exc))
                    continue
                # WARC-Date is when the page was fetched, not published: not used.
                yield read_text_article(text, id=url or f"{path.stem}-{n}", origin=origin,
                                        url=url)
    except (ArchiveLoadFailed, OSError) as exc:
        yield IngestError(str(path), f"not a readable WARC file ({exc})")
