"""Bytes to text: detect the encoding, refuse binary."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and control / len(sample) > 0.05


# longest first: the UTF-32 LE mark starts with the UTF-16 LE one
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _by_bom(data: bytes) -> str | None:
    """Text of UTF-16/32 data that says its encoding with a byte-order mark (NUL bytes
    would otherwise make it look binary); invalid units become U+FFFD."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return None


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as UTF-8 (or UTF-16/32 with a byte-order mark), else as the
    encoding charset-normalizer detects."""
    marked = _by_bom(data)
    if marked is not None:
        return marked
    if looks_binary(data):
        raise DecodeError("binary content, not text (is this the file you meant?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding; convert the file to UTF-8")
    return str(best)
