"""The CLI on a real terminal (a pty of a given size): the progress bar of ``ingest``,
and the text report of ``analyze`` at 80 columns with no word cut inside a cell."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.console import Console

from newsgraph.report import render

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")
SRC = str(Path(__file__).resolve().parents[1] / "src")


def run_in_terminal(args: list[str], columns: int, timeout: float = 600,
                    program: tuple[str, ...] = ("-m", "newsgraph.cli")) -> tuple[int, str]:
    """Run ``newsgraph args`` (or ``python program args``) with stdin, stdout and stderr
    on a pty ``columns`` wide; return its exit code and everything it showed, escape
    sequences removed."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(TERM="xterm-256color", PYTHONPATH=SRC + os.pathsep + env.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, *program, *args], stdin=slave,
                            stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    code = proc.wait(timeout=60)
    return code, ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def test_ingest_shows_a_progress_bar_with_rate_and_time_left(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(4):
        (folder / f"report-{i}.txt").write_text(
            f"Officials in Kyiv said on Monday that {i + 2} drones were shot down overnight. "
            "The governor said nobody was hurt.\n", "utf-8")
    code, shown = run_in_terminal(["ingest", str(folder), "--db", str(tmp_path / "n.duckdb"),
                                   "--published", "2024-11-04", "--commit-every", "1",
                                   "--batch-size", "1", "--no-link"], columns=140)
    assert code == 0, shown
    assert "ingesting" in shown and "4/4" in shown
    assert re.search(r"[\d.]+ articles/(?:s|min)", shown), shown
    assert "left" in shown
    assert "4 new" in shown


def test_analyze_at_80_columns_cuts_no_word(example_doc, tmp_path):
    example = tmp_path / "kursk-deployment.txt"
    example.write_text(example_doc.text, "utf-8")
    code, shown = run_in_terminal(["analyze", str(example), "--published", "2024-10-28"],
                                  columns=80)
    assert code == 0, shown
    lines = shown.splitlines()
    assert max(len(line.rstrip("\r")) for line in lines) <= 80
    # every word on the screen is a whole word of the same report printed unwrapped
    unwrapped = Console(width=2000, file=open(os.devnull, "w"), record=True)
    unwrapped.print(render(example_doc, 80))
    whole = words(unwrapped.export_text())
    cut = sorted(words(shown) - whole)
    assert not cut, cut[:20]
    assert "Quotations" in shown and "Events" in shown


def test_the_narrow_report_is_lists_not_cramped_tables(example_doc):
    console = Console(width=80, record=True, file=open(os.devnull, "w"))
    console.print(render(example_doc, 80))
    text = console.export_text()
    assert "what was said" not in text  # the quotation table header: wide layout only
    assert "28 October 2024" in text and "2024-10-28" in text
    wide = Console(width=160, record=True, file=open(os.devnull, "w"))
    wide.print(render(example_doc, 160))
    assert "what was said" in wide.export_text()


@pytest.mark.parametrize("columns", [60, 100])
def test_no_word_is_cut_at_other_widths(example_doc, columns):
    console = Console(width=columns, record=True, file=open(os.devnull, "w"))
    console.print(render(example_doc, columns))
    unwrapped = Console(width=2000, record=True, file=open(os.devnull, "w"))
    unwrapped.print(render(example_doc, columns))
    assert not words(console.export_text()) - words(unwrapped.export_text())


def test_piped_ingest_prints_plain_lines_and_an_unwrapped_summary(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"report-{i}.txt").write_text(
            f"Officials in Kharkiv said on Tuesday that {i + 3} missiles hit the city. "
            "The mayor said two people were hurt.\n", "utf-8")
    env = {**os.environ, "COLUMNS": "40", "PYTHONPATH": SRC}
    result = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "ingest", str(folder), "--db",
         str(tmp_path / "n.duckdb"), "--published", "2024-11-05", "--commit-every", "1",
         "--batch-size", "1", "--no-link"],
        capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "\x1b[" not in result.stderr  # no bar, no colour: plain lines in a log
    assert any(line.startswith("committed") and "/s" in line for line in lines)
    summary = [line for line in lines if "articles in" in line]
    assert len(summary) == 1 and "3 new" in summary[0] and len(summary[0]) > 40


def test_analyze_of_many_inputs_shows_the_bar_on_a_terminal(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"report-{i}.txt").write_text(
            f"Officials in Odesa said on Monday that {i + 2} drones were shot down. "
            "Nobody was hurt, the governor said.\n", "utf-8")
    code, shown = run_in_terminal(["analyze", str(folder), "--published", "2024-11-04",
                                   "-f", "jsonl", "-o", str(tmp_path / "out.jsonl"),
                                   "--batch-size", "1"], columns=140)
    assert code == 0, shown
    assert "analyzing" in shown and re.search(r"[\d.]+ docs/(?:s|min)", shown), shown
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == 3


# A toy eval task: 40 documents through spaCy's pipe, slowly enough to be seen.
TOY_EVAL = """
import sys, time
import spacy
import newsgraph.eval as ev
from newsgraph.cli import app

def run_toy(name, data_dir=None, model=None, limit=None):
    nlp = spacy.blank("en")
    texts = [f"Officials said on Monday that {i} drones were shot down." for i in range(40)]
    for doc in nlp.pipe(texts):
        time.sleep(0.05)
    return ev.EvalReport(task=name, dataset="toy")

ev.TASKS["toy"] = "toy"
ev.run_task = run_toy
app(sys.argv[1:], prog_name="newsgraph")
"""


def test_eval_shows_documents_with_rate_and_time_left():
    code, shown = run_in_terminal(["eval", "toy"], columns=140, timeout=120,
                                  program=("-c", TOY_EVAL))
    assert code == 0, shown
    assert "scoring toy (1/1)" in shown
    assert re.search(r"\b\d+/40\b", shown), shown  # documents, not tasks
    assert re.search(r"[\d.]+ docs/(?:s|min)", shown), shown
    assert "left" in shown


def test_eval_piped_prints_plain_lines_counting_documents(tmp_path, monkeypatch):
    import spacy
    from typer.testing import CliRunner

    import newsgraph.cli as cli
    import newsgraph.eval as ev

    def run_toy(name, data_dir=None, model=None, limit=None):
        nlp = spacy.blank("en")
        for _ in nlp.pipe([f"Report {i} said on Monday that talks ended." for i in range(12)]):
            time.sleep(0.01)
        nlp("One more document, parsed alone.")
        return ev.EvalReport(task=name, dataset="toy")

    monkeypatch.setitem(ev.TASKS, "toy", "toy")
    monkeypatch.setattr(ev, "run_task", run_toy)
    monkeypatch.setattr(cli, "LOG_EVERY_SECONDS", 0.0)
    from spacy.language import Language

    original = (Language.pipe, Language.__call__)
    result = CliRunner().invoke(cli.app, ["eval", "toy"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("scoring toy")]
    assert "scoring toy (1/1): documents 1 of 12 done" in lines[0]
    assert "about" in lines[0] and "left" in lines[0]  # time left while the total is known
    assert any("12 of 12 done" in line for line in lines)
    assert "scored toy (1/1): 13 documents in" in result.output
    assert "\x1b" not in result.output  # plain lines, no bar
    assert (Language.pipe, Language.__call__) == original  # spaCy is left as it was
