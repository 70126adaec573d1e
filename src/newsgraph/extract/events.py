"""Events coded in PLOVER, with actor, target, place, time and epistemic status.

Triggers and types come from :mod:`newsgraph.events.coding`; actor and target
codes from the actor dictionary (:mod:`newsgraph.events.actors`); status and
source from the quote the trigger sits in, else from the reporting cue above it
(:mod:`newsgraph.events.sourcing`): "reports from NATO indicating that units
have been deployed" is MOBILIZE reported by NATO, not a fact in the author's
voice.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsgraph.doctext import sentence
from newsgraph.events.actors import ActorCode, ActorDictionary, load_actors
from newsgraph.events.coding import (
    CONFLICTUAL,
    LIGHT_VERBS,
    TARGET_PREPS,
    THREAT_HEADS,
    Trigger,
    doer_of,
    find_triggers,
    if_clause_subject,
    is_passive,
    lexical_type,
    place,
    subject,
    target_candidates,
)
from newsgraph.events.conditions import (
    can_act,
    consult_parties,
    entity_text,
    happening_noun,
    is_participant,
    party_holds,
    pledge_holds,
    possessor_undergoes,
    target_fits,
    type_holds,
    unrealized,
)
from newsgraph.events.eventmodel import features, load_event_model
from newsgraph.events.genre import article_genre, paragraph_ranges, transcript_ranges
from newsgraph.events.places import lookup as gazetteer_lookup
from newsgraph.events.sourcing import (
    PRONOUNS,
    attribute,
    hedge_status,
    phrase_name,
    quote_source,
    quote_status,
    resolve_pronoun,
)
from newsgraph.extract import Context, extractor
from newsgraph.extract.shared import entity_names, place_tokens
from newsgraph.gazetteer import country_code
from newsgraph.intervals import starts_between
from newsgraph.schema import Event, Mention, Quote, Timex
from newsgraph.settings import env, env_name
from newsgraph.timex.link import time_for_span

MAX_PHRASE = 8  # tokens of an actor phrase looked up in the dictionary
# setting events_keep_unanchored: keep events with neither actor nor target, for recall studies
KEEP_UNANCHORED_ENV = env_name("events_keep_unanchored")
UNANCHORED_CONFIDENCE = 0.05


@extractor("events")
def extract_events(ctx: Context) -> None:
    ctx.document.events = find_events(ctx)


def find_events(ctx: Context, actors: ActorDictionary | None = None) -> list[Event]:
    actors = actors or load_actors()
    names = entity_names(ctx)
    places = place_tokens(ctx)
    document = ctx.document
    document.genre = article_genre(document.title, document.text)
    transcript = transcript_ranges(document.text)
    events = []
    for sent in ctx.doc.sents:
        for trig in find_triggers(sent):
            event = build_event(ctx, trig, actors, names, places)
            if event is None:
                continue
            # an interview's answers, a column or a product story use event verbs
            # without reporting events: only political ones are kept there
            talk = document.genre != "news" or _inside(event.span, transcript)
            if talk and not is_political(event):
                continue
            events.append(event)
    return merge_mentions(events)


def _happening_key(event: Event) -> tuple:
    def who(entity_id: str | None, name: str | None) -> str | None:
        return entity_id or (name.lower() if name else None)

    return (event.type, who(event.actor_entity_id, event.actor),
            who(event.target_entity_id, event.target), event.status, event.source)


def merge_mentions(events: list[Event]) -> list[Event]:
    """One happening mentioned twice is one event with two mentions: same type, actor,
    target, status and source, and no clash of time or place."""
    kept: list[Event] = []
    by_key: dict[tuple, list[Event]] = {}  # one lookup per event, not a scan of all kept
    for event in events:
        candidates = by_key.setdefault(_happening_key(event), [])
        same = next((k for k in candidates if _agree(k.time, event.time)
                     and _agree(k.location, event.location)), None)
        if same is None:
            kept.append(event)
            candidates.append(event)
            continue
        same.mentions.append(Mention(text=event.text, span=event.span))
        same.time = same.time or event.time
        if same.location is None and event.location is not None:
            same.location, same.location_id = event.location, event.location_id
            same.latitude, same.longitude = event.latitude, event.longitude
    return kept


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or a.startswith(b) or b.startswith(a)


# sectors of political actors (CAMEO/PLOVER): government, military, rebels, opposition,
# police, courts, legislators, parties, international bodies
POLITICAL_SECTORS = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY", "SPY", "IGO"}


def is_political(event: Event) -> bool:
    """Both sides named, one of them a state, an international body or a political sector."""
    if not (event.actor and event.target):
        return False
    codes = [c for c in (event.actor_code, event.target_code) if c]
    return any(_has_country(c) or c[:3] in POLITICAL_SECTORS or c[3:6] in POLITICAL_SECTORS
               for c in codes)


def _inside(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] < end for start, end in ranges)


def phrase_tokens(token: Token) -> list[Token]:
    """The noun phrase headed by ``token``, without relative clauses, capped in length."""
    keep = [token]
    for child in token.lefts:
        keep.extend(child.subtree)
    for child in token.rights:
        if child.dep_ in ("cc", "conj", "appos", "compound", "flat") or (
                child.dep_ == "prep" and child.lower_ in ("of", "in", "from")):
            keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    # "June 3 - Ukrainian drones": a date or dash the parser hung on the noun is not its name
    while keep and keep[0].i != token.i and (keep[0].ent_type_ in ("DATE", "TIME")
                                             or keep[0].is_punct):
        keep.pop(0)
    if len(keep) > MAX_PHRASE:
        keep = [t for t in keep if abs(t.i - token.i) < MAX_PHRASE]
    return keep


def actor_code(token: Token | None, actors: ActorDictionary, names: dict[int, str],
               others: frozenset[int] = frozenset()) -> str | None:
    """Country and sector code of a participant phrase. ``others``: token indices of the
    event's other participant, whose country is never this one's by default."""
    if token is None:
        return None
    resolved = resolve_pronoun(token, names)
    if resolved is not None:
        code = actors.code(resolved.split())
        return str(code) if code is not None else None
    tokens = phrase_tokens(token)
    words = [t.text for t in tokens]
    code = actors.code(words, head=tokens.index(token))
    if (code is None or code.code is None) and token.i in names:
        named = actors.code(names[token.i].split())
        if named is not None and named.code:
            code = named if code is None else type(code)(named.code, code.sector or named.sector)
    if (code is None or code.code is None) and _is_official(token, tokens):
        # "President Omar El Bashir ... in Sudan": an official's country is the one
        # country the sentence names, when it names exactly one; not the country acted
        # on ("President Bush threatened action against Russia" is not Russia's act)
        country = _sole_country(sentence(token), actors, others)
        if country is not None:
            code = ActorCode(country, (code.sector if code else None) or "GOV")
    return str(code) if code is not None else None


OFFICIAL_WORDS = {"president", "vice-president", "minister", "prime", "premier", "king",
                  "government", "leader", "gen.", "general", "chancellor", "governor",
                  "parliament", "army", "police", "court", "judge", "officials", "official"}


def _has_country(code: str | None) -> bool:
    return bool(code) and code[:3] not in SECTOR_CODES


SECTOR_CODES = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "REF", "CVL", "BUS", "LAB",
                "EDU", "MED", "JRN", "SPY", "PTY", "REL", "CRM", "ELI"}


def _is_official(token: Token, tokens: list[Token]) -> bool:
    return token.ent_type_ == "PERSON" or any(t.lower_ in OFFICIAL_WORDS for t in tokens)


# several events share a sentence: look each up once per Doc (dropped with the Doc)
_SOLE_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _sole_country(sent, actors: ActorDictionary,
                  skip: frozenset[int] = frozenset()) -> str | None:
    """The one country a sentence names, if it names exactly one and not only inside the
    tokens ``skip``."""
    named = _countries_named(sent, actors)
    codes = {code for _, _, code in named}
    if len(codes) != 1:
        return None  # leaving some out never makes a sentence name one country
    if all(any(i in skip for i in range(first, last)) for first, last, _ in named):
        return None
    return codes.pop()


def _countries_named(sent, actors: ActorDictionary) -> list[tuple[int, int, str]]:
    """(first token, end token, code) of each country a sentence names, cached per Doc."""
    per_doc = _SOLE_CACHE.setdefault(sent.doc, {})
    key = (sent.start, id(actors))
    if key not in per_doc:
        per_doc[key] = [(sent.start + first, sent.start + last, code)
                        for first, last, code in actors.coded_spans([t.text for t in sent])
                        if code not in ("IGO", "NGO", "IMG")]
    return per_doc[key]


# prepositions whose object a phrase acts on ("action against Russia", "talks with Iran")
ACTED_ON_PREPS = {"against", "on", "with", "toward", "towards", "upon"}


def role_tokens(token: Token | None) -> frozenset[int]:
    """Tokens naming the participant ``token`` heads: the head, its left modifiers
    ("Russia's army", "Russian forces") and what it is aimed at ("action against
    Russia"); not its places or "of" phrases ("demands from the Union of Angola")."""
    if token is None:
        return frozenset()
    heads = [token] + [g for c in token.children if c.dep_ == "prep"
                       and c.lower_ in ACTED_ON_PREPS for g in c.children if g.dep_ == "pobj"]
    return frozenset(t.i for head in heads for t in _head_and_lefts(head))


VENUE_TYPES = {"CONSULT", "AGREE"}


def acted_on_phrases(sent) -> frozenset[int]:
    """Tokens of the sentence's "against"/"with"/"on" phrases: whoever they name is
    acted on or with, never an unnamed official's own country."""
    return frozenset(t.i for prep in sent if prep.dep_ == "prep" and prep.lower_ in ACTED_ON_PREPS
                     for pobj in prep.children if pobj.dep_ == "pobj" for t in pobj.subtree)


def venue_tokens(sent) -> frozenset[int]:
    """Tokens of the sentence's "in"/"at" place phrases ("in Jeddah, Saudi Arabia")."""
    return frozenset(t.i for prep in sent if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
                     for pobj in prep.children if pobj.dep_ == "pobj"
                     and pobj.ent_type_ in ("GPE", "LOC", "FAC") for t in pobj.subtree)


def _head_and_lefts(token: Token) -> list[Token]:
    return [token] + [t for child in token.lefts for t in child.subtree]


def _best_target(trigger: Token, candidates: list[Token], actors: ActorDictionary,
                 names: dict[int, str]) -> Token | None:
    """The first candidate that names an actor, else the first candidate; the noun a
    light verb holds ("held a meeting with Zelenskyy in Riyadh") comes after the parties."""
    if trigger.lemma_ in LIGHT_VERBS:
        candidates = sorted(candidates, key=lambda c: c.pos_ == "NOUN" and
                            lexical_type(c) is not None)
    for cand in candidates:
        code = actor_code(cand, actors, names)
        if code and code[:3].isupper() and code[:3] not in ("GOV", "MIL", "REB", "CVL"):
            return cand
    return candidates[0] if candidates else None


FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}


