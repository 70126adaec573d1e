"""Text that can always be encoded, stored and printed.

Python strings may hold lone surrogates: a JSON ``"\\ud800"`` escape, or the bytes of a
file name that is not UTF-8 (``surrogateescape``). Encoding them to UTF-8 raises, so
they are replaced where text enters. Control characters in names are shown escaped,
so a file called ``a\\nskipped b`` cannot forge an output line or move the terminal.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0/C1 controls, line and paragraph separators, bidirectional overrides
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def count_surrogates(text: str) -> int:
    return len(_SURROGATE.findall(text))


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length: spans hold)."""
    return _SURROGATE.sub("\ufffd", text) if has_surrogates(text) else text


def safe_name(name: str | os.PathLike[str]) -> str:
    """A path or name as text: undecodable bytes of a file name become ``\\xNN``."""
    raw = os.fspath(name)
    if not has_surrogates(raw):
        return raw
    try:
        return os.fsencode(raw).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return without_surrogates(raw)


def printable(text: str) -> str:
    """``text`` for one line of a terminal or log: controls and newlines escaped."""
    text = without_surrogates(text)
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)
