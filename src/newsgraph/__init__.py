"""newsgraph: who did what, who said what, and how sure anyone is — from news text."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "analyze"]


def __getattr__(name: str):
    # Import lazily: `newsgraph --help` should not pay for loading spaCy.
    if name == "analyze":
        from newsgraph.pipeline import analyze

        return analyze
    raise AttributeError(name)
