"""Bad, huge and hostile input: never a traceback, never a lost document."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest import RawArticle
from newsgraph.schema import check_spans
from tests._isolated import run_isolated

ROOT = Path(__file__).resolve().parents[1]
NEWSGRAPH = [sys.executable, "-m", "newsgraph.cli"]

FRAGMENTS = [
    "Putin", "said", "“", "”", '"', "'", "he", "did not confirm", "around 10,000", "troops",
    "last Wednesday", "on Monday (Oct 28)", "in June", "2.5-year", "over 600,000", "\n\n",
    "according to", "Pentagon spokesperson Sabrina Singh", ",", ".", "—", "Kyiv", "may",
    "March", "$1.5bn", "between 1,500 and 3,000", "declined to comment", "if", "would",
    "Zelenskiy", "Ünïcödé", "🙂", "\t", "NATO", "denied", "X", "on X", "(", ")", "1990s",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                 min_size=1, max_size=40).map(" ".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_every_span_lies_inside_the_text_and_matches_it(pipeline, text):
    if not text.strip():
        return
    doc = pipeline.analyze(RawArticle(id="prop", text=text, published="2024-10-28"))
    assert check_spans(doc) == []


def _run_limited(args: list[str], tmp_path: Path
                 ) -> tuple[subprocess.CompletedProcess, float, float]:
    """The result, the seconds it took and its peak RSS in MiB."""
    start = time.monotonic()
    result, peak_mb = run_isolated(args, tmp_path / "peak.kib", capture_output=True,
                                   text=True, timeout=60, cwd=tmp_path, check=False)
    return result, time.monotonic() - start, peak_mb


@pytest.mark.parametrize("kind", ["txt", "html", "jsonl"])
def test_a_50_mb_input_is_refused_cleanly_within_60_s_and_2_gb(tmp_path, kind):
    sentence = "The ministry said that talks with the delegation would resume in Geneva. "
    body = sentence * (50_000_000 // len(sentence))
    path = tmp_path / f"big.{kind}"
    if kind == "html":
        path.write_text(f"<html><body><p>{body}</p></body></html>", "utf-8")
    elif kind == "jsonl":
        path.write_text(json.dumps({"id": "big", "text": body}) + "\n"
                        + json.dumps({"id": "small", "text": sentence * 3}) + "\n", "utf-8")
    else:
        path.write_text(body, "utf-8")
    result, seconds, peak_mb = _run_limited([*NEWSGRAPH, "analyze", str(path), "-f", "jsonl",
                                             "-o", "out.jsonl"], tmp_path)
    assert seconds < 60
    assert peak_mb < 2048
    assert "Traceback" not in result.stderr
    assert "split it into articles" in result.stderr
    if kind == "jsonl":  # the rest of the batch is still analyzed
        assert result.returncode == 0
        assert [json.loads(x)["id"] for x in (tmp_path / "out.jsonl").open()] == ["small"]
    else:
        assert result.returncode == 1


def test_malformed_jsonl_is_reported_by_line_and_the_rest_analyzed(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = json.dumps({"id": "ok", "text": "Officials in Kyiv said the talks would resume."})
    path.write_text(f'{good}\n{{"id": "broken", "text": \n\x00\x01garbage\n{good}\n', "utf-8")
    result, _, _ = _run_limited([*NEWSGRAPH, "analyze", str(path), "-f", "jsonl"], tmp_path)
    assert result.returncode == 0
    assert f"{path}:2" in result.stderr and f"{path}:3" in result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["ok", "ok~2"]
    assert "Traceback" not in result.stderr


def test_fuzzing_the_html_and_jsonl_ingest_finds_no_crash(tmp_path):
    pytest.importorskip("atheris")
    # through the launcher: libFuzzer's RSS limit reads the fuzzer's own peak
    result, _ = run_isolated(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_ingest.py"), "-max_total_time=20",
         "-rss_limit_mb=2048", f"-artifact_prefix={tmp_path}/"], tmp_path / "peak.kib",
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done" in result.stderr
