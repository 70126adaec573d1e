"""PLOVER coding of one clause: find triggers, pick their type, actor, target, place.

Triggers come from the lexicon in ``data/plover_verbs.tsv``. Two rules of the
PLOVER codebook sit on top of it: an expressed intent to do something
cooperative ("will provide", "promised to withdraw", "is willing to meet")
is AGREE, and a conditional or announced use of force ("would respond if",
"threatened to strike") is THREATEN. A trigger that is the complement of
another ("agreed to cooperate", "refused to withdraw") folds into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from newsgraph.data import read_text, word_list

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
CONFLICTUAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
# a possible act held over a condition is a threat too ("may halt talks if ...")
POSSIBLE_AUX = {"may", "might", "could"}
# heads whose complement states an intent: "promised to", "willing to", "ready to"
INTENT_HEADS = {"promise", "pledge", "offer", "vow", "agree", "commit", "willing", "ready",
                "prepared", "intend", "plan", "undertake"}
THREAT_HEADS = {"threaten", "warn", "vow", "swear"}
# "must"/"should" in a reported clause: the speaker demands it
DEMAND_AUX = {"must", "should"}
SPEECH_HEADS = word_list("cues.speech_heads")
# heads whose complement keeps the head's own type ("refused to meet" is REJECT)
GOVERNING_TYPES = {"REJECT", "REQUEST", "THREATEN", "ACCUSE", "AGREE", "CONCEDE"}
TARGET_PREPS = {"to", "with", "against", "on", "at", "into", "upon", "toward", "towards",
                "for", "from", "between", "over"}
PLACE_PREPS = {"in", "into", "to", "near", "at", "across", "inside", "outside", "around",
               "throughout", "from"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOMINAL_SUBJ = {"nsubj", "nsubjpass"}
# "alerting allies for weeks": a stretch of time is never whom an event is done to
TIME_NOUNS = {"second", "minute", "hour", "day", "night", "week", "weekend", "month", "year",
              "decade", "century", "time", "moment", "period"}


@dataclass(frozen=True)
class Rule:
    lemma: str
    pos: str
    type: str
    kind: str | None = None  # obj | prt | prep | of | modal
    words: frozenset[str] = frozenset()
    # further conditions that must hold too ("prt=off;obj=strike": "called off a strike")
    also: tuple[tuple[str, frozenset[str]], ...] = ()


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[Rule]]:
    """(lemma, VERB|NOUN) -> rules, conditional ones first."""
    table: dict[tuple[str, str], list[Rule]] = {}
    text = read_text("plover_verbs.tsv")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        lemma, pos, type_ = cols[0].strip(), cols[1].strip(), cols[2].strip()
        conditions = [_condition(c) for c in cols[3].split(";") if c.strip()] \
            if len(cols) > 3 else []
        kind, words = conditions[0] if conditions else (None, frozenset())
        table.setdefault((lemma, pos), []).append(
            Rule(lemma, pos, type_, kind, words, tuple(conditions[1:])))
    for rules in table.values():
        rules.sort(key=lambda r: r.kind is None)
    return table


def _condition(text: str) -> tuple[str, frozenset[str]]:
    """"obj=a,b" -> ("obj", {"a", "b"})."""
    kind, _, rest = text.strip().partition("=")
    return kind, frozenset(w.strip() for w in rest.split(",") if w.strip())


@dataclass
class Trigger:
    token: Token
    type: str
    base_type: str
    absorbed: list[Token] = field(default_factory=list)
    negated: bool = False


def _objects(token: Token) -> list[Token]:
    objs = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for child in token.children:
        if child.dep_ == "prep":
            objs.extend(g for g in child.children if g.dep_ == "pobj")
        if child.dep_ == "xcomp":
            objs.extend(g for g in child.children if g.dep_ == "dobj")
    return objs


def _with_measured(objects: list[Token]) -> list[Token]:
    """Objects, what a measure among them counts ("700 kg of medicine" is medicine) and
    the nouns naming their kind ("the ceasefire agreement" is a ceasefire)."""
    return objects + [g for o in objects for c in o.children if c.dep_ == "prep"
                      and c.lower_ == "of" and o.pos_ in ("NOUN", "NUM")
                      for g in c.children if g.dep_ == "pobj"] + [
        c for o in objects for c in o.children if c.dep_ == "compound" and c.pos_ == "NOUN"]


def _clause_marked(token: Token, words: frozenset[str]) -> bool:
    """"called for the government to resign": the parser may hang "for" on the clause
    as its marker rather than on the verb as a preposition."""
    return any(c.dep_ in ("advcl", "ccomp", "xcomp") and any(
        g.dep_ == "mark" and g.lower_ in words and g.i < c.i for g in c.children)
        for c in token.children if c.i > token.i)


def _rule_holds(rule: Rule, token: Token) -> bool:
    if rule.kind is None:
        return True
    return _condition_holds(rule.kind, rule.words, token) and all(
        _condition_holds(kind, words, token) for kind, words in rule.also)


def _condition_holds(kind: str, words: frozenset[str], token: Token) -> bool:
    if kind == "obj":
        return any(o.lemma_.lower() in words or o.lower_ in words
                   for o in _with_measured(_objects(token)))
    if kind == "prt":
        return any(c.dep_ == "prt" and c.lower_ in words for c in token.children)
    if kind == "prep":
        # "called off the strike on Friday": a date is not whom "called on" addresses
        return any(c.dep_ in ("prep", "prt") and c.lower_ in words and not any(
            g.dep_ == "pobj" and is_time(g) for g in c.children) for c in token.children) \
            or _clause_marked(token, words)
    if kind == "of":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                if any(g.lemma_.lower() in words for g in child.children):
                    return True
        # "troop deployments", "hunger strike": the modifier names the thing
        return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in words
                   for c in token.children)
    if kind == "modal":
        return _has_future(token)
    if kind == "comp":
        return any(c.dep_ in ("xcomp", "ccomp") for c in token.children)
    if kind == "objprep":
        # "fired tear gas and grenades at demonstrators": the parser may hang "at" on
        # the object or on its last conjunct
        return any(c.dep_ == "prep" and c.lower_ in words for o in _objects(token)
                   for n in (o, *o.conjuncts) for c in n.children) \
            or _condition_holds("prep", words, token)
    return False


def lexical_type(token: Token) -> str | None:
    pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ == "NOUN" else None
    if pos is None:
        return None
    rules = lexicon().get((token.lemma_.lower(), pos)) or lexicon().get((token.lower_, pos))
    if not rules:
        return None
    for rule in rules:
        if _rule_holds(rule, token):
            return rule.type
    return None


def _has_future(token: Token) -> bool:
    return _has_modal(token, FUTURE_AUX)


def _has_modal(token: Token, modals: set[str]) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for c in token.children)


def _has_if_clause(token: Token, marks: tuple[str, ...] = ("if", "unless")) -> bool:
    return any(c.dep_ == "advcl" and any(g.lower_ in marks for g in c.children)
               for c in token.children)


def _intent_head(token: Token) -> Token | None:
    """The verb or adjective stating intent whose complement ``token`` is."""
    node = token
    for _ in range(2):
        if node.dep_ not in ("xcomp", "ccomp", "acomp") or node.head.i == node.i:
            return None
        head = node.head
        if head.lemma_.lower() in INTENT_HEADS or head.lower_ in INTENT_HEADS:
            return head
        # "is willing to withdraw": the adjective is the head's acomp
        for child in head.children:
            if child.dep_ == "acomp" and child.lower_ in INTENT_HEADS:
                return child
        node = head
    return None


def _reported(token: Token) -> bool:
    return token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH_HEADS


def refine_type(token: Token, base: str) -> str:
    """Apply the demand, intent and threat rules of PLOVER to a lexical type."""
    head = token.head
    if head.i != token.i and token.dep_ in ("xcomp", "ccomp") and \
            head.lemma_.lower() in THREAT_HEADS and base in CONFLICTUAL | {"THREATEN"}:
        return "THREATEN"
    if _reported(token) and any(c.dep_ == "aux" and c.lower_ in DEMAND_AUX
                                for c in token.children):
        return "REQUEST"
    future = _has_future(token)
    if base in CONFLICTUAL | {"PROTEST"} and (
            (future and (_has_if_clause(token) or _reported(token)))
            or (_has_modal(token, POSSIBLE_AUX) and _has_if_clause(token))):
        return "THREATEN"  # "may halt mediation if cooperation founders" (CAMEO 135)
    # "will withdraw its force unless ...": a withdrawal held over someone is an ultimatum
    if base == "RETREAT" and future and _has_if_clause(token, ("unless",)):
        return "THREATEN"
    if base in COOPERATIVE and base != "AGREE" and (future or _intent_head(token) is not None):
        return "AGREE"
    return base


def find_triggers(sent: Span) -> list[Trigger]:
    """PLOVER triggers in a sentence, complements folded into their governors."""
    found: dict[int, Trigger] = {}
    for token in sent:
        if token.dep_ == "amod":  # "long-threatened invasion", "alleged crimes"
            continue
        base = lexical_type(token)
        if base is None:
            continue
        type_ = refine_type(token, base)
        negated = is_negated_trigger(token)
        if negated and type_ in COOPERATIVE and refusal_by_negation(token):
            type_, negated = "REJECT", False  # "will not accept": a refusal
        found[token.i] = Trigger(token, type_, base, negated=negated)
    for trig in found.values():
        if trig.type == "REQUEST" and rallies_against(trig.token, found):
            trig.type = "ACCUSE"
    for i in sorted(found, key=lambda i: -_depth(found[i].token)):
        trig = found.get(i)
        if trig is None:
            continue
        governor = _governor(trig.token, found)
        if governor is not None:
            governor.absorbed.append(trig.token)
            if governor.base_type in ("AGREE",) and trig.type in CONFLICTUAL:
                governor.type = "THREATEN" if governor.token.lemma_ == "vow" else governor.type
            del found[i]
    # "will not impose restrictions": no event, neither the verb nor what it folded in
    return sorted((t for t in found.values() if not t.negated), key=lambda t: t.token.i)


def rallies_against(token: Token, found: dict[int, Trigger]) -> bool:
    """"called for sanctions against Nigeria", "urged Arabs to mobilize against Sharon":
    a call for hostile acts against a party rallies opposition to it (PLOVER ACCUSE,
    CAMEO 113), not a request made of it."""
    return any(other.base_type in CONFLICTUAL | {"PROTEST"} and other.token.i != token.i
               and token.is_ancestor(other.token)
               and any(c.dep_ == "prep" and c.lower_ == "against" for c in other.token.children)
               for other in found.values())


def is_negated_trigger(token: Token) -> bool:
    """"did not attack", "no country has recognized", "offered no evidence", "nobody
    met them": the clause says the act did not happen."""
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                child.lower_ in NOBODY or any(g.dep_ == "det" and g.lower_ == "no"
                                              for g in child.children)):
            return True
    return False


