"""How a command ends: an exit code from a short documented list, and one line on
stderr, `annotator: error: …`, for every failure. Expected failures are told as
they are; an unexpected one is told in a line that names the log file holding
its traceback (annotator.applog), never as a traceback.

Exit codes (the README lists them):
  0  done
  1  input refused: bad records, an export target or request that cannot be met
  2  usage: a wrong option or value (argparse's own errors are 2 as well)
  3  the database is busy (another program writes to it) or cannot be used
  4  an unexpected error; the log file has the details
"""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from collections.abc import Callable

from annotator.core.errors import AnnotatorError, BadOption, QueryError, StoreError

OK, REFUSED, USAGE, STORE, UNEXPECTED = 0, 1, 2, 3, 4
INTERRUPTED = 130
BROKEN_PIPE = 141  # 128 + SIGPIPE, what a tool killed by it ends with


def error(message: str) -> None:
    """One failure on stderr; further lines of the message (a list of examples or of
    bad records) follow it, indented as the message has them."""
    print(f"annotator: error: {message}", file=sys.stderr)


def exit_code(exc: AnnotatorError) -> int:
    if isinstance(exc, BadOption):
        return USAGE
    if isinstance(exc, StoreError):
        return STORE
    return REFUSED


def _terminate(signum: int, _frame: object) -> None:
    # A polite kill ends like Ctrl+C: the import's transaction rolls back and an
    # export's temporary file is removed on the way out.
    raise SystemExit(128 + signum)


def guarded(command: Callable[[], int]) -> int:
    """Run a command; every failure ends as one line and an exit code."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return command()
    except QueryError as exc:  # a search query: where in it, under it
        error(f"--where: {exc}")
        print(textwrap.indent(exc.pointer(), "  "), file=sys.stderr)
        return USAGE
    except AnnotatorError as exc:
        error(str(exc))
        return exit_code(exc)
    except KeyboardInterrupt:
        print("annotator: interrupted; the file in progress was rolled back", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`annotator stats | head`): stop quietly,
        # as tools killed by SIGPIPE do; nothing more can be written to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    except Exception as exc:  # a bug: the user gets one line, the log the traceback
        from annotator.applog import log_unexpected

        path = log_unexpected(exc, "in a command")
        error(f"an unexpected error ({type(exc).__name__}) stopped the command; the "
              f"details are in {path}")
        return UNEXPECTED
    finally:
        signal.signal(signal.SIGTERM, previous)
