"""Placeholder: filled by its own issue."""

from newsgraph.extract import Context, extractor


@extractor("quotes")
def extract_quotes(ctx: Context) -> None:
    return None