def _first_person_speaker(token: Token | None, quote: Quote | None) -> str | None:
    """Whom "we"/"our" stands for inside a quotation: its speaker ("lift restrictions on
    our long-range strikes," he said). Indirect content is left alone: its "we" may be
    the reporter's."""
    if token is None or quote is None or quote.kind == "indirect" or quote.speaker is None:
        return None
    return quote.speaker.name if token.lower_ in FIRST_PERSON else None


def _name_and_code(token: Token | None, quote: Quote | None, actors: ActorDictionary,
                   names: dict[int, str], others: frozenset[int] = frozenset()
                   ) -> tuple[str | None, str | None]:
    """(name, actor code) of a participant; a first-person pronoun takes its speaker's."""
    if token is None:
        return None, None
    speaker = _first_person_speaker(token, quote)
    if speaker is not None:
        code = actors.code(speaker.split())
        return speaker, str(code) if code is not None else None
    return phrase_name(token, names), actor_code(token, actors, names, others)


def _quote_at(quotes: list[Quote], start: int, end: int) -> Quote | None:
    for quote in quotes:
        if quote.span[0] <= start and end <= quote.span[1]:
            return quote
    return None


def _time_in(timexes: list[Timex], start: int, end: int) -> str | None:
    for timex in timexes:
        if start <= timex.span[0] and timex.span[1] <= end and timex.type in ("DATE", "TIME") \
                and timex.value[:1].isdigit():
            return timex.value
    return None


