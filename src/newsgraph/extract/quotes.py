"""Quotations and reported speech: who said what, through which channel, how sure.

Three kinds of :class:`~newsgraph.schema.Quote`:

* ``direct``: a quotation standing as the reported utterance ('"We will respond," she said').
  ``text``/``span`` cover the words inside the marks, without the marks and without a
  trailing comma that belongs to the reporting sentence; a quote running over several
  paragraphs is one item.
* ``partial``: a quoted fragment inside the writer's sentence ('described it as "very
  dangerous"'); again the words inside the marks.
* ``indirect``: reported speech without marks ("X said that ...", "according to X, ...");
  the span is the reported content (with its "that").

Cues come from the lexicon ``data/cues.tsv``; speakers are the syntactic source of the
cue, resolved to entities by :mod:`newsgraph.attribution.speakers`; statuses come from
:mod:`newsgraph.attribution.status`. A reported attribution nested inside another one is
kept, except when it is hypothetical ("did not say he would deny").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsgraph.attribution.channel import channel_of
from newsgraph.attribution.cuemodel import load_cue_model
from newsgraph.attribution.lexicon import CueEntry, Lexicon, attribution_kind, load_lexicon
from newsgraph.attribution.quotemarks import quote_regions
from newsgraph.attribution.speakers import (
    SpeakerResolver,
    body_nouns,
    outlet_nouns,
    person_nouns,
    title_nouns,
)
from newsgraph.attribution.status import attribution_status, cue_negated
from newsgraph.attribution.syntax import subject_of, subtree_span, trimmed
from newsgraph.data import read_text
from newsgraph.doctext import doc_text, sentence
from newsgraph.extract import Context, extractor
from newsgraph.schema import Cue, Quote, Speaker

_CONTENT_DEPS = ("ccomp", "dobj", "xcomp", "oprd", "attr")
_DIRECT_LEAD = ":,—–-"  # what may stand right before a direct quote's opening mark
# words between a closing mark and its cue: '," said Harry Bond, 30, of Raleigh, N.C., who
# was among those polled, said'; and before an opening mark
_MAX_CUE_AFTER = 20
_MAX_CUE_BEFORE = 30
# no reported clause in news runs this long; longer ones come from run-on text that the
# parser chains into one sentence, where each cue would report the rest of the text
MAX_INDIRECT_TOKENS = 250
_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "will", "should"})
_ADDRESSING = frozenset({"tell", "ask", "urge", "remind", "assure", "inform", "email", "warn",
                         "encourage", "press"})
_TELLING = frozenset({"tell", "inform", "assure", "remind", "ask"})  # object: the hearer
_RAISING = frozenset({"seem", "appear"})  # evidential: the subject is part of the content
_ASPECTUAL = frozenset({"continue", "keep"})  # "continues to grow": no content of its own
_CLAUSAL = frozenset({"find", "see", "know"})  # report a clause, not a thing found or seen
_NAMING = frozenset({"call", "know", "name", "dub", "label"})  # "a group called X"
_STOPS = frozenset({".", "!", "?", ";"})
_MARKS = frozenset({'"', "“", "”", "«", "»", "„", "'", "‘", "’", "``", "''"})
_WORDS = re.compile(r"[\w'’\-]+")
_MINOR = frozenset({"a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "is", "with",
                    "at", "by", "from", "as", "vs", "v"})
_NOT_WORDS = re.compile(r"[\W_]+")


@dataclass
class _Found:
    quote: Quote
    cue_token: int | None
    content: tuple[int, int]  # token range, to spot nested attributions


@extractor("quotes")
def extract_quotes(ctx: Context) -> None:
    ctx.document.quotes = find_quotes(ctx)


@dataclass
class QuoteBasis:
    """What the attribution extractors read of one document, found once for all of them."""

    regions: list[tuple[int, int]]  # quotation regions, marks excluded
    region_of: list[int]  # token index -> its region's index, or -1
    quoted: list[bool]  # token index -> inside quotation marks
    cues: dict[int, CueEntry]  # the lexicon's cue words, before the trained model's say


def quote_basis(ctx: Context) -> QuoteBasis:
    """The document's :class:`QuoteBasis`, built by the first extractor that asks."""
    basis = ctx.memo.get("quote_basis")
    if not isinstance(basis, QuoteBasis):
        doc = ctx.doc
        regions = quote_regions(doc_text(doc))
        region_of = _region_index(doc, regions)
        basis = QuoteBasis(regions, region_of, [r >= 0 for r in region_of],
                           cue_tokens(doc, load_lexicon()))
        ctx.memo["quote_basis"] = basis
    return basis


def speaker_resolver(ctx: Context, cue_verbs: set[int]) -> SpeakerResolver:
    """The document's speaker resolver reading ``cue_verbs``: built once, and again only
    when an extractor has added entities or mentions since (``sources``' anonymous
    sources), so the quotes, the chains and the stances resolve alike."""
    key = tuple((e.id, len(e.mentions)) for e in ctx.document.entities)
    cached = ctx.memo.get("speaker_resolver")
    if isinstance(cached, tuple) and cached[0] == key:
        return cached[1].with_cues(cue_verbs)
    resolver = SpeakerResolver(ctx.doc, ctx.document.entities, ctx.token_entity,
                               quote_basis(ctx).quoted, cue_verbs)
    ctx.memo["speaker_resolver"] = (key, resolver)
    return resolver


def find_quotes(ctx: Context) -> list[Quote]:
    doc, lexicon = ctx.doc, load_lexicon()
    basis = quote_basis(ctx)
    regions, region_of = basis.regions, basis.region_of
    cues = trained_cues(doc, basis.cues, region_of)
    resolver = speaker_resolver(ctx, set(cues))
    found = _quoted(doc, regions, region_of, cues, lexicon, resolver)
    used = {f.cue_token for f in found if f.quote.kind == "direct"}
    walls = sorted(f.content[0] for f in found if f.quote.kind == "direct")
    found += _indirect(doc, region_of, cues, used, walls, lexicon, resolver)
    found += _headline_claims(doc, found, lexicon, resolver)
    found += _document_claims(doc, found, cues, lexicon, resolver)
    found = _adopt_reports(found)
    found = _drop_hypothetical(doc, found, lexicon)
    _carry_speakers(doc, found)
    _document_anaphora(doc, found, resolver, lexicon)
    quotes = [f.quote for f in sorted(found, key=lambda f: f.quote.span)]
    for q in quotes:
        q.segments = [q.span]
    # partial quotes join the indirect quote reporting them here; other nested quotes wait
    # for the chains of attribution (``sources``), which may give them another speaker
    return drop_nested(join_split(doc_text(doc), quotes), partial_only=True)


