"""Export a store: JSONL documents, Parquet or CSV tables, or a GraphML graph."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from newsgraph.store import Store
from newsgraph.store.migrations import DERIVED_TABLES
from newsgraph.store.rows import COLUMNS
from newsgraph.timex.humanize import in_words

TABLES = tuple(COLUMNS) + DERIVED_TABLES
FORMATS = ("jsonl", "parquet", "csv", "graphml")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# tables whose rows carry a calibrated ``confidence`` (filtered by ``min_confidence``)
SCORED_TABLES = ("entities", "quotes", "quantities", "timexes", "events")


def export(store: Store, fmt: str, out: Path, *, all_versions: bool = False,
           min_confidence: float | None = None) -> list[Path]:
    """Write the store to ``out``: a file (jsonl, graphml) or a folder (parquet, csv).

    With ``min_confidence``, items scored below it are left out (unscored ones stay)."""
    if fmt == "jsonl":
        return [export_jsonl(store, out, all_versions=all_versions,
                             min_confidence=min_confidence)]
    if fmt == "graphml":
        return [export_graphml(store, out, min_confidence=min_confidence)]
    if fmt in ("parquet", "csv"):
        return export_tables(store, out, fmt, min_confidence=min_confidence)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def export_jsonl(store: Store, out: Path, *, all_versions: bool = False,
                 min_confidence: float | None = None) -> Path:
    from newsgraph.confidence import filter_document

    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for _key, doc in store.iter_documents(all_versions=all_versions):
            if min_confidence is not None:
                doc = filter_document(doc, min_confidence)
            handle.write(doc.model_dump_json() + "\n")
    return out


def export_tables(store: Store, out: Path, fmt: str, *,
                  min_confidence: float | None = None) -> list[Path]:
    """One file per table (every version of every article, as stored), written as rows
    arrive from the store (a cursor read in pages), so memory does not grow with a table."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        where = _where_confident(min_confidence) if table in SCORED_TABLES else ""
        stored = store.columns(table)
        columns, worded = time_words_of(table, stored)
        rows = map(worded, table_rows(store, table, where))
        path = out / f"{table}.{fmt}"
        if fmt == "csv":
            _write_csv(path, columns, rows)
        else:
            _write_parquet(path, columns, _arrow_schema(store, table, columns), rows)
        written.append(path)
    return written


EXPORT_BATCH = 2_000  # rows per CSV write, per Parquet row group, per DuckDB read


