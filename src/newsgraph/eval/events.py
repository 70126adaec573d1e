"""Events: PLOVER coding on the PLOVER gold records, factuality on MEANTIME.

PLOVER gold standard records (``plover_gsr/``): 322 one-sentence examples
from the CAMEO manual, each with source actors, target actors and a PLOVER
type. Each sentence is parsed, its triggers found, and the main one (nearest
the root) coded. Measures: event type accuracy (no event counts as wrong),
and micro precision/recall/F1 of the actor and target country codes (sets per
record). The records use the 2016 PLOVER types; the newer types newsgraph
codes absorb four of them, mapped as the POLECAT revision of PLOVER did:
DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT ->
ASSAULT. Two leftover CAMEO country codes in the gold are mapped to ISO (JAP
-> JPN, ITL -> ITA). Results are given for all records and separately for two
halves fixed by a hash of each record id (:func:`held_out`: the last bit of
SHA-256 of the id; 159 of 322 records are held out). Rules and word lists may
be written from the held-in half only; the held-out half measures them, with a
95% bootstrap interval (records resampled, fixed seed).

MEANTIME (``meantime/intra-doc``): every annotated event mention whose
trigger token newsgraph also codes as an event is scored on status. Gold
certainty/polarity/time map to newsgraph statuses: POS+CERTAIN -> asserted
(or reported, if the mention is inside an attributed clause: we cannot tell
those apart from the gold, so both count as "factual"), NEG -> denied,
POSSIBLE/PROBABLE -> hedged, FUTURE -> hedged/conditional/asserted counted as
"non-factual" only when the certainty is not CERTAIN. Reported figures:
accuracy on the three-way factual / negated / uncertain classes.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.eval import (
    RESERVED_VOA,
    SHARED_ARTICLES,
    EvalReport,
    Row,
    Score,
    require,
    shared_articles,
)
from newsgraph.events.actors import load_actors
from newsgraph.events.coding import find_triggers, main_trigger
from newsgraph.extract import Context, resolve
from newsgraph.extract.events import Coded, code_event, phrase_tokens
from newsgraph.extract.shared import entity_names, place_tokens
from newsgraph.models import load_model
from newsgraph.schema import Document

# hand-made gold kept in the repository's eval/ folder (absent from an installed package)
GOLD_DIR = Path(__file__).resolve().parents[3] / "eval"
GENRE_GOLD, JUDGED_SAMPLE = GOLD_DIR / "genre_gold.tsv", GOLD_DIR / "events_judged.tsv"
GSR_FILE = Path("plover_gsr") / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
MEANTIME_DIR = Path("meantime") / "intra-doc"
LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                "FIGHT": "ASSAULT"}
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA"}
CONTEXT_EXTRACTORS = ("entities",)
# sector codes that can lead an actor code when no country is known ("GOV", "MIL")
SECTORS = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "REF", "CVL", "BUS", "LAB", "EDU",
           "MED", "JRN", "SPY", "PTY", "REL", "CRM", "ELI"}


SAMPLE_SEED, SAMPLE_SIZE = 21, 200


def sample_events(docs: Iterable[Document], n: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED
                  ) -> list[tuple[Document, int]]:
    """A fixed-seed sample of (document, event index), reserved VOA stories left out: the
    ``n`` events ranking first by a seeded hash of (document id, span). An event keeps its
    rank whatever else the output holds, so after a change only the events that are new
    to the sample need judging."""
    def rank(item: tuple[Document, int]) -> str:
        doc, i = item
        start, end = doc.events[i].span
        return hashlib.sha256(f"{seed}:{doc.id}:{start}:{end}".encode()).hexdigest()

    pool = [(doc, i) for doc in docs if doc.id not in RESERVED_VOA
            for i in range(len(doc.events))]
    return sorted(pool, key=rank)[:n]


@dataclass
class GoldRecord:
    id: str
    text: str
    type: str
    sources: set[str]
    targets: set[str]


def load_gsr(path: Path) -> list[GoldRecord]:
    """The gold records, trailing commas and all; the DOCUMENT header is skipped."""
    raw = re.sub(r",\s*([\]}])", r"\1", path.read_text("utf-8"))
    records = []
    for item in json.loads(raw):
        if item.get("event") == "DOCUMENT" or not item.get("text"):
            continue
        records.append(GoldRecord(item["id"], item["text"],
                                  LEGACY_TYPES.get(item["event"], item["event"]),
                                  _codes(item.get("source")), _codes(item.get("target"))))
    return records


def _codes(actors) -> set[str]:
    if not isinstance(actors, list):
        return set()
    out = set()
    for actor in actors:
        code = (actor.get("code") or "").strip().upper()[:3]
        if code:
            out.add(LEGACY_CODES.get(code, code))
    return out


def contexts(texts: Iterable[str], model: str | None) -> Iterable[Context]:
    nlp = load_model(model)
    extractors = resolve(CONTEXT_EXTRACTORS)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        ctx = Context(doc=doc, document=Document(id=str(i), text=doc.text))
        for _, fn in extractors:
            fn(ctx)
        yield ctx


HELD_IN, HELD_OUT = "held-in half (hash)", "held-out half (hash)"


def held_out(record_id: str) -> bool:
    """Whether a gold record is in the held-out half: fixed by its id alone, so the
    halves stay the same whatever the file's order or later additions."""
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest(), 16) % 2 == 1


