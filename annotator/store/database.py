"""Where the store lives and how a connection to it is opened."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from annotator.core.errors import StoreError
from annotator.store import migrations

APP_NAME = "annotator"


def default_database_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "annotator.sqlite3"


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """--db wins, then ANNOTATOR_DB, then the per-user default."""
    if target is None or str(target) == "":
        target = os.environ.get("ANNOTATOR_DB") or None
    if target is None:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)
    return str(target)


def _is_url(target: str) -> bool:
    return "://" in target


def _check_sqlite_path(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(f"{path}: folder {folder} does not exist")
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database file")
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"{path}: database file is not readable and writable")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"{path}: folder {folder} is read-only")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_store_engine(target: str | os.PathLike[str] | None) -> tuple[Engine, str]:
    """An engine for a path or SQLAlchemy URL, with the schema ready to use."""
    resolved = resolve_target(target)
    if _is_url(resolved):
        try:
            url = make_url(resolved)
        except ArgumentError as exc:
            raise StoreError(f"{resolved}: not a database URL ({exc})") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            _check_sqlite_path(Path(url.database))
        location = url.render_as_string(hide_password=True)
    else:
        path = Path(resolved).expanduser()
        _check_sqlite_path(path)
        url = make_url(f"sqlite:///{path}")
        location = str(path)
    try:
        engine = create_engine(url)
    except Exception as exc:  # missing driver, bad options
        raise StoreError(f"{location}: cannot open ({exc})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.begin() as conn:
            migrations.prepare(conn, location=location)
    except StoreError:
        engine.dispose()
        raise
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise StoreError(f"{location}: cannot open as a database ({reason})") from None
    return engine, location


def open_store(target: str | os.PathLike[str] | None = None):  # type: ignore[no-untyped-def]
    from annotator.store.repository import Store

    engine, location = create_store_engine(target)
    return Store(engine, location)
