"""What the spaCy parse adds to a time expression: its governing verb and that verb's tense."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.doctext import doc_text

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_MODAL_FUTURE = {"may", "might", "could", "should", "must", "can", "would", "'d"}
_VERBAL = {"VERB", "AUX"}
# verbs whose dates lie ahead of the telling: what is planned for a day has not happened yet
_SCHEDULE = {"plan", "schedule", "expect", "intend", "slate", "set", "due"}
# words that put the date they govern ahead: "effective Feb. 1", "payable Dec. 15", "until noon"
_AHEAD_HEADS = {"effective", "payable", "due", "until", "till", "starting", "beginning",
                "scheduled", "slated"}
# verbs whose infinitive complement lies ahead even when they are past ("planned to leave")
_UNTIL = {"until", "till"}
_FORWARD = {"plan", "expect", "schedule", "intend", "hope", "want", "agree", "decide", "promise",
            "vow", "threaten", "prepare", "aim", "seek", "propose", "set", "due", "pledge",
            "need", "wish", "urge", "ask", "order", "call", "invite", "arrange"}
_NOT_DATE_POS = {"VERB", "AUX"}


def span_tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def governing_verb(span: Span) -> Token | None:
    """The nearest verb up the dependency tree from the span's head, within its sentence."""
    token = span.root
    seen = 0
    while seen < 20:
        if token.pos_ in _VERBAL and not (token.i >= span.start and token.i < span.end):
            # the parser sometimes runs a sentence across a line break: a verb in
            # another paragraph does not place this date
            return None if _across_line(span, token) else token
        if token.head.i == token.i:
            return token if token.pos_ in _VERBAL else None
        token = token.head
        seen += 1
    return None


def _across_line(span: Span, token: Token) -> bool:
    # doc_text: ``Doc.text`` rebuilds the whole text on each call, cubic over event x date pairs
    start, end = (token.idx, span.start_char) if token.i < span.start else (
        span.end_char, token.idx)
    return doc_text(span.doc).find("\n", start, end) >= 0  # no slice: a copy per call


def span_tense(span: Span) -> str | None:
    """The tense that places the span's date: its head word, else its governing verb."""
    head = span.root.head
    if head.i != span.root.i and head.lower_ in _AHEAD_HEADS:
        verb = governing_verb(span)
        if head.lower_ in _UNTIL and verb is not None and _pluperfect(verb):
            return "PAST"  # "until Thursday, they had not called him" (but "postponed until")
        return "FUTURE"
    if span.root.dep_ in ("compound", "poss", "nmod") and head.pos_ in ("NOUN", "PROPN"):
        return None  # "a June agreement": a label on a thing, not when the verb happens
    return verb_tense(governing_verb(span))


def verb_tense(verb: Token | None, depth: int = 0) -> str | None:
    """PAST, PRESENT, FUTURE or None, from the verb's tag and its auxiliaries."""
    if verb is None or depth > 4:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "FUTURE"
    if verb.lemma_.lower() in _SCHEDULE:
        return "FUTURE"  # "scheduled for Thursday", "planned a demonstration on Saturday"
    if any(a.lower_ == "going" for a in auxes) or "to" in words and verb.tag_ == "VB":
        # "planned to leave on Thursday" looks ahead; "staged celebrations to mark the entry
        # on Friday" and "had been allowed to carry out" take the tense of the clause above
        head = _verbal_ancestor(verb)
        if head is None:
            return None
        if head.lemma_.lower() in _FORWARD:
            # "had been scheduled to expire Friday": a plan already overtaken
            return "PAST" if _pluperfect(head) else "FUTURE"
        above = verb_tense(head, depth + 1)
        return "PAST" if above == "PAST" else "FUTURE"
    if words & _MODAL_FUTURE:
        if verb.tag_ == "VBN" and words & {"have", "'ve"}:
            return "PAST"  # "may have been"
        return "FUTURE"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "PAST"
    if verb.tag_ == "VBN" and any(a.lower_ in ("has", "have", "'ve", "had") for a in auxes):
        return "PAST"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):
        return "PAST"  # "a pact signed in June"
    if verb.tag_ in ("VBZ", "VBP", "VBG") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "PRESENT"
    if verb.tag_ == "VB" and verb.head.i != verb.i and verb.head.pos_ in _VERBAL:
        return verb_tense(verb.head, depth + 1)
    return None


def _pluperfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(c.lower_ in ("had", "'d") for c in verb.children
                                      if c.dep_ in ("aux", "auxpass"))


def _verbal_ancestor(token: Token) -> Token | None:
    """The nearest verb above ``token`` (through nouns: "celebrations to mark")."""
    for _ in range(8):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in _VERBAL:
            return token
    return None


def keep_candidate(span: Span, text: str) -> bool:
    """The parse's veto for candidates that look like times but are not.

    "March" as a verb, "May" as a modal, a four-digit number counting a noun
    ("2000 troops").
    """
    if len(span) == 1:
        token = span[0]
        lower = token.lower_.rstrip(".")
        if lower in ("may", "march") and token.pos_ in _NOT_DATE_POS:
            return False
        if lower in ("daily", "weekly", "monthly") and token.pos_ in ("NOUN", "PROPN"):
            return False  # "the Communist Party daily Granma": a newspaper
        if token.like_num and token.dep_ == "nummod" and token.head.pos_ == "NOUN" \
                and token.head.lower_ not in ("year", "years", "fiscal") \
                and not any(c.dep_ in ("det", "poss") and c.i < token.i
                            for c in token.head.children):
            return False  # "2000 troops"; but "the 1996 bombing" is a year
    return True
