"""One settings table: every NEWSGRAPH_* variable and shared option default is in
``newsgraph.settings``, read only through it, agrees with the CLI, and is documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import typer

from newsgraph.cli import app
from newsgraph.settings import SETTINGS, env

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsgraph"
ENV_NAMES = {s.env for s in SETTINGS.values() if s.env}


def _settings_section() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    return readme.split("## Settings", 1)[1].split("\n## ", 1)[0]


def test_readme_documents_every_setting_with_its_default():
    section = _settings_section()
    for setting in SETTINGS.values():
        shown = setting.env or "--" + setting.name.replace("_", "-")
        row = next((line for line in section.splitlines() if f"`{shown}`" in line), None)
        assert row is not None, f"README Settings lacks {shown}"
        if isinstance(setting.default, int):
            assert f"{setting.default:,}" in row or f" {setting.default} " in row, shown
        elif setting.default is not None:
            assert f" {setting.default} " in row, shown


def test_every_newsgraph_variable_in_the_code_is_a_setting():
    for path in PACKAGE.rglob("*.py"):
        for name in re.findall(r"NEWSGRAPH_[A-Z_]+", path.read_text("utf-8")):
            assert name in ENV_NAMES, f"{path.relative_to(PACKAGE)} names {name}"


def test_only_the_settings_module_reads_newsgraph_variables():
    for path in PACKAGE.rglob("*.py"):
        if path.name == "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                # only Spark's own variables (SPARK_MASTER, PYSPARK_PYTHON) are read directly
                assert path.name == "session.py", f"{path.relative_to(PACKAGE)}:{node.lineno}"


def _options(command) -> list:
    """Every parameter of every (sub)command of a click command tree."""
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:
        return [p for sub in subcommands.values() for p in _options(sub)]
    return list(command.params)


def test_cli_option_defaults_are_the_settings_defaults():
    checked = 0
    for param in _options(typer.main.get_command(app)):
        setting = SETTINGS.get(param.name or "")
        if setting is not None and setting.default is not None and not setting.env:
            assert param.default == setting.default, param.name
            checked += 1
    assert checked >= len([s for s in SETTINGS.values() if not s.env])


def test_env_reads_the_variable_and_treats_empty_as_unset(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_SPARK_SHUFFLE", "3")
    assert env("spark_shuffle") == "3"
    monkeypatch.setenv("NEWSGRAPH_SPARK_SHUFFLE", "")
    assert env("spark_shuffle") is None
