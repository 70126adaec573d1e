"""Readers for every input kind: plain text, HTML, JSONL and directories."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.ingest.base import MAX_CHARS, IngestError, RawArticle
from newsgraph.ingest.cleanup import split_boilerplate
from newsgraph.ingest.decode import DecodeError, decode_bytes
from newsgraph.ingest.html import EmptyHTMLError, article_from_html, looks_like_html
from newsgraph.textsafety import printable
from newsgraph.timeutil import parse_date

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_BYTES = 16 * MAX_CHARS  # a page's markup; its article must still fit in MAX_CHARS
MAX_HTML_CHARS = MAX_BYTES
MAX_JSON_DEPTH = 64  # an article record nests two or three levels

Item = RawArticle | IngestError


def read_text_article(text: str, *, id: str, origin: str = "", published: str | None = None,
                      title: str | None = None, url: str | None = None,
                      html: bool = False) -> Item:
    """Build an article from plain text, or from HTML when ``html`` or the text looks
    like it. The character limit applies to the article, not to the page around it."""
    if html or looks_like_html(text):
        if len(text) > MAX_HTML_CHARS:
            return IngestError(origin or id, f"page has {len(text):,} characters, over the "
                               f"limit of {MAX_HTML_CHARS:,}")
        try:
            article = article_from_html(text, id=id, origin=origin, url=url,
                                        published=published, title=title)
        except EmptyHTMLError as exc:
            return IngestError(origin or id, str(exc))
        return _within_limit(article)
    return _within_limit(_plain_article(text, id=id, origin=origin, published=published,
                                        title=title, url=url))


def _within_limit(item: Item) -> Item:
    if isinstance(item, RawArticle) and len(item.text) > MAX_CHARS:
        return IngestError(item.origin or item.id, f"document has {len(item.text):,} "
                           f"characters, over the limit of {MAX_CHARS:,}; split it into "
                           "articles first")
    return item


def _plain_article(text: str, *, id: str, origin: str, published: str | None,
                   title: str | None, url: str | None) -> Item:
    if len(text) > MAX_CHARS:  # before the boilerplate pass reads it all
        return IngestError(origin or id, f"document has {len(text):,} characters, over the "
                           f"limit of {MAX_CHARS:,}; split it into articles first")
    body, boilerplate = split_boilerplate(text)
    if not body.strip():
        return IngestError(origin or id, "empty document: no text to analyze")
    return RawArticle(id=id, text=body, title=title, url=url, published=published,
                      origin=origin, boilerplate=boilerplate)


def as_date(value: str) -> str | None:
    """``value`` if it starts with an ISO date, an RFC 2822 date ("Mon, 28 Oct 2024
    10:00:00 GMT") as ISO, else None: nothing else is stored as a date."""
    import email.utils  # only for dates that are not ISO

    if parse_date(value) is not None:
        return value
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _read_file_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DecodeError(f"file is {size / 1e6:.1f} MB, over the limit of "
                          f"{MAX_BYTES / 1e6:.0f} MB; split it into articles first")
    return decode_bytes(path.read_bytes())


def _record_to_article(record: object, *, origin: str, fallback_id: str,
                       published: str | None) -> Item:
    if not isinstance(record, dict):
        return IngestError(origin, "a JSONL line must be a JSON object")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return IngestError(origin, "record has neither a 'text' nor an 'html' string")
    meta = {
        "id": str(record.get("id") or fallback_id),
        "origin": origin,
        "published": record.get("published") or record.get("date") or published,
        "title": record.get("title"),
        "url": record.get("url"),
    }
    for key in ("published", "title", "url"):
        if meta[key] is not None and not isinstance(meta[key], str):
            meta[key] = str(meta[key])
    if meta["published"] is not None:
        day = as_date(meta["published"])
        if day is None:
            shown = printable(meta["published"][:60])
            return IngestError(origin, f"'published' is not a date ({shown!r}); use "
                               "YYYY-MM-DD or an RFC 2822 date")
        meta["published"] = day
    if isinstance(text, str):
        return read_text_article(text, **meta)  # type: ignore[arg-type]
    return read_text_article(html, html=True, **meta)  # type: ignore[arg-type]


def nested_deeper_than(line: str, limit: int) -> bool:
    """Do JSON arrays or objects in ``line`` nest deeper than ``limit``? (Brackets inside
    strings do not count; the scan runs only when there are enough brackets to matter.)"""
    if line.count("[") + line.count("{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def parse_jsonl_line(line: str, *, number: int, origin: str,
                     published: str | None = None) -> Item | None:
    """Parse line ``number`` of a JSONL input; None for a blank line."""
    if not line.strip():
        return None
    where = f"{origin}:{number}"
    if nested_deeper_than(line, MAX_JSON_DEPTH):
        return IngestError(where, f"JSON nested deeper than {MAX_JSON_DEPTH} levels; "
                           "not an article record")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:  # pragma: no cover - the depth check comes first
        return IngestError(where, "JSON nested too deeply; not an article record")
    return _record_to_article(record, origin=where,
                              fallback_id=f"{Path(origin).stem}-{number}", published=published)


def read_jsonl_lines(lines: Iterable[str], *, origin: str, published: str | None = None
                     ) -> Iterator[Item]:
    """One article per JSON line; a bad line is reported with its number."""
    for number, line in enumerate(lines, start=1):
        item = parse_jsonl_line(line, number=number, origin=origin, published=published)
        if item is not None:
            yield item


def read_jsonl_file(path: Path, published: str | None = None) -> Iterator[Item]:
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield IngestError(f"{path}:{number}", "line is not valid UTF-8")
                    continue
                item = parse_jsonl_line(line, number=number, origin=str(path),
                                        published=published)
                if item is not None:
                    yield item
    except OSError as exc:
        yield IngestError(str(path), f"cannot read file: {exc.strerror}")


def read_file(path: Path, published: str | None = None) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, published)
        return
    try:
        text = _read_file_text(path)
    except (DecodeError, OSError) as exc:
        yield IngestError(str(path), getattr(exc, "strerror", None) or str(exc))
        return
    yield read_text_article(text, id=path.stem, origin=str(path), published=published,
                            html=suffix in HTML_SUFFIXES)


