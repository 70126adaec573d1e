"""Anonymous and collective sources as entities, and chains of attribution."""

from __future__ import annotations

import pytest

from newsgraph.ingest import RawArticle
from newsgraph.schema import Document, Entity, Quote, check_spans


@pytest.fixture(scope="session")
def sources_pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline(extractors=("entities", "quotes", "sources"))


@pytest.fixture(scope="session")
def analyze(sources_pipeline):
    def run(text: str) -> Document:
        document = sources_pipeline.analyze(RawArticle(id="t", text=text))
        assert check_spans(document) == []
        return document

    return run


def quote_with(document: Document, words: str) -> Quote:
    found = [q for q in document.quotes if q.text.startswith(words)]
    assert found, [(q.kind, q.text) for q in document.quotes]
    return found[0]


def speaker_entity(document: Document, quote: Quote) -> Entity:
    assert quote.speaker is not None and quote.speaker.entity_id is not None, quote
    return next(e for e in document.entities if e.id == quote.speaker.entity_id)


def entity_of(document: Document, entity_id: str | None) -> Entity:
    return next(e for e in document.entities if e.id == entity_id)


# -- anonymous and collective sources ----------------------------------------------------
@pytest.mark.parametrize(("text", "claim", "description", "etype", "affiliation"), [
    ("A senior US defense official said the strike had destroyed the depot.", "the strike",
     "A senior US defense official", "PERSON", "United States (USA), defense"),
    ("Iraqi special forces said they had retaken the bridge over the Tigris.", "they had",
     "Iraqi special forces", "ORG", "Iraq (IRQ), military"),
    ("Officials said the convoy had been ambushed near the border.", "the convoy",
     "Officials", "ORG", None),
    ("Diplomats said the talks in Geneva had stalled over the weekend.", "the talks",
     "Diplomats", "ORG", None),
    ("Analysts said the central bank would probably raise rates again.", "the central",
     "Analysts", "ORG", None),
    ("A spokesperson for the health ministry said the clinics would reopen.", "the clinics",
     "A spokesperson for the health ministry", "PERSON", "health ministry"),
    ("A North Korean foreign ministry official said the report was false.", "the report",
     "A North Korean foreign ministry official", "PERSON", "North Korea (PRK), foreign ministry"),
])
def test_unnamed_sources_become_anonymous_entities(analyze, text, claim, description, etype,
                                                   affiliation):
    document = analyze(text)
    quote = quote_with(document, claim)
    entity = speaker_entity(document, quote)
    assert entity.anonymous
    assert entity.description == description
    assert entity.type == etype
    assert entity.affiliation == affiliation
    assert [m.text for m in entity.mentions] == [description]


def test_state_media_is_a_collective_outlet(analyze):
    document = analyze("State media said the leader had inspected a new missile factory.")
    entity = speaker_entity(document, quote_with(document, "the leader"))
    assert (entity.type, entity.description, entity.affiliation) == ("ORG", "State media",
                                                                      "state media")
    assert not entity.anonymous  # the outlet is identified, if not by name


def test_agency_is_not_anonymous_and_gets_its_country(analyze):
    document = analyze("Ukrainian military intelligence reported on Thursday that the units "
                       "had been spotted near the border.")
    entity = speaker_entity(document, quote_with(document, "that the units"))
    assert entity.type == "ORG" and not entity.anonymous
    assert entity.affiliation == "Ukraine (UKR), military intelligence"


def test_repeated_description_is_one_entity(analyze):
    document = analyze(
        "A North Korean foreign ministry official said the report was false. The official "
        "added that Pyongyang would respond. Officials in Seoul said the launch had failed. "
        "The officials said later that nobody had been hurt.")
    first = speaker_entity(document, quote_with(document, "the report"))
    again = speaker_entity(document, quote_with(document, "that Pyongyang"))
    assert first.id == again.id
    assert [m.text for m in first.mentions] == ["A North Korean foreign ministry official",
                                                "The official"]
    seoul = speaker_entity(document, quote_with(document, "the launch"))
    later = speaker_entity(document, quote_with(document, "that nobody"))
    assert seoul.id == later.id != first.id
    assert seoul.description == "Officials in Seoul"
    assert seoul.affiliation == "South Korea (KOR)"  # a capital stands for its country


