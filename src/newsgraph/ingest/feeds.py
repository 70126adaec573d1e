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
MAX_RECORD_BYTES = 16 * 1024 * 1024  # one page with its markup; the article is far less
MAX_FEED_BYTES = 64 * 1024 * 1024


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
        size = path.stat().st_size
        if size > MAX_FEED_BYTES:
            yield IngestError(str(path), f"feed is {size / 1e6:.0f} MB, over the limit of "
                              f"{MAX_FEED_BYTES / 1e6:.0f} MB; split it first")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(str(path), f"cannot read feed: {exc.strerror}")
        return
    yield from feed_articles(data, origin=str(path), stem=path.stem)


def read_warc(path: Path) -> Iterator[Item]:
    """One article per HTML (or plain-text) response record, streamed: a record is read
    up to :data:`MAX_RECORD_BYTES` and the rest of it is skipped unread into memory, so a
    compressed bomb costs time to skip, never memory."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = pages = 0
    try:
        with path.open("rb") as handle:
            for n, record in enumerate(ArchiveIterator(handle), start=1):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype and "text/plain" not in ctype:
                    continue
                pages += 1
                yield _warc_article(record, origin=f"{path}#{n}", fallback=f"{path.stem}-{n}")
    except (ArchiveLoadFailed, OSError, ValueError) as exc:
        yield IngestError(str(path), f"not a readable WARC file ({exc})")
        return
    if not pages:
        what = "no HTML or text response record" if records else "no WARC records"
        yield IngestError(str(path), f"{what} found: is this the WARC file you meant?")


def _warc_article(record, *, origin: str, fallback: str) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(data) > MAX_RECORD_BYTES:
        return IngestError(origin, f"record is over {MAX_RECORD_BYTES / 1e6:.0f} MB; skipped")
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        return IngestError(origin, str(exc))
    # WARC-Date is when the page was fetched, not published: not used.
    return read_text_article(text, id=url or fallback, origin=origin, url=url)
