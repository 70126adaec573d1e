"""``python -m newsgraph``: the command line."""

from newsgraph.cli import run

run()
