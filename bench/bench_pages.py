"""Time to serve the web pages of a store: entity pages (the largest first), stories,
articles, home and the lists.

    python bench/bench_pages.py --db newsgraph.duckdb [--repeat 5] [--entities 10]

Build the store first, e.g. with the 384 shared articles::

    newsgraph ingest voa_stories.jsonl wikinews/ --db newsgraph.duckdb -p 2

The app is served in this process (the loaded store, every route and template, no
network). Each page is requested once (its first request, printed apart: nothing of it was
computed yet) and then ``--repeat`` times; p50 and p95 of the repeats are printed per
kind of page. The target is an entity page in at most 300 ms; the run fails (exit 1)
when any entity page's p95 or first request is over it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from urllib.parse import quote

from fastapi.testclient import TestClient

from newsgraph.web import create_app, open_repository

TARGET_SECONDS = 0.300


def _pages(repo, n_entities: int) -> dict[str, list[str]]:
    """The paths to time, by kind: the most-mentioned entities, the biggest stories,
    the longest articles, the home page and every list."""
    _, entities = repo.entities(limit=n_entities)  # sorted by mentions, most first
    _, stories = repo.stories(limit=10**6)
    stories = sorted(stories, key=lambda s: -len(s.articles))[:5]
    _, articles = repo.articles(limit=10**6)
    articles = sorted(articles, key=lambda a: -a.chars)[:5]
    return {
        "entity": [f"/entities/{quote(e.id, safe='')}" for e in entities],
        "story": [f"/stories/{quote(s.id, safe='')}" for s in stories],
        "article": [f"/articles/{quote(a.id, safe='')}" for a in articles],
        "home": ["/"],
        "lists": ["/entities", "/quotes", "/events", "/entities?type=PERSON",
                  "/quotes?status=asserted", "/map", "/network"],
    }


def _time(client: TestClient, path: str, repeat: int
          ) -> tuple[float, list[float], list[float]]:
    """(the first request, the next ``repeat``, their CPU times) in seconds. CPU time
    is this process's only (the app runs in it): other load on the machine barely
    changes it, while it stretches the wall-clock times."""
    started = time.perf_counter()
    response = client.get(path)
    first = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    times, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(path)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return first, times, cpu


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entities", type=int, default=10,
                        help="how many entities, the most mentioned first")
    args = parser.parse_args()
    started = time.perf_counter()
    repo = open_repository(args.db)
    client = TestClient(create_app(repo))
    pages = _pages(repo, args.entities)
    print(f"loaded {args.db} in {time.perf_counter() - started:.1f} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    worst_entity = 0.0
    for kind, paths in pages.items():
        times: list[float] = []
        cpu: list[float] = []
        firsts: list[float] = []
        slowest = (0.0, "")
        for path in paths:
            first, page_times, page_cpu = _time(client, path, args.repeat)
            times += page_times
            cpu += page_cpu
            firsts.append(first)
            slowest = max(slowest, (max(page_times), path))
            if kind == "entity":
                worst_entity = max(worst_entity, _p95(page_times), first)
        print(f"{kind:8} {len(paths):3} pages  p50 {statistics.median(times) * 1000:6.0f} ms"
              f"  p95 {_p95(times) * 1000:6.0f} ms  slowest {slowest[0] * 1000:.0f} ms "
              f"({slowest[1]});  first request max {max(firsts) * 1000:.0f} ms;  CPU p50 "
              f"{statistics.median(cpu) * 1000:.0f} ms p95 {_p95(cpu) * 1000:.0f} ms")
    verdict = "met" if worst_entity <= TARGET_SECONDS else "NOT met"
    print(f"entity pages: worst p95 or first request {worst_entity * 1000:.0f} ms; target "
          f"{TARGET_SECONDS * 1000:.0f} ms {verdict}")
    if worst_entity > TARGET_SECONDS:
        sys.exit(1)


if __name__ == "__main__":
    main()
