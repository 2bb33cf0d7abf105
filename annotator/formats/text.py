"""Plain-text articles: bytes decoded, newlines normalised, title from the first line.

Decoding, shared with the CSV and HTML readers: a byte-order mark decides (UTF-8,
UTF-16, UTF-32), else UTF-8, else the legacy code page charset-normalizer finds,
preferring Western European (cp1252) when candidates tie. `encoding` overrides
all of it. Whatever is not UTF-8 is named, so the import report can say so.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import BadOption, RecordError
from annotator.formats.records import Notice, Record

# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
WESTERN = "cp1252"
# Candidates this close to the best guess count as a tie.
_CHAOS_TIE, _COHERENCE_TIE = 0.01, 0.1


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # a codec name; "utf-8" when nothing else was needed

    def notice(self) -> Notice | None:
        """What the import report says about an encoding other than UTF-8."""
        if self.encoding in ("utf-8", "utf-8-sig"):
            return None
        return Notice(f"decoded as {self.encoding}, not UTF-8; if the text looks wrong, "
                      "import it again with --encoding NAME")


def check_encoding(name: str | None) -> str | None:
    """A codec name as given by the user, checked; None stays None."""
    if name is None:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise BadOption(f"unknown encoding {name!r} (e.g. utf-8, cp1252, latin-1, "
                             "utf-16)") from None


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of `head` names, if any."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    return None


def decode(data: bytes, *, path: str = "", encoding: str | None = None) -> Decoded:
    """UTF-8 (BOM tolerated), UTF-16/32 with a BOM, else the detected encoding; refuses
    binary data. `encoding` forces one."""
    if encoding is not None:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise RecordError(f"not {encoding} text: byte {exc.start} does not decode",
                              path=path) from None
    marked = bom_encoding(data[:4])
    if marked is not None:
        try:
            return Decoded(data.decode(marked), "utf-8" if marked == "utf-8-sig" else marked)
        except UnicodeDecodeError as exc:
            raise RecordError(f"not {marked} text although it starts with its byte-order "
                              f"mark: byte {exc.start} does not decode", path=path) from None
    if b"\x00" in data[:8192]:
        raise RecordError("binary file (contains NUL bytes), not text", path=path)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    found = detect_legacy(data)
    if found is None:
        raise RecordError(
            f"not text: invalid UTF-8 at byte {utf8_error.start} and no other encoding fits "
            "(pass --encoding NAME if you know it)", path=path)
    return Decoded(data.decode(found), found)


def detect_legacy(data: bytes) -> str | None:
    """The legacy code page of bytes that are not UTF-8, or None if nothing fits.

    charset-normalizer often rates several code pages the same on a short text
    (cp1250 and cp1252 read "Cañón" alike but for one letter); then Western
    European wins, the most common legacy encoding of news text."""
    from charset_normalizer import from_bytes  # only needed for legacy encodings

    results = list(from_bytes(data))
    if not results:
        return None
    best = results[0]
    for match in results:
        tie = (match.chaos <= best.chaos + _CHAOS_TIE
               and match.coherence >= best.coherence - _COHERENCE_TIE)
        if tie and WESTERN in match.could_be_from_charset:
            return WESTERN
    return codecs.lookup(best.encoding).name


def read_text_file(path: Path, encoding: str | None = None) -> Iterator[Record | Notice]:
    """The file as one record, after a notice of its encoding when that is not UTF-8."""
    decoded = decode(path.read_bytes(), path=str(path), encoding=encoding)
    if not decoded.text.strip():
        raise RecordError("empty file (no text)", path=str(path))
    notice = decoded.notice()
    if notice is not None:
        yield notice
    yield Record(text=decoded.text, source=str(path), line=None)
