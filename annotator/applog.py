"""The log file: where it lives, and how the window and the command line write to it.

Every traceback goes here, never to the user; the user is told one line and this path.
Standard library and platformdirs only, so every layer may use it.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from platformdirs import user_log_dir

APP_NAME = "annotator"
LOG_NAME = "annotator.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

logger = logging.getLogger(APP_NAME)
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    """The current log file, in the user log folder (``~/.local/state/annotator/log``)."""
    return Path(user_log_dir(APP_NAME, appauthor=False)) / LOG_NAME


def setup(*, verbose: bool = False) -> Path:
    """Send the app's log records to the rotating log file (and, with ``verbose``,
    echo them to stderr). Safe to call more than once; returns the file's path.

    Modules log to ``logging.getLogger(__name__)``: every ``annotator.*`` logger
    ends up here. Imports, exports and training runs are logged at INFO, what went
    wrong at WARNING and above."""
    path = log_path()
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    current = [h for h in logger.handlers if getattr(h, "_annotator_file", False)]
    if current and getattr(current[0], "_annotator_path", None) != path:
        # The user log folder moved (tests do this): follow it.
        logger.removeHandler(current[0])
        current[0].close()
        current = []
    if not current:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        except OSError:  # an unwritable home must not stop the app
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._annotator_file = True  # type: ignore[attr-defined]
        handler._annotator_path = path  # type: ignore[attr-defined]
        logger.addHandler(handler)
    if verbose and not any(isinstance(h, _Stderr) for h in logger.handlers):
        echo = _Stderr()
        echo.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger.addHandler(echo)
    return path


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (it may be replaced after setup)."""

    @property  # type: ignore[override]
    def stream(self):  # type: ignore[no-untyped-def]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # type: ignore[no-untyped-def]
        pass


def log_unexpected(exc: BaseException, context: str = "") -> Path:
    """Write an unexpected exception with its traceback to the log; returns the log's path."""
    path = setup()
    logger.error("unexpected error%s", f" {context}" if context else "",
                 exc_info=(type(exc), exc, exc.__traceback__))
    return path
