"""RSS/Atom feeds saved on disk (lxml, entry by entry; feedparser reads each entry) and
WARC web archives (warcio), both streamed."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from newsgraph.ingest.base import IngestError, RawArticle
from newsgraph.ingest.decode import DecodeError, decode_bytes
from newsgraph.ingest.readers import read_text_article

Item = RawArticle | IngestError

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:RDF")
MAX_RECORD_BYTES = 16 * 1024 * 1024  # one page with its markup; the article is far less
MAX_ENTRY_BYTES = MAX_RECORD_BYTES  # one feed entry, its markup included
ENTRY_TAGS = frozenset({"item", "entry"})  # RSS 2.0 and 1.0 (RDF) items, Atom entries
ROOT_TAGS = frozenset({"rss", "feed", "RDF"})


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


class _CountingReader:
    """A binary file that counts the bytes the parser has read from it."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size if size and size > 0 else 64 * 1024)
        self.count += len(data)
        return data


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _alone(entry, root):
    """``entry`` in a feed of its own (the root's namespaces and version kept), for
    feedparser to read its fields as it would in the whole feed."""
    import copy

    from lxml import etree

    wrapper = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    parent = etree.SubElement(wrapper, "channel") if _local(root) == "rss" else wrapper
    parent.append(copy.deepcopy(entry))
    return etree.tostring(wrapper)


def _entry_article(data: bytes, *, where: str, fallback: str) -> Item:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        return IngestError(where, "feed entry could not be read")
    entry = parsed.entries[0]
    body = _entry_body(entry)
    if not body:
        return IngestError(where, "feed entry has no content or summary")
    link = entry.get("link")
    return read_text_article(body, id=entry.get("id") or link or fallback, origin=where,
                             title=entry.get("title"), url=link, published=_entry_date(entry))


def stream_feed(handle: BinaryIO, *, origin: str, stem: str) -> Iterator[Item]:
    """One article per feed entry, parsed entry by entry: memory holds one entry, never
    the feed. An entry over :data:`MAX_ENTRY_BYTES` is skipped without being kept (its
    parts are dropped as they are parsed) and the next is read. No entity is expanded
    and no DTD or network resource is loaded (XXE, "billion laughs")."""
    from lxml import etree

    reader = _CountingReader(handle)
    parser = etree.iterparse(reader, events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    root = entry = None
    entry_start = entries = 0
    try:
        for event, element in parser:
            if event == "start":
                if root is None:
                    root = element
                    if _local(root) not in ROOT_TAGS:
                        yield IngestError(origin, f"not an RSS/Atom feed (<{_local(root)}>)")
                        return
                elif entry is None and _local(element) in ENTRY_TAGS:
                    entry, entry_start = element, reader.count
                continue
            over = entry is not None and reader.count - entry_start > MAX_ENTRY_BYTES
            if element is entry:
                entries += 1
                where = f"{origin}#{entries}"
                if over:
                    yield IngestError(where, f"feed entry is over {MAX_ENTRY_BYTES / 1e6:.0f}"
                                      " MB; skipped")
                else:
                    yield _entry_article(_alone(entry, root), where=where,
                                         fallback=f"{stem}-{entries}")
                entry = None
            if element is not root and (entry is None or over):
                _drop(element)  # a finished entry, the channel's own fields, an oversized part
    except etree.XMLSyntaxError as exc:
        yield IngestError(origin, f"not a readable RSS/Atom feed ({exc})")
        return
    if root is not None and not entries:
        yield IngestError(origin, "not a readable RSS/Atom feed (no entries)")


def _drop(element) -> None:
    element.clear()
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def feed_articles(data: bytes, *, origin: str, stem: str) -> Iterator[Item]:
    """One article per feed entry that carries its text (content or summary)."""
    yield from stream_feed(io.BytesIO(data), origin=origin, stem=stem)


def read_feed(path: Path) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield IngestError(str(path), f"cannot read feed: {exc.strerror}")
        return
    with handle:
        try:
            yield from stream_feed(handle, origin=str(path), stem=path.stem)
        except OSError as exc:
            yield IngestError(str(path), f"cannot read feed: {exc.strerror}")


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
