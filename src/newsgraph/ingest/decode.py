"""Bytes to text: detect the encoding, refuse binary."""

from __future__ import annotations

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and control / len(sample) > 0.05


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as UTF-8, else as the encoding charset-normalizer detects."""
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
