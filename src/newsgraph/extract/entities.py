"""Entities: spaCy NER, safe fixes of its common slips, and one identity per thing.

The fixes are rules that hold in news text: a name followed by "region" or
"Oblast" is a place; a lone surname of a person named earlier is that person;
a proper-noun chain in apposition to a role noun ("foreign minister, Choe
Son-hui") is a person. Identities fold surnames into full names and country
aliases into one country; capitals stay apart from their countries.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsgraph.doctext import doc_text
from newsgraph.extract import Context, extractor
from newsgraph.gazetteer import country_code
from newsgraph.schema import Dateline, Entity, Mention

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
# Labels the models give to places and people they do not know.
SLIP_LABELS = {"PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "PERSON", "ORG"}
PLACE_NOUNS = {"region", "oblast", "province", "border", "city", "area", "district",
               "county", "state", "governorate", "territory", "village", "town", "krai"}
LOCATIVE_PREPS = {"in", "into", "near", "to", "from", "across", "around", "outside"}
ROLE_NOUNS = {"minister", "spokesperson", "spokesman", "spokeswoman", "president", "official",
              "secretary", "chief", "leader", "ambassador", "envoy", "director", "adviser",
              "advisor", "commander", "general", "governor", "mayor", "senator", "head",
              "chairman", "chairwoman", "chair", "premier", "analyst", "reporter", "editor"}
TITLES = {"president", "prime", "minister", "mr", "mrs", "ms", "dr", "gen", "general", "sen",
          "senator", "rep", "gov", "governor", "secretary", "chancellor", "king", "queen",
          "prince", "sir", "lord", "pope", "sheikh", "ayatollah", "judge", "justice", "col",
          "lt", "capt", "sgt", "adm", "foreign", "defense", "defence", "spokesperson"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$")  # "U.S." keeps its final period
_OPENERS = {":", "(", "[", '"', "“", "‘", "—", "–", "-", "*"}  # what opens a phrase


@dataclass
class Candidate:
    start: int  # character offsets, [start, end)
    end: int
    label: str
    text: str
    first_token: int
    last_token: int  # inclusive


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past leading "the", trailing possessives and punctuation."""
    for _ in range(3):
        piece = text[start:end]
        if m := _LEADING_THE.match(piece):
            start += m.end()
        piece = text[start:end]
        if m := _POSSESSIVE.search(piece):
            end -= len(m.group(0))
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip("\"'“”‘’([ "))
        kept = piece if _ABBREVIATION.search(piece) else piece.rstrip(".")
        trail = len(piece) - len(kept.rstrip("\"'“”‘’)], ;:!?"))
        start, end = start + lead, end - trail
    return start, max(start, end)


def _strip_titles(span: Span) -> Span:
    """ "President Joe Biden" -> "Joe Biden": titles are roles, not names."""
    i = span.start
    while i < span.end - 1 and span.doc[i].lower_.rstrip(".") in TITLES:
        i += 1
    return span.doc[i:span.end]


def _candidate(span: Span, label: str) -> Candidate | None:
    if label == "PERSON":
        span = _strip_titles(span)
    text = doc_text(span.doc)
    start, end = _trim(text, span.start_char, span.end_char)
    surface = text[start:end]
    if len(surface.strip(".")) < 2 or not any(ch.isupper() for ch in surface):
        return None
    return Candidate(start, end, label, surface, span.start, span.end - 1)


def _fix_label(span: Span) -> str:
    label = span.label_
    doc = span.doc
    following = doc[span.end].lower_ if span.end < len(doc) else ""
    preceding = doc[span.start - 1].lower_ if span.start > 0 else ""
    last = span[-1].lower_
    if label in SLIP_LABELS and (following in PLACE_NOUNS or last in PLACE_NOUNS):
        return "GPE"
    if label in {"PRODUCT", "WORK_OF_ART"} and preceding in LOCATIVE_PREPS:
        return "GPE"
    if label in {"ORG", "PERSON", "NORP", "PRODUCT"} and country_code(span.text):
        return "GPE"
    return label


