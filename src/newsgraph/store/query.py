"""The questions ``newsgraph query`` answers, as functions over a :class:`Store`.

Matching is a case-insensitive substring test (``strpos(lower(col), ?)``)
with the term as a parameter. Only the latest version of each article is
searched unless ``all_versions`` is set. Entity matching also goes through
the cross-document identity tables (``entity_links``/``global_entities``)
when the cross-document analysis has filled them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import TextIO

from newsgraph.store import Store
from newsgraph.timex.humanize import in_words

# Columns holding a TIMEX3 value or a date: each gets a "<column>_in_words" beside it.
TIME_COLUMNS = ("time", "published", "last_published", "revises_time")
WORDS = "_in_words"


class NotFound(LookupError):
    """An article, story, event or entity the store does not hold; ``hint`` says
    how to find the right one."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class QueryResult:
    """A query's answer. ``rows`` is a list, or (asked with ``stream=True``) an iterator
    read from a cursor as it is consumed, once: refining keeps it one (but ``sort``)."""

    title: str
    columns: list[str]
    rows: list[tuple] | Iterator[tuple]

    @property
    def date_column(self) -> str | None:
        """The column that dates a row, for ``since``/``until`` and default sorting."""
        return next((c for c in ("time", "published") if c in self.columns), None)

    def refine(self, *, since: str | None = None, until: str | None = None,
               sort: str | None = None, descending: bool = False,
               limit: int | None = None) -> QueryResult:
        """Rows dated within [since, until] (a prefix such as "2024-10" covers the
        month), sorted by ``sort`` (a column), at most ``limit`` of them."""
        rows: Iterable[tuple] = self.rows
        if sort is not None and sort not in self.columns:
            raise ValueError(f"cannot sort by {sort!r}; sort keys: {', '.join(self.columns)}")
        if since or until:
            rows = (r for r in rows if _in_range(self._date(r), since, until))
        if sort is not None:
            rows = list(rows)  # a sort needs them all
            i = self.columns.index(sort)
            present = sorted((r for r in rows if r[i] is not None), key=lambda r: r[i],
                             reverse=descending)
            rows = present + [r for r in rows if r[i] is None]  # unknowns last either way
        if limit is not None:
            rows = islice(rows, limit)
        return replace(self, rows=_like(self.rows, rows))

    def _date(self, row: tuple) -> str | None:
        column = self.date_column
        value = row[self.columns.index(column)] if column else None
        return str(value) if value is not None and str(value)[:1].isdigit() else None

    def with_time_words(self) -> QueryResult:
        """The result with ``<column>_in_words`` after each time column."""
        if any(c.endswith(WORDS) for c in self.columns):
            return self
        columns: list[str] = []
        picks: list[tuple[int, bool]] = []
        for i, column in enumerate(self.columns):
            columns.append(column)
            picks.append((i, False))
            if column in TIME_COLUMNS:
                columns.append(column + WORDS)
                picks.append((i, True))
        rows = (tuple(in_words(str(r[i])) if words and r[i] is not None else
                      (None if words else r[i]) for i, words in picks) for r in self.rows)
        return replace(self, columns=columns, rows=_like(self.rows, rows))

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def write_json(self, out: TextIO) -> int:
        """Write :meth:`to_json` (and a newline) a row at a time; the rows written."""
        n = 0
        for n, row in enumerate(self.rows, 1):
            record = json.dumps(dict(zip(self.columns, row, strict=True)), indent=2,
                                ensure_ascii=False, default=str)
            out.write(("[\n  " if n == 1 else ",\n  ") + record.replace("\n", "\n  "))
        out.write("\n]\n" if n else "[]\n")
        return n

    def write_csv(self, out: TextIO) -> int:
        """Write :meth:`to_csv` a row at a time; the rows written."""
        writer = csv.writer(out)
        writer.writerow(self.columns)
        n = 0
        for row in self.rows:
            writer.writerow(row)
            n += 1
        return n

    def to_json(self) -> str:
        return json.dumps(self.records(), indent=2, ensure_ascii=False, default=str)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def _like(given: list[tuple] | Iterator[tuple], rows: Iterable[tuple]
          ) -> list[tuple] | Iterator[tuple]:
    """``rows`` as a list when ``given`` was one, else as an iterator."""
    return list(rows) if isinstance(given, list) else iter(rows)


