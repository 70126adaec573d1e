"""The time eval task: corpus readers, TempEval-3 scoring, a small run."""

from newsgraph.eval.time import (
    MEANTIME_DIR,
    TBAQ_DIR,
    GoldTimex,
    SysTimex,
    Tally,
    load_meantime,
    load_tbaq,
    run,
    score_doc,
)


def test_scoring_strict_relaxed_and_value():
    gold = [GoldTimex(0, 10, "DATE", "2024"), GoldTimex(20, 25, "DURATION", "P6W")]
    system = [SysTimex(0, 10, "DATE", "2024"), SysTimex(18, 25, "DATE", "P6W"),
              SysTimex(40, 45, "DATE", "2023")]
    tally = Tally()
    score_doc(gold, system, tally)
    assert (tally.strict.tp, tally.strict.fp, tally.strict.fn) == (1, 2, 1)
    assert (tally.relaxed.tp, tally.relaxed.fp, tally.relaxed.fn) == (2, 1, 0)
    assert tally.value.tp == 2
    assert tally.type_correct == 1


def test_readers_keep_gold_offsets(data_dir):
    if not (data_dir / TBAQ_DIR).is_dir() or not (data_dir / MEANTIME_DIR).is_dir():
        import pytest

        pytest.skip("TempEval-3 or MEANTIME data absent")
    for doc in load_tbaq(data_dir, limit=5) + load_meantime(data_dir, limit=5):
        assert doc.dct is not None
        assert doc.timexes
        for t in doc.timexes:
            assert 0 <= t.start < t.end <= len(doc.text)
            assert doc.text[t.start:t.end].strip() == doc.text[t.start:t.end]


def test_small_run_reports_both_systems(data_dir):
    if not (data_dir / TBAQ_DIR).is_dir():
        import pytest

        pytest.skip("TempEval-3 data absent")
    report = run(data_dir, limit=3)
    systems = {row.system for row in report.rows}
    assert len(systems) == 2
    measures = {row.measure for row in report.rows}
    assert "TBAQ relaxed extent" in measures and "MEANTIME value" in measures
