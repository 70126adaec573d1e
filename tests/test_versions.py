"""Article versions: an updated article's changes stated as claims (numbers, statuses, quotes)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.crossdoc.linking import link_store
from newsgraph.crossdoc.versions import diff_versions
from newsgraph.ingest import read_text_article
from newsgraph.store import Store
from newsgraph.store import query as Q
from newsgraph.store.ingest import ingest
from tests._pg import fresh_database

URL = "https://www.seoulwire.example/asia/north-korea-troops-russia"
BACKGROUND = (
    " The agency said the soldiers were being trained at bases in Russia's Far East before "
    "being moved closer to the front. Analysts in Seoul said the move would deepen military "
    "ties between Pyongyang and Moscow, which signed a mutual defence pact in June. South "
    "Korean lawmakers were briefed on the findings in a closed session of parliament's "
    "intelligence committee.")
FIRST = (
    "About 3,000 North Korean troops have been sent to Russia for training, South Korea's "
    "National Intelligence Service said on Friday. North Korea's foreign ministry denied that "
    "it had sent troops to Russia, calling the reports \"groundless rumours.\" \"We are "
    "watching the situation closely,\" said Pentagon spokesperson Sabrina Singh. The Kremlin "
    "declined to comment." + BACKGROUND)
UPDATED = (
    "About 10,000 North Korean troops have been sent to Russia for training, South Korea's "
    "National Intelligence Service said on Friday, raising its earlier estimate. North Korea's "
    "foreign ministry confirmed that it had sent troops to Russia, calling the deployment \"a "
    "sovereign decision.\" \"We are watching the situation closely,\" said Pentagon "
    "spokesperson Sabrina Singh. \"This is a dangerous escalation,\" NATO Secretary General "
    "Mark Rutte told reporters in Brussels." + BACKGROUND)


@pytest.fixture(scope="module")
def versions(pipeline):
    return [pipeline.analyze(read_text_article(text, id="nk-troops", url=URL,
                                               published="2024-10-18"))
            for text in (FIRST, UPDATED)]


def _kinds(changes) -> dict[str, list]:
    found: dict[str, list] = {}
    for c in changes:
        found.setdefault(c.kind, []).append(c)
    return found


def test_diff_states_the_changed_number_and_status(versions):
    old, new = versions
    changes = _kinds(diff_versions(old, new))
    [number] = changes["number_changed"]
    assert (number.old_value, number.new_value) == (3000, 10000)
    assert number.subject == "North Korean troops"
    assert (number.old.text, number.new.text) == ("About 3,000", "About 10,000")
    statuses = [(c.old_status, c.new_status) for c in changes["status_changed"]
                if "foreign ministry" in (c.subject or "")]
    assert ("denied", "confirmed") in statuses
    assert any(c.subject == "Mark Rutte" for c in changes["quote_added"])
    assert any(c.subject == "Kremlin" and c.old_status == "no_comment"
               for c in changes["quote_removed"])
    # the unchanged quote is no change at all
    assert not any("watching the situation" in (c.old or c.new).text
                   for c in diff_versions(old, new))
    for c in diff_versions(old, new):  # evidence is each version's text at its span
        for ref, doc in ((c.old, old), (c.new, new)):
            assert ref is None or doc.text[slice(*ref.span)] == ref.text


def test_no_change_and_reverse(versions):
    old, new = versions
    assert diff_versions(old, old) == []
    back = _kinds(diff_versions(new, old))
    [number] = back["number_changed"]
    assert (number.old_value, number.new_value) == (10000, 3000)
    assert ("confirmed", "denied") in [(c.old_status, c.new_status)
                                       for c in back["status_changed"]]


@pytest.fixture(params=["duckdb", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "versions.duckdb")
    return fresh_database()


def _jsonl(path, text: str, url: str = URL, published: str = "2024-10-18") -> str:
    path.write_text(json.dumps({"id": "nk-troops", "url": url, "text": text,
                                "published": published}) + "\n", encoding="utf-8")
    return str(path)


def test_ingested_update_is_diffed_and_queried(db_url, tmp_path, pipeline):
    first, updated = _jsonl(tmp_path / "v1.jsonl", FIRST), _jsonl(tmp_path / "v2.jsonl", UPDATED)
    with Store.open(db_url) as store:
        assert ingest(store, [first], pipeline).stored == 1
        link_store(store)
        assert Q.versions(store, URL).rows == []  # one version: nothing changed yet
        assert ingest(store, [updated], pipeline).versions == 1
        assert link_store(store).version_changes > 0
        rows = Q.versions(store, URL).records()
        assert {r["version"] for r in rows} == {2}
        numbers = [r for r in rows if r["kind"] == "number_changed"]
        assert [(r["old_value"], r["new_value"], r["subject"]) for r in numbers] == [
            (3000, 10000, "North Korean troops")]
        assert ("denied", "confirmed") in [(r["old_status"], r["new_status"]) for r in rows
                                           if r["kind"] == "status_changed"]
        texts = dict(store.query("SELECT doc_key, text FROM articles")[1])
        for r in rows:
            if r["old_text"] is not None:
                assert texts[r["old_doc_key"]][r["old_start"]:r["old_end"]] == r["old_text"]
            if r["new_text"] is not None:
                assert texts[r["new_doc_key"]][r["new_start"]:r["new_end"]] == r["new_text"]
        assert Q.versions(store, "nk-troops").records() == rows  # by document id too
        # the changed figure and status are claims too, linked as a version change
        linked = [r for r in Q.contradictions(store).records()
                  if r["relation"] == "version_change"]
        assert {r["value"] for r in linked} >= {3000, 10000}
        assert {"denied", "confirmed"} <= {r["status"] for r in linked}
        link_store(store)  # recomputing replaces, never doubles
        assert Q.versions(store, URL).records() == rows


def test_near_duplicate_update_from_the_same_outlet(tmp_path, pipeline):
    """An update published later under another URL of the same outlet is a version too;
    the same text at another outlet is a syndicated copy, not an update."""
    db = str(tmp_path / "moved.duckdb")
    later = FIRST.replace("denied that it had sent troops to Russia, calling the reports "
                          "\"groundless rumours.\"", "confirmed that it had sent troops to Russia.")
    assert later != FIRST
    sources = [_jsonl(tmp_path / "a.jsonl", FIRST),
               _jsonl(tmp_path / "b.jsonl", later, url=URL + "-update", published="2024-10-19"),
               _jsonl(tmp_path / "c.jsonl", FIRST, url="https://otherpaper.example/nk",
                      published="2024-10-19")]
    with Store.open(db) as store:
        ingest(store, sources, pipeline)
        link_store(store)
        rows = Q.versions(store, URL + "-update").records()
        assert ("denied", "confirmed") in [(r["old_status"], r["new_status"]) for r in rows]
        assert Q.versions(store, "https://otherpaper.example/nk").rows == []


def test_query_versions_command(tmp_path, pipeline):
    db = str(tmp_path / "cli.duckdb")
    with Store.open(db) as store:
        ingest(store, [_jsonl(tmp_path / "v1.jsonl", FIRST)], pipeline)
        ingest(store, [_jsonl(tmp_path / "v2.jsonl", UPDATED)], pipeline)
        link_store(store)
    runner = CliRunner()
    result = runner.invoke(app, ["query", "versions", URL, "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert any(r["kind"] == "number_changed" and r["new_value"] == 10000 for r in rows)
    table = runner.invoke(app, ["query", "versions", URL, "--db", db])
    assert table.exit_code == 0 and "confirmed" in table.stdout and "10000" in table.stdout
    assert "old_doc_key" not in table.stdout  # keys and offsets stay out of the table
