"""A training config for spaCy's SpanCategorizer over blank English, made with
spaCy's own `init config`, so `spacy train` runs on an exported DocBin as it is."""

from __future__ import annotations

from pathlib import Path


def spancat_config(*, spans_key: str = "sc", max_span_tokens: int = 3, ner: bool = False,
                   max_steps: int | None = None) -> str:
    """The config text. The suggester proposes n-grams up to `max_span_tokens`, so
    long spans (claims, quotes) can be found at all."""
    from spacy.cli.init_config import init_config  # lazy: spaCy

    pipeline = ["spancat", "ner"] if ner else ["spancat"]
    config = init_config(lang="en", pipeline=pipeline, optimize="efficiency", gpu=False)
    config["components"]["spancat"]["spans_key"] = spans_key
    config["components"]["spancat"]["suggester"] = {
        "@misc": "spacy.ngram_range_suggester.v1", "min_size": 1,
        "max_size": max(1, max_span_tokens)}
    weights = config["training"]["score_weights"]
    for old in [k for k in weights if k.startswith("spans_")]:
        new = old.replace("spans_sc_", f"spans_{spans_key}_")
        weights[new] = weights.pop(old)
    if max_steps is not None:
        config["training"]["max_steps"] = max_steps
        config["training"]["eval_frequency"] = max(1, min(200, max_steps // 2))
    return config.to_str()


def write_spancat_config(path: Path, **options: object) -> Path:
    path.write_text(spancat_config(**options), encoding="utf-8")  # type: ignore[arg-type]
    return path
