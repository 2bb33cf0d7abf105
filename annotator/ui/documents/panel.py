"""The document list: a search box and filters over a lazily filled table.

Every key press in the search box asks for the new query's matches at once (in the
background, the newest query winning: see searcher.py); a query that cannot be read
is not run, and the line under the box says what is wrong and at which column. The
filters add terms to the query; the count says how many documents match. A search
can be saved by name, and the saved ones are offered again: "Next" walks the list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import QueryError
from annotator.store import Query
from annotator.ui.documents.filters import SearchFilters
from annotator.ui.documents.model import DocumentListModel
from annotator.ui.table_model import select_row

PLACEHOLDER = 'Search: Tu-160  "strategic bombers"  Tu-16*  -Caracas  label:weapon'


class DocumentPanel(QWidget):
    documentChosen = Signal(str)  # uid
    searchChanged = Signal()  # another query is shown

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        #: Turns the text into a query (the window sets one that knows who is annotating).
        self.compile: Callable[[str], Query] = model.compile
        #: The saved searches, [(name, query)], and where to keep them (the window's).
        self.saved: list[tuple[str, str]] = []
        self.save_searches: Callable[[list[tuple[str, str]]], None] = lambda _s: None
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText(PLACEHOLDER)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(
            "Words, \"phrases\", prefixes (Tu-16*), OR, -word, contains:text, title:word,\n"
            "state:todo|started|done, label:NAME, by:NAME, has:suggestions, review:conflict\n"
            "(README: Searching)")
        self.filter_box = self.search_box  # its older name
        self.saved_button = QToolButton(self)
        self.saved_button.setText("Saved")
        self.saved_button.setToolTip("Save this search, or go back to a saved one")
        self.saved_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_menu = QMenu(self)
        self.saved_menu.aboutToShow.connect(self._fill_saved)
        self.saved_button.setMenu(self.saved_menu)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.filters = SearchFilters(self)
        self.count = QLabel(self)
        self.count.setStyleSheet("color: palette(mid);")
        self.view = QTreeView(self)
        self.view.setModel(model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)  # needed to scroll 100k rows smoothly
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would ask every loaded row for its size.
        metrics = self.view.fontMetrics()
        for column, sample in ((1, "started__"), (2, "Spans__")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 8)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.saved_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.filters)
        layout.addWidget(self.count)
        layout.addWidget(self.view)

        self.search_box.textChanged.connect(self.apply_filter)
        self.filters.changed.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self._current: str | None = None
        self._quiet = False
        model.modelReset.connect(self._reselect)
        model.searched.connect(self._show_count)
        model.counted.connect(self._show_count)
        model.failed.connect(self._show_problem)
        self._show_count()

    # -------------------------------------------------------------- searching

    def query_text(self) -> str:
        """The search box and the filters together, as one query."""
        text = self.search_box.text().strip()
        terms = self.filters.terms()
        if text and terms and " OR " in f" {text} ":
            text = f"({text})"
        return " ".join(t for t in (text, terms) if t)

    def apply_filter(self) -> None:
        """Search for what the box and the filters say (at once: a key press)."""
        text = self.query_text()
        try:
            query = self.compile(text)
        except QueryError as exc:
            self._show_problem(self._in_box(exc))
            return
        self.problem.hide()
        if query.text != self.model.query().text:
            self.model.search(query)
            self.searchChanged.emit()

    def _in_box(self, error: QueryError) -> str:
        """An error's column counted in the search box, when the trouble is there."""
        typed = self.search_box.text()
        start = len(typed) - len(typed.lstrip())
        text = self.query_text()
        shift = 1 if text.startswith("(") and not typed.lstrip().startswith("(") else 0
        if error.column - shift <= len(typed.strip()) + 1:
            return f"Column {error.column - shift + start}: {error.reason}"
        return f"In the filters: {error.reason}"

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def _show_count(self) -> None:
        model = self.model
        if model.counting():
            shown = f"{model.rowCount():,}+ documents, counting…"
        elif model.query().everything:
            shown = f"{model.total():,} document{'s' if model.total() != 1 else ''}"
        else:
            every = model.everything()
            shown = f"{model.total():,} of {every:,} documents" if every is not None \
                else f"{model.total():,} documents"
        self.count.setText(shown)

    def set_query(self, text: str) -> None:
        """Show a query (a saved search): in the box, with the filters cleared."""
        self.filters.clear()
        self.search_box.setText(text)
        self.apply_filter()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    focus_filter = focus_search

    # ------------------------------------------------------------ saved searches

    def _fill_saved(self) -> None:
        menu = self.saved_menu
        menu.clear()
        save = menu.addAction("Save this search…", self.save_search)
        save.setEnabled(bool(self.query_text()))
        if self.saved:
            menu.addSeparator()
        for name, text in self.saved:
            action = menu.addAction(name, lambda t=text: self.set_query(t))
            action.setToolTip(text)
        if self.saved:
            menu.addSeparator()
            forget = menu.addMenu("Forget")
            for name, _text in self.saved:
                forget.addAction(name, lambda n=name: self.forget_search(n))
        menu.setToolTipsVisible(True)

    def save_search(self, name: str | None = None) -> None:
        text = self.query_text()
        if not text:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Save this search", "Name:", text=text)
            if not ok:
                return
        name = name.strip() or text
        self.saved = [(n, t) for n, t in self.saved if n != name] + [(name, text)]
        self.save_searches(self.saved)

    def forget_search(self, name: str) -> None:
        self.saved = [(n, t) for n, t in self.saved if n != name]
        self.save_searches(self.saved)

    # --------------------------------------------------------------- the list

    def show_document(self, uid: str) -> None:
        """Mark a document as current without announcing it again."""
        self._current = uid
        self._reselect()

    def _reselect(self) -> None:
        # After a reset (filter, import) the selection is lost; put it back if visible.
        if self._current is None:
            return
        row = self.model.row_of(self._current)
        self._quiet = True
        try:
            select_row(self.view, row)
        finally:
            self._quiet = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        uid = self.model.uid_at(current.row())
        if uid and uid != self._current:
            self._current = uid
            self.documentChosen.emit(uid)

