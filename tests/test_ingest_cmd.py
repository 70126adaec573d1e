"""``newsgraph ingest``: every source kind, no-op reruns, versions, and SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.ingest.sources import read_sources
from newsgraph.store import Store
from tests._pg import fresh_database

runner = CliRunner()

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Dam breach</title><link>https://wire.example/dam</link>
<pubDate>Tue, 05 Nov 2024 10:00:00 GMT</pubDate>
<description>Engineers said on Tuesday that the dam near Kherson had been breached.</description>
</item>
<item><title>Grain deal</title><link>https://wire.example/grain</link>
<pubDate>Wed, 06 Nov 2024 09:00:00 GMT</pubDate>
<description>Turkey said the grain corridor would stay open for 120 days.</description>
</item></channel></rss>
"""

PAGE = ("<html><head><title>Rail strike ends</title></head><body><article><p>Union leaders "
        "said on Monday that the rail strike had ended after 12 days.</p></article></body>"
        "</html>")


def _write_warc(path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.0")
        record = writer.create_warc_record("https://rail.example/strike", "response",
                                           payload=BytesIO(PAGE.encode()),
                                           http_headers=headers)
        writer.write_record(record)


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "bridge.txt").write_text("The mayor of Lviv said on Monday that the bridge "
                                     "would reopen in June.\n", "utf-8")
    (root / "wire.rss").write_text(FEED, "utf-8")
    records = [
        {"url": "https://jsonl.example/1", "date": "2024-11-01", "title": "Flood",
         "text": "Rescuers said on Friday that 300 people had been evacuated."},
        {"url": "https://jsonl.example/2", "date": "2024-11-02", "title": "Vote",
         "text": "The parliament voted on Saturday to extend martial law by 90 days."},
    ]
    lines = [json.dumps(r) for r in records] + ["{not json"]
    (root / "news.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    _write_warc(root / "crawl.warc.gz")
    (root / "empty.txt").write_text("   \n", "utf-8")
    return root


def _ingest(*args: str):
    return runner.invoke(app, ["ingest", *args])


def test_every_source_kind_is_read(corpus):
    items = list(read_sources([corpus]))
    articles = [i for i in items if not hasattr(i, "message")]
    errors = [i for i in items if hasattr(i, "message")]
    urls = {a.url for a in articles}
    assert {"https://wire.example/dam", "https://wire.example/grain",
            "https://jsonl.example/1", "https://jsonl.example/2",
            "https://rail.example/strike"} <= urls
    dam = next(a for a in articles if a.url == "https://wire.example/dam")
    assert dam.published.startswith("2024-11-05") and dam.title == "Dam breach"
    assert "rail strike had ended" in next(a.text for a in articles
                                          if a.url == "https://rail.example/strike")
    assert len(articles) == 6 and len(errors) == 2  # bad JSON line, empty file
    refused = list(read_sources(["https://example.org/x"]))
    assert "--allow-urls" in refused[0].message


def test_meantime_articles_rebuild_text_over_tokens(data_dir):
    from newsgraph.ingest.meantime import read_meantime

    files = sorted((data_dir / "meantime").rglob("*.xml"))
    if not files:
        pytest.skip("no MEANTIME files")
    for path in files[:10]:
        doc = read_meantime(path)
        assert doc.dct and doc.title and doc.url
        for (start, end) in doc.token_spans.values():
            assert 0 <= start < end <= len(doc.text)
    first = read_meantime(files[0])
    assert first.text.startswith(first.title + "\n")


def test_ingest_rerun_and_new_version(corpus, tmp_path):
    db = str(tmp_path / "news.duckdb")
    result = _ingest(str(corpus), "--db", db)
    assert result.exit_code == 0, result.output
    assert "6 new, 0 new versions, 0 unchanged, 2 skipped" in result.output
    assert "malformed JSON" in result.output and "empty document" in result.output
    with Store.open(db) as store:
        counts = {t: store.count(t) for t in ("articles", "entities", "quotes", "timexes")}
        sources = {s for (s,) in store.query("SELECT source FROM articles")[1]}
    assert counts["articles"] == 6 and counts["timexes"] > 0
    assert str(corpus / "bridge.txt") in sources

    again = _ingest(str(corpus), "--db", db)
    assert "0 new, 0 new versions, 6 unchanged" in again.output
    with Store.open(db) as store:
        assert {t: store.count(t) for t in counts} == counts

    (corpus / "bridge.txt").write_text("The mayor of Lviv said on Monday that the bridge "
                                       "would reopen in July, not June.\n", "utf-8")
    changed = _ingest(str(corpus), "--db", db)
    assert "0 new, 1 new versions, 5 unchanged" in changed.output
    with Store.open(db) as store:
        _, rows = store.query("SELECT version FROM articles WHERE article_key = ? "
                              "ORDER BY version", ["id:bridge"])
        assert rows == [(1,), (2,)]
        assert "July" in store.get_document("id:bridge").text
        assert store.count("latest_articles") == 6


def _kill_corpus(root: Path, n: int) -> list[str]:
    root.mkdir()
    cities = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Sumy", "Poltava", "Mykolaiv", "Kherson"]
    keys = []
    for i in range(n):
        city = cities[i % len(cities)]
        (root / f"report-{i:02d}.txt").write_text(
            f"Officials in {city} said on Monday that {100 + i * 7} people had been "
            f"evacuated after shelling. \"We need {i + 2} more buses,\" said governor "
            f"Petro Ivanenko-{i}.\n", "utf-8")
        keys.append(f"id:report-{i:02d}")
    return keys


def _run_ingest(corpus: Path, db: str, kill_after_commits: int | None):
    cmd = [sys.executable, "-m", "newsgraph.cli", "ingest", str(corpus), "--db", db,
           "--commit-every", "2", "--batch-size", "2", "--published", "2024-11-04"]
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env=env)
    if kill_after_commits is None:
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
        return stderr
    seen = 0
    deadline = time.monotonic() + 300
    assert proc.stderr is not None
    for line in proc.stderr:
        seen += line.startswith("committed")
        if seen >= kill_after_commits or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return ""


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_sigkill_mid_ingest_then_rerun_stores_every_article_once(backend, tmp_path):
    db = str(tmp_path / "kill.duckdb") if backend == "duckdb" else fresh_database()
    keys = _kill_corpus(tmp_path / "kill-corpus", 40)
    _run_ingest(tmp_path / "kill-corpus", db, kill_after_commits=2)
    with Store.open(db) as store:
        stored_after_kill = store.count("articles")
    assert 0 < stored_after_kill < len(keys), "the kill should land mid-run"

    stderr = _run_ingest(tmp_path / "kill-corpus", db, kill_after_commits=None)
    assert f"{stored_after_kill} unchanged" in stderr
    with Store.open(db) as store:
        _, rows = store.query("SELECT article_key, count(*) FROM articles GROUP BY article_key")
        assert sorted(k for k, _ in rows) == sorted(keys)
        assert all(n == 1 for _, n in rows)
        # Every item belongs to a stored article, and none is doubled.
        _, docs = store.query("SELECT document_json FROM articles")
        expected = sum(len(json.loads(d)["quotes"]) for (d,) in docs)
        assert store.count("quotes") == expected
        _, orphans = store.query("SELECT count(*) FROM entities WHERE doc_key NOT IN "
                                 "(SELECT doc_key FROM articles)")
        assert orphans == [(0,)]


