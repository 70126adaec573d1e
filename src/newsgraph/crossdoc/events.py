"""Events counted once: per-article event mentions grouped into real-world events.

An article usually mentions one happening several times ("launched a strike",
"killing seven", "the attack"), and many articles report it. Mentions are
grouped greedily, within one story (from :mod:`newsgraph.crossdoc.clusters`):
a mention joins an event when

* its PLOVER type is the event's type;
* its day is compatible: no calendar day, or one that is a prefix of the
  event's day or has it as a prefix ("2024" and "2024-03-12");
* its actors are compatible: no known actor, or one shared key with the
  event's actors (a global identity of a named actor, or the ISO country of
  its actor code: "Russian forces" RUSMIL and "Russia" RUS are one side);
* its named targets of type PERSON or ORG, when both sides have some, share one;
* to join an event of another article, it also shares something with the
  event: an actor, a named target, the full day, or the trigger's stem.

Story clusters miss some reports (a short article about the same strike), so
a mention also joins an event of another story when it shares the type, the
full calendar day, an actor and a place with it: a city, region or site (not
a country) named in the sentence of the mention. Inside a story places are
not compared: without a gazetteer of what lies inside what, a district and
its city ("Saltivskyi", "Kharkiv") would split one event.

Mentions with a day and an actor are placed first, so a vague mention joins
the specific event it refers to, preferring one its own article already
reports, instead of chaining two different events together. A mention with
neither a day nor a known actor ("the attack", "176 people were killed") only
joins an event of its own article: across articles it could be any event of
the story.

Each article that mentions an event is one report; a report whose article is
a near-duplicate (MinHash, the clusterer's test) of an earlier article is a
syndicated copy, not an independent report. A report's outlet is the host of
its article's URL.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsgraph.crossdoc.claims import stem
from newsgraph.crossdoc.clusters import cluster_stories
from newsgraph.crossdoc.entities import Resolution, fold, resolve_entities
from newsgraph.crossdoc.models import Assignment, EventReport, Ref, WorldEvent
from newsgraph.gazetteer import country_code
from newsgraph.schema import Document, Event

_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
# actor-code prefixes that are sectors or international bodies, not countries
NOT_COUNTRY = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "REF", "CVL", "BUS", "LAB",
               "EDU", "MED", "JRN", "SPY", "PTY", "REL", "CRM", "ELI", "IGO", "NGO", "IMG"}
# entity types that name a side of an event (a place is where, not who)
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
TARGET_TYPES = {"PERSON", "ORG"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def outlet(url: str | None) -> str | None:
    """The outlet of an article: its URL's host without ``www.``."""
    if not url:
        return None
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host.removeprefix("www.") or None


def day(value: str | None) -> str | None:
    match = _CALENDAR.match(value) if value else None
    return match.group(0) if match else None