# -- one quote per quotation -----------------------------------------------------------
def join_split(text: str, quotes: list[Quote]) -> list[Quote]:
    """Join the pieces of one quotation: '"A," he said. "B."' (one cue between the pieces,
    or the second piece carrying on with only marks and spaces between) is one utterance,
    one speaker: one quote whose ``segments`` are the pieces."""
    out: list[Quote] = []
    for q in quotes:
        # the last direct quote, over what sits between the pieces ('"A," he said,
        # referring to X, "B."': the adjunct's own attribution stays apart)
        prev = next((o for o in reversed(out) if o.kind == "direct"), None)
        if prev is not None and any(o.kind == "direct" or o.span[0] < prev.span[1]
                                    for o in out[out.index(prev) + 1:]):
            prev = None
        if prev is not None and _continues(text, prev, q):
            prev.segments = [*prev.segments, *q.segments]
            prev.span = (prev.span[0], q.span[1])
            prev.text = text[prev.span[0]:prev.span[1]]
            continue
        out.append(q)
    return out


def _continues(text: str, prev: Quote, q: Quote) -> bool:
    if prev.kind != "direct" or q.kind != "direct" or prev.span[1] > q.span[0]:
        return False
    if prev.cue is None or q.cue is not None and prev.cue.span != q.cue.span:
        return False
    if not _same_speaker(prev.speaker, q.speaker):
        return False
    gap = (prev.span[1], q.span[0])
    cue_between = gap[0] <= prev.cue.span[0] < gap[1]
    return cue_between or not _bare(text[gap[0]:gap[1]])


def _same_speaker(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None:
        return a is b
    if a.entity_id or b.entity_id:
        return a.entity_id == b.entity_id
    return a.name.lower() == b.name.lower()


def drop_nested(quotes: list[Quote], partial_only: bool = False) -> list[Quote]:
    """No quote inside another quote of the same speaker: a partial inside the indirect
    quote that reports it becomes one of its ``quoted`` spans; anything else nested in a
    quote of the same speaker is dropped. A nested quote with no speaker yet is kept: the
    chain of attribution ("cited sources as saying ...") gives it one later."""
    keep: list[Quote] = []
    for q in quotes:
        if partial_only and q.kind != "partial":
            keep.append(q)
            continue
        outer = next((o for o in quotes if o is not q and _inside(q, o)
                      and q.speaker is not None and _same_speaker(q.speaker, o.speaker)), None)
        if outer is None:
            keep.append(q)
        elif q.kind == "partial" and outer.kind == "indirect":
            outer.quoted = sorted({*outer.quoted, *q.segments})
    return keep


def _inside(q: Quote, o: Quote) -> bool:
    """``q`` lies within ``o``; of two quotes over the same words, the partial one is the
    nested one ('said "nothing will change"' is reported speech quoting its words)."""
    (qs, qe), (os_, oe) = q.span, o.span
    if not any(s <= qs and qe <= e for s, e in o.segments or [o.span]):
        return False  # between the pieces of a split quotation is the writer's text
    if (qs, qe) != (os_, oe):
        return True
    return q.kind == "partial" and o.kind != "partial"


# -- cues ------------------------------------------------------------------------------
def cue_tokens(doc: Doc, lexicon: Lexicon) -> dict[int, CueEntry]:
    """Token index -> lexicon entry for every verb cue and "according to"."""
    out: dict[int, CueEntry] = {}
    for tok in doc:
        if tok.pos_ == "VERB":
            particle = next((c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")
                             and c.i == tok.i + 1), None)
            entry = lexicon.verb(tok.lemma_.lower(), particle)
            if entry is not None:
                out[tok.i] = entry
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicon.nouns and any(
                c.dep_ in ("acl", "ccomp", "appos") and any(g.dep_ == "mark" and g.lower_ == "that"
                                                           for g in c.children)
                for c in tok.children):
            out[tok.i] = lexicon.nouns[tok.lemma_.lower()]  # "his claim that ..."
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicon.nouns \
                and _nominal_object(tok) is not None:
            out[tok.i] = lexicon.nouns[tok.lemma_.lower()]  # "her criticism of the law"
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            entry = lexicon.phrasal.get("according to") or lexicon.verbs.get("say")
            if entry is not None:
                out[tok.i] = entry
    return out


def trained_cues(doc: Doc, cues: dict[int, CueEntry], region_of: list[int]
                 ) -> dict[int, CueEntry]:
    """The candidates the trained cue model keeps: the lexicon finds cue words, the model
    turns down the uses that report nothing ("the DAX added 0.1 per cent")."""
    model = load_cue_model()
    if model is None:
        return cues
    lexicon = load_lexicon()
    # a negated cue ("declined to comment", "refrained from confirming") is a stance
    # PolNeAR seldom marks, so the model learnt little of it: the rules keep it
    return {i: e for i, e in cues.items()
            if model.keeps(doc[i], region_of[i] >= 0) or cue_negated(doc[i], lexicon)}


def _cue(doc: Doc, i: int, entry: CueEntry) -> Cue:
    tok = doc[i]
    end = tok
    if " " in entry.lemma and i + 1 < len(doc):  # "according to", "called for"
        end = doc[i + 1]
    return Cue(text=doc_text(doc)[tok.idx:end.idx + len(end.text)],
               span=(tok.idx, end.idx + len(end.text)))


# -- direct and partial ----------------------------------------------------------------
def _region_index(doc: Doc, regions: list[tuple[int, int]]) -> list[int]:
    """Token index -> index of the quote region holding it, or -1."""
    out = [-1] * len(doc)
    k = 0
    for tok in doc:
        while k < len(regions) and regions[k][1] <= tok.idx:
            k += 1
        if k < len(regions) and regions[k][0] <= tok.idx < regions[k][1]:
            out[tok.i] = k
    return out


def _quoted(doc: Doc, regions: list[tuple[int, int]], region_of: list[int],
            cues: dict[int, CueEntry], lexicon: Lexicon, resolver: SpeakerResolver
            ) -> list[_Found]:
    found: list[_Found] = []
    pending: list[int] = []  # direct quotes with no cue in their sentence
    for k, (start, end) in enumerate(regions):
        inside = doc.char_span(start, end, alignment_mode="expand")
        if inside is None or not len(inside):
            continue
        if _is_title(doc_text(doc)[start:end]):
            continue  # "Orange Is the New Black", "Related:": names, not words spoken
        direct = _is_direct(doc, start, inside)
        if direct and _embedded(inside):
            direct = False  # 'said that after 44 male presidents, "it is time"': partial
        if direct:
            cue_i = _direct_cue(doc, k, regions, inside, region_of, cues)
        else:
            cue_i = _partial_cue(inside, cues)
        if cue_i is None and not direct:
            continue  # scare quotes, titles, or a fragment no cue reports
        if cue_i is None and _appositive(doc, inside):
            continue  # 'her film, "Trainwreck."': an appositive name, nobody speaks
        quote = _make_quote(doc, "direct" if direct else "partial", start, end, inside, cue_i,
                            cues, lexicon, resolver)
        if not direct and quote.speaker is None:
            continue  # "the so-called "plan" was published": nobody is quoted
        found.append(_Found(quote, cue_i, (inside.start, inside.end)))
        if direct and cue_i is None:
            pending.append(len(found) - 1)
    for j in pending:  # a quote standing alone takes its neighbour's speaker
        _inherit(found, j, doc)
    return found


def _is_title(text: str) -> bool:
    """Short Title Case text with no sentence punctuation: a name or a heading."""
    core = text.strip().rstrip(",:")
    if not core or core[-1] in ".!?" or len(core) > 60:
        return False
    words = _WORDS.findall(core)
    if not words or len(words) > 7:
        return False
    capital = [w for w in words if w[0].isupper() or w[0].isdigit()]
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in words):
        return False
    if text.strip().endswith(":"):
        return True
    return len(capital) >= 3 or (len(capital) == len(words) >= 2)


