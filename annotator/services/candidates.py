"""What span and relation candidates in a review share: who proposed one, in words,
and how many are decided."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class Decidable(Protocol):
    @property
    def decided(self) -> bool: ...


def proposers_text(proposers: Sequence[str], annotators: Sequence[str]) -> str:
    """Who proposed a candidate: "both", "all 3", "only alice", "alice, bob (not carol)"."""
    if len(proposers) == len(annotators):
        return f"all {len(annotators)}" if len(annotators) > 2 else "both"
    if len(proposers) == 1:
        return f"only {proposers[0]}"
    missing = [a for a in annotators if a not in proposers]
    return f"{', '.join(proposers)} (not {', '.join(missing)})"


def progress_of(candidates: Iterable[Decidable]) -> tuple[int, int]:
    """(decided, total) over candidates, of spans or of relations."""
    decided = total = 0
    for c in candidates:
        total += 1
        decided += c.decided
    return decided, total
