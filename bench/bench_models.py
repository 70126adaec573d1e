"""Throughput of the pinned spaCy models on the shared Wikinews articles.

    python bench/bench_models.py [--texts N] [--repeats R] [--models sm md]

Each model is loaded once, in this one process, and parses the same texts with
``nlp.pipe`` (one process, default batch). Timed passes alternate between the
models, so load from other processes on the machine hits them alike; the
figure kept is each model's best pass. Words are whitespace-separated words of
the text, so both models are measured against the same count.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsgraph.eval import default_data_dir, require
from newsgraph.models import ALIASES, load_model

WIKINEWS = Path("wikinews") / "wikinews_articles.jsonl"


def read_texts(data_dir: Path, limit: int | None) -> list[str]:
    texts = []
    with open(require(data_dir / WIKINEWS), encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def timed_pass(model: str, texts: list[str], batch_size: int) -> float:
    nlp = load_model(model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=int, default=None, help="first N articles (default all)")
    parser.add_argument("--repeats", type=int, default=1, help="timed passes per model")
    parser.add_argument("--models", nargs="+", default=list(ALIASES))
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()

    texts = read_texts(args.data or default_data_dir(), args.texts)
    words = sum(len(text.split()) for text in texts)
    load: dict[str, float] = {}
    for model in args.models:
        start = time.perf_counter()
        load_model(model)("Warm up once before timing.")
        load[model] = time.perf_counter() - start
    best: dict[str, float] = {}
    for _ in range(args.repeats):
        for model in args.models:
            seconds = timed_pass(model, texts, args.batch_size)
            best[model] = min(seconds, best.get(model, seconds))

    base = args.models[0]
    print(f"{len(texts)} Wikinews articles, {words:,} words; best of {args.repeats} "
          f"pass(es); nlp.pipe batch_size={args.batch_size}, n_process=1\n")
    print(f"| model | package | load s | seconds | articles/s | words/s | speed vs {base} |")
    print("|---|---|---|---|---|---|---|")
    for model in args.models:
        seconds = best[model]
        print(f"| {model} | {ALIASES.get(model, model)} | {load[model]:.1f} | {seconds:.1f} | "
              f"{len(texts) / seconds:.2f} | {words / seconds:,.0f} | "
              f"{best[base] / seconds:.2f}x |")


if __name__ == "__main__":
    main()
