"""The attribution helper in the window: likely speakers offered as dashed connectors.

For the person's quotes and claims on screen that have no speaker yet, the helper
(nlp/attribution.py: a speech cue and the actor it links, by plain rules over
spaCy's blank tokenizer) finds the likely speaker, and the view draws it as a dashed
connector. With the quote or claim selected, Enter accepts it (a speaker relation,
made like any other) and Backspace rejects it (a rejected relation, so it is not
offered again); both are edits on the one history, so Ctrl+Z takes them back.

The work runs on a thread of its own a moment after the text stops moving or
changing (in-line in tests), over a copy of the spans near what is visible, and a
result that comes back after the document changed is thrown away.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from annotator import applog
from annotator.core.model import RelationRow, RelationType, Status
from annotator.services.attribution import SPEAKER

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.relations.controller import RelationController

AROUND = 2500  # code points beyond the visible text whose heads are looked at too
WAIT_MS = 250  # quiet time after scrolling or an edit before the helper runs


class AttributionHelper(QObject):
    _found = Signal(int, object)  # generation, {head id: (child id, score, reason)}

    def __init__(self, window: MainWindow, controller: RelationController) -> None:
        super().__init__(controller)
        self.window = window
        self.controller = controller
        self.kind: RelationType | None = None
        self.enabled = window.settings.likely_speakers()
        self.offered: dict[int, tuple[int, float, str]] = {}  # head -> child, score, reason
        self._generation = 0
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WAIT_MS)
        self._timer.timeout.connect(self.run)
        self._found.connect(self._arrived)
        spans = window.doc_spans
        spans.reset.connect(self._document_changed)
        spans.changed.connect(self._spans_changed)
        window.view.text_widget().verticalScrollBar().valueChanged.connect(
            lambda _v: self.schedule())

    # ------------------------------------------------------------ settings

    def set_types(self, types: list[RelationType]) -> None:
        kind = next((t for t in types if t.name == SPEAKER and not t.archived), None)
        if kind != self.kind:
            self.kind = kind
            self._document_changed()

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self._document_changed()

    # ------------------------------------------------------------ asking

    def likely(self, head_id: int, kind: str) -> int | None:
        """The likely child of a head for this type, if one is offered."""
        if self.kind is None or kind != self.kind.name:
            return None
        offer = self.offered.get(head_id)
        return offer[0] if offer else None

    def offered_for_selection(self) -> tuple[int, int] | None:
        """(head, child) of the offer for the selected span, if there is one."""
        view = self.window.view
        if view.linking() is not None or view.selected_relation() is not None:
            return None
        head = view.selected_row()
        if head is None or head.id not in self.offered:
            return None
        return head.id, self.offered[head.id][0]

    def decide(self, accept: bool) -> bool:
        found = self.offered_for_selection()
        window = self.window
        if found is None or self.kind is None:
            window.report("Select a quote or claim with a dashed connector (a likely "
                          "speaker) first.")
            return False
        head_id, child_id = found
        child = window.doc_spans.get(child_id)
        status = Status.ACCEPTED if accept else Status.REJECTED
        verb = "Accept" if accept else "Reject"
        made = self.controller.link(head_id, child_id, self.kind.name, status=status,
                                     text=f"{verb} likely {self.kind.name}")
        if made is not None and not accept:
            who = " ".join(window.text[child.start:child.end].split()) if child else "?"
            window.report(f"Rejected {who} as the {self.kind.name} (Ctrl+Z undoes).")
        return made is not None

    # ------------------------------------------------------------ following

    def _document_changed(self) -> None:
        self._generation += 1
        self.offered = {}
        self.window.view.set_suggested_relations([])
        self.schedule()

    def _spans_changed(self, change: Any) -> None:
        """An edit: offers it settles go at once; the rest is worked out again soon."""
        if self.offered and self._touches_offers(change):
            self._drop_settled()
        self._generation += 1
        self.schedule()

    def _touches_offers(self, change: Any) -> bool:
        """Whether an edit can settle an offer: it took away a span an offer links, or
        linked an offered quote (every edit would otherwise look at every offer)."""
        if self.kind is None:
            return True
        ends = set(self.offered)
        ends.update(child for child, _score, _reason in self.offered.values())
        return (any(row.id in ends for row in change.removed)
                or any(link.head in self.offered for link in change.relations_added))

    def _drop_settled(self) -> None:
        relations = self.window.doc_spans.relations
        spans = self.window.doc_spans
        kept = {head: offer for head, offer in self.offered.items()
                if spans.get(head) is not None and spans.get(offer[0]) is not None
                and self.kind is not None
                and not any(r.type == self.kind.name for r in
                            relations.of_span(head, accepted_only=False) if r.head == head)}
        if kept != self.offered:
            self.offered = kept
            self._show()

    def schedule(self) -> None:
        if not self.enabled or self.kind is None or self.window.uid is None:
            return
        if self.window.queue.inline:
            self.run()  # tests: at once, on this thread
        else:
            self._timer.start()

    # ------------------------------------------------------------ working

    def run(self) -> None:
        """Find the likely speakers near what is on screen (on the helper's thread)."""
        window = self.window
        kind = self.kind
        if not self.enabled or kind is None or window.uid is None \
                or window.mode is not window.annotate:
            return
        first, last = window.view.visible_range()
        lo, hi = max(0, first - AROUND), last + AROUND
        spans = window.doc_spans
        annotator = window.annotator
        mine = [row for row in spans.index.overlapping(lo, hi) if row.annotator == annotator]
        if not any(row.label in kind.heads for row in mine):
            if self.offered:
                self.offered = {}
                self._show()
            return
        linked = [r for row in mine if row.label in kind.heads
                  for r in spans.relations.of_span(row.id, accepted_only=False)
                  if r.head == row.id]
        text = spans.text
        generation = self._generation

        def work() -> None:
            from annotator.nlp.attribution import suggest_speakers

            try:
                found = suggest_speakers(text, mine, linked, kind=kind, within=(first, last))
            except Exception as exc:  # a bug: logged, the helper shows nothing
                applog.log_unexpected(exc, "finding likely speakers")
                return
            self._found.emit(generation, {a.head.id: (a.child.id, a.score, a.reason)
                                          for a in found})

        if window.queue.inline:
            work()
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="attribution")
        self._executor.submit(work)

    def _arrived(self, generation: int, found: dict[int, tuple[int, float, str]]) -> None:
        if generation != self._generation:
            return  # the document changed meanwhile: a newer run is coming
        self.offered = found
        self._show()

    def _show(self) -> None:
        kind = self.kind.name if self.kind else SPEAKER
        self.window.view.set_suggested_relations(
            [RelationRow(0, head, child, kind, Status.SUGGESTED.value)
             for head, (child, _score, _reason) in self.offered.items()])

    def close(self) -> None:
        self._timer.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
