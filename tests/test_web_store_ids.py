"""One read path: the web app and API answer from the store's cross-article tables.

A real store (DuckDB, and PostgreSQL on a throwaway server) is linked once; the
story, event, entity and claim ids that ``newsgraph query`` reads are the ones
``/api/...`` serves, and nothing is linked again in the server.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.crossdoc import linked
from newsgraph.crossdoc.linking import link_store
from newsgraph.schema import Document, Entity, Mention, Quote, Speaker
from newsgraph.store import Store, query
from newsgraph.web import create_app
from newsgraph.web.source import open_repository
from tests._pg import fresh_database
from tests.web_corpus import corpus, deployment_doc


def denial_doc() -> Document:
    text = ("The Kremlin denied that North Korean troops have been deployed to Kursk. "
            "NATO said North Korean troops are in Kursk.")
    claim = "North Korean troops have been deployed to Kursk"
    start = text.index(claim)
    return Document(
        id="k1", title="North Korean troops in Kursk", published="2024-10-29", text=text,
        entities=[Entity(id="e1", name="Kremlin", type="ORG", mentions=[
            Mention(text="Kremlin", span=(4, 11))])],
        quotes=[Quote(text=claim, span=(start, start + len(claim)), kind="indirect",
                      status="denied", speaker=Speaker(name="Kremlin", entity_id="e1",
                                                       span=(4, 11)))])


@pytest.fixture(params=["duckdb", "postgresql"])
def db(request, tmp_path) -> str:
    url = str(tmp_path / "news.duckdb") if request.param == "duckdb" else fresh_database()
    with Store.open(url) as store:
        store.put_documents([*corpus(), denial_doc(), deployment_doc("b1", "2024-11-20")])
        link_store(store)
    return url


def _all(client: TestClient, path: str, **params) -> list[dict]:
    return client.get(path, params={"limit": 500, **params}).json()["items"]


def test_query_and_api_share_story_event_and_entity_ids(db, monkeypatch):
    from newsgraph.web import repository

    # the server must not cluster, resolve or link anything itself
    def refuse(*args, **kwargs):
        raise AssertionError("the server ran the cross-article analysis")

    for name in ("cluster_stories", "resolve_entities", "world_events"):
        monkeypatch.setattr(repository, name, refuse)
    monkeypatch.setattr(repository.claims, "revisions", refuse)
    monkeypatch.setattr(repository.claims, "contradictions", refuse)
    client = TestClient(create_app(open_repository(db)))
    with Store.open(db, read_only="://" not in db) as store:
        events = query.events(store).records()
        stories = {s.id: s.articles for s in linked.stories(store)}
        _, rows = store.query("SELECT story_id, doc_key FROM story_articles")
        kremlin = [r for r in query.quotes(store, "Kremlin").records()]
        revisions = query.contradictions(store).records()
    assert events and stories and kremlin and revisions
    api_events = _all(client, "/api/events/world")
    assert {(e["event_id"], e["story_id"]) for e in events} == \
        {(e["id"], e["story"]) for e in api_events}
    api_stories = {s["id"]: s["articles"] for s in _all(client, "/api/stories")}
    assert api_stories == stories
    assert {(s, k) for s, k in rows} == {(s, a) for s, arts in api_stories.items() for a in arts}
    for story_id, articles in stories.items():  # an id copied from the CLI opens that story
        assert client.get(f"/api/stories/{story_id}").json()["articles"] == articles
        assert client.get(f"/stories/{story_id}").status_code == 200
    # the speaker's global id in `query quotes` is the API's entity id
    speaker_ids = {q["speaker_id"] for q in kremlin}
    assert len(speaker_ids) == 1
    (kremlin_id,) = speaker_ids
    entity = client.get(f"/api/entities/{kremlin_id}").json()["entity"]
    assert entity["name"] == "Kremlin"
    assert {q["speaker_entity"] for q in _all(client, "/api/quotes", speaker=kremlin_id)} \
        == {kremlin_id}
    # article ids are the store's doc_keys; the id an article came with opens it too
    assert {q["doc_key"] for q in kremlin} <= {a["id"] for a in _all(client, "/api/articles")}
    assert "Kremlin denied" in client.get("/api/articles/k1").json()["text"]


def test_api_claims_are_the_stored_links(db):
    client = TestClient(create_app(open_repository(db)))
    with Store.open(db, read_only="://" not in db) as store:
        stored = query.contradictions(store).records()
    api_contradictions = _all(client, "/api/contradictions")
    api_revisions = _all(client, "/api/revisions")
    reasons = {r["about"] for r in stored}
    assert {c["reason"] for c in api_contradictions} | {r["reason"] for r in api_revisions} \
        == reasons
    denial = api_contradictions[0]
    assert denial["reason"].startswith("Kremlin denies what NATO asserts: North Korean troops")
    assert {(p["source"], p["status"]) for p in denial["positions"]} >= {
        ("Kremlin", "denied"), ("NATO", "asserted")}
    assert all(r["old_value"] == 3000 and r["new_value"] == 10000 for r in api_revisions)


def test_entity_names_match_whole_words(db):
    client = TestClient(create_app(open_repository(db)))
    assert [e["name"] for e in _all(client, "/api/entities", name="Singh")] == ["Sabrina Singh"]
    assert _all(client, "/api/entities", name="ing") == []
    with Store.open(db, read_only="://" not in db) as store:
        assert query.quotes(store, "Singh").rows
        assert not query.quotes(store, "ing").rows


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=30), needle=st.text(max_size=8))
def test_whole_word_filter_takes_any_text(name, needle):
    from newsgraph.web.repository import has_words

    found = has_words(name, needle)  # never raises, whatever the query string
    if found and needle.strip():
        assert needle.strip().casefold() in name.casefold()


def test_store_pages_facets_and_outlets_in_sql_equal_the_articles(db):
    """The home page's counts, facets and outlet filter come from SQL on both databases;
    they equal what the articles' own addresses and dates give."""
    from collections import Counter

    from newsgraph.web.lists import outlet_of

    urls = ["https://www.Reuters.com/world/a", "http://user@voanews.com:80/a?b=1",
            "https://voanews.com/b#c", "https://x.org?q=1"]
    with Store.open(db) as store:
        store.put_documents([deployment_doc(f"u{i}", f"2024-12-0{i + 1}").model_copy(
            update={"url": url}) for i, url in enumerate(urls)])
    repo = open_repository(db)
    _, every = repo.articles(limit=500)
    outlets = Counter(o for a in every if (o := outlet_of(a.url)))
    facets = repo.article_facets()
    assert outlets == {"reuters.com": 1, "voanews.com": 2, "x.org": 1}
    assert dict(facets["outlet"]) == dict(outlets.most_common(12))
    assert dict(facets["month"]) == dict(Counter(
        a.published[:7] for a in every if a.published).most_common(12))
    for outlet, count in outlets.items():
        total, rows = repo.articles(outlet=outlet, limit=2)
        assert total == count and all(outlet_of(r.url) == outlet for r in rows)
    client = TestClient(create_app(repo))
    assert client.get("/", params={"outlet": next(iter(outlets), "x")}).status_code == 200


