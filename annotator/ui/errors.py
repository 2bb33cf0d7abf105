"""Unexpected errors in the window: the traceback goes to the log, the user gets a dialog.

`report_unexpected(exc)` is the one call for the rest of the ui (a background job
that failed in a way nobody planned for, say). `installed()` routes to it whatever
nobody caught: an exception in a slot, a virtual method or a timer callback
(sys.excepthook), and one in a Qt worker thread or a Python thread (handed over to
the GUI thread). The dialog says one sentence, names the log file and offers
"Copy details" (the tracebacks, for a bug report); it never shows a bare traceback.

The app keeps running after an error: each edit is committed before the view shows
it, so nothing already done is lost. Only when errors repeat without pause (a paint
that fails every frame) or memory ran out does the dialog say the app will close,
and closing it quits with exit code 1: never silently.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QtMsgType, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__, applog

log = logging.getLogger(__name__)

SENTENCE = ("Annotator met an unexpected error and carried on. Every label you made up to "
            "now is saved; the last action may not have been completed.")
CLOSING = ("Annotator keeps meeting unexpected errors and will close. Every label you made "
           "up to now is saved.")
BURST = 10  # this many errors ...
BURST_SECONDS = 5.0  # ... within this long: the window cannot be used, so it closes
SUMMARY_CHARS = 200


class ErrorDialog(QDialog):
    """One dialog gathers every unexpected error until it is closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unexpected error")
        self.setObjectName("unexpected-error")
        self.details: list[str] = []
        self.closing = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.sentence = QLabel(SENTENCE)
        self.sentence.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path = applog.log_path()
        folder = QUrl.fromLocalFile(str(path.parent)).toString()
        self.log_label = QLabel(f'The details are in the log file:<br><a href="{folder}">'
                                f"{_html(str(path))}</a>")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.log_label.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))

        self.buttons = QDialogButtonBox()
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy the error's technical details, to paste into a "
                                    "bug report")
        self.copy_button.clicked.connect(self.copy_details)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        text.addWidget(self.sentence)
        text.addWidget(self.summary)
        text.addWidget(self.log_label)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def add(self, exc: BaseException, details: str) -> None:
        self.details.append(details)
        line = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:SUMMARY_CHARS]
        many = len(self.details)
        self.summary.setText(_html(line) if many == 1 else
                             f"{many} errors; the last: {_html(line)}")

    def close_app(self) -> None:
        """Errors repeat or memory ran out: say so, and quit once the dialog is closed."""
        if self.closing:
            return
        self.closing = True
        self.sentence.setText(CLOSING)
        self.close_button.setText("Quit")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.finished.connect(lambda _result: _quit_app())

    def details_text(self) -> str:
        return "\n\n".join([_environment(), *self.details])

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText("Copied")


def _quit_app() -> None:
    QApplication.exit(1)


_dialog: ErrorDialog | None = None
_recent: deque[float] = deque(maxlen=BURST)


def report_unexpected(exc: BaseException, parent: QWidget | None = None, *,
                      context: str = "") -> ErrorDialog | None:
    """Log ``exc`` with its traceback and show it in the error dialog (one dialog
    gathers the errors until it is closed). Returns the dialog, or None when no
    dialog can be shown (no QApplication): the log has it either way."""
    global _dialog
    applog.log_unexpected(exc, context)
    if QApplication.instance() is None:
        return None
    try:
        details = "".join(traceback.format_exception(exc)).rstrip()
        if context:
            details = f"({context})\n{details}"
        dialog = _dialog
        if dialog is None:
            dialog = _dialog = ErrorDialog(parent or QApplication.activeWindow())
            dialog.finished.connect(lambda _result: _forget(dialog))
        dialog.add(exc, details)
        _recent.append(time.monotonic())
        repeating = len(_recent) == BURST and _recent[-1] - _recent[0] < BURST_SECONDS
        if repeating or isinstance(exc, MemoryError):
            dialog.close_app()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog
    except Exception:  # the reporter itself must never raise into Qt
        log.exception("could not show the error dialog")
        return None


def _forget(dialog: ErrorDialog) -> None:
    """A closed dialog is done with: the next error opens a new one."""
    global _dialog
    if _dialog is dialog:
        _dialog = None


class _Relay(QObject):
    """Carries an exception from another thread to the GUI thread (queued signal)."""

    raised = Signal(object, str)


@contextmanager
def installed(app: QApplication) -> Iterator[None]:
    """While inside, uncaught exceptions and Qt's own warnings are answered here:
    the former with the error dialog, both in the log. Restores the previous hooks."""
    relay = _Relay(app)
    relay.raised.connect(lambda exc, where: report_unexpected(exc, context=where))
    main = threading.main_thread()

    def hook(kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal: quit
            log.info("interrupted from the terminal")
            app.quit()
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        if threading.current_thread() is main:
            report_unexpected(exc)
        else:
            relay.raised.emit(exc, f"in thread {threading.current_thread().name}")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            name = args.thread.name if args.thread else "?"
            relay.raised.emit(args.exc_value, f"in thread {name}")

    previous = sys.excepthook, threading.excepthook
    sys.excepthook, threading.excepthook = hook, thread_hook
    previous_qt = qInstallMessageHandler(_qt_message)
    try:
        yield
    finally:
        sys.excepthook, threading.excepthook = previous
        qInstallMessageHandler(previous_qt)
        relay.deleteLater()


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    logging.getLogger("annotator.qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def _environment() -> str:
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    return (f"Annotator {__version__}; Python {platform.python_version()}; "
            f"PySide6 {pyside}, Qt {qVersion()}; {platform.platform()}"
            f"{'; frozen build' if getattr(sys, 'frozen', False) else ''}")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
