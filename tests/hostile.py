"""Generators of hostile inputs for the robustness tests (built at run time, never stored)."""

from __future__ import annotations

# one run-on sentence: reporting verbs, dates and numbers, no full stop anywhere
RUN_ON = ("officials said on Monday that troops attacked the village in March and "
          "the ministry announced on Friday it would meet rebels next week while "
          "police arrested 12 protesters on 3 October and ")


def run_on_sentence(chars: int) -> str:
    """A single unpunctuated sentence of ``chars`` characters, dense in dates and verbs."""
    return (RUN_ON * (chars // len(RUN_ON) + 1))[:chars].rstrip()


def warc_record(url: str, body_chunks, body_length: int, content_type: str = "text/html"
                ) -> tuple[bytes, object]:
    """(head, body chunks) of one WARC response record, the body streamed, never held."""
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {body_length}\r\n\r\n").encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\n"
            "WARC-Date: 2024-10-28T00:00:00Z\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + body_length}\r\n\r\n").encode() + http
    return head, body_chunks


def write_warc_gz(path, records) -> None:
    """A .warc.gz with one gzip member per record, written as a stream."""
    import gzip

    with path.open("wb") as raw:
        for head, chunks in records:
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as member:
                member.write(head)
                for chunk in chunks:
                    member.write(chunk)
                member.write(b"\r\n\r\n")


PAGE = (b"<html><head><title>Rail strike ends</title></head><body><article><p>Union leaders "
        b"said on Monday that the rail strike had ended after 12 days.</p></article></body>"
        b"</html>")


def bomb_chunks(total: int, chunk: bytes = b"<p>" + b"a" * (1 << 20) + b"</p>"):
    """``total`` bytes of markup that compress to almost nothing."""
    sent = 0
    while sent < total:
        part = chunk[:total - sent]
        sent += len(part)
        yield part


# --- stand-ins for the server's analysis child (module level: a spawned child imports them)

def no_init(model, time_budget) -> None:
    """The child needs no model for these tests."""


def stalling_analysis(text: str, published, title):
    """An analysis that never ends on "STALL", and answers at once otherwise."""
    import time

    if "STALL" in text:
        time.sleep(600)
    return f"analyzed: {text}"
