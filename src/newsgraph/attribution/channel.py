"""The channel of an attribution: "on X", "in a statement", "told VOA"."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.attribution.lexicon import Lexicon

_TIME_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "CARDINAL"})


def channel_of(cue: Token, lexicon: Lexicon) -> str | None:
    """Look at the cue's prepositions and, for "tell", its media addressee."""
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "in", "via", "during", "through"):
            for obj in child.children:
                if obj.dep_ != "pobj" or obj.ent_type_ in _TIME_ENTS:
                    continue
                if obj.lemma_.lower().strip(".") in lexicon.channels:
                    return _text(obj)
                if child.lower_ in ("on", "via") and obj.text[:1].isupper():
                    return _text(obj)  # "on X", "on Fox News"
        if (child.dep_ in ("dobj", "dative") and cue.lemma_ == "tell" and child.pos_ == "PROPN"
                and child.ent_type_ in ("ORG", "", "PRODUCT", "WORK_OF_ART")):
            return _text(child)
    return None


def _text(tok: Token) -> str:
    return tok.doc[tok.left_edge.i:tok.right_edge.i + 1].text.rstrip(".,;: \n")