def _is_direct(doc: Doc, start: int, inside: Span) -> bool:
    """Direct when the quote opens its sentence or follows a colon, comma or dash; not after
    a comma or dash when it starts in lower case, carrying on the writer's sentence."""
    text = doc_text(doc)
    mark = start - 2 if text[max(0, start - 2):start] == "''" else start - 1
    sent_start = sentence(inside[0]).start_char
    lead = text[sent_start:max(sent_start, mark)].rstrip().replace("''", '"')
    # text after an earlier quote in the same sentence ('"A," he said, "B."')
    last_mark = max((lead.rfind(m) for m in "\"”»"), default=-1)
    if last_mark >= 0 and lead[:last_mark].count("\"") + sum(lead.count(m) for m in "“«") > 0:
        lead = lead[last_mark + 1:].rstrip()
        return not lead or lead[-1] in _DIRECT_LEAD
    if lead and lead[-1] in ",—–-" and _lowercase_start(text, start):
        return False  # 'asks surrogates to stump for him, "except for people I am close to"'
    return not lead or lead[-1] in _DIRECT_LEAD or _line_start(text, mark)


def _embedded(inside: Span) -> bool:
    """The quotation sits in a clause the writer opened with "that" or "if" before it."""
    tops = [t for t in inside if not inside.start <= t.head.i < inside.end]
    tok = tops[0] if tops else inside.root
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("that", "if") and c.i < inside.start
               for c in anc.children):
            return True
    return False


def _lowercase_start(text: str, start: int) -> bool:
    """The quoted words go on the writer's sentence rather than open an utterance."""
    first = next((ch for ch in text[start:start + 20] if ch.isalpha()), "")
    return first.islower()


def _appositive(doc: Doc, inside: Span) -> bool:
    """The quote follows a comma after a noun ('her film, "Trainwreck."'), not a verb
    ('then boomed, "Today, you proved ..."')."""
    i = inside.start - 1
    while i >= 0 and (doc[i].text in _MARKS or doc[i].is_space):
        i -= 1
    return i >= 1 and doc[i].text == "," and doc[i - 1].pos_ not in ("VERB", "AUX")


def _line_start(text: str, mark: int) -> bool:
    line_start = text.rfind("\n", 0, max(mark, 0)) + 1
    return not text[line_start:mark].strip()


def _direct_cue(doc: Doc, k: int, regions: list[tuple[int, int]], inside: Span,
                region_of: list[int], cues: dict[int, CueEntry]) -> int | None:
    """A reporting verb after the closing mark ('," said X'), else before the opening one.

    The windows end at the writer's own sentence breaks or at another quotation, not at
    the parser's sentence boundaries, which often fall on the marks themselves.
    """
    closed = _closes_sentence(doc_text(doc), regions[k][1])
    before = _cue_before(doc, inside, region_of, cues)
    if closed and before is not None:
        return before  # 'According to NISA, "... ." Soldiers, supported by ...': the cue
        # that opened the quotation, not one in the writer's next sentence
    i, steps = inside[-1].i + 1, 0
    while i < len(doc) and steps <= _MAX_CUE_AFTER:
        tok = doc[i]
        if region_of[i] >= 0 and region_of[i] != k:
            if _nickname(regions[region_of[i]], doc_text(doc)):
                i += 1  # 'state Del. Marcia "Cia" Price ... shouted': part of a name
                continue
            break
        if region_of[i] < 0:
            # "a confederation known as ...": a cue word that names, reports nothing
            if i in cues and _reports(tok, list(tok.children)):
                # '"We are going home." He later wrote that ...': a new sentence whose cue
                # reports content of its own is not this quotation's
                if closed and (any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in tok.children)
                               or tok.lower_ == "according"):
                    break  # '... recognition." According to the CIA World Factbook, ...'
                return i
            if closed and i not in cues and tok.tag_ in ("VBD", "VBZ", "VBP") \
                    and tok.pos_ == "VERB":
                break  # '...gap." In January, Mali withdrew from ...': the writer's sentence
            if tok.text in _STOPS or "\n" in tok.text:
                break
            steps += not tok.is_punct
        i += 1
    return before


def _cue_before(doc: Doc, inside: Span, region_of: list[int], cues: dict[int, CueEntry]
                ) -> int | None:
    """A reporting verb before the opening mark, within the writer's sentence."""
    i = inside[0].i - 1
    while i >= 0 and (doc[i].text in _MARKS or doc[i].is_space):
        i -= 1
    steps = 0
    while i >= 0 and steps <= _MAX_CUE_BEFORE:
        tok = doc[i]
        if region_of[i] >= 0 or tok.text in _STOPS or ("\n" in tok.text and steps):
            break
        if i in cues and not _relaying_aside(tok):
            return i
        steps += 1
        i -= 1
    return None


def _relaying_aside(cue: Token) -> bool:
    """"X said - as reported by Y - '...'": an aside naming who relayed the words, not
    their speaker's cue."""
    return cue.dep_ == "advcl" and cue.tag_ == "VBN" \
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)


def _nickname(region: tuple[int, int], text: str) -> bool:
    """A quoted word or two inside a name ('Marcia "Cia" Price'), not a quotation."""
    inner = text[region[0]:region[1]]
    return len(inner) <= 20 and len(inner.split()) <= 2 and inner[:1].isupper() \
        and not any(ch in inner for ch in ".,!?;:")


def _closes_sentence(text: str, end: int) -> bool:
    """The quotation ends with a full stop inside its marks and the next word starts a
    sentence: what follows is not its reporting clause."""
    inner = text[:end].rstrip()
    after = text[end:end + 40].lstrip("\"”»'’ \t")
    return inner.endswith(".") and not inner.endswith("..") and bool(after) \
        and (after[0].isupper() or after[0] == "\n")


def _partial_cue(inside: Span, cues: dict[int, CueEntry]) -> int | None:
    """The reporting verb the fragment hangs from: 'described the situation as "..."'."""
    tops = [t for t in inside if not inside.start <= t.head.i < inside.end or t.head.i == t.i]
    tok = tops[0] if tops else inside.root
    came_as = ""
    for _ in range(8):
        if tok.i in cues and not inside.start <= tok.i < inside.end:
            # the quoted words must be what the cue reports, not its subject
            return None if came_as in ("nsubj", "nsubjpass", "csubj") else tok.i
        if tok.head.i == tok.i:
            break
        came_as = tok.dep_
        tok = tok.head
    return None


