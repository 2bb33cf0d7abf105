"""A one-line progress bar on a terminal; nothing when output is redirected."""

from __future__ import annotations

import sys
from collections.abc import Callable


def terminal_progress(verb: str) -> Callable[[int, int], bool] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        fraction = min(1.0, done / total) if total else 1.0
        bar = "#" * int(fraction * 30)
        sys.stderr.write(f"\r{verb} [{bar:<30}] {fraction:6.1%}")
        sys.stderr.flush()
        return True

    return show


def clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 60 + "\r")
