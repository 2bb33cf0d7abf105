"""A generated news corpus for the search benchmarks: N articles of 2–4 KB as JSONL.

Words follow the frequencies of the sample articles, with a long tail of rarer
made-up words (a real corpus has tens of thousands of words) and weapon designators
at known rates, from Tu-160 (in about one article in fifty) to Zircon-3M (one in
200,000). A few percent of the articles carry spans of two annotators, so that
filters and review categories have something to find.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
# Designator -> share of articles that mention it.
DESIGNATORS = {"Tu-160": 0.02, "S-300": 0.01, "AK-103": 0.002, "An-124": 0.001,
               "Su-57": 0.0005, "Kh-101": 0.0001, "Zircon-3M": 0.000005}
TAIL_WORDS = 40_000
ANNOTATED = 0.03  # share of articles with spans by alice and bob


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    counts = Counter(re.findall(r"\w(?:[\w’'-]*\w)?", " ".join(
        p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))))
    # Designators come only at the rates of DESIGNATORS: the samples' own are left out.
    common = [(w, c) for w, c in counts.most_common()
              if not ("-" in w and any(ch.isdigit() for ch in w))]
    words, weights = [w for w, _ in common], [float(c) for _, c in common]
    syllables = ["ka", "ro", "vi", "ne", "sto", "mar", "li", "den", "gra", "tu", "zo", "pel",
                 "shi", "an", "ov", "sk", "ya", "ber", "ti", "mo"]
    seen = set(words)
    rank = 1
    while rank <= TAIL_WORDS:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word in seen:
            continue
        seen.add(word)
        words.append(word.capitalize() if rng.random() < 0.3 else word)
        weights.append(2.0 / rank)  # Zipf's tail, below the rarest sample word
        rank += 1
    return words, weights


def articles(n: int, seed: int = 11) -> Iterator[tuple[str, list[dict], list[dict]]]:
    """(text, alice's spans, bob's spans) for n distinct articles."""
    rng = random.Random(seed)
    words, weights = _vocabulary(rng)
    labels = ["actor", "weapon", "claim", "quote"]
    batch: list[str] = []
    used = 0

    def take(k: int) -> list[str]:
        nonlocal batch, used
        if used + k > len(batch):
            batch, used = rng.choices(words, weights, k=200_000), 0
        used += k
        return batch[used - k:used]

    for i in range(n):
        title = _sentence(take(rng.randint(5, 9)))
        paragraphs = []
        for _ in range(rng.randint(4, 8)):
            sentence = take(rng.randint(40, 90))
            for name, share in DESIGNATORS.items():
                if rng.random() < share * 0.25:  # four to eight paragraphs
                    sentence.insert(rng.randrange(len(sentence)), name)
            paragraphs.append(_sentence(sentence) + ".")
        text = f"{title} {i}\n\n" + "\n\n".join(paragraphs)
        alice: list[dict] = []
        bob: list[dict] = []
        if rng.random() < ANNOTATED:
            for m in list(re.finditer(r"\w+", text))[:200:9]:
                label = rng.choice(labels)
                alice.append({"start": m.start(), "end": m.end(), "label": label})
                if rng.random() < 0.8:  # bob mostly agrees
                    other = label if rng.random() < 0.8 else rng.choice(labels)
                    bob.append({"start": m.start(), "end": m.end(), "label": other})
        yield text, alice, bob


def _sentence(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def write_jsonl(folder: Path, n: int, per_file: int = 20_000) -> int:
    """Write the corpus as JSONL files of ``per_file`` articles into ``folder``, for
    `annotator import FOLDER`; returns their size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    out = None
    for i, (text, alice, bob) in enumerate(articles(n)):
        if i % per_file == 0:
            if out is not None:
                out.close()
            out = (folder / f"part{i // per_file:04d}.jsonl").open("w", encoding="utf-8")
        lines = [{"text": text}] if not alice else [
            {"text": text, "spans": found, "_annotator_id": who}
            for who, found in (("alice", alice), ("bob", bob))]
        for line in lines:
            size += out.write(json.dumps(line, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
    if out is not None:
        out.close()
    return size
