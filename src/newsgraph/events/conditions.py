"""What makes a trigger an event: a political or social action between actors.

A PLOVER trigger is a word ("gave", "attacked", "met"); an event is that word
with arguments that fit its type. "Delivered a speech" is not AID, "attacked
the plan" is not ASSAULT, "helps my mom" is no event at all. Each check here
reads the parse around the trigger: its object nouns, their semantic class
(a word list, else the md vectors' similarity to the list), and whether the
actor and target are participants (an entity, a dictionary actor, a group
noun) rather than a weekday, a date word or a pronoun nobody stands behind.
"""

from __future__ import annotations

import weakref

import numpy as np
from spacy.tokens import Token

from newsgraph.data import word_list
from newsgraph.events.coding import is_passive, lexical_type
from newsgraph.events.places import is_locality

# Words that never name a participant: "Tuesday assault Jaffar Express", "What".
NON_PARTICIPANTS = word_list("events.non_participants")
NON_PARTICIPANT_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY",
                          "QUANTITY", "WORK_OF_ART", "LAW", "LANGUAGE"}
PARTICIPANT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
# Heads of a noun phrase that name people or bodies able to act or be acted upon.
GROUP_NOUNS = word_list("events.group_nouns")
# What AID gives: money, arms, food, relief, loans, care, shelter.
AID_THINGS = word_list("events.aid_things")
AID_NOUN_TRIGGERS = word_list("events.aid_noun_triggers")
# Verbs of AID that carry an object: "gave", "provided", "sent" need an aid-like object.
AID_OBJECT_VERBS = word_list("events.aid_object_verbs")
# What ASSAULT is done to: people, places and property (the group nouns cover them).
ASSAULT_VERBS_NEEDING_TARGET = word_list("events.assault_verbs_needing_target")
# Things that are attacked only in words: "attacked the plan" is an accusation.
ABSTRACT_TARGETS = word_list("events.abstract_targets")
CONSULT_NOUN_PARTIES = word_list("events.consult_noun_parties")
EVENT_NOUNS = word_list("events.event_nouns")
# places that host an event ("a visit to Walter Reed Hospital"), never a party to it
VENUE_NOUNS = word_list("events.venue_nouns")
ANIMAL_NOUNS = word_list("events.animal_nouns")
COUNT_HEADS = word_list("events.count_heads")
# cosine to the seed centroid; the md vectors put "plan" at 0.72 from the aid seeds and
# "time" at 0.51 from the group seeds, so the bars sit above those
SEMANTIC_THRESHOLD = {"group": 0.6, "aid": 0.75}


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


# pronouns the article's entities resolve (the person named last before them)
RESOLVED_PRONOUNS = word_list("pronouns.personal")


def is_participant(token: Token | None, code: str | None, entity_id: str | None) -> bool:
    """Whether a phrase head can be an actor or target: a named entity, a dictionary
    actor or a group noun; never a weekday, date word, number or bare pronoun."""
    if token is None:
        return False
    if entity_id is not None and token.lower_ in RESOLVED_PRONOUNS:
        return True  # "urged him": the person named before
    named = token.ent_type_ in PARTICIPANT_LABELS and token.text[:1].isupper()
    if not named and (token.lower_ in NON_PARTICIPANTS or _lemma(token) in NON_PARTICIPANTS):
        return False  # "US" tagged a country is one; "us" is not
    if token.ent_type_ in NON_PARTICIPANT_LABELS and token.lemma_.lower() not in COUNT_HEADS:
        return False
    if entity_id is not None or code:
        return True
    if token.pos_ == "NOUN" and _lemma(token) in EVENT_NOUNS:
        return False  # "the attack killed twelve": the attack is the event, not its actor
    if token.ent_type_ in PARTICIPANT_LABELS or token.pos_ == "PROPN":
        return True
    if _lemma(token) in GROUP_NOUNS or _similar(token, "group"):
        return True
    # "thousands of Nigerians", "some 500 of the workers": the counted group
    if token.lemma_.lower() in COUNT_HEADS or token.pos_ == "NUM":
        return any(is_participant(g, None, None) for c in token.children
                   if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                   if g.dep_ == "pobj")
    return False


_CENTROIDS: dict[tuple[int, str], np.ndarray | None] = {}


def _centroid(kind: str, vocab) -> np.ndarray | None:
    key = (id(vocab), kind)
    if key not in _CENTROIDS:
        _CENTROIDS[key] = _seed_centroid(kind, vocab)
    return _CENTROIDS[key]