def _appositive_names(doc: Doc, taken: set[int]) -> list[Span]:
    """Proper-noun chains the NER missed, in apposition to a role noun."""
    found = []
    for token in doc:
        if token.i in taken or token.pos_ != "PROPN" or token.dep_ != "appos":
            continue
        if token.head.lemma_.lower() not in ROLE_NOUNS:
            continue
        left = token.left_edge.i
        right = token.i
        # extend right over "-hui"-style hyphenated parts the tokenizer split off
        while right + 2 < len(doc) and doc[right + 1].text == "-" and doc[right + 2].pos_ in {
            "PROPN", "NOUN", "ADJ", "X"} and doc[right + 1].whitespace_ == "":
            right += 2
        chain = doc[left:right + 1]
        if any(t.i in taken for t in chain) or not all(
                t.pos_ in {"PROPN", "PUNCT", "NOUN", "X"} for t in chain):
            continue
        found.append(chain)
    return found


def find_candidates(doc: Doc, datelines: list[Dateline] = ()) -> list[Candidate]:
    """Entity mentions with corrected labels, in text order."""
    candidates = dateline_candidates(doc, list(datelines))
    taken: set[int] = {i for c in candidates for i in range(c.first_token, c.last_token + 1)}
    for ent in doc.ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        label = _fix_label(ent)
        if label not in KEPT_LABELS:
            continue
        cand = _candidate(ent, label)
        if cand is not None:
            candidates.append(cand)
            taken.update(range(ent.start, ent.end))
    for chain in _appositive_names(doc, taken):
        cand = _candidate(chain, "PERSON")
        if cand is not None:
            candidates.append(cand)
    candidates.sort(key=lambda c: c.start)
    _relabel_surnames(candidates)
    _vote_labels(candidates)
    return candidates


def _name_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"\s+", text) if t]


def _relabel_surnames(candidates: list[Candidate]) -> None:
    """A name ending in the surname of a PERSON is a person ("Singh", "Jagmeet Singh")."""
    surnames = {_name_tokens(c.text)[-1].lower() for c in candidates
                if c.label == "PERSON" and len(_name_tokens(c.text)) > 1}
    for cand in candidates:
        words = _name_tokens(cand.text)
        if cand.label in {"GPE", "ORG", "NORP", "LOC"} and len(words) <= 3 \
                and words[-1].lower() in surnames and not country_code(cand.text):
            cand.label = "PERSON"


def _vote_labels(candidates: list[Candidate]) -> None:
    """One surface form has one type within an article: the majority, places first on ties."""
    votes: dict[str, Counter[str]] = {}
    for cand in candidates:
        votes.setdefault(cand.text.lower(), Counter())[cand.label] += 1
    for cand in candidates:
        counter = votes[cand.text.lower()]
        top = max(counter.values())
        winners = [label for label, n in counter.items() if n == top]
        for preferred in ("GPE", "PERSON", "ORG", "LOC"):
            if preferred in winners and len(winners) > 1:
                cand.label = preferred
                break
        else:
            cand.label = winners[0] if len(winners) == 1 else cand.label


def _identity_key(cand: Candidate) -> str:
    words = _name_tokens(cand.text)
    if cand.label == "GPE":
        if code := country_code(cand.text):
            return f"country:{code}"
        if len(words) > 1 and words[-1].lower() in PLACE_NOUNS:
            # "Kursk Oblast" and "Kursk region" are the place "Kursk"
            words = words[:-1]
    return f"{cand.label}:{' '.join(words).lower()}"


def _acronym(text: str) -> str:
    return "".join(w[0] for w in _name_tokens(text) if w[:1].isupper())


def _abbreviates(long: Candidate, acronym: str, doc: Doc | None) -> bool:
    """Whether the article makes ``acronym`` short for ``long``: it defines it ("the
    National Intelligence and Security Agency (NISA)"), or the letters are the
    initials of a name that opens with a proper noun and does not open a sentence
    ("When Neandertals ...", "Enrolling Minetest ..." are no names "WN", "EM" stand for)."""
    if doc is None:
        return _acronym(long.text) == acronym
    text = doc_text(doc)
    if re.match(rf" ?\({re.escape(acronym)}\)", text[long.end:long.end + len(acronym) + 3]):
        return True
    span = doc.char_span(long.start, long.end, alignment_mode="expand")
    if span is None or _acronym(long.text) != acronym:
        return False
    first = span[0]
    opens = first.i == 0 or bool(first.is_sent_start) or doc[first.i - 1].is_space \
        or doc[first.i - 1].text in _OPENERS
    return not opens and first.pos_ == "PROPN"


