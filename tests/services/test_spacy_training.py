"""The spaCy export trains a model as it is: spaCy's own `debug data` finds no
error and `spacy train` runs on it. Spans off token boundaries are never moved
silently."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import Document, Span
from annotator.nlp import docbin
from annotator.nlp.docbin import read_docbin
from annotator.nlp.spancat import write_spancat_config
from annotator.services.interchange import export

ACTORS = (r"\b(Sergey Shoigu|Shoigu|Lavrov|Putin|Russia|Russian|Moscow|Cuba|Nicaragua|"
          r"Venezuela|United States|Ukraine|NATO|Kremlin|China)\b")
WEAPONS = r"\b(Tu-160|AK-103|An-124|Su-57|S-400|bombers?|missiles?|rifles?|warships?)\b"
SPEECH = r"[^.\n]*\b(said|says|confirmed|stated|told|added)\b[^.\n]*\.?"


def annotate(store, text: str, annotator: str = "alice") -> None:  # type: ignore[no-untyped-def]
    """Nested spans as annotators make them: actors and weapons inside claims and quotes."""
    doc = Document.from_text(text)
    if not store.documents.add(doc):
        return
    found = set()
    for pattern, label in ((ACTORS, "actor"), (WEAPONS, "weapon"), (r"“[^”]+”", "quote"),
                           (SPEECH, "claim")):
        for m in re.finditer(pattern, text):
            start, end = m.start(), m.end()
            while start < end and text[start].isspace():
                start += 1
            if start < end and (start, end, label) not in found:
                found.add((start, end, label))
                store.spans.add(doc.id, Span(start, end, label, annotator))


def seed_corpus(store, articles: list[Path]) -> int:  # type: ignore[no-untyped-def]
    """Each seed article, paragraph, sentence and clause as a document: spaCy's debug
    data wants 100 training documents before it calls a set usable."""
    for path in articles:
        text = path.read_text(encoding="utf-8")
        annotate(store, text)
        for para in (p.strip() for p in text.split("\n")):
            pieces = [para, *re.split(r"(?<=[.!?”])\s+", para)]
            pieces += [c for s in pieces[1:] for c in re.split(r"(?<=[,;])\s+", s)]
            for piece in pieces:
                if len(piece) > 30:
                    annotate(store, piece)
    return len(store.reads.annotated_uids())


def run_spacy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spacy", *args], capture_output=True,
                          text=True, timeout=300, check=False,
                          env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})


def test_export_passes_debug_data_and_trains(store, tmp_path: Path, seed_articles: list[Path],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # Small shards, so that spaCy must read several .spacy files as one corpus.
    monkeypatch.setattr(docbin, "SHARD_TOKENS", 500)
    n_docs = seed_corpus(store, seed_articles)
    assert n_docs >= 125
    with pytest.raises(AnnotatorError, match="do not start and end on spaCy token"):
        export(store, tmp_path / "refused", "spacy", split=0.2)
    assert not (tmp_path / "refused" / "train.spacy").exists()

    out = tmp_path / "corpus"
    report = export(store, out, "spacy", split=0.2, seed=1, align="expand", ents="weapon,actor")
    train, dev = read_docbin(out / "train.spacy"), read_docbin(out / "dev.spacy")
    assert len(train) + len(dev) == n_docs and len(dev) == round(n_docs * 0.2)
    assert len(train) >= 100
    shards = sorted(p.name for p in (out / "train.spacy").iterdir())
    assert len(shards) > 3 and shards[0] == "0001.spacy"
    assert f"{out / 'train.spacy'}/ ({len(train)} documents in {len(shards)} files)" \
        in report.files
    nested = [(outer, inner) for doc in train for outer in doc.spans["sc"]
              for inner in doc.spans["sc"]
              if outer.label_ == "claim" and inner.label_ == "actor"
              and outer.start <= inner.start and inner.end <= outer.end]
    assert nested, "claims hold actors"
    assert {e.label_ for doc in train for e in doc.ents} == {"actor", "weapon"}
    assert report.longest_span > 3

    config = write_spancat_config(tmp_path / "spancat.cfg", max_span_tokens=report.longest_span,
                                  ner=True, max_steps=20)
    paths = ["--paths.train", str(out / "train.spacy"), "--paths.dev", str(out / "dev.spacy")]
    debug = run_spacy("debug", "data", str(config), *paths)
    assert debug.returncode == 0, debug.stdout + debug.stderr
    assert "✘" not in debug.stdout, debug.stdout
    assert re.search(r"\d+ checks? passed", debug.stdout)
    assert f"{len(train)} training docs" in debug.stdout, debug.stdout

    trained = run_spacy("train", str(config), *paths, "--output", str(tmp_path / "model"))
    assert trained.returncode == 0, trained.stdout + trained.stderr
    assert (tmp_path / "model" / "model-last" / "meta.json").exists()


def test_alignment_is_an_explicit_choice(store, tmp_path: Path) -> None:
    text = "Prensa Latina)—Russian minister Shoigu spoke."
    doc = Document.from_text(text)
    store.documents.add(doc)
    russian = text.index("Russian")
    store.spans.add(doc.id, Span(russian, russian + 7, "actor", "alice"))  # inside a token
    shoigu = text.index("Shoigu")
    store.spans.add(doc.id, Span(shoigu, shoigu + 6, "actor", "alice"))
    store.spans.add(doc.id, Span(shoigu + 1, shoigu + 3, "weapon", "alice"))  # mid-word
    store.spans.add(doc.id, Span(russian, len(text), "claim", "alice"))

    with pytest.raises(AnnotatorError) as refused:
        export(store, tmp_path / "x.spacy", "spacy")
    message = str(refused.value)
    assert message.startswith("3 spans do not start and end on spaCy token boundaries")
    assert "[Russian]" in message
    assert not (tmp_path / "x.spacy").exists()

    outcomes = {}
    for mode in ("expand", "contract", "drop"):
        report = export(store, tmp_path / f"{mode}.spacy", "spacy", align=mode)
        (got,) = read_docbin(tmp_path / f"{mode}.spacy")
        outcomes[mode] = sorted((s.text, s.label_) for s in got.spans["sc"])
        assert sum(report.dropped.values()) == 3
    assert outcomes["drop"] == [("Shoigu", "actor")]
    assert ("Latina)—Russian", "actor") in outcomes["expand"]
    assert ("Shoigu", "weapon") in outcomes["expand"]
    assert ("minister Shoigu spoke.", "claim") in outcomes["contract"]
    assert len(outcomes["contract"]) == 2  # "Russian" and "ho" hold no whole token


def test_ents_layer_reports_overlaps_and_conll_agrees_with_spacy(store, tmp_path: Path) -> None:
    text = "Lavrov said the Tu-160 bombers flew.\nShoigu agreed."
    doc = Document.from_text(text)
    store.documents.add(doc)
    for sub, label in (("Lavrov", "actor"), ("Tu-160 bombers", "weapon"), ("Tu-160", "weapon"),
                       ("Lavrov said the Tu-160 bombers flew.", "claim"), ("Shoigu", "actor")):
        start = text.index(sub)
        store.spans.add(doc.id, Span(start, start + len(sub), label, "rev"))
    report = export(store, tmp_path / "e.spacy", "spacy", ents="actor,weapon",
                    annotators=["rev"])
    (got,) = read_docbin(tmp_path / "e.spacy")
    assert [(e.text, e.label_) for e in got.ents] == [
        ("Lavrov", "actor"), ("Tu-160 bombers", "weapon"), ("Shoigu", "actor")]
    assert len(got.spans["sc"]) == 5
    assert report.dropped == {"spans left out of doc.ents (overlap; still in doc.spans)": 1}

    conll = export(store, tmp_path / "e.conll", "conll", labels="actor,weapon")
    assert conll.spans == 3
    # spaCy's own converter reads our CoNLL back to the same entities.
    (tmp_path / "converted").mkdir()
    converted = run_spacy("convert", str(tmp_path / "e.conll"), str(tmp_path / "converted"),
                          "-c", "ner")
    assert converted.returncode == 0, converted.stdout + converted.stderr
    docs = read_docbin(tmp_path / "converted" / "e.spacy")
    assert [(e.text, e.label_) for d in docs for e in d.ents] == [
        ("Lavrov", "actor"), ("Tu-160 bombers", "weapon"), ("Shoigu", "actor")]
