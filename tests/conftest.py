"""Shared fixtures: real stores in tmp_path, and no test touches the user's own data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator import resources

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The sample articles as the app reads them (package data), not through the checkout.
SEED_ARTICLES = Path(str(resources.folder("samples")))


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the log file
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    from annotator.store import open_store

    with open_store(db_path) as opened:
        yield opened


@pytest.fixture
def seed_articles() -> list[Path]:
    return sorted(SEED_ARTICLES.glob("*.txt"))
