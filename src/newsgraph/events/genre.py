"""What kind of piece an article is, and which of its paragraphs are a transcript.

An interview's questions and answers, an opinion column, a how-to guide and a
business or technology story use the verbs of events ("we provide", "you
attack the problem", "the firm launched") without reporting political events.
The events extractor keeps their events only when they are political
(:func:`newsgraph.extract.events.is_political`). Genres are read from the
title's wording and, for interviews, from the transcript markers Wikinews and
others use ("((WN))", "((Name))", "Q:").
"""

from __future__ import annotations

import re

from newsgraph.schema import Genre

INTERVIEW_TITLE = re.compile(
    r"\binterview|\b(tells?|talks? to|talks? with|discuss\w* \w+(?: \w+){0,6} with) wikinews\b"
    r"|^wikinews (discusses|talks|speaks)|^q ?& ?a\b|^q and a\b", re.IGNORECASE)
OPINION_TITLE = re.compile(
    r"^(opinion|op-ed|commentary|editorial|column|viewpoint|reporter.s notebook|letter)\b",
    re.IGNORECASE)
HOWTO_TITLE = re.compile(
    r"^(how to|how (do|does|can|should) (i|you|we)|what (you need to|to) know|explainer|guide"
    r"|under what circumstances|faq)\b", re.IGNORECASE)
BUSINESS_TITLE = re.compile(
    r"\b(acquires?|acquisition|merger|takeover|shares|stock market|revenues? (rise|fall)"
    r"|profits?|to sell its|stores|supermarket|retailer|brand|start-?up|software|app\b"
    r"|facebook|github|google|apple inc|microsoft|amazon\.com|tourism destination"
    r"|emissions testing|records found|data breach|ipo\b)", re.IGNORECASE)
# "((WN))", "((Sara Seager))", "((WSS)) :", "Q:", "A:" opening a paragraph
TURN_MARK = re.compile(r"^\s*(\(\([^()\n]{1,60}\)\)|q\s*:|a\s*:)", re.IGNORECASE)
MIN_TURNS = 5  # marked turns that make an untitled piece an interview
MIN_TURN_SHARE = 0.2


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-blank line: Wikinews and VOA texts put a paragraph a line."""
    ranges, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            ranges.append((start, end))
        start = end + 1
    return ranges


def transcript_ranges(text: str) -> list[tuple[int, int]]:
    """Char ranges of the question-and-answer paragraphs: from the first marked turn on,
    every paragraph (answers often carry no mark of their own)."""
    paragraphs = paragraph_ranges(text)
    first = next((i for i, (s, e) in enumerate(paragraphs) if TURN_MARK.match(text[s:e])),
                 None)
    return [] if first is None else paragraphs[first:]


def count_turns(text: str) -> tuple[int, int]:
    """(marked turns, paragraphs)."""
    paragraphs = paragraph_ranges(text)
    turns = sum(1 for s, e in paragraphs if TURN_MARK.match(text[s:e]))
    return turns, len(paragraphs)


def article_genre(title: str | None, text: str) -> Genre:
    """The genre of one article: news unless its title or transcript says otherwise."""
    title = (title or "").strip()
    turns, paragraphs = count_turns(text)
    if INTERVIEW_TITLE.search(title) or (
            turns >= MIN_TURNS and turns >= MIN_TURN_SHARE * paragraphs):
        return "interview"
    if OPINION_TITLE.search(title):
        return "opinion"
    if HOWTO_TITLE.search(title):
        return "howto"
    if BUSINESS_TITLE.search(title):
        return "business"
    return "news"
