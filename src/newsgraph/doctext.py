"""The text of a spaCy ``Doc``, built once.

``Doc.text`` joins every token on each access, so extractors that read it
per span would be quadratic on long articles; they call :func:`doc_text`.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "newsgraph.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
