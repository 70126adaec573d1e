"""Sourced stances that need not be quotations: refusals and silence, denials,
confirmations, hedges and conditions.

Each cue comes from ``data/stance_cues.tsv`` and is read in its syntax:

* a stance verb ("denied", "rejected the allegation", "a charge New Delhi quickly
  rejected", "claimed responsibility", "pleaded not guilty") is held by its subject; its
  negation flips the status the table gives ("did not deny" -> not_denied);
* silence ("did not respond to a request for comment", "declined to discuss", "have yet to
  comment", "could not be reached") is no_comment, held by whoever kept silent;
* a verdict on a claim ("called the report baseless") is a denial;
* hedges ("allegedly", "is believed to", "may have fired") and conditions ("if convicted,
  they face ...") qualify a proposition; their holder is the speaker of the quote they sit
  in, or nobody (the writer) outside quotes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsgraph.attribution.lexicon import load_lexicon
from newsgraph.attribution.speakers import body_nouns, person_nouns
from newsgraph.attribution.status import cue_negated, has_negation
from newsgraph.attribution.syntax import subject_of, trimmed
from newsgraph.data import read_text, word_list
from newsgraph.schema import Cue, Evidence, Quote, Speaker, Stance

Resolve = Callable[[Token], Speaker]
_REFUSE = frozenset({"decline", "refuse", "fail"})
_FIRST_PERSON = word_list("pronouns.first_person")
_ASKING = frozenset({"request", "question", "inquiry", "enquiry", "email", "call", "message",
                     "query", "comment", "letter", "attempt", "remark"})
_CONCESSIVE = frozenset({"even", "as", "only"})  # "even if", "as if": no condition


@dataclass(frozen=True)
class StanceWords:
    verbs: dict[str, tuple[str, str]]  # lemma -> (status, status when negated)
    objects: dict[tuple[str, str], tuple[str, str]]  # (verb, object) -> statuses
    silence: frozenset[str]
    verdicts: frozenset[str]
    claim_nouns: frozenset[str]
    granted: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_passives: frozenset[str]
    hedge_modals: frozenset[str]
    conditions: frozenset[str]
    silence_objects: frozenset[tuple[str, str]]  # (verb, object): "made no comment"
    hedge_adjectives: frozenset[str]  # "is likely to"
    hedge_attributives: frozenset[str]  # "the alleged plotters"
    discourse_conditions: frozenset[str]  # "if you look at": no condition on the claim
    silence_adjectives: frozenset[str]  # "remained silent on", "not available for comment"
    silence_refused: frozenset[str]  # "declined to say": silence only when refused
    silence_nouns: frozenset[str]  # "there was no immediate comment from"
    ignore_requests: frozenset[str]  # "ignored requests for comment"
    asking_verbs: frozenset[str]  # "decide if": an embedded question, no condition
    futile_attempts: frozenset[str]  # "attempts to reach the ministry were unsuccessful"


@lru_cache(maxsize=1)
def stance_words() -> StanceWords:
    text = read_text("stance_cues.tsv")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    by_type: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        by_type.setdefault(row["type"], []).append(row)

    def words(kind: str) -> frozenset[str]:
        return frozenset(r["pattern"] for r in by_type.get(kind, []))

    return StanceWords(
        verbs={r["pattern"]: (r["status"], r["neg_status"]) for r in by_type.get("verb", [])},
        objects={tuple(r["pattern"].split(" ", 1)): (r["status"], r["neg_status"])
                 for r in by_type.get("object", [])},
        silence=words("silence"), verdicts=words("verdict"), claim_nouns=words("claim_noun"),
        granted=words("granted"), hedge_adverbs=words("hedge_adverb"),
        hedge_passives=words("hedge_passive"), hedge_modals=words("hedge_modal"),
        conditions=words("condition"),
        silence_objects=frozenset(tuple(p.split(" ", 1)) for p in words("silence_object")),
        hedge_adjectives=words("hedge_adjective"),
        hedge_attributives=words("hedge_attributive"),
        discourse_conditions=words("discourse_condition"),
        silence_adjectives=words("silence_adjective"),
        silence_refused=words("silence_refused"), silence_nouns=words("silence_noun"),
        ignore_requests=words("ignore_request"), asking_verbs=words("asking_verb"),
        futile_attempts=words("futile_attempt"),
    )


def find_stances(doc: Doc, quotes: list[Quote], resolve: Resolve,
                 quoted: list[bool]) -> list[Stance]:
    """Every stance cue of ``doc``; ``quoted`` marks tokens inside quotation marks."""
    words = stance_words()
    finder = _Finder(doc, quotes, resolve, quoted, words)
    found: dict[tuple[int, int], Stance] = {}
    triggers = trigger_words()
    for tok in doc:
        if tok.lower_ not in triggers and tok.lemma_.lower() not in triggers:
            continue  # most words: no cue of any kind, so no need to read their syntax
        stance = finder.at(tok)
        if stance is not None and stance.cue is not None:
            found.setdefault(stance.cue.span, stance)
    return sorted(found.values(), key=lambda s: s.span)


# words ``_Finder.at`` tests by name rather than through the table
_LITERAL_CUES = frozenset({"comment", "plead", "confirm", "deny", "call", "dismiss", "describe",
                           "brand", "label"})


@lru_cache(maxsize=1)
def trigger_words() -> frozenset[str]:
    """Every word (form or lemma) a stance cue can start at: the table's words, the verbs
    of its verb-object pairs, each part of its hyphenated or multi-word entries."""
    out = set(_LITERAL_CUES)
    for value in vars(stance_words()).values():
        for entry in value:
            word = (entry[0] if isinstance(entry, tuple) else entry).lower()
            out.update({word, *word.replace("-", " ").split()})
    return frozenset(out)


class _Finder:
    def __init__(self, doc: Doc, quotes: list[Quote], resolve: Resolve, quoted: list[bool],
                 words: StanceWords) -> None:
        self.doc, self.quotes, self.resolve = doc, quotes, resolve
        self.quoted, self.words = quoted, words

    def at(self, tok: Token) -> Stance | None:
        lemma = tok.lemma_.lower()
        w = self.words
        if tok.pos_ in ("VERB", "AUX") and (lemma in w.silence or lemma in w.silence_refused):
            return self._silence(tok)
        if tok.pos_ == "VERB" and lemma in w.ignore_requests and any(
                _is_request(c) for c in tok.children if c.dep_ == "dobj"):
            return self._ignored(tok)
        if tok.pos_ == "NOUN" and lemma in w.silence_nouns and tok.dep_ == "attr" \
                and _has_no(tok):
            return self._no_response(tok)
        if lemma in w.futile_attempts and (attempt := _attempt_to_reach(tok)) is not None:
            return self._futile(tok, attempt)
        if tok.pos_ == "NOUN" and lemma == "comment" and _refrained(tok) \
                and not self.quoted[tok.i]:  # "refrained from comment"
            return self._stance(tok.head.head, "no_comment", None, True, cue_end=tok)
        if tok.pos_ == "VERB" and lemma == "plead":
            return self._plea(tok)
        if tok.pos_ == "VERB" and lemma == "claim" and any(c.dep_ == "auxpass"
                                                            for c in tok.children):
            return self._claimed_attack(tok)
        if tok.pos_ == "VERB" and any((lemma, c.lemma_.lower()) in w.silence_objects
                                      for c in tok.children if c.dep_ == "dobj"):
            return self._silent_object(tok)
        if tok.pos_ == "VERB" and any((lemma, c.lemma_.lower()) in w.objects
                                      for c in tok.children if c.dep_ == "dobj"):
            return self._object(tok)
        if tok.pos_ == "VERB" and lemma in ("confirm", "deny") \
                and (pair := _either_way(tok)) is not None:
            return self._neither_way(tok, pair)
        if tok.pos_ == "VERB" and lemma in w.verbs:
            return self._verb(tok) or (self._verdict(tok) if lemma == "dismiss" else None)
        if tok.pos_ == "VERB" and lemma in ("call", "dismiss", "describe", "brand", "label"):
            return self._verdict(tok)
        if tok.lower_ in w.hedge_adverbs and tok.dep_ == "advmod":
            return self._hedge(tok, tok.head)
        if tok.lower_ in w.hedge_adjectives and tok.dep_ == "acomp" \
                and any(c.dep_ == "xcomp" for c in tok.children) and not _compared(tok):
            return self._hedge(tok, tok.head)
        if tok.lower_ in w.hedge_attributives and tok.dep_ == "amod":
            return self._hedge(tok, tok.head)
        if tok.lower_ in w.silence_adjectives or _hyphenated(tok) in w.silence_adjectives:
            return self._silent(tok)
        if tok.lower_ in w.verdicts and self.quoted[tok.i]:
            return self._quoted_verdict(tok)
        if lemma in w.hedge_passives and tok.tag_ == "VBN" and _raising(tok):
            return self._hedge(tok, tok)
        if tok.lower_ in w.hedge_modals and tok.dep_ == "aux" and _perfect(tok) \
                and not _counterfactual(tok) and not self._writers_could(tok):
            return self._hedge(tok, tok.head)
        if tok.lower_ in w.conditions and tok.dep_ == "mark" and _clause_of(tok).dep_ == "advcl":
            return self._condition(tok)
        return None

    # -- the kinds of stance ----------------------------------------------------------
    def _verb(self, verb: Token) -> Stance | None:
        if self.quoted[verb.i] and not self._first_person_subject(verb):
            return None  # inside a quotation: the quote is the attribution
        if verb.dep_ == "amod":
            return None  # "the confirmed deaths": an attribute of a noun, no one's stance
        lemma = verb.lemma_.lower()
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemma == "deny" and (any(c.dep_ == "dative" for c in verb.children) or any(
                o.lemma_.lower() in self.words.granted for o in objs)):
            return None  # "denied him entry": withheld, not disputed
        if lemma in ("admit", "confirm") and any(c.dep_ == "auxpass" for c in verb.children) \
                and not any(c.dep_ == "ccomp" for c in verb.children):
            return None  # "was admitted to hospital", "was confirmed as minister"
        if status_of_subject(verb) == "nobody":
            return None  # "No one has confirmed ...": a stance nobody holds
        if self.words.verbs[lemma][0] == "confirmed" and verb.dep_ == "advcl" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return None  # "worked to verify that ...": a purpose, not a confirmation
        prop = self._proposition(verb)
        if lemma in ("reject", "dismiss", "dispute", "deflect") and not self._claim(verb, prop):
            return None  # "rejected the proposal": a stance on a plan, not on a claim
        if prop is None and lemma not in ("deny", "confirm"):
            return None
        status, negated_status = self.words.verbs[lemma]
        negated = _negated(verb) or status_of_subject(verb) == "neither"
        return self._stance(verb, negated_status if negated else status, prop, negated)

    def _neither_way(self, verb: Token, pair: tuple[Token, Token]) -> Stance | None:
        """"would neither confirm nor deny", "declined to confirm or deny" (``pair``, its
        confirm and deny): one refusal to say, no_comment, held at "confirm" (the "deny"
        of the pair gives nothing)."""
        confirm, deny = pair
        if verb.i == deny.i or self.quoted[verb.i]:
            return None
        return self._stance(confirm, "no_comment", None, True, cue_end=deny)

    def _object(self, verb: Token) -> Stance | None:
        obj = next(c for c in verb.children if c.dep_ == "dobj"
                   and (verb.lemma_.lower(), c.lemma_.lower()) in self.words.objects)
        if status_of_subject(verb) == "nobody":
            return None  # "No one has taken responsibility": nobody holds it
        status, negated_status = self.words.objects[(verb.lemma_.lower(), obj.lemma_.lower())]
        negated = _negated(verb) or status_of_subject(verb) == "neither"
        prop = next((g for p in obj.children if p.dep_ == "prep" for g in p.children
                     if g.dep_ == "pobj"), None)
        return self._stance(verb, negated_status if negated else status,
                            _span(prop) if prop is not None else None, negated,
                            cue_end=obj)

    def _silent_object(self, verb: Token) -> Stance | None:
        """"made no comment", "did not offer comment": silence worded as an object."""
        obj = next(c for c in verb.children if c.dep_ == "dobj"
                   and (verb.lemma_.lower(), c.lemma_.lower()) in self.words.silence_objects)
        if self.quoted[verb.i] and not _has_no_comment(verb, obj):
            return None  # a quotation's "made no comment about it" is its speaker's report
        if not (_negated(verb) or any(
                c.dep_ == "det" and c.lower_ == "no" for c in obj.children)
                or verb.lemma_.lower() in _REFUSE):
            return None  # "made a comment" says something; "declined comment" does not
        if verb.lemma_.lower() == "have" and not self._asked(obj):
            return None  # "had no response to the flooding": no plan, not silence
        if verb.lemma_.lower() in ("receive", "get"):  # "received no response": the asker's
            source = _from_whom(obj) or _asked_whom(verb)
            holder = self.resolve(source) if source is not None else None
            return self._stance(verb, "no_comment", None, True, cue_end=obj, holder=holder)
        return self._stance(verb, "no_comment", None, True, cue_end=obj)

    def _quoted_verdict(self, word: Token) -> Stance | None:
        """A verdict on a claim inside a quotation: "that is clearly false", "this is an
        absolutely baseless case": held by the quote's speaker."""
        head = word.head if word.dep_ == "amod" and word.head.dep_ == "attr" else word
        copula = head.head
        if head.dep_ not in ("acomp", "attr") or copula.lemma_ != "be" or _negated(copula):
            return None
        subj = next((c for c in copula.children if c.dep_ == "nsubj"), None)
        if subj is None or not (subj.lower_ in ("this", "that", "it", "these", "those")
                                or subj.lemma_.lower() in self.words.claim_nouns):
            return None  # "the roads are false friends": no verdict on a claim
        holder = self._quote_speaker(word)
        if holder is None:
            return None
        return self._stance(word, "denied", _span(subj), False, holder=holder,
                            evidence=_clause(copula))

    def _claimed_attack(self, verb: Token) -> Stance | None:
        """"Past attacks were claimed by Islamic State": a claim of responsibility, worded
        in the passive."""
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj"), None)
        if self.quoted[verb.i] or subj is None or agent is None \
                or subj.lemma_.lower() not in _ATTACKS or _negated(verb):
            return None
        return self._stance(verb, "confirmed", _span(subj), False, holder=self.resolve(agent))

    def _plea(self, verb: Token) -> Stance | None:
        """"pleaded not guilty to ...": denied; "pleaded guilty": confirmed."""
        guilty = next((c for c in verb.children if c.lower_ == "guilty"), None)
        if guilty is None:
            return None
        negated = _negated(verb) or _negated(guilty) or (
            verb.i + 1 < len(self.doc) and self.doc[verb.i + 1].lower_ == "not")
        prop = next((g for p in [*verb.children, *guilty.children] if p.dep_ == "prep"
                     for g in p.children if g.dep_ == "pobj"), None)
        return self._stance(verb, "denied" if negated else "confirmed",
                            _span(prop) if prop is not None else None, negated, cue_end=guilty)

    def _silence(self, verb: Token) -> Stance | None:
        """Negated, refused or not yet: "did not respond", "declined to comment"."""
        if self.quoted[verb.i] or (verb.tag_ == "VBG" and not _refrained(verb)):
            return None  # "accused them of not responding"; "refrained from commenting" is
        if any(c.dep_ == "neg" and self.quoted[c.i] for c in verb.children):
            return None  # '"Absolutely not," Clinton responded': the quote's "not"
        lemma = verb.lemma_.lower()
        refusable = lemma in self.words.silence_refused
        if any(c.tag_ in ("WRB", "WP") and c.dep_ not in ("nsubj", "nsubjpass")
               for c in verb.children) and not refusable:
            return None  # "did not know how to respond": at a loss, not silent ("who did
            # not respond to a request for comment" is silent)
        if lemma in ("respond", "reply") and not self._asked(verb):
            return None  # "did not respond to the attacks": an act, not silence
        if not _refusal_fits(verb, self.words):
            return None  # "declined to weigh the options", "refused to address the nation"
        refused = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REFUSE
        if refused and lemma != "interview" and any(c.dep_ == "auxpass"
                                                    for c in verb.children):
            return None  # "declined to be identified": anonymity, not silence
        not_yet = any(c.lower_ == "yet" for c in [*verb.children, *verb.head.children]) \
            and verb.head.lemma_.lower() in ("have", "be")
        nobody_at = _nobody_at(verb)  # "No one at the embassy could be reached"
        if not (_negated(verb) or refused or not_yet or nobody_at is not None or (
                verb.dep_ == "xcomp" and _negated(verb.head))
                or status_of_subject(verb) == "neither"):
            return None
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if refusable and not (refused or _would_not(verb) or _publicly_silent(verb)):
            return None  # "did not say" narrates; "declined to say", "would not say" refuse
        if refusable and passive and lemma != "interview":
            return None  # "the emails will not be disclosed": nobody kept silent
        if lemma == "say" and not _withheld(verb):
            return None  # "refused to say the words ...", "refused to say that ...": no silence
        if lemma == "contact" and not (passive and (_for_comment(verb) or (
                _could_speak(verb) and _could(verb)))):
            return None  # "could not be contacted (for comment)" is silence, "not contacted"
            # narrates
        if nobody_at is not None:
            return self._stance(verb, "no_comment", None, True,
                                holder=self.resolve(_principal(nobody_at)))
        if lemma == "reach" and passive and not _could_speak(verb):
            return None  # "a peak that has not been reached again": a thing, not a source
        if lemma == "reach" and not passive:
            # "could not be reached"; "could not reach the ministry for comment" is the
            # ministry's silence; "did not reach a deal" is no silence
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is None or not _for_comment(verb):
                return None
            return self._stance(verb, "no_comment", None, True, holder=self.resolve(obj))
        asked = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and _is_request(c)]
        if lemma == "return" and not asked:
            return None  # "did not return calls seeking comment"; "did not return home" no
        if lemma == "answer" and not (refused or asked):
            return None  # "did not answer" is too often literal; "did not answer calls" not
        if lemma == "answer" and (subj := subject_of(verb)) is not None \
                and not speaker_like(subj):
            return None  # "the pleas would not answer questions": no source kept silent
        cue_head = verb.head if refused or not_yet else verb
        request = next((c for c in asked if c.dep_ == "nsubjpass"), None)
        if request is not None:  # "messages left with the ministry were not returned"
            return self._stance(cue_head, "no_comment", None, True, cue_end=verb,
                                holder=self._addressee(request))
        return self._stance(cue_head, "no_comment", None, True, cue_end=verb)

    def _ignored(self, verb: Token) -> Stance | None:
        """"ignored requests for comment", "declined VOA's request for comment"."""
        if self.quoted[verb.i] or _negated(verb):
            return None
        if verb.lemma_.lower() == "turn" and not any(c.dep_ == "prt" and c.lower_ == "down"
                                                     for c in verb.children):
            return None  # "turned down requests for comment"; "turned requests over" is not
        request = next(c for c in verb.children if c.dep_ == "dobj" and _is_request(c))
        if verb.lemma_.lower() != "ignore" and request.lemma_.lower() == "request" \
                and not _about_comment(request):
            return None  # "declined the request" refuses a favour; "... for comment" is silence
        return self._stance(verb, "no_comment", None, True, cue_end=request)

    def _futile(self, word: Token, reach: Token) -> Stance | None:
        """"Attempts to reach the ministry for comment were unsuccessful": whom the attempt
        was to reach kept silent."""
        obj = next((c for c in reach.children if c.dep_ == "dobj"), None)
        if self.quoted[word.i] or obj is None:
            return None
        if reach.lemma_.lower() == "reach" and not (speaker_like(obj) or _for_comment(reach)):
            return None  # "attempts to reach a deal failed": no one was asked
        attempt = reach.head
        return self._stance(attempt, "no_comment", None, True, cue_end=word,
                            holder=self.resolve(_principal(obj)),
                            evidence=_clause(word if word.pos_ == "VERB" else word.head))

    def _no_response(self, noun: Token) -> Stance | None:
        """"There was no immediate comment from the Kremlin": the source after "from"."""
        copula = noun.head
        if self.quoted[noun.i] or copula.lemma_ != "be" or not any(
                c.dep_ == "expl" for c in copula.children):
            return None
        source = _from_whom(noun)
        if source is None:  # "a spokesperson said there would be no comment"
            speaker = self._quote_speaker(noun)
            if speaker is None:
                return None
            return self._stance(copula, "no_comment", None, True, cue_end=noun, holder=speaker)
        return self._stance(copula, "no_comment", None, True, cue_end=noun,
                            holder=self.resolve(source))

    def _addressee(self, request: Token) -> Speaker | None:
        """Whom a request went to: "calls to the ministry", "messages left with X"."""
        for tok in request.subtree:
            if tok.dep_ == "prep" and tok.lower_ in ("to", "with", "for"):
                obj = next((g for g in tok.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return self.resolve(obj)
        return None

    def _asked(self, verb: Token) -> bool:
        """Silence answers a question: no object, or "to a request/question/email"."""
        if any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "kind" for g in
                                                               c.children)
               for c in verb.children):
            return False  # "did not respond in kind": no retaliation, not silence
        to = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
              for g in c.children if g.dep_ == "pobj"]
        return not to or any(g.lemma_.lower() in _ASKING or g.lemma_.lower()
                             in self.words.claim_nouns for g in to)

    def _silent(self, word: Token) -> Stance | None:
        """"The ministry has remained silent on the matter": a source keeps silent."""
        head = word.head
        kept = word.dep_ in ("dobj", "oprd") and head.lemma_.lower() in ("keep", "stay")
        if self.quoted[word.i] or not (word.dep_ == "acomp" or kept) \
                or head.lemma_.lower() not in ("remain", "stay", "keep", "be", "fall", "go"):
            return None  # "kept mum" is parsed as an object
        if word.lower_ in ("available", "unavailable"):
            return self._unavailable(word)
        if word.lower_ == "unanswered":
            return self._unanswered(word)
        if word.lower_ in ("reachable", "unreachable"):
            return self._unreachable(word)
        if word.lower_ == "quiet" and head.lemma_.lower() == "be":
            return None  # "the city was quiet on Sunday"; "kept quiet about it" is silence
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        about = any(c.dep_ == "prep" and c.lower_ in ("on", "about", "over")
                    for c in [*word.children, *head.children])
        if subj is None or not (about or subj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")):
            return None  # "the airport was silent": no source
        return self._stance(head, "no_comment", None, True, cue_end=word)

    def _unavailable(self, word: Token) -> Stance | None:
        """"was not (immediately) available for comment", "unavailable for comment"."""
        nobody_at = _nobody_at(word.head)  # "Nobody at the embassy was available to comment"
        negated = word.lower_ == "unavailable" or _negated(word.head) or has_negation(word) \
            or nobody_at is not None
        if not negated or not (_for_comment(word) or _to_comment(word)):
            return None
        holder = self.resolve(_principal(nobody_at)) if nobody_at is not None else True
        return self._stance(word.head, "no_comment", None, True, cue_end=word, holder=holder)

    def _unreachable(self, word: Token) -> Stance | None:
        """"The embassy was not reachable", "the spokesman was unreachable"."""
        if word.lower_ == "reachable" and not (_negated(word.head) or has_negation(word)):
            return None
        if not _could_speak(word.head):
            return None  # "the village was unreachable by road": a place, not a source
        return self._stance(word.head, "no_comment", None, True, cue_end=word)

    def _unanswered(self, word: Token) -> Stance | None:
        """"Calls to the ministry went unanswered": the addressee kept silent."""
        subj = next((c for c in word.head.children if c.dep_ == "nsubj"), None)
        if subj is None or not _is_request(subj):
            return None
        return self._stance(word.head, "no_comment", None, True, cue_end=word,
                            holder=self._addressee(subj))

    def _verdict(self, verb: Token) -> Stance | None:
        """"called the allegations baseless", "dismissed it as propaganda"."""
        if self.quoted[verb.i]:
            return None
        if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and \
                self.words.verbs.get(verb.head.lemma_.lower(), ("",))[0] == "denied":
            return None  # "rejected the accusation, calling it absurd": one denial
        parts = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp")]
        parts += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                  for g in c.children if g.dep_ == "pobj"]
        for part in parts:
            words = {t.lower_ for t in part.subtree} | {t.lemma_.lower() for t in part.subtree}
            text = " ".join(t.lower_ for t in part.subtree)
            if words & self.words.verdicts or any(" " in v and v in text
                                                 for v in self.words.verdicts):
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                if obj is None and part.dep_ == "ccomp":
                    obj = next((c for c in part.children if c.dep_ == "nsubj"), None)
                prop = _span(obj) if obj is not None else None
                return self._stance(verb, "denied", prop, False)
        return None

    def _hedge(self, cue: Token, head: Token) -> Stance | None:
        if _question(cue):
            return None  # "Are we likely to find more?": a question hedges no claim
        clause = head if head.pos_ in ("VERB", "AUX") else head.head
        if cue.dep_ == "amod":  # "the alleged plotters": the noun phrase it hedges
            prop = _span(head)
        elif cue.tag_ == "VBN":  # "is believed to have ...": the subject with its infinitive
            subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
            inf = _raised_part(cue)
            if inf is None or (subj is None and not _shares_subject(cue)):
                return None  # "... and is reported to be in critical condition": the
                # subject of the first conjunct
            start = subj.left_edge.i if subj is not None else cue.left_edge.i
            prop = trimmed(self.doc, start, inf.right_edge.i + 1)
        else:
            prop = _clause(clause)
        holder = self._quote_speaker(cue)
        if holder is None and cue.lower_ in _PREDICTIONS and _about_the_future(cue, clause) \
                and not _reported(clause):
            return None  # "the storm will likely hit": the writer's forecast, no source hedges
        return self._stance(cue, "hedged", prop, False, holder=holder, evidence=prop)

    def _condition(self, mark: Token) -> Stance | None:
        if mark.i > 0 and self.doc[mark.i - 1].lower_ in _CONCESSIVE:
            return None
        if _parenthetical(mark):
            return None  # "for when (and if) they agree": an aside, no condition
        clause = _clause_of(mark)
        if clause.lemma_.lower() in self.words.discourse_conditions and any(
                c.dep_ == "nsubj" and c.pos_ == "PRON" for c in clause.children):
            return None  # "if you look at the record", "if it comes to dental"
        main = clause.head
        if main.pos_ not in ("VERB", "AUX") or main.i == clause.i:
            return None
        if main.lemma_.lower() in self.words.asking_verbs and mark.i > main.i:
            return None  # "to decide within a month if ...": "if" is "whether"
        if _question(mark):
            return None  # "If you had the data, what would you expect?": nothing is claimed
        prop = _clause(main, skip=clause)
        evidence = _clause(main)
        holder = self._quote_speaker(mark) or self._reporter(main)
        return self._stance(mark, "conditional", prop, False, holder=holder,
                            evidence=evidence)

    def _reporter(self, verb: Token) -> Speaker | None:
        """The source of the attribution whose cue ``verb`` is ("Rubio has underscored the
        need for monitors if ...", "a WindEurope report finds ... if ...")."""
        for q in self.quotes:
            if q.cue is not None and q.cue.span[0] <= verb.idx < q.cue.span[1] \
                    and q.speaker is not None:
                return q.speaker.model_copy()
        return None

    # -- parts ------------------------------------------------------------------------
    def _stance(self, cue: Token, status: str, prop: Span | None, negated: bool, *,
                holder: Speaker | None | bool = True, evidence: Span | None = None,
                cue_end: Token | None = None) -> Stance | None:
        if holder is True:
            holder = self._holder(cue)
        end = cue_end if cue_end is not None and cue_end.i >= cue.i else cue
        text = self.doc.text
        cue_span = (cue.idx, end.idx + len(end.text))
        evidence = evidence or _clause(cue) or self.doc[cue.i:end.i + 1]
        lo = min(evidence.start_char, cue_span[0])
        hi = max(evidence.end_char, cue_span[1])
        return Stance(
            text=text[lo:hi], span=(lo, hi), status=status,
            holder=holder if isinstance(holder, Speaker) else None,
            cue=Cue(text=text[cue_span[0]:cue_span[1]], span=cue_span),
            proposition=Evidence(text=prop.text, span=(prop.start_char, prop.end_char))
            if prop is not None else None,
            negated=negated)

    def _holder(self, cue: Token) -> Speaker | None:
        agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj"), None)
        if agent is not None:  # "dismissed by ambassador Simon as ..."
            return self.resolve(agent)
        subj = subject_of(cue)
        if subj is None:  # "a charge New Delhi rejected", "could not be reached"
            subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return self._quote_speaker(cue)
        if subj.lower_ in _FIRST_PERSON and self.quoted[subj.i]:
            return self._quote_speaker(cue)
        return self.resolve(_principal(subj))

    def _writers_could(self, modal: Token) -> bool:
        """The writer's own "could have" tells what did not happen ("Sanders could have
        requested a recount", "It could have been prevented"), not a guess at what did; a
        source's ("opponents said her server could have exposed ...") stays a hedge."""
        return modal.lower_ == "could" and self._quote_speaker(modal) is None \
            and not _reported(modal.head)

    def _first_person_subject(self, verb: Token) -> bool:
        subj = subject_of(verb)
        return subj is not None and subj.lower_ in _FIRST_PERSON

    def _quote_speaker(self, tok: Token) -> Speaker | None:
        """The speaker of the quote ``tok`` sits in: a hedge in a quote is the speaker's."""
        for q in self.quotes:
            if q.span[0] <= tok.idx < q.span[1] and q.speaker is not None:
                return q.speaker.model_copy()
        return None

    def _proposition(self, verb: Token) -> Span | None:
        """What the stance is about: its clause or object; for a cue inside a relative
        clause ("a charge New Delhi rejected"), the noun the clause describes."""
        for c in verb.children:
            if c.dep_ in ("ccomp", "dobj", "xcomp"):
                return _span(c)
            if c.dep_ == "nsubjpass":
                return _span(c)
        for c in verb.children:  # "denied that ...", "admitted to ...", "dismissed as ..."
            if c.dep_ == "prep" and c.lower_ in ("to", "of", "as"):
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    return _span(objs[0])
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            head = verb.head
            start = head.left_edge.i
            return trimmed(self.doc, start, min(verb.left_edge.i, head.right_edge.i + 1))
        return None

    def _claim(self, verb: Token, prop: Span | None) -> bool:
        """A reject/dismiss cue disputes a claim: its object is a claim noun or a clause,
        or its verdict ("dismissed it as fake") says so."""
        if any(c.dep_ == "ccomp" for c in verb.children):
            return True
        if prop is None:
            return False
        heads = {prop.root.lemma_.lower(), prop.root.lower_}
        if heads & self.words.claim_nouns:
            return True
        return prop.root.lower_ in ("it", "them", "this", "that") and any(
            c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)


