"""The log-time interval lookups agree with the linear scans they replaced."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.intervals import Cover, Disjoint, OwnedCover

ranges = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)).map(
    lambda r: (r[0], r[0] + r[1])), max_size=10)


@given(ranges, st.integers(-2, 60))
def test_cover_holds_a_point_as_a_scan_would(spans, point):
    cover = Cover(spans)
    assert cover.holds(point) == any(s <= point < e for s, e in spans)
    assert cover.holds_end(point) == any(s < point <= e for s, e in spans)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=20))
def test_disjoint_refuses_exactly_the_overlaps(candidates):
    taken, chosen = Disjoint(), []
    for start, length in candidates:
        end = start + length
        overlaps = any(not (end <= s or start >= e) for s, e in chosen)
        assert taken.overlaps(start, end) == overlaps
        if not overlaps:
            chosen.append((start, end))
            taken.add(start, end)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10), st.integers(0, 3)),
                max_size=10),
       st.integers(0, 45), st.integers(0, 6), st.integers(0, 3))
def test_owned_cover_ignores_the_asking_owner(raw, start, length, me):
    owned = [(s, s + n, o) for s, n, o in raw]
    end = start + length
    expected = any(s <= start and end <= e for s, e, o in owned if o != me)
    assert OwnedCover(owned).holds(start, end, me) == expected
