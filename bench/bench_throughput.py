"""Throughput of the full newsgraph analysis against bare spaCy and the peers, in one run.

    python bench/bench_throughput.py [--articles 2000] [--processes 2] [--model md]

On the same texts (the shared Wikinews and MEANTIME articles, repeated to
``--articles``) and in this one process it times:

* bare spaCy: ``nlp.pipe(texts, n_process=P, batch_size=B)`` with the same model;
* newsgraph: ``Pipeline(model).analyze_stream(articles, n_process=P, batch_size=B)``,
  i.e. language check, parse and every extractor, Documents built;
* peers, one process, on each unique article once: trafilatura's extraction of
  an HTML page around each text vs newsgraph's HTML ingest; and on parsed docs,
  textacy's ``direct_quotations`` vs newsgraph's quotes layer (with the entities
  layer it reads).

Peak RSS is sampled (every 20 ms) over the process and its children while each
system runs. Words are whitespace-separated words of the input text. With
``--repeats R`` the spaCy and newsgraph passes alternate R times and each keeps
its best, so load from elsewhere on the machine hits both alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import psutil
from corpus import Text, article_html, repeated, unique_texts

from newsgraph.eval import default_data_dir
from newsgraph.ingest import RawArticle, read_text_article
from newsgraph.models import load_model
from newsgraph.pipeline import Pipeline


class PeakRSS:
    """Samples the RSS of this process plus its children in a thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._me = psutil.Process()

    def _rss(self) -> int:
        total = self._me.memory_info().rss
        for child in self._me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.peak = self._rss()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


@dataclass
class Result:
    system: str
    articles: int
    words: int
    seconds: float
    peak_rss: int
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds


def timed(system: str, texts: list[Text], run: Callable[[], object], note: str = "") -> Result:
    with PeakRSS() as rss:
        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
    return Result(system, len(texts), sum(t.words for t in texts), seconds, rss.peak, note)


def consume(iterable: Iterable[object]) -> None:
    for _ in iterable:
        pass


def articles(texts: list[Text]) -> Iterable[RawArticle]:
    return (RawArticle(id=t.id, text=t.text, title=t.title, published=t.published)
            for t in texts)


def bare_spacy(model: str, texts: list[Text], processes: int, batch_size: int) -> Result:
    nlp = load_model(model, paragraphs=False)  # the model as shipped, no newsgraph component
    return timed("bare spaCy nlp.pipe", texts, lambda: consume(
        nlp.pipe((t.text for t in texts), n_process=processes, batch_size=batch_size)))


def newsgraph(pipeline: Pipeline, texts: list[Text], processes: int, batch_size: int
              ) -> Result:
    return timed("newsgraph analyze_stream", texts, lambda: consume(
        pipeline.analyze_stream(articles(texts), n_process=processes, batch_size=batch_size)))


def html_peers(texts: list[Text]) -> list[Result]:
    import trafilatura

    pages = [article_html(t) for t in texts]

    def newsgraph_ingest() -> None:
        for i, page in enumerate(pages):
            read_text_article(page, id=str(i))

    return [
        timed("trafilatura.extract (HTML)", texts, lambda: consume(
            trafilatura.extract(p, include_comments=False, include_tables=False) for p in pages)),
        timed("newsgraph HTML ingest", texts, newsgraph_ingest),
    ]


def quote_peers(model: str, texts: list[Text]) -> list[Result]:
    """Extraction time only, on the same parsed docs (parse time excluded)."""
    from textacy.extract.triples import direct_quotations

    nlp = load_model(model)
    layer = Pipeline(model, extractors=("entities", "quotes"))
    seconds = {"textacy": 0.0, "newsgraph": 0.0}
    found = {"textacy": 0, "newsgraph": 0}
    refused = 0
    with PeakRSS() as rss:
        for doc, text in nlp.pipe(((t.text, t) for t in texts), as_tuples=True):
            start = time.perf_counter()
            try:
                found["textacy"] += len(list(direct_quotations(doc)))
            except ValueError:  # textacy refuses texts with an odd number of quote marks
                refused += 1
            middle = time.perf_counter()
            found["newsgraph"] += len(layer.extract(doc, next(iter(articles([text])))).quotes)
            seconds["textacy"] += middle - start
            seconds["newsgraph"] += time.perf_counter() - middle
    words = sum(t.words for t in texts)
    return [
        Result("textacy direct_quotations", len(texts), words, seconds["textacy"], rss.peak,
               f"{found['textacy']} quotes, {refused} texts refused (unbalanced quote "
               "marks); parse excluded"),
        Result("newsgraph quotes (+entities)", len(texts), words, seconds["newsgraph"],
               rss.peak, f"{found['newsgraph']} quotes (all kinds); parse excluded"),
    ]


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    memory = psutil.virtual_memory().total / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; Python "
            f"{platform.python_version()}; load average before the run {load}")


def table(results: list[Result], base: Result) -> str:
    lines = ["| system | articles | words | seconds | articles/s | words/s | peak RSS MB "
             "| vs bare spaCy | note |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ratio = f"{r.per_second / base.per_second:.2f}x" if r.articles == base.articles else ""
        lines.append(f"| {r.system} | {r.articles:,} | {r.words:,} | {r.seconds:.1f} | "
                     f"{r.per_second:.1f} | {r.words / r.seconds:,.0f} | "
                     f"{r.peak_rss / 2**20:,.0f} | {ratio} | {r.note} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default="md")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--peer-articles", type=int, default=None,
                        help="unique articles for the peer comparisons (default all)")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()

    about = machine()
    unique = unique_texts(args.data or default_data_dir())
    texts = list(repeated(unique, args.articles))
    pipeline = Pipeline(args.model)
    # Warm up: lexicons, the language identifier and lazily built tables load here.
    consume(pipeline.analyze_stream(articles(unique[:3])))

    best: dict[str, Result] = {}
    for _ in range(args.repeats):
        for result in (bare_spacy(args.model, texts, args.processes, args.batch_size),
                       newsgraph(pipeline, texts, args.processes, args.batch_size)):
            if result.system not in best or result.seconds < best[result.system].seconds:
                best[result.system] = result
    base = best["bare spaCy nlp.pipe"]
    results = list(best.values())
    if not args.no_peers:
        peers = unique[:args.peer_articles] if args.peer_articles else unique
        results += html_peers(peers) + quote_peers(args.model, peers)

    print(f"Machine: {about}\n")
    print(f"{len(texts):,} articles ({len(unique)} unique Wikinews + MEANTIME texts, repeated); "
          f"model {args.model}; processes {args.processes}; batch size {args.batch_size}; "
          f"best of {args.repeats}\n")
    print(table(results, base))
    ratio = best["newsgraph analyze_stream"].per_second / base.per_second
    print(f"\nnewsgraph / bare spaCy throughput: {ratio:.2f}")


if __name__ == "__main__":
    main()
