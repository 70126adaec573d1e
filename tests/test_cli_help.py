"""Every command and option has help written for people (as sqlite-utils and
Datasette test theirs): a description, no Python types, choices named."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from newsgraph.cli import app

runner = CliRunner()


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))
IDS = [" ".join(path) or "newsgraph" for path, _ in COMMANDS]


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_and_option_is_explained(path, command):
    assert (command.help or "").strip(), f"{IDS[COMMANDS.index((path, command))]} has no help"
    ctx = command.make_context(" ".join(("newsgraph", *path)), [], resilient_parsing=True)
    for param in command.get_params(ctx):
        assert (param.help or "").strip(), f"{' '.join(path)} {param.name} has no help"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_shows_no_python_types(path, command):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not re.search(r"<(?:bool|str|int|float|path|list\[\w+\])|\{\w+\}", text), text
    assert "range>" not in text


def test_eval_help_lists_its_tasks():
    from newsgraph.eval import TASKS

    text = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "200"}).stdout
    assert all(task in text for task in TASKS)


def test_serve_reads_the_default_store_like_every_other_command():
    text = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).stdout
    assert "newsgraph.duckdb" in text
