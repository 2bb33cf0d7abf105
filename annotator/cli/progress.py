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


def upgrade_progress() -> Callable[[str, int, int], object] | None:
    """For open_store: a long upgrade of an older store (indexing it) on the terminal."""
    shown: dict[str, Callable[[int, int], bool] | None] = {}

    def show(what: str, done: int, total: int) -> None:
        if what not in shown:
            shown[what] = terminal_progress(f"upgrading the store: {what}")
        bar = shown[what]
        if bar is not None:
            bar(done, total)
            if done >= total:
                clear_progress()

    return show if sys.stderr.isatty() else None
