"""Ingestion: turn files, directories and JSONL records into :class:`RawArticle`.

Every reader yields either a :class:`RawArticle` or an :class:`IngestError`;
a bad document never stops a batch.
"""

from newsgraph.ingest.base import IngestError, RawArticle
from newsgraph.ingest.readers import read_paths, read_text_article

__all__ = ["IngestError", "RawArticle", "read_paths", "read_text_article"]
