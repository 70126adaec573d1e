"""The list of skipped inputs, one JSON object a line, so a user can fix and retry them.

``{"input": "feeds/world.xml#3", "reason": "feed entry has no content or summary"}``
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import TextIO

from newsgraph.ingest import IngestError


class SkippedLog:
    """Appends each skipped input to ``path`` as it happens (None: keeps nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0
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

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._out is not None:
            self._out.close()