# -- syntax helpers --------------------------------------------------------------------
def _negated(tok: Token) -> bool:
    """"did not deny", "refrained from confirming", "declined to comment"."""
    if has_negation(tok) or cue_negated(tok, load_lexicon()):
        return True
    head = tok.head
    return tok.dep_ == "xcomp" and head.i != tok.i and (
        has_negation(head) or head.lemma_.lower() in _REFUSE)


def _either_way(verb: Token) -> tuple[Token, Token] | None:
    """The (confirm, deny) pair of a refusal to do either: "would neither confirm nor
    deny", "declined to confirm or deny", "did not confirm or deny"; None otherwise."""
    if verb.lemma_.lower() == "deny" and verb.dep_ == "conj":
        confirm = verb.head
    else:
        confirm = verb
    deny = next((c for c in confirm.children if c.dep_ == "conj"
                 and c.lemma_.lower() == "deny"), None)
    if confirm.lemma_.lower() != "confirm" or deny is None:
        return None
    neither = any(c.dep_ == "preconj" and c.lower_ == "neither" for c in confirm.children)
    if not (neither or _negated(confirm) or status_of_subject(confirm) == "neither"):
        return None
    return confirm, deny


def status_of_subject(verb: Token) -> str | None:
    """"nobody" for a subject that names no one ("No one has claimed ..."), "neither" for
    one that negates ("neither Britain nor Mauritius have confirmed"), else None."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    if subj.lower_ in ("nobody", "none") or any(
            c.dep_ == "det" and c.lower_ == "no" for c in subj.children):
        return "nobody"
    if any(c.dep_ in ("preconj", "det") and c.lower_ == "neither" for c in subj.children):
        return "neither"  # "neither Britain nor Mauritius", "Neither company would comment"
    return None


# what a group claims responsibility for ("the attack was claimed by ...")
_ATTACKS = frozenset({"attack", "bombing", "killing", "assault", "blast", "explosion",
                      "strike", "kidnapping", "abduction", "shooting", "raid", "ambush",
                      "murder", "assassination", "hijacking", "massacre", "operation",
                      "incident"})

_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative",
                     "spokespeople", "spokesmen", "representatives"})


def _principal(subj: Token) -> Token:
    """An unnamed spokesperson speaks for their principal: "a spokesperson for Meta" ->
    Meta; a named one ("spokesman Ivan Petrov", "a spokesman, Ivan Petrov") stays."""
    press_office = subj.lemma_.lower() == "office" and any(
        c.dep_ == "compound" and c.lower_ == "press" for c in subj.children)
    if subj.lemma_.lower() not in _SPOKES and subj.lower_ not in _SPOKES and not press_office:
        return subj
    if any(c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" and c.ent_type_ == "PERSON"
           for c in subj.children):
        return subj
    owner = next((c for c in subj.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    owner = owner or next((c for c in subj.children if c.dep_ == "compound" and (
        c.ent_type_ in ("ORG", "GPE", "NORP") or c.pos_ == "PROPN")), None)  # "FBI spokesman"
    return owner or next((g for c in subj.children if c.dep_ == "prep"
                          and c.lower_ in ("for", "of") for g in c.children
                          if g.dep_ == "pobj"), subj)


def _for_comment(verb: Token) -> bool:
    """"reach the ministry for comment", "available for comment"."""
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(
        g.lemma_.lower() == "comment" for g in c.children) for c in verb.children)


_REQUESTS = frozenset({"request", "question", "query", "inquiry", "enquiry", "call",
                       "email", "e-mail", "message", "attempt", "phone"})


def _is_request(noun: Token) -> bool:
    """A request for words: "requests for comment", "phone calls", "VOA's queries"."""
    return noun.lemma_.lower() in _REQUESTS


def _about_comment(request: Token) -> bool:
    """"request for comment", "request seeking comment", "request for an interview"."""
    return any(t.lemma_.lower() in ("comment", "interview", "response")
               for t in request.subtree if t.i != request.i)


def _to_comment(word: Token) -> bool:
    """"available to comment"."""
    return any(c.dep_ == "xcomp" and c.lemma_.lower() == "comment" for c in word.children)


def _nobody_at(verb: Token) -> Token | None:
    """Where nobody answered: "No one at the embassy could be reached", "Nobody from the
    ministry was available" -> the embassy, the ministry."""
    if status_of_subject(verb) != "nobody":
        return None
    subj = next(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
    return next((g for c in subj.children if c.dep_ == "prep" and c.lower_ in ("at", "from")
                 for g in c.children if g.dep_ == "pobj"), None)


_SPEAKING_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _could_speak(verb: Token) -> bool:
    """The subject of "could not be reached" is someone who could have answered: a name, a
    pronoun for a person, a source noun ("the spokesman") -- not "a peak that ..."."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if subj is not None and subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subj = verb.head  # "Lewandowski, who could not be reached"
    return subj is not None and speaker_like(subj)


def speaker_like(subj: Token) -> bool:
    """A name, a pronoun for a person or a source noun ("the spokesman", "the campaign")."""
    if subj.ent_type_ in _SPEAKING_TYPES or subj.pos_ == "PROPN":
        return True
    if subj.pos_ == "PRON":
        return subj.lower_ in _PERSON_PRONOUNS
    heads = person_nouns() | body_nouns()  # "the spokesman", "the campaign"
    return subj.lemma_.lower() in heads or subj.lower_ in heads


_PERSON_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "who",
                              "one", "nobody", "none", "anyone"})


def _refusal_fits(verb: Token, words: StanceWords) -> bool:
    """The narrow refusals: "declined to weigh in" (not "weigh the options"), "declined to
    address the allegations" (a claim or a question, not "the nation"; refused or "not
    publicly", not "would not address"), "declined to provide details" (words withheld, not
    "his name" or "documents"), "refused to speak to reporters" (the press, not "on the
    record": that is an anonymous source speaking)."""
    lemma = verb.lemma_.lower()
    if lemma == "weigh":
        return any(c.dep_ == "prt" and c.lower_ == "in" for c in verb.children)
    if lemma == "address":  # only declined or refused: "sanctions would not address it"
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        refused = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REFUSE
        return (refused or _publicly_silent(verb)) and obj is not None and (
            obj.lemma_.lower() in words.claim_nouns or obj.lemma_.lower() in _ASKING
            or obj.lemma_.lower() in ("question", "matter", "issue"))
    if lemma in _GIVE_WORDS:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return obj is not None and obj.lemma_.lower() in _WITHHELD_WORDS
    if lemma in ("speak", "talk"):
        return _to_the_press(verb)
    return True


# "declined to provide details": verbs that withhold words when refused, and the words
_GIVE_WORDS = frozenset({"provide", "give", "offer", "release", "share"})
_WITHHELD_WORDS = frozenset({"detail", "information", "specific", "specifics", "comment",
                             "explanation", "reason", "statement", "interview", "response",
                             "answer", "clarification", "figure", "estimate", "breakdown",
                             "timeline", "update", "elaboration"})
_PRESS = frozenset({"reporter", "journalist", "press", "media", "medium", "newspaper",
                    "outlet", "interviewer", "voa", "correspondent"})


def _to_the_press(verb: Token) -> bool:
    """"declined to speak to reporters", "refused to talk to VOA", "declined to speak
    publicly about the case", "declined to speak": silence; "on the record" (an anonymous
    source), "at the rally", "to each other" are not."""
    for c in verb.children:
        if c.dep_ != "prep":
            continue
        objs = [g for g in c.children if g.dep_ == "pobj"]
        if c.lower_ == "on" and any(g.lemma_.lower() in ("record", "condition") for g in objs):
            return False
        if c.lower_ in ("to", "with") and not any(
                g.lemma_.lower() in _PRESS or g.lower_ in _PRESS or g.ent_type_ == "ORG"
                for g in objs):
            return False
        if c.lower_ not in ("to", "with", "about", "on", "publicly"):
            return False
    return True


def _publicly_silent(verb: Token) -> bool:
    """"has not spoken publicly about", "has not publicly addressed": silence kept in public
    (the verb negated, with "publicly")."""
    return has_negation(verb) and any(c.dep_ == "advmod" and c.lower_ == "publicly"
                                      for c in verb.children)


def _could(verb: Token) -> bool:
    """"could not be contacted": an attempt that failed, not a narration."""
    return any(c.dep_ == "aux" and c.lower_ in ("could", "can", "ca") for c in verb.children)


_ATTEMPTS = frozenset({"attempt", "effort", "bid", "try"})
_REACHING = frozenset({"reach", "contact", "call", "email", "interview"})


def _attempt_to_reach(word: Token) -> Token | None:
    """The verb of reaching in "attempts to reach the ministry were unsuccessful", "efforts
    to contact Smith failed" (``word``: unsuccessful, fruitless, fail), or None."""
    if word.pos_ == "VERB":
        clause = word
    elif word.dep_ == "acomp" and word.head.lemma_ in ("be", "prove"):
        clause = word.head
    else:
        return None
    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() not in _ATTEMPTS:
        return None
    return next((c for c in subj.children if c.dep_ in ("acl", "relcl")
                 and c.lemma_.lower() in _REACHING), None)


def _hyphenated(tok: Token) -> str:
    """The hyphenated word ``tok`` ends ("tight-lipped": "tight", "-", "lipped"), or ""."""
    doc, i = tok.doc, tok.i
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return ""
    return f"{doc[i - 2].lower_}-{tok.lower_}"


def _has_no_comment(verb: Token, obj: Token) -> bool:
    """The formula of a quoted statement: "we have no comment", "the foundation has no
    comment on ...": the silence of whoever it quotes."""
    return verb.lemma_.lower() == "have" and obj.lemma_.lower() == "comment" and _has_no(obj)


def _has_no(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _from_whom(noun: Token) -> Token | None:
    """The source after "from": "no comment from the Kremlin"."""
    return next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"
                 for g in c.children if g.dep_ == "pobj"), None)


