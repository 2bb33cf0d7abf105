"""Another program holding a database's write lock, for busy-store tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A second Python process holds ``BEGIN EXCLUSIVE`` on the database until the block
    ends (or until ``release`` is called on what this yields)."""
    process = subprocess.Popen([sys.executable, "-c", _HOLD, str(db_path)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "locked"
        yield process
    finally:
        release(process)


def release(process: subprocess.Popen[str]) -> None:
    """Let the lock go (the holder rolls back and exits)."""
    if process.poll() is None:
        process.communicate("\n", timeout=10)
