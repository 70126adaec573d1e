import pytest

from newsgraph.extract.entities import build_entities

EXPECTED = {
    "Pentagon": "ORG", "NATO": "ORG", "Mark Rutte": "PERSON", "Joe Biden": "PERSON",
    "Sabrina Singh": "PERSON", "Kremlin": "ORG", "Putin": "PERSON",
    "Volodymyr Zelenskiy": "PERSON", "Andrii Sybiha": "PERSON", "Choe Son-hui": "PERSON",
    "Andriy Yermak": "PERSON", "North Korea": "GPE", "Russia": "GPE", "Ukraine": "GPE",
    "Kursk": "GPE", "Pyongyang": "GPE", "Moscow": "GPE", "Kyiv": "GPE",
}


@pytest.mark.parametrize(("name", "type_"), sorted(EXPECTED.items()))
def test_example_entity_has_one_identity_with_the_right_type(example_doc, name, type_):
    matches = [e for e in example_doc.entities if e.name == name]
    assert len(matches) == 1, [e.name for e in example_doc.entities]
    assert matches[0].type == type_
    forms = {m.text for e in example_doc.entities if e is not matches[0] for m in e.mentions}
    assert name not in forms  # no second entity holds a mention of the same name


def test_surnames_fold_into_the_full_name(example_doc):
    singh = next(e for e in example_doc.entities if e.name == "Sabrina Singh")
    assert {m.text for m in singh.mentions} == {"Sabrina Singh", "Singh"}


def test_country_and_capital_stay_distinct(example_doc):
    names = {e.name for e in example_doc.entities}
    assert {"North Korea", "Pyongyang"} <= names


def test_dateline_places_are_entities(example_doc):
    names = {e.name: e.type for e in example_doc.entities}
    assert names.get("Washington") == "GPE" and names.get("Brussels") == "GPE"


def test_country_aliases_are_one_entity(nlp):
    doc = nlp("The U.S. said on Monday that the United States would act. US officials agreed.")
    entities, _ = build_entities(doc)
    countries = [e for e in entities if e.type == "GPE"]
    assert len(countries) == 1
    assert {m.text for m in countries[0].mentions} == {"U.S.", "United States", "US"}


def test_different_people_with_one_surname_stay_apart(nlp):
    text = ("Sabrina Singh, a Pentagon spokesperson, spoke on Monday. On Tuesday, Jagmeet "
            "Singh, the leader of the New Democratic Party, spoke in Ottawa. Singh said the "
            "vote would pass.")
    entities, _ = build_entities(nlp(text))
    people = {e.name: {m.text for m in e.mentions} for e in entities if e.type == "PERSON"}
    assert "Sabrina Singh" in people and "Jagmeet Singh" in people
    # the lone surname goes to the nearest earlier full name only
    assert "Singh" in people["Jagmeet Singh"] and "Singh" not in people["Sabrina Singh"]


def test_token_index_points_at_the_entity(nlp):
    doc = nlp("President Joe Biden met Mark Rutte in Brussels.")
    entities, token_entity = build_entities(doc)
    by_id = {e.id: e.name for e in entities}
    assert by_id[token_entity[2]] == "Joe Biden"
    assert "President" not in by_id.values()


def _names(nlp, text: str) -> dict[str, set[str]]:
    entities, _ = build_entities(nlp(text))
    return {e.name: {m.text for m in e.mentions} for e in entities}


def test_an_acronym_the_text_defines_joins_its_name(nlp):
    names = _names(nlp, "The National Intelligence and Security Agency (NISA) said on Monday "
                        "it had arrested two men. NISA did not name them.")
    assert names == {"NISA": {"National Intelligence and Security Agency", "NISA"}}


def test_an_acronym_whose_initials_spell_a_name_joins_it(nlp):
    names = _names(nlp, "Officials at the North Atlantic Treaty Organization met in Brussels. "
                        "NATO said the meeting went well.")
    assert names["North Atlantic Treaty Organization"] == {
        "North Atlantic Treaty Organization", "NATO"}


def test_an_acronym_never_folds_into_a_sentence_opening(nlp):
    # an interviewer's label "WN" is not "When Neandertals"
    text = ("Just thinking about Neandertals:  When Neandertals were living in Europe, they "
            "hunted.\n\n((WN))  What did they eat?\n\n((WN))  Did they cook?")
    entities, _ = build_entities(nlp(text))
    assert not any({"WN"} < {m.text for m in e.mentions} for e in entities)


def test_an_all_capital_product_name_keeps_its_case(nlp):
    names = _names(nlp, "The company runs RHEL 7 on every server it owns in Raleigh.")
    assert "Rhel 7" not in names
