"""Generators of hostile inputs for the robustness tests (built at run time, never stored)."""

from __future__ import annotations

# one run-on sentence: reporting verbs, dates and numbers, no full stop anywhere
RUN_ON = ("officials said on Monday that troops attacked the village in March and "
          "the ministry announced on Friday it would meet rebels next week while "
          "police arrested 12 protesters on 3 October and ")


def run_on_sentence(chars: int) -> str:
    """A single unpunctuated sentence of ``chars`` characters, dense in dates and verbs."""
    return (RUN_ON * (chars // len(RUN_ON) + 1))[:chars].rstrip()
