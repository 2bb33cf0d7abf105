"""Background jobs, importing from the window, and the application entry point."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from ui_helpers import when_modal

from annotator.services.samples import sample_count
from annotator.store import Store
from annotator.ui import app
from annotator.ui.workers import BackgroundJob


def test_job_runs_off_the_gui_thread(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(progress):  # type: ignore[no-untyped-def]
        seen["thread"] = threading.current_thread()
        for i in range(5):
            progress(i, 5)
        return "ok"

    job = BackgroundJob(parent, "Testing", work, lambda r: seen.setdefault("result", r),
                        lambda m: seen.setdefault("error", m))
    job.start()
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == "ok"
    assert seen["thread"] is not threading.main_thread()


def test_job_can_be_cancelled(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(progress):  # type: ignore[no-untyped-def]
        for i in range(10_000):
            if not progress(i, 10_000):
                return f"stopped at {i}"
            time.sleep(0.001)
        return "finished"

    job = BackgroundJob(parent, "Testing", work, lambda r: seen.setdefault("result", r),
                        lambda m: seen.setdefault("error", m))
    job.start()
    qtbot.wait(20)
    job.dialog.canceled.emit()  # what the Cancel button does
    qtbot.waitUntil(lambda: "result" in seen)
    assert str(seen["result"]).startswith("stopped at")


def test_job_errors_are_reported(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work(progress):  # type: ignore[no-untyped-def]
        raise ValueError("bad file")

    job = BackgroundJob(parent, "Testing", work, lambda r: None,
                        lambda m: seen.setdefault("error", m))
    job.start()
    qtbot.waitUntil(lambda: "error" in seen)
    assert seen["error"] == "ValueError: bad file"


def test_samples_are_imported_in_the_background(qtbot, make_window, store: Store) -> None:
    window = make_window(store)
    assert window.uid is None
    assert "No documents yet" in window.title.text()
    window.import_samples()
    qtbot.waitUntil(lambda: window.uid is not None, timeout=10_000)
    assert window.documents.total() == sample_count() == store.documents.count()
    assert window.status.place.text() == f"1 / {sample_count()}"


def test_export_runs_in_the_background(qtbot, window, tmp_path) -> None:
    from annotator.services.editing import add_span
    from annotator.ui.transfer import start_export

    add_span(window.store, window.uid, 0, 6, "actor", "alice", snap=False)
    reports: list[object] = []
    start_export(window, window.store, tmp_path / "out.jsonl", reports.append)
    qtbot.waitUntil(lambda: bool(reports))
    assert reports[0].records == 1
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1


def test_run_opens_a_window_and_returns_zero(qtbot, seeded: Store, monkeypatch) -> None:
    QSettings(app.ORGANISATION, app.APPLICATION).setValue("annotator/name", "carol")
    opened: list[object] = []

    def close_all() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                opened.append(widget)
                widget.close()

    QTimer.singleShot(300, close_all)
    assert app.run(seeded.location) == 0
    assert [type(w).__name__ for w in opened] == ["MainWindow"]
    assert "carol" in [name for name, _ in seeded.annotators.all()]


def test_run_reports_a_database_that_cannot_open(tmp_path) -> None:
    shown: list[tuple[str, Qt.TextFormat]] = []

    def read(box: QMessageBox) -> None:
        shown.append((box.text(), box.textFormat()))
        box.close()

    when_modal(QMessageBox, read)
    assert app.run(str(tmp_path / "missing-folder" / "db.sqlite3")) == 1
    [(text, fmt)] = shown
    assert "does not exist" in text and fmt == Qt.TextFormat.PlainText


def test_the_window_warms_up_the_attribution_helpers_sentences(qtbot, make_window, seeded,  # type: ignore[no-untyped-def]
                                                              monkeypatch) -> None:
    # Built on the helper's thread after the first edit instead, the sentence pipeline
    # held the interpreter for ~0.2 s while the next keys waited.
    from annotator.nlp import attribution
    from annotator.ui import main_window

    monkeypatch.setattr(attribution, "_nlp", [])
    monkeypatch.setattr(main_window, "WARM_UP_AFTER_MS", 10)
    make_window(seeded)
    qtbot.waitUntil(lambda: bool(attribution._nlp), timeout=30_000)
    assert attribution.suggest_speakers("Lavrov said so.", []) == []


def test_what_the_warm_up_loaded_is_left_out_of_the_collectors_passes(  # type: ignore[no-untyped-def]
        qtbot, make_window, seeded, monkeypatch) -> None:
    # spaCy's modules, left young, made each full pass of the cyclic collector go
    # through them: a key stalled by 60-90 ms every few hundred edits.
    import gc

    from annotator.ui import main_window

    monkeypatch.setattr(main_window, "WARM_UP_AFTER_MS", 10)
    window = make_window(seeded)
    loaded_meanwhile = [window.uid]  # stands for what the warm-up makes: made after the open
    assert gc.is_tracked(loaded_meanwhile)
    try:
        qtbot.waitUntil(
            lambda: not any(t.name == "spacy-warm-up" for t in threading.enumerate()),
            timeout=30_000)
        qtbot.waitUntil(lambda: not any(o is loaded_meanwhile for o in gc.get_objects()),
                        timeout=5_000)
    finally:
        gc.unfreeze()  # the test's own objects may go again
