"""Cross-article linking with Spark: the per-article work and the candidate pairs at scale.

Spark reads the store's latest articles from Parquet (:func:`articles_to_parquet`:
``doc_key``, ``ordinal`` in arrival order, ``document`` JSON), computes each
article's clustering features (:func:`newsgraph.crossdoc.clusters.prepare`:
terms, entity keys, MinHash signature) on the workers, and the near-duplicate
candidate pairs by joining articles on their LSH band keys. The driver then runs
the same assignment as the local linker
(``link_store(store, full=True, prepared=...)``), so the tables equal the local
ones (tested on ``local[2]``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from newsgraph.crossdoc.clusters import Prepared, lsh_bands, prepare
from newsgraph.crossdoc.linking import ARRIVAL_ORDER, LinkStats, Precomputed, link_store
from newsgraph.schema import Document
from newsgraph.store import Store

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def articles_to_parquet(store: Store, path: str, rows_per_group: int = 256) -> int:
    """Write the latest articles, in arrival order, to one Parquet file; returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("doc_key", pa.string()), ("ordinal", pa.int64()),
                        ("document", pa.string())])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[tuple[str, int, str]] = []
        for key, data in store.db.stream(
                f"SELECT doc_key, document_json FROM latest_articles ORDER BY {ARRIVAL_ORDER}"):
            batch.append((key, n, data))
            n += 1
            if len(batch) >= rows_per_group:
                writer.write_table(_table(batch, schema))
                batch = []
        if batch:
            writer.write_table(_table(batch, schema))
    return n


def _table(rows: list[tuple[str, int, str]], schema):
    import pyarrow as pa

    return pa.table({"doc_key": [r[0] for r in rows], "ordinal": [r[1] for r in rows],
                     "document": [r[2] for r in rows]}, schema=schema)


def _prepare_partition(rows) -> Iterator[tuple[str, int, str, list[str]]]:
    for row in rows:
        p = prepare(Document.model_validate_json(row["document"]))
        yield (row["doc_key"], row["ordinal"],
               json.dumps([p.text, p.entities, [str(v) for v in p.hashvalues], p.scheme]),
               lsh_bands(p.hashvalues))


def prepared_articles(spark: SparkSession, parquet: str) -> Precomputed:
    """Per article: its features and the earlier articles sharing an LSH band with it."""
    from pyspark.sql import functions as F

    articles = spark.read.parquet(parquet)
    prepared = spark.createDataFrame(
        articles.rdd.mapPartitions(_prepare_partition),
        "doc_key string, ordinal long, prepared string, bands array<string>")
    prepared = prepared.cache()
    bands = prepared.select("doc_key", "ordinal", F.explode("bands").alias("band"))
    earlier, later = bands.alias("e"), bands.alias("l")
    pairs = (earlier.join(later, "band").where(F.col("e.ordinal") < F.col("l.ordinal"))
             .select(F.col("e.doc_key").alias("earlier"), F.col("l.doc_key").alias("later"))
             .distinct())
    candidates: dict[str, list[str]] = defaultdict(list)
    for row in pairs.toLocalIterator():
        candidates[row["later"]].append(row["earlier"])
    found = {}
    for row in prepared.select("doc_key", "prepared").toLocalIterator():
        text, entities, hashvalues, scheme = json.loads(row["prepared"])
        found[row["doc_key"]] = (Prepared(text, entities, [int(v) for v in hashvalues], scheme),
                                 sorted(candidates.get(row["doc_key"], [])))
    prepared.unpersist()
    return found


def spark_link(spark: SparkSession, store: Store, workdir: str) -> LinkStats | None:
    """Link ``store`` again from the first article, the per-article work on Spark."""
    path = f"{workdir}/articles.parquet"
    articles_to_parquet(store, path)
    return link_store(store, full=True, prepared=prepared_articles(spark, path))
