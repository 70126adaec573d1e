"""Story clustering, incremental: feed articles one at a time as they arrive.

Three tests decide where an article goes:

* near-duplicate: MinHash over 5-word shingles (datasketch, with an LSH index
  for lookup); an estimated Jaccard >= ``duplicate_threshold`` against an
  earlier article makes it a copy of that article, in that article's story;
* same event: a weighted sum of TF-IDF cosine between the article and each
  story's centroid (document frequencies grow as articles arrive), cosine of
  their entity profiles (names folded as in
  :mod:`newsgraph.crossdoc.entities`, weighted by entity rarity) and a time
  term from publication dates (+1 within ``time_window_days``, falling to -1 at
  ten times that; 0 when a date is missing). The best story at or above
  ``threshold`` takes the article; any other story also at or above
  ``merge_threshold`` is merged into it (an article that bridges two stories
  shows they were one);
* continuing coverage: an article below ``threshold`` for every story still
  continues one it scores at least ``continuation_threshold`` against when it
  was published within ``continuation_days`` of one of the story's articles,
  names one of its places and shares its key term: a word that is not a name,
  weighs at least ``KEY_WEIGHT`` in both the article's and the story's unit
  TF-IDF vector, and is in at most 1 in ``RARE_SHARE`` articles so far (the
  named disease of an outbreak: "coronavirus" in a first case in Germany
  eight days after a study of the outbreak in Wuhan). Later articles then chain
  through it, so weeks of one happening are one story.

The defaults were tuned on ECB+ topics 1-22 (``newsgraph eval clusters``).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.crossdoc.entities import fold, type_group
from newsgraph.crossdoc.models import Assignment, Story
from newsgraph.schema import Document
from newsgraph.timeutil import parse_date

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
SHINGLE = 5
NUM_PERM = 128
# entity types that identify an event's participants and place
PROFILE_GROUPS = {"PERSON", "ORG", "PLACE", "EVENT", "NORP"}
# Stories scored per term of an article: the most recent ones. A term of a store of a
# year's news is in thousands of stories; scoring them all made each article's
# placement grow with the store.
STORIES_PER_TERM = 100
SCORED_STORIES = 50  # then the stories sharing most of the article's top terms are scored
# Stories are re-weighted when the article count doubles, up to this count: document
# frequencies have settled by then, and re-weighting every story of a large store at
# each doubling would make one ingest read the whole story index.
REFRESH_UNTIL = 1024
# Continuing coverage (see the module docstring): a key term weighs this much in the
# unit vectors of both sides and is in at most one article in RARE_SHARE.
KEY_WEIGHT = 0.1
RARE_SHARE = 20


def refreshes(n: int) -> bool:
    """Does the clusterer re-weight every story on its ``n``-th article?"""
    return 8 <= n <= REFRESH_UNTIL and n & (n - 1) == 0


def _story_number(story_id: str) -> int:
    """"s12" -> 12: stories are numbered as they open."""
    return int(story_id[1:])


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _stem(word: str) -> str:
    # a light plural fold: "troops" ~ "troop"; keeps the vocabulary small
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text: str) -> Counter[str]:
    return Counter(_stem(w) for w in words(text)
                   if w not in STOP_WORDS and (len(w) > 2 or w.isdigit()))


def entity_keys(doc: Document) -> Counter[str]:
    """Folded names of the article's entities, by mention count."""
    return named_keys((e.type, e.name, len(e.mentions)) for e in doc.entities)


def named_keys(entities: Iterable[tuple[str, str, int]]) -> Counter[str]:
    """Folded names of (type, name, mention count) entities, by mention count."""
    keys: Counter[str] = Counter()
    for type_, name, mentions in entities:
        group = type_group(type_)
        if group in PROFILE_GROUPS:
            keys[f"{group}:{fold(name)}"] += mentions or 1
    return keys


