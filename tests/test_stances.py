"""Sourced stances that are not (only) quotations: refusals, denials, confirmations,
hedges and conditions, on real sentences."""

from __future__ import annotations

import pytest

from newsgraph.ingest import RawArticle
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Document, Stance, check_spans


@pytest.fixture(scope="module")
def analyze():
    pipe = Pipeline(extractors=("entities", "quotes", "sources", "stances"))

    def run(text: str) -> Document:
        document = pipe.analyze(RawArticle(id="t", text=text))
        assert check_spans(document) == []
        return document

    return run


def only_stance(document: Document) -> Stance:
    assert len(document.stances) == 1, [(s.status, s.text) for s in document.stances]
    return document.stances[0]


@pytest.mark.parametrize(("text", "status", "holder", "cue"), [
    ("The Department of Homeland Security did not immediately respond to a request for "
     "comment.", "no_comment", "Department of Homeland Security", "respond"),
    ("The company has yet to comment on the lawsuit.", "no_comment", "company",
     "has yet to comment"),
    ("Officials declined to discuss the matter.", "no_comment", "Officials",
     "declined to discuss"),
    ("John Smith could not be reached for comment.", "no_comment", "John Smith", "reached"),
    ("The three men pleaded not guilty to murder charges.", "denied", "three men",
     "pleaded not guilty"),
    ("The Islamic State group claimed responsibility for the attack.", "confirmed",
     "Islamic State group", "claimed responsibility"),
    ("The ministry later confirmed that two soldiers had died.", "confirmed", "ministry",
     "confirmed"),
    ("Russia denied the allegations.", "denied", "Russia", "denied"),
    ("President Vladimir Putin did not deny that troops were there.", "not_denied",
     "Vladimir Putin", "deny"),
    ("The Pentagon refrained from confirming the presence of the troops.", "not_confirmed",
     "Pentagon", "confirming"),
    ("The spokesman called the report baseless.", "denied", "spokesman", "called"),
])
def test_sourced_stance(analyze, text, status, holder, cue):
    stance = only_stance(analyze(text))
    assert stance.status == status
    assert stance.holder is not None and stance.holder.name == holder
    assert stance.cue is not None and stance.cue.text == cue


def test_denial_inside_a_relative_clause(analyze):
    document = analyze("Sikh leaders accused India of the killing, a charge New Delhi quickly "
                       "rejected.")
    denial = next(s for s in document.stances if s.status == "denied")
    assert denial.holder.name == "New Delhi"
    assert denial.proposition is not None and denial.proposition.text == "a charge"


@pytest.mark.parametrize(("text", "cue", "proposition"), [
    ("Ivanov was allegedly behind the plot.", "allegedly", "Ivanov was allegedly behind the plot"),
    ("The rebels are believed to have withdrawn from the town.", "believed",
     "The rebels are believed to have withdrawn from the town"),
    ("The missile may have been fired from Iran.", "may",
     "The missile may have been fired from Iran"),
])
def test_writer_hedge_has_no_holder(analyze, text, cue, proposition):
    stance = only_stance(analyze(text))
    assert (stance.status, stance.cue.text, stance.holder) == ("hedged", cue, None)
    assert stance.proposition.text == proposition


def test_condition_qualifies_the_main_clause(analyze):
    stance = only_stance(analyze("If convicted, they face up to 20 years in prison."))
    assert stance.status == "conditional"
    assert stance.proposition.text == "they face up to 20 years in prison"


@pytest.mark.parametrize("text", [
    "The minister rejected the proposal.",
    "Israel denied him entry.",
    "He accused them of not responding effectively.",
    "The army did not respond to the attack.",
    "Even if it rains, the march goes ahead.",
    "He was admitted to hospital on Monday.",
])
def test_no_stance(analyze, text):
    assert analyze(text).stances == []


def test_example_article_stances(example_doc):
    got = {(s.holder.name if s.holder else None, s.cue.text, s.status)
           for s in example_doc.stances}
    assert ("Kremlin", "dismissed", "denied") in got
    assert ("Putin", "refute", "not_denied") in got
    assert ("Pentagon", "confirming", "not_confirmed") in got
    assert not any(s.status == "no_comment" for s in example_doc.stances)
