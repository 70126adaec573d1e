"""``newsgraph eval time``: TIMEX3 extents and values on TempEval-3 TBAQ and MEANTIME.

Scoring follows the TempEval-3 definitions: extents are matched one-to-one, strictly
(same offsets) or relaxed (overlapping); type accuracy is over the relaxed matches;
value F1 counts a system timex as correct when it matches a gold one (relaxed) and has
its value: P = correct / system timexes, R = correct / gold timexes. The document
creation time is the reference date and is not itself scored (TBAQ keeps it outside
the text; MEANTIME's date line is in the text and is scored like any timex). MEANTIME
is annotated on its first six sentences only (title, date line, five sentences), so
only that part of each document is tagged and scored.

The baseline, measured in the same run on the same parses: spaCy DATE and TIME
entities, normalized with dateparser (``RELATIVE_BASE`` = the creation time).
"""

from __future__ import annotations

import html
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from newsgraph.eval import EvalReport, Row, Score, require
from newsgraph.models import load_model
from newsgraph.timeutil import parse_date
from newsgraph.timex.reference import find_reference_date

TBAQ_DIR = Path("tempeval3") / "TBAQ-cleaned"
MEANTIME_DIR = Path("meantime") / "intra-doc"
MEANTIME_TOPICS = ("airbus", "apple", "gm")
# MEANTIME annotates the title, the date line and the first five sentences (0-5)
MEANTIME_LAST_SENTENCE = 5


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class GoldDoc:
    id: str
    text: str
    dct: date | None
    timexes: list[GoldTimex] = field(default_factory=list)


@dataclass
class SysTimex:
    start: int
    end: int
    type: str
    value: str | None


# --- corpora ---------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: Path) -> GoldDoc:
    """A TimeML file: the TEXT element without tags, and its TIMEX3 offsets."""
    raw = path.read_text("utf-8")
    dct_match = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S)
    dct = parse_date(dct_match.group(1)) if dct_match else None
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict] | None = None
    timexes: list[GoldTimex] = []
    pos = 0
    for match in _TAG.finditer(body):
        chunk = html.unescape(body[pos:match.start()])
        pieces.append(chunk)
        length += len(chunk)
        pos = match.end()
        closing, name, attrs = match.group(1), match.group(2), match.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, a = open_timex
            timexes.append(GoldTimex(start, length, a.get("type", "DATE"), a.get("value", "")))
            open_timex = None
    pieces.append(html.unescape(body[pos:]))
    text = "".join(pieces)
    return GoldDoc(path.stem, text, dct, _strip_gold(text, timexes))


def _strip_gold(text: str, timexes: list[GoldTimex]) -> list[GoldTimex]:
    out = []
    for t in timexes:
        start, end = t.start, t.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(GoldTimex(start, end, t.type, t.value))
    return out


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'", "''", "'re",
                    "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "$", "``", "US$", "#"}


def read_meantime(path: Path) -> GoldDoc:
    """A MEANTIME CAT file: tokens joined into text (simple detokenization), TIMEX3 offsets."""
    root = ET.parse(path).getroot()
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    length = 0
    previous = None
    last_sentence = None
    for token in root.findall("token"):
        word = token.text or ""
        sentence = token.get("sentence")
        if int(sentence or 0) > MEANTIME_LAST_SENTENCE:
            break  # the annotated part: title, date line and the first sentences
        if previous is not None:
            if sentence != last_sentence and last_sentence is not None and \
                    previous in (".", "!", "?", "''"):
                sep = "\n" if word[:1].isupper() else " "
            elif word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        offsets[token.get("t_id")] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        previous, last_sentence = word, sentence
    text = "".join(parts)
    dct = None
    # a few documents have no creation-time markable: their date line gives the date
    timexes = []
    for markable in root.find("Markables").findall("TIMEX3"):
        ids = [a.get("t_id") for a in markable.findall("token_anchor")]
        if markable.get("functionInDocument") == "CREATION_TIME":
            dct = parse_date(markable.get("value"))
        spans = [offsets[i] for i in ids if i in offsets]
        if spans:
            timexes.append(GoldTimex(min(s for s, _ in spans), max(e for _, e in spans),
                                     markable.get("type", "DATE"), markable.get("value", "")))
    if dct is None:
        dct = find_reference_date(text)
    return GoldDoc(path.stem, text, dct, timexes)


def load_tbaq(data_dir: Path, limit: int | None = None) -> list[GoldDoc]:
    folder = require(data_dir / TBAQ_DIR)
    paths = sorted(folder.glob("*/*.tml"))[:limit]
    return [read_tml(p) for p in paths]


def load_meantime(data_dir: Path, limit: int | None = None) -> list[GoldDoc]:
    folder = require(data_dir / MEANTIME_DIR)
    paths = sorted(p for topic in MEANTIME_TOPICS for p in (folder / topic).glob("*.xml"))
    return [read_meantime(p) for p in paths[:limit]]


# --- systems -----------------------------------------------------------------------------

def newsgraph_system(doc, gold: GoldDoc) -> list[SysTimex]:
    from newsgraph.timex.annotate import find_timexes

    return [SysTimex(t.span[0], t.span[1], t.type, t.value) for t in find_timexes(doc, gold.dct)]


