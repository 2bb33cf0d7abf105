"""`python -m annotator`: the command line (or the window, without a command)."""

from annotator.cli import main

# Guarded: a worker process of a long export imports this module again.
if __name__ == "__main__":
    raise SystemExit(main())