_ASKING_VERBS = frozenset({"contact", "email", "call", "ask", "send", "reach", "write",
                           "approach", "message", "question"})


def _asked_whom(receive: Token) -> Token | None:
    """Whom the asker had asked, in the clause "received no response" is joined to:
    "sent an email to Cultura Colectiva ... but received no response", "VOA contacted the
    ministry but received no reply"."""
    asked = receive.head if receive.dep_ == "conj" else None
    if asked is None or asked.lemma_.lower() not in _ASKING_VERBS:
        return None
    for prep in asked.children:  # "sent an email to X", "reached out to X"
        if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
            obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    if asked.lemma_.lower() in ("contact", "approach", "email", "call", "question"):
        return next((c for c in asked.children if c.dep_ == "dobj"), None)
    return None


def _withheld(say: Token) -> bool:
    """What "declined to say" withholds is nothing or a question ("whether ...", "who
    ..."), not words or a claim."""
    for c in say.children:
        if c.dep_ in ("dobj", "attr"):
            return c.tag_ in ("WP", "WDT")
        if c.dep_ == "ccomp":  # "whether ...", "who he plans to vote for"
            return any(g.dep_ == "mark" and g.lower_ in ("whether", "if")
                       or g.tag_ in ("WP", "WRB", "WDT") for g in c.children) \
                or c.left_edge.tag_ in ("WP", "WRB", "WDT")
    return True


