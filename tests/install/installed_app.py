"""What an installed Annotator must do, checked on a real installation: the wheel in
a fresh venv (test_wheel.py) or the standalone build (test_dist.py).

Each check runs the app's own executables as separate processes, with a private
home (XDG folders), no screen (Qt's offscreen platform) and nothing from this
checkout on the path. The checks are methods of InstalledAppChecks; a test module
subclasses it and provides the `app` fixture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annotator import __version__

# Taken before any fixture redirects the user folders: pip's cache stays the real one.
ORIGINAL_ENV = dict(os.environ)
WINDOW_SECONDS = 5.0

ARTICLE_HTML = """<!doctype html>
<html><head><title>Talks resume in Geneva</title></head><body>
<nav>Home | World | Subscribe</nav>
<article><h1>Talks resume in Geneva</h1>
<p>Delegations from both sides met on Tuesday in Geneva, officials said, and agreed
to continue the technical talks next week at the same level.</p>
<p>The minister said that cooperation would continue, according to a statement
released after the meeting ended late in the evening.</p></article>
<footer>Subscribe to our newsletter</footer></body></html>
"""

LABELLED = {"text": "Lavrov said the Tu-160 flew over Moscow.",
            "spans": [{"start": 0, "end": 6, "label": "actor"},
                      {"start": 16, "end": 22, "label": "weapon"}]}


@dataclass
class InstalledApp:
    """An installation: `cli` runs the command line, `gui` opens the window."""

    cli: list[str]
    gui: list[str]
    home: Path
    figures: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in ORIGINAL_ENV.items()
                if not k.startswith(("PYTHON", "VIRTUAL_ENV", "ANNOTATOR", "XDG_", "QT_"))}
        return {**keep, "HOME": str(self.home),
                "XDG_DATA_HOME": str(self.home / "data"),
                "XDG_CONFIG_HOME": str(self.home / "config"),
                "XDG_STATE_HOME": str(self.home / "state"),
                "XDG_CACHE_HOME": str(self.home / "cache"),
                "QT_QPA_PLATFORM": "offscreen",
                "PATH": ORIGINAL_ENV.get("PATH", "/usr/bin:/bin")}

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.cli, *args], env=self.env(), capture_output=True,
                              text=True, timeout=timeout, check=False, cwd=self.home)

    def log_file(self) -> Path | None:
        """Where the app logs under this private home (platformdirs' user log folder);
        None on Windows, which names that folder by API, not by a variable."""
        if sys.platform == "darwin":
            return self.home / "Library" / "Logs" / "annotator" / "annotator.log"
        if sys.platform == "win32":
            return None
        return self.home / "state" / "annotator" / "log" / "annotator.log"

    def start_window(self, db: Path, **env: str) -> float:
        """Opens the window on db for WINDOW_SECONDS; returns the seconds until it was
        shown (as the app logs it). Fails if the app exits or never shows it. `env`
        overrides variables (another Qt platform, a display)."""
        if not sys.platform.startswith("linux"):
            pytest.skip("the annotator's name is given in Linux's settings file only")
        settings = self.home / "config" / "annotator" / "Annotator.conf"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text("[annotator]\nname=smoke\n", encoding="utf-8")  # no name dialog
        log = self.log_file()
        assert log is not None
        before = log.read_text(encoding="utf-8") if log.exists() else ""
        began = time.perf_counter()
        process = subprocess.Popen([*self.gui, "--db", str(db)], env={**self.env(), **env},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, cwd=self.home)
        shown = None
        try:
            while time.perf_counter() - began < max(WINDOW_SECONDS, 60):
                if shown is None and log.exists() and \
                        "window shown" in log.read_text(encoding="utf-8")[len(before):]:
                    shown = time.perf_counter() - began
                if process.poll() is not None:
                    break
                if shown is not None and time.perf_counter() - began >= WINDOW_SECONDS:
                    break
                time.sleep(0.02)
            alive = process.poll() is None
        finally:
            process.terminate()
            _out, err = process.communicate(timeout=30)
        assert alive, f"the window exited early ({process.returncode}): {err[-2000:]}"
        assert shown is not None, f"no window within 60 s: {err[-2000:]}"
        logged = log.read_text(encoding="utf-8")[len(before):]
        assert " ERROR " not in logged and " CRITICAL " not in logged, logged
        return shown


class InstalledAppChecks:
    """The checks every installation must pass; subclasses provide `app`."""

    def test_version(self, app: InstalledApp) -> None:
        result = app.run("--version")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"annotator {__version__}"

    def test_import_samples_then_html(self, app: InstalledApp) -> None:
        db = app.home / "samples.sqlite3"
        result = app.run("--db", str(db), "import", "--samples")
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("1 imported (1 new document)") == 5, result.stdout

        page = app.home / "article.html"
        page.write_text(ARTICLE_HTML, encoding="utf-8")
        result = app.run("--db", str(db), "import", str(page))
        assert result.returncode == 0, result.stderr
        assert "1 imported (1 new document)" in result.stdout

        result = app.run("--db", str(db), "stats", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["documents"] == 6
        log = app.log_file()
        if log is not None:
            assert "import of 1 file: 1 records" in log.read_text(encoding="utf-8")

    def test_window_starts(self, app: InstalledApp) -> None:
        db = app.home / "window.sqlite3"
        assert app.run("--db", str(db), "import", "--samples").returncode == 0
        shown = app.start_window(db)
        app.figures["first window shown"] = f"{shown:.2f} s after the start"

    def test_spacy_export(self, app: InstalledApp) -> None:
        db = app.home / "export.sqlite3"
        tasks = app.home / "labelled.jsonl"
        tasks.write_text(json.dumps(LABELLED) + "\n", encoding="utf-8")
        result = app.run("--db", str(db), "import", str(tasks), "--annotator", "alice")
        assert result.returncode == 0, result.stderr
        out = app.home / "corpus.spacy"
        config = app.home / "spancat.cfg"
        result = app.run("--db", str(db), "export", str(out), "--format", "spacy",
                         "--config", str(config))
        assert result.returncode == 0, result.stderr

        # Read back by spaCy's own training corpus reader, which takes the export's
        # folder of DocBin files as one corpus.
        import spacy
        from spacy.training import Corpus

        assert out.is_dir() and sorted(out.glob("*.spacy"))
        docs = [example.reference for example in Corpus(out)(spacy.blank("en"))]
        assert [(s.text, s.label_) for s in docs[0].spans["sc"]] == \
            [("Lavrov", "actor"), ("Tu-160", "weapon")]
        assert "[components.spancat]" in config.read_text(encoding="utf-8")

    def test_train_then_suggest(self, app: InstalledApp) -> None:
        """Both kinds of model train in their own process and suggest, with spaCy's
        registered parts (suggester, beam search, numpy's ops) in the installation."""
        db = app.home / "train.sqlite3"
        tasks = app.home / "to-learn.jsonl"
        tasks.write_text("".join(json.dumps(task) + "\n" for task in learnable(30)),
                         encoding="utf-8")
        result = app.run("--db", str(db), "import", str(tasks), "--annotator", "alice")
        assert result.returncode == 0, result.stderr
        for kind in ("spancat", "ner"):
            model = app.home / f"model-{kind}"
            began = time.perf_counter()
            result = app.run("--db", str(db), "train", "--kind", kind, "--max-steps", "20",
                             "--out", str(model))
            assert result.returncode == 0, result.stderr
            app.figures[f"train {kind}, 20 steps"] = f"{time.perf_counter() - began:.1f} s"
            meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
            assert meta["annotator"]["kind"] == kind
            result = app.run("--db", str(db), "suggest", "--model", str(model),
                             "--documents", "all", "--as", f"model-{kind}")
            assert result.returncode == 0, result.stderr
            assert "30 of 30 documents" in result.stdout, result.stdout


def learnable(count: int) -> list[dict[str, object]]:
    """Articles whose labels follow a rule a few steps can learn: names after
    "Minister" are actors, designators like Tu-160 weapons."""
    names = ["Lavrov", "Rojas", "Peskov", "Shoigu", "Maduro", "Padrino"]
    weapons = ["Tu-160", "S-300", "Su-30", "Kh-101", "AK-103"]
    tasks = []
    for i in range(count):
        name, weapon = names[i % len(names)], weapons[i % len(weapons)]
        text = (f"Minister {name} said the {weapon} flew over the city.\n\n"
                f"Later, Minister {name} said that more {weapon} systems would come.")
        spans = []
        for at in (text.index(name), text.rindex(name)):
            spans.append({"start": at, "end": at + len(name), "label": "actor"})
        for at in (text.index(weapon), text.rindex(weapon)):
            spans.append({"start": at, "end": at + len(weapon), "label": "weapon"})
        tasks.append({"text": text, "spans": spans})
    return tasks


# Figures worth reading after the run; conftest prints them in the terminal summary.
REPORTED: list[tuple[str, dict[str, str]]] = []


def report_figures(app: InstalledApp, title: str) -> None:
    REPORTED.append((title, app.figures))
