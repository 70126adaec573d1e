"""Interval lookups in log time, for extractors that test many items against many spans.

A linear scan per item is quadratic in the document; on one long run-on sentence
with thousands of numbers and dates that stalls the analysis.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate


def starts_between(items: list, start: int, end: int) -> bool:
    """Some item's ``span`` starts in ``[start, end)``; ``items`` sorted by span start
    (timexes are, as extracted)."""
    i = bisect_left(items, start, key=lambda item: item.span[0])
    return i < len(items) and items[i].span[0] < end


class Cover:
    """Fixed, possibly overlapping ``[start, end)`` ranges; asks whether any holds a point."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))  # furthest end so far

    def holds(self, point: int) -> bool:
        """Some range has ``start <= point < end``."""
        i = bisect_right(self._starts, point) - 1
        return i >= 0 and self._reach[i] > point

    def holds_end(self, point: int) -> bool:
        """Some range has ``start < point <= end`` (``point`` is an exclusive end)."""
        i = bisect_left(self._starts, point) - 1
        return i >= 0 and self._reach[i] >= point


class OwnedCover:
    """Fixed ranges, each owned by an item; asks whether a range of *another* item holds
    ``[start, end)`` whole."""

    def __init__(self, ranges: Iterable[tuple[int, int, int]]) -> None:
        ordered = sorted(ranges)  # (start, end, owner)
        self._starts = [s for s, _, _ in ordered]
        # per prefix: the furthest end, and the furthest end of any other owner
        self._best: list[tuple[tuple[int, int], tuple[int, int]]] = []
        top, second = (-1, -1), (-1, -1)  # (reach, owner)
        for _, end, owner in ordered:
            if owner == top[1]:
                top = (max(top[0], end), owner)
            elif end > top[0]:
                top, second = (end, owner), top
            elif end > second[0]:
                second = (end, owner)
            self._best.append((top, second))

    def holds(self, start: int, end: int, but: int) -> bool:
        i = bisect_right(self._starts, start) - 1
        if i < 0:
            return False
        top, second = self._best[i]
        return (top[0] if top[1] != but else second[0]) >= end


class Disjoint:
    """A growing set of non-overlapping ``[start, end)`` ranges."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # ranges are disjoint, so the last one starting before ``end`` ends furthest
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._ends[i] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


__all__ = ["Cover", "Disjoint"]
