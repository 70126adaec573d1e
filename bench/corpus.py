"""The benchmark corpus: shared Wikinews and MEANTIME texts, repeated to any size.

Read from the shared data folder, never copied into the project. MEANTIME
ships tokens, not text, so its articles are detokenized (spaces dropped
before closing punctuation); the first two sentences (headline, date) become
their own paragraphs, as in the Wikinews originals.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

WIKINEWS = Path("wikinews") / "wikinews_articles.jsonl"
MEANTIME = Path("meantime") / "intra-doc"

_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


@dataclass(frozen=True)
class Text:
    id: str
    text: str
    title: str | None
    published: str | None

    @property
    def words(self) -> int:
        return len(self.text.split())


def wikinews(data_dir: Path) -> Iterator[Text]:
    with open(data_dir / WIKINEWS, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                record = json.loads(line)
                yield Text(f"wikinews-{number}", record["text"], record.get("title"),
                           record.get("date"))


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def meantime_text(path: Path) -> Text:
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
    lines = [_detokenize(sentences[key]) for key in sorted(sentences)]
    published = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            published = (timex.get("value") or "")[:10] or None
    text = "\n\n".join(lines[:2] + [" ".join(lines[2:])])
    return Text(f"meantime-{root.get('doc_id')}", text, lines[0] if lines else None, published)


def meantime(data_dir: Path) -> Iterator[Text]:
    for path in sorted((data_dir / MEANTIME).rglob("*.xml")):
        yield meantime_text(path)


def unique_texts(data_dir: Path) -> list[Text]:
    """Every shared Wikinews and MEANTIME article once."""
    return list(wikinews(data_dir)) + list(meantime(data_dir))


def repeated(texts: list[Text], n: int) -> Iterator[Text]:
    """``n`` articles cycling through ``texts``; repeats get their own ids."""
    for i, text in enumerate(islice(cycle(texts), n)):
        yield Text(f"{text.id}-{i // len(texts)}", text.text, text.title, text.published)


def write_jsonl(texts: Iterator[Text] | list[Text], path: Path) -> int:
    """Write ``texts`` as newsgraph JSONL input; returns the number written."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"id": text.id, "text": text.text, "title": text.title,
                                     "published": text.published}) + "\n")
            count += 1
    return count


def article_html(text: Text) -> str:
    """A simple news page around ``text``: head, nav, article paragraphs, footer."""
    from html import escape

    title = escape(text.title or "")
    paragraphs = "\n".join(f"<p>{escape(p.strip())}</p>"
                           for p in re.split(r"\n\s*\n", text.text) if p.strip())
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head>\n<body>\n"
            "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n"
            f"<article><h1>{title}</h1>\n{paragraphs}\n</article>\n"
            "<footer>Copyright the publisher. All rights reserved.</footer>\n"
            "</body></html>\n")
