"""Names' keys cached per thread, emptied in every thread when a name changes."""

from __future__ import annotations

import threading


class KeyCache:
    """Name → primary key, one dict per thread: a background import may create a row
    in a transaction it later rolls back, which no other thread must have seen."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._generation = 0

    @property
    def keys(self) -> dict[str, int]:
        """This thread's cache; a rename or delete in any thread has emptied it."""
        if getattr(self._local, "generation", None) != self._generation:
            self._local.keys = {}
            self._local.generation = self._generation
        return self._local.keys  # type: ignore[no-any-return]

    def forget(self) -> None:
        """After a rollback: cached keys may name rows that are gone (this thread only)."""
        self._local.keys = {}

    def changed(self) -> None:
        """A name was renamed or deleted: every thread's cache starts afresh."""
        self._generation += 1
