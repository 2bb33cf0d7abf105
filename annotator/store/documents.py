"""Documents: their texts, the paged list the window shows, and moving between them."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Select, delete, func, select

from annotator.core.errors import StoreError
from annotator.core.model import DocState, Document, Status
from annotator.store.annotators import Annotators
from annotator.store.rows import insert_ignoring_conflicts, to_document
from annotator.store.schema import document_states, documents, spans
from annotator.store.search.index import add_documents

if TYPE_CHECKING:
    from annotator.store.store import Store


_FIND_SQLITE = "SELECT pk, length FROM documents INDEXED BY ix_documents_lookup WHERE uid = ?"


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """What a document list shows: no text."""

    uid: str
    title: str
    length: int
    state: DocState
    span_count: int


class Documents:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, document: Document) -> bool:
        """Store a document; False when the same text was already there."""
        with self._store.transaction() as conn:
            return self.insert(conn, [document])[document.id][1]

    @staticmethod
    def insert(conn: Connection, docs: Sequence[Document]) -> dict[str, tuple[int, bool]]:
        """Insert new documents in bulk: uid -> (key, newly inserted). A document that
        another writer stored first is simply there already."""
        unique = {d.id: d for d in docs}
        existing = _keys(conn, list(unique))
        fresh = [d for uid, d in unique.items() if uid not in existing]
        created: dict[str, int] = {}
        if fresh:
            now = time.time()
            conn.execute(insert_ignoring_conflicts(conn, documents), [
                {"uid": d.id, "title": d.title, "source": d.source,
                 "meta": json.dumps(d.meta, ensure_ascii=False, sort_keys=True),
                 "text": d.text, "length": len(d.text), "created_at": now}
                for d in fresh])
            created = _keys(conn, [d.id for d in fresh])
            add_documents(conn, [{"rowid": created[d.id], "title": d.title, "text": d.text}
                                 for d in fresh if d.id in created])
        result = {uid: (pk, False) for uid, pk in existing.items()}
        result.update({uid: (pk, True) for uid, pk in created.items()})
        return result

    def delete(self, uid: str) -> bool:
        """Delete a document with its spans, relations and states; the search index
        follows. False when there was no such document."""
        with self._store.transaction() as conn:
            return bool(conn.execute(delete(documents).where(documents.c.uid == uid)).rowcount)

    def get(self, uid: str) -> Document:
        with self._store.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.uid == uid)).first()
        if row is None:
            raise StoreError(f"no document {uid}")
        return to_document(row)

    def exists(self, uid: str) -> bool:
        with self._store.connect() as conn:
            return conn.execute(select(documents.c.pk).where(documents.c.uid == uid)
                                ).first() is not None

    def count(self) -> int:
        """Every document (store.search counts those a query selects)."""
        query = select(func.count()).select_from(documents)
        with self._store.connect() as conn:
            return conn.execute(query).scalar() or 0

    def uids(self) -> list[str]:
        with self._store.connect() as conn:
            return list(conn.execute(select(documents.c.uid).order_by(documents.c.pk)).scalars())

    def rows(self, annotator: str, offset: int = 0, limit: int = 200) -> list[DocumentRow]:
        """One page of the document list, in import order, for one annotator (a search
        query's pages: store.search.page)."""
        page = (select(documents.c.pk, documents.c.uid, documents.c.title, documents.c.length)
                .order_by(documents.c.pk).offset(offset).limit(limit))
        return self._list_rows(annotator, page)

    def row(self, uid: str, annotator: str) -> DocumentRow | None:
        """One document's row of the list, found by its id (no paging)."""
        found = self._list_rows(annotator, select(
            documents.c.pk, documents.c.uid, documents.c.title, documents.c.length)
            .where(documents.c.uid == uid))
        return found[0] if found else None

    def _list_rows(self, annotator: str, page: Select) -> list[DocumentRow]:  # type: ignore[type-arg]
        """The list's columns for the documents ``page`` selects (pk, uid, title, length)."""
        with self._store.connect() as conn:
            apk = Annotators.find(conn, annotator) or -1
            return self.list_rows(conn, page, apk)

    @staticmethod
    def list_rows(conn: Connection, page: Select, annotator_pk: int) -> list[DocumentRow]:  # type: ignore[type-arg]
        """The list's columns for the documents ``page`` selects (pk, uid, title, length),
        with the annotator's state and span count, in import order."""
        chosen = page.subquery()
        count = (select(func.count()).select_from(spans)
                 .where(spans.c.document == chosen.c.pk, spans.c.annotator == annotator_pk,
                        spans.c.status == Status.ACCEPTED.value)
                 .scalar_subquery())
        state = (select(document_states.c.state)
                 .where(document_states.c.document == chosen.c.pk,
                        document_states.c.annotator == annotator_pk).scalar_subquery())
        query = select(chosen.c.uid, chosen.c.title, chosen.c.length, state, count) \
            .order_by(chosen.c.pk)
        return [DocumentRow(uid, title, length, DocState(st or DocState.TODO.value), n)
                for uid, title, length, st, n in conn.execute(query)]

    def index(self, uid: str) -> int | None:
        """The row of a document in the list of all, or None if there is no such one
        (among a query's matches: store.search.position)."""
        with self._store.connect() as conn:
            pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            if pk is None:
                return None
            return conn.execute(select(func.count()).select_from(documents)
                                .where(documents.c.pk < pk)).scalar()

    def next(self, uid: str | None, annotator: str, *, step: int = 1,
             undone_only: bool = False) -> str | None:
        """The document after (step 1) or before (step -1) uid; wraps for 'next undone'."""
        with self._store.connect() as conn:
            apk = Annotators.find(conn, annotator) or -1
            pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar() \
                if uid else None
            base = select(documents.c.uid)
            if undone_only:
                done = (select(document_states.c.document)
                        .where(document_states.c.annotator == apk,
                               document_states.c.state == DocState.DONE.value))
                base = base.where(documents.c.pk.not_in(done))
            order = documents.c.pk if step > 0 else documents.c.pk.desc()
            if pk is not None:
                cond = documents.c.pk > pk if step > 0 else documents.c.pk < pk
                found = conn.execute(base.where(cond).order_by(order).limit(1)).scalar()
                if found is not None or not undone_only:
                    return found
                base = base.where(documents.c.pk != pk)
            return conn.execute(base.order_by(order).limit(1)).scalar()

    @staticmethod
    def find(conn: Connection, uid: str) -> tuple[int, int] | None:
        """(key, length) of a document, or None: from an index, since reading a row's
        length means reading past its text (10 ms for a 10 MB article on SQLite)."""
        if conn.dialect.name == "sqlite":  # its planner prefers the table: name the index
            row = conn.exec_driver_sql(_FIND_SQLITE, (uid,)).first()
        else:
            row = conn.execute(select(documents.c.pk, documents.c.length)
                               .where(documents.c.uid == uid)).first()
        return (row[0], row[1]) if row is not None else None


def _keys(conn: Connection, uids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(uids), 500):
        chunk = uids[i:i + 500]
        found.update(conn.execute(  # type: ignore[arg-type]
            select(documents.c.uid, documents.c.pk).where(documents.c.uid.in_(chunk))).all())
    return found
