"""Agreement between annotators over the store's documents, as figures with their counts.

The store gives plain rows (documents, spans, who touched what) and the texts;
they become a columnar :class:`~annotator.core.agreement.Corpus` whose units are
the texts' word-and-punctuation tokens (the same on every machine), and every
figure is counted over it at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from annotator.core.agreement import (
    Alpha,
    AlphaReport,
    Comparison,
    Confusion,
    Corpus,
    Kappa,
    PairAgreement,
    PairwiseMatrix,
    RelationColumns,
    RelationF1,
    SpanColumns,
    SpanF1,
    SpanScore,
    matrix_of,
)
from annotator.core.agreement.units import stitched, token_columns
from annotator.core.errors import AnnotatorError, BadOption, Cancelled
from annotator.core.model import AnnotatorKind
from annotator.store import AgreementDocuments, Store

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class AgreementReport:
    annotators: tuple[str, ...]
    matrix: PairwiseMatrix
    alpha: AlphaReport
    titles: dict[str, str]  # document id -> title, for per-document listings
    comparison: Comparison = field(repr=False, compare=False)

    def pairs(self) -> list[PairAgreement]:
        return list(self.matrix.pairs.values())

    def confusion(self, a: str, b: str) -> Confusion:
        """Label confusion of a pair over the same documents and spans."""
        return self.comparison.confusion(a, b)


_TEXT_BATCH = 500  # texts tokenized between two progress reports


def load_corpus(store: Store, annotators: Sequence[str], *,
                progress: Progress | None = None,
                threshold: float = 0.5) -> tuple[Corpus, dict[str, str]]:
    """Every document one of the annotators touched, with their accepted spans, and
    the documents' titles by id. A model annotator's spans are its suggestions scoring
    at least ``threshold``, on the documents the people named worked on.
    ``progress(done, total)`` hears of the texts tokenized; when it returns False,
    :class:`Cancelled` is raised.

    The texts are read and tokenized on a second thread while the spans are read:
    both wait on the database much of the time."""
    found = store.reads.agreement_documents(annotators)
    models = model_keys(store, found.annotators)
    found = _as_evaluation(found, models)
    keys = np.array([key for key, _, _, _ in found.documents], dtype=np.int64)
    lengths = np.array([length for _, _, _, length in found.documents], dtype=np.int64)
    with ThreadPoolExecutor(1) as pool:
        tokens = pool.submit(_tokenize, store, keys.tolist(), lengths, progress)
        spans, label_names = store.reads.agreement_spans(list(found.annotators),
                                                         suggested=sorted(models),
                                                         min_score=threshold)
        if models:  # a model's suggestions where no person named worked are not counted
            spans = spans[np.isin(spans[:, 0], keys)]
        doc = np.searchsorted(keys, spans[:, 0])
        used = sorted({label_names[key] for key in np.unique(spans[:, 4]).tolist()})
        index_of = {name: index for index, name in enumerate(used)}
        label_of_key = np.zeros(max(label_names, default=0) + 1, dtype=np.int64)
        for key, name in label_names.items():
            label_of_key[key] = index_of.get(name, 0)
        label = label_of_key[spans[:, 4]]
        touched = np.array(found.touched, dtype=np.int64).reshape(-1, 2)
        by_name: dict[str, SpanColumns] = {}
        touched_by: dict[str, np.ndarray] = {}
        for key, name in found.annotators.items():
            mine = spans[:, 1] == key
            by_name[name] = SpanColumns(doc[mine], spans[mine, 2], spans[mine, 3], label[mine])
            touched_by[name] = np.zeros(len(keys), dtype=bool)
            touched_by[name][np.searchsorted(keys, touched[touched[:, 1] == key, 0])] = True
        types, relations = _relations(store, found.annotators, keys, label_of_key)
        starts, ends, counts = tokens.result()
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    ids = [uid for _, uid, _, _ in found.documents]
    corpus = Corpus(ids, lengths, starts, ends, offsets, tuple(used), by_name, touched_by,
                    types, relations)
    return corpus, {uid: title for _, uid, title, _ in found.documents}


def model_keys(store: Store, named: dict[int, str]) -> set[int]:
    """The keys of the named annotators that are models: their suggestions are what
    they annotated (nobody else's suggestions ever count)."""
    models = {name for name, kind in store.annotators.all() if kind == AnnotatorKind.MODEL}
    return {key for key, name in named.items() if name in models}


def _as_evaluation(found: AgreementDocuments, models: set[int]) -> AgreementDocuments:
    """With people and models named together, a model is judged on the documents the
    people worked on: documents only a model touched are left out."""
    people = set(found.annotators) - models
    if not models or not people:
        return found
    worked_on = {doc for doc, who in found.touched if who in people}
    return AgreementDocuments([d for d in found.documents if d[0] in worked_on],
                              [t for t in found.touched if t[0] in worked_on],
                              found.annotators)


def _relations(store: Store, annotators: dict[int, str], keys: np.ndarray,
               label_of_key: np.ndarray) -> tuple[tuple[str, ...], dict[str, RelationColumns]]:
    """Each annotator's accepted relations between accepted spans, in columns (see
    :class:`~annotator.core.agreement.RelationColumns`), and the types' names."""
    table, type_names = store.reads.agreement_relations(list(annotators))
    table = table[np.isin(table[:, 0], keys)]  # documents left out of an evaluation
    used = sorted({type_names[key] for key in np.unique(table[:, 2]).tolist()})
    index_of = {name: index for index, name in enumerate(used)}
    type_of_key = np.zeros(max(type_names, default=0) + 1, dtype=np.int64)
    for key, name in type_names.items():
        type_of_key[key] = index_of.get(name, 0)
    columns = {}
    for key, name in annotators.items():
        mine = table[table[:, 1] == key]
        columns[name] = RelationColumns(
            np.searchsorted(keys, mine[:, 0]), type_of_key[mine[:, 2]], mine[:, 3], mine[:, 4],
            label_of_key[mine[:, 5]], mine[:, 6], mine[:, 7], label_of_key[mine[:, 8]])
    return tuple(used), columns


def _tokenize(store: Store, keys: list[int], lengths: np.ndarray, progress: Progress | None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token columns of the texts in global positions (see :class:`Corpus`)."""
    parts = []
    texts = store.reads.iter_texts(keys)
    position = 0
    for done in range(0, len(keys), _TEXT_BATCH):
        batch = [next(texts) for _ in range(min(_TEXT_BATCH, len(keys) - done))]
        parts.append(token_columns(batch, position))
        position += int((lengths[done:done + len(batch)] + 1).sum())
        if progress is not None and progress(done + len(batch), len(keys)) is False:
            raise Cancelled("agreement was cancelled")
    if not parts:
        return token_columns([])
    starts, ends, counts = (stitched(columns) for columns in zip(*parts, strict=True))
    return starts, ends, counts


def agreement_report(store: Store, annotators: Sequence[str], *,
                     inclusion: str = "either", threshold: float = 0.5,
                     progress: Progress | None = None) -> AgreementReport:
    names = tuple(dict.fromkeys(annotators))
    if len(names) < 2:
        raise BadOption("agreement needs at least two different annotators")
    known = {name for name, _ in store.annotators.all()}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise AnnotatorError(f"unknown annotator(s): {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known)) or 'none'})")
    if inclusion not in ("either", "both"):
        raise AnnotatorError("inclusion must be 'either' or 'both'")
    if not 0 <= threshold <= 1:
        raise AnnotatorError(f"--threshold must be between 0 and 1, not {threshold}")
    corpus, titles = load_corpus(store, names, progress=progress, threshold=threshold)
    comparison = Comparison(corpus, names)
    return AgreementReport(names, matrix_of(comparison, inclusion),  # type: ignore[arg-type]
                           comparison.alpha(), titles, comparison)


# ------------------------------------------------------------------ JSON


def _score(score: SpanScore) -> dict[str, Any]:
    return {"f1": score.f1, "precision": score.precision, "recall": score.recall,
            "tp": score.tp, "fp": score.fp, "fn": score.fn, "n_a": score.n_a,
            "n_b": score.n_b, "reason": score.reason}


def _f1(f1: SpanF1) -> dict[str, Any]:
    return {"overall": _score(f1.overall),
            "per_label": {label: _score(s) for label, s in f1.per_label.items()}}


def _relations_json(found: RelationF1 | None) -> dict[str, Any]:
    """Relation F1, exact and with overlapping ends, each overall and per type."""
    if found is None:
        return {}
    return {match.match: {"overall": _score(match.overall),
                          "per_type": {kind: _score(s) for kind, s in match.per_label.items()}}
            for match in (found.exact, found.overlap)}


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
                                          for k, v in pair.kappa.per_label.items()}},
            "relations": _relations_json(pair.relations)}
        if per_document:
            item["per_document"] = [
                {"document_id": d.doc_id, "title": report.titles.get(d.doc_id, ""),
                 "span_f1_exact": _score(d.exact.overall),
                 "span_f1_partial": _score(d.partial.overall),
                 "token_kappa": _kappa(d.kappa.overall),
                 "relations": {match: part["overall"] for match, part
                               in _relations_json(d.relations).items()}}
                for d in pair.documents]
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


def _relation_tables(found: RelationF1 | None) -> list[str]:
    if found is None or not (found.exact.overall.n_a or found.exact.overall.n_b):
        return ["Relation F1: neither annotator has a relation", ""]
    rows: list[str] = []
    for title, f1 in (("Relation F1, exact (both ends and the type)", found.exact),
                      ("Relation F1, overlapping ends (labels and type equal)", found.overlap)):
        table = _f1_table(title, f1)
        table[1] = table[1].replace("label", "type ", 1)
        table[-1] = table[-1].replace("(all labels)", "(all types) ")
        rows += [*table, ""]
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
                     if pair.n_excluded else ""),
                  f"   {pair.annotator_a} is the reference: P = matched / {pair.annotator_b}'s "
                  f"spans, R = matched / {pair.annotator_a}'s spans", ""]
        lines += [*_f1_table("Span F1, exact match", pair.exact), ""]
        lines += [*_f1_table("Span F1, partial-overlap credit", pair.partial), ""]
        lines += [*_kappa_table(pair), ""]
        lines += _relation_tables(pair.relations)
        if per_document:
            lines.append(f"  {'document':<40} {'F1':>5} {'TP':>5} {'FP':>5} {'FN':>5} "
                         f"{'kappa':>5} {'rel.F1':>6}")
            for d in pair.documents:
                title = report.titles.get(d.doc_id, d.doc_id)[:40]
                s = d.exact.overall
                rel = d.relations.exact.overall.f1 if d.relations is not None else None
                lines.append(f"  {title:<40} {_fig(s.f1)} {_num(s.tp):>5} {_num(s.fp):>5} "
                             f"{_num(s.fn):>5} {_fig(d.kappa.overall.kappa)} {_fig(rel):>6}")
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
