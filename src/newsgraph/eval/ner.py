"""Named entities on CoNLL++ dev (CoNLL-2003 English dev, IOB2, 4 classes).

The text of each CoNLL document is rebuilt from its tokens (one space between
tokens, one newline between sentences) and parsed whole with ``nlp.pipe``: a
document is what the pipeline sees in use, and it needs 216 calls instead of
3,250. Predicted entity character spans are snapped out to the CoNLL tokens
they overlap, so a tokenisation difference (spaCy splitting ``U.S.-based``)
does not count against the model; the snapped spans are then scored as in
``conlleval``: a prediction counts only if its start, end and type all match.

OntoNotes labels are mapped to the CoNLL classes (PERSON->PER, ORG->ORG,
GPE/LOC/FAC->LOC, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC); numeric
and date labels are dropped, as CoNLL does not annotate them.

``run`` scores one model; ``compare_models`` scores several (each loaded once,
in the same process) and times ``nlp.pipe`` on the same texts, so F1 and
speed can be shown side by side (``python -m newsgraph.eval.ner --compare``).
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.eval import EvalReport, Row, Score, default_data_dir, require
from newsgraph.models import ALIASES, load_model, model_name

DEV_FILE = Path("conllpp") / "conllpp_dev.txt"
DOCSTART = "-DOCSTART-"
TYPES = ("PER", "ORG", "LOC", "MISC")
ALL = "ALL"

ONTONOTES_TO_CONLL: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    # newsgraph's own entity type for what it keeps but cannot place
    "OTHER": "MISC",
}

# (first token, end token exclusive, CoNLL type), token indices within a document
Span = tuple[int, int, str]


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]


@dataclass
class ConllDocument:
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def n_tokens(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)


# ---------------------------------------------------------------- reading


def read_conll(lines: Iterable[str]) -> list[ConllDocument]:
    """Documents of a CoNLL-2003 file: ``token POS chunk NER`` lines, blank between
    sentences, ``-DOCSTART-`` between documents. The last column is the tag."""
    docs: list[ConllDocument] = []
    current = ConllDocument()
    tokens: list[str] = []
    tags: list[str] = []

    def end_sentence() -> None:
        if tokens:
            current.sentences.append(Sentence(tokens.copy(), tags.copy()))
            tokens.clear()
            tags.clear()

    for line in lines:
        parts = line.split()
        if not parts:
            end_sentence()
            continue
        if parts[0] == DOCSTART:
            end_sentence()
            if current.sentences:
                docs.append(current)
            current = ConllDocument()
            continue
        tokens.append(parts[0])
        tags.append(parts[-1] if len(parts) > 1 else "O")
    end_sentence()
    if current.sentences:
        docs.append(current)
    return docs


def read_conll_file(path: Path) -> list[ConllDocument]:
    with open(path, encoding="utf-8") as handle:
        return read_conll(handle)


def iob_spans(tags: Sequence[str], offset: int = 0) -> set[Span]:
    """Chunks of an IOB1/IOB2 tag sequence, as ``conlleval`` reads them: a chunk
    starts at ``B-X``, or at ``I-X`` after anything but ``X``."""
    spans: set[Span] = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if start is not None and (prefix == "O" or begins):
            spans.add((offset + start, offset + i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and start is None:
            start, kind = i, label
    return spans


# ---------------------------------------------------------------- text


@dataclass
class DocText:
    """A CoNLL document as text, with each token's ``[start, end)`` char offsets."""

    text: str
    starts: list[int]
    ends: list[int]

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """The CoNLL tokens that the char span ``[start, end)`` overlaps, as ``[i, j)``."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end)
        return (first, last) if first < last else None

    def is_aligned(self, start: int, end: int) -> bool:
        i, j = bisect_left(self.starts, start), bisect_left(self.ends, end)
        return (i < len(self.starts) and self.starts[i] == start
                and j < len(self.ends) and self.ends[j] == end)


def build_text(doc: ConllDocument) -> DocText:
    """Tokens joined by a space, sentences by a newline."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for s, sentence in enumerate(doc.sentences):
        for t, token in enumerate(sentence.tokens):
            if t or s:
                sep = " " if t else "\n"
                pieces.append(sep)
                pos += len(sep)
            starts.append(pos)
            pieces.append(token)
            pos += len(token)
            ends.append(pos)
    return DocText("".join(pieces), starts, ends)


