"""The text of a spaCy ``Doc``, built once.

``Doc.text`` joins every token on each access, so extractors that read it
per span would be quadratic on long articles; they call :func:`doc_text`.
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc, Span, Token

_KEY = "newsgraph.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


_SENTS = "newsgraph.sentences"


def sentence(token: Token) -> Span:
    """The sentence holding ``token``, like ``token.sent`` but from a per-doc index.

    ``Token.sent`` walks to both ends of the sentence on every call, so extractors
    that ask it per item were quadratic on one long run-on sentence.
    """
    doc = token.doc
    index = doc.user_data.get(_SENTS)
    if index is None:
        if not len(doc) or not doc.has_annotation("SENT_START"):
            return token.sent
        flags = doc.to_array("SENT_START") == 1
        flags[0] = True
        starts = numpy.flatnonzero(flags)
        index = doc.user_data[_SENTS] = (numpy.cumsum(flags) - 1, starts,
                                         numpy.append(starts[1:], len(doc)))
    number, starts, ends = index
    k = number[token.i]
    return doc[int(starts[k]):int(ends[k])]
