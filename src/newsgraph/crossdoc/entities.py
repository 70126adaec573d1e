"""Cross-document entity resolution: one global identity per person, place, organisation.

Per-article entities (``Document.entities``) are folded into global identities by
rules that each leave a :class:`~newsgraph.crossdoc.models.MergeEvidence`:

* ``same-name`` / ``transliteration``: the folded name is equal. Folding strips
  accents and case and rewrites romanisation variants ("Zelenskiy", "Zelenskyy"
  -> "zelensky"; "Kiev" -> "kyiv"), from ``data/name_folding.json``;
* ``country``: two names of one country ("US", "United States");
* ``spelling``: same type, same number of words, same initials and a close
  spelling (difflib ratio >= 0.88 over names of at least 6 letters);
* ``alias``: a person's first and last name equal with a middle name or initial
  dropped ("George W. Bush" / "George Bush");
* ``alias`` (organisations): a short name followed in the longer name only by
  designators ("Apple" / "Apple Inc", "General Motors Corporation"), or, with at
  least one shared co-occurring entity, a unique longer name it begins
  ("Lockheed" / "Lockheed Martin");
* ``acronym``: an all-capital organisation name and the one organisation name an
  article spelled it out as ("NATO", "North Atlantic Treaty Organization": one of
  its entities holds both, folded there only when the text defines the acronym or
  its letters are the initials of a name in it);
* ``surname``: an article that names a person only by surname ("Singh") joins the
  full-name identity that shares more co-occurring entities with it than any
  other; with no shared context it stays apart, so a different Singh is not
  swallowed by Sabrina Singh. A lone surname the NER typed as a place or an
  organisation needs two shared entities. Different first names never merge.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from newsgraph.crossdoc.models import GlobalEntity, MemberRef, MergeEvidence
from newsgraph.data import read_text
from newsgraph.gazetteer import country_code
from newsgraph.schema import Document

_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['’`´]")
SPELLING_MIN = 0.88
SPELLING_MIN_LETTERS = 6
MISTYPED_CONTEXT = 2
# entity types that name the same kind of thing across articles
TYPE_GROUP = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


@lru_cache(maxsize=1)
def _data() -> dict:
    text = read_text("name_folding.json")
    return json.loads(text)


@lru_cache(maxsize=1)
def _table() -> tuple[list[tuple[re.Pattern[str], str]], dict[str, str]]:
    data = _data()
    rules = [(re.compile(pattern), repl) for pattern, repl in data["rules"]]
    return rules, {k: v for k, v in data["aliases"].items()}


@lru_cache(maxsize=1)
def organisation_suffixes() -> frozenset[str]:
    return frozenset(fold(w) for w in _data()["organisation_suffixes"])


def plain(name: str) -> str:
    """Lower case, no accents, no punctuation ("Son-hui" -> "son hui")."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_ = _APOSTROPHES.sub("", ascii_.lower())
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_)).strip()


@lru_cache(maxsize=1 << 17)  # timelines fold the same quote texts for every entity asked
def fold(name: str) -> str:
    """The spelling-independent form of a name: equal folds are one name.

    Rules are applied until nothing changes ("oou" -> "ou" -> "u"), so a folded
    name folds to itself and stored keys stay comparable.
    """
    text = plain(name)
    for _ in range(len(text) + 2):  # every rule shortens a word or is stable
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


def _fold_once(text: str) -> str:
    rules, aliases = _table()
    text = aliases.get(text, text)
    words = []
    for word in text.split():
        word = aliases.get(word, word)
        for pattern, repl in rules:
            word = pattern.sub(repl, word)
        words.append(word)
    return " ".join(words)


def type_group(entity_type: str) -> str:
    return TYPE_GROUP.get(entity_type, entity_type)


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w)


@dataclass
class EntityItem:
    """One article's entity as resolution reads it; ``index`` is its place in the list."""

    index: int
    article: str
    entity: str
    name: str
    type: str
    group: str
    key: str
    words: list[str]
    context: set[str] = field(default_factory=set)
    forms: frozenset[str] = frozenset()  # the surface forms of its mentions


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.evidence: dict[int, list[MergeEvidence]] = defaultdict(list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, evidence: MergeEvidence | None) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.evidence[ra].extend(self.evidence.pop(rb, []))
        if evidence is not None:
            self.evidence[ra].append(evidence)
        return True