def _seed_centroid(kind: str, vocab) -> np.ndarray | None:
    words = sorted(word_list(f"events.seed_{kind}"))
    vectors = [vocab[w].vector for w in words if vocab[w].has_vector]
    if not vectors:
        return None
    mean = np.mean(vectors, axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm else None


def _similar(token: Token, kind: str) -> bool:
    """The md vectors place the word near the class's seed words (no vectors: no)."""
    if not token.has_vector or token.pos_ not in ("NOUN", "PROPN"):
        return False
    centroid = _centroid(kind, token.vocab)
    if centroid is None:
        return False
    vector = token.vector
    norm = np.linalg.norm(vector)
    return bool(norm) and float(vector @ centroid / norm) >= SEMANTIC_THRESHOLD[kind]


def _object_nouns(trigger: Token) -> list[Token]:
    """Direct objects, passive subjects and (through "of"/"in") what they contain."""
    objs = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "attr", "dative")]
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("with", "of", "in"):
            objs.extend(g for g in child.children if g.dep_ == "pobj")
        if child.dep_ == "xcomp":
            objs.extend(g for g in child.children if g.dep_ == "dobj")
    more = []
    for obj in objs:
        more.extend(c for c in obj.children if c.dep_ in ("compound", "amod", "nummod"))
        for child in obj.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                more.extend(g for g in child.children if g.dep_ == "pobj")
    return objs + more