def test_pronoun_after_unnamed_source_links_to_it(analyze):
    document = analyze("While a senior Russian diplomat did not confirm the talks, he suggested "
                       "that a meeting could take place in Istanbul.")
    confirm = quote_with(document, "the talks")
    suggested = quote_with(document, "that a meeting")
    assert confirm.speaker.entity_id == suggested.speaker.entity_id is not None
    entity = speaker_entity(document, suggested)
    assert entity.affiliation == "Russia (RUS)" and entity.anonymous


def test_description_stops_at_a_dateline_and_owns_only_its_owner(analyze):
    document = analyze("BRUSSELS - European leaders said on Monday that the summit would go "
                       "ahead. Libertarian presidential candidate Gary Johnson's doctor says he "
                       "is in good health.")
    leaders = speaker_entity(document, quote_with(document, "that the summit"))
    assert (leaders.description, leaders.affiliation) == ("European leaders", "European")
    doctor = speaker_entity(document, quote_with(document, "he is in good"))
    assert doctor.type == "PERSON" and doctor.affiliation == "Gary Johnson"


def test_named_speakers_are_left_alone(analyze):
    document = analyze("Pentagon spokesperson Sabrina Singh said the troops were moving east.")
    quote = quote_with(document, "the troops")
    assert quote.speaker.name == "Sabrina Singh"
    assert not speaker_entity(document, quote).anonymous


def test_speaking_organisation_gains_an_affiliation(analyze):
    document = analyze("The Kremlin said on Monday that the reports were fake.")
    entity = speaker_entity(document, quote_with(document, "that the reports"))
    assert entity.name == "Kremlin" and entity.affiliation == "Russia (RUS), government"
    assert not entity.anonymous


def test_documents_are_not_sources(analyze):
    document = analyze("According to Pentagon estimates, around 10,000 troops have been "
                       "deployed to the region.")
    quote = quote_with(document, "around 10,000")
    # the document is the channel, its issuer the speaker: no "estimates" source entity
    assert quote.speaker is not None and quote.speaker.name == "Pentagon"
    assert quote.channel == "Pentagon estimates"
    assert not any(e.anonymous for e in document.entities)


@pytest.mark.parametrize(("text", "speaker", "channel"), [
    ("The ministry's statement said the border would stay closed.", "ministry",
     "The ministry's statement"),
    ("A statement released on Friday said the border would stay closed.", None, None),
    ("The strategy aims to show that the party has changed.", None, None),
])
def test_common_nouns_are_never_speakers(analyze, text, speaker, channel):
    document = analyze(text)
    for quote in document.quotes:
        name = quote.speaker.name if quote.speaker else None
        assert name == speaker, (quote.text, name)
        if channel:
            assert quote.channel == channel


def test_unresolved_pronoun_keeps_its_text(analyze):
    document = analyze("She said the border would stay closed.")
    quote = quote_with(document, "the border")
    assert quote.speaker.name == "She" and quote.speaker.unresolved


# -- chains of attribution ---------------------------------------------------------------
def test_outlets_cited_sources_as_saying(analyze):
    document = analyze("The three news outlets cited unnamed Western intelligence sources as "
                       "saying that the missiles had been moved to the coast.")
    quote = quote_with(document, "that the missiles")
    sources = speaker_entity(document, quote)
    assert sources.description == "unnamed Western intelligence sources"
    assert sources.anonymous and sources.affiliation == "Western, intelligence"
    assert [v.name for v in quote.via] == ["three news outlets"]
    outlets = entity_of(document, quote.via[0].entity_id)
    assert outlets.type == "ORG" and outlets.description == "The three news outlets"


def test_quoted_as_saying(analyze):
    document = analyze("State media quoted a senior military officer as saying the drills "
                       "would continue through the week.")
    quote = quote_with(document, "the drills")
    officer = speaker_entity(document, quote)
    assert officer.description == "a senior military officer" and officer.anonymous
    assert [v.name for v in quote.via] == ["State media"]


def test_passive_quoted_by_as_saying(analyze):
    document = analyze("Kim was quoted by the state news agency as saying that the country "
                       "would never give up its weapons.")
    quote = quote_with(document, "that the country")
    assert quote.speaker.name == "Kim"
    assert [v.name for v in quote.via] == ["state news agency"]


def test_reported_citing_people_familiar(analyze):
    document = analyze("Reuters reported, citing two people familiar with the matter, that the "
                       "deal was close.")
    quote = quote_with(document, "that the deal")
    people = speaker_entity(document, quote)
    assert people.anonymous and people.type == "ORG"
    assert people.description == "two people familiar with the matter"
    assert [v.name for v in quote.via] == ["Reuters"]


