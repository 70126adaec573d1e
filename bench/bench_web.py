"""Page latency of ``newsgraph serve`` over a grown store, with concurrent clients.

    python bench/bench_web.py --db grow.duckdb [--clients 4] [--requests 40]

Starts ``newsgraph serve --db DB --no-analysis`` on a free local port, waits until it
answers, then ``--clients`` threads each request the home page, an article, an entity
and a story page in turn, ``--requests`` times; the ids requested include the store's
largest entity (most linked mentions) and largest story (most articles). Prints the
p50/p95 latency per page, the server's start-up time and its RSS (at start, after the
run, peak).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import httpx

from newsgraph.store import Store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ids(db: str) -> dict[str, list[str]]:
    """Pages to request: the largest entity and story first, then ordinary ones."""
    with Store.open(db, read_only="://" not in db) as store:
        _, entities = store.query("SELECT global_id FROM entity_links GROUP BY global_id "
                                  "ORDER BY count(*) DESC, global_id LIMIT 5")
        _, stories = store.query("SELECT story_id FROM story_articles GROUP BY story_id "
                                 "ORDER BY count(*) DESC, story_id LIMIT 5")
        _, articles = store.query("SELECT doc_key FROM latest_articles ORDER BY doc_key "
                                  "LIMIT 5")
    return {"home": ["/"],
            "article": [f"/articles/{quote(r[0], safe='')}" for r in articles],
            "entity": [f"/entities/{quote(r[0], safe='')}" for r in entities],
            "story": [f"/stories/{quote(r[0], safe='')}" for r in stories]}


def _rss_mb(pid: int, field: str = "VmHWM") -> float:
    """The process's peak (VmHWM) or current (VmRSS) resident memory."""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    pages = _ids(args.db)
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "serve", "--db", args.db,
                               "--port", str(port), "--no-analysis"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                httpx.get(base + "/favicon.ico", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    sys.exit(f"error: the server exited ({server.returncode})")
                time.sleep(0.5)
        ready = time.perf_counter() - started
        at_start = _rss_mb(server.pid, "VmRSS")
        times: dict[str, list[float]] = {name: [] for name in pages}
        lock = threading.Lock()

        def client(number: int) -> None:
            with httpx.Client(base_url=base, timeout=120) as http:
                for i in range(args.requests):
                    for name, paths in pages.items():
                        path = paths[(number + i) % len(paths)]
                        start = time.perf_counter()
                        response = http.get(path)
                        took = time.perf_counter() - start
                        if response.status_code != 200:
                            print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
                        with lock:
                            times[name].append(took)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        peak, after = _rss_mb(server.pid), _rss_mb(server.pid, "VmRSS")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"server ready in {ready:.1f} s; RSS {at_start:.0f} MB at start, {after:.0f} MB "
          f"after the run, peak {peak:.0f} MB; {args.clients} clients")
    print("page\trequests\tp50 ms\tp95 ms\tmax ms")
    for name, found in times.items():
        found.sort()
        p95 = found[min(len(found) - 1, int(0.95 * len(found)))]
        print(f"{name}\t{len(found)}\t{statistics.median(found) * 1000:.0f}\t"
              f"{p95 * 1000:.0f}\t{found[-1] * 1000:.0f}")
    print("largest entity and story:", pages["entity"][0], pages["story"][0])


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
