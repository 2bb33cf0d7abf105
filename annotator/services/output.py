"""Where exports are written: the target checked before any work, temporary files
that no failed, cancelled or killed export leaves behind, and the file modes a
user expects.

An export writes `.NAME.annotator-PID-XXXX.part` beside its target (a file, or a
folder for sharded output) and renames it over the target only when it is
complete. While it writes, it holds a lock on that temporary file; the next
export into the same folder removes every such file whose lock is free, which is
what a killed export leaves. New files get the mode the umask gives, and a
replaced file keeps its own.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError

try:
    import fcntl
except ImportError:  # Windows: a file in use cannot be deleted, which is lock enough
    fcntl = None  # type: ignore[assignment]

MARK = "annotator"
_PATTERN = f".*.{MARK}-*.part"
# Without fcntl there is no telling a live temporary file from a dead one: only
# old ones are removed.
_UNLOCKED_AGE = 24 * 3600.0
# A file this young may be one another export has created but not locked yet.
_YOUNG = 2.0


class TargetError(AnnotatorError):
    """The export target cannot be written as asked; nothing was done."""


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _check_folder_writable(folder: Path, path: Path) -> None:
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise TargetError(f"{path}: folder {folder} {what}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TargetError(f"{path}: folder {folder} is not writable")


def check_file_target(path: Path) -> None:
    """A file can be written at `path`: raises TargetError saying why not."""
    if path.is_dir():
        raise TargetError(f"{path}: is a folder; give a file name, e.g. "
                          f"{path / 'annotations'}{''.join(path.suffixes[-1:]) or '.jsonl'}")
    _check_folder_writable(_folder_of(path), path)
    if path.exists() and not path.stat().st_mode & 0o222:
        raise TargetError(f"{path}: is read-only; it is not replaced")


def check_folder_target(path: Path, ours: Callable[[Path], bool]) -> None:
    """A folder of output can be written at `path`: absent, empty, or holding only
    files that `ours` says an earlier export of the same kind wrote (or such a
    file itself, from a version that wrote one file)."""
    if path.exists() and not path.is_dir() and not ours(path):
        raise TargetError(f"{path}: is a file; this format writes a folder (give a "
                          "new or empty folder)")
    _check_folder_writable(_folder_of(path.absolute()), path)
    if path.is_dir():
        foreign = next((p for p in path.rglob("*")
                        if not p.name.startswith(".") and not p.is_dir() and not ours(p)),
                       None)
        if foreign is not None:
            raise TargetError(f"{path}: holds files this export did not write "
                              f"(e.g. {foreign}); give a new or empty folder")


def _temp_path(path: Path) -> Path:
    return _folder_of(path) / (f".{path.name}.{MARK}-{os.getpid()}-"
                               f"{secrets.token_hex(4)}.part")


def _lock(fd: int) -> bool:
    """Take the lock on an open temporary file or folder; False if another holds it."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary files and folders of exports into `folder` that were
    killed; returns what was removed."""
    removed = []
    now = time.time()
    try:
        candidates = list(folder.glob(_PATTERN))
    except OSError:
        return []
    for path in candidates:
        try:
            age = now - path.lstat().st_mtime
            if fcntl is None:
                if age >= _UNLOCKED_AGE:
                    _remove(path)
                    removed.append(path)
                continue
            if age < _YOUNG:
                continue
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(fd):
                _remove(path)
                removed.append(path)
        finally:
            os.close(fd)
    return removed


def _keep_mode(tmp: Path, target: Path) -> None:
    """A replaced file keeps its mode; a new one has the umask's (set at creation)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(tmp, mode)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that replaces it only if the block succeeds."""
    path = Path(path)
    check_file_target(path)
    remove_stale(_folder_of(path))
    tmp = _temp_path(path)
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except OSError as exc:
        raise TargetError(f"{path}: cannot write in {_folder_of(path)} "
                          f"({exc.strerror or exc})") from None
    try:
        _lock(fd)
        yield tmp
        _keep_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[str]]:
    """A text stream that replaces `path` only when the block finishes without error."""
    with atomic_path(path) as tmp, \
            tmp.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as stream:
        yield stream


@contextmanager
def atomic_folder(path: Path, ours: Callable[[Path], bool]) -> Iterator[Path]:
    """A temporary folder beside `path` that takes its place only if the block
    succeeds. An existing `path` may hold only what `ours` accepts; it is replaced
    whole."""
    path = Path(path)
    check_folder_target(path, ours)
    remove_stale(_folder_of(path.absolute()))
    tmp = _temp_path(path)
    try:
        tmp.mkdir(0o777)
        fd = os.open(tmp, os.O_RDONLY) if fcntl is not None else -1
    except OSError as exc:
        raise TargetError(f"{path}: cannot write in {_folder_of(path)} "
                          f"({exc.strerror or exc})") from None
    try:
        _lock(fd)
        yield tmp
        _keep_mode(tmp, path)
        if path.exists():
            old = _temp_path(path)
            os.replace(path, old)  # out of the way first: a folder cannot be replaced
            os.replace(tmp, path)
            _remove(old)
        else:
            os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    finally:
        if fd >= 0:
            os.close(fd)
