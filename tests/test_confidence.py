"""Calibrated confidences: every item scored, stronger evidence scores higher, tables
back off sensibly, and ``--min-confidence`` filters analyze, query and export."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.confidence import filter_document
from newsgraph.confidence.calibration import STRENGTH, Table, load
from newsgraph.eval.calibration.reliability import Bin, deciles, expected_error, markdown, svg
from newsgraph.store import Store

runner = CliRunner()


def _analyze(pipeline, text: str):
    from newsgraph.ingest import read_text_article

    return pipeline.analyze(read_text_article(text, id="t", published="2024-10-28"))


def _confidences(doc) -> list[float | None]:
    values = [e.confidence for e in doc.entities]
    for q in doc.quotes:
        values += [q.confidence, q.status_confidence]
        if q.speaker is not None:
            values.append(q.speaker.confidence)
    values += [x.confidence for x in (*doc.quantities, *doc.timexes, *doc.events)]
    return values


def test_packaged_tables_cover_every_kind():
    tables = load()
    assert {"quote", "speaker", "status", "quantity", "timex", "event", "entity"} <= set(tables)
    assert all(table.counts[""][0] > 50 for table in tables.values())


def test_every_item_of_the_example_has_a_confidence(example_doc):
    values = _confidences(example_doc)
    assert example_doc.quotes and example_doc.events and example_doc.timexes
    assert len(values) > 50
    assert all(v is not None and 0.0 <= v <= 1.0 for v in values)
    assert len(set(values)) > 5  # the evidence makes a difference


def test_named_speaker_scores_higher_than_an_unresolved_pronoun(pipeline):
    named = _analyze(pipeline, '"We will respond with force," Defense Minister Pavel Novak '
                               'said on Tuesday.')
    bare = _analyze(pipeline, '"It is going fine," he added.')
    (q1,), (q2,) = named.quotes, bare.quotes
    assert q1.speaker.name == "Pavel Novak" and q2.speaker.name == "he"
    assert q1.speaker.confidence > q2.speaker.confidence


def test_direct_quote_with_a_common_cue_scores_higher_than_reported_speech(pipeline):
    doc = _analyze(pipeline, '"We will respond with force," Defense Minister Pavel Novak said. '
                             'Officials '
                             'suggested that about 12,000 troops had crossed the border.')
    direct = next(q for q in doc.quotes if q.kind == "direct")
    indirect = next(q for q in doc.quotes if q.kind == "indirect")
    assert direct.confidence > indirect.confidence


def test_a_full_date_scores_higher_than_a_vague_time(pipeline):
    doc = _analyze(pipeline, "The troops arrived on March 3, 2024. More came recently.")
    by_text = {t.text: t for t in doc.timexes}
    assert by_text["March 3, 2024"].value == "2024-03-03"
    assert by_text["March 3, 2024"].confidence > by_text["recently"].confidence


def test_table_backs_off_to_the_parent_rate():
    examples = [(("a", "x"), True)] * 90 + [(("a", "x"), False)] * 10 \
        + [(("b", "y"), False)] * 50 + [(("b", "z"), True)] * 2
    table = Table.fit(examples)
    assert table.predict(("a", "x")) == pytest.approx(0.9, abs=0.02)
    assert table.predict(("b", "y")) < 0.1
    # a combination never seen gets the rate of its seen prefix
    assert table.predict(("a", "never")) == table.predict(("a",))
    # two items of a rare leaf move it only part of the way from its parent
    parent = table.predict(("b",))
    assert parent < table.predict(("b", "z")) < (2 + STRENGTH * parent) / (2 + STRENGTH) + 0.01
    assert Table().predict(("a",)) is None


def test_deciles_and_plot():
    bins = deciles([(0.05, False), (0.95, True), (0.91, True), (0.99, False), (1.0, True)])
    assert [b.n for b in bins] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 4]
    assert bins[9].accuracy == 0.75 and bins[9].mean == pytest.approx(0.9625)
    assert expected_error(bins) == pytest.approx((0.05 + 4 * 0.2125) / 5)
    assert "| 0.9-1.0 | 4 |" in markdown(bins)
    root = ET.fromstring(svg({"all": bins, "quote<&>": [Bin(0.5)]}, "t"))
    assert root.tag.endswith("svg") and len(root.findall(".//{*}circle")) == 2


def test_filter_document_keeps_unscored_items(example_doc):
    threshold = 0.8
    before = example_doc.model_dump()
    kept = filter_document(example_doc, threshold)
    assert 0 < len(kept.quotes) < len(example_doc.quotes)
    assert all(v is None or v >= threshold for v in
               [e.confidence for e in kept.entities] + [q.confidence for q in kept.quotes]
               + [x.confidence for x in (*kept.quantities, *kept.timexes, *kept.events)])
    assert all(q.speaker is None or q.speaker.confidence >= threshold for q in kept.quotes)
    unscored = example_doc.model_copy(deep=True)
    for q in unscored.quotes:
        q.confidence = None
    assert len(filter_document(unscored, threshold).quotes) == len(example_doc.quotes)
    assert example_doc.model_dump() == before  # the input is not changed


def test_analyze_min_confidence(example_text, tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(example_text, encoding="utf-8")
    outputs = {}
    for threshold in (None, "0.85"):
        args = ["analyze", str(source), "--published", "2024-10-28", "-f", "json"]
        args += ["--min-confidence", threshold] if threshold else []
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        outputs[threshold] = json.loads(result.stdout)
    full, kept = outputs[None], outputs["0.85"]
    assert len(kept["quotes"]) < len(full["quotes"])
    assert len(kept["entities"]) < len(full["entities"])
    assert all(item["confidence"] >= 0.85 for key in ("entities", "quotes", "quantities",
                                                      "timexes", "events") for item in kept[key])
    bad = runner.invoke(app, ["analyze", str(source), "--min-confidence", "1.5"])
    assert bad.exit_code == 2


@pytest.fixture(scope="module")
def db(tmp_path_factory, example_doc) -> str:
    path = str(tmp_path_factory.mktemp("conf") / "news.duckdb")
    with Store.open(path) as store:
        store.put_documents([example_doc])
    return path


def _json(*args: str) -> list[dict]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    # `query claims -f json` is one document: the claims, then the contradictions
    return answer["claims"] if isinstance(answer, dict) else answer


def test_query_min_confidence(db, example_doc):
    threshold = 0.8
    for command, option, term in (("quotes", "--entity", "Putin"), ("claims", "--about", "Korea"),
                                  ("numbers", "--about", "troops"),
                                  ("timeline", "--entity", "Korea")):
        base = ["query", command, option, term, "--db", db, "-f", "json"]
        everything = _json(*base)
        confident = _json(*base, "--min-confidence", str(threshold))
        assert len(confident) <= len(everything), command
        assert all(row in everything for row in confident), command
    quotes = _json("query", "claims", "--about", "Korea", "--db", db, "-f", "json")
    kept = _json("query", "claims", "--about", "Korea", "--db", db, "-f", "json",
                 "--min-confidence", str(threshold))
    assert len(kept) < len(quotes)
    scored = {q.text: q.confidence for q in example_doc.quotes}
    assert all(scored[r["claim"]] >= threshold for r in kept if r["item"] == "quote")


def test_export_min_confidence(db, tmp_path):
    threshold = "0.85"
    out = tmp_path / "docs.jsonl"
    result = runner.invoke(app, ["export", "--db", db, "-f", "jsonl", "-o", str(out),
                                 "--min-confidence", threshold])
    assert result.exit_code == 0, result.output
    (doc,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert doc["quotes"] and all(q["confidence"] >= 0.85 for q in doc["quotes"])
    for fmt in ("csv",):
        folder = tmp_path / fmt
        for option in ([], ["--min-confidence", threshold]):
            result = runner.invoke(app, ["export", "--db", db, "-f", fmt, "-o",
                                         str(folder / str(len(option)))] + option)
            assert result.exit_code == 0, result.output
        with (folder / "0" / "quotes.csv").open(encoding="utf-8") as handle:
            every = list(csv.DictReader(handle))
        with (folder / "2" / "quotes.csv").open(encoding="utf-8") as handle:
            kept = list(csv.DictReader(handle))
        assert 0 < len(kept) < len(every)
        assert all(float(r["confidence"]) >= 0.85 for r in kept)
    graph = tmp_path / "g.graphml"
    result = runner.invoke(app, ["export", "--db", db, "-f", "graphml", "-o", str(graph),
                                 "--min-confidence", "1.0"])
    assert result.exit_code == 0, result.output
    kinds = [d.text for d in ET.parse(graph).getroot().findall(".//{*}data")
             if d.get("key") == "n_kind"]
    assert "quote" not in kinds and "article" in kinds


def test_fit_and_reliability_on_a_few_documents(data_dir, tmp_path, monkeypatch):
    from newsgraph.confidence.calibration import parse
    from newsgraph.eval import run_task
    from newsgraph.eval.calibration.fit import main as fit

    out = tmp_path / "calibration.json"
    fit(["--data", str(data_dir), "--limit", "6", "--output", str(out)])
    tables = parse(out.read_text("utf-8"))
    assert {"quote", "timex", "entity"} <= set(tables)
    assert all(0 < t.counts[""][1] <= t.counts[""][0] for t in tables.values())
    svg_path = tmp_path / "reliability.svg"
    monkeypatch.setenv("NEWSGRAPH_RELIABILITY_SVG", str(svg_path))
    report = run_task("reliability", data_dir=data_dir, limit=6)
    pooled = [r for r in report.rows if r.system == "all" and r.measure.startswith("confidence")]
    assert pooled and all(r.support > 0 and 0.0 <= r.accuracy <= 1.0 for r in pooled)
    assert ET.parse(svg_path).getroot().tag.endswith("svg")