@pytest.mark.parametrize("path", ["/quotes", "/events"])
def test_a_streamed_download_holds_the_rows_of_the_sorted_one(db, monkeypatch, path):
    """Past SORTED_DOWNLOAD rows a download streams page by page in the store's order:
    the same rows, CSV and JSON, as the whole list sorted in memory."""
    import csv
    import io

    from newsgraph.web import lists

    client = TestClient(create_app(open_repository(db)))
    params = {"all": "1"} if path == "/events" else {}
    whole_csv = client.get(f"{path}.csv", params=params).text
    whole_json = client.get(f"{path}.json", params=params).json()
    monkeypatch.setattr(lists, "SORTED_DOWNLOAD", 0)
    monkeypatch.setattr(lists, "CHUNK", 2)  # many pages even on a small store
    streamed_csv = client.get(f"{path}.csv", params=params).text
    streamed_json = client.get(f"{path}.json", params=params).json()

    def rows(text: str) -> list[tuple]:
        return sorted(tuple(r.items()) for r in csv.DictReader(io.StringIO(text)))

    assert len(rows(whole_csv)) > 2
    assert rows(streamed_csv) == rows(whole_csv)
    assert whole_csv.splitlines()[0] == streamed_csv.splitlines()[0]
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    assert sorted(streamed_json, key=key) == sorted(whole_json, key=key)