def _inherit(found: list[_Found], j: int, doc: Doc) -> None:
    """Give a cue-less direct quote the source of the direct quote it continues.

    '"A," Barkley said. "B."' share a source, and so does a quotation carried on in the
    next paragraph (one quote region already). A quote separated from its neighbour by the
    writer's own words, or opening a new paragraph after a closed quotation, does not: its
    speaker stays unknown rather than borrowed from the previous quote.
    """
    me = found[j].quote
    text = doc_text(doc)
    if j > 0:
        prev = found[j - 1].quote
        if prev.kind == "direct" and prev.speaker is not None \
                and "\n" not in text[prev.span[1]:me.span[0]]:
            gap = text[prev.span[1]:me.span[0]]
            cue = prev.cue
            after_cue = cue is not None and prev.span[1] <= cue.span[0] < me.span[0] \
                and not _bare(text[_sentence_end(doc, cue.span[0]):me.span[0]])
            if not _bare(gap) or after_cue:  # marks only, or nothing past the cue's sentence
                _take_source(me, prev)
                return
    if j + 1 < len(found):
        nxt = found[j + 1].quote
        if nxt.kind == "direct" and nxt.speaker is not None:
            gap = text[me.span[1]:nxt.span[0]]
            if not _bare(gap) and "\n" not in gap:
                _take_source(me, nxt)


def _sentence_end(doc: Doc, char: int) -> int:
    """End of the sentence holding ``char``, or ``char`` itself when it starts the quote."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return sentence(span[0]).end_char if span is not None and len(span) else char


def _carry_speakers(doc: Doc, found: list[_Found]) -> None:
    """A direct quote still without a speaker ('Adding, "..."', or a quote paragraph after
    'Stone told reporters:') takes the speaker of the attribution in the sentence just
    before it, when nothing but that sentence's own paragraph lies between, or that
    paragraph ends on a colon announcing the quotation. A quote paragraph after a paragraph
    that closed its attribution stays without a speaker: the previous speaker is no
    default."""
    text = doc_text(doc)
    sent_of = {}
    for k, sent in enumerate(doc.sents):
        sent_of[sent.start] = k
    ordered = sorted(found, key=lambda f: f.quote.span)
    last: tuple[int, Quote] | None = None  # (sentence index, quote) of the latest speaker
    for f in ordered:
        q = f.quote
        span = doc.char_span(q.span[0], q.span[1], alignment_mode="expand")
        if span is None or not len(span):
            continue
        first = sent_of.get(sentence(span[0]).start, -1)
        if q.kind == "direct" and q.speaker is None and last is not None \
                and 0 <= first - last[0] <= 1 and _announced(text, last[1], q):
            q.speaker = last[1].speaker.model_copy() if last[1].speaker else None
        if q.speaker is not None:
            last_tok = span[-1]
            cue_sent = first if f.cue_token is None else sent_of.get(
                sentence(doc[f.cue_token]).start, first)
            last = (max(cue_sent, sent_of.get(sentence(last_tok).start, first)), q)


def _document_anaphora(doc: Doc, found: list[_Found], resolver: SpeakerResolver,
                       lexicon: Lexicon) -> None:
    """A document cited with no issuer ("according to the report", "the website adds", "a
    statement said") is the one the source just cited: the same noun, or the organisation
    or named document cited in this sentence or the one before (the three before for "the
    report": "According to the Global Terrorism Index 2025, ... According to the report,
    ..."). A person's words are no document, and nothing further back counts."""
    ordered = sorted(found, key=lambda f: f.quote.span)
    for j, f in enumerate(ordered):
        if f.quote.speaker is not None or f.cue_token is None:
            continue
        named = _document_named(doc[f.cue_token], resolver, lexicon)
        if named is None:
            continue
        noun, definite = named
        lowest = sentence(noun).start
        for _ in range(3 if definite else 1):
            if lowest > 0:
                lowest = sentence(doc[lowest - 1]).start
        earlier = [p for p in ordered[:j] if p.cue_token is not None
                   and lowest <= p.cue_token < f.cue_token]
        for prev in sorted(earlier, key=lambda p: -p.cue_token):  # the latest cited first
            cue, speaker = doc[prev.cue_token], prev.quote.speaker
            if speaker is None or speaker.unresolved:
                continue
            if cue.lemma_.lower() == noun.lemma_.lower() \
                    or _channel_head(prev.quote.channel) == noun.lower_ \
                    or _cited_body(speaker, resolver):
                f.quote.speaker = speaker.model_copy()
                break
        if f.quote.speaker is None:
            issuer = _issued_before(noun, lowest, definite)
            if issuer is not None:
                f.quote.speaker = resolver.resolve(issuer)


def _issued_before(noun: Token, lowest: int, definite: bool) -> Token | None:
    """"The ministry issued a statement on Monday. The statement said ...": who issued the
    same kind of document in the sentences before; for a definite one, also who the same
    document was named for ("the Vietnam Investment Review news website says ... the
    website adds")."""
    for i in range(noun.i - 1, lowest - 1, -1):
        tok = noun.doc[i]
        if tok.lemma_ != noun.lemma_:
            continue
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _ISSUING:
            return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        issuer = _issuer(tok) if definite else None
        if issuer is not None:
            return issuer
    return None


def _channel_head(channel: str | None) -> str | None:
    """The last word of a channel phrase ("the ... Vietnam Investment Review news
    website" -> "website")."""
    words = channel.split() if channel else []
    return words[-1].lower() if words else None


def _cited_body(speaker: Speaker, resolver: SpeakerResolver) -> bool:
    """The speaker is an organisation, a place's authorities or a named document
    ("the White House", "the Global Terrorism Index 2025"), not a person nor a common
    noun ("analysts")."""
    if speaker.span is None or not speaker.name[:1].isupper():
        return False
    span = resolver.doc.char_span(speaker.span[0], speaker.span[1], alignment_mode="expand")
    if span is None or not len(span):
        return False
    mention = resolver.by_token.get(span[-1].i)
    if mention is not None:
        return mention.type in ("ORG", "GPE", "NORP", "OTHER")
    return span[-1].pos_ == "PROPN" and span[-1].ent_type_ != "PERSON"


def _document_named(cue: Token, resolver: SpeakerResolver, lexicon: Lexicon
                    ) -> tuple[Token, bool] | None:
    """The document a cue cites with no issuer ("according to the report", "a statement
    said") and whether it is definite, or None."""
    noun = _speaker_token(cue, resolver)
    if noun is None or noun.pos_ != "NOUN" or _issuer(noun) is not None:
        return None
    lemma = noun.lemma_.lower()
    if lemma not in lexicon.channels and speaker_nouns().get(lemma) != "document":
        return None
    dets = {c.lower_ for c in noun.children if c.dep_ == "det"}
    if "the" in dets:
        return noun, True
    return (noun, False) if dets & {"a", "an"} else None


def _announced(text: str, source: Quote, quote: Quote) -> bool:
    """The text ties ``quote`` to ``source``'s attribution: same paragraph, or the
    paragraph before the quotation ends on a colon ("Stone told reporters:")."""
    end = max(source.span[1], source.cue.span[1] if source.cue else 0)
    between = text[end:quote.span[0]]
    if "\n" not in between:
        return True
    own, _, rest = between.partition("\n")  # the source's paragraph, then the next ones
    return own.rstrip().endswith(":") and not _bare(rest)


def _bare(text: str) -> str:
    """The word characters of ``text``: empty when it holds only marks and spaces."""
    return _NOT_WORDS.sub("", text)


def _take_source(quote: Quote, source: Quote) -> None:
    """The neighbour's speaker and cue: one utterance, one reporting verb."""
    assert source.speaker is not None
    quote.speaker = source.speaker.model_copy()
    quote.cue = source.cue.model_copy() if source.cue else None
    quote.channel = quote.channel or source.channel


def _make_quote(doc: Doc, kind: str, start: int, end: int, inside: Span, cue_i: int | None,
                cues: dict[int, CueEntry], lexicon: Lexicon, resolver: SpeakerResolver) -> Quote:
    text = doc_text(doc)
    # a comma before the closing mark belongs to the reporting sentence, and so does the
    # period a partial quotation swallows ('as "very dangerous."')
    strip = ", \n" if kind == "direct" else ",.;: \n"
    while end > start and text[end - 1] in strip:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    speaker, cue, channel, entry = None, None, None, None
    if cue_i is not None:
        entry = cues[cue_i]
        speaker, channel = _source(doc[cue_i], resolver, lexicon)
        cue = _cue(doc, cue_i, entry)
    root = _region_root(inside)
    status = attribution_status(doc[cue_i] if cue_i is not None else None, entry, root, lexicon)
    return Quote(text=text[start:end], span=(start, end), kind=kind, speaker=speaker, cue=cue,
                 channel=channel, status=status,
                 attribution_kind=attribution_kind(entry.lemma if entry else None))


def _region_root(inside: Span) -> Token:
    tops = [t for t in inside if not inside.start <= t.head.i < inside.end or t.head.i == t.i]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    return (verbs or tops or [inside.root])[0]


@lru_cache(maxsize=1)
def speaker_nouns() -> dict[str, str]:
    """Head noun -> document | not_source (``data/speaker_nouns.tsv``)."""
    text = read_text("speaker_nouns.tsv")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {r["noun"]: r["kind"] for r in csv.DictReader(lines, delimiter="\t")}


def _source(cue: Token, resolver: SpeakerResolver, lexicon: Lexicon
            ) -> tuple[Speaker | None, str | None]:
    """(speaker, channel): a document is the channel and its issuer the speaker ("the
    Pentagon's estimates", "a statement from the ministry"); a document with no issuer or
    a thing ("the strategy") names no speaker."""
    head = _speaker_token(cue, resolver)
    channel = channel_of(cue, lexicon)
    if head is None:
        return None, channel
    kind = "document" if head.lemma_.lower() in lexicon.channels else \
        speaker_nouns().get(head.lemma_.lower()) or speaker_nouns().get(head.lower_)
    if head.pos_ != "NOUN" or kind is None:
        return resolver.resolve(head), channel
    if kind == "not_source":
        return None, channel
    issuer = _issuer(head)
    doc = head.doc
    phrase = doc[head.left_edge.i:head.i + 1].text
    return (resolver.resolve(issuer) if issuer is not None else None), channel or phrase


def _issuer(noun: Token) -> Token | None:
    """Who issued a document: its possessor or name modifier ("the ministry's statement",
    "Pentagon estimates"), or the object of "by"/"from"."""
    body = next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                 and c.ent_type_ == "ORG"), None)
    if body is not None:  # "China's Foreign Ministry website": the ministry, not China
        return body
    for c in noun.children:
        if c.dep_ == "poss" or c.dep_ == "compound" and c.pos_ == "PROPN":
            return c
        if c.dep_ == "compound" and (c.lemma_.lower() in outlet_nouns()
                                     or c.lower_ in outlet_nouns()):
            return c  # "Local media reports say"
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_
                                    or obj.lemma_.lower() in body_nouns()):
                return obj  # "a report from the Mexican government"
    by = _by_after_topic(noun)
    if by is not None:
        return by
    verb = noun.head  # "Blinken issued a statement saying ...": who issued it
    if noun.dep_ == "dobj" and verb.lemma_.lower() in _ISSUING:
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def _by_after_topic(noun: Token) -> Token | None:
    """"A 2020 report on human rights by the U.S. State Department": the parser hangs the
    issuer's "by" on the topic noun."""
    for c in noun.children:
        if c.dep_ != "prep" or c.lower_ not in ("on", "about", "into"):
            continue
        for topic in (g for g in c.children if g.dep_ == "pobj"):
            for by in topic.children:
                obj = next((g for g in by.children if g.dep_ == "pobj"), None)
                if by.dep_ == "prep" and by.lower_ == "by" and obj is not None \
                        and obj.ent_type_ in ("ORG", "GPE", "NORP", "PERSON"):
                    return obj
    return None


