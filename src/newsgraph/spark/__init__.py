"""Run the analysis on Spark: JSONL or Parquet in, Parquet out, one model load per worker.

pyspark is an optional extra (``pip install newsgraph[spark]``); nothing here
imports it until a job runs. See :mod:`newsgraph.spark.runner` for the output
layout and ``python -m newsgraph.spark --help`` for the ``spark-submit`` entry.
"""

from newsgraph.spark.runner import OUTPUT_COLUMNS, analyze_to_parquet, read_documents

__all__ = ["OUTPUT_COLUMNS", "analyze_to_parquet", "read_documents"]
