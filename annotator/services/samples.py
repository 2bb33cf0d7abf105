"""The sample articles bundled with the app, imported like any text files: the same
call for `annotator import --samples` and the window's "Load sample articles"."""

from __future__ import annotations

from contextlib import ExitStack
from importlib.resources import as_file

from annotator import resources
from annotator.core.errors import AnnotatorError
from annotator.services.importing import ImportReport, Progress, import_paths
from annotator.store import Store


def sample_count() -> int:
    return len(resources.samples())


def import_samples(store: Store, *, progress: Progress | None = None) -> ImportReport:
    """Import every bundled sample article; the same text twice is still one document."""
    samples = resources.samples()
    if not samples:
        raise AnnotatorError(f"no sample articles found in {resources.folder('samples')} "
                             "(an incomplete installation?)")
    with ExitStack() as stack:
        paths = [stack.enter_context(as_file(sample)) for sample in samples]
        return import_paths(store, paths, fmt="text", progress=progress)
