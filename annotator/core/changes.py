"""Change records: what an edit did to a document's spans and relations, for everything
that shows them.

An edit is published once, as a SpanChange, and the view, the span list, the relation
list, the counts and the document list each follow it, instead of being kept in step
by hand. One record carries spans and relations together, so deleting a span with
its relations (or undoing that) is one change, shown at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from annotator.core.model import RelationRow, SpanRow


@dataclass(frozen=True, slots=True)
class SpanChange:
    """Spans and relations removed from and added to one document. A relabel or a
    move removes the span as it was and adds it as it is, under the same id; a
    retyped relation likewise. A relation's ends are the ids its spans are shown by."""

    uid: str
    removed: tuple[SpanRow, ...] = ()
    added: tuple[SpanRow, ...] = ()
    relations_removed: tuple[RelationRow, ...] = ()
    relations_added: tuple[RelationRow, ...] = ()

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
        to a suggestion) and suggestions are shown otherwise, or not at all. Relations
        stay whole (their collection keeps every status and shows the accepted ones)."""
        return SpanChange(self.uid, tuple(r for r in self.removed if r.status == "accepted"),
                          tuple(r for r in self.added if r.status == "accepted"),
                          self.relations_removed, self.relations_added)

    def reversed(self) -> SpanChange:
        """The change that undoes this one (on the display)."""
        return SpanChange(self.uid, self.added, self.removed, self.relations_added,
                          self.relations_removed)

    @property
    def spans_changed(self) -> bool:
        return bool(self.removed or self.added)

    @property
    def relations_changed(self) -> bool:
        return bool(self.relations_removed or self.relations_added)

    def __bool__(self) -> bool:
        return bool(self.removed or self.added or self.relations_removed
                    or self.relations_added)
