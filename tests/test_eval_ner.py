"""The CoNLL NER evaluation: reader, text rebuilding, span scorer, and a small real run."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.eval import EvalReport, Score
from newsgraph.eval.ner import (
    ALL,
    TYPES,
    ConllDocument,
    Sentence,
    build_text,
    evaluate_model,
    gold_spans,
    iob_spans,
    read_conll,
    run,
    score_spans,
    to_conll,
)

# Invented sentences, CoNLL-2003 layout: token POS chunk NER.
SNIPPET = """\
-DOCSTART- -X- -X- O

Maria NNP B-NP B-PER
Okonkwo NNP I-NP I-PER
joined VBD B-VP O
Baltic NNP B-NP B-ORG
Ferries NNPS I-NP I-ORG
in IN B-PP O
Tallinn NNP B-NP B-LOC
. . O O

She PRP B-NP O
spoke VBD B-VP O
Estonian JJ B-NP B-MISC
. . O O

-DOCSTART- -X- -X- O

Oslo NNP B-NP B-LOC
won VBD B-VP O
"""


def test_reader_splits_documents_and_sentences():
    docs = read_conll(SNIPPET.splitlines())
    assert [len(d.sentences) for d in docs] == [2, 1]
    first = docs[0].sentences[0]
    assert first.tokens[:2] == ["Maria", "Okonkwo"]
    assert first.tags[:2] == ["B-PER", "I-PER"]
    assert docs[0].n_tokens == 12
    # the last sentence has no trailing blank line and is still read
    assert docs[1].sentences[0].tokens == ["Oslo", "won"]


def test_reader_without_docstart_gives_one_document():
    docs = read_conll(["Lima NNP B-NP B-LOC", "", "rain NN B-NP O"])
    assert len(docs) == 1 and len(docs[0].sentences) == 2


def test_iob_spans_conlleval_chunks():
    assert iob_spans(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    # IOB1: I- after O starts a chunk; a type change starts a chunk
    assert iob_spans(["I-ORG", "I-ORG", "I-LOC"]) == {(0, 2, "ORG"), (2, 3, "LOC")}
    # two adjacent entities of one type
    assert iob_spans(["B-PER", "B-PER", "I-PER"]) == {(0, 1, "PER"), (1, 3, "PER")}
    assert iob_spans(["O", "B-MISC"], offset=10) == {(11, 12, "MISC")}


def test_gold_spans_use_document_token_indices():
    doc = read_conll(SNIPPET.splitlines())[0]
    assert gold_spans(doc) == {(0, 2, "PER"), (3, 5, "ORG"), (6, 7, "LOC"), (10, 11, "MISC")}


def test_build_text_offsets_point_at_tokens():
    doc = read_conll(SNIPPET.splitlines())[0]
    text = build_text(doc)
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert [text.text[a:b] for a, b in zip(text.starts, text.ends, strict=True)] == tokens
    assert text.text.startswith("Maria Okonkwo joined")
    assert "Tallinn .\nShe spoke" in text.text


def test_snap_expands_to_whole_tokens():
    text = build_text(ConllDocument([Sentence(["U.S.-based", "Acme", "Corp"], ["O"] * 3)]))
    assert text.snap(0, 4) == (0, 1)  # "U.S." inside the first token
    assert not text.is_aligned(0, 4)
    assert text.snap(11, 20) == (1, 3)
    assert text.is_aligned(11, 20)
    assert text.snap(10, 11) is None  # the space between tokens


def test_to_conll_maps_labels_and_drops_numbers():
    text = build_text(read_conll(SNIPPET.splitlines())[0])
    spans, unaligned = to_conll([
        (0, 13, "PERSON"),  # Maria Okonkwo
        (39, 46, "GPE"),  # Tallinn
        (59, 67, "NORP"),  # Estonian
        (0, 5, "DATE"),  # dropped
    ], text)
    assert text.text[39:46] == "Tallinn" and text.text[59:67] == "Estonian"
    assert spans == {(0, 2, "PER"), (6, 7, "LOC"), (10, 11, "MISC")}
    assert unaligned == 0


def test_score_spans_exact_match_per_type():
    gold = [{(0, 2, "PER"), (3, 5, "ORG"), (6, 7, "LOC")}, {(0, 1, "LOC")}]
    pred = [{(0, 2, "PER"), (3, 4, "ORG"), (6, 7, "MISC")}, {(0, 1, "LOC"), (2, 3, "PER")}]
    scores = score_spans(gold, pred)
    assert (scores["PER"].tp, scores["PER"].fp, scores["PER"].fn) == (1, 1, 0)
    assert (scores["ORG"].tp, scores["ORG"].fp, scores["ORG"].fn) == (0, 1, 1)
    assert (scores["LOC"].tp, scores["LOC"].fp, scores["LOC"].fn) == (1, 0, 1)
    assert (scores["MISC"].tp, scores["MISC"].fp, scores["MISC"].fn) == (0, 1, 0)
    overall = scores[ALL]
    assert (overall.tp, overall.fp, overall.fn) == (2, 3, 2)
    assert overall.precision == pytest.approx(2 / 5)
    assert overall.recall == pytest.approx(2 / 4)


_tags = st.lists(st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-MISC"]),
                 max_size=30)


@settings(max_examples=300)
@given(_tags)
def test_iob_spans_are_disjoint_and_round_trip(tags):
    spans = sorted(iob_spans(tags))
    covered = [i for start, end, _ in spans for i in range(start, end)]
    assert len(covered) == len(set(covered))
    assert all(tags[i] != "O" for i in covered)
    # written back as IOB2, the chunks read the same
    iob2 = ["O"] * len(tags)
    for start, end, kind in spans:
        iob2[start:end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - start - 1)
    assert sorted(iob_spans(iob2)) == spans


@settings(max_examples=300)
@given(st.lists(st.text(st.characters(blacklist_categories=["Z", "C"]), min_size=1,
                        max_size=6), min_size=1, max_size=12), st.data())
def test_snap_of_token_boundaries_is_identity(tokens, data):
    text = build_text(ConllDocument([Sentence(tokens, ["O"] * len(tokens))]))
    i = data.draw(st.integers(0, len(tokens) - 1))
    j = data.draw(st.integers(i + 1, len(tokens)))
    assert text.snap(text.starts[i], text.ends[j - 1]) == (i, j)
    assert text.is_aligned(text.starts[i], text.ends[j - 1])


def test_model_run_on_invented_text(nlp):
    docs = read_conll(SNIPPET.splitlines())
    result = evaluate_model(docs)
    spacy_scores = next(s for name, s in result.scores.items() if name.startswith("spacy:"))
    assert spacy_scores[ALL].tp + spacy_scores[ALL].fn == 5
    assert spacy_scores["PER"].tp == 1  # "Maria Okonkwo"
    assert result.words == 14 and result.words_per_second > 0


def test_run_on_first_dev_document(data_dir):
    if not (data_dir / "conllpp" / "conllpp_dev.txt").exists():
        pytest.skip("CoNLL++ dev is absent")
    report = run(data_dir, model=None, limit=1)  # the first document: 16 sentences
    assert isinstance(report, EvalReport)
    systems = {row.system for row in report.rows}
    assert any(s.startswith("spacy:") for s in systems)
    for system in systems:
        rows = {row.measure: row for row in report.rows if row.system == system}
        assert set(rows) == {ALL, *TYPES}
        assert rows[ALL].support == sum(rows[t].support for t in TYPES) > 0
        assert 0.2 < rows[ALL].f1 <= 1.0
    assert any("in 1 documents" in note for note in report.notes)
    assert any("words/s" in note for note in report.notes)


def test_score_type_is_shared():
    # the task reports through the framework's Score, not a copy of it
    assert isinstance(score_spans([set()], [set()])[ALL], Score)
