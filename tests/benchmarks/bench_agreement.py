"""How long agreement takes over a large corpus: 10,000 documents x 2 annotators
x 20 spans each (target: 2 s for the full pair comparison).

A plain script: ``python tests/benchmarks/bench_agreement.py``. Prints figures
and targets; asserts nothing about time.
"""

from __future__ import annotations

import random
import time

from annotator.core.agreement import DocumentAnnotations, compare_pair, krippendorff_alpha
from annotator.core.model import Span

N_DOCUMENTS = 10_000
SPANS_EACH = 20
TARGET_SECONDS = 2.0
LABELS = ("actor", "weapon", "claim", "quote")
TEXT_LENGTH = 3_000  # a typical news article, in code points
TOKEN_LENGTH = 5  # ~600 tokens per document


def synthetic_tokens(length: int) -> list[tuple[int, int]]:
    """Token bounds every TOKEN_LENGTH code points, one space between tokens."""
    return [(start, min(start + TOKEN_LENGTH - 1, length))
            for start in range(0, length, TOKEN_LENGTH)]


def random_spans(rng: random.Random, length: int, annotator: str) -> list[Span]:
    spans = []
    for _ in range(SPANS_EACH):
        start = rng.randrange(0, length - 200)
        spans.append(Span(start, start + rng.randrange(3, 200), rng.choice(LABELS), annotator))
    return spans


def near_copy(rng: random.Random, spans: list[Span], annotator: str) -> list[Span]:
    """A second annotator: most spans as the first, some shifted, some relabelled."""
    copied = []
    for span in spans:
        roll = rng.random()
        if roll < 0.6:
            copied.append(Span(span.start, span.end, span.label, annotator))
        elif roll < 0.85:
            copied.append(Span(span.start + rng.randrange(0, 3),
                               span.end + rng.randrange(0, 3), span.label, annotator))
        else:
            copied.append(Span(span.start, span.end, rng.choice(LABELS), annotator))
    return copied


def corpus(seed: int = 7) -> list[DocumentAnnotations]:
    rng = random.Random(seed)
    tokens = synthetic_tokens(TEXT_LENGTH)
    docs = []
    for index in range(N_DOCUMENTS):
        first = random_spans(rng, TEXT_LENGTH, "ann")
        docs.append(DocumentAnnotations(f"doc{index}", TEXT_LENGTH,
                                        {"ann": first, "ben": near_copy(rng, first, "ben")},
                                        tokens=tokens))
    return docs


def timed(label: str, work) -> object:
    began = time.perf_counter()
    result = work()
    took = time.perf_counter() - began
    verdict = "within" if took <= TARGET_SECONDS else "OVER"
    print(f"{label:<48} {took:6.2f} s   (target {TARGET_SECONDS:.1f} s: {verdict})")
    return result


def main() -> None:
    began = time.perf_counter()
    docs = corpus()
    print(f"built {N_DOCUMENTS} documents x 2 annotators x {SPANS_EACH} spans "
          f"({len(docs[0].tokens)} tokens each) in {time.perf_counter() - began:.2f} s")
    pair = timed("compare_pair (exact F1, partial F1, kappa)",
                 lambda: compare_pair(docs, "ann", "ben"))
    alpha = timed("krippendorff_alpha (overall + per label)", lambda: krippendorff_alpha(docs))
    print(f"exact F1 {pair.exact.overall.f1:.3f}  partial F1 {pair.partial.overall.f1:.3f}  "
          f"kappa {pair.kappa.overall.kappa:.3f}  alpha {alpha.overall.alpha:.3f}")


if __name__ == "__main__":
    main()
