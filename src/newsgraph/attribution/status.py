"""Epistemic status of an attribution from its cue, negation, modality and condition."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.attribution.lexicon import CueEntry, Lexicon
from newsgraph.attribution.syntax import is_negated

# statuses the cue decides on its own; condition and hedging only refine plain assertions
_DEFINITE = frozenset({"denied", "not_denied", "confirmed", "not_confirmed", "no_comment"})
_NEGATOR_LINKS = frozenset({"xcomp", "pcomp", "prep", "acomp"})
_NOT = frozenset({"not", "n't", "n’t"})


def has_negation(tok: Token) -> bool:
    """``is_negated``, and a "not" the parser left as an adverb: it reads the curly
    apostrophe of "wouldn’t" as ``advmod``, not ``neg``."""
    return is_negated(tok) or any(c.dep_ == "advmod" and c.lower_ in _NOT
                                  for c in tok.children)


def cue_negated(cue: Token, lexicon: Lexicon) -> bool:
    """Negation of the cue itself: "did not confirm", "refrained from confirming",
    "declined to comment", "unable to verify". Negation inside the content does not count."""
    if has_negation(cue):
        return True
    tok = cue
    for _ in range(3):  # confirming <- from <- refrained
        if tok.dep_ not in _NEGATOR_LINKS or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ == "ADP" and tok.lower_ not in ("from", "of", "to"):
            return False  # "with Singh stating": not a complement of "refrained"
        if tok.lemma_.lower() in lexicon.negators or tok.lemma_.lower() in ("decline", "refuse"):
            return True
        if tok.pos_ in ("VERB", "AUX", "ADJ") and tok.lemma_.lower() not in ("from", "to"):
            return tok.pos_ == "ADJ" and has_negation(tok)
    return False


def is_conditional(root: Token | None, lexicon: Lexicon) -> bool:
    if root is None:
        return False
    for child in root.children:
        if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in lexicon.conditions
                                         for g in child.children):
            return True
    return False


def is_hedged(tok: Token | None, lexicon: Lexicon) -> bool:
    """A modal (may, might, could) or hedging adverb (likely, reportedly) on ``tok``."""
    if tok is None:
        return False
    for child in tok.children:
        if child.dep_ in ("aux", "advmod", "acomp") and child.lower_ in lexicon.hedges:
            return True
    # "is believed to", "is said to", "is likely to": a passive or adjectival frame
    head = tok.head
    if tok.dep_ == "xcomp" and head.i != tok.i:
        if head.lower_ in lexicon.hedges:
            return True
        if any(c.dep_ == "auxpass" for c in head.children) and head.lemma_ in ("believe", "say",
                                                                               "think", "expect",
                                                                               "report"):
            return True
    return False


def attribution_status(cue: Token | None, entry: CueEntry | None, content_root: Token | None,
                       lexicon: Lexicon) -> str:
    """Decide the status: definite cue meaning first, then condition, then hedging."""
    if cue is not None and entry is not None:
        negated = cue_negated(cue, lexicon)
        status = entry.neg_status if negated else entry.status
        if entry.cls == "refusal" and negated:
            status = "asserted"
        if status in _DEFINITE:
            return status
        if status == "hedged" and not is_conditional(content_root, lexicon):
            return "hedged"
    if is_conditional(content_root, lexicon):
        return "conditional"
    if is_hedged(cue, lexicon) or is_hedged(content_root, lexicon):
        return "hedged"
    return "asserted"
