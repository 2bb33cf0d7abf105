"""A three-annotator corpus from the sample articles, for the review tests and pictures.

alice marks every name, weapon designation and quotation the patterns find;
bob skips some, calls some names weapons and some quotes claims; carol moves
some boundaries and skips others. Deterministic (seeded), so figures repeat.
"""

from __future__ import annotations

import random
import re

from annotator.core.model import Span
from annotator.store import Store

ANNOTATORS = ("alice", "bob", "carol")
ACTOR = re.compile(r"\b(?:[A-Z][a-z]+)(?: [A-Z][a-z]+){0,2}\b")
WEAPON = re.compile(r"\b[A-Z][A-Za-z]?-\d+[A-Z]?\b")
QUOTE = re.compile(r"“[^”]{10,}”")
SKIP = {"The", "In", "He", "She", "It", "They", "But", "RELATED", "More", "During", "This",
        "According", "On", "At", "A"}


def proposals(text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), "weapon") for m in WEAPON.finditer(text)]
    found += [(m.start(), m.end(), "quote") for m in QUOTE.finditer(text)]
    for m in ACTOR.finditer(text):
        if m.group().split()[0] not in SKIP and not any(
                s <= m.start() < e for s, e, label in found if label == "weapon"):
            found.append((m.start(), m.end(), "actor"))
    return sorted(set(found))


def build_corpus(store: Store, seed: int = 7) -> list[str]:
    """Give alice, bob and carol their spans on every document; returns the ids."""
    rng = random.Random(seed)
    for name in ANNOTATORS:
        store.annotators.ensure(name)
    uids = store.documents.uids()
    for uid in uids:
        text = store.documents.get(uid).text
        for start, end, label in proposals(text):
            store.spans.add(uid, Span(start, end, label, "alice"))
            roll = rng.random()
            if roll < 0.70:
                store.spans.add(uid, Span(start, end, label, "bob"))
            elif roll < 0.80:
                other = {"actor": "weapon", "weapon": "actor", "quote": "claim"}[label]
                store.spans.add(uid, Span(start, end, other, "bob"))
            roll = rng.random()
            if roll < 0.65:
                store.spans.add(uid, Span(start, end, label, "carol"))
            elif roll < 0.80 and end - start > 6:
                store.spans.add(uid, Span(start, end - 3, label, "carol"))
        for m in re.finditer(r"“[^”]{10,}”", text):  # carol marks quotes as claims too
            if rng.random() < 0.5:
                store.spans.add(uid, Span(m.start(), m.end(), "claim", "carol"))
    return uids


def test_corpus_has_every_category(seeded: Store) -> None:
    from annotator.services import review

    uids = build_corpus(seeded)
    categories = set()
    for uid in uids:
        categories |= {c.category for c in review.compare_document(seeded, uid, ANNOTATORS)}
    assert categories == {review.Category.AGREED, review.Category.PARTIAL,
                          review.Category.ONLY, review.Category.OVERLAP, review.Category.LABEL}
