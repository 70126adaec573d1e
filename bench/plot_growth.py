"""Draw the time per batch of ``bench/bench_growth.py`` runs as an SVG.

    python bench/plot_growth.py duckdb.log postgresql.log --out docs/growth.svg

Each log is the benchmark's printed table; a series is named after its file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 640, 300, 60, 40, 20, 130
COLOURS = ["#3b6fb6", "#c0392b", "#2e8b57", "#8e44ad"]


def read_series(path: Path) -> list[tuple[int, float]]:
    """(articles after the batch, seconds of the batch) per printed batch row."""
    points = []
    for line in path.read_text().splitlines():
        cells = line.split("\t")
        if len(cells) >= 5 and cells[0].isdigit():
            points.append((int(cells[1]), float(cells[4])))
    return points


def svg(series: dict[str, list[tuple[int, float]]]) -> str:
    xmax = max(x for points in series.values() for x, _ in points)
    ymax = max(y for points in series.values() for _, y in points) * 1.1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at(x: float, y: float) -> tuple[float, float]:
        return LEFT + plot_w * x / xmax, TOP + plot_h * (1 - y / ymax)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
           'stroke="black"/>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="black"/>']
    for i in range(5):
        y = ymax * i / 4
        _, py = at(0, y)
        out.append(f'<text x="{LEFT - 6}" y="{py + 4:.1f}" text-anchor="end">{y:.0f}</text>')
        x = xmax * i / 4
        px, _ = at(x, 0)
        out.append(f'<text x="{px:.1f}" y="{TOP + plot_h + 16}" '
                   f'text-anchor="middle">{x:,.0f}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle">'
               'articles in the store after the batch</text>')
    out.append(f'<text x="14" y="{TOP + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {TOP + plot_h / 2})">seconds per batch</text>')
    for n, (name, points) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in (at(x, y) for x, y in points))
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                   'stroke-width="2"/>')
        out.append(f'<text x="{LEFT + plot_w + 10}" y="{TOP + 14 + 16 * n}" '
                   f'fill="{colour}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs/growth.svg"))
    args = parser.parse_args()
    series = {log.stem: read_series(log) for log in args.logs}
    args.out.write_text(svg({k: v for k, v in series.items() if v}))


if __name__ == "__main__":
    main()
