"""Placeholder: filled by its own issue."""

from newsgraph.extract import Context, extractor


@extractor("timexes")
def extract_timexes(ctx: Context) -> None:
    return None
