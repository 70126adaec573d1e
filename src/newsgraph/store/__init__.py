"""The article store: analyzed documents in DuckDB (default) or PostgreSQL.

``Store.open("newsgraph.duckdb")`` or ``Store.open("postgresql://...")``
gives the same tables (see :mod:`newsgraph.store.migrations`). Each article
version is written with all its items in one transaction, in batches, so an
interrupted load keeps every committed batch and never doubles one: the pair
(article identity, content hash) is unique in the database itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsgraph.schema import Document
from newsgraph.store.backends import Backend, connect
from newsgraph.store.migrations import DERIVED_TABLES, MIGRATIONS
from newsgraph.store.rows import COLUMNS, ITEM_TABLES, article_key, content_hash, doc_key, item_rows

__all__ = ["PutResult", "Store", "article_key", "content_hash"]


@dataclass
class PutResult:
    """What one :meth:`Store.put_documents` call did."""

    stored: list[str] = field(default_factory=list)  # doc_keys of new articles
    versions: list[str] = field(default_factory=list)  # doc_keys of new versions
    unchanged: list[str] = field(default_factory=list)  # article keys already stored

    def __iadd__(self, other: PutResult) -> PutResult:
        self.stored += other.stored
        self.versions += other.versions
        self.unchanged += other.unchanged
        return self


class Store:
    def __init__(self, backend: Backend, *, migrate: bool = True) -> None:
        self.db = backend
        if migrate:
            self.migrate()

    @classmethod
    def open(cls, db: str, read_only: bool = False) -> Store:
        """Open (and migrate) a store; ``read_only`` opens a DuckDB file for reading
        only and applies no migration."""
        return cls(connect(db, read_only=read_only), migrate=not read_only)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        _, rows = self.db.query("SELECT max(version) FROM schema_migrations")
        return rows[0][0] or 0

    def migrate(self) -> list[int]:
        """Apply every migration not yet applied; return their versions."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at TIMESTAMP NOT NULL)")
        current = self.schema_version()
        applied = []
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self.db.transaction():
                for statement in migration.statements:
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                                (migration.version, migration.name, _now()))
            applied.append(migration.version)
        return applied

    # -- writing --------------------------------------------------------------

    def known(self) -> dict[str, tuple[int, set[str]]]:
        """article_key -> (latest version, content hashes of all its versions)."""
        _, rows = self.db.query("SELECT article_key, version, content_hash FROM articles")
        known: dict[str, tuple[int, set[str]]] = {}
        for key, version, chash in rows:
            latest, hashes = known.get(key, (0, set()))
            hashes.add(chash)
            known[key] = (max(latest, version), hashes)
        return known

    def put_documents(self, docs: Iterable[Document], *, sources: Iterable[str | None] = (),
                      known: dict[str, tuple[int, set[str]]] | None = None) -> PutResult:
        """Store ``docs`` in one transaction; an already stored version is skipped.

        ``known`` (from :meth:`known`) is updated in place after the commit, so
        a caller writing many batches reads it once.
        """
        known = self.known() if known is None else known
        source_list = list(sources)
        result = PutResult()
        pending: dict[str, tuple[int, set[str]]] = {}
        rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        now = _now()
        for i, doc in enumerate(docs):
            key = article_key(doc.id, doc.url)
            chash = content_hash(doc.title, doc.text)
            latest, hashes = pending.get(key) or known.get(key, (0, set()))
            if chash in hashes:
                result.unchanged.append(key)
                continue
            version = latest + 1
            pending[key] = (version, hashes | {chash})
            dkey = doc_key(key, chash)
            source = source_list[i] if i < len(source_list) else None
            rows["articles"].append((
                dkey, key, version, doc.id, doc.url, doc.title, doc.published, doc.language,
                doc.text, chash, source, now, doc.model_dump_json(), doc.genre))
            for table, table_rows in item_rows(doc, dkey).items():
                rows[table].extend(table_rows)
            (result.versions if version > 1 else result.stored).append(dkey)
        if rows["articles"]:
            with self.db.transaction():
                for table, table_rows in rows.items():
                    self.db.bulk_insert(table, COLUMNS[table], table_rows)
        known.update(pending)
        return result

    def replace_table(self, table: str, rows: list[tuple], columns: Iterable[str] | None = None
                      ) -> None:
        """Replace a derived (cross-document) table's rows in one transaction."""
        if table not in DERIVED_TABLES:
            raise ValueError(f"{table!r} is not a derived table; one of {DERIVED_TABLES}")
        cols = list(columns) if columns is not None else self.columns(table)
        with self.db.transaction():
            self.db.execute(f"DELETE FROM {table}")
            self.db.bulk_insert(table, cols, rows)

    def columns(self, table: str) -> list[str]:
        names, _ = self.db.query(f"SELECT * FROM {_table(table)} LIMIT 0")
        return names

    # -- reading --------------------------------------------------------------

    def count(self, table: str = "articles") -> int:
        _, rows = self.db.query(f"SELECT count(*) FROM {_table(table)}")
        return rows[0][0]

    def get_document(self, key: str) -> Document | None:
        """A stored version by doc_key, or the latest version of an article key/id."""
        _, rows = self.db.query(
            "SELECT document_json FROM articles WHERE doc_key = ? OR article_key = ? "
            "OR doc_id = ? ORDER BY (doc_key = ?) DESC, version DESC LIMIT 1",
            (key, key, key, key))
        return Document.model_validate_json(rows[0][0]) if rows else None

    def iter_documents(self, *, all_versions: bool = False) -> Iterator[tuple[str, Document]]:
        """Yield (doc_key, Document) for the latest versions (or all of them)."""
        view = "articles" if all_versions else "latest_articles"
        for key, data in self.db.stream(
                f"SELECT doc_key, document_json FROM {view} ORDER BY article_key, version"):
            yield key, Document.model_validate_json(data)

    def query(self, sql: str, params: Iterable = ()) -> tuple[list[str], list[tuple]]:
        """Run a read query written with ``?`` placeholders (for library code)."""
        return self.db.query(sql, list(params))


_TABLES = set(COLUMNS) | set(DERIVED_TABLES) | {"latest_articles", "schema_migrations"}


def _table(name: str) -> str:
    if name not in _TABLES:
        raise ValueError(f"unknown table {name!r}")
    return name


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


assert set(ITEM_TABLES) < set(COLUMNS)
