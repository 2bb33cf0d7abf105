"""A trained pipeline's predictions as suggestions, each with a score in [0, 1].

A span categorizer scores every candidate span; it is asked for those above a low
floor, so the window's threshold can be moved without asking again. An entity
recognizer has no scores of its own: a beam search gives each entity the share
of probability of the parses that hold it (as Prodigy's ner.teach does).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Origin, Suggestion
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
            spancat = self.nlp.get_pipe("spancat")
            spancat.cfg["threshold"] = min_score
            self.spans_key = spancat.key
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
            for doc in self.nlp.pipe(texts, batch_size=batch_size):
                group = doc.spans.get(self.spans_key, [])
                scores = group.attrs.get("scores", []) if group else []
                yield sorted(Suggestion(s.start_char, s.end_char, s.label_, round(float(p), 4))
                             for s, p in zip(group, scores, strict=False)
                             if p >= self.min_score)
            return
        ner = self.nlp.get_pipe("ner")
        batch: list[Any] = []
        with self.nlp.select_pipes(disable=["ner"]):
            for doc in self.nlp.pipe(texts, batch_size=batch_size):
                batch.append(doc)
                if len(batch) >= batch_size:
                    yield from self._scored_ents(ner, batch)
                    batch = []
            if batch:
                yield from self._scored_ents(ner, batch)

    def _scored_ents(self, ner: Any, docs: list[Any]) -> Iterator[list[Suggestion]]:
        beams = ner.beam_parse(docs, beam_width=BEAM_WIDTH)
        for doc, scores in zip(docs, ner.scored_ents(beams), strict=True):
            found = []
            for (start, end, label), p in scores.items():
                if p >= self.min_score:
                    span = doc[start:end]
                    found.append(Suggestion(span.start_char, span.end_char, label,
                                            round(min(1.0, float(p)), 4)))
            yield sorted(found)