def baseline_system(doc, gold: GoldDoc) -> list[SysTimex]:
    """spaCy DATE/TIME entities normalized by dateparser relative to the creation time."""
    parser = _date_parser(gold.dct)
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        value = None
        try:
            data = parser.get_date_data(ent.text)
        except Exception:  # dateparser raises on some odd inputs; that is a miss
            data = None
        if data is not None and data.date_obj is not None:
            value = _dateparser_value(data.date_obj, data.period)
        kind = "TIME" if ent.label_ == "TIME" else "DATE"
        found.append(SysTimex(ent.start_char, ent.end_char, kind, value))
    return found


_PARSERS: dict[date | None, object] = {}


def _date_parser(dct: date | None):
    from dateparser.date import DateDataParser

    if dct not in _PARSERS:
        settings = {"PREFER_DATES_FROM": "past"}
        if dct is not None:
            settings["RELATIVE_BASE"] = datetime(dct.year, dct.month, dct.day)
        _PARSERS[dct] = DateDataParser(languages=["en"], settings=settings)
    return _PARSERS[dct]


def _dateparser_value(value: datetime, period: str | None) -> str:
    if period == "year":
        return f"{value.year}"
    if period == "month":
        return f"{value.year}-{value.month:02d}"
    if period == "week":
        year, week, _ = value.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "time":
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.date().isoformat()


SYSTEMS = {"newsgraph": newsgraph_system, "spacy+dateparser": baseline_system}


# --- scoring -----------------------------------------------------------------------------

@dataclass
class Tally:
    strict: Score = field(default_factory=Score)
    relaxed: Score = field(default_factory=Score)
    value: Score = field(default_factory=Score)
    type_correct: int = 0


def match_timexes(gold: list[GoldTimex], system: list[SysTimex],
                  strict: bool) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, system index): exact, then overlapping."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_s: set[int] = set()
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if si not in used_s and (s.start, s.end) == (g.start, g.end):
                pairs.append((gi, si))
                used_g.add(gi)
                used_s.add(si)
                break
    if not strict:
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for si, s in enumerate(system):
                if si not in used_s and s.start < g.end and g.start < s.end:
                    pairs.append((gi, si))
                    used_g.add(gi)
                    used_s.add(si)
                    break
    return pairs


def score_doc(gold: list[GoldTimex], system: list[SysTimex], tally: Tally) -> None:
    strict = len(match_timexes(gold, system, strict=True))
    tally.strict += Score(strict, len(system) - strict, len(gold) - strict)
    pairs = match_timexes(gold, system, strict=False)
    tally.relaxed += Score(len(pairs), len(system) - len(pairs), len(gold) - len(pairs))
    correct = sum(1 for gi, si in pairs if system[si].value == gold[gi].value)
    tally.value += Score(correct, len(system) - correct, len(gold) - correct)
    tally.type_correct += sum(1 for gi, si in pairs if system[si].type == gold[gi].type)


def _rows(dataset: str, system: str, tally: Tally) -> list[Row]:
    matched = tally.relaxed.tp
    return [
        Row.from_score(system, f"{dataset} strict extent", tally.strict),
        Row.from_score(system, f"{dataset} relaxed extent", tally.relaxed),
        Row(system, f"{dataset} type accuracy", accuracy=(tally.type_correct / matched
                                                          if matched else 0.0), support=matched),
        Row.from_score(system, f"{dataset} value", tally.value),
    ]


def parse_all(nlp, docs: list[GoldDoc]) -> list:
    """Parse each text once."""
    return list(nlp.pipe((d.text for d in docs), batch_size=16))


def evaluate(corpora: dict[str, list[GoldDoc]], nlp, systems=None) -> dict[tuple[str, str], Tally]:
    systems = systems or SYSTEMS
    tallies: dict[tuple[str, str], Tally] = {}
    for dataset, docs in corpora.items():
        parsed = parse_all(nlp, docs)
        for name, fn in systems.items():
            tally = tallies.setdefault((dataset, name), Tally())
            for gold, doc in zip(docs, parsed, strict=True):
                score_doc(gold.timexes, fn(doc, gold), tally)
    return tallies


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    began = time.perf_counter()
    corpora = {"TBAQ": load_tbaq(data_dir, limit), "MEANTIME": load_meantime(data_dir, limit)}
    # each system on its own parse: newsgraph's pipeline, the baseline's bare spaCy model
    tallies = {}
    for name, fn in SYSTEMS.items():
        nlp = load_model(model, paragraphs=name == "newsgraph")
        tallies.update(evaluate(corpora, nlp, {name: fn}))
    report = EvalReport(task="time", dataset="TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT) and "
                        "MEANTIME English intra-doc (airbus, apple, gm)")
    for (dataset, system), tally in tallies.items():
        report.rows.extend(_rows(dataset, system, tally))
    counts = {name: (len(docs), sum(len(d.timexes) for d in docs))
              for name, docs in corpora.items()}
    report.notes.append("documents and gold timexes: " + ", ".join(
        f"{name} {n} docs / {t} timexes" for name, (n, t) in counts.items()))
    report.notes.append("TempEval-3 scoring; value F1: a system timex counts when it overlaps a "
                        "gold one and has its exact value. Reference date = document creation "
                        "time. TBAQ is TempEval-3's training data: the rules were tuned on it; "
                        "MEANTIME is scored on its annotated part (title, date line, first five "
                        "sentences). spacy+dateparser: spaCy DATE/TIME entities valued by "
                        "dateparser relative to the creation time.")
    report.seconds = time.perf_counter() - began
    return report
