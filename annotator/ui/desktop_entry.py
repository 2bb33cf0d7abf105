"""Adds Annotator to a Linux desktop's applications menu for the current user: the
.desktop entry (pointing at this installation), icons at the usual sizes and the
AppStream metainfo, under $XDG_DATA_HOME (~/.local/share). Works the same for a
pip, pipx or uv install, a checkout's .venv and the standalone build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from annotator import resources


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launch_command() -> list[str]:
    """How the desktop starts this installation's window, without a console."""
    if getattr(sys, "frozen", False):  # the standalone build: its own executable
        return [sys.executable]
    script = Path(sys.argv[0]).resolve()
    beside = script.with_name("annotator-gui" + script.suffix)
    if script.name.startswith("annotator") and beside.is_file():
        return [str(beside)]
    return [sys.executable, "-m", "annotator"]  # started as `python -m annotator`


def _files(home: Path) -> tuple[Path, Path, Path]:
    return (home / "applications" / f"{resources.APP_ID}.desktop",
            home / "metainfo" / f"{resources.APP_ID}.metainfo.xml",
            home / "icons" / "hicolor")


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Writes the entry, icons and metainfo; returns the files written."""
    from annotator.ui import icons

    home = home or data_home()
    desktop, metainfo, hicolor = _files(home)
    command = command or launch_command()
    lines = []
    for line in resources.desktop_file().read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={command[0]}")  # hidden from the menu once it is gone
            line = "Exec=" + " ".join(_quote(part) for part in command)
        lines.append(line)
    desktop.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text("\n".join(lines) + "\n", encoding="utf-8")
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    metainfo.write_bytes(resources.metainfo_file().read_bytes())
    return [desktop, metainfo, *icons.write_hicolor(hicolor)]


def remove(home: Path | None = None) -> list[Path]:
    """Removes what install wrote; returns the files removed."""
    from annotator.ui import icons

    home = home or data_home()
    desktop, metainfo, hicolor = _files(home)
    candidates = [desktop, metainfo, hicolor / "scalable" / "apps" / f"{resources.APP_ID}.svg",
                  *(hicolor / f"{s}x{s}" / "apps" / f"{resources.APP_ID}.png"
                    for s in icons.SIZES)]
    removed = [path for path in candidates if path.is_file()]
    for path in removed:
        path.unlink()
    return removed


def _quote(part: str) -> str:
    """An Exec argument as the Desktop Entry specification asks: reserved characters
    inside double quotes, with ", `, $ and \\ escaped; then the backslashes doubled by
    the escaping every string value gets (so a literal " is written \\\\")."""
    if not any(c in part for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return part
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in part)
    return ('"' + quoted + '"').replace("\\", "\\\\")
