"""Training data for spaCy: DocBin (.spacy) for a SpanCategorizer, and CoNLL-2003 IOB.

The chosen annotators' accepted spans are merged per document (a reviewer's set
is just one annotator). Spans that do not sit on spaCy token boundaries are
reported and handled as `align` says; without `align` they make the export fail
with the report, and nothing is written.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from annotator.core.errors import BadOption
from annotator.core.model import Document, Span
from annotator.core.wording import count
from annotator.services.exporting import (
    ExportCancelled,
    ExportRefused,
    ExportReport,
    Progress,
    annotated,
    check_annotators,
)
from annotator.services.layers import flat_layer, parse_labels
from annotator.services.output import atomic_folder, atomic_output, atomic_path, check_file_target
from annotator.store import Query, Store

ALIGN_MODES = ("expand", "contract", "drop")
Bounds = tuple[int, int, str]
RelationOffsets = tuple[Bounds, Bounds, str]  # head, child, type
BATCH_DOCS = 64  # documents per CoNLL batch (one worker's task)
PARALLEL_DOCS = 4000  # below this, starting worker processes costs more than it saves


def _merged(store: Store, annotators: Sequence[str] | None, report: ExportReport,
            suggestions: bool = False, where: Query | None = None
            ) -> Iterator[tuple[Document, list[Span], list[RelationOffsets], int]]:
    """(document, the union of the annotators' spans, of their relations, how many
    annotators) per document, in the documents ``where`` selects."""
    current: Document | None = None
    spans: dict[tuple[int, int, str], Span] = {}
    relations: dict[RelationOffsets, None] = {}
    count = 0

    def merged() -> tuple[list[Span], list[RelationOffsets]]:
        return (sorted(spans.values(), key=lambda s: (s.start, s.end, s.label)),
                sorted(relations))

    for doc, _, doc_spans, doc_relations in annotated(store, annotators, report, suggestions,
                                                      where):
        if current is not None and current.id != doc.id:
            yield current, *merged(), count
            spans, relations, count = {}, {}, 0
        current = doc
        count += 1
        for s in doc_spans:
            spans.setdefault((s.start, s.end, s.label), s)
        for r in doc_relations:
            relations[((r.head.start, r.head.end, r.head.label),
                       (r.child.start, r.child.end, r.child.label), r.label)] = None
    if current is not None:
        yield current, *merged(), count


def _check_align(align: str | None) -> None:
    if align is not None and align not in ALIGN_MODES:
        raise BadOption(f"--align must be one of {', '.join(ALIGN_MODES)}, not {align!r}")


def _refuse(report: ExportReport, what: str) -> None:
    refused = report.dropped.pop(what, 0)
    raise ExportRefused(
        f"{refused} spans do not start and end on spaCy token boundaries; nothing was "
        "written. Choose --align expand (grow to whole tokens), contract (shrink to whole "
        "tokens) or drop.\n" + "\n".join(f"  e.g. {e}" for e in report.examples[what]))


def _example(doc: Document, start: int, end: int, label: str, outcome: str) -> str:
    left = doc.text[max(0, start - 15):start].replace("\n", " ")
    right = doc.text[end:end + 15].replace("\n", " ")
    return (f"{doc.title[:40]!r} {label} [{start}, {end}) "
            f"…{left}[{doc.text[start:end]}]{right}… — {outcome}")


def _relation_example(doc: Document, head: Bounds, child: Bounds, kind: str) -> str:
    def quoted(end: Bounds) -> str:
        return f"{end[2]} {doc.text[end[0]:end[1]][:30]!r}"

    return f"{doc.title[:40]!r} {kind}: {quoted(head)} → {quoted(child)}"


def split_documents(uids: Sequence[str], fraction: float, seed: int) -> set[str]:
    """The dev documents: a seeded shuffle of the sorted ids, so the split repeats exactly."""
    if not 0 <= fraction < 1:
        raise BadOption(f"--split must be at least 0 and below 1, not {fraction}")
    if fraction == 0 or len(uids) < 2:
        return set()
    order = sorted(uids)
    random.Random(seed).shuffle(order)
    n_dev = min(len(order) - 1, max(1, round(len(order) * fraction)))
    return set(order[:n_dev])


def export_spacy(store: Store, out: Path | str, *, annotators: Sequence[str] | None = None,
                 spans_key: str = "sc", ents: str | Sequence[str] | None = None,
                 align: str | None = None, split: float = 0.0, seed: int = 0,
                 config: Path | str | None = None,
                 progress: Progress | None = None, suggestions: bool = False,
                 where: Query | None = None) -> ExportReport:
    """DocBins with every span in doc.spans[spans_key]; with `ents`, the listed labels
    (in priority order) also as a non-overlapping doc.ents layer.

    `out` is a folder of DocBin shards, which spaCy reads as one corpus; with
    `split`, `out` holds two such folders, train.spacy and dev.spacy, split by
    document. Shards are written as they fill, so memory stays flat. With
    `config`, a spancat training config that fits the export is written there too.
    """
    from annotator.nlp.docbin import DocBinWriter, is_shard

    _check_align(align)
    check_annotators(store, annotators)
    out = Path(out)
    config = Path(config) if config is not None else None
    # A config inside the export's folder is written with the shards, and replaced
    # with them next time; one elsewhere is a file of its own.
    inside = config is not None and config.parent.absolute() == out.absolute()
    if config is not None and not inside:
        check_file_target(config)

    def ours(path: Path) -> bool:
        return is_shard(path) or (inside and config is not None and path == out / config.name)

    report = ExportReport(str(out))
    ent_labels = parse_labels(ents)
    dev = split_documents(store.reads.annotated_uids(annotators, where), split, seed) \
        if split else set()
    # Every type a relation has, so each pair of spans says yes or no to each.
    types = sorted(name for name, used in store.relation_types.usage().items() if used)
    total = store.reads.span_count(where) or 1
    longest = 0
    refused = "spans refused: not on token boundaries"
    try:
        with atomic_folder(out, ours) as tmp:
            folders = {"train": tmp / "train.spacy", "dev": tmp / "dev.spacy"} if split \
                else {"all": tmp}
            for folder in folders.values():
                folder.mkdir(exist_ok=True)
            writer = DocBinWriter(folders, spans_key, align)
            for doc, spans, relations, n_annotators in _merged(store, annotators, report,
                                                               suggestions, where):
                if n_annotators > 1:
                    report.notices.append(f"{doc.title[:40]!r}: spans of {n_annotators} "
                                          "annotators merged")
                layer: list[Span] = []
                if ent_labels is not None:
                    layer, lost = flat_layer(spans, ent_labels or None)
                    for span, rival in lost:
                        report.drop("spans left out of doc.ents (overlap; still in doc.spans)",
                                    example=_example(doc, span.start, span.end, span.label,
                                                     f"overlaps {rival.label} "
                                                     f"[{rival.start}, {rival.end})"))
                part = ("dev" if doc.id in dev else "train") if split else "all"
                added = writer.add(part, doc.text, [(s.start, s.end, s.label) for s in spans],
                                   [(s.start, s.end, s.label) for s in layer],
                                   {"document_id": doc.id, "title": doc.title},
                                   relations=relations, relation_types=types)
                longest = max(longest, added.max_tokens)
                report.relations += added.relations
                for head, child, kind in added.relations_dropped:
                    report.drop("relations dropped with an end not on token boundaries",
                                example=_relation_example(doc, head, child, kind))
                for head, child, kind in added.relations_merged:
                    report.drop("relations merged: their ends start on the same tokens as "
                                "another's (doc._.rel is keyed by start tokens)",
                                example=_relation_example(doc, head, child, kind))
                for m in added.misaligned:
                    reason = refused if m.outcome == "refused" else (
                        "spans dropped: not on token boundaries" if m.outcome == "dropped"
                        else f"spans moved to token boundaries (--align {align}; still "
                             "exported)")
                    report.drop(reason, example=_example(doc, m.start, m.end, m.label,
                                                         m.outcome))
                for start, end, label in added.ents_dropped:
                    report.drop("spans left out of doc.ents (overlap after alignment)",
                                example=_example(doc, start, end, label,
                                                 "overlap in doc.ents"))
                report.records += 1
                report.spans += added.spans
                if progress is not None and progress(report.spans, total) is False:
                    raise ExportCancelled
            if refused in report.dropped:
                _refuse(report, refused)
            writer.close()
            if config is not None and inside:
                _write_config(tmp / config.name, spans_key, longest, ent_labels is not None)
        report.notices = _merged_notice(report.notices)
        report.notices.append(f"longest span: {longest} tokens (set the spancat suggester's "
                              "max_size to cover it)")
        report.longest_span = longest
        for part, folder in folders.items():
            shown = out if part == "all" else out / folder.name
            report.files.append(f"{shown}/ ({count(writer.count(part), 'document')} in "
                                f"{count(writer.shards(part), 'file')})")
        if config is not None:
            if not inside:
                with atomic_path(config) as tmp_config:
                    _write_config(tmp_config, spans_key, longest, ent_labels is not None)
            report.files.append(f"{config} (spancat config, suggester n-grams up to "
                                f"{longest} tokens)")
    except ExportCancelled:
        report.cancelled = True
    return report


def _write_config(path: Path, spans_key: str, longest: int, ner: bool) -> None:
    from annotator.nlp.spancat import spancat_config

    path.write_text(spancat_config(spans_key=spans_key, max_span_tokens=longest, ner=ner),
                    encoding="utf-8")


def _merged_notice(notices: list[str]) -> list[str]:
    merged = [n for n in notices if n.endswith("annotators merged")]
    rest = [n for n in notices if not n.endswith("annotators merged")]
    if merged:
        rest.insert(0, f"{len(merged)} documents have spans of several annotators: "
                       "merged (union) into one example each")
    return rest


def export_conll(store: Store, out: Path | str, *, annotators: Sequence[str] | None = None,
                 labels: str | Sequence[str] | None = None, align: str | None = None,
                 progress: Progress | None = None, suggestions: bool = False,
                 where: Query | None = None) -> ExportReport:
    """CoNLL-2003 IOB over spaCy's blank English tokens, one flat layer.

    `labels` picks the layer's labels in priority order (default: all, the longer
    span wins). Every span that cannot be written is counted with the reason; a
    label with white space in it cannot be a tag, and refuses the export. A large
    export tokenizes on every core.
    """
    from annotator.formats.conll import has_space
    from annotator.services.conll_batches import tag_batch
    from annotator.services.parallel import ordered_map, workers_for

    _check_align(align)
    check_annotators(store, annotators)
    out = Path(out)
    report = ExportReport(str(out))
    wanted = parse_labels(labels)
    total = store.reads.span_count(where) or 1
    workers = workers_for(len(store.reads.annotated_uids(annotators, where)),
                          at_least=PARALLEL_DOCS)
    refused = "spans refused: not on token boundaries"
    spaced: dict[str, int] = {}

    def batches() -> Iterator[tuple[list[tuple[Document, int]], tuple[list, str | None]]]:
        docs: list[tuple[Document, int]] = []
        items: list[tuple[str, list[tuple[int, int, str]]]] = []
        for doc, spans, relations, _ in _merged(store, annotators, report, suggestions,
                                                where):
            if relations:
                report.drop("relations (training formats hold spans only)", len(relations))
            layer, lost = flat_layer(spans, wanted or None)
            if wanted:
                report.drop("spans with labels outside --labels",
                            sum(1 for s in spans if s.label not in wanted))
            for span, rival in lost:
                report.drop("spans overlapping a span that takes priority",
                            example=_example(doc, span.start, span.end, span.label,
                                             f"overlaps {rival.label} "
                                             f"[{rival.start}, {rival.end})"))
            for s in layer:
                if has_space(s.label):
                    spaced[s.label] = spaced.get(s.label, 0) + 1
            docs.append((doc, len(layer)))
            items.append((doc.text, [(s.start, s.end, s.label) for s in layer]))
            if len(items) == BATCH_DOCS:
                yield docs, (items, align)
                docs, items = [], []
        if items:
            yield docs, (items, align)

    try:
        with atomic_output(out) as stream:
            for docs, done in ordered_map(tag_batch, batches(), workers=workers):
                for (doc, n_layer), (lines, problems) in zip(docs, done, strict=True):
                    for start, end, label, why in problems:
                        reason = refused if why == "misaligned" else f"spans {why}"
                        report.drop(reason, example=_example(doc, start, end, label, why))
                    stream.write(lines)
                    report.records += 1
                    report.spans += n_layer - len(problems)
                if progress is not None and progress(report.spans, total) is False:
                    raise ExportCancelled
            if spaced:
                raise ExportRefused(
                    "labels with white space cannot be CoNLL tags (the columns are split "
                    "on it): " + ", ".join(f"{label!r} ({count(n, 'span')})"
                                           for label, n in sorted(spaced.items()))
                    + "; nothing was written. Rename the label, or leave it out with "
                      "--labels.")
            if refused in report.dropped:
                _refuse(report, refused)
    except ExportCancelled:
        report.cancelled = True
    return report
