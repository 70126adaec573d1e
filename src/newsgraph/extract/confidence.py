"""A calibrated confidence on every item the other extractors filled.

Runs last: it reads their items and the parse; see :mod:`newsgraph.confidence`.
"""

from __future__ import annotations

from newsgraph.confidence import score_document
from newsgraph.extract import Context, extractor


@extractor("confidence")
def extract_confidence(ctx: Context) -> None:
    score_document(ctx.document, ctx.doc)
