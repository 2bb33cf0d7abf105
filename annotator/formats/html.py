"""Saved web pages: the article's main text, without menus, "subscribe" boxes and
footers (trafilatura), with its title and date kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import RecordError
from annotator.formats.records import Notice, Record
from annotator.formats.text import decode

# Metadata worth keeping beside the text; trafilatura finds more, mostly noise.
_META = ("date", "author", "url", "sitename", "description")
# On a page without an article the extractor falls back to whatever text there is
# ("Home | World"); fewer words than this is page furniture, not an article.
MIN_WORDS = 10


def read_html_file(path: Path, encoding: str | None = None) -> Iterator[Record | Notice]:
    """The page's article as one record, after a notice of its encoding when that is
    not UTF-8."""
    data = path.read_bytes()
    if not data.strip():
        raise RecordError("empty file (no HTML)", path=str(path))
    decoded = decode(data, path=str(path), encoding=encoding)
    record = read_html(decoded.text, path=str(path))
    notice = decoded.notice()
    if notice is not None:
        yield notice
    yield record


def read_html(html: str, *, path: str = "") -> Record:
    from trafilatura import bare_extraction  # lazy: it pulls in lxml and date parsing

    found = bare_extraction(html, with_metadata=True, include_comments=False,
                            include_tables=True)
    if found is None:
        raise RecordError("no article text could be extracted from the page", path=path)
    fields = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = (fields.get("text") or "").strip()
    if len(text.split()) < MIN_WORDS:
        found_text = f" (only {' '.join(text.split())[:60]!r})" if text else ""
        raise RecordError(f"no article text could be extracted from the page{found_text}",
                          path=path)
    meta = {key: fields[key] for key in _META if fields.get(key)}
    title = fields.get("title") or None
    return Record(text=text + "\n", title=title, source=path, meta=meta)
