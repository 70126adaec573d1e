"""Who says so, and how sure: the attribution of one clause, read off the parse.

Quantities and events both need the source of the clause they sit in
("According to Pentagon estimates, ...", "reports from NATO indicating that
...", "Rutte ..., noting that ...") and its status (reported, denied, not
confirmed, hedged, conditional). The quotes layer answers this for whatever it
covers; these rules are the fallback for the rest, from the dependency tree
and the cue lexicon in ``data/status_cues.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.data import read_text, word_list
from newsgraph.doctext import sentence

# edges by which a clause or a thing hangs from the verb that reports it
CLAUSE_EDGES = {"ccomp", "xcomp", "dobj", "pcomp", "parataxis", "nsubjpass", "attr", "oprd"}
# edges to climb when a reporting verb has no subject of its own ("..., noting that")
SUBJECTLESS_EDGES = {"advcl", "conj", "xcomp", "acl", "relcl", "pcomp", "prep"}
NEGATING_HEADS = {"refrain", "decline", "fail", "refuse", "avoid", "stop", "cease"}
HEDGE_MODALS = {"may", "might", "could", "possibly", "perhaps", "likely", "reportedly",
                "allegedly", "apparently", "probably"}
PRONOUNS = word_list("pronouns.speaker")
SOURCE_PREPS = {"from", "by", "of"}


@dataclass(frozen=True)
class Cue:
    status: str
    kind: str


@lru_cache(maxsize=1)
def cue_lexicon() -> tuple[dict[str, Cue], dict[str, Cue]]:
    """(verb lemma -> Cue, noun -> Cue) from ``data/status_cues.tsv``."""
    verbs: dict[str, Cue] = {}
    nouns: dict[str, Cue] = {}
    text = read_text("status_cues.tsv")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, status, kind = line.split("\t")[:3]
        (nouns if kind == "noun" else verbs)[lemma] = Cue(status, kind)
    return verbs, nouns


@dataclass
class Attribution:
    cue: Token | None
    status: str
    source: Token | None  # head token of the source phrase

    def source_text(self, doc: Doc, names: dict[int, str] | None = None) -> str | None:
        return None if self.source is None else phrase_name(self.source, names)


def is_negated(token: Token) -> bool:
    if any(child.dep_ == "neg" for child in token.children):
        return True
    head = token.head
    # "refrained from confirming", "declined to confirm"
    return token.dep_ in ("pcomp", "xcomp") and (
        head.lemma_ in NEGATING_HEADS
        or (head.dep_ == "prep" and head.head.lemma_ in NEGATING_HEADS))


def _negated_cue(token: Token) -> bool:
    if is_negated(token):
        return True
    if token.dep_ == "pcomp" and token.head.dep_ == "prep":
        return token.head.head.lemma_ in NEGATING_HEADS
    return False


def status_of(cue: Cue, negated: bool) -> str:
    if not negated:
        return cue.status
    return {"confirmed": "not_confirmed", "denied": "not_denied"}.get(cue.status, cue.status)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, climbing through subjectless participles and conjuncts."""
    seen = 0
    while seen < 4:
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return noun_source(verb.head) or verb.head
        if verb.dep_ not in SUBJECTLESS_EDGES or verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.dep_ == "prep":
            verb = verb.head
        seen += 1
    return None


