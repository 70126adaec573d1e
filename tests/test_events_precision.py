"""Event precision: error classes of the judged sample fixed in general, on sentences of the
shared VOA and Wikinews articles (none of them reserved)."""

from __future__ import annotations

import pytest


def _events(pipeline, text):
    from newsgraph.ingest import read_text_article

    doc = pipeline.analyze(read_text_article(text, id="precision", published="2020-01-01"))
    return [(e.type, e.text, e.actor, e.target) for e in doc.events]


@pytest.mark.parametrize("text", [
    "In 2017, after sexual misconduct allegations came to light, Conyers resigned, "
    "referencing health issues.",
    "Theresa May appointed him Foreign Secretary, which he served as until 2018, resigning "
    "in protest to May's negotiated Brexit agreement.",
])
def test_leaving_an_office_is_no_event(pipeline, text):
    found = _events(pipeline, text)
    assert not [e for e in found if e[1].lower().startswith("resign")], found


@pytest.mark.parametrize("text", [
    "He fully welcomed the influx of foreign capital, especially Chinese capital, into Japan.",
    "Al-Quaety, who contributed to Agence France-Presse among other news organizations, "
    "openly supported independence for South Yemen.",
    "The Civil Human Rights Front had sent the police a plan for yesterday's march, which "
    "they rejected, approving only a gathering in Victoria Park.",
])
def test_approving_a_thing_is_a_stance_not_support(pipeline, text):
    found = _events(pipeline, text)
    assert not [e for e in found if e[0] == "SUPPORT"], found


def test_welcoming_a_partys_proposal_is_support(pipeline):
    found = _events(pipeline, "The Ukrainian president said Ukraine was ready for an air and "
                              "sea ceasefire and welcomed the U.S. proposal to extend it.")
    assert any(e[0] == "SUPPORT" and e[1] == "welcomed" for e in found), found


@pytest.mark.parametrize(("text", "trigger"), [
    ("The government proposed a bill that would have allowed the central Chinese government "
     "to extradite people who had been accused of crimes from Hong Kong.", "accused"),
    ("The Manhattan district attorney's office is investigating Trump over alleged hush "
     "money paid to two women.", "alleged"),
])
def test_a_status_described_is_no_accusation(pipeline, text, trigger):
    found = _events(pipeline, text)
    assert not [e for e in found if e[0] == "ACCUSE" and e[1] == trigger], found


def test_an_agentless_passive_on_a_named_person_stays_an_accusation(pipeline):
    text = ('President Donald Trump claimed there were "fine people on both sides," meaning '
            "both the white supremacists and the counter-protesters, for which he was "
            "criticized.")
    found = _events(pipeline, text)
    assert any(e[0] == "ACCUSE" and e[1] == "criticized" for e in found), found


def test_a_thing_acted_on_stands_for_its_maker(pipeline):
    found = _events(pipeline, "Both countries withdrew ambassadors in 2018 over Israel's "
                              "crackdown on protests by Palestinians.")
    assert ("COERCE", "crackdown", "Israel", "Palestinians") in found, found


@pytest.mark.parametrize("text", [
    "Trump's tariff-trade wars with Canada and Mexico, which he also hit last week with a new "
    "25% levy on exports before likewise delaying it, have sent jitters through Wall Street.",
    "The United States hit China with tariffs and sanctions on Friday.",
])
def test_a_blow_dealt_with_an_economic_measure_is_no_assault(pipeline, text):
    found = _events(pipeline, text)
    assert not [e for e in found if e[0] == "ASSAULT"], found


def test_a_blow_dealt_with_weapons_stays_an_assault(pipeline):
    found = _events(pipeline, "Rebels hit the army base with rockets on Friday.")
    assert any(e[0] == "ASSAULT" and e[1] == "hit" for e in found), found



def test_a_by_phrase_in_a_passive_clause_is_the_verbs_agent_not_a_maker(nlp):
    from newsgraph.extract.events import maker_of

    doc = nlp("Many other democracies have been threatened with economic consequences by "
              "China for standing up for our values.")
    assert maker_of(next(t for t in doc if t.text == "consequences")) is None
    doc = nlp("The Supreme Court rejected a lawsuit filed by Texas on Friday.")
    assert maker_of(next(t for t in doc if t.text == "lawsuit")).text == "Texas"