_ISSUING = frozenset({"issue", "release", "publish", "post", "send", "put", "read"})


def _speaker_token(cue: Token, resolver: SpeakerResolver) -> Token | None:
    cues = resolver.cue_verbs
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    if cue.pos_ == "NOUN":  # "his claim", "the ministry's statement", "a claim by X"
        owner = [c for c in cue.children if c.dep_ == "poss"]
        by = [g for c in cue.children if c.dep_ == "prep" and c.lower_ == "by"
              for g in c.children if g.dep_ == "pobj"]
        return (owner or by)[0] if owner or by else None
    named = _named_after(cue, resolver)
    if named is not None:
        return named
    subj = subject_of(cue, cues)
    if subj is not None and subj.tag_ == "DT":  # "This Wednesday Greek Foreign Minister
        # George Katrougalos emphasized": the parser's demonstrative subject was a date's
        subj = next((c for c in subj.head.children if c.dep_ == "nsubj" and c.i > subj.i),
                    subj)
    if subj is not None and resolver.quoted[subj.i] and not resolver.quoted[cue.i] \
            and subj.lower_ not in ("i", "we"):
        # '"Wreckage & bodies at site," spokesman X tweeted': not the source; the parser
        # may have given the verb a second, unquoted subject ('"...," Evenor told VOA')
        subj = next((c for c in subj.head.children if c.dep_ == "nsubj"
                     and not resolver.quoted[c.i]), None)
    if subj is not None and cue.tag_ == "VBG" and not _source_like(subj, resolver):
        subj = _participle_owner(subj, resolver) or subj
    if subj is None and any(c.dep_ == "auxpass" for c in cue.children):
        return None  # "The exiled Chagossians have been told that ...": the hearers
    return subj or _inverted_source(cue) or _named_before(cue, resolver) \
        or _sibling_subject(cue, cues)


def _source_like(tok: Token, resolver: SpeakerResolver) -> bool:
    """A token that may name a source: a name, a pronoun, an entity, a person or body."""
    lemma = tok.lemma_.lower()
    return tok.pos_ in ("PRON", "PROPN") or tok.i in resolver.by_token \
        or lemma in person_nouns() | title_nouns() | body_nouns() | outlet_nouns() \
        or speaker_nouns().get(lemma) == "document"


