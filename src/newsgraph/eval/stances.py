"""Stances and their epistemic status on the hand-annotated VOA dev set (``eval/``).

Gold: ``eval/attribution_voa/stances.jsonl``, one status-bearing stance per line (story
id, status, holder's name or null for the writer's own hedge or condition, evidence text
and offsets, cue text and offsets); see ``eval/attribution_voa/README.md``. Stories are
split into a tuning and a reporting half by a hash of their id (:func:`half`), fixed
before any tuning; the figures are on the reporting half.

Match: one-to-one, a prediction whose cue overlaps the gold cue first, else one whose
evidence overlaps the gold evidence with the same status. Per status: precision over the
predictions of that status, recall over the gold items of that status. Status accuracy:
gold items matched by a prediction of the right status, over all gold items (a miss is
wrong). Holder name: over matched items, the predicted holder's name names the gold holder
(any of its "|" alternatives, as a word sequence of either), or both are the writer (none).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from newsgraph.eval import EvalReport, Row, Score
from newsgraph.schema import Stance

Span = tuple[int, int]
DEV_SET = Path(__file__).resolve().parents[3] / "eval" / "attribution_voa"
GOLD = DEV_SET / "stances.jsonl"
ANNOTATED = DEV_SET / "stories.txt"  # every story annotated, with or without a stance
# held out for checks nobody tunes on: never annotated, never scored here
RESERVED = frozenset({"8004380", "8008126", "8008152", "8008998", "8009044", "8009853",
                      "8010057", "8010418", "8010476", "8010842", "8011076", "8011115"})
STATUSES = ("denied", "not_denied", "confirmed", "not_confirmed", "no_comment", "hedged",
            "conditional")


def half(story_id: str) -> str:
    """'reporting' or 'tuning', from a hash of the story id (fixed before tuning)."""
    bit = int(hashlib.sha1(story_id.encode()).hexdigest(), 16) % 2
    return "reporting" if bit else "tuning"


def read_gold(path: Path = GOLD) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out.setdefault(item["story"], []).append(item)
    return out


def _overlap(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def match(gold: list[dict], pred: list[Stance]) -> list[tuple[dict, Stance]]:
    pairs: list[tuple[dict, Stance]] = []
    used: set[int] = set()
    for by_cue in (True, False):
        for g in gold:
            if any(g is m for m, _ in pairs):
                continue
            for k, p in enumerate(pred):
                if k in used:
                    continue
                if by_cue:
                    ok = p.cue is not None and _overlap(p.cue.span, (g["cue_start"], g["cue_end"]))
                else:
                    ok = p.status == g["status"] and _overlap(p.span, (g["start"], g["end"]))
                if ok:
                    used.add(k)
                    pairs.append((g, p))
                    break
    return pairs


def holder_matches(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    said = _words(pred)
    return any(_contains(said, _words(alt)) or _contains(_words(alt), said)
               for alt in gold.split("|"))


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower().removeprefix("the "))


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def evaluate(data_dir: Path, pipe, which: str = "reporting") -> EvalReport | None:
    from newsgraph.ingest import RawArticle

    if not GOLD.exists():
        return None
    annotated = {line.strip() for line in ANNOTATED.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")}
    found = read_gold()
    gold = {k: found.get(k, []) for k in annotated if half(k) == which and k not in RESERVED}
    stories = data_dir / "voa" / "voa_stories.jsonl"
    if not stories.exists():
        return None
    rows = [json.loads(line) for line in stories.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    texts = {str(r["id"]): r["text"] for r in rows if str(r["id"]) in gold}
    per = {s: Score() for s in STATUSES}
    right = total = holder_ok = holder_n = 0
    for sid, text in texts.items():
        document = pipe.analyze(RawArticle(id=sid, text=text))
        pred = [s for s in document.stances if s.status in per]
        pairs = match(gold[sid], pred)
        predicted = Counter(p.status for p in pred)
        for g, p in pairs:
            if g["status"] == p.status:
                per[p.status].tp += 1
                right += 1
            holder_n += 1
            holder_ok += holder_matches(g["holder"], p.holder.name if p.holder else None)
        hits = Counter(p.status for g, p in pairs if g["status"] == p.status)
        for s in STATUSES:
            per[s].fp += predicted[s] - hits[s]
            per[s].fn += sum(g["status"] == s for g in gold[sid]) - hits[s]
        total += len(gold[sid])
    report = EvalReport(task="stances",
                        dataset=f"VOA dev, {which} half ({len(texts)} stories, {total} "
                                "status-bearing stances)")
    for s in STATUSES:
        if per[s].tp + per[s].fn + per[s].fp:
            report.rows.append(Row.from_score("newsgraph", f"status {s}", per[s]))
    report.rows.append(Row("newsgraph", "status accuracy (all gold items)",
                           accuracy=right / total if total else None, support=total))
    report.rows.append(Row("newsgraph", "holder name (matched items)",
                           accuracy=holder_ok / holder_n if holder_n else None, support=holder_n))
    report.notes.append("gold: eval/attribution_voa (hand-annotated); halves by a hash of "
                        "the story id; reserved stories excluded")
    return report
