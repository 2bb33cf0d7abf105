"""Suggest ▸ Train model…: `annotator train` in its own process, so the window stays
responsive, with its steps, loss and dev scores shown as they come and a Cancel
that stops it (nothing is saved then). At the end, the scores per label, and the
model can be put to use at once.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, QProcessEnvironment, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import AnnotatorKind
from annotator.store import Store

KILL_AFTER_MS = 5000  # a run that does not stop this long after Cancel is killed


def train_command(store: Store, arguments: list[str]) -> tuple[str, list[str], dict[str, str]]:
    """(program, arguments, extra environment) that run `annotator train` on this store.
    The store is named by ANNOTATOR_DB, so a server password stays off the command line."""
    if getattr(sys, "frozen", False):  # a standalone build: the program is annotator
        program, head = sys.executable, []
    else:
        program, head = sys.executable, ["-m", "annotator"]
    return program, [*head, "train", "--progress", "json", *arguments], \
        {"ANNOTATOR_DB": store.target(), "PYTHONUNBUFFERED": "1"}


class TrainDialog(QDialog):
    """Choose who to learn from, train, watch, cancel; ``modelTrained(path)`` when a
    model is saved and the user chose to use it."""

    modelTrained = Signal(str)

    def __init__(self, store: Store, person: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train a suggestion model")
        self.store = store
        self.process: QProcess | None = None
        self.result: dict[str, Any] | None = None
        self.events: list[dict[str, Any]] = []
        self._buffer = b""
        self._stderr = b""
        self._cancelling = False

        self.people = QListWidget(self)
        for name, kind in store.annotators.all():
            if kind != AnnotatorKind.MODEL:
                item = QListWidgetItem(name, self.people)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
        self.people.setMaximumHeight(110)
        self.steps = QSpinBox(self)
        self.steps.setRange(1, 100_000)
        self.steps.setValue(1000)
        self.steps.setToolTip("Training stops earlier when the dev score no longer improves")
        self.dev = QDoubleSpinBox(self)
        self.dev.setRange(0.05, 0.5)
        self.dev.setSingleStep(0.05)
        self.dev.setValue(0.2)
        self.dev.setToolTip("Share of documents kept aside to score the model on")
        form = QFormLayout()
        form.addRow("Learn from the accepted spans of", self.people)
        form.addRow("At most, steps", self.steps)
        form.addRow("Documents to score on", self.dev)

        self.plan = QLabel(self)
        self.plan.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setFormat("step %v of %m")
        self.bar.hide()
        self.now = QLabel(self)
        self.now.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(["label", "precision", "recall", "F1",
                                              "dev spans"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.hide()

        self.buttons = QDialogButtonBox(self)
        self.train_button = QPushButton("Train", self)
        self.train_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel training", self)
        self.cancel_button.hide()
        self.use_button = QPushButton("Use this model", self)
        self.use_button.hide()
        self.close_button = QPushButton("Close", self)
        for button, role in ((self.train_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.use_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.close_button, QDialogButtonBox.ButtonRole.RejectRole)):
            self.buttons.addButton(button, role)
        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.use_button.clicked.connect(self._use)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan)
        layout.addWidget(self.bar)
        layout.addWidget(self.now)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

    # ----------------------------------------------------------------- running

    def chosen(self) -> list[str]:
        return [self.people.item(i).text() for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def start(self) -> None:
        people = self.chosen()
        if not people:
            self.now.setText("Choose at least one person to learn from.")
            return
        arguments = [f"--annotator={name}" for name in people]
        arguments += ["--max-steps", str(self.steps.value()), "--dev", f"{self.dev.value():.2f}"]
        program, arguments, extra = train_command(self.store, arguments)
        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        for key, value in extra.items():
            environment.insert(key, value)
        process.setProcessEnvironment(environment)
        process.readyReadStandardOutput.connect(self._read)
        process.readyReadStandardError.connect(
            lambda: setattr(self, "_stderr", self._stderr + bytes(
                process.readAllStandardError().data())))
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._error)
        self.process = process
        self.events.clear()
        self.result = None
        self._cancelling = False
        for widget in (self.people, self.steps, self.dev):
            widget.setEnabled(False)
        self.train_button.hide()
        self.use_button.hide()
        self.table.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.plan.setText("Preparing the training data…")
        self.now.setText("")
        process.start(program, arguments)

    def running(self) -> bool:
        return self.process is not None and \
            self.process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Ask the run to stop at its next step; kill it if it does not."""
        if not self.running():
            return
        self._cancelling = True
        self.cancel_button.setEnabled(False)
        self.now.setText("Cancelling…")
        self.process.write(b"cancel\n")  # type: ignore[union-attr]
        process = self.process
        # Timed on the process itself: gone with it, the timer never fires.
        QTimer.singleShot(KILL_AFTER_MS, process, lambda: process.kill()  # type: ignore[union-attr]
                          if process.state() != QProcess.ProcessState.NotRunning else None)

    def _read(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput().data())  # type: ignore[union-attr]
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if line.strip():
                try:
                    self._event(json.loads(line))
                except ValueError:
                    continue

    def _event(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        kind = event.get("event")
        if kind == "plan":
            notes = "".join(f"<br>{note}" for note in event.get("notes", []))
            self.plan.setText(
                f"A <b>{event['kind']}</b> model learns from {event['train_documents']} "
                f"documents ({event['train_spans']} spans) and is scored on "
                f"{event['dev_documents']} ({event['dev_spans']} spans).{notes}")
        elif kind == "step":
            self.bar.setRange(0, max(1, event["max_steps"]))
            self.bar.setValue(min(event["step"], event["max_steps"]))
            best = event.get("best_f1")
            dev = "–" if best is None else f"{best:.3f}"
            self.now.setText(f"Step {event['step']:,} of {event['max_steps']:,} · loss "
                             f"{event['loss']:.2f} · best dev F1 {dev} · "
                             f"{event['seconds']:.0f} s")
        elif kind == "done":
            self.result = event
        elif kind == "cancelled":
            self.now.setText("Cancelled: no model was saved.")

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._read()
        self.cancel_button.hide()
        self.bar.hide()
        self.train_button.show()
        for widget in (self.people, self.steps, self.dev):
            widget.setEnabled(True)
        self.train_button.setText("Train again")
        if self.result is not None:
            self._show_result(self.result)
        elif self._cancelling:
            self.now.setText("Cancelled: no model was saved.")
        else:
            said = self._stderr.decode("utf-8", "replace").strip().splitlines()
            reason = said[-1] if said else f"it stopped with code {code}"
            self.now.setText(f"Training failed: {reason.removeprefix('annotator: error: ')}")

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.now.setText("Training could not start (the annotator program was not found).")
            self._finished(-1, QProcess.ExitStatus.CrashExit)

    def _show_result(self, result: dict[str, Any]) -> None:
        per_label = result.get("per_label", {})
        rows = [*per_label.items(), ("all", {"precision": result["precision"],
                                             "recall": result["recall"], "f1": result["f1"],
                                             "dev_spans": sum(s["dev_spans"] for s in
                                                              per_label.values())})]
        self.table.setRowCount(len(rows))
        for row, (label, s) in enumerate(rows):
            cells = [label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                     str(s["dev_spans"])]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.show()
        self.now.setText(f"Trained in {result['seconds']:.0f} s ({result['steps']} steps). "
                         f"Saved to {result['path']}")
        self.use_button.show()
        self.use_button.setEnabled(True)
        self.use_button.setDefault(True)

    def _use(self) -> None:
        if self.result is not None:
            self.modelTrained.emit(self.result["path"])
            self.accept()

    def model_path(self) -> Path | None:
        return Path(self.result["path"]) if self.result else None

    def closeEvent(self, event: Any) -> None:
        if self.running():
            self.cancel()
            self.process.waitForFinished(KILL_AFTER_MS + 1000)  # type: ignore[union-attr]
        super().closeEvent(event)

    def reject(self) -> None:
        if self.running():
            self.cancel()
            return
        super().reject()
