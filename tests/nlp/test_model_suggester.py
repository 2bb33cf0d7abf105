"""A trained model's suggestions are exactly what spaCy's own components give: the span
categorizer's scores read in arrays match its span group, and the entity recognizer's
beam over an article's lines matches a beam over each line alone, at the article's
offsets. Models are trained for a few steps on a generated corpus."""

from pathlib import Path

import pytest
import spacy

from annotator.core.model import Suggestion
from annotator.nlp.model import BEAM_WIDTH, ModelSuggester
from annotator.nlp.ops import numpy_blas
from annotator.services.training import train_model
from annotator.store import open_store
from tests.synthetic_news import fill_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("models")
    with open_store(folder / "store.sqlite3") as store:
        uids = fill_store(store, 24, quotes=True, sentences=6)
        texts = [store.documents.get(uid).text for uid in uids]
        train_model(store, out=folder / "spancat", kind="spancat", max_steps=12)
        train_model(store, out=folder / "ner", kind="ner", max_steps=30)
    return folder, texts


def odd_texts(texts: list[str]) -> list[str]:
    """Articles as they come, and with Windows line ends, blank lines and no text."""
    return [*texts[:6], texts[6].replace("\n", "\r\n"), "\n\n" + texts[7] + "\n \n", "",
            " \n\n ", texts[8].replace("\n", " ")]


def test_span_categorizer_suggests_what_its_span_group_holds(corpus) -> None:
    folder, texts = corpus
    suggester = ModelSuggester(folder / "spancat")
    texts = odd_texts(texts)
    got = list(suggester.suggest(texts, batch_size=4))

    with numpy_blas():  # the same backend: scores are compared to four places
        nlp = spacy.load(folder / "spancat")
    nlp.get_pipe("spancat").cfg["threshold"] = suggester.min_score
    expected = []
    for doc in nlp.pipe(texts):
        group = doc.spans["sc"]
        expected.append(sorted(
            Suggestion(s.start_char, s.end_char, s.label_, round(float(p), 4))
            for s, p in zip(group, group.attrs.get("scores", []), strict=True)))
    assert got == expected
    assert sum(map(len, got)) > 50


def test_entity_recognizer_scores_each_line_at_the_article_offsets(corpus) -> None:
    folder, texts = corpus
    suggester = ModelSuggester(folder / "ner")
    texts = odd_texts(texts)
    got = list(suggester.suggest(texts, batch_size=4))

    with numpy_blas():
        nlp = spacy.load(folder / "ner")
    ner = nlp.get_pipe("ner")
    for text, found in zip(texts, got, strict=True):
        expected = []
        at = 0
        for line in text.split("\n"):
            if line.strip():
                doc = nlp.make_doc(line)
                nlp.get_pipe("tok2vec")(doc)
                (scores,) = ner.scored_ents(ner.beam_parse([doc], beam_width=BEAM_WIDTH))
                for (start, end, label), p in scores.items():
                    if p >= suggester.min_score:
                        span = doc[start:end]
                        expected.append(Suggestion(at + span.start_char, at + span.end_char,
                                                   label, round(min(1.0, float(p)), 4)))
            at += len(line) + 1
        assert found == sorted(expected)
        assert all(text[s.start:s.end] == text[s.start:s.end].strip() != "" for s in found)
    assert sum(map(len, got)) > 20
