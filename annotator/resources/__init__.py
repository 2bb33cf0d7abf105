"""Files shipped inside the package (sample articles, icons, desktop entry, starter
patterns), read through importlib.resources so a wheel or a frozen build finds them.

Layout, one folder per kind, each file read by the function named beside it:

    samples/*.txt        sample articles           samples()
    icons/annotator.svg  the application icon      icon()
    desktop/*            .desktop and AppStream    desktop_file(), metainfo_file()
    patterns/*.jsonl     starter pattern files     patterns()

A new folder needs no build change: pyproject's package-data takes every file here.
The top-level `resources` folder of a checkout is a link to this one.
Standard library only, so every layer may read it.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

APP_ID = "org.annotator.Annotator"  # reverse-DNS id: .desktop, AppStream, icon names

_extracted = ExitStack()  # files copied out of a zipped install live until exit
atexit.register(_extracted.close)


def folder(name: str) -> Traversable:
    return files(__name__) / name


def _listing(name: str, suffix: str) -> list[Traversable]:
    where = folder(name)
    if not where.is_dir():
        return []
    return sorted((f for f in where.iterdir() if f.is_file() and f.name.endswith(suffix)),
                  key=lambda f: f.name)


def samples() -> list[Traversable]:
    """The sample news articles, by name."""
    return _listing("samples", ".txt")


def patterns() -> list[Traversable]:
    """Starter pattern files (JSON lines), by name."""
    return _listing("patterns", ".jsonl")


def icon() -> Traversable:
    return folder("icons") / "annotator.svg"


def desktop_file() -> Traversable:
    return folder("desktop") / f"{APP_ID}.desktop"


def metainfo_file() -> Traversable:
    return folder("desktop") / f"{APP_ID}.metainfo.xml"


def real_path(resource: Traversable) -> Path:
    """A file-system path for a resource file (for APIs that want a path): the file
    itself when the package is installed as files, else a copy kept until exit."""
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(as_file(resource))
