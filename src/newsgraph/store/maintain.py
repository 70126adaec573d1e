"""Keeping a store current: analyze old articles again, delete articles.

Both leave the cross-article tables marked stale; the caller links them again
(:func:`newsgraph.crossdoc.linking.link_store`), as ``newsgraph reanalyze`` and
``newsgraph delete`` do.
"""

from __future__ import annotations

from collections.abc import Callable

from newsgraph.ingest.base import RawArticle
from newsgraph.schema import Document
from newsgraph.store import Store


def outdated(store: Store, version: str) -> list[str]:
    """doc_keys of stored versions analyzed by another pipeline version (or an unknown one)."""
    _, rows = store.query(
        "SELECT doc_key FROM articles WHERE pipeline_version IS NULL OR pipeline_version <> ? "
        "ORDER BY ingested_at, doc_key", (version,))
    return [r[0] for r in rows]


def _raw(doc: Document) -> RawArticle:
    return RawArticle(id=doc.id, text=doc.text, title=doc.title, url=doc.url,
                      published=doc.published, boilerplate=list(doc.boilerplate),
                      repairs=list(doc.repairs))


def reanalyze(store: Store, pipeline, *, every: bool = False,
              progress: Callable[[int, int], None] = lambda done, total: None) -> int:
    """Analyze again, with ``pipeline``, the stored articles an older one analyzed (all
    of them with ``every``); each is replaced in its own transaction, so a kill keeps
    what was done. Returns how many were analyzed."""
    keys = outdated(store, pipeline.version) if not every else [
        r[0] for r in store.query("SELECT doc_key FROM articles ORDER BY ingested_at, doc_key")[1]]
    for done, key in enumerate(keys, start=1):
        _, rows = store.query("SELECT document_json FROM articles WHERE doc_key = ?", (key,))
        old = Document.model_validate_json(rows[0][0])
        new = pipeline.analyze(_raw(old))
        store.replace_document(key, new, pipeline.version)
        progress(done, len(keys))
    return len(keys)
