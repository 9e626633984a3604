"""Peak memory of a command, measured in a fresh process.

``ru_maxrss`` of a direct child of the test process would count the pages of the test
process itself: Linux keeps the high-water mark of the image a child was forked from, and
pytest grows to hundreds of MB over a run.  So the command runs as a grandchild, started by
a small launcher that writes the grandchild's peak RSS to a file.
"""

from __future__ import annotations

import sys
from pathlib import Path

LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)
MAX_RSS_BYTES = 300_000_000
"""The memory bound hostile inputs are held to (a plain fetch peaks near 55 MB)."""


def measured(command: list[str], peak_file: Path) -> list[str]:
    """``command`` wrapped so that its peak RSS is written to ``peak_file``."""
    return [sys.executable, "-c", LAUNCHER, str(peak_file), *command]


def peak_bytes(peak_file: Path) -> int:
    """The peak RSS ``measured`` recorded, in bytes (Linux reports KiB)."""
    return int(peak_file.read_text()) * 1024