def test_urls_are_fetched_only_when_allowed(tmp_path):
    import functools
    import http.server
    import threading

    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    (tmp_path / "feed.xml").write_text(FEED, "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        refused = list(read_sources([f"{base}/page.html"]))
        assert len(refused) == 1 and "--allow-urls" in refused[0].message
        inward = list(read_sources([f"{base}/page.html"], allow_urls=True))
        assert len(inward) == 1 and "loopback, private" in inward[0].message  # SSRF guard
        private = {"allow_urls": True, "allow_private_urls": True}
        page = list(read_sources([f"{base}/page.html"], **private))
        assert page[0].url == f"{base}/page.html" and "rail strike" in page[0].text
        feed = list(read_sources([f"{base}/feed.xml"], **private))
        assert [a.url for a in feed] == ["https://wire.example/dam", "https://wire.example/grain"]
        assert feed[0].published.startswith("2024-11-05")
        missing = list(read_sources([f"{base}/nothing"], **private))
        assert "cannot fetch" in missing[0].message
    finally:
        server.shutdown()
        server.server_close()


def test_article_count_for_the_progress_bar(corpus):
    from newsgraph.ingest.sources import count_articles

    assert count_articles([corpus / "news.jsonl", corpus / "bridge.txt"]) == 4
    assert count_articles([corpus]) is None  # a feed and a WARC: not cheap to count
    assert count_articles(["https://example.org/"]) is None


@pytest.fixture()
def folder_with_notes(tmp_path):
    root = tmp_path / "wiki"
    root.mkdir()
    (root / "README.md").write_text("# Corpus\nArticles from a wiki, one per line.\n", "utf-8")
    (root / "LICENSE.md").write_text("Creative Commons Attribution 2.5.\n", "utf-8")
    (root / "SOURCE.txt").write_text("Downloaded from the wiki's API in 2025.\n", "utf-8")
    (root / "bridge.txt").write_text("The mayor of Lviv said on Monday that the bridge "
                                     "would reopen in June.\n", "utf-8")
    return root


def test_folder_notes_are_skipped_unless_included(folder_with_notes):
    from newsgraph.ingest.base import SkippedNote

    items = list(read_sources([folder_with_notes]))
    notes = sorted(Path(i.origin).name for i in items if isinstance(i, SkippedNote))
    assert notes == ["LICENSE.md", "README.md", "SOURCE.txt"]
    assert [i.id for i in items if not hasattr(i, "message")] == ["bridge"]
    included = list(read_sources([folder_with_notes], include=("README*",)))
    assert sorted(i.id for i in included if not hasattr(i, "message")) == ["README", "bridge"]
    # a note named on the command line is read: the user asked for it
    assert not hasattr(next(read_sources([folder_with_notes / "SOURCE.txt"])), "message")


def test_ingest_reports_the_skipped_notes(folder_with_notes, tmp_path):
    db = str(tmp_path / "news.duckdb")
    result = _ingest(str(folder_with_notes), "--db", db, "--no-link")
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # the console wraps long lines
    assert "1 new, 0 new versions, 0 unchanged, 0 skipped, 3 notes skipped" in output
    assert "README.md: a note about the folder" in output
    with Store.open(db) as store:
        assert store.count("articles") == 1