@dataclass
class Tally:
    correct: int = 0
    total: int = 0
    actor: Score = field(default_factory=Score)
    target: Score = field(default_factory=Score)
    # per record: (type right, actor+target tp, fp, fn), for the bootstrap interval
    per_record: list[tuple[bool, int, int, int]] = field(default_factory=list)


def _score_set(score: Score, predicted: set[str], gold: set[str]) -> None:
    score.tp += len(predicted & gold)
    score.fp += len(predicted - gold)
    score.fn += len(gold - predicted)


def code_sentence(ctx: Context, actors) -> tuple[str | None, set[str], set[str]]:
    """(type, actor codes, target codes) of the main event of a one-sentence text."""
    coded = main_coded(ctx, actors)
    if coded is None:
        return None, set(), set()
    return (coded.event.type, _codes_of(coded.actor, coded.event.actor_code, actors),
            _codes_of(coded.target, coded.event.target_code, actors))


def main_coded(ctx: Context, actors) -> Coded | None:
    """The main event of a one-sentence text: the codable trigger nearest the root."""
    triggers = [t for sent in ctx.doc.sents for t in find_triggers(sent)]
    names, places = entity_names(ctx), place_tokens(ctx)
    while triggers:
        trig = main_trigger(triggers)
        coded = code_event(ctx, trig, actors, names, places)
        if coded is not None:
            return coded
        triggers.remove(trig)
    return None


def _codes_of(token, code: str | None, actors) -> set[str]:
    """Every country a phrase names ("Hungarian and Romanian officials"), else its code."""
    found = set(actors.codes([t.text for t in phrase_tokens(token)])) if token is not None \
        else set()
    if not found and code and code[:3].isupper() and len(code) >= 3:
        prefix = code[:3]
        if prefix not in SECTORS:
            found.add(prefix)
    return found


def run_gsr(data_dir: Path, model: str | None, limit: int | None) -> tuple[dict[str, Tally], int]:
    records = load_gsr(require(data_dir / GSR_FILE))[:limit]
    actors = load_actors()
    tallies = {"all": Tally(), HELD_IN: Tally(), HELD_OUT: Tally()}
    for record, ctx in zip(records, contexts([r.text for r in records], model), strict=True):
        type_, actor_codes, target_codes = code_sentence(ctx, actors)
        half = HELD_OUT if held_out(record.id) else HELD_IN
        for key in ("all", half):
            tally = tallies[key]
            tally.total += 1
            tally.correct += type_ == record.type
            pair = Score()
            _score_set(pair, actor_codes, record.sources)
            _score_set(pair, target_codes, record.targets)
            _score_set(tally.actor, actor_codes, record.sources)
            _score_set(tally.target, target_codes, record.targets)
            tally.per_record.append((type_ == record.type, pair.tp, pair.fp, pair.fn))
    return tallies, len(records)


def bootstrap_interval(per_record: list[tuple[bool, int, int, int]], rounds: int = 2000,
                       seed: int = 21) -> tuple[tuple[float, float], tuple[float, float]]:
    """95% intervals of (type accuracy, actor+target F1), records resampled."""
    rng = random.Random(seed)
    accs, f1s = [], []
    n = len(per_record)
    for _ in range(rounds):
        sample = [per_record[rng.randrange(n)] for _ in range(n)]
        accs.append(sum(r[0] for r in sample) / n)
        f1s.append(Score(sum(r[1] for r in sample), sum(r[2] for r in sample),
                         sum(r[3] for r in sample)).f1)
    accs.sort()
    f1s.sort()
    lo, hi = int(0.025 * rounds), int(0.975 * rounds) - 1
    return (accs[lo], accs[hi]), (f1s[lo], f1s[hi])


