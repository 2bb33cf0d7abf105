"""Shared pieces of the store's queries: row conversions, bulk-insert helpers, checks."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.engine import CursorResult

from annotator.core.errors import AnnotatorError, InvalidSpan, StoreError
from annotator.core.model import Document, Origin, Span, Status
from annotator.store.schema import labels, relation_types

#: Keys per ``IN (...)`` list: well under the bound parameters SQLite allows.
IN_BATCH = 900


def plain_rows(result: CursorResult) -> list[tuple]:  # type: ignore[type-arg]
    """All rows as the driver's own tuples, for bulk reads of columns that need no
    conversion (integers): building SQLAlchemy Row objects doubles the cost."""
    try:
        cursor = result.cursor
        return cursor.fetchall() if cursor is not None else []
    finally:
        result.close()


def insert_ignoring_conflicts(conn: Connection, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for the connection's dialect."""
    # Imported here: the PostgreSQL dialect module costs ~50 ms at every start.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing()


def check_offsets(start: int, end: int, length: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidSpan(f"offsets must be integers, got {start!r}, {end!r}")
    if start < 0 or end > length:
        raise InvalidSpan(f"span [{start}, {end}) lies outside the text (length {length})")
    if start >= end:
        raise InvalidSpan(f"span [{start}, {end}) is empty or reversed (start must be < end)")


def to_document(row: Any) -> Document:
    return Document(row.uid, row.text, row.title, row.source, json.loads(row.meta))


def to_span(row: Any) -> Span:
    return Span(row.start, row.end, row.label, row.annotator, row.pk,
                Origin(row.origin), Status(row.status), row.score)


_PALETTE = ("#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8")


def fallback_colour(name: str) -> str:
    """A stable colour for a label that arrived without one (from an imported file)."""
    return _PALETTE[sum(name.encode()) % len(_PALETTE)]


def release_key(conn: Connection, key: str | None, *, label: int | None = None,
                relation_type: int | None = None) -> None:
    """A key belongs to one label or relation type: take it from every other one
    (``label`` or ``relation_type`` names the one keeping it)."""
    if key:
        conn.execute(update(labels).where(labels.c.key == key, labels.c.pk != (label or -1))
                     .values(key=None))
        conn.execute(update(relation_types).where(
            relation_types.c.key == key, relation_types.c.pk != (relation_type or -1))
            .values(key=None))


def delete_unused(conn: Connection, table: Any, name: str, *, used_by: Any, users: str,
                  what: str, unknown: type[AnnotatorError]) -> None:
    """Delete the row of ``table`` (labels, relation types) called ``name`` unless a
    row points at it through the column ``used_by``: what is in use is only archived."""
    pk = conn.execute(select(table.c.pk).where(table.c.name == name)).scalar()
    if pk is None:
        raise unknown(f"unknown {what} {name!r}")
    used = conn.execute(select(func.count()).select_from(used_by.table)
                        .where(used_by == pk)).scalar()
    if used:
        raise StoreError(f"{what} {name!r} is used by {used} {users}; archive it instead")
    conn.execute(delete(table).where(table.c.pk == pk))
