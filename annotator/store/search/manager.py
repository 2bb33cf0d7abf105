"""store.search: the documents a query selects, counted, paged, walked and read in bulk.

    query = store.search.compile('S-300 -label:weapon state:todo', me="alice")
    store.search.count(query)                  # how many documents match
    store.search.page(query, "alice", 0, 50)   # rows of the document list
    store.search.next(uid, query)              # the queue: the match after uid

The same compiled query narrows exports and statistics (store.reads ``where=``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Select, func, select
from sqlalchemy.exc import OperationalError

from annotator.core.errors import Cancelled
from annotator.core.query import Node, parse
from annotator.store.annotators import Annotators
from annotator.store.documents import DocumentRow, Documents
from annotator.store.schema import documents
from annotator.store.search.compiler import Compiler, Plan
from annotator.store.search.index import FTS_NAME, fts

if TYPE_CHECKING:
    from annotator.store.store import Store

#: Asked now and then while a query runs (SQLite); True stops it with Cancelled.
StopAsked = Callable[[], bool]


@dataclass(frozen=True)
class Query:
    """A query ready for the store: from :meth:`Search.compile`."""

    text: str
    tree: Node
    plan: Plan

    @property
    def everything(self) -> bool:
        return self.plan.match is None and self.plan.where is None


class Search:
    def __init__(self, store: Store) -> None:
        self._store = store

    def compile(self, text: str, *, me: str | None = None,
                review: Sequence[str] | None = None) -> Query:
        """Read a query (README: "Searching"). ``me`` is the annotator that state: and
        the like are about when they name nobody; ``review`` the annotators review:
        compares when it names nobody (default: every human annotator). Raises
        QueryError, with the column, for a query it cannot read or an unknown name."""
        tree = parse(text)
        with self._store.connect() as conn:
            plan = Compiler(conn, text, me=me, review_annotators=review).plan(tree)
        return Query(text, tree, plan)

    # ------------------------------------------------------------ reading

    def count(self, query: Query, *, stop: StopAsked | None = None) -> int:
        with self._connect(stop) as conn:
            return conn.execute(self._select(query, func.count())).scalar() or 0

    def page(self, query: Query, annotator: str, offset: int = 0, limit: int = 200, *,
             stop: StopAsked | None = None) -> list[DocumentRow]:
        """Rows of the document list for the matches, in import order."""
        with self._connect(stop) as conn:
            keys = self._select(query, documents.c.pk, documents.c.uid, documents.c.title,
                                documents.c.length, ordered=True).offset(offset).limit(limit)
            return Documents.list_rows(conn, keys,
                                       Annotators.find(conn, annotator) or -1)

    def uids(self, query: Query, *, stop: StopAsked | None = None) -> Iterator[str]:
        """The ids of every match, in import order, read as a stream."""
        with self._connect(stop) as conn:
            yield from conn.execute(self._select(query, documents.c.uid, ordered=True)
                                    ).yield_per(2000).scalars()

    def position(self, uid: str, query: Query) -> int | None:
        """The row of a document among the matches; None if it does not match."""
        with self._store.connect() as conn:
            pk = _key(conn, uid)
            if pk is None or conn.execute(
                    self._select(query, documents.c.pk).where(documents.c.pk == pk)
            ).first() is None:
                return None
            return conn.execute(self._select(query, func.count()).where(
                self._order(query) < pk)).scalar()

    def next(self, uid: str | None, query: Query, *, step: int = 1,
             wrap: bool = True) -> str | None:
        """The match after (step 1) or before (step -1) ``uid`` in import order: what
        "Next" walks; past the end it wraps to the start, unless not ``wrap``."""
        order = self._order(query)
        with self._store.connect() as conn:
            pk = _key(conn, uid) if uid else None
            base = self._select(query, documents.c.uid)
            base = base.order_by(order if step > 0 else order.desc()).limit(1)
            if pk is not None:
                found = conn.execute(base.where(order > pk if step > 0 else order < pk)
                                     ).scalar()
                if found is not None or not wrap:
                    return found
            found = conn.execute(base).scalar()
            return None if found == uid else found

    def keys(self, query: Query) -> Select[Any]:
        """The matches' document keys, for the store's bulk reads (``pk IN keys``)."""
        # Never correlated with an outer query over documents: a list of its own.
        return self._select(query, documents.c.pk).correlate(None)

    # ------------------------------------------------------------ building

    @staticmethod
    def _order(query: Query) -> ColumnElement[int]:
        # Through the index, its rowid: FTS5 then reads in order and stops early.
        return fts.c.rowid if query.plan.match is not None else documents.c.pk

    def _select(self, query: Query, *columns: Any, ordered: bool = False) -> Select[Any]:
        plan = query.plan
        if plan.match is None:
            found = select(*columns).select_from(documents)
        else:
            found = (select(*columns)
                     .select_from(fts.join(documents, documents.c.pk == fts.c.rowid))
                     .where(fts.c[FTS_NAME].match(plan.match)))
        if plan.where is not None:
            found = found.where(plan.where)
        return found.order_by(self._order(query)) if ordered else found

    @contextmanager
    def _connect(self, stop: StopAsked | None) -> Iterator[Connection]:
        """A reading connection; on SQLite, a query that ``stop`` asks to stop ends
        with Cancelled (an interrupted query changes nothing). ``stop`` is asked now
        and then while SQLite works; if it has a ``watch`` method, it is given the
        driver's connection while the query runs, to interrupt it at once from
        another thread (some steps, such as counting an index, never ask)."""
        with self._store.connect() as conn:
            raw = conn.connection.driver_connection if stop is not None else None
            handler = getattr(raw, "set_progress_handler", None)
            watch = getattr(stop, "watch", None) if handler is not None else None
            if handler is not None:
                handler(lambda: 1 if stop() else 0, 10_000)  # type: ignore[misc]
            if watch is not None:
                watch(raw)
            try:
                yield conn
            except OperationalError as exc:
                if stop is not None and stop() and "interrupt" in str(exc.orig):
                    raise Cancelled("the search was stopped") from None
                raise
            finally:
                if watch is not None:
                    watch(None)
                if handler is not None:
                    handler(None, 0)


def _key(conn: Connection, uid: str) -> int | None:
    return conn.execute(select(documents.c.pk).where(documents.c.uid == uid)).scalar()