NOBODY = {"nobody", "none", "nothing", "noone"}
# verbs whose negation is a refusal of what was offered ("did not accept the offer")
ACCEPTING_VERBS = {"accept", "agree", "approve", "recognize", "recognise", "sign", "endorse",
                   "ratify", "allow", "permit", "support", "back", "join"}


def refusal_by_negation(token: Token) -> bool:
    """A negated cooperative act that is a refusal: a stated intent ("will not
    withdraw", "won't meet") or a refused acceptance ("did not accept"); "did not
    immediately offer" and "has not recognized" report no act at all."""
    if not any(c.dep_ == "neg" for c in token.children):
        return False  # "no country accepted": nobody acted, nobody refused
    if token.lemma_.lower() in ACCEPTING_VERBS:
        return not any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had")
                       for c in token.children)
    return _has_future(token) or any(c.dep_ == "aux" and c.lower_ in ("can", "ca", "could")
                                     for c in token.children)


def _governor(token: Token, found: dict[int, Trigger]) -> Trigger | None:
    """A trigger this one is the complement of ("agreed to cooperate", "refused to meet")
    or the direct object of ("signed a pact", "rejected the request")."""
    edge, node = token.dep_, token.head
    if node.i == token.i:
        return None
    if edge == "pcomp" and node.dep_ == "prep":  # "accused them of not responding"
        node = node.head
    trig = found.get(node.i)
    if trig is None:
        return None
    if edge in ("xcomp", "ccomp", "pcomp") and (
            trig.base_type in GOVERNING_TYPES or trig.type == found[token.i].type):
        return trig
    if edge in ("dobj", "acl") and node.pos_ in ("VERB", "NOUN"):
        return trig
    return None


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _salience_depth(token: Token) -> int:
    # "staged demonstrations", "mounted an invasion": the noun stands for its light verb
    if token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubjpass") and \
            token.head.lemma_ in LIGHT_VERBS:
        return _depth(token) - 1
    return _depth(token)


