"""Analysis time per character on one long run-on sentence against normal articles.

    python bench/bench_runon.py [--sizes 10000 40000 160000] [--articles 30] [--model sm]

A run-on sentence (reporting verbs, dates and numbers, no full stop) once made the
analysis cubic: 40k characters took 85-101 s. In this one process, with the time
budget off, it times the full analysis (language check, parse, every extractor) of
``--articles`` shared Wikinews/MEANTIME articles, then of one run-on sentence of each
size, and prints seconds per 1,000 characters and the ratio to the normal articles.
The run passes when every ratio is at most 3.
"""

from __future__ import annotations

import argparse
import time

from corpus import unique_texts

from newsgraph.eval import default_data_dir
from newsgraph.ingest import RawArticle
from newsgraph.pipeline import Pipeline

LIMIT = 3.0
RUN_ON = ("officials said on Monday that troops attacked the village in March and "
          "the ministry announced on Friday it would meet rebels next week while "
          "police arrested 12 protesters on 3 October and ")


def run_on_sentence(chars: int) -> str:
    return (RUN_ON * (chars // len(RUN_ON) + 1))[:chars].rstrip()


def per_char(pipeline: Pipeline, articles: list[RawArticle]) -> tuple[float, int]:
    """(seconds per character, characters) analyzing ``articles`` one at a time."""
    chars = sum(len(a.text) for a in articles)
    started = time.perf_counter()
    for article in articles:
        pipeline.analyze_batch([article])
    return (time.perf_counter() - started) / chars, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000, 160_000])
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()

    pipeline = Pipeline(args.model, time_budget=None)
    texts = list(unique_texts(default_data_dir()))[:args.articles]
    normal = [RawArticle(id=t.id, text=t.text, published="2024-10-28") for t in texts]
    pipeline.analyze_batch(normal[:2])  # warm up: lazy tables, language model
    base, chars = per_char(pipeline, normal)
    print(f"normal articles: {len(normal)} ({chars:,} characters), "
          f"{base * 1000:.3f} s per 1,000 characters")
    print(f"{'characters':>11}  {'seconds':>8}  {'s/1k chars':>10}  {'ratio':>6}")
    worst = 0.0
    for size in args.sizes:
        cost, _ = per_char(pipeline, [RawArticle(id=f"run-on-{size}",
                                                 text=run_on_sentence(size))])
        ratio = cost / base
        worst = max(worst, ratio)
        print(f"{size:>11,}  {cost * size:>8.1f}  {cost * 1000:>10.3f}  {ratio:>6.2f}")
    verdict = "PASS" if worst <= LIMIT else "FAIL"
    print(f"{verdict}: worst ratio {worst:.2f} (limit {LIMIT:g})")


if __name__ == "__main__":
    main()
