"""The Spark runner (master local[2]) gives the same Documents as the local run."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from newsgraph.ingest import IngestError, read_paths
from newsgraph.schema import Document

MODEL = "sm"  # the smaller pinned model keeps the test quick; both runs use it
IN_CI = os.environ.get("CI") == "true"


def _need(condition: bool, reason: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (CI must run the Spark test: see scripts/setup-java.sh)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _need(False, "pyspark is not installed (the spark extra)")
    _need(shutil.which("java") is not None or "JAVA_HOME" in os.environ, "no Java for Spark")
    from newsgraph.spark.session import spark_session

    session = spark_session("local[2]", app_name="newsgraph-test",
                            config={"spark.default.parallelism": "2"})
    yield session
    session.stop()


RECORDS = [
    {"id": "port", "published": "2024-03-05", "title": "Port strike",
     "text": "ROTTERDAM, March 5 (Reuters) - About 1,200 dock workers walked out on Tuesday, "
             "the union said. \"We will not go back until the contracts are signed,\" "
             "said Jan de Vries, a union spokesman. The port authority declined to comment."},
    {"published": "2021-06-14",
     "text": "Officials in Kenya said on Monday that at least 40 people had died in floods "
             "since May. The government has not confirmed reports that a dam failed."},
    {"id": "german", "text": "Die Bundesregierung hat am Montag neue Maßnahmen beschlossen, "
                             "die ab dem kommenden Jahr gelten sollen, teilte ein Sprecher mit."},
    {"id": "talks", "published": "2023-11-20",
     "text": "Negotiators from both sides met in Geneva last week. A senior diplomat, who "
             "asked not to be named, told reporters the talks had been \"constructive\". "
             "Israel and Hamas agreed to a four-day pause, Qatar's foreign ministry said."},
]


def _write_input(folder: Path) -> Path:
    path = folder / "articles.jsonl"
    lines = [json.dumps(record) for record in RECORDS]
    lines.insert(2, "{not json")  # a malformed line is reported, not fatal
    lines.insert(3, "")  # blank lines are skipped
    example = Path(__file__).resolve().parents[1].parent / "shared/examples/kursk-deployment.txt"
    if example.exists():
        lines.append(json.dumps({"id": "example", "published": "2024-10-28",
                                 "text": example.read_text("utf-8")}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _local(path: Path) -> list[Document | str]:
    from newsgraph.pipeline import Pipeline

    return [result.message if isinstance(result, IngestError) else result
            for result in Pipeline(MODEL).analyze_stream(read_paths([path]))]


def test_spark_output_equals_local_run(spark, tmp_path):
    from newsgraph.spark import analyze_to_parquet, read_documents

    source = _write_input(tmp_path)
    out = tmp_path / "out.parquet"
    counts = analyze_to_parquet(spark, str(source), str(out), model=MODEL)

    local = _local(source)
    remote = [item for _ordinal, item in read_documents(out)]
    assert remote == local  # same Documents, same errors, same order
    documents = [d for d in local if isinstance(d, Document)]
    assert counts == {"documents": len(documents), "errors": len(local) - len(documents)}
    assert counts["errors"] == 2  # the malformed line and the German text
    assert any(q.speaker and q.speaker.name == "Jan de Vries"
               for d in documents for q in d.quotes)

    import pyarrow.parquet as pq

    rows = pq.read_table(str(out)).to_pylist()
    by_id = {row["id"]: row for row in rows if row["id"]}
    assert by_id["port"]["published"] == "2024-03-05"
    assert by_id["articles-2"]["origin"].endswith("articles.jsonl:2")  # fallback id as locally
    # the document column is exactly what `newsgraph analyze --format jsonl` writes
    assert by_id["port"]["document"] == next(
        d for d in documents if d.id == "port").model_dump_json()


def test_spark_reads_parquet_input(spark, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsgraph.spark import analyze_to_parquet, read_documents

    records = [r for r in RECORDS if "id" in r and r["id"] != "german"]
    table = pa.table({key: [r.get(key) for r in records]
                      for key in ("id", "published", "title", "text")})
    source = tmp_path / "in.parquet"
    pq.write_table(table, source)
    jsonl = tmp_path / "same.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    out = tmp_path / "out"
    analyze_to_parquet(spark, str(source), str(out), model=MODEL, partitions=2)
    assert [item for _ordinal, item in read_documents(out)] == _local(jsonl)