def _files_under(directory: Path) -> Iterator[Path]:
    wanted = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in wanted:
            yield path


def read_paths(paths: Iterable[str | Path], published: str | None = None) -> Iterator[Item]:
    """Read every article under ``paths`` (files, directories, or ``-`` for stdin).

    Ids are unique in the output: a repeated id gets a ``~2``, ``~3`` … suffix
    rather than silently overwriting or dropping an article downstream.
    """
    seen: dict[str, int] = {}
    for item in _read_all(paths, published):
        if isinstance(item, RawArticle):
            count = seen.get(item.id, 0) + 1
            seen[item.id] = count
            if count > 1:
                item.id = f"{item.id}~{count}"
        yield item


def _read_all(paths: Iterable[str | Path], published: str | None) -> Iterator[Item]:
    for raw in paths:
        if str(raw) == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                yield IngestError("<stdin>", f"input is over {MAX_BYTES / 1e6:.0f} MB; "
                                  "split it into articles first")
                continue
            try:
                text = decode_bytes(data)
            except DecodeError as exc:
                yield IngestError("<stdin>", str(exc))
                continue
            yield read_text_article(text, id="stdin", origin="<stdin>", published=published)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _files_under(path):
                yield from read_file(file, published)
        elif path.is_file():
            yield from read_file(path, published)
        elif path.exists():  # a FIFO or device would block the read, or never end
            yield IngestError(str(path), "not a regular file or folder")
        else:
            yield IngestError(str(path), "no such file or directory")
