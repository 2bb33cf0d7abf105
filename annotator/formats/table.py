"""CSV and TSV files with one article per row: a text column, an optional title
column, and every other column kept as metadata."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from typing import IO

from annotator.core.errors import RecordError
from annotator.formats.records import Notice, Record
from annotator.formats.text import bom_encoding, detect_legacy

# Articles are long; the csv module's default limit is 128 KiB per field.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
SAMPLE = 1 << 16  # bytes looked at to tell a legacy encoding


def read_table(stream: IO[bytes], *, path: str = "", delimiter: str | None = None,
               text_column: str = "text", title_column: str | None = None,
               encoding: str | None = None
               ) -> Iterator[tuple[int, Record | RecordError | Notice]]:
    """(bytes consumed so far, record) per row; the header names the columns.

    `delimiter` None sniffs comma, tab or semicolon from the header line. The
    encoding is `encoding`, else a byte-order mark's (Excel's "Unicode text" is
    UTF-16), else UTF-8, else the legacy code page detected from the first 64 KB.
    """
    encoding = encoding or _sniff_encoding(stream)
    if encoding not in ("utf-8", "utf-8-sig"):
        yield 0, Notice(f"decoded as {encoding}, not UTF-8; if the text looks wrong, "
                        "import it again with --encoding NAME")
    wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield from _rows(_LineCounter(wrapper, encoding), path, delimiter, text_column,
                         title_column)
    finally:
        wrapper.detach()  # the caller owns the byte stream and closes it


def _sniff_encoding(stream: IO[bytes]) -> str:
    sample = stream.read(SAMPLE)
    stream.seek(0)
    marked = bom_encoding(sample[:4])
    if marked is not None:
        return marked
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut by the end of the sample is no reason to doubt UTF-8.
        if exc.start < len(sample) - 3 or len(sample) < SAMPLE:
            return detect_legacy(sample) or "utf-8"
    return "utf-8-sig"


def _rows(text_stream: _LineCounter, path: str, delimiter: str | None, text_column: str,
          title_column: str | None) -> Iterator[tuple[int, Record | RecordError]]:
    try:
        header_line = text_stream.peek_line()
    except UnicodeDecodeError as exc:
        raise RecordError(f"not {text_stream.encoding} text (byte {exc.start}); pass "
                          "--encoding NAME", path=path) from None
    if not header_line.strip():
        raise RecordError("empty file (no header row)", path=path)
    if delimiter is None:
        delimiter = max(",\t;", key=header_line.count)
    reader = csv.reader(text_stream, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise RecordError(f"bad header row: {exc}", path=path, line=1) from None
    if text_column not in header:
        raise RecordError(f"no column {text_column!r} (columns: {', '.join(header)}); "
                          "choose one with --text-column", path=path, line=1)
    if title_column is not None and title_column not in header:
        raise RecordError(f"no column {title_column!r} (columns: {', '.join(header)})",
                          path=path, line=1)
    text_at = header.index(text_column)
    title_at = header.index(title_column) if title_column is not None else None
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield text_stream.consumed, RecordError(f"bad CSV: {exc}", path=path, line=line)
            return
        except UnicodeDecodeError as exc:
            yield text_stream.consumed, RecordError(
                f"not {text_stream.encoding} text (byte {exc.start} of a read); pass "
                "--encoding NAME", path=path, line=line)
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield text_stream.consumed, RecordError(
                f"{len(row)} cells, but the header has {len(header)} columns",
                path=path, line=line)
            continue
        meta = {name: cell for i, (name, cell) in enumerate(zip(header, row, strict=True))
                if i not in (text_at, title_at)}
        title = row[title_at] if title_at is not None else None
        yield text_stream.consumed, Record(text=row[text_at], title=title, meta=meta,
                                           source=path, line=line)


class _LineCounter:
    """Text lines for csv.reader, counting the bytes behind them for progress."""

    def __init__(self, stream: io.TextIOWrapper, encoding: str) -> None:
        self.stream = stream
        self.encoding = encoding
        # Progress counts bytes as UTF-8; close enough for other encodings.
        self.consumed = 0
        self._peeked: str | None = None

    def peek_line(self) -> str:
        self._peeked = self.stream.readline()
        return self._peeked

    def __iter__(self) -> _LineCounter:
        return self

    def __next__(self) -> str:
        if self._peeked is not None:
            line, self._peeked = self._peeked, None
        else:
            line = self.stream.readline()
        if not line:
            raise StopIteration
        self.consumed += len(line.encode("utf-8", "surrogatepass"))
        return line