@pytest.mark.parametrize("since, until", [("", ""), ("2024-10", ""), ("", "2024-10-28"),
                                          ("2024", "2024-11")])
def test_map_places_counted_in_sql_equal_the_events_counted_one_by_one(db, since, until):
    from collections import Counter

    from newsgraph.web.repository import in_day_range

    repo = open_repository(db)
    _, events = repo.events(limit=10**6)
    published = {a.id: a.published for a in repo.summaries({e.article for e in events})}
    expected = Counter(
        (e.location, e.type) for e in events if e.location and in_day_range(
            e.time if (e.time or "")[:1].isdigit() else published[e.article], since, until))
    places = repo.event_places(since=since, until=until)
    assert places == sorted((p, t, n) for (p, t), n in expected.items())
    if expected:  # the cap keeps the place names with most events
        top = Counter()
        for (place, _), n in expected.items():
            top[place] += n
        best = max(top.values())
        assert {p for p, _, _ in repo.event_places(since=since, until=until, limit=1)} <= {
            p for p, n in top.items() if n == best}


def test_pages_reached_by_key_hold_what_the_whole_store_holds(db):
    """An entity's or a story's page reads its items through its own links (no list of
    article keys): what it shows is what a scan of the whole store finds for it."""
    repo = open_repository(db)
    with Store.open(db, read_only="://" not in db) as store:
        docs = {key: doc for key, doc in store.iter_documents()}
        _, links = store.query("SELECT doc_key, entity_id, global_id FROM entity_links")
        _, members = store.query("SELECT story_id, doc_key FROM story_articles")
    global_of = {(k, e): g for k, e, g in links}
    for global_id in {g for _, _, g in links}:
        page = repo.entity(global_id)
        said = {(q.article, q.index) for q in page.said}
        assert said == {(k, i) for k, doc in docs.items() for i, q in enumerate(doc.quotes)
                        if q.speaker and global_of.get((k, q.speaker.entity_id)) == global_id}
        named = {(k, m.span) for k, doc in docs.items() for e in doc.entities
                 if global_of.get((k, e.id)) == global_id for m in e.mentions}
        about = {(k, i) for k, doc in docs.items() for i, q in enumerate(doc.quotes)
                 if any(a == k and q.span[0] <= s[0] and s[1] <= q.span[1] for a, s in named)
                 and not (q.speaker and global_of.get((k, q.speaker.entity_id)) == global_id)}
        assert {(q.article, q.index) for q in page.said_about} == about
        acted = {(k, i) for k, doc in docs.items() for i, v in enumerate(doc.events)
                 if global_id in (global_of.get((k, v.actor_entity_id)),
                                  global_of.get((k, v.target_entity_id)))}
        assert {(v.article, v.index) for v in page.events} == acted
        for entry in page.timeline:  # said by it or naming it
            assert entry.kind == "quote" and (entry.article, entry.span) in {
                (k, docs[k].quotes[i].span) for k, i in said} or any(
                a == entry.article and entry.span[0] <= s[0] and s[1] <= entry.span[1]
                for a, s in named)
    every = {(c["reason"]) for c in _all(TestClient(create_app(repo)), "/api/contradictions")}
    found = set()
    for story_id in {s for s, _ in members}:
        articles = {k for s, k in members if s == story_id}
        assert {(e.article, e.span) for e in repo.timeline(story_id)} == {
            (k, item.span) for k in articles for item in
            [*docs[k].quotes, *docs[k].quantities, *docs[k].events]}
        for contradiction in repo.contradictions(story=story_id)[1]:
            assert {p.evidence.article for p in contradiction.positions} & articles
            found.add(contradiction.reason)
        for revision in repo.revisions(story=story_id)[1]:
            assert {revision.old.article, revision.new.article} & articles
    assert found == every and every


