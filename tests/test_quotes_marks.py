"""Quotation regions in raw text, and the cue lexicon as data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.attribution.lexicon import load_lexicon
from newsgraph.attribution.quotemarks import quote_regions
from newsgraph.extract.quotes import _is_title

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "train"


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_regions(text)]


def test_straight_and_curly_marks():
    assert texts('He said "a b" and “c d.”') == ["a b", "c d."]


def test_quote_continued_in_next_paragraph_is_one_region():
    text = "“First paragraph.\n“Second paragraph,” she said."
    assert texts(text) == ["First paragraph.\n“Second paragraph,"]


def test_unclosed_quote_ends_with_its_paragraph():
    assert texts('He said "never closed\nNext paragraph.') == ["never closed"]


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(list('ab ."“”«»„\n,')), max_size=80))
def test_regions_are_ordered_disjoint_and_inside_the_text(text):
    regions = quote_regions(text)
    end = 0
    for start, stop in regions:
        assert end <= start < stop <= len(text)
        assert text[start:stop].strip()
        end = stop


@pytest.mark.parametrize(("text", "title"), [
    ("Orange Is the New Black", True), ("Related:", True), ("No to Free Lawyers", True),
    ("Listen to Ukraine", False), ("fake news", False), ("We will win.", False),
    ("Outrageous,", False),
])
def test_titles_are_not_quotations(text, title):
    assert _is_title(text) is title


def test_lexicon_has_statuses_for_the_issue_cues():
    lexicon = load_lexicon()
    assert lexicon.verbs["deny"].status == "denied"
    assert lexicon.verbs["confirm"].neg_status == "not_confirmed"
    assert lexicon.verbs["refute"].neg_status == "not_denied"
    assert lexicon.verbs["comment"].neg_status == "no_comment"
    assert {"refrain", "fail", "unable"} <= lexicon.negators
    assert {"may", "likely", "reportedly"} <= lexicon.hedges
    assert "statement" in lexicon.channels


def test_lexicon_covers_the_150_most_frequent_polnear_cues(nlp):
    """Each of PolNeAR train's 150 most frequent cue strings has a lexicon word in it."""
    if not DATA.is_dir():
        pytest.skip("PolNeAR is absent")
    from collections import Counter

    counts: Counter[str] = Counter()
    for ann in (DATA / "attributions").glob("*.ann"):
        for line in ann.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[1].startswith("Cue"):
                counts[parts[2].lower()] += 1
    words = {e.lemma.split()[0] for e in load_lexicon().entries}
    missing = []
    for doc in nlp.pipe(c for c, _ in counts.most_common(150)):
        if not any(t.lemma_.lower() in words or t.lower_ in words for t in doc):
            missing.append(doc.text)
    assert missing == []


def test_doubled_apostrophes_are_double_marks():
    text = "''We need Chapter 9,'' said Ms. Acosta. ''Give us the tool.''"
    assert texts(text) == ["We need Chapter 9,", "Give us the tool."]


def test_single_quote_closing_inside_doubled_apostrophes():
    text = "''She said, 'You were not in line,''' Ms. Compton recalled."
    assert texts(text) == ["She said, 'You were not in line,'"]


def test_paragraph_opening_with_a_closing_mark_opens_a_quote():
    assert texts("Voters wrote in.\n\n”Fear. I am afraid.” ― Ana, 24") == ["Fear. I am afraid."]
