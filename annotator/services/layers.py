"""One flat, non-overlapping layer out of overlapping spans (for doc.ents and CoNLL).

Which span wins is an explicit choice: labels earlier in the priority list win,
then the longer span, then the earlier one. Every span that loses is returned,
with the span it lost to, so the caller can report it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from annotator.formats.records import SpanLike

S = TypeVar("S", bound=SpanLike)


def parse_labels(value: str | Sequence[str] | None) -> list[str] | None:
    """"actor,weapon" or ["actor", "weapon"] -> ["actor", "weapon"]; None stays None.

    In a string, a comma that is part of a label is written "\\," (and a backslash
    "\\\\"); the items of a list are labels as they are."""
    if value is None:
        return None
    items = split_labels(value) if isinstance(value, str) else list(value)
    return [x.strip() for x in items if x.strip()]


def split_labels(text: str) -> list[str]:
    """Labels separated by commas; "\\," is a comma inside a label."""
    labels, current, chars = [], [], iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == ",":
            labels.append("".join(current))
            current = []
        else:
            current.append(ch)
    labels.append("".join(current))
    return labels


def flat_layer(spans: Sequence[S], labels: Sequence[str] | None = None
               ) -> tuple[list[S], list[tuple[S, S]]]:
    """(kept spans in text order, [(dropped span, the kept span it overlaps)]).

    Spans whose label is not in `labels` (when given) are not candidates at all.
    """
    rank = {label: i for i, label in enumerate(labels)} if labels else None
    candidates = [s for s in spans if rank is None or s.label in rank]
    order = sorted(candidates, key=lambda s: (
        rank[s.label] if rank else 0, -(s.end - s.start), s.start, s.label))
    kept: list[S] = []
    dropped: list[tuple[S, S]] = []
    for span in order:
        rival = next((k for k in kept if k.start < span.end and span.start < k.end), None)
        if rival is None:
            kept.append(span)
        else:
            dropped.append((span, rival))
    return sorted(kept, key=lambda s: (s.start, s.end)), dropped
