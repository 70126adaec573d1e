from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.schema import Boilerplate
from newsgraph.textsafety import safe_name, without_surrogates

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

    def __post_init__(self) -> None:
        # a lone surrogate ("\ud800" in JSON) cannot be stored or printed: replace it here,
        # where every reader's output passes, so nothing downstream ever raises on it
        self.id = without_surrogates(self.id)
        self.text = without_surrogates(self.text)
        for name in ("title", "url", "published"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, without_surrogates(value))
        self.origin = safe_name(self.origin)


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
