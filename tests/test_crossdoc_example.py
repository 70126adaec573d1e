"""End to end: the example article and two short follow-ups through the full pipeline."""

from __future__ import annotations

import pytest

from newsgraph.crossdoc.claims import contradictions, revisions, timeline
from newsgraph.crossdoc.clusters import cluster_stories
from newsgraph.crossdoc.entities import resolve_entities

EARLIER = (
    "The Pentagon said on Wednesday that about 3,000 North Korean troops had been sent to "
    "eastern Russia for training. Pentagon spokesperson Sabrina Singh told reporters the "
    "United States did not yet know what the troops would do."
)
LATER = (
    "Ukrainian President Volodymyr Zelenskyy said in Kyiv on Tuesday that North Korean troops "
    "could enter combat within days. Singh, the Pentagon spokesperson, said the United States "
    "was watching closely."
)


@pytest.fixture(scope="module")
def articles(pipeline, example_doc):
    from newsgraph.ingest import read_text_article

    early = pipeline.analyze(read_text_article(EARLIER, id="early", published="2024-10-23"))
    late = pipeline.analyze(read_text_article(LATER, id="late", published="2024-10-29"))
    return [early, example_doc, late]


def test_example_contradiction_deployed_denied_not_denied(example_doc):
    found = contradictions([example_doc])
    assert found, "the Kremlin's denial is set against the reports of deployment"
    positions = found[0].positions
    stances = {(p.source, p.status) for p in positions}
    assert ("Kremlin", "denied") in stances
    assert ("Putin", "not_denied") in stances
    assert any(p.status in {"asserted", "reported"} and "deploy" in p.evidence.text
               for p in positions)
    assert "deploy" in found[0].terms
    for p in positions:
        start, end = p.evidence.span
        assert example_doc.text[start:end] == p.evidence.text


def test_example_revision_3000_to_10000(example_doc):
    found = revisions([example_doc])
    assert any((r.old_value, r.new_value) == (3000, 10000) and "troops" in r.counted
               for r in found)


def test_who_said_what_across_articles(articles):
    resolution = resolve_entities(articles)
    singh = resolution.find("Sabrina Singh")
    assert len(singh) == 1
    # "Singh" alone in the later article (typed GPE by the NER) joins by shared context
    assert singh[0].articles == sorted(a.id for a in articles)
    said = [e for e in timeline(articles, entity=singh[0], resolution=resolution)
            if e.kind == "quote" and e.source == "Sabrina Singh"]
    assert {e.article for e in said} == {a.id for a in articles}
    assert [e.time for e in said] == sorted(e.time for e in said)
    zelensky = resolution.find("Zelensky")
    assert len(zelensky) == 1 and len(zelensky[0].articles) == 2


def test_follow_ups_cluster_with_the_example(articles):
    stories, _ = cluster_stories(articles)
    assert len(stories) == 1


def test_contradiction_across_three_sources(pipeline):
    from newsgraph.ingest import read_text_article

    texts = [
        ("nato", "2024-10-28", "BRUSSELS (Reuters) - NATO said on Monday that North Korean "
         "troops had been deployed to Russia's Kursk region, calling the move a dangerous "
         "escalation."),
        ("kremlin", "2024-10-29", "MOSCOW - Kremlin spokesman Dmitry Peskov on Tuesday denied "
         "that North Korean troops had been deployed to Russia, calling the reports fake news."),
        ("seoul", "2024-10-30", "SEOUL - South Korea's spy agency confirmed on Wednesday that "
         "North Korean soldiers were deployed in Russia."),
    ]
    docs = [pipeline.analyze(read_text_article(text, id=key, published=day))
            for key, day, text in texts]
    found = contradictions(docs, resolve_entities(docs))
    assert len(found) == 1
    stances = {(p.evidence.article, p.status) for p in found[0].positions}
    assert ("kremlin", "denied") in stances
    assert {("nato", "asserted"), ("seoul", "confirmed")} <= stances
    # the act of denying ("denied", an event on the quote's cue) is not a position
    assert all(p.evidence.text != "denied" for p in found[0].positions)
    assert [p.published for p in found[0].positions] == sorted(
        p.published for p in found[0].positions)
