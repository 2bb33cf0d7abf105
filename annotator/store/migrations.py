"""Schema versions and the steps between them.

A new store is created at the current version. An older one is upgraded step by
step in one transaction; a newer one is refused, never touched.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, select, text

from annotator.core.errors import StoreError
from annotator.store.schema import documents, metadata, spans, store_info

SCHEMA_VERSION = 6


def _v1_to_v2(conn: Connection) -> None:
    # Remember each annotator's reading position in a document.
    conn.execute(text(
        "ALTER TABLE document_states ADD COLUMN position INTEGER NOT NULL DEFAULT 0"))


def _v2_to_v3(conn: Connection) -> None:
    # Version 3 kept a cache of token bounds for agreement; version 4 drops it.
    pass


def _v3_to_v4(conn: Connection) -> None:
    # Agreement tokenizes texts as it reads them, faster than it read the cache.
    conn.execute(text("DROP TABLE IF EXISTS document_tokens"))


def _v4_to_v5(conn: Connection) -> None:
    # Opening a document reads its spans from a covering index in reading order.
    conn.execute(text("DROP INDEX IF EXISTS ix_spans_document_annotator"))
    # A document's key and length come from an index, not from after its text.
    for table, name in ((spans, "ix_spans_reading"), (documents, "ix_documents_lookup")):
        next(ix for ix in table.indexes if ix.name == name).create(conn, checkfirst=True)


def _v5_to_v6(conn: Connection) -> None:
    # A suggestion's score (a model's confidence), so the window can show those above
    # a threshold the user moves. Spans people make have none.
    columns = {c["name"] for c in inspect(conn).get_columns("spans")}
    if "score" not in columns:
        conn.execute(text("ALTER TABLE spans ADD COLUMN score FLOAT"))


# STEPS[n] upgrades version n to n + 1.
STEPS: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6}


def stored_version(conn: Connection) -> int | None:
    """The schema version of an existing store, None for an empty database."""
    tables = set(inspect(conn).get_table_names())
    if "store_info" not in tables:
        if tables & {"documents", "spans"}:
            raise StoreError("this database was not written by Annotator (no store_info table)")
        return None
    value = conn.execute(
        select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
    if value is None:
        raise StoreError("this database has no schema version")
    return int(value)


def prepare(conn: Connection, *, location: str) -> int:
    """Create or upgrade the schema; returns the version the store had."""
    version = stored_version(conn)
    if version is None:
        metadata.create_all(conn)
        conn.execute(store_info.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        return SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{location}: written by a newer version of Annotator (schema {version}, "
            f"this version reads up to {SCHEMA_VERSION}); upgrade Annotator to open it")
    for step in range(version, SCHEMA_VERSION):
        STEPS[step](conn)
    if version < SCHEMA_VERSION:
        conn.execute(store_info.update().where(store_info.c.key == "schema_version")
                     .values(value=str(SCHEMA_VERSION)))
    return version
