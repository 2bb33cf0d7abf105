"""The window without a mouse: Tab from panel to panel, each panel usable from the keys,
and the tooltip over stacked spans."""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from ui_helpers import find, select_text

from annotator.ui.review import menu as controller


def panel(window, widget: QWidget | None) -> str:  # type: ignore[no-untyped-def]
    """Which part of the window a focused widget belongs to."""
    places = {"filter": [window.document_panel.filter_box],
              "documents": [window.document_panel.view],
              "labels": window.label_bar.focus_chain(),
              "text": [window.view.text_widget()],
              "spans": [window.span_panel]}
    if window.review is not None:
        places["review"] = window.review.panel.focus_chain()
    for name, widgets in places.items():
        if any(widget is w for w in widgets):
            return name
    return type(widget).__name__


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def tabs(qtbot, window, n: int, key=Qt.Key.Key_Tab) -> list[str]:  # type: ignore[no-untyped-def]
    return [panel(window, press(qtbot, key)) for _ in range(n)]


def label_some(qtbot, window, words=("Sergey Shoigu", "Moscow", "Cuba")) -> None:  # type: ignore[no-untyped-def]
    for word in words:
        select_text(window, *find(window, word))
        qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    assert window.span_model.rowCount() == len(words)


def test_tab_moves_from_panel_to_panel_and_leaves_the_span_list(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    label_some(qtbot, window)
    window.view.text_widget().setFocus()
    assert tabs(qtbot, window, 6) == ["spans", "filter", "documents", "labels", "text", "spans"]
    # Arrows move within the span list, Tab still leaves it.
    first = window.view.selected_span()
    assert panel(window, press(qtbot, Qt.Key.Key_Down)) == "spans"
    assert window.view.selected_span() is not None and window.view.selected_span() != first
    assert tabs(qtbot, window, 1) == ["filter"]
    # Shift+Tab goes back the same way.
    window.view.text_widget().setFocus()
    assert tabs(qtbot, window, 5, Qt.Key.Key_Backtab) == ["labels", "documents", "filter",
                                                           "spans", "text"]


def test_every_panel_works_from_the_keyboard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    label_some(qtbot, window, ["Cuba"])
    first = window.uid
    # The document list: Down opens the next document.
    window.document_panel.view.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert window.uid != first
    press(qtbot, Qt.Key.Key_Up)
    assert window.uid == first
    # The filter box: typing filters, Tab moves on to the list.
    window.document_panel.filter_box.setFocus()
    assert panel(window, press(qtbot, Qt.Key.Key_Tab)) == "documents"
    # The label bar: Shift+Tab from the text, Right to the next label, Space applies it
    # to the text still selected in the document.
    start, end = find(window, "Moscow")
    select_text(window, start, end)
    assert panel(window, press(qtbot, Qt.Key.Key_Backtab)) == "labels"
    weapon = press(qtbot, Qt.Key.Key_Right)
    assert weapon is window.label_bar.button("weapon")
    press(qtbot, Qt.Key.Key_Space)
    spans = [(s.start, s.end, s.label) for s in window.store.spans.of_document(window.uid)]
    assert (start, end, "weapon") in spans
    # Tab comes back to the bar's last used label, and leaves it for the text.
    assert panel(window, press(qtbot, Qt.Key.Key_Tab)) == "text"
    assert press(qtbot, Qt.Key.Key_Backtab) is weapon
    # A mouse click on a label never takes the keyboard from the text.
    window.view.text_widget().setFocus()
    qtbot.mouseClick(window.label_bar.button("claim"), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is window.view.text_widget()


def test_the_review_panel_joins_the_tab_chain(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    label_some(qtbot, window)
    window.store.annotators.ensure("bob")
    controller.start(window, ["alice", "bob"], "judge")
    window.view.text_widget().setFocus()
    assert tabs(qtbot, window, 9) == ["review"] * 7 + ["filter", "documents"]
    window.review.panel.table.setFocus()
    assert tabs(qtbot, window, 1) == ["review"]
    assert QApplication.focusWidget() is window.review.panel.accept_button
    window.leave_review()
    window.view.text_widget().setFocus()
    assert tabs(qtbot, window, 2) == ["spans", "filter"]


def test_f6_leaves_the_text_even_when_tab_goes_round_its_suggestions(qtbot, window,  # type: ignore[no-untyped-def]
                                                                      tmp_path) -> None:
    label_some(qtbot, window, ["Moscow"])
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text(json.dumps({"label": "actor", "pattern": "Cuba"}) + "\n",
                        encoding="utf-8")
    window.suggest.use_patterns(str(patterns))
    assert window.suggest.bar.isVisible()
    text = window.view.text_widget()
    text.setFocus()
    assert panel(window, press(qtbot, Qt.Key.Key_Tab)) == "text"  # to the first suggestion
    assert window.view.suggestions.current_suggestion() is not None
    assert panel(window, press(qtbot, Qt.Key.Key_F6)) == "spans"
    assert panel(window, press(qtbot, Qt.Key.Key_F6)) == "filter"
    assert panel(window, press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)) \
        == "spans"
    text.setFocus()
    assert panel(window, press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)) \
        == "spans"
    # From the label bar, Tab passes the suggestion bar's threshold on the way in.
    window.label_bar.focus_chain()[0].setFocus()
    assert press(qtbot, Qt.Key.Key_Tab) is window.suggest.bar.slider
    assert panel(window, press(qtbot, Qt.Key.Key_Tab)) == "text"


def test_tooltip_over_stacked_spans_names_each_label_and_its_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    text = window.text
    start = text.index("Russian Defense Minister")
    end = text.index(".", start) + 1  # a long claim around a name
    select_text(window, start, end)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_3)
    name = find(window, "Sergey Shoigu")
    select_text(window, *name)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1)
    edit = window.view.text_widget()
    cursor = edit.textCursor()
    cursor.setPosition(name[0] + 3)
    at: QPoint = edit.cursorRect(cursor).center()
    viewport = edit.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, at, viewport.mapToGlobal(at)))
    lines = QToolTip.text().splitlines()
    QToolTip.hideText()
    assert lines[0] == "actor: “Sergey Shoigu” (alice)"  # innermost first
    claim = " ".join(text[start:end].split())
    assert lines[1].startswith("claim: “" + claim[:20]) and lines[1].endswith("” (alice)")
    assert len(claim) > 60 and " … " in lines[1] and len(lines[1]) < 80
    assert claim.endswith(lines[1].split(" … ")[1][:-len("” (alice)")])
