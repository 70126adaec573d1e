import json
import subprocess
import sys

import jsonschema
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.schema import json_schema

runner = CliRunner()
ARTICLE = ("MOSCOW — Russia's defence ministry said on Sunday that its forces had taken "
           "two villages in eastern Ukraine. Ukraine's general staff did not confirm the "
           "claim, and a spokesman declined to comment.\n")


def test_example_json_from_the_real_command_validates(example_text, tmp_path):
    from tests.conftest import EXAMPLE

    result = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "analyze", str(EXAMPLE),
         "--published", "2024-10-28", "--format", "json"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json_schema())
    assert data["datelines"][0]["text"] == "WASHINGTON/BRUSSELS —"
    assert data["boilerplate"][0]["text"] == "Disclaimer: This image is taken from Reuters"
    assert data["published"] == "2024-10-28"
    assert "Traceback" not in result.stderr


def test_text_report_names_entities(tmp_path):
    path = tmp_path / "moscow.txt"
    path.write_text(ARTICLE, "utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--published", "2024-11-24"])
    assert result.exit_code == 0, result.output
    assert "Russia" in result.output and "Entities" in result.output


def test_jsonl_to_file_one_document_per_line(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(ARTICLE, "utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                 "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["a", "b"]


def test_bad_document_is_skipped_and_the_rest_completes(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "empty.txt").write_text("", "utf-8")
    out = tmp_path / "out.json"
    args = ["analyze", str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"),
            "--format", "json", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "empty.txt" in result.output and "1 analyzed, 1 skipped" in result.output
    assert json.loads(out.read_text("utf-8"))["id"] == "good"
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 1


def test_all_inputs_bad_exits_non_zero(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["analyze", str(tmp_path / "bin.txt"), "/no/such.txt"])
    assert result.exit_code == 1
    assert "binary" in result.output and "no such file" in result.output
    assert "Traceback" not in result.output


def test_non_english_text_is_flagged_not_analyzed(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text("Le gouvernement français a annoncé lundi de nouvelles mesures pour "
                    "soutenir l'Ukraine face à l'invasion russe, selon le ministère.", "utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 1
    assert "not English" in result.output


def test_usage_errors_exit_2(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    bad_date = runner.invoke(app, ["analyze", str(path), "--published", "yesterday"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    bad_extractor = runner.invoke(app, ["analyze", str(path), "--disable", "nonsense"])
    assert bad_extractor.exit_code == 2 and "known extractors" in bad_extractor.output
    bad_model = runner.invoke(app, ["analyze", str(path), "--model", "no_such_model"])
    assert bad_model.exit_code == 2 and "not installed" in bad_model.output
    assert runner.invoke(app, ["eval", "nonsense"]).exit_code == 2


def test_disabled_extractor_leaves_its_field_empty(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--disable", "entities",
                                 "--disable", "sources", "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["entities"] == []


def test_disabling_what_another_extractor_requires_is_a_usage_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--disable", "entities"])
    assert result.exit_code == 2
    assert "sources requires document.entities" in result.output
    assert "Traceback" not in result.output


def test_disable_help_lists_every_extractor_from_the_registry():
    from newsgraph.extract import SPECS

    result = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "300"})
    assert all(name in result.output for name in SPECS)
    assert "sources (needs entities, quotes)" in result.output


def test_schema_command_prints_the_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Document"


def test_messages_show_paths_with_brackets_verbatim(tmp_path):
    path = tmp_path / "[red]odd.txt"
    path.write_text("", "utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 1
    assert "[red]odd.txt" in result.output


def test_output_goes_into_a_new_folder_without_leftovers(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    out = tmp_path / "new" / "folder" / "a.json"
    result = runner.invoke(app, ["analyze", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))
    assert sorted(p.name for p in out.parent.iterdir()) == ["a.json"]


def test_a_failed_run_keeps_the_earlier_output(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    out = tmp_path / "out.json"
    out.write_text('{"earlier": true}', "utf-8")
    result = runner.invoke(app, ["analyze", str(empty), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_text("utf-8") == '{"earlier": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out.json"]


def test_a_folder_as_output_is_a_usage_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    result = runner.invoke(app, ["analyze", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.output


def test_schema_and_store_go_into_new_folders(tmp_path):
    schema_path = tmp_path / "a" / "schema.json"
    assert runner.invoke(app, ["schema", "-o", str(schema_path)]).exit_code == 0
    assert json.loads(schema_path.read_text("utf-8"))["title"]
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    db = tmp_path / "b" / "c" / "news.duckdb"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert db.exists()
