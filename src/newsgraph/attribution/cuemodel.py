"""A trained yes/no decision for each candidate cue: does this word, here, introduce an
attribution?

Candidates are the lexicon's cues (:func:`newsgraph.extract.quotes.cue_tokens`); the rules
keep finding them, the model turns down the ones that report nothing in context ("the DAX
added 0.1 per cent", "readings above 50 indicate expansion"). It is a logistic regression
over sparse features of the cue in its parse, trained on PolNeAR train by
``python -m newsgraph.train attribution`` (see :mod:`newsgraph.train`) and shipped as
``data/cue_model.json``: the nonzero weights by feature name, so loading it needs no
pickle and no scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from newsgraph.data import data_file, read_text, word_list
from newsgraph.linearmodel import LinearModel

MODEL_FILE = "cue_model.json"
# below this probability a candidate is dropped: low, so that only cues the model is sure
# report nothing go (precision is trust, but the rules' recall is hard won). Chosen on
# PolNeAR train, end to end: 0.3 over 0.2 gains 0.013 indirect precision for 0.008 recall.
DEFAULT_THRESHOLD = 0.3
_PRONOUNS = word_list("pronouns.cue_subject")


def features(tok: Token, quoted: bool) -> list[str]:
    """Sparse binary features of a candidate cue in its parse."""
    lemma = tok.lemma_.lower()
    children = list(tok.children)
    deps = sorted({c.dep_ for c in children})
    subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    feats = [
        "bias", f"lemma={lemma}", f"tag={tok.tag_}", f"dep={tok.dep_}",
        f"lemma+dep={lemma}|{tok.dep_}", f"head_pos={tok.head.pos_}",
        f"quoted={quoted}", f"prev={tok.nbor(-1).lower_ if tok.i > 0 else '<s>'}",
        f"next={tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else '</s>'}",
    ]
    feats += [f"child={d}" for d in deps]
    feats += [f"lemma+child={lemma}|{d}" for d in deps if d in _CONTENT]
    if subj is None:
        feats.append("subj=none")
    else:
        kind = ("pron" if subj.lower_ in _PRONOUNS else subj.ent_type_ or subj.pos_)
        feats += [f"subj={kind}", f"lemma+subj={lemma}|{kind}"]
        if subj.pos_ == "NOUN":
            feats.append(f"subj_noun={subj.lemma_.lower()}")
    if any(g.dep_ == "mark" and g.lower_ == "that" for c in children if c.dep_ == "ccomp"
           for g in c.children):
        feats.append("ccomp_that")
    if any(c.like_num or c.pos_ == "NUM" for c in tok.subtree if c.i > tok.i):
        feats.append(f"lemma+num_after={lemma}")
    return feats


_CONTENT = frozenset({"ccomp", "dobj", "xcomp", "prep", "advcl", "agent", "dative", "attr"})


@dataclass(frozen=True)
class CueModel(LinearModel):
    def keeps(self, tok: Token, quoted: bool) -> bool:
        return self.probability(features(tok, quoted)) >= self.threshold


@lru_cache(maxsize=1)
def load_cue_model() -> CueModel | None:
    """The shipped weights; None when the package carries none."""
    if not data_file(MODEL_FILE).is_file():
        return None
    return CueModel.from_json(read_text(MODEL_FILE))
