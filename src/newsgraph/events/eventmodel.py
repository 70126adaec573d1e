"""A trained yes/no decision for each coded event: is this trigger, here, an event of
its coded type?

The rules find a trigger, type it and check its type's conditions
(:mod:`newsgraph.events.conditions`); the model then turns down the candidates it is
sure are no event of that type ("the number of refugees declined", "shooting with a
five-person crew"). It is a logistic regression over sparse features of the trigger in
its parse and of what the rules read around it (actor, target, status, quotation),
trained by ``python -m newsgraph.train events`` (see :mod:`newsgraph.train.events`) and
shipped as ``data/event_model.json``: the nonzero weights by feature name, so loading it
needs no pickle and no scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from newsgraph.data import data_file, read_text
from newsgraph.linearmodel import LinearModel

MODEL_FILE = "event_model.json"
# below this probability a candidate is dropped: low, so that only the candidates the
# model is sure of go (the rules' conditions already did the bulk of the work); 0.4 has
# the best cross-validated F1 of 0.3-0.55 (P 0.793, R 0.963 on 333 candidates)
DEFAULT_THRESHOLD = 0.4
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY",
                               "SPY", "IGO"})


def participant_kind(token: Token | None, code: str | None) -> str:
    """What sort of participant a phrase is: none, a country, a political sector, a named
    entity label, or a plain noun."""
    if token is None:
        return "none"
    if code and code[:3].isupper() and len(code) >= 3:
        sector = code[3:6] if len(code) >= 6 else code[:3]
        country = "country" if code[:3] not in POLITICAL_SECTORS | {"CVL", "BUS", "MED",
                                                                   "EDU", "REL", "JRN",
                                                                   "NGO", "CRM", "REF",
                                                                   "LAB", "ELI"} else "sector"
        political = "pol" if sector in POLITICAL_SECTORS or country == "country" else "nonpol"
        return f"{country}-{political}"
    if token.ent_type_:
        return f"ent-{token.ent_type_}"
    return "pron" if token.pos_ == "PRON" else "noun"


def features(token: Token, type_: str, actor: Token | None, actor_code: str | None,
             target: Token | None, target_code: str | None, status: str,
             quoted: bool) -> list[str]:
    """Sparse binary features of a coded event candidate."""
    lemma = token.lemma_.lower()
    akind = participant_kind(actor, actor_code)
    tkind = participant_kind(target, target_code)
    deps = sorted({c.dep_ for c in token.children})
    aux = sorted({c.lower_ for c in token.children if c.dep_ in ("aux", "neg")})
    feats = [
        "bias", f"type={type_}", f"lemma={lemma}", f"type+lemma={type_}|{lemma}",
        f"pos={token.pos_}", f"type+pos={type_}|{token.pos_}", f"dep={token.dep_}",
        f"head={token.head.lemma_.lower()}", f"actor={akind}", f"target={tkind}",
        f"type+actor={type_}|{akind}", f"type+target={type_}|{tkind}",
        f"actor+target={akind}|{tkind}", f"status={status}", f"quoted={quoted}",
        f"tag={token.tag_}",
    ]
    feats += [f"child={d}" for d in deps]
    feats += [f"aux={a}" for a in aux]
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "pobj")]
    feats += [f"type+obj={type_}|{o.lemma_.lower()}" for o in objects[:2]]
    return feats


@dataclass(frozen=True)
class EventModel(LinearModel):
    def keeps(self, feats: list[str]) -> bool:
        return self.probability(feats) >= self.threshold


@lru_cache(maxsize=1)
def load_event_model() -> EventModel | None:
    """The shipped weights; None when the package carries none."""
    if not data_file(MODEL_FILE).is_file():
        return None
    return EventModel.from_json(read_text(MODEL_FILE))
