"""The wheel is the whole app: built from this checkout, installed into a fresh venv
with the pip that comes with Python (no upgrade), it runs every check of
InstalledAppChecks, and its desktop entry can be installed.

Needs PyPI (the app's dependencies), so it is not part of `make test`:
`make test-install` runs it (pytest -m install).
"""

from __future__ import annotations

import ensurepip
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from installed_app import ORIGINAL_ENV, InstalledApp, InstalledAppChecks, report_figures

from annotator import resources

pytestmark = pytest.mark.install
ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(".venv*", "build", "dist", ".git", "*.egg-info",
                              "__pycache__", ".*_cache", ".hypothesis", "bench-out")


def build_env() -> dict[str, str]:
    return {k: v for k, v in ORIGINAL_ENV.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InstalledApp]:
    work = tmp_path_factory.mktemp("wheel")
    began = time.perf_counter()
    # A clean copy: an in-tree build/ could hold modules since deleted from the source.
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=SKIP)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "-w", str(work / "wheels"), str(source)],
                   env=build_env(), check=True, timeout=600)
    wheel = next((work / "wheels").glob("annotator-*.whl"))

    venv = work / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True, timeout=300, env=build_env())
    python = venv / "bin" / "python"
    pip = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True,
                         text=True, check=True, env=build_env()).stdout
    assert pip.startswith(f"pip {ensurepip.version()} "), f"not the bundled pip: {pip}"
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                               capture_output=True, text=True, timeout=1200,
                               env=build_env(), check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    checked = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True,
                             text=True, env=build_env(), check=False)
    assert checked.returncode == 0, checked.stdout  # every requirement met, extras too

    home = work / "home"
    home.mkdir()
    bin_dir = venv / "bin"
    found = InstalledApp([str(bin_dir / "annotator")], [str(bin_dir / "annotator-gui")], home)
    found.figures["wheel built and installed"] = f"{time.perf_counter() - began:.0f} s"
    found.figures["wheel size"] = f"{wheel.stat().st_size / 1e3:.0f} kB"
    yield found
    report_figures(found, "wheel in a fresh venv")


class TestWheel(InstalledAppChecks):
    def test_wheel_holds_the_resources(self, app: InstalledApp) -> None:
        python = Path(app.cli[0]).with_name("python")
        script = ("from annotator import resources as r; "
                  "print(r.folder('samples'), len(r.samples()), r.icon().is_file())")
        result = subprocess.run([str(python), "-c", script], capture_output=True, text=True,
                                env=app.env(), cwd=app.home, check=True)
        folder, count, icon = result.stdout.split()
        assert "site-packages" in folder  # the installed copy, not this checkout
        assert int(count) == len(resources.samples()) and icon == "True"

    def test_desktop_entry_from_the_wheel_install(self, app: InstalledApp) -> None:
        env = {**app.env(), "PATH": f"{Path(app.cli[0]).parent}{os.pathsep}/usr/bin:/bin"}
        script = ROOT / "packaging" / "install-desktop-entry.sh"
        result = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True,
                                timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        desktop = app.home / "data" / "applications" / f"{resources.APP_ID}.desktop"
        assert f"Exec={app.gui[0]}\n" in desktop.read_text(encoding="utf-8")
        assert (app.home / "data" / "icons" / "hicolor" / "256x256" / "apps" /
                f"{resources.APP_ID}.png").is_file()