def _read(store: Store, sql: str, params: list, stream: bool
          ) -> tuple[list[str], list[tuple] | Iterator[tuple]]:
    """A query's columns and rows: all at once, or (``stream``) an iterator over a cursor
    read a page at a time (its columns from the same query asked for no rows)."""
    if not stream:
        return store.query(sql, params)
    columns, _ = store.query(f"{sql} LIMIT 0", params)
    return columns, store.stream(sql, params)


def peek(rows: list[tuple] | Iterator[tuple]) -> tuple[bool, list[tuple] | Iterator[tuple]]:
    """Whether ``rows`` has any, and ``rows`` as it was (an iterator not advanced)."""
    if isinstance(rows, list):
        return bool(rows), rows
    first = next(rows, None)
    return (False, iter(())) if first is None else (True, chain([first], rows))


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a calendar value falls in [since, until], both inclusive prefixes."""
    if date is None:
        return False
    if since and date[:len(since)] < since:
        return False
    return not (until and date[:len(until)] > until)


def _has(column: str) -> str:
    return f"strpos(lower(coalesce({column}, '')), ?) > 0"


def _word(column: str) -> str:
    """The column holds the term as whole words ("Putin", not "Computing"): both are
    lower-cased with every run of other characters made one space (as :func:`words`)."""
    return (f"strpos(' ' || regexp_replace(lower(coalesce({column}, '')), '[^0-9a-z]+', ' ', "
            "'g') || ' ', ?) > 0")


def words(term: str) -> str:
    """The parameter :func:`_word` matches: " vladimir putin " for "Vladimir Putin";
    a term with no letter or digit ("%") gives one that matches nothing."""
    folded = re.sub(r"[^0-9a-z]+", " ", term.lower()).strip()
    return f" {folded} " if folded else "#"


def _any(*columns: str) -> str:
    return "(" + " OR ".join(_has(c) for c in columns) + ")"


def _when(column: str) -> str:
    """The item's own time when it is a calendar value, else the article's date
    (a TIMEX value such as PRESENT_REF does not sort among dates)."""
    return (f"CASE WHEN substr({column}, 1, 1) BETWEEN '0' AND '9' THEN {column} "
            "ELSE a.published END")


def min_confidence_clause(alias: str, min_confidence: float | None,
                          column: str = "confidence") -> str:
    """``AND`` the item's confidence is at least ``min_confidence`` (unscored items pass)."""
    if min_confidence is None:
        return ""
    value = float(min_confidence)
    if not 0.0 <= value <= 1.0:  # also rejects NaN; the value is then safe to inline
        raise ValueError(f"min_confidence {min_confidence!r} is not in [0, 1]")
    return f" AND coalesce({alias}.{column}, 1.0) >= {value!r}"


def _articles(all_versions: bool) -> str:
    return "articles" if all_versions else "latest_articles"


# A speaker matches when its name, its in-document entity, or the global
# identity that entity was resolved to (with aliases) contains the term
# (as whole words in ``quotes``).
_SPEAKER_JOIN = """
    LEFT JOIN entities e ON e.doc_key = q.doc_key AND e.entity_id = q.speaker_entity_id
    LEFT JOIN entity_links l ON l.doc_key = q.doc_key AND l.entity_id = q.speaker_entity_id
    LEFT JOIN global_entities g ON g.global_id = l.global_id"""
_SPEAKER_MATCH = _any("q.speaker_name", "e.name", "g.name", "g.aliases")


