"""Peak RSS of `newsgraph analyze` on a small and a large JSONL corpus: memory must stay flat.

    python bench/bench_memory.py [--sizes 200 20000] [--model sm] [--processes 1]

Each corpus is the shared Wikinews and MEANTIME paragraphs (cut to
``--words`` words) repeated to the size, each article opening with its own
number ("Report 12345.") so the corpus keeps bringing strings the model has
not seen, as a real stream does. `newsgraph analyze IN --format jsonl -o OUT`
runs as a subprocess; its peak RSS is the kernel's ru_maxrss of that process
(os.wait4) and, with ``--processes > 1``, the largest sum over the process
tree sampled every 50 ms. The run passes when RSS(largest) <= 1.2 x RSS(smallest).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

import psutil
from corpus import Text, unique_texts, write_jsonl

from newsgraph.eval import default_data_dir

LIMIT = 1.2


def paragraphs(data_dir: Path, words: int) -> list[Text]:
    """Distinct paragraphs of at least 8 words from the shared texts, cut to ``words``."""
    seen: dict[str, Text] = {}
    for text in unique_texts(data_dir):
        for paragraph in re.split(r"\n\s*\n", text.text):
            tokens = paragraph.split()
            if len(tokens) >= 8:
                short = " ".join(tokens[:words])
                seen.setdefault(short, Text(text.id, short, None, text.published))
    return list(seen.values())


def corpus(texts: list[Text], n: int) -> list[Text]:
    return [Text(f"a{i}", f"Report {i}. {t.text}", None, t.published)
            for i, t in enumerate(islice(cycle(texts), n))]


@dataclass
class Run:
    articles: int
    seconds: float
    maxrss: int  # kernel peak of the analyze process, bytes
    tree_peak: int  # sampled peak of the process and its children, bytes
    lines_out: int


LAUNCHER = ("import resource, subprocess, sys\n"
            "code = subprocess.call(sys.argv[2:])\n"
            "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN)"
            ".ru_maxrss))\n"
            "sys.exit(code)\n")


def analyze_rss(jsonl: Path, out: Path, model: str, processes: int, batch_size: int,
                articles: int) -> Run:
    with tempfile.TemporaryFile() as log:
        return _analyze_rss(jsonl, out, model, processes, batch_size, articles, log)


def _analyze_rss(jsonl: Path, out: Path, model: str, processes: int, batch_size: int,
                 articles: int, log) -> Run:
    command = [sys.executable, "-m", "newsgraph.cli", "analyze", str(jsonl), "--format", "jsonl",
               "-o", str(out), "--model", model, "--processes", str(processes),
               "--batch-size", str(batch_size)]
    # Linux keeps a process's peak RSS across fork and exec, so a command started from a
    # large process (a test run) would report that process's peak: a small launcher forks
    # it and writes its real peak (KiB) to a file.
    peak_file = out.with_suffix(".peak")
    command = [sys.executable, "-c", LAUNCHER, str(peak_file), *command]
    start = time.perf_counter()
    # stderr to a file: a pipe nobody reads would block the child when it fills
    proc = subprocess.Popen(command, stderr=log)
    handle = psutil.Process(proc.pid)
    tree_peak = 0
    while True:
        finished, status, _usage = os.wait4(proc.pid, os.WNOHANG)
        if finished:
            break
        try:
            total = handle.memory_info().rss + sum(
                c.memory_info().rss for c in handle.children(recursive=True))
            tree_peak = max(tree_peak, total)
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    log.seek(0)
    stderr = log.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"newsgraph analyze failed ({proc.returncode}): {stderr[-2000:]}")
    with open(out, encoding="utf-8") as handle_out:
        lines = sum(1 for _ in handle_out)
    return Run(articles, seconds, int(peak_file.read_text()) * 1024, tree_peak, lines)


def measure(sizes: list[int], *, model: str = "sm", processes: int = 1, batch_size: int = 32,
            words: int = 50, data_dir: Path | None = None) -> list[Run]:
    texts = paragraphs(data_dir or default_data_dir(), words)
    runs = []
    with tempfile.TemporaryDirectory(prefix="newsgraph-mem-") as tmp:
        for size in sizes:
            jsonl, out = Path(tmp) / f"in-{size}.jsonl", Path(tmp) / f"out-{size}.jsonl"
            write_jsonl(corpus(texts, size), jsonl)
            runs.append(analyze_rss(jsonl, out, model, processes, batch_size, size))
            jsonl.unlink()
            out.unlink()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 20000])
    parser.add_argument("--model", default="sm")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--words", type=int, default=50, help="words per article")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()

    runs = measure(args.sizes, model=args.model, processes=args.processes,
                   batch_size=args.batch_size, words=args.words, data_dir=args.data)
    use_tree = args.processes > 1
    base = runs[0]
    print(f"newsgraph analyze --format jsonl, model {args.model}, processes {args.processes}, "
          f"batch size {args.batch_size}, <= {args.words + 2} words per article\n")
    print("| articles | documents out | seconds | articles/s | peak RSS MB (process) "
          "| peak RSS MB (tree) | vs smallest |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        ratio = ((run.tree_peak / base.tree_peak) if use_tree else (run.maxrss / base.maxrss))
        print(f"| {run.articles:,} | {run.lines_out:,} | {run.seconds:.1f} | "
              f"{run.articles / run.seconds:.1f} | "
              f"{run.maxrss / 2**20:,.0f} | {run.tree_peak / 2**20:,.0f} | {ratio:.3f}x |")
    last = runs[-1]
    ratio = (last.tree_peak / base.tree_peak) if use_tree else (last.maxrss / base.maxrss)
    verdict = "PASS" if ratio <= LIMIT else "FAIL"
    print(f"\n{verdict}: RSS({last.articles:,}) / RSS({base.articles:,}) = {ratio:.3f} "
          f"(limit {LIMIT})")
    sys.exit(0 if ratio <= LIMIT else 1)


if __name__ == "__main__":
    main()
