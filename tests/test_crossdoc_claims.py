"""Claim tracking: timelines, revisions and contradictions across articles.

The schema documents here are built by hand (items located by ``str.find`` in
real-style text), so these tests pin the cross-article logic independently of
the per-article extractors; ``test_example_end_to_end`` runs the real pipeline.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.crossdoc.claims import (
    accused_antecedent,
    content_terms,
    contradictions,
    qualifier,
    revisions,
    same_anchor,
    same_proposition,
    timeline,
)
from newsgraph.crossdoc.entities import resolve_entities
from newsgraph.schema import Document, Entity, Event, Mention, Quantity, Quote, Speaker, check_spans

TEXT_A = (
    "NATO said North Korean troops have been deployed to Russia. "
    "The Kremlin dismissed reports of North Korean troop deployments as \"fake news.\" "
    "About 3,000 North Korean troops are in eastern Russia, the Pentagon said on Wednesday."
)
TEXT_B = (
    "President Vladimir Putin did not refute the presence of North Korean troops in Russia. "
    "Around 10,000 North Korean troops have been deployed to Russia, up from 3,000 last week, "
    "Pentagon spokesperson Sabrina Singh said."
)
TEXT_C = "Oil prices rose on Monday as traders weighed supply risks. Brent rose 2 percent."


def span(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    i = text.index(piece, start)
    return i, i + len(piece)


def entity(text: str, eid: str, name: str, etype: str, *surfaces: str) -> Entity:
    mentions = [Mention(text=s, span=span(text, s)) for s in surfaces or (name,)]
    return Entity(id=eid, name=name, type=etype, mentions=mentions)  # type: ignore[arg-type]


def quote(text: str, piece: str, speaker: str, eid: str | None, status: str) -> Quote:
    return Quote(text=piece, span=span(text, piece), kind="indirect",
                 speaker=Speaker(name=speaker, entity_id=eid), status=status)  # type: ignore


def quantity(text: str, piece: str, value: float, time: str, source: str,
             revises: Quantity | None = None) -> Quantity:
    return Quantity(text=piece, span=span(text, piece), value=value,
                    counted="North Korean troops", source=source, time=time, revises=revises)


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    a = Document(
        id="a", published="2024-10-23", text=TEXT_A,
        entities=[entity(TEXT_A, "e1", "NATO", "ORG"),
                  entity(TEXT_A, "e2", "Kremlin", "ORG"),
                  entity(TEXT_A, "e3", "Pentagon", "ORG")],
        quotes=[quote(TEXT_A, "North Korean troops have been deployed to Russia", "NATO", "e1",
                      "asserted"),
                quote(TEXT_A, "reports of North Korean troop deployments as \"fake news.\"",
                      "Kremlin", "e2", "denied")],
        quantities=[quantity(TEXT_A, "3,000", 3000, "2024-10-23", "Pentagon")],
    )
    old = quantity(TEXT_B, "3,000", 3000, "2024-10-21", "Pentagon")
    b = Document(
        id="b", published="2024-10-28", text=TEXT_B,
        entities=[entity(TEXT_B, "e1", "Vladimir Putin", "PERSON"),
                  entity(TEXT_B, "e2", "Pentagon", "ORG"),
                  entity(TEXT_B, "e3", "Sabrina Singh", "PERSON")],
        quotes=[quote(TEXT_B, "the presence of North Korean troops in Russia", "Vladimir Putin",
                      "e1", "not_denied")],
        quantities=[quantity(TEXT_B, "10,000", 10000, "2024-10-28", "Sabrina Singh", old), old],
    )
    c = Document(id="c", published="2024-10-28", text=TEXT_C,
                 quantities=[Quantity(text="2 percent", span=span(TEXT_C, "2 percent"), value=2,
                                      unit="percent", counted="Brent")])
    for doc in (a, b, c):
        assert check_spans(doc) == []
    return [a, b, c]


def test_terms_fold_inflections_and_synonyms():
    assert content_terms("North Korean troop deployments") == \
        content_terms("the North Korean soldiers deployed")
    assert same_proposition(content_terms("reports of North Korean troop deployments"),
                            content_terms("the presence of North Korean troops in Russia"))
    assert not same_proposition(content_terms("North Korean troops in Russia"),
                                content_terms("Oil prices rose on Monday"))


def test_contradiction_between_denial_and_assertion(docs):
    found = contradictions(docs)
    assert len(found) == 1
    positions = {(p.source, p.status) for p in found[0].positions}
    assert ("NATO", "asserted") in positions
    assert ("Kremlin", "denied") in positions
    assert ("Vladimir Putin", "not_denied") in positions
    assert found[0].articles == ["a", "b"]
    assert {"north", "korean", "troop"} <= set(found[0].terms)
    by_id = {d.id: d for d in docs}
    for p in found[0].positions:  # every position points at its evidence
        start, end = p.evidence.span
        assert by_id[p.evidence.article].text[start:end] == p.evidence.text


def test_no_contradiction_without_a_denial(docs):
    only_assertions = [d.model_copy(update={"quotes": [q for q in d.quotes
                                                       if q.status != "denied"]})
                       for d in docs]
    assert contradictions(only_assertions) == []


def test_a_statement_holding_the_denial_is_not_its_other_side():
    # a court report: the denial's words and a longer stretch that starts with them
    text = ("Defence lawyers said Quirin initially denied any sexual activity, but upon "
            "learning his DNA was on the clothing he claimed sex had been consensual.")
    longer = "any sexual activity, but upon learning his DNA was on the clothing he claimed"
    doc = Document(
        id="w", published="2019-02-02", text=text,
        entities=[entity(text, "e1", "Quirin", "PERSON"),
                  entity(text, "e2", "Defence lawyers", "ORG")],
        quotes=[quote(text, "any sexual activity", "Quirin", "e1", "denied"),
                quote(text, longer, "Defence lawyers", "e2", "asserted")])
    assert check_spans(doc) == []
    assert contradictions([doc]) == []


def test_revision_within_and_across_articles(docs):
    found = revisions(docs)
    pairs = {(r.old_value, r.new_value, r.within_article) for r in found}
    assert (3000, 10000, True) in pairs  # "up from 3,000" inside article b
    assert all(r.counted == "North Korean troops" for r in found)
    # 3,000 -> 10,000 is reported once, not once per article that repeats it
    assert sum(1 for r in found if (r.old_value, r.new_value) == (3000, 10000)) == 1
    # only article a: nothing revised; a then b: the change is seen across articles
    assert revisions(docs[:1]) == []
    across = revisions([docs[0], docs[1].model_copy(update={"quantities": [
        q.model_copy(update={"revises": None}) for q in docs[1].quantities[:1]]})])
    assert [(r.old.article, r.new.article, r.old_value, r.new_value) for r in across] == \
        [("a", "b", 3000, 10000)]


def test_timeline_for_an_entity_is_in_time_order(docs):
    resolution = resolve_entities(docs)
    entries = timeline(docs, entity="North Korean", resolution=resolution)
    # "up from 3,000 last week" (Oct 21), 3,000 on Oct 23, 10,000 on Oct 28
    assert [e.value for e in entries if e.kind == "quantity"] == [3000, 3000, 10000]
    assert {e.source for e in entries if e.kind == "quote"} == {"NATO", "Kremlin",
                                                                 "Vladimir Putin"}
    pentagon = timeline(docs, entity="Pentagon", resolution=resolution)
    assert {e.article for e in pentagon} == {"a", "b"}
    times = [e.time for e in entries]
    assert times == sorted(times)
    # quantities carry their own time; these quotes fall back to the publication date
    assert {(e.kind, e.time_source) for e in entries} == {("quantity", "item"),
                                                          ("quote", "published")}
    everything = timeline(docs)
    assert {e.article for e in everything} == {"a", "b", "c"}


def test_models_are_json_serializable(docs):
    for item in [*contradictions(docs), *revisions(docs), *timeline(docs)]:
        json.loads(item.model_dump_json())


def test_short_names_match_as_written():
    from newsgraph.crossdoc.claims import _mentions

    assert _mentions("the US will not impose new restrictions", ["US"])
    assert not _mentions("let us see what happens", ["US"])
    assert _mentions("Volodymyr Zelenskyy said", ["Volodymyr Zelenskiy"])


def test_revisions_stay_inside_a_story(docs):
    plain = [docs[0], docs[1].model_copy(update={"quantities": [
        q.model_copy(update={"revises": None}) for q in docs[1].quantities[:1]]})]
    assert len(revisions(plain, story_of={"a": "s1", "b": "s1"})) == 1
    assert revisions(plain, story_of={"a": "s1", "b": "s2"}) == []


def test_contradictions_can_be_kept_inside_stories(docs):
    assert len(contradictions(docs, story_of={"a": "s1", "b": "s1", "c": "s2"})) == 1
    # the Kremlin's denial (a) still meets NATO's assertion in its own article
    apart = contradictions(docs, story_of={"a": "s1", "b": "s2", "c": "s3"})
    assert [p.evidence.article for p in apart[0].positions] == ["a", "a"]


def test_two_figures_in_one_article_are_not_a_revision():
    text = "At least 36 people died and 1,000 people were evacuated, officials said."
    doc = Document(id="x", published="2024-10-28", text=text, quantities=[
        Quantity(text="36", span=span(text, "36"), value=36, counted="people"),
        Quantity(text="1,000", span=span(text, "1,000"), value=1000, counted="people")])
    assert revisions([doc]) == []


def _figure(doc_id: str, published: str, text: str, piece: str, value: float,
            counted: str) -> Document:
    """An article whose one figure is ``piece`` (``value`` ``counted``)."""
    return Document(id=doc_id, published=published, text=text, quantities=[
        Quantity(text=piece, span=span(text, piece), value=value, counted=counted)])


def _delegates(doc_id: str, published: str, text: str, piece: str, value: float) -> Document:
    return _figure(doc_id, published, text, piece, value, "pledged delegates")


def test_a_running_count_in_one_story_is_revised_over_weeks():
    # Wikinews, 2020-03-20 and 2020-04-07: one primary season, eighteen days apart
    first = _delegates("p1", "2020-03-20", "Biden's victories in Arizona, Florida, and Illinois "
                       "left him with a reported total of 1,124 pledged delegates.", "1,124", 1124)
    later = _delegates("p2", "2020-04-07", "According to NPR, former Vice President Joe Biden "
                       "has amassed 1,217 pledged delegates so far.", "1,217", 1217)
    one_story = {"p1": "s1", "p2": "s1"}
    [found] = revisions([first, later], story_of=one_story)
    assert (found.old_value, found.new_value) == (1124, 1217)
    assert revisions([first, later]) == []  # no story known: two weeks at most
    # a count that fell, or figures that name no one in common, are two counts
    fell = _delegates("p3", "2020-04-07", "Joe Biden has amassed 1,017 pledged delegates.",
                      "1,017", 1017)
    assert revisions([first, fell], story_of={"p1": "s1", "p3": "s1"}) == []
    other = _delegates("p4", "2020-04-07", "Bernie Sanders has amassed 1,217 pledged delegates.",
                       "1,217", 1217)
    assert revisions([first, other], story_of={"p1": "s1", "p4": "s1"}) == []


def _toll(doc_id: str, published: str, text: str, piece: str, value: float) -> Document:
    return _figure(doc_id, published, text, piece, value, "people")


def test_a_running_tally_in_one_story_is_revised_over_weeks():
    # Wikinews, 2020-01-20 and 2020-02-14: one outbreak's toll, 25 days apart; "people"
    # alone is not specific, but both sentences state a total so far of people killed
    first = _toll("v1", "2020-01-20", "As of today, officials confirmed it has infected over "
                  "200 people mostly in Wuhan and killed three people.", "three", 3)
    later = _toll("v2", "2020-02-14", "The virus has already killed more than 1,000 people "
                  "and infected tens of thousands.", "more than 1,000", 1000)
    [found] = revisions([first, later], story_of={"v1": "s1", "v2": "s1"})
    assert (found.old_value, found.new_value, found.qualifier) == (3, 1000, "killed")
    assert revisions([first, later], story_of={"v1": "s1", "v2": "s2"}) == []
    assert revisions([first, later]) == []  # no story known
    # counts of single incidents are not a total so far: two strikes, not one toll
    strike = _toll("w1", "2020-01-20", "An airstrike on the market killed three people.",
                   "three", 3)
    shelling = _toll("w2", "2020-01-30", "Shelling of the port killed 30 people.", "30", 30)
    assert revisions([strike, shelling], story_of={"w1": "s1", "w2": "s1"}) == []


def test_the_nearer_word_says_what_a_figure_counts():
    text = "Officials said it has infected over 200 people mostly in Wuhan and killed three people."
    doc = _toll("q", "2020-01-20", text, "over 200", 200)
    doc.quantities.append(Quantity(text="three", span=span(text, "three"), value=3,
                                   counted="people"))
    assert [qualifier(doc, q) for q in doc.quantities] == ["infected", "killed"]


BALOCH = ("The Taliban rejected the allegation that Baloch separatists have put down roots "
          "across the border. Pakistan's envoy said Kabul was failing to rein in Baloch "
          "separatists.")


def _baloch(denied: str) -> Document:
    text = BALOCH.replace("the allegation that Baloch separatists", denied)
    return Document(id="t", published="2025-03-13", text=text, entities=[
        entity(text, "e1", "Taliban", "ORG"), entity(text, "e2", "Pakistan", "GPE")],
        quotes=[quote(text, f"{denied} have put down roots", "Taliban", "e1", "denied"),
                quote(text, "Kabul was failing to rein in Baloch separatists", "Pakistan", "e2",
                      "asserted")])


def test_a_denied_allegation_meets_the_quote_that_states_it():
    [found] = contradictions([_baloch("the allegation that Baloch separatists")])
    assert {p.status for p in found.positions} == {"denied", "asserted"}
    # one shared word that is no name is not enough unless the denial calls it an allegation
    assert contradictions([_baloch("that Baloch separatists")]) == []


VENTURES = ("Pakistan rejects claims that its joint ventures are depriving ethnic Baloch of "
            "their share in the province's mineral wealth. The Baloch Liberation Army accuses "
            "Pakistan of exploiting the rich natural resources of the impoverished province.")


def _ventures(accused: str) -> Document:
    text = VENTURES.replace("accuses Pakistan of", f"accuses {accused} of")
    denied = "claims that its joint ventures are depriving ethnic Baloch of their share in the " \
             "province's mineral wealth"
    accusation = f"{accused} of exploiting the rich natural resources of the impoverished province"
    return Document(id="v", published="2025-03-12", text=text, entities=[
        entity(text, "e1", "Pakistan", "GPE"),
        entity(text, "e2", "Baloch Liberation Army", "ORG")],
        quotes=[quote(text, denied, "Pakistan", "e1", "denied"),
                quote(text, accusation, "Baloch Liberation Army", "e2", "asserted")])


def test_an_accusation_of_the_denier_meets_the_denied_claims():
    [found] = contradictions([_ventures("Pakistan")])
    assert [p.source for p in found.positions] == ["Pakistan", "Baloch Liberation Army"]
    # a state is also "the government" its accusers name
    assert len(contradictions([_ventures("the government")])) == 1
    # accusing someone else of it is no answer to Pakistan's denial
    assert contradictions([_ventures("India")]) == []
    company = _ventures("the government")
    company.entities[0].type = "ORG"  # a company denying is not "the government"
    assert contradictions([company]) == []


INSURGENCY = ("Pakistan rejects claims that its joint ventures are depriving ethnic Baloch of "
              "their share in the province's mineral wealth. The separatist group has been "
              "fighting a deadly insurgency against the Pakistani state, accusing it of "
              "exploiting the rich natural resources of the impoverished province.")


def _insurgency(state: str) -> Document:
    text = INSURGENCY.replace("the Pakistani state", state)
    denied = "claims that its joint ventures are depriving ethnic Baloch of their share in the " \
             "province's mineral wealth"
    accusation = "it of exploiting the rich natural resources of the impoverished province"
    return Document(id="i", published="2025-03-12", text=text, entities=[
        entity(text, "e1", "Pakistan", "GPE"), entity(text, "e2", "separatist group", "ORG")],
        quotes=[quote(text, denied, "Pakistan", "e1", "denied"),
                quote(text, accusation, "separatist group", "e2", "asserted")])


def test_an_accusation_of_it_names_the_party_just_before():
    [found] = contradictions([_insurgency("the Pakistani state")])
    assert [p.source for p in found.positions] == ["Pakistan", "separatist group"]
    assert found.reason == ("Pakistan denies what separatist group accuses Pakistan of: "
                            "exploiting the rich natural resources of the impoverished province")
    assert len(contradictions([_insurgency("Pakistan")])) == 1
    # "it" is another state, or not a state at all: no answer to Pakistan's denial
    assert contradictions([_insurgency("the Indian state")]) == []
    assert contradictions([_insurgency("the Pakistani army")]) == []


HOSTAGES = ("The Afghan Taliban have rejected Pakistan's allegation that Tuesday's deadly "
            "hostage-taking of a train was planned and directed from Afghan soil. \"Intelligence "
            "reports have unequivocally confirmed that the attack was orchestrated and directed "
            "by ringleaders operating from Afghanistan,\" a statement from the ISPR said. "
            "\"Whoever didn't leave the train, they killed them. We planned to run away,\" a "
            "passenger said.")


def _hostages() -> Document:
    text = HOSTAGES
    denied = "Pakistan's allegation that Tuesday's deadly hostage-taking of a train was " \
             "planned and directed from Afghan soil"
    confirmed = "Intelligence reports have unequivocally confirmed that the attack was " \
                "orchestrated and directed by ringleaders operating from Afghanistan"
    passenger = "Whoever didn't leave the train, they killed them. We planned to run away"
    return Document(id="h", published="2025-03-13", text=text, entities=[
        entity(text, "e1", "Taliban", "ORG"), entity(text, "e2", "ISPR", "ORG"),
        entity(text, "e3", "passenger", "PERSON")],
        quotes=[quote(text, denied, "Taliban", "e1", "denied"),
                quote(text, confirmed, "ISPR", "e2", "asserted"),
                quote(text, passenger, "passenger", "e3", "asserted")])


def test_a_denied_allegation_meets_its_restatement_in_other_words():
    # "planned" / "orchestrated" and "directed", from one country ("Afghan", "Afghanistan");
    # the passenger's "train" and "planned" name no place of the allegation
    [found] = contradictions([_hostages()])
    assert {p.source for p in found.positions} == {"Taliban", "ISPR"}


def test_a_denied_allegation_of_who_is_behind_an_attack_is_not_answered_by_the_attack():
    # the Taliban deny who directed the hostage-taking, not that hostages were taken
    text = "Militants attacked a passenger train Tuesday, taking many hostages."
    attack = Document(id="a", published="2025-03-12", text=text,
                      entities=[entity(text, "m", "Militants", "NORP")],
                      events=[Event(type="ASSAULT", text="taking", span=(text.index("taking"),
                                                                           text.index(" many")),
                                    actor="Militants", target="many hostages",
                                    status="asserted")])
    found = contradictions([_hostages(), attack])
    assert [{p.source for p in c.positions} for c in found] == [{"Taliban", "ISPR"}]


def test_an_anchor_is_one_party_or_place_not_a_day():
    assert same_anchor(frozenset({"afghan"}), frozenset({"afghanistan"}))
    assert same_anchor(frozenset({"kabul"}), frozenset({"kabul", "tuesday"}))
    assert not same_anchor(frozenset({"tuesday"}), frozenset({"tuesday"}))
    assert not same_anchor(frozenset({"afghan"}), frozenset({"pakistan"}))


@given(st.text(max_size=200), st.integers(0, 200), st.integers(0, 200))
def test_an_accusation_antecedent_is_words_of_the_text_before(text, start, length):
    end = min(len(text), start + length)
    start = min(start, end)
    found = accused_antecedent(text, (start, end))
    assert found is None or all(word in text[:start] for word in found.split())


def test_an_accusation_antecedent_is_the_party_before_accusing():
    text = "The group fought the Pakistani state, accusing it of exploiting the province."
    start = text.index("it of")
    assert accused_antecedent(text, (start, len(text) - 1)) == "fought the Pakistani state"
    told = text.replace("accusing", "telling")
    assert accused_antecedent(told, (told.index("it of"), len(told) - 1)) is None
