"""MEANTIME (NewsReader CAT XML) documents as plain-text articles.

CAT files hold tokens, not text, so the text is rebuilt: the title (sentence
0) on the first line, the creation-date sentence on the next, then the body
with sentences joined by spaces. ``token_spans`` maps each token id to its
[start, end) offsets in that text, so annotations can be laid onto it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from newsgraph.ingest.base import IngestError, RawArticle

_NO_SPACE_BEFORE = re.compile(r"^(?:[.,:;!?%)\]}]|'s|'S|n't|'re|'ve|'ll|'d|'m|'')$")
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


@dataclass
class MeantimeDoc:
    doc_id: str
    name: str
    url: str | None
    title: str
    text: str
    dct: str | None
    token_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    token_sentence: dict[str, int] = field(default_factory=dict)

    def to_article(self, origin: str = "") -> RawArticle:
        return RawArticle(id=f"meantime-{self.doc_id}", text=self.text, title=self.title,
                          url=self.url, published=self.dct, origin=origin or self.name)


def is_cat_xml(head: bytes) -> bool:
    return b"<Document" in head and b"<token" in head


def _join(tokens: list[tuple[str, str]], text: list[str], offset: int,
          spans: dict[str, tuple[int, int]]) -> int:
    """Append tokens to ``text`` with English spacing; return the new offset."""
    previous = None
    open_quote = False
    for t_id, word in tokens:
        space = previous is not None and previous not in _NO_SPACE_AFTER
        if _NO_SPACE_BEFORE.match(word):
            space = False
        if word == '"':
            if open_quote:
                space = False
            open_quote = not open_quote
        elif previous == '"' and open_quote:
            space = False
        if space:
            text.append(" ")
            offset += 1
        spans[t_id] = (offset, offset + len(word))
        text.append(word)
        offset += len(word)
        previous = word
    return offset


def read_meantime(path: Path) -> MeantimeDoc:
    root = etree.parse(str(path)).getroot()
    sentences: dict[int, list[tuple[str, str]]] = {}
    sentence_of: dict[str, int] = {}
    for tok in root.iter("token"):
        s = int(tok.get("sentence", "0"))
        sentences.setdefault(s, []).append((tok.get("t_id"), tok.text or ""))
        sentence_of[tok.get("t_id")] = s
    dct, dct_sentence = None, None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value") or None
            anchors = [a.get("t_id") for a in timex.iter("token_anchor")]
            if anchors:
                dct_sentence = sentence_of.get(anchors[0])
            break
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    offset = 0
    order = sorted(sentences)
    for n, s in enumerate(order):
        if n:
            sep = "\n" if order[n - 1] in (order[0], dct_sentence) else " "
            parts.append(sep)
            offset += 1
        offset = _join(sentences[s], parts, offset, spans)
    text = "".join(parts)
    title = text.split("\n", 1)[0]
    return MeantimeDoc(doc_id=root.get("doc_id", path.stem), name=root.get("doc_name", path.stem),
                       url=root.get("url"), title=title, text=text, dct=dct, token_spans=spans,
                       token_sentence=sentence_of)


def read_meantime_article(path: Path) -> RawArticle | IngestError:
    try:
        doc = read_meantime(path)
    except (etree.XMLSyntaxError, OSError, ValueError) as exc:
        return IngestError(str(path), f"not a readable MEANTIME CAT file ({exc})")
    if not doc.text.strip():
        return IngestError(str(path), "MEANTIME document has no tokens")
    return doc.to_article(origin=str(path))