def main_trigger(triggers: list[Trigger]) -> Trigger | None:
    """The trigger nearest the root: the event a one-sentence report is about."""
    if not triggers:
        return None
    return min(triggers, key=lambda t: (_salience_depth(t.token), t.token.pos_ != "VERB",
                                        t.token.i))


LIGHT_VERBS = {"hold", "sign", "conclude", "reach", "launch", "make", "carry", "conduct",
               "stage", "give", "take", "issue", "begin", "start", "complete", "have",
               "mount", "continue", "resume", "open", "announce", "order", "impose", "grant",
               "provide", "offer", "seek", "lodge", "file", "pay", "establish", "end", "suspend"}
# verbs whose subject sees or judges an event without doing it ("condemned the attack")
WITNESS_VERBS = {"see", "witness", "watch", "hear", "condemn", "report", "describe", "deny",
                 "confirm", "say", "fear", "investigate", "blame", "criticize", "criticise",
                 "welcome", "praise", "denounce", "discuss", "mention", "cover", "film",
                 "document", "recall", "remember", "survive", "escape", "follow", "expect",
                 "predict", "call", "dismiss", "reject", "question", "doubt", "study",
                 "analyze", "track", "monitor", "note", "cite", "mark", "commemorate",
                 "characterize", "characterise", "label", "brand", "regard", "consider"}
