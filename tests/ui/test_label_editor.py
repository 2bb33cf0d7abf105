"""The label set editor: changes reach the store, labels in use are never deleted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_helpers import find, select_text

from annotator.store import Store
from annotator.ui.labels.editor import LabelEditor


@pytest.fixture
def editor(qtbot, store: Store) -> LabelEditor:
    dialog = LabelEditor(store)
    qtbot.addWidget(dialog)
    return dialog


def names(store: Store, archived: bool = False) -> list[str]:
    return [label.name for label in store.labels.all(include_archived=archived)]


def test_add_rename_recolour_key(qtbot, editor: LabelEditor, store: Store) -> None:
    with qtbot.waitSignal(editor.labelsChanged):
        assert editor.add("location")
    added = next(x for x in store.labels.all() if x.name == "location")
    assert added.key == "5"  # the first free key
    assert editor.rename("location", "place")
    assert "place" in names(store) and "location" not in names(store)
    assert editor.set_colour("place", "#123456")
    assert editor.set_key("place", "1")  # taken from actor
    labels = {x.name: x for x in store.labels.all()}
    assert (labels["place"].color, labels["place"].key) == ("#123456", "1")
    assert labels["actor"].key is None
    assert editor.tree.topLevelItemCount() == 5
    assert editor.set_guideline("place", "A named location.")
    assert next(x for x in store.labels.all() if x.name == "place").guideline == "A named location."


def test_archive_and_restore(editor: LabelEditor, store: Store) -> None:
    assert editor.set_archived("quote", True)
    assert "quote" not in names(store)
    assert "quote" in names(store, archived=True)
    editor.tree.setCurrentItem(editor.tree.topLevelItem(3))
    assert editor.buttons["Archive"].text() == "Restore"
    assert editor.set_archived("quote", False)
    assert "quote" in names(store)


def test_unused_label_can_be_deleted(editor: LabelEditor, store: Store) -> None:
    assert editor.delete("quote")
    assert "quote" not in names(store, archived=True)


def test_label_with_spans_is_never_deleted_silently(editor: LabelEditor, seeded: Store,
                                                    monkeypatch) -> None:
    uid = seeded.documents.next(None, "alice")
    from annotator.services.editing import add_span

    add_span(seeded, uid, 0, 6, "actor", "alice", snap=False)
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(editor, "confirm_archive", lambda n, c: asked.append((n, c)) or False)
    assert not editor.delete("actor")
    assert asked == [("actor", 1)]
    assert "actor" in names(seeded)
    monkeypatch.setattr(editor, "confirm_archive", lambda n, c: True)
    assert editor.delete("actor")  # the user chose to archive instead
    assert "actor" in names(seeded, archived=True) and "actor" not in names(seeded)
    assert len(seeded.spans.of_document(uid)) == 1


def test_window_follows_label_changes(qtbot, window) -> None:
    dialog = LabelEditor(window.store, window)
    dialog.labelsChanged.connect(window._labels_changed)
    qtbot.addWidget(dialog)
    dialog.add("location")
    select_text(window, *find(window, "Moscow"))
    qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_5)
    assert [s.label for s in window.store.spans.of_document(window.uid)] == ["location"]
    dialog.set_archived("location", True)
    assert [x.name for x in window._labels] == ["actor", "weapon", "claim", "quote"]
    assert [s.label for s in window.view.spans()] == ["location"]  # still shown


def test_a_rename_while_another_program_writes_waits_without_freezing_and_is_saved(
        qtbot, make_window, seeded, db_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from annotator.store import open_store
    from tests.lock_holder import release, write_lock_held

    seeded.close()
    store = open_store(db_path, busy_timeout=0.2)
    window = make_window(store, inline=False)
    dialog = LabelEditor(window.store, window, queue=window.queue)
    painted = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: painted.append(1))  # the event loop keeps running
    ticker.start(50)
    with write_lock_held(db_path) as holder:
        QTimer.singleShot(800, lambda: release(holder))
        assert dialog.rename("weapon", "arms")
    ticker.stop()
    assert len(painted) >= 5
    assert "arms" in [x.name for x in store.labels.all()]
    dialog.deleteLater()
    store.close()


# ------------------------------------------------------------------ relation types


def type_names(store: Store, archived: bool = False) -> list[str]:
    return [t.name for t in store.relation_types.all(include_archived=archived)]


def test_relation_types_page_adds_keys_links_and_renames(editor: LabelEditor, store: Store,
                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = editor.types
    assert editor.tabs.tabText(1) == "Relation types"
    assert page.tree.topLevelItemCount() == 2  # speaker and about
    assert page.tree.topLevelItem(0).text(2) == "quote or claim → actor"
    assert page.add("cites", heads=["quote"], children=["actor", "weapon"])
    cites = store.relation_types.get("cites")
    assert cites.key == "b"  # the first free letter (R and review's keys are never offered)
    assert (cites.heads, cites.children) == (("quote",), ("actor", "weapon"))
    assert page.set_key("cites", "c") and store.relation_types.get("cites").key == "c"
    warned: list[object] = []
    monkeypatch.setattr("annotator.ui.labels.relation_types.plain.warning",
                        lambda *args: warned.append(args))
    assert not page.set_key("cites", "r") and warned  # R links: never a type's key
    page.tree.setCurrentItem(page.tree.topLevelItem(2))
    page.ask_ends = lambda kind: (["claim"], [])
    page.buttons["Links…"].click()
    assert store.relation_types.get("cites").heads == ("claim",)
    assert store.relation_types.get("cites").children == ()
    assert page.tree.topLevelItem(2).text(2) == "claim → any label"
    assert page.rename("cites", "mentions")
    assert page.set_colour("mentions", "#123456")
    assert store.relation_types.get("mentions").color == "#123456"
    # A renamed label is renamed in the types' ends too (the page reads it again).
    assert editor.rename("claim", "assertion")
    assert "assertion → any label" in [page.tree.topLevelItem(i).text(2) for i in range(3)]


def test_a_relation_type_in_use_is_archived_never_deleted(editor: LabelEditor, seeded: Store,
                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import Span

    uid = seeded.documents.next(None, "alice")
    quote = seeded.spans.add(uid, Span(0, 10, "quote", "alice"))
    actor = seeded.spans.add(uid, Span(12, 18, "actor", "alice"))
    seeded.spans.add_relation(quote.id, actor.id, "speaker")
    page = editor.types
    page.reload()
    assert page.tree.topLevelItem(0).text(3) == "1"
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(page, "confirm_archive", lambda n, c: asked.append((n, c)) or False)
    assert not page.delete("speaker")
    assert asked == [("speaker", 1)] and "speaker" in type_names(seeded)
    monkeypatch.setattr(page, "confirm_archive", lambda n, c: True)
    assert page.delete("speaker")  # archived instead
    assert type_names(seeded) == ["about"] and "speaker" in type_names(seeded, archived=True)
    assert [r.label for r in seeded.spans.relations(uid)] == ["speaker"]
    assert page.delete("about")  # unused: really deleted
    assert type_names(seeded, archived=True) == ["speaker"]


def test_window_follows_relation_type_changes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = LabelEditor(window.store, window)
    dialog.labelsChanged.connect(window._labels_changed)
    qtbot.addWidget(dialog)
    dialog.types.add("cites", heads=["quote"], children=["actor"])
    assert dialog.types.set_key("cites", "c")
    window.relations.show_speakers_action.setChecked(False)
    edit = window.view.text_widget()
    select_text(window, *find(window, "Sergey Shoigu"))
    qtbot.keyClick(edit, Qt.Key.Key_1)
    select_text(window, *find(window, "“They are nations"))
    qtbot.keyClick(edit, Qt.Key.Key_4)
    qtbot.keyClick(edit, Qt.Key.Key_C)  # the new type's key
    assert window.view.linking().kind == "cites"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert [r.label for r in window.store.spans.relations(window.uid)] == ["cites"]
    assert "Link as cites\tC" in [a.text() for a in window.relations.menu.actions()]
    dialog.types.set_archived("cites", True)  # no longer offered, still shown
    assert window.relations.type_of_key("c") is None
    assert len(window.doc_spans.relations) == 1
