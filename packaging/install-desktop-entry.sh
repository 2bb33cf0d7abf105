#!/usr/bin/env sh
# Registers Annotator with the desktop (menu entry and icon) for the current user.
# Run after `pip install .` (or `make run` once) so that `annotator-gui` is on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
install -Dm644 "$here/annotator.desktop" "$data/applications/annotator.desktop"
install -Dm644 "$here/../resources/icons/annotator.svg" \
    "$data/icons/hicolor/scalable/apps/annotator.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "Annotator added to the applications menu."
