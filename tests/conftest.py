from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "kursk-deployment.txt"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.models import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is absent")
    return EXAMPLE.read_text("utf-8")


@pytest.fixture(scope="session")
def example_doc(pipeline, example_text):
    """The example article analyzed once for the whole session."""
    from newsgraph.ingest import read_text_article

    article = read_text_article(example_text, id="kursk-deployment", published="2024-10-28")
    return pipeline.analyze(article)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"{DATA} is absent")
    return DATA


@pytest.fixture(autouse=True)
def _server_closes_store_at_once(monkeypatch):
    """The web server keeps a DuckDB store open between close requests; tests write to
    the store right after reading it, as one process, so it is closed after each one
    and its state read again."""
    monkeypatch.setattr("newsgraph.web.sql_repository.IDLE_SECONDS", 0.0)
    monkeypatch.setattr("newsgraph.web.sql_repository.STATE_SECONDS", 0.0)