def test_familiar_with_is_no_affiliation(analyze):
    # here the parser makes "citing" the cue of the that-clause
    document = analyze("Reuters reported, citing two people familiar with the Pentagon's plans, "
                       "that the deal was close.")
    quote = quote_with(document, "that the deal")
    people = speaker_entity(document, quote)
    assert people.description == "two people familiar with the Pentagon's plans"
    assert people.affiliation is None
    assert [v.name for v in quote.via] == ["Reuters"]


def test_citing_at_the_end_of_the_sentence(analyze):
    document = analyze("Israeli media reported that the cabinet had approved the plan, citing a "
                       "senior official.")
    quote = quote_with(document, "that the cabinet")
    assert speaker_entity(document, quote).description == "a senior official"
    media = entity_of(document, quote.via[0].entity_id)
    assert (media.description, media.affiliation) == ("Israeli media", "Israel (ISR)")


def test_news_agency_quoted_leader(analyze):
    document = analyze("North Korea's official KCNA news agency quoted Kim Jong Un as saying the "
                       "tests were a success.")
    quote = quote_with(document, "the tests")
    assert quote.speaker.name == "Kim Jong Un"
    agency = entity_of(document, quote.via[0].entity_id)
    assert agency.type == "ORG" and agency.affiliation == "North Korea (PRK)"


def test_source_close_to(analyze):
    document = analyze("A source close to the Kremlin said Putin would not attend the summit.")
    source = speaker_entity(document, quote_with(document, "Putin would"))
    assert source.description == "A source close to the Kremlin"
    assert source.affiliation == "Kremlin (RUS)" and source.anonymous


def test_citing_a_reason_is_no_chain(analyze):
    document = analyze("The senator said, citing low economic growth, that the plan would fail.")
    quote = quote_with(document, "that the plan")
    assert quote.speaker.name == "senator" and quote.via == []


def test_according_to_sources_cited_by(analyze):
    document = analyze("According to sources cited by the newspaper, the minister will resign "
                       "next week.")
    quote = quote_with(document, "the minister")
    assert speaker_entity(document, quote).description == "sources"
    assert [v.name for v in quote.via] == ["newspaper"]


def test_said_according_to_outlet(analyze):
    document = analyze('"I will be voting for her," Welch said, according to Vermont Public Radio.')
    quote = quote_with(document, "I will be voting")
    assert quote.kind == "direct" and quote.speaker.name == "Welch"
    assert [v.name for v in quote.via] == ["Vermont Public Radio"]


def test_told_outlet_then_outlet_reported(analyze):
    document = analyze("A senior US defense official told Reuters that the strike had hit its "
                       "target, the agency reported.")
    quote = quote_with(document, "that the strike")
    assert speaker_entity(document, quote).affiliation == "United States (USA), defense"
    assert [v.name for v in quote.via] == ["Reuters"]


def test_attribution_inside_a_report(analyze):
    document = analyze("Yonhap reported that a South Korean military official said the launch "
                       "had failed.")
    quote = quote_with(document, "the launch")
    official = speaker_entity(document, quote)
    assert official.affiliation == "South Korea (KOR), military"
    assert [v.name for v in quote.via] == ["Yonhap"]


def test_pronoun_inside_a_sources_report_is_that_source(analyze):
    document = analyze("In a statement to media, the separatist group claimed to be holding 200 "
                       "hostages, who it said were soldiers.")
    claimed = quote_with(document, "to be holding")
    assert claimed.speaker.entity_id is not None
    # "who it said ..." is the group's own words inside its own claim: one attribution
    assert [q.text for q in document.quotes] == [claimed.text]


def test_no_quote_inside_another_of_the_same_speaker(analyze):
    document = analyze("Senator Elizabeth Warren repeated her criticism of the trade deal "
                       "on Tuesday.")
    assert len(document.quotes) == 1
    assert document.quotes[0].speaker.name == "Elizabeth Warren"


def test_told_media_is_no_chain(analyze):
    document = analyze("A provincial spokesperson told media that a rescue train had been "
                       "dispatched.")
    quote = quote_with(document, "that a rescue")
    assert quote.via == [] and speaker_entity(document, quote).anonymous


def test_told_reporters_is_no_chain(analyze):
    document = analyze("A police spokesman told reporters that two suspects had been arrested.")
    quote = quote_with(document, "that two suspects")
    assert quote.via == []
    assert speaker_entity(document, quote).affiliation == "police"


