"""The actor dictionary: names, aliases, demonyms, capitals -> country code and sector.

Shipped as data: ``data/actors.tsv`` (generated countries, demonyms, capitals)
and ``data/actor_extras.tsv`` (organisations, institutions, people, sector
words). A user adds or overrides entries with more files of the same four
tab-separated columns (name, code, sector, kind), named in the environment
variable ``NEWSGRAPH_ACTORS`` (several joined with ``os.pathsep``) or passed to
:func:`load_actors`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsgraph.data import read_text
from newsgraph.settings import env, env_name

ENV_VAR = env_name("actors")
SHIPPED = ("actors.tsv", "actor_extras.tsv")
SECTOR_ONLY = "-"
_POSSESSIVE = ("'s", "’s", "'", "’")


@dataclass(frozen=True)
class ActorEntry:
    name: str
    code: str | None  # ISO alpha-3, IGO, NGO, IMG; None for a sector word
    sector: str | None
    kind: str


@dataclass(frozen=True)
class ActorCode:
    code: str | None
    sector: str | None

    def __str__(self) -> str:
        return f"{self.code or ''}{self.sector or ''}"


def _parse(text: str) -> Iterable[ActorEntry]:
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        cols += [""] * (4 - len(cols))
        name, code, sector, kind = (c.strip() for c in cols[:4])
        if not name:
            continue
        entry = ActorEntry(name, None if code in ("", SECTOR_ONLY) else code.upper(),
                           sector.upper() or None, kind or "alias")
        yield entry
        # "Algerians", "Israelis": the plural of a demonym names the same people
        if entry.kind == "demonym" and name[-1:] in ("n", "i") and " " not in name:
            yield ActorEntry(name + "s", entry.code, entry.sector, "demonym")


class ActorDictionary:
    """Longest-match lookup of actor names over token sequences."""

    def __init__(self, entries: Iterable[ActorEntry]) -> None:
        self.exact: dict[tuple[str, ...], ActorEntry] = {}
        self.folded: dict[tuple[str, ...], ActorEntry] = {}
        self.longest = 1
        self.starts: set[str] = set()  # lower-cased first words, to skip hopeless positions
        for entry in entries:
            words = tuple(_words(entry.name))
            if not words:
                continue
            self.starts.add(words[0].lower())
            self.longest = max(self.longest, len(words))
            self.exact[words] = entry
            # short all-caps names ("US", "UN", "WHO") only match as written
            if not (entry.name.isupper() and len(entry.name.replace(".", "")) <= 4):
                self.folded[tuple(w.lower() for w in words)] = entry

    def get(self, words: Sequence[str]) -> ActorEntry | None:
        key = tuple(words)
        return self.exact.get(key) or self.folded.get(tuple(w.lower() for w in key))

    def matches(self, words: Sequence[str]) -> list[tuple[int, int, ActorEntry]]:
        """Non-overlapping longest matches ``(start, end, entry)`` in ``words``."""
        found = []
        i = 0
        while i < len(words):
            if words[i].lower() not in self.starts:
                i += 1
                continue
            for n in range(min(self.longest, len(words) - i), 0, -1):
                entry = self.get(words[i:i + n])
                if entry is not None:
                    found.append((i, i + n, entry))
                    i += n
                    break
            else:
                i += 1
        return found

    def coded_spans(self, words: Sequence[str]) -> list[tuple[int, int, str]]:
        """``(start, end, code)`` of each actor with a code named in ``words``."""
        return [(start, end, entry.code) for start, end, entry in
                self.matches([_strip_possessive(w) for w in words]) if entry.code]

    def codes(self, words: Sequence[str]) -> list[str]:
        """Every distinct actor code named in a phrase ("Hungarian and Romanian officials")."""
        out: list[str] = []
        for _, _, entry in self.matches([_strip_possessive(w) for w in words]):
            if entry.code and entry.code not in out:
                out.append(entry.code)
        return out

    def code(self, words: Sequence[str], head: int | None = None) -> ActorCode | None:
        """Country and sector of a phrase: the first named actor, the head's sector word."""
        words = [_strip_possessive(w) for w in words]
        matches = self.matches(words)
        country = next((e for _, _, e in matches if e.code), None)
        sector = None
        if head is not None:
            sector = next((e.sector for s, t, e in matches if s <= head < t and e.code is None),
                          None)
        if sector is None:
            sector = next((e.sector for _, _, e in matches if e.code is None and e.sector), None)
        if sector is None and country is not None:
            sector = country.sector
        if country is None and sector is None:
            return None
        return ActorCode(country.code if country else None, sector)


def _words(name: str) -> list[str]:
    # split like spaCy does for the common cases: "North Korea's" -> North, Korea
    out = []
    for word in name.replace("-", " - ").split():
        out.append(_strip_possessive(word))
    return [w for w in out if w]


def _strip_possessive(word: str) -> str:
    for suffix in _POSSESSIVE:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def _shipped_texts() -> list[str]:
    return [read_text(name) for name in SHIPPED]


def _env_paths() -> tuple[str, ...]:
    value = env("actors") or ""
    return tuple(p for p in value.split(os.pathsep) if p)


def load_actors(extra: str | Path | Sequence[str | Path] | None = None) -> ActorDictionary:
    """The shipped dictionary plus ``$NEWSGRAPH_ACTORS`` plus ``extra`` (later wins)."""
    if extra is None:
        paths: tuple[str, ...] = ()
    elif isinstance(extra, (str, Path)):
        paths = (str(extra),)
    else:
        paths = tuple(str(p) for p in extra)
    return _load(_env_paths() + paths)


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> ActorDictionary:
    entries: list[ActorEntry] = []
    for text in _shipped_texts():
        entries.extend(_parse(text))
    for path in paths:
        entries.extend(_parse(Path(path).read_text("utf-8")))
    return ActorDictionary(entries)
