from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.schema import Boilerplate

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


@dataclass
class IngestError:
    """A document that could not be read, with the input it came from."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"
