"""Streamed exports (rows written as a cursor reads them) equal the whole table read at
once, on a real DuckDB store and a real PostgreSQL server started by the tests."""

from __future__ import annotations

import csv
import io

import pytest

from newsgraph.crossdoc.linking import link_store
from newsgraph.ingest import read_text_article
from newsgraph.store import Store
from newsgraph.store import export as X
from tests._pg import fresh_database

FOLLOW_UP = ("Pentagon spokesperson Sabrina Singh said on Tuesday that about 12,000 North "
             "Korean troops were now in Russia's Kursk region. The Kremlin again called the "
             "reports \"fake news.\"")


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request, tmp_path, example_doc, pipeline):
    url = str(tmp_path / "s.duckdb") if request.param == "duckdb" else fresh_database()
    later = pipeline.analyze(read_text_article(FOLLOW_UP, id="follow-up",
                                               published="2024-10-30"))
    with Store.open(url) as s:
        s.put_documents([example_doc, later])
        link_store(s)
        yield s


def _whole(store: Store, table: str) -> tuple[list[str], list[tuple]]:
    """The table as the export read it before it streamed: every row at once."""
    columns, rows = store.query(f"SELECT * FROM {table}")
    return X.with_time_words(table, columns, rows)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(X, "EXPORT_BATCH", 3)  # many row groups even on a small store


def test_streamed_csv_equals_the_whole_table(store, tmp_path, small_batches):
    X.export(store, "csv", tmp_path / "csv")
    for table in X.TABLES:
        columns, rows = _whole(store, table)
        expected = io.StringIO(newline="")
        writer = csv.writer(expected)
        writer.writerow(columns)
        writer.writerows(rows)
        got = (tmp_path / "csv" / f"{table}.csv").read_text("utf-8")
        assert sorted(got.splitlines()) == sorted(expected.getvalue().splitlines()), table
    assert len(_whole(store, "quotes")[1]) > X.EXPORT_BATCH


def test_streamed_parquet_equals_the_whole_table(store, tmp_path, small_batches):
    import pyarrow.parquet as pq

    X.export(store, "parquet", tmp_path / "pq")
    for table in X.TABLES:
        columns, rows = _whole(store, table)
        read = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        assert read.column_names == columns, table
        got = [tuple(r.values()) for r in read.to_pylist()]
        assert sorted(got, key=repr) == sorted(rows, key=repr), table
    quotes = pq.ParquetFile(tmp_path / "pq" / "quotes.parquet")
    assert quotes.metadata.num_row_groups > 1
    # an integer column stays integer, a scored one a number, whatever a row group holds
    schema = quotes.schema_arrow
    assert str(schema.field("span_start").type) == "int64"
    assert str(schema.field("confidence").type) == "double"


def test_min_confidence_is_applied_in_sql(store, tmp_path):
    X.export(store, "csv", tmp_path / "csv", min_confidence=0.99)
    with (tmp_path / "csv" / "quotes.csv").open(encoding="utf-8") as handle:
        kept = list(csv.DictReader(handle))
    assert all(not r["confidence"] or float(r["confidence"]) >= 0.99 for r in kept)
    assert len(kept) < store.count("quotes")
