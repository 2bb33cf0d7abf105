"""The nodes of a parsed search query, and what each filter accepts."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is a run of letters and digits: "Tu-160" is the words "Tu" and "160".
# SQLite's FTS5 (unicode61) and the PostgreSQL matcher split text the same way.
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, as the search sees them."""
    return _WORD.findall(text)


#: Filter name -> (what it means, whether it takes ``@annotator``). Aliases map to these.
FILTERS: dict[str, tuple[str, bool]] = {
    "state": ("this annotator's state: todo, started, done", True),
    "label": ("an accepted span with this label", True),
    "annotator": ("this annotator has a span or a state here", False),
    "has": ("has:suggestions (open suggestions) or has:spans (accepted spans)", True),
    "review": ("a review category between annotators: agreed, label, overlap, partial, "
               "only, conflict", True),
    "contains": ("the exact characters, case ignored", False),
    "title": ("words in the title only", False),
}
ALIASES = {"by": "annotator"}

STATES = {"todo": "todo", "to-do": "todo", "started": "in_progress",
          "in_progress": "in_progress", "in-progress": "in_progress",
          "progress": "in_progress", "done": "done"}
HAS = {"suggestions": "suggestions", "suggestion": "suggestions", "spans": "spans",
       "span": "spans"}
#: The categories of services.review.Category, and "conflict" for label or overlap.
REVIEW_CATEGORIES = ("agreed", "label", "overlap", "partial", "only", "conflict")


class Node:
    """A part of a query."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Everything(Node):
    """The empty query: every document."""


@dataclass(frozen=True, slots=True)
class Text(Node):
    """These words in this order (whole words, case ignored); with ``prefix``, the last
    word may go on ("Tu-16*" finds Tu-160). ``title`` limits it to titles."""

    words: tuple[str, ...]
    prefix: bool
    column: int
    typed: str
    title: bool = False


@dataclass(frozen=True, slots=True)
class Contains(Node):
    """The characters of ``needle`` anywhere in the title or text, case ignored."""

    needle: str
    column: int


@dataclass(frozen=True, slots=True)
class Filter(Node):
    """``name:value@who``; ``value`` is normalised (a state, "suggestions", a category)
    except for labels and annotators, which the store checks."""

    name: str
    value: str
    who: tuple[str, ...]
    column: int
    value_column: int
    who_column: int


@dataclass(frozen=True, slots=True)
class Not(Node):
    child: Node
    column: int


@dataclass(frozen=True, slots=True)
class And(Node):
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    children: tuple[Node, ...]
