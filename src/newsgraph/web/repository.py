"""The read interface the web layer talks to, and an implementation over documents.

The web app only calls the methods of :class:`Repository`. :class:`DocumentRepository`
answers them from analyzed :class:`~newsgraph.schema.Document` objects and the
cross-article library (:mod:`newsgraph.crossdoc`): entity resolution, story
clusters, revisions and contradictions. It filters and pages in Python; the
store, when it answers a query itself, does so with parameterized SQL.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Protocol, TypeVar
from urllib.parse import quote, urlparse

from newsgraph.crossdoc import claims
from newsgraph.crossdoc.clusters import cluster_stories
from newsgraph.crossdoc.entities import Resolution, fold, resolve_entities
from newsgraph.crossdoc.events import world_events
from newsgraph.crossdoc.models import (
    Assignment,
    Contradiction,
    GlobalEntity,
    Ref,
    Revision,
    Story,
    TimelineEntry,
    WorldEvent,
)
from newsgraph.schema import Document, Event
from newsgraph.web.models import (
    NETWORK_NODES,
    ArticleSummary,
    Edge,
    EntityDetail,
    EntitySummary,
    EventRow,
    QuantityRow,
    QuoteRow,
    SearchHit,
    WorldEventRow,
    best_connected,
)

T = TypeVar("T")
Rows = tuple[int, list[T]]


class Repository(Protocol):
    """Everything the API and pages read. Lists return (total, page)."""

    def articles(self, *, q: str | None = None, story: str | None = None,
                 limit: int = 50, offset: int = 0, since: str | None = None,
                 until: str | None = None, outlet: str | None = None
                 ) -> Rows[ArticleSummary]: ...
    def article_facets(self, *, q: str | None = None, story: str | None = None,
                       since: str | None = None, until: str | None = None,
                       outlet: str | None = None, top: int = 12
                       ) -> dict[str, list[tuple[str, int]]]: ...
    def article(self, article_id: str) -> Document | None: ...
    def titles(self, article_ids: Iterable[str]) -> dict[str, str]: ...
    def summaries(self, article_ids: Iterable[str]) -> list[ArticleSummary]: ...
    def anchor(self, article_id: str, span: tuple[int, int] | None) -> str: ...
    def anchors(self, refs: Iterable[tuple[str, tuple[int, int] | None]]
                ) -> dict[tuple[str, tuple[int, int] | None], str]: ...
    def context(self, ref: Ref) -> tuple[str, str, str]: ...
    def story_articles(self, story_id: str) -> list[ArticleSummary]: ...
    def entities(self, *, name: str | None = None, type: str | None = None,
                 limit: int = 50, offset: int = 0) -> Rows[EntitySummary]: ...
    def entity(self, entity_id: str) -> EntityDetail | None: ...
    def entity_of(self, article_id: str, local_id: str | None) -> str | None: ...
    def quotes(self, *, speaker: str | None = None, status: str | None = None,
               kind: str | None = None, article: str | None = None,
               limit: int = 50, offset: int = 0,
               attribution_kinds: tuple[str, ...] | None = None) -> Rows[QuoteRow]: ...
    def quantities(self, *, article: str | None = None, counted: str | None = None,
                   unit: str | None = None, limit: int = 50, offset: int = 0
                   ) -> Rows[QuantityRow]: ...
    def events(self, *, type: str | None = None, status: str | None = None,
               article: str | None = None, limit: int = 50, offset: int = 0
               ) -> Rows[EventRow]: ...
    def stories(self, *, limit: int = 50, offset: int = 0) -> Rows[Story]: ...
    def story(self, story_id: str) -> Story | None: ...
    def story_of(self, article_id: str) -> str | None: ...
    def timeline(self, story_id: str) -> list[TimelineEntry]: ...
    def revisions(self, *, story: str | None = None, limit: int = 50, offset: int = 0
                  ) -> Rows[Revision]: ...
    def contradictions(self, *, story: str | None = None, limit: int = 50, offset: int = 0
                       ) -> Rows[Contradiction]: ...
    def search(self, q: str, *, limit: int = 50, offset: int = 0) -> Rows[SearchHit]: ...
    def event_places(self, *, type: str | None = None, status: str | None = None,
                     since: str = "", until: str = "", limit: int = 500
                     ) -> list[tuple[str, str, int]]: ...
    def world_events(self, *, type: str | None = None, story: str | None = None,
                     min_reports: int = 1, limit: int = 50, offset: int = 0
                     ) -> Rows[WorldEventRow]: ...
    def network(self, *, relation: str | None = None, name: str | None = None,
                nodes: int = NETWORK_NODES) -> Rows[Edge]: ...


NAMED_TYPES = ("PERSON", "ORG", "GPE", "NORP")


def network_edges(repo: Repository) -> list[Edge]:
    """Who speaks about whom (a named speaker's quotation mentions another entity) and
    who acts on whom (an event's actor and target), each edge with its evidence."""
    edges: dict[tuple[str, str, str], Edge] = {}

    def add(source: str, target: str, relation: str, href: str, text: str) -> None:
        if source.lower() == target.lower():
            return
        edge = edges.setdefault((source, target, relation), Edge(source, target, relation))
        edge.evidence.append((href, text))

    _, events = repo.events(limit=10**6)
    for e in events:
        if named_party(e.actor) and named_party(e.target):
            add(e.actor, e.target, "acts on",
                f"/articles/{quote(e.article, safe='')}#event-{e.index}", f"{e.type}: {e.text}")
    _, quotes = repo.quotes(limit=10**6)
    docs: dict = {}
    for q in quotes:
        if not (q.speaker_entity and q.speaker):
            continue
        doc = docs.setdefault(q.article, repo.article(q.article))
        if doc is None:
            continue
        start, end = q.span
        for entity in doc.entities:
            if entity.type in NAMED_TYPES and entity.id != q.speaker.entity_id and any(
                    start <= m.span[0] and m.span[1] <= end for m in entity.mentions):
                add(q.speaker.name, entity.name, "speaks about",
                    f"/articles/{quote(q.article, safe='')}#quote-{q.index}", q.text)
    return sorted(edges.values(), key=lambda e: -len(e.evidence))


def named_party(party: str | None) -> bool:
    """A party worth a node: a name ("Kremlin"), not a pronoun or noun ("them", "reports")."""
    return bool(party) and party[:1].isupper()  # type: ignore[index]


def top_edges(edges: list[Edge], relation: str | None, name: str | None, nodes: int
              ) -> Rows[Edge]:
    """(links matching the filters, those among the ``nodes`` best-connected names)."""
    kept = [e for e in edges if (not relation or e.relation == relation)
            and (not name or name.lower() in f"{e.source} {e.target}".lower())]
    top = set(best_connected(kept, nodes))
    return len(kept), [e for e in kept if e.source in top and e.target in top]


def in_day_range(day: str | None, since: str | None, until: str | None) -> bool:
    """Whether a calendar value is within [since, until] (inclusive prefixes)."""
    if not since and not until:
        return True
    if not day or not day[:1].isdigit():
        return False
    return not (since and day[:len(since)] < since) and not (until and day[:len(until)] > until)


def evidence_anchor(doc: Document | None, span) -> str:
    """The id of the mark in the article page that shows ``span`` (quote, event or number)."""
    if doc is None or span is None:
        return ""
    span = tuple(span)
    for prefix, items in (("quote", doc.quotes), ("event", doc.events),
                          ("qty", doc.quantities)):
        for i, item in enumerate(items):
            if tuple(item.span) == span:
                return f"{prefix}-{i}"
    for i, item in enumerate(doc.quotes):  # evidence inside a quote: point at the quote
        if item.span[0] <= span[0] and span[1] <= item.span[1]:
            return f"quote-{i}"
    return ""


_BOUNDARY = (". ", ".\n", "\n", "? ", "! ")


def evidence_context(doc: Document | None, ref: Ref, width: int = 240
                     ) -> tuple[str, str, str]:
    """(before, evidence, after): the evidence inside its sentence, for reading it in place."""
    if doc is None or ref.span is None:
        return "", ref.text, ""
    return sentence_around(doc.text, *ref.span, width)


def sentence_around(text: str, start: int, end: int, width: int = 240
                    ) -> tuple[str, str, str]:
    """(before, text[start:end], after): the piece inside its sentence, at most ``width``
    characters either side."""
    left = max((text.rfind(b, max(0, start - width), start) for b in _BOUNDARY), default=-1)
    left = max(0, start - width) if left < 0 else left + 1
    rights = [i for b in _BOUNDARY if (i := text.find(b, end, end + width)) >= 0]
    right = min(rights) + 1 if rights else min(len(text), end + width)
    return text[left:start].lstrip(), text[start:end], text[end:right]


def page(rows: Sequence[T], limit: int, offset: int) -> Rows[T]:
    return len(rows), list(rows[offset:offset + limit])


def _contains(haystack: str | None, needle: str | None) -> bool:
    return needle is None or (haystack is not None and needle.casefold() in haystack.casefold())


def has_words(haystack: str | None, needle: str | None) -> bool:
    """``needle`` as whole words of ``haystack`` ("Putin" is not in "Computing")."""
    return word_matcher(needle)(haystack)


def word_matcher(needle: str | None):  # noqa: ANN201 - a predicate
    """:func:`has_words` with ``needle`` compiled once, for testing many haystacks."""
    if needle is None:
        return lambda haystack: True
    search = re.compile(rf"(?<!\w){re.escape(needle.strip())}(?!\w)", re.IGNORECASE).search
    return lambda haystack: haystack is not None and search(haystack) is not None


def outlet_of(url: str | None) -> str | None:
    """The outlet of an article: its address's host name, without "www."."""
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def snippet(text: str, needle: str, width: int = 80) -> str:
    at = text.casefold().find(needle.casefold())
    if at < 0:
        return text[:2 * width]
    start = max(0, at - width)
    return ("…" if start else "") + text[start:at + len(needle) + width] + (
        "…" if at + len(needle) + width < len(text) else "")


class DocumentRepository:
    """A :class:`Repository` over a list of analyzed documents (read-only)."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.docs: dict[str, Document] = {}
        for doc in documents:
            self.docs.setdefault(doc.id, doc)

    # ------------------------------------------------------------ derived data

    @cached_property
    def resolution(self) -> Resolution:
        return resolve_entities(self.docs.values())

    @cached_property
    def _clusters(self) -> tuple[list[Story], list[Assignment]]:
        return cluster_stories(self.docs.values())

    @cached_property
    def _stories(self) -> list[Story]:
        return self._clusters[0]

    @cached_property
    def _world_events(self) -> list[WorldEvent]:
        return world_events(self.docs.values(), self.resolution, self._clusters[1])

    @cached_property
    def _story_of(self) -> dict[str, str]:
        return {a: s.id for s in self._stories for a in s.articles}

    @cached_property
    def _quotes(self) -> list[QuoteRow]:
        rows = []
        for doc in self.docs.values():
            for i, q in enumerate(doc.quotes):
                speaker = q.speaker.entity_id if q.speaker else None
                rows.append(QuoteRow(**q.model_dump(), article=doc.id, index=i,
                                     speaker_entity=self.entity_of(doc.id, speaker)))
        return rows

    @cached_property
    def _revisions(self) -> list[Revision]:
        return claims.revisions(self.docs.values())

    @cached_property
    def _contradictions(self) -> list[Contradiction]:
        return claims.contradictions(self.docs.values(), self.resolution)

    # ------------------------------------------------------------ articles

    def _summary(self, doc: Document) -> ArticleSummary:
        return ArticleSummary(id=doc.id, title=doc.title, url=doc.url, published=doc.published,
                              story=self._story_of.get(doc.id), chars=len(doc.text),
                              entities=len(doc.entities), quotes=len(doc.quotes),
                              quantities=len(doc.quantities), events=len(doc.events))

    def _matching(self, q, story, since, until, outlet) -> list[Document]:
        docs = [d for d in self.docs.values()
                if (story is None or self._story_of.get(d.id) == story)
                and (q is None or _contains(d.text, q) or _contains(d.title, q))
                and in_day_range(d.published, since, until)
                and (not outlet or outlet_of(d.url) == outlet)]
        docs.sort(key=lambda d: (d.published or "", d.id), reverse=True)
        return docs

    def articles(self, *, q=None, story=None, limit=50, offset=0, since=None, until=None,
                 outlet=None):
        total, rows = page(self._matching(q, story, since, until, outlet), limit, offset)
        return total, [self._summary(d) for d in rows]

    def article_facets(self, *, q=None, story=None, since=None, until=None, outlet=None,
                       top=12):
        docs = self._matching(q, story, since, until, outlet)
        fields = {"story": lambda d: self._story_of.get(d.id),
                  "outlet": lambda d: outlet_of(d.url),
                  "month": lambda d: (d.published or "")[:7] or None}
        return {name: Counter(v for d in docs if (v := get(d))).most_common(top)
                for name, get in fields.items()}

    def article(self, article_id):
        return self.docs.get(article_id)

    def titles(self, article_ids):
        return {a: d.title or a for a in set(article_ids) if (d := self.docs.get(a))}

    def summaries(self, article_ids):
        return [self._summary(d) for a in set(article_ids) if (d := self.docs.get(a))]

    def anchor(self, article_id, span):
        return evidence_anchor(self.docs.get(article_id), span)

    def anchors(self, refs):
        return {(a, tuple(s) if s else None): self.anchor(a, s) for a, s in refs}

    def context(self, ref):
        return evidence_context(self.docs.get(ref.article), ref)

    def story_articles(self, story_id):
        story = self.story(story_id)
        return [self._summary(d) for a in (story.articles if story else [])
                if (d := self.docs.get(a)) is not None]

    # ------------------------------------------------------------ entities

    def entity_of(self, article_id, local_id):
        return self.resolution.global_id(article_id, local_id)

    def _mentions(self, entity: GlobalEntity) -> int:
        count = 0
        for m in entity.members:
            doc = self.docs.get(m.article)
            local = next((e for e in doc.entities if e.id == m.entity), None) if doc else None
            count += len(local.mentions) if local else 0
        return count

    @cached_property
    def _said_counts(self) -> Counter[str]:
        return Counter(q.speaker_entity for q in self._quotes if q.speaker_entity)

    def _summary_entity(self, entity: GlobalEntity) -> EntitySummary:
        said = self._said_counts[entity.id]
        return EntitySummary(id=entity.id, name=entity.name, type=entity.type,
                             aliases=entity.aliases, articles=len(entity.articles),
                             mentions=self._mentions(entity), quotes=said)

    def entities(self, *, name=None, type=None, limit=50, offset=0):
        named = word_matcher(name)
        rows = [e for e in self.resolution.entities
                if (type is None or e.type == type)
                and (name is None or any(named(a) for a in [e.name, *e.aliases]))]
        summaries = sorted((self._summary_entity(e) for e in rows),
                           key=lambda s: (-s.mentions, s.name))
        return page(summaries, limit, offset)

    def _member_spans(self, entity: GlobalEntity) -> dict[str, list[tuple[int, int]]]:
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in entity.members:
            doc = self.docs.get(m.article)
            for local in (doc.entities if doc else []):
                if local.id == m.entity:
                    spans.setdefault(m.article, []).extend(x.span for x in local.mentions)
        return spans

    def warm(self) -> None:
        """Build now what entity pages read (the quotation rows, who said how much, the
        name index of timelines), so a server's first entity page is as fast as its next."""
        _ = self._said_counts, self.timeline_words

    @cached_property
    def timeline_words(self) -> dict[str, tuple[frozenset[str], str]]:
        """Per article: the folded words and the raw text of every field a timeline
        looks for names in (speakers, sources, actors, targets, what is counted, texts)."""
        index = {}
        for doc in self.docs.values():
            fields = [x for q in doc.quotes for x in (q.speaker.name if q.speaker else None,
                                                      q.text)]
            fields += [x for n in doc.quantities for x in (n.counted, n.source, n.text)]
            fields += [x for e in doc.events for x in (e.actor, e.target, e.source, e.text)]
            present = [x for x in fields if x]
            words = frozenset(w for x in present for w in fold(x).split())
            index[doc.id] = (words, "\n".join(present))
        return index

    def _may_name(self, entity: GlobalEntity) -> list[Document]:
        """The articles a timeline of ``entity`` can draw from: its own, and those with a
        field holding every word of one of its names (short names: the name as written).
        A superset of what :func:`claims.timeline` matches, so it finds the same items
        without folding every field of every article for each entity."""
        names = {entity.name, *entity.aliases}
        short = [n for n in names if len(n) <= claims.SHORT_NAME]
        long_words = [frozenset(fold(n).split()) for n in names if len(n) > claims.SHORT_NAME]
        own = set(entity.articles)
        index = self.timeline_words
        return [doc for doc in self.docs.values() if doc.id in own
                or any(w <= index[doc.id][0] for w in long_words)
                or any(n in index[doc.id][1] for n in short)]

    def entity(self, entity_id):
        try:
            entity = self.resolution.get(entity_id)
        except KeyError:
            return None
        said = [q for q in self._quotes if q.speaker_entity == entity_id]
        spans = self._member_spans(entity)
        about = [q for q in self._quotes if q.speaker_entity != entity_id and any(
            q.span[0] <= s <= e <= q.span[1] for s, e in spans.get(q.article, []))]
        names = {fold(a) for a in [entity.name, *entity.aliases]}
        events = [row for doc in self.docs.values() for i, e in enumerate(doc.events)
                  if (row := self._event_row(doc, i, e)).actor_entity == entity_id
                  or row.target_entity == entity_id
                  or (e.actor and fold(e.actor) in names) or (e.target and fold(e.target) in names)]
        timeline = claims.timeline(self._may_name(entity), entity=entity,
                                   resolution=self.resolution)
        return EntityDetail(entity=entity, said=said, said_about=about, events=events,
                            timeline=timeline)

    # ------------------------------------------------------------ extractions

    def quotes(self, *, speaker=None, status=None, kind=None, article=None, limit=50, offset=0,
               attribution_kinds=None):
        rows = [q for q in self._quotes
                if (status is None or q.status == status) and (kind is None or q.kind == kind)
                and (attribution_kinds is None or q.attribution_kind in attribution_kinds)
                and (article is None or q.article == article)
                and (speaker is None or q.speaker_entity == speaker
                     or (q.speaker is not None and _contains(q.speaker.name, speaker)))]
        return page(rows, limit, offset)

    def quantities(self, *, article=None, counted=None, unit=None, limit=50, offset=0):
        rows = [QuantityRow(**q.model_dump(), article=doc.id, index=i)
                for doc in self.docs.values() if article is None or doc.id == article
                for i, q in enumerate(doc.quantities)
                if _contains(q.counted, counted) and (unit is None or q.unit == unit)]
        return page(rows, limit, offset)

    def _event_row(self, doc: Document, index: int, event: Event) -> EventRow:
        """The event with its actor and target as global entities (their pages)."""
        return EventRow(**event.model_dump(), article=doc.id, index=index,
                        actor_entity=self.entity_of(doc.id, event.actor_entity_id),
                        target_entity=self.entity_of(doc.id, event.target_entity_id))

    def events(self, *, type=None, status=None, article=None, limit=50, offset=0):
        rows = [self._event_row(doc, i, e)
                for doc in self.docs.values() if article is None or doc.id == article
                for i, e in enumerate(doc.events)
                if (type is None or e.type == type) and (status is None or e.status == status)]
        return page(rows, limit, offset)

    def event_places(self, *, type=None, status=None, since="", until="", limit=500):
        """(place name, event type, events) of the ``limit`` place names with most events
        dated in [since, until] (the event's own day, else its article's)."""
        counts: Counter = Counter()
        _, rows = self.events(type=type, status=status, limit=10**9)
        for e in rows:
            day = e.time if (e.time or "")[:1].isdigit() else self.docs[e.article].published
            if e.location and in_day_range(day, since, until):
                counts[(e.location, e.type)] += 1
        per_place: Counter = Counter()
        for (place, _), n in counts.items():
            per_place[place] += n
        top = {p for p, _ in sorted(per_place.items(), key=lambda x: (-x[1], x[0]))[:limit]}
        return sorted((p, t, n) for (p, t), n in counts.items() if p in top)

    # ------------------------------------------------------------ stories

    def stories(self, *, limit=50, offset=0):
        rows = sorted(self._stories, key=lambda s: (-len(s.articles), s.id))
        return page(rows, limit, offset)

    def story(self, story_id):
        return next((s for s in self._stories if s.id == story_id), None)

    def story_of(self, article_id):
        return self._story_of.get(article_id)

    def _in_story(self, articles: Iterable[str], story: str | None) -> bool:
        return story is None or any(self._story_of.get(a) == story for a in articles)

    def timeline(self, story_id):
        story = self.story(story_id)
        if story is None:
            return []
        return claims.timeline(self.docs.values(), story=story, resolution=self.resolution)

    def revisions(self, *, story=None, limit=50, offset=0):
        rows = [r for r in self._revisions if self._in_story([r.old.article, r.new.article],
                                                              story)]
        return page(rows, limit, offset)

    def contradictions(self, *, story=None, limit=50, offset=0):
        rows = [c for c in self._contradictions if self._in_story(
            [p.evidence.article for p in c.positions], story)]
        return page(rows, limit, offset)

    def world_events(self, *, type=None, story=None, min_reports=1, limit=50, offset=0):
        rows = [WorldEventRow.of(w) for w in self._world_events
                if (type is None or w.type == type) and len(w.reports) >= min_reports
                and self._in_story([r.article for r in w.reports], story)]
        return page(rows, limit, offset)

    def network(self, *, relation=None, name=None, nodes=NETWORK_NODES):
        return top_edges(network_edges(self), relation, name, nodes)

    # ------------------------------------------------------------ search

    def search(self, q, *, limit=50, offset=0):
        hits: list[SearchHit] = []
        for e in self.resolution.entities:
            if any(_contains(a, q) for a in [e.name, *e.aliases]):
                hits.append(SearchHit(kind="entity", id=e.id, title=e.name,
                                      snippet=f"{e.type}, in {len(e.articles)} article(s)"))
        for doc in self.docs.values():
            if _contains(doc.title, q) or _contains(doc.text, q):
                hits.append(SearchHit(kind="article", id=doc.id, article=doc.id,
                                      title=doc.title or doc.id, snippet=snippet(doc.text, q)))
        for row in self._quotes:
            if _contains(row.text, q):
                who = row.speaker.name if row.speaker else "unattributed"
                hits.append(SearchHit(kind="quote", id=f"{row.article}#quote-{row.index}",
                                      article=row.article, title=who,
                                      snippet=snippet(row.text, q)))
        return page(hits, limit, offset)
