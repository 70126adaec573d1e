"""The store (``newsgraph ingest --db PATH``) as a :class:`Repository`."""

from __future__ import annotations

from newsgraph.web.repository import Repository


def store_repository(db: str) -> Repository:
    raise NotImplementedError("the store is not available yet: serve a JSON/JSONL file of "
                              "analyzed documents (newsgraph analyze -f jsonl -o FILE)")
