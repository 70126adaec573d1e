"""Help written for people: value placeholders such as ``DATE`` or ``N`` instead of
Python types (``<str>``, ``<list[str]>``), flags without a type, and the choices of
an option named in its help.

:func:`humane_help` gives every command of an app these classes; it is called once
after all commands are registered, so command modules need not know about it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

# placeholders by the option's name, where the type alone says too little
NAMED = {"db": "DB", "published": "DATE", "since": "DATE", "until": "DATE", "model": "MODEL",
         "output": "PATH", "data": "FOLDER", "token": "TOKEN", "host": "HOST", "port": "PORT",
         "sort": "KEY", "entity": "NAME", "about": "TERM", "story": "STORY", "event": "EVENT",
         "article": "ARTICLE", "disable": "EXTRACTOR"}


def placeholder(param: Any) -> str:
    """The word that stands for the parameter's value in help and usage lines."""
    if getattr(param, "is_flag", False):
        return ""
    desc = param.type_descriptor
    many = ""
    if param.name in NAMED:
        return NAMED[param.name] + many
    annotation = _element(desc.annotation)
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if annotation is int:
        return "N" + many
    if annotation is float:
        return "NUMBER" + many
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return "PATH" + many
    return (param.name or "value").upper() + many


def _element(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    return args[0] if args and getattr(annotation, "__origin__", None) is list else annotation


def _with_choices(param: Any) -> None:
    """Name the choices in the help of a choice option whose help does not already."""
    desc = param.type_descriptor
    if not desc.is_choice or param.param_type_name != "option":
        return
    choices = [str(getattr(c, "value", c)) for c in desc.choices or ()]
    help_text = param.help or ""
    if not all(c in help_text for c in choices):
        param.help = (help_text + " " if help_text else "") + f"One of: {', '.join(choices)}."


class HumaneArgument(TyperArgument):
    """An argument shown as ``PATH...`` in usage and help, with no Python type beside it."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx) -> str | None:  # type: ignore[override]
        return None


def humanize_params(params: list) -> list:
    for param in params:
        if getattr(param, "metavar", None) is None and hasattr(param, "type_descriptor"):
            param.metavar = placeholder(param)
            _with_choices(param)
        if type(param) is TyperArgument:
            param.__class__ = HumaneArgument
    return params


class HumaneCommand(TyperCommand):
    def get_params(self, ctx):  # type: ignore[override]
        return humanize_params(super().get_params(ctx))


class HumaneGroup(TyperGroup):
    def get_params(self, ctx):  # type: ignore[override]
        return humanize_params(super().get_params(ctx))


def humane_help(app: typer.Typer) -> None:
    """Give every command and sub-app of ``app`` the humane help classes."""
    app.info.cls = app.info.cls or HumaneGroup
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):  # left to typer's default
            command.cls = HumaneCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            group.cls = group.cls or HumaneGroup
            humane_help(group.typer_instance)
