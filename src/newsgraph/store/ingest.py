"""Read sources, analyze what is new, and store it in committed batches.

An article already stored (same identity, same content hash) is skipped
before analysis, so a rerun after an interruption only analyzes what the
interrupted run had not committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsgraph.ingest.base import IngestError, RawArticle, SkippedNote
from newsgraph.ingest.skipped import reporting_repairs
from newsgraph.ingest.sources import read_sources
from newsgraph.schema import Document
from newsgraph.store import PutResult, Store
from newsgraph.store.rows import article_key, content_hash


@dataclass
class IngestStats:
    read: int = 0
    stored: int = 0
    versions: int = 0
    unchanged: int = 0
    commits: int = 0
    failures: list[IngestError] = field(default_factory=list)
    notes: list[SkippedNote] = field(default_factory=list)  # README, LICENSE... in a folder

    def add(self, result: PutResult) -> None:
        self.stored += len(result.stored)
        self.versions += len(result.versions)
        self.unchanged += len(result.unchanged)
        self.commits += 1


Progress = Callable[[IngestStats], None]


def _new_articles(items: Iterable[RawArticle | IngestError], known: dict, stats: IngestStats,
                  origins: dict[tuple[str, str], str], progress: Progress
                  ) -> Iterator[RawArticle | IngestError]:
    seen: set[tuple[str, str]] = set()
    for item in items:
        if isinstance(item, SkippedNote):
            stats.notes.append(item)
            continue
        stats.read += 1
        if isinstance(item, IngestError):
            yield item
            continue
        key, chash = article_key(item.id, item.url), content_hash(item.title, item.text)
        if chash in known.get(key, (0, set()))[1] or (key, chash) in seen:
            stats.unchanged += 1
            progress(stats)
            continue
        seen.add((key, chash))
        origins[(key, chash)] = item.origin
        yield item


def ingest(store: Store, sources: Iterable[str], pipeline, *, allow_urls: bool = False,
           published: str | None = None, allow_private_urls: bool = False,
           include: tuple[str, ...] = (),
           commit_every: int = 32, batch_size: int = 32, n_process: int = 1,
           progress: Progress = lambda stats: None,
           on_error: Callable[[IngestError], None] = lambda error: None,
           on_repair: Callable[[RawArticle], None] = lambda article: None) -> IngestStats:
    """Ingest ``sources`` into ``store`` with ``pipeline`` (a :class:`Pipeline`)."""
    stats = IngestStats()
    known = store.known()
    pipeline_version = getattr(pipeline, "version", None)
    origins: dict[tuple[str, str], str] = {}
    batch: list[Document] = []

    def commit() -> None:
        keys = [(article_key(d.id, d.url), content_hash(d.title, d.text)) for d in batch]
        result = store.put_documents(batch, sources=[origins.pop(k, None) for k in keys],
                                     known=known, pipeline_version=pipeline_version)
        stats.add(result)
        batch.clear()
        progress(stats)

    read = reporting_repairs(read_sources(sources, allow_urls=allow_urls, published=published,
                                          allow_private_urls=allow_private_urls,
                                          include=include), on_repair)
    items = _new_articles(read, known, stats, origins, progress)
    for result in pipeline.analyze_stream(items, n_process=n_process, batch_size=batch_size):
        if isinstance(result, IngestError):
            stats.failures.append(result)
            on_error(result)
            progress(stats)
            continue
        batch.append(result)
        if len(batch) >= commit_every:
            commit()
    if batch:
        commit()
    return stats
