"""``stances``: every sourced stance as a :class:`~newsgraph.schema.Stance`.

Two sources: the stance cues of :mod:`newsgraph.attribution.stances` (denials,
confirmations, silence, hedges, conditions, quotations or not), and the quotes whose
status is not a plain assertion ("did not confirm ..." is already a quote with status
not_confirmed). One stance per cue.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from newsgraph.attribution.lexicon import load_lexicon
from newsgraph.attribution.stances import find_stances, stance_words
from newsgraph.doctext import doc_text
from newsgraph.extract import Context, extractor
from newsgraph.extract.quotes import quote_basis, speaker_resolver
from newsgraph.schema import Cue, Evidence, Quote, Stance

# statuses a quote carries that make it a stance; "asserted" and "reported" do not
STANCE_STATUSES = frozenset({"denied", "not_denied", "confirmed", "not_confirmed",
                             "no_comment", "hedged", "conditional"})
# a quote lends its status to a stance only when its cue is itself a denial or confirmation
# ("rebuffed the claim"); hedges, conditions and silence come from the stance rules alone,
# which read them in context (a quote's "could", "is expected to" or "refused to attend"
# is no stance)
_QUOTE_STANCE_CLASSES = frozenset({"denial", "confirmation"})


@extractor("stances")
def extract_stances(ctx: Context) -> None:
    doc, document = ctx.doc, ctx.document
    text = doc_text(doc)
    basis = quote_basis(ctx)
    quoted = basis.quoted
    resolver = speaker_resolver(ctx, set(basis.cues))
    stances = find_stances(doc, document.quotes, resolver.resolve, quoted)
    words = stance_words()
    found = list(stances)
    for quote in document.quotes:
        if quote.status in STANCE_STATUSES and quote.cue is not None \
                and _cue_class(doc, quote) in _QUOTE_STANCE_CLASSES \
                and not any(_covers(s, quote) for s in found) \
                and not _vetoed(doc, quote, words.verbs.keys() | words.silence):
            stances.append(stance_of_quote(quote, text))
    stances += [no_comment_of_quote(q, text) for q in document.quotes if _says_no_comment(q)
                and not any(_overlap(s.span, q.span) for s in found)]
    document.stances = sorted(stances, key=lambda s: s.span)


def _says_no_comment(quote: Quote) -> bool:
    """A quotation that is only the words "No comment"."""
    return re.sub(r"[^a-z ]", "", quote.text.lower()).strip() == "no comment"


def no_comment_of_quote(quote: Quote, text: str) -> Stance:
    """'said, "No comment."': silence in the speaker's own words."""
    lo, hi = quote.span
    if quote.cue is not None:
        lo, hi = min(lo, quote.cue.span[0]), max(hi, quote.cue.span[1])
    return Stance(text=text[lo:hi], span=(lo, hi), status="no_comment", holder=quote.speaker,
                  cue=Cue(text=quote.text, span=quote.span), negated=True)


def stance_of_quote(quote: Quote, text: str) -> Stance:
    """A status-bearing quote as a stance: its speaker holds it, its content is the
    proposition."""
    assert quote.cue is not None
    lo, hi = min(quote.span[0], quote.cue.span[0]), max(quote.span[1], quote.cue.span[1])
    return Stance(text=text[lo:hi], span=(lo, hi),
                  status=quote.status, holder=quote.speaker, cue=quote.cue,
                  proposition=Evidence(text=quote.text, span=quote.span),
                  negated=quote.status.startswith("not_"))


def _covers(stance: Stance, quote: Quote) -> bool:
    """The stance cues already hold this quote's: same cue, or the same status inside it."""
    assert quote.cue is not None
    if stance.cue is not None and _overlap(stance.cue.span, quote.cue.span):
        return True
    lo, hi = min(quote.span[0], quote.cue.span[0]), max(quote.span[1], quote.cue.span[1])
    return stance.status == quote.status and lo <= stance.span[0] and stance.span[1] <= hi


def _vetoed(doc, quote: Quote, verbs: AbstractSet[str]) -> bool:
    """A stance or silence verb the stance rules looked at and turned down ("rejected the
    proposal", "did not respond to the attack")."""
    assert quote.cue is not None
    span = doc.char_span(*quote.cue.span, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].lemma_.lower() in verbs


def _cue_class(doc, quote: Quote) -> str | None:
    """The lexicon class of the quote's cue word (denial, confirmation, speech, ...)."""
    assert quote.cue is not None
    span = doc.char_span(*quote.cue.span, alignment_mode="expand")
    if span is None or not len(span):
        return None
    lexicon, lemma = load_lexicon(), span[0].lemma_.lower()
    entry = lexicon.verbs.get(lemma) or lexicon.nouns.get(lemma)
    return entry.cls if entry is not None else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])

