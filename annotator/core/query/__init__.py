"""The search query language shared by the window and the command line (see README).

``parse(text)`` gives a tree of :mod:`annotator.core.query.syntax` nodes, or raises
QueryError naming the column at fault. The store turns the tree into its own query.
"""

from annotator.core.query.parser import parse
from annotator.core.query.syntax import (
    FILTERS,
    REVIEW_CATEGORIES,
    And,
    Contains,
    Everything,
    Filter,
    Node,
    Not,
    Or,
    Text,
    words,
)

__all__ = ["FILTERS", "REVIEW_CATEGORIES", "And", "Contains", "Everything", "Filter", "Node",
           "Not", "Or", "Text", "parse", "words"]
