"""A throwaway PostgreSQL server for the store tests.

It runs initdb/pg_ctl from /usr/lib/postgresql/*/bin into a temporary folder
and listens on 127.0.0.1 only; no system service is involved. As root
(initdb refuses root), the server runs as the ``postgres`` system user.
Without PostgreSQL installed the tests skip, except under CI (CI=true),
where they fail: scripts/setup-postgres.sh installs it.
"""

from __future__ import annotations

import atexit
import functools
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid

import pytest

USER = "newsgraph"


def _bin_dir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as(owner: str | None, args: list[str]) -> None:
    if owner:
        args = ["runuser", "-u", owner, "--", *args]
    subprocess.run(args, check=True, capture_output=True, timeout=120)


@functools.cache
def server() -> str | None:
    """Start the server once per test process; return its base URL (or None)."""
    bindir = _bin_dir()
    if bindir is None:
        return None
    owner = None
    root = tempfile.mkdtemp(prefix="newsgraph-pg-")
    if os.geteuid() == 0:
        owner = "postgres"
        entry = pwd.getpwnam(owner)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data = os.path.join(root, "data")
    port = _free_port()
    _run_as(owner, [f"{bindir}/initdb", "-D", data, "-U", USER, "--auth=trust",
                    "-E", "UTF8", "--no-sync"])
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root}"
               " -c fsync=off -c max_connections=50")
    _run_as(owner, [f"{bindir}/pg_ctl", "-D", data, "-o", options, "-w", "-t", "60",
                    "-l", os.path.join(root, "log"), "start"])

    def stop() -> None:
        subprocess.run(([
            "runuser", "-u", owner, "--"] if owner else []) + [
            f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql://{USER}@127.0.0.1:{port}"


def fresh_database() -> str:
    """A new empty database on the test server; skip (or fail under CI) without one."""
    base = server()
    if base is None:
        message = ("PostgreSQL is not installed (run scripts/setup-postgres.sh); "
                   "store tests against it skipped")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
