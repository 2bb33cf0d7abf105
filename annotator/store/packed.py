"""Integer columns of bulk reads as one array, packed into text by SQLite itself.

Python's sqlite3 makes a tuple and an int object for every value it reads, holding
the interpreter lock: for the 400,000 spans of a large comparison that costs six
times SQLite's own scan, and stops every other thread meanwhile. Here SQLite writes
each batch of rows as one text of decimal numbers (``group_concat`` of ``printf``)
while the lock is free, and numpy parses it at C speed. Other databases hand over
rows as usual.

numpy is imported when a read is made: the store is loaded at every start.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Select, func, select

from annotator.store.rows import plain_rows

if TYPE_CHECKING:
    import numpy as np


def integer_table(conn: Connection, queries: Iterable[Select], width: int, *,
                  packed: bool | None = None) -> np.ndarray:
    """The rows of every query (each selecting ``width`` integer columns, none NULL)
    as one ``(n, width)`` int64 array, in no particular order. ``packed`` (default:
    on SQLite) has the database write the rows as text."""
    import numpy as np

    if packed is None:
        packed = conn.dialect.name == "sqlite"
    parts = []
    for query in queries:
        if packed:
            rows = query.subquery()
            text = conn.execute(select(func.group_concat(
                func.printf(" ".join(["%d"] * width), *rows.c), " "))).scalar()
            if text:
                parts.append(np.fromstring(text, dtype=np.int64, sep=" "))
        else:
            found = plain_rows(conn.execute(query))
            parts.append(np.fromiter(chain.from_iterable(found), dtype=np.int64,
                                     count=width * len(found)))
    if not parts:
        return np.zeros((0, width), dtype=np.int64)
    return np.concatenate(parts).reshape(-1, width)


def key_ranges(low: int | None, high: int | None, step: int) -> list[tuple[int, int]]:
    """``[first, last]`` ranges of ``step`` keys covering ``low..high`` (none when
    the table is empty): a batch of a bulk read each."""
    if low is None or high is None:
        return []
    return [(first, min(first + step - 1, high)) for first in range(low, high + 1, step)]
