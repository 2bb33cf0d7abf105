"""The standalone build (make dist) runs on its own: every check of InstalledAppChecks
against dist/annotator/annotator (annotator.exe on Windows, Annotator.app on macOS),
and, on Linux, with every Python installation of the machine hidden.
`make dist-smoke` runs it (pytest -m install); CI's build workflow too."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from installed_app import InstalledApp, InstalledAppChecks, report_figures

from annotator import resources

pytestmark = pytest.mark.install
ROOT = Path(__file__).resolve().parents[2]
if sys.platform == "darwin":
    FOLDER = ROOT / "dist" / "Annotator.app"
    CLI = GUI = FOLDER / "Contents" / "MacOS" / "annotator"
elif sys.platform == "win32":
    FOLDER = ROOT / "dist" / "annotator"
    CLI, GUI = FOLDER / "annotator.exe", FOLDER / "annotator-gui.exe"
else:
    FOLDER = ROOT / "dist" / "annotator"
    CLI = GUI = FOLDER / "annotator"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InstalledApp]:
    if not CLI.is_file():
        pytest.fail(f"no standalone build at {FOLDER}: run make dist first")
    home = tmp_path_factory.mktemp("dist-home")
    found = InstalledApp([str(CLI)], [str(GUI)], home)
    found.figures["folder"] = str(FOLDER)
    found.figures["folder size"] = f"{folder_size(FOLDER) / 2**20:.0f} MB"
    yield found
    report_figures(found, "standalone build")


def python_folders() -> list[Path]:
    """Every Python installation this machine has, to hide from the program."""
    found = {Path(sys.base_prefix), Path(sys.prefix), ROOT / "build" / "dist-venv"}
    for pattern in ("python3*", "python2*"):
        for base in (Path("/usr/lib"), Path("/usr/local/lib")):
            found.update(base.glob(pattern))
    return sorted(p for p in found if p.is_dir())


class TestDist(InstalledAppChecks):
    def test_runs_with_every_python_hidden(self, app: InstalledApp, tmp_path: Path) -> None:
        """The folder carries its own Python: it runs with the machine's hidden (a private
        mount namespace lays an empty folder over each Python installation)."""
        if shutil.which("unshare") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
            pytest.skip("hiding folders needs unshare as root")
        empty = tmp_path / "empty"
        empty.mkdir()
        hide = " && ".join(f"mount --bind {shlex.quote(str(empty))} {shlex.quote(str(p))}"
                           for p in python_folders())
        db = shlex.quote(str(app.home / "hidden.sqlite3"))
        program = shlex.quote(app.cli[0])
        script = (f"{hide} && {program} --version && "
                  f"{program} --db {db} import --samples")
        result = subprocess.run(["unshare", "--mount", "sh", "-c", script], env=app.env(),
                                capture_output=True, text=True, timeout=300, check=False)
        if result.returncode != 0 and "unshare failed" in result.stderr:
            pytest.skip(f"no mount namespace here: {result.stderr.strip()}")
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("1 imported (1 new document)") == len(resources.samples())

    def test_window_starts_on_an_x_server(self, app: InstalledApp, tmp_path: Path) -> None:
        """Qt's xcb platform, with the X libraries the build carries, on Xvfb."""
        if shutil.which("Xvfb") is None:
            pytest.skip("Xvfb not installed (.ci/run installs it)")
        db = app.home / "x11.sqlite3"
        assert app.run("--db", str(db), "import", "--samples").returncode == 0
        display = f":{40 + os.getpid() % 500}"
        server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten",
                                   "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
            deadline = time.monotonic() + 10
            while not socket.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert socket.exists(), "Xvfb did not start"
            shown = app.start_window(db, QT_QPA_PLATFORM="xcb", DISPLAY=display)
            app.figures["first window shown on X11 (Xvfb)"] = f"{shown:.2f} s after the start"
        finally:
            server.terminate()
            server.wait(timeout=10)

    def test_shared_postgresql_server(self, app: InstalledApp) -> None:
        """A team's store: the build carries the PostgreSQL driver."""
        url = os.environ.get("ANNOTATOR_TEST_POSTGRES_URL")
        if not url:
            pytest.skip("ANNOTATOR_TEST_POSTGRES_URL is not set (.ci/run starts a server)")
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as conn:  # a database the tests may wipe
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        result = app.run("--db", url, "import", "--samples")
        assert result.returncode == 0, result.stderr
        result = app.run("--db", url, "stats", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["documents"] == len(resources.samples())

    def test_desktop_entry_from_the_folder(self, app: InstalledApp) -> None:
        if not sys.platform.startswith("linux"):
            pytest.skip("desktop entries are for Linux")
        script = FOLDER / "install-desktop-entry.sh"
        result = subprocess.run(["sh", str(script)], env=app.env(), capture_output=True,
                                text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        desktop = app.home / "data" / "applications" / f"{resources.APP_ID}.desktop"
        assert f"Exec={CLI}\n" in desktop.read_text(encoding="utf-8")

    def test_carries_every_library_metadata(self, app: InstalledApp) -> None:
        """Help ▸ About reads each library's version and licence from its metadata."""
        from annotator.services.about import bundled_libraries

        carried = {p.name.split("-")[0].lower().replace("_", "-")
                   for p in FOLDER.rglob("*.dist-info") if (p / "METADATA").is_file()}
        wanted = {lib.name.lower().replace("_", "-") for lib in bundled_libraries()}
        assert "annotator" in carried
        assert not wanted - carried, f"metadata missing for {sorted(wanted - carried)}"
