"""Quotations and stances on the hand-annotated dev set (``eval/attribution_voa``).

Stories: VOA stories (by id) and Wikinews articles (``wikinews_articles-N``, the id and
text newsgraph's own JSONL reader gives line N of ``wikinews/wikinews_articles.jsonl``),
split into a tuning and a reporting half by a hash of the id (:func:`half`), fixed before
any tuning. Each half has its files (:func:`dev_files`): the stories annotated, their
status-bearing stances and their quotations; see ``eval/attribution_voa/README.md``. The
README's figures are on the reporting half; ``python -m newsgraph.eval.stances --half
tuning`` scores the tuning half (absent files: not annotated).

Stances. Match: one-to-one, a prediction whose cue overlaps the gold cue first, else one
whose evidence overlaps the gold evidence with the same status. Per status: precision over
the predictions of that status, recall over the gold items of that status. Status
accuracy: gold items matched by a prediction of the right status, over all gold items (a
miss is wrong). Holder name: over matched items, the predicted holder's name names the
gold holder (any of its "|" alternatives, as a word sequence of either), or both are the
writer (none).

Quotations. Match: one-to-one, best first, when the quoted content's shared characters
cover at least half of the longer content (a split quotation counts its segments only,
not the cue between them), whatever the kinds. Per kind: precision over the predictions of
that kind, recall over the gold quotations of that kind. Speaker name: over matched
quotations, the predicted speaker's name names the gold speaker as a holder's does; an
``unresolved`` speaker is wrong (and right only where the article never says who).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.eval import RESERVED_VOA, EvalReport, Row, Score, shared_articles
from newsgraph.schema import Document, Quote, Speaker, Stance

Span = tuple[int, int]
DEV_SET = Path(__file__).resolve().parents[3] / "eval" / "attribution_voa"
GOLD = DEV_SET / "stances.jsonl"
QUOTES = DEV_SET / "quotes.jsonl"
ANNOTATED = DEV_SET / "stories.txt"  # every story annotated, with or without a stance
STATUSES = ("denied", "not_denied", "confirmed", "not_confirmed", "no_comment", "hedged",
            "conditional")
KINDS = ("direct", "partial", "indirect")
OVERLAP = 0.5
WIKINEWS = "wikinews_articles-"  # id prefix newsgraph gives the Wikinews JSONL's lines


@dataclass(frozen=True)
class DevFiles:
    stories: Path
    stances: Path
    quotes: Path


def dev_files(which: str = "reporting", root: Path = DEV_SET) -> DevFiles:
    """The files of one half: the reporting half's are unsuffixed, the tuning half's end
    in ``_tuning``."""
    if which not in ("reporting", "tuning"):
        raise ValueError(f"half must be 'reporting' or 'tuning', not {which!r}")
    tail = "" if which == "reporting" else "_tuning"
    return DevFiles(root / f"stories{tail}.txt", root / f"stances{tail}.jsonl",
                    root / f"quotes{tail}.jsonl")


def half(story_id: str) -> str:
    """'reporting' or 'tuning', from a hash of the story id (fixed before tuning)."""
    bit = int(hashlib.sha1(story_id.encode()).hexdigest(), 16) % 2
    return "reporting" if bit else "tuning"


def read_gold(path: Path = GOLD) -> dict[str, list[dict]]:
    """Gold items (stances or quotations) by story id; {} when the file is absent."""
    out: dict[str, list[dict]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out.setdefault(item["story"], []).append(item)
    return out


def read_stories(path: Path = ANNOTATED) -> list[str]:
    """The story ids annotated (comments and blank lines skipped); [] when absent."""
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8")
             .splitlines())
    return [line for line in lines if line]


STANCES_ONLY = "stances only"


def read_stances_only(path: Path = ANNOTATED) -> set[str]:
    """The stories whose line says "# stances only": their quotations are not annotated,
    so they are left out of the quotation figures."""
    if not path.exists():
        return set()
    lines = (line.split("#", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {parts[0].strip() for parts in lines
            if len(parts) == 2 and parts[0].strip() and parts[1].strip() == STANCES_ONLY}


def story_texts(data_dir: Path, ids: set[str]) -> dict[str, str]:
    """The text newsgraph analyzes for each id, read with its own JSONL reader."""
    return {a.id: a.text for a in shared_articles(data_dir, ids)}


def _overlap(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


# -- stances ---------------------------------------------------------------------------
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


@dataclass
class StanceTally:
    per: dict[str, Score]
    right: int = 0
    total: int = 0
    holder_ok: int = 0
    holder_n: int = 0


def tally_stances(t: StanceTally, gold: list[dict], stances: list[Stance]) -> None:
    pred = [s for s in stances if s.status in t.per]
    pairs = match(gold, pred)
    predicted = Counter(p.status for p in pred)
    for g, p in pairs:
        t.right += g["status"] == p.status
        t.holder_n += 1
        t.holder_ok += holder_matches(g["holder"], p.holder.name if p.holder else None)
    hits = Counter(p.status for g, p in pairs if g["status"] == p.status)
    for s in t.per:
        t.per[s].tp += hits[s]
        t.per[s].fp += predicted[s] - hits[s]
        t.per[s].fn += sum(g["status"] == s for g in gold) - hits[s]
    t.total += len(gold)


# -- quotations ------------------------------------------------------------------------
def gold_pieces(item: dict) -> list[Span]:
    """A gold quotation's content: its segments, else its one span."""
    return [tuple(s) for s in item.get("segments") or [(item["start"], item["end"])]]


