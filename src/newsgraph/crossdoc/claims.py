"""Claim tracking across articles: timelines, revised figures, contradicting sources.

* :func:`timeline`: the quotes, quantities and events about an entity (or in a
  story), ordered by the time each refers to: the item's own ``time`` when it
  has a calendar value, else its article's publication date.
* :func:`revisions`: figures about the same counted thing ("North Korean
  troops") that changed, both stated inside one article (``Quantity.revises``,
  "up from 3,000") and seen across articles over time.
* :func:`contradictions`: statements about one proposition whose sources take
  opposite stances: a denial ("fake news") against assertions or reports, with
  the softer stances (not denied, not confirmed) listed beside them. Two
  statements are about one proposition when their content words overlap
  (after light stemming and the synonyms in ``data/proposition_terms.json``):
  at least two shared terms and at least half of the shorter statement's terms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.crossdoc.entities import Resolution, fold
from newsgraph.crossdoc.models import (
    Contradiction,
    GlobalEntity,
    Position,
    Ref,
    Revision,
    Story,
    TimelineEntry,
)
from newsgraph.data import read_text
from newsgraph.schema import Document, Event, Quantity, Quote, Status

_WORD = re.compile(r"[^\W_]+")
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
POSITIVE: frozenset[str] = frozenset({"asserted", "confirmed", "reported"})
DENIAL: frozenset[str] = frozenset({"denied"})
MIN_SHARED = 2
MIN_OVERLAP = 0.5


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], frozenset[str]]:
    text = read_text("proposition_terms.json")
    data = json.loads(text)
    return dict(data["synonyms"]), frozenset(data["ignore"])


def stem(word: str) -> str:
    """A light suffix fold: "deployments", "deployed" -> "deploy"; "troops" -> "troop"."""
    word = word.lower()
    for suffix, keep in (("ments", 5), ("ment", 5), ("ies", 4), ("ed", 5), ("ing", 5)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _terms(text: str, *, names: bool) -> frozenset[str]:
    synonyms, ignore = _lexicon()
    found = set()
    for word in _WORD.findall(text):
        if names != word[:1].isupper():
            continue
        word = word.lower()
        if word in STOP_WORDS or word in ignore or len(word) < 2 or word.isdigit():
            continue
        term = stem(word)
        term = synonyms.get(term, synonyms.get(word, term))
        if term not in ignore:
            found.add(term)
    return frozenset(found)


def content_terms(text: str) -> frozenset[str]:
    """What a statement is about: its content words, stemmed and folded to synonyms."""
    return _terms(text, names=False) | _terms(text, names=True)


def name_terms(text: str) -> frozenset[str]:
    """The terms that come from capitalised words: names, not predicates."""
    return _terms(text, names=True) - _terms(text, names=False)


def same_proposition(a: frozenset[str], b: frozenset[str],
                     names: frozenset[str] = frozenset()) -> bool:
    """Enough shared terms, and not only shared names ("North Korean" alone is no claim)."""
    shared = a & b
    return len(shared) >= MIN_SHARED and len(shared) >= MIN_OVERLAP * min(len(a), len(b)) \
        and bool(shared - names)


def _calendar(value: str | None) -> str | None:
    if value and (m := _CALENDAR.match(value)):
        return m.group(0)
    return None


def _when(item_time: str | None, published: str | None) -> tuple[str | None, str]:
    if day := _calendar(item_time):
        return day, "item"
    if day := _calendar(published):
        return day, "published"
    return None, "none"


# ---------------------------------------------------------------- statements


@dataclass
class Statement:
    """A quote or an event with its stance, in one article."""

    article: str
    published: str | None
    kind: str  # "quote" | "event"
    text: str
    span: tuple[int, int]
    source: str | None
    source_key: str | None  # global identity (or folded name) of the source
    status: Status
    time: str | None
    terms: frozenset[str]
    names: frozenset[str] = frozenset()


def _source_key(doc: Document, name: str | None, entity_id: str | None,
                resolution: Resolution | None) -> str | None:
    if resolution is not None and entity_id:
        if key := resolution.global_id(doc.id, entity_id):
            return key
    return fold(name) if name else None


def _quote_statement(doc: Document, quote: Quote, resolution: Resolution | None) -> Statement:
    speaker = quote.speaker
    name = speaker.name if speaker else None
    entity_id = speaker.entity_id if speaker else None
    return Statement(doc.id, doc.published, "quote", quote.text, quote.span,
                     _display(name, entity_id, doc, resolution),
                     _source_key(doc, name, entity_id, resolution), quote.status,
                     quote.time, content_terms(quote.text), name_terms(quote.text))


def _event_statement(doc: Document, event: Event, resolution: Resolution | None) -> Statement:
    source = event.source or event.actor
    # an event's evidence is its trigger ("deployed"); what it is about includes its
    # actor, target and place ("North Korean military units", "Russia's Kursk region")
    about = " ".join(x for x in (event.actor, event.text, event.target, event.location) if x)
    return Statement(doc.id, doc.published, "event", event.text, event.span, source,
                     _source_key(doc, source, None, resolution), event.status, event.time,
                     content_terms(about), name_terms(about))


def _display(name: str | None, entity_id: str | None, doc: Document,
             resolution: Resolution | None) -> str | None:
    if resolution is not None and entity_id:
        if key := resolution.global_id(doc.id, entity_id):
            return resolution.get(key).name
    return name


def statements(docs: Iterable[Document], resolution: Resolution | None = None
               ) -> list[Statement]:
    found = []
    for doc in docs:
        found.extend(_quote_statement(doc, q, resolution) for q in doc.quotes)
        # an event on a quote's cue ("denied") is the act of saying it, not a claim
        cues = [q.cue.span for q in doc.quotes if q.cue is not None]
        found.extend(_event_statement(doc, e, resolution) for e in doc.events
                     if not any(s < e.span[1] and e.span[0] < t for s, t in cues))
    return found


# ---------------------------------------------------------------- contradictions


def _position(s: Statement) -> Position:
    return Position(source=s.source, status=s.status, kind=s.kind,  # type: ignore[arg-type]
                    evidence=Ref(article=s.article, text=s.text, span=s.span),
                    published=s.published)


def contradictions(docs: Iterable[Document], resolution: Resolution | None = None,
                   story_of: Mapping[str, str] | None = None) -> list[Contradiction]:
    """Denials set against assertions about the same proposition by other sources.

    With ``story_of`` (article id -> story id) statements are only compared within
    one story, as a reader would: a denial answers claims about the same event.
    """
    items = statements(docs, resolution)
    story = {s.article: story_of.get(s.article, s.article) for s in items} \
        if story_of is not None else None
    groups: list[set[int]] = []
    for i, anchor in enumerate(items):
        if anchor.status not in DENIAL or not anchor.terms:
            continue
        group = {i} | {j for j, other in enumerate(items) if j != i and (
            story is None or story[other.article] == story[anchor.article]) and
            same_proposition(anchor.terms, other.terms, anchor.names | other.names)}
        opposed = [j for j in group if items[j].status in POSITIVE
                   and items[j].source_key != anchor.source_key]
        if opposed:
            groups.append(group)
    merged: list[set[int]] = []
    for group in groups:  # denials of one proposition share their evidence
        overlapping = [g for g in merged if g & group]
        for g in overlapping:
            group |= g
            merged.remove(g)
        merged.append(group)
    result = []
    for group in merged:
        group = _drop_restated(group, items)
        members = sorted(group, key=lambda j: (_when(items[j].time, items[j].published)[0]
                                               or "", items[j].article, items[j].span))
        denials = [items[j] for j in members if items[j].status in DENIAL]
        core = frozenset.intersection(*(d.terms for d in denials))
        positive = [items[j] for j in members if items[j].status in POSITIVE]
        shared = sorted(core & frozenset.union(*(p.terms for p in positive))) or sorted(core)
        # the assertion closest to what was denied states the proposition
        stated = max(positive, key=lambda p: (len(p.terms & core), p.kind == "quote",
                                              -len(p.text)))
        result.append(Contradiction(
            proposition=stated.text,
            terms=shared, positions=[_position(items[j]) for j in members]))
    return result


def _drop_restated(group: set[int], items: list[Statement]) -> set[int]:
    """An event inside a quote, from the same source with the same stance, restates it."""
    quotes = [items[j] for j in group if items[j].kind == "quote"]
    kept = set()
    for j in group:
        s = items[j]
        if s.kind == "event" and any(
                q.article == s.article and q.span[0] <= s.span[0] and s.span[1] <= q.span[1]
                and q.source_key == s.source_key and q.status == s.status for q in quotes):
            continue
        kept.add(j)
    return kept


# ---------------------------------------------------------------- revisions


def counted_key(counted: str | None) -> str | None:
    if not counted:
        return None
    terms = content_terms(counted)
    return " ".join(sorted(terms)) or None


def _ref(doc: Document, q: Quantity) -> Ref:
    return Ref(article=doc.id, text=q.text, span=q.span)


Point = tuple[str, str, Document, Quantity]  # (time, published, article, figure)


def _within(doc: Document, key_of: dict[int, str | None]) -> list[Revision]:
    found = []
    for q in doc.quantities:
        old = q.revises
        key = key_of[id(q)]
        if key and q.value is not None and old is not None and old.value is not None \
                and old.value != q.value:
            found.append(Revision(
                counted=q.counted or key, unit=q.unit, old_value=old.value, new_value=q.value,
                old_time=_when(old.time, doc.published)[0],
                new_time=_when(q.time, doc.published)[0], old=_ref(doc, old), new=_ref(doc, q),
                source=q.source, within_article=True))
    return found


def _current_figures(doc: Document, key_of: dict[int, str | None]
                     ) -> dict[tuple[str, str | None], Point]:
    """Per counted thing, the article's one current figure (none when it gives several)."""
    revised = {(key_of[id(q)], q.unit, q.revises.value) for q in doc.quantities
               if q.revises is not None}
    figures: dict[tuple[str, str | None], list[Quantity]] = {}
    for q in doc.quantities:
        key = key_of[id(q)]
        if key and q.value is not None and (key, q.unit, q.value) not in revised:
            figures.setdefault((key, q.unit), []).append(q)
    current = {}
    for slot, qs in figures.items():
        if len({q.value for q in qs}) == 1:  # several figures: which one moved is unknown
            q = qs[0]
            current[slot] = (_when(q.time, doc.published)[0] or "", doc.published or "", doc, q)
    return current


