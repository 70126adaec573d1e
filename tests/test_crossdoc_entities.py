"""Cross-document entity resolution on short articles run through the real pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.crossdoc.entities import fold, resolve_entities

ARTICLES = {
    "pentagon-1": (
        "Pentagon spokesperson Sabrina Singh said on Monday that North Korean troops had "
        "moved into Russia's Kursk region. Singh added that the United States was consulting "
        "its allies in Seoul."
    ),
    "pentagon-2": (
        "Singh told reporters at the Pentagon that the United States had seen no sign of "
        "North Korean soldiers in combat. The Pentagon would share more later, Singh said."
    ),
    "india": (
        "Former Indian Prime Minister Manmohan Singh died in New Delhi on Thursday. Singh "
        "led India for a decade and was praised by the Congress party."
    ),
    "kyiv-1": (
        "Ukrainian President Volodymyr Zelenskiy met NATO officials in Kiev on Tuesday. "
        "Zelenskiy asked for more air defence systems."
    ),
    "kyiv-2": (
        "President Volodymyr Zelenskyy said in Kyiv that Ukraine needed long-range weapons. "
        "Zelenskyy thanked the United States for its support."
    ),
}


@pytest.fixture(scope="module")
def documents():
    from newsgraph.ingest import read_text_article
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(extractors=("datelines", "entities"))
    return [pipeline.analyze(read_text_article(text, id=key, published="2024-10-28"))
            for key, text in ARTICLES.items()]


@pytest.fixture(scope="module")
def resolution(documents):
    return resolve_entities(documents)


def identity(resolution, documents, article: str, name: str) -> str:
    doc = next(d for d in documents if d.id == article)
    entity = next(e for e in doc.entities if e.name == name)
    return resolution.global_id(article, entity.id)


def test_same_person_across_articles(resolution, documents):
    sabrina = identity(resolution, documents, "pentagon-1", "Sabrina Singh")
    # the second article only says "Singh": context (Pentagon, United States) decides
    assert identity(resolution, documents, "pentagon-2", "Singh") == sabrina
    merged = resolution.get(sabrina)
    assert (merged.name, merged.type) == ("Sabrina Singh", "PERSON")
    assert any(e.rule == "surname" and "pentagon" in e.detail for e in merged.evidence)


def test_a_different_singh_stays_apart(resolution, documents):
    sabrina = identity(resolution, documents, "pentagon-1", "Sabrina Singh")
    manmohan = identity(resolution, documents, "india", "Manmohan Singh")
    assert sabrina != manmohan
    assert {m.article for m in resolution.get(manmohan).members} == {"india"}


def test_transliterations_fold_with_evidence(resolution, documents):
    first = identity(resolution, documents, "kyiv-1", "Volodymyr Zelenskiy")
    assert identity(resolution, documents, "kyiv-2", "Volodymyr Zelenskyy") == first
    kiev = identity(resolution, documents, "kyiv-1", "Kiev")
    assert identity(resolution, documents, "kyiv-2", "Kyiv") == kiev
    rules = {(e.rule, e.left, e.right) for e in resolution.get(kiev).evidence}
    assert ("transliteration", "Kiev", "Kyiv") in rules
    assert resolution.find("Zelensky")[0].id == first


def test_countries_and_organisations_are_one_identity_each(resolution, documents):
    us = {identity(resolution, documents, a, "United States")
          for a in ("pentagon-1", "pentagon-2", "kyiv-2")}
    assert len(us) == 1
    assert len({identity(resolution, documents, a, "Pentagon")
                for a in ("pentagon-1", "pentagon-2")}) == 1


def test_every_article_entity_has_one_identity(resolution, documents):
    for doc in documents:
        for entity in doc.entities:
            assert resolution.global_id(doc.id, entity.id) is not None
    members = [(m.article, m.entity) for g in resolution.entities for m in g.members]
    assert len(members) == len(set(members)) == sum(len(d.entities) for d in documents)


def test_exact_mode_does_not_fold_spellings(documents):
    exact = resolve_entities(documents, fuzzy=False)
    assert all(e.rule != "surname" for g in exact.entities for e in g.evidence)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=40) | st.from_regex(r"[OoUuIiYyKkHh ]{0,40}", fullmatch=True))
def test_fold_is_idempotent_and_total(name):
    folded = fold(name)
    assert fold(folded) == folded
    assert folded == folded.strip()


def test_organisation_short_names():
    from newsgraph.ingest import read_text_article
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(extractors=("datelines", "entities"))
    texts = {
        "a": "Apple Inc. said on Tuesday that iPhone sales rose in China and Europe.",
        "b": "Shares of Apple fell in New York after the company warned on sales in China.",
        "c": "Apple Records reissued a Beatles album in London on Friday.",
    }
    docs = [pipeline.analyze(read_text_article(t, id=k)) for k, t in texts.items()]
    resolution = resolve_entities(docs)
    apple = resolution.find("Apple Inc")
    assert len(apple) == 1
    assert {"a", "b"} <= set(apple[0].articles)
    assert "c" not in apple[0].articles  # another organisation, no shared context


def _doc(doc_id: str, *entities: tuple[str, list[str]]):
    from newsgraph.schema import Document, Entity, Mention

    text = " ".join(form for _, forms in entities for form in forms)
    found, at = [], 0
    for number, (name, forms) in enumerate(entities, start=1):
        mentions = []
        for form in forms:
            at = text.index(form, at)
            mentions.append(Mention(text=form, span=(at, at + len(form))))
            at += len(form)
        found.append(Entity(id=f"e{number}", name=name, type="ORG", mentions=mentions))
    return Document(id=doc_id, text=text, entities=found)


def test_an_acronym_joins_only_a_name_an_article_spelled_it_out_as():
    docs = [
        _doc("a", ("North Atlantic Treaty Organization", ["North Atlantic Treaty Organization",
                                                          "NATO"])),
        _doc("b", ("NATO", ["NATO"]), ("WN", ["WN"])),
        _doc("c", ("When Neandertals", ["When Neandertals"])),
    ]
    resolution = resolve_entities(docs)
    assert resolution.global_id("b", "e1") == resolution.global_id("a", "e1")
    assert resolution.global_id("b", "e2") != resolution.global_id("c", "e1")
