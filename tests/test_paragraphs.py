"""Paragraph breaks end sentences before the parser runs (newsgraph_paragraphs)."""

from __future__ import annotations

from newsgraph.ingest import read_text_article

LIVE_BLOG = ("11:30 a.m.\n\n"
             "More GOP candidates are chiming in with criticism of the executive actions "
             "on guns in the U.S.\n\n"
             "Florida Sen. Marco Rubio says Obama is “obsessed” with undermining the Second "
             "Amendment.\n")


def test_a_blank_line_ends_a_sentence(nlp):
    sentences = [s.text.strip() for s in nlp(LIVE_BLOG).sents]
    assert sentences[0] == "11:30 a.m."
    assert sentences[-1].startswith("Florida Sen. Marco Rubio says")


def test_a_hard_wrapped_line_stays_one_sentence(nlp):
    doc = nlp("The minister said the talks would resume\nnext week in Geneva.")
    assert len(list(doc.sents)) == 1


def test_the_bare_model_is_left_as_shipped(nlp):
    from newsgraph.models import PARAGRAPHS, load_model

    assert PARAGRAPHS in nlp.pipe_names
    assert PARAGRAPHS not in load_model(paragraphs=False).pipe_names


def test_a_claim_after_a_one_line_paragraph_is_found(pipeline):
    doc = pipeline.analyze(read_text_article(LIVE_BLOG, id="blog", published="2016-01-05"))
    quote = next(q for q in doc.quotes if q.kind == "indirect")
    assert quote.speaker.name == "Marco Rubio"
    assert quote.text.startswith("Obama is")


def test_a_blank_line_with_spaces_or_crlf_ends_a_sentence(nlp):
    for gap in ("\n \n", "\r\n\r\n"):
        doc = nlp(f"Officials met in Geneva on Monday{gap}The talks will resume next week.")
        assert len(list(doc.sents)) == 2, repr(gap)
