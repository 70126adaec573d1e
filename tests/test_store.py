"""The store, against DuckDB and a real PostgreSQL server started by the tests."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest import read_text_article
from newsgraph.schema import check_spans
from newsgraph.store import Store, content_hash
from newsgraph.store import query as Q
from newsgraph.store.migrations import MIGRATIONS
from tests._pg import fresh_database

TEXTS = {
    "harbour": ("Port officials in Odesa said on Tuesday that 40 ships had left the harbour. "
                "\"We expect more departures this week,\" said harbour master Ivan Petrenko.",
                "2024-11-05"),
    "ceasefire": ("The Kremlin denied on Friday that talks on a ceasefire had begun. "
                  "Ukrainian officials said about 2,000 soldiers were moved to the front.",
                  "2024-11-08"),
}


@pytest.fixture(params=["duckdb", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return fresh_database()


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as s:
        yield s


@pytest.fixture(scope="session")
def small_docs(pipeline):
    docs = []
    for name, (text, published) in TEXTS.items():
        article = read_text_article(text, id=name, published=published,
                                    url=f"https://news.example/{name}")
        docs.append(pipeline.analyze(article))
    return docs


def test_migrations_are_recorded_once(db_url):
    with Store.open(db_url) as first:
        assert first.schema_version() == MIGRATIONS[-1].version
    with Store.open(db_url) as again:  # reopening applies nothing twice
        assert again.migrate() == []
        assert again.count("schema_migrations") == len(MIGRATIONS)


def test_documents_round_trip_exactly(store, example_doc, small_docs):
    result = store.put_documents([example_doc, *small_docs], sources=["a", "b", "c"])
    assert len(result.stored) == 3 and not result.unchanged
    for doc in (example_doc, *small_docs):
        back = store.get_document(doc.url or f"id:{doc.id}")
        assert back == doc
        assert not check_spans(back)
    assert store.count("quotes") == sum(len(d.quotes) for d in (example_doc, *small_docs))
    assert store.count("mentions") == sum(len(e.mentions) for d in (example_doc, *small_docs)
                                          for e in d.entities)
    keys = [k for k, _ in store.iter_documents()]
    assert len(keys) == len(set(keys)) == 3


def test_item_rows_keep_spans_and_evidence(store, example_doc):
    store.put_documents([example_doc])
    _, rows = store.query("SELECT q.text, q.span_start, q.span_end, a.text FROM quotes q "
                          "JOIN articles a ON a.doc_key = q.doc_key")
    assert rows
    for text, start, end, article in rows:
        assert article[start:end] == text


def test_reingesting_the_same_article_is_a_no_op(store, example_doc):
    store.put_documents([example_doc])
    before = {t: store.count(t) for t in ("articles", "quotes", "entities", "quantities")}
    again = store.put_documents([example_doc, example_doc])
    assert again.unchanged == ["id:kursk-deployment"] * 2 and not again.stored
    assert {t: store.count(t) for t in before} == before


def test_a_changed_article_is_a_new_version(store, small_docs):
    first = small_docs[0]
    store.put_documents([first])
    revised = first.model_copy(update={"title": "Ships leave Odesa"})
    result = store.put_documents([revised])
    assert len(result.versions) == 1 and not result.stored
    _, rows = store.query("SELECT version, title FROM articles WHERE article_key = ? "
                          "ORDER BY version", [first.url])
    assert rows == [(1, None), (2, "Ships leave Odesa")]
    assert store.count("latest_articles") == 1
    assert store.get_document(first.url).title == "Ships leave Odesa"
    # Going back to the first text is not a third version: that version is stored.
    assert store.put_documents([first]).unchanged == [first.url]


def test_content_hash_depends_on_title_and_text_only():
    assert content_hash("a", "b") == content_hash("a", "b")
    assert content_hash("a", "b") != content_hash("ab", "")
    assert content_hash(None, "x") == content_hash("", "x")


def test_who_said_what_for_putin(store, example_doc, small_docs):
    store.put_documents([example_doc, *small_docs])
    result = Q.quotes(store, "Putin")
    assert result.rows and all("putin" in r["speaker"].lower() for r in result.records())
    statuses = {r["status"] for r in result.records()}
    assert "not_denied" in statuses  # "did not refute the presence of North Korean troops"


def test_claims_about_the_deployment_show_each_sides_status(store, example_doc):
    store.put_documents([example_doc])
    records = Q.claims(store, "North Korean troop").records()
    by_source = {(r["source"], r["status"]) for r in records if r["item"] == "quote"}
    assert ("Kremlin", "denied") in by_source
    assert ("Putin", "not_denied") in by_source


def test_numbers_about_troops_show_the_revision(store, example_doc):
    store.put_documents([example_doc])
    records = Q.numbers(store, "troops").records()
    revised = [r for r in records if r["revises_value"] is not None]
    assert any(r["value"] == 10000 and r["revises_value"] == 3000 for r in revised)
    times = [r["time"] for r in records]
    assert times == sorted(times)


def test_entity_timeline_is_ordered(store, example_doc, small_docs):
    store.put_documents([example_doc, *small_docs])
    rows = Q.timeline(store, entity="Kremlin").records()
    assert {r["doc_key"] for r in rows} >= {store.query(
        "SELECT doc_key FROM articles WHERE doc_id = ?", ["ceasefire"])[1][0][0]}
    assert [r["time"] for r in rows] == sorted(r["time"] for r in rows)


def test_story_timeline_and_contradictions_use_the_crossdoc_tables(store, example_doc,
                                                                   small_docs):
    store.put_documents([example_doc, *small_docs])
    keys = dict(store.query("SELECT doc_id, doc_key FROM articles")[1])
    store.replace_table("stories", [("s1", "north korean troops in kursk", "test", 2)])
    store.replace_table("story_articles", [("s1", keys["kursk-deployment"], 1.0),
                                           ("s1", keys["ceasefire"], 0.5)])
    rows = Q.timeline(store, story="s1").records()
    assert {r["doc_key"] for r in rows} <= {keys["kursk-deployment"], keys["ceasefire"]}
    assert len({r["doc_key"] for r in rows}) == 2
    assert Q.timeline(store, story="kursk").rows == Q.timeline(store, story="s1").rows
    columns = store.columns("claims")
    claim = dict.fromkeys(columns)
    a = {**claim, "claim_id": "c1", "kind": "quote", "doc_key": keys["kursk-deployment"],
         "text": "fake news", "span_start": 0, "span_end": 9, "speaker": "Kremlin",
         "status": "denied", "subject": "North Korean troops"}
    b = {**a, "claim_id": "c2", "text": "deployed", "speaker": "NATO", "status": "asserted"}
    store.replace_table("claims", [tuple(a[c] for c in columns), tuple(b[c] for c in columns)])
    store.replace_table("claim_links", [("c1", "c2", "contradiction", "denied vs asserted")])
    found = Q.contradictions(store, "north korean").records()
    assert [(r["relation"], r["source"], r["status"], r["claim"]) for r in found] == [
        ("contradiction", "NATO", "asserted", "deployed"),
        ("contradiction", "Kremlin", "denied", "fake news")]
    assert {r["about"] for r in found} == {"denied vs asserted"}
    assert Q.contradictions(store, "no such thing").rows == []
    with pytest.raises(ValueError):
        store.replace_table("articles", [])


def test_query_terms_are_parameters_not_sql(store, example_doc):
    store.put_documents([example_doc])
    for term in ("'; DROP TABLE articles; --", "%", "_", "?", "\\"):
        Q.quotes(store, term)
        Q.numbers(store, term)
        Q.timeline(store, entity=term)
    assert store.count("articles") == 1
    assert Q.quotes(store, "%").rows == []  # no wildcard meaning


def test_results_render_as_json_and_csv(store, example_doc):
    store.put_documents([example_doc])
    result = Q.quotes(store, "Singh")
    assert json.loads(result.to_json())[0]["speaker"] == "Sabrina Singh"
    lines = result.to_csv().splitlines()
    assert lines[0].startswith("published,title,speaker,status")


def test_linking_fills_the_crossdoc_tables(store, example_doc, small_docs):
    from newsgraph.crossdoc.linking import link_store

    store.put_documents([example_doc, *small_docs])
    stats = link_store(store)
    assert stats.entities > 0 and stats.stories >= 2
    assert store.count("story_articles") == 3
    _, linked = store.query("SELECT count(*) FROM entity_links l JOIN entities e "
                            "ON e.doc_key = l.doc_key AND e.entity_id = l.entity_id")
    assert linked[0][0] == store.count("entities")
    found = Q.contradictions(store, "North Korean").records()
    sides = {(r["source"], r["status"]) for r in found if r["relation"] == "contradiction"}
    assert ("Kremlin", "denied") in sides and ("Putin", "not_denied") in sides
    assert any(status == "asserted" for _, status in sides)
    revision = [r for r in found if r["relation"] == "revision"]
    assert {r["value"] for r in revision} >= {3000, 10000}
    text = dict(store.query("SELECT doc_key, text FROM articles")[1])
    for r in found:  # every position's evidence is the stored text at its span
        assert text[r["doc_key"]][r["span_start"]:r["span_end"]] == r["claim"]
    link_store(store)  # recomputing replaces, never doubles
    assert store.count("story_articles") == 3


@pytest.fixture(scope="module")
def filled_duckdb(tmp_path_factory, example_doc):
    with Store.open(str(tmp_path_factory.mktemp("prop") / "p.duckdb")) as s:
        s.put_documents([example_doc])
        yield s


_TERMS = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(term=st.one_of(_TERMS, st.sampled_from(["putin", "singh", "kremlin", "pentagon", "s"])))
def test_any_query_term_is_safe_and_matches_like_python(filled_duckdb, term):
    store = filled_duckdb
    rows = Q.quotes(store, term).records()
    assert store.count("articles") == 1
    if term.isascii():
        _, quotes = store.query(
            "SELECT q.speaker_name, e.name FROM quotes q LEFT JOIN entities e "
            "ON e.doc_key = q.doc_key AND e.entity_id = q.speaker_entity_id")
        wanted = Q.words(term)  # whole words: "Putin" is no match inside "Computing"

        def spelled(name: str | None) -> str:
            return f" {re.sub(r'[^0-9a-z]+', ' ', (name or '').lower())} "

        expected = sum(1 for speaker, name in quotes
                       if wanted in spelled(speaker) or wanted in spelled(name))
        assert len(rows) == expected


def test_read_only_open_reads_without_migrating(tmp_path, example_doc):
    path = str(tmp_path / "ro.duckdb")
    with Store.open(path) as store:
        store.put_documents([example_doc])
    with Store.open(path, read_only=True) as reader:
        assert reader.get_document("id:kursk-deployment") == example_doc
        with pytest.raises(Exception):  # noqa: B017 - the driver's own error type
            reader.put_documents([example_doc.model_copy(update={"title": "changed"})])
