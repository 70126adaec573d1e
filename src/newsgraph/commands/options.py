"""Options that more than one command takes, declared once so their help stays the same."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

TimeBudget = Annotated[float, typer.Option(
    "--time-budget", min=0.0, help="Seconds one document may take; a document over it "
    "is skipped and the rest go on (0: no limit).")]
Skipped = Annotated[Path | None, typer.Option(
    "--skipped", help="Write each skipped input and why to this JSONL file.")]
AttributionKinds = Annotated[str | None, typer.Option(
    "--attribution-kinds", help="Keep only quotes of these kinds of attribution, "
    "comma-separated: speech, report, belief, stance (default: all).")]
