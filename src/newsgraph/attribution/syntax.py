"""Dependency-tree helpers shared by the attribution modules."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span, Token

# Clause links through which a verb inherits the subject of the verb it hangs from
# ("Putin did not refute ..., stating that": stating takes Putin).
_INHERIT = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "acl", "ccomp", "oprd"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_EDGE_PUNCT = frozenset(",;:-—–\"“”'‘’()")


def subject_of(verb: Token, cues: Container[int] = (), max_steps: int = 6) -> Token | None:
    """The token naming who performs ``verb``, climbing through participles and clauses.

    A participial adjunct ("..., viewing it as ...") belongs to the nearest reporting verb
    above it in ``cues``, whatever clause the parser hung it from.
    """
    tok = verb
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        tok = _reporting_ancestor(verb, cues) or verb
    for _ in range(max_steps):
        for child in tok.children:
            if child.dep_ == "nsubj":
                if child.lower_ in _RELATIVE and tok.dep_ == "relcl":
                    return tok.head
                return child
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if tok.dep_ not in _INHERIT or tok.head.i == tok.i:
            return None
        if tok.dep_ == "ccomp" and tok is not verb:
            return None
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head  # "reports from NATO indicating that ..."
        tok = tok.head
    return None


def _reporting_ancestor(tok: Token, cues: Container[int]) -> Token | None:
    """The cue whose reported clause (ccomp) holds ``tok``."""
    through_ccomp = False
    while tok.head.i != tok.i:
        through_ccomp = through_ccomp or tok.dep_ == "ccomp"
        tok = tok.head
        if through_ccomp and tok.i in cues:
            return tok
    return None


def is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det")
               for c in tok.children)


def trimmed(doc: Doc, start: int, end: int) -> Span | None:
    """``doc[start:end]`` without edge punctuation and marks; None when nothing is left."""
    while start < end and (_edge(doc[start]) or doc[start].is_space):
        start += 1
    while end > start and (_edge(doc[end - 1]) or doc[end - 1].is_space
                           or doc[end - 1].text == "."):
        end -= 1
    return doc[start:end] if end > start else None


def _edge(tok: Token) -> bool:
    """Edge punctuation, the doubled apostrophe ('' as a quotation mark) included."""
    return bool(tok.text) and all(ch in _EDGE_PUNCT for ch in tok.text)


def subtree_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1