def minhash(text: str) -> MinHash:
    tokens = words(text)
    shingles = {" ".join(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def _sublinear(counts: Counter[str]) -> dict[str, float]:
    return {t: 1.0 + math.log(c) for t, c in counts.items()}


@dataclass
class Prepared:
    """What placing an article needs from it alone: computable anywhere (a Spark
    worker), then handed to :meth:`StoryClusterer.add`."""

    text: dict[str, float]  # sublinear term counts
    entities: dict[str, float]  # sublinear folded entity keys
    hashvalues: list[int]  # MinHash signature of its 5-word shingles
    scheme: str = "affine32"  # the permutation scheme that made it (datasketch 2)

    def signature(self) -> MinHash:
        values = np.array(self.hashvalues, dtype=np.uint64)
        try:
            return MinHash(num_perm=NUM_PERM, hashvalues=values,
                           scheme=self.scheme)  # type: ignore[arg-type]
        except TypeError:  # datasketch before 2.0: one scheme, no argument
            return MinHash(num_perm=NUM_PERM, hashvalues=values)


def body(doc: Document) -> str:
    return doc.text if not doc.title else f"{doc.title}\n{doc.text}"


def prepare(doc: Document) -> Prepared:
    return prepare_parts(body(doc), entity_keys(doc))


def prepare_parts(text: str, entities: Counter[str]) -> Prepared:
    """:func:`prepare` from an article's body and :func:`entity_keys` (a store holds
    them in columns: no Document need be parsed)."""
    signature = minhash(text)
    return Prepared(text=_sublinear(terms(text)), entities=_sublinear(entities),
                    hashvalues=[int(v) for v in signature.hashvalues], scheme=signature.scheme)


def lsh_bands(hashvalues: list[int], threshold: float = 0.5) -> list[str]:
    """The LSH bucket keys of a signature, as the clusterer's index bands it: two
    articles are duplicate candidates when they share one."""
    lsh = _band_layout(threshold)
    return [f"{i}:" + ",".join(map(str, hashvalues[start:end]))
            for i, (start, end) in enumerate(lsh)]


@lru_cache(maxsize=8)  # datasketch integrates to choose the layout: slow
def _band_layout(threshold: float) -> list[tuple[int, int]]:
    return MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges


class DocumentFrequencies:
    """Document frequencies that grow as articles arrive."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0

    def add(self, keys: Iterable[str]) -> None:
        self.n += 1
        self.df.update(set(keys))

    def __call__(self, term: str) -> float:
        return math.log((1 + self.n) / (1 + self.df[term])) + 1.0


class _Profile:
    """A story centroid: the sum of its articles' unit TF-IDF vectors.

    Each article's raw weights are kept so the centroid can be re-weighted when
    the document frequencies have moved (see ``StoryClusterer._refresh``); between
    refreshes the squared norm is updated in O(terms of the new article).
    """

    def __init__(self) -> None:
        self.vectors: list[dict[str, float]] = []
        self.units: list[dict[str, float]] = []  # each vector as it was added (weighted)
        self.weights: dict[str, float] = {}
        self.norm2 = 0.0

    def add(self, vector: dict[str, float], idf: DocumentFrequencies, keep: bool = True) -> None:
        self.add_unit(_unit(vector, idf))
        if keep:
            self.vectors.append(vector)

    def add_unit(self, unit: dict[str, float]) -> None:
        dot = sum(self.weights.get(t, 0.0) * v for t, v in unit.items())
        self.norm2 += 2 * dot + sum(v * v for v in unit.values())
        for term, value in unit.items():
            self.weights[term] = self.weights.get(term, 0.0) + value
        self.units.append(unit)

    def rebuild(self, idf: DocumentFrequencies) -> None:
        self.weights, self.norm2, self.units = {}, 0.0, []
        for vector in self.vectors:
            self.add(vector, idf, keep=False)

    def cosine(self, unit: dict[str, float]) -> float:
        if not unit or self.norm2 <= 0:
            return 0.0
        weights = self.weights  # terms it lacks add nothing: skipped, same sum
        dot = sum(v * weights[t] for t, v in unit.items() if t in weights)
        return max(0.0, dot / math.sqrt(self.norm2))


def _unit(vector: dict[str, float], idf: DocumentFrequencies) -> dict[str, float]:
    weighted = {t: v * idf(t) for t, v in vector.items()}
    norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
    return {t: v / norm for t, v in weighted.items()}


@dataclass
class StoryState:
    id: str
    articles: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    text: _Profile = field(default_factory=_Profile)
    entities: _Profile = field(default_factory=_Profile)
    dates: list[date] = field(default_factory=list)
    embedding: np.ndarray | None = None  # sum of the articles' unit embeddings
    merged_from: list[str] = field(default_factory=list)


class StoryClusterer:
    """Assigns each article, as it arrives, to a story; merges stories an article bridges."""

    def __init__(self, *, threshold: float = 0.35, merge_threshold: float | None = None,
                 text_weight: float = 1.0, entity_weight: float = 0.2,
                 time_weight: float = 0.1, time_window_days: int = 3,
                 duplicate_threshold: float | None = 0.5, candidates: int = 25,
                 embedder: Callable[[Document], np.ndarray] | None = None,
                 embedding_weight: float = 0.0, continuation_threshold: float | None = None,
                 continuation_days: int = 14) -> None:
        self.threshold = threshold
        self.continuation_threshold = (continuation_threshold if continuation_threshold
                                       is not None else threshold - 0.1)
        self.continuation_days = continuation_days
        self.merge_threshold = merge_threshold if merge_threshold is not None else threshold + 0.2
        self.weights = (text_weight, entity_weight, time_weight)
        # optional: unit vectors from a sentence-embedding model (see crossdoc.embed)
        self.embedder = embedder
        self.embedding_weight = embedding_weight
        self.time_window = time_window_days
        self.duplicate_threshold = duplicate_threshold
        self.candidates = candidates
        self.stories: dict[str, StoryState] = {}
        self.story_of: dict[str, str] = {}
        self._text_idf = DocumentFrequencies()
        self._entity_idf = DocumentFrequencies()
        self._lsh = (MinHashLSH(threshold=duplicate_threshold, num_perm=NUM_PERM)
                     if duplicate_threshold is not None else None)
        self._hashes: dict[str, MinHash] = {}
        self._postings: dict[str, set[str]] = {}  # term -> stories using it
        self._published: dict[str, str | None] = {}
        self._next = 1

    # ------------------------------------------------------------ scoring

    def _time_term(self, day: date | None, story: StoryState) -> float:
        if day is None or not story.dates:
            return 0.0
        gap = min(abs((day - d).days) for d in story.dates)
        if gap <= self.time_window:
            return 1.0
        far = 10 * self.time_window
        return max(-1.0, 1.0 - 2.0 * (gap - self.time_window) / max(1, far - self.time_window))

    def score(self, text_unit: dict[str, float], entity_unit: dict[str, float],
              day: date | None, story: StoryState, embedding: np.ndarray | None = None) -> float:
        """Similarity of an article (unit TF-IDF vectors, its date) to a story."""
        wt, we, wd = self.weights
        value = wt * story.text.cosine(text_unit) if wt else 0.0
        if embedding is not None and story.embedding is not None:
            norm = float(np.linalg.norm(story.embedding)) or 1.0
            value += self.embedding_weight * float(embedding @ story.embedding) / norm
        if we:
            value += we * story.entities.cosine(entity_unit)
        if wd:
            value += wd * self._time_term(day, story)
        return value

    def continued_story(self, scored: list[tuple[float, str]], text_unit: dict[str, float],
                        entity_vec: dict[str, float], day: date | None) -> str | None:
        """The best-scored story (``scored``: below ``threshold``, best first) that the
        article continues: close in time, a shared place and a shared key term."""
        if day is None:
            return None
        names = {_stem(w) for key in entity_vec for w in words(key.split(":", 1)[1])}
        rare = math.log((1 + self._text_idf.n) / (1 + self._text_idf.n / RARE_SHARE)) + 1.0
        keys = [t for t, v in text_unit.items() if v >= KEY_WEIGHT and t not in names
                and not t.isdigit() and self._text_idf(t) >= rare]
        places = {k for k in entity_vec if k.startswith("PLACE:")}
        for value, story_id in scored:
            if value < self.continuation_threshold:
                return None
            story = self.stories[story_id]
            if self._continues(story, keys, places, day):
                return story_id
        return None

    def _continues(self, story: StoryState, keys: list[str], places: set[str],
                   day: date) -> bool:
        if not story.dates or story.text.norm2 <= 0 \
                or min(abs((day - d).days) for d in story.dates) > self.continuation_days:
            return False
        norm = math.sqrt(story.text.norm2)
        return any(story.text.weights.get(t, 0.0) / norm >= KEY_WEIGHT for t in keys) \
            and any(p in story.entities.weights for p in places)

    def _candidate_stories(self, text_unit: dict[str, float]) -> set[str]:
        if self.embedder is not None:
            return set(self.stories)  # embeddings may match stories sharing no term
        ranked = sorted(text_unit, key=lambda t: -text_unit[t])
        overlap: dict[str, float] = {}
        for term in ranked[:self.candidates]:
            stories = self._postings_of(term)
            if len(stories) > STORIES_PER_TERM:
                stories = set(heapq.nlargest(STORIES_PER_TERM, stories, key=_story_number))
            for story in stories:
                overlap[story] = overlap.get(story, 0.0) + text_unit[term]
        # only the stories sharing the most weight of the article's top terms are scored
        return set(heapq.nlargest(SCORED_STORIES, overlap,
                                  key=lambda s: (overlap[s], _story_number(s))))

    # Where the index lives: in memory here; a store-backed clusterer
    # (newsgraph.crossdoc.storyindex) overrides these to read only what it needs.

    def _postings_of(self, term: str) -> set[str]:
        return self._postings.get(term, set())

    def _post(self, term: str, story_id: str) -> None:
        self._postings.setdefault(term, set()).add(story_id)

    def _move_postings(self, other: StoryState, into: StoryState) -> None:
        for term in other.text.weights:
            stories = self._postings.get(term)
            if stories is not None:
                stories.discard(other.id)
                stories.add(into.id)

    def _index_signature(self, key: str, signature: MinHash) -> None:
        assert self._lsh is not None
        self._hashes[key] = signature
        self._lsh.insert(key, signature)

    def _signature_candidates(self, signature: MinHash) -> Iterable[str]:
        assert self._lsh is not None
        return self._lsh.query(signature)

    def _signature(self, key: str) -> MinHash:
        return self._hashes[key]

    # ------------------------------------------------------------ updates

    def _new_story(self) -> StoryState:
        story = StoryState(id=f"s{self._next}")
        self._next += 1
        self.stories[story.id] = story
        return story

    def _attach(self, story: StoryState, doc: Document, text_vec: dict[str, float],
                entity_vec: dict[str, float], day: date | None,
                embedding: np.ndarray | None = None) -> None:
        story.articles.append(doc.id)
        if embedding is not None:
            story.embedding = embedding.copy() if story.embedding is None \
                else story.embedding + embedding
        story.text.add(text_vec, self._text_idf)
        story.entities.add(entity_vec, self._entity_idf)
        if day is not None:
            story.dates.append(day)
        for term in text_vec:
            self._post(term, story.id)
        self.story_of[doc.id] = story.id

    def _merge(self, into: StoryState, other: StoryState) -> None:
        for article in other.articles:
            self.story_of[article] = into.id
        into.articles.extend(other.articles)
        into.duplicates.update(other.duplicates)
        into.text.vectors.extend(other.text.vectors)
        into.entities.vectors.extend(other.entities.vectors)
        into.text.rebuild(self._text_idf)
        into.entities.rebuild(self._entity_idf)
        into.dates.extend(other.dates)
        if other.embedding is not None:
            into.embedding = other.embedding if into.embedding is None \
                else into.embedding + other.embedding
        into.merged_from.extend([other.id, *other.merged_from])
        self._move_postings(other, into)
        del self.stories[other.id]

    def add(self, doc: Document, prepared: Prepared | None = None,
            candidates: Iterable[str] | None = None) -> Assignment:
        """Place one article; returns where it went and why. ``prepared`` and
        ``candidates`` (earlier articles sharing an LSH band) may come from elsewhere
        (Spark): the placement is the same."""
        if doc.id in self.story_of:
            return Assignment(article=doc.id, story=self.story_of[doc.id], reason="seen")
        p = prepared or prepare(doc)
        text_vec, entity_vec = p.text, p.entities
        day = parse_date(doc.published) if doc.published else None
        self._published[doc.id] = doc.published
        duplicate = None
        if self.duplicate_threshold is not None:
            signature = p.signature()
            duplicate = self._duplicate_of(signature, candidates)
            self._index_signature(doc.id, signature)
        self._text_idf.add(text_vec)
        self._entity_idf.add(entity_vec)
        self._refresh()
        embedding = self.embedder(doc) if self.embedder is not None else None
        if duplicate is not None:
            original, similarity = duplicate
            story = self.stories[self.story_of[original]]
            story.duplicates[doc.id] = original
            self._attach(story, doc, text_vec, entity_vec, day, embedding)
            return Assignment(article=doc.id, story=story.id, duplicate_of=original,
                              similarity=round(similarity, 3), reason="near-duplicate")
        text_unit = _unit(text_vec, self._text_idf)
        entity_unit = _unit(entity_vec, self._entity_idf)
        scored = sorted(((self.score(text_unit, entity_unit, day, self.stories[s], embedding), s)
                         for s in self._candidate_stories(text_unit)), reverse=True)
        continued = self.continued_story(scored, text_unit, entity_vec, day) \
            if scored and scored[0][0] < self.threshold else None
        if continued is not None:
            value = next(v for v, s in scored if s == continued)
            story = self.stories[continued]
            self._attach(story, doc, text_vec, entity_vec, day, embedding)
            return Assignment(article=doc.id, story=story.id, similarity=round(value, 3),
                              reason="continuation")
        if not scored or scored[0][0] < self.threshold:
            story = self._new_story()
            self._attach(story, doc, text_vec, entity_vec, day, embedding)
            best = scored[0][0] if scored else 0.0
            return Assignment(article=doc.id, story=story.id, similarity=round(best, 3))
        best_score, best_id = scored[0]
        story = self.stories[best_id]
        merged = []
        for value, other_id in scored[1:]:
            if value >= self.merge_threshold and other_id in self.stories:
                self._merge(story, self.stories[other_id])
                merged.append(other_id)
        self._attach(story, doc, text_vec, entity_vec, day, embedding)
        return Assignment(article=doc.id, story=story.id, similarity=round(best_score, 3),
                          reason="same-event", merged=merged)

    def _refresh(self) -> None:
        """Re-weight every story when the article count doubles: IDF has moved."""
        if refreshes(self._text_idf.n):
            for story in self.stories.values():
                story.text.rebuild(self._text_idf)
                story.entities.rebuild(self._entity_idf)

    def _duplicate_of(self, signature: MinHash, candidates: Iterable[str] | None = None
                      ) -> tuple[str, float] | None:
        assert self.duplicate_threshold is not None
        best: tuple[str, float] | None = None
        # in key order: equal similarities then pick the same original on every run
        found = self._signature_candidates(signature) if candidates is None else candidates
        for key in sorted(found):
            similarity = signature.jaccard(self._signature(key))
            if similarity >= self.duplicate_threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best

    def extend(self, docs: Iterable[Document]) -> list[Assignment]:
        return [self.add(doc) for doc in docs]

    # ------------------------------------------------------------ results

    def labels(self) -> dict[str, str]:
        """Article id -> story id."""
        return dict(self.story_of)

    def result(self, top_terms: int = 8) -> list[Story]:
        stories = []
        for story in self.stories.values():
            dates = sorted(d for a in story.articles if (d := self._published.get(a)))
            text = story.text.weights
            ranked = sorted(text, key=lambda t: -text[t])
            ents = story.entities.weights
            stories.append(Story(
                id=story.id, articles=list(story.articles), duplicates=dict(story.duplicates),
                first_published=dates[0] if dates else None,
                last_published=dates[-1] if dates else None,
                terms=ranked[:top_terms],
                entities=[k.split(":", 1)[1] for k in
                          sorted(ents, key=lambda k: -ents[k])[:top_terms]],
                merged_from=list(story.merged_from)))
        return stories


def cluster_stories(docs: Iterable[Document], **options) -> tuple[list[Story], list[Assignment]]:
    """Cluster ``docs`` in the order given (their arrival order)."""
    clusterer = StoryClusterer(**options)
    assignments = clusterer.extend(docs)
    return clusterer.result(), assignments