# types whose passive subject is the actor's own force ("units were deployed")
OWN_FORCE_TYPES = {"MOBILIZE", "RETREAT"}


RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}


def subject(token: Token, type_: str | None = None) -> Token | None:
    """Who acts: the subject, the passive agent, or the subject of a governing verb.

    A relative pronoun stands for the noun its clause modifies: in "the group that
    attacked the convoy" the group acts, not "that".
    """
    found = _subject(token, type_)
    return antecedent(found) if found is not None else None


def antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ("the convoy that was attacked" -> convoy),
    None for a relative pronoun outside a relative clause, else the token itself."""
    if token.lower_ not in RELATIVE_PRONOUNS:
        return token
    clause = token.head
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl":
        return clause.head
    return None if token.tag_ in ("WDT", "WP") else token


def _subject(token: Token, type_: str | None = None) -> Token | None:
    node = token
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if node.i == token.i and token.pos_ == "VERB" and type_ in OWN_FORCE_TYPES and \
                not frees(token):
            for child in node.children:
                if child.dep_ == "nsubjpass":
                    return child
        if token.pos_ == "NOUN" and node.i == token.i:
            if undergone(token):
                return None  # "Trump received criticism": the subject is its target
            found = _noun_actor(token, type_)
            if found is None and type_ in BETWEEN_PARTY_TYPES and \
                    (pair := _between_pair(token) or (
                        _governing_pair(token) if type_ in AGREEMENT_TYPES else None)) is not None:
                found = pair[0]  # "cooperation between Russia and North Korea"
            if found is not None:
                return found
            if node.dep_ in ("dobj", "nsubjpass") and (
                    node.head.lemma_ in LIGHT_VERBS or (node.dep_ == "dobj"
                                                        and node.head.pos_ == "VERB"
                                                        and node.head.lemma_
                                                        not in WITNESS_VERBS)):
                # "held talks", "signed an agreement": the light verb's subject acts
                node = node.head
                continue
            if node.dep_ == "pobj" and node.head.lower_ == "of" and \
                    node.head.head.lemma_.lower() in TIME_NOUNS:
                hours = node.head.head  # "led eight hours of talks": the hours stand for them
                if hours.dep_ == "dobj" and hours.head.pos_ == "VERB" and \
                        hours.head.lemma_ not in WITNESS_VERBS:
                    node = hours.head
                    continue
                return None
            if node.dep_ == "pobj" and type_ in COOPERATIVE and node.head.dep_ == "prep" and \
                    node.head.head.pos_ == "VERB" and node.head.head.lemma_ not in WITNESS_VERBS:
                # "hosted the prime minister for an informal meeting": the host meets
                node = node.head.head
                continue
            return None
        if node.dep_ not in ("xcomp", "conj", "advcl", "acomp", "pcomp") or node.head.i == node.i:
            return None
        if node.i == token.i and is_passive(token) and node.dep_ in ("advcl", "conj"):
            # "condemned the brutality, as eight were killed": who condemns did not kill
            return None
        node = node.head
        if node.dep_ == "prep":
            node = node.head
    return None


# RETREAT by release (PLOVER: "return, release person(s)"): who is freed undergoes it
RELEASE_VERBS = word_list("events.release_verbs")


def frees(token: Token) -> bool:
    """"Mech Dara was released": the passive subject is the one freed, not who frees."""
    return token.lemma_.lower() in RELEASE_VERBS


def is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


# "drew criticism", "faced sanctions", "came under attack": the subject undergoes the event
UNDERGO_VERBS = {"receive", "draw", "face", "attract", "suffer", "endure", "undergo", "get",
                 "come", "earn", "incur", "survive"}
# types whose noun's "of" phrase names the one it is done to ("the assassination of RFK")
VICTIM_OF_TYPES = {"ASSAULT", "COERCE", "SANCTION"}


def undergone(token: Token) -> bool:
    """A noun event the subject of its verb undergoes ("drew criticism")."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head  # "came under attack"
    return token.dep_ in ("dobj", "pobj") and head.pos_ == "VERB" and \
        head.lemma_.lower() in UNDERGO_VERBS


