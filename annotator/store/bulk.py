"""Writing many documents, spans and relations in one transaction: what importing uses."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from annotator.core.model import AnnotatorKind, Document, Origin, SpanLike, Status
from annotator.store.documents import Documents
from annotator.store.rows import insert_ignoring_conflicts
from annotator.store.schema import relations, spans

if TYPE_CHECKING:
    from annotator.store.store import Store


class BulkWriter:
    """Adds rows inside one open transaction. Spans are buffered and written in
    one statement per batch; exact duplicates of stored spans are ignored."""

    def __init__(self, store: Store, conn: Connection) -> None:
        self._store = store
        self._conn = conn
        self._spans: list[dict[str, object]] = []

    def documents(self, docs: Sequence[Document]) -> dict[str, tuple[int, bool]]:
        """Store the documents not yet there: uid -> (document key, newly added)."""
        return Documents.insert(self._conn, docs)

    def spans(self, document: int, annotator: str, kind: AnnotatorKind,
              found: Iterable[SpanLike]) -> None:
        """Queue one annotator's spans of a document (key from :meth:`documents`).
        Labels not yet known are created. Origin and status are read from each span
        when it has them; otherwise imported and accepted."""
        annotator_pk = self._store.annotators.key(self._conn, annotator, kind=kind)
        now = time.time()
        self._spans.extend(self._row(document, annotator_pk, s, now) for s in found)

    def relations(self, document: int, annotator: str, kind: AnnotatorKind,
                  found: Iterable[Any]) -> None:
        """Store relations (each with ``head`` and ``child`` spans and a ``label``, the
        name of its type) between one annotator's spans; ends that are not stored yet
        become spans too, and types not yet known are created."""
        found = list(found)
        if not found:
            return
        annotator_pk = self._store.annotators.key(self._conn, annotator, kind=kind)
        now = time.time()
        self._spans.extend(self._row(document, annotator_pk, s, now)
                           for r in found for s in (r.head, r.child))
        self.flush()
        keys = {(r.start, r.end, r.label): r.pk for r in self._conn.execute(
            select(spans.c.pk, spans.c.start, spans.c.end, spans.c.label)
            .where(spans.c.document == document, spans.c.annotator == annotator_pk))}
        label = self._label_key
        rows = [{"head": keys[(r.head.start, r.head.end, label(r.head.label))],
                 "child": keys[(r.child.start, r.child.end, label(r.child.label))],
                 "type": self._type_key(r.label),
                 "status": Status(getattr(r, "status", Status.ACCEPTED)).value,
                 "document": document} for r in found]
        self._conn.execute(insert_ignoring_conflicts(self._conn, relations), rows)

    def flush(self) -> None:
        """Write the queued spans."""
        if self._spans:
            self._conn.execute(insert_ignoring_conflicts(self._conn, spans), self._spans)
            self._spans = []

    def _label_key(self, name: str) -> int:
        return self._store.labels.key(self._conn, name, create=True)

    def _type_key(self, name: str) -> int:
        return self._store.relation_types.key(self._conn, name, create=True)

    def _row(self, document: int, annotator_pk: int, span: SpanLike,
             now: float) -> dict[str, object]:
        return {"document": document, "annotator": annotator_pk,
                "label": self._label_key(span.label), "start": span.start, "end": span.end,
                "origin": Origin(getattr(span, "origin", Origin.IMPORT)).value,
                "status": Status(getattr(span, "status", Status.ACCEPTED)).value,
                "score": getattr(span, "score", None), "created_at": now}