def _participle_owner(subj: Token, resolver: SpeakerResolver) -> Token | None:
    """'An eyewitness described ... how the attack unfolded, stating, "..."': the parser
    hung the participle on a clause whose subject is a thing; the source is the noun the
    clause describes, further up."""
    tok = subj.head
    for _ in range(5):
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") \
                and _source_like(tok.head, resolver):
            return tok.head
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _sibling_subject(cue: Token, cues: Container[int]) -> Token | None:
    """'"...," she said, asking Cengiz to be "patient."': a participle cue hung beside an
    earlier reporting verb of the same head shares that verb's subject."""
    if cue.tag_ != "VBG" or cue.dep_ not in ("advcl", "conj", "xcomp"):
        return None
    for sibling in cue.head.children:
        if sibling.i < cue.i and sibling.i in cues and sibling.dep_ in ("parataxis", "conj"):
            subj = next((c for c in sibling.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
    return None


def _named_after(cue: Token, resolver: SpeakerResolver) -> Token | None:
    """', said Andrew Yang, secretary-general of ...': an inverted cue with no subject of
    its own is followed by its speaker's name (the parser may hang the name elsewhere)."""
    doc = cue.doc
    if cue.i == 0 or cue.i + 1 >= len(doc) or doc[cue.i - 1].text not in _MARKS | {","} \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    if cue.tag_ == "VBG" or cue.lemma_.lower() in _TELLING:
        return None  # '..., she said, asking Cengiz to be ...': the name is the object
    m = resolver.by_token.get(cue.i + 1)
    if m is None or m.start != cue.i + 1 or m.type != "PERSON":
        return None
    return doc[m.end - 1]


def _named_before(cue: Token, resolver: SpeakerResolver) -> Token | None:
    """The named mention between a closing quotation mark and its cue ('," Taliban
    spokesman Zabihullah Mujahid tweeted'), when the parser gave the cue no subject."""
    doc, i = cue.doc, cue.i - 1
    while i >= 0 and not resolver.quoted[i] and doc[i].text not in _MARKS and cue.i - i <= 8:
        m = resolver.by_token.get(i)
        if m is not None and m.type in ("PERSON", "ORG", "GPE", "NORP"):
            return doc[m.end - 1]
        i -= 1
    return None


def _inverted_source(cue: Token) -> Token | None:
    """'"...," tweeted former executive Ken Gude': after a closing mark the parser may take
    the inverted source for the cue's object; a name there is the speaker."""
    if cue.i == 0 or cue.doc[cue.i - 1].text not in _MARKS | {","}:
        return None
    if cue.lemma_.lower() in _TELLING:
        return None  # '"...," Derrick Van Orden, told VOA': the object is the hearer
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None or obj.pos_ != "PROPN" or obj.ent_type_ not in ("PERSON", "ORG", "GPE", ""):
        return None
    return obj


# -- indirect --------------------------------------------------------------------------
def _indirect(doc: Doc, region_of: list[int], cues: dict[int, CueEntry], used: set[int | None],
              walls: list[int], lexicon: Lexicon, resolver: SpeakerResolver) -> list[_Found]:
    """Reported speech without marks; ``walls`` are where direct quotes start, which a
    reported clause stretched to its sentence end must not swallow."""
    found: list[_Found] = []
    for i, entry in cues.items():
        if i in used or region_of[i] >= 0:
            continue
        cue = doc[i]
        rng = _content_range(cue, entry, cues, lexicon)
        if rng is None:
            continue
        start, end = rng
        end = next((w for w in walls if max(start, i) < w < end), end)
        if _nominal_content(doc, start, end):
            end = writer_tail(doc, start, end, region_of)
        span = trimmed(doc, start, end)
        if span is None or (len(span) < 2 and entry.cls not in ("response", "refusal")):
            continue
        if len(span) > MAX_INDIRECT_TOKENS:
            continue  # a run-on parse, not a reported clause (and quadratic output if kept)
        root = _content_root(cue, span)
        speaker, channel = _source(cue, resolver, lexicon)
        if speaker is None and channel is None and not (root is not None and root.dep_ == "ccomp") \
                and _raised(cue, list(cue.children)) is None:
            continue  # "was published on Monday": a sourceless cue needs a reported clause
        quote = Quote(text=span.text, span=(span.start_char, span.end_char), kind="indirect",
                      speaker=speaker, cue=_cue(doc, i, entry), channel=channel,
                      status=attribution_status(cue, entry, root, lexicon),
                      attribution_kind=attribution_kind(entry.lemma))
        found.append(_Found(quote, i, (span.start, span.end)))
    return found


_NONRESTRICTIVE = frozenset({"which", "who", "whom", "whose"})


def _nominal_content(doc: Doc, start: int, end: int) -> bool:
    """The content is a noun phrase ("voted for Ben Carson, a neurosurgeon ..."), not a
    reported clause: only there is a trailing modifier surely the writer's."""
    root = doc[start:end].root
    return root.pos_ in ("NOUN", "PROPN", "PRON", "NUM") \
        and root.dep_ in ("dobj", "pobj", "nsubjpass")


def writer_tail(doc: Doc, start: int, end: int, region_of: list[int]) -> int:
    """Where the writer's own words begin at the end of a nominal content: the comma before
    a non-restrictive relative clause (", who headed the FDIC") or a descriptive
    apposition ending the content (", a Republican trying to ..."). PolNeAR ends the
    content before it; a name in apposition (", Sheila Bair,") stays."""
    for tok in doc[start + 1:end]:
        comma = tok.left_edge.i - 1
        if comma <= start or doc[comma].text != "," or not start <= tok.head.i < comma \
                or region_of[comma] >= 0:
            continue  # a comma inside quotation marks is the speaker's
        if tok.dep_ == "relcl" and doc[tok.left_edge.i].lower_ in _NONRESTRICTIVE:
            return comma
        if tok.dep_ == "appos" and tok.pos_ == "NOUN" and tok.right_edge.i + 1 >= end:
            return comma
    return end


_HEADLINE_WORDS = 25  # a line this short is a headline or a caption, not a paragraph
_SOURCE_WORDS = 4


def _headline_claims(doc: Doc, found: list[_Found], lexicon: Lexicon,
                     resolver: SpeakerResolver) -> list[_Found]:
    """Headlines that attribute with a colon: "Sanders: Trump's rhetoric is hateful".
    The source is a short name before the colon, the content the rest of the line."""
    entry = next((e for e in lexicon.entries if e.lemma == ":"), None)
    if entry is None:
        return []
    taken = [f.quote.span for f in found]
    out: list[_Found] = []
    for colon in doc:
        if colon.text != ":" or colon.i == 0:
            continue
        line = _line_tokens(doc, colon.i)
        if line is None:
            continue
        source, content = doc[line[0]:colon.i], trimmed(doc, colon.i + 1, line[1])
        if content is None or not _headline_source(source) or len(content) < 3 or any(
                s < content.end_char and content.start_char < e for s, e in taken):
            continue
        head = max(source, key=lambda t: t.pos_ == "PROPN")
        quote = Quote(text=content.text, span=(content.start_char, content.end_char),
                      kind="indirect", speaker=resolver.resolve(head),
                      cue=Cue(text=colon.text, span=(colon.idx, colon.idx + 1)),
                      status=attribution_status(colon, entry, content.root, lexicon),
                      attribution_kind=attribution_kind(entry.lemma))
        out.append(_Found(quote, colon.i, (content.start, content.end)))
    return out


_FINDINGS = frozenset({"poll", "survey", "study"})


def _document_claims(doc: Doc, found: list[_Found], cues: Container[int], lexicon: Lexicon,
                     resolver: SpeakerResolver) -> list[_Found]:
    """"In an NBC News poll released Monday, 50 percent chose Clinton": a poll, survey or
    study opening the sentence reports its main clause when no cue word does; the poll is
    the channel and its issuer the speaker."""
    entry = lexicon.phrasal.get("according to") or lexicon.verbs.get("say")
    if entry is None:
        return []
    taken = [f.content for f in found]
    out: list[_Found] = []
    for prep in doc:
        if prep.lower_ != "in" or prep.dep_ != "prep" or prep.head.dep_ != "ROOT" \
                or prep.head.i in cues or prep.i != sentence(prep).start:
            continue
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        after = prep.right_edge.i + 1
        if noun is None or noun.lemma_.lower() not in _FINDINGS or after >= len(doc) \
                or doc[after].text != ",":
            continue
        content = trimmed(doc, after + 1, prep.head.right_edge.i + 1)
        if content is None or len(content) < 3 or any(
                s < content.end and content.start < e for s, e in taken):
            continue
        issuer = _issuer(noun)
        quote = Quote(text=content.text, span=(content.start_char, content.end_char),
                      kind="indirect", speaker=resolver.resolve(issuer) if issuer else None,
                      cue=Cue(text=prep.text, span=(prep.idx, prep.idx + len(prep.text))),
                      channel=doc[noun.left_edge.i:noun.i + 1].text,
                      status=attribution_status(prep, entry, content.root, lexicon),
                      attribution_kind="report")
        out.append(_Found(quote, prep.i, (content.start, content.end)))
    return out


def _line_tokens(doc: Doc, i: int) -> tuple[int, int] | None:
    """Token range of the short line holding token ``i``; None for a long one (the walk
    stops early, or a run-on line full of colons would be quadratic)."""
    reach = 3 * _HEADLINE_WORDS
    start = i
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
        if i - start > reach:
            return None
    end = i
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
        if end - i > reach:
            return None
    words = sum(1 for t in doc[start:end] if not t.is_punct and not t.is_space)
    return (start, end) if words <= _HEADLINE_WORDS else None


def _headline_source(span: Span) -> bool:
    """One to four capitalised words naming someone, with no verb: "Sanders", "Kremlin",
    "Top Democrat", not "Update" or "Watch"."""
    words = [t for t in span if not t.is_punct and not t.is_space]
    return 0 < len(words) <= _SOURCE_WORDS and all(t.text[:1].isupper() for t in words) \
        and not any(t.pos_ in ("VERB", "AUX") for t in words) \
        and any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in words)


def _content_range(cue: Token, entry: CueEntry, cues: dict[int, CueEntry],
                   lexicon: Lexicon) -> tuple[int, int] | None:
    """Token range of what the cue reports, or None when it reports nothing."""
    doc = cue.doc
    if cue.lower_ == "according":
        return _according_content(cue)
    children = list(cue.children)
    if not _reports(cue, children):
        return None
    if cue.dep_ == "parataxis" and cue.head.i not in cues:
        return subtree_span(cue.head)  # "An ambassador's job, he said, should be ...": all of it
    raised = _raised(cue, children)
    if raised is not None:
        return raised
    as_clause = _as_reported(cue, children)
    if as_clause is not None:
        return as_clause
    if " " in entry.lemma:  # "called for X", "called on X to Y", "referred to X as Y"
        prep = doc[cue.i + 1]
        objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if not objs:
            return None
        start, end = subtree_span(objs[0])
        for c in children:
            if c.i >= end and (c.dep_ in ("xcomp", "ccomp", "oprd")
                               or c.dep_ == "prep" and c.lower_ == "as"):
                end = max(end, c.right_edge.i + 1)
        return start, end
    if entry.cls == "refusal":
        inner = [c for c in children if c.dep_ == "xcomp"]
        if inner and inner[0].i in cues:
            return None  # "declined to confirm": the inner cue speaks
    if cue.pos_ == "NOUN":
        clause = [c for c in children if c.dep_ in ("acl", "ccomp", "appos")]
        if clause:
            return subtree_span(clause[0])
        obj = _nominal_object(cue)
        return subtree_span(obj) if obj is not None else None
    ccomp = [c for c in children if c.dep_ == "ccomp"] or _misattached_clause(cue, children)
    if ccomp:
        return _clause_extent(cue, ccomp[0], cues)
    cut = _cut_off_clause(cue, children)
    if cut is not None:
        return cut
    has_object = any(c.dep_ == "dobj" for c in children)
    parts = [c for c in children if c.dep_ in _CONTENT_DEPS
             or (c.dep_ == "prep" and c.i > cue.i and (c.lower_ in ("as", "about", "of") or (
                 has_object and c.lower_ in _OBJECT_PREPS and not _dated(c))))
             or c.dep_ == "advcl" and _asks_whether(c)]
    if not parts:
        passive = _passive_object(cue, children)
        if passive is not None:
            return passive
    if cue.lemma_ in _ADDRESSING:
        # the addressee is no content unless a clause or a topic follows ("warned of a
        # battle", "asked about the vote")
        topics = [g for c in parts if c.dep_ == "prep" and c.lower_ in ("of", "about")
                  for g in c.children if g.dep_ in ("pobj", "pcomp")]
        if topics and not any(c.dep_ in ("ccomp", "xcomp") for c in children):
            parts = topics
        elif not any(c.dep_ in ("ccomp", "xcomp") for c in children):
            return None
    parts = [c for c in parts if c.dep_ != "attr"] or parts
    if any(c.dep_ == "xcomp" for c in parts) and cue.lemma_ in _ADDRESSING:
        parts = [c for c in parts if c.dep_ != "dobj"]  # "urged the judge to ...": the judge
        # is the addressee; what was urged is the infinitive
    if not parts:
        if cue.lemma_ == "comment" and cue_negated(cue, lexicon):
            return cue.i, cue.right_edge.i + 1  # "declined to comment"
        return None
    start = min(c.left_edge.i for c in parts)
    end = max(c.right_edge.i for c in parts) + 1
    if start < cue.i < end:
        start = cue.i + 1
    return start, end


def _cut_off_clause(cue: Token, children: list[Token]) -> tuple[int, int] | None:
    """"He says Americans don't need ...": the parser may end the sentence right after
    the cue; with no object and no punctuation between, the next sentence is the content
    (its closing punctuation is trimmed by _make_quote, as for every indirect content)."""
    doc = cue.doc
    nxt = cue.i + 1
    if nxt >= len(doc) or not doc[nxt].is_sent_start or not doc[nxt].is_alpha or any(
            c.dep_ in ("dobj", "xcomp", "attr", "prep") for c in children):
        return None
    return nxt, sentence(doc[nxt]).end


def _misattached_clause(cue: Token, children: list[Token]) -> list[Token]:
    """"says in a statement that the steps are ...": the parser hangs the reported
    that-clause on "statement"; it is still what the cue reports. Only for a cue with
    no object of its own."""
    if any(c.dep_ in ("dobj", "xcomp") for c in children):
        return []
    for prep in children:
        if prep.dep_ != "prep" or prep.i < cue.i:
            continue
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            for clause in obj.children:
                if clause.dep_ in ("acl", "ccomp") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                    return [clause]
    return []


# what the parser hangs on the verb but belongs to its object ("blamed Bush for the bust",
# "accused it of militarizing", "praised the Saudis for their help"), unlike the where and
# when of the saying ("defends his bona fides in a commercial", "said it on Monday")
_OBJECT_PREPS = frozenset({"for", "over", "against", "on", "to", "in", "with"})


def _dated(prep: Token) -> bool:
    return any(t.ent_type_ in ("DATE", "TIME") for t in prep.subtree)


_NOMINAL_PREPS = frozenset({"of", "for", "on", "against", "about", "over"})


def _nominal_object(noun: Token) -> Token | None:
    """What a possessed stance noun is about: "her criticism of the law", "Trump's attacks
    on the judge". Without a possessor nobody holds the stance."""
    if not any(c.dep_ == "poss" for c in noun.children):
        return None
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in _NOMINAL_PREPS:
            objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0]
    return None


