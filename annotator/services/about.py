"""What the About box tells: the version, where things are kept, and the libraries
this installation carries with their licences (read from their installed metadata)."""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from annotator import __version__, applog
from annotator.store import default_database_path

DISTRIBUTION = "annotator"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
# Licences named in free text or classifiers, when a package gives no SPDX expression.
_CLASSIFIER = "License :: OSI Approved :: "


@dataclass(frozen=True, slots=True)
class Library:
    name: str
    version: str
    licence: str


@dataclass(frozen=True, slots=True)
class Places:
    data_folder: Path
    log_file: Path


def version() -> str:
    return __version__


def places() -> Places:
    return Places(default_database_path().parent, applog.log_path())


def python() -> Library:
    return Library("Python", platform.python_version(), "PSF-2.0")


def bundled_libraries() -> list[Library]:
    """Every library the app needs at run time (its requirements, followed through
    theirs, extras left out), by name; empty when the app's own metadata is absent."""
    found: dict[str, Library] = {}
    todo = [DISTRIBUTION]
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python version
        key = _key(dist.metadata["Name"] or name)
        if key in found:
            continue
        if key != DISTRIBUTION:
            found[key] = Library(dist.metadata["Name"], dist.version, licence_of(dist))
        for requirement in dist.requires or []:
            if "extra ==" in requirement.replace("extra==", "extra =="):
                continue
            match = _NAME.match(requirement)
            if match and _key(match.group(1)) not in found:
                todo.append(match.group(1))
    return sorted(found.values(), key=lambda lib: lib.name.lower())


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [c[len(_CLASSIFIER):] for c in meta.get_all("Classifier") or []
                   if c.startswith(_CLASSIFIER)]
    if classifiers:
        return " / ".join(classifiers)
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    return "see its licence file"


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
