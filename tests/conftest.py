"""Shared fixtures: real stores in tmp_path, and no test touches the user's own data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


POSTGRES_URL = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")


def empty_postgres(url: str) -> None:
    """Wipe the test database (ANNOTATOR_TEST_POSTGRES_URL names one the tests may wipe)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A new store on each backend; PostgreSQL is skipped without a server."""
    from annotator.store import open_store

    if request.param == "sqlite":
        with open_store(tmp_path / "store.sqlite3") as store:
            yield store
        return
    if not POSTGRES_URL:
        pytest.skip("ANNOTATOR_TEST_POSTGRES_URL is not set")
    empty_postgres(POSTGRES_URL)
    with open_store(POSTGRES_URL) as store:
        yield store


@pytest.fixture
def seed_articles() -> list[Path]:
    return sorted(SEED_ARTICLES.glob("*.txt"))
