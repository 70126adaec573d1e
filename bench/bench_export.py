"""Peak memory of ``newsgraph export`` on a small store and a grown one.

    python bench/bench_export.py --small shared.duckdb --large grow.duckdb [--formats csv parquet]

Each export runs as its own process (``python -m newsgraph.cli export``) into a temporary
folder; its peak RSS is read from the kernel when it exits. An export that streams from
the store has about the same peak on both stores; one that holds a table or a result in
memory grows with the store. Prints articles, rows written and peak RSS per store and
format, and the ratio large/small.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.store import Store

FORMATS = ("jsonl", "csv", "parquet", "graphml")


def _articles(db: str) -> int:
    with Store.open(db, read_only="://" not in db) as store:
        return store.count("articles")


def _export(db: str, fmt: str) -> tuple[float, float, int]:
    """Peak RSS (MB), seconds and bytes written of one export in a process of its own."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"out.{fmt}"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "newsgraph.cli", "export", "--db", db, "-f", fmt,
             "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        took = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"error: export -f {fmt} of {db} failed: "
                     f"{process.stderr.read().decode()[-500:] if process.stderr else ''}")
        written = sum(p.stat().st_size for p in ([out] if out.is_file() else out.iterdir()))
    return usage.ru_maxrss / 1024, took, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", required=True, help="a small store")
    parser.add_argument("--large", required=True, help="a grown store")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    args = parser.parse_args()
    sizes = {db: _articles(db) for db in (args.small, args.large)}
    print("format\tstore\tarticles\tMB written\tseconds\tpeak RSS MB")
    for fmt in args.formats:
        peaks = []
        for db in (args.small, args.large):
            peak, took, written = _export(db, fmt)
            peaks.append(peak)
            print(f"{fmt}\t{Path(db).name}\t{sizes[db]}\t{written / 1e6:.1f}\t{took:.1f}\t"
                  f"{peak:.0f}")
        print(f"{fmt}\tlarge/small\t{sizes[args.large] / sizes[args.small]:.1f}x articles\t\t\t"
              f"{peaks[1] / peaks[0]:.2f}x peak RSS")


if __name__ == "__main__":
    main()
