"""Readers of the cross-document evaluation (ECB+, MEANTIME) and their token offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.eval.clusters import detokenize, read_ecbplus, read_meantime

TOKEN = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1,
                max_size=8)


@settings(max_examples=1000)
@given(st.lists(TOKEN | st.sampled_from([",", ".", "'s", "(", ")", "$", "``", "''"]),
                max_size=30))
def test_detokenize_offsets_cover_each_token(tokens):
    text, offsets = detokenize(tokens)
    assert len(offsets) == len(tokens)
    for token, (start, end) in zip(tokens, offsets, strict=True):
        expected = "\"" if token in {"``", "''"} else token
        assert text[start:end] == expected


def test_detokenize_spacing():
    text, _ = detokenize(["Reid", "'s", "rep", "(", "Jack", ")", "said", ",", "``", "Hi", "''"],
                         breaks=[0])
    assert text == "Reid's rep (Jack) said, \"Hi\""


def test_ecbplus_gold_subtopics(data_dir):
    docs = read_ecbplus(data_dir, limit=60)
    assert docs and all(d.label in {f"{d.topic}ecb", f"{d.topic}ecbplus"} for d in docs)
    assert not any(d.text.lstrip().startswith("http") for d in docs)  # URL lines dropped


def test_meantime_gold_mentions_align(data_dir):
    docs = read_meantime(data_dir, limit=5)
    assert docs and all(d.published for d in docs)
    for doc in docs:
        for _m_id, positions, instance in doc.mentions:
            start, end = doc.offsets[positions[0]][0], doc.offsets[positions[-1]][1]
            assert doc.text[start:end].strip() and instance
