"""Counting the documents an eval task analyzes, for its progress display.

Each task parses its corpus its own way (``nlp.pipe`` over a list, ``nlp(text)`` one
document at a time, through a :class:`~newsgraph.pipeline.Pipeline` or not). Rather than
thread a callback through every task, the count is taken where every document passes:
spaCy's ``Language.pipe`` and ``Language.__call__``, wrapped for the duration of one
task. A parse nested inside another (a component that parses a snippet) is not counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from spacy.language import Language


@dataclass
class DocumentCount:
    """Documents parsed so far, and how many the task has asked for (None: unknown,
    when it parses one document at a time)."""

    done: int = 0
    total: int | None = 0
    depth: int = 0  # > 0 while a counted parse runs: nested parses are its own work


@contextmanager
def counting_documents(on_progress: Callable[[DocumentCount], None]
                       ) -> Iterator[DocumentCount]:
    """Count every document spaCy parses inside the block, calling ``on_progress``
    after each one."""
    count = DocumentCount()
    original_pipe, original_call = Language.pipe, Language.__call__

    def pipe(self, texts, *args, **kwargs):
        if count.depth:
            yield from original_pipe(self, texts, *args, **kwargs)
            return
        texts = list(texts)  # an eval corpus is in memory already: its size is the total
        if count.total is not None:
            count.total += len(texts)
        docs = original_pipe(self, texts, *args, **kwargs)
        while True:
            count.depth += 1
            try:
                doc = next(docs)
            except StopIteration:
                return
            finally:
                count.depth -= 1
            count.done += 1
            on_progress(count)
            yield doc

    def call(self, text, *args, **kwargs):
        if count.depth:
            return original_call(self, text, *args, **kwargs)
        count.depth += 1
        try:
            doc = original_call(self, text, *args, **kwargs)
        finally:
            count.depth -= 1
        count.total = None  # one at a time: how many will come is not known
        count.done += 1
        on_progress(count)
        return doc

    Language.pipe, Language.__call__ = pipe, call  # type: ignore[method-assign]
    try:
        yield count
    finally:
        Language.pipe, Language.__call__ = original_pipe, original_call  # type: ignore[method-assign]