def _compatible_days(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


@dataclass
class _Mention:
    article: str
    event: Event
    story: str
    day: str | None
    actors: frozenset[str]
    targets: frozenset[str]
    places: frozenset[str]
    trigger: str = ""


def _agree(a: Set[str], b: Set[str]) -> bool:
    """Unknown on either side, or one shared key."""
    return not a or not b or not a.isdisjoint(b)


@dataclass
class _Group:
    type: str
    stories: set[str]
    day: str | None = None
    actors: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    triggers: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    mentions: list[_Mention] = field(default_factory=list)

    def accepts(self, m: _Mention) -> bool:
        return (m.event.type == self.type and _compatible_days(self.day, m.day)
                and _agree(m.actors, self.actors) and _agree(m.targets, self.targets))

    def evidenced(self, m: _Mention) -> bool:
        """Something shared beyond compatibility, to join another article's event: an
        actor, a named target, the full day, or the trigger's stem ("struck", "strike")."""
        return (not m.actors.isdisjoint(self.actors) or not m.targets.isdisjoint(self.targets)
                or (m.day is not None and len(m.day) == 10 and m.day == self.day)
                or m.trigger in self.triggers)

    def anchored(self, m: _Mention) -> bool:
        """Same full day, a shared actor and a shared place: one event across stories."""
        return (m.event.type == self.type and m.day is not None and len(m.day) == 10
                and self.day is not None and self.day[:10] == m.day
                and not m.actors.isdisjoint(self.actors) and not m.places.isdisjoint(self.places)
                and _agree(m.targets, self.targets))

    def add(self, m: _Mention) -> None:
        self.mentions.append(m)
        self.stories.add(m.story)
        if m.day and (self.day is None or len(m.day) > len(self.day)):
            self.day = m.day  # the most precise day stated
        self.actors |= m.actors
        self.targets |= m.targets
        self.places |= m.places
        self.triggers.add(m.trigger)
        self.articles.add(m.article)


Names = list[tuple[str, str, str]]  # (entity type, " folded name ", identity)


def _names_of(doc: Document, resolution: Resolution) -> Names:
    """The document's entities, folded once: fold() is the slow part of matching."""
    found = []
    for entity in doc.entities:
        if entity.name:
            key = fold(entity.name)
            found.append((entity.type, f" {key} ",
                          resolution.global_id(doc.id, entity.id) or f"name:{key}"))
    return found


def _named(names: Names, phrase: str | None, types: set[str]) -> set[str]:
    """Identities of the document's entities named inside ``phrase``."""
    if not phrase:
        return set()
    folded = f" {fold(phrase)} "
    return {key for type_, name, key in names if type_ in types and name in folded}


def _country(code: str | None) -> set[str]:
    if code and len(code) >= 3 and code[:3].isalpha() and code[:3] not in NOT_COUNTRY:
        return {f"country:{code[:3]}"}
    return set()


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _places(doc: Document, resolution: Resolution) -> list[tuple[int, str]]:
    """(offset, identity) of every mention of a place below the country level."""
    found = []
    for entity in doc.entities:
        if entity.type in PLACE_TYPES and not country_code(entity.name):
            key = resolution.global_id(doc.id, entity.id) or f"name:{fold(entity.name)}"
            found.extend((m.span[0], key) for m in entity.mentions)
    return found


def _mentions(doc: Document, story: str, resolution: Resolution) -> list[_Mention]:
    sentences, places = _sentences(doc.text), _places(doc, resolution)
    names = _names_of(doc, resolution)
    found = []
    for e in doc.events:
        start, end = next(((a, b) for a, b in sentences if a <= e.span[0] < b), e.span)
        found.append(_Mention(
            doc.id, e, story, day(e.time),
            frozenset(_named(names, e.actor, ACTOR_TYPES) | _country(e.actor_code)),
            frozenset(_named(names, e.target, TARGET_TYPES)),
            frozenset(key for offset, key in places if start <= offset < end),
            stem(e.text.split()[-1]) if e.text.split() else ""))
    return found


def _group(mentions: list[_Mention]) -> list[_Group]:
    # specific mentions first: they found the events vague ones then join
    order = sorted(range(len(mentions)), key=lambda i: (
        mentions[i].day is None, not mentions[i].actors, i))
    groups: list[_Group] = []
    by_slot: dict[tuple[str, str], list[_Group]] = {}  # (story, type) -> its events
    by_day: dict[tuple[str, str], list[_Group]] = {}  # (type, day) -> events, any story
    for i in order:
        m = mentions[i]
        vague = m.day is None and not m.actors
        fits = [g for g in by_slot.get((m.story, m.event.type), []) if g.accepts(m) and (
            m.article in g.articles or (not vague and g.evidenced(m)))]
        if not fits and m.day:
            fits = [g for g in by_day.get((m.event.type, m.day[:10]), []) if g.anchored(m)]
        if fits:
            # the event this article already reports, else the most reported one
            best = max(fits, key=lambda g: (m.article in g.articles, len(g.articles)))
        else:
            best = _Group(m.event.type, set())
            groups.append(best)
        before = (set(best.stories), best.day)
        best.add(m)
        if m.story not in before[0]:
            by_slot.setdefault((m.story, m.event.type), []).append(best)
        if best.day and len(best.day) >= 10 and best.day != before[1]:
            by_day.setdefault((best.type, best.day[:10]), []).append(best)
    return groups


def _event_id(group: _Group) -> str:
    first = min(group.mentions, key=lambda m: (m.article, m.event.span))
    raw = f"{group.type}\0{first.article}\0{first.event.span}"
    return "w" + hashlib.sha256(raw.encode()).hexdigest()[:12]


def _names(values: Iterable[str | None]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(fold(value), value)
    return sorted(seen.values())


def _common(values: Iterable[str | None]) -> str | None:
    """The name most mentions use (the shortest among equals: "Russia" over "Russian forces"),
    a capitalised one when there is one ("Pakistan" over "who")."""
    found = [v for v in values if v]
    counts = Counter(v for v in found if v[:1].isupper()) or Counter(found)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], len(v), v))


