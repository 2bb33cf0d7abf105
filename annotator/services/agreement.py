"""Agreement between annotators over the store's documents, as figures with their counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.agreement import (
    Alpha,
    AlphaReport,
    DocumentAnnotations,
    Kappa,
    PairAgreement,
    PairwiseMatrix,
    SpanF1,
    SpanScore,
    Tokens,
    krippendorff_alpha,
    pairwise,
)
from annotator.core.agreement.documents import collector_paused
from annotator.core.errors import AnnotatorError
from annotator.services.agreement_units import tokenize_texts
from annotator.store import Store
from annotator.store.repository import AgreementDocument

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class AgreementReport:
    annotators: tuple[str, ...]
    matrix: PairwiseMatrix
    alpha: AlphaReport
    titles: dict[str, str]  # document id -> title, for per-document listings

    def pairs(self) -> list[PairAgreement]:
        return list(self.matrix.pairs.values())


#: What makes the units (tokens) of agreement, stored with cached token bounds:
#: change it whenever the tokenization changes, and cached bounds are recomputed.
TOKENIZER = "regex-1"


def load_documents(store: Store, annotators: Sequence[str], *,
                   progress: Progress | None = None) -> tuple[list[DocumentAnnotations],
                                                              dict[str, str]]:
    """Every document one of the annotators touched, with their accepted spans.

    Units are word-and-punctuation tokens of the text (the agreement package's
    regex tokenizer): the same on every machine. A text is tokenized the first
    time it is compared and its token bounds are kept in the store (the text
    never changes), so later runs read them instead of reading and tokenizing
    the text.
    """
    with collector_paused():
        return _load_documents(store, annotators, progress)


def _load_documents(store: Store, annotators: Sequence[str], progress: Progress | None
                    ) -> tuple[list[DocumentAnnotations], dict[str, str]]:
    docs: list[DocumentAnnotations] = []
    titles: dict[str, str] = {}
    batch: list[AgreementDocument] = []
    for found in store.iter_agreement_documents(annotators, TOKENIZER):
        batch.append(found)
        if len(batch) == _BATCH:
            if not _add_batch(store, batch, docs, titles, progress):
                return docs, titles
            batch = []
    _add_batch(store, batch, docs, titles, progress)
    return docs, titles


_BATCH = 500


def _add_batch(store: Store, batch: list[AgreementDocument], docs: list[DocumentAnnotations],
               titles: dict[str, str], progress: Progress | None) -> bool:
    """Documents in the order read; those without cached tokens are tokenized together
    and their tokens cached. False when ``progress`` asked to stop."""
    cached: list[Tokens | None] = []
    for found in batch:
        tokens = None
        if found.token_bounds is not None:
            tokens = Tokens.from_bytes(found.token_bounds)
            if tokens.ends and tokens.ends[-1] > found.length:
                tokens = None  # not this text's: tokenize it again
        cached.append(tokens)
    missing = [index for index, tokens in enumerate(cached) if tokens is None]
    if missing:
        texts = [batch[index].text for index in missing]
        texts = [text if text is not None else store.document(batch[index].uid).text
                 for index, text in zip(missing, texts, strict=True)]
        fresh = tokenize_texts(texts)
        for index, tokens in zip(missing, fresh, strict=True):
            cached[index] = tokens
        store.save_token_bounds(TOKENIZER, [(batch[index].uid, tokens.to_bytes())
                                            for index, tokens in zip(missing, fresh,
                                                                     strict=True)])
    for found, tokens in zip(batch, cached, strict=True):
        docs.append(DocumentAnnotations(found.uid, found.length, found.spans, tokens,
                                        found.touched))
        titles[found.uid] = found.title
        if progress is not None and progress(len(docs), 0) is False:
            return False
    return True


def agreement_report(store: Store, annotators: Sequence[str], *,
                     inclusion: str = "either",
                     progress: Progress | None = None) -> AgreementReport:
    names = tuple(dict.fromkeys(annotators))
    if len(names) < 2:
        raise AnnotatorError("agreement needs at least two different annotators")
    known = {name for name, _ in store.annotators()}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise AnnotatorError(f"unknown annotator(s): {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known)) or 'none'})")
    if inclusion not in ("either", "both"):
        raise AnnotatorError("inclusion must be 'either' or 'both'")
    # The collector stays off until the report is made (see collector_paused).
    with collector_paused():
        docs, titles = load_documents(store, names, progress=progress)
        matrix = pairwise(docs, names, inclusion=inclusion)  # type: ignore[arg-type]
        return AgreementReport(names, matrix, krippendorff_alpha(docs, names), titles)


# ------------------------------------------------------------------ JSON


def _score(score: SpanScore) -> dict[str, Any]:
    return {"f1": score.f1, "precision": score.precision, "recall": score.recall,
            "tp": score.tp, "fp": score.fp, "fn": score.fn, "n_a": score.n_a,
            "n_b": score.n_b, "reason": score.reason}


def _f1(f1: SpanF1) -> dict[str, Any]:
    return {"overall": _score(f1.overall),
            "per_label": {label: _score(s) for label, s in f1.per_label.items()}}


def _kappa(kappa: Kappa) -> dict[str, Any]:
    return {"kappa": kappa.kappa, "observed": kappa.observed, "expected": kappa.expected,
            "units": kappa.n_units, "reason": kappa.reason}


def _alpha(alpha: Alpha) -> dict[str, Any]:
    return {"alpha": alpha.alpha, "observed": alpha.observed, "expected": alpha.expected,
            "units": alpha.n_units, "values": alpha.n_values, "reason": alpha.reason}


def to_json(report: AgreementReport, *, per_document: bool = False) -> dict[str, Any]:
    pairs = []
    for pair in report.pairs():
        item: dict[str, Any] = {
            "a": pair.annotator_a, "b": pair.annotator_b,
            "documents": pair.n_documents, "excluded_documents": pair.n_excluded,
            "span_f1_exact": _f1(pair.exact), "span_f1_partial": _f1(pair.partial),
            "token_kappa": {"overall": _kappa(pair.kappa.overall),
                            "per_label": {k: _kappa(v)
                                          for k, v in pair.kappa.per_label.items()}}}
        if per_document:
            item["per_document"] = [
                {"document_id": d.doc_id, "title": report.titles.get(d.doc_id, ""),
                 "span_f1_exact": _score(d.exact.overall),
                 "span_f1_partial": _score(d.partial.overall),
                 "token_kappa": _kappa(d.kappa.overall)} for d in pair.documents]
        pairs.append(item)
    alpha = report.alpha
    out: dict[str, Any] = {
        "annotators": list(report.annotators), "pairs": pairs,
        "krippendorff_alpha": {"overall": _alpha(alpha.overall),
                               "per_label": {k: _alpha(v) for k, v in alpha.per_label.items()},
                               "excluded_documents": len(alpha.excluded),
                               "single_annotator_documents": len(alpha.unpairable)}}
    if per_document:
        out["krippendorff_alpha"]["per_document"] = {
            doc_id: _alpha(a) for doc_id, a in alpha.documents.items()}
    return out


# ------------------------------------------------------------------ text


def _fig(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _f1_table(title: str, f1: SpanF1) -> list[str]:
    rows = [f"{title}", f"  {'label':<16} {'F1':>5} {'P':>5} {'R':>5} {'TP':>7} {'FP':>7} "
            f"{'FN':>7}"]
    for label, score in [*sorted(f1.per_label.items()), ("(all labels)", f1.overall)]:
        rows.append(f"  {label:<16} {_fig(score.f1)} {_fig(score.precision)} "
                    f"{_fig(score.recall)} {_num(score.tp):>7} {_num(score.fp):>7} "
                    f"{_num(score.fn):>7}")
    return rows


def _kappa_table(pair: PairAgreement) -> list[str]:
    rows = ["Token-level Cohen's kappa",
            f"  {'label':<16} {'kappa':>5} {'obs.':>5} {'exp.':>5} {'tokens':>8}"]
    items = [("(innermost)", pair.kappa.overall), *sorted(pair.kappa.per_label.items())]
    for label, k in items:
        rows.append(f"  {label:<16} {_fig(k.kappa)} {_fig(k.observed)} {_fig(k.expected)} "
                    f"{k.n_units:>8}" + (f"   ({k.reason})" if k.reason else ""))
    return rows


def to_text(report: AgreementReport, *, per_document: bool = False) -> str:
    lines: list[str] = []
    for pair in report.pairs():
        lines += [f"== {pair.annotator_a} vs {pair.annotator_b}: {pair.n_documents} documents"
                  + (f" ({pair.n_excluded} touched by neither, not counted)"
                     if pair.n_excluded else ""), ""]
        lines += [*_f1_table("Span F1, exact match", pair.exact), ""]
        lines += [*_f1_table("Span F1, partial-overlap credit", pair.partial), ""]
        lines += [*_kappa_table(pair), ""]
        if per_document:
            lines.append(f"  {'document':<40} {'F1':>5} {'TP':>5} {'FP':>5} {'FN':>5} "
                         f"{'kappa':>5}")
            for d in pair.documents:
                title = report.titles.get(d.doc_id, d.doc_id)[:40]
                s = d.exact.overall
                lines.append(f"  {title:<40} {_fig(s.f1)} {_num(s.tp):>5} {_num(s.fp):>5} "
                             f"{_num(s.fn):>5} {_fig(d.kappa.overall.kappa)}")
            lines.append("")
    if len(report.annotators) > 2:
        names = report.annotators
        width = max(len(n) for n in names) + 2
        for title, cell in (("Pairwise span F1 (exact)", report.matrix.f1),
                            ("Pairwise token kappa", report.matrix.kappa)):
            lines.append(title)
            lines.append(" " * width + "".join(f"{n[:8]:>9}" for n in names))
            for a in names:
                lines.append(f"{a:<{width}}" + "".join(
                    f"{'-' if a == b else _fig(cell(a, b)):>9}" for b in names))
            lines.append("")
    alpha = report.alpha
    lines += [f"Krippendorff's alpha (nominal, over tokens) of {', '.join(report.annotators)}",
              f"  {'label':<16} {'alpha':>5} {'obs.':>5} {'exp.':>5} {'tokens':>8}"]
    for label, a in [("(innermost)", alpha.overall), *sorted(alpha.per_label.items())]:
        lines.append(f"  {label:<16} {_fig(a.alpha)} {_fig(a.observed)} {_fig(a.expected)} "
                     f"{a.n_units:>8}" + (f"   ({a.reason})" if a.reason else ""))
    if alpha.unpairable:
        lines.append(f"  {len(alpha.unpairable)} documents touched by only one annotator "
                     "add no pairable values")
    return "\n".join(lines) + "\n"
