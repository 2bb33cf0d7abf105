"""Errors that carry what went wrong and where."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base for errors shown to the user as they are."""


class BadOption(AnnotatorError):
    """An option or its value cannot be used as given (a usage error)."""


class InvalidName(AnnotatorError):
    """A label's or an annotator's name that cannot be used (empty, too long, control
    characters); see core.model.name_problem."""


class InvalidSpan(AnnotatorError):
    pass


class DuplicateSpan(AnnotatorError):
    pass


class UnknownLabel(AnnotatorError):
    pass


class UnknownRelationType(UnknownLabel):
    """A relation names a type the store does not know."""


class InvalidRelation(AnnotatorError):
    """A relation that cannot be made: ends in two documents, or labels its type refuses."""


class Cancelled(AnnotatorError):
    """The user stopped a long piece of work before it was done."""


class StoreError(AnnotatorError):
    """The database cannot be opened or used as asked."""


class StoreBusy(StoreError):
    """Another program holds the database's write lock; trying again later may work."""


class RecordError(AnnotatorError):
    """A bad input record: says file, line and reason."""

    def __init__(self, reason: str, *, path: str = "", line: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self.where() + reason)

    def where(self) -> str:
        if self.path and self.line is not None:
            return f"{self.path}:{self.line}: "
        if self.path:
            return f"{self.path}: "
        return ""


class QueryError(AnnotatorError):
    """A search query that cannot be read: says why and at which column (1-based)."""

    def __init__(self, reason: str, query: str, column: int) -> None:
        self.reason = reason
        self.query = query
        self.column = column
        super().__init__(f"column {column}: {reason}")

    def pointer(self) -> str:
        """The query with a caret under the column at fault, for a terminal."""
        return f"{self.query}\n{' ' * (self.column - 1)}^"
