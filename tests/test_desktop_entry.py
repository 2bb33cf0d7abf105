"""The Linux desktop entry: packaging/install-desktop-entry.sh run as a user would,
into a private XDG_DATA_HOME, then checked by the freedesktop validators."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator import __version__, resources
from annotator.ui.icons import SIZES

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "packaging" / "install-desktop-entry.sh"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def run_script(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    return subprocess.run(["sh", str(SCRIPT), *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_install_and_remove_the_desktop_entry(tmp_path: Path) -> None:
    app = Path(sys.executable).with_name("annotator")  # this installation's command
    result = run_script(tmp_path, str(app))
    assert result.returncode == 0, result.stderr

    desktop = tmp_path / "applications" / f"{resources.APP_ID}.desktop"
    entry = dict(line.split("=", 1) for line in desktop.read_text().splitlines()
                 if "=" in line)
    assert Path(entry["Exec"]).name == "annotator-gui" and Path(entry["Exec"]).is_file()
    assert entry["Icon"] == resources.APP_ID and entry["Terminal"] == "false"
    hicolor = tmp_path / "icons" / "hicolor"
    for size in SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{resources.APP_ID}.png") \
            == (size, size)
    assert (hicolor / "scalable" / "apps" / f"{resources.APP_ID}.svg").is_file()
    metainfo = tmp_path / "metainfo" / f"{resources.APP_ID}.metainfo.xml"
    assert metainfo.is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout

    result = run_script(tmp_path, "--remove", str(app))
    assert result.returncode == 0, result.stderr
    assert not desktop.exists() and not metainfo.exists()
    assert not list(hicolor.rglob("*.png"))


def test_metainfo_is_valid_and_names_this_version() -> None:
    path = resources.metainfo_file()
    root = ET.fromstring(path.read_bytes())
    assert root.findtext("id") == resources.APP_ID
    assert root.find("launchable").text == f"{resources.APP_ID}.desktop"
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, \
        "add this version to <releases> in the metainfo"
    if not shutil.which("appstreamcli"):
        pytest.skip("appstreamcli not installed (.ci/run installs it)")
    check = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_program_path_with_spaces_is_quoted(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui import desktop_entry

    written = desktop_entry.install(tmp_path, ["/opt/my apps/annotator"])
    text = written[0].read_text(encoding="utf-8")
    assert 'Exec="/opt/my apps/annotator"\n' in text
    assert "TryExec=/opt/my apps/annotator\n" in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(written[0])],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout
