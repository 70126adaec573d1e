"""``newsgraph eval reliability``: calibrated confidence against measured accuracy on dev data.

The dev side of every source (:mod:`newsgraph.eval.calibration.collect`) is scored with
the packaged tables, items are put in confidence deciles, and each decile's mean
confidence is set against the share of its items that the scorers found right.
Rows: one per decile for all kinds pooled ("all"), then per kind. The plot is
written to ``docs/reliability.svg`` when the current directory has a ``docs``
folder (or to ``$NEWSGRAPH_RELIABILITY_SVG``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from newsgraph.confidence.calibration import Tables, load
from newsgraph.eval import EvalReport, Row
from newsgraph.eval.calibration.collect import Examples, collect
from newsgraph.settings import env, env_name

SVG_ENV = env_name("reliability_svg")
BINS = 10
SMALL = 30  # deciles with fewer items are drawn hollow


@dataclass
class Bin:
    low: float
    n: int = 0
    confidence: float = 0.0  # sum, then mean
    right: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.right / self.n if self.n else None

    @property
    def mean(self) -> float | None:
        return self.confidence / self.n if self.n else None

    @property
    def label(self) -> str:
        return f"{self.low:.1f}-{self.low + 1 / BINS:.1f}"


def deciles(scored: list[tuple[float, bool]]) -> list[Bin]:
    bins = [Bin(k / BINS) for k in range(BINS)]
    for p, right in scored:
        b = bins[min(BINS - 1, int(p * BINS))]
        b.n += 1
        b.confidence += p
        b.right += right
    return bins


def score_examples(examples: Examples, tables: Tables) -> dict[str, list[tuple[float, bool]]]:
    out: dict[str, list[tuple[float, bool]]] = {}
    for kind, items in examples.items():
        table = tables.get(kind)
        if table is None:
            continue
        out[kind] = [(p, right) for features, right in items
                     if (p := table.predict(features)) is not None]
    return out


def expected_error(bins: list[Bin]) -> float:
    """Expected calibration error: |accuracy - confidence| weighted by decile size."""
    total = sum(b.n for b in bins)
    return sum(b.n * abs(b.accuracy - b.mean) for b in bins if b.n) / total if total else 0.0


def markdown(bins: list[Bin]) -> str:
    lines = ["| confidence | n | mean confidence | accuracy | gap |", "|---|---:|---:|---:|---:|"]
    for b in bins:
        if b.n:
            lines.append(f"| {b.label} | {b.n} | {b.mean:.3f} | {b.accuracy:.3f} | "
                         f"{b.accuracy - b.mean:+.3f} |")
        else:
            lines.append(f"| {b.label} | 0 | | | |")
    return "\n".join(lines)


def svg(bins_by_kind: dict[str, list[Bin]], title: str) -> str:
    """Accuracy against mean confidence per decile, one series per kind; the diagonal and
    a ±0.1 band mark perfect calibration. Dot area grows with the decile's n; deciles with
    fewer than ``SMALL`` items are hollow."""
    size, pad, right_pad = 360, 50, 130
    colors = ["#222", "#3b6fb6", "#2e8b57", "#c0392b", "#d68910", "#8e44ad", "#2c7f9e", "#a0522d"]

    def x(v: float) -> float:
        return pad + v * size

    def y(v: float) -> float:
        return pad + (1 - v) * size

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size + pad + right_pad} '
           f'{size + 2 * pad}" width="{size + pad + right_pad}" height="{size + 2 * pad}" '
           'font-family="sans-serif" font-size="11">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{pad}" y="20" font-size="13">{escape(title)}</text>',
           f'<polygon points="{x(0)},{y(0.1)} {x(0.9)},{y(1)} {x(1)},{y(1)} {x(1)},{y(0.9)} '
           f'{x(0.1)},{y(0)} {x(0)},{y(0)}" fill="#eee"/>',
           f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#999" '
           'stroke-dasharray="4 3"/>',
           f'<rect x="{x(0)}" y="{y(1)}" width="{size}" height="{size}" fill="none" '
           'stroke="#666"/>']
    for k in range(0, 11, 2):
        v = k / 10
        out.append(f'<text x="{x(v)}" y="{y(0) + 15}" text-anchor="middle">{v:.1f}</text>')
        out.append(f'<text x="{x(0) - 6}" y="{y(v) + 4}" text-anchor="end">{v:.1f}</text>')
    out.append(f'<text x="{x(0.5)}" y="{y(0) + 32}" text-anchor="middle">mean confidence '
               'in decile</text>')
    out.append(f'<text transform="translate(14 {y(0.5)}) rotate(-90)" text-anchor="middle">'
               'measured accuracy</text>')
    for i, (kind, bins) in enumerate(bins_by_kind.items()):
        color = colors[i % len(colors)]
        points = [(x(b.mean), y(b.accuracy), b.n) for b in bins if b.n]
        # the first series (all kinds pooled) is the one to read; the kinds stay faint
        width, opacity = (2.5, 1.0) if i == 0 else (1, 0.45)
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" '
                       f'stroke-width="{width}" stroke-opacity="{opacity}"/>')
        for px, py, n in points:
            r = min(7.0, 1.5 + n ** 0.5 / 4)
            fill = color if n >= SMALL else "white"  # hollow: too few items to read much
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{r:.1f}" fill="{fill}" '
                       f'stroke="{color}" fill-opacity="{opacity}" stroke-opacity="{opacity}">'
                       f'<title>{escape(kind)}: n={n}</title></circle>')
        ly = pad + 14 * i + 6
        out.append(f'<line x1="{x(1) + 12}" y1="{ly}" x2="{x(1) + 30}" y2="{ly}" '
                   f'stroke="{color}" stroke-width="{width + 1}"/>')
        total = sum(b.n for b in bins)
        out.append(f'<text x="{x(1) + 34}" y="{ly + 4}">{escape(kind)} ({total})</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _svg_path() -> Path | None:
    if env("reliability_svg"):
        return Path(env("reliability_svg"))
    docs = Path.cwd() / "docs"
    return docs / "reliability.svg" if docs.is_dir() else None


def measure(examples: Examples, tables: Tables) -> dict[str, list[Bin]]:
    scored = score_examples(examples, tables)
    pooled = [item for items in scored.values() for item in items]
    return {"all": deciles(pooled), **{k: deciles(v) for k, v in scored.items()}}


def run(data_dir: Path, model: str | None = None, limit: int | None = None) -> EvalReport:
    began = time.perf_counter()
    tables = load()
    examples = collect(data_dir, "dev", model, limit, log=lambda _: None)
    by_kind = measure(examples, tables)
    report = EvalReport("reliability", "dev sides: PolNeAR dev, MEANTIME odd documents, "
                        "MEANTIME timexes, PLOVER GSR odd records, CoNLL++ dev")
    for kind, bins in by_kind.items():
        for b in bins:
            if b.n:
                report.rows.append(Row(kind, f"confidence {b.label} (mean {b.mean:.3f})",
                                       accuracy=b.accuracy, support=b.n))
        report.rows.append(Row(kind, "expected calibration error",
                               accuracy=expected_error(bins), support=sum(b.n for b in bins)))
    report.notes.append("acc = share of the decile's items the scorers found right; "
                        "'expected calibration error' = n-weighted mean |accuracy - confidence|")
    report.notes.append("all deciles:\n" + markdown(by_kind["all"]))
    path = _svg_path()
    if path is not None:
        path.write_text(svg(by_kind, "Reliability on dev data (newsgraph)"), encoding="utf-8")
        report.notes.append(f"plot written to {path}")
    report.seconds = time.perf_counter() - began
    return report
