#!/usr/bin/env sh
# Adds Annotator to this Linux desktop's applications menu for the current user: the
# .desktop entry, icons at 16-512 px (drawn from the SVG) and the AppStream metainfo,
# under ${XDG_DATA_HOME:-~/.local/share}. `--remove` takes them away again.
#
# Which installation the entry starts, first found:
#   1. the path given as the last argument (an `annotator` executable);
#   2. `annotator` beside this script (the standalone build's folder);
#   3. `annotator` on PATH (pip, pipx or `uv tool install`);
#   4. the checkout's .venv (after `make run`).
# The work is done by that installation itself (`annotator --install-desktop-entry`).
set -eu
action=--install-desktop-entry
if [ "${1:-}" = "--remove" ]; then
    action=--remove-desktop-entry
    shift
fi
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -gt 0 ]; then
    app=$1
elif [ -x "$here/annotator" ] && [ ! -d "$here/annotator" ]; then
    app=$here/annotator
elif command -v annotator >/dev/null 2>&1; then
    app=$(command -v annotator)
elif [ -x "$here/../.venv/bin/annotator" ]; then
    app=$here/../.venv/bin/annotator
else
    echo "install-desktop-entry: no Annotator installation found: install it first" >&2
    echo "(pipx install ., uv tool install ., or make run in a checkout)," >&2
    echo "or give the path of its annotator executable" >&2
    exit 1
fi
"$app" "$action"
data=${XDG_DATA_HOME:-$HOME/.local/share}
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi
