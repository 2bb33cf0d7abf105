"""Suggestions in the real window, driven by keys, with the store checked: accept,
reject, accept all, undo, the threshold, the next suggestion, and what is never
shown again."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import find, select_text

from annotator.core.model import Origin, Status, Suggestion

SHIFT = Qt.KeyboardModifier.ShiftModifier


def patterns(tmp_path: Path, *lines: dict) -> str:
    path = tmp_path / "patterns.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return str(path)


def alices(window) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """(text, label, status, origin) of alice's spans in the document on screen."""
    text = window.text
    return [(text[s.start:s.end], s.label, s.status.value, s.origin.value)
            for s in window.store.spans.of_document(window.uid) if s.annotator == "alice"]


def shown(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(window.text[s.start:s.end], s.label) for s in window.suggest.shown()]


def key(qtbot, window, k, mods=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.view.text_widget(), k, mods)


def test_enter_accepts_backspace_rejects_and_undo_takes_both_back(qtbot, window,
                                                                   tmp_path) -> None:
    window.suggest.use_patterns(patterns(
        tmp_path, {"label": "actor", "pattern": [{"LOWER": {"IN": ["cuba", "nicaragua"]}}]},
        {"label": "weapon", "pattern": "TU-160"}))
    assert shown(window)[:3] == [("Cuba", "actor"), ("Nicaragua", "actor"),
                                 ("Cuba", "actor")]
    assert window.suggest.bar.isVisible()
    assert all(s.score is None for s in window.suggest.shown())

    key(qtbot, window, Qt.Key.Key_Tab)  # the first suggestion becomes current
    assert window.view.suggestions.current_suggestion().start == find(window, "Cuba")[0]
    key(qtbot, window, Qt.Key.Key_Return)
    assert alices(window) == [("Cuba", "actor", "accepted", "rule")]
    assert [s.label for s in window.view.spans()] == ["actor"]  # now a filled span
    # The next suggestion is current: Nicaragua.
    current = window.view.suggestions.current_suggestion()
    assert window.text[current.start:current.end] == "Nicaragua"
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert alices(window) == [("Cuba", "actor", "accepted", "rule"),
                              ("Nicaragua", "actor", "rejected", "rule")]
    assert ("Nicaragua", "actor") not in shown(window)[:1]
    assert len(window.view.spans()) == 1, "a rejected suggestion is no span"
    assert window.span_model.rowCount() == 1

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert alices(window) == [("Cuba", "actor", "accepted", "rule")]
    assert shown(window)[0] == ("Nicaragua", "actor")
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert alices(window) == []
    assert shown(window)[:2] == [("Cuba", "actor"), ("Nicaragua", "actor")]
    assert window.view.spans() == []


def test_a_rejected_suggestion_never_comes_back(qtbot, window, tmp_path) -> None:
    path = patterns(tmp_path, {"label": "weapon", "pattern": "TU-160"})
    window.suggest.use_patterns(path)
    start, end = find(window, "TU-160")
    select_text(window, start, end)
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert alices(window) == [("TU-160", "weapon", "rejected", "rule")]
    assert shown(window) == []
    uid = window.uid
    window.step_document(1)
    window.suggest.stop()
    window.suggest.use_patterns(path)  # a new version of the same patterns
    window.open_document(uid)
    assert shown(window) == []
    assert window.view.spans() == []


def test_shift_enter_accepts_all_shown_in_one_undo_step(qtbot, window, tmp_path) -> None:
    window.suggest.use_patterns(patterns(
        tmp_path, {"label": "actor", "pattern": [{"LOWER": "venezuela"}]}))
    n = len(shown(window))
    assert n >= 3
    key(qtbot, window, Qt.Key.Key_Return, SHIFT)
    assert len(alices(window)) == n
    assert {a[1:] for a in alices(window)} == {("actor", "accepted", "rule")}
    assert shown(window) == []
    assert window.span_model.rowCount() == n
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert alices(window) == []
    assert len(shown(window)) == n


def stored_scores(window) -> None:  # type: ignore[no-untyped-def]
    """A model's stored suggestions with scores, as `annotator suggest --model` leaves."""
    store = window.store
    key_of = dict(zip(store.documents.uids(), store.suggestions.document_keys("all"),
                      strict=True))
    text = window.text
    found = [Suggestion(*find(window, word), "actor", score)
             for word, score in (("Cuba", 0.9), ("Nicaragua", 0.6), ("Venezuela", 0.3))]
    assert text[found[0].start:found[0].end] == "Cuba"
    store.suggestions.replace("model", Origin.MODEL, [(key_of[window.uid], found)])


def test_the_threshold_hides_low_scores_and_accept_all_follows_it(qtbot, window) -> None:
    stored_scores(window)
    window.open_document(window.store.documents.next(window.uid, "alice"))
    window.step_document(-1)  # read again, with the stored suggestions
    assert [w for w, _ in shown(window)] == ["Cuba", "Nicaragua"]  # 0.3 < 0.5
    window.suggest.bar.slider.setValue(5)  # 0.25
    assert [w for w, _ in shown(window)] == ["Cuba", "Nicaragua", "Venezuela"]
    assert window.settings.suggestion_threshold() == 0.25
    window.suggest.bar.slider.setValue(16)  # 0.80
    assert [w for w, _ in shown(window)] == ["Cuba"]
    key(qtbot, window, Qt.Key.Key_Return, SHIFT)
    assert alices(window) == [("Cuba", "actor", "accepted", "model")]
    [mine] = [s for s in window.store.spans.of_document(window.uid) if s.annotator == "alice"]
    assert mine.score is None, "a person's span has no score"
    model = [s for s in window.store.spans.of_document(window.uid) if s.annotator == "model"]
    assert len(model) == 3 and {s.status for s in model} == {Status.SUGGESTED}


