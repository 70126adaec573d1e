import pytest

from newsgraph.extract.datelines import find_datelines


@pytest.mark.parametrize(("text", "places", "dateline"), [
    ("WASHINGTON/BRUSSELS — The Pentagon said", ["Washington", "Brussels"],
     "WASHINGTON/BRUSSELS —"),
    ("KYIV, Ukraine (Reuters) - Russia launched", ["Kyiv", "Ukraine"],
     "KYIV, Ukraine (Reuters) -"),
    ("NEW YORK — Stocks fell", ["New York"], "NEW YORK —"),
    ("WASHINGTON — US officials said", ["Washington"], "WASHINGTON —"),
    ("LONDON, Jan 5 (AP) -- The prime minister", ["London"], "LONDON, Jan 5 (AP) --"),
])
def test_dateline_is_found_with_its_places(text, places, dateline):
    [found] = find_datelines(text)
    assert found.places == places
    assert found.text == dateline
    assert text[found.span[0]:found.span[1]] == dateline


@pytest.mark.parametrize("text", [
    "The Pentagon - which declined to comment - said", "Officials said — again — no.", "",
])
def test_ordinary_sentences_have_no_dateline(text):
    assert find_datelines(text) == []


def test_example_dateline(example_doc):
    assert [d.text for d in example_doc.datelines] == ["WASHINGTON/BRUSSELS —"]


@pytest.mark.parametrize("text", [
    "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
    "U.S.-led forces said on Monday",
    "LA PRESSE\n- The newspaper said",
])
def test_headlines_and_hyphenated_words_are_not_datelines(text):
    assert find_datelines(text) == []


def test_attached_em_dash_dateline():
    [found] = find_datelines("GENEVA— Talks resumed on Monday.")
    assert found.places == ["Geneva"]
