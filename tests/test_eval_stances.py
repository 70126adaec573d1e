"""The dev-set scorer: split, matching, holder and speaker names, and the gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.eval import RESERVED_VOA
from newsgraph.eval.stances import (
    DEV_SET,
    QuoteTally,
    dev_files,
    evaluate,
    half,
    holder_matches,
    match,
    match_quotes,
    read_gold,
    read_stances_only,
    read_stories,
    speaker_matches,
    story_texts,
    tally_quotes,
)
from newsgraph.schema import Cue, Document, Quote, Speaker, Stance

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_halves_are_fixed_by_the_story_id():
    assert half("8006651") == "reporting" and half("8009976") == "tuning"


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


def _quote(kind: str, segments: list[tuple[int, int]], speaker: Speaker | None) -> Quote:
    span = (segments[0][0], segments[-1][1])
    return Quote(text="x" * (span[1] - span[0]), span=span, kind=kind, segments=segments,
                 speaker=speaker)


def test_a_split_quotation_matches_by_its_segments_not_the_cue_between():
    # '"AAAA," he said. "BBBB."': gold is one quotation with two segments
    gold = [{"kind": "direct", "speaker": "Ann Lee", "start": 1, "end": 40,
             "segments": [[1, 15], [26, 40]]}]
    whole = _quote("direct", [(1, 15), (26, 40)], Speaker(name="Lee"))
    first = _quote("direct", [(1, 12)], Speaker(name="Lee"))
    assert match_quotes(gold, [first, whole]) == [(gold[0], whole)]
    assert match_quotes(gold, [first]) == []  # a third of the quotation is not it


def test_quote_tally_per_kind_and_speaker_names():
    gold = [{"kind": "direct", "speaker": "Ann Lee", "start": 0, "end": 20},
            {"kind": "indirect", "speaker": "Ministry of Defense|ministry", "start": 30,
             "end": 60},
            {"kind": "partial", "speaker": "Bo", "start": 70, "end": 80}]
    pred = [_quote("direct", [(0, 20)], Speaker(name="Lee")),
            _quote("indirect", [(28, 60)], Speaker(name="she", unresolved=True)),
            _quote("indirect", [(100, 120)], Speaker(name="Bo"))]
    t = QuoteTally()
    tally_quotes(t, gold, pred)
    assert (t.pred_hit["indirect"], t.pred["indirect"]) == (1, 2)
    assert (t.gold_hit["partial"], t.gold["partial"]) == (0, 1)
    assert (t.speaker_ok, t.same_kind) == (1, 2)  # the unresolved "she" is wrong


def test_unresolved_speakers_name_nobody():
    assert not speaker_matches("Ann Lee", Speaker(name="Lee", unresolved=True))
    assert speaker_matches(None, Speaker(name="he", unresolved=True))
    assert speaker_matches(None, None)
    assert speaker_matches("Ann Lee", Speaker(name="Ann Lee", entity_id="e1"))


def test_stories_annotated_for_stances_only_are_marked_by_their_comment(tmp_path):
    path = tmp_path / "stories.txt"
    path.write_text("# a header\n8010694\nwikinews_articles-42  # stances only\n"
                    "wikinews_articles-54 # chosen for hedges\n", encoding="utf-8")
    assert read_stories(path) == ["8010694", "wikinews_articles-42", "wikinews_articles-54"]
    assert read_stances_only(path) == {"wikinews_articles-42"}
    assert read_stances_only(tmp_path / "absent.txt") == set()


def test_tuning_half_reads_its_own_files_and_absent_files_mean_not_annotated(tmp_path):
    files = dev_files("tuning", tmp_path)
    assert files.stances.name == "stances_tuning.jsonl"
    assert files.quotes.name == "quotes_tuning.jsonl"
    assert read_stories(files.stories) == [] and read_gold(files.quotes) == {}
    assert evaluate(tmp_path, pipe=None, which="tuning", root=tmp_path) is None
    with pytest.raises(ValueError):
        dev_files("test")


class _Canned:
    """Stands in for the pipeline: returns one canned analysis per story."""

    def __init__(self, documents: dict[str, Document]):
        self.documents = documents

    def analyze(self, raw):
        return self.documents[raw.id]


def test_evaluate_reads_wikinews_by_its_ingest_id(tmp_path):
    sid = next(f"wikinews_articles-{n}" for n in range(1, 50)
               if half(f"wikinews_articles-{n}") == "reporting")
    n = int(sid.rsplit("-", 1)[1])
    text = 'The mayor said "we will rebuild." Police declined to comment.'
    (tmp_path / "wikinews").mkdir()
    lines = [json.dumps({"title": "t", "text": "filler text"})] * (n - 1)
    lines.append(json.dumps({"title": "t", "text": text}))
    (tmp_path / "wikinews" / "wikinews_articles.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "stories.txt").write_text(f"{sid}  # wikinews\n")
    start = text.index("we will")
    (tmp_path / "quotes.jsonl").write_text(json.dumps(
        {"story": sid, "kind": "direct", "speaker": "mayor", "text": "we will rebuild.",
         "start": start, "end": start + 16, "cue": "said", "cue_start": 10,
         "cue_end": 14}) + "\n")
    cue = text.index("declined")
    (tmp_path / "stances.jsonl").write_text(json.dumps(
        {"story": sid, "status": "no_comment", "holder": "Police", "text": text[cue - 7:-1],
         "start": cue - 7, "end": len(text) - 1, "cue": "declined", "cue_start": cue,
         "cue_end": cue + 8}) + "\n")
    document = Document(id=sid, text=text, stances=[
        Stance(text="declined to comment", span=(cue, cue + 19), status="no_comment",
               holder=Speaker(name="Police"), cue=Cue(text="declined", span=(cue, cue + 8)))])
    report = evaluate(tmp_path, _Canned({sid: document}), root=tmp_path)
    rows = {r.measure: r for r in report.rows}
    assert rows["status no_comment"].recall == 1.0
    assert rows["holder name (matched items)"].accuracy == 1.0
    assert rows["quotations, all kinds"].recall == 0.0  # nothing predicted
    assert "1 Wikinews" in report.dataset


# -- the gold files ---------------------------------------------------------------------

@pytest.mark.parametrize("which", ["reporting", "tuning"])
def test_gold_files_parse_and_hold_no_reserved_story(which):
    files = dev_files(which)
    if not files.stories.exists():
        pytest.skip(f"the {which} half is not annotated")
    stories = read_stories(files.stories)
    assert stories and not set(stories) & RESERVED_VOA
    assert all(half(s) == which for s in stories)
    for items in read_gold(files.stances).values():
        for g in items:
            assert g["story"] in stories and g["status"]
            assert g["start"] <= g["cue_start"] < g["cue_end"] <= g["end"]
            assert len(g["text"]) == g["end"] - g["start"]
    for items in read_gold(files.quotes).values():
        for g in items:
            assert g["story"] in stories and g["kind"] in ("direct", "partial", "indirect")
            assert g["speaker"] is None or g["speaker"].strip()
            pieces = g.get("segments") or [[g["start"], g["end"]]]
            assert pieces == sorted(pieces) and pieces[0][0] == g["start"]
            assert pieces[-1][1] == g["end"]


@pytest.mark.skipif(not DATA.is_dir(), reason="the shared corpora are absent")
@pytest.mark.parametrize("which", ["reporting", "tuning"])
def test_gold_offsets_point_at_their_text(which):
    files = dev_files(which, DEV_SET)
    stories = set(read_stories(files.stories))
    if not stories:
        pytest.skip(f"the {which} half is not annotated")
    texts = story_texts(DATA, stories)
    assert set(texts) == stories
    for path in (files.stances, files.quotes):
        for sid, items in read_gold(path).items():
            for g in items:
                text = texts[sid]
                assert text[g["start"]:g["end"]] == g["text"], (path.name, g)
                if g.get("cue") is not None:
                    assert text[g["cue_start"]:g["cue_end"]] == g["cue"], (path.name, g)
