"""A store that grows: time and peak memory of each ingest batch, linking included.

    python bench/bench_growth.py --source shared.duckdb [--db grow.duckdb | postgresql://...]
                                 [--articles 100000] [--batch 1000]

Reads the analyzed articles of an existing store (``newsgraph ingest`` of the
shared VOA and Wikinews articles), then grows a new store batch by batch: each
batch is copies of those articles under new ids and URLs, with publication
dates spread over a year, outlets from a pool, person names and figures drawn
from pools, and a fifth of the words outside any extracted item swapped for
other corpus words of the same length (spans stay valid), so copies are not
near-duplicates of each other. Analysis cost is left out: each batch is
``Store.put_documents`` then ``link_store`` (incremental), as ``newsgraph
ingest`` does after analysis. Prints, per batch, the time of the store write and
of the linking, and the process's resident and peak memory. A benchmark, not a
test: the figure to read is the last batch's time over the first's.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta

from newsgraph.crossdoc.linking import link_store
from newsgraph.schema import Document
from newsgraph.store import Store

OUTLETS = ["wire.example", "daily.example", "herald.example", "courier.example",
           "post.example", "tribune.example", "gazette.example", "observer.example"]
FIRST = ["Anna", "Omar", "Lena", "Ivan", "Maya", "Tariq", "Sofia", "Kenji", "Amara", "Luis",
         "Nadia", "Pavel", "Irene", "Samir", "Chloe", "Tomas", "Leila", "Marek", "Rosa", "Ahmed"]
LAST = ["Novak", "Haddad", "Okafor", "Lindqvist", "Moreau", "Sato", "Petrov", "Alvarez",
        "Mensah", "Kowalski", "Rahman", "Duarte", "Fischer", "Nakamura", "Costa", "Ibrahim",
        "Horvat", "Quinn", "Varga", "Osei"]
_WORD = re.compile(r"[A-Za-z]{4,}")
START = date(2024, 1, 1)


def _load(source: str) -> list[Document]:
    with Store.open(source, read_only="://" not in source) as store:
        return [doc for _key, doc in store.iter_documents()]


def _covered(doc: Document) -> list[tuple[int, int]]:
    spans = [m.span for e in doc.entities for m in e.mentions]
    for items in (doc.quotes, doc.quantities, doc.timexes, doc.events, doc.datelines):
        spans.extend(i.span for i in items)
    return sorted(spans)


def _swap_words(doc: Document, pool: dict[int, list[str]], rng: random.Random) -> str:
    """A fifth of the free words swapped for corpus words of the same length."""
    covered = _covered(doc)
    chars = list(doc.text)
    for match in _WORD.finditer(doc.text):
        start, end = match.span()
        if rng.random() >= 0.2 or any(s < end and start < e for s, e in covered):
            continue
        chars[start:end] = rng.choice(pool[end - start])
    return "".join(chars)


def _copy(doc: Document, n: int, pool: dict[int, list[str]], rng: random.Random) -> Document:
    people = {e.id: f"{rng.choice(FIRST)} {rng.choice(LAST)}" for e in doc.entities
              if e.type == "PERSON"}
    entities = [e.model_copy(update={"name": people[e.id]}) if e.id in people else e
                for e in doc.entities]
    scale = rng.choice([0.5, 0.8, 1.25, 2.0, 3.0])
    quantities = [q.model_copy(update={"value": round(q.value * scale)})
                  if q.value is not None else q for q in doc.quantities]
    day = START + timedelta(days=rng.randrange(365))
    outlet = OUTLETS[n % len(OUTLETS)]
    return doc.model_copy(update={
        "id": f"{doc.id}~{n}", "url": f"https://{outlet}/{n}", "published": day.isoformat(),
        "text": _swap_words(doc, pool, rng), "entities": entities, "quantities": quantities})


def _batches(docs: list[Document], total: int, size: int, seed: int) -> Iterator[list[Document]]:
    rng = random.Random(seed)
    pool: dict[int, list[str]] = {}
    for doc in docs:
        for word in _WORD.findall(doc.text):
            pool.setdefault(len(word), []).append(word)
    for start in range(0, total, size):
        yield [_copy(docs[n % len(docs)], n, pool, rng)
               for n in range(start, min(total, start + size))]


def _rss_mb() -> tuple[float, float]:
    with open("/proc/self/statm") as handle:
        resident = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return resident / 2**20, peak / 2**20


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
    print("batch\tarticles\twrite s\tlink s\ttotal s\tstories\tRSS MB\tpeak MB")
    first = None
    with Store.open(db) as store:
        for number, batch in enumerate(_batches(docs, args.articles, args.batch, args.seed), 1):
            start = time.perf_counter()
            store.put_documents(batch)
            written = time.perf_counter()
            link_store(store)
            done = time.perf_counter()
            total = done - start
            first = first or total
            resident, peak = _rss_mb()
            print(f"{number}\t{store.count('latest_articles')}\t{written - start:.2f}\t"
                  f"{done - written:.2f}\t{total:.2f}\t{store.count('stories')}\t"
                  f"{resident:.0f}\t{peak:.0f}", flush=True)
    print(f"last batch / first batch: {total / first:.2f}x")


if __name__ == "__main__":
    main()
