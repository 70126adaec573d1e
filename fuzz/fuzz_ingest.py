"""Coverage-guided fuzzing of the HTML and JSONL ingest paths with atheris.

    python fuzz/fuzz_ingest.py -max_total_time=60

Any exception escaping ingestion is a bug: bad input must become an IngestError.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from newsgraph.ingest import IngestError, RawArticle
    from newsgraph.ingest.decode import DecodeError, decode_bytes
    from newsgraph.ingest.readers import read_jsonl_lines, read_text_article


def check(item: object) -> None:
    assert isinstance(item, (RawArticle, IngestError)), item


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    kind = fdp.ConsumeIntInRange(0, 2)
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        text = decode_bytes(raw)
    except DecodeError:
        return
    if kind == 0:
        check(read_text_article("<html><body>" + text, id="fuzz"))
    elif kind == 1:
        check(read_text_article(text, id="fuzz"))
    else:
        for item in read_jsonl_lines(text.splitlines(), origin="fuzz.jsonl"):
            check(item)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
