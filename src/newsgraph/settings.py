"""Every setting newsgraph reads from the environment, and the defaults options share.

One table, as Datasette's ``SETTINGS``: each entry has a name, its ``NEWSGRAPH_*``
variable (when the environment may set it), its default and a line of help. Modules
read the environment only through :func:`env`; ``tests/test_settings.py`` checks the
README documents each setting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int | None
    help: str
    env: str | None = None


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("model", "md", "spaCy model: sm, md, or any installed pipeline package "
            "(--model)", env="NEWSGRAPH_MODEL"),
    Setting("data", None, "the shared/data folder of annotated corpora `newsgraph eval` "
            "reads (--data; default ../shared/data)", env="NEWSGRAPH_DATA"),
    Setting("actors", None, "extra actor dictionaries (TSV, several joined with the path "
            "separator) added to the shipped one", env="NEWSGRAPH_ACTORS"),
    Setting("token", None, "token `newsgraph serve` requires on every request (--token)",
            env="NEWSGRAPH_TOKEN"),
    Setting("reliability_svg", None, "where `newsgraph eval reliability` writes its plot "
            "(default docs/reliability.svg when a docs folder is in the current directory)",
            env="NEWSGRAPH_RELIABILITY_SVG"),
    Setting("spark_shuffle", 8, "spark.sql.shuffle.partitions of the sessions newsgraph "
            "starts", env="NEWSGRAPH_SPARK_SHUFFLE"),
    Setting("duckdb_memory", None, "cap on DuckDB's memory in a store's process (\"1GB\"; it "
            "spills to disk past it; default: DuckDB's own, most of the memory)",
            env="NEWSGRAPH_DUCKDB_MEMORY"),
    Setting("eval_no_quotes", None, "any value: `newsgraph eval events` scores MEANTIME "
            "factuality without the quotes extractor (to measure what quotes add)",
            env="NEWSGRAPH_EVAL_NO_QUOTES"),
    Setting("eval_events_half", "reporting", "half of the VOA event dev set `newsgraph eval "
            "events` scores: reporting, tuning (the one rules are tuned on) or both",
            env="NEWSGRAPH_EVAL_EVENTS_HALF"),
    Setting("eval_store", None, "a store `newsgraph eval crossdoc` checks the judged sample "
            "against: it prints how many of the store's links have no judgement",
            env="NEWSGRAPH_EVAL_STORE"),
    Setting("events_keep_unanchored", None, "1: keep events with neither actor nor target "
            "in the JSON, at confidence <= 0.05 (for recall studies)",
            env="NEWSGRAPH_EVENTS_KEEP_UNANCHORED"),
    Setting("batch_size", 32, "documents per spaCy parsing batch (--batch-size)"),
    Setting("processes", 1, "worker processes for analyze and ingest (--processes)"),
    Setting("max_body", 2 * 1024 * 1024, "largest request body `newsgraph serve` accepts, "
            "bytes (--max-body)"),
    Setting("host", "127.0.0.1", "address `newsgraph serve` listens on (--host)"),
    Setting("port", 8765, "port `newsgraph serve` listens on (--port)"),
    Setting("time_budget", 120, "seconds one document's analysis may take in analyze, "
            "ingest and serve; over it the document is skipped (--time-budget; 0: none)"),
)}


def env(name: str) -> str | None:
    """The environment's value for setting ``name``, or None when unset or empty."""
    variable = SETTINGS[name].env
    assert variable is not None, f"setting {name!r} is not read from the environment"
    return os.environ.get(variable) or None


def env_name(name: str) -> str:
    """The ``NEWSGRAPH_*`` variable of setting ``name``."""
    variable = SETTINGS[name].env
    assert variable is not None, f"setting {name!r} is not read from the environment"
    return variable


def default(name: str) -> str | int | None:
    return SETTINGS[name].default
