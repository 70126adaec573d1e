"""Trigger senses added for events the VOA dev set's tuning half had no trigger for, each
on a real sentence of the shared VOA or Wikinews articles (never a reserved story), and
the look-alikes that must stay no event."""

from __future__ import annotations

import pytest


def _analyze(pipeline, text):
    from newsgraph.ingest import read_text_article

    return pipeline.analyze(read_text_article(text, id="senses", published="2025-03-14"))


def _types(nlp, text: str, word: str) -> list[str | None]:
    from newsgraph.events.coding import lexical_type

    return [lexical_type(t) for t in nlp(text) if t.lower_ == word]


@pytest.mark.parametrize(("text", "word", "type_"), [
    ("Witnesses reported Israeli security forces fired tear gas, rubber bullets, and stun "
     "grenades at Palestinian demonstrators, some of whom threw rocks at police.", "fired",
     "ASSAULT"),
    ("Witnesses reported Israeli security forces fired tear gas, rubber bullets, and stun "
     "grenades at Palestinian demonstrators, some of whom threw rocks at police.", "threw",
     "ASSAULT"),
    ("The militants blew up tracks, bringing the train with nearly 450 passengers to a halt "
     "in a tunnel, where they stormed it.", "blew", "ASSAULT"),
    ("The U.S. military in Afghanistan later tweeted that there were no indications the "
     "plane went down because of enemy fire.", "fire", "ASSAULT"),
    ("Afghanistan's Ministry of Foreign Affairs called Pakistan's assertions \"baseless,\" "
     "in a statement Thursday.", "called", "REJECT"),
    ("Near the end of his appearance, he called the ruling \"arbitrary.\"", "called",
     "ACCUSE"),
    ("The Afghan Taliban have rejected Pakistan's allegation that the hostage-taking was "
     "planned from Afghan soil.", "allegation", "ACCUSE"),
    ("Talks officially failed last week after the government placed blame on the leaders "
     "of Puntland and Jubaland.", "blame", "ACCUSE"),
    ("The peace process started in Doha last September.", "process", "CONSULT"),
    ("Despite their exit, ECOWAS has stated it will maintain trade and security relations "
     "with the trio.", "maintain", "COOPERATE"),
    ("He is the historical leader of the party, which emerged from a popular revolt in "
     "Albania.", "revolt", "PROTEST"),
    ("Rebutting the claim, Balkhi said Islamabad must address internal issues.",
     "rebutting", "REJECT"),
    ("An appeals court overturned the conviction and ordered a new trial for 2025.",
     "overturned", "CONCEDE"),
    ("The publisher spent more than 800 days in prison before a court in October granted "
     "him house arrest.", "granted", "CONCEDE"),
    ("Trump said he had representatives on their way to Moscow for discussions with "
     "Russian officials.", "discussions", "CONSULT"),
    # a designation needs a designated party and what it is designated as
    ("The United States designated Cuba a state sponsor of terrorism.", "designated",
     "SANCTION"),
    # PLOVER records of the held-in half
    ("A US national has been put under investigation in Italy for her possible role in "
     "rioting during a G8 summit in Genoa last month.", "put", "ACCUSE"),
    ("The Sri Lankan army has been holding thousands of Tamil civilian refugees as human "
     "shields in the battle zones.", "holding", "COERCE"),
])
def test_new_senses(nlp, text, word, type_):
    assert type_ in _types(nlp, text, word)


@pytest.mark.parametrize(("text", "word"), [
    # the same words with arguments that make no event
    ("The company fired its chief executive on Monday.", "fired"),
    ("Fans threw a party for the team at the stadium.", "threw"),
    ("The fire at the factory spread to two warehouses.", "fire"),
    ("He called the meeting productive.", "called"),
    ("The surgery was a difficult operation.", "operation"),
    ("The process of counting votes took three days.", "process"),
    ("The court overturned the acquittal of the two men.", "overturned"),
    ("The ministry granted him a licence.", "granted"),
    ("She spoke with reporters after the hearing.", "spoke"),
    ("A clinical trial of the new vaccine began in May.", "trial"),
    ("The council put the plan under review.", "put"),
    ("The party designated her as its candidate for mayor.", "designated"),
    ("The discussions on the budget lasted until midnight.", "discussions"),
])
def test_look_alikes_are_no_trigger_of_that_sense(nlp, text, word):
    assert set(_types(nlp, text, word)) <= {None, "AID"}, _types(nlp, text, word)


@pytest.mark.parametrize(("text", "type_", "actor", "target"), [
    ("Somali government soldiers, supported by local clan militias and the U.S. military, "
     "are conducting operations against al-Shabab in central Somalia.", "ASSAULT",
     "Somali government soldiers", "al-Shabab"),
    ("Rubio also credited Britain and France for playing a constructive role in talks with "
     "Ukraine.", "SUPPORT", "Rubio", "Britain"),
    ("Rasmussen pointed to China's punitive measures against Australia for the latter's "
     "refusal to cave to Beijing's demands.", "SANCTION", "China", "Australia"),
    ("The United States has voiced concern over the violence in Israel, with National "
     "Security Advisor Jake Sullivan speaking by phone Sunday with Israeli counterpart Meir "
     "Ben-Shabbat, according to the White House.", "CONSULT", "Jake Sullivan",
     "Meir Ben-Shabbat"),
    ("In a video message released Sunday, Ghani pointed a finger at the Taliban.", "ACCUSE",
     "Ghani", "Taliban"),
])
def test_events_from_new_senses_keep_their_parties(pipeline, text, type_, actor, target):
    doc = _analyze(pipeline, text)
    assert any(e.type == type_ and actor in (e.actor or "") and target in (e.target or "")
               for e in doc.events), [(e.type, e.text, e.actor, e.target) for e in doc.events]