def quotes(store: Store, entity: str, *, all_versions: bool = False,
           min_confidence: float | None = None,
           attribution_kinds: tuple[str, ...] | None = None, stream: bool = False
           ) -> QueryResult:
    """Who said what: quotes whose speaker is ``entity`` (whole words of its name), of
    the chosen kinds of attribution, or all; ``speaker_id`` is the speaker's global
    entity id, as the web app and API show it."""
    match = "(" + " OR ".join(_word(c) for c in ("q.speaker_name", "e.name", "g.name",
                                                  "g.aliases")) + ")"
    kinds = ""
    if attribution_kinds:
        kinds = f" AND q.attribution_kind IN ({', '.join('?' for _ in attribution_kinds)})"
    sql = f"""
        SELECT a.published, a.title, q.speaker_name AS speaker, q.status, q.kind,
               q.attribution_kind, q.cue_text AS cue, q.text AS quote,
               l.global_id AS speaker_id, a.doc_key, q.span_start, q.span_end
        FROM quotes q JOIN {_articles(all_versions)} a ON a.doc_key = q.doc_key
        {_SPEAKER_JOIN}
        WHERE {match}{kinds}{min_confidence_clause("q", min_confidence)}
        ORDER BY a.published, a.doc_key, q.span_start, q.idx"""
    columns, rows = _read(store, sql, [words(entity)] * 4 + list(attribution_kinds or ()),
                          stream)
    return QueryResult(f"who said what: {entity}", columns, rows)


def claims(store: Store, about: str, *, all_versions: bool = False,
           min_confidence: float | None = None, stream: bool = False) -> QueryResult:
    """Claims about ``about``: quotes and events whose text or source mentions it,
    with each source's epistemic status (asserted, denied, not_denied...)."""
    term = about.lower()
    view = _articles(all_versions)
    sql = f"""
        SELECT a.published, 'quote' AS item, q.speaker_name AS source, q.status,
               q.text AS claim, a.title, a.doc_key, q.span_start, q.span_end
        FROM quotes q JOIN {view} a ON a.doc_key = q.doc_key
        {_SPEAKER_JOIN}
        WHERE {_any("q.text", "q.speaker_name", "e.name", "g.name", "g.aliases")}
              {min_confidence_clause("q", min_confidence)}
        UNION ALL
        SELECT a.published, 'event' AS item, coalesce(v.source, v.actor) AS source, v.status,
               v.text AS claim, a.title, a.doc_key, v.span_start, v.span_end
        FROM events v JOIN {view} a ON a.doc_key = v.doc_key
        WHERE {_any("v.text", "v.actor", "v.target", "v.source")}
              {min_confidence_clause("v", min_confidence)}
        ORDER BY 1, 7, 8, 2, 5"""
    columns, rows = _read(store, sql, [term] * 9, stream)
    return QueryResult(f"claims about {about}", columns, rows)


def numbers(store: Store, about: str, *, all_versions: bool = False,
            min_confidence: float | None = None, stream: bool = False) -> QueryResult:
    """Numbers about ``about``, with the earlier figure each one revises."""
    term = about.lower()
    sql = f"""
        SELECT {_when('n.time')} AS time, n.text AS number, n.value, n.high,
               n.bound, n.approx, n.unit, n.counted, n.source,
               n.revises_text AS revises, n.revises_value, n.revises_time,
               a.title, a.doc_key, n.span_start, n.span_end
        FROM quantities n JOIN {_articles(all_versions)} a ON a.doc_key = n.doc_key
        WHERE {_any("n.counted", "n.unit", "n.text", "n.source")}
              {min_confidence_clause("n", min_confidence)}
        ORDER BY 1, a.doc_key, n.span_start, n.idx"""
    columns, rows = _read(store, sql, [term] * 4, stream)
    return QueryResult(f"numbers about {about}", columns, rows)