def _asks_whether(clause: Token) -> bool:
    """'asked workers if they planned to attend': an embedded question."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children)


def _passive_object(cue: Token, children: list[Token]) -> tuple[int, int] | None:
    """"O'Malley's move was first reported by Politico": with an agent, the passive subject
    is the content."""
    if not any(c.dep_ == "agent" for c in children):
        return None
    subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if subj is not None:
        return subtree_span(subj)
    return None


def _reports(cue: Token, children: list[Token]) -> bool:
    """False for uses of a cue verb that report nothing: "continues to grow", "could not find
    a job", "a campaign called #1000BlackGirlBooks", "the hacker known as Guccifer"."""
    lemma = cue.lemma_.lower()
    if lemma in _ASPECTUAL and not any(c.dep_ == "ccomp" for c in children):
        return False
    if lemma in _CLAUSAL and not any(
            c.dep_ in ("ccomp", "xcomp", "oprd") or c.dep_ == "prep" and c.lower_ == "as"
            for c in children):
        return False
    if lemma in _NAMING and cue.dep_ == "acl":
        return False
    return True


def _raised(cue: Token, children: list[Token]) -> tuple[int, int] | None:
    """"Trump is expected to win", "the rebels are believed to have withdrawn": the
    reported content is the subject with its infinitive, around a passive cue with no
    agent."""
    deps = {c.dep_: c for c in children}
    subj, inf = deps.get("nsubjpass"), deps.get("xcomp")
    if cue.lemma_.lower() in _RAISING:
        # "the fax machine appears to have been broken": the whole clause is what appears
        subj = deps.get("nsubj")
        inf = next((c for c in children if c.dep_ in ("xcomp", "oprd", "acomp", "attr")), None)
    if subj is None or inf is None or "agent" in deps or not subj.i < cue.i < inf.i:
        return None
    return subj.left_edge.i, inf.right_edge.i + 1


