"""MEANTIME (intra-document, English): a small reader, and event factuality.

The CAT XML gives tokens without spacing; the text is rebuilt with one space
between tokens except before closing punctuation and after opening
punctuation, one newline after the title and the date line, and each token's
character offsets are kept, so gold markables map to character spans.
Only some sentences of each article are annotated: scores count predictions
only in sentences that hold at least one gold markable.

Factuality: gold polarity/certainty/time map to three classes, which are also
what newsgraph's statuses mean for whether the event happened:

| gold | class | newsgraph status |
|---|---|---|
| polarity NEG | negated | denied (or a negated trigger) |
| certainty POSSIBLE/PROBABLE, or time FUTURE | uncertain | hedged, conditional, not_confirmed |
| otherwise (CERTAIN, POS, NON_FUTURE) | factual | asserted, reported, confirmed, not_denied |

Two systems are scored: the status rules (:mod:`newsgraph.events.sourcing`:
reporting cue, negation, modality, conditional) applied to every gold event
trigger; and the coded events (only mentions whose token newsgraph codes as a
PLOVER event). A majority-class baseline (everything factual) is given.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from newsgraph.eval import Row
from newsgraph.events.sourcing import attribute, hedge_status
from newsgraph.extract import Context, resolve
from newsgraph.models import load_model
from newsgraph.schema import Document
from newsgraph.settings import env

NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "'s", "'", "''", "%", "n't",
                   "'re", "'ve", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "US$", "AU$", "C$", "#"}
FACTUAL_STATUSES = {"asserted", "reported", "confirmed", "not_denied", "no_comment"}
UNCERTAIN_STATUSES = {"hedged", "conditional", "not_confirmed"}
# the layers the statuses read; NEWSGRAPH_EVAL_NO_QUOTES=1 leaves the quotes layer out
EXTRACTORS = tuple(x for x in ("entities", "timexes", "quotes", "events")
                   if not (x == "quotes" and env("eval_no_quotes")))
FUTURE_AUX = {"will", "would", "shall", "'ll", "wo", "going"}


@dataclass
class Markable:
    kind: str  # EVENT_MENTION, VALUE, ...
    start: int
    end: int
    attrs: dict[str, str]


@dataclass
class MeantimeDoc:
    name: str
    text: str
    markables: list[Markable] = field(default_factory=list)
    annotated: list[tuple[int, int]] = field(default_factory=list)  # sentence char ranges


def read_doc(path: Path) -> MeantimeDoc:
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, str] = {}
    sentences: dict[str, list[int]] = {}
    pos, prev, prev_sent = 0, None, None
    for tok in root.iter("token"):
        word, sent = tok.text or "", tok.get("sentence")
        if prev is not None:
            if sent != prev_sent and prev_sent in ("0", "1"):
                sep = "\n"
            elif word in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            pieces.append(sep)
            pos += len(sep)
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        sentence_of[tok.get("t_id")] = sent
        span = sentences.setdefault(sent, [pos, pos + len(word)])
        span[1] = pos + len(word)
        pieces.append(word)
        pos += len(word)
        prev, prev_sent = word, sent
    doc = MeantimeDoc(path.stem, "".join(pieces))
    marked_sentences = set()
    markables = root.find("Markables")
    for el in markables if markables is not None else []:
        ids = [a.get("t_id") for a in el.findall("token_anchor")]
        ids = [i for i in ids if i in offsets]
        if not ids:
            continue
        start = min(offsets[i][0] for i in ids)
        end = max(offsets[i][1] for i in ids)
        doc.markables.append(Markable(el.tag, start, end, dict(el.attrib)))
        marked_sentences.update(sentence_of[i] for i in ids)
    # every sentence with a gold markable, the title included: its markables are scored,
    # so predictions there must be too
    doc.annotated = [tuple(sentences[s]) for s in sorted(marked_sentences, key=int)]
    return doc


def read_corpus(root: Path, limit: int | None = None) -> list[MeantimeDoc]:
    paths = sorted(root.glob("*/*.xml"))[:limit]
    return [read_doc(p) for p in paths]


def analyzed(docs: list[MeantimeDoc], model: str | None,
             extractors: tuple[str, ...]) -> Iterable[tuple[MeantimeDoc, Context]]:
    """Each document parsed once with ``nlp.pipe`` and run through ``extractors``."""
    nlp = load_model(model)
    fns = resolve(extractors)
    for gold, doc in zip(docs, nlp.pipe([d.text for d in docs], batch_size=16), strict=True):
        ctx = Context(doc=doc, document=Document(id=gold.name, text=doc.text))
        for _, fn in fns:
            fn(ctx)
        yield gold, ctx


def gold_class(attrs: dict[str, str]) -> str | None:
    polarity, certainty = attrs.get("polarity", ""), attrs.get("certainty", "")
    if not polarity and not certainty:
        return None
    if polarity == "NEG":
        return "negated"
    if certainty in ("POSSIBLE", "PROBABLE") or attrs.get("time") == "FUTURE":
        return "uncertain"
    return "factual"


def status_class(status: str) -> str:
    if status == "denied":
        return "negated"
    if status in UNCERTAIN_STATUSES:
        return "uncertain"
    return "factual"


def token_class(token: Token) -> str:
    """The status rules applied to one trigger token."""
    if any(c.dep_ == "neg" for c in token.children):
        return "negated"
    attribution = attribute(token)
    status = attribution.status
    hedge = hedge_status(token)
    if hedge is not None:
        status = hedge
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in token.children):
        return "uncertain"
    return status_class(status)


@dataclass
class Counts:
    correct: int = 0
    total: int = 0
    majority: int = 0

    def add(self, predicted: str, gold: str) -> None:
        self.total += 1
        self.correct += predicted == gold
        self.majority += gold == "factual"


def run_factuality(root: Path, model: str | None, limit: int | None
                   ) -> tuple[list[Row], list[str]]:
    docs = read_corpus(root, limit)
    rules, coded = Counts(), Counts()
    for gold, ctx in analyzed(docs, model, EXTRACTORS):
        events = {e.span[0]: e for e in ctx.document.events}
        for m in gold.markables:
            if m.kind != "EVENT_MENTION":
                continue
            cls = gold_class(m.attrs)
            span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
            if cls is None or span is None or len(span) == 0:
                continue
            token = span.root
            rules.add(token_class(token), cls)
            event = events.get(token.idx)
            if event is not None:
                negated = any(c.dep_ == "neg" for c in token.children)
                coded.add("negated" if negated else status_class(event.status), cls)
    rows = []
    for system, counts in (("newsgraph status rules (all gold triggers)", rules),
                           ("newsgraph coded events", coded)):
        rows.append(Row(system, "MEANTIME factuality (3 classes)",
                        accuracy=counts.correct / counts.total if counts.total else 0.0,
                        support=counts.total))
        rows.append(Row(f"majority baseline (factual), same mentions as {system}",
                        "MEANTIME factuality (3 classes)",
                        accuracy=counts.majority / counts.total if counts.total else 0.0,
                        support=counts.total))
    notes = [f"MEANTIME intra-doc: {len(docs)} documents; factual/negated/uncertain classes"]
    return rows, notes
