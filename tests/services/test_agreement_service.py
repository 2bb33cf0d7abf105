import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import DocState, Document, Span
from annotator.services.agreement import agreement_report, to_json, to_text

TEXT = "Lavrov met Shoigu in Moscow about Tu-160 bombers."


@pytest.fixture
def corpus(store):  # type: ignore[no-untyped-def]
    doc = Document.from_text(TEXT)
    lonely = Document.from_text("Only alice touched this one.")
    done_empty = Document.from_text("Bob marked this done with no spans.")
    untouched = Document.from_text("Nobody opened this.")
    for d in (doc, lonely, done_empty, untouched):
        store.documents.add(d)
    for span in (Span(0, 6, "actor", "alice"), Span(11, 17, "actor", "alice"),
                 Span(34, 40, "weapon", "alice"), Span(0, 6, "actor", "bob"),
                 Span(11, 17, "weapon", "bob"), Span(34, 48, "weapon", "bob"),
                 Span(0, 6, "actor", "carol")):
        store.spans.add(doc.id, span)
    store.spans.add(lonely.id, Span(0, 4, "claim", "alice"))
    store.states.set(done_empty.id, "bob", DocState.DONE)
    return store


def test_pair_figures_and_counts(corpus) -> None:  # type: ignore[no-untyped-def]
    report = agreement_report(corpus, ["alice", "bob"])
    (pair,) = report.pairs()
    # The untouched document is not counted; the one bob closed empty is.
    assert pair.n_documents == 3
    exact = pair.exact.overall
    # alice is the reference: bob's 3 spans against her 4.
    assert (exact.tp, exact.fp, exact.fn) == (1, 2, 3)
    assert (exact.precision, exact.recall) == (1 / 3, 1 / 4)
    assert pair.exact.per_label["actor"].tp == 1
    weapon = pair.partial.per_label["weapon"]
    assert weapon.tp == pytest.approx(6 / 14)  # "Tu-160" vs "Tu-160 bombers"
    assert pair.partial.overall.f1 >= pair.exact.overall.f1
    data = to_json(report, per_document=True)
    assert data["pairs"][0]["span_f1_exact"]["overall"]["tp"] == 1
    assert len(data["pairs"][0]["per_document"]) == 3
    text = to_text(report)
    assert "alice vs bob: 3 documents" in text and "Krippendorff" in text


def test_three_annotators_give_a_matrix(corpus) -> None:  # type: ignore[no-untyped-def]
    report = agreement_report(corpus, ["alice", "bob", "carol"])
    assert len(report.pairs()) == 3
    assert report.matrix.f1("alice", "alice") is None
    assert "Pairwise span F1" in to_text(report)


def test_unknown_or_single_annotator_is_refused(corpus) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AnnotatorError, match="unknown annotator"):
        agreement_report(corpus, ["alice", "zed"])
    with pytest.raises(AnnotatorError, match="two different"):
        agreement_report(corpus, ["alice", "alice"])


def test_cli_agree_json(corpus, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus.close()
    result = subprocess.run([sys.executable, "-m", "annotator", "--db", str(db_path), "agree",
                             "alice", "bob", "--json"], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["annotators"] == ["alice", "bob"]
    assert data["krippendorff_alpha"]["overall"]["alpha"] is not None