def _world_event(group: _Group, docs: Mapping[str, Document],
                 copies: Mapping[str, tuple[str, float]]) -> WorldEvent:
    reports: dict[str, EventReport] = {}
    # in each report, the mentions with a day and an actor come first: the best evidence
    for m in sorted(group.mentions, key=lambda m: (m.article, m.day is None, not m.actors,
                                                   m.event.span)):
        doc = docs[m.article]
        report = reports.get(m.article)
        if report is None:
            copy_of, similarity = copies.get(m.article, (None, 0.0))
            report = reports[m.article] = EventReport(
                article=m.article, outlet=outlet(doc.url), published=doc.published,
                copy_of=copy_of, similarity=similarity)
        report.mentions.append(Ref(article=m.article, text=m.event.text, span=m.event.span))
    ordered = sorted(reports.values(), key=lambda r: (r.published or "", r.article))
    events = [m.event for m in group.mentions]
    actors = _names(e.actor for e in events)
    targets = _names(e.target for e in events)
    label = " ".join(x for x in (_common(e.actor for e in events), group.type.lower(),
                                 _common(e.target for e in events)) if x)
    first_story = next(m.story for m in sorted(
        group.mentions, key=lambda m: (docs[m.article].published or "", m.article)))
    return WorldEvent(id=_event_id(group), type=group.type, story=first_story,
                      time=group.day, actors=actors, targets=targets,
                      locations=_names(e.location for e in events), label=label,
                      reports=ordered)


def _copies(assignments: Iterable[Assignment]) -> dict[str, tuple[str, float]]:
    """Article -> (the first article of its near-duplicate chain, similarity)."""
    direct = {a.article: (a.duplicate_of, a.similarity) for a in assignments
              if a.duplicate_of is not None}
    roots = {}
    for article, (original, similarity) in direct.items():
        seen = {article}
        while original in direct and original not in seen:
            seen.add(original)
            original = direct[original][0]
        roots[article] = (original, similarity)
    return roots


def world_events(docs: Iterable[Document], resolution: Resolution | None = None,
                 assignments: Iterable[Assignment] | None = None) -> list[WorldEvent]:
    """Real-world events with their reports, most reported first.

    ``docs`` come in arrival (publication) order; ``resolution`` and
    ``assignments`` (from :func:`resolve_entities` and :func:`cluster_stories`)
    are computed here when not given.
    """
    docs = list(docs)
    if resolution is None:
        resolution = resolve_entities(docs)
    if assignments is None:
        assignments = cluster_stories(docs)[1]
    assignments = list(assignments)
    story_of = {a.article: a.story for a in assignments}
    mentions = [m for doc in docs
                for m in _mentions(doc, story_of.get(doc.id, doc.id), resolution)]
    by_id = {doc.id: doc for doc in docs}
    copies = _copies(assignments)
    found = [_world_event(g, by_id, copies) for g in _group(mentions)]
    found.sort(key=lambda w: (-len(w.reports), w.time or "", w.id))
    return found
