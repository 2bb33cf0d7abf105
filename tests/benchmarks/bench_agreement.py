"""How long agreement takes over a large corpus: 10,000 documents x 2 annotators
x 20 spans each (target: 2 s for the full pair comparison).

A plain script: ``python tests/benchmarks/bench_agreement.py``. Prints figures
and targets; asserts nothing about time. Each run gets freshly built documents:
the metrics remember what they derive from a document, so a second run over the
same ones would measure that memory, not the work.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from annotator.core.agreement import (
    AlphaReport,
    DocumentAnnotations,
    PairAgreement,
    Tokens,
    compare_pair,
    krippendorff_alpha,
)
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


def corpus(seed: int = 7, *, arrays: bool = False) -> list[DocumentAnnotations]:
    """Token bounds as (start, end) pairs, or with ``arrays`` as :class:`Tokens`
    (what the service passes)."""
    rng = random.Random(seed)
    pairs = synthetic_tokens(TEXT_LENGTH)
    tokens = Tokens([s for s, _ in pairs], [e for _, e in pairs]) if arrays else pairs
    docs = []
    for index in range(N_DOCUMENTS):
        first = random_spans(rng, TEXT_LENGTH, "ann")
        docs.append(DocumentAnnotations(f"doc{index}", TEXT_LENGTH,
                                        {"ann": first, "ben": near_copy(rng, first, "ben")},
                                        tokens=tokens))
    return docs


def timed(label: str, work: Callable[[list[DocumentAnnotations]], object], *,
          arrays: bool = False, repeat: int = 3) -> object:
    """Run ``work`` a few times, each over fresh documents; print the best and every
    run against the target."""
    runs, result = [], None
    for _ in range(repeat):
        docs = corpus(arrays=arrays)
        began = time.perf_counter()
        result = work(docs)
        runs.append(time.perf_counter() - began)
    best = min(runs)
    verdict = "within" if best <= TARGET_SECONDS else "OVER"
    every = ", ".join(f"{took:.2f}" for took in runs)
    print(f"{label:<46} best {best:5.2f} s  (runs {every}; target {TARGET_SECONDS:.1f} s: "
          f"{verdict})")
    return result


def fallback_tokenization() -> None:
    """The regex fallback, for callers that pass text but no tokens (not in the target)."""
    rng = random.Random(3)
    words = ["the", "Tu-160", "flew", "over", "Kyiv,", "officials", "said", "“quote”", "AK-103."]
    text = " ".join(rng.choice(words) for _ in range(500))[:TEXT_LENGTH]
    began = time.perf_counter()
    for index in range(N_DOCUMENTS):
        DocumentAnnotations.from_text(f"doc{index}", text, {})
    took = time.perf_counter() - began
    print(f"regex fallback tokenization of {N_DOCUMENTS} texts   {took:5.2f} s  "
          "(extra, only when no tokens are passed)")


def main() -> None:
    began = time.perf_counter()
    docs = corpus()
    print(f"built {N_DOCUMENTS} documents x 2 annotators x {SPANS_EACH} spans "
          f"({len(docs[0].tokens or ())} tokens each) in {time.perf_counter() - began:.2f} s")
    pair = timed("compare_pair (exact F1, partial F1, kappa)",
                 lambda docs: compare_pair(docs, "ann", "ben"))
    alpha = timed("krippendorff_alpha (overall + per label)",
                  lambda docs: krippendorff_alpha(docs))
    timed("compare_pair, tokens as arrays", lambda docs: compare_pair(docs, "ann", "ben"),
          arrays=True)
    timed("krippendorff_alpha, tokens as arrays", lambda docs: krippendorff_alpha(docs),
          arrays=True)
    timed("both over the same documents, as the service", lambda docs: (
        compare_pair(docs, "ann", "ben"), krippendorff_alpha(docs, ["ann", "ben"])),
        arrays=True)
    assert isinstance(pair, PairAgreement) and isinstance(alpha, AlphaReport)
    print(f"exact F1 {pair.exact.overall.f1:.3f}  partial F1 {pair.partial.overall.f1:.3f}  "
          f"kappa {pair.kappa.overall.kappa:.3f}  alpha {alpha.overall.alpha:.3f}")
    fallback_tokenization()


if __name__ == "__main__":
    main()
