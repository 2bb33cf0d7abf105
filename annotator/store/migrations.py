"""Schema versions and the steps between them.

A new store is created at the current version. An older one is upgraded step by
step in one transaction; a newer one is refused, never touched.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Connection, Index, MetaData, Table, inspect, select, text
from sqlalchemy.schema import CreateTable

from annotator.core.errors import StoreError
from annotator.core.model import DEFAULT_RELATION_TYPES
from annotator.store.rows import fallback_colour
from annotator.store.schema import (
    documents,
    labels,
    metadata,
    relation_types,
    relations,
    spans,
    store_info,
)
from annotator.store.search.index import Progress, create_index

SCHEMA_VERSION = 9
RELATING = "giving each relation its document"  # what the step to version 9 reports


def _v1_to_v2(conn: Connection, progress: Progress | None) -> None:
    # Remember each annotator's reading position in a document.
    conn.execute(text(
        "ALTER TABLE document_states ADD COLUMN position INTEGER NOT NULL DEFAULT 0"))


def _v2_to_v3(conn: Connection, progress: Progress | None) -> None:
    # Version 3 kept a cache of token bounds for agreement; version 4 drops it.
    pass


def _v3_to_v4(conn: Connection, progress: Progress | None) -> None:
    # Agreement tokenizes texts as it reads them, faster than it read the cache.
    conn.execute(text("DROP TABLE IF EXISTS document_tokens"))


def _v4_to_v5(conn: Connection, progress: Progress | None) -> None:
    # Opening a document reads its spans from a covering index in reading order.
    conn.execute(text("DROP INDEX IF EXISTS ix_spans_document_annotator"))
    # A document's key and length come from an index, not from after its text.
    for table, name in ((spans, "ix_spans_reading"), (documents, "ix_documents_lookup")):
        _index(table, name).create(conn, checkfirst=True)


def _v5_to_v6(conn: Connection, progress: Progress | None) -> None:
    # A suggestion's score (a model's confidence), so the window can show those above
    # a threshold the user moves. Spans people make have none.
    columns = {c["name"] for c in inspect(conn).get_columns("spans")}
    if "score" not in columns:
        conn.execute(text("ALTER TABLE spans ADD COLUMN score FLOAT"))


def _v6_to_v7(conn: Connection, progress: Progress | None) -> None:
    # Relation types: a table of their own (the defaults, and every free-text label the
    # relations had), and relations that name their type by key and carry a status.
    if "label" not in {column["name"] for column in inspect(conn).get_columns("relations")}:
        return  # built already (a store whose version was set back)
    relation_types.create(conn, checkfirst=True)
    label_keys = set(conn.execute(select(labels.c.key).where(labels.c.key.is_not(None)))
                     .scalars())
    used = sorted(set(conn.execute(text("SELECT DISTINCT label FROM relations")).scalars()))
    known = {kind.name for kind in DEFAULT_RELATION_TYPES}
    rows = [{"name": kind.name, "color": kind.color,
             "key": None if kind.key in label_keys else kind.key,  # a label's key stays
             "heads": json.dumps(list(kind.heads)), "children": json.dumps(list(kind.children))}
            for kind in DEFAULT_RELATION_TYPES]
    rows += [{"name": name, "color": fallback_colour(name), "key": None, "heads": "[]",
              "children": "[]"} for name in used if name not in known]
    for position, row in enumerate(rows):
        conn.execute(relation_types.insert().values(**row, archived=False, position=position))
    # A column cannot change its type in place on SQLite: the table is built anew.
    _rebuild_relations(conn, "SELECT r.pk, r.head, r.child, t.pk, 'accepted', s.document "
                             "FROM relations r JOIN relation_types t ON t.name = r.label "
                             "JOIN spans s ON s.pk = r.head")


def _v7_to_v8(conn: Connection, progress: Progress | None) -> None:
    # Search: a full-text index over titles and texts, filled from what is stored,
    # and the spans indexed by label for the filters.
    _index(spans, "ix_spans_label").create(conn, checkfirst=True)
    create_index(conn, progress)


def _v8_to_v9(conn: Connection, progress: Progress | None) -> None:
    # A relation names its document, so a document's relations are one index range
    # rather than a probe for each of its spans.
    if "document" in {column["name"] for column in inspect(conn).get_columns("relations")}:
        return  # built so by an earlier step of this upgrade
    total = conn.execute(text("SELECT COUNT(*) FROM relations")).scalar() or 0
    if progress is not None and total:  # a few seconds for millions: say what happens
        progress(RELATING, 0, total)
    if conn.dialect.name == "postgresql":
        conn.execute(text("ALTER TABLE relations ADD COLUMN document INTEGER "
                          "REFERENCES documents (pk) ON DELETE CASCADE"))
        conn.execute(text("UPDATE relations SET document = spans.document FROM spans "
                          "WHERE spans.pk = relations.head"))
        conn.execute(text("ALTER TABLE relations ALTER COLUMN document SET NOT NULL"))
        _index(relations, "ix_relations_document").create(conn)
    else:  # SQLite adds no NOT NULL column without a default: the table is built anew
        # (a relation whose head span is gone, possible only with foreign keys off, has
        # no document and is not kept: nothing could show or export it)
        _rebuild_relations(conn, "SELECT r.pk, r.head, r.child, r.type, r.status, s.document "
                                 "FROM relations r JOIN spans s ON s.pk = r.head")
    if progress is not None and total:
        progress(RELATING, total, total)


def _rebuild_relations(conn: Connection, rows: str) -> None:
    """Build the relations table anew as the schema has it, filled by ``rows`` (a
    SELECT of pk, head, child, type, status and document from the old one)."""
    copy = MetaData()
    for table in metadata.sorted_tables:
        if table is not relations:
            table.to_metadata(copy)
    conn.execute(CreateTable(relations.to_metadata(copy, name="relations_new")))
    conn.execute(text(
        f"INSERT INTO relations_new (pk, head, child, type, status, document) {rows}"))
    conn.execute(text("DROP TABLE relations"))
    conn.execute(text("ALTER TABLE relations_new RENAME TO relations"))
    for index in relations.indexes:
        index.create(conn)
    if conn.dialect.name == "postgresql":  # copied keys did not advance the sequence
        conn.execute(text("SELECT setval(pg_get_serial_sequence('relations', 'pk'), "
                          "COALESCE((SELECT MAX(pk) FROM relations), 0) + 1, false)"))


def _index(table: Table, name: str) -> Index:
    return next(ix for ix in table.indexes if ix.name == name)


# STEPS[n] upgrades version n to n + 1; progress(what, done, total) hears of long steps.
STEPS: dict[int, Callable[[Connection, Progress | None], None]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6,
    6: _v6_to_v7, 7: _v7_to_v8, 8: _v8_to_v9}


def stored_version(conn: Connection, location: str = "the database") -> int | None:
    """The schema version of an existing store, None for an empty database.

    Only reads: a database that is not ours, or whose version makes no sense, is
    refused before anything is written to it."""
    inspector = inspect(conn)
    tables = set(inspector.get_table_names()) | set(inspector.get_view_names())
    if "store_info" not in tables:
        if tables:
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreError(f"{location}: not an Annotator database (it holds other "
                             f"tables: {shown}); it was left as it was")
        return None
    value = conn.execute(
        select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
    if value is None:
        raise StoreError(f"{location}: not an Annotator database (no schema version); "
                         "it was left as it was")
    try:
        return int(value)
    except ValueError:
        raise StoreError(f"{location}: schema version {value[:20]!r} is not a number: a "
                         "damaged store, or not an Annotator database; it was left as "
                         "it was") from None


def prepare(conn: Connection, *, location: str, progress: Progress | None = None) -> int:
    """Create or upgrade the schema; returns the version the store had. A long upgrade
    step (indexing every document) reports to ``progress``."""
    version = stored_version(conn, location)
    if version is None:
        metadata.create_all(conn)
        create_index(conn)
        conn.execute(store_info.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        return SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{location}: written by a newer version of Annotator (schema {version}, "
            f"this version reads up to {SCHEMA_VERSION}); upgrade Annotator to open it; "
            "it was left as it was")
    for step in range(version, SCHEMA_VERSION):
        STEPS[step](conn, progress)
    if version < SCHEMA_VERSION:
        conn.execute(store_info.update().where(store_info.c.key == "schema_version")
                     .values(value=str(SCHEMA_VERSION)))
    return version