def gold_spans(doc: ConllDocument) -> set[Span]:
    spans: set[Span] = set()
    offset = 0
    for sentence in doc.sentences:
        spans |= iob_spans(sentence.tags, offset)
        offset += len(sentence.tokens)
    return spans


# ---------------------------------------------------------------- predictions

# A system's labelled char spans for one parsed document: (start, end, label).
CharSpans = list[tuple[int, int, str]]
SpanFn = Callable[[Doc], CharSpans]


def spacy_char_spans(doc: Doc) -> CharSpans:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def to_conll(char_spans: CharSpans, text: DocText) -> tuple[set[Span], int]:
    """Map labels to CoNLL, snap to CoNLL tokens; also count the spans not on
    token boundaries (tokenisation differences the snapping forgave)."""
    spans: set[Span] = set()
    unaligned = 0
    for start, end, label in char_spans:
        kind = ONTONOTES_TO_CONLL.get(label)
        snapped = text.snap(start, end) if kind else None
        if snapped is None:
            continue
        unaligned += not text.is_aligned(start, end)
        spans.add((*snapped, kind))
    return spans, unaligned


def score_spans(gold: Iterable[set[Span]], predicted: Iterable[set[Span]]) -> dict[str, Score]:
    """Exact-match counts per type and overall (``ALL``), summed over documents."""
    scores = {kind: Score() for kind in (ALL, *TYPES)}
    for g, p in zip(gold, predicted, strict=True):
        for kind in {k for *_, k in g | p}:
            gk = {s for s in g if s[2] == kind}
            pk = {s for s in p if s[2] == kind}
            counts = Score(len(gk & pk), len(pk - gk), len(gk - pk))
            scores.setdefault(kind, Score())
            scores[kind] += counts
            scores[ALL] += counts
    return scores


# ---------------------------------------------------------------- systems


def entity_layer() -> SpanFn | None:
    """newsgraph's entity layer as a span function, once its module exists: the
    extractors up to and including "entities" (datelines feed it places), as in use."""
    if importlib.util.find_spec("newsgraph.extract.entities") is None:
        return None
    from newsgraph.extract import DEFAULT_EXTRACTORS, Context, get_extractor
    from newsgraph.schema import Document

    chain = [get_extractor(name)
             for name in DEFAULT_EXTRACTORS[:DEFAULT_EXTRACTORS.index("entities") + 1]]

    def spans(doc: Doc) -> CharSpans:
        ctx = Context(doc=doc, document=Document(id="conll", text=doc.text))
        for fn in chain:
            fn(ctx)
        return [(m.span[0], m.span[1], entity.type)
                for entity in ctx.document.entities for m in entity.mentions]

    return spans


@dataclass
class ModelResult:
    """Scores of each system run on one model's parses, and the model's speed."""

    model: str
    package: str
    scores: dict[str, dict[str, Score]]  # system -> type -> counts
    words: int
    seconds: list[float]
    unaligned: dict[str, int]

    @property
    def words_per_second(self) -> float:
        return self.words / min(self.seconds)


def parse_timed(nlp: Language, texts: list[str], batch_size: int = 64) -> tuple[list[Doc], float]:
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    return docs, time.perf_counter() - start


def evaluate_model(docs: list[ConllDocument], model: str | None = None, *,
                   layer: bool = True) -> ModelResult:
    name = model_name(model)
    bare = load_model(name, paragraphs=False)
    bare("Warm up the pipeline once before timing it.")
    texts = [build_text(doc) for doc in docs]
    parsed, seconds = parse_timed(bare, [t.text for t in texts])
    # (function, parses): bare spaCy on the bare model's, newsgraph on its own pipeline's
    systems: dict[str, tuple[SpanFn, list[Doc]]] = {f"spacy:{name}": (spacy_char_spans, parsed)}
    layer_fn = entity_layer() if layer else None
    if layer_fn is not None:
        ours, _ = parse_timed(load_model(name), [t.text for t in texts])
        systems[f"newsgraph:{name}"] = (layer_fn, ours)
    gold = [gold_spans(doc) for doc in docs]
    scores: dict[str, dict[str, Score]] = {}
    unaligned: dict[str, int] = {}
    for system, (fn, system_docs) in systems.items():
        converted = [to_conll(fn(d), t) for d, t in zip(system_docs, texts, strict=True)]
        scores[system] = score_spans(gold, [spans for spans, _ in converted])
        unaligned[system] = sum(n for _, n in converted)
    return ModelResult(name, ALIASES.get(name, name), scores,
                       sum(doc.n_tokens for doc in docs), [seconds], unaligned)


