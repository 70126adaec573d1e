"""Time expressions (TIMEX3) of the article, valued relative to its reference date.

When no published date was given, the reference date is first inferred from the
text (:func:`newsgraph.timex.reference.ensure_reference_date`), so this extractor
also sets ``document.published`` / ``published_inferred`` in that case.
"""

from __future__ import annotations

from newsgraph.extract import Context, extractor
from newsgraph.timex.annotate import find_timexes
from newsgraph.timex.reference import ensure_reference_date


@extractor("timexes")
def extract_timexes(ctx: Context) -> None:
    ensure_reference_date(ctx)
    ctx.document.timexes = find_timexes(ctx.doc, ctx.reference_date)
