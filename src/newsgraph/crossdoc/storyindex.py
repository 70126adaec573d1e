"""The story clusterer's index kept in store tables, read per batch.

:class:`StoredClusterer` is :class:`~newsgraph.crossdoc.clusters.StoryClusterer`
with its state in the store instead of memory, so placing a batch of articles
reads only the rows those articles can touch:

* ``link_stories``: one row per story, its centroids (term and entity weights and
  squared norms) and dates: what scoring a candidate story needs;
* ``link_articles``: one row per placed article, its term and entity vectors (raw
  and as added to its story), MinHash signature and assignment: read only for a
  story that gains an article or is merged;
* ``link_bands``: the LSH band keys of each signature, looked up for the batch's
  bands (near-duplicate candidates);
* ``link_postings``: term -> stories using it, read for an article's top terms,
  the most recent ``STORIES_PER_TERM`` stories per term (``POSTINGS_KEPT`` are kept);
* ``link_df``: document frequencies of the batch's terms.

Placement is the in-memory clusterer's, decision for decision (the same code runs;
only where the state comes from differs), so a full relink and any sequence of
incremental ones give the same stories.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from datasketch import MinHash

from newsgraph.crossdoc.clusters import (
    NUM_PERM,
    STORIES_PER_TERM,
    DocumentFrequencies,
    Prepared,
    StoryClusterer,
    StoryState,
    lsh_bands,
    prepare,
    refreshes,
)
from newsgraph.crossdoc.models import Assignment, Story
from newsgraph.schema import Document
from newsgraph.store import Store, key_chunks
from newsgraph.timeutil import parse_date

# Terms per article whose postings are read ahead for the batch: its top terms now,
# with room for the ranking to move as the batch's own articles shift frequencies
# (a term that moves in anyway is read when asked).
READ_AHEAD_TERMS = 40
PLACE_GROUP = 1000
# Postings kept per term: a read takes the most recent STORIES_PER_TERM; the margin
# stands in for stories merged away later. Without it a common term ("said") is posted
# by every story and each read ranks them all.
POSTINGS_KEPT = 2 * STORIES_PER_TERM
# Articles whose candidate stories are read in one query before they are placed: a
# query per article scans link_stories (DuckDB) once per article.
SCORE_AHEAD = 100
CACHED_STORIES = 2000
STORY_COLUMNS = ["story_id", "number", "text_weights", "text_norm2", "entity_weights",
                 "entity_norm2", "dates", "merged_from", "size"]
ARTICLE_COLUMNS = ["doc_key", "story_id", "pos", "published", "text_vector", "entity_vector",
                   "text_unit", "entity_unit", "hashvalues", "duplicate_of", "assignment"]


@dataclass(frozen=True)
class Arrival:
    """What placing needs of an article besides its features: its id and date."""

    id: str
    published: str | None


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _number(story_id: str) -> int:
    return int(story_id[1:])


class _StoredIdf(DocumentFrequencies):
    """Document frequencies read from ``link_df`` for the terms asked, updated in memory."""

    def __init__(self, store: Store, kind: str, n: int, fresh: bool) -> None:
        super().__init__()
        self.store, self.kind, self.n, self.fresh = store, kind, n, fresh
        self.known: dict[str, int] = {}
        self.stored: dict[str, int] = {}  # as read: a term no stored article has is 0
        self.touched: set[str] = set()

    def load(self, terms: Iterable[str]) -> None:
        missing = {t for t in terms if t not in self.known}
        for chunk in () if self.fresh else key_chunks(f"{self.kind}:{t}" for t in missing):
            _, rows = self.store.query("SELECT key, df FROM link_df WHERE "
                                       + self.store.db.one_of("key"), [chunk])
            self.stored.update((key.split(":", 1)[1], df) for key, df in rows)
        for term in missing:
            self.known.setdefault(term, self.stored.setdefault(term, 0))

    def load_all(self) -> None:
        if self.fresh:
            return
        _, rows = self.store.query("SELECT key, df FROM link_df WHERE key LIKE ?",
                                   [f"{self.kind}:%"])
        for key, df in rows:  # what this run counted already is newer
            self.stored[key.split(":", 1)[1]] = df
            self.known.setdefault(key.split(":", 1)[1], df)

    def add(self, keys: Iterable[str]) -> None:
        keys = set(keys)
        self.load(keys)
        self.n += 1
        for key in keys:
            self.known[key] += 1
        self.touched |= keys

    def __call__(self, term: str) -> float:
        if term not in self.known:
            self.load([term])
        return math.log((1 + self.n) / (1 + self.known[term])) + 1.0

    def rows(self) -> list[tuple[str, int]]:
        return [(f"{self.kind}:{t}", self.known[t]) for t in sorted(self.touched)]


class StoredClusterer(StoryClusterer):
    """A :class:`StoryClusterer` whose index is the store's ``link_*`` tables."""

    def __init__(self, store: Store, state: dict | None = None) -> None:
        super().__init__()
        state = state or {}
        self.store = store
        self.fresh = not state  # a first link or a rebuild: the tables hold nothing yet
        self._text_idf = _StoredIdf(store, "t", state.get("n", 0), self.fresh)
        self._entity_idf = _StoredIdf(store, "e", state.get("n", 0), self.fresh)
        self._next = state.get("next", 1)
        self._lsh = None  # signatures live in link_bands / link_articles
        self.loaded: set[str] = set()  # stories with their articles' rows read
        self.dirty: set[str] = set()  # stories to write back
        self.gone: set[str] = set()  # stories merged away
        self.moved: dict[str, str] = {}  # story merged away -> the story it went into
        self.relabel = False  # every story was re-weighted (a refresh)
        self._loaded_terms: set[str] = set()
        self._pending: dict[str, set[str]] = {}  # postings made in this run
        self._parsed: dict[str, tuple[str, Assignment]] = {}  # doc_key -> (json, parsed)
        self._band_hits: dict[str, set[str]] = {}  # band -> articles sharing it
        self._bands: dict[str, list[str]] = {}  # article placed now -> its bands
        self._rows: dict[str, dict] = {}  # article -> published, hashvalues, assignment
        # stories read for scoring only, oldest first: dropped past CACHED_STORIES (they
        # are read again if asked), so a batch's memory does not grow with the store
        self._clean: dict[str, None] = {}
        self._keep: set[str] = set()  # stories read ahead for the next articles

    def state(self) -> dict:
        return {"n": self._text_idf.n, "next": self._next}

    # ------------------------------------------------------------ reading

    def _query(self, sql: str, column: str, values: Iterable[str]) -> Iterator[tuple]:
        """``sql`` (ending in WHERE) for the rows whose ``column`` is one of ``values``."""
        if self.fresh:
            return
        for chunk in key_chunks(values):
            yield from self.store.query(sql + self.store.db.one_of(column), [chunk])[1]

    def _current(self, story_id: str) -> str:
        while story_id in self.moved:
            story_id = self.moved[story_id]
        return story_id

    def load_stories(self, ids: Iterable[str]) -> None:
        """Centroids of the stories ``ids`` not in memory yet (what scoring needs)."""
        missing = {s for s in ids if s not in self.stories and s not in self.gone}
        sql = ("SELECT story_id, text_weights, text_norm2, entity_weights, entity_norm2, "
               "dates, merged_from FROM link_stories WHERE ")
        for sid, tw, tn, ew, en, dates, merged in self._query(sql, "story_id", missing):
            story = StoryState(id=sid)
            story.text.weights, story.text.norm2 = json.loads(tw), tn
            story.entities.weights, story.entities.norm2 = json.loads(ew), en
            story.dates = [d for v in json.loads(dates) if (d := parse_date(v))]
            story.merged_from = json.loads(merged)
            self.stories[sid] = story
            self._clean[sid] = None

    def load_articles(self, story: StoryState) -> None:
        """A story's articles' rows: needed before it changes (it is written whole)."""
        self.load_articles_of([story])

    def load_articles_of(self, stories: list[StoryState], everything: bool = False) -> None:
        wanted = {s.id: s for s in stories if s.id not in self.loaded}
        self.loaded |= set(wanted)
        if self.fresh or not wanted:
            return
        sql = ("SELECT story_id, pos, doc_key, published, text_vector, entity_vector, "
               "text_unit, entity_unit, hashvalues, duplicate_of, assignment FROM link_articles")
        rows = self.store.query(sql)[1] if everything else list(
            self._query(sql + " WHERE ", "story_id", wanted))
        for story in wanted.values():
            story.articles, story.duplicates = [], {}
            story.text.vectors, story.text.units = [], []
            story.entities.vectors, story.entities.units = [], []
        for sid, _pos, *rest in sorted(rows, key=lambda r: (r[0], r[1])):
            if sid in wanted:
                self._add_row(wanted[sid], *rest)

    def _add_row(self, story: StoryState, key: str, published: str | None, tv: str, ev: str,
                 tu: str, eu: str, hashvalues: str, duplicate_of: str | None,
                 assignment: str) -> None:
        story.articles.append(key)
        story.text.vectors.append(json.loads(tv))
        story.text.units.append(json.loads(tu))
        story.entities.vectors.append(json.loads(ev))
        story.entities.units.append(json.loads(eu))
        if duplicate_of:
            story.duplicates[key] = duplicate_of
        self.story_of[key] = story.id
        self._published[key] = published
        self._rows[key] = {"published": published, "hashvalues": hashvalues,
                           "assignment": assignment}

    def load_everything(self) -> None:
        """Every story with its articles, every frequency: a refresh re-weights them all
        (only while the store is small: see clusters.REFRESH_UNTIL)."""
        if self.fresh:
            return
        _, rows = self.store.query("SELECT story_id FROM link_stories")
        self.load_stories(r[0] for r in rows)
        self.load_articles_of(list(self.stories.values()), everything=True)
        self._text_idf.load_all()  # type: ignore[attr-defined]
        self._entity_idf.load_all()  # type: ignore[attr-defined]

    def load_postings(self, terms: Iterable[str]) -> None:
        missing = {t for t in terms if t not in self._loaded_terms}
        idf: _StoredIdf = self._text_idf  # type: ignore[assignment]
        idf.load(missing)
        stored = {t for t in missing if idf.stored[t]}  # others are in no stored story
        for chunk in () if self.fresh else key_chunks(stored):
            _, rows = self.store.query(self._ranked_postings("<="), [chunk, STORIES_PER_TERM])
            for term, sid in rows:
                self._postings.setdefault(term, set()).add(self._current(sid))
        for term in missing & set(self._pending):
            self._postings.setdefault(term, set()).update(
                self._current(s) for s in self._pending[term])
        self._loaded_terms |= missing

    def _ranked_postings(self, op: str) -> str:
        """SQL for the (term, story) postings of the terms in the first parameter whose
        rank among the term's stories, most recent first, stands ``op`` the second."""
        return ("SELECT term, story_id FROM (SELECT term, story_id, row_number() OVER "
                "(PARTITION BY term ORDER BY number DESC) AS r FROM link_postings WHERE "
                + self.store.db.one_of("term") + f") ranked WHERE r {op} ?")

    def load_signatures(self, bands: Iterable[str]) -> None:
        """Articles sharing the bands, with their signatures and stories."""
        missing = {b for b in bands if b not in self._band_hits}
        for band in missing:
            self._band_hits[band] = set()
        if self.fresh:
            return
        sql = ("SELECT b.band, a.doc_key, a.story_id, a.hashvalues FROM link_bands b "
               "JOIN link_articles a ON a.doc_key = b.doc_key WHERE ")
        for chunk in key_chunks(missing):
            _, rows = self.store.query(sql + self.store.db.one_of("b.band"), [chunk])
            for band, key, sid, hashvalues in rows:
                self._band_hits[band].add(key)
                self.story_of.setdefault(key, sid)
                if key not in self._hashes:
                    self._hashes[key] = Prepared({}, {}, json.loads(hashvalues)).signature()

    # ------------------------------------------------------------ the clusterer's hooks

    def _postings_of(self, term: str) -> set[str]:
        if term not in self._loaded_terms:
            self.load_postings([term])
        return self._postings.get(term, set())

    def _post(self, term: str, story_id: str) -> None:
        self._pending.setdefault(term, set()).add(story_id)  # stored only at the end
        if term in self._loaded_terms:
            self._postings.setdefault(term, set()).add(story_id)

    def _move_postings(self, other: StoryState, into: StoryState) -> None:
        self.load_postings(other.text.weights)
        super()._move_postings(other, into)
        self.moved[other.id] = into.id

    def _index_signature(self, key: str, signature: MinHash) -> None:
        self._hashes[key] = signature
        bands = lsh_bands([int(v) for v in signature.hashvalues])
        self._bands[key] = bands
        for band in bands:
            self._band_hits.setdefault(band, set()).add(key)

    def _signature_candidates(self, signature: MinHash) -> Iterable[str]:
        bands = lsh_bands([int(v) for v in signature.hashvalues])
        self.load_signatures(bands)
        return set().union(*(self._band_hits[b] for b in bands))

    def _signature(self, key: str) -> MinHash:
        if key not in self._hashes:  # a candidate from elsewhere (Spark)
            _, rows = self.store.query(
                "SELECT story_id, hashvalues FROM link_articles WHERE doc_key = ?", [key])
            self.story_of.setdefault(key, rows[0][0])
            self._hashes[key] = Prepared({}, {}, json.loads(rows[0][1])).signature()
        return self._hashes[key]

    def _duplicate_of(self, signature: MinHash, candidates: Iterable[str] | None = None
                      ) -> tuple[str, float] | None:
        found = super()._duplicate_of(signature, candidates)
        if found is not None:
            original = found[0]
            self.story_of[original] = self._current(self.story_of[original])
            self.load_stories([self.story_of[original]])
        return found

    def _candidate_stories(self, text_unit: dict[str, float]) -> set[str]:
        ranked = sorted(text_unit, key=lambda t: -text_unit[t])
        self.load_postings(ranked[:self.candidates])
        found = super()._candidate_stories(text_unit)
        self.load_stories(found)
        return found

    def _attach(self, story: StoryState, doc: Document, text_vec: dict[str, float],
                entity_vec: dict[str, float], day, embedding=None) -> None:
        self.load_articles(story)
        super()._attach(story, doc, text_vec, entity_vec, day, embedding)
        self.dirty.add(story.id)

    def _new_story(self) -> StoryState:
        story = super()._new_story()
        self.loaded.add(story.id)
        return story

    def _merge(self, into: StoryState, other: StoryState) -> None:
        self.load_articles(into)
        self.load_articles(other)
        self._text_idf.load(t for v in into.text.vectors + other.text.vectors for t in v)  # type: ignore[attr-defined]
        self._entity_idf.load(t for v in into.entities.vectors + other.entities.vectors  # type: ignore[attr-defined]
                              for t in v)
        super()._merge(into, other)
        self.dirty.add(into.id)
        self.dirty.discard(other.id)
        self.gone.add(other.id)

    def _refresh(self) -> None:
        if refreshes(self._text_idf.n):
            self.load_everything()
            self.dirty |= set(self.stories)
            self.relabel = True
        super()._refresh()

    # ------------------------------------------------------------ placing and writing

    def _forget(self) -> None:
        for sid in [s for s in self._clean if s in self.dirty or s in self.gone]:
            del self._clean[sid]
        kept: dict[str, None] = {}
        while len(self._clean) > max(CACHED_STORIES, len(self._keep)):
            sid = next(iter(self._clean))
            del self._clean[sid]
            if sid in self._keep:  # read ahead for the articles placed next
                kept[sid] = None
                continue
            if self.relabel:  # a refresh holds every story: nothing to forget
                continue
            self.stories.pop(sid, None)
            self.loaded.discard(sid)
        self._clean.update(kept)

    def place(self, docs: Iterable[Document | tuple[Arrival, Prepared]], prepared=None
              ) -> list[Assignment]:
        """Place ``docs`` (Documents, or arrivals with their features) in order;
        ``prepared``: features and candidates computed elsewhere (Spark), by id."""
        placed: list[Assignment] = []
        group: list[tuple[Arrival, Prepared, list[str] | None]] = []
        for item in docs:
            doc, own = item if isinstance(item, tuple) else (item, None)
            p, candidates = (prepared or {}).get(doc.id, (None, None))
            group.append((doc, p or own or prepare(doc), candidates))  # type: ignore[arg-type]
            if len(group) == PLACE_GROUP:
                self._place_group(group, placed)
                group = []
        self._place_group(group, placed)
        return placed

    def _read_ahead(self, group: list[tuple[Arrival, Prepared, list[str] | None]]) -> None:
        """What the group's placements will ask, in a few queries."""
        self._text_idf.load(t for _, p, _ in group for t in p.text)  # type: ignore[attr-defined]
        self._entity_idf.load(t for _, p, _ in group  # type: ignore[attr-defined]
                              for t in p.entities)
        terms: set[str] = set()
        for _, p, _ in group:
            weight = self._weighted(p)
            terms.update(sorted(weight, key=lambda t: -weight[t])[:READ_AHEAD_TERMS])
        self.load_postings(terms)
        self.load_signatures(b for _, p, candidates in group if candidates is None
                             for b in lsh_bands([int(v) for v in p.hashvalues]))

    def _score_ahead(self, group: list[tuple[Arrival, Prepared, list[str] | None]]) -> None:
        """The stories the next articles will likely score, as ranked now, in one
        query (a story read here is not forgotten before they are placed)."""
        wanted: set[str] = set()
        for _, p, _ in group:
            wanted |= StoryClusterer._candidate_stories(self, self._weighted(p))
        self._keep = {self._current(s) for s in wanted}
        self.load_stories(self._keep)

    def _weighted(self, p: Prepared) -> dict[str, float]:
        """An article's terms weighted by the frequencies as they stand now."""
        return {t: v * self._text_idf(t) for t, v in p.text.items()}

    def _place_group(self, group: list[tuple[Arrival, Prepared, list[str] | None]],
                     placed: list[Assignment]) -> None:
        if group:
            self._read_ahead(group)
        for i, (doc, p, candidates) in enumerate(group):
            if i % SCORE_AHEAD == 0 and not self.fresh:
                self._score_ahead(group[i:i + SCORE_AHEAD])
            assignment = self.add(doc, p, candidates)  # type: ignore[arg-type]
            self._forget()
            self._rows[doc.id] = {"published": doc.published, "hashvalues": _dumps(
                [int(v) for v in p.hashvalues]), "assignment": assignment.model_dump_json()}
            placed.append(assignment)

    def assignments(self, keys: Iterable[str]) -> list[Assignment]:
        """The assignments of ``keys`` with the story each is in now."""
        keys = list(keys)
        missing = [k for k in keys if k not in self._rows]
        for key, sid, assignment in self._query(
                "SELECT doc_key, story_id, assignment FROM link_articles WHERE ", "doc_key",
                missing):
            self._rows.setdefault(key, {"assignment": assignment})
            self.story_of.setdefault(key, sid)
        return [self._assignment(k).model_copy(
            update={"story": self._current(self.story_of[k])}) for k in keys]

    def _assignment(self, key: str) -> Assignment:
        """The stored assignment of ``key``, parsed once per run (claims, events and
        version pairs each ask for it)."""
        data = self._rows[key]["assignment"]
        parsed = self._parsed.get(key)
        if parsed is None or parsed[0] is not data:
            parsed = self._parsed[key] = (data, Assignment.model_validate_json(data))
        return parsed[1]

    def members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """The articles of the stories ``story_ids`` (as they are now)."""
        wanted = {self._current(s) for s in story_ids}
        found: dict[str, list[str]] = {}
        for sid in wanted:
            if sid in self.loaded:
                found[sid] = list(self.stories[sid].articles)
        rest = wanted - set(found)
        for key, sid in self._query(
                "SELECT doc_key, story_id FROM link_articles WHERE ", "story_id", rest):
            found.setdefault(sid, []).append(key)
            self.story_of.setdefault(key, sid)
        return found

    def stories_of(self, keys: Iterable[str]) -> dict[str, str]:
        keys = set(keys)
        missing = [k for k in keys if k not in self.story_of]
        for key, sid in self._query(
                "SELECT doc_key, story_id FROM link_articles WHERE ", "doc_key", missing):
            self.story_of.setdefault(key, sid)
        return {k: self._current(self.story_of[k]) for k in keys if k in self.story_of}

    def changed_stories(self) -> list[Story]:
        """The stories written back, as :class:`Story` (labels, members)."""
        return [s for s in self.result() if s.id in self.dirty]

    def result(self, top_terms: int = 8) -> list[Story]:
        full = {sid: s for sid, s in self.stories.items() if sid in self.loaded}
        kept, self.stories = self.stories, full
        try:
            return super().result(top_terms)
        finally:
            self.stories = kept

    def trim_statements(self) -> list[tuple[str, list]]:
        """SQL dropping the postings of the terms written now past the most recent
        ``POSTINGS_KEPT`` per term (run after the new rows are in)."""
        terms = sorted({t for sid in self.dirty for t in self.stories[sid].text.weights})
        if not terms:
            return []
        return [(f"DELETE FROM link_postings USING ({self._ranked_postings('>')}) old WHERE "
                 "link_postings.term = old.term AND link_postings.story_id = old.story_id",
                 [terms, POSTINGS_KEPT])]

    def tables(self) -> tuple[dict[str, list[tuple]], dict[str, list[str]]]:
        """Rows to write back, and per table the keys whose old rows go first."""
        stories, articles, bands, postings = [], [], [], []
        for sid in sorted(self.dirty):
            story = self.stories[sid]
            dates = [self._published.get(a) for a in story.articles]
            stories.append((sid, _number(sid), _dumps(story.text.weights), story.text.norm2,
                            _dumps(story.entities.weights), story.entities.norm2,
                            _dumps([d for d in dates if d and parse_date(d)]),
                            _dumps(story.merged_from), len(story.articles)))
            for pos, key in enumerate(story.articles):
                row = self._rows[key]
                articles.append((key, sid, pos, row["published"],
                                 _dumps(story.text.vectors[pos]),
                                 _dumps(story.entities.vectors[pos]),
                                 _dumps(story.text.units[pos]),
                                 _dumps(story.entities.units[pos]), row["hashvalues"],
                                 story.duplicates.get(key), row["assignment"]))
        for key, key_bands in self._bands.items():
            bands.extend((band, key) for band in key_bands)
        for sid in sorted(self.dirty):  # a story is posted under every term it has
            postings.extend((term, sid, _number(sid)) for term in self.stories[sid].text.weights)
        df = self._text_idf.rows() + self._entity_idf.rows()  # type: ignore[attr-defined]
        rewritten = sorted(self.dirty | self.gone)
        return ({"link_stories": stories, "link_articles": articles, "link_bands": bands,
                 "link_postings": postings, "link_df": df},
                {"link_stories": rewritten, "link_articles": rewritten,
                 "link_postings": rewritten, "link_df": [k for k, _ in df]})


assert NUM_PERM == 128