def timeline(store: Store, *, entity: str | None = None, story: str | None = None,
             all_versions: bool = False, min_confidence: float | None = None,
             vague_events: bool = False, stream: bool = False) -> QueryResult:
    """Quotes, numbers and events in time order, for an entity or a story; events with
    neither actor nor target only with ``vague_events`` (they say little on their own).

    A story is a ``story_id`` (or a term in its label) from the ``stories``
    table that the cross-document clustering fills.
    """
    if (entity is None) == (story is None):
        raise ValueError("give exactly one of entity or story")
    view = _articles(all_versions)
    if story is not None:
        story_id = resolve_story(store, story)
        where_q = where_n = where_v = (
            "a.doc_key IN (SELECT sa.doc_key FROM story_articles sa WHERE sa.story_id = ?)")
        params = [story_id] * 3
        title = f"timeline of story {story_id}"
    else:
        where_q = _any("q.text", "q.speaker_name", "e.name", "g.name", "g.aliases")
        where_n = _any("n.text", "n.counted", "n.source")
        where_v = _any("v.text", "v.actor", "v.target", "v.source")
        term = entity.lower()  # type: ignore[union-attr]
        params = [term] * 5 + [term] * 3 + [term] * 4
        title = f"timeline of {entity}"
    sql = f"""
        SELECT {_when('q.time')} AS time, 'quote' AS item,
               q.speaker_name AS who, q.status, q.text, a.title, a.doc_key, q.span_start
        FROM quotes q JOIN {view} a ON a.doc_key = q.doc_key {_SPEAKER_JOIN}
        WHERE {where_q}{min_confidence_clause("q", min_confidence)}
        UNION ALL
        SELECT {_when('n.time')}, 'number', n.source, NULL,
               n.text || coalesce(' ' || n.counted, ''), a.title, a.doc_key, n.span_start
        FROM quantities n JOIN {view} a ON a.doc_key = n.doc_key
        WHERE {where_n}{min_confidence_clause("n", min_confidence)}
        UNION ALL
        SELECT {_when('v.time')}, 'event:' || v.type, v.actor, v.status, v.text,
               a.title, a.doc_key, v.span_start
        FROM events v JOIN {view} a ON a.doc_key = v.doc_key
        WHERE {where_v}{min_confidence_clause("v", min_confidence)}{
            "" if vague_events else " AND (v.actor IS NOT NULL OR v.target IS NOT NULL)"}
        ORDER BY 1, 7, 8, 2, 5"""
    columns, rows = _read(store, sql, params, stream)
    return QueryResult(title, columns, rows)


def contradictions(store: Store, about: str | None = None, *, stream: bool = False
                   ) -> QueryResult:
    """Claims the cross-document analysis linked (``claim_links``) as contradicting
    each other or as revisions of a figure: one row per position, grouped by
    what they are about, with the evidence text and where it is."""
    term = (about or "").lower()
    sql = f"""
        SELECT k.relation, k.evidence AS about, c.speaker AS source, c.status, c.value,
               c.text AS claim, c.time, a.title, c.doc_key, c.span_start, c.span_end
        FROM claims c
        JOIN (SELECT claim_a AS claim_id, relation, evidence FROM claim_links
              UNION SELECT claim_b, relation, evidence FROM claim_links) k
          ON k.claim_id = c.claim_id
        LEFT JOIN articles a ON a.doc_key = c.doc_key
        WHERE {_any("k.evidence", "c.subject", "c.text", "c.speaker")}
        ORDER BY k.relation, k.evidence, c.time, c.doc_key, c.span_start, c.status"""
    columns, rows = _read(store, sql, [term] * 4, stream)
    return QueryResult(f"contradictions and revisions{' about ' + about if about else ''}",
                       columns, rows)


def _outlet_key(alias: str) -> str:
    # a report with no known outlet is an outlet of its own (as WorldEvent.outlets);
    # not '?': the PostgreSQL backend reads every ? as a placeholder
    return f"coalesce({alias}.outlet, '~' || {alias}.doc_key)"


