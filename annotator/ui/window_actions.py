"""The main window's actions, menus and toolbar: what each command is called, its
keys and its tip, and where it shows."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QToolButton

from annotator.ui import about
from annotator.ui.review import menu as review_menu

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def _action(window: MainWindow, text: str, slot: Any, shortcuts: Any = (), tip: str = "",
            checkable: bool = False) -> QAction:
    action = QAction(text, window)
    if isinstance(shortcuts, QKeySequence.StandardKey | str):
        shortcuts = [shortcuts]
    keys = []
    for s in shortcuts:
        keys.extend(QKeySequence.keyBindings(s) if isinstance(s, QKeySequence.StandardKey)
                    else [QKeySequence(s)])
    action.setShortcuts(keys)
    action.setCheckable(checkable)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    (action.toggled if checkable else action.triggered).connect(slot)
    window.addAction(action)  # shortcuts work with the menus hidden too
    return action


def _steady_button(toolbar: QToolBar, text: str, slot: Any, enabled: Any, described: Any,
                   now: bool) -> QToolButton:
    """A toolbar button with a fixed text; what it would do is its tooltip.

    A widget rather than an action: a toolbar lays itself and the window out again
    whenever one of its actions changes (its tip, its enabled state), which undo and
    redo do on every edit."""
    button = QToolButton(toolbar)
    button.setText(text)
    button.setToolTip(text)
    button.setAutoRaise(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(slot)
    button.setEnabled(now)
    enabled.connect(button.setEnabled)
    described.connect(lambda what: button.setToolTip(f"{text} {what}".strip()))
    toolbar.addWidget(button)
    return button


def build_actions(window: MainWindow) -> None:
    """The window's actions, with their keys and tips (the menus and toolbar show them)."""
    stack = window.editor.stack
    window.undo_action = stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    window.redo_action = stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.addActions([window.undo_action, window.redo_action])
    # The stack's own actions keep their text and state; triggered, they step through
    # the window, which says what was undone (a message such as "Ctrl+Z brings them
    # back" is out of date then).
    for action, step in ((window.undo_action, window.undo), (window.redo_action, window.redo)):
        action.triggered.disconnect()  # from the stack's undo() or redo()
        action.triggered.connect(step)
    a = partial(_action, window)
    window.delete_action = a("&Delete span", window.delete_selected_span,
                             [QKeySequence.StandardKey.Delete, "Backspace"],
                             "Delete the selected span")
    window.previous_action = a("&Previous document", lambda: window.step_document(-1),
                               ["Ctrl+PgUp", "Alt+Up"], "Previous document (Ctrl+PgUp)")
    window.next_action = a("&Next document", lambda: window.step_document(1),
                           ["Ctrl+PgDown", "Alt+Down"], "Next document (Ctrl+PgDown)")
    window.done_action = a("Done, next &undone", window.done_and_next,
                           ["Ctrl+Return", "Ctrl+Enter"],
                           "Mark this document done and open the next undone one (Ctrl+Enter)")
    window.snap_action = a("&Snap to tokens", window.snap_toggled, [],
                           "Grow selections to whole words; hold Shift with the label key "
                           "to keep exact characters", checkable=True)
    window.snap_action.setChecked(window.settings.snap_to_tokens())
    window.sticky_action = a("S&ticky label", window.sticky_toggled, ["Ctrl+T"],
                             "Give every new selection the last used label at once",
                             checkable=True)
    window.zoom_in_action = a("Zoom &in", window.view.zoom_in,
                              [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], "Larger text")
    window.zoom_out_action = a("Zoom &out", window.view.zoom_out,
                               [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"], "Smaller text")
    # Tab in the text goes round its suggestions when it shows some: these always
    # move to the next panel, from anywhere.
    window.next_panel_action = a("Next &panel", lambda: window.focus_panel(True),
                                 ["F6", "Ctrl+Tab"], "Keyboard to the next panel (F6)")
    window.previous_panel_action = a("Pre&vious panel", lambda: window.focus_panel(False),
                                     ["Shift+F6", "Ctrl+Shift+Tab"],
                                     "Keyboard to the previous panel (Shift+F6)")
    window.filter_action = a("&Search documents", window.document_panel.focus_search,
                             ["Ctrl+Shift+F"],
                             "Search the documents: words, phrases, filters (Ctrl+Shift+F)")
    window.find_action = a("&Find in this article", window.open_find,
                           [QKeySequence.StandardKey.Find], "Find in this article (Ctrl+F)")
    window.find_next_action = a("Find &next", window.find_bar.next,
                                [QKeySequence.StandardKey.FindNext], "Next match (F3)")
    window.find_previous_action = a("Find pre&vious", window.find_bar.previous,
                                    [QKeySequence.StandardKey.FindPrevious],
                                    "Previous match (Shift+F3)")
    window.label_all_action = a("Label &all occurrences…", window.label_all, ["Ctrl+Shift+L"],
                                "Label every occurrence of the selection or the find, "
                                "in this article or across the corpus (Ctrl+Shift+L)")
    window.labels_action = a("&Labels…", window.edit_labels, [], "Edit the label set")
    window.annotator_action = a("Switch &annotator…", window.ask_annotator)
    files = window.files
    window.import_files_action = a("&Import files…", files.import_files,
                                   ["Ctrl+I"], "Import articles or annotation files")
    window.import_folder_action = a("Import a &folder…", files.import_folder)
    window.export_action = a("&Export…", files.export_sets, ["Ctrl+E"],
                             "Export annotation sets or training data")
    window.open_db_action = a("&Open or create database…", files.open_database,
                              [QKeySequence.StandardKey.Open])
    window.samples_action = a("Load &sample articles", files.import_samples)
    window.quit_action = a("&Quit", window.close, [QKeySequence.StandardKey.Quit])
    for action in (window.previous_action, window.next_action, window.done_action):
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

def build_menus(window: MainWindow) -> None:
    """The menu bar and the toolbar."""
    bar = window.menuBar()
    file = bar.addMenu("&File")
    file.addActions([window.import_files_action, window.import_folder_action,
                     window.samples_action, window.export_action])
    file.addSeparator()
    file.addAction(window.open_db_action)
    window.recent_menu = file.addMenu("&Recent databases")
    window.recent_menu.aboutToShow.connect(window.files.fill_recent)
    file.addSeparator()
    file.addAction(window.quit_action)
    edit = bar.addMenu("&Edit")
    edit.addActions([window.undo_action, window.redo_action, window.delete_action])
    edit.addSeparator()
    edit.addActions([window.find_action, window.find_next_action, window.find_previous_action,
                     window.label_all_action])
    edit.addSeparator()
    edit.addActions([window.snap_action, window.sticky_action])
    edit.addSeparator()
    window.relations.install_menu(edit)
    edit.addSeparator()
    edit.addActions([window.labels_action, window.annotator_action])
    go = bar.addMenu("&Go")
    go.addActions([window.previous_action, window.next_action, window.done_action,
                   window.filter_action])
    view = bar.addMenu("&View")
    view.addActions([window.zoom_in_action, window.zoom_out_action])
    view.addSeparator()
    view.addActions([window.next_panel_action, window.previous_panel_action])
    window.suggest.install_menu(bar)
    review_menu.install_menu(window, bar)
    about.install_menu(window, bar)

    tools = window.addToolBar("Main")
    tools.setObjectName("main-toolbar")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    tools.addActions([window.previous_action, window.next_action, window.done_action])
    tools.addSeparator()
    stack = window.editor.stack
    window.undo_button = _steady_button(tools, "Undo", window.undo_action.trigger,
                                        stack.canUndoChanged, stack.undoTextChanged,
                                        stack.canUndo())
    window.redo_button = _steady_button(tools, "Redo", window.redo_action.trigger,
                                        stack.canRedoChanged, stack.redoTextChanged,
                                        stack.canRedo())
    tools.addSeparator()
    tools.addActions([window.snap_action, window.sticky_action])
    tools.addSeparator()
    tools.addActions([window.zoom_out_action, window.zoom_in_action])

