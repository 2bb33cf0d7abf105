"""A trained pipeline's predictions as suggestions, each with a score in [0, 1].

A span categorizer scores every candidate span; it is asked for those above a low
floor, so the window's threshold can be moved without asking again. An entity
recognizer has no scores of its own: a beam search gives each entity the share
of probability of the parses that hold it (as Prodigy's ner.teach does).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Origin, Suggestion
from annotator.nlp.ops import numpy_blas
from annotator.nlp.tokens import import_spacy

#: Suggestions scoring below this are never stored or shown.
MIN_SCORE = 0.1
BEAM_WIDTH = 4  # 8 costs twice the time of 4 for little change in the scores


def model_info(path: Path) -> dict[str, Any]:
    """What a saved model says of itself (meta.json), without loading it."""
    import json

    meta_path = Path(path) / "meta.json"
    if not meta_path.is_file():
        raise AnnotatorError(f"{path}: not a saved model (no meta.json)")
    try:
        return json.loads(meta_path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except ValueError as exc:
        raise AnnotatorError(f"{meta_path}: not readable ({exc})") from None


class ModelSuggester:
    origin = Origin.MODEL

    def __init__(self, path: Path | str, *, annotator: str = "model",
                 min_score: float = MIN_SCORE) -> None:
        spacy = import_spacy()  # lazy: importing spaCy costs most of a second
        self.path = Path(path)
        info = model_info(self.path)
        try:
            with numpy_blas():
                self.nlp = spacy.load(self.path)
        except (OSError, ValueError) as exc:
            raise AnnotatorError(f"{path}: cannot load the model ({exc})") from None
        ours = info.get("annotator") or {}
        self.annotator = annotator
        self.min_score = min_score
        # The folder and the moment it was trained: suggestions are cached per version.
        self.version = f"{self.path.name}@{ours.get('trained_at', info.get('version', ''))}"
        if "spancat" in self.nlp.pipe_names:
            self.kind = "spancat"
        elif "ner" in self.nlp.pipe_names:
            self.kind = "ner"
        else:
            raise AnnotatorError(f"{path}: the pipeline has neither spancat nor ner "
                                 f"({', '.join(self.nlp.pipe_names) or 'no components'})")
        self.labels = sorted(self.nlp.get_pipe(self.kind).labels)

    def suggest(self, texts: Iterable[str], *, batch_size: int = 16
                ) -> Iterator[list[Suggestion]]:
        """The suggestions for each text, sorted by start, end and label."""
        if self.kind == "spancat":
            yield from self._spancat(texts, batch_size)
            return
        ner = self.nlp.get_pipe("ner")
        group: list[list[tuple[int, str]]] = []
        for text in texts:
            group.append(_lines(text))
            if len(group) >= batch_size:
                yield from self._scored_ents(ner, group)
                group = []
        if group:
            yield from self._scored_ents(ner, group)

    def _spancat(self, texts: Iterable[str], batch_size: int) -> Iterator[list[Suggestion]]:
        """The component's scores read in arrays: spaCy's own set_annotations makes a
        Span per candidate in Python, a fifth of the time for an article."""
        spancat = self.nlp.get_pipe("spancat")
        labels = list(spancat.labels)
        batch: list[Any] = []
        for doc in self.nlp.pipe(texts, batch_size=batch_size, disable=["spancat"]):
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._spancat_batch(spancat, labels, batch)
                batch = []
        if batch:
            yield from self._spancat_batch(spancat, labels, batch)

    def _spancat_batch(self, spancat: Any, labels: list[str], docs: list[Any]
                       ) -> Iterator[list[Suggestion]]:
        import numpy
        from spacy.attrs import IDX, LENGTH

        indices, scores = spancat.predict(docs)
        ops = spancat.model.ops
        lengths = ops.to_numpy(indices.lengths)
        spans = ops.to_numpy(indices.dataXd)
        scores = ops.to_numpy(scores)
        offset = 0
        for doc, n in zip(docs, lengths, strict=True):
            rows, columns = numpy.nonzero(scores[offset:offset + n, :len(labels)]
                                          >= self.min_score)
            found = []
            if len(rows):
                starts_ends = spans[offset + rows]
                where = doc.to_array([IDX, LENGTH])
                first, last = starts_ends[:, 0], starts_ends[:, 1] - 1
                start_chars = where[first, 0]
                end_chars = where[last, 0] + where[last, 1]
                picked = scores[offset + rows, columns]
                found = [Suggestion(int(s), int(e), labels[j], round(float(p), 4))
                         for s, e, j, p in zip(start_chars, end_chars, columns, picked,
                                               strict=True)]
                found.sort()
            offset += int(n)
            yield found

    def _scored_ents(self, ner: Any, group: list[list[tuple[int, str]]]
                     ) -> Iterator[list[Suggestion]]:
        """The entities of a group of texts, each given as its lines (offset, text).

        Lines are parsed side by side, as Prodigy's ner.teach parses sentences: the
        beam search takes a step per token of the longest document in a batch, in
        Python, so an article's lines take a tenth of the steps (half the time). Each
        line keeps its own beam of alternatives, so a doubtful entity is not crowded
        out by alternatives elsewhere in the article; entities never cross a line."""
        docs = list(self.nlp.pipe((line for lines in group for _, line in lines),
                                  disable=["ner"]))
        beams = ner.beam_parse(docs, beam_width=BEAM_WIDTH) if docs else []
        parsed = iter(zip(docs, ner.scored_ents(beams), strict=True))
        for lines in group:
            found = []
            for (offset, _), (doc, scores) in zip(lines, islice(parsed, len(lines)),
                                                  strict=True):
                for (start, end, label), p in scores.items():
                    if p >= self.min_score:
                        span = doc[start:end]
                        found.append(Suggestion(offset + span.start_char,
                                                offset + span.end_char, label,
                                                round(min(1.0, float(p)), 4)))
            yield sorted(found)


def _lines(text: str) -> list[tuple[int, str]]:
    """The lines of a text that hold more than spaces, with their offsets."""
    lines, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((at, line))
        at += len(line) + 1
    return lines