def _clause_range(token: Token) -> tuple[int, int]:
    """Char range of the trigger's own clause: its subtree minus embedded clauses."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in ("ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp"):
            continue
        tokens.extend(child.subtree)
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = token.doc
    return doc[first].idx, doc[last].idx + len(doc[last])


def event_time(ctx: Context, token: Token) -> str | None:
    """A noun's own phrase ("pact signed in June") first; else the timex layer's link."""
    if token.pos_ == "NOUN":
        start, end = _clause_range(token)
        found = _time_in(ctx.document.timexes, start, end)
        if found:
            return found
    sent = sentence(token)
    if not starts_between(ctx.document.timexes, sent.start_char, sent.end_char):
        return None  # the link needs a timex in the sentence; skip its cost when none is
    found = time_for_span(ctx, token.idx, token.idx + len(token))
    return found if found and found[:1].isdigit() else None


def _resolve_pronoun(token: Token | None, fallback: Token | None) -> Token | None:
    if token is not None and token.lower_ in PRONOUNS and fallback is not None:
        return fallback
    return token


def build_event(ctx: Context, trig: Trigger, actors: ActorDictionary,
                names: dict[int, str], places: set[int] | None = None) -> Event | None:
    coded = code_event(ctx, trig, actors, names, places)
    return coded.event if coded is not None else None


@dataclass
class Coded:
    """An event and the tokens its actor and target were read from."""

    event: Event
    actor: Token | None
    target: Token | None
    features: list[str] = field(default_factory=list)  # what the event model read


def code_event(ctx: Context, trig: Trigger, actors: ActorDictionary,
               names: dict[int, str], places: set[int] | None = None,
               screen: bool = True) -> Coded | None:
    """The event a trigger reports, or None when its type's conditions fail or (with
    ``screen``) the trained event model turns it down."""
    token = trig.token
    doc_text = ctx.document.text
    attribution = attribute(token)
    quote = _quote_at(ctx.document.quotes, token.idx, token.idx + len(token))
    status, source = attribution.status, None
    if attribution.source is not None:
        source = phrase_name(attribution.source, names)
    if quote is not None and quote.speaker is not None:
        status = quote_status(quote.status, True)
        source = quote_source(quote.speaker.name, quote.speaker.entity_id, source)
    hedge = hedge_status(token)
    if hedge == "conditional" or (hedge and status == "asserted"):
        status = hedge
    actor_tok = _resolve_pronoun(subject(token, trig.type), attribution.source)
    if actor_tok is not None and actor_tok.lower_ in PRONOUNS | {"its", "their", "his", "her"} \
            and actor_tok.i not in names and resolve_pronoun(actor_tok, names) is None \
            and _first_person_speaker(actor_tok, quote) is None:
        actor_tok = None
    victim = None
    if actor_tok is not None and possessor_undergoes(token, actor_tok):
        victim, actor_tok = actor_tok, _by_agent(token)  # "Zamora's detention"
    if actor_tok is not None and happening_noun(actor_tok) and trig.type in CONFLICTUAL:
        actor_tok = doer_of(actor_tok)  # "US Predator attacks have killed": the US did
    if actor_tok is not None and _place_modifier(actor_tok.head, actor_tok):
        actor_tok = None  # "the Kabul attack", "a Kabul car bombing killed": where, not who
    candidates = [_owner_party(c) for c in ([victim] if victim is not None else [])
                  + target_candidates(token, actor_tok, trig.type) + light_verb_targets(token)]
    candidates = [c for c in candidates if (actor_tok is None or c.i != actor_tok.i)
                  and not (trig.type == "REQUEST" and asked_for(c))]
    target_tok = _best_target(token, candidates, actors, names)
    if trig.type == "THREATEN":
        # the warning itself is the event: the one who warns acts, the "if" party is targeted
        # ("Putin warned that Russia would respond"); a "threaten" verb with its own
        # agent keeps it ("democracies have been threatened by China", he said)
        if attribution.cue is not None and attribution.source is not None and not (
                token.lemma_.lower() in THREAT_HEADS and actor_tok is not None):
            actor_tok = attribution.source
            if status in ("reported", "conditional"):
                status = "asserted"  # the warning was made; its condition is its content
        target_tok = if_clause_subject(token) or target_tok
    place_tok = place(token, places)
    # each side's default country is never one the other side's phrase names
    acted_on = frozenset().union(*(role_tokens(c) for c in candidates + [target_tok]))
    # talks and pacts are often held abroad: the venue is no party's country
    venue = venue_tokens(sentence(token)) if trig.type in VENUE_TYPES else frozenset()
    actor_name, actor_cd = _name_and_code(
        actor_tok, quote, actors, names,
        (acted_on | venue | acted_on_phrases(sentence(token))) - role_tokens(actor_tok))
    target_name, target_cd = _name_and_code(target_tok, quote, actors, names,
                                            role_tokens(actor_tok) | venue)
    actor_ent = participant_entity(ctx, actor_tok, quote)
    target_ent = participant_entity(ctx, target_tok, quote)
    actor_ok = _can_be_actor(actor_tok, actor_cd, actor_ent)
    if not actor_ok and trig.type in SPEECH_ACT_TYPES and \
            (speaker := reporter_of_conjunct(token)) is not None:
        # "Abubakar said the initiative aims to ... and urged counterparts to ...": the
        # parser hung the demand on the reported clause; the one reporting makes it
        actor_tok = speaker
        actor_name, actor_cd = _name_and_code(actor_tok, quote, actors, names,
                                              role_tokens(target_tok) | venue)
        actor_ent = participant_entity(ctx, actor_tok, quote)
        actor_ok = _can_be_actor(actor_tok, actor_cd, actor_ent)
    target_ok = is_participant(target_tok, target_cd, target_ent)
    if not type_holds(trig.type, token, actor_ok, target_tok, target_ok) or \
            not party_holds(trig.type, token, actor_tok, actor_cd) or \
            (trig.type == "CONSULT" and not consult_parties(actor_tok, actor_cd, target_tok
                                                            if target_ok else None, target_cd)) or \
            unrealized(token, trig.type) or (
            trig.type == "AGREE" and not pledge_holds(token, trig.base_type)):
        return None
    if status == "conditional" and trig.type != "THREATEN":
        return None  # "if the President is killed": a hypothesis, not a report
    if not actor_ok:
        actor_tok, actor_name, actor_cd, actor_ent = None, None, None, None
    # "Kyiv accused them": someone other than the actor is targeted, though unnamed
    other_unnamed = target_tok is not None and not target_ok and target_tok.lower_ in PRONOUNS
    if not target_ok:
        target_tok, target_name, target_cd, target_ent = None, None, None, None
    unanchored = actor_tok is None and target_tok is None
    if unanchored and env("events_keep_unanchored") != "1":
        return None
    feats = features(token, trig.type, actor_tok, actor_cd, target_tok, target_cd, status,
                     quote is not None)
    if screen and (model := load_event_model()) is not None and not model.keeps(feats):
        return None
    if target_tok is not None and not target_fits(trig.type, target_tok):
        # a venue or the thing given is no target; the event stands on its actor alone
        if actor_tok is None:
            return None
        target_tok, target_name, target_cd, target_ent = None, None, None, None
    if not _has_country(target_cd):
        # CAMEO/PLOVER convention: an event with no named target is aimed at the country
        # where it happens, or at the one country the sentence names
        # ... but not the actor's own when the text aims it at someone else it leaves
        # unnamed ("Kyiv accused them" is not aimed at Ukraine)
        own = actor_cd[:3] if _has_country(actor_cd) and other_unnamed else None
        fallback = actor_code(place_tok, actors, names)
        if _has_country(fallback) and fallback[:3] != own:
            target_cd = fallback[:3]
        elif (sole := _sole_country(sentence(token), actors)) is not None and sole != own:
            target_cd = sole
    location = phrase_name(place_tok, names) if place_tok is not None else \
        dateline_place(ctx, token.idx)
    entry = place_entry(location, place_tok)
    start, end = token.idx, token.idx + len(token)
    mentions = [Mention(text=t.text, span=(t.idx, t.idx + len(t))) for t in named_again(trig)]
    event = Event(
        text=doc_text[start:end], span=(start, end), type=trig.type,
        actor=actor_name, target=target_name,
        location=location, location_id=entry.geonames_id if entry else None,
        latitude=entry.latitude if entry else None, longitude=entry.longitude if entry else None,
        time=event_time(ctx, token), status=status, source=source,
        actor_code=actor_cd, target_code=target_cd,
        actor_entity_id=actor_ent, actor_span=participant_span(actor_tok),
        target_entity_id=target_ent, target_span=participant_span(target_tok),
        confidence=UNANCHORED_CONFIDENCE if unanchored else None, mentions=mentions,
    )
    return Coded(event, actor_tok, target_tok, feats)


# types made by saying so: their maker is who speaks
SPEECH_ACT_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE"})


def _can_be_actor(token: Token | None, code: str | None, entity_id: str | None) -> bool:
    return (is_participant(token, code, entity_id) or (
        entity_id is not None and token is not None and token.lower_ in FIRST_PERSON)
    ) and can_act(token, code)


def reporter_of_conjunct(token: Token) -> Token | None:
    """The subject of the verb above a reported clause that ``token`` is conjoined to, in
    "X said [that A ... and urged B]" or "X determined [that A is ... and called for B]"."""
    if token.dep_ != "conj" or token.head.dep_ != "ccomp" or \
            any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return None
    reporter = token.head.head
    return next((c for c in reporter.children if c.dep_ == "nsubj"), None)


def asked_for(token: Token) -> bool:
    """"called for an inclusive government": what a demand asks for, not whom it asks."""
    return token.dep_ == "pobj" and token.head.lower_ == "for"


def _by_agent(noun: Token) -> Token | None:
    return next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                 for g in c.children if g.dep_ == "pobj"), None)


def _place_modifier(noun: Token, modifier: Token) -> bool:
    """A city or region naming a noun event ("the Bouake attack") says where it was; a
    country ("a U.S. strike") may say who did it."""
    if noun.pos_ != "NOUN" or modifier.head.i != noun.i or modifier.dep_ != "compound":
        return False
    name = entity_text(modifier) if modifier.ent_type_ else modifier.text
    return country_code(name) is None and (modifier.ent_type_ in ("GPE", "LOC", "FAC") or (
        modifier.pos_ == "PROPN" and gazetteer_lookup(name) is not None))


def named_again(trig: Trigger) -> list[Token]:
    """Nouns the trigger folded in that name its own happening ("held talks", "signed a
    pact"): its object of the same type, a second mention of one event, not a second event
    ("condemned the attack" is two)."""
    return [t for t in trig.absorbed if t.dep_ == "dobj" and t.head.i == trig.token.i
            and lexical_type(t) == trig.base_type]


def light_verb_targets(token: Token) -> list[Token]:
    """"made demands on Australia", "launched strikes against the rebels": a noun event
    held by a light verb takes the parties of the verb's "on"/"against" phrases."""
    verb = token.head
    if token.pos_ != "NOUN" or token.dep_ != "dobj" or verb.lemma_.lower() not in LIGHT_VERBS:
        return []
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS - {"for"}
            for g in c.children if g.dep_ == "pobj"]


