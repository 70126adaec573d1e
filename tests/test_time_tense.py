"""Values that depend on the parse: the tense and context that place a time expression."""

import pytest

from newsgraph.ingest import read_text_article

EXTRACTORS = ("datelines", "entities", "timexes")
PUBLISHED = "2024-10-28"  # a Monday


@pytest.fixture(scope="module")
def time_pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline(extractors=EXTRACTORS)


def _values(time_pipeline, text: str) -> dict[str, str]:
    article = read_text_article(text, id="t", published=PUBLISHED)
    document = time_pipeline.extract(time_pipeline.nlp(article.text), article)
    return {t.text: t.value for t in document.timexes}


@pytest.mark.parametrize(("text", "phrase", "value"), [
    # a verb across a line break does not govern the date (the parser may join the lines)
    ("The company agreed to pay $4 million to acquire the unit.\n\nIn trading Friday, its "
     "shares were quoted at 87 cents.", "Friday", "2024-10-25"),
    # "until" looks ahead, unless the clause is pluperfect
    ("Until Thursday, the police had not called him a suspect.", "Thursday", "2024-10-24"),
    ("Officials postponed until Thursday any action on the permit.", "Thursday", "2024-10-31"),
    # a plan in the pluperfect has been overtaken: its day has passed
    ("The offer had been scheduled to expire Friday. It was extended.", "Friday", "2024-10-25"),
    ("The offer is scheduled to expire Friday.", "Friday", "2024-11-01"),
    # the second of two days shares the month of the first
    ("The summit will be held on April 24 and 25.", "25", "2025-04-25"),
    # the first number of a range counts the unit after the second
    ("Shipments will resume within two to three weeks.", "two", "P2W"),
    # "one day" ahead of a future verb is some day, not a day's length
    ("Islam will one day be the second largest religion.", "one day", "FUTURE_REF"),
    ("The strike will last for one day.", "one day", "P1D"),
    ("Sales peak in the second and fourth quarters.", "second", "XXXX-Q2"),
])
def test_tense_places_the_date(time_pipeline, text, phrase, value):
    assert _values(time_pipeline, text)[phrase] == value
