"""The shipped cue model: loads offline from the package, and turns down cue words that
report nothing while keeping reporting verbs."""

from __future__ import annotations

import pytest

from newsgraph.attribution.cuemodel import (
    DEFAULT_THRESHOLD,
    features,
    load_cue_model,
)
from newsgraph.ingest import RawArticle
from newsgraph.pipeline import Pipeline


def test_shipped_weights_load_offline():
    model = load_cue_model()
    assert model is not None and len(model.weights) > 100
    assert 0 < model.threshold < 1
    # the threshold the trainer scores at (``make reproduce`` compares those scores)
    assert model.threshold == DEFAULT_THRESHOLD
    for key in ("precision", "recall", "f1"):
        assert 0 < model.scores[key] <= 1
    again = type(model).from_json(model.to_json())
    assert again.weights == model.weights and again.bias == model.bias


@pytest.fixture(scope="module")
def nlp():
    return Pipeline(extractors=()).nlp


def test_reporting_verb_is_kept(nlp):
    doc = nlp("The minister said that the border would stay closed.")
    model = load_cue_model()
    said = next(t for t in doc if t.lower_ == "said")
    assert model.probability(features(said, False)) > 0.5


def test_quotes_still_found_with_the_model_in():
    pipe = Pipeline(extractors=("entities", "quotes"))
    document = pipe.analyze(RawArticle(id="m", text="“We will not stop,” the minister said."))
    assert [q.kind for q in document.quotes] == ["direct"]
