"""``newsgraph eval attribution``: quotations and reported speech on PolNeAR dev.

Gold: one annotator file per article (the first by name when several annotators did it).
Each Attribution event gives a content span (discontinuous fragments are kept as pieces,
sorted, since brat keeps them in annotation order) and, usually, a source span. A gold
content is *direct* when it is a quotation: it opens with a quotation mark and, trailing
punctuation aside, closes with one (a mark just outside the span counts, and so does the
New York Times' doubled apostrophe ''). Every other content is *indirect*.

Predictions: ``direct`` quotes are scored against direct gold; ``indirect`` and ``partial``
ones against indirect gold (PolNeAR's content for 'called it "a disaster"' is the whole
complement, not the quoted words), unless their reported content is a whole quotation by
the rule above ('says "nothing will change."'), which makes them direct as it does gold.
PolNeAR is univocal (a token belongs to one attribution at most), so a prediction lying
inside another one's content (inside one of its pieces: the writer's text between the
pieces of a split quotation is not its content) is dropped before scoring. A quotation
split by its cue ('"A," he said, "B."') is one predicted quote with several ``segments``,
as it is one gold unit.

Match: one-to-one, best first, when the overlap covers at least half of both contents
(shared characters / the longer content >= 0.5). A discontinuous content counts only its
pieces, for gold fragments and joined predictions alike: the source and cue between the
pieces of '"A," he said, "B."' are not content (counting them, as an envelope does, failed
a prediction of A and B against gold A and B).

Speaker accuracy, over matched pairs whose gold has a source: the predicted speaker's span
overlaps the gold source, or the predicted speaker's entity has a mention overlapping it,
or its name and the gold source share a capitalised word. textacy's ``direct_quotations``
is run on the same parses and scored the same way on direct quotations.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.data import word_list
from newsgraph.eval import EvalReport, Row, Score, require
from newsgraph.eval.stances import evaluate as voa_stances
from newsgraph.models import load_model
from newsgraph.schema import Document

Span = tuple[int, int]
OVERLAP = 0.5
_OPEN = "\"“"
_CLOSE = "\"”"
_TRAILING = frozenset(" \n.,;:!?—–")
_PRONOUNS = word_list("pronouns.speaker")
_WORD = re.compile(r"[A-Z][\w'’-]+")


@dataclass
class Attribution:
    content: Span
    source: Span | None
    cue: Span | None = None
    direct: bool = False
    speaker_name: str | None = None
    speaker_entity: str | None = None
    kind: str = ""  # the predicted quote's kind
    quotes: list[int] = field(default_factory=list)  # indices of the predicted quotes in it
    parts: list[Span] = field(default_factory=list)  # a discontinuous content's pieces


@dataclass
class Tally:
    content: Score
    speaker_ok: int = 0
    speaker_n: int = 0
    pronoun_ok: int = 0
    pronoun_n: int = 0
    pronoun_named: int = 0


# -- gold ------------------------------------------------------------------------------
def _fragments(field: str) -> list[Span]:
    # brat lists a discontinuous span's fragments in annotation order, not text order
    # ("1024 1076;879 913"): sort them, or the envelope comes out backwards
    return sorted((int(a), int(b)) for a, b in (part.split() for part in field.split(";")))


def read_ann(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, list[Span]] = {}
    out: list[Attribution] = []
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = _fragments(offsets)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        frags = spans[ev["Content"]]
        content = (frags[0][0], frags[-1][1])
        source = _envelope(spans.get(ev.get("Source", "")))
        cue = _envelope(spans.get(ev.get("Cue", "")))
        out.append(Attribution(content, source, cue, _is_direct(text, frags),
                               parts=frags if len(frags) > 1 else []))
    return out


def _envelope(frags: list[Span] | None) -> Span | None:
    return (frags[0][0], frags[-1][1]) if frags else None


def _is_direct(text: str, frags: list[Span]) -> bool:
    """A quotation: opens with a mark and, trailing punctuation aside, closes with one.

    A mark right outside the span counts too (annotators now and then leave it out:
    'Sheldon and I ... his support.”'), and so does the doubled apostrophe the New York
    Times writes for a double mark (''...'').
    """
    start, end = frags[0][0], frags[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if start == end:
        return False
    after = end
    while after < len(text) and text[after] in ".,;:!?":
        after += 1
    opens = _mark_at(text, start) or start > 0 and text[start - 1] in _OPEN
    closes = _mark_at(text, end - 1) or after < len(text) and text[after] in _CLOSE
    return bool(opens and closes)


def _mark_at(text: str, i: int) -> bool:
    return text[i] in _OPEN + _CLOSE or text[i:i + 2] == "''" or text[i - 1:i + 1] == "''"


def articles(data_dir: Path, split: str) -> Iterator[tuple[str, Path, Path]]:
    root = require(data_dir / "polnear" / split)
    anns = sorted((root / "attributions").glob("*.ann"))
    seen: set[str] = set()
    for ann in anns:
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in seen:
            continue  # one annotator per article
        text = root / "text" / f"{stem}.txt"
        if text.exists():
            seen.add(stem)
            yield stem, text, ann


# -- predictions -----------------------------------------------------------------------
def predictions(document: Document) -> tuple[list[Attribution], list[Attribution]]:
    """(direct, indirect) predictions as PolNeAR would annotate them."""
    direct: list[Attribution] = []
    indirect: list[Attribution] = []
    for k, q in enumerate(document.quotes):
        sp = q.speaker
        att = Attribution(q.span, sp.span if sp else None, q.cue.span if q.cue else None,
                          q.kind == "direct", sp.name if sp else None, sp.entity_id if sp else None,
                          quotes=[k], parts=list(q.segments) if len(q.segments) > 1 else [])
        att.kind = q.kind
        (direct if q.kind == "direct" else indirect).append(att)
    both = univocal(direct + indirect)
    for a in both:  # typed as gold is: a reported content that is a whole quotation is direct
        a.direct = a.direct or a.kind == "indirect" and _is_direct(document.text, [a.content])
    both = _distinct(sorted(both, key=lambda a: not a.direct))  # the retyped one wins
    return [a for a in both if a.direct], [a for a in both if not a.direct]


def _distinct(items: list[Attribution]) -> list[Attribution]:
    """One prediction per content span: 'said "A"' gives a partial and an indirect quote
    over the same words."""
    seen: set[Span] = set()
    out = []
    for a in items:
        if a.content not in seen:
            seen.add(a.content)
            out.append(a)
    return out


def univocal(items: list[Attribution]) -> list[Attribution]:
    """Drop a prediction lying inside another one's content; the writer's text between
    the pieces of a split quotation ('"A," he said, suggesting that ..., "B."') is not
    inside it."""
    def inside(a: Attribution, b: Attribution) -> bool:
        return a is not b and a.content != b.content and any(
            s <= a.content[0] and a.content[1] <= e for s, e in _pieces(b))
    return [a for a in items if not any(inside(a, b) for b in items)]


def textacy_direct(doc) -> list[Attribution] | None:
    from textacy.extract.triples import direct_quotations

    out: list[Attribution] = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy bails out on an odd number of quotation marks
        return None
    for triple in triples:
        content = triple.content
        speaker = triple.speaker
        src = (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else None
        cue = triple.cue
        cue_span = (cue[0].idx, cue[-1].idx + len(cue[-1])) if cue else None
        out.append(Attribution((content.start_char, content.end_char), src, cue_span, True,
                               " ".join(t.text for t in speaker) if speaker else None))
    return out


# -- scoring ---------------------------------------------------------------------------
def _overlap(a: Span, b: Span) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return inter / longer if inter > 0 and longer else 0.0


def _pieces(a: Attribution) -> list[Span]:
    return a.parts or [a.content]


def content_overlap(a: Attribution, b: Attribution) -> float:
    """Shared characters over the longer content, counting only a discontinuous content's
    pieces: the source and cue between them ('"A," he said, "B."') are not content."""
    inter = sum(max(0, min(x[1], y[1]) - max(x[0], y[0]))
                for x in _pieces(a) for y in _pieces(b))
    longer = max(sum(e - s for s, e in _pieces(a)), sum(e - s for s, e in _pieces(b)))
    return inter / longer if inter > 0 and longer else 0.0


def match(gold: list[Attribution], pred: list[Attribution]
          ) -> list[tuple[Attribution, Attribution]]:
    pairs = sorted(((content_overlap(g, p), i, j) for i, g in enumerate(gold)
                    for j, p in enumerate(pred)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for ratio, i, j in pairs:
        if ratio < OVERLAP:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((gold[i], pred[j]))
    return out


def speaker_matches(gold: Attribution, pred: Attribution, text: str,
                    mentions: dict[str, list[Span]]) -> bool:
    src = gold.source
    if src is None:
        return False
    if pred.source is not None and _overlap_any(src, pred.source):
        return True
    if pred.speaker_entity and any(_overlap_any(src, m)
                                   for m in mentions.get(pred.speaker_entity, [])):
        return True
    if pred.speaker_name:
        gold_words = set(_WORD.findall(text[src[0]:src[1]]))
        return bool(gold_words & set(_WORD.findall(pred.speaker_name)))
    return False


def _overlap_any(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def tally(t: Tally, gold: list[Attribution], pred: list[Attribution], text: str,
          mentions: dict[str, list[Span]]) -> None:
    pairs = match(gold, pred)
    t.content += Score(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    for g, p in pairs:
        if g.source is None:
            continue
        ok = speaker_matches(g, p, text, mentions)
        t.speaker_n += 1
        t.speaker_ok += ok
        if text[g.source[0]:g.source[1]].strip().lower() in _PRONOUNS:
            t.pronoun_n += 1
            t.pronoun_ok += ok
            t.pronoun_named += bool(p.speaker_name and p.speaker_name.lower() not in _PRONOUNS)


def evaluate(data_dir: Path, model: str | None = None, limit: int | None = None,
             split: str = "dev", baseline: bool = True) -> EvalReport:
    from newsgraph.ingest import RawArticle
    from newsgraph.pipeline import Pipeline

    began = time.perf_counter()
    pipe = Pipeline(model, extractors=("entities", "quotes", "sources"))
    items = list(articles(data_dir, split))[:limit]
    ours = {"direct": Tally(Score()), "indirect": Tally(Score())}
    shares: Counter[str] = Counter()
    theirs = Tally(Score())
    bailed = 0
    texts = [p.read_text(encoding="utf-8") for _, p, _ in items]
    bare = load_model(model, paragraphs=False)
    for (stem, _, ann), doc in zip(items, pipe.nlp.pipe(texts, batch_size=8), strict=True):
        text = doc.text
        gold = read_ann(ann, text)
        document = pipe.extract(doc, RawArticle(id=stem, text=text))
        mentions = {e.id: [m.span for m in e.mentions] for e in document.entities}
        _count_speakers(document, shares)
        direct, indirect = predictions(document)
        tally(ours["direct"], [g for g in gold if g.direct], direct, text, mentions)
        tally(ours["indirect"], [g for g in gold if not g.direct], indirect, text, mentions)
        if baseline:  # textacy on the bare model's parse, as a user of it would have
            found = textacy_direct(bare(text))
            bailed += found is None
            tally(theirs, [g for g in gold if g.direct], found or [], text, {})
    report = EvalReport(task="attribution", dataset=f"PolNeAR {split} ({len(items)} articles)")
    for kind, t in ours.items():
        _rows(report, "newsgraph", kind, t)
    for what in ("no speaker", "anonymous-source speaker", "chain of attribution (via)"):
        report.rows.append(Row("newsgraph", f"predicted quotes with {what} (share)",
                               accuracy=shares[what] / shares["quotes"] if shares["quotes"]
                               else None, support=shares["quotes"]))
    if baseline:
        _rows(report, "textacy direct_quotations", "direct", theirs)
    report.notes += [
        "content: a match needs shared characters >= 50% of the longer content (pieces of a "
        "discontinuous content only), one-to-one",
        "speaker: accuracy over matched pairs whose gold has a source",
        "pronoun speakers: matched pairs whose gold source is a pronoun; 'resolved' = our "
        "speaker name is a name, not the pronoun",
    ]
    if baseline:
        report.notes.append(f"textacy raised on {bailed} of {len(items)} articles (odd number "
                            "of quotation marks): scored as finding nothing there")
    report.seconds = time.perf_counter() - began
    return report


def _count_speakers(document: Document, counts: Counter[str]) -> None:
    """How many predicted quotes have no speaker, an anonymous source, a chain."""
    anonymous = {e.id for e in document.entities if e.anonymous}
    for q in document.quotes:
        counts["quotes"] += 1
        counts["no speaker"] += q.speaker is None
        counts["anonymous-source speaker"] += bool(q.speaker and q.speaker.entity_id in anonymous)
        counts["chain of attribution (via)"] += bool(q.via)


def _rows(report: EvalReport, system: str, kind: str, t: Tally) -> None:
    report.rows.append(Row.from_score(system, f"{kind} content", t.content))
    report.rows.append(Row(system, f"{kind} speaker (matched)",
                           accuracy=t.speaker_ok / t.speaker_n if t.speaker_n else None,
                           support=t.speaker_n))
    if t.pronoun_n:
        report.rows.append(Row(system, f"{kind} pronoun speaker (matched)",
                               accuracy=t.pronoun_ok / t.pronoun_n, support=t.pronoun_n))
        report.rows.append(Row(system, f"{kind} pronoun speaker resolved to a name",
                               accuracy=t.pronoun_named / t.pronoun_n, support=t.pronoun_n))


def pronoun_resolution(data_dir: Path, pipe, limit: int | None = None) -> list[Row]:
    """The speaker resolver's pronoun rule on MEANTIME's gold coreference: a third-person
    pronoun in a gold chain is right when the antecedent it picks overlaps another mention
    of that chain. Pronouns it leaves unresolved count as wrong."""
    import xml.etree.ElementTree as ET

    from newsgraph.attribution.lexicon import load_lexicon
    from newsgraph.attribution.quotemarks import quote_regions
    from newsgraph.attribution.speakers import SpeakerResolver
    from newsgraph.extract.quotes import cue_tokens
    from newsgraph.ingest import RawArticle

    root = data_dir / "meantime" / "intra-doc"
    if not root.is_dir():
        return []
    files = sorted(root.glob("*/*.xml"))[:limit]
    texts, spans, chains = [], [], []
    for f in files:
        tree = ET.parse(f).getroot()
        parts, offsets, pos, last_sent = [], {}, 0, None
        for tok in tree.iter("token"):
            sep = "" if not parts else ("\n" if tok.get("sentence") != last_sent else " ")
            pos += len(sep)
            parts.append(sep + (tok.text or ""))
            offsets[tok.get("t_id")] = (pos, pos + len(tok.text or ""))
            pos += len(tok.text or "")
            last_sent = tok.get("sentence")
        mentions = {}
        for m in tree.iter("ENTITY_MENTION"):
            ids = [a.get("t_id") for a in m.iter("token_anchor")]
            if ids:
                mentions[m.get("m_id")] = (offsets[ids[0]][0], offsets[ids[-1]][1],
                                           m.get("syntactic_type"))
        groups = []
        for r in tree.iter("REFERS_TO"):
            group = [mentions[s.get("m_id")] for s in r.iter("source") if s.get("m_id") in mentions]
            if len(group) > 1:
                groups.append(group)
        texts.append("".join(parts))
        spans.append(offsets)
        chains.append(groups)
    lexicon = load_lexicon()
    right: dict[str, int] = {"he/she": 0, "it/they": 0}
    total: dict[str, int] = {"he/she": 0, "it/they": 0}
    for text, groups, doc in zip(texts, chains, pipe.nlp.pipe(texts, batch_size=8), strict=True):
        document = pipe.extract(doc, RawArticle(id="m", text=text))
        regions = quote_regions(text)
        quoted = [any(s <= t.idx < e for s, e in regions) for t in doc]
        resolver = SpeakerResolver(doc, document.entities, {}, quoted,
                                   set(cue_tokens(doc, lexicon)))
        for group in groups:
            for start, end, kind in group:
                span = doc.char_span(start, end)
                if kind != "PRO" or span is None or len(span) != 1:
                    continue
                tok = span[0]
                if tok.lower_ not in ("he", "she", "they", "it", "him", "her", "them"):
                    continue
                key = "he/she" if tok.lower_ in ("he", "she", "him", "her") else "it/they"
                total[key] += 1
                ante = resolver.antecedent(tok)
                if ante is None:
                    continue
                a0, a1 = doc[ante.start].idx, doc[ante.end - 1].idx + len(doc[ante.end - 1])
                right[key] += any(s < a1 and a0 < e and (s, e) != (start, end)
                                  for s, e, _ in group)
    return [Row("newsgraph", f"pronoun antecedent {k} (MEANTIME gold coreference)",
                accuracy=right[k] / total[k] if total[k] else None, support=total[k])
            for k in total]


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    report = evaluate(data_dir, model=model, limit=limit, split="dev")
    from newsgraph.pipeline import Pipeline

    report.rows += pronoun_resolution(data_dir, Pipeline(model, extractors=("entities",)), limit)
    stances = voa_stances(data_dir, Pipeline(model))
    if stances is not None:
        report.rows += [Row(r.system, f"VOA dev: {r.measure}", r.precision, r.recall,
                            r.f1, r.accuracy, r.support) for r in stances.rows]
        report.notes.append(f"VOA dev: {stances.dataset}; " + "; ".join(stances.notes))
    return report
