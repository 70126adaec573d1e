"""Two database backends behind one small interface: DuckDB and PostgreSQL.

SQL is written once with ``?`` placeholders; the PostgreSQL backend turns
them into psycopg's ``%s``. Values always travel as parameters, never
inside the SQL text. Bulk loads go through Arrow (DuckDB) or COPY (psycopg).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from newsgraph.settings import env

Row = tuple[Any, ...]


class Backend:
    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[Row]]:
        raise NotImplementedError

    def bulk_insert(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        raise NotImplementedError

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 100) -> Iterator[Row]:
        """Rows of a query, fetched ``size`` at a time (memory stays flat)."""
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def one_of(self, expression: str) -> str:
        """SQL true when ``expression`` is in the list passed as one parameter (an
        IN list of hundreds of placeholders plans slowly)."""
        return f"{expression} IN (SELECT unnest(?::VARCHAR[]))"

    def lock_transaction(self, name: str) -> None:
        """Inside a transaction: wait until no other writer holds ``name``; held to commit."""

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold ``name`` against other writers of this database for the block."""
        yield

    def close(self) -> None:
        raise NotImplementedError


# Rows per INSERT into DuckDB: a link run writes a million postings at once; as one
# Arrow table they would sit in memory twice (the rows, and their columns).
ROWS_PER_INSERT = 50_000


class DuckDBBackend(Backend):
    dialect = "duckdb"

    def __init__(self, path: str, read_only: bool = False) -> None:
        import duckdb

        # DuckDB caches table pages up to most of the machine's memory by default;
        # NEWSGRAPH_DUCKDB_MEMORY ("1GB") caps it (it spills past it; its indexes
        # must fit: a 256MB cap failed a 14,000-article store's writes). Off by default:
        # a 1GB cap did not bound the process's RSS (4.2 GB at 35,000 articles)
        limit = env("duckdb_memory")
        config = {"memory_limit": limit} if limit else {}
        self.con = duckdb.connect(path, read_only=read_only, config=config)
        if not read_only:
            # a page reads one article: from a ZSTD column DuckDB decompresses the whole
            # vector (~2,000 articles, 100 ms) to fetch it; uncompressed it takes 1 ms
            with suppress(duckdb.Error):  # DuckDB before 1.2 has no ZSTD for text
                self.con.execute("SET disabled_compression_methods = 'zstd'")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[Row]]:
        result = self.con.execute(sql, list(params))
        columns = [d[0] for d in result.description or ()]
        return columns, result.fetchall()

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 100) -> Iterator[Row]:
        # A cursor of its own, so other queries may run while this one is read.
        result = self.con.cursor().execute(sql, list(params))
        while rows := result.fetchmany(size):
            yield from rows

    def bulk_insert(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        if len(rows) <= ROWS_PER_INSERT:
            if rows:
                self._insert(table, columns, rows)
            return
        for start in range(0, len(rows), ROWS_PER_INSERT):
            self._insert(table, columns, rows[start:start + ROWS_PER_INSERT])

    def _insert(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        import pyarrow as pa

        # An Arrow table per slice: one INSERT ... SELECT instead of a row at a time.
        arrays = {c: [row[i] for row in rows] for i, c in enumerate(columns)}
        batch = pa.table(arrays)
        self.con.register("_newsgraph_batch", batch)
        try:
            cols = ", ".join(columns)
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _newsgraph_batch")
        finally:
            self.con.unregister("_newsgraph_batch")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def close(self) -> None:
        self.con.close()


class PostgresBackend(Backend):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.con = psycopg.connect(url, autocommit=True)

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(self._sql(sql), list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[Row]]:
        cur = self.con.execute(self._sql(sql), list(params))
        columns = [d.name for d in cur.description or ()]
        return columns, cur.fetchall()

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 100) -> Iterator[Row]:
        import psycopg

        # A server-side cursor on a connection of its own: rows arrive in pages.
        with psycopg.connect(self.url) as con, con.cursor(name="newsgraph_stream") as cur:
            cur.execute(self._sql(sql), list(params))
            while rows := cur.fetchmany(size):
                yield from rows

    def bulk_insert(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        if not rows:
            return
        with self.con.cursor() as cur:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.con.transaction():
            yield

    def one_of(self, expression: str) -> str:
        return f"{expression} = ANY(?)"

    # A DuckDB file has one writing process (DuckDB locks the file), so only
    # PostgreSQL needs these: advisory locks, keyed by the name.
    def lock_transaction(self, name: str) -> None:
        self.con.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(name)])

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        self.con.execute("SELECT pg_advisory_lock(%s)", [_lock_key(name)])
        try:
            yield
        finally:
            self.con.execute("SELECT pg_advisory_unlock(%s)", [_lock_key(name)])

    def close(self) -> None:
        self.con.close()


def _lock_key(name: str) -> int:
    return zlib.crc32(f"newsgraph:{name}".encode())


def connect(db: str, read_only: bool = False) -> Backend:
    """A backend for ``db``: a postgresql:// URL, or a DuckDB file path."""
    if db.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(db)
    if not read_only and db != ":memory:":
        Path(db).parent.mkdir(parents=True, exist_ok=True)  # --db runs/2026/news.duckdb
    return DuckDBBackend(db, read_only=read_only)
