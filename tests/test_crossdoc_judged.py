"""The hand-judged cross-article sample and the seed cases are well-formed data."""

from __future__ import annotations

import json

from newsgraph.eval.crossdoc import CASES, HELD_OUT, JUDGED, holds, judged_scores, load_records


def test_every_judged_record_is_keyed_and_judged():
    records = load_records(JUDGED)
    assert records
    for r in records:
        assert r["kind"] in {"contradiction", "revision"}
        for side in (r["a"], r["b"]):
            start, end = side["span"]
            assert side["doc"] and 0 <= start <= end and side["text"]
            assert side["doc"] not in HELD_OUT
        assert isinstance(r["real"], bool) and r["why"].strip()
        assert r["pool"] == ("links" if r["linked"] else "candidates")


def test_precision_counts_linked_pairs_and_pool_recall_real_ones():
    def record(kind, linked, real):
        side = {"doc": "d", "span": [0, 1], "text": "x"}
        return {"kind": kind, "a": side, "b": side, "linked": linked, "real": real}

    scores = judged_scores([record("revision", True, True), record("revision", True, False),
                            record("revision", False, True), record("revision", False, False),
                            record("contradiction", False, None)])
    assert scores["revision"].precision == 0.5
    assert scores["revision"].pool_recall == 0.5
    assert scores["contradiction"].precision is None and scores["contradiction"].unjudged == 1


def test_seed_cases_name_what_they_check():
    cases = json.loads(CASES.read_text("utf-8"))["cases"]
    assert {"expect", "forbid"} & {k for c in cases for k in c}
    for case in cases:
        for link in case.get("expect", []) + case.get("forbid", []):
            assert link["kind"] in {"revision", "contradiction"}
            assert not holds(link, [], [])  # nothing found holds nothing


def test_unjudged_lists_a_stores_links_without_a_judgement(tmp_path, capsys):
    from newsgraph.eval.crossdoc import coverage, main
    from newsgraph.store import Store

    db = str(tmp_path / "empty.duckdb")
    with Store.open(db):
        pass
    found = coverage(db)
    assert (found.links, found.unjudged, found.far_apart) == (0, [], [])
    assert main(["unjudged", db]) == 0
    assert "0 links, 0 without a judgement" in capsys.readouterr().err
    assert main(["judge"]) == 2
