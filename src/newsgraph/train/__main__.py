"""``python -m newsgraph.train attribution|events [--data DIR] [--check]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# hand-made gold kept in the repository's eval/ folder (absent from an installed package)
GOLD_DIR = Path(__file__).resolve().parents[3] / "eval"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsgraph.train")
    parser.add_argument("task", choices=["attribution", "events"], help="what to train")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"),
                        help="the shared data folder (holding polnear/, plover_gsr/, voa/)")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR,
                        help="events: the folder of hand-made gold (genre_gold.tsv, "
                             "events_judged.tsv, events_voa/)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the weights (default: the package's data file)")
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare the scores with the shipped weights' "
                             "instead of writing")
    parser.add_argument("--model", default=None, help="spaCy model (sm, md or a package)")
    args = parser.parse_args(argv)
    if args.task == "events":
        return _events(args)
    from newsgraph.train.attribution import check, train

    if not (args.data / "polnear" / "train").is_dir():
        print(f"error: {args.data / 'polnear' / 'train'} is not a folder", file=sys.stderr)
        return 2
    if args.check:
        return check(args.data, args.model)
    train(args.data, args.model, args.out)
    return 0


def _events(args: argparse.Namespace) -> int:
    from newsgraph.eval.events import GSR_FILE
    from newsgraph.train.events import check, train

    if not (args.data / GSR_FILE).is_file():
        print(f"error: {args.data / GSR_FILE} is not a file", file=sys.stderr)
        return 2
    voa_gold = args.gold / "events_voa" / "events.jsonl"
    if args.check:
        return check(args.data, args.gold, voa_gold, args.model)
    train(args.data, args.gold, voa_gold, args.model, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
