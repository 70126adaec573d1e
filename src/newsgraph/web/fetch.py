"""The guarded fetch of the analyze form; it lives in :mod:`newsgraph.ingest.fetch`, where
`ingest --allow-urls` uses the same guard."""

from newsgraph.ingest.fetch import MAX_BYTES, MAX_REDIRECTS, TIMEOUT, FetchError, fetch
from newsgraph.web.security import UnsafeURLError

__all__ = ["MAX_BYTES", "MAX_REDIRECTS", "TIMEOUT", "FetchError", "UnsafeURLError", "fetch"]
