"""Every source ``newsgraph ingest`` accepts, dispatched by what it is.

Files and directories of text, HTML and JSONL (the base readers), RSS/Atom
feeds and MEANTIME CAT files (XML, told apart by their content), WARC
archives, and http(s) URLs only when the caller allows the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.ingest.base import IngestError, RawArticle, is_note, skipped_note
from newsgraph.ingest.feeds import feed_articles, looks_like_feed, read_feed, read_warc
from newsgraph.ingest.meantime import is_cat_xml, read_meantime_article
from newsgraph.ingest.readers import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    read_file,
    read_text_article,
)
from newsgraph.ingest.readers import read_paths as read_base_paths

Item = RawArticle | IngestError

XML_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
URL_TIMEOUT = 30


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _read_xml(path: Path, published: str | None) -> Iterator[Item]:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        yield IngestError(str(path), f"cannot read file: {exc.strerror}")
        return
    if is_cat_xml(head):
        yield read_meantime_article(path)
    elif looks_like_feed(head):
        yield from read_feed(path)
    else:
        yield from read_file(path, published)


def read_source_file(path: Path, published: str | None = None) -> Iterator[Item]:
    """Read one file; ``published`` is used where the input carries no date."""
    if _is_warc(path):
        yield from read_warc(path)
    elif path.suffix.lower() in XML_SUFFIXES:
        yield from _read_xml(path, published)
    else:
        yield from read_file(path, published)


def _wanted(path: Path) -> bool:
    suffix = path.suffix.lower()
    return (suffix in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | XML_SUFFIXES
            or _is_warc(path))


def read_url(url: str, *, allow_private: bool = False) -> Iterator[Item]:
    """Fetch one page (or feed) over the network: public addresses only (each redirect
    checked, the checked address connected to), unless ``allow_private``."""
    if not allow_private:
        yield from _read_public_url(url)
        return
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "newsgraph"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:  # noqa: S310
            data = response.read(16_000_000)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        yield IngestError(url, f"cannot fetch: {exc}")
        return
    if looks_like_feed(data[:4096]):
        yield from feed_articles(data, origin=url, stem="feed")
        return
    from newsgraph.ingest.decode import DecodeError, decode_bytes

    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield IngestError(url, str(exc))
        return
    yield read_text_article(text, id=url, origin=url, url=url)


def _read_public_url(url: str) -> Iterator[Item]:
    # the same guard as the web app's analyze form (SSRF): no loopback, private,
    # link-local or metadata address, before connecting and after every redirect
    from newsgraph.ingest.fetch import FetchError, UnsafeURLError, fetch

    try:
        final, text = fetch(url)
    except UnsafeURLError as exc:
        yield IngestError(url, f"not fetched: {exc} (--allow-private-urls fetches it)")
        return
    except FetchError as exc:
        yield IngestError(url, f"cannot fetch: {exc}")
        return
    data = text.encode("utf-8")
    if looks_like_feed(data[:4096]):
        yield from feed_articles(data, origin=url, stem="feed")
        return
    yield read_text_article(text, id=final, origin=url, url=final)


def _guarded(name: str, items: Iterator[Item]) -> Iterator[Item]:
    """Third-party parsers (warcio, feedparser, lxml) can fail on hostile bytes in
    ways they do not document: the rest of the file becomes an error (what was read
    before it is kept) and the batch goes on."""
    try:
        yield from items
    except Exception as exc:  # any parser failure is this file's error, not the batch's
        yield IngestError(name, f"could not be read past this point; earlier articles were "
                                f"kept ({type(exc).__name__}: {exc})")


def read_sources(sources: Iterable[str | Path], *, allow_urls: bool = False,
                 published: str | None = None, allow_private_urls: bool = False,
                 include: tuple[str, ...] = ()) -> Iterator[Item]:
    """Read every article in ``sources``; a bad one is an :class:`IngestError`.

    In a folder, notes (README, LICENSE, SOURCE...) are a
    :class:`~newsgraph.ingest.base.SkippedNote` unless an ``include`` glob names them.
    """
    for raw in sources:
        name = str(raw)
        if name.startswith(("http://", "https://")):
            if allow_urls:
                yield from read_url(name, allow_private=allow_private_urls)
            else:
                yield IngestError(name, "URL sources need --allow-urls (network access)")
            continue
        if name == "-":
            yield from read_base_paths(["-"], published)
            continue
        path = Path(name)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if not (file.is_file() and not file.name.startswith(".") and _wanted(file)):
                    continue
                if is_note(file, include):
                    yield skipped_note(file)
                else:
                    yield from _guarded(str(file), read_source_file(file, published))
        elif path.is_file():
            yield from _guarded(name, read_source_file(path, published))
        elif path.exists():  # a FIFO or device would block the read, or never end
            yield IngestError(name, "not a regular file or folder")
        else:
            yield IngestError(name, "no such file or directory")


def _count_file(path: Path) -> int | None:
    if _is_warc(path) or path.suffix.lower() in XML_SUFFIXES - {".xml"}:
        return None
    if path.suffix.lower() in JSONL_SUFFIXES:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    if path.suffix.lower() == ".xml":
        with path.open("rb") as handle:
            head = handle.read(4096)
        return None if looks_like_feed(head) else 1
    return 1


def count_articles(sources: Iterable[str | Path], include: tuple[str, ...] = ()
                   ) -> int | None:
    """How many items reading ``sources`` will give, when that is cheap to know
    (None for URLs, stdin, feeds and WARC files): for a progress bar's total."""
    total = 0
    try:
        for raw in sources:
            name = str(raw)
            if name == "-" or name.startswith(("http://", "https://")):
                return None
            path = Path(name)
            files = ([f for f in sorted(path.rglob("*"))
                      if f.is_file() and not f.name.startswith(".") and _wanted(f)
                      and not is_note(f, include)]
                     if path.is_dir() else [path])
            for file in files:
                n = _count_file(file) if file.is_file() else 1  # never open a FIFO
                if n is None:
                    return None
                total += n
    except OSError:
        return None
    return total
