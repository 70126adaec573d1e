"""Claim tracking across articles: timelines, revised figures, contradicting sources.

* :func:`timeline`: the quotes, quantities and events about an entity (or in a
  story), ordered by the time each refers to: the item's own ``time`` when it
  has a calendar value, else its article's publication date.
* :func:`revisions`: figures about the same counted thing ("North Korean
  troops") that changed, both stated inside one article (``Quantity.revises``,
  "up from 3,000") and seen across articles over time.
* :func:`contradictions`: statements about one proposition whose sources take
  opposite stances: a denial ("fake news") against assertions or reports, with
  the softer stances (not denied, not confirmed) listed beside them. Two
  statements are about one proposition when their content words overlap
  (after light stemming and the synonyms in ``data/proposition_terms.json``):
  at least two shared terms and at least half of the shorter statement's terms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.crossdoc.entities import Resolution, fold
from newsgraph.crossdoc.models import (
    Contradiction,
    GlobalEntity,
    Position,
    Ref,
    Revision,
    Story,
    TimelineEntry,
)
from newsgraph.data import read_text
from newsgraph.events.actors import load_actors
from newsgraph.schema import Document, Event, Quantity, Quote, Status
from newsgraph.timex.words import MONTHS, WEEKDAYS

_WORD = re.compile(r"[^\W_]+")
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
POSITIVE: frozenset[str] = frozenset({"asserted", "confirmed", "reported"})
DENIAL: frozenset[str] = frozenset({"denied"})
MIN_SHARED = 2
MIN_OVERLAP = 0.5


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], frozenset[str]]:
    text = read_text("proposition_terms.json")
    data = json.loads(text)
    return dict(data["synonyms"]), frozenset(data["ignore"])


def stem(word: str) -> str:
    """A light suffix fold: "deployments", "deployed" -> "deploy"; "troops" -> "troop"."""
    word = word.lower()
    for suffix, keep in (("ments", 5), ("ment", 5), ("ies", 4), ("ed", 5), ("ing", 5)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _terms(text: str, *, names: bool) -> frozenset[str]:
    synonyms, ignore = _lexicon()
    found = set()
    for word in _WORD.findall(text):
        if names != word[:1].isupper():
            continue
        word = word.lower()
        if word in STOP_WORDS or word in ignore or len(word) < 2 or word.isdigit():
            continue
        term = stem(word)
        term = synonyms.get(term, synonyms.get(word, term))
        if term not in ignore:
            found.add(term)
    return frozenset(found)


def content_terms(text: str) -> frozenset[str]:
    """What a statement is about: its content words, stemmed and folded to synonyms."""
    return _terms(text, names=False) | _terms(text, names=True)


def name_terms(text: str) -> frozenset[str]:
    """The terms that come from capitalised words: names, not predicates."""
    return _terms(text, names=True) - _terms(text, names=False)


def same_proposition(a: frozenset[str], b: frozenset[str],
                     names: frozenset[str] = frozenset()) -> bool:
    """Enough shared terms, and not only shared names ("North Korean" alone is no claim)."""
    shared = a & b
    return len(shared) >= MIN_SHARED and len(shared) >= MIN_OVERLAP * min(len(a), len(b)) \
        and bool(shared - names)


def _calendar(value: str | None) -> str | None:
    if value and (m := _CALENDAR.match(value)):
        return m.group(0)
    return None


def timeline_when(item_time: str | None, published: str | None) -> tuple[str | None, str]:
    """A timeline entry's day and where it comes from: the item, else its article's date."""
    return _when(item_time, published)


def _when(item_time: str | None, published: str | None) -> tuple[str | None, str]:
    if day := _calendar(item_time):
        return day, "item"
    if day := _calendar(published):
        return day, "published"
    return None, "none"


# ---------------------------------------------------------------- statements


@dataclass
class Statement:
    """A quote or an event with its stance, in one article."""

    article: str
    published: str | None
    kind: str  # "quote" | "event"
    text: str
    span: tuple[int, int]
    source: str | None
    source_key: str | None  # global identity (or folded name) of the source
    status: Status
    time: str | None
    terms: frozenset[str]
    names: frozenset[str] = frozenset()
    # the source is someone: an entity of the article (a quote's speaker) or a named
    # event source, not a word the parser took for one ("aid", "motion", "reports")
    known_source: bool = False
    source_type: str | None = None  # the speaker entity's type ("GPE": a state)
    # who a quote opening "it of ..." accuses: the words just before "accusing it"
    # ("fighting the Pakistani state, accusing <it of exploiting ...>")
    accused: str | None = None


def _source_key(doc: Document, name: str | None, entity_id: str | None,
                resolution: Resolution | None) -> str | None:
    if resolution is not None and entity_id:
        if key := resolution.global_id(doc.id, entity_id):
            return key
    return fold(name) if name else None


def _quote_statement(doc: Document, quote: Quote, resolution: Resolution | None) -> Statement:
    speaker = quote.speaker
    name = speaker.name if speaker else None
    entity_id = speaker.entity_id if speaker else None
    return Statement(doc.id, doc.published, "quote", quote.text, quote.span,
                     _display(name, entity_id, doc, resolution),
                     _source_key(doc, name, entity_id, resolution), quote.status,
                     quote.time, content_terms(quote.text), name_terms(quote.text),
                     known_source=entity_id is not None,
                     source_type=next((e.type for e in doc.entities if e.id == entity_id), None),
                     accused=accused_antecedent(doc.text, quote.span))


def _event_statement(doc: Document, event: Event, resolution: Resolution | None) -> Statement:
    source = event.source or event.actor
    # an event's evidence is its trigger ("deployed"); what it is about includes its
    # actor, target and place ("North Korean military units", "Russia's Kursk region")
    about = " ".join(x for x in (event.actor, event.text, event.target, event.location) if x)
    named = {fold(e.name) for e in doc.entities} | {
        fold(m.text) for e in doc.entities for m in e.mentions}
    return Statement(doc.id, doc.published, "event", event.text, event.span, source,
                     _source_key(doc, source, None, resolution), event.status, event.time,
                     content_terms(about), name_terms(about),
                     known_source=bool(source and fold(source) in named))


def _display(name: str | None, entity_id: str | None, doc: Document,
             resolution: Resolution | None) -> str | None:
    if resolution is not None and entity_id:
        if key := resolution.global_id(doc.id, entity_id):
            return resolution.get(key).name
    return name


def statements(docs: Iterable[Document], resolution: Resolution | None = None
               ) -> list[Statement]:
    found = []
    for doc in docs:
        found.extend(_quote_statement(doc, q, resolution) for q in doc.quotes)
        # an event on a quote's cue ("denied") is the act of saying it, not a claim
        cues = [q.cue.span for q in doc.quotes if q.cue is not None]
        found.extend(_event_statement(doc, e, resolution) for e in doc.events
                     if not any(s < e.span[1] and e.span[0] < t for s, t in cues))
    return found


# ---------------------------------------------------------------- contradictions


def _position(s: Statement) -> Position:
    return Position(source=s.source, status=s.status, kind=s.kind,  # type: ignore[arg-type]
                    evidence=Ref(article=s.article, text=s.text, span=s.span),
                    published=s.published)


def contradictions(docs: Iterable[Document], resolution: Resolution | None = None,
                   story_of: Mapping[str, str] | None = None) -> list[Contradiction]:
    """Denials set against assertions about the same proposition by other sources.

    With ``story_of`` (article id -> story id) statements are only compared within
    one story, as a reader would: a denial answers claims about the same event.
    """
    items = statements(docs, resolution)
    story = {s.article: story_of.get(s.article, s.article) for s in items} \
        if story_of is not None else None
    groups: list[set[int]] = []
    for i, anchor in enumerate(items):
        if anchor.status not in DENIAL or not anchor.terms:
            continue
        group = {i} | {j for j, other in enumerate(items) if j != i and (
            story is None or story[other.article] == story[anchor.article]) and
            _near_in_time(anchor, other) and
            (same_proposition(anchor.terms, other.terms, anchor.names | other.names)
             or _accusation_of(anchor, other) or _restates_allegation(anchor, other))}
        opposed = [j for j in group if _opposes(items[j], anchor)]
        if opposed:
            groups.append(group)
    merged: list[set[int]] = []
    for group in groups:  # denials of one proposition share their evidence
        overlapping = [g for g in merged if g & group]
        for g in overlapping:
            group |= g
            merged.remove(g)
        merged.append(group)
    result = []
    for group in merged:
        group = _drop_restated(group, items)
        # groups joined through a shared statement keep only what is near every denial
        group = {j for j in group if all(_near_in_time(items[d], items[j]) for d in group
                                         if items[d].status in DENIAL)}
        members = sorted(group, key=lambda j: (_when(items[j].time, items[j].published)[0]
                                               or "", items[j].article, items[j].span))
        denials = [items[j] for j in members if items[j].status in DENIAL]
        opposing = {j for j in members if any(_opposes(items[j], d) for d in denials)}
        positive = [items[j] for j in members if j in opposing]
        if not denials or not positive:
            continue
        # an assertion that answers no denial takes no side; other stances
        # ("did not refute", "refrained from confirming") are kept as positions
        members = [j for j in members if j in opposing or items[j].status not in POSITIVE]
        core = frozenset.intersection(*(d.terms for d in denials))
        shared = sorted(core & frozenset.union(*(p.terms for p in positive))) or sorted(core)
        # the assertion closest to what was denied states the proposition
        stated = max(positive, key=lambda p: (len(p.terms & core), p.kind == "quote",
                                              -len(p.text)))
        result.append(Contradiction(
            proposition=stated.text, terms=shared,
            positions=[_position(items[j]) for j in members],
            reason=_contradiction_reason(denials, stated, [items[j] for j in members])))
    return result


MAX_LINK_DAYS = 30  # statements further apart are about different moments
# a statement that tells of a denial ("The FSB denies the two explosions are related")
# reports the denial; it does not assert the opposite
_TELLS_OF_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|"
                              r"dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing))\b", re.IGNORECASE)


def _opposes(positive: Statement, denial: Statement) -> bool:
    """An assertion, report or confirmation by another known source, with its own
    evidence, that the denial negates: both sources are someone, and the two share
    at least two terms that are not names ("troop", "deploy")."""
    return (positive.status in POSITIVE and positive.source_key != denial.source_key
            and positive.known_source and denial.known_source
            and not _TELLS_OF_DENIAL.search(positive.text) and not refusal(denial.text)
            and (not _inside(positive, denial) or _framed_as_claim(positive, denial))
            and not _inside(denial, positive)  # one stretch of text is not both sides
            and _shares_predicate(positive, denial))


def _shares_predicate(positive: Statement, denial: Statement) -> bool:
    """Two shared terms that are not names ("troop", "deploy"); or one, when the
    denial names what it denies as an allegation and a quote states half of it
    ("rejected the allegation that Baloch separatists have put down roots across
    the border" / "Kabul was failing to rein in Baloch separatists") or accuses the
    denier of it."""
    shared = positive.terms & denial.terms
    predicates = shared - positive.names - denial.names
    alleged = _ALLEGED.match(denial.text)
    if positive.kind == "event" and alleged is not None and not same_anchor(
            name_terms(denial.text[alleged.end():]), positive.names):
        # "rejected the allegation that the hostage-taking was directed from Afghan
        # soil" denies who is behind it, not that hostages were taken: an event
        # answers it only when it involves the party the allegation names
        return False
    if len(predicates) >= MIN_SHARED:
        return True
    if not predicates or positive.kind != "quote" or alleged is None:
        return False
    return len(shared) >= MIN_OVERLAP * len(denial.terms) or accuses(positive, denial)


def _accusation_of(denial: Statement, other: Statement) -> bool:
    """A quote accusing the denier of what it denies as an allegation, in other words."""
    return other.status in POSITIVE and bool(_ALLEGED.match(denial.text)) \
        and accuses(other, denial) \
        and bool((other.terms & denial.terms) - other.names - denial.names)


def _restates_allegation(denial: Statement, other: Statement) -> bool:
    """A quote stating in other words what the denial names as an allegation: two
    shared terms that are not names, however long either statement is ("rejected
    Pakistan's allegation that the hostage-taking was planned and directed from
    Afghan soil" / "the attack was orchestrated and directed ... from Afghanistan")."""
    alleged = _ALLEGED.match(denial.text)
    return other.kind == "quote" and other.status in POSITIVE and alleged is not None \
        and len((other.terms & denial.terms) - other.names - denial.names) >= MIN_SHARED \
        and same_anchor(name_terms(denial.text[alleged.end():]), other.names)


CALENDAR_NAMES = frozenset(stem(w) for w in (*MONTHS, *WEEKDAYS))


def same_anchor(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name one party or place: the same name, or names of one country
    ("Afghan soil" / "from Afghanistan"), so shared predicates are about one thing
    ("planned" by a passenger running away is not an attack planned abroad). A day or
    month ("Tuesday's attack") anchors nothing."""
    a, b = a - CALENDAR_NAMES, b - CALENDAR_NAMES
    if a & b:
        return True
    actors = load_actors()
    codes_a = {c for n in a for c in actors.codes([n])}
    return bool(codes_a & {c for n in b for c in actors.codes([n])})


# how an accusation names a state that denies it ("accusing the government of ...")
STATE_WORDS = ("the government", "the state", "the authorities")


def accuses(positive: Statement, denier: Statement) -> bool:
    """The quote is an accusation of the denier: "accuses <Pakistan of exploiting the
    rich natural resources of their impoverished province>"; a state denier is also
    "the government" ("accusing <the government of robbing the province>"), and a
    pronoun stands for the party named just before the accusation ("fighting the
    Pakistani state, accusing <it of exploiting ...>")."""
    if not denier.source:
        return False
    names = [denier.source, *(STATE_WORDS if denier.source_type == "GPE" else ())]
    said = fold(positive.text)
    if any(said.startswith(f"{fold(name)} of ") for name in names):
        return True
    return positive.accused is not None and names_party(positive.accused, denier)


_ACCUSED_PRONOUN = re.compile(r"(?:it|them|him|her)\s+of\s", re.IGNORECASE)
# "<party>, accusing" / "<party> and accused": the verb right before the quote
_ACCUSING = re.compile(r"[,;]?\s*(?:and\s+)?accus\w*\s*$", re.IGNORECASE)
ANTECEDENT_WORDS = 4  # "against the Pakistani state": the party is in the last words
_STATE_HEADS = frozenset(w.split()[-1] for w in STATE_WORDS)


def accused_antecedent(text: str, span: tuple[int, int]) -> str | None:
    """The words a quote's opening pronoun stands for when the quote is what someone
    is accused of: "... against the Pakistani state, accusing <it of ...>" ->
    "against the Pakistani state". None when the quote is not such an accusation."""
    start, end = span
    if not _ACCUSED_PRONOUN.match(text[start:end]):
        return None
    breaks = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    before = text[breaks[-1] if breaks else 0:start]
    verb = _ACCUSING.search(before)
    if verb is None:
        return None
    words = _WORD.findall(before[:verb.start()])[-ANTECEDENT_WORDS:]
    return " ".join(words) or None


def names_party(words: str, denier: Statement) -> bool:
    """The antecedent's last word is the denier ("... Pakistan") or, for a state, a
    word for a state whose country is the denier's ("the Pakistani state")."""
    said = _WORD.findall(words)
    if not said or not denier.source:
        return False
    name = _WORD.findall(denier.source)
    if [w.lower() for w in said[-len(name):]] == [w.lower() for w in name]:
        return True
    if denier.source_type != "GPE" or said[-1].lower() not in _STATE_HEADS:
        return False
    actors = load_actors()
    country = set(actors.codes(name))
    return bool(country) and bool(country & set(actors.codes(said[:-1])))


# a denial that names its object as someone's allegation: "the allegation that ..."
_ALLEGED = re.compile(r"(?:[\w'’]+\s+){0,3}?(?:allegations?|accusations?|claims?|charges?|"
                      r"assertions?)\s+that\b", re.IGNORECASE)


_CLAIM_NOUN = re.compile(r"\b(?:allegations?|accusations?|claims?|charges?|assertions?|"
                         r"reports?|suggestions?)\b", re.IGNORECASE)


def _inside(a: Statement, b: Statement) -> bool:
    return a.article == b.article and b.span[0] <= a.span[0] and a.span[1] <= b.span[1]


def _framed_as_claim(positive: Statement, denial: Statement) -> bool:
    """An assertion inside the denial's own words is a side only when the denial
    calls it a claim ("denied Pakistan's allegation that ..."); "denied ... what
    Beijing considers illegal sanctions" is the denier's own view."""
    before = denial.text[:positive.span[0] - denial.span[0]]
    return bool(_CLAIM_NOUN.search(before))


@lru_cache(maxsize=1)
def _refused_things() -> frozenset[str]:
    text = read_text("proposition_terms.json")
    return frozenset(json.loads(text)["refusals"])


def refusal(text: str) -> bool:
    """"funding for such a wall", "ballot access for the ticket": what a "denied"
    refused to give, not a claim it denied."""
    for word in _WORD.findall(text)[:4]:
        word = word.lower()
        if word in _refused_things():
            return True
        if word not in STOP_WORDS:
            return False
    return False


def _near_in_time(a: Statement, b: Statement) -> bool:
    """Published within ``MAX_LINK_DAYS`` of each other (undated articles are not)."""
    if a.article == b.article:
        return True
    apart = days_apart(a.published, b.published)
    return apart is not None and apart <= MAX_LINK_DAYS


_VERB = {"asserted": "asserts", "reported": "reports", "confirmed": "confirms"}


def _who(s: Statement) -> str:
    return s.source or "an unnamed source"


def _contradiction_reason(denials: list[Statement], stated: Statement,
                          members: list[Statement]) -> str:
    """"Kremlin denies what NATO asserts: <proposition>; Putin does not deny it"."""
    deniers = ", ".join(dict.fromkeys(_who(d) for d in denials))
    deny = "deny" if len(denials) > 1 else "denies"
    charge = re.split(r"\s+of\s+", stated.text, maxsplit=1, flags=re.IGNORECASE)
    if len(charge) == 2 and any(accuses(stated, d) for d in denials):
        # "it of exploiting ..." reads as the charge it is
        reason = f"{deniers} {deny} what {_who(stated)} accuses {deniers} of: {charge[1]}"
    else:
        reason = f"{deniers} {deny} what {_who(stated)} " \
                 f"{_VERB.get(stated.status, 'asserts')}: {stated.text}"
    softer = {"not_denied": "does not deny it", "not_confirmed": "does not confirm it"}
    for m in members:
        if m.status in softer:
            reason += f"; {_who(m)} {softer[m.status]}"
    return reason


def _drop_restated(group: set[int], items: list[Statement]) -> set[int]:
    """An event inside a quote, from the same source with the same stance, restates it
    (a "reported" event inside an asserting quote is the quote's own claim)."""
    quotes = [items[j] for j in group if items[j].kind == "quote"]
    kept = set()
    for j in group:
        s = items[j]
        if s.kind == "event" and any(
                q.article == s.article and q.span[0] <= s.span[0] and s.span[1] <= q.span[1]
                and (q.source_key == s.source_key or fold(q.source or "") == fold(s.source or ""))
                and (q.status == s.status or {q.status, s.status} <= POSITIVE) for q in quotes):
            continue
        kept.add(j)
    return kept


# ---------------------------------------------------------------- revisions


def counted_key(counted: str | None) -> str | None:
    if not counted:
        return None
    terms = content_terms(counted)
    return " ".join(sorted(terms)) or None


@lru_cache(maxsize=1)
def _qualifier_words() -> dict[str, str]:
    text = read_text("proposition_terms.json")
    return dict(json.loads(text)["qualifiers"])


_CLAUSE_END = re.compile(r"[.;!?\n]")
QUALIFIER_AFTER = 80  # characters after a figure searched for what it counts
QUALIFIER_BEFORE = 40  # and before it ("killing 21", "the death toll rose to 31")


def qualifier(doc: Document, q: Quantity) -> str | None:
    """What a figure counts besides its noun, from the words of its clause:
    "21 passengers were killed" -> "killed", "354 passengers freed" -> "freed".
    The nearer word wins, after the figure on a tie: "it has infected over 200
    people ... and killed three people" -> "infected" for the 200."""
    words = _qualifier_words()
    own = [w.lower() for w in _WORD.findall(q.counted or "")]
    if said := next((words[w] for w in own if w in words), None):
        return said  # "passengers freed"
    start, end = q.span
    after = doc.text[end:end + QUALIFIER_AFTER]
    if m := _CLAUSE_END.search(after):
        after = after[:m.start()]
    before = doc.text[max(0, start - QUALIFIER_BEFORE):start]
    before = _CLAUSE_END.split(before)[-1]
    found = [(_nearest(_WORD.findall(after), own, words), 0),
             (_nearest(list(reversed(_WORD.findall(before))), own, words), 1)]
    hits = [(hit[0], side, hit[1]) for hit, side in found if hit is not None]
    return min(hits)[2] if hits else None


def _nearest(sequence: list[str], own: list[str], words: dict[str, str]
             ) -> tuple[int, str] | None:
    """(distance in words, qualifier) of the first qualifier word of ``sequence``
    (the counted noun's own words are skipped and not counted)."""
    others = [w.lower() for w in sequence if w.lower() not in own]
    return next(((i, words[w]) for i, w in enumerate(others) if w in words), None)


def _ref(doc: Document, q: Quantity) -> Ref:
    return Ref(article=doc.id, text=q.text, span=q.span)


@dataclass
class Figure:
    """An article's current figure for one counted thing."""

    time: str  # the figure's own calendar time, else its article's date ("" if none)
    published: str
    doc: Document
    quantity: Quantity
    qualifier: str | None


Slot = tuple[str, str | None, str | None]  # (counted key, unit, qualifier)
MAX_REVISION_DAYS = 14  # a later figure revises one at most two weeks older


def _within(doc: Document, key_of: dict[int, str | None]) -> list[Revision]:
    found = []
    for q in doc.quantities:
        old = q.revises
        key = key_of[id(q)]
        if key and q.value is not None and old is not None and old.value is not None \
                and old.value != q.value:
            found.append(_described(Revision(
                counted=q.counted or key, unit=q.unit, old_value=old.value, new_value=q.value,
                old_time=_when(old.time, doc.published)[0],
                new_time=_when(q.time, doc.published)[0], old=_ref(doc, old), new=_ref(doc, q),
                source=q.source, within_article=True, qualifier=qualifier(doc, q))))
    return found


def _current_figures(doc: Document, key_of: dict[int, str | None]) -> dict[Slot, Figure]:
    """Per counted thing, the article's one current figure (none when it gives several)."""
    revised = {(key_of[id(q)], q.unit, q.revises.value) for q in doc.quantities
               if q.revises is not None}
    figures: dict[Slot, list[Quantity]] = {}
    for q in doc.quantities:
        key = key_of[id(q)]
        if key and q.value is not None and (key, q.unit, q.value) not in revised:
            figures.setdefault((key, q.unit, qualifier(doc, q)), []).append(q)
    current = {}
    for slot, qs in figures.items():
        if len({q.value for q in qs}) == 1:  # several figures: which one moved is unknown
            q = qs[0]
            current[slot] = Figure(_when(q.time, doc.published)[0] or "", doc.published or "",
                                   doc, q, slot[2])
    return current


def specific_count(key: str, old: Quantity, new: Quantity) -> bool:
    """A revision across articles needs a specific counted thing or the same source."""
    same_source = bool(old.source and new.source and fold(old.source) == fold(new.source))
    return len(key.split()) >= 2 or same_source


def day(value: str | None) -> date | None:
    """The calendar day a value starts with ("2024-10-28T09:00" -> 2024-10-28), if any."""
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def days_apart(a: str | None, b: str | None) -> int | None:
    first, second = day(a), day(b)
    return abs((second - first).days) if first and second else None


def _close_in_time(old: Figure, new: Figure, limit: int = MAX_REVISION_DAYS) -> bool:
    """Both the articles and the figures' own days (when known) within ``limit`` days."""
    published = days_apart(old.published, new.published)
    if published is None or published > limit:
        return False
    own = days_apart(old.time, new.time)
    return own is None or own <= limit


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n")


def figure_sentence(doc: Document, q: Quantity) -> str:
    """The sentence a figure stands in (split at full stops before a capital)."""
    start, end = q.span
    breaks = [m.end() for m in _SENTENCE_END.finditer(doc.text, 0, start)]
    after = _SENTENCE_END.search(doc.text, end)
    return doc.text[breaks[-1] if breaks else 0:after.start() if after else len(doc.text)]


def running_count(old: Figure, new: Figure) -> bool:
    """A count kept over weeks only grows, and both figures say whose it is: "Biden's
    ... total of 1,124 pledged delegates", "Joe Biden has amassed 1,217"."""
    if old.quantity.value is None or new.quantity.value is None \
            or new.quantity.value <= old.quantity.value:
        return False
    return bool(name_terms(figure_sentence(old.doc, old.quantity))
                & name_terms(figure_sentence(new.doc, new.quantity)))


# a figure stated as a total to date: "has already killed", "had reportedly
# killed", "as of today", "so far", "the death toll"
_TALLY = re.compile(r"\b(?:ha[sd]|have)\s+(?:(?:already|now|so far|\w+ly)\s+)?(?:been\b|"
                    r"\w+(?:ed|en)\b)|\b(?:so far|to date|as of|in total|total of|"
                    r"toll|tally|cumulative)\b", re.IGNORECASE)


def tally(doc: Document, q: Quantity) -> bool:
    """Does the figure's sentence state it as a total so far?"""
    return bool(_TALLY.search(figure_sentence(doc, q)))


def running_tally(old: Figure, new: Figure) -> bool:
    """Two totals to date of one thing in one story, the later one larger: the
    toll of an outbreak ("killed three people", then "has already killed more
    than 1,000 people"). Both name what the figure counts (the same qualifier),
    so a plain noun such as "people" is specific enough."""
    if old.quantity.value is None or new.quantity.value is None \
            or new.quantity.value <= old.quantity.value:
        return False
    return old.qualifier is not None and old.qualifier == new.qualifier \
        and tally(old.doc, old.quantity) and tally(new.doc, new.quantity)


def revisions(docs: Iterable[Document], story_of: Mapping[str, str] | None = None
              ) -> list[Revision]:
    """Changed figures for one counted thing, inside articles and across them over time.

    Inside an article only what it states (``Quantity.revises``: "up from 3,000").
    Across articles: each article's single current figure for a counted thing,
    in time order; a figure revises the one before it when both count the same
    noun with the same qualifier ("passengers killed" is not "passengers freed"),
    the articles appeared within ``MAX_REVISION_DAYS`` of each other, and the
    counted thing is specific ("North Korean troops", not "people") or both
    figures have one source. With ``story_of`` (article id -> story id, from the
    clusterer) only articles of one story are compared: "60 people killed" in one
    flood and "90 people killed" in another are two events; inside one story the
    window is the story's running time up to ``MAX_LINK_DAYS`` for a running count
    (it grew, and both sentences name whose it is: a primary season's delegate
    count, 1,124 then 1,217 eighteen days later) or a running tally (it grew, both
    sentences state a total so far with the same qualifier: an outbreak's toll,
    "three people" killed then "more than 1,000 people" 25 days later; then the
    counted noun need not be specific).
    """
    limit = MAX_LINK_DAYS if story_of is not None else MAX_REVISION_DAYS
    found: list[Revision] = []
    series: dict[tuple[str, str, str | None], list[Figure]] = {}
    for doc in docs:
        key_of = {id(q): counted_key(q.counted) for q in doc.quantities}
        found.extend(_within(doc, key_of))
        story = story_of.get(doc.id, doc.id) if story_of is not None else ""
        for (key, unit, _), figure in _current_figures(doc, key_of).items():
            series.setdefault((story, key, unit), []).append(figure)
    seen = {(r.counted, r.unit, r.old_value, r.new_value) for r in found}
    for (_story, key, unit), figures in series.items():
        figures.sort(key=lambda f: (f.time, f.published))
        for i, new in enumerate(figures):
            old = _previous(figures[:i], new)
            if old is None:
                continue
            q = new.quantity
            signature = (q.counted or key, unit, old.quantity.value, q.value)
            tallied = story_of is not None and running_tally(old, new)
            if old.quantity.value == q.value or signature in seen \
                    or not (specific_count(key, old.quantity, q) or tallied) \
                    or not _close_in_time(old, new, limit) \
                    or not (_close_in_time(old, new) or running_count(old, new) or tallied):
                continue
            seen.add(signature)  # type: ignore[arg-type]
            found.append(_described(Revision(
                counted=q.counted or key, unit=unit, old_value=old.quantity.value,  # type: ignore
                new_value=q.value, old_time=old.time or None,  # type: ignore[arg-type]
                new_time=new.time or None, old=_ref(old.doc, old.quantity),
                new=_ref(new.doc, q), source=q.source, within_article=False,
                qualifier=new.qualifier or old.qualifier)))
    return found


def _previous(earlier: list[Figure], new: Figure) -> Figure | None:
    """The latest earlier figure that counts the same thing: the same qualifier, or
    one of the two has none ("3,000 troops are in Russia", "10,000 troops deployed")."""
    for old in reversed(earlier):
        if old.doc.id != new.doc.id and (
                old.qualifier == new.qualifier or None in (old.qualifier, new.qualifier)):
            return old
    return None


def _described(r: Revision) -> Revision:
    what = r.counted + (f" {r.qualifier}" if r.qualifier and r.qualifier not in r.counted
                        else "")
    new = f"{r.new.text} {what}" + (f" ({r.new_time})" if r.new_time else "")
    old = f"the earlier {r.old.text}" + (f" ({r.old_time})" if r.old_time else "")
    by = f", per {r.source}" if r.source else ""
    where = " in the same article" if r.within_article else ""
    r.reason = f"{new}{by} revises {old}{where}"
    return r


# ---------------------------------------------------------------- timelines


SHORT_NAME = 3  # "US", "UN", "EU": matched as written, or they match "us", "un"...


@lru_cache(maxsize=1024)
def _as_written(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _mentions(text: str | None, names: Sequence[str]) -> bool:
    """Whether ``text`` names one of ``names`` (short names case-sensitively)."""
    if not text:
        return False
    folded = f" {fold(text)} "
    for name in names:
        if len(name) <= SHORT_NAME:
            if name in text and _as_written(name).search(text):
                return True
        elif f" {fold(name)} " in folded:
            return True
    return False


def _entity_names(entity: GlobalEntity | str, resolution: Resolution | None) -> list[str]:
    if isinstance(entity, GlobalEntity):
        return sorted({entity.name, *entity.aliases})
    if resolution is not None:
        matches = resolution.find(entity)
        if matches:
            return sorted({n for e in matches for n in [e.name, *e.aliases]})
    return [entity]


def timeline(docs: Iterable[Document], *, entity: GlobalEntity | str | None = None,
             story: Story | None = None, resolution: Resolution | None = None
             ) -> list[TimelineEntry]:
    """Quotes, quantities and events about ``entity`` (or in ``story``), in time order.

    An item is about the entity when its speaker, source, actor or target is the
    entity or when its text names it; with ``story`` every item of its articles
    counts; with neither, every item.
    """
    docs = list(docs)
    if story is not None:
        wanted = set(story.articles)
        docs = [d for d in docs if d.id in wanted]
    names = _entity_names(entity, resolution) if entity is not None else None
    target_id = entity.id if isinstance(entity, GlobalEntity) else None
    entries = []
    for doc in docs:
        for q in doc.quotes:
            speaker = q.speaker.name if q.speaker else None
            shown = _display(speaker, q.speaker.entity_id if q.speaker else None, doc,
                             resolution)
            is_speaker = bool(target_id and resolution and q.speaker and
                              resolution.global_id(doc.id, q.speaker.entity_id) == target_id)
            if names is None or is_speaker or _mentions(speaker, names) \
                    or _mentions(q.text, names):
                entries.append(_entry(doc, "quote", q.text, q.span, q.time, shown,
                                      status=q.status))
        for n in doc.quantities:
            if names is None or any(_mentions(x, names) for x in (n.counted, n.source, n.text)):
                entries.append(_entry(doc, "quantity", n.text, n.span, n.time, n.source,
                                      value=n.value, counted=n.counted))
        for e in doc.events:
            if names is None or any(_mentions(x, names)
                                    for x in (e.actor, e.target, e.source, e.text)):
                entries.append(_entry(doc, "event", e.text, e.span, e.time,
                                      e.source or e.actor, status=e.status))
    entries.sort(key=lambda e: (e.time or "9999", e.published or "", e.article, e.span))
    return entries


def _entry(doc: Document, kind: str, text: str, span: tuple[int, int], item_time: str | None,
           source: str | None, **extra) -> TimelineEntry:
    when, origin = _when(item_time, doc.published)
    return TimelineEntry(time=when, time_source=origin, kind=kind,  # type: ignore[arg-type]
                         article=doc.id, published=doc.published, text=text, span=span,
                         source=source, **extra)