def _refrained(verb: Token) -> bool:
    """"refrained from commenting", "abstained from responding"."""
    prep = verb.head
    return verb.dep_ in ("pcomp", "pobj") and prep.lower_ == "from" \
        and prep.head.lemma_.lower() in ("refrain", "abstain")


def _would_not(verb: Token) -> bool:
    """"would not say", "wouldn't elaborate": a refusal worded with "would"."""
    return has_negation(verb) and any(c.dep_ == "aux" and c.lower_ in ("would", "will", "wo")
                                    for c in verb.children)


def _clause_of(mark: Token) -> Token:
    """The verb a subordinator opens; the parser sometimes hangs it on the auxiliary ("if we
    don't measure": on "do")."""
    head = mark.head
    return head.head if head.dep_ == "aux" and head.head.i != head.i else head


def _question(tok: Token) -> bool:
    """``tok``'s sentence is a question (it ends with "?")."""
    sent = tok.sent
    last = next((t for t in reversed(sent) if not t.is_space and t.text not in _CLOSERS), None)
    return last is not None and last.text == "?"


_CLOSERS = frozenset({'"', "”", "’", "'", ")"})


def _parenthetical(mark: Token) -> bool:
    """The subordinator sits in brackets: "(and if)"."""
    doc, i = mark.doc, mark.i - 1
    while i >= 0 and doc[i].lower_ in ("and", "or"):
        i -= 1
    return i >= 0 and doc[i].text == "("