@dataclass
class Resolution:
    """Global identities and the map from each article's entity ids to them."""

    entities: list[GlobalEntity]
    lookup: dict[tuple[str, str], str]

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entities}

    def global_id(self, article: str, entity: str | None) -> str | None:
        return self.lookup.get((article, entity)) if entity else None

    def get(self, global_id: str) -> GlobalEntity:
        return self._by_id[global_id]

    def find(self, name: str) -> list[GlobalEntity]:
        """Identities whose name or an alias folds to ``name`` (or ends with it)."""
        key = fold(name)
        exact = [e for e in self.entities
                 if key in {fold(a) for a in [e.name, *e.aliases]}]
        if exact:
            return exact
        return [e for e in self.entities
                if any(fold(a).endswith(" " + key) for a in [e.name, *e.aliases])]


def _forms(entity) -> frozenset[str]:
    """The surface forms of an entity's mentions (a store's projection of an entity
    carries them as ``forms``)."""
    if hasattr(entity, "mentions"):
        return frozenset(m.text for m in entity.mentions)
    return frozenset(getattr(entity, "forms", ()))


def entity_item(index: int, article: str, entity) -> EntityItem:
    key = fold(entity.name)
    if entity.type in {"GPE", "LOC"} and (code := country_code(entity.name)):
        key = f"country:{code}"
    group = type_group(entity.type)
    if entity.anonymous:  # "officials" here are not the officials of another article
        group = key = f"anonymous:{article}:{entity.id}"
    return EntityItem(index, article, entity.id, entity.name, entity.type, group, key,
                      key.split(), forms=_forms(entity))


def entity_items(documents: Iterable[Document]) -> list[EntityItem]:
    """The documents' entities in order, each with its article's other entities as context."""
    items: list[EntityItem] = []
    for doc in documents:
        start = len(items)
        for entity in doc.entities:
            items.append(entity_item(len(items), doc.id, entity))
        context = {f"{it.group}:{it.key}" for it in items[start:]}
        for it in items[start:]:
            it.context = context - {f"{it.group}:{it.key}"}
    return items


def _same_key(items: list[EntityItem], uf: _UnionFind) -> None:
    first: dict[tuple[str, str], EntityItem] = {}
    for it in items:
        seen = first.setdefault((it.group, it.key), it)
        if seen is it:
            continue
        if plain(seen.name) == plain(it.name):
            rule = "same-name"
        elif seen.key.startswith("country:"):
            rule = "country"
        else:
            rule = "transliteration"
        # one evidence record per distinct spelling pair is enough
        evidence = MergeEvidence(left=seen.name, right=it.name, rule=rule,
                                 detail=f"both fold to {it.key!r}")
        known = {(e.left, e.right) for e in uf.evidence[uf.find(seen.index)]}
        uf.union(seen.index, it.index,
                 None if rule == "same-name" or (seen.name, it.name) in known else evidence)


def _representatives(items: list[EntityItem]) -> dict[tuple[str, str], EntityItem]:
    reps: dict[tuple[str, str], EntityItem] = {}
    for it in items:
        reps.setdefault((it.group, it.key), it)
    return reps


def _spelling(reps: dict[tuple[str, str], EntityItem], uf: _UnionFind) -> None:
    blocks: dict[tuple[str, int, str], list[EntityItem]] = defaultdict(list)
    for it in reps.values():
        if it.key.startswith("country:") or len(it.key.replace(" ", "")) < SPELLING_MIN_LETTERS:
            continue
        # same type, word count, initials and start of the last word: keeps blocks small
        blocks[(it.group, len(it.words), _initials(it.words), it.words[-1][:2])].append(it)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                matcher = SequenceMatcher(None, a.key, b.key)
                # the quick ratios bound ratio() from above: most pairs stop there
                if matcher.real_quick_ratio() < SPELLING_MIN or \
                        matcher.quick_ratio() < SPELLING_MIN:
                    continue
                score = matcher.ratio()
                if score < SPELLING_MIN:
                    continue
                if a.group == "PERSON" and len(a.words) > 1 and \
                        SequenceMatcher(None, a.words[0], b.words[0]).ratio() < SPELLING_MIN:
                    continue  # "Sabrina" and "Sabine" are different people
                uf.union(a.index, b.index, MergeEvidence(
                    left=a.name, right=b.name, rule="spelling", score=round(score, 3),
                    detail=f"{a.key!r} ~ {b.key!r}"))