def table_rows(store: Store, table: str, where: str = "") -> Iterator[tuple]:
    """The rows of ``table`` (alias ``t``) passing ``where``, a page at a time: on
    PostgreSQL from a server-side cursor; on DuckDB by ranges of its row ids (a DuckDB
    cursor holds its whole result in memory before the first row)."""
    if store.db.dialect != "duckdb":
        yield from store.stream(f"SELECT * FROM {table} t{where}")
        return
    last = store.query(f"SELECT max(rowid) FROM {table}")[1][0][0]
    more = " AND" if where else " WHERE"
    # an article row holds its text and its whole analyzed document: fewer at a time
    step = max(1, EXPORT_BATCH // 10) if table == "articles" else EXPORT_BATCH
    for low in range(0, (last if last is not None else -1) + 1, step):
        yield from store.query(f"SELECT * FROM {table} t{where}{more} t.rowid >= ? "
                               f"AND t.rowid < ?", [low, low + step])[1]


def _write_csv(path: Path, columns: list[str], rows: Iterator[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        while batch := list(islice(rows, EXPORT_BATCH)):
            writer.writerows(batch)


# the store's column types (DuckDB and PostgreSQL names) as Arrow types: a declared
# schema, so every row group agrees however its first rows happen to look
_ARROW_TYPES = {"bigint": "int64", "integer": "int64", "smallint": "int64",
                "double": "float64", "double precision": "float64", "real": "float64",
                "float": "float64", "boolean": "bool", "varchar": "string", "text": "string",
                "blob": "binary", "bytea": "binary"}


def _arrow_schema(store: Store, table: str, columns: list[str]):  # noqa: ANN202 - pyarrow
    import pyarrow as pa

    _, found = store.query("SELECT column_name, data_type FROM information_schema.columns "
                           "WHERE table_name = ?", [table])
    declared = {name: kind.lower() for name, kind in found}

    def arrow(column: str) -> pa.DataType:
        kind = declared.get(column, "text")
        if kind.startswith("timestamp"):
            return pa.timestamp("us")
        return pa.type_for_alias(_ARROW_TYPES.get(kind, "string"))

    return pa.schema([(c, arrow(c)) for c in columns])


def _write_parquet(path: Path, columns: list[str], schema, rows: Iterator[tuple]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # closed with no row group, the file still holds the schema: an empty table
    with pq.ParquetWriter(path, schema) as writer:
        while batch := list(islice(rows, EXPORT_BATCH)):
            data = {c: [r[i] for r in batch] for i, c in enumerate(columns)}
            writer.write_table(pa.table(data, schema=schema))


# per table, the columns holding a TIMEX3 value or a date, each exported with its words
TIME_COLUMNS = {"timexes": ("value",), "events": ("time",), "quantities": ("time",),
                "world_events": ("time",), "claims": ("time",)}


def with_time_words(table: str, columns: list[str], rows: list[tuple]
                    ) -> tuple[list[str], list[tuple]]:
    """``columns``/``rows`` with a ``<column>_in_words`` column after each time column
    (a timex's words read its ``mod`` and ``type`` too: "about 3 days", "every week")."""
    out_columns, worded = time_words_of(table, columns)
    return out_columns, [worded(row) for row in rows]


def time_words_of(table: str, columns: list[str]
                  ) -> tuple[list[str], Callable[[tuple], tuple]]:
    """The columns of :func:`with_time_words` and the function that words one row."""
    timed = {columns.index(c) for c in TIME_COLUMNS.get(table, ()) if c in columns}
    if not timed:
        return columns, tuple
    mod = columns.index("mod") if table == "timexes" and "mod" in columns else None
    kind = columns.index("type") if table == "timexes" and "type" in columns else None

    def words(row: tuple, i: int) -> str | None:
        if row[i] is None:
            return None
        return in_words(str(row[i]), row[mod] if mod is not None else None,
                        row[kind] if kind is not None else None)

    def worded(row: tuple) -> tuple:
        return tuple(v for i, value in enumerate(row)
                     for v in ((value, words(row, i)) if i in timed else (value,)))

    out_columns = [name for i, c in enumerate(columns)
                   for name in ((c, c + "_in_words") if i in timed else (c,))]
    return out_columns, worded


def _where_confident(min_confidence: float | None, alias: str = "t") -> str:
    from newsgraph.store.query import min_confidence_clause

    clause = min_confidence_clause(alias, min_confidence)
    return f" WHERE TRUE{clause}" if clause else ""


def _attr(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_XML_BAD.sub("", str(value)))


def graphml_type(values: list) -> str:
    """The GraphML ``attr.type`` that holds every one of ``values`` (numbers as numbers)."""
    return _KeyTypes.type_of({_value_class(v) for v in values})


def _value_class(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    return "double" if isinstance(value, float) else "string"


class _KeyTypes:
    """The attribute names of nodes and edges and the classes of the values each took,
    gathered as items are written: the ``<key>`` declarations without a second read."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], set[str]] = {}

    def add(self, kind: str, data: dict) -> None:
        for name, value in data.items():
            self.seen.setdefault((kind, name), set()).add(_value_class(value))

    @staticmethod
    def type_of(classes: set[str]) -> str:
        if classes == {"boolean"}:
            return "boolean"
        if classes == {"long"}:
            return "long"
        return "double" if classes and classes <= {"long", "double"} else "string"

    def declarations(self, kind: str) -> str:
        return "".join(
            f'  <key id="{kind[0]}_{name}" for="{kind}" attr.name="{name}" '
            f'attr.type="{self.type_of(self.seen[(kind, name)])}"/>\n'
            for name in sorted(name for k, name in self.seen if k == kind))


# A graph as it is read: ("node", id, data) and ("edge", source, target, data) items.
GraphItem = tuple


class _Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}
        self.edges: list[tuple[str, str, dict]] = []


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}


class GraphReader:
    """Entities, quotes, events and articles (latest versions) as graph items, read one
    article at a time (articles in ``doc_key`` order): what it remembers across articles
    is the entity nodes already given (a node is given once, with the data of the first
    article naming it)."""

    def __init__(self, store: Store, min_confidence: float | None) -> None:
        self.store = store
        self.min_confidence = min_confidence
        self.entity_nodes: set[str] = set()

    def items(self) -> Iterator[GraphItem]:
        articles = "SELECT doc_key, title, published, url FROM latest_articles"
        for key, title, published, url in self.store.stream(f"{articles} ORDER BY doc_key"):
            yield ("node", f"article:{key}", _clean(dict(
                kind="article", label=title or key, published=published,
                published_in_words=in_words(published) or None, url=url)))
        ents, quotes, events = (_ArticleRows(self.store.stream(sql)) for sql in self._sql())
        for (key,) in self.store.stream("SELECT doc_key FROM latest_articles ORDER BY doc_key"):
            yield from self.article(key, ents.take(key), quotes.take(key), events.take(key))

    def _sql(self) -> tuple[str, str, str]:
        from newsgraph.store.query import min_confidence_clause

        def confident(alias: str) -> str:
            return " WHERE TRUE" + min_confidence_clause(alias, self.min_confidence)

        entities = ("SELECT e.doc_key, e.entity_id, e.name, e.type, l.global_id, e.n_mentions, "
                    "g.name, g.aliases "
                    "FROM entities e JOIN latest_articles a ON a.doc_key = e.doc_key "
                    "LEFT JOIN entity_links l ON l.doc_key = e.doc_key "
                    "AND l.entity_id = e.entity_id "
                    "LEFT JOIN global_entities g ON g.global_id = l.global_id" + confident("e")
                    + " ORDER BY a.doc_key, e.entity_id")
        quotes = ("SELECT q.doc_key, q.idx, q.text, q.kind, q.status, q.speaker_name, "
                  "q.speaker_entity_id, q.cue_text, q.attribution_kind FROM quotes q "
                  "JOIN latest_articles a ON a.doc_key = q.doc_key" + confident("q")
                  + " ORDER BY a.doc_key, q.idx")
        events = ("SELECT v.doc_key, v.idx, v.text, v.type, v.status, v.actor, v.target, "
                  "v.time, v.actor_entity_id, v.target_entity_id, v.actor_code, "
                  "v.target_code, v.location, v.location_id, v.latitude, v.longitude "
                  "FROM events v JOIN latest_articles a ON a.doc_key = v.doc_key"
                  + confident("v") + " ORDER BY a.doc_key, v.idx")
        return entities, quotes, events

    def _entity_node(self, name: str, etype: str | None, global_id: str | None
                     ) -> tuple[str, list[GraphItem]]:
        # One node per global identity when resolved, else per (type, name).
        node_id = f"entity:{global_id}" if global_id else f"entity:{etype}:{name.lower()}"
        if node_id in self.entity_nodes:
            return node_id, []
        self.entity_nodes.add(node_id)
        return node_id, [("node", node_id, _clean(dict(kind="entity", label=name,
                                                       type=etype)))]

    def article(self, key: str, ents: list[tuple], quotes: list[tuple], events: list[tuple]
                 ) -> Iterator[GraphItem]:
        """The items of one article from its entity, quote and event rows (as read)."""
        article = f"article:{key}"
        local: dict[str, str] = {}
        names: dict[str, str] = {}  # the article's entities by their names there
        known_as: dict[str, str] = {}  # ... and by their identities' names and aliases
        for _key, eid, name, etype, gid, n, global_name, aliases in ents:
            node, new = self._entity_node(name, etype, gid)
            yield from new
            local[eid] = node
            names[name.lower()] = node
            for other in (global_name, *_json_list(aliases)):
                known_as.setdefault(str(other).lower(), node)
            yield ("edge", node, article, _clean(dict(relation="mentioned_in", count=n)))
        for _key, idx, text, kind, status, speaker, speaker_eid, cue, akind in quotes:
            node = f"quote:{key}:{idx}"
            yield ("node", node, _clean(dict(kind="quote", label=text, quote_kind=kind,
                                             status=status, cue=cue, attribution_kind=akind)))
            yield ("edge", node, article, {"relation": "in_article"})
            who = local.get(speaker_eid) if speaker_eid else None
            if who is None and speaker:
                who, new = self._entity_node(speaker, None, None)
                yield from new
            if who:
                yield ("edge", who, node, _clean(dict(relation="said", status=status)))
        for (_key, idx, text, etype, status, actor, target, time, actor_eid, target_eid,
             actor_code, target_code, location, location_id, lat, lon) in events:
            node = f"event:{key}:{idx}"
            yield ("node", node, _clean(dict(
                kind="event", label=text, type=etype, status=status, time=time,
                time_in_words=in_words(time) or None, actor_code=actor_code,
                target_code=target_code, location=location, location_id=location_id,
                latitude=lat, longitude=lon)))
            yield ("edge", node, article, {"relation": "in_article"})
            for role, name, eid in (("actor", actor, actor_eid),
                                    ("target", target, target_eid)):
                if not name:
                    continue
                # the participant is the article's entity when it was resolved to one
                who = ((local.get(eid) if eid else None) or names.get(name.lower())
                       or known_as.get(name.lower()))
                if who is None:
                    who, new = self._entity_node(name, None, None)
                    yield from new
                yield (("edge", who, node, {"relation": role}) if role == "actor"
                       else ("edge", node, who, {"relation": role}))


def _json_list(stored: str | None) -> list:
    """A JSON list as ``global_entities`` stores aliases (nothing when absent or not one)."""
    import json

    try:
        found = json.loads(stored) if stored else []
    except ValueError:
        return []
    return found if isinstance(found, list) else []


class _ArticleRows:
    """Rows ordered by article (their first column), taken one article's at a time in
    the same order as the articles are read (so no comparison of keys is needed)."""

    def __init__(self, rows: Iterator[tuple]) -> None:
        self.rows = rows
        self.pending = next(rows, None)

    def take(self, key: str) -> list[tuple]:
        taken = []
        while self.pending is not None and self.pending[0] == key:
            taken.append(self.pending)
            self.pending = next(self.rows, None)
        return taken


def graph_items(store: Store, min_confidence: float | None = None) -> Iterator[GraphItem]:
    """The export's graph as items, read from the store as they are given."""
    return GraphReader(store, min_confidence).items()


def build_graph(store: Store, min_confidence: float | None = None) -> _Graph:
    """Entities, quotes, events and articles (latest versions) as a graph in memory."""
    graph = _Graph()
    for item in graph_items(store, min_confidence):
        if item[0] == "node":
            graph.nodes.setdefault(item[1], item[2])
        else:
            graph.edges.append(item[1:])
    return graph


def _node_xml(node_id: str, data: dict) -> str:
    values = "".join(f'<data key="n_{k}">{_attr(v)}</data>' for k, v in data.items())
    return f"    <node id={quoteattr(_XML_BAD.sub('', node_id))}>{values}</node>\n"


def _edge_xml(source: str, target: str, data: dict) -> str:
    values = "".join(f'<data key="e_{k}">{_attr(v)}</data>' for k, v in data.items())
    return (f"    <edge source={quoteattr(_XML_BAD.sub('', source))} "
            f"target={quoteattr(_XML_BAD.sub('', target))}>{values}</edge>\n")


def export_graphml(store: Store, out: Path, *, min_confidence: float | None = None) -> Path:
    """The graph written as it is read: nodes and edges go to a scratch file while their
    attributes' types are gathered, then the ``<key>`` declarations and that body to
    ``out`` (GraphML declares keys first), so memory does not grow with the store."""
    import shutil
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    keys = _KeyTypes()
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out.parent) as body:
        for item in graph_items(store, min_confidence):
            if item[0] == "node":
                keys.add("node", item[2])
                body.write(_node_xml(item[1], item[2]))
            else:
                keys.add("edge", item[3])
                body.write(_edge_xml(*item[1:]))
        body.seek(0)
        with out.open("w", encoding="utf-8") as handle:
            handle.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
            handle.write(keys.declarations("node") + keys.declarations("edge"))
            handle.write('  <graph id="newsgraph" edgedefault="directed">\n')
            shutil.copyfileobj(body, handle)
            handle.write("  </graph>\n</graphml>\n")
    return out
