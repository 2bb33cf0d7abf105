"""Pattern files in Prodigy's and spaCy's JSON lines: one `{"label", "pattern"}` per line.

A pattern is a phrase (`"pattern": "S-300"`, matched token by token) or a list of
token descriptions (`"pattern": [{"LOWER": "maduro"}]`), as spaCy's SpanRuler
takes them; `"id"` is kept. One key is our own, and spaCy and Prodigy ignore it:
`"trim": [a, b]` drops `a` tokens from the start of every match and `b` from its
end, so a pattern can look at the words around a span without taking them in
(the subject of a speech verb: `[<name>, {"LOWER": "said"}]` with `"trim": [0, 1]`).

This module checks the shape of each line; the token descriptions themselves
are checked against spaCy's schema by annotator.nlp.patterns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from annotator.core.errors import RecordError
from annotator.formats.jsonl import iter_objects


@dataclass(frozen=True, slots=True)
class PatternRecord:
    label: str
    pattern: str | list[dict[str, Any]]
    line: int
    id: str = ""
    trim: tuple[int, int] = (0, 0)

    @property
    def is_phrase(self) -> bool:
        return isinstance(self.pattern, str)

    def spacy_entry(self) -> dict[str, Any]:
        """The line as spaCy's SpanRuler takes it (label, pattern and id only)."""
        entry: dict[str, Any] = {"label": self.label, "pattern": self.pattern}
        if self.id:
            entry["id"] = self.id
        return entry


def read_patterns(stream: IO[bytes], *, path: str = ""
                  ) -> Iterator[PatternRecord | RecordError]:
    """A PatternRecord or the reason the line is bad, for every non-blank line."""
    for _, number, obj in iter_objects(stream, path=path):
        if isinstance(obj, RecordError):
            yield obj
            continue
        problem = _problem(obj)
        if problem:
            yield RecordError(problem, path=path, line=number)
            continue
        trim = obj.get("trim") or [0, 0]
        yield PatternRecord(obj["label"].strip(), obj["pattern"], number, obj.get("id") or "",
                            (trim[0], trim[1]))


def _problem(obj: dict[str, Any]) -> str:
    label = obj.get("label")
    if not isinstance(label, str) or not label.strip():
        return 'needs "label", a non-empty string'
    if "pattern" not in obj:
        return 'needs "pattern": a phrase, or a list of token descriptions'
    pattern = obj["pattern"]
    if isinstance(pattern, str):
        if not pattern.strip():
            return '"pattern" is an empty phrase'
    elif isinstance(pattern, list):
        if not pattern:
            return '"pattern" is an empty list of tokens'
        for position, token in enumerate(pattern, start=1):
            if not isinstance(token, dict):
                return (f'"pattern" token {position} must be an object such as '
                        f'{{"LOWER": "said"}}, not {type(token).__name__}')
    else:
        return f'"pattern" must be a phrase or a list of tokens, not {type(pattern).__name__}'
    if "id" in obj and not isinstance(obj["id"], str | int):
        return '"id" must be a string'
    if "id" in obj and isinstance(obj["id"], int):
        obj["id"] = str(obj["id"])
    trim = obj.get("trim")
    if trim is not None:
        if not (isinstance(trim, list) and len(trim) == 2
                and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                        for n in trim)):
            return '"trim" must be two whole numbers [from the start, from the end]'
        if isinstance(pattern, str):
            return '"trim" applies to token patterns only'
        shortest = sum(_fewest(token.get("OP")) for token in pattern)
        if trim[0] + trim[1] >= shortest:
            return (f'"trim" {trim} would leave nothing of a match of {shortest} '
                    f'token{"" if shortest == 1 else "s"}')
    return ""


def _fewest(op: object) -> int:
    """How many tokens a token description with this "OP" matches at least."""
    if op in (None, "+", "1"):
        return 1
    if isinstance(op, str) and op.startswith("{"):  # {n}, {n,m}, {n,}, {,m}
        low = op.strip("{}").split(",")[0].strip()
        return int(low) if low.isdigit() else 0
    return 0  # "?", "*", "!"