def _specific(key: str, old: Quantity, new: Quantity) -> bool:
    """A revision across articles needs a specific counted thing or the same source."""
    same_source = bool(old.source and new.source and fold(old.source) == fold(new.source))
    return len(key.split()) >= 2 or same_source


def revisions(docs: Iterable[Document], story_of: Mapping[str, str] | None = None
              ) -> list[Revision]:
    """Changed figures for one counted thing, inside articles and across them over time.

    Inside an article only what it states (``Quantity.revises``: "up from 3,000").
    Across articles: each article's single current figure for a counted thing,
    in time order; a changed value is a revision when the counted thing is
    specific ("North Korean troops", not "people") or both figures have one
    source. With ``story_of`` (article id -> story id, from the clusterer) only
    articles of one story are compared: "60 people killed" in one flood and "90
    people killed" in another are two events.
    """
    found: list[Revision] = []
    series: dict[tuple[str, str, str | None], list[Point]] = {}
    for doc in docs:
        key_of = {id(q): counted_key(q.counted) for q in doc.quantities}
        found.extend(_within(doc, key_of))
        story = story_of.get(doc.id, doc.id) if story_of is not None else ""
        for (key, unit), point in _current_figures(doc, key_of).items():
            series.setdefault((story, key, unit), []).append(point)
    seen = {(r.counted, r.unit, r.old_value, r.new_value) for r in found}
    for (_story, key, unit), points in series.items():
        points.sort(key=lambda p: (p[0], p[1]))
        for previous, point in zip(points, points[1:], strict=False):
            old_q, q = previous[3], point[3]
            signature = (q.counted or key, unit, old_q.value, q.value)
            if old_q.value == q.value or signature in seen or not _specific(key, old_q, q):
                continue
            seen.add(signature)  # type: ignore[arg-type]
            found.append(Revision(
                counted=q.counted or key, unit=unit, old_value=old_q.value,  # type: ignore
                new_value=q.value, old_time=previous[0] or None,  # type: ignore
                new_time=point[0] or None, old=_ref(previous[2], old_q), new=_ref(point[2], q),
                source=q.source, within_article=False))
    return found


