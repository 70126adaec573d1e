"""What changed between two versions of one article, stated as claims.

:func:`diff_versions` compares an article's earlier and later analysis:

* quotes are paired one to one, best first: same speaker (folded name) and
  similar content (the larger of the character similarity and the share of
  the shorter quote's content terms found in the other), at least
  ``QUOTE_MATCH``; an identical text pairs whatever its speaker. Unpaired old
  quotes were removed, unpaired new ones added; a pair whose epistemic status
  differs is a ``status_changed`` (a denial that became a confirmation), one
  whose text differs a ``quote_edited``;
* quantities are compared per counted thing and unit (as in
  :func:`newsgraph.crossdoc.claims.revisions`), on the figures each version
  holds current (a figure the version itself says was revised is not): one
  figure replaced by one other is ``number_changed`` (3,000 -> 10,000), else
  figures are ``number_added``/``number_removed``;
* events not on a quote's cue are paired by type, actor and target; a changed
  status is a ``status_changed``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from newsgraph.crossdoc.claims import content_terms, counted_key
from newsgraph.crossdoc.entities import fold
from newsgraph.crossdoc.models import Ref, VersionChange
from newsgraph.schema import Document, Event, Quantity, Quote

QUOTE_MATCH = 0.5
T = TypeVar("T")


def _ref(doc: Document, item: Quote | Quantity | Event) -> Ref:
    return Ref(article=doc.id, text=item.text, span=item.span)


def _speaker(q: Quote) -> str | None:
    return fold(q.speaker.name) if q.speaker and q.speaker.name else None


def quote_similarity(a: Quote, b: Quote) -> float:
    if a.text == b.text:
        return 2.0  # identical wording pairs first, even if the speaker changed
    if _speaker(a) != _speaker(b):
        return 0.0
    chars = SequenceMatcher(None, a.text.lower(), b.text.lower()).ratio()
    ta, tb = content_terms(a.text), content_terms(b.text)
    terms = len(ta & tb) / min(len(ta), len(tb)) if ta and tb else 0.0
    return max(chars, terms)


def _pair(old: Sequence[T], new: Sequence[T], score: Callable[[T, T], float],
          minimum: float) -> list[tuple[int, int]]:
    """One-to-one pairs (old index, new index), highest score first."""
    scored = sorted(((s, i, j) for i, a in enumerate(old) for j, b in enumerate(new)
                     if (s := score(a, b)) >= minimum), key=lambda x: (-x[0], x[1], x[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _quotes(old: Document, new: Document) -> list[VersionChange]:
    pairs = _pair(old.quotes, new.quotes, quote_similarity, QUOTE_MATCH)
    changes = []
    for i, j in pairs:
        a, b = old.quotes[i], new.quotes[j]
        subject = (b.speaker or a.speaker).name if (b.speaker or a.speaker) else None
        if a.status != b.status:
            changes.append(VersionChange(kind="status_changed", item="quote", subject=subject,
                                         old=_ref(old, a), new=_ref(new, b),
                                         old_status=a.status, new_status=b.status))
        elif a.text != b.text:
            changes.append(VersionChange(kind="quote_edited", item="quote", subject=subject,
                                         old=_ref(old, a), new=_ref(new, b)))
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, q in enumerate(old.quotes):
        if i not in paired_old:
            changes.append(VersionChange(kind="quote_removed", item="quote",
                                         subject=q.speaker.name if q.speaker else None,
                                         old=_ref(old, q), old_status=q.status))
    for j, q in enumerate(new.quotes):
        if j not in paired_new:
            changes.append(VersionChange(kind="quote_added", item="quote",
                                         subject=q.speaker.name if q.speaker else None,
                                         new=_ref(new, q), new_status=q.status))
    return changes


def current_figures(doc: Document) -> dict[tuple[str, str | None], dict[float, Quantity]]:
    """(counted thing, unit) -> value -> its first quantity, for the figures the
    article holds current (not one it says was revised: "up from 3,000")."""
    revised = {(counted_key(q.counted), q.unit, q.revises.value) for q in doc.quantities
               if q.revises is not None}
    figures: dict[tuple[str, str | None], dict[float, Quantity]] = {}
    for q in doc.quantities:
        key = counted_key(q.counted)
        if key and q.value is not None and (key, q.unit, q.value) not in revised:
            figures.setdefault((key, q.unit), {}).setdefault(q.value, q)
    return figures


def _numbers(old: Document, new: Document) -> list[VersionChange]:
    before, after = current_figures(old), current_figures(new)
    changes = []
    for slot in sorted(set(before) | set(after), key=lambda s: (s[0], s[1] or "")):
        was, now = before.get(slot, {}), after.get(slot, {})
        gone = [was[v] for v in sorted(set(was) - set(now))]
        came = [now[v] for v in sorted(set(now) - set(was))]
        if len(gone) == 1 and len(came) == 1:
            a, b = gone[0], came[0]
            changes.append(VersionChange(
                kind="number_changed", item="quantity", subject=b.counted or a.counted,
                old=_ref(old, a), new=_ref(new, b), old_value=a.value, new_value=b.value))
            continue
        changes.extend(VersionChange(kind="number_removed", item="quantity", subject=q.counted,
                                     old=_ref(old, q), old_value=q.value) for q in gone)
        changes.extend(VersionChange(kind="number_added", item="quantity", subject=q.counted,
                                     new=_ref(new, q), new_value=q.value) for q in came)
    return changes


def _claim_events(doc: Document) -> list[Event]:
    # an event on a quote's cue ("denied") is the act of saying: its quote covers it
    cues = [q.cue.span for q in doc.quotes if q.cue is not None]
    return [e for e in doc.events if not any(s < e.span[1] and e.span[0] < t for s, t in cues)]


def _event_key(e: Event) -> tuple[str, str, str]:
    return e.type, fold(e.actor or ""), fold(e.target or "")


def _events(old: Document, new: Document) -> list[VersionChange]:
    a_events, b_events = _claim_events(old), _claim_events(new)

    def score(a: Event, b: Event) -> float:
        if _event_key(a) != _event_key(b):
            return 0.0
        return 1.0 + (a.text.lower() == b.text.lower()) + (a.status == b.status)

    changes = []
    for i, j in _pair(a_events, b_events, score, 1.0):
        a, b = a_events[i], b_events[j]
        if a.status != b.status:
            changes.append(VersionChange(
                kind="status_changed", item="event", subject=f"{a.type}: {a.actor or '?'}",
                old=_ref(old, a), new=_ref(new, b), old_status=a.status, new_status=b.status))
    return changes


def diff_versions(old: Document, new: Document) -> list[VersionChange]:
    """The differences from ``old`` to ``new`` (two versions of one article)."""
    return _numbers(old, new) + _quotes(old, new) + _events(old, new)