def _middle_names(reps: dict[tuple[str, str], EntityItem], uf: _UnionFind) -> None:
    by_core: dict[str, list[EntityItem]] = defaultdict(list)
    for it in reps.values():
        if it.group == "PERSON" and len(it.words) >= 2:
            by_core[f"{it.words[0]} {it.words[-1]}"].append(it)
    for core, group in by_core.items():
        plain_form = [it for it in group if len(it.words) == 2]
        if not plain_form:
            continue
        for it in group:
            if len(it.words) > 2:
                uf.union(plain_form[0].index, it.index, MergeEvidence(
                    left=plain_form[0].name, right=it.name, rule="alias",
                    detail=f"same first and last name {core!r}"))


def _spelled_out(items: Iterable[EntityItem]) -> dict[str, set[str]]:
    """Acronym -> the folded long names an article spelled it out as: one of its
    entities has both forms ("North Atlantic Treaty Organization", "NATO"), folded
    there only when the text defines the acronym or the initials fit a name."""
    spelled: dict[str, set[str]] = defaultdict(set)
    for it in items:
        if it.group != "ORG":
            continue
        short = {f for f in it.forms if f.isupper() and " " not in f}
        for form in it.forms - short:
            if len(form.split()) >= 2:
                for acronym in short:
                    spelled[acronym].add(fold(form))
    return spelled


def _acronyms(items: list[EntityItem], reps: dict[tuple[str, str], EntityItem], uf: _UnionFind
              ) -> None:
    """An all-capital name joins the one long name some article spelled it out as."""
    spelled = _spelled_out(items)
    long_forms: dict[str, list[EntityItem]] = defaultdict(list)
    for it in reps.values():
        if it.group == "ORG" and len(it.words) >= 2:
            long_forms[it.key].append(it)
    for it in reps.values():
        if it.group == "ORG" and it.name.isupper() and 2 <= len(it.name) <= 6:
            matches = [m for name in spelled.get(it.name, ()) for m in long_forms.get(name, [])]
            if len({uf.find(m.index) for m in matches}) == 1:
                uf.union(matches[0].index, it.index, MergeEvidence(
                    left=matches[0].name, right=it.name, rule="acronym",
                    detail=f"spelled out as {matches[0].name!r} in an article"))


def _organisation_short_names(items: list[EntityItem], uf: _UnionFind) -> None:
    """ "Apple" / "Apple Inc" / "Apple Computer"; "Lockheed" / "Lockheed Martin" (by context)."""
    longer: dict[str, list[EntityItem]] = defaultdict(list)  # first word -> longer ORG names
    for it in items:
        if it.group == "ORG" and len(it.words) >= 2:
            longer[it.words[0]].append(it)
    suffixes = organisation_suffixes()
    for it in items:
        if it.group != "ORG" or not it.words or it.words[0] not in longer:
            continue
        n = len(it.words)
        candidates = [c for c in longer[it.words[0]]
                      if len(c.words) > n and c.words[:n] == it.words]
        designated = [c for c in candidates if set(c.words[n:]) <= suffixes]
        if designated:
            c = designated[0]
            uf.union(c.index, it.index, MergeEvidence(
                left=c.name, right=it.name, rule="alias",
                detail=f"organisation suffix {' '.join(c.words[n:])!r}"))
            continue
        shared: dict[int, tuple[set[str], EntityItem]] = {}
        for c in candidates:
            overlap = it.context & c.context
            root = uf.find(c.index)
            if overlap and len(overlap) > len(shared.get(root, (set(), c))[0]):
                shared[root] = (overlap, c)
        if len(shared) == 1:
            overlap, c = next(iter(shared.values()))
            uf.union(c.index, it.index, MergeEvidence(
                left=c.name, right=it.name, rule="alias", score=float(len(overlap)),
                detail="short name; shares context: "
                + ", ".join(sorted(k.split(":", 1)[1] for k in overlap)[:5])))