def events(store: Store, about: str | None = None, *, min_reports: int = 1,
           stream: bool = False) -> QueryResult:
    """Real-world events counted once (``world_events``), most reported first, with
    their reports, independent reports and outlets side by side."""
    term = (about or "").lower()
    linked = {"actor_entity_id", "target_entity_id", "actor_code", "target_code"} <= set(
        store.columns("events"))
    parties = ("p.actor_entities, p.actor_codes, p.target_entities, p.target_codes, "
               if linked else "")
    sql = f"""
        SELECT w.time, w.type, w.actors, w.targets, {parties}w.label,
               w.n_reports AS reports,
               w.n_independent AS independent_reports, w.n_outlets AS outlets,
               w.n_independent_outlets AS independent_outlets, w.story_id, w.event_id
        FROM world_events w {_PARTIES if linked else ""}
        WHERE w.n_reports >= ? AND {_any("w.label", "w.actors", "w.targets", "w.locations",
                                         "w.type")}
        ORDER BY w.n_reports DESC, w.time, w.event_id"""
    columns, read = _read(store, sql, [min_reports, *[term] * 5], stream)
    width = 8 if linked else 4  # names, then the entity ids and codes, listed sorted
    rows = ((r[0], r[1], _names(r[2]), _names(r[3]), *map(_sorted_list, r[4:width]),
             *r[width:]) for r in read)
    return QueryResult(f"events{' about ' + about if about else ''}", columns,
                       _like(read, rows))


# The actors and targets of each event's reports as entities (their global ids, what
# `query entity` and the entity pages take) and their actor codes.
_PARTIES = """LEFT JOIN (
            SELECT r.event_id,
                   string_agg(DISTINCT la.global_id, ';') AS actor_entities,
                   string_agg(DISTINCT v.actor_code, ';') AS actor_codes,
                   string_agg(DISTINCT lt.global_id, ';') AS target_entities,
                   string_agg(DISTINCT v.target_code, ';') AS target_codes
            FROM event_reports r
            JOIN events v ON v.doc_key = r.doc_key AND v.span_start = r.span_start
            LEFT JOIN entity_links la ON la.doc_key = v.doc_key
                AND la.entity_id = v.actor_entity_id
            LEFT JOIN entity_links lt ON lt.doc_key = v.doc_key
                AND lt.entity_id = v.target_entity_id
            GROUP BY r.event_id) p ON p.event_id = w.event_id"""


def _sorted_list(joined: str | None) -> str | None:
    """"b;a" as "a; b": the databases aggregate in no set order."""
    return "; ".join(sorted(joined.split(";"))) if joined else None


def _names(stored: str | None) -> str | None:
    """A JSON list of names (as ``world_events`` stores actors) as "a; b"."""
    if not stored:
        return None
    try:
        names = json.loads(stored)
    except ValueError:
        return stored
    return "; ".join(map(str, names)) if isinstance(names, list) else str(names)


def event_counts(store: Store, about: str | None = None, *, min_reports: int = 1,
                 stream: bool = False) -> QueryResult:
    """Per event type and in all: events, the reports of them, the independent reports
    (not syndicated copies), the articles, outlets and independent outlets."""
    term = (about or "").lower()
    chosen = f"""SELECT event_id, type FROM world_events w WHERE w.n_reports >= ? AND
                 {_any("w.label", "w.actors", "w.targets", "w.locations", "w.type")}"""
    totals = f"""count(DISTINCT e.event_id) AS events, count(*) AS reports,
        sum(CASE WHEN r.independent THEN 1 ELSE 0 END) AS independent_reports,
        count(DISTINCT r.doc_key) AS articles, count(DISTINCT {_outlet_key('r')}) AS outlets,
        count(DISTINCT CASE WHEN r.independent THEN {_outlet_key('r')} END)
            AS independent_outlets"""
    sql = f"""
        SELECT * FROM (
            SELECT e.type, {totals} FROM ({chosen}) e
            JOIN event_reports r ON r.event_id = e.event_id GROUP BY e.type
            UNION ALL
            SELECT '(all)', {totals} FROM ({chosen}) e
            JOIN event_reports r ON r.event_id = e.event_id) t
        ORDER BY (t.type = '(all)'), t.events DESC, t.type"""
    params = [min_reports, *[term] * 5]
    columns, read = _read(store, sql, params * 2, stream)
    # a total over no events is one row of zeros and NULLs: no answer
    rows = (r for r in read if r[1])
    return QueryResult(f"event and report counts{' about ' + about if about else ''}",
                       columns, _like(read, rows))


