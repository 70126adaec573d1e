from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from newsgraph.schema import Boilerplate
from newsgraph.textsafety import count_surrogates, has_surrogates, safe_name, without_surrogates

# Larger documents are refused: the parser's cost grows with length and a
# 50 MB "article" is almost always a dump, not a report.
MAX_CHARS = 1_000_000


@dataclass
class RawArticle:
    """An article's analyzable text and metadata, before any NLP."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    origin: str = ""
    boilerplate: list[Boilerplate] = field(default_factory=list)
    # what was replaced so the article could be stored and printed, for the user to see
    repairs: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # a lone surrogate ("\ud800" in JSON) cannot be stored or printed: replace it here,
        # where every reader's output passes, so nothing downstream ever raises on it
        if has_surrogates(self.origin):
            self.repairs.append("undecodable bytes in the file name shown as \\xNN")
        self.origin = safe_name(self.origin)
        for name in ("id", "title", "url", "published", "text"):
            value = getattr(self, name)
            if value is not None and has_surrogates(value):
                self.repairs.append(surrogate_repair(name, count_surrogates(value)))
                setattr(self, name, without_surrogates(value))


def surrogate_repair(field_name: str, count: int) -> str:
    """How a repair of ``count`` lone surrogates in ``field_name`` is reported."""
    plural = "" if count == 1 else "s"
    return f"{count} lone surrogate{plural} in the {field_name} replaced with U+FFFD"


@dataclass
class IngestError:
    """A document that could not be read, with the input it came from."""

    origin: str
    message: str

    def __post_init__(self) -> None:
        self.origin = safe_name(self.origin)
        self.message = without_surrogates(self.message)

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass
class SkippedNote(IngestError):
    """A folder's note (README, LICENSE, SOURCE...): not an article, so not stored."""


# The stems of the files that describe a folder rather than report news.
NOTE_NAMES = frozenset({"readme", "license", "licence", "copying", "source", "sources",
                        "changelog", "changes", "notice", "authors", "contributing",
                        "contributors", "citation", "manifest", "todo"})
NOTE_SUFFIXES = frozenset({"", ".md", ".txt", ".rst", ".text", ".html", ".htm"})


def is_note(path: Path, include: tuple[str, ...] = ()) -> bool:
    """Whether a file found in a folder is a note about it, unless an ``include``
    glob (matched against its name or its path) asks for it."""
    if any(fnmatch(path.name, g) or fnmatch(str(path), g) for g in include):
        return False
    return path.stem.lower() in NOTE_NAMES and path.suffix.lower() in NOTE_SUFFIXES


def skipped_note(path: Path) -> SkippedNote:
    return SkippedNote(str(path), "a note about the folder, not an article; skipped "
                                  "(--include GLOB reads it)")
