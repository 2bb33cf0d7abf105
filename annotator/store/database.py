"""Where the store lives and how a connection to it is opened."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from annotator.core.errors import StoreBusy, StoreError
from annotator.store import migrations
from annotator.store.search.compiler import CONTAINS_FUNCTION
from annotator.store.search.index import Progress

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


#: How long a statement waits for another writer's lock before StoreBusy.
BUSY_TIMEOUT_S = 5.0


def _sqlite_pragmas(busy_timeout: float):  # type: ignore[no-untyped-def]
    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Transactions are begun by _sqlite_begin, not by the driver: that makes
        # SAVEPOINTs work and lets a write transaction take the lock at its start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Connection settings only: nothing here writes to the file, so a database
        # that is then refused is left exactly as it was. WAL is switched on once
        # the file is known to be ours (_use_wal); it is kept in the file.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.close()
        dbapi_connection.create_function(CONTAINS_FUNCTION, 2, _contains_folded,
                                         deterministic=True)
    return on_connect


def _contains_folded(haystack: str | None, folded_needle: str) -> int:
    """Search's contains: for text beyond ASCII, which SQLite's LIKE folds only in part."""
    return int(haystack is not None and folded_needle in haystack.casefold())


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # A write transaction that started as a reader cannot wait for the lock when it
    # first writes (SQLite answers "busy" at once); BEGIN IMMEDIATE waits up front.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


# SQLite result codes (sqlite3's ``sqlite_errorname``) and PostgreSQL SQLSTATEs that
# mean "someone else holds a lock: try again later".
_BUSY_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED")
_BUSY_POSTGRES = ("55P03", "40001", "40P01", "57014")  # lock, serialization, deadlock, timeout
_STORE_FAULTS = {
    "SQLITE_READONLY": "the database is read-only",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_IOERR": "the disk could not be read or written",
    "SQLITE_CORRUPT": "the database file is damaged",
    "SQLITE_NOTADB": "cannot open: the file is not a database",
    "SQLITE_CANTOPEN": "cannot open the database file",
}


def translate_error(original: BaseException, location: str) -> StoreError | None:
    """The domain error for a database failure, or None when it is not one we name
    (constraint violations, programming errors)."""
    name = getattr(original, "sqlite_errorname", "") or ""
    if name.startswith(_BUSY_SQLITE) or "database is locked" in str(original):
        return StoreBusy(f"{location}: the database is busy (another program is writing)")
    for prefix, reason in _STORE_FAULTS.items():
        if name.startswith(prefix):
            return StoreError(f"{location}: {reason}")
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate in _BUSY_POSTGRES:
        return StoreBusy(f"{location}: the database is busy (another user holds a lock)")
    if sqlstate is not None and sqlstate.startswith("08"):  # connection exceptions
        return StoreError(f"{location}: lost the connection to the database server")
    return None


def _on_error(location: str):  # type: ignore[no-untyped-def]
    def handle_error(context) -> None:  # type: ignore[no-untyped-def]
        translated = translate_error(context.original_exception, location)
        if translated is not None:
            raise translated from None
    return handle_error


def _use_wal(engine: Engine) -> None:
    """Switch our own database to WAL mode (readers never wait for the writer). The
    mode is kept in the file, so this writes only the first time."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except Exception as exc:  # another program has it open: next time
                if not isinstance(translate_error(exc, ""), StoreBusy):
                    raise
        cursor.close()
    finally:
        raw.close()


def create_store_engine(target: str | os.PathLike[str] | None, *,
                        busy_timeout: float = BUSY_TIMEOUT_S,
                        progress: Progress | None = None) -> tuple[Engine, str]:
    """An engine for a path or SQLAlchemy URL, with the schema ready to use; an upgrade
    of an older store reports its long steps to ``progress(what, done, total)``."""
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
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
        event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "handle_error", _on_error(location))
    try:
        with engine.begin() as conn:
            migrations.prepare(conn, location=location, progress=progress)
        if engine.dialect.name == "sqlite":
            _use_wal(engine)
    except StoreError:
        engine.dispose()
        raise
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise StoreError(f"{location}: cannot open as a database ({reason})") from None
    return engine, location


def open_store(target: str | os.PathLike[str] | None = None, *,  # type: ignore[no-untyped-def]
               busy_timeout: float = BUSY_TIMEOUT_S, progress: Progress | None = None):
    """The Store at a path or URL (see resolve_target); ``busy_timeout`` is how long a
    write waits for another program's lock before StoreBusy; ``progress(what, done,
    total)`` hears of a long upgrade of an older store (indexing it for search)."""
    from annotator.store.store import Store

    engine, location = create_store_engine(target, busy_timeout=busy_timeout,
                                           progress=progress)
    return Store(engine, location)
