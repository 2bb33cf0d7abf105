"""Making and changing relations in the window, with keys and the mouse (annotate mode).

Keys, on the text or the lists (see the README's table):

* **R** with a span selected starts linking from it, with the first relation type
  that may start there (a type's own key, e.g. **S** for speaker, starts with that
  type). The spans that type allows as the child, near the head, get dashed
  outlines, the nearest (or the likely speaker) first; **Tab**/**Shift+Tab** or the
  arrows go round them, **Enter** links the current one, **Esc** leaves. A type's
  key (or **R** again) switches the type meanwhile; a click on a span links it.
* With a relation selected (click its connector, or pick it in the relation list),
  a type's key gives it that type and **Delete** removes it.
* **Ctrl+click** a span links the selected span to it; **Ctrl+drag** from span to
  span links them. The type is the first that allows the two labels.
* With a quote or claim selected that the attribution helper has a likely speaker
  for (a dashed connector), **Enter** accepts it and **Backspace** rejects it.

Every change is an edit on the window's one history (editing/editor.py): shown at
once, stored by the store queue, undone with Ctrl+Z.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QMenu

from annotator.core.model import RelationRow, RelationType, SpanRow, Status
from annotator.ui.document_view.relation_layer import Linking
from annotator.ui.relations.attribution import AttributionHelper

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

NEAR = 1200  # code points either side of a head where candidate children are looked for
MOST = 12  # candidates offered at most (the nearest)
_PLAIN = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.KeypadModifier
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NEXT = (Qt.Key.Key_Tab, Qt.Key.Key_Right, Qt.Key.Key_Down)
_PREVIOUS = (Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Up)
RESERVED_KEYS = frozenset("arun")  # R links; A, R, U, N decide in review; N: next suggestion


class RelationController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.types: list[RelationType] = []  # every type, archived ones too
        self.attribution = AttributionHelper(window, self)
        view = window.view
        view.linkRequested.connect(self.link_spans)
        view.linkTargetClicked.connect(self._target_clicked)
        view.spanSelected.connect(self._span_selected)
        view.relationSelected.connect(self._relation_selected)
        self._build_actions()

    def install(self, *widgets: QObject) -> None:
        """Take the relation keys on these widgets (before anyone else's filters)."""
        for widget in widgets:
            widget.installEventFilter(self)

    # ------------------------------------------------------------- types

    def set_types(self, types: list[RelationType]) -> None:
        self.types = list(types)
        self.window.view.set_relation_types(self.types)
        self.attribution.set_types(self.types)
        self._describe_keys()

    def usable(self) -> list[RelationType]:
        return [t for t in self.types if not t.archived]

    def type_named(self, name: str) -> RelationType | None:
        return next((t for t in self.types if t.name == name), None)

    def relabel_refusal(self, span: SpanRow, label: str) -> str | None:
        """Why the span cannot take ``label``: a relation of it (not rejected) whose
        type allows other labels at that end; None if it can."""
        spans = self.window.doc_spans
        for relation in spans.relations.of_span(span.id, accepted_only=False):
            if relation.status == Status.REJECTED.value:
                continue
            kind = self.type_named(relation.type)
            head, child = spans.get(relation.head), spans.get(relation.child)
            if kind is None or head is None or child is None:
                continue
            refusal = kind.refusal(label if head.id == span.id else head.label,
                                   label if child.id == span.id else child.label)
            if refusal:
                return refusal
        return None

    def type_of_key(self, key: str) -> RelationType | None:
        key = key.lower()
        return next((t for t in self.usable() if (t.key or "").lower() == key), None)

    def _first_allowing(self, head: str, child: str) -> RelationType | None:
        return next((t for t in self.usable() if t.allows(head, child)), None)

    # ------------------------------------------------------------- actions

    def _build_actions(self) -> None:
        w = self.window

        def action(text: str, slot: Any, tip: str) -> QAction:
            a = QAction(text, w)
            a.setToolTip(tip)
            a.setStatusTip(tip)
            a.triggered.connect(slot)
            return a

        # The keys work on the text (see eventFilter); the menu names them.
        self.link_action = action("&Link the selected span…\tR", lambda: self.start(None),
                                  "Link the selected span (the head) to a span near it")
        self.delete_action = action("&Delete the selected relation\tDelete",
                                    self.delete_selected, "Delete the selected relation")
        self.accept_speaker_action = action(
            "&Accept the likely speaker\tEnter", lambda: self.attribution.decide(True),
            "Link the selected quote or claim to the speaker the helper suggests")
        self.reject_speaker_action = action(
            "&Reject the likely speaker\tBackspace", lambda: self.attribution.decide(False),
            "Say no to the speaker the helper suggests for the selected quote or claim")
        self.show_speakers_action = QAction("&Show likely speakers", w)
        self.show_speakers_action.setCheckable(True)
        self.show_speakers_action.setChecked(w.settings.likely_speakers())
        self.show_speakers_action.setToolTip("Dashed connectors from quotes and claims with "
                                             "no speaker to the actor who likely said them")
        self.show_speakers_action.toggled.connect(self._speakers_toggled)

    def install_menu(self, menu: QMenu) -> None:
        sub = menu.addMenu("Re&lations")
        sub.addActions([self.link_action, self.delete_action])
        sub.addSeparator()
        self.type_menu_anchor = sub.addSeparator()
        sub.addSeparator()
        sub.addActions([self.show_speakers_action, self.accept_speaker_action,
                        self.reject_speaker_action])
        self.menu = sub
        self._type_actions: list[QAction] = []
        self._describe_keys()

    def _describe_keys(self) -> None:
        menu = getattr(self, "menu", None)
        if menu is None:
            return
        for action in getattr(self, "_type_actions", []):
            menu.removeAction(action)
        self._type_actions = []
        for kind in self.usable():
            key = f"\t{kind.key.upper()}" if kind.key else ""
            action = QAction(f"Link as {kind.name}{key}", self.window)
            action.triggered.connect(lambda _=False, name=kind.name: self.type_key(name))
            menu.insertAction(self.type_menu_anchor, action)
            self._type_actions.append(action)

    def _speakers_toggled(self, on: bool) -> None:
        self.window.settings.set_likely_speakers(on)
        self.attribution.set_enabled(on)

    # ------------------------------------------------------------- linking

    def _head(self) -> SpanRow | None:
        window = self.window
        head = window.view.selected_row()
        if head is None or window.uid is None:
            window.report("Select the span a relation starts at (a quote or claim), then "
                          "press R.")
            return None
        if not window.annotate.mine(head):
            return None
        return head

    def start(self, kind: str | None) -> bool:
        """Start linking from the selected span with this type (None: the first type
        that may start there and has a candidate nearby)."""
        head = self._head()
        if head is None:
            return False
        usable = self.usable()
        if kind is not None:
            chosen = self.type_named(kind)
            if chosen is None or chosen.archived:
                self.window.report(f"No relation type {kind}.")
                return False
            if chosen.heads and head.label not in chosen.heads:
                self.window.report(f"A {kind} relation starts at "
                                   f"{' or '.join(chosen.heads)}, not at {head.label}.")
                return False
        else:
            starting = [t for t in usable if not t.heads or head.label in t.heads]
            if not starting:
                names = "; ".join(f"{t.name}: {' or '.join(t.heads) or 'any'}" for t in usable)
                self.window.report(f"No relation type starts at {head.label} ({names}).")
                return False
            chosen = next((t for t in starting if self.candidates(head, t)), starting[0])
        found = self.candidates(head, chosen)
        if not found:
            children = " or ".join(chosen.children) or "span"
            self.window.report(f"No {children} of yours near this {head.label} to link as "
                               f"{chosen.name}.")
            return False
        self.window.view.set_linking(Linking(head.id, chosen.name, found, found[0]))
        self._say_linking()
        return True

    def candidates(self, head: SpanRow, kind: RelationType) -> list[int]:
        """The spans near ``head`` the type allows as its child, the likely speaker
        first, then the nearest; none already linked to it by this type."""
        spans = self.window.doc_spans
        relations = spans.relations
        found = []
        for span in spans.index.overlapping(max(0, head.start - NEAR), head.end + NEAR):
            if span.id == head.id or span.annotator != head.annotator \
                    or not kind.allows(head.label, span.label):
                continue
            there = relations.find(head.id, span.id, kind.name)
            if there is not None and there.status == Status.ACCEPTED.value:
                continue
            gap = max(span.start - head.end, head.start - span.end, 0)
            found.append((gap, span.start, span.id))
        found.sort()
        ids = [span_id for _, _, span_id in found[:MOST]]
        likely = self.attribution.likely(head.id, kind.name)
        if likely in ids:
            ids.remove(likely)
            ids.insert(0, likely)
        return ids

    def _say_linking(self) -> None:
        linking = self.window.view.linking()
        if linking is None:
            return
        others = [t for t in self.usable() if t.name != linking.kind and t.key]
        switch = "; " + ", ".join(f"{t.key.upper()} {t.name}" for t in others) \
            if others else ""  # type: ignore[union-attr]
        n = len(linking.candidates)
        self.window.report(f"Linking {linking.kind}: {n} candidate{'s' if n != 1 else ''} — "
                           f"Tab or arrows choose, Enter links, Esc stops{switch}.")

    def cycle(self, step: int) -> None:
        linking = self.window.view.linking()
        if linking is None or not linking.candidates:
            return
        at = linking.candidates.index(linking.current) if linking.current in \
            linking.candidates else -step
        current = linking.candidates[(at + step) % len(linking.candidates)]
        self.window.view.set_linking(Linking(linking.head, linking.kind, linking.candidates,
                                             current))

    def switch(self, kind: str) -> None:
        """While linking: another type, its own candidates."""
        linking = self.window.view.linking()
        chosen = self.type_named(kind)
        head = self.window.doc_spans.get(linking.head) if linking else None
        if linking is None or chosen is None or head is None:
            return
        if chosen.heads and head.label not in chosen.heads:
            self.window.report(f"A {kind} relation starts at {' or '.join(chosen.heads)}, "
                               f"not at {head.label}.")
            return
        found = self.candidates(head, chosen)
        if not found:
            self.window.report(f"No {' or '.join(chosen.children) or 'span'} near this "
                               f"{head.label} to link as {kind}.")
            return
        self.window.view.set_linking(Linking(head.id, kind, found, found[0]))
        self._say_linking()

    def next_type(self) -> None:
        """R while linking: the next type that may start at the head."""
        linking = self.window.view.linking()
        head = self.window.doc_spans.get(linking.head) if linking else None
        if linking is None or head is None:
            return
        starting = [t for t in self.usable() if (not t.heads or head.label in t.heads)
                    and self.candidates(head, t)]
        names = [t.name for t in starting]
        if len(names) > 1:
            at = names.index(linking.kind) if linking.kind in names else -1
            self.switch(names[(at + 1) % len(names)])

    def confirm(self) -> None:
        linking = self.window.view.linking()
        if linking is None or linking.current is None:
            return
        self.cancel(quiet=True)
        self.link(linking.head, linking.current, linking.kind)

    def cancel(self, *, quiet: bool = False) -> None:
        if self.window.view.linking() is not None:
            self.window.view.set_linking(None)
            if not quiet:
                self.window.report("Linking stopped.")

    def _target_clicked(self, span_ids: list[int]) -> None:
        """A click while linking: link the candidate clicked (a span the type allows
        further away counts too); a click off the spans stops."""
        linking = self.window.view.linking()
        if linking is None:
            return
        if not span_ids:
            self.cancel()
            return
        chosen = next((s for s in span_ids if s in linking.candidates), None)
        kind = self.type_named(linking.kind)
        head = self.window.doc_spans.get(linking.head)
        if chosen is None and kind is not None and head is not None:
            chosen = next((s for s in span_ids if s != head.id and (row := self.window.doc_spans
                           .get(s)) is not None and row.annotator == head.annotator
                           and kind.allows(head.label, row.label)), None)
        if chosen is None:
            labels = " or ".join(kind.children) if kind and kind.children else "another span"
            self.window.report(f"A {linking.kind} relation links to {labels}: click one "
                               "(Esc stops).")
            return
        self.cancel(quiet=True)
        self.link(linking.head, chosen, linking.kind)

    def link_spans(self, head_id: int, child_id: int) -> None:
        """Ctrl+click or Ctrl+drag: link with the first type that allows the labels."""
        window = self.window
        if window.mode is not window.annotate:
            return
        head, child = window.doc_spans.get(head_id), window.doc_spans.get(child_id)
        if head is None or child is None or not window.annotate.mine(head):
            return
        kind = self._first_allowing(head.label, child.label)
        if kind is None:
            rules = "; ".join(f"{t.name} links {' or '.join(t.heads) or 'any'} → "
                              f"{' or '.join(t.children) or 'any'}" for t in self.usable())
            window.report(f"No relation type links {head.label} → {child.label} ({rules}).")
            return
        self.link(head_id, child_id, kind.name)

    def link(self, head_id: int, child_id: int, kind: str, *,
              status: Status = Status.ACCEPTED, text: str | None = None) -> RelationRow | None:
        window = self.window
        head, child = window.doc_spans.get(head_id), window.doc_spans.get(child_id)
        if head is None or child is None or window.uid is None:
            return None
        made = window.editor.relate(window.uid, head, child, kind, status=status, text=text)
        if made is not None and status == Status.ACCEPTED:
            window.view.select_relation(made.id)
            window.report(f"Linked {head.label} → {child.label} as {kind} "
                          f"({self._excerpt(child)}); Ctrl+Z undoes.")
        return made

    def _excerpt(self, span: SpanRow) -> str:
        words = " ".join(self.window.text[span.start:span.end].split())
        return words if len(words) <= 30 else words[:29] + "…"

    # ------------------------------------------------------------- changing

    def type_key(self, kind: str) -> None:
        """A type's key: retype the selected relation, switch type while linking, or
        start linking from the selected span with it."""
        view = self.window.view
        if view.linking() is not None:
            self.switch(kind)
            return
        relation = view.selected_relation()
        if relation is not None:
            self.retype(relation, kind)
            return
        self.start(kind)

    def retype(self, relation: RelationRow, kind: str) -> None:
        window = self.window
        head, child = window.doc_spans.get(relation.head), window.doc_spans.get(relation.child)
        chosen = self.type_named(kind)
        if head is None or child is None or chosen is None or window.uid is None \
                or not window.annotate.mine(head):
            return
        refusal = chosen.refusal(head.label, child.label)
        if refusal:
            window.report(f"Not changed: {refusal}.")
            return
        if window.editor.retype(window.uid, relation, kind):
            window.report(f"The relation is {kind} now (Ctrl+Z undoes).")

    def delete_selected(self) -> None:
        self.window.annotate.delete_selected()

    # ------------------------------------------------------------- following

    def _span_selected(self, span: Any) -> None:
        linking = self.window.view.linking()
        if linking is not None and (span is None or span.id != linking.head):
            self.cancel(quiet=True)

    def _relation_selected(self, relation: RelationRow | None) -> None:
        if self.window.mode is self.window.annotate:
            self.window.annotate.show_selected_relation(relation.id if relation else None)

    # ------------------------------------------------------------- keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        window = self.window
        if window.mode is not window.annotate or window.uid is None:
            return False
        handler = self._handler(event)  # type: ignore[arg-type]
        if handler is None:
            if kind == QEvent.Type.KeyPress and window.view.linking() is not None \
                    and event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control,  # type: ignore[attr-defined]
                                            Qt.Key.Key_Alt, Qt.Key.Key_Meta):
                self.cancel(quiet=True)  # another key: linking is over, the key does its job
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is ours here: no window shortcut takes it
            return True
        handler()
        return True

    def _handler(self, event: QKeyEvent) -> Any:
        """What a key does here, or None to leave it to the others."""
        key, mods = event.key(), event.modifiers()
        plain = mods & ~_PLAIN == Qt.KeyboardModifier.NoModifier
        shift = mods & ~_PLAIN == Qt.KeyboardModifier.ShiftModifier
        text = event.text().lower()
        view = self.window.view
        if view.linking() is not None:
            if key == Qt.Key.Key_Escape:
                return self.cancel
            if key in _ENTER and plain:
                return self.confirm
            if (key in _NEXT and plain) or (key == Qt.Key.Key_N and plain):
                return lambda: self.cycle(1)
            if (key in _PREVIOUS and (plain or shift)) or (key == Qt.Key.Key_Tab and shift):
                return lambda: self.cycle(-1)
            if key == Qt.Key.Key_R and plain:
                return self.next_type
            kind = self.type_of_key(text) if plain and text else None
            if kind is not None:
                return lambda: self.switch(kind.name)
            return None
        if not plain:
            return None
        if key == Qt.Key.Key_R and view.selected_row() is not None:
            return lambda: self.start(None)
        kind = self.type_of_key(text) if text and text.isalpha() else None
        if kind is not None and view.selected_row() is not None:
            return lambda: self.type_key(kind.name)
        if key in _ENTER and self.attribution.offered_for_selection() is not None:
            return lambda: self.attribution.decide(True)
        if key == Qt.Key.Key_Backspace and self.attribution.offered_for_selection() is not None:
            return lambda: self.attribution.decide(False)
        if key == Qt.Key.Key_Escape and view.selected_relation() is not None:
            return lambda: view.select_relation(None)
        return None
