"""The attribution scorer on a small hand-made brat file (no corpus needed)."""

from __future__ import annotations

from newsgraph.eval.attribution import (
    Attribution,
    match,
    read_ann,
    speaker_matches,
    univocal,
)

TEXT = ('"We will win," Smith said. Jones said that taxes would rise.\n')
ANN = """T1\tContent 0 14\t"We will win,"
T2\tSource 15 20\tSmith
T3\tCue 21 25\tsaid
T4\tAttribution 21 25\tsaid
E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3
T5\tSource 27 32\tJones
T6\tCue 33 37\tsaid
T7\tContent 38 60\tthat taxes would rise
T8\tAttribution 33 37\tsaid
E2\tAttribution:T8 Content:T7 Source:T5 Cue:T6
"""


def test_read_ann_splits_direct_and_indirect(tmp_path):
    path = tmp_path / "a_x.ann"
    path.write_text(ANN, encoding="utf-8")
    gold = read_ann(path, TEXT)
    assert [(g.direct, TEXT[slice(*g.source)]) for g in gold] == [(True, "Smith"),
                                                                  (False, "Jones")]


def test_match_needs_half_of_the_longer_span():
    gold = [Attribution((0, 100), None)]
    assert match(gold, [Attribution((0, 50), None)])
    assert not match(gold, [Attribution((0, 49), None)])
    assert not match(gold, [Attribution((0, 210), None)])


def test_speaker_match_by_span_entity_or_name():
    gold = Attribution((0, 10), (15, 20))
    assert speaker_matches(gold, Attribution((0, 10), (16, 18)), TEXT, {})
    assert speaker_matches(gold, Attribution((0, 10), (90, 92), speaker_entity="e1"), TEXT,
                           {"e1": [(15, 20)]})
    assert speaker_matches(gold, Attribution((0, 10), None, speaker_name="John Smith"), TEXT, {})
    assert not speaker_matches(gold, Attribution((0, 10), None, speaker_name="Jones"), TEXT, {})


def test_discontinuous_content_counts_its_pieces_not_the_cue_between():
    # '"A," he said, "B."': gold pieces A and B; the source and cue between are no content
    gold = [Attribution((0, 100), None, parts=[(0, 40), (60, 100)])]
    assert match(gold, [Attribution((0, 100), None, parts=[(0, 40), (60, 100)])])
    assert match(gold, [Attribution((0, 40), None)])  # 40 of 80 content characters
    assert not match(gold, [Attribution((40, 60), None)])  # only the "he said" between


def test_a_report_between_the_pieces_of_a_quotation_is_not_inside_it():
    # '"A," Smith said, suggesting that X, "B."': the participle's content lies in the
    # writer's text between the pieces, so PolNeAR scores it as an attribution of its own
    split = Attribution((0, 100), None, parts=[(0, 30), (80, 100)])
    between = Attribution((50, 75), None)
    inside_a_piece = Attribution((5, 20), None)
    assert univocal([split, between, inside_a_piece]) == [split, between]
