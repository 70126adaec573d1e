"""Event recall and precision on the hand-annotated VOA event dev set (``eval/events_voa``).

Gold: ``eval/events_voa/events.jsonl``, one item per line: an event mention (``kind``
"event": PLOVER type, trigger offsets, actor, target, place, date, status) or a non-event
(``kind`` "negative": a trigger-like word that reports no political or social action, with
a reason); see ``eval/events_voa/README.md``. Stories are split into a tuning and a
reporting half by the hash of the attribution dev set (:func:`newsgraph.eval.stances.half`),
so a story is in the same half everywhere; the figures are on the reporting half unless
asked otherwise (setting ``eval_events_half``, or ``python -m newsgraph.eval.events_dev --half
tuning`` for this set alone).

Match rule: a predicted event matches a gold mention when one of its spans (its trigger or
one of its further mentions) overlaps the gold trigger; triggers are words of one sentence,
so a match never crosses a sentence. Gold mentions of one happening share an ``event`` id
and count once. Each gold happening is credited to at most one prediction (one of the
right type first); a second prediction on a credited happening is a duplicate.

- Recall (over gold happenings): found by a prediction (any type), with the type right, and
  with type and actor right.
- Precision (over predicted events in the annotated stories): a prediction credited with a
  gold happening is right; one that matches a negative, nothing, or an already credited
  happening (a duplicate) is a false positive. Given for any type and for the type right.
- Per type: precision over predictions of that type, recall over gold happenings of it.
- Actor, target, place: accuracy over happenings found with the type right. A name is right
  when the predicted name and one of the gold's "|" alternatives (in any mention of the
  happening) contain each other as word sequences, or the codes are equal; both absent is
  right, one absent is wrong.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.eval import RESERVED_VOA, EvalReport, Row, Score, shared_articles
from newsgraph.eval.stances import half, holder_matches
from newsgraph.schema import Document, Event

Span = tuple[int, int]
DEV_EVENTS = Path(__file__).resolve().parents[3] / "eval" / "events_voa"
DEV_GOLD = DEV_EVENTS / "events.jsonl"
DEV_STORIES = DEV_EVENTS / "stories.txt"  # every story annotated (an event may have none)
HALVES = ("reporting", "tuning")
FIELDS = ("actor", "target", "place")


def read_dev_gold(path: Path = DEV_GOLD) -> dict[str, list[dict]]:
    """Gold items by story id."""
    out: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out.setdefault(str(item["story"]), []).append(item)
    return out


def annotated_stories(path: Path = DEV_STORIES) -> list[str]:
    return [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def stories_of_half(which: str, stories: Iterable[str]) -> list[str]:
    """The annotated stories of one half ("reporting", "tuning" or "both")."""
    return [s for s in stories if s not in RESERVED_VOA and (which == "both" or half(s) == which)]


def happenings(items: list[dict]) -> dict[str, list[dict]]:
    """Gold event mentions grouped by happening (``event`` id, else the mention alone)."""
    out: dict[str, list[dict]] = {}
    for item in items:
        if item.get("kind", "event") == "event":
            key = str(item.get("event") or f"@{item['start']}")
            out.setdefault(key, []).append(item)
    return out


def _overlap(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def event_spans(event: Event) -> list[Span]:
    return [tuple(event.span)] + [tuple(m.span) for m in event.mentions]


def hits(event: Event, item: dict) -> bool:
    return any(_overlap(span, (item["start"], item["end"])) for span in event_spans(event))


def name_right(gold_names: list[str], gold_codes: list[str], name: str | None,
               code: str | None) -> bool:
    """Whether a predicted name (or code) names one of the gold ones; no gold name and
    no gold code: right only when the prediction names nothing either."""
    if not gold_names and not gold_codes:
        return name is None
    if code and code.upper() in {c.upper() for c in gold_codes}:
        return True
    return name is not None and any(holder_matches(g, name) for g in gold_names)


def field_right(what: str, mentions: list[dict], event: Event) -> bool:
    """Whether the prediction's actor, target or place names the happening's: the gold
    values of all its mentions count (one mention may name the place another leaves out)."""
    names = [m[what] for m in mentions if m.get(what)]
    if what == "place":
        return name_right(names, [], event.location, None)
    codes = [m[f"{what}_code"] for m in mentions if m.get(f"{what}_code")]
    return name_right(names, codes, getattr(event, what), getattr(event, f"{what}_code"))


@dataclass
class DevTally:
    happenings: int = 0
    found: int = 0
    type_right: int = 0
    type_actor_right: int = 0
    predicted: int = 0
    credited: int = 0
    credited_type: int = 0
    on_negative: int = 0
    duplicates: int = 0
    per_type: dict[str, Score] = field(default_factory=dict)
    predicted_per_type: dict[str, int] = field(default_factory=dict)
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})

    def type_score(self, type_: str) -> Score:
        return self.per_type.setdefault(type_, Score())


def credit(gold: dict[str, list[dict]], events: list[Event]) -> dict[int, tuple[str, dict]]:
    """Prediction index -> (happening id, the gold mention it hit), one prediction per
    happening, a prediction of the gold type before any other."""
    out: dict[int, tuple[str, dict]] = {}
    taken: set[str] = set()
    for same_type in (True, False):
        for k, event in enumerate(events):
            if k in out:
                continue
            for key, mentions in gold.items():
                if key in taken:
                    continue
                item = next((m for m in mentions if hits(event, m)), None)
                if item is not None and (not same_type or item["type"] == event.type):
                    out[k] = (key, item)
                    taken.add(key)
                    break
    return out


def score_story(items: list[dict], events: list[Event], tally: DevTally) -> None:
    """Add one story's gold items and predicted events to the tally."""
    gold = happenings(items)
    negatives = [i for i in items if i.get("kind") == "negative"]
    credited = credit(gold, events)
    tally.happenings += len(gold)
    for mentions in gold.values():
        tally.type_score(mentions[0]["type"]).fn += 1
    for k, event in enumerate(events):
        tally.predicted += 1
        tally.predicted_per_type[event.type] = tally.predicted_per_type.get(event.type, 0) + 1
        if k not in credited:
            tally.type_score(event.type).fp += 1
            if any(hits(event, m) for ms in gold.values() for m in ms):
                tally.duplicates += 1
            elif any(hits(event, n) for n in negatives):
                tally.on_negative += 1
            continue
        key, item = credited[k]
        tally.credited += 1
        tally.found += 1
        if event.type != item["type"]:
            tally.type_score(event.type).fp += 1
            continue
        tally.credited_type += 1
        tally.type_right += 1
        score = tally.type_score(event.type)
        score.tp, score.fn = score.tp + 1, score.fn - 1
        for what in FIELDS:
            tally.fields[what][0] += field_right(what, gold[key], event)
            tally.fields[what][1] += 1
        tally.type_actor_right += field_right("actor", gold[key], event)


