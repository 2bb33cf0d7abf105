"""Change records: what an edit did to a document's spans, for everything that shows them.

An edit is published once, as a SpanChange, and the view, the span list, the counts
and the document list each follow it, instead of being kept in step by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from annotator.core.model import SpanRow


@dataclass(frozen=True, slots=True)
class SpanChange:
    """Spans removed from and added to one document. A relabel or a move removes the
    span as it was and adds it as it is, under the same id."""

    uid: str
    removed: tuple[SpanRow, ...] = ()
    added: tuple[SpanRow, ...] = ()

    def by_annotator(self) -> Counter[str]:
        """How many spans each annotator gained (negative: lost)."""
        delta: Counter[str] = Counter()
        for row in self.removed:
            delta[row.annotator] -= 1
        for row in self.added:
            delta[row.annotator] += 1
        return delta

    def accepted(self) -> SpanChange:
        """The part of the change that shows as spans: rejected spans (a person's "no"
        to a suggestion) and suggestions are shown otherwise, or not at all."""
        return SpanChange(self.uid, tuple(r for r in self.removed if r.status == "accepted"),
                          tuple(r for r in self.added if r.status == "accepted"))

    def reversed(self) -> SpanChange:
        """The change that undoes this one (on the display)."""
        return SpanChange(self.uid, self.added, self.removed)

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)