def _surnames(items: list[EntityItem], uf: _UnionFind) -> None:
    """Surname-only persons join the full name that shares the most context, if any."""
    full: dict[str, list[EntityItem]] = defaultdict(list)
    for it in items:
        if it.group == "PERSON" and len(it.words) >= 2:
            full[it.words[-1]].append(it)
    for it in items:
        if len(it.words) != 1 or it.words[0] not in full or it.key.startswith("country:"):
            continue
        # the NER often types a lone surname as a place or an organisation ("Singh" GPE):
        # such a name needs more shared context than one typed PERSON
        needed = 1 if it.group == "PERSON" else MISTYPED_CONTEXT
        if it.group not in {"PERSON", "PLACE", "ORG"}:
            continue
        context: dict[int, set[str]] = defaultdict(set)
        names: dict[int, str] = {}
        for cand in full[it.words[0]]:
            root = uf.find(cand.index)
            context[root] |= cand.context
            names.setdefault(root, cand.name)
        shared = {root: it.context & ctx for root, ctx in context.items()}
        ranked = sorted(shared.items(), key=lambda kv: -len(kv[1]))
        best_root, best = ranked[0]
        runner_up = len(ranked[1][1]) if len(ranked) > 1 else 0
        if len(best) < needed or len(best) == runner_up:
            continue  # no evidence, or a tie between two people of that surname
        uf.union(best_root, it.index, MergeEvidence(
            left=names[best_root], right=it.name, rule="surname",
            score=float(len(best)),
            detail=("" if it.group == "PERSON" else f"typed {it.type} in its article; ")
            + "shares context: " + ", ".join(sorted(k.split(":", 1)[1] for k in best)[:5])))


def _build(items: list[EntityItem], uf: _UnionFind,
           numbers: Sequence[int] | None = None) -> Resolution:
    clusters: dict[int, list[EntityItem]] = defaultdict(list)
    for it in items:
        clusters[uf.find(it.index)].append(it)
    entities: list[GlobalEntity] = []
    lookup: dict[tuple[str, str], str] = {}
    for dense, (root, members) in enumerate(sorted(clusters.items()), start=1):
        number = numbers[root] if numbers is not None else dense
        names = Counter(m.name for m in members)
        # the longest frequent name: "Sabrina Singh" over "Singh"
        name = max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n)))
        # the type the canonical name was given: a lone surname is often mistyped
        types = Counter(m.type for m in members if m.name == name)
        global_id = f"g{number}"
        entities.append(GlobalEntity(
            id=global_id, name=name, type=types.most_common(1)[0][0],  # type: ignore[arg-type]
            aliases=sorted(set(names) - {name}),
            members=[MemberRef(article=m.article, entity=m.entity, name=m.name)
                     for m in members],
            evidence=uf.evidence.get(root, [])))
        for m in members:
            lookup[(m.article, m.entity)] = global_id
    return Resolution(entities, lookup)


def resolve_entities(documents: Iterable[Document], *, fuzzy: bool = True) -> Resolution:
    """Fold the entities of ``documents`` into global identities.

    With ``fuzzy=False`` only equal folded names and country aliases merge (the
    exact-match baseline the evaluation compares against).
    """
    return resolve_items(entity_items(documents), fuzzy=fuzzy)


def resolve_items(items: list[EntityItem], *, fuzzy: bool = True,
                  known: Iterable[tuple[int, int]] = (),
                  numbers: Sequence[int] | None = None) -> Resolution:
    """Fold ``items`` (in arrival order) into global identities. ``known``: pairs of
    items already known to be one identity (joined first, without evidence);
    ``numbers``: per item, the number its identity is named by when it is the first
    (default: identities numbered 1, 2, ... in order)."""
    uf = _UnionFind(len(items))
    for a, b in known:
        uf.union(a, b, None)
    _same_key(items, uf)
    if fuzzy:
        reps = _representatives(items)
        _spelling(reps, uf)
        _middle_names(reps, uf)
        _acronyms(items, reps, uf)
        _organisation_short_names(items, uf)
        _surnames(items, uf)
    return _build(items, uf, numbers)
