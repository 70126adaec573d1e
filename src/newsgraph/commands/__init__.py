"""CLI commands beyond ``analyze``, ``schema`` and ``eval``.

Each module here defines ``register(app: typer.Typer) -> None`` and adds its
commands; :func:`register_all` is called by ``newsgraph.cli``. Commands stay
thin: their logic lives in the library.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
