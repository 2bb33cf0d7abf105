"""A parsed query (annotator.core.query) as SQLAlchemy expressions over the documents.

The result is a :class:`Plan`: an FTS5 query string for SQLite's index (built from
words alone, each in quotes) and a SQL condition on ``documents``. Nothing the user
typed is ever spliced into SQL: values are bound, and the FTS5 string quotes words
made of letters and digits only.

How a search runs follows from its shape:

* words (and filters): the words go to FTS5 together, which reads its matches in
  document order; each match is checked against the filters (EXISTS per document),
  so a first page stops early however many documents match;
* filters alone: each lists its documents from the annotations (``pk IN (...)``),
  so the cost follows the spans and states, not the corpus; an OR of such lists is
  their UNION; a left-out filter is NOT EXISTS;
* on PostgreSQL, words become case-insensitive patterns that pg_trgm's index serves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
    true,
    union,
)

from annotator.core.errors import QueryError
from annotator.core.model import AnnotatorKind, DocState, Status
from annotator.core.query import (
    And,
    Contains,
    Everything,
    Filter,
    Node,
    Not,
    Or,
    Text,
)
from annotator.store.schema import annotators, document_states, documents, labels, spans
from annotator.store.search import review
from annotator.store.search.index import FTS_NAME, fts

#: A registered SQLite function: Unicode case-insensitive substring (LIKE folds ASCII only).
CONTAINS_FUNCTION = "annotator_contains"


@dataclass(frozen=True)
class Plan:
    """The documents in the FTS5 index matching ``match`` (SQLite only; None: no words
    to look up) for which ``where`` holds (None: no other condition)."""

    match: str | None
    where: ColumnElement[bool] | None


@dataclass(frozen=True)
class _Part:
    """What a node compiles to while the plan is built; the node holds for a document
    when ``match`` (SQLite's index) and ``where`` both hold. ``keys``, when given, lists
    the documents it holds for (a filter's documents, read from the annotations):
    a search with no words is driven from that list. ``exists`` is the same test
    per document (correlated), for checking the matches of words one by one."""

    match: str | None = None
    where: ColumnElement[bool] | None = None
    keys: Select[Any] | None = None
    exists: ColumnElement[bool] | None = None

    @property
    def words_only(self) -> bool:
        return self.match is not None and self.where is None


def _in_keys(keys: Select[Any]) -> ColumnElement[bool]:
    return documents.c.pk.in_(keys)


def _fts_keys(match: str) -> Select[Any]:
    return select(fts.c.rowid).where(fts.c[FTS_NAME].match(match))


def _listed(keys: Select[Any], exists_: ColumnElement[bool]) -> _Part:
    """A filter: its document list, and the same test per document."""
    return _Part(where=_in_keys(keys), keys=keys, exists=exists_)


class Compiler:
    def __init__(self, conn: Connection, query: str, *, me: str | None,
                 review_annotators: Sequence[str] | None) -> None:
        self._conn = conn
        self._query = query
        self._sqlite = conn.dialect.name == "sqlite"
        self._me = me
        self._review = list(review_annotators) if review_annotators else None
        self._label_keys = dict(conn.execute(select(labels.c.name, labels.c.pk)).all())
        self._annotator_keys = dict(conn.execute(
            select(annotators.c.name, annotators.c.pk)).all())

    def plan(self, node: Node) -> Plan:
        part = self._part(node)
        return Plan(part.match, part.where)

    # ------------------------------------------------------------ structure

    def _part(self, node: Node) -> _Part:
        if isinstance(node, Everything):
            return _Part()
        if isinstance(node, Text):
            return _Part(match=_fts_phrase(node)) if self._sqlite \
                else _Part(where=_pattern(node))
        if isinstance(node, Contains):
            return _Part(where=self._contains(node.needle))
        if isinstance(node, Filter):
            return self._filter(node)
        if isinstance(node, Not):
            return _Part(where=self._not(self._part(node.child)))
        if isinstance(node, And):
            return self._and(node.children)
        if isinstance(node, Or):
            return self._or([self._part(c) for c in node.children])
        raise TypeError(f"not a query node: {node!r}")  # pragma: no cover

    @staticmethod
    def _not(part: _Part) -> ColumnElement[bool]:
        if part.exists is not None:  # a filter: NOT EXISTS, per document, no list
            return not_(part.exists)
        return not_(Compiler._test(part))

    @staticmethod
    def _test(part: _Part) -> ColumnElement[bool]:
        """A part as one condition on documents (words through an IN on the index)."""
        if part.match is None:
            return part.where if part.where is not None else true()
        found = _in_keys(_fts_keys(part.match))
        return found if part.where is None else and_(found, part.where)

    def _and(self, children: Sequence[Node]) -> _Part:
        parts: list[_Part] = []
        left_out: list[str] = []
        for child in children:
            if isinstance(child, Not):
                inner = self._part(child.child)
                if inner.words_only:
                    left_out.append(inner.match)  # type: ignore[arg-type]
                    continue
                parts.append(_Part(where=self._not(inner)))
            else:
                parts.append(self._part(child))
        matches = [p.match for p in parts if p.match is not None]
        if not matches:
            conditions = [p.where for p in parts if p.where is not None]
            conditions += [not_(_in_keys(_fts_keys(m))) for m in left_out]
            return _Part(where=and_(*conditions) if conditions else None)
        # The words drive: their matches come from the index in document order, and
        # each is checked against the filters one by one, so a first page stops early.
        combined = " AND ".join(f"({m})" for m in matches) \
            + "".join(f" NOT ({m})" for m in left_out)
        conditions = [p.exists if p.exists is not None else p.where
                      for p in parts if p.where is not None]
        return _Part(match=combined, where=and_(*conditions) if conditions else None)

    def _or(self, parts: list[_Part]) -> _Part:
        if all(p.words_only for p in parts):
            return _Part(match=" OR ".join(f"({p.match})" for p in parts))
        if all(p.keys is not None or p.words_only for p in parts):
            # Every side can list its documents: one list, the union, drives.
            lists = [p.keys if p.keys is not None else _fts_keys(p.match)  # type: ignore[arg-type]
                     for p in parts]
            keys = union(*lists)
            tests = [p.exists if p.exists is not None else self._test(p) for p in parts]
            return _Part(where=_in_keys(select(keys.subquery().c[0])),
                         keys=select(keys.subquery().c[0]), exists=or_(*tests))
        return _Part(where=or_(*(self._test(p) for p in parts)))

    # ------------------------------------------------------------ text

    def _contains(self, needle: str) -> ColumnElement[bool]:
        if not self._sqlite:
            pattern = "%" + _escape_like(needle) + "%"
            return or_(documents.c.title.ilike(pattern, escape="\\"),
                       documents.c.text.ilike(pattern, escape="\\"))
        if needle.isascii():  # SQLite's LIKE ignores the case of ASCII letters
            pattern = "%" + _escape_like(needle) + "%"
            return or_(documents.c.title.like(pattern, escape="\\"),
                       documents.c.text.like(pattern, escape="\\"))
        folded = needle.casefold()
        contains = getattr(func, CONTAINS_FUNCTION)
        return or_(contains(documents.c.title, folded) == 1,
                   contains(documents.c.text, folded) == 1)

    # ------------------------------------------------------------ filters

    def _error(self, reason: str, column: int) -> QueryError:
        return QueryError(reason, self._query, column)

    def _annotator(self, name: str, column: int) -> int:
        key = self._annotator_keys.get(name)
        if key is None:
            known = ", ".join(sorted(self._annotator_keys)) or "none yet"
            raise self._error(f"no annotator called {name!r} (annotators: {known})", column)
        return key

    def _whose(self, node: Filter) -> int:
        """The one annotator a filter is about: @who, else this annotator."""
        if node.who:
            return self._annotator(node.who[0], node.who_column)
        if self._me is None:
            raise self._error(f"{node.name}:{node.value} is about one annotator: say whose, "
                              f"as in {node.name}:{node.value}@NAME", node.column)
        return self._annotator_keys.get(self._me, -1)  # new here: nothing done yet

    def _filter(self, node: Filter) -> _Part:
        # A filter lists its documents from the annotations (spans by label, states by
        # annotator), so its cost follows them, not the corpus; and it can
        # test one document, for checking the matches of words.
        here = spans.c.document == documents.c.pk
        states_here = document_states.c.document == documents.c.pk
        if node.name == "state":
            mine = document_states.c.annotator == self._whose(node)
            if node.value == DocState.TODO.value:  # no row at all is to do, too
                begun = not_(exists(select(document_states.c.document).where(
                    states_here, mine, document_states.c.state != DocState.TODO.value)))
                return _Part(where=begun, exists=begun)
            chosen = document_states.c.state == node.value
            return _listed(select(document_states.c.document).where(mine, chosen),
                           exists(select(document_states.c.document)
                                  .where(states_here, mine, chosen)))
        if node.name == "annotator":
            key = self._annotator(node.value, node.value_column)
            by_spans = select(spans.c.document).where(spans.c.annotator == key)
            by_states = select(document_states.c.document) \
                .where(document_states.c.annotator == key)
            both = union(by_spans, by_states).subquery()
            return _listed(select(both.c[0]),
                           or_(exists(by_spans.where(here)), exists(by_states.where(states_here))))
        if node.name == "review":
            keys = self._review_keys(node)
            return _listed(review.category(node.value, keys),
                           exists(review.category(node.value, keys, documents.c.pk)))
        who = self._annotator(node.who[0], node.who_column) if node.who else None
        if node.name == "label":
            label = self._label_keys.get(node.value)
            if label is None:
                known = ", ".join(sorted(self._label_keys))
                raise self._error(f"no label called {node.value!r} (labels: {known})",
                                  node.value_column)
            status = Status.ACCEPTED.value
        else:
            label = None
            status = Status.SUGGESTED.value if node.value == "suggestions" \
                else Status.ACCEPTED.value
        return _listed(select(spans.c.document).where(*_span_terms(status, label, who)),
                       exists(select(spans.c.pk).where(
                           here, *_span_terms(status, label, who, per_document=True))))

    def _review_keys(self, node: Filter) -> list[int]:
        if node.who:
            names = list(dict.fromkeys(node.who))
            column = node.who_column
        elif self._review:
            names, column = self._review, node.column
        else:
            names = list(self._conn.execute(
                select(annotators.c.name).where(annotators.c.kind == AnnotatorKind.HUMAN.value)
                .order_by(annotators.c.name)).scalars())
            column = node.column
        if len(names) < 2:
            raise self._error("review: compares two or more annotators; name them, as in "
                              f"review:{node.value}@alice,bob", column)
        return [self._annotator(name, column) for name in names]


def _span_terms(status: str, label: int | None, who: int | None, *,
                per_document: bool = False) -> list[ColumnElement[bool]]:
    """Spans with this status (and label, and annotator). For checking one document,
    status and label are written so that no index can use them (``status || ''``,
    ``label + 0``): SQLite's planner would otherwise seek the label index and scan
    every such span of the corpus for each document it checks, where the index that
    starts with the document finds them at once."""
    column_status = spans.c.status + "" if per_document else spans.c.status
    column_label = spans.c.label + 0 if per_document else spans.c.label
    terms = [column_status == status]
    if label is not None:
        terms.append(column_label == label)
    if who is not None:
        terms.append(spans.c.annotator == who)
    return terms


def _fts_phrase(node: Text) -> str:
    """An FTS5 phrase of the node's words (letters and digits only, so no quoting issue);
    a prefix phrase ends in " *"; title: limits it to that column."""
    phrase = '"' + " ".join(node.words).replace('"', '""') + '"' + (" *" if node.prefix else "")
    return f"title : {phrase}" if node.title else phrase


_NOT_WORD = "[^[:alnum:]]"


def _pattern(node: Text) -> ColumnElement[bool]:
    """PostgreSQL: the words in order, whole, with anything but letters and digits
    between them; case ignored (~*). pg_trgm's index serves such patterns."""
    body = f"{_NOT_WORD}+".join(node.words)  # letters and digits: nothing to escape
    pattern = f"(^|{_NOT_WORD}){body}" + ("" if node.prefix else f"($|{_NOT_WORD})")
    found = documents.c.title.regexp_match(pattern, flags="i")
    if node.title:
        return found
    return or_(found, documents.c.text.regexp_match(pattern, flags="i"))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
