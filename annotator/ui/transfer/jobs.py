"""Import and export as background jobs (progress after 600 ms, Cancel).

The services are imported when a job runs: they pull in the format readers,
which the window does not need to start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from annotator.services.interchange import ImportOptions
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.workers import BackgroundJob, Progress


@dataclass(frozen=True)
class Refused:
    """An export that was refused (ExportRefused); `message` is the full report."""

    message: str


def start_import(parent: QWidget, store: Store, paths: list[Path], annotator_name: str | None,
                 on_done: Callable[[Any], None], *, fmt: str = "auto", on_error: str = "skip",
                 add_labels: bool = True, options: ImportOptions | None = None) -> BackgroundJob:
    """Import files off the GUI thread; on_done(report) runs on the GUI thread."""

    def work(progress: Progress) -> Any:
        from annotator.services.importing import import_paths

        return import_paths(store, paths, fmt=fmt, annotator=annotator_name or None,
                            on_error=on_error, add_labels=add_labels, progress=progress,
                            options=options)

    job = BackgroundJob(parent, "Importing", work, on_done,
                        lambda message: plain.warning(parent, "Import failed", message))
    job.start()
    return job


def start_samples_import(parent: QWidget, store: Store,
                         on_done: Callable[[Any], None]) -> BackgroundJob:
    """Import the bundled sample articles off the GUI thread (as `import --samples`)."""

    def work(progress: Progress) -> Any:
        from annotator.services.samples import import_samples

        return import_samples(store, progress=progress)

    job = BackgroundJob(parent, "Importing", work, on_done,
                        lambda message: plain.warning(parent, "Import failed", message))
    job.start()
    return job


def start_export(parent: QWidget, store: Store, out: Path,
                 on_done: Callable[[Any], None], *, fmt: str = "jsonl",
                 annotators: list[str] | None = None, config: Path | None = None,
                 **options: Any) -> BackgroundJob:
    """Export the sets of ``annotators`` (None: everyone's) off the GUI thread.

    on_done gets the ExportReport, or Refused when spans do not fit spaCy's tokens
    and no alignment was chosen. With `config` (spacy), a spancat config is written too.
    """

    def work(progress: Progress) -> Any:
        from annotator.services.exporting import ExportRefused
        from annotator.services.interchange import export

        try:
            return export(store, out, fmt, annotators=annotators or None, progress=progress,
                          config=config, **options)
        except ExportRefused as exc:
            return Refused(str(exc))

    job = BackgroundJob(parent, "Exporting", work, on_done,
                        lambda message: plain.warning(parent, "Export failed", message))
    job.start()
    return job
