"""`annotator --install-desktop-entry` / `--remove-desktop-entry`: the applications-menu
entry of a Linux desktop, for this installation (see ui.desktop_entry).

Options that act and exit, like --version: they need no database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--install-desktop-entry", action=_DesktopEntry, nargs=0,
                        help="add Annotator to this Linux desktop's applications menu "
                             "(entry, icons, AppStream metainfo in ~/.local/share) and exit")
    parser.add_argument("--remove-desktop-entry", action=_DesktopEntry, nargs=0,
                        help="remove what --install-desktop-entry added, and exit")


class _DesktopEntry(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            parser.exit(2, "annotator: error: desktop entries are for Linux desktops; on "
                           "Windows and macOS the standalone build brings its own shortcut\n")
        from annotator.ui import desktop_entry

        if option_string == "--remove-desktop-entry":
            removed = desktop_entry.remove()
            print(f"removed {len(removed)} files from {desktop_entry.data_home()}")
        else:
            written = desktop_entry.install()
            print(f"wrote {written[0]} (starts {desktop_entry.launch_command()[0]}), "
                  f"{len(written) - 2} icons and the AppStream metainfo")
        parser.exit(0)
