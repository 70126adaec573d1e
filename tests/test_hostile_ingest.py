"""Hostile input files, round two (issue 19): every case generated here, none stored."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.ingest import IngestError, RawArticle, read_paths
from newsgraph.ingest.readers import read_jsonl_lines
from newsgraph.ingest.sources import read_sources
from newsgraph.textsafety import printable
from tests._isolated import run_isolated
from tests.hostile import PAGE, bomb_chunks, warc_record, write_warc_gz

runner = CliRunner()
NEWS = ("Union leaders said on Monday that the rail strike had ended after 12 days of "
        "talks with the transport ministry, which agreed to raise wages by 8 percent.")


def _split(items):
    articles = [i for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, IngestError)]
    return articles, errors


# --- text that cannot be encoded ------------------------------------------------------------

def test_lone_surrogates_in_jsonl_fields_are_replaced_and_reported(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a\\ud800", "title": "T\\udfff", "text": "' + NEWS + ' \\ud800"}\n'
                    + json.dumps({"id": "b", "text": NEWS}) + "\n", "utf-8")
    articles, errors = _split(list(read_paths([path])))
    assert not errors and [a.id for a in articles] == ["a\ufffd", "b"]
    assert articles[0].title == "T\ufffd" and articles[0].text.endswith("\ufffd")
    for article in articles:  # everything encodes now: storable and printable
        (article.id + article.text + (article.title or "") + article.origin).encode("utf-8")
    assert articles[0].repairs == [f"1 lone surrogate in the {field} replaced with U+FFFD"
                                   for field in ("id", "title", "text")]
    assert articles[1].repairs == []


def test_a_file_name_that_is_not_utf8_is_read_named_and_reported(tmp_path):
    name = os.fsdecode(b"caf\xe9-\xff.txt")
    (tmp_path / name).write_text(NEWS, "utf-8")
    [article] = list(read_paths([tmp_path]))
    assert "\\xe9" in article.origin and "\\xff" in article.origin
    article.origin.encode("utf-8")
    article.id.encode("utf-8")
    assert article.repairs == ["undecodable bytes in the file name shown as \\xNN",
                               "2 lone surrogates in the id replaced with U+FFFD"]


def _repaired_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(NEWS, "utf-8")
    (folder / "s.jsonl").write_text('{"id": "a", "title": "T\\udfff", "text": "' + NEWS
                                    + '"}\n', "utf-8")
    return folder


def _assert_repairs_reported(output: str, skipped: Path) -> None:
    rows = [json.loads(line) for line in skipped.read_text("utf-8").splitlines()]
    assert sorted(Path(r["input"]).name for r in rows) == ["caf\\xe9.txt", "s.jsonl:1"]
    assert all("reason" not in r and r["repaired"] for r in rows)
    by_name = {Path(r["input"]).name: r for r in rows}
    assert by_name["s.jsonl:1"]["repaired"] == [
        "1 lone surrogate in the title replaced with U+FFFD"]
    assert "repaired" in output and "caf\\xe9.txt" in output
    assert "s.jsonl:1: 1 lone surrogate in the title replaced with U+FFFD" in output


def test_ingest_reports_each_repaired_input(tmp_path):
    skipped = tmp_path / "skipped.jsonl"
    db = tmp_path / "r.duckdb"
    result = runner.invoke(app, ["ingest", str(_repaired_inputs(tmp_path)), "--db", str(db),
                                 "--no-link", "--skipped", str(skipped)])
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    _assert_repairs_reported(result.output, skipped)
    from newsgraph.store import Store

    store = Store.open(str(db))
    try:
        stored = {doc.title: doc.repairs for _, doc in store.iter_documents()}
    finally:
        store.close()
    assert stored["T\ufffd"] == ["1 lone surrogate in the title replaced with U+FFFD"]


def test_analyze_reports_each_repaired_input(tmp_path):
    skipped = tmp_path / "skipped.jsonl"
    out = tmp_path / "docs.jsonl"
    result = runner.invoke(app, ["analyze", str(_repaired_inputs(tmp_path)), "-f", "jsonl",
                                 "-o", str(out), "--skipped", str(skipped)])
    assert result.exit_code == 0, result.output
    _assert_repairs_reported(result.output, skipped)
    docs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert all(doc["repairs"] for doc in docs)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_read(tmp_path, encoding):
    import codecs

    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}.get(encoding, b"")
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + NEWS.encode(encoding))
    [article] = list(read_paths([path]))
    assert isinstance(article, RawArticle) and article.text == NEWS


def test_printable_names_cannot_forge_lines_or_move_the_terminal():
    shown = printable("a\nskipped fake.txt: ok\x1b[2J\u202eevil\ud800")
    assert "\n" not in shown and "\x1b" not in shown and "\u202e" not in shown
    assert "\\n" in shown and "\\x1b" in shown
    shown.encode("utf-8")


# --- JSON nesting ---------------------------------------------------------------------------

def test_deep_json_is_one_bad_line_and_the_rest_is_read(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n" + json.dumps({"id": "ok", "text": NEWS}) + "\n"
                    + '{"id": "x", "text": "' + "[" * 5000 + '"}\n', "utf-8")
    articles, errors = _split(list(read_paths([path])))
    assert [e.origin for e in errors] == [f"{path}:1"] and "nested deeper" in errors[0].message
    assert [a.id for a in articles] == ["ok", "x"]  # brackets inside a string are text


# --- dates ----------------------------------------------------------------------------------

def test_only_dates_are_stored_as_dates():
    lines = [json.dumps({"id": "a", "text": NEWS, "published": "{'a': 1}"}),
             json.dumps({"id": "b", "text": NEWS, "date": "Tue, 05 Nov 2024 10:00:00 GMT"}),
             json.dumps({"id": "c", "text": NEWS, "published": "2024-11-05T10:00:00Z"}),
             json.dumps({"id": "d", "text": NEWS, "published": "2024-13-45"})]
    items = list(read_jsonl_lines(lines, origin="in.jsonl"))
    assert isinstance(items[0], IngestError) and "not a date" in items[0].message
    assert items[1].published == "2024-11-05"
    assert items[2].published == "2024-11-05T10:00:00Z"
    assert isinstance(items[3], IngestError)


# --- special files --------------------------------------------------------------------------

def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for reader in (read_paths, read_sources):
        [error] = list(reader([fifo]))
        assert isinstance(error, IngestError) and "not a regular file" in error.message


def test_short_chinese_text_is_not_taken_for_english():
    from newsgraph.language import detect_language

    assert detect_language("北约称朝鲜军队已部署到库尔斯克。") != "en"
    assert detect_language("Kyiv said on Monday.") == "en"


# --- WARC -----------------------------------------------------------------------------------

def test_an_uncompressed_garbage_warc_is_reported(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"garbage that is no archive " * 200)
    [error] = list(read_sources([path]))
    assert isinstance(error, IngestError) and "WARC" in error.message


def test_a_warc_record_over_the_cap_is_skipped_and_the_next_is_read(tmp_path, monkeypatch):
    from newsgraph.ingest import feeds

    monkeypatch.setattr(feeds, "MAX_RECORD_BYTES", 100_000)
    path = tmp_path / "two.warc.gz"
    big = 1_000_000
    write_warc_gz(path, [warc_record("https://big.example/", bomb_chunks(big), big),
                         warc_record("https://rail.example/strike", [PAGE], len(PAGE))])
    articles, errors = _split(list(read_sources([path])))
    assert len(errors) == 1 and "over" in errors[0].message and errors[0].origin.endswith("#1")
    assert [a.id for a in articles] == ["https://rail.example/strike"]


_PEAK = """
import json, resource, sys
from newsgraph.ingest.sources import read_sources
items = [(type(i).__name__, getattr(i, "message", "")) for i in read_sources([sys.argv[1]])]
print(json.dumps({"peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                  "items": items}))
"""


def _peak(path: Path) -> dict:
    src = str(Path(__file__).resolve().parents[1] / "src")
    # through the launcher, so the child's peak is its own, not the test process's
    out, _ = run_isolated([sys.executable, "-c", _PEAK, str(path)], path.with_suffix(".kib"),
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PYTHONPATH": src})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_one_gib_warc_bomb_stays_within_150_mb_of_a_one_record_warc(tmp_path):
    one = tmp_path / "one.warc.gz"
    write_warc_gz(one, [warc_record("https://rail.example/strike", [PAGE], len(PAGE))])
    bomb = tmp_path / "bomb.warc.gz"
    size = 1 << 30
    write_warc_gz(bomb, [warc_record("https://bomb.example/", bomb_chunks(size), size),
                         warc_record("https://rail.example/strike", [PAGE], len(PAGE))])
    assert bomb.stat().st_size < 20_000_000  # a bomb: small on disk
    base, blown = _peak(one), _peak(bomb)
    print(f"peak RSS: one record {base['peak'] / 1e6:.0f} MB, 1 GiB bomb "
          f"{blown['peak'] / 1e6:.0f} MB")
    assert blown["peak"] - base["peak"] <= 150 * 1024 * 1024
    kinds = [k for k, _ in blown["items"]]
    assert kinds == ["IngestError", "RawArticle"], blown["items"]


# --- HTML -----------------------------------------------------------------------------------

NAV = ("<nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(30))
       + "</ul></nav>")
FOOTER = "<footer><p>Copyright Example News. All rights reserved. Contact us.</p></footer>"
ARTICLE = ("<article><h1>Rail strike ends</h1>"
           "<p>Union leaders said on Monday that the rail strike had ended after 12 days of "
           "talks with the transport ministry.</p><p>The ministry agreed to raise wages by "
           "8 percent from January, a spokesperson said, and trains will run on Tuesday.</p>"
           "<p>Commuters in the capital had walked or driven for almost two weeks while the "
           "strike closed every line, and businesses said they had lost custom.</p></article>")


def _page(body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>Rail strike ends</title>{head}</head>"
            f"<body>{NAV}{body}{FOOTER}</body></html>")


def test_a_big_page_with_a_short_article_is_read():
    from newsgraph.ingest import read_text_article

    script = "<script>var data = '" + "x" * 2_000_000 + "';</script>"
    article = read_text_article(_page(ARTICLE, head=script), id="big", origin="big.html")
    assert isinstance(article, RawArticle), article
    assert "rail strike had ended" in article.text and len(article.text) < 2_000


def test_an_article_whose_body_is_a_table_keeps_the_table():
    from newsgraph.ingest import read_text_article

    rows = "".join(f"<tr><td>{team}</td><td>{points}</td></tr>" for team, points in
                   [("Ferrari", 412), ("McLaren", 398), ("Red Bull", 377), ("Mercedes", 301)])
    body = ("<article><h1>Standings after Monza</h1><p>Ferrari lead the constructors' "
            "championship after the Italian Grand Prix on Sunday, the governing body said."
            "</p><table><tr><th>Team</th><th>Points</th></tr>" + rows + "</table></article>")
    article = read_text_article(_page(body), id="table", origin="table.html")
    assert isinstance(article, RawArticle)
    assert "McLaren" in article.text and "398" in article.text


def test_a_page_whose_body_repeats_is_read_without_its_navigation():
    from newsgraph.ingest import read_text_article

    article = read_text_article(_page(ARTICLE * 4), id="rep", origin="rep.html")
    assert isinstance(article, RawArticle), article
    assert "rail strike had ended" in article.text
    assert "Section 12" not in article.text and "All rights reserved" not in article.text


def test_a_page_without_an_article_keeps_no_navigation():
    from newsgraph.ingest import read_text_article

    item = read_text_article(_page(""), id="nav", origin="nav.html")
    if isinstance(item, RawArticle):
        assert "Section 12" not in item.text and "All rights reserved" not in item.text


@pytest.mark.parametrize("where", ["file", "jsonl"])
def test_html_fragments_are_read_as_html(tmp_path, where):
    fragment = ('<p>Officials said the deployment was &quot;under way&quot;, and allies '
                'are watching closely,&quot; the minister said on Monday.</p>'
                '<p>Troops arrived near the border on <b>Sunday</b>.</p>')
    if where == "file":
        path = tmp_path / "frag.html"
        path.write_text(fragment, "utf-8")
    else:
        path = tmp_path / "frag.jsonl"
        path.write_text(json.dumps({"id": "f", "html": fragment}) + "\n", "utf-8")
    [article] = list(read_paths([path]))
    assert isinstance(article, RawArticle), article
    assert "&quot" not in article.text and "<p>" not in article.text and "<b>" not in article.text
    assert "watching closely" in article.text and "Sunday" in article.text


# --- the commands: the skipped list, escaped names ---------------------------------------------

def test_analyze_writes_what_it_skipped_as_jsonl(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(NEWS, "utf-8")
    (folder / "deep.jsonl").write_text("[" * 100_000 + "\n", "utf-8")
    (folder / "evil\n[x] forged line\x1b[31m.txt").write_text("北约称朝鲜军队已部署。", "utf-8")
    skipped = tmp_path / "out" / "skipped.jsonl"
    result = runner.invoke(app, ["analyze", str(folder), "-f", "jsonl", "-o",
                                 str(tmp_path / "docs.jsonl"), "--skipped", str(skipped)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in skipped.read_text("utf-8").splitlines()]
    assert len(rows) == 2 and all(set(r) == {"input", "reason"} for r in rows)
    assert any(r["input"].endswith("deep.jsonl:1") for r in rows)
    assert "\x1b" not in result.output and "\n[x] forged line" not in result.output


def test_ingest_writes_what_it_skipped_as_jsonl(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(NEWS, "utf-8")
    (folder / "s.jsonl").write_text('{"id": "a\\ud800", "text": "' + NEWS + '"}\n'
                                    + "[" * 100_000 + "\n", "utf-8")
    (folder / "junk.warc").write_bytes(b"garbage that is no archive " * 200)
    skipped = tmp_path / "skipped.jsonl"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "s.duckdb"),
                                 "--no-link", "--skipped", str(skipped)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in skipped.read_text("utf-8").splitlines()]
    skips = [r for r in rows if "reason" in r]
    assert sorted(Path(r["input"]).name for r in skips) == ["junk.warc", "s.jsonl:2"]
    assert [Path(r["input"]).name for r in rows if "repaired" in r] == ["s.jsonl:1"]
    assert "2 new" in result.output


# --- feeds, streamed entry by entry ----------------------------------------------------------

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>https://news.example/</link>
{items}
</channel></rss>"""
RSS_ITEM = """<item><title>Rail strike {n}</title><link>https://news.example/{n}</link>
<guid>https://news.example/{n}</guid><pubDate>Mon, 28 Oct 2024 10:00:00 GMT</pubDate>
<description>short summary</description>
<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>Rail strike</title><id>tag:news.example,2024:1</id>
<link rel="alternate" href="https://news.example/atom/1"/>
<published>2024-10-28T10:00:00Z</published><summary>{text}</summary></entry>
<entry><title>No text</title><id>tag:news.example,2024:2</id></entry>
</feed>"""
RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example/"><title>Example</title></channel>
<item rdf:about="https://news.example/rdf/1"><title>Rail strike</title>
<link>https://news.example/rdf/1</link><description>{text}</description></item>
</rdf:RDF>"""


def test_rss_atom_and_rdf_entries_keep_their_fields(tmp_path):
    (tmp_path / "a.rss").write_text(RSS.format(items="".join(
        RSS_ITEM.format(n=n, text=NEWS) for n in (1, 2))), "utf-8")
    (tmp_path / "b.atom").write_text(ATOM.format(text=NEWS), "utf-8")
    (tmp_path / "c.rdf").write_text(RDF.format(text=NEWS), "utf-8")
    articles, errors = _split(list(read_sources([tmp_path])))
    by_id = {a.id: a for a in articles}
    assert set(by_id) == {"https://news.example/1", "https://news.example/2",
                          "tag:news.example,2024:1", "https://news.example/rdf/1"}
    rss = by_id["https://news.example/1"]
    assert (rss.title, rss.url, rss.published) == ("Rail strike 1", "https://news.example/1",
                                                   "2024-10-28T10:00:00Z")
    assert rss.text.strip() == NEWS  # the full content, not the short description
    atom = by_id["tag:news.example,2024:1"]
    assert atom.url == "https://news.example/atom/1" and atom.published.startswith("2024-10-28")
    assert [Path(e.origin).name for e in errors] == ["b.atom#2"]  # the entry with no text
    assert "no content or summary" in errors[0].message


def test_feeds_expand_no_entity_and_load_no_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET PASSWORD", "utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
           + RSS.split("?>", 1)[1].format(items=RSS_ITEM.format(n=1, text=NEWS + " &x;")))
    laughs = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "ha" * 50 + '">'
              + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                        for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "]>"
              + RSS.split("?>", 1)[1].format(items=RSS_ITEM.format(n=1, text="&i;")))
    (tmp_path / "xxe.rss").write_text(xxe, "utf-8")
    (tmp_path / "laughs.rss").write_text(laughs, "utf-8")
    items = list(read_sources([tmp_path / "xxe.rss", tmp_path / "laughs.rss"]))
    for item in items:
        shown = item.text if isinstance(item, RawArticle) else item.message
        assert "SECRET" not in shown and "haha" not in shown
        assert len(shown) < 10_000


def test_a_feed_entry_over_the_cap_is_skipped_and_the_next_is_read(tmp_path, monkeypatch):
    from newsgraph.ingest import feeds

    monkeypatch.setattr(feeds, "MAX_ENTRY_BYTES", 500_000)
    big = RSS_ITEM.format(n=1, text=("<b>x</b> " * 20) * 10_000)
    path = tmp_path / "big.rss"
    path.write_text(RSS.format(items=big + RSS_ITEM.format(n=2, text=NEWS)), "utf-8")
    articles, errors = _split(list(read_sources([path])))
    assert [Path(e.origin).name for e in errors] == ["big.rss#1"] and "over" in errors[0].message
    assert [a.id for a in articles] == ["https://news.example/2"]


def _write_big_feed(path: Path, target_bytes: int) -> int:
    """A feed of ``target_bytes`` or more, entry after entry (never held whole)."""
    head, tail = RSS.split("{items}")
    entry_text = (NEWS + " ") * 500  # ~85 KB of text per entry
    written = entries = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        while written < target_bytes:
            entries += 1
            written += out.write(RSS_ITEM.format(n=entries, text=entry_text))
        out.write(tail)
    return entries


def test_a_200_mb_feed_is_read_in_bounded_memory(tmp_path):
    """Streamed: the peak RSS of reading a 200 MB feed stays within 100 MB of reading a
    one-entry feed (parsed whole, the bytes alone would be 200 MB)."""
    one = tmp_path / "one.rss"
    one.write_text(RSS.format(items=RSS_ITEM.format(n=1, text=NEWS)), "utf-8")
    big = tmp_path / "big.rss"
    entries = _write_big_feed(big, 200 * 1024 * 1024)
    base, read = _peak(one), _peak(big)
    print(f"peak RSS: one-entry feed {base['peak'] / 1e6:.0f} MB, 200 MB feed "
          f"({entries} entries) {read['peak'] / 1e6:.0f} MB")
    kinds = [k for k, _ in read["items"]]
    assert kinds == ["RawArticle"] * entries, read["items"][:3]
    assert read["peak"] - base["peak"] <= 100 * 1024 * 1024
