"""Who is speaking: the syntactic source of a cue, resolved to a named entity.

No coreference model is involved: pronouns ("he", "they") take the nearest fitting
antecedent outside quotation marks, preferring subjects of earlier sentences; definite
descriptions ("the spokesperson") take the latest person introduced with that role word.
"""

from __future__ import annotations

from bisect import bisect_left
from copy import copy
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.data import read_text, word_list
from newsgraph.doctext import sentence
from newsgraph.schema import Entity, Speaker

_PERSONAL = word_list("pronouns.personal")
_GROUP = word_list("pronouns.group")
_FIRST_SECOND = word_list("pronouns.first_second")
_GROUP_TYPES = frozenset({"ORG", "GPE", "NORP"})
_NP_DEPS = frozenset({"compound", "amod", "det", "poss", "case", "nummod", "nmod", "quantmod"})
_ROLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct", "det"})
_LOOKBACK_SENTENCES = 3
_DISTANT_SENTENCES = 8


@dataclass
class Mention:
    """An entity mention in token offsets, with its canonical entity."""

    start: int
    end: int
    entity_id: str | None
    name: str
    type: str


class SpeakerResolver:
    """Built once per document; answers ``resolve(token)`` for cue subjects."""

    def __init__(self, doc: Doc, entities: list[Entity], token_entity: dict[int, str],
                 quoted: list[bool], cue_verbs: set[int]) -> None:
        self.doc = doc
        self.quoted = quoted  # token index -> inside quotation marks
        self.cue_verbs = cue_verbs
        self.mentions = _mentions(doc, entities, token_entity)
        self.by_token: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        self.sent_starts = [s.start for s in doc.sents]
        self.known_roles: dict[str, str] = {}  # entity (id or name) -> first role given
        for m in self.mentions:
            role = self._mention_role(m)
            if role:
                self.known_roles.setdefault(m.entity_id or m.name, role)
        self.roles = self._role_index()
        self._chain: dict[int, Mention | None] = {}  # pronoun source -> its antecedent

    def with_cues(self, cue_verbs: set[int]) -> SpeakerResolver:
        """The same document's resolver reading another set of cue words: the mentions and
        roles are shared, not rebuilt."""
        if cue_verbs == self.cue_verbs:
            return self
        other = copy(self)
        other.cue_verbs, other._chain = cue_verbs, {}
        return other

    # -- public -----------------------------------------------------------------------
    def resolve(self, tok: Token) -> Speaker:
        tok = self._named_appositive(tok)
        low = tok.lower_
        if tok.pos_ == "PRON" and (low in _PERSONAL or low in _GROUP):
            ante = self._antecedent(tok) or self._distant_speaker(tok)
            if ante is not None:
                return Speaker(name=ante.name, entity_id=ante.entity_id,
                               role=self._role(ante), span=_chars(tok, tok))
            return Speaker(name=tok.text, span=_chars(tok, tok), unresolved=True)
        mention = self.by_token.get(tok.i)
        if mention is not None and mention.type == "ORG":
            mention = self._member_of(mention) or mention
        if mention is not None:
            first, last = self.doc[mention.start], self.doc[mention.end - 1]
            return Speaker(name=mention.name, entity_id=mention.entity_id,
                           role=self._role(mention), span=_chars(first, last))
        start = self._np_start(tok)
        phrase = self.doc[start:tok.i + 1]
        if tok.pos_ == "NOUN" and (any(t.lower_ in ("the", "this", "that") for t in phrase[:1])
                                   or _body_possessed(tok)):
            named = self._described(tok) or self._recent_speaker(tok)
            if named is not None:
                return Speaker(name=named.name, entity_id=named.entity_id,
                               role=self._role(named), span=_chars(phrase[0], tok))
        if tok.pos_ == "NOUN" and tok.lower_ in _GROUP_NOUNS and phrase[0].lower_ == "the":
            body = self._recent_body(tok)  # "The aid group, known as MSF, reports"
            if body is not None:
                return Speaker(name=body.name, entity_id=body.entity_id,
                               span=_chars(phrase[0], tok))
        body = self._represented(tok)
        if body is not None:  # "a spokesman for the Russian Foreign Ministry": the body speaks
            return Speaker(name=body.name, entity_id=body.entity_id, role=tok.text,
                           span=_chars(phrase[0], tok))
        lo, hi = _proper_run(self.doc, tok)
        if tok.pos_ == "PROPN" or hi > tok.i + 1 and tok.text[:1].isupper() \
                and tok.i > sentence(tok).start:  # a name the tagger missed or split
            start, end = min(start, lo), hi  # "Doctors Without Borders"
            phrase = self.doc[start:end]
            return Speaker(name=self.doc[start + (phrase[0].dep_ == "det"):end].text,
                           span=_chars(phrase[0], self.doc[end - 1]))
        name_start = start + 1 if phrase[0].dep_ == "det" and len(phrase) > 1 else start
        return Speaker(name=self.doc[name_start:tok.i + 1].text, span=_chars(phrase[0], tok))

    def _represented(self, noun: Token) -> Mention | None:
        """The named body an unnamed spokesperson speaks for ("a spokesman for the Foreign
        Ministry", "a representative of Hamas"), or None."""
        if noun.pos_ != "NOUN" or noun.tag_ != "NN" or noun.lemma_.lower() not in _SPOKES:
            return None
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "at", "from"):
                continue
            for obj in prep.children:
                m = self.by_token.get(obj.i)
                if obj.dep_ == "pobj" and m is not None and m.end - 1 == obj.i \
                        and m.type in _GROUP_TYPES:
                    return m
        return None

    def _recent_speaker(self, noun: Token) -> Mention | None:
        """The person a definite role description with no matching role refers back to
        ("Michel Barnier says ... The former French foreign minister told ..."): the latest
        named person who was the subject of a reporting verb in the sentences just before.
        Only definite, singular person nouns ("the envoy", not "the officials" nor "an
        envoy")."""
        lemma = noun.lemma_.lower()
        if noun.tag_ != "NN" or lemma not in person_nouns() | title_nouns() or lemma in _PRESS \
                or self.quoted[noun.i]:
            return None  # "the reporter": the outlet's own, not the last speaker
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                   for c in noun.children):
            return None  # "a foreign ministry official": someone new
        if any(c.dep_ == "prep" and any(g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_)
                                        for g in c.subtree) for c in noun.children):
            return None  # "the chief foreign correspondent of Britain's Financial Times":
            # described in full, someone new
        sent_idx = bisect_left(self.sent_starts, sentence(noun).start)
        lowest = self.sent_starts[max(0, sent_idx - _LOOKBACK_SENTENCES)]
        for i in range(sentence(noun).start - 1, lowest - 1, -1):
            tok = self.doc[i]
            m = self.by_token.get(i)
            if m is None or m.type != "PERSON" or i != m.end - 1 or self.quoted[i]:
                continue
            if self._in_cue_subject(tok):
                return m
        return None

    def _in_cue_subject(self, tok: Token) -> bool:
        """``tok`` lies in the subject of a reporting verb, not in a clause of its own
        ("Pakistan's permanent representative to the United Nations, Munir Akram, said")."""
        for _ in range(6):
            if tok.dep_ == "nsubj":
                return tok.head.i in self.cue_verbs
            if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
                return False
            tok = tok.head
        return False

    def _recent_body(self, noun: Token) -> Mention | None:
        """The organisation a bare "the group" refers back to: the subject of the previous
        sentence when that is an organisation (any other subject breaks the chain)."""
        sent_idx = bisect_left(self.sent_starts, sentence(noun).start)
        if sent_idx == 0:
            return None
        prev = sentence(self.doc[self.sent_starts[sent_idx - 1]])
        subj = next((c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or self.quoted[subj.i]:
            return None
        subj = self._named_appositive(subj)
        m = self.by_token.get(subj.i)
        if m is not None and m.type == "PERSON":
            return self._employer(m)  # "Human Rights Watch researcher Jane Doe said"
        if m is None and subj.text[:1].isupper() and subj.i > prev.start:
            lo, hi = _proper_run(self.doc, subj)  # "The charity Doctors Without Borders"
            if hi - lo > 1:
                return Mention(lo, hi, None, self.doc[lo:hi].text, "ORG")
        return m if m is not None and m.type == "ORG" else None

    def _employer(self, person: Mention) -> Mention | None:
        """The organisation named in a person's title just before the name, with no
        comma between ("Human Rights Watch researcher Jane Doe"), or None."""
        i = person.start - 1
        while i >= 0 and person.start - i <= 5 and self.doc[i].pos_ in ("NOUN", "PROPN") \
                and self.doc[i].dep_ == "compound":
            m = self.by_token.get(i)
            if m is not None and m.type == "ORG" and m.end - 1 == i:
                return m
            i -= 1
        return None

    def _member_of(self, org: Mention) -> Mention | None:
        """"Andrew Lebovich of the Dutch think tank Clingendael said": a misparse makes the
        organisation the subject; the person named just before it, joined by "of"/"at"/
        "from" with no comma or verb between, is the speaker."""
        i = org.start - 1
        while i >= 0 and org.start - i <= 10:
            tok = self.doc[i]
            if tok.is_punct and tok.tag_ != "HYPH" or self.quoted[i]:
                return None
            if tok.lower_ in ("of", "at", "from") and i > 0:
                m = self.by_token.get(i - 1)
                return m if m is not None and m.type == "PERSON" and m.end == i else None
            i -= 1
        return None

    # -- pronouns ---------------------------------------------------------------------
    def antecedent(self, pron: Token) -> Mention | None:
        """The mention a third-person pronoun refers to, or None."""
        low = pron.lower_
        return self._antecedent(pron) if low in _PERSONAL or low in _GROUP else None

    def _antecedent(self, pron: Token) -> Mention | None:
        personal = pron.lower_ in _PERSONAL
        sent_idx = bisect_left(self.sent_starts, sentence(pron).start)
        lowest = self.sent_starts[max(0, sent_idx - _LOOKBACK_SENTENCES)]
        best: Mention | None = None
        best_sent = None
        weak: Mention | None = None  # a possessor ("IS Sahel's ambitions"): a last resort
        i = pron.i - 1
        while i >= lowest:
            tok = self.doc[i]
            cand = None if self.quoted[i] or _in_controlled_adjunct(tok, pron) \
                else self._candidate(tok, personal)
            if cand is not None and best is None and tok.dep_ == "poss":
                weak = weak or cand  # "upon learning his DNA was on Spanton's underwear he
                cand = None  # claimed": a possessor is a last resort
            if cand is None and (best is None or sentence(tok).start == best_sent) \
                    and not self.quoted[i] and tok.pos_ == "PRON" \
                    and tok.dep_ == "nsubj" and tok.head.i in self.cue_verbs \
                    and (tok.lower_ in _PERSONAL) == personal \
                    and (tok.lower_ in _PERSONAL or tok.lower_ in _GROUP):
                # '"...," he said. He dismissed ...': the same source as the earlier pronoun,
                # which also outranks an object of its own sentence ("In between, she
                # testified, she was raped by Quirin, Redouane ... She told the court")
                return self._chained(tok)
            if cand is not None:
                sent = sentence(tok).start
                if best is None:
                    best, best_sent = cand, sent
                    if tok.dep_ in ("nsubj", "nsubjpass") or sent == sentence(pron).start:
                        return best
                elif sent != best_sent:
                    return best
                elif tok.dep_ == "nsubj" or self._head_is_subject(tok):
                    if self.doc[best.end - 1].dep_ == "appos" \
                            and self.doc[best.end - 1].head.i == tok.i:
                        return best  # "The court's president, Judge Joan Donoghue, ..."
                    return cand  # a subject beats a nearer object in the same sentence
            i -= 1
        return best or weak

    def _distant_speaker(self, pron: Token) -> Mention | None:
        """A "he"/"she" with nothing fitting in the sentences just before, in a paragraph
        of its own: the person last named as a speaker, up to ``_DISTANT_SENTENCES`` back,
        when no other person was named since (any other breaks the chain)."""
        if pron.lower_ not in _PERSONAL or pron.dep_ != "nsubj":
            return None
        sent_idx = bisect_left(self.sent_starts, sentence(pron).start)
        lowest = self.sent_starts[max(0, sent_idx - _DISTANT_SENTENCES)]
        for i in range(pron.i - 1, lowest - 1, -1):
            m = self.by_token.get(i)
            if m is None or m.type != "PERSON" or i != m.end - 1:
                continue
            if self.quoted[i] or not self._in_cue_subject(self.doc[i]):
                return None
            return m
        return None

    def _chained(self, pron: Token) -> Mention | None:
        """The antecedent of an earlier pronoun source, resolved once."""
        if pron.i not in self._chain:
            self._chain[pron.i] = None  # no cycles
            self._chain[pron.i] = self._antecedent(pron)
        return self._chain[pron.i]

    def _head_is_subject(self, tok: Token) -> bool:
        return tok.dep_ in ("compound", "appos") and tok.head.dep_ == "nsubj"

    def _candidate(self, tok: Token, personal: bool) -> Mention | None:
        mention = self.by_token.get(tok.i)
        if mention is not None:
            if tok.i != mention.end - 1:
                return None  # count each mention once, at its last token
            if tok.dep_ in ("compound", "nmod", "amod") and tok.head.pos_ == "NOUN" \
                    and not mention.start <= tok.head.i < mention.end:
                return None  # a name as a modifier ("Brexit negotiations") is no referent
            if personal and mention.type == "PERSON":
                return mention
            if not personal and mention.type in _GROUP_TYPES and tok.dep_ != "amod":
                return mention
            return None
        if personal and tok.pos_ == "PROPN" and tok.dep_ == "nsubj" and not tok.ent_type_ \
                and tok.head.i in self.cue_verbs:
            lo, hi = _proper_run(self.doc, tok)  # a speaker's name the tagger missed
            if hi == tok.i + 1:  # ("Equiluz says ... he said")
                return Mention(lo, hi, None, self.doc[lo:hi].text, "PERSON")
        # an unnamed source that spoke: "a foreign ministry official did not confirm"
        if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") \
                and (tok.head.i in self.cue_verbs or self._definite_people(tok)):
            plural = tok.tag_ in ("NNS", "NNPS")
            if personal and tok.lemma_.lower() not in person_nouns() | title_nouns():
                return None  # "An analysis ... showed": no "he" or "she"
            if personal != plural:  # "the officers" are not the one officer named before
                named = (self._described(tok) or self._recent_speaker(tok)) \
                    if tok.i > 0 and not plural else None
                if named is not None:
                    return named
                start = self._np_start(tok)
                if self.doc[start].dep_ == "det":
                    start += 1
                return Mention(start, tok.i + 1, None, self.doc[start:tok.i + 1].text, "OTHER")
        return None

    def _definite_people(self, noun: Token) -> bool:
        """"The officers, ..., are back to work. They indicated ...": a definite person
        noun is a referent even when its verb is no reporting verb."""
        return noun.lemma_.lower() in person_nouns() \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)

    # -- descriptions and roles -------------------------------------------------------
    def _role_index(self) -> dict[str, list[tuple[int, Mention]]]:
        """Role word -> [(token index, person mention)] for "Pentagon spokesperson X"."""
        index: dict[str, list[tuple[int, Mention]]] = {}
        for m in self.mentions:
            if m.type not in ("PERSON", "ORG", "NORP"):
                continue  # "the spokesperson", "the group": a person's or a body's role
            role = self._role_tokens(m)
            for t in role:
                if t.pos_ in ("NOUN", "PROPN"):
                    index.setdefault(_role_word(t), []).append((m.start, m))
        return index

    def _described(self, noun: Token) -> Mention | None:
        found = None
        body = noun.lemma_.lower() in body_nouns()  # "the military": a body, not its officer
        for i, m in self.roles.get(_role_word(noun), []):
            if i < noun.i and not (body and m.type == "PERSON"):
                found = m
        return found

    def _role_tokens(self, m: Mention) -> list[Token]:
        doc = self.doc
        head = doc[m.end - 1]
        tokens: list[Token] = []
        i = m.start  # pre-modifiers: "Pentagon spokesperson", "NATO Secretary-General"
        while i > 0:
            prev = doc[i - 1]
            if prev.dep_ not in _ROLE_DEPS or not i - 1 < prev.head.i < m.end:
                break
            i -= 1
        while i < m.start and (doc[i].dep_ == "det" or doc[i].is_punct):
            i += 1
        tokens.extend(doc[i:m.start])
        for child in head.children:  # apposition: "Andriy Yermak, chief of staff to ..."
            if child.dep_ == "appos" and child.i > head.i and child.pos_ == "NOUN":
                tokens.extend(doc[child.left_edge.i:child.right_edge.i + 1])
        if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i < m.start:
            h = head.head  # "North Korea's foreign minister, Choe Son-hui"
            tokens.extend(doc[h.left_edge.i:h.i + 1])
        return tokens

    def _role(self, m: Mention) -> str | None:
        return self._mention_role(m) or self.known_roles.get(m.entity_id or m.name)

    def _mention_role(self, m: Mention) -> str | None:
        if m.type != "PERSON":
            return None
        toks = [t for t in self._role_tokens(m)
                if not (t.dep_ == "det" and t.lower_ in ("the", "a", "an"))]
        if not toks:
            return None
        text = self.doc[toks[0].i:toks[-1].i + 1].text.strip(" ,")
        return text or None

    # -- helpers ----------------------------------------------------------------------
    def _named_appositive(self, tok: Token) -> Token:
        """"The minister, Choe Son-hui, said": the named appositive is the speaker; also
        when the parser hangs the name on the role's complement ("the leader of the BBOG
        movement, Florence Ozor, said")."""
        own = self.by_token.get(tok.i)
        if own is not None and own.type in ("GPE", "LOC") and tok.dep_ == "nsubj":
            located = self._located(own)
            if located is not None:
                return located
        if own is not None and own.type != "PERSON" and tok.dep_ == "nsubj":
            person = self._coordinated_person(tok, own)
            if person is not None:
                return person
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.by_token:
            titled = self._titled_name(tok)
            if titled is not None:
                return titled
            for child in tok.children:
                m = self.by_token.get(child.i)
                if child.dep_ == "appos" and m is not None and m.type == "PERSON":
                    return self.doc[m.end - 1]
                if child.dep_ in ("appos", "compound") and child.i > tok.i and m is not None \
                        and m.type in ("ORG", "NORP") and tok.lower_ in _GROUP_NOUNS:
                    return self.doc[m.end - 1]  # "the militant group al-Shabab said"
                if child.dep_ == "acl" and child.lemma_ in ("know", "call", "name") \
                        and tok.lower_ in _GROUP_NOUNS:
                    name = self._name_given(child)  # "The aid group, known by its French
                    if name is not None:  # acronym MSF, reports"
                        return name
            for other in tok.head.children:  # "Air Force Chief of Staff, General Dave
                m = self.by_token.get(other.i)  # Goldfein said": two subjects, one named
                if other.i > tok.i and other.dep_ == tok.dep_ == "nsubj" and m is not None \
                        and (m.type == "PERSON" or m.type in ("ORG", "NORP")
                             and tok.lower_ in _GROUP_NOUNS):
                    return self.doc[m.end - 1]
            for inner in tok.subtree:
                m = self.by_token.get(inner.i)
                if inner.dep_ == "appos" and inner.i > tok.i and m is not None \
                        and m.type == "PERSON" and self.doc[m.start - 1].text == "," \
                        and all(t.is_punct for t in
                                self.doc[inner.right_edge.i + 1:tok.right_edge.i + 1]):
                    return self.doc[m.end - 1]  # the name closes the role's phrase
        return tok

    def _located(self, place: Mention) -> Token | None:
        """"The ministry in Munich, Germany confirmed": the parser made the country the
        subject; the body placed "in City, Country" is the speaker."""
        comma = place.start - 1
        if comma < 2 or self.doc[comma].text != ",":
            return None
        city = self.by_token.get(comma - 1)
        if city is None or city.type not in ("GPE", "LOC"):
            return None
        prep = self.doc[city.end - 1].head
        body = prep.head
        named = self.by_token.get(body.i)
        if self.doc[city.end - 1].dep_ != "pobj" or prep.lower_ not in ("in", "at") \
                or named is None or named.type not in ("ORG", "PERSON") or body.i > prep.i:
            return None
        return self.doc[named.end - 1]

    def _titled_name(self, title: Token) -> Token | None:
        """"President of Argentina Alberto Fernández announced": the parser made the title
        the subject and hung the name, glued to the country's, on "of"."""
        if title.lemma_.lower() not in title_nouns() | person_nouns():
            return None
        for prep in title.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                m = self.by_token.get(obj.i)
                if obj.dep_ != "pobj" or m is None or m.type != "PERSON" \
                        or m.end - 1 != obj.i or m.end - 1 != title.right_edge.i:
                    continue
                before = self.doc[m.start - 1]  # the place or body, no comma between
                if before.i > prep.i and before.pos_ == "PROPN" \
                        and before.ent_type_ in ("GPE", "ORG", "NORP", "LOC"):
                    return obj
        return None

    def _coordinated_person(self, subj: Token, own: Mention) -> Token | None:
        """A subject the parser coordinated with a person: "Houston and Jim Crow Chao said"
        (a section heading run into the sentence: a place does not speak beside a person),
        "The National Institute of Allergy and Infectious Disease's director, Dr. Anthony
        Fauci, said" (the person closes the subject, set off by commas)."""
        for conj in subj.children:  # or an appositive: "said University of California,
            if conj.dep_ not in ("conj", "appos"):  # San Diego's chancellor, Pradeep Khosla"
                continue
            m = self.by_token.get(conj.i)
            if m is not None and m.type == "PERSON" and m.end - 1 == conj.i \
                    and conj.dep_ == "conj" \
                    and own.type in ("GPE", "LOC") and conj.right_edge.i == conj.i:
                return conj
            if conj.pos_ == "NOUN" and conj.lemma_.lower() in title_nouns() | person_nouns():
                for app in conj.children:
                    m = self.by_token.get(app.i)
                    if app.dep_ == "appos" and m is not None and m.type == "PERSON" \
                            and m.end - 1 == app.i and self.doc[app.left_edge.i - 1].text == ",":
                        return app
        return None

    def _name_given(self, participle: Token) -> Token | None:
        """The organisation named by "known as X", "known by its acronym X", "called X"."""
        for prep in participle.children:
            for obj in prep.children if prep.dep_ in ("prep", "agent") else [prep]:
                m = self.by_token.get(obj.i)
                if obj.dep_ in ("pobj", "oprd") and m is not None and m.type == "ORG":
                    return self.doc[m.end - 1]
        return None

    def _np_start(self, tok: Token) -> int:
        """First token of the noun phrase ending at ``tok`` (modifiers, no clauses)."""
        start = tok.i
        while start > 0:
            prev = self.doc[start - 1]
            if prev.tag_ == "HYPH" and start > 1 and start - 2 < self.doc[start - 2].head.i \
                    <= tok.i:  # "military-led": the hyphen's first half too
                start -= 2
                continue
            if prev.dep_ not in _NP_DEPS or not start - 1 < prev.head.i <= tok.i:
                break
            start -= 1
        return start


_GROUP_NOUNS = frozenset({"group", "organization", "organisation", "charity", "agency",
                          "movement", "militia", "company", "firm", "party", "coalition",
                          "alliance", "network", "union", "association", "foundation"})
_PRESS = frozenset({"reporter", "journalist", "correspondent"})
_SAME_ROLE = {"chief": "head", "spokesman": "spokesperson",
              "spokeswoman": "spokesperson"}
_SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative"})
_NAME_GLUE = frozenset({"of", "for", "without", "and", "de", "the"})


def _surnames(doc: Doc, entities: list[Entity], found: list[Mention]) -> list[Mention]:
    """A lone surname the tagger missed ("Countryman sees the move ..." after "Thomas
    Countryman"): a proper noun, alone, equal to the last word of exactly one person's
    name seen before it."""
    covered = {i for m in found for i in range(m.start, m.end)}
    first_seen = {m.entity_id: m.start for m in sorted(found, key=lambda m: -m.start)}
    last_words: dict[str, list[Entity]] = {}
    for e in entities:
        words = e.name.split()
        if e.type == "PERSON" and len(words) > 1:
            last_words.setdefault(words[-1], []).append(e)
    out = []
    for tok in doc:
        people = last_words.get(tok.text, [])
        if tok.i in covered or tok.pos_ != "PROPN" or len(people) != 1:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" or tok.i > 0 \
                and doc[tok.i - 1].pos_ == "PROPN" and not _title(doc[tok.i - 1]):
            continue  # part of a longer name, not "President Trump"
        e = people[0]
        if first_seen.get(e.id, len(doc)) < tok.i:
            out.append(Mention(tok.i, tok.i + 1, e.id, e.name, "PERSON"))
    return out


def _title(tok: Token) -> bool:
    """A capitalised title before a name ("President", "Senator", "Gen.")."""
    return tok.text[:1].isupper() and tok.lower_.rstrip(".") in title_nouns() | person_nouns()


def person_nouns() -> frozenset[str]:
    """Head nouns of unnamed people ("official", "spokesman", "envoy")."""
    return _source_nouns("person")


def title_nouns() -> frozenset[str]:
    """Titles of office holders ("president", "director", "head"): "the president" names
    the holder introduced before, not an unnamed source."""
    return _source_nouns("title")


def outlet_nouns() -> frozenset[str]:
    """Common nouns of news outlets ("media", "newspaper"), lower-cased."""
    return frozenset(w for w in _source_nouns("outlet") if w.islower())


def body_nouns() -> frozenset[str]:
    """Head nouns of bodies ("the military", "the ministry", "the campaign")."""
    return _source_nouns("group") | _source_nouns("institution")


@lru_cache(maxsize=4)
def _source_nouns(kind: str) -> frozenset[str]:
    """Head nouns of ``data/source_nouns.tsv`` of one kind."""
    rows = [line.split("\t") for line in read_text("source_nouns.tsv").splitlines()
            if line.strip() and not line.startswith("#")]
    return frozenset(r[0].strip().lower() for r in rows
                     if len(r) > 1 and r[1].strip() == kind)


def _proper_run(doc: Doc, tok: Token) -> tuple[int, int]:
    """The run of proper nouns around ``tok``, joined by "of", "Without" ...: a name the
    tagger split or missed."""
    lo = tok.i
    while lo > 0 and doc[lo - 1].pos_ == "PROPN":
        lo -= 1
    hi = tok.i + 1
    while hi < len(doc):
        if doc[hi].pos_ == "PROPN":
            hi += 1
        elif doc[hi].lower_ in _NAME_GLUE and hi + 1 < len(doc) \
                and doc[hi + 1].pos_ == "PROPN" and doc[hi].text[:1].isupper():
            hi += 2
        else:
            break
    return lo, hi


def _body_possessed(noun: Token) -> bool:
    """"The agency's chief": a role of a body named before, as definite as "the chief"."""
    return any(c.dep_ == "poss" and c.pos_ == "NOUN"
               and any(g.dep_ == "det" and g.lower_ == "the" for g in c.children)
               for c in noun.children)


def _role_word(tok: Token) -> str:
    """A role noun's lemma, one word for the titles news uses interchangeably ("Rafael
    Grossi, head of the IAEA ... the agency's chief")."""
    lemma = tok.lemma_.lower()
    return _SAME_ROLE.get(lemma, lemma)


def _in_controlled_adjunct(tok: Token, pron: Token) -> bool:
    """"Speaking to Martin Smith of PBS, he said": a subjectless participle hung on the
    pronoun's own verb has the pronoun as its subject, so nobody inside it is the
    pronoun's referent."""
    if pron.dep_ not in ("nsubj", "nsubjpass"):
        return False
    for _ in range(6):
        if tok.head.i == tok.i:
            return False
        if tok.tag_ in ("VBG", "VBN") and tok.dep_ == "advcl" and tok.head.i == pron.head.i:
            return not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        tok = tok.head
    return False


def _chars(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _mentions(doc: Doc, entities: list[Entity], token_entity: dict[int, str]) -> list[Mention]:
    """Entity mentions from the entities extractor, else spaCy's ``doc.ents``."""
    out: list[Mention] = []
    if entities:
        by_id = {e.id: e for e in entities}
        for e in entities:
            for mention in e.mentions:
                span = doc.char_span(mention.span[0], mention.span[1], alignment_mode="expand")
                if span is not None and len(span):
                    out.append(Mention(span.start, span.end, e.id, e.name, e.type))
        for i, eid in token_entity.items():  # tokens the mentions list did not cover
            e = by_id.get(eid)
            if e is not None and not any(m.start <= i < m.end for m in out):
                out.append(Mention(i, i + 1, eid, e.name, e.type))
        out += _surnames(doc, entities, out)
        return sorted(out, key=lambda m: m.start)
    persons: list[str] = []
    for ent in doc.ents:
        name, label = ent.text, ent.label_
        if ent.label_ == "PERSON" and len(ent) > 1:
            persons.append(name)
        if len(ent) == 1:  # "Singh" after "Sabrina Singh", whatever label the tagger chose
            full = next((p for p in reversed(persons) if p.split()[-1] == name), None)
            if full is not None:
                name, label = full, "PERSON"
        etype = label if label in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC") else "OTHER"
        out.append(Mention(ent.start, ent.end, None, name, etype))
    return out
