"""The Spark job: read articles, analyze each partition as a stream, write Parquet.

Output: one row per input article, with these columns (:data:`OUTPUT_COLUMNS`):

* ``ordinal`` (long): the article's position in the input (files in name order,
  then lines or rows), so ``ORDER BY ordinal`` gives the local run's order;
* ``origin`` (string): ``path:line`` (JSONL) or ``path:row`` (Parquet), 1-based;
* ``id``, ``title``, ``url``, ``published``, ``language`` (strings): copied from
  the document, for filtering and partitioning without parsing JSON;
* ``document`` (string): the whole :class:`~newsgraph.schema.Document` as JSON,
  exactly what ``newsgraph analyze --format jsonl`` writes for it;
* ``error`` (string): why the article was not analyzed (then ``document`` is
  null); the local CLI prints these and skips the article.

Why a JSON column rather than nested Spark structs: the schema is recursive
(``Quantity.revises`` is a ``Quantity``), which Spark types cannot express,
and a JSON string keeps the output byte-identical to the local run and to
``newsgraph schema``. Spark SQL reads into it with ``from_json`` /
``get_json_object``; ``read_documents`` parses it back with pydantic.

Each Python worker builds the :class:`~newsgraph.pipeline.Pipeline` once (the
spaCy model loads once per worker process, reused across tasks) and streams
its partition through ``analyze_stream``, so memory stays bounded per batch.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.extract import DEFAULT_EXTRACTORS, resolve
from newsgraph.ingest import IngestError, RawArticle
from newsgraph.ingest.readers import JSONL_SUFFIXES, parse_jsonl_line
from newsgraph.models import model_name
from newsgraph.schema import Document

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

OUTPUT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("ordinal", "long"),
    ("origin", "string"),
    ("id", "string"),
    ("title", "string"),
    ("url", "string"),
    ("published", "string"),
    ("language", "string"),
    ("document", "string"),
    ("error", "string"),
)

# (model, extractors, disabled) -> Pipeline, per Python worker process.
_PIPELINES: dict[tuple, Any] = {}


def _pipeline(spec: tuple[str, tuple[str, ...], tuple[str, ...]]):
    if spec not in _PIPELINES:
        from newsgraph.pipeline import Pipeline

        model, extractors, disable = spec
        _PIPELINES[spec] = Pipeline(model, extractors=extractors, disable=disable)
    return _PIPELINES[spec]


def analyze_partition(records: Iterable[tuple[int, str, int, str]], *, spec: tuple,
                      batch_size: int = 32, published: str | None = None
                      ) -> Iterator[tuple]:
    """Analyze ``(ordinal, path, number, JSON line)`` records; one output row each.

    Blank lines give no row, as in the local reader.
    """
    pending: deque[tuple[int, str]] = deque()

    def items() -> Iterator[RawArticle | IngestError]:
        for ordinal, path, number, line in records:
            item = parse_jsonl_line(line, number=number, origin=path, published=published)
            if item is not None:
                pending.append((ordinal, f"{path}:{number}"))
                yield item

    for result in _pipeline(spec).analyze_stream(items(), batch_size=batch_size):
        ordinal, origin = pending.popleft()
        if isinstance(result, IngestError):
            yield (ordinal, origin, None, None, None, None, None, None, result.message)
        else:
            yield (ordinal, origin, result.id, result.title, result.url, result.published,
                   result.language, result.model_dump_json(), None)


def _output_schema():
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    types = {"long": LongType(), "string": StringType()}
    return StructType([StructField(name, types[kind], nullable=name != "ordinal")
                       for name, kind in OUTPUT_COLUMNS])


def _input_format(path: str, requested: str) -> str:
    if requested != "auto":
        return requested
    local = Path(path)
    if local.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    if local.suffix.lower() == ".parquet":
        return "parquet"
    if local.is_dir():
        if any(local.rglob("*.parquet")):
            return "parquet"
        return "jsonl"
    raise ValueError(f"cannot tell the format of {path!r}; pass --input-format jsonl|parquet")


def _jsonl_files(path: str) -> list[str]:
    local = Path(path)
    if local.is_dir():
        files = sorted(str(p) for p in local.rglob("*")
                       if p.is_file() and p.suffix.lower() in JSONL_SUFFIXES
                       and not p.name.startswith("."))
        if not files:
            raise ValueError(f"no .jsonl or .ndjson files under {path}")
        return files
    return [path]  # a file, or a URI Spark reads (hdfs://, s3a://...)


def _jsonl_records(spark: SparkSession, path: str):
    """RDD of (path, 1-based line number, line) over every JSONL file, in order."""
    context = spark.sparkContext
    rdds = []
    for file in _jsonl_files(path):
        lines = context.textFile(file).zipWithIndex()
        rdds.append(lines.map(lambda pair, file=file: (file, pair[1] + 1, pair[0])))
    return context.union(rdds) if len(rdds) > 1 else rdds[0]


def _parquet_records(spark: SparkSession, path: str):
    """RDD of (path, 1-based row number, the row as a JSON line), in order."""
    frame = spark.read.parquet(path)
    if "text" not in frame.columns and "html" not in frame.columns:
        raise ValueError(f"{path} has neither a 'text' nor an 'html' column")
    rows = frame.rdd.zipWithIndex()
    return rows.map(lambda pair: (path, pair[1] + 1,
                                  json.dumps(pair[0].asDict(), default=str)))


def analyze_frame(spark: SparkSession, input_path: str, *, input_format: str = "auto",
                  model: str | None = None, disable: Iterable[str] = (), batch_size: int = 32,
                  published: str | None = None, partitions: int | None = None) -> DataFrame:
    """A DataFrame of analyzed articles (see the module docstring for its columns)."""
    disable = tuple(disable)
    resolve(DEFAULT_EXTRACTORS, disable)  # an unknown extractor fails here, not on executors
    # Resolved on the driver so every executor loads the same model.
    spec = (model_name(model), DEFAULT_EXTRACTORS, disable)
    kind = _input_format(input_path, input_format)
    records = (_jsonl_records if kind == "jsonl" else _parquet_records)(spark, input_path)
    numbered = records.zipWithIndex().map(lambda pair: (pair[1], *pair[0]))
    if partitions:
        numbered = numbered.repartition(partitions)
    rows = numbered.mapPartitions(
        lambda part: analyze_partition(part, spec=spec, batch_size=batch_size,
                                       published=published))
    return spark.createDataFrame(rows, schema=_output_schema())


def analyze_to_parquet(spark: SparkSession, input_path: str, output_path: str, *,
                       mode: str = "errorifexists", **options: Any) -> dict[str, int]:
    """Analyze ``input_path`` into Parquet at ``output_path``; returns row counts."""
    analyze_frame(spark, input_path, **options).write.mode(mode).parquet(output_path)
    written = spark.read.parquet(output_path)
    errors = written.where(written.error.isNotNull()).count()
    return {"documents": written.count() - errors, "errors": errors}


def read_documents(path: str | Path) -> list[tuple[int, Document | str]]:
    """Read a Parquet output back: ``(ordinal, Document or error message)`` in input order.

    Needs only pyarrow, not Spark.
    """
    import pyarrow.parquet as pq

    table = pq.read_table(str(path), columns=["ordinal", "document", "error"]).to_pylist()
    rows = sorted(table, key=lambda row: row["ordinal"])
    return [(row["ordinal"], Document.model_validate_json(row["document"])
             if row["document"] is not None else row["error"]) for row in rows]
