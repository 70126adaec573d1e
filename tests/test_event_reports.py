"""Events counted once: five reports of one strike, two of them one syndicated wire story."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.crossdoc.events import outlet, world_events
from newsgraph.crossdoc.linking import link_store
from newsgraph.ingest import read_text_article
from newsgraph.store import Store
from newsgraph.store import query as Q
from newsgraph.store.ingest import ingest
from tests._pg import fresh_database

WIRE = (
    "KYIV, March 12 - Russian forces launched a missile strike on the Ukrainian city of Kharkiv "
    "on Tuesday, killing at least seven people and wounding 21, regional governor Oleh "
    "Syniehubov said. The missiles hit a residential district in the north of the city shortly "
    "after 6 a.m., he said on Telegram. \"Rescuers are still pulling people from the rubble,\" "
    "Syniehubov said. Russia's Defence Ministry did not comment on the attack. Kharkiv, "
    "Ukraine's second-largest city, lies about 30 km from the Russian border and has been "
    "shelled repeatedly since the start of the war.")
# the same wire story as another outlet runs it: no dateline, its own credit line
COPY = WIRE.removeprefix("KYIV, March 12 - ") + " Reporting by our Kyiv bureau; editing by staff."
ARTICLES = {
    "wire": (WIRE, "https://www.northwire.example/world/kharkiv-strike-0312",
             "2024-03-12T07:10:00"),
    "copy": (COPY, "https://dailyherald.example/news/2024/03/12/missiles-hit-kharkiv",
             "2024-03-12T08:45:00"),
    "eastpost": (
        "Seven people were killed when Russian missiles struck a residential neighbourhood of "
        "Kharkiv early on Tuesday, Ukrainian officials said. Governor Oleh Syniehubov said 21 "
        "people were injured in the attack, which destroyed two apartment blocks. Mayor Ihor "
        "Terekhov called the strike \"a deliberate attack on sleeping families.\"",
        "https://eastpost.example/kharkiv-missile-attack", "2024-03-12T09:30:00"),
    "bulletin": (
        "Russia attacked Kharkiv with missiles on Tuesday morning, killing seven civilians, "
        "according to the regional administration. Emergency workers searched collapsed "
        "buildings for survivors throughout the day. President Volodymyr Zelensky urged allies "
        "to send more air defence systems.",
        "https://www.kyivbulletin.example/2024/03/12/kharkiv", "2024-03-12T11:00:00"),
    "citytimes": (
        "A Russian missile strike on Kharkiv killed seven people on Tuesday, Ukraine's "
        "emergency service said. Local authorities said the missiles hit homes in the "
        "Saltivskyi district. The Kremlin has denied targeting civilians.",
        "https://citytimes.example/europe/kharkiv", "2024-03-12T13:15:00"),
}
# another strike: other day, other place, other side; it must stay a separate event
OTHER = ("ODESA, June 3 - Ukrainian drones struck an oil depot in Russia's Belgorod region on "
         "Monday, the regional governor Vyacheslav Gladkov said, setting fuel tanks on fire.",
         "https://eastpost.example/belgorod-depot", "2024-06-03T10:00:00")
DAY = "2024-03-12"


def _docs(pipeline, articles: dict) -> list:
    return [pipeline.analyze(read_text_article(text, id=name, url=url, published=published))
            for name, (text, url, published) in articles.items()]


def _strikes(events) -> list:
    return [w for w in events if w.type == "ASSAULT" and w.time == DAY]


def test_outlet_is_the_url_host():
    assert outlet("https://www.northwire.example/world/x?id=1") == "northwire.example"
    assert outlet("https://DailyHerald.example:8443/a") == "dailyherald.example"
    assert outlet(None) is None and outlet("not a url") is None


def test_five_reports_of_one_strike_are_one_event(pipeline):
    docs = _docs(pipeline, ARTICLES | {"other": OTHER})
    found = world_events(docs)
    [strike] = _strikes(found)
    assert {r.article for r in strike.reports} == set(ARTICLES)
    assert len(strike.reports) == 5
    assert [r.article for r in strike.reports if not r.independent] == ["copy"]
    copy = next(r for r in strike.reports if r.article == "copy")
    assert copy.copy_of == "wire" and copy.similarity >= 0.5
    assert len(strike.outlets()) == 5
    assert strike.outlets(independent=True) == [
        "citytimes.example", "eastpost.example", "kyivbulletin.example", "northwire.example"]
    # every mention is the article's own text at its span
    text = {d.id: d.text for d in docs}
    for r in strike.reports:
        assert r.mentions and all(text[r.article][slice(*m.span)] == m.text
                                  for m in r.mentions)
    # the drone strike on the depot is another event, reported once
    depot = [w for w in found if any(r.article == "other" for r in w.reports)]
    assert depot and all(w.id != strike.id for w in depot)
    assert all({r.article for r in w.reports} == {"other"} for w in depot)


@pytest.fixture(params=["duckdb", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "events.duckdb")
    return fresh_database()


@pytest.fixture
def corpus(tmp_path) -> str:
    path = tmp_path / "kharkiv.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for name, (text, url, published) in ARTICLES.items():
            out.write(json.dumps({"id": name, "text": text, "url": url,
                                  "published": published}) + "\n")
    return str(path)


def test_ingested_corpus_counts_one_event_five_reports_four_outlets(db_url, corpus, pipeline):
    with Store.open(db_url) as store:
        stats = ingest(store, [corpus], pipeline)
        assert stats.stored == 5
        linked = link_store(store)
        assert linked.world_events >= 1
        events = Q.events(store).records()
        strikes = [e for e in events if e["type"] == "ASSAULT" and e["time"] == DAY]
        assert len(strikes) == 1
        strike = strikes[0]
        assert (strike["reports"], strike["independent_reports"], strike["outlets"],
                strike["independent_outlets"]) == (5, 4, 5, 4)
        assert events[0] == strike  # the most reported event comes first
        reports = Q.event_reports(store, strike["event_id"]).records()
        assert len(reports) == 5
        [copy] = [r for r in reports if not r["independent"]]
        assert copy["outlet"] == "dailyherald.example"
        assert copy["copy_of_url"] == ARTICLES["wire"][1]
        for r in reports:  # evidence is the stored text at its span
            text = store.query("SELECT text FROM articles WHERE doc_key = ?",
                               [r["doc_key"]])[1][0][0]
            assert text[r["span_start"]:r["span_end"]] == r["mention"]
        counts = {r["type"]: r for r in Q.event_counts(store).records()}
        assert counts["(all)"]["articles"] == 5 and counts["(all)"]["outlets"] == 5
        assert counts["(all)"]["independent_outlets"] == 4
        assert counts["ASSAULT"]["reports"] >= 5
        assert Q.events(store, "no such actor").rows == []
        ingest(store, [corpus], pipeline)  # nothing new: relinking changes no count
        link_store(store)
        assert Q.events(store).records() == events


def test_query_events_command(tmp_path, corpus, pipeline):
    db = str(tmp_path / "cli.duckdb")
    with Store.open(db) as store:
        ingest(store, [corpus], pipeline)
        link_store(store)
    runner = CliRunner()
    result = runner.invoke(app, ["query", "events", "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    top = json.loads(result.stdout)[0]
    assert (top["type"], top["reports"], top["independent_outlets"]) == ("ASSAULT", 5, 4)
    result = runner.invoke(app, ["query", "events", "--summary", "--db", db, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ("type,events,reports,independent_reports,articles,"
                                             "outlets,independent_outlets")
    result = runner.invoke(app, ["query", "events", "--event", top["event_id"], "--db", db])
    assert result.exit_code == 0, result.output
    assert "dailyherald.example" in result.stdout and "northwire.example" in result.stdout


def test_world_events_api(pipeline):
    from fastapi.testclient import TestClient

    from newsgraph.web import DocumentRepository, create_app

    client = TestClient(create_app(DocumentRepository(_docs(pipeline, ARTICLES))))
    page = client.get("/api/events/world", params={"min_reports": 2}).json()
    top = page["items"][0]
    assert (top["type"], top["time"], top["n_reports"], top["n_independent_reports"],
            top["n_outlets"], top["n_independent_outlets"]) == ("ASSAULT", DAY, 5, 4, 5, 4)
    assert all(item["n_reports"] >= 2 for item in page["items"])
    assert [r["copy_of"] for r in top["reports"] if r["copy_of"]] == ["wire"]
    assert client.get("/api/events/world", params={"type": "AID"}).json()["total"] == 0
    assert client.get("/api/events/world", params={"min_reports": 0}).status_code == 422


def test_two_strikes_on_two_days_stay_two_events(pipeline):
    first = ("Russian missiles struck the centre of Kharkiv on Tuesday, killing seven people, "
             "regional governor Oleh Syniehubov said.")
    second = ("Russian missiles struck the centre of Kharkiv again on Thursday, killing four "
              "people, two days after a strike on the city killed seven, regional governor "
              "Oleh Syniehubov said.")
    docs = _docs(pipeline, {
        "tuesday": (first, "https://eastpost.example/kharkiv-tuesday", "2024-03-12T10:00:00"),
        "thursday": (second, "https://citytimes.example/kharkiv-thursday",
                     "2024-03-14T10:00:00")})
    by_day = {w.time: w for w in world_events(docs) if w.type == "ASSAULT" and w.time}
    assert {"2024-03-12", "2024-03-14"} <= set(by_day)
    assert {r.article for r in by_day["2024-03-14"].reports} == {"thursday"}
    assert "tuesday" in {r.article for r in by_day["2024-03-12"].reports}


def test_copy_chains_and_articles_without_an_outlet():
    from newsgraph.crossdoc.models import Assignment
    from newsgraph.schema import Document, Entity, Event, Mention

    def doc(name: str, url: str | None) -> Document:
        text = "Russia struck Kharkiv on Tuesday."
        return Document(id=name, url=url, published="2024-03-12", text=text,
                        entities=[Entity(id="e1", name="Russia", type="GPE",
                                         mentions=[Mention(text="Russia", span=(0, 6))])],
                        events=[Event(text="struck", span=(7, 13), type="ASSAULT",
                                      actor="Russia", actor_code="RUS", time="2024-03-12")])

    docs = [doc("a", None), doc("b", "https://one.example/b"), doc("c", "https://one.example/c"),
            doc("d", None)]
    assignments = [Assignment(article="a", story="s1"),
                   Assignment(article="b", story="s1", duplicate_of="a", similarity=0.9,
                              reason="near-duplicate"),
                   Assignment(article="c", story="s1", duplicate_of="b", similarity=0.8,
                              reason="near-duplicate"),
                   Assignment(article="d", story="s1", reason="same-event")]
    [event] = world_events(docs, assignments=assignments)
    copies = {r.article: r.copy_of for r in event.reports}
    assert copies == {"a": None, "b": "a", "c": "a", "d": None}  # a copy of a copy: of a
    # without a URL each article is an outlet of its own; one.example counts once
    assert len(event.outlets()) == 3 and len(event.outlets(independent=True)) == 2
