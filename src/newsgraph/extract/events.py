"""Placeholder: filled by its own issue."""

from newsgraph.extract import Context, extractor


@extractor("events")
def extract_events(ctx: Context) -> None:
    return None
