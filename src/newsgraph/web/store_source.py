"""The store (``newsgraph ingest --db PATH``) as a :class:`Repository`.

The server reads the latest version of every article and the store's
cross-article tables (global entities, stories, world events, revisions,
contradictions: :mod:`newsgraph.crossdoc.linked`) once, closes the database (so
``newsgraph ingest`` can keep writing to a DuckDB file while the server runs)
and answers from memory. Nothing is linked again here: a story, event or
entity id is the one ``newsgraph query`` shows, and article ids are the store's
``doc_key``. When the DuckDB file changes, the next request reloads it (at most
every ``RELOAD_SECONDS``).
"""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from newsgraph.crossdoc import linked
from newsgraph.crossdoc.entities import Resolution
from newsgraph.crossdoc.models import Contradiction, Revision, Story, WorldEvent
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
    """The latest version of each stored article, its id set to its doc_key."""
    return load_store(db).documents


@dataclass
class StoredData:
    """What the server reads from the store: articles and the cross-article tables."""

    documents: list[Document]
    resolution: Resolution
    stories: list[Story]
    world_events: list[WorldEvent]
    revisions: list[Revision]
    contradictions: list[Contradiction]
    # a reader's id ("8009976") -> the doc_key of its latest version, when only one has it
    doc_keys: dict[str, str] = field(default_factory=dict)


def load_store(db: str) -> StoredData:
    """Read the store once: the latest articles (id = doc_key) and what linking found."""
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
        # the doc_key, as in the store's tables: unique even when two sources share an id
        pairs = list(store.iter_documents())
        docs = [doc.model_copy(update={"id": key}) for key, doc in pairs]
        ids = Counter(doc.id for _, doc in pairs)
        return StoredData(docs, linked.resolution(store), linked.stories(store),
                          linked.world_events(store), linked.revisions(store),
                          linked.contradictions(store),
                          {doc.id: key for key, doc in pairs if ids[doc.id] == 1})
    finally:
        store.close()


class StoredRepository(DocumentRepository):
    """A :class:`DocumentRepository` whose cross-article answers are the store's tables."""

    def __init__(self, data: StoredData) -> None:
        super().__init__(data.documents)
        self.stored = data

    def article(self, article_id):
        """By doc_key, or by the id the article came with when no other article has it."""
        return self.docs.get(article_id) or self.docs.get(
            self.stored.doc_keys.get(article_id, ""))

    @cached_property
    def resolution(self) -> Resolution:
        return self.stored.resolution

    @cached_property
    def _stories(self) -> list[Story]:
        return self.stored.stories

    @cached_property
    def _world_events(self) -> list[WorldEvent]:
        return self.stored.world_events

    @cached_property
    def _revisions(self) -> list[Revision]:
        return self.stored.revisions

    @cached_property
    def _contradictions(self) -> list[Contradiction]:
        return self.stored.contradictions


class StoreRepository:
    """Delegates to a :class:`DocumentRepository` rebuilt when the database file changes."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._stamp = self._file_stamp()
        self._repo = _ready(StoredRepository(load_store(db)))
        self._checked = time.monotonic()

    def _file_stamp(self) -> tuple[float, int] | None:
        if _is_url(self.db):
            return None
        try:
            stat = Path(self.db).stat()
        except OSError:
            return None
        return stat.st_mtime, stat.st_size

    def current(self) -> StoredRepository:
        now = time.monotonic()
        if now - self._checked < RELOAD_SECONDS:
            return self._repo
        with self._lock:
            self._checked = now
            stamp = self._file_stamp()
            if stamp is not None and stamp != self._stamp:
                try:
                    self._repo = _ready(StoredRepository(load_store(self.db)))
                    self._stamp = stamp
                except StoreError:
                    pass  # a writer holds the file: keep serving what we have
        return self._repo

    def __getattr__(self, name: str):
        return getattr(self.current(), name)


def _ready(repo: StoredRepository) -> StoredRepository:
    """``repo`` with what entity pages read built (the name index of their timelines
    folds every quote, number and event once): the first one asked is as fast as the next."""
    repo.warm()
    # the loaded store is millions of long-lived objects: left to the cyclic collector, a
    # full pass over them lands on some request (450 ms of CPU on the 384-article store);
    # garbage is collected first, so nothing unreachable is kept for good; on a reload the
    # store loaded before is unfrozen first, or its cycles would outlive it
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return repo


def store_repository(db: str) -> StoreRepository:
    return StoreRepository(db)
