"""The VOA event dev-set scorer on hand-made cases, and the gold itself: well formed, its
offsets on its text (that check skips without the shared corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.eval import RESERVED_VOA, Row
from newsgraph.eval.events_dev import (
    DEV_GOLD,
    DEV_STORIES,
    DevTally,
    annotated_stories,
    read_dev_gold,
    score_story,
    stories_of_half,
    tally_rows,
)
from newsgraph.eval.stances import half
from newsgraph.events.coding import PLOVER_TYPES
from newsgraph.schema import Event, Mention

STORIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "voa" / "voa_stories.jsonl"
STATUSES = {"happened", "negated", "threatened", "planned", "reported-claim"}


def gold(start, end, type_, actor=None, event=None, **more):
    return {"kind": "event", "type": type_, "start": start, "end": end, "actor": actor,
            "event": event, **more}


def negative(start, end):
    return {"kind": "negative", "start": start, "end": end, "reason": "not political"}


def predicted(start, end, type_, actor=None, mentions=(), **more):
    return Event(text="x" * (end - start), span=(start, end), type=type_, actor=actor,
                 mentions=[Mention(text="x" * (e - s), span=(s, e)) for s, e in mentions],
                 **more)


def rows_by_measure(tally: DevTally) -> dict[str, Row]:
    return {r.measure: r for r in tally_rows(tally, "t")}


def test_recall_counts_a_happening_once_and_needs_type_and_actor():
    items = [gold(0, 8, "ASSAULT", "Militants", event="a"),
             gold(50, 56, "ASSAULT", "Militants", event="a"),  # the same attack again
             gold(100, 108, "ACCUSE", "Islamabad|Pakistan"),
             gold(200, 205, "REJECT", "Afghan Taliban")]
    events = [predicted(52, 56, "ASSAULT", "the militants"),
              predicted(100, 108, "ACCUSE", "Pakistan", target="militants"),
              predicted(200, 205, "ACCUSE", "Afghan Taliban")]
    tally = DevTally()
    score_story(items, events, tally)
    assert (tally.happenings, tally.found, tally.type_right, tally.type_actor_right) == (3, 3, 2, 2)
    rows = rows_by_measure(tally)
    assert rows["recall: type and actor right"].recall == pytest.approx(2 / 3)
    assert rows["precision: a gold event (any type)"].precision == 1.0
    assert rows["precision: a gold event of the predicted type"].precision == pytest.approx(2 / 3)
    accuse = rows["type ACCUSE (2 predicted)"]
    assert (accuse.precision, accuse.recall) == (0.5, 1.0)
    assert rows["type REJECT (0 predicted)"].recall == 0.0


def test_negatives_duplicates_and_strays_are_false_positives():
    items = [gold(0, 8, "ASSAULT", "BLA"), negative(30, 38)]
    events = [predicted(0, 8, "ASSAULT", "BLA"), predicted(2, 5, "ASSAULT", "BLA"),
              predicted(31, 35, "AID", "UK"), predicted(60, 64, "CONSULT", "UN")]
    tally = DevTally()
    score_story(items, events, tally)
    assert (tally.predicted, tally.credited, tally.duplicates, tally.on_negative) == (4, 1, 1, 1)
    assert rows_by_measure(tally)["precision: a gold event (any type)"].precision == 0.25


def test_a_further_mention_matches_and_the_right_type_is_credited_first():
    items = [gold(10, 16, "SANCTION", "United States", event="s"),
             gold(80, 88, "SANCTION", "United States", event="s")]
    wrong_type = predicted(10, 16, "COERCE", "United States")
    right_type = predicted(40, 44, "SANCTION", "Washington", mentions=[(80, 88)],
                           actor_code="USAGOV")
    tally = DevTally()
    score_story([dict(i, actor_code="USAGOV") for i in items], [wrong_type, right_type], tally)
    assert (tally.type_right, tally.type_actor_right, tally.duplicates) == (1, 1, 1)


def test_actor_target_and_place_accuracy_over_events_found_with_the_type_right():
    items = [gold(0, 5, "ASSAULT", "gunmen", target="hotel", place="Somalia|Mogadishu"),
             gold(20, 25, "COERCE", "police", target=None, place=None)]
    events = [predicted(0, 5, "ASSAULT", "Gunmen", target="a hotel", location="Mogadishu"),
              predicted(20, 25, "COERCE", "Police", target="them")]
    tally = DevTally()
    score_story(items, events, tally)
    assert tally.fields == {"actor": [2, 2], "target": [1, 2], "place": [2, 2]}


def test_halves_follow_the_attribution_dev_set():
    assert stories_of_half("reporting", ["8006651", "8009976", "8011115"]) == ["8006651"]
    assert stories_of_half("tuning", ["8006651", "8009976"]) == ["8009976"]
    assert half("8006651") == "reporting"


def test_gold_is_well_formed_and_split():
    stories = annotated_stories()
    assert stories and not set(stories) & RESERVED_VOA and len(set(stories)) == len(stories)
    gold_items = read_dev_gold()
    assert set(gold_items) <= set(stories)
    for items in gold_items.values():
        for item in items:
            assert item["kind"] in ("event", "negative") and 0 <= item["start"] < item["end"]
            if item["kind"] == "event":
                assert item["type"] in PLOVER_TYPES and item["status"] in STATUSES
            else:
                assert item["reason"]
    lines = DEV_STORIES.read_text("utf-8").splitlines()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            story, which = line.split()[:2]
            assert which == half(story)


@pytest.mark.skipif(not STORIES.exists(), reason="shared VOA stories absent")
def test_gold_offsets_point_at_their_trigger():
    texts = {str(r["id"]): r["text"] for r in map(json.loads, STORIES.read_text("utf-8")
                                                   .splitlines())}
    for story, items in read_dev_gold(DEV_GOLD).items():
        for item in items:
            assert texts[story][item["start"]:item["end"]] == item["trigger"], item


def test_a_bad_half_setting_is_named_and_nothing_scored(monkeypatch, tmp_path):
    from newsgraph.eval.events import voa_dev_rows

    monkeypatch.setenv("NEWSGRAPH_EVAL_EVENTS_HALF", "middle")
    rows, notes = voa_dev_rows(tmp_path, None)
    assert rows == [] and "NEWSGRAPH_EVAL_EVENTS_HALF='middle'" in notes[0]


def test_absent_gold_or_stories_leave_a_note(tmp_path):
    from newsgraph.eval.events_dev import dev_rows

    rows, notes = dev_rows(tmp_path, None, gold_path=tmp_path / "none.jsonl")
    assert rows == [] and "absent" in notes[0]
    rows, notes = dev_rows(tmp_path, None)  # no voa/voa_stories.jsonl under tmp_path
    assert rows == [] and "voa_stories.jsonl absent" in notes[0]


def test_fields_are_judged_on_the_whole_happening():
    items = [gold(0, 5, "CONSULT", "Trump", event="m", place="White House"),
             gold(40, 47, "CONSULT", None, event="m", place=None, target="Erdogan"),
             gold(90, 95, "CONSULT", "Rubio", place=None)]
    events = [predicted(40, 47, "CONSULT", "Trump", target="Erdogan", location="White House"),
              predicted(90, 95, "CONSULT", "Rubio", location="Jeddah")]
    tally = DevTally()
    score_story(items, events, tally)
    assert tally.fields == {"actor": [2, 2], "target": [2, 2], "place": [1, 2]}