def gsr_rows(tallies: dict[str, Tally]) -> list[Row]:
    rows = []
    for split, tally in tallies.items():
        system = f"newsgraph plover_gsr {split}"
        rows.append(Row(system, "event type", accuracy=tally.correct / tally.total
                        if tally.total else 0.0, support=tally.total))
        rows.append(Row.from_score(system, "actor code", tally.actor))
        rows.append(Row.from_score(system, "target code", tally.target))
        both = Score(tally.actor.tp + tally.target.tp, tally.actor.fp + tally.target.fp,
                     tally.actor.fn + tally.target.fn)
        rows.append(Row.from_score(system, "actor+target code", both))
    return rows


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated gold file with '#' comment lines and a header."""
    lines = [line for line in path.read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]


def genre_rows(data_dir: Path) -> tuple[list[Row], list[str]]:
    """Genre accuracy on the shared VOA + Wikinews articles against eval/genre_gold.tsv."""
    from newsgraph.events.genre import article_genre

    if not GENRE_GOLD.exists():
        return [], [f"{GENRE_GOLD.name} absent: genre not scored"]
    gold = {r["doc_id"]: r["genre"] for r in read_tsv(GENRE_GOLD)}
    for path in SHARED_ARTICLES:
        if not (data_dir / path).exists():
            return [], [f"{data_dir / path} absent: genre not scored"]
    right, total = 0, 0
    per: dict[str, Score] = {}
    # the reserved held-out VOA stories are never labelled or scored
    for item in shared_articles(data_dir, set(gold) - RESERVED_VOA):
        guess, truth = article_genre(item.title, item.text), gold[item.id]
        total += 1
        right += guess == truth
        if truth != "news" or guess != "news":
            for genre in {guess, truth} - {"news"}:
                score = per.setdefault(genre, Score())
                score.tp += guess == truth == genre
                score.fp += guess == genre != truth
                score.fn += truth == genre != guess
    measure = f"genre accuracy ({total} shared articles, reserved VOA stories left out)"
    rows = [Row("newsgraph genre rules", measure,
                accuracy=right / total if total else 0.0, support=total)]
    rows += [Row.from_score("newsgraph genre rules", f"genre {g}", per[g]) for g in sorted(per)]
    return rows, []


def judged_rows() -> tuple[list[Row], list[str]]:
    """Precision per type and field accuracy from the hand-judged sample."""
    if not JUDGED_SAMPLE.exists():
        return [], [f"{JUDGED_SAMPLE.name} absent: judged sample not scored"]
    judged = read_tsv(JUDGED_SAMPLE)
    system = "newsgraph judged sample (shared store)"
    rows = []
    real = [r for r in judged if r["real"] == "y"]
    rows.append(Row(system, "real event of the coded type (precision)",
                    precision=len(real) / len(judged) if judged else 0.0, support=len(judged)))
    for judged_field in ("actor_ok", "target_ok", "place_ok"):
        rows.append(Row(system, f"{judged_field[:-3]} right, of real events",
                        accuracy=sum(r[judged_field] == "y" for r in real) / len(real)
                        if real else 0.0,
                        support=len(real)))
    full = sum(r["real"] == "y" and r["actor_ok"] == r["target_ok"] == r["place_ok"] == "y"
               for r in judged)
    rows.append(Row(system, "fully right (type, actor, target, place)",
                    precision=full / len(judged) if judged else 0.0, support=len(judged)))
    for type_ in sorted({r["type"] for r in judged}):
        of_type = [r for r in judged if r["type"] == type_]
        rows.append(Row(system, f"precision {type_}",
                        precision=sum(r["real"] == "y" for r in of_type) / len(of_type),
                        support=len(of_type)))
    return rows, [f"judged sample: {len(judged)} events hand-judged ({JUDGED_SAMPLE.name})"]


def voa_dev_rows(data_dir: Path, model: str | None) -> tuple[list[Row], list[str]]:
    """The VOA event dev set (:mod:`newsgraph.eval.events_dev`), on the half the
    ``eval_events_half`` setting names (default: reporting)."""
    from newsgraph.eval.events_dev import HALVES, dev_rows
    from newsgraph.pipeline import Pipeline
    from newsgraph.settings import env, env_name

    which = env("eval_events_half") or "reporting"
    if which not in (*HALVES, "both"):
        return [], [f"{env_name('eval_events_half')}={which!r} is not reporting, tuning or "
                    "both: VOA event dev set not scored"]
    return dev_rows(data_dir, Pipeline(model), which)


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    started = time.perf_counter()
    report = EvalReport("events", str(data_dir))
    tallies, n = run_gsr(data_dir, model, limit)
    report.rows.extend(gsr_rows(tallies))
    for rows, notes in (judged_rows(), genre_rows(data_dir), voa_dev_rows(data_dir, model)):
        report.rows.extend(rows)
        report.notes.extend(notes)
    if tallies[HELD_OUT].per_record:
        (alo, ahi), (flo, fhi) = bootstrap_interval(tallies[HELD_OUT].per_record)
        report.notes.append(f"PLOVER GSR held-out half: 95% interval type accuracy "
                            f"[{alo:.3f}, {ahi:.3f}], actor+target F1 [{flo:.3f}, {fhi:.3f}]")
    report.notes.append(f"PLOVER GSR: {n} records; gold types mapped "
                        + ", ".join(f"{k}->{v}" for k, v in LEGACY_TYPES.items()))
    if (data_dir / MEANTIME_DIR).exists():
        from newsgraph.eval.meantime_factuality import run_factuality

        rows, notes = run_factuality(data_dir / MEANTIME_DIR, model, limit)
        report.rows.extend(rows)
        report.notes.extend(notes)
    else:
        report.notes.append(f"{data_dir / MEANTIME_DIR} absent: factuality not scored")
    report.seconds = time.perf_counter() - started
    return report
