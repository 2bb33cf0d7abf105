"""Typed access to the user's preferences, over an injectable QSettings."""

from __future__ import annotations

import getpass
import hashlib
import json
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


def _db_key(location: str) -> str:
    # QSettings keys must not contain slashes or colons from paths/URLs.
    return hashlib.sha1(location.encode()).hexdigest()[:16]


class Settings:
    """All preference keys in one place, so tests can inject a private QSettings."""

    def __init__(self, qsettings: QSettings) -> None:
        self.q = qsettings

    # ------------------------------------------------------------ annotator

    def annotator(self) -> str:
        return str(self.q.value("annotator/name", "") or "")

    def set_annotator(self, name: str) -> None:
        self.q.setValue("annotator/name", name.strip())

    def annotator_or_default(self) -> str:
        return self.annotator() or getpass.getuser() or "annotator"

    # --------------------------------------------------------------- toggles

    def _flag(self, key: str, default: bool) -> bool:
        value = self.q.value(key, default)
        return value in (True, "true", "1", 1)

    def snap_to_tokens(self) -> bool:
        return self._flag("editing/snap", True)

    def set_snap_to_tokens(self, on: bool) -> None:
        self.q.setValue("editing/snap", on)

    # ------------------------------------------------------------ suggestions

    def suggestion_threshold(self) -> float:
        try:
            return min(1.0, max(0.0, float(self.q.value("suggest/threshold", 0.5))))
        except (TypeError, ValueError):
            return 0.5

    def set_suggestion_threshold(self, value: float) -> None:
        self.q.setValue("suggest/threshold", round(value, 2))

    def show_suggestions(self) -> bool:
        return self._flag("suggest/show", True)

    def set_show_suggestions(self, on: bool) -> None:
        self.q.setValue("suggest/show", on)

    def likely_speakers(self) -> bool:
        return self._flag("relations/likely_speakers", True)

    def set_likely_speakers(self, on: bool) -> None:
        self.q.setValue("relations/likely_speakers", on)

    def next_by_need(self) -> bool:
        return self._flag("suggest/next_by_need", False)

    def set_next_by_need(self, on: bool) -> None:
        self.q.setValue("suggest/next_by_need", on)

    def suggester(self, slot: str) -> str:
        """The pattern file or model folder last put to use ("" for none)."""
        return str(self.q.value(f"suggest/{slot}", "") or "")

    def set_suggester(self, slot: str, path: str) -> None:
        self.q.setValue(f"suggest/{slot}", path)

    # --------------------------------------------------------- last document

    def last_document(self, location: str, annotator: str) -> str | None:
        return self.q.value(f"last/{_db_key(location)}/{annotator}") or None

    def set_last_document(self, location: str, annotator: str, uid: str) -> None:
        self.q.setValue(f"last/{_db_key(location)}/{annotator}", uid)

    # -------------------------------------------------------- recent databases

    def recent_databases(self) -> list[str]:
        value = self.q.value("databases/recent", [])
        if isinstance(value, str):  # QSettings flattens one-element lists
            value = [value]
        return [str(v) for v in value or []]

    def add_recent_database(self, location: str) -> None:
        recent = [location, *(r for r in self.recent_databases() if r != location)]
        self.q.setValue("databases/recent", recent[:MAX_RECENT])

    # -------------------------------------------------------- import, export

    def transfer_choices(self, dialog: str) -> dict[str, Any]:
        """The last choices made in the import or export dialog ("import", "export")."""
        raw = self.q.value(f"transfer/{dialog}", "")
        try:
            value = json.loads(str(raw)) if raw else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def set_transfer_choices(self, dialog: str, choices: dict[str, Any]) -> None:
        self.q.setValue(f"transfer/{dialog}", json.dumps(choices, sort_keys=True))

    # -------------------------------------------------------- saved searches

    def saved_searches(self, location: str) -> list[tuple[str, str]]:
        """A database's saved searches: (name, query), in the order saved."""
        raw = self.q.value(f"searches/{_db_key(location)}", "")
        try:
            value = json.loads(str(raw)) if raw else []
        except ValueError:
            return []
        return [(str(n), str(t)) for n, t in value if isinstance(n, str) and isinstance(t, str)] \
            if isinstance(value, list) and all(isinstance(v, list) and len(v) == 2
                                               for v in value) else []

    def set_saved_searches(self, location: str, searches: list[tuple[str, str]]) -> None:
        self.q.setValue(f"searches/{_db_key(location)}",
                        json.dumps([list(s) for s in searches], ensure_ascii=False))

    # ---------------------------------------------------------------- window

    def geometry(self) -> QByteArray | None:
        value = self.q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self.q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    def sync(self) -> None:
        self.q.sync()
