"""Failures of the machine rather than of the input: full disk, read-only,
missing or unreachable storage. Interfaces turn them into one clear line and exit 1.

Input problems (empty, binary, malformed documents) are not here: they are
:class:`newsgraph.ingest.IngestError` records reported per document while the
batch goes on.
"""

from __future__ import annotations

import errno

_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)
_FULL_WORDS = ("no space left", "disk full", "diskfull", "quota exceeded", "file too large")
_READ_ONLY_WORDS = ("read-only", "read only", "permission denied", "readonly")


def _kind(exc: BaseException) -> str | None:
    code = getattr(exc, "errno", None)
    if code in _FULL:
        return "full"
    if code in _READ_ONLY:
        return "read-only"
    text = f"{type(exc).__name__} {exc}".lower()
    if any(word in text for word in _FULL_WORDS):
        return "full"
    if any(word in text for word in _READ_ONLY_WORDS):
        return "read-only"
    return None


def environment_error(exc: BaseException) -> str | None:
    """A message saying what went wrong and what to do, or None if ``exc`` is not
    a storage failure (then it is a bug, and should surface as one)."""
    kind = _kind(exc)
    target = getattr(exc, "filename", None)
    where = f" ({target})" if target else ""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if kind == "full":
        return (f"the disk is full{where}: {detail}. Free some space or write elsewhere; "
                "what was committed before is kept, and rerunning the command resumes.")
    if kind == "read-only":
        return (f"cannot write{where}: {detail}. The file, folder or database is read-only; "
                "choose a writable path (or --db), or use `newsgraph query`, `export` or "
                "`serve`, which only read a store.")
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)) and target:
        return f"no such file or folder{where}: check the path, or create the folder first."
    if _is_store_io(exc):
        return f"the store could not be read or written: {detail}"
    return None


def _is_store_io(exc: BaseException) -> bool:
    module = type(exc).__module__ or ""
    name = type(exc).__name__
    if module.startswith(("duckdb", "_duckdb")):
        return name in ("IOException", "PermissionException", "OutOfMemoryException")
    if module.startswith("psycopg"):
        return name in ("OperationalError", "DiskFull", "ReadOnlySqlTransaction",
                        "InsufficientPrivilege")
    return False