def _raising(verb: Token) -> bool:
    """"is believed to have fled", "is suspected of carrying out", "are presumed dead": a
    passive with what it hedges and no agent."""
    children = list(verb.children)
    return (any(c.dep_ == "auxpass" for c in children)
            and _raised_part(verb) is not None
            and not any(c.dep_ == "agent" for c in children))


def _raised_part(verb: Token) -> Token | None:
    """What a hedging passive qualifies: its infinitive ("believed to have fled"), the
    "of" of "suspected of dying", the state of "presumed dead"."""
    for c in verb.children:
        if c.dep_ == "xcomp":
            return c
        if c.dep_ in ("oprd", "acomp") and c.pos_ == "ADJ" \
                and verb.lemma_.lower() in ("believe", "presume", "think"):
            return c  # "presumed dead"; "reported missing" is a report of a person missing
        if c.dep_ == "prep" and c.lower_ == "of" and verb.lemma_.lower() == "suspect" \
                and any(g.dep_ == "pcomp" for g in c.children):
            return c
    return None


def _compared(likely: Token) -> bool:
    """"more likely to vote", "less likely to", "most likely to occur": a comparison of
    chances (a poll, a statistic), not a hedge on a claim."""
    return any(c.dep_ == "advmod" and c.lower_ in ("more", "less", "most", "least", "as")
               for c in likely.children)