def _is_acronym(text: str) -> bool:
    return text.isupper() and text.isalpha() and 2 <= len(text) <= 8


def group_candidates(candidates: list[Candidate], doc: Doc | None = None
                     ) -> list[list[Candidate]]:
    """Fold mentions into identities: same key; surname into full name; acronyms
    the article defines or spells out (see :func:`_abbreviates`)."""
    groups: dict[str, list[Candidate]] = {}
    full_names: list[tuple[list[str], str]] = []  # (lower-cased words, key), in text order
    for cand in candidates:
        key = _identity_key(cand)
        words = [w.lower() for w in _name_tokens(cand.text)]
        if cand.label == "PERSON" and key not in groups:
            key = _person_key(words, full_names, key)
        # the NER often types a bare acronym ("NISA") as a person
        if cand.label in ("ORG", "PERSON") and key not in groups and _is_acronym(cand.text):
            key = next((k for k in groups if k.startswith("ORG:") and any(
                _abbreviates(c, cand.text, doc) for c in groups[k])), key)
        if cand.label == "PERSON" and len(words) > 1 and key not in groups:
            full_names.append((words, key))
        groups.setdefault(key, []).append(cand)
    return list(groups.values())


def _person_key(words: list[str], full_names: list[tuple[list[str], str]], default: str) -> str:
    """A one- or two-word name that ends a longer name seen before is that person."""
    for full, key in reversed(full_names):
        if len(words) < len(full) and full[-len(words):] == words:
            return key
    return default


def _canonical_name(group: list[Candidate]) -> str:
    forms = Counter(c.text for c in group)
    if group[0].label == "PERSON":
        return max(forms, key=lambda f: (len(_name_tokens(f)), forms[f]))
    name = max(forms, key=lambda f: (not f.isupper() or len(f) <= 4, forms[f], len(f)))
    # a dateline's "WASHINGTON" is the place Washington; "RHEL 7" is no "Rhel 7"
    places = group[0].label in ("GPE", "LOC", "FAC")
    return name.title() if places and name.isupper() and len(name) > 4 else name


def dateline_candidates(doc: Doc, datelines: list[Dateline]) -> list[Candidate]:
    """Dateline places as GPE mentions ("BRUSSELS" is rarely tagged by the NER)."""
    found = []
    for dateline in datelines:
        start = dateline.span[0]
        for place in dateline.places:
            offset = doc_text(doc).lower().find(place.lower(), start, dateline.span[1])
            if offset < 0:
                continue
            span = doc.char_span(offset, offset + len(place), alignment_mode="expand")
            if span is not None:
                found.append(Candidate(offset, offset + len(place), "GPE",
                                       doc_text(doc)[offset:offset + len(place)],
                                       span.start, span.end - 1))
            start = offset + len(place)
    return found


def build_entities(doc: Doc, datelines: list[Dateline] = ()
                   ) -> tuple[list[Entity], dict[int, str]]:
    """Entities of ``doc`` in order of first mention, and token index -> entity id."""
    entities: list[Entity] = []
    token_entity: dict[int, str] = {}
    groups = group_candidates(find_candidates(doc, datelines), doc)
    groups.sort(key=lambda g: g[0].start)
    for number, group in enumerate(groups, start=1):
        entity_id = f"e{number}"
        entities.append(Entity(
            id=entity_id,
            name=_canonical_name(group),
            type=group[0].label,  # type: ignore[arg-type]
            mentions=[Mention(text=c.text, span=(c.start, c.end)) for c in group],
        ))
        for cand in group:
            for i in range(cand.first_token, cand.last_token + 1):
                token_entity[i] = entity_id
    return entities, token_entity


@extractor("entities")
def extract_entities(ctx: Context) -> None:
    ctx.document.entities, ctx.token_entity = build_entities(ctx.doc, ctx.document.datelines)
