"""The items of one big JSON list, read from a byte stream one item at a time.

Each item is parsed by the standard library's C decoder, so memory holds the
item being read and a read-ahead buffer, and nesting is bounded: a list nested
thousands deep (a "nesting bomb") is refused at once instead of being built.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\r\n]*")
_decode = json.JSONDecoder().raw_decode
# A decode error this close to the end of what has been read may just be an item
# cut by the read-ahead: read more before calling it an error.
_CUT_MARGIN = 16
_AFTER_VALUE = " \t\r\n,]"


class ListError(ValueError):
    """The stream is not a JSON list, or an item is malformed; `item` is the 1-based
    number of the item being read."""

    def __init__(self, reason: str, item: int) -> None:
        super().__init__(reason)
        self.item = item


class JsonList:
    """Iterate over a stream holding one JSON list: yields each item.

    `consumed` is the number of bytes read so far, for progress."""

    def __init__(self, stream: IO[bytes], chunk: int = CHUNK) -> None:
        self.stream = stream
        self.chunk = chunk
        self.consumed = 0
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._number = 0  # the item being read

    def _more(self, at_least: int = 0) -> bool:
        """Read another chunk; False at the end of the stream."""
        if self._eof:
            return False
        data = self.stream.read(max(self.chunk, at_least))
        self.consumed += len(data)
        self._eof = not data
        try:
            text = self._decoder.decode(data, final=self._eof)
        except UnicodeDecodeError as exc:
            raise ListError(f"invalid UTF-8 near byte {self.consumed - len(data) + exc.start}",
                            max(1, self._number)) from None
        self._buf = self._buf[self._pos:] + text
        self._pos = 0
        return True

    def _next_char(self) -> str:
        """The next character that is not white space ('' at the end), not consumed."""
        while True:
            self._pos = _SPACE.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more():
                return ""

    def __iter__(self) -> Iterator[Any]:
        if self._next_char() != "[":
            raise ListError("expected a JSON list", 1)
        self._pos += 1
        while True:
            number = self._number
            char = self._next_char()
            if char == "]":
                return
            if number:
                if char != ",":
                    raise ListError(f"expected ',' or ']' after item {number}"
                                    + (", found the end of the file" if not char else ""),
                                    number + 1)
                self._pos += 1
                self._next_char()
            self._number = number + 1
            yield self._item(self._number)

    def _item(self, number: int) -> Any:
        while True:
            try:
                value, end = _decode(self._buf, self._pos)
            except RecursionError:
                raise ListError("nested too deeply", number) from None
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(self._buf) - _CUT_MARGIN or \
                    exc.msg.startswith("Unterminated string")
                if not (cut and self._more(len(self._buf) - self._pos)):
                    line = self._buf.count("\n", self._pos, exc.pos)
                    raise ListError(f"{exc.msg} (line {line + 1} of the item)"
                                    if line else exc.msg, number) from None
                continue
            # A number may go on in the next chunk ("0." of "0.5"): only a delimiter
            # after it says it is complete.
            cut = end == len(self._buf) or (not isinstance(value, dict | list | str)
                                            and self._buf[end] not in _AFTER_VALUE)
            if cut and self._more():
                continue
            self._pos = end
            if self._pos > self.chunk:  # drop what has been read, now and then
                self._buf, self._pos = self._buf[self._pos:], 0
            return value
