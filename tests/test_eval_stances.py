"""The VOA stance scorer: split, matching and holder names (no corpus needed)."""

from __future__ import annotations

from newsgraph.eval.stances import GOLD, RESERVED, half, holder_matches, match, read_gold
from newsgraph.schema import Cue, Stance


def test_halves_are_fixed_by_the_story_id():
    assert half("8006651") == "reporting" and half("8009976") == "tuning"


def test_gold_is_well_formed_and_reserved_stories_absent():
    gold = read_gold(GOLD)
    assert gold and not set(gold) & RESERVED
    for items in gold.values():
        for g in items:
            assert g["start"] <= g["cue_start"] < g["cue_end"] <= g["end"]
            assert len(g["text"]) == g["end"] - g["start"]


def test_match_prefers_the_cue_then_same_status_evidence():
    gold = [{"status": "denied", "start": 0, "end": 30, "cue_start": 10, "cue_end": 16},
            {"status": "hedged", "start": 40, "end": 60, "cue_start": 41, "cue_end": 50}]
    pred = [Stance(text="x" * 10, span=(45, 55), status="hedged"),
            Stance(text="x" * 20, span=(0, 20), status="confirmed",
                   cue=Cue(text="denied", span=(10, 16)))]
    pairs = match(gold, pred)
    assert [(g["status"], p.status) for g, p in pairs] == [("denied", "confirmed"),
                                                          ("hedged", "hedged")]


def test_holder_names():
    assert holder_matches("Vassily Nebenzia|Nebenzia", "Nebenzia")
    assert holder_matches("Department of Homeland Security|DHS", "the Department of Homeland "
                                                                 "Security")
    assert holder_matches(None, None)
    assert not holder_matches("Beijing", None) and not holder_matches(None, "Beijing")
    assert not holder_matches("Trump", "Rubio")
