"""Generated news articles whose labels follow learnable rules, for training tests and
the suggestion benchmark.

- actor: the capitalised name after a title ("Defence Minister Ivan Petrov said");
- weapon: a designator shaped like Tu-160 or Su-30MK2;
- quote (with ``quotes=True``): a short quotation in curly quotes, which holds a
  weapon now and then, so labels overlap and a span categorizer is needed.

Capitalised words that are not actors (cities, months, organisations' places)
stand about too, so "capitalised" alone is not the rule.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = ("Ivan", "Maria", "Sergei", "Olga", "Jorge", "Ana", "Dmitry", "Elena", "Pedro",
         "Nadia", "Viktor", "Lucia", "Pavel", "Irina", "Carlos", "Sofia", "Oleg", "Marta")
LAST = ("Petrov", "Lopez", "Volkov", "Garcia", "Smirnov", "Reyes", "Orlov", "Castro",
        "Sokolov", "Morales", "Kozlov", "Herrera", "Popov", "Vargas", "Lebedev", "Rojas")
TITLES = ("Defence Minister", "Foreign Minister", "President", "Prime Minister",
          "Energy Minister", "spokesman")
PLACES = ("Moscow", "Caracas", "Havana", "Managua", "Brasilia", "Lima", "Kazan", "Bogota")
MONTHS = ("January", "March", "June", "September", "November")
VERBS = ("said", "told reporters", "confirmed", "added", "noted")
LETTERS = ("Tu", "Su", "Kh", "An", "Il", "Mi", "BM", "AK", "S", "T", "MiG")


def _designator(rng: random.Random) -> str:
    digits = str(rng.randrange(10, 999))
    tail = rng.choice(("", "", "", "M", "MK2", "B3"))
    return f"{rng.choice(LETTERS)}-{digits}{tail}"


def _name(rng: random.Random) -> str:
    return rng.choice(FIRST) + " " + rng.choice(LAST) if rng.random() < 0.7 \
        else rng.choice(LAST)


def article(rng: random.Random, *, sentences: int = 12, quotes: bool = False
            ) -> tuple[str, list[tuple[int, int, str]]]:
    """(text, spans) of one article; spans are (start, end, label), code points."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0

    def put(text: str, label: str | None = None) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(text)
        pos += len(text)
        if label:
            spans.append((start, pos, label))
        return start, pos

    put(f"Talks in {rng.choice(PLACES)} go on\n\n")
    for _ in range(sentences):
        kind = rng.random()
        if kind < 0.35:
            put(f"{rng.choice(TITLES)} ")
            put(_name(rng), "actor")
            put(f" {rng.choice(VERBS)} in {rng.choice(PLACES)} on Monday that the "
                f"deliveries would continue. ")
        elif kind < 0.6:
            put(f"In {rng.choice(MONTHS)} the army of {rng.choice(PLACES)} received new ")
            put(_designator(rng), "weapon")
            put(" systems and some older ")
            put(_designator(rng), "weapon")
            put(" units. ")
        elif kind < 0.75 and quotes:
            put(f"The {rng.choice(TITLES).split()[-1].lower()} called it ")
            start, _ = put("“")
            if rng.random() < 0.5:
                put("a good deal for the ")
                put(_designator(rng), "weapon")
                put(" fleet")
            else:
                put("a step towards peace")
            _, end = put("”")
            spans.append((start, end, "quote"))
            put(". ")
        else:
            put(f"Observers in {rng.choice(PLACES)} and {rng.choice(PLACES)} expect "
                f"more news in {rng.choice(MONTHS)}. ")
        if rng.random() < 0.2:
            put("\n\n")
    return "".join(parts).rstrip() + "\n", sorted(spans)


def articles(n: int, *, seed: int = 0, quotes: bool = False, sentences: int = 12
             ) -> list[tuple[str, list[tuple[int, int, str]]]]:
    rng = random.Random(seed)
    return [article(rng, sentences=sentences, quotes=quotes) for _ in range(n)]


def write_jsonl(path: Path, n: int, *, annotator: str = "alice", seed: int = 0,
                quotes: bool = False, sentences: int = 12) -> Path:
    """The articles as our JSONL (Prodigy tasks), for `annotator import`."""
    with path.open("w", encoding="utf-8") as out:
        for text, spans in articles(n, seed=seed, quotes=quotes, sentences=sentences):
            out.write(json.dumps({"text": text, "_annotator_id": annotator,
                                  "spans": [{"start": s, "end": e, "label": label}
                                            for s, e, label in spans]},
                                 ensure_ascii=False) + "\n")
    return path


def fill_store(store, n: int, *, annotator: str = "alice", seed: int = 0,  # type: ignore[no-untyped-def]
               quotes: bool = False, sentences: int = 12) -> list[str]:
    """Put the articles and their accepted spans into a store; their ids, in order."""
    from annotator.core.model import AnnotatorKind, Document, Span

    made = articles(n, seed=seed, quotes=quotes, sentences=sentences)
    docs = [Document.from_text(text) for text, _ in made]
    with store.bulk() as writer:
        keys = writer.documents(docs)
        for doc, (_, spans) in zip(docs, made, strict=True):
            writer.spans(keys[doc.id][0], annotator, AnnotatorKind.HUMAN,
                         [Span(s, e, label, annotator) for s, e, label in spans])
    return [doc.id for doc in docs]