def _owner_party(token: Token) -> Token:
    """"criticized Trump's decision", "questioned the President's power": a common noun
    that is no party stands for the party that owns it."""
    if token.pos_ != "NOUN" or token.ent_type_ or is_participant(token, None, None):
        return token
    owner = next((c for c in token.children if c.dep_ == "poss"
                  and c.lower_ not in PRONOUNS | {"its", "their", "his", "her", "my", "our"}), None)
    if owner is None:
        owner = maker_of(token)
    if owner is not None and (owner.pos_ == "PROPN" or is_participant(owner, None, None)):
        return owner
    return token


def maker_of(noun: Token) -> Token | None:
    """"protests by Palestinians", "a lawsuit filed by Texas": who made the thing, named
    in a "by" phrase of the noun or of the participle that describes it ("threatened with
    consequences by China": in a passive clause a "by" on its noun is the verb's agent)."""
    verb = next((h for h in noun.ancestors if h.pos_ in ("VERB", "AUX")), None)
    heads = [] if verb is not None and is_passive(verb) else [noun]
    heads += [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for head in heads:
        agent = next((c for c in head.children if c.dep_ in ("agent", "prep")
                      and c.lower_ == "by"), None)
        if agent is not None:
            return next((g for g in agent.children if g.dep_ == "pobj"), None)
    return None


def place_entry(location: str | None, place_tok: Token | None):
    """The gazetteer entry of a place phrase: the phrase itself, else the most specific
    place name inside it ("Russia's Belgorod region" -> Belgorod, else Russia)."""
    if not location:
        return None
    entry = gazetteer_lookup(location)
    if entry is not None or place_tok is None:
        return entry
    inner = [t for t in phrase_tokens(place_tok) if t.ent_type_ in ("GPE", "LOC", "NORP", "FAC")]
    for token in sorted(inner, key=lambda t: -t.i):
        entry = gazetteer_lookup(entity_text(token))
        if entry is not None:
            return entry
    return None


# the dateline's paragraph and place, found once per Doc (dropped with the Doc)
_LEDE_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def dateline_place(ctx: Context, offset: int) -> str | None:
    """The dateline's place ("KYIV, Ukraine -"), for an event in the paragraph the dateline
    opens: the lede reports what happened where the reporter files from."""
    if ctx.doc not in _LEDE_CACHE:
        _LEDE_CACHE[ctx.doc] = _lede(ctx)
    lede = _LEDE_CACHE[ctx.doc]
    if lede is None:
        return None
    (start, end), name = lede
    return name if start <= offset < end else None


def _lede(ctx: Context) -> tuple[tuple[int, int], str] | None:
    dateline = next((d for d in ctx.document.datelines if d.places), None)
    if dateline is None:
        return None
    for start, end in paragraph_ranges(ctx.document.text):
        if start <= dateline.span[0] < end:
            return (start, end), dateline.places[0]
    return None


def participant_span(token: Token | None) -> tuple[int, int] | None:
    """Character span of the phrase naming a participant (a pronoun: the pronoun)."""
    if token is None:
        return None
    tokens = [token] if token.lower_ in PRONOUNS | FIRST_PERSON else phrase_tokens(token)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def participant_entity(ctx: Context, token: Token | None, quote: Quote | None) -> str | None:
    """The article entity a participant is: its own, its antecedent's ("he" -> the
    person named last), the quote speaker's ("we"), else one its phrase names."""
    if token is None:
        return None
    if token.lower_ in FIRST_PERSON:
        speaker = quote.speaker if quote is not None and quote.kind != "indirect" else None
        return speaker.entity_id if speaker is not None else None
    if token.lower_ in PRONOUNS:
        found = antecedent_index(token, ctx.token_entity, ctx)
        return ctx.token_entity.get(found) if found is not None else None
    if token.i in ctx.token_entity:
        return ctx.token_entity[token.i]
    for child in token.children:  # "North Korean troops", "Russia's army"
        if child.i in ctx.token_entity and child.dep_ in ("compound", "amod", "poss", "nmod"):
            return ctx.token_entity[child.i]
    return None


def antecedent_index(token: Token, token_entity: dict[int, str], ctx: Context) -> int | None:
    """Token index of the person "he"/"she" stands for: the nearest one named before."""
    if token.lower_ not in ("he", "she", "him", "her"):
        return None
    doc = token.doc
    for i in range(token.i - 1, max(-1, token.i - 80), -1):
        if i in token_entity and doc[i].ent_type_ == "PERSON":
            return i
    return None
