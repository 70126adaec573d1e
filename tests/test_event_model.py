"""The shipped event model: loads offline from the package, keeps a plain attack report
and turns down event verbs of a business story; the per-type conditions drop aims,
plans and crashes."""

from __future__ import annotations

import pytest

from newsgraph.events.eventmodel import load_event_model
from newsgraph.ingest import RawArticle
from newsgraph.pipeline import Pipeline


def test_shipped_weights_load_offline():
    model = load_event_model()
    assert model is not None and len(model.weights) > 100
    assert 0 < model.threshold < 1
    for key in ("precision", "recall", "f1"):
        assert 0 < model.scores[key] <= 1
    again = type(model).from_json(model.to_json())
    assert again.weights == model.weights and again.bias == model.bias


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(extractors=("entities", "datelines", "timexes", "quotes", "events"))


def _events(pipe, text):
    return [(e.type, e.text) for e in pipe.analyze(RawArticle(id="t", text=text)).events]


def test_attack_report_is_kept(pipe):
    found = _events(pipe, "Russian forces attacked the Ukrainian city of Kharkiv on Monday "
                          "with missiles, killing four civilians.")
    assert ("ASSAULT", "attacked") in found


@pytest.mark.parametrize("text", [
    "He was sanctioned in 2011 over a plot to kill the Saudi ambassador.",
    "The truck struck a group of motorcycles on the highway, killing seven riders.",
    "Volker worked to arrange a meeting between Zelensky and Trump.",
    "Malawi's education authorities refused to comment.",
    "In 1990, Milken pleaded guilty to six charges.",
    "Pierce and Carroll endorsed charter schools, though Carroll had concerns.",
    "Jorgensen opposes the police state and the taxing authority equally.",
])
def test_no_event_where_nothing_happened_between_parties(pipe, text):
    assert _events(pipe, text) == []


def test_opposing_a_named_party_is_a_rejection(pipe):
    found = _events(pipe, "Israel is opposed to French mediation in peace negotiations "
                          "with Syria, an aide said.")
    assert ("REJECT", "opposed") in found
