"""Span handles: how undo commands name a span whose id moves.

An edit names each span it touches by a handle: the id the span had on screen when
the edit was made. A new span is shown at once under a temporary (negative) id and
stored later; a deleted span that is put back gets a new id. So the store worker
learns the stored id of a handle, and the display the id it now shows the span by;
each side asks only its own map, so neither waits for the other.
"""

from __future__ import annotations

import threading


class SpanHandles:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stored: dict[int, int] = {}  # handle -> id in the store (worker thread)
        self._shown: dict[int, int] = {}  # handle -> id on screen (GUI thread)
        self._handle_of: dict[int, int] = {}  # id on screen -> handle (GUI thread)
        self._next_temporary = -1

    # -------------------------------------------------- the GUI thread's side

    def temporary(self) -> int:
        """A new id for a span shown before it is stored."""
        self._next_temporary -= 1
        return self._next_temporary + 1

    def shown(self, handle: int) -> int:
        """The id the span is shown by now."""
        return self._shown.get(handle, handle)

    def handle(self, shown_id: int) -> int:
        """The handle of a span shown under this id."""
        return self._handle_of.get(shown_id, shown_id)

    def show_as(self, handle: int, shown_id: int) -> None:
        self._handle_of.pop(self._shown.get(handle, handle), None)
        self._shown[handle] = shown_id
        if shown_id != handle:
            self._handle_of[shown_id] = handle

    # -------------------------------------------------- the worker's side

    def stored(self, handle: int) -> int:
        """The span's id in the store now."""
        with self._lock:
            return self._stored.get(handle, handle)

    def store_as(self, handle: int, stored_id: int) -> None:
        with self._lock:
            self._stored[handle] = stored_id

    def clear(self) -> None:
        """A fresh history (another annotator, new labels): old handles mean nothing."""
        with self._lock:
            self._stored.clear()
        self._shown.clear()
        self._handle_of.clear()
