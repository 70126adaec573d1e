"""The store (``newsgraph ingest --db PATH``) as a :class:`Repository`.

The server reads the latest version of every article once, closes the
database (so ``newsgraph ingest`` can keep writing to a DuckDB file while the
server runs) and answers from memory through :class:`DocumentRepository`,
which runs the cross-article analysis. When the DuckDB file changes, the next
request reloads it (at most every ``RELOAD_SECONDS``).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from newsgraph.schema import Document
from newsgraph.store import Store
from newsgraph.store.backends import connect
from newsgraph.web.repository import DocumentRepository

RELOAD_SECONDS = 2.0


class StoreError(ValueError):
    pass


class _ReadOnlyStore(Store):
    """A store opened for reading: no migrations (a read-only DuckDB refuses CREATE)."""

    def __init__(self, backend) -> None:  # noqa: D107 - Store.__init__ migrates
        self.db = backend


def _is_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def load_store_documents(db: str) -> list[Document]:
    """The latest version of each stored article; ids made unique for the URLs."""
    if not _is_url(db) and not Path(db).is_file():
        raise StoreError(f"{db}: no such database (create it with `newsgraph ingest "
                         f"FILES --db {db}`)")
    try:
        store = _ReadOnlyStore(connect(db, read_only=not _is_url(db)))
    except Exception as exc:  # the drivers raise their own error types
        raise StoreError(f"{db}: cannot open the database ({exc})") from None
    try:
        try:
            store.schema_version()
        except Exception:
            raise StoreError(f"{db}: not a newsgraph database") from None
        docs: list[Document] = []
        seen: set[str] = set()
        for _key, doc in store.iter_documents():
            if doc.id in seen:  # two articles with one id (different URLs)
                n = 2
                while f"{doc.id}~{n}" in seen:
                    n += 1
                doc = doc.model_copy(update={"id": f"{doc.id}~{n}"})
            seen.add(doc.id)
            docs.append(doc)
        return docs
    finally:
        store.close()


class StoreRepository:
    """Delegates to a :class:`DocumentRepository` rebuilt when the database file changes."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._stamp = self._file_stamp()
        self._repo = DocumentRepository(load_store_documents(db))
        self._checked = time.monotonic()

    def _file_stamp(self) -> tuple[float, int] | None:
        if _is_url(self.db):
            return None
        try:
            stat = Path(self.db).stat()
        except OSError:
            return None
        return stat.st_mtime, stat.st_size

    def current(self) -> DocumentRepository:
        now = time.monotonic()
        if now - self._checked < RELOAD_SECONDS:
            return self._repo
        with self._lock:
            self._checked = now
            stamp = self._file_stamp()
            if stamp is not None and stamp != self._stamp:
                try:
                    self._repo = DocumentRepository(load_store_documents(self.db))
                    self._stamp = stamp
                except StoreError:
                    pass  # a writer holds the file: keep serving what we have
        return self._repo

    def __getattr__(self, name: str):
        return getattr(self.current(), name)


def store_repository(db: str) -> StoreRepository:
    return StoreRepository(db)