def quote_pieces(quote: Quote) -> list[Span]:
    return list(quote.segments) or [quote.span]


def content_overlap(a: list[Span], b: list[Span]) -> float:
    """Shared characters over the longer content (pieces only)."""
    inter = sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)
    longer = max(sum(e - s for s, e in a), sum(e - s for s, e in b))
    return inter / longer if inter > 0 and longer else 0.0


def match_quotes(gold: list[dict], pred: list[Quote]) -> list[tuple[dict, Quote]]:
    ranked = sorted(((content_overlap(gold_pieces(g), quote_pieces(p)), i, j)
                     for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for ratio, i, j in ranked:
        if ratio < OVERLAP:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((gold[i], pred[j]))
    return out


def speaker_matches(gold: str | None, speaker: Speaker | None) -> bool:
    """The predicted speaker's name names the gold speaker; unresolved names nobody."""
    name = speaker.name if speaker is not None and not speaker.unresolved else None
    return holder_matches(gold, name)


@dataclass
class QuoteTally:
    """Per kind: predictions (and how many matched), gold (and how many matched)."""

    pred: Counter[str] = field(default_factory=Counter)
    pred_hit: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    gold_hit: Counter[str] = field(default_factory=Counter)
    speaker_ok: int = 0
    same_kind: int = 0


def tally_quotes(t: QuoteTally, gold: list[dict], quotes: list[Quote]) -> None:
    pairs = match_quotes(gold, quotes)
    t.pred.update(q.kind for q in quotes)
    t.gold.update(g["kind"] for g in gold)
    t.pred_hit.update(p.kind for _, p in pairs)
    t.gold_hit.update(g["kind"] for g, _ in pairs)
    for g, p in pairs:
        t.speaker_ok += speaker_matches(g["speaker"], p.speaker)
        t.same_kind += g["kind"] == p.kind


def _pr_row(measure: str, hit_p: int, n_p: int, hit_g: int, n_g: int) -> Row:
    p = hit_p / n_p if n_p else 0.0
    r = hit_g / n_g if n_g else 0.0
    return Row("newsgraph", measure, p, r, 2 * p * r / (p + r) if p + r else 0.0, support=n_g)


# -- the run ---------------------------------------------------------------------------
def evaluate(data_dir: Path, pipe, which: str = "reporting", root: Path = DEV_SET
             ) -> EvalReport | None:
    """Stances and quotations of one half; None when it is not annotated or its corpora
    are absent."""
    from newsgraph.ingest import RawArticle

    files = dev_files(which, root)
    ids = {k for k in read_stories(files.stories) if half(k) == which and k not in RESERVED_VOA}
    texts = story_texts(data_dir, ids)
    if not texts:
        return None
    stance_gold, quote_gold = read_gold(files.stances), read_gold(files.quotes)
    stances_only = read_stances_only(files.stories)
    stances = StanceTally({s: Score() for s in STATUSES})
    quotes = QuoteTally()
    for sid in sorted(texts):
        document: Document = pipe.analyze(RawArticle(id=sid, text=texts[sid]))
        tally_stances(stances, stance_gold.get(sid, []), document.stances)
        if files.quotes.exists() and sid not in stances_only:
            tally_quotes(quotes, quote_gold.get(sid, []), document.quotes)
    wiki = sum(k.startswith(WIKINEWS) for k in texts)
    n_quotes = sum(len(quote_gold.get(k, [])) for k in texts)
    report = EvalReport(task="stances", dataset=(
        f"dev set, {which} half ({len(texts) - wiki} VOA stories, {wiki} Wikinews articles; "
        f"{stances.total} status-bearing stances, {n_quotes} quotations)"))
    report.rows += _stance_rows(stances)
    if files.quotes.exists():
        report.rows += _quote_rows(quotes)
    report.notes.append("gold: eval/attribution_voa (hand-annotated); halves by a hash of "
                        "the story id; reserved stories excluded")
    only = stances_only & set(texts)
    if only and files.quotes.exists():
        report.notes.append(f"{len(only)} stories annotated for stances only: left out of "
                            "the quotation figures")
    missing = ids - set(texts)
    if missing:
        report.notes.append(f"{len(missing)} annotated stories not found in the corpora")
    return report


def _stance_rows(t: StanceTally) -> list[Row]:
    rows = [Row.from_score("newsgraph", f"status {s}", t.per[s]) for s in STATUSES
            if t.per[s].tp + t.per[s].fn + t.per[s].fp]
    rows.append(Row("newsgraph", "status accuracy (all gold items)",
                    accuracy=t.right / t.total if t.total else None, support=t.total))
    rows.append(Row("newsgraph", "holder name (matched items)",
                    accuracy=t.holder_ok / t.holder_n if t.holder_n else None,
                    support=t.holder_n))
    return rows


def _quote_rows(t: QuoteTally) -> list[Row]:
    rows = [_pr_row(f"quotations {k} (P by predicted kind, R by gold kind)", t.pred_hit[k],
                    t.pred[k], t.gold_hit[k], t.gold[k]) for k in KINDS]
    matched = sum(t.gold_hit.values())
    rows.append(_pr_row("quotations, all kinds", matched, sum(t.pred.values()), matched,
                        sum(t.gold.values())))
    rows.append(Row("newsgraph", "quotation speaker name (matched)",
                    accuracy=t.speaker_ok / matched if matched else None, support=matched))
    rows.append(Row("newsgraph", "quotation kind agrees (matched)",
                    accuracy=t.same_kind / matched if matched else None, support=matched))
    return rows


def main(argv: list[str] | None = None) -> None:
    """``python -m newsgraph.eval.stances [--half tuning]``: one half's figures."""
    from newsgraph.eval import default_data_dir
    from newsgraph.pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("reporting", "tuning"), default="reporting")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    report = evaluate(args.data or default_data_dir(), Pipeline(args.model), args.half)
    if report is None:
        raise SystemExit(f"the {args.half} half is not annotated, or its corpora are absent")
    print(report.to_markdown())


if __name__ == "__main__":
    main()
