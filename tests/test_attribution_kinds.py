"""Kinds of attribution: every quote carries one, users choose which to keep."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsgraph.attribution.kinds import parse_attribution_kinds
from newsgraph.attribution.lexicon import attribution_kinds
from newsgraph.cli import app
from newsgraph.ingest import RawArticle
from newsgraph.pipeline import Pipeline
from newsgraph.schema import ATTRIBUTION_KINDS

TEXT = ("Defense Minister Ana Reyes said the border would stay closed. The agency reported "
        "that two bridges had been hit. Reyes believes the talks will fail. The government "
        "denied the allegations.")


def test_every_table_kind_is_a_schema_kind():
    table = attribution_kinds()
    assert table["say"] == "speech" and table["report"] == "report"
    assert table["believe"] == "belief" and table["deny"] == "stance"
    assert set(table.values()) <= set(ATTRIBUTION_KINDS)


def test_parse_kinds():
    assert parse_attribution_kinds(None) is None
    assert parse_attribution_kinds("speech, report") == ("speech", "report")
    assert parse_attribution_kinds(["speech,belief,report,stance"]) is None  # all of them
    with pytest.raises(ValueError, match="unknown attribution kind 'gossip'"):
        parse_attribution_kinds("speech,gossip")


@given(st.text(max_size=40))
def test_parse_kinds_never_crashes_otherwise(text):
    try:
        kinds = parse_attribution_kinds(text)
    except ValueError as exc:
        assert "known kinds" in str(exc)
    else:
        assert kinds is None or set(kinds) <= set(ATTRIBUTION_KINDS)


def test_quotes_carry_their_kind_and_can_be_chosen():
    every = Pipeline(extractors=("entities", "quotes", "sources", "stances"))
    document = every.analyze(RawArticle(id="k", text=TEXT))
    kinds = {q.cue.text: q.attribution_kind for q in document.quotes if q.cue}
    assert kinds == {"said": "speech", "reported": "report", "believes": "belief",
                     "denied": "stance"}
    speech = Pipeline(extractors=("entities", "quotes", "sources", "stances"),
                      attribution_kinds="speech,report")
    chosen = speech.analyze(RawArticle(id="k", text=TEXT))
    assert {q.attribution_kind for q in chosen.quotes} == {"speech", "report"}
    assert not any(s.status == "denied" for s in chosen.stances)  # the denial quote went


def test_analyze_cli_option(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(path), "-f", "json", "--attribution-kinds",
                                 "belief"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [q["attribution_kind"] for q in doc["quotes"]] == ["belief"]
    bad = runner.invoke(app, ["analyze", str(path), "--attribution-kinds", "gossip"])
    assert bad.exit_code == 2 and "unknown attribution kind" in bad.output