def event_reports(store: Store, event_id: str, *, stream: bool = False) -> QueryResult:
    """The reports of one world event: article, outlet, and whether it is a copy."""
    if not store.query("SELECT 1 FROM world_events WHERE event_id = ?", [event_id])[1]:
        raise NotFound(f"no event {event_id!r} in the store",
                       "list events and their ids with `newsgraph query events`")
    # the actor and target of each report's best mention, with codes when stored
    stored = store.columns("events")
    codes = [c for c in ("actor_code", "target_code") if c in stored]
    # the actor's and target's identities across articles (their global entity ids)
    linked = "actor_entity_id" in stored and "target_entity_id" in stored
    entities = "la.global_id AS actor_entity, lt.global_id AS target_entity, " if linked else ""
    joins = """LEFT JOIN entity_links la ON la.doc_key = v.doc_key
                   AND la.entity_id = v.actor_entity_id
        LEFT JOIN entity_links lt ON lt.doc_key = v.doc_key
                   AND lt.entity_id = v.target_entity_id""" if linked else ""
    sql = f"""
        SELECT r.published, r.outlet, r.independent, v.actor, v.target,
               {"".join(f"v.{c}, " for c in codes)}{entities}c.url AS copy_of_url,
               r.similarity, r.n_mentions AS mentions, r.text AS mention, a.title,
               a.url, r.doc_key, r.span_start, r.span_end
        FROM event_reports r JOIN articles a ON a.doc_key = r.doc_key
        LEFT JOIN articles c ON c.doc_key = r.copy_of
        LEFT JOIN events v ON v.doc_key = r.doc_key AND v.span_start = r.span_start
        {joins}
        WHERE r.event_id = ?
        ORDER BY r.published, r.doc_key"""
    columns, rows = _read(store, sql, [event_id], stream and bool(codes))
    if not codes:  # a store without code columns: read them from the stored documents
        columns, rows = _with_codes_from_documents(store, columns, rows)
    return QueryResult(f"reports of event {event_id}", columns, rows)


def _with_codes_from_documents(store: Store, columns: list[str], rows: list[tuple]
                               ) -> tuple[list[str], list[tuple]]:
    """Add ``actor_code``/``target_code`` after ``target``, from each report's stored
    document (the event whose evidence starts where the report's mention does)."""
    key, start, at = (columns.index(c) for c in ("doc_key", "span_start", "target"))
    docs: dict[str, object] = {}
    out = []
    for row in rows:
        doc = docs.setdefault(row[key], store.get_document(row[key]))
        event = next((e for e in getattr(doc, "events", ()) if e.span[0] == row[start]), None)
        codes = (event.actor_code, event.target_code) if event else (None, None)
        out.append((*row[:at + 1], *codes, *row[at + 1:]))
    return [*columns[:at + 1], "actor_code", "target_code", *columns[at + 1:]], out


def versions(store: Store, article: str, *, stream: bool = False) -> QueryResult:
    """What changed between the stored versions of an article (a URL, an article
    key, a document id or a doc_key): quotes added or removed, numbers and statuses
    changed, from ``version_diffs``."""
    sql = """
        SELECT n.version AS version, n.published, d.kind, d.item, d.subject,
               d.old_value, d.new_value, d.old_status, d.new_status,
               d.old_text, d.new_text, d.article_key, d.old_doc_key, d.new_doc_key,
               d.old_start, d.old_end, d.new_start, d.new_end
        FROM version_diffs d JOIN articles n ON n.doc_key = d.new_doc_key
        JOIN articles o ON o.doc_key = d.old_doc_key
        WHERE ? IN (d.article_key, n.url, n.doc_id, n.doc_key, o.url, o.doc_id, o.doc_key,
                    o.article_key)
        ORDER BY n.version, n.published, d.new_doc_key, d.idx"""
    columns, rows = _read(store, sql, [article.strip()], stream)
    found, rows = peek(rows)
    if not found and not article_known(store, article):
        raise NotFound(f"no article {article!r} in the store",
                       "give its URL, article id or doc_key as `newsgraph export` lists them")
    return QueryResult(f"changes between versions of {article}", columns, rows)


