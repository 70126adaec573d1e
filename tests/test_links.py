"""Keeping the cross-article tables: stale flag, lock, kill recovery, incremental linking,
delete and reanalyze, on real DuckDB and PostgreSQL stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from newsgraph.crossdoc.clusters import StoryClusterer
from newsgraph.crossdoc.linking import StoryIndex, link_store
from newsgraph.ingest import read_text_article
from newsgraph.store import Store
from newsgraph.store.maintain import outdated, reanalyze
from newsgraph.store.migrations import DERIVED_TABLES
from tests._pg import fresh_database
from tests.test_crossdoc_clusters import OTHER_EVENT, OTHER_EVENT_2, SAME_EVENT, WIRE, WIRE_COPY

TEXTS = [("wire", WIRE, "2024-10-28"), ("copy", WIRE_COPY, "2024-10-28"),
         ("valencia-1", OTHER_EVENT, "2024-10-29"), ("same", SAME_EVENT, "2024-10-28"),
         ("valencia-2", OTHER_EVENT_2, "2024-10-30")]


@pytest.fixture(params=["duckdb", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return fresh_database()


@pytest.fixture(scope="module")
def docs(pipeline):
    return [pipeline.analyze(read_text_article(text, id=key, published=day,
                                               url=f"https://news.example/{key}"))
            for key, text, day in TEXTS]


TOPICS = [("Kharkiv", "shelling", "apartment blocks", "Oleh Syniehubov"),
          ("Valencia", "floods", "bridges", "Carlos Mazon"),
          ("Manila", "typhoon", "fishing villages", "Benjamin Abalos"),
          ("Khartoum", "fighting", "grain markets", "Abdel Fattah al-Burhan"),
          ("Lagos", "factory fire", "warehouses", "Babajide Sanwo-Olu")]


def _varied_text(topic: int, variant: int) -> tuple[str, str, str]:
    place, event, thing, who = TOPICS[topic]
    killed = 20 + 15 * variant + topic
    stance = ("The army said its units had struck the {thing}." if variant != 1 else
              "The army denied that its units had struck the {thing}.").format(thing=thing)
    text = (f"{who} said on Monday that {killed} people were killed in the {event} in {place}. "
            f"\"We are still searching for survivors near the {thing},\" {who} said. {stance}")
    return f"{place.lower()}-{variant}", text, f"2024-10-{10 + 2 * topic + variant:02d}"


@pytest.fixture(scope="module")
def varied(pipeline):
    """Five stories of three articles each, with denials and changed death tolls."""
    items = [_varied_text(t, v) for v in range(3) for t in range(len(TOPICS))]
    return [pipeline.analyze(read_text_article(text, id=key, published=day,
                                               url=f"https://wire{i % 3}.example/{key}"))
            for i, (key, text, day) in enumerate(items)]


def _copies(docs, n: int, start: int = 0):
    """``n`` stored-looking articles: the analyzed ones again under new ids and days."""
    out = []
    for i in range(start, start + n):
        doc = docs[i % len(docs)]
        day = f"2024-11-{1 + i % 28:02d}"
        out.append(doc.model_copy(update={"id": f"{doc.id}-{i}", "published": day,
                                          "url": f"https://news{i % 7}.example/{doc.id}-{i}"}))
    return out


def _tables(store: Store) -> dict[str, list[tuple]]:
    return {t: sorted(store.query(f"SELECT * FROM {t}")[1], key=repr) for t in DERIVED_TABLES}


def _consistent(store: Store) -> None:
    """Every latest article is in exactly one story that exists; none points elsewhere."""
    assert store.links_current()
    _, members = store.query("SELECT doc_key, story_id FROM story_articles")
    _, latest = store.query("SELECT doc_key FROM latest_articles")
    assert sorted(k for k, _ in members) == sorted(k for (k,) in latest)
    _, stories = store.query("SELECT story_id, size FROM stories")
    sizes = {s: n for s, n in stories}
    assert {s for _, s in members} == set(sizes)
    for story, size in sizes.items():
        assert size == sum(1 for _, s in members if s == story)


def test_a_merged_story_hands_over_its_earlier_articles(docs):
    by_id = {d.id: d for d in docs}
    index = StoryIndex(StoryClusterer(threshold=0.99, duplicate_threshold=None), {})
    index.place([by_id["valencia-1"], by_id["valencia-2"]])
    index.clusterer.threshold = index.clusterer.merge_threshold = 0.1
    index.place([by_id["valencia-1"].model_copy(update={"id": "valencia-3"})])
    assert len(index.clusterer.stories) == 1
    (story,) = index.clusterer.stories
    assert {a.story for a in index.final_assignments()} == {story}


def test_storing_marks_stale_and_linking_makes_current(db_url, docs):
    with Store.open(db_url) as store:
        assert not store.links_current()  # a new store: nothing linked yet
        store.put_documents(docs[:2])
        assert link_store(store) is not None
        assert store.links_current() and link_store(store) is None  # nothing to do
        store.put_documents(docs[:2])  # already stored: stays current
        assert store.links_current()
        store.put_documents(docs[2:])
        assert not store.links_current()
        link_store(store)
        _consistent(store)


def test_incremental_linking_equals_a_full_relink(db_url, docs, varied):
    corpus = varied + _copies(docs, 12)
    corpus = [d for pair in zip(corpus[:13], corpus[13:], strict=False) for d in pair] + \
        corpus[26:]  # topics and copies interleaved as they would arrive
    with Store.open(db_url) as store:
        store.put_documents(corpus[:10])
        link_store(store)
        first = dict(store.query("SELECT doc_key, story_id FROM story_articles")[1])
        for batch in (corpus[10:11], corpus[11:20], corpus[20:21], corpus[21:]):
            store.put_documents(batch)
            stats = link_store(store)
            assert stats is not None and not stats.rebuilt and stats.placed == len(batch)
        _consistent(store)
        incremental = _tables(store)
        now = dict(store.query("SELECT doc_key, story_id FROM story_articles")[1])
        merged = {s for (s,) in store.query("SELECT story_id FROM stories")[1]}
        # story ids stay put as articles arrive (unless their story was merged away)
        assert all(now[k] == s for k, s in first.items() if s in merged)
        assert store.count("stories") >= 3 and store.count("claim_links") > 0
        stats = link_store(store, full=True)
        assert stats is not None and stats.rebuilt
        assert _tables(store) == incremental


def test_postings_are_kept_for_the_most_recent_stories_per_term(db_url, docs, varied,
                                                                monkeypatch):
    from newsgraph.crossdoc import storyindex

    monkeypatch.setattr(storyindex, "POSTINGS_KEPT", 2)
    corpus = docs + varied
    with Store.open(db_url) as store:
        for batch in (corpus[:7], corpus[7:14], corpus[14:]):
            store.put_documents(batch)
            link_store(store)
        _consistent(store)
        assert store.count("stories") >= 3
        _, rows = store.query("SELECT term, count(*) FROM link_postings GROUP BY term")
        assert max(n for _, n in rows) == 2
        # "said" is in every story: its kept postings are the two most recent stories
        _, said = store.query("SELECT story_id FROM link_postings WHERE term = 'said'")
        _, newest = store.query("SELECT story_id FROM link_stories ORDER BY number DESC "
                                "LIMIT 2")
        assert sorted(said) == sorted(newest)


def test_delete_removes_and_unlinks_an_article(db_url, docs):
    with Store.open(db_url) as store:
        store.put_documents(docs)
        link_store(store)
        (gone,) = store.delete_article("https://news.example/same")
        assert not store.links_current()
        link_store(store)
        _consistent(store)
        for table in ("entities", "quotes", "entity_links", "story_articles", "event_reports",
                      "claims"):
            _, rows = store.query(f"SELECT count(*) FROM {table} WHERE doc_key = ?", (gone,))
            assert rows == [(0,)], table
        assert store.delete_article("https://news.example/never") == []


def test_reanalyze_updates_articles_of_an_older_pipeline(db_url, docs, pipeline):
    with Store.open(db_url) as store:
        store.put_documents(docs[:2], pipeline_version="0:old")
        store.put_documents(docs[2:], pipeline_version=pipeline.version)
        link_store(store)
        old = outdated(store, pipeline.version)
        assert len(old) == 2
        stripped = docs[0].model_copy(update={"quotes": [], "entities": []})
        store.replace_document(old[0], stripped, "0:old")  # as an older pipeline left it
        assert store.count("entities") < sum(len(d.entities) for d in docs)
        assert reanalyze(store, pipeline) == 2
        assert outdated(store, pipeline.version) == []
        assert store.count("entities") == sum(len(d.entities) for d in docs)
        assert store.get_document(old[0]) == docs[0]
        assert not store.links_current()
        link_store(store)
        _consistent(store)


_KILL_IN_WRITE = """
import os, signal, sys
from newsgraph.store import Store
from newsgraph.crossdoc import linking as links

