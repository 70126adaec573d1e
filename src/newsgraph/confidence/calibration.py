"""Calibration tables: evidence features -> probability that the item is right.

A table holds, for every prefix of every feature tuple seen in training, how
many items had it and how many of them were right. A prediction starts from the
kind's overall rate and walks down the prefixes, each step shrinking the
observed rate toward the one above it (a Beta prior of weight ``STRENGTH``):
a combination seen often gets its own rate, a rare one stays near its parent.
On the training items the result is a histogram-binning calibrator; the
reliability command measures it on dev data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsgraph.confidence.features import Features
from newsgraph.data import data_file, read_text

STRENGTH = 8.0
DATA_FILE = "calibration.json"
# the item kinds a table may be fitted for
KINDS = ("quote", "speaker", "status", "quantity", "timex", "event", "entity")


def _key(features: Features, depth: int) -> str:
    return "|".join(features[:depth])


@dataclass
class Table:
    """Counts ``[n, right]`` per feature prefix ("" is the whole kind)."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def fit(cls, examples: Iterable[tuple[Features, bool]], source: str = "") -> Table:
        table = cls(source=source)
        for features, right in examples:
            for depth in range(len(features) + 1):
                cell = table.counts.setdefault(_key(features, depth), [0, 0])
                cell[0] += 1
                cell[1] += bool(right)
        return table

    def predict(self, features: Features) -> float | None:
        n, right = self.counts.get("", (0, 0))
        if not n:
            return None
        p = (right + 1) / (n + 2)
        for depth in range(1, len(features) + 1):
            cell = self.counts.get(_key(features, depth))
            if cell is None:
                break
            p = (cell[1] + STRENGTH * p) / (cell[0] + STRENGTH)
        return round(min(1.0, max(0.0, p)), 4)

    def to_json(self) -> dict:
        return {"source": self.source, "counts": self.counts}

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls({k: list(v) for k, v in data["counts"].items()}, data.get("source", ""))


Tables = dict[str, Table]


def save(tables: Tables, path: Path) -> None:
    data = {kind: tables[kind].to_json() for kind in KINDS if kind in tables}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def parse(text: str) -> Tables:
    return {kind: Table.from_json(data) for kind, data in json.loads(text).items()}


@lru_cache(maxsize=1)
def load() -> Tables:
    """The packaged tables (``newsgraph/data/calibration.json``); empty when absent."""
    path = data_path()
    if not path.is_file():
        return {}
    return parse(read_text(DATA_FILE))


def data_path() -> Path:
    return data_file(DATA_FILE)
