"""``python -m newsgraph.train attribution [--data DIR] [--check]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsgraph.train")
    parser.add_argument("task", choices=["attribution"], help="what to train")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"),
                        help="the shared data folder (holding polnear/)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the weights (default: the package's data file)")
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare the scores with the shipped weights' "
                             "(within 0.005) instead of writing")
    parser.add_argument("--model", default=None, help="spaCy model (sm, md or a package)")
    args = parser.parse_args(argv)
    from newsgraph.train.attribution import check, train

    if not (args.data / "polnear" / "train").is_dir():
        print(f"error: {args.data / 'polnear' / 'train'} is not a folder", file=sys.stderr)
        return 2
    if args.check:
        return check(args.data, args.model)
    train(args.data, args.model, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
