"""CoNLL lines for a batch of documents: tokenized, tagged and formatted where the
export's worker processes run it (see services.parallel), or in-line."""

from __future__ import annotations

from annotator.core.model import SpanBounds

# (text, [(start, end, label), ...]) in; (lines, [(start, end, label, why), ...]) out.
Item = tuple[str, list[tuple[int, int, str]]]
Done = tuple[str, list[tuple[int, int, str, str]]]


def tag_batch(job: tuple[list[Item], str | None]) -> list[Done]:
    from annotator.formats import conll
    from annotator.nlp.tokens import blank_english

    items, align = job
    tokenizer = blank_english().tokenizer
    done: list[Done] = []
    for (_, spans), doc in zip(items, tokenizer.pipe(text for text, _ in items), strict=True):
        tokens = [(t.text, t.idx, t.idx + len(t.text)) for t in doc]
        tagged = conll.tag(tokens, [SpanBounds(*s) for s in spans], align)
        done.append((conll.format_document(tagged),
                     [(p.start, p.end, p.label, why) for p, why in tagged.problems]))
    return done
