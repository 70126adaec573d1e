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
from newsgraph.store.migrations import (
    DERIVED_TABLES,
    INDEX_TABLES,
    MIGRATIONS,
    POSTGRESQL_ONLY,
)
from newsgraph.store.rows import COLUMNS, ITEM_TABLES, article_key, content_hash, doc_key, item_rows

__all__ = ["KEYS_PER_QUERY", "PutResult", "Store", "article_key", "content_hash", "key_chunks"]


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
        with self.db.lock("migrate"):  # two first opens of one database: one migrates
            return self._migrate()

    def _migrate(self) -> list[int]:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at TIMESTAMP NOT NULL)")
        # by the set applied, not the highest: migrations numbered on parallel
        # branches may arrive out of order
        _, rows = self.db.query("SELECT version FROM schema_migrations")
        done = {row[0] for row in rows}
        applied = []
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            with self.db.transaction():
                for statement in migration.statements:
                    if statement.startswith(POSTGRESQL_ONLY) and self.db.dialect != "postgresql":
                        continue
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
                      known: dict[str, tuple[int, set[str]]] | None = None,
                      pipeline_version: str | None = None) -> PutResult:
        """Store ``docs`` in one transaction; an already stored version is skipped.

        ``known`` (from :meth:`known`) is updated in place after the commit, so
        a caller writing many batches reads it once. Two writers serialize on a
        lock and each re-reads what is stored under it, so overlapping loads
        into one PostgreSQL store both succeed. Storing anything marks the
        cross-article tables stale.
        """
        # what is stored under the batch's keys is read again under the lock anyway
        known = {} if known is None else known
        docs = list(docs)
        with self.db.transaction():
            self.db.lock_transaction("articles")
            self._reread_known(known, {article_key(d.id, d.url) for d in docs})
            result, rows, pending = self._version_rows(docs, list(sources), known,
                                                       pipeline_version)
            if rows["articles"]:
                for table, table_rows in rows.items():
                    self.db.bulk_insert(table, COLUMNS[table], table_rows)
                self._mark_stale()
        known.update(pending)
        return result

    def _reread_known(self, known: dict[str, tuple[int, set[str]]], keys: set[str]) -> None:
        ordered = sorted(keys)
        for i in range(0, len(ordered), 500):
            chunk = ordered[i:i + 500]
            _, rows = self.db.query(
                "SELECT article_key, version, content_hash FROM articles WHERE "
                + self.db.one_of("article_key"), [chunk])
            for key, version, chash in rows:
                latest, hashes = known.get(key, (0, set()))
                known[key] = (max(latest, version), hashes | {chash})

    def _version_rows(self, docs: list[Document], sources: list[str | None],
                      known: dict[str, tuple[int, set[str]]], pipeline_version: str | None
                      ) -> tuple[PutResult, dict[str, list[tuple]], dict]:
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
            source = sources[i] if i < len(sources) else None
            rows["articles"].append((
                dkey, key, version, doc.id, doc.url, doc.title, doc.published, doc.language,
                doc.text, chash, source, now, doc.model_dump_json(), doc.genre,
                pipeline_version))
            for table, table_rows in item_rows(doc, dkey).items():
                rows[table].extend(table_rows)
            (result.versions if version > 1 else result.stored).append(dkey)
        return result, rows, pending

    def replace_document(self, key: str, doc: Document, pipeline_version: str | None) -> None:
        """Replace the analysis of stored version ``key`` (same text) in one transaction."""
        with self.db.transaction():
            self.db.lock_transaction("articles")
            for table in ITEM_TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE doc_key = ?", (key,))
            for table, table_rows in item_rows(doc, key).items():
                self.db.bulk_insert(table, COLUMNS[table], table_rows)
            self.db.execute("UPDATE articles SET document_json = ?, pipeline_version = ? "
                            "WHERE doc_key = ?", (doc.model_dump_json(), pipeline_version, key))
            # the linker's index holds the old analysis: the next link starts over
            self.db.execute("DELETE FROM link_index")
            self._mark_stale()

    def delete_article(self, key: str) -> list[str]:
        """Delete every version of an article (by article key, id or doc_key); return
        the doc_keys deleted. The cross-article tables are left stale."""
        _, rows = self.db.query(
            "SELECT doc_key FROM articles WHERE article_key IN (SELECT article_key FROM "
            "articles WHERE doc_key = ? OR article_key = ? OR doc_id = ?)", (key, key, key))
        keys = [r[0] for r in rows]
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        with self.db.transaction():
            self.db.lock_transaction("articles")
            for table in (*ITEM_TABLES, "articles"):
                self.db.execute(f"DELETE FROM {table} WHERE doc_key IN ({marks})", keys)
            self._mark_stale()
        return keys

    # -- the cross-article tables ------------------------------------------------

    def _mark_stale(self) -> None:
        self.db.execute("UPDATE link_state SET generation = generation + 1 "
                        "WHERE name = 'crossdoc'")

    def link_state(self) -> tuple[int, int]:
        """(generation of the articles, generation the cross-article tables were built from)."""
        _, rows = self.db.query(
            "SELECT generation, linked FROM link_state WHERE name = 'crossdoc'")
        return rows[0]

    def links_current(self) -> bool:
        generation, linked = self.link_state()
        return generation == linked

    def write_links(self, tables: dict[str, tuple[list[str] | None, list[tuple]]],
                    generation: int, *, delete: dict[str, tuple[str, list]] | None = None,
                    replace: bool = True, index: tuple[str, bytes] | None = None,
                    index_rows: tuple[dict[str, list[tuple]], dict[str, list]] | None = None,
                    statements: Iterable[tuple[str, list]] = ()) -> None:
        """Write the cross-article tables and mark them built from ``generation``, in
        one transaction: a kill midway leaves the old tables, still marked stale.

        ``replace`` empties every derived table first (a full rebuild); otherwise
        ``delete`` names, per table, a column and the values whose rows go (column
        ``"*"``: every row).
        ``index`` (name, data) is the linker's state to keep with the tables;
        ``index_rows`` its index tables' new rows and, per table, the keys (first
        column) whose old rows go; ``statements`` (SQL, parameters) run before the
        new rows are written (identities merged in place).
        """
        with self.db.transaction():
            for table in (*DERIVED_TABLES, *INDEX_TABLES) if replace else ():
                self.db.execute(f"DELETE FROM {table}")
            if index_rows is not None:
                self._write_index(*index_rows)
            for table, (column, values) in (delete or {}).items():
                _check_derived(table)
                if column == "*":
                    self.db.execute(f"DELETE FROM {table}")
                else:
                    self._delete_keys(table, _column(column), values)
            for sql, params in statements:
                self.db.execute(sql, params)
            for table, (columns, rows) in tables.items():
                _check_derived(table)
                cols = list(columns) if columns is not None else self.columns(table)
                self.db.bulk_insert(table, cols, rows)
            if index is not None:
                self.db.execute("DELETE FROM link_index WHERE name = ?", (index[0],))
                self.db.execute("INSERT INTO link_index VALUES (?, ?, ?)",
                                (index[0], generation, index[1]))
            self.db.execute("UPDATE link_state SET linked = ?, linked_at = ? "
                            "WHERE name = 'crossdoc'", (generation, _now()))

    def _write_index(self, rows: dict[str, list[tuple]], delete: dict[str, list]) -> None:
        for table, keys in delete.items():
            self._delete_keys(table, INDEX_TABLES[table], keys)
        for table, table_rows in rows.items():
            self.db.bulk_insert(table, self.columns(table), table_rows)

    def _delete_keys(self, table: str, column: str, keys: Iterable) -> None:
        for chunk in key_chunks(keys):
            self.db.execute(f"DELETE FROM {table} WHERE " + self.db.one_of(column), [chunk])

    def replace_table(self, table: str, rows: list[tuple], columns: Iterable[str] | None = None
                      ) -> None:
        """Replace a derived (cross-document) table's rows in one transaction."""
        _check_derived(table)
        cols = list(columns) if columns is not None else self.columns(table)
        if columns is None and rows:  # rows may leave out columns later migrations added
            cols = cols[:len(rows[0])]
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

    def stream(self, sql: str, params: Iterable = ()) -> Iterator[tuple]:
        """The rows of a read query, fetched a page at a time (PostgreSQL sends them as
        they are read, from a server-side cursor; DuckDB holds its whole result)."""
        return self.db.stream(sql, list(params), size=1000)

    def query(self, sql: str, params: Iterable = ()) -> tuple[list[str], list[tuple]]:
        """Run a read query written with ``?`` placeholders (for library code)."""
        return self.db.query(sql, list(params))


# Keys per query, passed as one array parameter (``Backend.one_of``): without an index
# DuckDB answers each such query with a scan of the table, so a batch asks (and
# deletes) in few large chunks rather than once per key or article.
KEYS_PER_QUERY = 20000


def key_chunks(values: Iterable, size: int = KEYS_PER_QUERY) -> Iterator[list]:
    """The distinct ``values``, sorted, ``size`` at a time: one array parameter each."""
    ordered = sorted(set(values))
    for i in range(0, len(ordered), size):
        yield ordered[i:i + size]


_TABLES = set(COLUMNS) | set(DERIVED_TABLES) | {"latest_articles", "schema_migrations",
                                                 "link_state", "link_index", *INDEX_TABLES}


def _table(name: str) -> str:
    if name not in _TABLES:
        raise ValueError(f"unknown table {name!r}")
    return name


def _check_derived(table: str) -> None:
    if table not in DERIVED_TABLES:
        raise ValueError(f"{table!r} is not a derived table; one of {DERIVED_TABLES}")


def _column(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"bad column name {name!r}")
    return name


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


assert set(ITEM_TABLES) < set(COLUMNS)
