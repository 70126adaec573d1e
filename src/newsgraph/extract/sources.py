"""Anonymous and collective sources as entities, and chains of attribution.

A post-pass over the quotes the ``quotes`` extractor found:

* chains: "The outlets cited unnamed sources as saying ...", "X quoted Y as saying ...",
  "Y was quoted by X as saying ...", "X reported, citing Y, ...", "according to Y, cited
  by X", "Y told Reuters ..." and an attribution reported inside another one ("X reported
  that Y said ...") make the innermost source the speaker and put the intermediaries in
  ``Quote.via``, outermost first;
* sources: a speaker that names nobody but describes a source ("a North Korean foreign
  ministry official", "Western intelligence sources", "state media") becomes an entity
  with its ``description``, ``affiliation`` (country from the actor dictionary, sector
  words from ``data/source_nouns.tsv``) and ``anonymous`` flag. The same description again,
  or a definite one made of its words ("the official"), is the same entity. A named
  organisation that speaks keeps its entity and gains an affiliation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from spacy.tokens import Doc, Span, Token

from newsgraph.attribution.speakers import SpeakerResolver
from newsgraph.attribution.syntax import subject_of
from newsgraph.data import country_alias_rows, read_text, word_list
from newsgraph.doctext import doc_text, sentence
from newsgraph.events.actors import ActorDictionary, ActorEntry, load_actors
from newsgraph.extract import Context, extractor
from newsgraph.extract.quotes import drop_nested, quote_basis, speaker_resolver
from newsgraph.schema import Entity, Mention, Quote, Speaker

_CHAIN_VERBS = word_list("cues.chain")
_NESTING_CUES = word_list("cues.nesting")
_PRONOUNS = word_list("pronouns.third_person")
_DEFINITE = word_list("determiners.definite")
_ANOTHER = word_list("determiners.another")
_INDEFINITE = word_list("determiners.indefinite")
_AFFIL_PREPS = frozenset({"for", "at", "in", "with", "from", "of", "to", "within", "inside"})
_LINKED = {"close": "to", "familiar": "with"}  # "close to X" is an affiliation, "familiar
# with X" is not: it is kept in the description only
_COUNTRY_KINDS = frozenset({"country", "demonym", "alias", "capital"})
_SECTOR_WORDS = {"GOV": "government", "MIL": "military", "SPY": "intelligence",
                 "MED": "media", "JRN": "journalists", "COP": "police", "JUD": "judiciary",
                 "LEG": "legislature", "PTY": "party", "BUS": "business", "REB": "rebels",
                 "OPP": "opposition"}
_HEAD_KINDS = frozenset({"person", "group", "institution", "outlet"})
_BODIES = frozenset({"institution", "outlet"})  # the head noun is part of the affiliation


@dataclass(frozen=True)
class SourceWords:
    heads: dict[str, str]  # lower-cased head noun -> person | group | institution | outlet
    outlets: frozenset[str]  # named news organisations, lower-cased
    modifiers: ActorDictionary  # sector and bloc words, longest match


@lru_cache(maxsize=1)
def source_words() -> SourceWords:
    text = read_text("source_nouns.tsv")
    heads: dict[str, str] = {}
    outlets: set[str] = set()
    modifiers: list[ActorEntry] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, kind = (c.strip() for c in line.split("\t")[:2])
        if kind in ("sector", "bloc"):
            modifiers.append(ActorEntry(word, None, None, kind))
        elif kind == "outlet" and word[:1].isupper():
            outlets.add(word.lower())
        elif kind in _HEAD_KINDS:
            heads[word.lower()] = kind
    return SourceWords(heads, frozenset(outlets), ActorDictionary(modifiers))


@lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    """The common English name of an ISO alpha-3 code: "North Korea", "Russian Federation"."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if any(formal in name for formal in (",", "Federation", "Republic")):
        name = _plain_aliases().get(code, name)  # "Russian Federation" -> "Russia"
    return name.split(",")[0]  # "Palestine, State of" -> "Palestine"


@lru_cache(maxsize=1)
def _plain_aliases() -> dict[str, str]:
    """Code -> its first spelled-out alias in ``data/country_aliases.tsv`` ("Russia")."""
    out: dict[str, str] = {}
    for alias, code in country_alias_rows():
        if not alias.replace(" ", "").isalpha() or alias.isupper():
            continue
        out.setdefault(code, alias)
    return out


