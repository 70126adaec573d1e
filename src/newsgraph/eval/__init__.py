"""``newsgraph eval``: score the pipeline on the shared annotated corpora.

Each task is a module in this package exposing ``run(data_dir, model, limit)``
that returns an :class:`EvalReport`. Tasks read data from ``../shared/data``
(or ``--data``) and never copy it.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.settings import env, env_name

if TYPE_CHECKING:
    from newsgraph.ingest import RawArticle

# task name -> module; each later issue adds its line here
TASKS: dict[str, str] = {
    "attribution": "newsgraph.eval.attribution",
    "ner": "newsgraph.eval.ner",
    "time": "newsgraph.eval.time",
    "clusters": "newsgraph.eval.clusters",
    "events": "newsgraph.eval.events",
    "quantities": "newsgraph.eval.quantities",
    "reliability": "newsgraph.eval.calibration.reliability",
    "crossdoc": "newsgraph.eval.crossdoc",
}

DATA_ENV = env_name("data")


def default_data_dir() -> Path:
    """``$NEWSGRAPH_DATA``, else ``../shared/data`` from the current or the project directory."""
    if env("data"):
        return Path(env("data"))
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "data"


# the shared dated news articles the dev sets and judged samples are drawn from
SHARED_ARTICLES = (Path("voa") / "voa_stories.jsonl",
                   Path("wikinews") / "wikinews_articles.jsonl")
# VOA stories held out for checks nobody tunes on: never annotated, sampled or scored here
RESERVED_VOA = frozenset("8004380 8008126 8008152 8008998 8009044 8009853 8010057 8010418 "
                         "8010476 8010842 8011076 8011115".split())


def shared_articles(data_dir: Path, ids: Collection[str]) -> Iterator[RawArticle]:
    """The shared articles with these ids, as newsgraph's own JSONL reader gives them
    (its ids, its text: the dev sets' offsets point into it), in file order; a corpus
    file that is absent is passed over."""
    from newsgraph.ingest import IngestError
    from newsgraph.ingest.readers import read_jsonl_file

    for path in SHARED_ARTICLES:
        if (data_dir / path).exists():
            for item in read_jsonl_file(data_dir / path):
                if not isinstance(item, IngestError) and item.id in ids:
                    yield item


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class Row:
    """One line of a report table: a system, a measure and its figures."""

    system: str
    measure: str
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    accuracy: float | None = None
    support: int | None = None

    @classmethod
    def from_score(cls, system: str, measure: str, score: Score) -> Row:
        return cls(system, measure, score.precision, score.recall, score.f1,
                   support=score.tp + score.fn)


@dataclass
class EvalReport:
    task: str
    dataset: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float | None = None

    def to_dict(self) -> dict:
        return {
            "task": self.task,
            "dataset": self.dataset,
            "seconds": self.seconds,
            "notes": self.notes,
            "rows": [row.__dict__ for row in self.rows],
        }

    def to_markdown(self) -> str:
        """The report as a Markdown table, as the README shows it."""
        def cell(value: float | int | None) -> str:
            if value is None:
                return ""
            return f"{value:.3f}" if isinstance(value, float) else f"{value:,}"

        seconds = f" ({self.seconds:.0f} s)" if self.seconds else ""
        lines = [f"**{self.task}** — {self.dataset}{seconds}", "",
                 "| system | measure | P | R | F1 | acc | n |", "|---|---|---|---|---|---|---|"]
        for r in self.rows:
            lines.append(f"| {r.system} | {r.measure} | {cell(r.precision)} | "
                         f"{cell(r.recall)} | {cell(r.f1)} | {cell(r.accuracy)} | "
                         f"{cell(r.support)} |")
        lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines).rstrip() + "\n"


class DatasetMissing(FileNotFoundError):
    pass


def require(path: Path) -> Path:
    if not path.exists():
        raise DatasetMissing(f"{path} not found: point --data (or ${DATA_ENV}) at the "
                             "shared/data folder")
    return path


def run_task(task: str, *, data_dir: Path | None = None, model: str | None = None,
             limit: int | None = None) -> EvalReport:
    if task not in TASKS:
        raise KeyError(f"unknown eval task {task!r}; tasks: {', '.join(sorted(TASKS))}")
    module = importlib.import_module(TASKS[task])
    return module.run(data_dir or default_data_dir(), model=model, limit=limit)
