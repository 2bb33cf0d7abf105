"""Background jobs, importing from the window, and the application entry point."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.store import Store
from annotator.ui import app
from annotator.ui.transfer import sample_paths
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
    assert window.documents.total() == len(sample_paths()) == store.document_count()
    assert window.status.place.text() == f"1 / {len(sample_paths())}"


def test_run_reports_a_database_that_cannot_open(tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app.run(str(tmp_path / "missing-folder" / "db.sqlite3")) == 1
    assert "does not exist" in shown[0]
