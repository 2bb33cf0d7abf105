"""The find bar over the article: typed keys, matches in code points, F3, toggles, errors."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Document
from annotator.store import Store

TEXT = ("Title 😀\n\nThe 👨‍👩‍👧 family saw a Tu-160; the TU-160M and a tu-160 followed. "
        "Then Tu-1600?\n")


def open_text(store: Store, make_window, text: str = TEXT, qtbot=None):  # type: ignore[no-untyped-def]
    store.documents.add(Document.from_text(text))
    window = make_window(store)
    window.activateWindow()
    if qtbot is not None:  # shortcuts reach an active window only
        qtbot.waitUntil(window.isActiveWindow)
    return window


def selected(window) -> tuple[str, tuple[int, int] | None]:  # type: ignore[no-untyped-def]
    """The text selected in Qt's widget, and the view's selection in code points."""
    return window.view.text_widget().textCursor().selectedText(), window.view.selected_range()


def test_typing_finds_and_selects_exactly_the_match_after_emoji(qtbot, store: Store,
                                                                 make_window) -> None:
    window = open_text(store, make_window, qtbot=qtbot)
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "tu-160")
    start = TEXT.index("Tu-160")
    assert selected(window) == ("Tu-160", (start, start + 6))
    qtbot.waitUntil(lambda: bar.total() == 4)
    assert bar.count.text() == "1 of 4"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert selected(window)[0] == "TU-160" and bar.count.text() == "2 of 4"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # Enter is "next" too
    assert selected(window)[0] == "tu-160" and bar.count.text() == "3 of 4"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "2 of 4"
    for _ in range(3):
        qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert bar.count.text() == "1 of 4"  # round the end to the first


def test_toggles_and_a_bad_pattern(qtbot, store: Store, make_window) -> None:
    window = open_text(store, make_window)
    window.open_find()
    bar = window.find_bar
    qtbot.keyClicks(bar.field, "Tu-160")
    qtbot.mouseClick(bar.case, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.total() == 2)  # Tu-160 and Tu-1600
    qtbot.mouseClick(bar.whole, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.total() == 1)
    qtbot.mouseClick(bar.regex, Qt.MouseButton.LeftButton)
    bar.field.clear()
    qtbot.keyClicks(bar.field, "Tu-(16")
    assert bar.problem.isVisible()
    assert bar.problem.text() == ("not a regular expression: missing ), unterminated "
                                  "subpattern at column 4")
    qtbot.keyClicks(bar.field, r"\d+)")
    assert not bar.problem.isVisible()
    qtbot.waitUntil(lambda: bar.total() == 2)  # Tu-160, Tu-1600: case and whole word on
    assert selected(window)[0] == "Tu-160"


def test_matches_are_painted_on_screen_only_and_esc_closes(qtbot, store: Store,
                                                            make_window) -> None:
    body = "\n\n".join(f"Paragraph {i}: the S-300 moved again." for i in range(3000))
    window = open_text(store, make_window, "Long\n\n" + body)
    asked: list[tuple[int, int]] = []
    window.open_find()
    bar = window.find_bar
    qtbot.keyClicks(bar.field, "S-300")
    matches = bar.matches

    def spy(first: int, last: int) -> list[tuple[int, int]]:
        asked.append((first, last))
        return matches.within(first, last)

    window.view.set_find_matches(spy, bar.current)
    image = window.view.text_widget().viewport().grab().toImage()  # paints
    assert asked and all(last - first < 20_000 for first, last in asked)  # not the article
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}
    assert any(c.startswith("#ff") and c not in ("#ffffff",) for c in colours)  # yellow marks
    qtbot.waitUntil(lambda: bar.total() == 3000)
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.view._find_matches is None


def test_another_article_is_searched_again(qtbot, store: Store, make_window) -> None:
    store.documents.add(Document.from_text("First\n\nOne Kh-101 here."))
    window = open_text(store, make_window, "Second\n\nTwo Kh-101, Kh-101.")
    window.open_document(window.store.search.next(None, window.store.search.compile("First")))
    window.open_find()
    qtbot.keyClicks(window.find_bar.field, "Kh-101")
    qtbot.waitUntil(lambda: window.find_bar.total() == 1)
    window.step_document(1)
    qtbot.waitUntil(lambda: window.find_bar.total() == 2)
    assert selected(window)[0] == "Kh-101"


def test_an_older_store_is_indexed_with_a_progress_dialog(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from annotator.store import open_store
    from annotator.ui.upgrade import upgrade_progress

    path = tmp_path / "old.sqlite3"
    with open_store(path) as store, store.bulk() as bulk:
        bulk.documents([Document.from_text(f"Report {i}: the S-300") for i in range(5)])
    with sqlite3.connect(path) as conn:  # as schema 7 left it: no search index
        conn.execute("DROP TABLE documents_fts")
        conn.execute("UPDATE store_info SET value = '7' WHERE key = 'schema_version'")
    seen: list[tuple[int, int, bool]] = []
    report = upgrade_progress(None)

    def watch(what: str, done: int, total: int) -> None:
        report(what, done, total)
        from PySide6.QtWidgets import QApplication, QProgressDialog

        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        seen.append((done, total, any(d.isVisible() for d in dialogs)))

    with open_store(path, progress=watch) as store:
        assert store.search.count(store.search.compile("S-300")) == 5
    assert seen[0] == (0, 5, True) and seen[-1] == (5, 5, False)
