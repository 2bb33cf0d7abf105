"""The Store: one database, its transactions, and a manager per part of the data.

    store.labels       the label set
    store.relation_types  what relations may be (speaker, about) and what they link
    store.annotators   who labels
    store.documents    texts and the document list
    store.spans        spans and relations, one document at a time, and batches of
                       edits of both (what the window stores)
    store.states       each annotator's state and reading place per document
    store.suggestions  model annotators' suggestions, stored in bulk, and those pending
    store.reads        bulk reads for exports, agreement, review and statistics
    store.search       the documents a query selects (search box, filters, --where)
    store.bulk()       a BulkWriter for importing, in one transaction

Every write is one short transaction. SQLite's "locked" and "busy" reach callers
as StoreBusy, and other database failures as StoreError (see database.py).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from annotator.store.annotators import Annotators
from annotator.store.bulk import BulkWriter
from annotator.store.documents import Documents
from annotator.store.labels import Labels
from annotator.store.reads import Reads
from annotator.store.relation_types import RelationTypes
from annotator.store.search.manager import Search
from annotator.store.spans import Spans
from annotator.store.states import States
from annotator.store.suggestions import Suggestions


class Store:
    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self.labels = Labels(self)
        self.relation_types = RelationTypes(self)
        self.annotators = Annotators(self)
        self.documents = Documents(self)
        self.spans = Spans(self)
        self.states = States(self)
        self.suggestions = Suggestions(self)
        self.reads = Reads(self)
        self.search = Search(self)
        self._thread = threading.local()  # at_once() blocks, per thread
        if not self.labels.all(include_archived=True):  # a read: no lock for a store in use
            with self.transaction() as conn:
                self.labels.create_defaults(conn)
                self.relation_types.create_defaults(conn)

    def target(self) -> str:
        """What opens this store again in another process (--db or ANNOTATOR_DB): the
        file's path, or the URL with its password (keep it out of command lines)."""
        if self.engine.dialect.name == "sqlite" and self.engine.url.database:
            return self.engine.url.database
        return self.engine.url.render_as_string(hide_password=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, busy_timeout: float | None = None) -> Iterator[Connection]:
        """One write transaction, rolled back whole if the block raises. On SQLite it
        takes the write lock at its start (BEGIN IMMEDIATE), so it waits for another
        writer there rather than failing half-way. `busy_timeout` (seconds) replaces
        the store's wait for that lock, for this transaction only."""
        at_once = getattr(self._thread, "at_once", False)
        with self.engine.connect() as conn:
            restore: float | None = None
            try:
                conn.info["write"] = True
                restore = _set_busy_timeout(conn, 0.0 if at_once and busy_timeout is None
                                            else busy_timeout)
                if at_once:
                    _set_autocheckpoint(conn, 0)
                with conn.begin():
                    yield conn
            except BaseException:
                self.forget_cached_keys()  # keys made in the rollback are gone
                raise
            finally:  # the connection goes back to the pool as it came
                conn.info.pop("write", None)
                try:
                    if restore is not None:
                        _set_busy_timeout(conn, restore)
                finally:
                    if at_once:
                        _set_autocheckpoint(conn, _AUTOCHECKPOINT_PAGES)

    @contextmanager
    def at_once(self) -> Iterator[None]:
        """On SQLite, write transactions begun in this block on this thread neither
        wait for a lock nor sync the disk: they raise StoreBusy at once while another
        program holds the write lock, and their commit leaves the write-ahead log
        for checkpoint() to copy into the database file (a checkpoint writes and
        syncs up to 4 MB: 10-20 ms). For the window's own thread. (Nothing changes
        on PostgreSQL, whose writes the window leaves to its worker.)"""
        was = getattr(self._thread, "at_once", False)
        self._thread.at_once = True
        try:
            yield
        finally:
            self._thread.at_once = was

    def checkpoint(self) -> None:
        """Copy SQLite's write-ahead log into the database file as far as no reader
        still needs it, waiting for nobody (a no-op elsewhere). Commits made in
        at_once() blocks leave this to whoever calls it."""
        if self.engine.dialect.name != "sqlite":
            return
        try:
            with self.engine.connect() as conn:
                conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except (DBAPIError, sqlite3.Error) as exc:  # the next write meets it, and says
            logging.getLogger(__name__).warning("%s: checkpoint failed: %s",
                                                self.location, exc)

    def connect(self) -> Connection:
        """A connection for reading (a context manager)."""
        return self.engine.connect()

    @contextmanager
    def bulk(self, *, busy_timeout: float | None = None) -> Iterator[BulkWriter]:
        """Many rows in one transaction; all or nothing. `busy_timeout` as for
        :meth:`transaction`."""
        with self.transaction(busy_timeout=busy_timeout) as conn:
            writer = BulkWriter(self, conn)
            yield writer
            writer.flush()

    def forget_cached_keys(self) -> None:
        """After a rollback: cached label and annotator keys may name rows that are gone."""
        self.labels.forget_keys()
        self.relation_types.forget_keys()
        self.annotators.forget_keys()
        self.spans.forget_keys()


_AUTOCHECKPOINT_PAGES = 1000  # SQLite's own, which the store never changes elsewhere


def _set_autocheckpoint(conn: Connection, pages: int) -> None:
    """Set the size of write-ahead log at which an SQLite connection's commit copies
    it into the database file (0: never)."""
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")


def _set_busy_timeout(conn: Connection, seconds: float | None) -> float | None:
    """Set an SQLite connection's wait for locks; returns the one it had (None when
    nothing was changed). Done on the driver's connection: it must not begin a
    transaction, whose BEGIN would already wait."""
    if seconds is None or conn.dialect.name != "sqlite":
        return None
    raw = conn.connection.driver_connection
    before = raw.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
    raw.execute(f"PRAGMA busy_timeout={max(0, int(seconds * 1000))}")
    return before
