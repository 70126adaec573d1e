"""Pages for people: titles not ids, times in words, HTML error pages, a favicon,
named sources as speakers, and no "? → ?" events (TestClient over hand-built documents)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    # each participant links to its entity (or to a search by name), its code beside it
    assert re.search(r'North Korea</a> <code class="code">PRK</code> → <a [^>]*>Russia', page)
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


def _csv(text: str) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def test_quote_list_facets_count_and_the_csv_is_the_whole_filtered_list(client):
    page = client.get("/quotes", params={"status": "denied"}, headers=HTML).text
    assert 'data-facet="kind"' in page and 'data-facet="speaker"' in page
    rows = _csv(client.get("/quotes.csv", params={"status": "denied"}).text)
    assert rows and {r["status"] for r in rows} == {"denied"}
    assert f"Quotations <span class=\"muted\">({len(rows)})</span>" in page
    every = client.get("/quotes.json").json()
    assert len(every) > len(rows) > 0  # every row, not a page
    titles = {r["title"] for r in every}
    assert "North Korean troops in Kursk" in titles and not titles & {"a1", "a2", "a3"}


def test_quote_list_date_range_and_sort(client):
    rows = client.get("/quotes.json", params={"since": "2024-10-29", "until": "2024-10-29",
                                              "sort": "speaker"}).json()
    assert rows and {r["published"] for r in rows} == {"2024-10-29"}
    names = [r["speaker"] for r in rows]
    assert names == sorted(names)
    assert client.get("/quotes", params={"since": "yesterday"}).status_code == 422


def test_event_list_hides_unknown_parties_and_downloads_codes(client):
    page = client.get("/events", headers=HTML).text
    assert "neither actor nor target are not listed" in page
    rows = _csv(client.get("/events.csv").text)
    assert rows and all(r["actor"] or r["target"] for r in rows)
    assert any(r["actor_code"] == "PRK" and r["target_code"] == "RUS" for r in rows)
    assert len(_csv(client.get("/events.csv", params={"all": "1"}).text)) == len(rows) + 1
    typed = _csv(client.get("/events.csv", params={"type": "MOBILIZE"}).text)
    assert typed and {r["type"] for r in typed} == {"MOBILIZE"}


def test_entity_list_facets_and_download(client):
    page = client.get("/entities", params={"type": "ORG"}, headers=HTML).text
    assert 'data-facet="type"' in page
    rows = _csv(client.get("/entities.csv", params={"type": "ORG"}).text)
    assert rows and {r["type"] for r in rows} == {"ORG"}


def test_map_places_events_from_the_offline_gazetteer(client):
    page = client.get("/map", headers=HTML).text
    assert 'data-place="Kursk"' in page
    assert 'data-mentioned="Kursk"' in page  # the place the articles name, as a ring
    assert client.get("/map", params={"type": "ASSAULT"}, headers=HTML).text.count(
        'class="place') == 0


def test_network_links_speakers_and_actors_to_evidence(client):
    from newsgraph.web.repository import network_edges

    edges = network_edges(DocumentRepository(corpus()))
    acts = [e for e in edges if e.relation == "acts on"]
    assert [(e.source, e.target) for e in acts] == [("North Korea", "Russia")]
    href = acts[0].evidence[0][0]
    assert href.startswith("/articles/a") and href.endswith("#event-0")
    speaks = {(e.source, e.target) for e in edges if e.relation == "speaks about"}
    assert ("NATO", "Kursk") in speaks
    page = client.get("/network", headers=HTML).text
    assert 'data-relation="acts on"' in page and 'data-relation="speaks about"' in page


def test_story_plot_labels_never_overlap_and_every_mark_has_a_card():
    import re

    from newsgraph.crossdoc.models import TimelineEntry
    from newsgraph.web.plot import timeline_svg

    items = [TimelineEntry(time="2024-10-10", time_source="item",
                           kind="quantity", article=f"a{i}", text=f"{1000 + i} troops",
                           span=(0, 5), value=1000 + i, counted="troops") for i in range(12)]
    svg = str(timeline_svg(items))
    labels = [(float(a), float(b), text) for a, b, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" font-size="10" fill="#333">([^<]+)</text>', svg)]
    assert 0 < len(labels) < 12  # close figures: some labels left to the hover card
    for i, (x1, y1, t1) in enumerate(labels):
        for x2, y2, t2 in labels[i + 1:]:
            apart_x = x1 + len(t1) * 6 <= x2 or x2 + len(t2) * 6 <= x1
            assert apart_x or abs(y1 - y2) >= 11
    assert svg.count("<title>") == 13  # the plot's own, and one card per mark
    assert "10 October 2024" in svg


def test_article_list_facets_and_download(client):
    page = client.get("/", params={"since": "2024-10-29"}, headers=HTML).text
    assert 'data-facet="month"' in page
    rows = _csv(client.get("/articles.csv", params={"since": "2024-10-29"}).text)
    assert rows and all(r["published"] >= "2024-10-29" for r in rows)
    assert f"Articles <span class=\"muted\">({len(rows)})</span>" in page
    assert rows[0]["published_in_words"].endswith("October 2024")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/", "/quotes", "/quotes.csv", "/events", "/events.json",
                             "/entities", "/entities.csv", "/articles.csv", "/map", "/network"]),
       params=st.dictionaries(st.sampled_from(["status", "kind", "type", "since", "until",
                                               "sort", "party", "place", "story", "name",
                                               "relation", "all", "offset"]),
                              st.text(max_size=12), max_size=4))
def test_any_filter_is_answered_or_refused_never_a_server_error(client, path, params):
    response = client.get(path, params=params, headers=HTML)
    assert response.status_code in (200, 422), (path, params, response.text[:300])


def test_outlet_facet_from_the_article_address():
    from newsgraph.web.lists import outlet_of

    assert outlet_of("https://www.reuters.com/world/x") == "reuters.com"
    assert outlet_of(None) is None and outlet_of("not a url") is None
    docs = [deployment_doc("r1").model_copy(update={"url": "https://www.reuters.com/a"}),
            deployment_doc("v1").model_copy(update={"url": "https://voanews.com/b"})]
    client = TestClient(create_app(DocumentRepository(docs)))
    page = client.get("/quotes", headers=HTML).text
    assert 'data-facet="outlet"' in page and "reuters.com" in page
    rows = _csv(client.get("/quotes.csv", params={"outlet": "voanews.com"}).text)
    assert rows and {r["outlet"] for r in rows} == {"voanews.com"}
    events = _csv(client.get("/events.csv", params={"outlet": "reuters.com"}).text)
    assert events and {r["article"] for r in events} == {"r1"}
    articles = _csv(client.get("/articles.csv", params={"outlet": "reuters.com"}).text)
    assert [r["id"] for r in articles] == ["r1"]


def test_entity_timelines_read_only_articles_that_can_name_them():
    """The entity page's timeline skips articles with no field naming the entity; it finds
    exactly what the full scan of every article finds, for every entity."""
    from newsgraph.crossdoc import claims

    repo = DocumentRepository([*corpus(), _with_vague_items()])
    assert repo.resolution.entities
    for entity in repo.resolution.entities:
        full = claims.timeline(repo.docs.values(), entity=entity, resolution=repo.resolution)
        assert repo.entity(entity.id).timeline == full, entity.name