_COUNTERFACTUAL_SUBJECTS = frozenset({"i", "we", "you", "anyone", "anybody", "nobody",
                                      "no one"})


def _counterfactual(modal: Token) -> bool:
    """"could have" of what did not happen, not a guess at what did: under an if-clause
    ("if she had stayed, we could have found ..."), a comparison ("it could have been
    worse", "could have answered better") or a speaker's own ability ("I could have
    made efforts")."""
    verb = modal.head
    clauses = [c for c in verb.children if c.dep_ == "advcl"]
    if verb.dep_ in ("ccomp", "conj"):  # the parser may hang the if-clause that follows
        clauses += [c for c in verb.head.children if c.dep_ == "advcl" and c.i > verb.i]
    if any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for c in clauses
           for g in c.children) or any(_inverted_condition(c) for c in clauses):
        return True
    if modal.lower_ == "could" and _negated(verb):
        return True  # "could not have violated": ruled out, not guessed
    if any(c.tag_ in ("JJR", "RBR") and c.dep_ in ("acomp", "advmod")
           for c in verb.children):
        return True
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return modal.lower_ == "could" and subj is not None \
        and subj.lower_ in _COUNTERFACTUAL_SUBJECTS


_PREDICTIONS = frozenset({"likely", "probably"})
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})


