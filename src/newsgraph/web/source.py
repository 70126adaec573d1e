"""Open what ``newsgraph serve --db PATH`` names as a :class:`Repository`."""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.schema import Document
from newsgraph.web.repository import DocumentRepository, Repository


class SourceError(ValueError):
    pass


def load_documents(path: Path) -> list[Document]:
    """Analyzed documents from JSON (one or a list) or JSONL (``analyze -f json/jsonl``)."""
    text = path.read_text("utf-8")
    stripped = text.lstrip()
    try:
        if stripped.startswith("["):
            return [Document.model_validate(d) for d in json.loads(text)]
        if path.suffix == ".json":
            return [Document.model_validate_json(text)]
        return [Document.model_validate_json(line) for line in text.splitlines() if line.strip()]
    except ValueError as exc:
        raise SourceError(f"{path}: not analyzed newsgraph documents ({exc})") from None


def open_repository(db: str | Path, *, warm: bool = False) -> Repository:
    """A store database, or a JSON/JSONL file of analyzed documents; ``warm``: a store
    computes the home page's aggregates in the background (a server that starts)."""
    path = Path(db)
    if path.suffix in (".json", ".jsonl", ".ndjson"):
        if not path.is_file():
            raise SourceError(f"{path}: no such file")
        return DocumentRepository(load_documents(path))
    from newsgraph.web.store_source import StoreError, store_repository

    try:
        return store_repository(str(db), warm=warm)
    except StoreError as exc:
        raise SourceError(str(exc)) from None
