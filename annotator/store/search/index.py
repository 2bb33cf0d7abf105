"""The text index behind search: FTS5 on SQLite, trigram indexes on PostgreSQL.

On SQLite, ``documents_fts`` is an external-content FTS5 table over the titles and
texts: it holds only the index. Documents.insert adds new documents to it with
:func:`add_documents` (in the same transaction); triggers take deleted and changed
documents out, whichever code path deletes them. (A trigger on insert would do too,
but FTS5 runs about three times slower inside trigger programs.) On PostgreSQL,
pg_trgm's GIN indexes on the same columns serve the word patterns and substring
searches of :mod:`annotator.store.search.compiler`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import Column, Connection, Integer, MetaData, Table, Text, func, select, text
from sqlalchemy.exc import DBAPIError

from annotator.store.schema import documents

log = logging.getLogger("annotator.store")

#: progress(what is being done, done, total); what the migrations report.
Progress = Callable[[str, int, int], object]

FTS_NAME = "documents_fts"
# For queries only: the virtual table is made by create_index, not by metadata.create_all.
fts = Table(FTS_NAME, MetaData(), Column("rowid", Integer), Column("title", Text),
            Column("text", Text), Column(FTS_NAME, Text))

# unicode61 splits at every character that is not a letter or digit ("Tu-160" is the
# words "tu" and "160"), folds case, and with remove_diacritics 2 ignores accents.
_SQLITE_INDEX = (
    f"CREATE VIRTUAL TABLE {FTS_NAME} USING fts5(title, text, content='documents', "
    "content_rowid='pk', tokenize='unicode61 remove_diacritics 2', columnsize=0)",
    f"CREATE TRIGGER {FTS_NAME}_delete AFTER DELETE ON documents BEGIN "
    f"INSERT INTO {FTS_NAME}({FTS_NAME}, rowid, title, text) "
    "VALUES ('delete', old.pk, old.title, old.text); END",
    f"CREATE TRIGGER {FTS_NAME}_update AFTER UPDATE OF title, text ON documents BEGIN "
    f"INSERT INTO {FTS_NAME}({FTS_NAME}, rowid, title, text) "
    "VALUES ('delete', old.pk, old.title, old.text); "
    f"INSERT INTO {FTS_NAME}(rowid, title, text) VALUES (new.pk, new.title, new.text); END",
)
_POSTGRES_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_documents_text_trgm ON documents "
    "USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_documents_title_trgm ON documents "
    "USING gin (title gin_trgm_ops)",
)
#: Documents indexed per step while filling the index, between progress reports.
BATCH = 2000
INDEXING = "indexing the documents for search"


def create_index(conn: Connection, progress: Progress | None = None) -> None:
    """Make the index and fill it from the documents already stored."""
    if conn.dialect.name == "sqlite":
        # An index left by an earlier attempt is made again from the documents.
        conn.execute(text(f"DROP TABLE IF EXISTS {FTS_NAME}"))
        for name in ("insert", "delete", "update"):  # "insert": made by earlier versions
            conn.execute(text(f"DROP TRIGGER IF EXISTS {FTS_NAME}_{name}"))
        for statement in _SQLITE_INDEX:
            conn.execute(text(statement))
        _fill_sqlite(conn, progress)
    elif conn.dialect.name == "postgresql":
        _create_postgres(conn, progress)


def add_documents(conn: Connection, rows: Sequence[dict[str, object]]) -> None:
    """Index documents just inserted: each row has their key as ``rowid``, ``title``
    and ``text``. On PostgreSQL the indexes follow by themselves."""
    if rows and conn.dialect.name == "sqlite":
        conn.execute(fts.insert(), list(rows))


def _fill_sqlite(conn: Connection, progress: Progress | None) -> None:
    total = conn.execute(select(func.count()).select_from(documents)).scalar() or 0
    if not total:
        return
    fill = text(f"INSERT INTO {FTS_NAME}(rowid, title, text) SELECT pk, title, text "
                "FROM documents WHERE pk >= :low AND pk <= :high")
    done, last = 0, -1
    if progress is not None:
        progress(INDEXING, 0, total)
    while True:
        batch = list(conn.execute(select(documents.c.pk).where(documents.c.pk > last)
                                  .order_by(documents.c.pk).limit(BATCH)).scalars())
        if not batch:
            return
        conn.execute(fill, {"low": batch[0], "high": batch[-1]})
        last = batch[-1]
        done += len(batch)
        if progress is not None:
            progress(INDEXING, done, total)


def _create_postgres(conn: Connection, progress: Progress | None) -> None:
    if progress is not None:
        progress(INDEXING, 0, 1)
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            for statement in _POSTGRES_INDEX:
                conn.execute(text(statement))
    except DBAPIError as exc:
        # Search still works without the index, scanning the texts.
        log.warning("no trigram index for search (pg_trgm: %s); searching scans the texts",
                    exc.orig)
    if progress is not None:
        progress(INDEXING, 1, 1)