def stories(store: Store, about: str | None = None, *, stream: bool = False) -> QueryResult:
    """The stories the cross-document clustering found, largest first: id, label,
    articles (latest versions) and the first and last publication dates."""
    term = (about or "").lower()
    sql = f"""
        SELECT s.story_id AS story, s.label, count(a.doc_key) AS articles,
               min(a.published) AS published, max(a.published) AS last_published, s.method
        FROM stories s LEFT JOIN story_articles sa ON sa.story_id = s.story_id
        LEFT JOIN latest_articles a ON a.doc_key = sa.doc_key
        WHERE {_any("s.story_id", "s.label")}
        GROUP BY s.story_id, s.label, s.method
        ORDER BY count(a.doc_key) DESC, s.story_id"""
    columns, rows = _read(store, sql, [term] * 2, stream)
    return QueryResult(f"stories{' about ' + about if about else ''}", columns, rows)


def resolve_story(store: Store, story: str) -> str:
    """The story id ``story`` names: an id, or a term in exactly one story's label."""
    if store.query("SELECT 1 FROM stories WHERE story_id = ?", [story])[1]:
        return story
    _, found = store.query(f"SELECT story_id, label FROM stories WHERE {_has('label')} "
                           "ORDER BY story_id", [story.lower()])
    if len(found) == 1:
        return found[0][0]
    if not found:
        raise NotFound(f"no story {story!r} in the store",
                       "list stories, their ids and labels with `newsgraph query stories`")
    shown = ", ".join(f"{sid} ({label})" for sid, label in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise NotFound(f"{story!r} matches {len(found)} stories: {shown}{more}",
                   "give one story id (see `newsgraph query stories --about ...`)")


def article_known(store: Store, article: str) -> bool:
    """Whether ``article`` is a stored URL, article key, document id or doc_key."""
    sql = "SELECT 1 FROM articles WHERE ? IN (article_key, url, doc_id, doc_key) LIMIT 1"
    return bool(store.query(sql, [article.strip()])[1])


def entity_known(store: Store, entity: str) -> bool:
    """Whether any entity, speaker, actor or target name (or resolved alias) has ``entity``."""
    term = entity.lower()
    sql = f"""
        SELECT 1 FROM entities WHERE {_has("name")}
        UNION ALL SELECT 1 FROM quotes WHERE {_has("speaker_name")}
        UNION ALL SELECT 1 FROM events WHERE {_any("actor", "target")}
        UNION ALL SELECT 1 FROM global_entities WHERE {_any("name", "aliases")}"""
    return bool(store.query(sql, [term] * 6)[1])


def require_entity(store: Store, entity: str) -> None:
    """Raise :class:`NotFound` when no name in the store has ``entity`` (a search term:
    the queries themselves answer it with no rows; an interface can call this to tell
    "nobody by that name" from "nothing said")."""
    if not entity_known(store, entity):
        raise NotFound(f"no entity named like {entity!r} in the store",
                       "try a shorter part of the name, or `newsgraph query claims --about` "
                       "for any text")


# The keys each query can sort by (``refine(sort=...)``), listed in its help.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "quotes": ("published", "title", "speaker", "status", "kind", "cue", "quote"),
    "claims": ("published", "item", "source", "status", "claim", "title"),
    "numbers": ("time", "number", "value", "unit", "counted", "source", "title"),
    "timeline": ("time", "item", "who", "status", "text", "title"),
    "contradictions": ("relation", "about", "source", "status", "value", "time", "title"),
    "events": ("time", "type", "actors", "targets", "label", "reports", "independent_reports",
               "outlets", "independent_outlets"),
    "stories": ("story", "label", "articles", "published", "last_published"),
    "versions": ("version", "published", "kind", "item", "subject"),
}