def test_tab_and_n_go_round_the_suggestions(qtbot, window) -> None:
    stored_scores(window)
    window.step_document(1)
    window.step_document(-1)
    window.suggest.set_threshold(0.0)
    starts = [s.start for s in window.suggest.shown()]
    seen = []
    for k in (Qt.Key.Key_Tab, Qt.Key.Key_N, Qt.Key.Key_Tab, Qt.Key.Key_Tab):
        key(qtbot, window, k)
        seen.append(window.view.suggestions.current_suggestion().start)
    assert seen == [*starts, starts[0]]
    key(qtbot, window, Qt.Key.Key_Tab, SHIFT)
    assert window.view.suggestions.current_suggestion().start == starts[-1]


def test_keys_do_what_they_did_where_there_is_no_suggestion(qtbot, window) -> None:
    start, end = find(window, "Shoigu")
    select_text(window, start, end)
    key(qtbot, window, Qt.Key.Key_1)
    assert [a[0] for a in alices(window)] == ["Shoigu"]
    window.view.select_span(window.view.spans()[0].id)
    key(qtbot, window, Qt.Key.Key_Backspace)  # deletes the selected span, as before
    assert alices(window) == []


def test_stored_suggestions_never_show_as_spans_and_hide_when_asked(qtbot, window) -> None:
    stored_scores(window)
    window.step_document(1)
    window.step_document(-1)
    assert window.view.spans() == []
    assert window.span_model.rowCount() == 0
    assert len(shown(window)) == 2
    window.suggest.show_action.setChecked(False)
    assert shown(window) == [] and not window.suggest.bar.isVisible()
    window.suggest.show_action.setChecked(True)
    assert len(shown(window)) == 2


def test_done_goes_to_the_document_the_model_is_least_sure_of(qtbot, window) -> None:
    store = window.store
    uids = store.documents.uids()
    keys = store.suggestions.document_keys("all")
    store.suggestions.replace("model", Origin.MODEL, [
        (keys[1], [Suggestion(0, 4, "actor", 0.99)]),
        (keys[3], [Suggestion(0, 4, "actor", 0.52)])])
    window.suggest.by_need_action.setChecked(True)
    window.open_document(uids[0])
    window.done_and_next()
    assert window.uid == uids[3]
    window.suggest.by_need_action.setChecked(False)
    window.done_and_next()
    assert window.uid == uids[4]


def test_a_bad_pattern_file_is_shown_line_by_line_and_nothing_is_used(qtbot, window,
                                                                      tmp_path) -> None:
    from PySide6.QtWidgets import QMessageBox
    from ui_helpers import when_modal

    path = patterns(tmp_path, {"label": "weapon", "pattern": "TU-160"},
                    {"label": "vehicle", "pattern": "T-72"},
                    {"label": "actor", "pattern": [{"LOWR": "maduro"}]})
    seen = {}

    def read(box: QMessageBox) -> None:
        seen["text"], seen["details"] = box.text(), box.detailedText()
        box.accept()

    when_modal(QMessageBox, read)
    window.suggest.use_patterns(path)
    assert seen["text"] == f"{path}: 2 bad patterns, none used:"
    assert seen["details"].splitlines() == [
        f"{path}:2: unknown label 'vehicle' (add it in the label editor, or pass "
        "--add-labels)",
        f"{path}:3: token 1: LOWR: extra inputs are not permitted"]
    assert not window.suggest.engine.active() and shown(window) == []


def test_the_last_patterns_and_model_come_back_with_the_window(qtbot, make_window, seeded,
                                                               tmp_path) -> None:
    path = patterns(tmp_path, {"label": "weapon", "pattern": "TU-160"})
    first = make_window(seeded)
    first.suggest.use_patterns(path)
    first.suggest.use_model(str(tmp_path / "no-model"))  # not a model: said, not kept
    assert first.statusBar().currentMessage().endswith("no-model: no such model folder")
    assert first.settings.suggester("model") == ""
    first.close()
    again = make_window(seeded)
    assert set(again.suggest.engine.suggesters) == {"patterns"}
    assert shown(again) == [("TU-160", "weapon")]
    again.close()


def test_reading_in_order_the_next_documents_are_ready_before_they_are_opened(
        qtbot, make_window, seeded) -> None:
    """On the real suggestion thread: each document opened sets the next ones to be
    worked out, also when it was itself worked out ahead (not only every third)."""
    window = make_window(seeded, inline=False)
    engine = window.suggest.engine
    window.suggest.use_starter_patterns()
    qtbot.waitUntil(lambda: engine.active() and engine.cached(window.uid) is not None,
                    timeout=30_000)

    def following(count: int) -> list[str]:
        found, uid = [], window.uid
        for _ in range(count):
            uid = window.store.documents.next(uid, window.annotator)
            found.append(uid)
        return found

    for _ in range(3):
        ahead = following(2)
        qtbot.waitUntil(lambda ahead=ahead: all(engine.cached(uid) is not None
                                                for uid in ahead),
                        timeout=10_000)
        key(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        assert window.uid == ahead[0]
        assert engine.cached(window.uid) is not None  # shown at once
        assert shown(window)
    window.close()