def noun_source(noun: Token) -> Token | None:
    """The owner of a report noun: "reports from NATO", "Pentagon estimates", "NATO's data"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in SOURCE_PREPS:
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.pos_ in ("PROPN", "NOUN") and (
                        grand.ent_type_ or grand.pos_ == "PROPN"):
                    return grand
    for child in noun.children:
        if child.dep_ in ("poss", "compound") and (child.ent_type_ or child.pos_ == "PROPN"):
            return child
    return None


def according_to(sent) -> Token | None:
    """The source named by "according to X" in ``sent``."""
    for token in sent:
        if token.lower_ == "according":
            for child in token.children:
                if child.lower_ == "to":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            _, nouns = cue_lexicon()
                            if pobj.lower_ in nouns:
                                return noun_source(pobj) or pobj
                            return pobj
    return None


def attribute(token: Token) -> Attribution:
    """The reporting cue above ``token`` (a verb or noun), its status and its source."""
    verbs, nouns = cue_lexicon()
    node = token
    for _ in range(8):
        head = node.head
        if head.i == node.i or _crosses_paragraph(node, head):
            break
        if node.dep_ in CLAUSE_EDGES or node.dep_ == "pobj":
            if head.pos_ in ("VERB", "AUX") and head.lemma_ in verbs and head.i != token.i:
                cue = verbs[head.lemma_]
                return Attribution(head, status_of(cue, _negated_cue(head)), subject_of(head))
        if node.dep_ in ("prep", "acl", "dobj") and head.pos_ == "NOUN" and head.lower_ in nouns:
            # "reports of X", "reports that X": a report noun, itself maybe dismissed
            outer = attribute(head) if head.dep_ in ("dobj", "nsubjpass") else None
            if outer is not None and outer.cue is not None and outer.status == "denied":
                return outer
            return Attribution(head, nouns[head.lower_].status, noun_source(head))
        if node.dep_ == "acl" and head.pos_ == "NOUN":
            break
        node = head
        if node.dep_ == "ROOT":
            break
    return Attribution(None, "asserted", according_to(sentence(token)))


def hedge_status(token: Token) -> str | None:
    """"conditional" under an "if" clause, "hedged" under a modal of possibility."""
    node = token
    hedged = False
    for _ in range(6):
        if node.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in node.children):
            return "conditional"
        if node.pos_ in ("VERB", "AUX") and any(
                c.lower_ in HEDGE_MODALS for c in node.children if c.dep_ in ("aux", "advmod")):
            hedged = True
        # stop at the clause that reports this one, and at the sentence root
        if node.dep_ in ("ccomp", "ROOT", "parataxis", "relcl") or node.head.i == node.i:
            break
        node = node.head
    return "hedged" if hedged else None


def _crosses_paragraph(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    # token by token: Doc.text is rebuilt on every access, far too slow here
    return any("\n" in t.whitespace_ or "\n" in t.text for t in a.doc[lo:hi])


def resolve_pronoun(token: Token, names: dict[int, str] | None) -> str | None:
    """"he"/"she" -> the nearest person named before it (within the paragraph or so)."""
    if token.lower_ not in ("he", "she", "him", "her") or not names:
        return None
    doc = token.doc
    for i in range(token.i - 1, max(-1, token.i - 80), -1):
        if i in names and doc[i].ent_type_ == "PERSON":
            return names[i]
    return None


def phrase_name(token: Token, names: dict[int, str] | None = None) -> str:
    """A readable name for the phrase headed by ``token``: its entity name, else the phrase."""
    if names and token.i in names:
        return names[token.i]
    if token.lower_ in PRONOUNS:
        return resolve_pronoun(token, names) or token.text
    if token.ent_type_ and token.ent_iob_ != "O":
        ent = _entity_at(token)
        if ent is not None:
            return _strip_the(ent.text)
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i >= token.i - 4:
            left = min(t.i for t in child.subtree)
            break
    left = max(left, token.i - 6)
    while left < token.i and (token.doc[left].ent_type_ in ("DATE", "TIME")
                              or token.doc[left].is_punct):
        left += 1  # "June 3 - Ukrainian drones": the dateline's date is not the name
    text = token.doc[left: token.i + 1].text
    return _strip_the(text)


def _entity_at(token: Token):
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _strip_the(text: str) -> str:
    text = text.strip()
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def quote_source(speaker_name: str | None, entity_id: str | None,
                 own: str | None) -> str | None:
    """The source to report for an item inside a quote.

    The quotes layer names the speaker; when that "speaker" is a report noun
    ("reports", "Pentagon estimates") rather than someone, the owner found by
    these rules ("NATO", "Pentagon") is the better name.
    """
    if speaker_name is None:
        return own
    speaker_name = _strip_the(speaker_name)
    _, nouns = cue_lexicon()
    words = speaker_name.split()
    if entity_id is None and words and words[-1].lower() in nouns:
        return own or (" ".join(words[:-1]) or None)
    return speaker_name


def quote_status(status: str, has_speaker: bool) -> str:
    """A quote's status seen from the author: what a speaker asserts is reported."""
    return "reported" if status == "asserted" and has_speaker else status
