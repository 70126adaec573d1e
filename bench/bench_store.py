"""Write and read speed of the store alone (no NLP): DuckDB and PostgreSQL.

    python bench/bench_store.py --source newsgraph.duckdb [--to postgresql://...]
                                [--batch 32] [--copies 1]

Reads the analyzed Documents from an existing store (e.g. one filled by
``newsgraph ingest``), then writes them with ``Store.put_documents`` in
batches into a fresh DuckDB file and, with ``--to``, into a PostgreSQL
database; ``--copies N`` writes each document N times under new ids, for a
bigger load. Reports documents/s for the write, the no-op rewrite (every
document already stored) and a full read back, and the DuckDB file size.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from newsgraph.store import Store


def _load(source: str, copies: int):
    with Store.open(source, read_only="://" not in source) as store:
        docs = [doc for _key, doc in store.iter_documents()]
    if copies == 1:
        return docs
    return [d.model_copy(update={"id": f"{d.id}#{n}", "url": f"{d.url or d.id}#{n}"})
            for n in range(copies) for d in docs]


def _run(target: str, docs, batch: int) -> dict[str, float]:
    timings = {}
    with Store.open(target) as store:
        known = store.known()
        start = time.perf_counter()
        for i in range(0, len(docs), batch):
            store.put_documents(docs[i:i + batch], known=known)
        timings["write"] = time.perf_counter() - start
        start = time.perf_counter()
        known = store.known()
        for i in range(0, len(docs), batch):
            store.put_documents(docs[i:i + batch], known=known)
        timings["rewrite (no-op)"] = time.perf_counter() - start
        start = time.perf_counter()
        n = sum(1 for _ in store.iter_documents())
        timings["read all"] = time.perf_counter() - start
        assert n == len(docs), (n, len(docs))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--to", help="a postgresql:// URL of an empty database")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    docs = _load(args.source, args.copies)
    print(f"{len(docs)} documents, batches of {args.batch}")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.duckdb")
        targets = [("duckdb", path)] + ([("postgresql", args.to)] if args.to else [])
        for name, target in targets:
            timings = _run(target, docs, args.batch)
            for what, seconds in timings.items():
                print(f"{name:10} {what:16} {seconds:7.2f} s  {len(docs) / seconds:8.1f} docs/s")
            if name == "duckdb":
                print(f"{name:10} file size        {os.path.getsize(path) / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
