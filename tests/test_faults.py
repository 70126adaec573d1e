"""Faults of the machine, not the input: a full disk, a read-only path or database.

Each must end in one clear line on standard error and exit 1, never a
traceback, and a store that was being written must stay whole: a rerun once
the fault is gone completes with every article stored once.

The full-disk and read-only-filesystem tests mount a small tmpfs, which needs
root (CAP_SYS_ADMIN); elsewhere they skip. /dev/full needs nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from newsgraph.errors import environment_error
from newsgraph.store import Store
from tests._pg import fresh_database

REPORT = ("KYIV — Ukraine's air force said on Monday that it shot down {n} drones overnight, "
          "according to a statement posted on Telegram. Officials in the Kharkiv region "
          "reported damage to {n} homes, and regional governor Oleh Syniehubov said two "
          "people were injured.\n")


def newsgraph(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], capture_output=True,
                          input=stdin, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "200"})


def assert_clear_failure(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert words in result.stderr
    assert result.stderr.count("error:") == 1, result.stderr  # said once, not twice


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a tmpfs of the given size (and options); unmount at the end."""
    mounted: list[Path] = []

    def mount(size: str, options: str = "") -> Path:
        point = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
        point.mkdir()
        opts = f"size={size}" + (f",{options}" if options else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(point)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def reports(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"report-{i:02d}.txt").write_text(REPORT.format(n=i + 3), "utf-8")
    return folder


def test_analyze_to_a_full_disk_is_a_clear_error():
    result = newsgraph("analyze", "-", "-o", "/dev/full", stdin=REPORT.format(n=5))
    assert_clear_failure(result, "disk is full")


def test_analyze_into_a_read_only_folder_is_a_clear_error(tmp_path, tmpfs):
    article = tmp_path / "a.txt"
    article.write_text(REPORT.format(n=5), "utf-8")
    read_only = tmpfs("1m", "ro")
    result = newsgraph("analyze", str(article), "-f", "json", "-o", str(read_only / "a.json"))
    assert_clear_failure(result, "read-only")


def test_ingest_into_a_read_only_duckdb_path_is_a_clear_error(tmp_path, tmpfs):
    read_only = tmpfs("1m", "ro")
    result = newsgraph("ingest", str(reports(tmp_path / "in", 2)),
                       "--db", str(read_only / "news.duckdb"))
    assert_clear_failure(result, "read-only")


def test_ingest_that_fills_the_disk_stops_clearly_and_resumes_whole(tmp_path, tmpfs):
    corpus = reports(tmp_path / "in", 40)
    disk = tmpfs("300k")
    db = str(disk / "news.duckdb")
    args = ("ingest", str(corpus), "--db", db, "--commit-every", "2", "--batch-size", "2",
            "--published", "2024-11-04")
    assert_clear_failure(newsgraph(*args), "disk is full")

    subprocess.run(["mount", "-o", "remount,size=50m", str(disk)], check=True)
    rerun = newsgraph(*args)
    assert rerun.returncode == 0, rerun.stderr
    with Store.open(db) as store:
        _, rows = store.query("SELECT article_key, count(*) FROM articles GROUP BY article_key")
        assert len(rows) == 40 and all(n == 1 for _, n in rows)
        _, orphans = store.query("SELECT count(*) FROM quotes WHERE doc_key NOT IN "
                                 "(SELECT doc_key FROM articles)")
        assert orphans == [(0,)]


def test_ingest_into_a_read_only_postgresql_database_is_a_clear_error(tmp_path):
    import psycopg

    url = fresh_database()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        con.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    result = newsgraph("ingest", str(reports(tmp_path / "in", 2)), "--db", url)
    assert_clear_failure(result, "read-only")


@pytest.mark.parametrize("exc, words", [
    (OSError(28, "No space left on device"), "disk is full"),
    (OSError(30, "Read-only file system"), "read-only"),
    (PermissionError(13, "Permission denied"), "read-only"),
    (FileNotFoundError(2, "No such file or directory", "/gone/out.json"), "check the path"),
])
def test_storage_failures_get_a_message_that_says_what_to_do(exc, words):
    message = environment_error(exc)
    assert message is not None and words in message


def test_other_errors_are_left_to_surface_as_bugs():
    assert environment_error(ValueError("a bug")) is None
    assert environment_error(KeyError("x")) is None
