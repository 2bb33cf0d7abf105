"""Who labels: people, models and reviewers, each with a name and a kind."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from annotator.core.model import AnnotatorKind, check_name
from annotator.store.schema import annotators

if TYPE_CHECKING:
    from annotator.store.store import Store


class Annotators:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._local = threading.local()  # keys per thread, as for labels

    @property
    def _keys(self) -> dict[str, int]:
        if not hasattr(self._local, "keys"):
            self._local.keys = {}
        return self._local.keys  # type: ignore[no-any-return]

    def forget_keys(self) -> None:
        self._local.keys = {}

    def key(self, conn: Connection, name: str, *,
            kind: AnnotatorKind = AnnotatorKind.HUMAN) -> int:
        """The annotator's key, creating the annotator on first use."""
        pk = self._keys.get(name)
        if pk is not None:
            return pk
        pk = conn.execute(select(annotators.c.pk).where(annotators.c.name == name)).scalar()
        if pk is None:
            check_name("annotator", name)
            pk = conn.execute(annotators.insert().values(name=name, kind=kind.value)
                              ).inserted_primary_key[0]
        self._keys[name] = pk
        return pk  # type: ignore[no-any-return]

    @staticmethod
    def find(conn: Connection, name: str) -> int | None:
        """The key of an existing annotator, without creating one."""
        return conn.execute(select(annotators.c.pk).where(annotators.c.name == name)).scalar()

    @staticmethod
    def names(conn: Connection, only: list[str] | None = None) -> dict[int, str]:
        """Annotator names by key: all of them, or those named in ``only`` that exist."""
        query = select(annotators.c.pk, annotators.c.name)
        if only is not None:
            query = query.where(annotators.c.name.in_(only))
        return dict(conn.execute(query).all())  # type: ignore[arg-type]

    def ensure(self, name: str, kind: AnnotatorKind = AnnotatorKind.HUMAN) -> None:
        check_name("annotator", name)
        with self._store.transaction() as conn:
            self.key(conn, name, kind=kind)

    def all(self) -> list[tuple[str, AnnotatorKind]]:
        with self._store.connect() as conn:
            return [(r.name, AnnotatorKind(r.kind)) for r in
                    conn.execute(select(annotators).order_by(annotators.c.name))]
