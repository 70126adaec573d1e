"""Streamed exports and query results (rows written as a cursor reads them) equal what
was read at once, on a real DuckDB store and a real PostgreSQL server started by the
tests."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from newsgraph.crossdoc.linking import link_store
from newsgraph.ingest import read_text_article
from newsgraph.store import Store
from newsgraph.store import export as X
from newsgraph.store import query as Q
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


def _graph_of(path) -> tuple[dict, Counter]:
    import networkx as nx

    graph = nx.read_graphml(path)
    nodes = {n: data for n, data in graph.nodes(data=True)}
    edges = Counter((s, t, tuple(sorted(d.items()))) for s, t, d in graph.edges(data=True))
    return nodes, edges


def test_streamed_graphml_is_the_graph_in_memory(store, tmp_path):
    """The GraphML written as the store is read holds the graph built in memory, each
    attribute declared with the type every one of its values fits (as before)."""
    out = X.export(store, "graphml", tmp_path / "g.graphml")[0]
    nodes, edges = _graph_of(out)
    graph = X.build_graph(store)
    assert nodes == graph.nodes
    assert edges == Counter((s, t, tuple(sorted(d.items()))) for s, t, d in graph.edges)
    kinds = {"node": list(graph.nodes.values()), "edge": [d for *_, d in graph.edges]}
    declared = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
                for k in ET.parse(out).getroot().iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert declared == {(kind, name): X.graphml_type([d[name] for d in items if name in d])
                        for kind, items in kinds.items() for d in items for name in d}
    assert {d["kind"] for d in nodes.values()} >= {"article", "entity", "quote"}


def test_graphml_gives_each_node_once_and_links_event_parties(store, tmp_path):
    out = X.export(store, "graphml", tmp_path / "g.graphml")[0]
    ids = [n.get("id") for n in ET.parse(out).getroot().iter(
        "{http://graphml.graphdrawing.org/xmlns}node")]
    assert len(ids) == len(set(ids))
    nodes, edges = _graph_of(out)
    # every edge's ends are nodes of the graph
    assert {end for s, t, _ in edges for end in (s, t)} <= set(nodes)


QUERIES = {
    "quotes": lambda s, **k: Q.quotes(s, "Putin", **k),
    "claims": lambda s, **k: Q.claims(s, "troops", **k),
    "numbers": lambda s, **k: Q.numbers(s, "troops", **k),
    "timeline": lambda s, **k: Q.timeline(s, entity="Kursk", **k),
    "contradictions": lambda s, **k: Q.contradictions(s, **k),
    "events": lambda s, **k: Q.events(s, **k),
    "event_counts": lambda s, **k: Q.event_counts(s, **k),
    "stories": lambda s, **k: Q.stories(s, **k),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_streamed_query_rows_equal_the_whole_result(store, name):
    whole = QUERIES[name](store)
    streamed = QUERIES[name](store, stream=True)
    assert not isinstance(streamed.rows, list)
    assert streamed.columns == whole.columns
    assert list(streamed.rows) == whole.rows
    if name in ("quotes", "timeline", "events"):
        assert whole.rows, name  # the example says something for each


@pytest.mark.parametrize("name", ["quotes", "timeline", "events", "numbers"])
def test_streamed_json_and_csv_are_written_as_before(store, name):
    whole = QUERIES[name](store).refine(limit=50).with_time_words()
    for write, expected in (("write_json", whole.to_json() + "\n"),
                            ("write_csv", whole.to_csv())):
        out = io.StringIO(newline="")
        streamed = QUERIES[name](store, stream=True).refine(limit=50).with_time_words()
        assert getattr(streamed, write)(out) == len(whole.rows)
        assert out.getvalue() == expected, (name, write)


def test_a_streamed_result_is_refined_as_it_is_read(store):
    whole = Q.timeline(store, entity="Kursk")
    since = whole.rows[len(whole.rows) // 2][0][:7]
    refined = Q.timeline(store, entity="Kursk", stream=True).refine(since=since, limit=3)
    assert not isinstance(refined.rows, list)
    assert list(refined.rows) == whole.refine(since=since, limit=3).rows
    empty = Q.quotes(store, "Nobody Here", stream=True)
    assert Q.peek(empty.rows)[0] is False
    out = io.StringIO()
    assert empty.write_json(out) == 0 and out.getvalue() == "[]\n"


def test_an_event_party_named_by_an_alias_is_the_articles_entity():
    """"BLA" acting in an article that names the Baloch Liberation Army (an identity
    with that alias) is that entity, not a node of its own."""
    reader = X.GraphReader(None, None)  # one article's rows: no store read
    ents = [("k", "e1", "Baloch Liberation Army", "ORG", "g1", 2, "Baloch Liberation Army",
             '["BLA"]'), ("k", "e2", "Quetta", "GPE", None, 1, None, None)]
    events = [("k", 0, "BLA attacked a train near Quetta", "ASSAULT", "asserted", "BLA",
               "quetta", None, None, None, None, None, None, None, None, None)]
    items = list(reader.article("k", ents, [], events))
    edges = {(i[1], i[2], i[3]["relation"]) for i in items if i[0] == "edge"}
    assert ("entity:g1", "event:k:0", "actor") in edges
    assert ("event:k:0", "entity:GPE:quetta", "target") in edges
    assert not any(i[1].startswith("entity:None") for i in items if i[0] == "node")
