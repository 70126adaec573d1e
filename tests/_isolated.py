"""Run a command whose peak memory is its own.

Linux keeps a process's peak RSS (``ru_maxrss``) across fork and exec, so a command
started straight from the test process reports at least the test process's own peak,
which grows with every model the suite has loaded. A small launcher forks the command
instead: the command then starts from the launcher's few megabytes, and the launcher
reports the command's real peak.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(sys.argv[1], 'w').write(str(peak_kib))\n"
    "sys.exit(code)\n"
)


def run_isolated(args: list[str], peak_file: Path, **kwargs) -> tuple[
        subprocess.CompletedProcess, float]:
    """``subprocess.run(args, **kwargs)`` through the launcher; returns the result and the
    command's peak RSS in MiB."""
    result = subprocess.run([sys.executable, "-c", LAUNCHER, str(peak_file), *args], **kwargs)
    return result, int(peak_file.read_text()) / 1024