class Dying(list):
    # the rows of the fifth table: the process dies while writing them
    def __iter__(self):
        os.kill(os.getpid(), signal.SIGKILL)
        return super().__iter__()

real = Store.write_links
def write_links(self, tables, generation, **kw):
    names = list(tables)
    columns, rows = tables[names[4]]
    tables[names[4]] = (columns, Dying(rows))
    return real(self, tables, generation, **kw)

Store.write_links = write_links
with Store.open(sys.argv[1]) as store:
    links.link_store(store)
"""


def test_a_kill_inside_the_link_write_leaves_the_old_tables_marked_stale(db_url, docs,
                                                                         tmp_path):
    with Store.open(db_url) as store:
        store.put_documents(_copies(docs, 6))
        link_store(store)
        before = _tables(store)
        store.put_documents(_copies(docs, 10, start=6))
    script = tmp_path / "die.py"
    script.write_text(textwrap.dedent(_KILL_IN_WRITE), "utf-8")
    proc = subprocess.run([sys.executable, str(script), db_url], capture_output=True,
                          timeout=600, env=_env())
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with Store.open(db_url) as store:
        assert not store.links_current()
        assert _tables(store) == before  # all or nothing: no table half written
        link_store(store)
        _consistent(store)
        assert store.count("story_articles") == 16


def _env() -> dict[str, str]:
    src = os.path.join(os.path.dirname(os.path.dirname(__file__)), "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]),
            "COLUMNS": "200"}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsgraph.cli", *args]


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_sigkill_during_relink_then_the_next_ingest_links(backend, docs, tmp_path):
    db = str(tmp_path / "kill.duckdb") if backend == "duckdb" else fresh_database()
    with Store.open(db) as store:
        store.put_documents(_copies(docs, 150))
    proc = subprocess.Popen(_cli("relink", "--db", db), stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, env=_env())
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("linking"):
            break
    proc.send_signal(signal.SIGKILL)  # linking 150 articles takes seconds; this is now
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(db) as store:
        assert not store.links_current()
        assert store.count("story_articles") == 0  # never part of them
    source = tmp_path / "more"
    source.mkdir()
    (source / "note.txt").write_text(WIRE, "utf-8")
    done = subprocess.run(_cli("ingest", str(source), "--db", db, "--published", "2024-10-28"),
                          capture_output=True, text=True, timeout=600, env=_env())
    assert done.returncode == 0, done.stderr
    with Store.open(db) as store:
        _consistent(store)
        assert store.count("story_articles") == 151


def test_two_postgresql_ingests_with_overlapping_sources_both_succeed(tmp_path):
    db = fresh_database()
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    texts = [(f"report-{i:02d}", f"Officials in city {i} said on Monday that {100 + 7 * i} "
              f"people had been evacuated after the floods.\n") for i in range(18)]
    for name, text in texts[:12]:
        (folders[0] / f"{name}.txt").write_text(text, "utf-8")
    for name, text in texts[6:]:
        (folders[1] / f"{name}.txt").write_text(text, "utf-8")
    procs = [subprocess.Popen(_cli("ingest", str(f), "--db", db, "--commit-every", "1",
                                   "--batch-size", "1", "--published", "2024-11-04"),
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                              env=_env()) for f in folders]
    for proc in procs:
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
    with Store.open(db) as store:
        _, rows = store.query("SELECT article_key, count(*) FROM articles GROUP BY article_key")
        assert sorted(k for k, _ in rows) == sorted(f"id:{n}" for n, _ in texts)
        assert all(n == 1 for _, n in rows)
        _consistent(store)


def test_delete_relink_and_reanalyze_commands(docs, tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    db = str(tmp_path / "cli.duckdb")
    with Store.open(db) as store:
        store.put_documents(docs, pipeline_version="0:old")
    runner = CliRunner()
    relinked = runner.invoke(app, ["relink", "--db", db])
    assert relinked.exit_code == 0 and "linked (rebuilt)" in relinked.output, relinked.output
    deleted = runner.invoke(app, ["delete", "https://news.example/copy", "--db", db])
    assert deleted.exit_code == 0 and "deleted https://news.example/copy" in deleted.output
    missing = runner.invoke(app, ["delete", "https://news.example/never", "--db", db])
    assert missing.exit_code == 1 and "not stored" in missing.output
    again = runner.invoke(app, ["reanalyze", "--db", db])
    assert again.exit_code == 0 and "analyzed again: 4 articles" in again.output, again.output
    with Store.open(db) as store:
        _consistent(store)
        assert store.count("latest_articles") == 4
        _, versions = store.query("SELECT DISTINCT pipeline_version FROM articles")
        assert len(versions) == 1 and versions[0][0] != "0:old"
