"""REST API and pages over hand-built documents (httpx through FastAPI's TestClient)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsgraph.schema import Document
from newsgraph.web import DocumentRepository, create_app
from newsgraph.web.source import SourceError, open_repository
from tests.web_corpus import corpus, deployment_doc


@pytest.fixture(scope="module")
def repo():
    return DocumentRepository(corpus())


@pytest.fixture(scope="module")
def client(repo):
    return TestClient(create_app(repo, analyzer=lambda text, published, title: Document(
        id="pasted", text=text, title=title, published=published)))


def test_articles_are_paginated_with_total(client):
    first = client.get("/api/articles", params={"limit": 2}).json()
    assert first["total"] == 3 and first["limit"] == 2 and first["offset"] == 0
    assert len(first["items"]) == 2
    rest = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    ids = [a["id"] for a in first["items"] + rest["items"]]
    assert sorted(ids) == sorted(["a1", "a2", "evil<script>"])
    assert client.get("/api/articles", params={"offset": 10}).json()["items"] == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1},
                                    {"limit": "x"}])
def test_bad_paging_is_a_client_error(client, params):
    assert client.get("/api/articles", params=params).status_code == 422


def test_article_filters_and_document(client):
    found = client.get("/api/articles", params={"q": "DROP TABLE"}).json()
    assert [a["id"] for a in found["items"]] == ["evil<script>"]
    doc = client.get("/api/articles/a1").json()
    assert Document.model_validate(doc).quotes[0].text == "fake news"
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/articles/evil%3Cscript%3E").json()["id"] == "evil<script>"


def test_quotes_filter_by_status_and_speaker(client, repo):
    denied = client.get("/api/quotes", params={"status": "denied"}).json()
    assert denied["total"] == 2
    assert {q["speaker"]["name"] for q in denied["items"]} == {"Kremlin"}
    kremlin = repo.entity_of("a1", "e2")
    by_id = client.get("/api/quotes", params={"speaker": kremlin}).json()
    assert by_id["total"] == 2 and all(q["speaker_entity"] == kremlin for q in by_id["items"])
    by_name = client.get("/api/quotes", params={"speaker": "singh", "article": "a2"}).json()
    assert by_name["total"] == 1 and by_name["items"][0]["article"] == "a2"
    assert client.get("/api/quotes", params={"status": "bogus"}).status_code == 422


def test_quotes_filter_by_attribution_kind(client):
    every = client.get("/api/quotes").json()["total"]
    all_kinds = {"attribution_kinds": "speech,report,belief,stance"}
    assert client.get("/api/quotes", params=all_kinds).json()["total"] == every
    stance = client.get("/api/quotes", params={"attribution_kinds": "stance"}).json()
    assert all(q["attribution_kind"] == "stance" for q in stance["items"])
    assert client.get("/api/quotes", params={"attribution_kinds": "gossip"}).status_code == 422


def test_entities_quantities_events(client):
    entities = client.get("/api/entities", params={"type": "PERSON"}).json()
    names = {e["name"] for e in entities["items"]}
    assert "Sabrina Singh" in names and "Kremlin" not in names
    numbers = client.get("/api/quantities", params={"counted": "troops"}).json()
    assert numbers["total"] == 4
    assert {q["value"] for q in numbers["items"]} == {3000.0, 10000.0}
    events = client.get("/api/events", params={"type": "MOBILIZE", "status": "reported"}).json()
    assert events["total"] == 2


def test_entity_detail_said_and_said_about(client, repo):
    kremlin = repo.entity_of("a1", "e2")
    detail = client.get(f"/api/entities/{kremlin}").json()
    assert detail["entity"]["name"] == "Kremlin"
    assert {q["text"] for q in detail["said"]} == {"fake news"}
    kursk = repo.entity_of("a1", "e4")
    about = client.get(f"/api/entities/{kursk}").json()["said_about"]
    assert {q["speaker"]["name"] for q in about} == {"NATO"}
    assert client.get("/api/entities/none").status_code == 404


def test_stories_revisions_and_timeline(client):
    stories = client.get("/api/stories").json()
    story = next(s for s in stories["items"] if "a1" in s["articles"])
    assert set(story["articles"]) == {"a1", "a2"}
    assert story["duplicates"] == {"a2": "a1"}
    revisions = client.get("/api/revisions", params={"story": story["id"]}).json()["items"]
    assert {(r["old_value"], r["new_value"]) for r in revisions} == {(3000.0, 10000.0)}
    timeline = client.get(f"/api/stories/{story['id']}/timeline").json()
    times = [t["time"] for t in timeline]
    assert times == sorted(times)
    assert client.get("/api/stories/zzz").status_code == 404
    assert client.get("/api/contradictions").status_code == 200


def test_search(client):
    hits = client.get("/api/search", params={"q": "kremlin"}).json()
    kinds = {h["kind"] for h in hits["items"]}
    assert {"entity", "article"} <= kinds
    assert client.get("/api/search").status_code == 422


def test_analyze_endpoint(client):
    response = client.post("/api/analyze", json={"text": "Some text.", "published": "2024-01-02"})
    assert response.status_code == 200 and response.json()["published"] == "2024-01-02"
    assert client.post("/api/analyze", json={"text": ""}).status_code == 422
    assert client.post("/api/analyze", json={"text": "x", "published": "yesterday"}
                       ).status_code == 422
    assert client.post("/api/analyze", content=b"\xff\xfe", headers={
        "content-type": "application/json"}).status_code == 422


def test_analysis_off_is_503(repo):
    client = TestClient(create_app(repo))
    assert client.post("/api/analyze", json={"text": "Some text."}).status_code == 503


def test_openapi_lists_every_collection(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/entities", "/api/quotes", "/api/quantities",
                 "/api/events", "/api/stories", "/api/contradictions", "/api/revisions",
                 "/api/search", "/api/analyze"):
        assert path in paths
    assert not any(not p.startswith("/api/") for p in paths)  # pages stay out of the spec


def test_pages_render(client, repo):
    for path in ("/", "/articles/a1", "/stories/s1", "/search?q=troops", "/analyze",
                 f"/entities/{repo.entity_of('a1', 'e3')}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
    page = client.get("/articles/a1").text
    assert 'class="mark quote status-denied kind-partial"' in page
    assert f'href="/entities/{repo.entity_of("a1", "e2")}"' in page
    assert 'title="partial quote · status: denied · speaker: Kremlin · cue: dismissed"' in page
    story = client.get("/stories/s1").text
    assert "<svg" in story and "10,000" in story and "3,000" in story


def test_list_pages_filter(client):
    denied = client.get("/quotes", params={"status": "denied", "kind": "", "speaker": ""})
    assert denied.status_code == 200 and denied.text.count("badge status-denied") == 2
    assert client.get("/quotes", params={"status": "nonsense"}).status_code == 422
    people = client.get("/entities", params={"type": "PERSON", "name": ""})
    assert "Sabrina Singh" in people.text and ">Kremlin<" not in people.text
    assert client.get("/entities", params={"type": ""}).status_code == 200


def test_analyze_form_shows_the_analyzed_article(client):
    response = client.post("/analyze", data={"text": "Plain words here.", "title": "T"})
    assert response.status_code == 200
    assert "analyzed now, not stored" in response.text
    bad = client.post("/analyze", data={"text": "x", "published": "2024-13-45"})
    assert bad.status_code == 422


def test_open_repository_from_jsonl(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(d.model_dump_json() for d in corpus()) + "\n", encoding="utf-8")
    repo = open_repository(path)
    assert repo.articles()[0] == 3
    single = tmp_path / "one.json"
    single.write_text(deployment_doc().model_dump_json(), encoding="utf-8")
    assert open_repository(single).article("a1") is not None
    broken = tmp_path / "bad.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(SourceError):
        open_repository(broken)


@pytest.fixture()
def store_db(tmp_path):
    from newsgraph.store import Store

    db = str(tmp_path / "news.duckdb")
    with Store.open(db) as store:
        store.put_documents(corpus())
    return db


def test_serves_a_store_and_sees_new_articles(store_db, monkeypatch):
    from newsgraph.store import Store
    from newsgraph.web import sql_repository

    monkeypatch.setattr(sql_repository, "IDLE_SECONDS", 0.0)
    repo = open_repository(store_db)
    client = TestClient(create_app(repo))
    assert client.get("/api/articles").json()["total"] == 3
    assert client.get("/api/quotes", params={"status": "denied"}).json()["total"] == 2
    # the server holds no lock: ingest can write while it runs
    with Store.open(store_db) as store:
        store.put_documents([deployment_doc("a3", "2024-10-30")])
    assert client.get("/api/articles").json()["total"] == 4


def test_store_errors_are_clear(tmp_path):
    with pytest.raises(SourceError, match="no such database"):
        open_repository(tmp_path / "missing.duckdb")
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    with pytest.raises(SourceError, match="cannot open"):
        open_repository(junk)


def test_sql_like_filters_leave_the_store_intact(store_db):
    from newsgraph.store import Store

    client = TestClient(create_app(open_repository(store_db)))
    for value in ["'; DROP TABLE articles;--", "' OR '1'='1", "a1'); DELETE FROM quotes;--"]:
        for path, key in (("/api/articles", "q"), ("/api/quotes", "speaker"),
                          ("/api/quotes", "article"), ("/api/search", "q"),
                          ("/api/entities", "name"), ("/api/events", "type")):
            assert client.get(path, params={key: value}).status_code == 200
        assert client.get(f"/api/articles/{value}").status_code == 404
    with Store.open(store_db) as store:
        assert store.count("articles") == 3 and store.count("quotes") == 7
