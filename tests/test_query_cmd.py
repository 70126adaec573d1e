"""``newsgraph query`` and ``newsgraph export`` on a store holding the example."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.crossdoc.linking import link_store
from newsgraph.store import Store

runner = CliRunner()

OTHER = ("Pentagon spokesperson Sabrina Singh said on Tuesday that about 12,000 North Korean "
         "troops were now in Russia's Kursk region. The Kremlin again called the reports "
         "\"fake news.\"")


@pytest.fixture(scope="module")
def db(tmp_path_factory, example_doc, pipeline) -> str:
    from newsgraph.ingest import read_text_article

    path = str(tmp_path_factory.mktemp("query") / "news.duckdb")
    later = pipeline.analyze(read_text_article(OTHER, id="follow-up", published="2024-10-30"))
    with Store.open(path) as store:
        store.put_documents([example_doc, later])
        link_store(store)
    return path


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_who_said_what_as_json(db):
    rows = json.loads(_run("query", "quotes", "--entity", "Singh", "--db", db, "-f", "json"))
    assert {r["speaker"] for r in rows} == {"Sabrina Singh"}
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)
    assert all(r["status"] and r["quote"] and r["cue"] for r in rows)
    assert any(r["published"] == "2024-10-30" for r in rows)


def test_who_said_what_of_chosen_attribution_kinds(db):
    rows = json.loads(_run("query", "quotes", "--entity", "Putin", "--db", db, "-f", "json",
                           "--attribution-kinds", "stance"))
    assert rows and {r["attribution_kind"] for r in rows} == {"stance"}
    assert {r["cue"] for r in rows} == {"refute"}
    result = runner.invoke(app, ["query", "quotes", "-e", "Putin", "--db", db,
                                 "--attribution-kinds", "gossip"])
    assert result.exit_code == 2 and "unknown attribution kind 'gossip'" in result.output


def test_who_said_what_as_table_and_csv(db):
    table = _run("query", "quotes", "--entity", "Putin", "--db", db)
    assert "who said what: Putin" in table and "not_denied" in table
    rows = list(csv.DictReader(io.StringIO(_run("query", "quotes", "-e", "Putin", "--db", db,
                                                "--format", "csv"))))
    assert rows and all(r["speaker"] == "Putin" for r in rows)


def test_numbers_about_troops_over_time(db):
    rows = json.loads(_run("query", "numbers", "--about", "troops", "--db", db, "-f", "json"))
    values = [r["value"] for r in rows]
    assert {3000, 10000, 12000} <= set(values)
    assert [r["time"] for r in rows] == sorted(r["time"] for r in rows)
    assert any(r["value"] == 10000 and r["revises_value"] == 3000 for r in rows)


def test_entity_timeline_spans_articles(db):
    rows = json.loads(_run("query", "timeline", "--entity", "Kremlin", "--db", db, "-f", "json"))
    assert len({r["doc_key"] for r in rows}) == 2
    assert [r["time"] for r in rows] == sorted(r["time"] for r in rows)


def test_story_timeline_from_the_clusters(db):
    with Store.open(db) as store:
        _, stories = store.query("SELECT story_id FROM stories ORDER BY size DESC")
    rows = json.loads(_run("query", "timeline", "--story", stories[0][0], "--db", db,
                           "-f", "json"))
    assert rows and {r["item"] for r in rows} >= {"quote", "number"}


def test_claims_and_contradictions_about_the_deployment(db):
    out = _run("query", "claims", "--about", "North Korean troop", "--db", db, "-f", "json")
    # one JSON document (it was two arrays printed one after the other: invalid JSON)
    both = json.loads(out)
    claims, contradictions = both["claims"], both["contradictions"]
    statuses = {(c["source"], c["status"]) for c in claims}
    assert ("Kremlin", "denied") in statuses and ("Putin", "not_denied") in statuses
    sides = {(c["source"], c["status"]) for c in contradictions
             if c["relation"] == "contradiction"}
    assert ("Kremlin", "denied") in sides
    listed = json.loads(_run("query", "contradictions", "--db", db, "-f", "json"))
    assert {r["relation"] for r in listed} >= {"contradiction", "revision"}


def test_claims_as_csv_is_one_table(db):
    out = _run("query", "claims", "--about", "North Korean troop", "--db", db, "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) > 1 and {len(r) for r in rows} == {len(rows[0])}


def test_missing_store_is_an_error(tmp_path):
    result = runner.invoke(app, ["query", "quotes", "-e", "x", "--db",
                                 str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no store" in result.output


def test_export_formats(db, tmp_path):
    _run("export", "--db", db, "-f", "jsonl", "-o", str(tmp_path / "docs.jsonl"))
    lines = (tmp_path / "docs.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["text"]

    _run("export", "--db", db, "-f", "parquet", "-o", str(tmp_path / "pq"))
    import pyarrow.parquet as pq

    quotes = pq.read_table(tmp_path / "pq" / "quotes.parquet")
    with Store.open(db) as store:
        assert quotes.num_rows == store.count("quotes")
        n_entities = store.count("entities")
    assert {"speaker_name", "status", "span_start"} <= set(quotes.column_names)

    _run("export", "--db", db, "-f", "csv", "-o", str(tmp_path / "csv"))
    with (tmp_path / "csv" / "entities.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == n_entities

    _run("export", "--db", db, "-f", "graphml", "-o", str(tmp_path / "g.graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(tmp_path / "g.graphml").getroot().find("g:graph", ns)
    nodes = graph.findall("g:node", ns)
    edges = graph.findall("g:edge", ns)
    ids = {n.get("id") for n in nodes}
    kinds = {d.text for n in nodes for d in n.findall("g:data", ns) if d.get("key") == "n_kind"}
    assert kinds >= {"entity", "quote", "article"}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    said = [e for e in edges
            if any(d.text == "said" for d in e.findall("g:data", ns))]
    assert said


def _fails(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 1, result.output
    return result.stderr


def test_stories_are_listed_and_a_story_timeline_can_be_limited(db):
    stories = json.loads(_run("query", "stories", "--db", db, "-f", "json"))
    assert stories and all(s["story"] and s["articles"] >= 1 for s in stories)
    assert stories[0]["published_in_words"]
    story = stories[0]["story"]
    rows = json.loads(_run("query", "timeline", "--story", story, "--db", db, "-f", "json",
                           "--limit", "3"))
    assert len(rows) == 3
    # a number's row carries no status: the column holds epistemic statuses only
    full = json.loads(_run("query", "timeline", "--story", story, "--db", db, "-f", "json"))
    assert all(r["status"] is None for r in full if r["item"] == "number")


def test_date_range_sort_and_limit(db):
    rows = json.loads(_run("query", "numbers", "--about", "troops", "--db", db, "-f", "json",
                           "--since", "2024-10-24", "--sort", "value", "--desc"))
    assert rows and all(r["time"] >= "2024-10-24" for r in rows)
    assert [r["value"] for r in rows] == sorted((r["value"] for r in rows), reverse=True)
    october = json.loads(_run("query", "quotes", "-e", "Singh", "--db", db, "-f", "json",
                              "--until", "2024-10-28"))
    assert october and {r["published"] for r in october} == {"2024-10-28"}
    first = json.loads(_run("query", "quotes", "-e", "Singh", "--db", db, "-f", "json",
                            "--sort", "quote", "--limit", "1"))
    assert len(first) == 1
    bad = runner.invoke(app, ["query", "quotes", "-e", "Singh", "--db", db, "--sort", "nope"])
    assert bad.exit_code == 2 and "sort keys" in bad.stderr


def test_times_are_in_words_beside_their_values(db):
    rows = json.loads(_run("query", "numbers", "--about", "troops", "--db", db, "-f", "json"))
    assert any(r["time"] == "2024-10-28" and r["time_in_words"] == "28 October 2024"
               for r in rows)
    table = _run("query", "numbers", "--about", "troops", "--db", db)
    assert "28 October 2024" in table and "time_in_words" not in table
    header = next(csv.reader(io.StringIO(_run("query", "numbers", "-a", "troops", "--db", db,
                                              "-f", "csv"))))
    assert header.index("time_in_words") == header.index("time") + 1


def test_unknown_article_story_entity_and_event_exit_1_with_a_hint(db):
    assert "hint:" in _fails("query", "versions", "no-such-article", "--db", db)
    assert "query stories" in _fails("query", "timeline", "--story", "zzqx", "--db", db)
    assert "hint:" in _fails("query", "quotes", "--entity", "Nobody Atall", "--db", db)
    assert "query events" in _fails("query", "events", "--event", "nope", "--db", db)


def test_a_story_term_matching_several_stories_is_not_merged(tmp_path):
    path = str(tmp_path / "stories.duckdb")
    with Store.open(path) as store:
        store.replace_table("stories", [("s1", "train crash Spain", "tfidf", 2),
                                        ("s2", "train strike France", "tfidf", 3)],
                            ["story_id", "label", "method", "size"])
    error = _fails("query", "timeline", "--story", "train", "--db", path)
    assert "matches 2 stories" in error and "s1" in error and "s2" in error
    rows = json.loads(_run("query", "timeline", "--story", "strike", "--db", path, "-f", "json"))
    assert rows == []


def test_events_show_actors_and_targets(db):
    rows = json.loads(_run("query", "events", "--db", db, "-f", "json"))
    assert rows and {"actors", "targets", "actor_entities", "actor_codes",
                     "target_entities", "target_codes"} <= set(rows[0])
    assert any(r["actors"] for r in rows)
    assert any(r["actor_entities"] for r in rows) and any(r["actor_codes"] for r in rows)
    reports = json.loads(_run("query", "events", "--event", rows[0]["event_id"], "--db", db,
                              "-f", "json"))
    assert reports and {"actor", "target", "actor_code", "target_code"} <= set(reports[0])
    reports = [r for event in rows[:10] for r in json.loads(_run(
        "query", "events", "--event", event["event_id"], "--db", db, "-f", "json"))]
    assert {r["actor_code"] for r in reports} - {None}  # PLOVER actor codes reach the query
    # the actor and target as entities: their global ids, the ones entity pages use
    with Store.open(db, read_only=True) as store:
        known = {r[0] for r in store.query("SELECT global_id FROM global_entities")[1]}
    linked = [r for r in reports if r["actor_entity"] or r["target_entity"]]
    assert linked and {"actor_entity", "target_entity"} <= set(reports[0])
    assert {r["actor_entity"] for r in linked} - {None} <= known
    event_id = next(event["event_id"] for event in rows[:10] if any(
        r["actor_entity"] for r in json.loads(_run(
            "query", "events", "--event", event["event_id"], "--db", db, "-f", "json"))))
    text = _run("query", "events", "--event", event_id, "--db", db)
    shown = json.loads(_run("query", "events", "--event", event_id, "--db", db, "-f", "json"))
    first = next(r for r in shown if r["actor_entity"])
    assert f"({first['actor_entity']})" in text  # "Russian forces [RUSMIL] (g12)"
    csv_out = _run("query", "events", "--event", rows[0]["event_id"], "--db", db, "-f", "csv")
    assert "actor_entity" in csv_out.splitlines()[0]


def test_graphml_attributes_are_typed(db, tmp_path):
    _run("export", "--db", db, "-f", "graphml", "-o", str(tmp_path / "g.graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(tmp_path / "g.graphml").getroot()
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
             for k in root.findall("g:key", ns)}
    assert types[("edge", "count")] == "long"
    assert types[("node", "label")] == "string"
    import networkx as nx

    graph = nx.read_graphml(tmp_path / "g.graphml")
    counts = [d["count"] for _, _, d in graph.edges(data=True) if "count" in d]
    assert counts and all(isinstance(c, int) for c in counts)


def test_timeline_leaves_out_events_with_neither_actor_nor_target(tmp_path, pipeline,
                                                                  example_text, monkeypatch):
    from newsgraph.ingest import read_text_article
    from newsgraph.settings import env_name

    # such events are only kept on request (the events_keep_unanchored setting)
    monkeypatch.setenv(env_name("events_keep_unanchored"), "1")
    doc = pipeline.analyze(read_text_article(example_text, id="kursk", published="2024-10-28"))
    assert any(not e.actor and not e.target for e in doc.events)
    db = str(tmp_path / "unanchored.duckdb")
    with Store.open(db) as store:
        store.put_documents([doc])
        link_store(store)
        _, stories = store.query("SELECT story_id FROM stories ORDER BY size DESC")
    args = ("query", "timeline", "--story", stories[0][0], "--db", db, "-f", "json")
    default = json.loads(_run(*args))
    everything = json.loads(_run(*args, "--all-events"))
    assert len(everything) > len(default)
    left_out = [r for r in everything if r not in default]
    assert left_out and all(r["item"].startswith("event:") and not r["who"] for r in left_out)


def test_exports_carry_event_participants_and_places(db, tmp_path):
    _run("export", "--db", db, "-f", "parquet", "-o", str(tmp_path / "pq"))
    import pyarrow.parquet as pq

    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert {"actor_entity_id", "actor_code", "actor_start", "target_entity_id", "location_id",
            "latitude", "longitude"} <= set(events[0])
    entities = {(r["doc_key"], r["entity_id"]): r["name"]
                for r in pq.read_table(tmp_path / "pq" / "entities.parquet").to_pylist()}
    threat = next(e for e in events if e["type"] == "THREATEN")
    assert "Putin" in entities[(threat["doc_key"], threat["actor_entity_id"])]
    assert threat["actor_code"] == "RUSGOV"
    kursk = next(e for e in events if e["location"] == "Kursk")
    assert kursk["location_id"] == "538560" and 51 < kursk["latitude"] < 52
    articles = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    assert {a["genre"] for a in articles} == {"news"}

    _run("export", "--db", db, "-f", "csv", "-o", str(tmp_path / "csv"))
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["actor_entity_id"] and r["actor_code"] for r in rows)

    _run("export", "--db", db, "-f", "graphml", "-o", str(tmp_path / "g.graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(tmp_path / "g.graphml").getroot().find("g:graph", ns)
    labels = {n.get("id"): {d.get("key"): d.text for d in n.findall("g:data", ns)}
              for n in graph.findall("g:node", ns)}
    actors = [e for e in graph.findall("g:edge", ns)
              if any(d.text == "actor" for d in e.findall("g:data", ns))]
    # the actor edge starts at the article's entity node, not a free-standing name
    assert any(labels[e.get("source")].get("n_kind") == "entity"
               and labels[e.get("target")].get("n_type") == "THREATEN" for e in actors)
