"""Plain-text articles: bytes decoded, newlines normalised, title from the first line."""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import RecordError
from annotator.formats.records import Record

_BOM = b"\xef\xbb\xbf"


def decode(data: bytes, *, path: str = "") -> str:
    """UTF-8 (BOM tolerated), else the detected encoding; refuses binary data."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if b"\x00" in data[:8192]:
        raise RecordError("binary file (contains NUL bytes), not text", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes  # only needed for legacy encodings

    best = from_bytes(data).best()
    if best is None:
        raise RecordError(
            f"not text: invalid UTF-8 at byte {utf8_error.start} and no other encoding fits",
            path=path)
    return str(best)


def read_text_file(path: Path) -> Record:
    text = decode(path.read_bytes(), path=str(path))
    if not text.strip():
        raise RecordError("empty file (no text)", path=str(path))
    return Record(text=text, source=str(path), line=None)
