"""schemathesis against the OpenAPI spec: generated requests never get a server error.

Bounded: at most 50 examples per operation. The analyze endpoint runs the real
ingest checks (``read_text_article``) with extraction stubbed out, so the run
tests the web layer and input handling, not the model's speed.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from newsgraph.ingest import IngestError, read_text_article  # noqa: E402
from newsgraph.schema import Document  # noqa: E402
from newsgraph.web import DocumentRepository, create_app  # noqa: E402
from tests.web_corpus import corpus  # noqa: E402


def _analyzer(text: str, published: str | None, title: str | None) -> Document | IngestError:
    article = read_text_article(text, id="pasted", published=published, title=title)
    if isinstance(article, IngestError):
        return article
    return Document(id=article.id, text=article.text, title=article.title,
                    published=article.published)


app = create_app(DocumentRepository(corpus()), analyzer=_analyzer)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_has_no_server_error(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                              content_type_conformance,
                                              response_schema_conformance])
