"""Each annotator's state in each document: to do, in progress or done, and where they read."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select, update

from annotator.core.errors import StoreError
from annotator.core.model import DocState
from annotator.store.rows import insert_ignoring_conflicts
from annotator.store.schema import annotators, document_states, documents

if TYPE_CHECKING:
    from annotator.store.store import Store


class States:
    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def mark_started(conn: Connection, document_pk: int, annotator_pk: int) -> None:
        """A first edit puts a to-do document in progress; a later one changes nothing."""
        conn.execute(insert_ignoring_conflicts(conn, document_states).values(
            document=document_pk, annotator=annotator_pk, state=DocState.IN_PROGRESS.value,
            position=0, updated_at=time.time()))

    def set(self, uid: str, annotator: str, state: DocState,
            position: int | None = None) -> None:
        with self._store.transaction() as conn:
            doc_pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            if doc_pk is None:
                raise StoreError(f"no document {uid}")
            apk = self._store.annotators.key(conn, annotator)
            values: dict[str, object] = {"state": DocState(state).value, "updated_at": time.time()}
            if position is not None:
                values["position"] = position
            done = conn.execute(update(document_states).where(
                document_states.c.document == doc_pk, document_states.c.annotator == apk)
                .values(**values)).rowcount
            if not done:
                conn.execute(document_states.insert().values(
                    document=doc_pk, annotator=apk, **{"position": 0, **values}))

    def set_position(self, uid: str, annotator: str, position: int) -> None:
        """Remember where the annotator was reading, keeping their state."""
        with self._store.transaction() as conn:
            doc_pk = conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
            if doc_pk is None:
                raise StoreError(f"no document {uid}")
            apk = self._store.annotators.key(conn, annotator)
            done = conn.execute(update(document_states).where(
                document_states.c.document == doc_pk, document_states.c.annotator == apk)
                .values(position=position)).rowcount
            if not done:
                conn.execute(document_states.insert().values(
                    document=doc_pk, annotator=apk, state=DocState.TODO.value,
                    position=position, updated_at=time.time()))

    def get(self, uid: str, annotator: str) -> tuple[DocState, int]:
        """An annotator's state and reading position in a document."""
        with self._store.connect() as conn:
            row = conn.execute(
                select(document_states.c.state, document_states.c.position)
                .select_from(document_states
                             .join(documents, document_states.c.document == documents.c.pk)
                             .join(annotators, document_states.c.annotator == annotators.c.pk))
                .where(documents.c.uid == uid, annotators.c.name == annotator)).first()
        return (DocState(row.state), row.position) if row else (DocState.TODO, 0)

    def progress(self, annotator: str) -> tuple[int, int]:
        """(documents this annotator marked done, all documents)."""
        with self._store.connect() as conn:
            done = conn.execute(
                select(func.count()).select_from(
                    document_states.join(annotators,
                                         document_states.c.annotator == annotators.c.pk))
                .where(annotators.c.name == annotator,
                       document_states.c.state == DocState.DONE.value)).scalar() or 0
            total = conn.execute(select(func.count()).select_from(documents)).scalar() or 0
        return done, total
