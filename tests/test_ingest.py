import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.ingest import IngestError, RawArticle, read_paths, read_text_article
from newsgraph.ingest.base import MAX_CHARS

ARTICLE = ("KYIV, Ukraine — Ukraine's foreign minister said on Tuesday that Russia had "
           "launched 90 drones overnight, the largest attack in weeks.\n"
           "Officials in Kyiv said air defences shot down most of them.\n")

HTML = """<!DOCTYPE html><html><head><title>Drone attack on Kyiv</title>
<meta property="article:published_time" content="2024-11-19T08:00:00Z">
<link rel="canonical" href="https://news.example.org/kyiv-drones"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Drone attack on Kyiv</h1>
<p>Ukraine's foreign minister said on Tuesday that Russia had launched 90 drones
overnight, the largest attack in weeks. Officials in Kyiv said air defences shot
down most of them, and that two people were injured in the Solomianskyi district.</p>
<figure><img src="a.jpg"><figcaption>Firefighters at the scene. Photo: Reuters</figcaption>
</figure>
<p>The ministry called on allies to deliver more air defence systems before winter,
saying that the attacks on the power grid were intended to break civilian morale.</p>
<p>Disclaimer: This image is taken from Reuters</p>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>
"""


def _read(*paths, **kwargs):
    return list(read_paths([str(p) for p in paths], **kwargs))


def test_plain_text_file(tmp_path):
    path = tmp_path / "kyiv.txt"
    path.write_text(ARTICLE + "Disclaimer: This image is taken from Reuters\n", "utf-8")
    [article] = _read(path, published="2024-11-19")
    assert isinstance(article, RawArticle)
    assert article.id == "kyiv" and article.published == "2024-11-19"
    assert "Disclaimer" not in article.text
    assert [b.text for b in article.boilerplate] == ["Disclaimer: This image is taken from Reuters"]
    assert article.boilerplate[0].kind == "disclaimer"


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "kyiv.html"
    path.write_text(HTML, "utf-8")
    [article] = _read(path)
    assert isinstance(article, RawArticle), article
    assert article.title == "Drone attack on Kyiv"
    assert article.published == "2024-11-19"
    assert article.url == "https://news.example.org/kyiv-drones"
    assert "launched 90 drones" in article.text and "air defence systems" in article.text
    for noise in ("Home", "Firefighters at the scene", "Disclaimer", "All rights reserved"):
        assert noise not in article.text
    assert any("Disclaimer" in b.text for b in article.boilerplate)


def test_jsonl_records_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "published": "2024-11-19", "url": "u"}),
        "{not json",
        json.dumps({"id": "b", "html": HTML}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"text": ARTICLE}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = _read(path)
    ok = [i for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [a.id for a in ok] == ["a", "b", "batch-7"]
    assert ok[0].published == "2024-11-19" and ok[0].url == "u"
    assert ok[1].title == "Drone attack on Kyiv"
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:6"]
    assert "malformed JSON" in errors[0].message


def test_directory_reads_every_kind(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "sub" / "b.html").write_text(HTML, "utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c", "text": ARTICLE}) + "\n", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    ids = sorted(i.id for i in _read(tmp_path))
    assert ids == ["a", "b", "c"]


def test_empty_and_whitespace_files_are_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("", "utf-8")
    (tmp_path / "blank.txt").write_text(" \n\t\n", "utf-8")
    items = _read(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert all(isinstance(i, IngestError) and "empty" in i.message for i in items)


def test_binary_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 10)
    [item] = _read(path)
    assert isinstance(item, IngestError) and item.origin == str(path)
    assert "binary" in item.message


def test_legacy_encoding_is_detected(tmp_path):
    path = tmp_path / "latin1.txt"
    text = ("Le ministre a déclaré que la réunion à Genève était très importante pour "
            "l'Europe. " * 3)
    path.write_bytes(("Zürich — " + text).encode("cp1252"))
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert "déclaré" in article.text and "Zürich" in article.text


def test_missing_path_is_an_error():
    [item] = _read("/no/such/file.txt")
    assert isinstance(item, IngestError) and "no such file" in item.message


def test_huge_document_is_refused_clearly():
    item = read_text_article("word " * (MAX_CHARS // 4), id="huge")
    assert isinstance(item, IngestError) and "split it" in item.message


def test_broken_html_without_text_is_an_error():
    item = read_text_article("<html><body><div><div><p></div></span>", id="broken")
    assert isinstance(item, IngestError)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_an_article_or_an_error_never_an_exception(text):
    item = read_text_article(text, id="t")
    assert isinstance(item, (RawArticle, IngestError))
    if isinstance(item, RawArticle):
        assert item.text.strip()


def test_duplicate_ids_are_made_unique(tmp_path):
    path = tmp_path / "dups.jsonl"
    record = json.dumps({"id": "same", "text": ARTICLE})
    path.write_text(f"{record}\n{record}\n{record}\n", "utf-8")
    assert [a.id for a in _read(path)] == ["same", "same~2", "same~3"]


def test_deeply_nested_html_still_gives_its_text():
    html = ("<html><body>" + "<div>" * 5000 + "<p>" + ARTICLE + "</p>" + "</div>" * 5000
            + "<script>alert(1)</script></body></html>")
    article = read_text_article(html, id="deep")
    assert isinstance(article, RawArticle)
    assert "launched 90 drones" in article.text and "alert" not in article.text


WARC_HEAD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200 OK\r\n"
FEED_HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><item><description>'


def _bad_sources(folder):
    folder.mkdir()
    (folder / "empty.rss").write_bytes(b"")
    (folder / "binary.rss").write_bytes(bytes(range(256)) * 8)
    (folder / "cut.rss").write_bytes(FEED_HEAD + b"&lt;p&gt;cut off")
    (folder / "junk.warc.gz").write_bytes(bytes(range(255, -1, -1)) * 8)
    (folder / "cut.warc").write_bytes(WARC_HEAD)
    (folder / "good.txt").write_text(ARTICLE, "utf-8")
    return folder


def test_broken_feeds_and_warcs_are_reported_and_the_rest_is_read(tmp_path):
    from newsgraph.ingest.sources import read_sources

    items = list(read_sources([str(_bad_sources(tmp_path / "in"))]))
    articles = [i for i in items if isinstance(i, RawArticle)]
    errors = {i.origin.split("#")[0].rsplit("/", 1)[-1] for i in items
              if isinstance(i, IngestError)}
    assert len(articles) == 1 and "launched 90 drones" in articles[0].text
    assert errors == {"empty.rss", "binary.rss", "cut.rss", "junk.warc.gz", "cut.warc"}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([".rss", ".atom", ".xml", ".warc", ".warc.gz", ".jsonl", ".html"]),
       st.sampled_from([b"", WARC_HEAD, FEED_HEAD, b'{"id": "a", "text": ']),
       st.binary(max_size=2000))
def test_any_bytes_in_any_source_kind_give_articles_or_errors(tmp_path_factory, suffix,
                                                              head, body):
    from newsgraph.ingest.sources import read_sources

    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(head + body)
    for item in read_sources([str(path)]):
        assert isinstance(item, (RawArticle, IngestError))
