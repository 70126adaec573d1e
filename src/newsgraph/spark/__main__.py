"""``spark-submit`` entry point: analyze JSONL/Parquet into Parquet.

    ENTRY=$(python -c 'import newsgraph.spark.__main__ as m; print(m.__file__)')
    spark-submit --master yarn "$ENTRY" IN OUT [--model md] [--disable events] [--partitions 200]

Every executor needs newsgraph and its spaCy model installed in the Python
that runs its workers (PYSPARK_PYTHON). ``newsgraph spark analyze`` does the
same from the command line.
"""

from __future__ import annotations

import argparse
import sys

from newsgraph.extract import selection_help
from newsgraph.spark.runner import analyze_to_parquet
from newsgraph.spark.session import SparkUnavailable, spark_session


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsgraph.spark",
                                     description="Analyze JSONL or Parquet into Parquet.")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--input-format", choices=["auto", "jsonl", "parquet"], default="auto")
    parser.add_argument("--model", default=None)
    parser.add_argument("--disable", action="append", default=[], help=selection_help())
    parser.add_argument("--published", default=None)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--master", default=None)
    parser.add_argument("--mode", choices=["errorifexists", "overwrite"], default="errorifexists")
    args = parser.parse_args(argv)
    try:
        spark = spark_session(args.master)
    except SparkUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    counts = analyze_to_parquet(spark, args.input, args.output, mode=args.mode,
                                input_format=args.input_format, model=args.model,
                                disable=args.disable, batch_size=args.batch_size,
                                published=args.published, partitions=args.partitions)
    print(f"{counts['documents']} analyzed, {counts['errors']} skipped -> {args.output}")
    return 0 if counts["documents"] else 1


if __name__ == "__main__":
    sys.exit(main())