def _given_nouns(trigger: Token) -> list[Token]:
    """What is given: objects and their modifiers, never a "with"/"in" phrase."""
    objs = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs.extend(g for g in child.children if g.dep_ == "pobj")
    more = [c for o in objs for c in o.children
            if c.dep_ in ("compound", "amod", "conj", "nummod")]
    more += [g for o in objs for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj"]
    return objs + more


def is_aid_thing(token: Token) -> bool:
    return (_lemma(token) in AID_THINGS or token.lower_ in AID_THINGS
            or token.ent_type_ == "MONEY" or _similar(token, "aid"))


def aid_holds(trigger: Token, target: Token | None, target_ok: bool) -> bool:
    """AID: something that is aid is given to someone ("sent weapons to Ukraine")."""
    if trigger.pos_ == "NOUN":
        return _lemma(trigger) in AID_NOUN_TRIGGERS
    if _lemma(trigger) in AID_OBJECT_VERBS:
        return any(is_aid_thing(o) for o in _given_nouns(trigger)) and target_ok
    # "helped", "assisted", "rescued", "sheltered": the helped party must be a participant
    return target_ok and target is not None


def assault_holds(trigger: Token, target: Token | None, target_ok: bool) -> bool:
    """ASSAULT: force against people or property, not against an idea."""
    if target is not None and _lemma(target) in ABSTRACT_TARGETS:
        return False
    if trigger.pos_ == "VERB" and _lemma(trigger) in ASSAULT_VERBS_NEEDING_TARGET:
        objs = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        if objs and not target_ok and all(_lemma(o) in ABSTRACT_TARGETS or not
                                          is_participant(o, None, None) for o in objs):
            return False
    return True


def victims_not_parties(trigger: Token) -> bool:
    """"the killing of 300,000 pigs": a noun of force whose "of" phrase names animals as
    its victims (a cull, not an assault)."""
    if trigger.pos_ != "NOUN":
        return False
    victims = [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj"]
    return bool(victims) and all(_lemma(v) in ANIMAL_NOUNS for v in victims)


def natural_force(token: Token | None) -> bool:
    """An actor that is weather, fire or disease ("Hurricane Lorenzo hit the Azores")."""
    if token is None:
        return False
    return any(_lemma(t) in MISHAP_NOUNS for t in [token] + [c for c in token.children
                                                            if c.dep_ in ("compound", "amod")])


# what kills by accident or nature: "the crash killed seven" is no assault
MISHAP_NOUNS = word_list("events.mishap_nouns")


def mishap(trigger: Token, actor_ok: bool) -> bool:
    """Whether deaths or damage come from an accident or nature: the sentence names a
    mishap and no participant acts."""
    if actor_ok:
        return False
    sent = trigger.sent
    per_doc = _MISHAP_CACHE.setdefault(trigger.doc, {})
    if sent.start not in per_doc:  # once per sentence: a run-on holds many triggers
        per_doc[sent.start] = any(t.lemma_.lower() in MISHAP_NOUNS for t in sent)
    return per_doc[sent.start]


_MISHAP_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


RELEASE_VERBS = word_list("events.release_verbs")


def release_holds(trigger: Token, actor_ok: bool = True) -> bool:
    """RETREAT by release: someone frees someone ("freed the hostages"), not a statement,
    a film or a herd ("released a statement"); a suspect "released" on bail with nobody
    named as releasing is no concession."""
    if trigger.lemma_.lower() not in RELEASE_VERBS:
        return True
    if not actor_ok:
        return False
    freed = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(c.ent_type_ == "PERSON" or (c.pos_ != "PRON" and is_participant(c, None, None)
                                           and c.lemma_.lower() not in PROPERTY_WORDS)
               for c in freed)


# group nouns that are things, not people who can be freed
PROPERTY_WORDS = word_list("events.property_words")


def consult_holds(trigger: Token, actor_ok: bool, target_ok: bool) -> bool:
    """CONSULT: a meeting, visit or call between parties: both sides, or a noun like
    "talks" with one side named."""
    if actor_ok and target_ok:
        return True
    return trigger.pos_ == "NOUN" and _lemma(trigger) in CONSULT_NOUN_PARTIES and (
        actor_ok or target_ok)


# leaving an office is a personnel change, no act between parties ("Conyers resigned",
# "resigning in protest", "resign the party leadership")
OFFICE_EXITS = frozenset({"resign", "retire"})


def type_holds(type_: str, trigger: Token, actor_ok: bool, target: Token | None,
               target_ok: bool) -> bool:
    """Whether the trigger's arguments satisfy its PLOVER type's conditions."""
    if _lemma(trigger) in OFFICE_EXITS:
        return False
    check = TYPE_CHECKS.get(type_)
    return check(trigger, actor_ok, target, target_ok) if check is not None else True


def _aid(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    # a giver is part of aid: "to assist migrants" names nobody who gives
    return actor_ok and aid_holds(trigger, target, target_ok)


def _assault(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    return (assault_holds(trigger, target, target_ok) and not mishap(trigger, actor_ok)
            and not economic_blow(trigger)
            and not victims_not_parties(trigger)
            and not traffic_mishap(trigger) and force_named(trigger, actor_ok, target)
            and not _fights_for(trigger, target_ok)
            and (_lemma(trigger) not in CAPTURE_VERBS or target_ok))


# what a "hit"/"strike" delivers when it is an economic measure, not force
ECONOMIC_MEASURES = frozenset({"tariff", "levy", "duty", "tax", "fine", "penalty", "sanction",
                               "embargo", "restriction", "ban"})


def economic_blow(trigger: Token) -> bool:
    """"hit Canada with a new 25% levy", "struck China with tariffs": a blow dealt with an
    economic measure is a sanction, not force against people or property."""
    tools = [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "with"
             for g in c.children if g.dep_ == "pobj"]
    tools += [c for t in tools for c in t.conjuncts]
    return any(_lemma(t) in ECONOMIC_MEASURES for t in tools)


def _retreat(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    return release_holds(trigger, actor_ok) and withdrawal_holds(trigger)


def _consult(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    # a visit is to a party: a country, a leader, a body, not a hospital or a pub
    if target is not None and (target.ent_type_ in ("FAC", "LOC") or is_venue(target)):
        return False
    # "Jorgensen discusses her background": one person's topic is no party consulted
    # ("G7 foreign ministers discussed China's role" is a meeting among them)
    if _lemma(trigger) == "discuss" and not is_participant(target, None, None) and any(
            c.dep_ == "nsubj" and _one_person(c) for c in trigger.children):
        return False
    return actor_ok and consult_holds(trigger, actor_ok, target_ok)


def is_venue(token: Token) -> bool:
    """A place that hosts events ("Walter Reed Hospital", "an Irish pub", "Freedom
    Plaza"): its head or a compound of it is a venue noun."""
    return any(_lemma(t) in VENUE_NOUNS for t in [token] + [c for c in token.children
                                                            if c.dep_ == "compound"])


def _both_sides(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    """SUPPORT and COOPERATE are relations: both parties named ("supporting Ukraine" with
    no supporter, "the China-Russia partnership" as a standing fact, are not events)."""
    return actor_ok and target_ok


def _reject(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    return actor_ok and refusal_holds(trigger) and not stance(trigger, target)


def _support(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    return actor_ok and target_ok and not stance(trigger, target) and \
        not thing_approved(trigger)


# verbs that approve a thing as readily as a party ("welcomed the influx", "approving only
# a gathering"): with a thing for object they state a stance or a permission
APPROVAL_VERBS = frozenset({"welcome", "approve"})


def thing_approved(trigger: Token) -> bool:
    """"supported independence for South Yemen", "welcomed the influx of capital": the
    verb's own object is a cause or a thing, not a party, so no party is supported even
    when one is named further on (a coded act, "backed sanctions", is judged by
    ``stance``; "welcomed the U.S. proposal" welcomes a party's act)."""
    if trigger.pos_ != "VERB" or _lemma(trigger) not in STANCE_VERBS | APPROVAL_VERBS:
        return False
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    return bool(objects) and all(
        o.pos_ == "NOUN" and not event_word(o) and not is_participant(o, None, None)
        and o.ent_type_ not in PARTICIPANT_LABELS and not _party_owned(o) for o in objects)


def _party_owned(noun: Token) -> bool:
    """"the U.S. proposal", "Kyiv's plan": a thing a named party put forward."""
    return any(c.dep_ in ("compound", "poss", "amod", "nmod") and (
        c.ent_type_ in PARTICIPANT_LABELS or c.pos_ == "PROPN") for c in noun.children)


# verbs that state a stance when their object is a cause, a policy or a position
STANCE_VERBS = word_list("events.stance_verbs")


def stance(trigger: Token, target: Token | None) -> bool:
    """"supported LGBT rights", "opposes the police state", "backed the overturn": a
    stance on a cause is no act between parties; the party supported or opposed must be
    named (an entity, a resolved "him", a named owner: "French mediation"), not a common
    noun."""
    if _lemma(trigger) not in STANCE_VERBS:
        return False
    if target is None:
        return True
    named = [target]
    if event_word(target) or _lemma(target) in SPEECH_ACT_NOUNS:
        # "opposed to French mediation": the French are the party opposed; "Chinese
        # investment", "LGBT rights", "Kennedy's pro-Israel position" are causes
        named += [c for c in target.children if c.dep_ in ("amod", "compound", "poss")]
    return not any(t.ent_type_ in PARTICIPANT_LABELS or t.pos_ == "PROPN"
                   or t.lower_ in RESOLVED_PRONOUNS for t in named)


def _request(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    # a demand is made by someone: "was invited to the White House" names no one asking,
    # "press freedom groups" is no pressing
    unasked = not actor_ok and trigger.pos_ == "VERB" and (
        _lemma(trigger) == "press" or (is_passive(trigger) and not any(
            c.dep_ == "agent" for c in trigger.children)))
    return request_holds(trigger) and not unasked


# ACCUSE verbs with other senses: "charging 25% more", "blaming human error"
ACCUSED_NEEDED = frozenset({"charge", "blame"})


def _accuse(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    """An accusation is aimed at a party: the one charged or blamed must be named."""
    if described_as_accused(trigger, actor_ok, target):
        return False
    if target_ok or _lemma(trigger) not in ACCUSED_NEEDED:
        return True
    # "blamed the attacks on militants": the party blamed is the "on" phrase
    heads = [trigger] + [c for c in trigger.children if c.dep_ == "dobj"]
    return any(is_participant(g, None, None) or g.pos_ == "PROPN" for h in heads
               for c in h.children if c.dep_ == "prep" and c.lower_ == "on"
               for g in c.children if g.dep_ == "pobj")


def described_as_accused(trigger: Token, actor_ok: bool, target: Token | None) -> bool:
    """"alleged hush money", "the accused gunman", "people who had been accused of
    crimes": a modifier, or an agentless passive in a relative clause on an unnamed
    group, describes a status; the accusation event, if any, is reported elsewhere
    ("Trump said ..., for which he was criticized" names whom it aims at)."""
    if trigger.dep_ == "amod":
        return True
    return not actor_ok and is_passive(trigger) and trigger.dep_ == "relcl" and not any(
        c.dep_ == "agent" for c in trigger.children) and (
        target is None or (target.pos_ == "NOUN" and not target.ent_type_))


def _threaten(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    """A threat of force keeps the force's own condition: "could destroy the growth" is no
    threat against people or property."""
    if lexical_type(trigger) != "ASSAULT":
        return True
    objs = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    if objs and not target_ok and not any(is_participant(o, None, None) for o in objs):
        return False
    return assault_holds(trigger, target, target_ok)


def _sanction(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    if trigger.pos_ == "NOUN":
        return actor_ok  # "Sanctions against Turkey enjoy support": nobody imposed them here
    return target_ok or _lemma(trigger) not in ("suspend",)


def _mobilize(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    if trigger.pos_ == "VERB" and _lemma(trigger) in ("put", "reinforce"):
        return any(_lemma(o) in FORCE_NOUNS for o in _object_nouns(trigger))
    return True


PROMISE_VERBS = word_list("events.promise_verbs")
SETTLE_OBJECTS = word_list("events.settle_objects")
AGREE_OBJECTS = word_list("events.agree_objects")


def _agree(trigger: Token, actor_ok: bool, target: Token | None, target_ok: bool) -> bool:
    return actor_ok and agreement_holds(trigger, target, target_ok)


def agreement_holds(trigger: Token, target: Token | None, target_ok: bool) -> bool:
    """AGREE is a commitment between parties: agreeing to an act or on a settlement
    ("agreed to withdraw", "agreed on a ceasefire"), a promise made to a party or of a
    coded act ("pledged $500 million to Ukraine", "offered to mediate"), a dispute
    settled; not an opinion shared ("the candidates agreed on many issues"), a campaign
    promise ("pledged converting Hagia Sophia") or a contest offered."""
    if trigger.pos_ != "VERB":
        return True
    lemma = _lemma(trigger)
    objects = _agreed_objects(trigger)
    if lemma == "agree":
        return any(c.dep_ == "xcomp" for c in trigger.children) or any(
            _agreement_thing(o) for o in objects) or (target_ok and _named_party(target))
    if lemma == "sign":  # "signed a pact"; "signed a government decree" binds nobody else
        return not objects or any(_agreement_thing(o) for o in objects)
    if lemma == "settle":
        return any(_lemma(o) in SETTLE_OBJECTS | SETTLEMENT_WORDS for o in objects)
    if lemma in PROMISE_VERBS:
        acts = [c for c in trigger.children if c.dep_ in ("xcomp", "ccomp", "pcomp")
                or (c.dep_ == "dobj" and c.pos_ == "VERB")]
        party = target_ok and _named_party(target)
        if acts:  # "offered to mediate", "offered to resettle the Uyghurs"; not "offered to
            # diversify the economy", with no party it is done for
            return any(event_word(a) for a in acts) or (party and _people(target))
        return party or any(
            is_aid_thing(o) or _agreement_thing(o) for o in objects)
    return True


def _people(token: Token) -> bool:
    """People an act is done for ("resettle the Uyghurs", a plural name), not a building
    ("converting Hagia Sophia")."""
    return token.ent_type_ in ("PERSON", "NORP") or token.tag_ == "NNPS" or \
        _lemma(token) in GROUP_NOUNS


def _agreed_objects(trigger: Token) -> list[Token]:
    out = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    out += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("to", "on", "upon")
            for g in c.children if g.dep_ == "pobj"]
    return out


def _agreement_thing(token: Token) -> bool:
    lemma = _lemma(token)
    return lemma in SETTLEMENT_WORDS | AGREE_OBJECTS or event_word(token)


def _named_party(token: Token | None) -> bool:
    """A party one can agree with or promise to: a named person, body or state, not a
    building or a place ("Hagia Sophia")."""
    return token is not None and token.ent_type_ not in ("FAC", "LOC", "WORK_OF_ART") and \
        _lemma(token) not in VENUE_NOUNS


def event_word(token: Token) -> bool:
    """Whether the token is a PLOVER trigger of the lexicon (an act one can commit to)."""
    return lexical_type(token) is not None


TYPE_CHECKS = {"AID": _aid, "ASSAULT": _assault, "RETREAT": _retreat, "CONSULT": _consult,
               "SUPPORT": _support, "COOPERATE": _both_sides, "AGREE": _agree,
               "REJECT": _reject, "REQUEST": _request, "SANCTION": _sanction,
               "ACCUSE": _accuse, "THREATEN": _threaten,
               "MOBILIZE": _mobilize}

CAPTURE_VERBS = {"capture", "seize", "abduct", "kidnap"}
VIOLENCE_WORDS = word_list("events.violence_words")
TRAFFIC_WORDS = word_list("events.traffic_words")
WEAPON_WORDS = word_list("events.weapon_words")
FORCE_NOUNS = word_list("events.force_nouns")
COMMENT_WORDS = word_list("events.comment_words")
PLEA_WORDS = word_list("events.plea_words")
REQUEST_NONOBJECTS = word_list("events.request_nonobjects")


def _sentence_lemmas(trigger: Token) -> frozenset[str]:
    """Lower-case lemmas and forms of the trigger's sentence, once per sentence."""
    per_doc = _LEMMA_CACHE.setdefault(trigger.doc, {})
    sent = trigger.sent
    if sent.start not in per_doc:
        per_doc[sent.start] = frozenset(w for t in sent for w in (t.lemma_.lower(), t.lower_))
    return per_doc[sent.start]


_LEMMA_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _other_words(trigger: Token) -> frozenset[str]:
    own = {trigger.lemma_.lower(), trigger.lower_}
    return frozenset(w for w in _sentence_lemmas(trigger) if w not in own)


def force_named(trigger: Token, actor_ok: bool, target: Token | None) -> bool:
    """ASSAULT is physical force: with no participant acting, or one person against
    another ("Biden attacked Trump for the tweet"), the sentence must name force beside
    the trigger (a weapon, an armed actor, an attack)."""
    persons = target is not None and _one_person(target) and trigger.pos_ == "VERB" \
        and any(c.dep_ == "nsubj" and _one_person(c) for c in trigger.children)
    if actor_ok and not persons:
        return True
    return bool(_other_words(trigger) & VIOLENCE_WORDS)


def _one_person(token: Token) -> bool:
    """A named person, whatever label the tagger gave the name ("Biden" as ORG): a proper
    name that is no state, people or place."""
    # a capitalised word inside the sentence the tagger took for a noun ("Trump") is a name
    name = token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text[:1].isupper()
                                     and token.i > token.sent.start)
    return token.ent_type_ == "PERSON" or (
        name and token.ent_type_ not in ("GPE", "NORP", "LOC", "FAC")
        and token.tag_ != "NNPS" and _lemma(token) not in VIOLENCE_WORDS)


def traffic_mishap(trigger: Token) -> bool:
    """"struck a group of motorcycles", "struck a deicing facility during landing": a
    strike or hit in a sentence of roads and landings, with no weapon named, is a crash."""
    words = _other_words(trigger)
    if words & WEAPON_WORDS:
        return False  # "aircraft using guided missiles killed four"
    if _lemma(trigger) in ("kill", "injure", "wound"):
        # "the truck struck them, killing seven": the killing's subject is its clause's
        clause = trigger.head if trigger.dep_ in ("advcl", "conj") else trigger
        return any(c.dep_ == "nsubj" and _lemma(c) in TRAFFIC_WORDS
                   for node in (trigger, clause) for c in node.children)
    return _lemma(trigger) in ("strike", "hit", "ram", "run") and bool(words & TRAFFIC_WORDS)


def _fights_for(trigger: Token, target_ok: bool) -> bool:
    """"fighting for their freedom", "fight for an America that works": a cause, no foe."""
    return _lemma(trigger) == "fight" and not target_ok and any(
        c.dep_ == "prep" and c.lower_ == "for" for c in trigger.children)


def withdrawal_holds(trigger: Token) -> bool:
    """RETREAT by withdrawal or disbanding: forces leave or armed groups disband, not a
    candidate who quits the race or a band that splits."""
    if trigger.pos_ == "NOUN" and _lemma(trigger) == "withdrawal":
        return _state_withdraws(trigger)
    if _lemma(trigger) not in ("withdraw", "pull", "disband"):
        return True
    moved = [c for c in trigger.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    return any(_lemma(o) in FORCE_NOUNS for o in moved)


def _state_withdraws(noun: Token) -> bool:
    """"the withdrawal of U.S. troops", "Russia's withdrawal from Kherson": forces or a
    state withdraw; "her withdrawal" from a race is no retreat."""
    parts = [c for c in noun.children if c.dep_ in ("compound", "amod", "poss")]
    if noun.dep_ == "dobj":  # "their forces had completed their withdrawal"
        parts += [c for c in noun.head.children if c.dep_ == "nsubj"]
    parts += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
    return any(_lemma(p) in FORCE_NOUNS or p.ent_type_ in ("GPE", "NORP", "ORG")
               for p in parts)


def refusal_holds(trigger: Token) -> bool:
    """"refused to comment", "declined to the current figure", "ignored requests for
    comment": no refusal of anything a party asked or offered."""
    if _lemma(trigger) in ("refuse", "decline", "ignore", "reject", "deny"):
        objs = [c for c in trigger.children if c.dep_ in ("xcomp", "dobj", "ccomp")]
        if _lemma(trigger) in ("refuse", "decline") and not objs:
            return False
        words = {w for o in objs for t in o.subtree for w in (t.lemma_.lower(), t.lower_)}
        if _lemma(trigger) in ("refuse", "decline") and any(
                _lemma(o) in COMMENT_WORDS for o in objs if o.dep_ == "xcomp"):
            return False
        if {"comment", "interview"} & words:
            return False
    if _lemma(trigger) == "deny" and not denial_answers(trigger):
        return False
    if _lemma(trigger) == "fail":  # "failed to reach agreement", not "failed to procure kits"
        return any(_lemma(t) in SETTLEMENT_WORDS for t in trigger.subtree)
    return True


SETTLEMENT_WORDS = word_list("events.settlement_words")
SPEECH_ACT_NOUNS = word_list("events.speech_act_nouns")
DENIED_FACTS = word_list("events.denied_facts")


def denial_answers(trigger: Token) -> bool:
    """A denial is a REJECT when it answers a party (an accusation, a request, a permit:
    "denied land allocation"); "denied the effect of climate change" disputes a fact
    about the world with nobody."""
    objs = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    return not objs or not all(_lemma(o) in DENIED_FACTS for o in objs)


def request_holds(trigger: Token) -> bool:
    """"pleaded guilty" is a plea in court; "requested anonymity", "press freedom" and
    "asked whether" ask nothing of a party."""
    lemma = _lemma(trigger)
    if lemma in ("plead", "pled"):
        return not any(c.lower_ in PLEA_WORDS for c in trigger.subtree)
    if lemma == "request" and trigger.pos_ == "VERB":
        return not any(_lemma(c) in REQUEST_NONOBJECTS for c in trigger.children
                       if c.dep_ == "dobj")
    if lemma == "ask" and trigger.pos_ == "VERB":
        # "asked them to leave", "asked for help"; "asked tech leaders about" is a question
        return any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for")
                   for c in trigger.children)
    if lemma == "press" and trigger.pos_ == "VERB":
        return any(c.dep_ in ("dobj", "prep", "xcomp", "ccomp") for c in trigger.children)
    return True


# "would welcome", "could snap back", "might strike": a possibility, not a report
HYPOTHETICAL_AUX = word_list("events.hypothetical_aux")
# "sought to determine", "unable to question", "planning to visit", "set to meet": the
# complement has not happened (intent and threat heads are coded by their own rules)
UNREALIZED_HEADS = word_list("events.unrealized_heads")


REALIZED_HEADS = word_list("events.realized_heads")
FUTURE_AUX = word_list("events.future_aux")
WISH_HEADS = word_list("events.wish_heads")
PLAN_HEADS = word_list("events.plan_heads")
UNREAL_MODIFIERS = word_list("events.unreal_modifiers")
INTENT_HEADS = word_list("events.intent_heads")
# promises and threats are events in their own right; demands too
SPEECH_ACT_TYPES = ("THREATEN", "REQUEST", "AGREE")


def unrealized(token: Token, type_: str) -> bool:
    """Whether the trigger states a possibility, a plan or an aim, not a happening."""
    if type_ in SPEECH_ACT_TYPES:
        return False
    if token.pos_ == "NOUN":
        return _unreal_noun(token)
    return _unreal_verb(token, type_)


def _unreal_verb(token: Token, type_: str | None = None) -> bool:
    # "could strike", "will investigate"; a refusal stated for the future ("will not
    # accept") is made now
    aux = HYPOTHETICAL_AUX if type_ == "REJECT" else HYPOTHETICAL_AUX | FUTURE_AUX
    if any(c.dep_ == "aux" and c.lower_ in aux for c in token.children):
        return True
    # "executing Fields would not bring her daughter back": the act is the subject of a
    # hypothesis
    if token.dep_ == "csubj" and any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX
                                     for c in token.head.children):
        return True
    # people gathered "to protest" do protest: a purpose clause is that act
    if (_aim(token) and not (type_ == "PROTEST" and token.dep_ == "advcl")) or \
            _wished(token) or (type_ != "ACCUSE" and standing_state(token)) or \
            imperative(token):
        return True
    node = token
    for _ in range(2):
        if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
            return False
        head = node.head
        if head.lemma_.lower() in UNREALIZED_HEADS or any(
                c.dep_ == "acomp" and c.lemma_.lower() in UNREALIZED_HEADS
                for c in head.children):
            return True
        node = head
    return False


def standing_state(token: Token) -> bool:
    """A present-tense passive states how things stand, not what happened ("the PKK is
    banned in Turkey", "Lam, who is supported by Beijing")."""
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    return token.tag_ == "VBN" and len(aux) == 1 and aux[0].dep_ == "auxpass" and \
        aux[0].lower_ in ("is", "are", "'s", "'re")


def _aim(token: Token) -> bool:
    """An infinitive under a head that does not report it done: "a plot to kill", "effort
    to assist", "the moment to fight" (but "decided to withdraw", "moved to arrest")."""
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children):
        return False
    head = token.head
    return head.i == token.i or head.lemma_.lower() not in REALIZED_HEADS


def _wished(token: Token) -> bool:
    """"recommended the troops withdraw", "urged that they release": asked for, not done."""
    return token.dep_ == "ccomp" and token.head.lemma_.lower() in WISH_HEADS


def _unreal_noun(token: Token) -> bool:
    """"future negotiations", "cardiac arrest", "arrange a meeting", "seeking to finalize a
    deal": the noun is no happening, or one that has not happened."""
    if any(c.dep_ in ("amod", "compound") and c.lower_ in UNREAL_MODIFIERS
           for c in token.children):
        return True
    if (clause := _clause_verb(token)) is not None and imperative(clause):
        return True  # "lift restrictions on our strikes": the strikes are asked for
    verb = token.head
    if token.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if token.dep_ not in ("dobj", "pobj", "nsubjpass") or verb.pos_ != "VERB":
        return False
    return verb.lemma_.lower() in PLAN_HEADS or _unreal_verb(verb)


def imperative(verb: Token) -> bool:
    """"Lift the restrictions", "listen to Ukraine": a bare verb with no subject or
    auxiliary heading its own clause is an order, what it names is only asked for."""
    return verb.pos_ == "VERB" and verb.tag_ == "VB" and \
        verb.dep_ in ("ROOT", "ccomp", "parataxis") and \
        not any(c.dep_ in ("aux", "auxpass", "expl", "mark") or (
            c.dep_ in ("nsubj", "nsubjpass") and not _colon_between(c, verb))
                for c in verb.children) and not _after_modal_or_to(verb)


def _colon_between(a: Token, b: Token) -> bool:
    """"The solution: lift restrictions": a noun before a colon is a heading, not the
    subject of the order after it."""
    return any(t.text == ":" for t in a.doc[min(a.i, b.i) + 1:max(a.i, b.i)])


def _after_modal_or_to(verb: Token) -> bool:
    """"to lift", "must lift" parsed without an aux edge: the word before says so."""
    return verb.i > 0 and verb.doc[verb.i - 1].tag_ in ("TO", "MD")


def _clause_verb(token: Token) -> Token | None:
    """The verb whose clause a noun sits in, through its objects and prepositions."""
    node = token
    for _ in range(4):
        if node.dep_ not in ("dobj", "pobj", "prep", "nsubjpass", "compound", "conj") \
                or node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ == "VERB":
            return node
    return None


def pledge_holds(token: Token, base_type: str) -> bool:
    """AGREE read off a cooperative verb is a commitment: under a pledge ("promised to
    provide"), in the future ("will provide"), or a "would" its speaker reports ("Iraq
    said it would allow"); not a forecast nobody makes ("unlikely that the EU would
    finance") nor a refusal ("neither would provide", "will no longer recognize")."""
    if base_type == "AGREE":
        return True
    if any(c.lower_ in ("neither", "nor", "longer") for c in token.subtree
           if c.dep_ in ("preconj", "advmod", "nsubj", "det", "cc")):
        return False
    if _committed(token):
        return True
    auxes = {c.lower_ for c in token.children if c.dep_ == "aux"}
    if auxes & (FUTURE_AUX - {"wo"}):
        return True
    return "would" in auxes and token.dep_ == "ccomp" and \
        token.head.lemma_.lower() in REPORTING_HEADS


REPORTING_HEADS = {"say", "announce", "tell", "state", "declare", "confirm", "add", "write",
                   "promise", "pledge", "indicate", "insist", "assure"}


def _committed(token: Token) -> bool:
    node = token
    for _ in range(2):
        if node.dep_ not in ("xcomp", "ccomp", "acomp") or node.head.i == node.i:
            return False
        head = node.head
        if head.lemma_.lower() in INTENT_HEADS | READY_WORDS or any(
                c.dep_ == "acomp" and c.lemma_.lower() in READY_WORDS for c in head.children):
            return True
        node = head
    return False


READY_WORDS = frozenset({"willing", "ready", "prepared"})


# sectors whose acts are political (CAMEO/PLOVER): government, military, rebels,
# opposition, police, courts, legislators, parties, spies, international bodies
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY", "SPY",
                               "IGO"})
SECTOR_CODES = POLITICAL_SECTORS | {"REF", "CVL", "BUS", "LAB", "EDU", "MED", "JRN", "REL",
                                    "CRM", "ELI", "NGO"}
# RETREAT verbs private people do too ("a songwriter retreated to New Mexico", "a
# congressman resigned"); a return is a visit or a withdrawal only by a political actor
PRIVATE_TOO = {"return", "retreat", "resign"}


def political_party(token: Token | None, code: str | None) -> bool:
    """A state, a political sector or an organisation: an actor of political events."""
    if token is None:
        return False
    if code and (code[:3] not in SECTOR_CODES or code[:3] in POLITICAL_SECTORS
                 or code[3:6] in POLITICAL_SECTORS):
        return True
    return token.ent_type_ in ("ORG", "GPE", "NORP")


def party_holds(type_: str, trigger: Token, actor: Token | None, actor_code: str | None
                ) -> bool:
    """A return, retreat or resignation is a political event only by a political actor
    (a state, a political sector, an organisation)."""
    if _lemma(trigger) not in PRIVATE_TOO or type_ not in ("CONSULT", "RETREAT"):
        return True
    return political_party(actor, actor_code)


def consult_parties(actor: Token | None, actor_code: str | None, target: Token | None,
                    target_code: str | None) -> bool:
    """A consultation is political: one side is a state, a political sector or an
    organisation (two musicians meeting, a princess meeting her husband are not)."""
    return political_party(actor, actor_code) or political_party(target, target_code)


# a building acts only through a code the dictionary gives it ("the Kremlin"); "the
# Oval Office clash" is between the people in it ("Europe" is a party: LOC acts)
INERT_LABELS = frozenset({"FAC"})
INERT_THINGS = word_list("events.inert_things")


def can_act(token: Token | None, code: str | None) -> bool:
    """Whether a participant can be an actor: not weather, fire or disease ("Hurricane
    Lorenzo hit the Azores"), not a building or a home without an actor code."""
    if token is None:
        return True
    if natural_force(token) or (_lemma(token) in INERT_THINGS and not code):
        return False
    if happening_noun(token):
        return False  # "the withdrawal of forces ... urge": a happening acts on no one
    return token.ent_type_ not in INERT_LABELS or bool(code)


# trigger nouns that also name a body that acts ("the alliance said")
BODY_NOUNS = frozenset({"alliance", "movement", "coalition", "mission"})


def happening_noun(token: Token) -> bool:
    """A common noun naming an event ("the withdrawal", "Zamora's detention")."""
    return token.pos_ == "NOUN" and not token.ent_type_ and _lemma(token) not in BODY_NOUNS \
        and (_lemma(token) in EVENT_NOUNS or event_word(token))


# noun events a person's possessive undergoes: "Zamora's detention", "his release",
# "Khashoggi's killing" (but "Russia's invasion" and "Israel's crackdown" are done by them)
UNDERGONE_NOUNS = frozenset({"arrest", "detention", "killing", "murder", "assassination",
                             "abduction", "kidnapping", "release", "execution", "imprisonment",
                             "jailing", "deportation", "extradition", "capture", "torture",
                             "impeachment", "expulsion", "ouster", "conviction", "sentencing",
                             "prosecution", "trial", "death"})


def possessor_undergoes(trigger: Token, possessor: Token) -> bool:
    """Whether the possessive on a noun event is who it is done to: with no "of" object
    ("Israel's killing of ..." has one) it names the one arrested, killed or freed."""
    return trigger.pos_ == "NOUN" and possessor.dep_ == "poss" and \
        possessor.head.i == trigger.i and _lemma(trigger) in UNDERGONE_NOUNS and \
        possessor.lower_ != "its" and possessor.ent_type_ not in ("GPE", "NORP") and \
        not any(c.dep_ == "prep" and c.lower_ == "of" for c in trigger.children)


# types done to places and property: a building or a street may be their target
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "CONSULT", "RETREAT"})
# types whose object is the thing given: the target is who receives it, not the aid
GIVING_TYPES = frozenset({"AID", "AGREE", "CONCEDE"})


def _town(token: Token) -> bool:
    """A town named as a place ("condemns the jailbreak in Croix des Bouquets")."""
    return token.ent_type_ in ("GPE", "LOC") and is_locality(entity_text(token))


def entity_text(token: Token) -> str:
    """The named entity ``token`` is part of, read from its IOB tags (no scan of doc.ents)."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def target_fits(type_: str, target: Token) -> bool:
    """Whether a target candidate is a party the event is aimed at: a venue ("rallied at
    Freedom Plaza", "refused to visit the cemetery") is where it happens, and what aid
    gives ("offered military assistance") is no recipient."""
    if type_ not in PLACE_TARGET_TYPES and (target.ent_type_ in INERT_LABELS
                                            or is_venue(target) or _town(target)):
        return False
    return not (type_ in GIVING_TYPES and target.ent_type_ not in PARTICIPANT_LABELS
                and _lemma(target) not in GROUP_NOUNS and is_aid_thing(target))
