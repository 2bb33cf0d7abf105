"""Labelling in the window stores code points that slice exactly what was highlighted,
after characters where Qt's UTF-16 positions and Python's code points part ways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import Document

TEXT = ("Emoji 😀 Lavrov spoke.\n"
        "Family 👨‍👩‍👧 Shoigu listened.\n"
        "Flag 🇫🇷 Macron replied.\n"
        "Accent Cafe\u0301 Zaporizhzhia\u0306 burned.\n"
        "Arabic: قال الوزير إن الاتفاق صامد.\n"
        "Math 𝔘𝔖 Tu-160 flew.")

WORDS = ["Lavrov", "Shoigu", "Macron", "Zaporizhzhia\u0306", "الوزير", "Tu-160"]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.fixture
def emoji_window(make_window, store):  # type: ignore[no-untyped-def]
    doc = Document.from_text(TEXT)
    store.documents.add(doc)
    window = make_window(store)
    window.open_document(doc.id)
    return window


def highlight(window, word: str) -> str:  # type: ignore[no-untyped-def]
    """Select the word as a user would, in Qt's own positions; return what Qt shows."""
    start = TEXT.index(word)
    edit = window.view.text_widget()
    cursor = edit.textCursor()
    cursor.setPosition(utf16(TEXT[:start]))
    cursor.setPosition(utf16(TEXT[:start + len(word)]), QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.setFocus()
    return cursor.selectedText()


@pytest.mark.parametrize("exact", [True, False])
def test_stored_spans_slice_exactly_the_highlighted_text(qtbot, emoji_window, exact) -> None:  # type: ignore[no-untyped-def]
    window = emoji_window
    modifier = Qt.KeyboardModifier.ShiftModifier if exact else Qt.KeyboardModifier.NoModifier
    for word in WORDS:
        shown = highlight(window, word)
        assert shown == word
        qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_1, modifier)
    spans = window.store.spans.of_document(window.uid)
    assert sorted(TEXT[s.start:s.end] for s in spans) == sorted(WORDS)
    # What the view paints is what the store holds.
    assert sorted((s.start, s.end) for s in window.view.spans()) == \
        sorted((s.start, s.end) for s in spans)


GLUED = "Sergey Shoigu👍🏽 met 🇺🇦Zelensky and Tu-1601️⃣ crews, 👩‍👩‍👧Lavrov❤️ said."


@pytest.mark.parametrize("exact", [True, False])
def test_a_word_glued_to_an_emoji_labels_the_word(qtbot, make_window, store, exact) -> None:  # type: ignore[no-untyped-def]
    """Selections that catch half an emoji beside a word (Qt positions inside a
    surrogate pair or a cluster) store exactly the word."""
    doc = Document.from_text(GLUED)
    store.documents.add(doc)
    window = make_window(store)
    window.open_document(doc.id)
    edit = window.view.text_widget()
    modifier = Qt.KeyboardModifier.ShiftModifier if exact else Qt.KeyboardModifier.NoModifier
    # (word, code points of the glued emoji caught after it, before it)
    for word, after, before in (("Shoigu", 1, 0), ("Zelensky", 0, 1), ("Tu-160", 2, 0),
                                ("Lavrov", 1, 3)):
        start = GLUED.index(word)
        end = start + len(word)
        cursor = edit.textCursor()
        cursor.setPosition(utf16(GLUED[:start - before]))
        cursor.setPosition(utf16(GLUED[:end + after]), QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)
        qtbot.keyClick(edit, Qt.Key.Key_1, modifier)
    stored = sorted(GLUED[s.start:s.end] for s in store.spans.of_document(doc.id))
    assert stored == sorted(["Shoigu", "Zelensky", "Tu-160", "Lavrov"])
