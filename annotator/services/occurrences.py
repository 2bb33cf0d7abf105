"""Label every occurrence of a text or pattern: in one document, or across the corpus.

Each occurrence is snapped like a manual selection (whole tokens, no surrounding
whitespace), and an occurrence already labelled the same way (same extent and
label, by the person or suggested to them already) is skipped and counted.
Suggestions from a corpus run belong to the model annotator ``label-all`` (as a
trained model's do), so the window shows them as suggestions to accept or reject.
Across the corpus the search index narrows the documents to read; every one of
them is then matched exactly, so the index never decides what is labelled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from annotator.core.errors import UnknownLabel
from annotator.core.find import FindOptions, Matches, compile_pattern
from annotator.core.model import AnnotatorKind, Origin, Span, SpanLike, Status
from annotator.core.query import words
from annotator.core.wording import count
from annotator.store import Query, Store

#: progress(documents read, documents to read); False stops the run.
Progress = Callable[[int, int], bool]
#: Who a corpus run's suggestions are by: a model annotator, as for trained models.
SUGGESTER = "label-all"


def selection_options() -> FindOptions:
    """Occurrences of a selection: the same characters, as whole words."""
    return FindOptions(case=True, whole_word=True, regex=False)


@dataclass(frozen=True, slots=True)
class DocumentOccurrences:
    """What labelling every occurrence in one text would do."""

    found: int  # matches of the pattern
    new: tuple[tuple[int, int], ...]  # snapped extents to label, in order, each once
    skipped: int  # occurrences labelled so already


def in_text(text: str, pattern: re.Pattern[str], label: str, annotator: str,
            existing: Iterable[SpanLike], *, snap: bool = True) -> DocumentOccurrences:
    """The occurrences of ``pattern`` in ``text`` that ``annotator`` has not labelled
    ``label`` yet, nor been suggested (``existing``: the document's spans, anyone's)."""
    from annotator.nlp.tokens import snap_to_tokens, trim_whitespace

    owners = {annotator, SUGGESTER}
    have = {(s.start, s.end) for s in existing
            if s.label == label and getattr(s, "annotator", annotator) in owners}
    found = Matches(text, pattern).all()
    new: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    skipped = 0
    snapped: dict[tuple[str, int, int], tuple[int, int]] = {}
    for start, end in found:
        if snap:
            start, end = _snap(text, start, end, snapped, snap_to_tokens)
        else:
            start, end = trim_whitespace(text, start, end)
        if start >= end or (start, end) in seen:
            continue
        seen.add((start, end))
        if (start, end) in have:
            skipped += 1
        else:
            new.append((start, end))
    return DocumentOccurrences(len(found), tuple(new), skipped)


def _snap(text: str, start: int, end: int, memo: dict[tuple[str, int, int], tuple[int, int]],
          snap_to_tokens: Callable[[str, int, int], tuple[int, int]]) -> tuple[int, int]:
    """Snap an occurrence as a selection is snapped, once per distinct stretch of text.

    spaCy splits at whitespace before anything else, so no token crosses it: the
    snapped bounds depend only on the stretch between the whitespace around the
    occurrence. The same word in the same stretch (most occurrences) is snapped once,
    which matters for 70,000 occurrences in a 10 MB article."""
    lo, hi = start, end
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    if hi - lo > 200 or not text[lo:hi].isascii():
        return snap_to_tokens(text, start, end)  # long, or beyond ASCII: as it is
    key = (text[lo:hi], start - lo, end - lo)
    found = memo.get(key)
    if found is None:
        found = memo[key] = snap_to_tokens(key[0], key[1], key[2])
    return lo + found[0], lo + found[1]


def candidates(store: Store, needle: str, options: FindOptions) -> Query:
    """A search query for the documents that may hold the needle: its words in order,
    the last as a prefix and the first left out unless whole words are asked (a match
    may start or end inside a word). Every document, for a regular expression."""
    found = words(needle)
    if options.regex or not found:
        return store.search.compile("")
    if not options.whole_word:
        if len(found) > 1:
            found = found[1:]
        prefix = "*" if len(found[-1]) > 1 else ""
        if not prefix and len(found) == 1:
            return store.search.compile("")  # one letter: no useful prefix
        return store.search.compile('"' + " ".join(found) + '"' + prefix)
    return store.search.compile('"' + " ".join(found) + '"')


@dataclass
class CorpusReport:
    """What labelling across the corpus did (or, for a preview, would do)."""

    label: str
    annotator: str  # the person the run is for
    status: Status
    documents_read: int = 0
    documents: int = 0  # documents with new spans
    added: int = 0
    skipped: int = 0  # occurrences labelled so already
    cancelled: bool = False
    #: (document id, the spans added with their ids), for undoing and redoing the run.
    created: list[tuple[str, list[Span]]] = field(default_factory=list)

    @property
    def author(self) -> str:
        """Whose the new spans are: the person's accepted spans, or the suggester's."""
        return SUGGESTER if self.status is Status.SUGGESTED else self.annotator

    def summary(self) -> str:
        what = "suggestions" if self.status is Status.SUGGESTED else "spans"
        head = "Stopped: " if self.cancelled else ""
        return (f"{head}{count(self.added, what[:-1], what)} {self.label} added in "
                f"{count(self.documents, 'document')}; {count(self.skipped, 'occurrence')} "
                f"labelled so already, skipped")


def corpus_documents(store: Store, needle: str, options: FindOptions,
                     stop: Callable[[], bool] | None = None) -> list[str]:
    """The ids of the documents to read for a corpus run, in import order."""
    return list(store.search.uids(candidates(store, needle, options), stop=stop))


def preview_corpus(store: Store, needle: str, options: FindOptions, label: str,
                   annotator: str, *, progress: Progress | None = None,
                   stop: Callable[[], bool] | None = None) -> CorpusReport:
    """How many documents and occurrences a corpus run would label (nothing is written)."""
    return _run(store, needle, options, label, annotator, Status.SUGGESTED, progress, stop,
                write=False)


def label_corpus(store: Store, needle: str, options: FindOptions, label: str,
                 annotator: str, *, status: Status = Status.SUGGESTED,
                 progress: Progress | None = None,
                 stop: Callable[[], bool] | None = None) -> CorpusReport:
    """Label every occurrence in every document, one transaction per document:
    suggestions unless ``status`` is accepted. progress() returning False (or stop()
    returning True) ends the run after the document at hand; what was added stays
    and is listed in the report, for undo_corpus."""
    return _run(store, needle, options, label, annotator, status, progress, stop, write=True)


def check_label(store: Store, label: str) -> None:
    if label not in {known.name for known in store.labels.all()}:
        raise UnknownLabel(f"unknown label {label!r}")


def ensure_suggester(store: Store) -> None:
    """The model annotator whose suggestions corpus runs make (a write)."""
    store.annotators.ensure(SUGGESTER, AnnotatorKind.MODEL)


def _run(store: Store, needle: str, options: FindOptions, label: str, annotator: str,
         status: Status, progress: Progress | None, stop: Callable[[], bool] | None, *,
         write: bool) -> CorpusReport:
    pattern = compile_pattern(needle, options)
    check_label(store, label)  # before any work
    report = CorpusReport(label, annotator, Status(status))
    if write and report.status is Status.SUGGESTED:
        ensure_suggester(store)
    uids = corpus_documents(store, needle, options, stop)
    for i in range(0, len(uids), CHUNK):
        if (stop is not None and stop()) or (
                progress is not None and progress(report.documents_read, len(uids)) is False):
            report.cancelled = True
            break
        label_documents(store, uids[i:i + CHUNK], pattern, report, write=write)
    if progress is not None and not report.cancelled:
        progress(report.documents_read, len(uids))
    return report


#: Documents labelled between two looks at progress and Cancel.
CHUNK = 1


def label_documents(store: Store, uids: Sequence[str], pattern: re.Pattern[str],
                    report: CorpusReport, *, write: bool = True) -> None:
    """Label the occurrences in these documents (one transaction each), adding to the
    report; without ``write``, only count them."""
    origin = Origin.RULE if report.status is Status.SUGGESTED else Origin.MANUAL
    for uid in uids:
        if not store.documents.exists(uid):  # deleted since it was listed
            continue
        document = store.documents.get(uid)
        found = in_text(document.text, pattern, report.label, report.annotator,
                        store.spans.of_document(uid, [report.annotator, SUGGESTER]))
        report.documents_read += 1
        report.skipped += found.skipped
        if not found.new:
            continue
        report.documents += 1
        report.added += len(found.new)
        if write:
            made = store.spans.edit(uid, create=[
                Span(s, e, report.label, report.author, origin=origin,
                     status=report.status) for s, e in found.new])
            report.created.append((uid, made))


def undo_corpus(store: Store, report: CorpusReport) -> int:
    """Delete the spans a corpus run added (those still there); how many went."""
    return store.spans.delete_present(
        [span.id for _, made in report.created for span in made if span.id is not None])


def redo_corpus(store: Store, report: CorpusReport) -> None:
    """Add again what undo_corpus took away (in documents still there); the report
    then names the spans as stored anew."""
    again: list[tuple[str, list[Span]]] = []
    for uid, made in report.created:
        if store.documents.exists(uid):
            keep = {s.key for s in store.spans.of_document(uid, [report.author])}
            fresh = [replace(s, id=None) for s in made if s.key not in keep]
            again.append((uid, store.spans.edit(uid, create=fresh) if fresh else []))
    report.created = again