def _as_reported(cue: Token, children: list[Token]) -> tuple[int, int] | None:
    """"As the Post reported, <clause>" / "<clause>, as he noted": a cue in an
    as-clause with nothing to report of its own reports the clause it hangs from."""
    if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in children) \
            or any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in children):
        return None
    lo, hi = subtree_span(cue.head)
    a_lo, a_hi = subtree_span(cue)
    if a_lo <= lo:  # "As X reported, <clause>"
        return a_hi, hi
    if a_hi >= hi:  # "<clause>, as X noted"
        return lo, a_lo
    return None


# a cue inside a subordinate clause reports no further than that clause's end
_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp", "pobj", "csubj"})


def _clause_extent(cue: Token, clause: Token, cues: dict[int, CueEntry]) -> tuple[int, int]:
    """The reported clause, stretched to its sentence edge across what the parser hung
    elsewhere ("that I had felt that way, and ..."), but never over another cue or the
    subject before it ("Asked what he wanted, Adelson said ...")."""
    start, end = subtree_span(clause)
    sent = sentence(cue)
    if start > cue.i:  # "X said that ...": run on to the end of the sentence
        stop = next((i for i in range(end, sent.end) if i in cues), sent.end)
        if stop < sent.end:  # nor over its source
            subj = [c.left_edge.i for c in cue.doc[stop].children
                    if c.dep_ in ("nsubj", "nsubjpass") and end <= c.i < stop]
            stop = min(subj, default=stop)
        if cue.dep_ in _SUBORDINATE:  # "After the camp announced that ..., Trump invited"
            stop = min(stop, cue.right_edge.i + 1)
        end = max(end, stop)
    elif end <= cue.i:  # "..., X said": start at the sentence start
        first = next((i for i in range(start - 1, sent.start - 1, -1) if i in cues), None)
        start = min(start, sent.start if first is None else first + 1)
    return start, end


def _according_content(cue: Token) -> tuple[int, int] | None:
    """"According to X, <content>" or "<content>, according to X"."""
    head = cue.head
    while head.dep_ not in ("ROOT", "ccomp") and head.head.i != head.i:
        head = head.head
    lo, hi = subtree_span(head)
    pp_lo, pp_hi = subtree_span(cue)
    before, after = (lo, pp_lo), (pp_hi, hi)
    best = max(before, after, key=lambda r: r[1] - r[0])
    return best if best[1] - best[0] > 1 else None


def _content_root(cue: Token, span: Span) -> Token | None:
    for c in cue.children:
        if span.start <= c.i < span.end and c.dep_ in _CONTENT_DEPS:
            return c
    return span.root


def _adopt_reports(found: list[_Found]) -> list[_Found]:
    """A direct quote whose cue lies too far for the quote-mark rules ("''A,'' Leonard E.
    Burman, director of ... University, said") is the content the parser gives the cue:
    it takes that indirect quote's source, and the indirect quote goes."""
    by_span = {f.quote.span: f for f in found if f.quote.kind == "indirect"
               and f.quote.speaker is not None}
    drop: set[int] = set()
    for f in found:
        q = f.quote
        other = by_span.get(q.span) if q.kind == "direct" and q.cue is None else None
        if other is not None:
            _take_source(q, other.quote)
            q.status = other.quote.status
            f.cue_token = other.cue_token
            drop.add(id(other))
    return [f for f in found if id(f) not in drop]


def _drop_hypothetical(doc: Doc, found: list[_Found], lexicon: Lexicon) -> list[_Found]:
    """Drop nested attributions that nobody made: "did not say he would deny"."""
    out = []
    for f in found:
        i = f.cue_token
        outer = None if i is None else next(
            (g for g in found if g is not f and g.content[0] <= i < g.content[1]
             and g.quote.kind == "indirect"), None)
        if outer is not None and i is not None and f.quote.kind == "indirect":
            modal = any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in doc[i].children)
            if modal or (outer.cue_token is not None
                         and cue_negated(doc[outer.cue_token], lexicon)):
                continue
        out.append(f)
    return out
