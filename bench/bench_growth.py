"""A store that grows: time and peak memory of each ingest batch, linking included.

    python bench/bench_growth.py --source shared.duckdb [--db grow.duckdb | postgresql://...]
                                 [--articles 100000] [--batch 1000]

Reads the analyzed articles of an existing store (``newsgraph ingest`` of the
shared VOA and Wikinews articles), then grows a new store batch by batch with
copies of them under new ids and URLs, outlets from a pool and figures scaled.
The n-th copy of the corpus (a round) gets its own vocabulary: every word of
three letters or more that is not a stop word, a figure, a time, a dateline, a
cue or an event word is replaced, the same way throughout the round, by a corpus
word of the same length (spans stay valid; names are replaced too). A round's
articles thus relate as the originals do, while copies in different rounds are
neither near-duplicates nor one story: the expected number of stories is the
corpus's own story count times the number of rounds (313 stories per round of
384 when the shared corpus is clustered alone). Publication dates keep their day
of the year, moved 37 days per round, over one year.

Analysis cost is left out: each batch is ``Store.put_documents`` then
``link_store`` (incremental), as ``newsgraph ingest`` does after analysis.
Prints, per batch, the time of the store write and of the linking, the number of
stories and the largest, the process's resident and peak memory, and how many
stored articles the linking read back (for claims and world events). A
benchmark, not a test: the figure to read is the last batch's time over the first's.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import tempfile
import time
import zlib
from collections.abc import Iterator
from datetime import date, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.crossdoc.clusters import body
from newsgraph.crossdoc.linking import link_store
from newsgraph.schema import Document
from newsgraph.store import Store
from newsgraph.timeutil import parse_date

OUTLETS = ["wire.example", "daily.example", "herald.example", "courier.example",
           "post.example", "tribune.example", "gazette.example", "observer.example"]
_WORD = re.compile(r"[A-Za-z]{3,}")
START = date(2024, 1, 1)
ROUND_STEP_DAYS = 37  # successive copies of the corpus land weeks apart


def _load(source: str) -> list[Document]:
    with Store.open(source, read_only="://" not in source) as store:
        return [doc for _key, doc in store.iter_documents()]


def _kept_spans(doc: Document) -> Iterator[tuple[int, int]]:
    """Spans whose words stay: figures, times, datelines, cues, event words."""
    for items in (doc.quantities, doc.timexes, doc.datelines):
        yield from (i.span for i in items)
    for quote in doc.quotes:
        yield from (s for s in (quote.cue.span if quote.cue else None,
                                quote.speaker.span if quote.speaker else None) if s)
    for stance in doc.stances:
        if stance.cue:
            yield stance.cue.span
    for event in doc.events:
        yield event.span
        yield from (s for s in (event.actor_span, event.target_span) if s)
        yield from (m.span for m in event.mentions)


def _kept_mask(doc: Document) -> bytearray:
    mask = bytearray(len(doc.text))
    for start, end in _kept_spans(doc):
        mask[start:end] = b"\x01" * (end - start)
    return mask


class Vocabulary:
    """Each copy of the corpus (a round) speaks its own vocabulary: every free word
    maps to a corpus word of the same length, the same way throughout the round. An
    article's copies in different rounds then share little but names, so they are
    neither near-duplicates nor one story, while a round's articles relate as the
    originals do (its stories are the corpus's stories again)."""

    def __init__(self, docs: list[Document]) -> None:
        found: dict[int, set[str]] = {}
        for doc in docs:
            for word in _WORD.findall(body(doc)):
                if word.lower() not in STOP_WORDS:
                    found.setdefault(len(word), set()).add(word.lower())
        self.pool = {n: sorted(words) for n, words in found.items()}

    def word(self, word: str, round_: int) -> str:
        choices = self.pool.get(len(word))
        if not choices or word.lower() in STOP_WORDS:  # "the" stays: it weighs nothing
            return word
        new = choices[zlib.crc32(f"{round_}:{word.lower()}".encode()) % len(choices)]
        if word.isupper():
            return new.upper()
        return new.capitalize() if word[0].isupper() else new

    def text(self, text: str, round_: int, kept: bytearray | None = None) -> str:
        def swap(match: re.Match[str]) -> str:
            start, end = match.span()
            if kept is not None and any(kept[start:end]):
                return match.group()
            return self.word(match.group(), round_)
        return _WORD.sub(swap, text)


def _reslice(value: object, text: str) -> None:
    """Evidence texts read again from the new text (a quote's words were swapped)."""
    if isinstance(value, dict):
        span = value.get("span")
        if isinstance(span, list | tuple) and len(span) == 2 and "text" in value:
            value["text"] = text[span[0]:span[1]]
        for item in value.values():
            _reslice(item, text)
    elif isinstance(value, list):
        for item in value:
            _reslice(item, text)


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _move_dates(value: object, delta: timedelta) -> None:
    """Every ``time`` (and TIMEX3 ``value``) that is a calendar day moved by ``delta``: a
    copy's events happen around its own date, not on the original's day."""
    items = value.values() if isinstance(value, dict) else value if isinstance(
        value, list) else ()
    if isinstance(value, dict):
        for name in ("time", "value"):
            old = value.get(name)
            if isinstance(old, str) and _DAY.match(old) and (when := parse_date(old[:10])):
                value[name] = (when + delta).isoformat() + old[10:]
    for item in list(items):
        if isinstance(item, dict | list):
            _move_dates(item, delta)


def _copy(doc: Document, n: int, round_: int, words: Vocabulary, rng: random.Random
          ) -> Document:
    data = doc.model_dump(mode="json")
    text = words.text(doc.text, round_, _kept_mask(doc))
    data["text"] = text
    _reslice({k: v for k, v in data.items() if k != "text"}, text)
    for entity in data["entities"]:  # names are the round's too: "Russia" becomes another
        entity["name"] = words.text(entity["name"], round_)
    scale = rng.choice([0.5, 0.8, 1.25, 2.0, 3.0])
    for quantity in data["quantities"]:
        if quantity["value"] is not None:
            quantity["value"] = round(quantity["value"] * scale)
    published = parse_date(doc.published) if doc.published else None
    offset = (published.timetuple().tm_yday if published else n) + round_ * ROUND_STEP_DAYS
    day = START + timedelta(days=offset % 365)
    if published:  # the dates the article gives move with it
        _move_dates(data, day - published)
    outlet = OUTLETS[(n + round_) % len(OUTLETS)]
    data.update(id=f"{doc.id}~{n}", url=f"https://{outlet}/{n}", published=day.isoformat(),
                title=words.text(doc.title, round_) if doc.title else None)
    return Document.model_validate(data)


def _batches(docs: list[Document], total: int, size: int, seed: int) -> Iterator[list[Document]]:
    rng = random.Random(seed)
    words = Vocabulary(docs)
    for start in range(0, total, size):
        yield [_copy(docs[n % len(docs)], n, n // len(docs), words, rng)
               for n in range(start, min(total, start + size))]


def _rss_mb() -> tuple[float, float]:
    with open("/proc/self/statm") as handle:
        resident = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return resident / 2**20, peak / 2**20


def _engine_mb(store: Store) -> float | None:
    """DuckDB's own memory (its buffer pool, indexes, query state): the rest of the
    resident memory is Python's. None on PostgreSQL (the server's memory is its own)."""
    if store.db.dialect != "duckdb":
        return None
    _, rows = store.query("SELECT sum(memory_usage_bytes) FROM duckdb_memory()")
    return (rows[0][0] or 0) / 2**20


def _largest_story(store: Store) -> int:
    _, rows = store.query("SELECT max(size) FROM stories")
    return rows[0][0] or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="a store of analyzed articles")
    parser.add_argument("--db", help="the store to grow (default: a new DuckDB file)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    docs = _load(args.source)
    db = args.db or os.path.join(tempfile.mkdtemp(prefix="newsgraph-growth-"), "grow.duckdb")
    print(f"{len(docs)} analyzed articles copied into {args.articles} in batches of "
          f"{args.batch}; store {db}")
    print("batch\tarticles\twrite s\tlink s\ttotal s\tstories\tlargest\tRSS MB\tpeak MB"
          "\tDuckDB MB\tread\tlink steps s")
    first = None
    with Store.open(db) as store:
        for number, batch in enumerate(_batches(docs, args.articles, args.batch, args.seed), 1):
            start = time.perf_counter()
            store.put_documents(batch)
            del batch  # the copies are stored: linking reads what it needs back
            written = time.perf_counter()
            stats = link_store(store)
            done = time.perf_counter()
            total = done - start
            first = first or total
            resident, peak = _rss_mb()
            engine = _engine_mb(store)
            print(f"{number}\t{store.count('latest_articles')}\t{written - start:.2f}\t"
                  f"{done - written:.2f}\t{total:.2f}\t{store.count('stories')}\t"
                  f"{_largest_story(store)}\t{resident:.0f}\t{peak:.0f}\t"
                  f"{'-' if engine is None else f'{engine:.0f}'}\t"
                  f"{stats.articles_read if stats else 0}\t"
                  + (" ".join(f"{k}={v:.1f}" for k, v in stats.seconds.items()) if stats else ""),
                  flush=True)
    print(f"last batch / first batch: {total / first:.2f}x")


if __name__ == "__main__":
    main()
