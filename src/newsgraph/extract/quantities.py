"""Placeholder: filled by its own issue."""

from newsgraph.extract import Context, extractor


@extractor("quantities")
def extract_quantities(ctx: Context) -> None:
    return None
