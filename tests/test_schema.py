import json

import jsonschema
import pytest
from pydantic import ValidationError

from newsgraph.schema import Document, Entity, Mention, Quote, check_spans, json_schema


def test_example_output_validates_against_json_schema(example_doc):
    data = json.loads(example_doc.model_dump_json())
    jsonschema.validate(data, json_schema())


def test_round_trip_keeps_every_field(example_doc):
    again = Document.model_validate_json(example_doc.model_dump_json())
    assert again == example_doc


def test_document_has_every_key_even_when_empty():
    data = Document(id="x", text="Nothing happened.").model_dump()
    for key in ("id", "title", "url", "published", "text", "datelines", "boilerplate",
                "entities", "quotes", "quantities", "timexes", "events"):
        assert key in data


def test_every_span_of_the_example_covers_its_text(example_doc):
    assert check_spans(example_doc) == []


def test_check_spans_reports_a_span_that_points_elsewhere():
    doc = Document(id="x", text="Putin spoke.", entities=[
        Entity(id="e1", name="Putin", type="PERSON",
               mentions=[Mention(text="Putin", span=(1, 6))])])
    assert check_spans(doc) == ["entities[0].mentions[0]: span (1, 6) does not cover 'Putin'"]


def test_reversed_span_is_rejected():
    with pytest.raises(ValidationError):
        Quote(kind="direct", text="x", span=(5, 2))


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError):
        Document.model_validate({"id": "x", "text": "t", "surprise": 1})