def tally_rows(tally: DevTally, system: str) -> list[Row]:
    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    n, p = tally.happenings, tally.predicted
    rows = [Row(system, "recall: event found (any type)", recall=ratio(tally.found, n), support=n),
            Row(system, "recall: type right", recall=ratio(tally.type_right, n), support=n),
            Row(system, "recall: type and actor right",
                recall=ratio(tally.type_actor_right, n), support=n),
            Row(system, "precision: a gold event (any type)",
                precision=ratio(tally.credited, p), support=p),
            Row(system, "precision: a gold event of the predicted type",
                precision=ratio(tally.credited_type, p), support=p),
            Row(system, f"false positives on annotated non-events ({tally.on_negative}) / "
                        f"duplicates ({tally.duplicates}) / on nothing "
                        f"({p - tally.credited - tally.on_negative - tally.duplicates})",
                support=p - tally.credited)]
    for what in FIELDS:
        right, total = tally.fields[what]
        rows.append(Row(system, f"{what} right (events found with the type right)",
                        accuracy=ratio(right, total), support=total))
    for type_ in sorted(tally.per_type):
        score = tally.per_type[type_]
        rows.append(Row.from_score(
            system, f"type {type_} ({tally.predicted_per_type.get(type_, 0)} predicted)", score))
    return rows


def dev_rows(data_dir: Path, pipe, which: str = "reporting",
             gold_path: Path = DEV_GOLD, stories_path: Path = DEV_STORIES
             ) -> tuple[list[Row], list[str]]:
    """Rows of the VOA event dev set on one half ("reporting", "tuning" or "both")."""
    if not gold_path.exists():
        return [], [f"{gold_path.name} absent: VOA event dev set not scored"]
    path = data_dir / "voa" / "voa_stories.jsonl"
    if not path.exists():
        return [], [f"{path} absent: VOA event dev set not scored"]
    gold = read_dev_gold(gold_path)
    wanted = set(stories_of_half(which, annotated_stories(stories_path)))
    tally = DevTally()
    for article in shared_articles(data_dir, wanted):
        document: Document = pipe.analyze(article)
        score_story(gold.get(article.id, []), document.events, tally)
    system = f"newsgraph VOA event dev set, {which} half"
    negatives = sum(i.get("kind") == "negative" for s in wanted for i in gold.get(s, []))
    note = (f"VOA event dev set ({which} half): {len(wanted)} stories, {tally.happenings} "
            f"gold events, {negatives} annotated non-events, {tally.predicted} predicted "
            "events; halves by sha1(story id) mod 2, as the attribution dev set")
    return tally_rows(tally, system), [note]


def main(argv: list[str] | None = None) -> None:
    """``python -m newsgraph.eval.events_dev [--half tuning]``: one half's figures alone,
    without the PLOVER records and MEANTIME that ``newsgraph eval events`` also scores."""
    from newsgraph.eval import default_data_dir
    from newsgraph.pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "both"), default="reporting")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    rows, notes = dev_rows(args.data or default_data_dir(), Pipeline(args.model), args.half)
    if not rows:
        raise SystemExit("; ".join(notes))
    report = EvalReport("events (VOA event dev set)", f"{args.half} half", rows, notes)
    print(report.to_markdown())


if __name__ == "__main__":
    main()