@extractor("sources")
def extract_sources(ctx: Context) -> None:
    sources = _Sources(ctx)
    for quote in ctx.document.quotes:
        sources.local_chain(quote)
    sources.nested_chains()
    ctx.document.quotes = drop_nested(ctx.document.quotes)  # speakers are final now
    for quote in ctx.document.quotes:
        for speaker in ([quote.speaker] if quote.speaker else []) + quote.via:
            sources.link(speaker)


# -- chains ------------------------------------------------------------------------------
class _Sources:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.doc: Doc = ctx.doc
        self.words = source_words()
        self._resolver: SpeakerResolver | None = None
        self.entities = _Registry(ctx)
        self.cues = {id(q): self._token(q.cue.span if q.cue else None) for q in ctx.document.quotes}
        # "citing"/"quoting" participles: few, so found once per article
        lowered = doc_text(self.doc).lower()
        self.citing = [t for t in self.doc if t.tag_ == "VBG"
                       and t.lemma_.lower() in _CHAIN_VERBS] \
            if "citing" in lowered or "quoting" in lowered else []

    @property
    def resolver(self) -> SpeakerResolver:
        """The quotes extractor's speaker resolver, built only when a chain needs it."""
        if self._resolver is None:
            self._resolver = speaker_resolver(self.ctx, set(quote_basis(self.ctx).cues))
        return self._resolver

    def _token(self, span: tuple[int, int] | None) -> Token | None:
        if span is None:
            return None
        found = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        return found[0] if found is not None and len(found) else None

    def local_chain(self, quote: Quote) -> None:
        """Speaker and intermediaries from the syntax around the quote's own cue."""
        cue = self.cues.get(id(quote))
        if cue is None:
            return
        cited = self._cited_as(cue)
        if cited is not None:
            inner, outer = cited
            quote.via = [self.resolver.resolve(outer)] if outer is not None else []
            quote.speaker = self.resolver.resolve(inner)
        elif (inner := self._citing(cue, quote)) is not None:
            # the cue's own subject ("X reported, citing Y") passes the claim on
            quote.via = [quote.speaker] if quote.speaker is not None else []
            quote.speaker = self.resolver.resolve(inner)
        speaker_head = self._head(quote.speaker)
        if speaker_head is not None:
            by = _cited_by(speaker_head)  # "according to sources cited by the newspaper"
            if by is not None:
                quote.via = [self.resolver.resolve(by)]
        if cue.lemma_ == "tell" and quote.speaker is not None and not quote.via:
            told = next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)
            if told is not None and self._is_outlet(told):
                quote.via = [self.resolver.resolve(told)]  # "an official told Reuters"

    def _cited_as(self, cue: Token) -> tuple[Token, Token | None] | None:
        """(Y, X) in "X cited/quoted Y as saying", "Y was quoted by X as saying"."""
        verb = None
        if cue.dep_ == "pcomp" and cue.head.lower_ == "as":
            verb = cue.head.head
        elif cue.dep_ in ("advcl", "xcomp", "oprd", "acl"):
            verb = cue.head if cue.dep_ != "acl" else cue.head.head
        if verb is None or verb.lemma_.lower() not in _CHAIN_VERBS:
            return None
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            agent = next((g for c in verb.children if c.dep_ == "agent"
                          for g in c.children if g.dep_ == "pobj"), None)
            return passive, agent
        outer = subject_of(verb, self.resolver.cue_verbs)
        if cue.dep_ == "acl":  # "X quoted sources saying ...", not "cited figures showing"
            return (cue.head, outer) if cue.head.dep_ == "dobj" and self._is_source(cue.head) \
                else None
        inner = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return (inner, outer) if inner is not None else None

    def _citing(self, cue: Token, quote: Quote) -> Token | None:
        """Y in "X reported, citing Y, that ..." when Y is a source, not a reason."""
        if quote.speaker is None or not self.citing:
            return None
        if cue.lemma_.lower() in _CHAIN_VERBS:  # "citing" took the claim as its own content
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            inside = obj is not None and quote.span[0] <= obj.idx < quote.span[1]
            return obj if obj is not None and not inside and self._is_source(obj) else None
        sent = sentence(cue)
        for part in self.citing:
            # "..., citing Y." closing the sentence is the reporter's, wherever it hangs
            closing = (cue.i < part.i < sent.end and self.doc[part.i - 1].text == ","
                       and part.dep_ in ("advcl", "xcomp", "conj"))
            if part.head.i == cue.i or closing:
                obj = next((c for c in part.children if c.dep_ == "dobj"), None)
                if obj is not None and self._is_source(obj):
                    return obj
        return None

    def nested_chains(self) -> None:
        """An attribution inside what another one reports is reported by its speaker."""
        quotes = sorted(self.ctx.document.quotes, key=lambda q: q.span[0] - q.span[1])
        done: list[Quote] = []
        for quote in quotes:
            outer = self._enclosing(quote, done)
            if outer is not None and outer.speaker is not None and quote.speaker is not None \
                    and self._anaphoric(quote.speaker, outer.speaker):
                if quote.speaker.name.lower() in _PRONOUNS:  # "it" left unresolved
                    quote.speaker = outer.speaker.model_copy(update={"span": quote.speaker.span})
            elif outer is not None and outer.speaker is not None and quote.speaker is not None:
                chain = outer.via + [outer.speaker]
                keep = [s for s in quote.via if not any(_same(s, c) for c in chain)]
                chain = [s.model_copy() for s in chain if not _same(s, quote.speaker)]
                if keep and chain and self._refers_back(chain[-1]):
                    chain.pop()  # "told Reuters ..., the agency reported": one outlet
                quote.via = chain + keep
            done.append(quote)

    def _anaphoric(self, inner: Speaker, outer: Speaker) -> bool:
        """"The group claimed ... which it said ...": a pronoun inside an unnamed source's
        report is that source, whatever name the pronoun was resolved to."""
        head = self._head(inner)
        return (head is not None and head.lower_ in _PRONOUNS and outer.entity_id is None
                and (self._head(outer) is None or self._head(outer).lower_ not in _PRONOUNS))

    def _cites(self, quote: Quote) -> bool:
        cue = self.cues.get(id(quote))
        return cue is not None and cue.lemma_.lower() in _CHAIN_VERBS

    def _speech(self, quote: Quote) -> bool:
        cue = self.cues.get(id(quote))  # the lemma of "according" is "accord"
        return cue is not None and (cue.lemma_.lower() in _NESTING_CUES
                                    or cue.lower_ in _NESTING_CUES)

    def _refers_back(self, speaker: Speaker) -> bool:
        """"the agency", "the newspaper": a definite outlet, the one just named."""
        head = self._head(speaker)
        return (head is not None and speaker.entity_id is None
                and self.words.heads.get(_lemma(head)) in _BODIES
                and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children))

    def _enclosing(self, quote: Quote, outers: list[Quote]) -> Quote | None:
        """The narrowest indirect quote holding this one's cue; both cues must report speech
        ("X reported that Y said"), not intentions or actions ("X said Y wants ...")."""
        if not self._speech(quote) or quote.cue is None or self._cites(quote):
            return None  # "..., citing Y": Y is a source named, not a claim reported
        cue = self.cues.get(id(quote))
        if cue is not None and cue.tag_ in ("VB", "VBG"):
            return None  # "waiting for the court to announce": nothing said yet
        start, end = quote.cue.span
        best = None
        for outer in outers:
            if outer.kind != "indirect" or not self._speech(outer):
                continue
            if outer.cue is None or outer.cue.span == quote.cue.span:
                continue
            if outer.span[0] <= start and end <= outer.span[1]:
                if best is None or outer.span[1] - outer.span[0] < best.span[1] - best.span[0]:
                    best = outer
        return best

    # -- what a phrase is ----------------------------------------------------------------
    def _head(self, speaker: Speaker | None) -> Token | None:
        if speaker is None or speaker.span is None:
            return None
        span = self.doc.char_span(*speaker.span, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _is_outlet(self, tok: Token) -> bool:
        """A news organisation: named ("Reuters", "The New York Times") or described ("the
        newspaper", "a private news channel"); bare "media" is an audience, like reporters."""
        phrase = _phrase_text(self.doc, tok).lower()
        if any(phrase == o or phrase.endswith(" " + o) for o in self.words.outlets):
            return True
        return self.words.heads.get(_lemma(tok)) == "outlet" and (
            tok.pos_ == "PROPN" or any(c.dep_ in ("det", "poss") for c in tok.children))

    def _is_source(self, tok: Token) -> bool:
        if tok.lower_ in _PRONOUNS or self._is_outlet(tok):
            return True
        if _lemma(tok) in self.words.heads:
            return True
        eid = self.ctx.token_entity.get(tok.i)
        kinds = {e.id: e.type for e in self.ctx.document.entities}
        return kinds.get(eid or "") in ("PERSON", "ORG", "NORP")

    # -- sources -------------------------------------------------------------------------
    def link(self, speaker: Speaker) -> None:
        """Give ``speaker`` its source entity, made or enriched here."""
        if speaker.entity_id is not None:
            self.entities.enrich(speaker.entity_id)
            return
        phrase = self._phrase(speaker)
        if phrase is None:
            return
        entity = self.entities.source(phrase)
        if entity is not None:
            speaker.entity_id = entity.id
            speaker.name = entity.name
            speaker.unresolved = False

    def _phrase(self, speaker: Speaker) -> Span | None:
        """The describing noun phrase: the speaker's own, or a pronoun's antecedent."""
        span = self.doc.char_span(*speaker.span, alignment_mode="expand") \
            if speaker.span else None
        if span is None or not len(span):
            return None
        if len(span) == 1 and span[0].lower_ in _PRONOUNS:
            # the resolver named an unnamed antecedent: find it before the pronoun
            at = doc_text(self.doc).rfind(speaker.name, 0, speaker.span[0])
            if speaker.name.lower() in _PRONOUNS or at < 0:
                return None
            span = self.doc.char_span(at, at + len(speaker.name), alignment_mode="expand")
            if span is None or not len(span):
                return None
        head = span.root
        if head.pos_ not in ("NOUN", "PROPN") or _lemma(head) not in self.words.heads:
            return None
        # the whole phrase, owner included: "North Korea's official news agency"
        start = min([span.start, _np_start(head)] + [
            c.left_edge.i for c in head.lefts if c.dep_ in ("poss", "det", "amod", "compound")])
        return self.doc[_after_breaks(self.doc, start, head.i):_np_end(head)]


def _after_breaks(doc: Doc, start: int, head: int) -> int:
    """Where the phrase starts after a line break, dateline dash or time stamp the parser
    hung on it ("BRUSSELS - European leaders", "5:45 p.m.\n\nGary Johnson's doctor")."""
    for i in range(head - 1, start - 1, -1):
        tok = doc[i]
        spaced_dash = tok.text in ("-", "–", "—") and (tok.whitespace_ or i == 0
                                                       or doc[i - 1].whitespace_)
        if tok.is_space or "\n" in tok.text_with_ws or spaced_dash \
                or tok.is_punct and tok.text not in ("-", "–", "'", "’", '"', "“", "”"):
            return i + 1
    return start


def _cited_by(head: Token) -> Token | None:
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in _CHAIN_VERBS:
            return next((g for c in child.children if c.dep_ == "agent"
                         for g in c.children if g.dep_ == "pobj"), None)
    return None


def _same(a: Speaker, b: Speaker) -> bool:
    if a.entity_id and a.entity_id == b.entity_id:
        return True
    return a.name.lower() == b.name.lower()


def _lemma(tok: Token) -> str:
    """Singular lower-case form: "officials" -> "official", "media" stays "media"."""
    words = source_words().heads
    for form in (tok.lower_, tok.lemma_.lower()):
        if form in words:
            return form
    low = tok.lower_
    for cut in ("ies", "es", "s"):
        stem = low[:-len(cut)] + ("y" if cut == "ies" else "")
        if low.endswith(cut) and stem in words:
            return stem
    return tok.lemma_.lower()


def _phrase_text(doc: Doc, tok: Token) -> str:
    return doc[_np_start(tok):tok.i + 1].text


def _np_start(tok: Token) -> int:
    start = tok.i
    while start > 0:
        prev = tok.doc[start - 1]
        if prev.dep_ not in ("compound", "amod", "det", "poss", "case", "nummod", "nmod",
                             "quantmod") or not start - 1 < prev.head.i <= tok.i:
            break
        start -= 1
    return start


def _np_end(head: Token) -> int:
    """End of the phrase with what follows the head and says who the source is ("a spokesman
    for the ministry", "sources close to the Kremlin", "people familiar with the matter"),
    without clauses."""
    end = head.i + 1
    for child in head.rights:
        if child.i != end:
            break
        if child.dep_ == "prep" and child.lower_ in _AFFIL_PREPS and any(
                g.dep_ == "pobj" for g in child.children):
            end = _clause_free_end(child)
        elif child.dep_ == "amod" and child.lower_ in _LINKED and any(
                g.dep_ == "prep" and g.lower_ == _LINKED[child.lower_] for g in child.children):
            end = _clause_free_end(child)
        else:
            break
    return end


def _clause_free_end(tok: Token) -> int:
    """End of ``tok``'s subtree, cut before a comma, dash or relative clause inside it."""
    for t in tok.subtree:
        if t.i > tok.i and (t.is_punct or t.dep_ in ("relcl", "acl", "appos")):
            return t.i
    return tok.right_edge.i + 1


# -- the entities ------------------------------------------------------------------------
@dataclass
class _Known:
    entity: Entity
    key: tuple[str, ...]  # content lemmas, head last
    plural: bool


@dataclass
class _Registry:
    ctx: Context
    known: list[_Known] = field(default_factory=list)
    enriched: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        numbers = [int(e.id[1:]) for e in self.ctx.document.entities
                   if e.id[:1] == "e" and e.id[1:].isdigit()]
        self.next_id = max(numbers, default=0) + 1

    def source(self, phrase: Span) -> Entity | None:
        words = source_words()
        head = phrase.root
        kind = words.heads.get(_lemma(head))
        if kind is None:
            return None
        content = [t for t in phrase if t.dep_ not in ("det", "nummod", "punct", "case")
                   and t.pos_ not in ("DET", "NUM", "PUNCT", "ADP") and t.i != head.i]
        key = tuple(_lemma(t) for t in content + [head])
        plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in ("people", "media", "police")
        first = phrase[0].lower_
        entity = None if first in _ANOTHER else self._find(key, plural, first in _DEFINITE)
        mention = Mention(text=phrase.text, span=(phrase.start_char, phrase.end_char))
        if entity is None and first in _DEFINITE and kind == "person" and not plural:
            return None  # "the senator", "the U.S. leader": someone named, not a new source
        if entity is None:
            entity = self._new(phrase, key, kind, plural)
        if all(m.span != mention.span for m in entity.mentions):
            entity.mentions.append(mention)
            entity.mentions.sort(key=lambda m: m.span)
        return entity

    def _find(self, key: tuple[str, ...], plural: bool, definite: bool) -> Entity | None:
        for known in reversed(self.known):
            if known.plural != plural:
                continue
            if known.key == key:
                return known.entity
            if definite and known.key[-1:] == key[-1:] and set(key) <= set(known.key):
                return known.entity  # "the official" after "a ... foreign ministry official"
        return None

    def _new(self, phrase: Span, key: tuple[str, ...], kind: str, plural: bool) -> Entity:
        start = phrase.start + (phrase[0].dep_ == "det" and len(phrase) > 1)
        name = phrase.doc[start:phrase.end].text
        affiliation = _affiliation(phrase, self.ctx, kind)
        if kind in ("person", "group"):
            anonymous = True
        else:
            indefinite = phrase[0].lower_ in _INDEFINITE or plural and phrase[0].dep_ != "det"
            anonymous = affiliation is None and indefinite
        etype = "PERSON" if kind == "person" and not plural else "ORG"
        entity = Entity(id=f"e{self.next_id}", name=name, type=etype, anonymous=anonymous,
                        description=phrase.text, affiliation=affiliation)
        self.next_id += 1
        self.ctx.document.entities.append(entity)
        self.known.append(_Known(entity, key, plural))
        return entity

    def enrich(self, entity_id: str) -> None:
        """A named organisation that speaks: its country and sector, when the text says."""
        if entity_id in self.enriched:
            return
        self.enriched.add(entity_id)
        entity = next((e for e in self.ctx.document.entities if e.id == entity_id), None)
        if entity is None or entity.type != "ORG" or entity.affiliation or not entity.mentions:
            return
        span = self.ctx.doc.char_span(*entity.mentions[0].span, alignment_mode="expand")
        if span is not None and len(span):
            entity.affiliation = _affiliation(span, self.ctx, "institution", named=True)


# -- affiliation -------------------------------------------------------------------------
def _affiliation(phrase: Span, ctx: Context, kind: str, named: bool = False) -> str | None:
    """Country (with its code), other named owners and sector words given in the phrase:
    "a North Korean foreign ministry official" -> "North Korea (PRK), foreign ministry"."""
    head = phrase.root
    unrelated = {t.i for c in head.rights if c.lower_ == "familiar" for t in c.subtree}
    for c in head.lefts:  # "Libertarian presidential candidate Gary Johnson's doctor"
        if c.dep_ == "poss" and c.i in ctx.token_entity:
            unrelated.update(t.i for t in c.subtree if t.i not in ctx.token_entity)
    tokens = [t for t in phrase if t.dep_ != "det" and t.i not in unrelated
              and (t.i != head.i or kind in _BODIES)]
    words = [t.text for t in tokens]
    parts: list[str] = []
    covered: set[int] = set()
    sectors: list[str] = []
    for s, e, entry in load_actors().matches(words):
        if not entry.code:
            continue
        covered.update(tokens[k].i for k in range(s, e))
        if entry.kind in _COUNTRY_KINDS:
            _add(parts, f"{_country_name(entry.code)} ({entry.code})")
        elif named:  # "Pentagon" speaking: its country and sector, not its own name
            if pycountry.countries.get(alpha_3=entry.code) is not None:
                _add(parts, f"{_country_name(entry.code)} ({entry.code})")
            if entry.sector in _SECTOR_WORDS:
                sectors.append(_SECTOR_WORDS[entry.sector])
        elif entry.kind == "person":
            _add(parts, " ".join(words[s:e]))  # "Trump aides"
        else:
            _add(parts, f"{' '.join(words[s:e])} ({entry.code})")
    if not named:
        _entity_owners(tokens, head, ctx, covered, parts)
    segments: list[list[Token]] = []
    for s, e, entry in source_words().modifiers.matches(words):
        if any(tokens[k].i in covered for k in range(s, e)):
            continue
        if entry.kind == "bloc":
            _add(parts, " ".join(words[s:e]))
        elif segments and segments[-1][-1].i + 1 == tokens[s].i:
            segments[-1].extend(tokens[s:e])  # "foreign" + "ministry" -> "foreign ministry"
        else:
            segments.append(list(tokens[s:e]))
    for seg in segments:
        sectors.append(_sector_text(seg, head, kind, named))
    if not sectors and kind == "group":  # "Iraqi special forces": the actor sector
        sector = load_actors().code([head.text], head=0)
        if sector is not None and sector.sector in ("MIL", "COP", "REB", "SPY"):
            sectors.append(_SECTOR_WORDS[sector.sector])
    for sector in sectors:
        _add(parts, sector)
    return ", ".join(parts) or None


def _sector_text(seg: list[Token], head: Token, kind: str, named: bool) -> str:
    last = seg[-1].i + 1
    if kind in _BODIES and head.i == last and not named:
        last = head.i + 1  # "military intelligence", "state media": the body itself
    span = head.doc[seg[0].i:last]
    return span.text.lower() if all(t.is_lower or t.is_title for t in span) else span.text


def _entity_owners(tokens: list[Token], head: Token, ctx: Context, covered: set[int],
                   parts: list[str]) -> None:
    """Named organisations, groups and people inside the phrase ("Pentagon officials")."""
    by_id = {e.id: e for e in ctx.document.entities}
    seen = {ctx.token_entity.get(i) for i in covered}  # "North Korea's": named already
    for tok in tokens:
        eid = ctx.token_entity.get(tok.i)
        entity = by_id.get(eid or "")
        if tok.i in covered or eid in seen or entity is None or entity.anonymous \
                or tok.i == head.i:
            continue
        if entity.type in ("ORG", "NORP", "PERSON", "GPE"):
            _add(parts, entity.name)
            covered.add(tok.i)


def _add(parts: list[str], part: str) -> None:
    if part and part not in parts:
        parts.append(part)
