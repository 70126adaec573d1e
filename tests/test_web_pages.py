"""Pages for people: titles not ids, times in words, HTML error pages, a favicon,
named sources as speakers, and no "? → ?" events (TestClient over hand-built documents)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsgraph.schema import Event, Quote, Speaker
from newsgraph.web import DocumentRepository, create_app
from newsgraph.web.pages import resolved_speakers
from tests.web_corpus import corpus, deployment_doc

HTML = {"accept": "text/html,application/xhtml+xml"}


def _with_vague_items():
    doc = deployment_doc("a3", "2024-10-30")
    start = doc.text.index("reports")
    vague = Event(text="reports", span=(start, start + 7), type="ASSAULT", status="asserted")
    coded = doc.events[0].model_copy(update={"actor_code": "PRK", "target_code": "RUS"})
    we = Quote(text="troops", span=(doc.text.index("troops"), doc.text.index("troops") + 6),
               kind="indirect", speaker=Speaker(name="We"))
    return doc.model_copy(update={"events": [coded, vague], "quotes": [*doc.quotes, we]})


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(DocumentRepository([*corpus(), _with_vague_items()])))


def test_a_bad_article_link_gives_an_html_page_and_the_api_json(client):
    page = client.get("/articles/bad", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Not found" in page.text and "no article" in page.text
    api = client.get("/api/articles/bad", headers=HTML)
    assert api.status_code == 404 and api.json()["detail"]


def test_favicon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
    assert 'rel="icon"' in client.get("/", headers=HTML).text


def test_article_page_shows_times_in_words_codes_and_hides_unknown_events(client):
    page = client.get("/articles/a3", headers=HTML).text
    assert "30 October 2024" in page  # published
    assert "23 October 2024" in page  # "last Wednesday"
    assert "North Korea <code class=\"code\">PRK</code> → Russia" in page
    assert "? → ?" not in page and "1 event(s) with neither actor nor target" in page


def test_only_named_sources_are_listed_as_speakers(client):
    speakers, unresolved = resolved_speakers(_with_vague_items())
    assert "We" not in speakers and {"Kremlin", "NATO", "Sabrina Singh"} <= set(speakers)
    assert unresolved == 1
    page = client.get("/articles/a3", headers=HTML).text
    assert "whose speaker is not a named source" in page


def test_entity_page_names_articles_by_title(client):
    repo = DocumentRepository(corpus())
    _, rows = repo.entities(name="Kremlin")
    page = client.get(f"/entities/{rows[0].id}", headers=HTML).text
    assert "North Korean troops in Kursk" in page
    assert ">a1<" not in page and ">a2<" not in page
