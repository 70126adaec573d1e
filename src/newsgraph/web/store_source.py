"""The store (``newsgraph ingest --db PATH``) as a :class:`Repository`.

The server reads nothing up front: each page or API call asks the store
(:class:`~newsgraph.web.sql_repository.SqlRepository`), so start time and memory do
not grow with the store and a new ingest shows on the next request. Nothing is linked
again here: a story, event or entity id is the one ``newsgraph query`` shows (the
store's cross-article tables, :mod:`newsgraph.crossdoc.linked`), and article ids are
the store's ``doc_key``. A DuckDB file is closed whenever the server is idle, so
``newsgraph ingest`` can keep writing to it while the server runs.
"""

from __future__ import annotations

import threading
from pathlib import Path

from newsgraph.store.backends import connect
from newsgraph.web.sql_repository import SqlRepository


class StoreError(ValueError):
    pass


def _is_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def check_store(db: str) -> None:
    """Raise :class:`StoreError` naming ``db`` unless it is a newsgraph store."""
    if not _is_url(db) and not Path(db).is_file():
        raise StoreError(f"{db}: no such database (create it with `newsgraph ingest "
                         f"FILES --db {db}`)")
    try:
        backend = connect(db, read_only=not _is_url(db))
    except Exception as exc:  # the drivers raise their own error types
        raise StoreError(f"{db}: cannot open the database ({exc})") from None
    try:
        try:
            backend.query("SELECT max(version) FROM schema_migrations")
            backend.query("SELECT doc_key FROM articles LIMIT 0")
        except Exception:
            raise StoreError(f"{db}: not a newsgraph database") from None
    finally:
        backend.close()


def store_repository(db: str, *, warm: bool = False) -> SqlRepository:
    """The store as a repository; its home-page aggregates computed in the background."""
    check_store(db)
    repo = SqlRepository(db)
    if warm:
        threading.Thread(target=_warm, args=(repo,), daemon=True).start()
    return repo


def _warm(repo: SqlRepository) -> None:
    try:
        repo.warm()
    except Exception:  # noqa: BLE001 - a request computes it then, and says what failed
        pass
