"""Counts in messages: '1 document', '2 documents'."""

from __future__ import annotations


def count(n: float, noun: str, plural: str | None = None) -> str:
    """`n` with its noun, singular for exactly one; thousands grouped."""
    word = noun if n == 1 else (plural or noun + "s")
    number = f"{n:,}" if isinstance(n, int) else f"{n:g}"
    return f"{number} {word}"
