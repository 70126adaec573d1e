"""A SparkSession for newsgraph jobs, with a clear message when pyspark is missing."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from newsgraph.settings import default, env

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

INSTALL_HINT = ("pyspark is not installed: `pip install 'newsgraph[spark]'` (Spark also "
                "needs Java 17 or newer; see scripts/setup-java.sh)")


class SparkUnavailable(RuntimeError):
    pass


def spark_session(master: str | None = None, app_name: str = "newsgraph",
                  config: dict[str, str] | None = None) -> SparkSession:
    """Get or create a session; ``master`` None leaves it to spark-submit (or local[*])."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(INSTALL_HINT) from None
    chosen = master or os.environ.get("SPARK_MASTER")
    if chosen is None and "SPARK_HOME" not in os.environ and "pyspark.daemon" not in sys.modules:
        chosen = "local[*]"
    if chosen and chosen.startswith("local"):
        # Local workers must run this interpreter, where newsgraph is installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if chosen:
        builder = builder.master(chosen)
    shuffle = env("spark_shuffle") or default("spark_shuffle")
    settings = {"spark.ui.showConsoleProgress": "false",
                "spark.sql.shuffle.partitions": str(shuffle)}
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # no Java, or the JVM failed to start
        raise SparkUnavailable(f"cannot start Spark ({type(exc).__name__}: {exc})") from exc