def test_network_counted_in_the_store_equals_the_one_built_item_by_item(db):
    """The network page's links among the best-connected names, counted in SQL, are the
    ones built from every event and quotation one by one (both filters too)."""
    from newsgraph.web.repository import network_edges, top_edges

    repo = open_repository(db)
    every = network_edges(repo)
    assert {e.relation for e in every} == {"acts on", "speaks about"}
    for relation, name, nodes in ((None, None, 40), ("acts on", None, 40),
                                  ("speaks about", None, 3), (None, "kursk", 40)):
        total, edges = repo.network(relation=relation, name=name, nodes=nodes)
        want_total, want = top_edges(every, relation, name, nodes)
        assert total == want_total
        assert {(e.source, e.target, e.relation, e.weight, e.evidence[0]) for e in edges} == \
            {(e.source, e.target, e.relation, e.weight, e.evidence[0]) for e in want}
        assert all(len(e.evidence) <= 3 for e in edges)
    names = [n for e in every for n in (e.source, e.target)]
    from newsgraph.web.lists import entity_ids_by_search

    assert repo.entity_ids_named(names) == entity_ids_by_search(repo, names)  # one query, same ids
    page = TestClient(create_app(repo)).get("/network").text
    assert 'id="cap"' in page and "40 best-connected names" in page


@pytest.mark.parametrize("filters", [
    {}, {"status": "denied"}, {"kind": "direct", "sort": "speaker"}, {"speaker": "kremlin"},
    {"since": "2024-10-29", "until": "2024-11"}, {"sort": "published", "outlet": "wire.example"}])
def test_quotations_list_paged_in_sql_equals_the_whole_list_filtered(db, filters):
    """/quotes reads one page and its facets from the store: the same rows, total and
    counts as filtering and sorting every quotation."""
    from newsgraph.web.lists import filtered_quotes

    repo = open_repository(db)
    given = {"speaker": "", "status": "", "kind": "", "since": "", "until": "", "sort": "",
             "outlet": ""} | filters
    records, facets = filtered_quotes(repo, **given)
    for offset in (0, 2):
        total, rows, counted = repo.quote_page(
            **{k: v or None for k, v in given.items()}, limit=3, offset=offset)
        assert total == len(records)
        assert [(q.article, q.index) for q in rows] == \
            [(r["article"], r["index"]) for r in records[offset:offset + 3]]
        assert {k: sorted(v) for k, v in counted.items()} == \
            {k: sorted(v) for k, v in facets.items()}
    page = TestClient(create_app(repo)).get("/quotes", params=filters).text
    assert f"Quotations <span class=\"muted\">({len(records)})</span>" in page


@pytest.mark.parametrize("filters", [
    {}, {"everything": True}, {"type": "ASSAULT", "sort": "actor"}, {"party": "korea"},
    {"place": "kursk", "sort": "time"}, {"since": "2024-10-29", "until": "2024-11"},
    {"sort": "published", "outlet": "wire.example"}])
def test_events_list_paged_in_sql_equals_the_whole_list_filtered(db, filters):
    """/events reads one page, its facets and the count left out from the store: the
    same as filtering and sorting every event."""
    from newsgraph.web.lists import filtered_events

    repo = open_repository(db)
    given = {"type": "", "status": "", "party": "", "place": "", "since": "", "until": "",
             "sort": "", "everything": False, "outlet": ""} | filters
    records, facets, hidden = filtered_events(repo, **given)
    for offset in (0, 1):
        total, rows, counted, left_out = repo.event_page(
            **{k: v or None for k, v in given.items()}, limit=2, offset=offset)
        assert (total, left_out) == (len(records), hidden)
        assert [(e.article, e.index) for e in rows] == \
            [(r["article"], r["index"]) for r in records[offset:offset + 2]]
        assert {k: sorted(v) for k, v in counted.items()} == \
            {k: sorted(v) for k, v in facets.items()}
    params = {k: ("1" if v is True else v) for k, v in filters.items()}
    params = {("all" if k == "everything" else k): v for k, v in params.items()}
    assert TestClient(create_app(repo)).get("/events", params=params).status_code == 200