# ---------------------------------------------------------------- timelines


SHORT_NAME = 3  # "US", "UN", "EU": matched as written, or they match "us", "un"...


def _mentions(text: str | None, names: Sequence[str]) -> bool:
    """Whether ``text`` names one of ``names`` (short names case-sensitively)."""
    if not text:
        return False
    folded = f" {fold(text)} "
    for name in names:
        if len(name) <= SHORT_NAME:
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                return True
        elif f" {fold(name)} " in folded:
            return True
    return False


def _entity_names(entity: GlobalEntity | str, resolution: Resolution | None) -> list[str]:
    if isinstance(entity, GlobalEntity):
        return sorted({entity.name, *entity.aliases})
    if resolution is not None:
        matches = resolution.find(entity)
        if matches:
            return sorted({n for e in matches for n in [e.name, *e.aliases]})
    return [entity]


def timeline(docs: Iterable[Document], *, entity: GlobalEntity | str | None = None,
             story: Story | None = None, resolution: Resolution | None = None
             ) -> list[TimelineEntry]:
    """Quotes, quantities and events about ``entity`` (or in ``story``), in time order.

    An item is about the entity when its speaker, source, actor or target is the
    entity or when its text names it; with ``story`` every item of its articles
    counts; with neither, every item.
    """
    docs = list(docs)
    if story is not None:
        wanted = set(story.articles)
        docs = [d for d in docs if d.id in wanted]
    names = _entity_names(entity, resolution) if entity is not None else None
    target_id = entity.id if isinstance(entity, GlobalEntity) else None
    entries = []
    for doc in docs:
        for q in doc.quotes:
            speaker = q.speaker.name if q.speaker else None
            shown = _display(speaker, q.speaker.entity_id if q.speaker else None, doc,
                             resolution)
            is_speaker = bool(target_id and resolution and q.speaker and
                              resolution.global_id(doc.id, q.speaker.entity_id) == target_id)
            if names is None or is_speaker or _mentions(speaker, names) \
                    or _mentions(q.text, names):
                entries.append(_entry(doc, "quote", q.text, q.span, q.time, shown,
                                      status=q.status))
        for n in doc.quantities:
            if names is None or any(_mentions(x, names) for x in (n.counted, n.source, n.text)):
                entries.append(_entry(doc, "quantity", n.text, n.span, n.time, n.source,
                                      value=n.value, counted=n.counted))
        for e in doc.events:
            if names is None or any(_mentions(x, names)
                                    for x in (e.actor, e.target, e.source, e.text)):
                entries.append(_entry(doc, "event", e.text, e.span, e.time,
                                      e.source or e.actor, status=e.status))
    entries.sort(key=lambda e: (e.time or "9999", e.published or "", e.article, e.span))
    return entries


def _entry(doc: Document, kind: str, text: str, span: tuple[int, int], item_time: str | None,
           source: str | None, **extra) -> TimelineEntry:
    when, origin = _when(item_time, doc.published)
    return TimelineEntry(time=when, time_source=origin, kind=kind,  # type: ignore[arg-type]
                         article=doc.id, published=doc.published, text=text, span=span,
                         source=source, **extra)
