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
-> JPN, ITL -> ITA). Results are given for all records and separately for the
even-numbered half (used while writing the lexicon) and the odd half (not
looked at), so the gap shows how much the lexicon fits its examples.

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

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.eval import EvalReport, Row, Score, require
from newsgraph.events.actors import load_actors
from newsgraph.events.coding import find_triggers, main_trigger
from newsgraph.extract import Context, resolve
from newsgraph.extract.events import Coded, code_event, phrase_tokens
from newsgraph.extract.shared import entity_names, place_tokens
from newsgraph.models import load_model
from newsgraph.schema import Document

GSR_FILE = Path("plover_gsr") / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
MEANTIME_DIR = Path("meantime") / "intra-doc"
LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                "FIGHT": "ASSAULT"}
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA"}
CONTEXT_EXTRACTORS = ("entities",)
# sector codes that can lead an actor code when no country is known ("GOV", "MIL")
SECTORS = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "REF", "CVL", "BUS", "LAB", "EDU",
           "MED", "JRN", "SPY", "PTY", "REL", "CRM", "ELI"}


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


@dataclass
class Tally:
    correct: int = 0
    total: int = 0
    actor: Score = field(default_factory=Score)
    target: Score = field(default_factory=Score)


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
    tallies = {"all": Tally(), "even (lexicon dev)": Tally(), "odd (held out)": Tally()}
    for n, (record, ctx) in enumerate(zip(records, contexts([r.text for r in records], model),
                                          strict=True)):
        type_, actor_codes, target_codes = code_sentence(ctx, actors)
        half = "even (lexicon dev)" if n % 2 == 0 else "odd (held out)"
        for key in ("all", half):
            tally = tallies[key]
            tally.total += 1
            tally.correct += type_ == record.type
            _score_set(tally.actor, actor_codes, record.sources)
            _score_set(tally.target, target_codes, record.targets)
    return tallies, len(records)


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


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    started = time.perf_counter()
    report = EvalReport("events", str(data_dir))
    tallies, n = run_gsr(data_dir, model, limit)
    report.rows.extend(gsr_rows(tallies))
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