def time_again(result: ModelResult, docs: list[ConllDocument]) -> None:
    """Another timed ``nlp.pipe`` pass; the speed reported is the best pass."""
    _, seconds = parse_timed(load_model(result.model, paragraphs=False),
                             [build_text(d).text for d in docs])
    result.seconds.append(seconds)


# ---------------------------------------------------------------- reports


def load_dev(data_dir: Path, limit: int | None) -> list[ConllDocument]:
    """The dev documents, the first ``limit`` of them if given."""
    docs = read_conll_file(require(data_dir / DEV_FILE))
    return docs[:limit] if limit else docs


def report(results: list[ModelResult], docs: list[ConllDocument], seconds: float) -> EvalReport:
    rep = EvalReport("ner", "CoNLL++ dev (CoNLL-2003 English dev)", seconds=seconds)
    for result in results:
        for system, scores in result.scores.items():
            rep.rows += [Row.from_score(system, kind, scores[kind]) for kind in (ALL, *TYPES)]
            rep.notes.append(f"{system}: {result.unaligned[system]} predicted spans not on "
                             "CoNLL token boundaries (snapped to the tokens they overlap)")
        rep.notes.append(
            f"speed {result.model} ({result.package}): {result.words_per_second:,.0f} words/s "
            f"(nlp.pipe on {len(docs)} documents, {result.words:,} CoNLL tokens, best of "
            f"{len(result.seconds)} pass(es))")
    rep.notes.append(f"{sum(len(d.sentences) for d in docs):,} sentences in {len(docs)} "
                     "documents; each document parsed whole; exact-match spans, conlleval style")
    return rep


def compare_models(data_dir: Path | None = None, models: Sequence[str] = ("sm", "md"),
                   limit: int | None = None, repeats: int = 3) -> tuple[EvalReport,
                                                                       list[ModelResult]]:
    """Score and time each model in one process; timing passes alternate between
    models so that load from other processes hits them alike."""
    start = time.perf_counter()
    docs = load_dev(data_dir or default_data_dir(), limit)
    results = [evaluate_model(docs, m) for m in models]
    for _ in range(repeats - 1):
        for result in results:
            time_again(result, docs)
    return report(results, docs, time.perf_counter() - start), results


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    """Score ``model`` (``"all"``: every pinned model) on the first ``limit``
    documents of CoNLL++ dev (all if None)."""
    if model == "all":
        return compare_models(data_dir, tuple(ALIASES), limit, repeats=1)[0]
    start = time.perf_counter()
    docs = load_dev(data_dir, limit)
    return report([evaluate_model(docs, model)], docs, time.perf_counter() - start)


def markdown(results: list[ModelResult]) -> str:
    """F1 per type and speed, one line per system."""
    head = ("| system | package | P | R | F1 | " + " | ".join(f"F1 {t}" for t in TYPES)
            + " | words/s |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for result in results:
        for system, scores in result.scores.items():
            a = scores[ALL]
            cells = [system, result.package, f"{a.precision:.3f}", f"{a.recall:.3f}",
                     f"{a.f1:.3f}", *(f"{scores[t].f1:.3f}" for t in TYPES),
                     f"{result.words_per_second:,.0f}"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="first N documents")
    parser.add_argument("--models", nargs="+", default=list(ALIASES))
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per model")
    args = parser.parse_args(argv)
    rep, results = compare_models(args.data, args.models, args.limit, args.repeats)
    print(markdown(results))
    print()
    for note in rep.notes:
        print(f"- {note}")
    print(f"- total {rep.seconds:.1f} s")


if __name__ == "__main__":
    main()
