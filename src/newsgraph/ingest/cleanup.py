"""Separate boilerplate lines (credits, captions, disclaimers) from article text."""

from __future__ import annotations

import re

from newsgraph.schema import Boilerplate

_BOILERPLATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("disclaimer", re.compile(r"^\s*disclaimer\s*:", re.I)),
    ("credit", re.compile(r"^\s*(photo|image|picture|video|graphic)s?\s*(credit)?\s*:", re.I)),
    ("credit", re.compile(r"^\s*(file\s+photo|credit)\b", re.I)),
    ("credit", re.compile(r"^\s*\(?(reporting|writing|editing|additional reporting) by\b", re.I)),
    ("credit", re.compile(r"^\s*(©|copyright\b)|all rights reserved\.?\s*$", re.I)),
    ("caption", re.compile(r"^\s*(caption|pictured)\s*:", re.I)),
    (
        "navigation",
        re.compile(r"^\s*(read more|related|follow us|subscribe|sign up|share this)\b.{0,80}$",
                   re.I),
    ),
]


def classify_line(line: str) -> str | None:
    """Return the boilerplate kind of ``line``, or None if it is article text."""
    for kind, pattern in _BOILERPLATE_PATTERNS:
        if pattern.search(line):
            return kind
    return None


def split_boilerplate(text: str) -> tuple[str, list[Boilerplate]]:
    """Drop boilerplate lines from ``text``; return the rest and what was dropped."""
    kept: list[str] = []
    dropped: list[Boilerplate] = []
    for number, line in enumerate(text.splitlines(), start=1):
        kind = classify_line(line)
        if kind is None:
            kept.append(line.rstrip())
        else:
            dropped.append(Boilerplate(text=line.strip(), kind=kind, line=number))  # type: ignore[arg-type]
    body = "\n".join(kept).strip("\n")
    return body, dropped