def _about_the_future(cue: Token, clause: Token) -> bool:
    """The hedge word forecasts: "will likely hit", "would probably cost", "is likely to
    rise" -- not "were likely killed" or "is likely to have fled" (a guess at what
    happened)."""
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in clause.children):
        return True
    inf = next((c for c in cue.children if c.dep_ == "xcomp"), None)
    return cue.dep_ == "acomp" and inf is not None and not any(
        c.dep_ == "aux" and c.lower_ == "have" for c in inf.children)


def _reported(clause: Token) -> bool:
    """``clause`` is what a cue verb above it reports ("... are likely to keep investors
    away, he noted"), even when no quote was found for it."""
    verbs = load_lexicon().verbs
    return any(a.pos_ == "VERB" and a.lemma_.lower() in verbs for a in clause.ancestors)


def _inverted_condition(clause: Token) -> bool:
    """"Had the authorities found the posts, ...", "Were it not for ...": a condition with
    its auxiliary put first, no "if"."""
    first = clause.left_edge
    return first.lower_ in ("had", "were", "should") and first.tag_ in ("VBD", "MD") \
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > first.i
                for c in clause.subtree)


def _shares_subject(verb: Token) -> bool:
    """A conjoined verb whose subject is its first conjunct's ("the victim was taken to
    hospital and is reported to be ...")."""
    return verb.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass")
                                       for c in verb.head.children)


def _perfect(modal: Token) -> bool:
    """"may have fired": an epistemic modal (with perfect aspect), not permission."""
    head = modal.head
    return head.tag_ == "VBN" and any(c.lower_ == "have" and c.dep_ == "aux"
                                      for c in head.children)


def _span(tok: Token) -> Span | None:
    return trimmed(tok.doc, tok.left_edge.i, tok.right_edge.i + 1)


def _clause(head: Token, skip: Token | None = None) -> Span | None:
    """The clause ``head`` rules, within its sentence; without ``skip``'s subtree when that
    lies at the clause's edge ("if convicted, they face ...": the main clause)."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    sent = head.sent
    start, end = max(start, sent.start), min(end, sent.end)
    if skip is not None:
        s0, s1 = skip.left_edge.i, skip.right_edge.i + 1
        if s0 <= start:
            start = max(start, s1)
        elif s1 >= end:
            end = min(end, s0)
    return trimmed(head.doc, start, end)
