"""The list of skipped inputs, one JSON object a line, so a user can fix and retry them.

``{"input": "feeds/world.xml#3", "reason": "feed entry has no content or summary"}``

An article that was read but had to be repaired first (a lone surrogate replaced, a file
name that is not UTF-8) is listed too, with what was replaced instead of a reason:
``{"input": "s.jsonl:4", "id": "a\ufffd", "repaired": ["1 lone surrogate in the id ..."]}``
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TextIO

from newsgraph.ingest.base import IngestError, RawArticle


class SkippedLog:
    """Appends each skipped input to ``path`` as it happens (None: keeps nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0
        self.repaired = 0
        self._out: TextIO | None = None

    def __enter__(self) -> SkippedLog:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._out = self.path.open("w", encoding="utf-8", errors="backslashreplace")
        return self

    def add(self, error: IngestError) -> None:
        self.count += 1
        if self._out is not None:
            self._out.write(json.dumps({"input": error.origin, "reason": error.message},
                                       ensure_ascii=False) + "\n")
            self._out.flush()

    def add_repair(self, article: RawArticle) -> None:
        self.repaired += 1
        if self._out is not None:
            self._out.write(json.dumps({"input": article.origin or article.id, "id": article.id,
                                        "repaired": article.repairs}, ensure_ascii=False) + "\n")
            self._out.flush()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._out is not None:
            self._out.close()


def reporting_repairs(items: Iterable[RawArticle | IngestError],
                      on_repair: Callable[[RawArticle], None]
                      ) -> Iterator[RawArticle | IngestError]:
    """``items`` unchanged, calling ``on_repair`` for each article that was repaired."""
    for item in items:
        if isinstance(item, RawArticle) and item.repairs:
            on_repair(item)
        yield item


def repair_line(article: RawArticle) -> str:
    """The warning shown for a repaired article (plain text; the caller escapes it)."""
    return f"{article.origin or article.id}: {'; '.join(article.repairs)}"