def _noun_actor(token: Token, type_: str | None = None) -> Token | None:
    """"NATO's deployment", "deployment by Russia", "North Korean troop movements"."""
    for child in token.children:
        # "its invasion": a bare possessive pronoun leaves the actor to the verb's subject
        if child.dep_ == "poss" and child.lower_ not in POSSESSIVE_PRONOUNS:
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    for child in token.children:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return child
        if child.dep_ == "compound":
            for grand in child.children:
                if grand.dep_ in ("amod", "compound") and grand.ent_type_ in ("NORP", "GPE"):
                    return grand
    if type_ in VICTIM_OF_TYPES:
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


# third-person possessives nobody is resolved for ("its invasion"); "our" is the speaker
POSSESSIVE_PRONOUNS = {"its", "their", "your"}
# Types where "X between A and B" makes A and B the two parties; mediation ("talks
# between A and B" hosted by C) has them as targets only, so CONSULT is not here.
BETWEEN_PARTY_TYPES = {"COOPERATE", "AGREE", "ASSAULT"}
# "ties between A and B ... culminating in a pact": the pact's parties; an attack that
# "took place" while relations between A and B were low is not between them
AGREEMENT_TYPES = {"COOPERATE", "AGREE"}


def _between_pair(token: Token) -> tuple[Token, Token] | None:
    """(first, second) of "between X and Y" hanging from ``token``."""
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ != "between":
            continue
        first = next((g for g in child.children if g.dep_ == "pobj"), None)
        second = (next((g for g in first.children if g.dep_ == "conj"), None)
                  if first is not None else None)
        if second is not None:
            return first, second
    return None


def _governing_pair(token: Token) -> tuple[Token, Token] | None:
    """The two parties of the clause a noun event culminates ("ties between North Korea
    and Russia have strengthened, culminating in a pact"): the "between" pair of the
    subject of a verb the noun hangs from, a few steps up."""
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        for child in node.children:
            if child.dep_ in NOMINAL_SUBJ and (pair := _between_pair(child)) is not None:
                return pair
    return None


