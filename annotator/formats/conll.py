"""CoNLL-2003 style named-entity columns: `token -X- _ TAG`, IOB2 tags (B- on every
span's first token), a blank line between sentences, `-DOCSTART-` between documents.

One flat layer only: overlapping spans cannot be written and are reported by the
caller. A line break in the text ends a sentence; a span across one cannot be
written either.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from annotator.formats.records import SpanLike

DOCSTART = "-DOCSTART- -X- -X- O\n"
# A column file splits on white space: inside a token it becomes "_".
_NO_SPACE = str.maketrans({ch: "_" for ch in map(chr, range(0x3000 + 1))
                           if ch.isspace()})


def has_space(label: str) -> bool:
    """A label that cannot be a CoNLL tag: the columns are split on white space."""
    return any(ch.isspace() for ch in label)


@dataclass(frozen=True, slots=True)
class Tagged:
    """Tokens of one document with a tag each, and the spans that could not be tagged."""

    tokens: list[tuple[str, int, int]]  # text, start, end (code points)
    tags: list[str]
    problems: list[tuple[SpanLike, str]]


def tag(tokens: Sequence[tuple[str, int, int]], spans: Sequence[SpanLike],
        align: str | None) -> Tagged:
    """IOB2 tags for non-overlapping spans.

    A span whose edges fall inside tokens is a problem unless `align` says what
    to do: "expand" takes every token it touches, "contract" only the tokens
    wholly inside it, "drop" leaves it out.
    """
    tags = ["O"] * len(tokens)
    problems: list[tuple[SpanLike, str]] = []
    starts = [s for _, s, _ in tokens]
    ends = [e for _, _, e in tokens]  # tokens are in order and do not overlap
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        first, stop = bisect_right(ends, span.start), bisect_left(starts, span.end)
        touched = [i for i in range(first, stop) if not tokens[i][0].isspace()]
        inside = [i for i in touched if tokens[i][1] >= span.start and tokens[i][2] <= span.end]
        chosen = inside
        if touched != inside:
            if align is None:
                problems.append((span, "misaligned"))
                continue
            if align == "drop":
                problems.append((span, "dropped: misaligned"))
                continue
            chosen = touched if align == "expand" else inside
            if not chosen:
                problems.append((span, "dropped: no whole token inside"))
                continue
        if not chosen:
            problems.append((span, "dropped: covers only whitespace"))
            continue
        if any(tags[i] != "O" for i in chosen):
            problems.append((span, "dropped: overlaps another span after alignment"))
            continue
        if any("\n" in tokens[i][0] for i in range(chosen[0], chosen[-1] + 1)):
            problems.append((span, "dropped: crosses a line break (a sentence break)"))
            continue
        for n, i in enumerate(chosen):
            tags[i] = ("B-" if n == 0 else "I-") + span.label
    return Tagged(list(tokens), tags, problems)


def write_document(stream: IO[str], tagged: Tagged) -> None:
    stream.write(format_document(tagged))


def format_document(tagged: Tagged) -> str:
    """A document's lines: -DOCSTART-, then a sentence per line of text."""
    lines = [DOCSTART]
    sentence_open = False
    for (text, _, _), tag_ in zip(tagged.tokens, tagged.tags, strict=True):
        if text.isspace():
            if "\n" in text:
                sentence_open = False
            continue
        if not sentence_open:
            lines.append("\n")
            sentence_open = True
        lines.append(f"{text.translate(_NO_SPACE)} -X- _ {tag_}\n")
    lines.append("\n")
    return "".join(lines)
