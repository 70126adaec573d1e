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
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _keys(items: list[dict], kind: str) -> str:
    """The ``<key>`` declarations of the attributes of ``items`` (nodes or edges)."""
    names = sorted({k for data in items for k in data})
    lines = []
    for name in names:
        kind_type = graphml_type([data[name] for data in items if name in data])
        lines.append(f'  <key id="{kind[0]}_{name}" for="{kind}" attr.name="{name}" '
                     f'attr.type="{kind_type}"/>\n')
    return "".join(lines)


class _Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}
        self.edges: list[tuple[str, str, dict]] = []

    def node(self, node_id: str, **data: object) -> str:
        self.nodes.setdefault(node_id, {k: v for k, v in data.items() if v is not None})
        return node_id

    def edge(self, source: str, target: str, **data: object) -> None:
        self.edges.append((source, target, {k: v for k, v in data.items() if v is not None}))


def _entity_node(graph: _Graph, name: str, etype: str | None, global_id: str | None) -> str:
    # One node per global identity when resolved, else per (type, name).
    node_id = f"entity:{global_id}" if global_id else f"entity:{etype}:{name.lower()}"
    return graph.node(node_id, kind="entity", label=name, type=etype)


def build_graph(store: Store, min_confidence: float | None = None) -> _Graph:
    """Entities, quotes, events and articles (latest versions) as a graph."""
    from newsgraph.store.query import min_confidence_clause

    graph = _Graph()
    _, articles = store.query("SELECT doc_key, title, published, url FROM latest_articles")
    for key, title, published, url in articles:
        graph.node(f"article:{key}", kind="article", label=title or key, published=published,
                   published_in_words=in_words(published) or None, url=url)
    _, ents = store.query(
        "SELECT e.doc_key, e.entity_id, e.name, e.type, l.global_id, e.n_mentions "
        "FROM entities e JOIN latest_articles a ON a.doc_key = e.doc_key "
        "LEFT JOIN entity_links l ON l.doc_key = e.doc_key AND l.entity_id = e.entity_id"
        " WHERE TRUE" + min_confidence_clause("e", min_confidence))
    local: dict[tuple[str, str], str] = {}
    for key, eid, name, etype, gid, n in ents:
        node = _entity_node(graph, name, etype, gid)
        local[(key, eid)] = node
        graph.edge(node, f"article:{key}", relation="mentioned_in", count=n)
    _, quotes = store.query(
        "SELECT q.doc_key, q.idx, q.text, q.kind, q.status, q.speaker_name, "
        "q.speaker_entity_id, q.cue_text, q.attribution_kind FROM quotes q "
        "JOIN latest_articles a ON a.doc_key = q.doc_key WHERE TRUE"
        + min_confidence_clause("q", min_confidence))
    for key, idx, text, kind, status, speaker, speaker_eid, cue, akind in quotes:
        node = graph.node(f"quote:{key}:{idx}", kind="quote", label=text, quote_kind=kind,
                          status=status, cue=cue, attribution_kind=akind)
        graph.edge(node, f"article:{key}", relation="in_article")
        who = local.get((key, speaker_eid)) if speaker_eid else None
        if who is None and speaker:
            who = _entity_node(graph, speaker, None, None)
        if who:
            graph.edge(who, node, relation="said", status=status)
    _, events = store.query(
        "SELECT v.doc_key, v.idx, v.text, v.type, v.status, v.actor, v.target, v.time, "
        "v.actor_entity_id, v.target_entity_id, v.actor_code, v.target_code, v.location, "
        "v.location_id, v.latitude, v.longitude "
        "FROM events v JOIN latest_articles a ON a.doc_key = v.doc_key WHERE TRUE"
        + min_confidence_clause("v", min_confidence))
    names = {(k, graph.nodes[n]["label"].lower()): n for (k, _), n in local.items()}
    for (key, idx, text, etype, status, actor, target, time, actor_eid, target_eid,
         actor_code, target_code, location, location_id, lat, lon) in events:
        node = graph.node(f"event:{key}:{idx}", kind="event", label=text, type=etype,
                          status=status, time=time, time_in_words=in_words(time) or None,
                          actor_code=actor_code, target_code=target_code, location=location,
                          location_id=location_id, latitude=lat, longitude=lon)
        graph.edge(node, f"article:{key}", relation="in_article")
        for role, name, eid in (("actor", actor, actor_eid), ("target", target, target_eid)):
            if name:
                # the participant is the article's entity when it was resolved to one
                who = (local.get((key, eid)) if eid else None) or names.get(
                    (key, name.lower())) or _entity_node(graph, name, None, None)
                graph.edge(who, node, relation=role) if role == "actor" else graph.edge(
                    node, who, relation=role)
    return graph


def export_graphml(store: Store, out: Path, *, min_confidence: float | None = None) -> Path:
    graph = build_graph(store, min_confidence)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        handle.write(_keys(list(graph.nodes.values()), "node"))
        handle.write(_keys([data for _, _, data in graph.edges], "edge"))
        handle.write('  <graph id="newsgraph" edgedefault="directed">\n')
        for node_id, data in graph.nodes.items():
            handle.write(f"    <node id={quoteattr(_XML_BAD.sub('', node_id))}>")
            for k, v in data.items():
                handle.write(f'<data key="n_{k}">{_attr(v)}</data>')
            handle.write("</node>\n")
        for source, target, data in graph.edges:
            handle.write(f"    <edge source={quoteattr(_XML_BAD.sub('', source))} "
                         f"target={quoteattr(_XML_BAD.sub('', target))}>")
            for k, v in data.items():
                handle.write(f'<data key="e_{k}">{_attr(v)}</data>')
            handle.write("</edge>\n")
        handle.write("  </graph>\n</graphml>\n")
    return out