def target_candidates(token: Token, actor: Token | None, type_: str | None = None) -> list[Token]:
    """Every candidate target, in order of preference: the subject of a demanded or
    threatened clause ("demanded that the US cancel"), objects, objects of the
    object's prepositions ("a meeting with Obama"), then prepositional objects."""
    out = []
    if token.pos_ == "NOUN" and undergone(token):
        verb = token.head if token.dep_ == "dobj" else token.head.head
        out.extend(c for c in verb.children if c.dep_ == "nsubj")
    if token.pos_ == "NOUN" and type_ in VICTIM_OF_TYPES:
        out.extend(g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj")
    nodes = [token] + [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]
    for node in nodes:
        if node.i != token.i and node.dep_ == "ccomp":
            out.extend(c for c in node.children if c.dep_ == "nsubj")
        objects = [c for c in node.children if c.dep_ in ("dative", "iobj", "dobj")]
        if not objects and node.pos_ == "VERB" and not is_passive(node):
            # "killed and injured 1,000 fighters": conjoined verbs share their object
            # ("..., but that has not stopped it" is a clause of its own)
            objects = [g for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB"
                       and not any(s.dep_ in NOMINAL_SUBJ for s in c.children)
                       and lexical_type(c) == lexical_type(node)
                       for g in c.children if g.dep_ == "dobj"][:1]
        # "provide aid to Sudan": the parser may call "to" a dative; its object is the target
        objects = [next((g for g in c.children if g.dep_ == "pobj"), c) if c.pos_ == "ADP"
                   else c for c in objects]
        out.extend(objects)
        # "fired tear gas and grenades at demonstrators": the last conjunct may hold "at"
        for obj in (n for o in objects for n in (o, *o.conjuncts)):
            for child in obj.children:
                if child.dep_ == "prep" and child.lower_ in TARGET_PREPS | {"by"}:
                    out.extend(g for g in child.children if g.dep_ == "pobj")
        if node.pos_ == "VERB" and (type_ not in OWN_FORCE_TYPES or frees(node)):
            # "was sanctioned by the European Union": the passive subject undergoes it
            out.extend(c for c in node.children if c.dep_ == "nsubjpass")
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                out.extend(g for g in child.children if g.dep_ == "pobj")
        if (pair := _between_pair(node)) is not None:
            out.append(pair[1])
        elif node.i == token.i and node.pos_ == "NOUN" and type_ in AGREEMENT_TYPES and \
                (pair := _governing_pair(node)) is not None:
            out.append(pair[1])
    out = [a for c in out if (a := antecedent(c)) is not None]
    out = [speaker_of(c) or (doer_of(c) if type_ in REACTION_TYPES else None) or c
           for c in out]
    return [c for c in out if (actor is None or c.i != actor.i) and not is_time(c)]


SPEECH_ACT_NOUNS = word_list("events.speech_act_nouns")
# types whose object may be another event: "condemned the attack by Israeli jets" is
# aimed at the attackers
REACTION_TYPES = {"ACCUSE", "REJECT", "SUPPORT"}


def doer_of(token: Token) -> Token | None:
    """Who did the event a noun names ("the attack ... by Israeli jets", "Russia's
    invasion"), when the phrase names them."""
    if token.pos_ != "NOUN" or lexical_type(token) is None:
        return None
    return _noun_actor(token, lexical_type(token))


def speaker_of(token: Token) -> Token | None:
    """Who made what a speech-act noun names ("rejected Kenya's request", "the decision
    of Kenya"): the party the event answers, not the words."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in SPEECH_ACT_NOUNS:
        return None
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
            found = next((g for g in child.children if g.dep_ == "pobj"), None)
            if found is not None and (found.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
                return found
    return None


def is_time(token: Token) -> bool:
    """A time expression ("weeks", "last month") rather than a participant."""
    return token.ent_type_ in ("DATE", "TIME") or token.lemma_.lower() in TIME_NOUNS


def place(token: Token, places: set[int] | None = None) -> Token | None:
    """Where: the object of a locative preposition that names a place."""
    places = places or set()

    def is_place(t: Token) -> bool:
        return t.ent_type_ in PLACE_LABELS or t.i in places

    nodes = [token] + [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    nodes += [g for n in list(nodes) for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (is_place(pobj) or any(
                            is_place(t) for t in pobj.lefts)):
                        return pobj
    return clause_place(token, is_place)


# prepositions of where something is, not where it goes or comes from
LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout"}
# a participant's prepositions that lead to further participants ("a meeting with X in Y")
PARTY_PREPS = {"with", "to", "against", "on"}


def clause_place(token: Token, is_place) -> Token | None:
    """A place named by the trigger's own clause: on its verb or one of the verb's
    participants ("shot a protester ... in Tsuen Wan", "held a meeting with Zelenskyy in
    Riyadh"); never inside an "of" phrase or an embedded clause ("accused of the bombing
    near Bouake" happened elsewhere). A noun trigger reads the verb it hangs from."""
    head = token
    while head.pos_ != "VERB" and head.dep_ in ("dobj", "pobj", "prep", "nsubjpass",
                                                "compound") and head.head.i != head.i:
        head = head.head
    nodes = [head, token] + _arguments(head)
    nodes += [g for n in list(nodes) for c in n.children if c.dep_ == "prep"
              and c.lower_ in PARTY_PREPS for g in c.children if g.dep_ == "pobj"]
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and is_place(pobj):
                    return pobj
    return None


def _arguments(verb: Token) -> list[Token]:
    """The verb's objects and prepositional objects, "of" phrases left out."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    out += [g for c in verb.children if c.dep_ == "prep" and c.lower_ != "of"
            and c.lower_ not in LOCATIVE_PREPS for g in c.children if g.dep_ == "pobj"]
    return out


def if_clause_subject(token: Token) -> Token | None:
    """The subject of an "if" clause hanging from ``token`` (the threatened party)."""
    for child in token.children:
        if child.dep_ == "advcl" and any(g.lower_ in ("if", "unless") for g in child.children):
            return next((g for g in child.children if g.dep_ == "nsubj"), None)
    return None
