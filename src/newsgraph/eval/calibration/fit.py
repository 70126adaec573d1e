"""Refit the calibration tables on the train side of the shared data.

    python -m newsgraph.eval.calibration.fit [--data DIR] [--limit N] [--output FILE]

Writes ``newsgraph/data/calibration.json`` (or ``--output``); see
:mod:`newsgraph.eval.calibration.collect` for which data fits which kind.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from newsgraph.confidence.calibration import Table, Tables, data_path, save
from newsgraph.eval import default_data_dir
from newsgraph.eval.calibration.collect import Examples, collect


def fit_tables(examples: Examples) -> Tables:
    return {kind: Table.fit(items, source=f"{len(items)} train items")
            for kind, items in examples.items() if items}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared/data folder")
    parser.add_argument("--model", default=None, help="spaCy model (sm, md or a package)")
    parser.add_argument("--limit", type=int, default=None, help="documents per source")
    parser.add_argument("--output", type=Path, default=None, help="where to write the tables")
    args = parser.parse_args(argv)
    examples = collect(args.data or default_data_dir(), "train", args.model, args.limit)
    tables = fit_tables(examples)
    out = args.output or data_path()
    save(tables, out)
    for kind, table in tables.items():
        n, right = table.counts[""]
        print(f"{kind}: {n} items, {right / n:.3f} right")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