# -- the example article -----------------------------------------------------------------
def test_example_article_sources(example_doc):
    by_desc = {e.description: e for e in example_doc.entities if e.description}
    official = by_desc["a North Korean foreign ministry official"]
    assert official.anonymous and official.type == "PERSON"
    assert official.affiliation == "North Korea (PRK), foreign ministry"
    intel = by_desc["Ukrainian military intelligence"]
    assert intel.type == "ORG" and intel.affiliation == "Ukraine (UKR), military intelligence"
    spoken = {q.speaker.entity_id for q in example_doc.quotes if q.speaker}
    assert {official.id, intel.id} <= spoken
    by_official = [q.text[:20] for q in example_doc.quotes
                   if q.speaker and q.speaker.entity_id == official.id]
    assert by_official == ["the troop deployment", "that if such actions"]


def test_example_article_keeps_named_quote_speakers(example_doc):
    named = [q.speaker.name for q in example_doc.quotes for _ in q.quoted if q.speaker] \
        + [q.speaker.name for q in example_doc.quotes if q.kind == "direct" and q.speaker]
    named = [name for _, name in sorted(
        zip([s for q in example_doc.quotes for s in q.quoted]
            + [q.span for q in example_doc.quotes if q.kind == "direct"], named, strict=True))]
    assert named == ["Joe Biden", "Sabrina Singh", "Kremlin", "Putin", "Sabrina Singh",
                     "Andrii Sybiha", "Mark Rutte", "Andriy Yermak", "Andriy Yermak"]
    assert all(not q.via for q in example_doc.quotes if q.kind == "direct" or q.quoted)


def test_anonymous_sources_stay_apart_across_articles(analyze):
    from newsgraph.crossdoc.entities import resolve_entities

    texts = ["Officials in Kyiv said the bridge had been hit by a missile.",
             "Officials in Kyiv said the power plant was working again."]
    documents = []
    for i, text in enumerate(texts):
        document = analyze(text)
        documents.append(document.model_copy(update={"id": f"a{i}"}))
    anonymous = [(d.id, e.id) for d in documents for e in d.entities if e.anonymous]
    assert len(anonymous) == 2
    resolution = resolve_entities(documents)
    assert len({resolution.global_id(*pair) for pair in anonymous}) == 2
    kyiv = {resolution.global_id(d.id, e.id) for d in documents for e in d.entities
            if e.name == "Kyiv"}
    assert len(kyiv) == 1  # named places still merge


def test_article_page_shows_anonymous_source_and_chain(analyze):
    from fastapi.testclient import TestClient

    from newsgraph.web import DocumentRepository, create_app

    document = analyze("The three news outlets cited unnamed Western intelligence sources as "
                       "saying that the missiles had been moved to the coast.")
    client = TestClient(create_app(DocumentRepository([document])))
    page = client.get(f"/articles/{document.id}").text
    assert '<span class="muted q-source">(anonymous; Western, intelligence)</span>' in page
    assert '<span class="muted q-via">via three news outlets</span>' in page
    api = client.get(f"/api/articles/{document.id}").json()
    sources = [e for e in api["entities"] if e["anonymous"]]
    assert sources[0]["affiliation"] == "Western, intelligence"
    assert [v["name"] for q in api["quotes"] for v in q["via"]] == ["three news outlets"]


def test_sources_are_stored_and_queryable(tmp_path, example_doc):
    from newsgraph.store import Store

    with Store.open(str(tmp_path / "store.duckdb")) as store:
        store.put_documents([example_doc])
        _, rows = store.query("SELECT name, type, anonymous, description, affiliation "
                              "FROM entities WHERE description IS NOT NULL ORDER BY name")
    assert ("North Korean foreign ministry official", "PERSON", True,
            "a North Korean foreign ministry official",
            "North Korea (PRK), foreign ministry") in rows
    assert ("Ukrainian military intelligence", "ORG", False, "Ukrainian military intelligence",
            "Ukraine (UKR), military intelligence") in rows


def test_defence_ministry_from_ner_is_enriched_not_duplicated(analyze):
    document = analyze("The Ukrainian Defence Ministry said it had destroyed three tanks.")
    entity = speaker_entity(document, quote_with(document, "it had destroyed"))
    assert entity.name == "Ukrainian Defence Ministry" and entity.description is None
    assert entity.affiliation == "Ukraine (UKR), defence ministry"
    assert [e.name for e in document.entities if "Ministry" in e.name] == [entity.name]
