"""The attribution cue lexicon (``data/cues.tsv``), loaded once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.data import read_text

# Cue classes that introduce an attribution on their own.
TRIGGER_CLASSES = frozenset({
    "speech", "cognition", "evidence", "stance", "denial", "confirmation", "refusal", "response",
})


@dataclass(frozen=True)
class CueEntry:
    lemma: str
    pos: str
    cls: str
    status: str
    neg_status: str
    train_freq: int


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, CueEntry]  # single-word verb cues
    phrasal: dict[str, CueEntry]  # "call for", "point out"
    nouns: dict[str, CueEntry]
    negators: frozenset[str]  # refrain, fail: negate the verb they govern
    hedges: frozenset[str]  # may, likely, reportedly
    conditions: frozenset[str]  # if, unless
    channels: frozenset[str]  # statement, interview: "in a statement"
    entries: tuple[CueEntry, ...]

    def verb(self, lemma: str, particle: str | None = None) -> CueEntry | None:
        if particle:
            entry = self.phrasal.get(f"{lemma} {particle}")
            if entry is not None:
                return entry
        return self.verbs.get(lemma)


def _rows() -> list[CueEntry]:
    text = read_text("cues.tsv")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    return [CueEntry(r["lemma"], r["pos"], r["class"], r["status"], r["neg_status"],
                     int(r["train_freq"])) for r in reader]


@lru_cache(maxsize=1)
def attribution_kinds() -> dict[str, str]:
    """Cue lemma -> kind of attribution (speech | report | belief | stance), from
    ``data/attribution_kinds.tsv``."""
    text = read_text("attribution_kinds.tsv")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {r["lemma"]: r["kind"] for r in csv.DictReader(lines, delimiter="\t")}


def attribution_kind(lemma: str | None) -> str | None:
    """The kind of a cue; a quotation with no cue is someone speaking."""
    if lemma is None:
        return "speech"
    return attribution_kinds().get(lemma)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    entries = _rows()
    verbs: dict[str, CueEntry] = {}
    phrasal: dict[str, CueEntry] = {}
    nouns: dict[str, CueEntry] = {}
    for e in entries:
        if e.cls not in TRIGGER_CLASSES:
            continue
        if e.pos == "VERB" and " " in e.lemma:
            phrasal.setdefault(e.lemma, e)
        elif e.pos == "VERB":
            verbs.setdefault(e.lemma, e)
        elif e.pos == "NOUN":
            nouns.setdefault(e.lemma, e)
    return Lexicon(
        verbs=verbs,
        phrasal=phrasal,
        nouns=nouns,
        negators=frozenset(e.lemma for e in entries if e.cls == "negator"),
        hedges=frozenset(e.lemma for e in entries if e.cls == "hedge"),
        conditions=frozenset(e.lemma for e in entries if e.cls == "condition"),
        channels=frozenset(e.lemma for e in entries if e.cls == "channel"),
        entries=tuple(entries),
    )
