"""Who said it: the likely speaker of a quote or claim, found by plain rules over spaCy tokens.

For each quote or claim with no speaker relation yet, the helper looks for a speech
cue (said, told, added, claimed, according to, …) and the actor span it links:

* in the head's own sentence: the actor just before the cue ("Maduro said"),
  else right after it ("said Maduro", "according to Interfax"), else the nearest
  actor before it in the sentence that is not the object of a preposition
  ("President Trump on Wednesday called on Russia … and said");
* else in the sentence before or after, the same way;
* else, when the head's sentence says "he said" (a pronoun and a cue), the actor
  leading the sentence before ("The Russian official referred … “…,” he said").

Cues inside a quote are the quoted person's words, and actors inside a quote never
speak it. Each suggestion has a score (how direct the link is) and a reason in words.
Only the text near each head is tokenized (blank English and a sentencizer; no
model), so the cost follows the number of heads, not the length of the article.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from annotator.core.model import DEFAULT_RELATION_TYPES, RelationType, SpanLike

#: Characters around a head that are tokenized: a few sentences on each side.
CONTEXT = 600

# Forms that are seldom nouns: "claims", "reports", "comments" and "state" are left out
# ("media reports said", "in comments carried by", "state media").
SPEECH_VERBS = frozenset("""
    say says said saying tell tells told telling add adds added adding claimed claiming
    stated stating announce announces announced announcing reported reporting
    commented commenting stress stressed noted explain explains explained assert
    asserts asserted insist insists insisted declare declares declared warn warns
    warned confirm confirms confirmed quoted argue argues argued mentioned assure
    assures assured replied wrote tweeted acknowledge acknowledged deny denies denied
    urged promised pledged vowed highlighted emphasize emphasized emphasise emphasised
    described admit admits admitted suggested recalled remarked
""".split())
PRONOUNS = frozenset("he she they we i it".split())
PREPOSITIONS = frozenset("""
    in on at over with from to of for about by into onto against between among
    toward towards during after before under than via near across behind beyond
""".split())

_nlp_lock = threading.Lock()
_nlp: list[Any] = []


def sentence_pipeline() -> Any:
    """Blank English with a sentencizer, made once (no model: nothing to download)."""
    if not _nlp:
        with _nlp_lock:
            if not _nlp:
                import spacy

                nlp = spacy.blank("en")
                nlp.add_pipe("sentencizer")
                _nlp.append(nlp)
    return _nlp[0]


@dataclass(frozen=True, slots=True)
class Attribution:
    """A likely speaker: a relation of ``type`` from ``head`` (a quote or claim) to
    ``child`` (an actor), the spans as they were given, with how sure (0-1) and why."""

    head: Any
    child: Any
    type: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    lower: str
    quoted: bool  # inside a quote span: someone's own words


def suggest_speakers(text: str, spans: Sequence[SpanLike], linked: Iterable[Any] = (), *,
                     kind: RelationType = DEFAULT_RELATION_TYPES[0],
                     within: tuple[int, int] | None = None) -> list[Attribution]:
    """The likely speaker of every head (a span ``kind`` may head: quote, claim) that
    has no relation of ``kind`` yet, in the order of the heads.

    ``spans`` are one annotator's spans, each with an ``id``; ``linked`` their
    relations (each with ``head`` and ``child`` span ids and a ``type``, like
    :class:`~annotator.core.model.RelationRow`), in any status: a pair already
    there (even rejected) is never offered again. ``within`` limits the heads to
    those overlapping a range of the text (what a window shows)."""
    linked = [r for r in linked if r.type == kind.name]
    spoken = {r.head for r in linked}
    refused = {(r.head, r.child) for r in linked}
    heads = sorted((s for s in spans if kind.heads and s.label in kind.heads
                    and getattr(s, "id", None) not in spoken
                    and (within is None or (s.start < within[1] and within[0] < s.end))),
                   key=lambda s: (s.start, -s.end))
    actors = sorted((s for s in spans if not kind.children or s.label in kind.children),
                    key=lambda s: (s.start, -s.end))
    if not heads or not actors:
        return []
    quotes = sorted((s.start, s.end) for s in spans if s.label == "quote")
    actor_starts = [a.start for a in actors]
    found = []
    for lo, hi in _regions(text, heads):
        region = _Region(text, lo, hi, quotes, actors, actor_starts)
        for head in heads:
            if lo <= head.start and head.end <= hi:
                best = region.attribute(head)
                if best is not None and (getattr(head, "id", None),
                                         getattr(best[0], "id", None)) not in refused:
                    found.append(Attribution(head, best[0], kind.name, best[1], best[2]))
    return found


def _regions(text: str, heads: Sequence[SpanLike]) -> list[tuple[int, int]]:
    """Stretches of text around the heads, merged where they meet, cut at whitespace."""
    regions: list[list[int]] = []
    for head in heads:  # in order of their starts
        lo, hi = max(0, head.start - CONTEXT), min(len(text), head.end + CONTEXT)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
    return [(lo, hi) for lo, hi in regions]


class _Region:
    """A stretch of text tokenized into sentences, with the actors in it, indexed for
    look-ups by position (a region may be a whole long article)."""

    def __init__(self, text: str, lo: int, hi: int, quotes: list[tuple[int, int]],
                 actors: Sequence[SpanLike], actor_starts: list[int]) -> None:
        self.text = text
        from spacy.attrs import IDX, LENGTH, LOWER

        doc = sentence_pipeline()(text[lo:hi])
        # Columns, not a Token object per token: a region may be a whole long article.
        columns = doc.to_array([IDX, LENGTH, LOWER]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        starts = [lo + idx for idx, _, _ in columns]
        # Quote spans that reach into the region, to mark the tokens they hold.
        inside = [(s, e) for s, e in quotes[:bisect_left(quotes, (hi, hi))] if e > lo]
        quoted = [False] * len(starts)
        for s, e in inside:
            for i in range(bisect_left(starts, s), bisect_left(starts, e)):
                quoted[i] = True
        self.tokens = [_Token(start, start + length, strings[lower], q)
                       for start, (_, length, lower), q in zip(starts, columns, quoted,
                                                               strict=True)]
        self.starts = starts
        self.quotes = inside
        # A line break ends a sentence too: headlines and paragraphs have no full stop.
        self.sentences: list[tuple[int, int]] = []
        for sent in doc.sents:
            begin = lo + sent.start_char
            for line in re.finditer(r"[^\n]+", text[begin:lo + sent.end_char]):
                if line.group().strip():
                    self.sentences.append((begin + line.start(), begin + line.end()))
        self.sentence_starts = [s for s, _ in self.sentences]
        # Actors sorted by start; those that begin in the region are the ones it links.
        self.actors = list(actors[bisect_left(actor_starts, lo):bisect_left(actor_starts, hi)])
        self.actor_starts = [a.start for a in self.actors]

    # ------------------------------------------------------------- look-ups

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that start in [start, end)."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def between(self, start: int, end: int) -> int:
        """How many tokens lie within [start, end)."""
        return max(0, bisect_left(self.starts, end) - bisect_left(self.starts, start))

    def actors_in(self, start: int, end: int) -> list[SpanLike]:
        return [a for a in self.actors[bisect_left(self.actor_starts, start):
                                       bisect_left(self.actor_starts, end)] if a.end <= end]

    def quoted(self, actor: SpanLike) -> bool:
        """Whether the actor lies inside a quote: spoken of, not speaking."""
        at = bisect_left(self.starts, actor.start)
        return at < len(self.tokens) and self.tokens[at].quoted

    def after_preposition(self, actor: SpanLike) -> bool:
        """Whether the actor is the object of a preposition ("over Ukraine", "with the
        U.S."): a preposition just before it, or before a determiner just before it."""
        at = bisect_left(self.starts, actor.start)
        for tok in reversed(self.tokens[max(0, at - 3):at]):
            if tok.lower in PREPOSITIONS:
                return True
            if tok.lower not in ("the", "a", "an", "its", "their", "his", "her"):
                return False
        return False

    # ------------------------------------------------------------- the rule

    def attribute(self, head: SpanLike) -> tuple[SpanLike, float, str] | None:
        core = _core(self.text, head)
        at = bisect_left(self.sentence_starts, core[1])
        own = [i for i in range(max(0, at - 200), at)
               if self.sentences[i][1] > core[0]]  # sentences overlapping the core
        if not own:
            return None
        first, last = own[0], own[-1]
        for index, place, factor in ((first, "in the same sentence", 1.0),
                                     (first - 1, "in the sentence before", 0.55),
                                     (last + 1, "in the sentence after", 0.5)):
            if not 0 <= index < len(self.sentences):
                continue
            candidates = [c for i in (own if index == first else [index])
                          for c in self._linked(self.sentences[i], head)]
            if candidates:
                _, actor, score, how = min(candidates, key=lambda c: (c[0], -c[2]))
                return actor, round(score * factor, 2), f"{how} {place}"
        if first > 0 and self._pronoun_cue(self.sentences[first], head):
            before = self.sentences[first - 1]
            subjects = [a for a in self.actors_in(*before) if _usable(a, head)
                        and not self.quoted(a) and not self.after_preposition(a)]
            if subjects:
                return (subjects[0], 0.4,
                        "a pronoun says it; the actor leading the sentence before")
        return None

    def _cues(self, sentence: tuple[int, int], head: SpanLike) -> list[tuple[int, int]]:
        """Speech cues (first and last token index) in a sentence, outside quotes."""
        tokens = self.tokens
        found = []
        for i in self.token_range(*sentence):
            tok = tokens[i]
            if tok.quoted or (head.start <= tok.start < head.end and head.label == "quote"):
                continue
            if tok.lower in SPEECH_VERBS:
                found.append((i, i))
            elif tok.lower == "according" and i + 1 < len(tokens) \
                    and tokens[i + 1].lower == "to":
                found.append((i, i + 1))
        return found

    def _linked(self, sentence: tuple[int, int], head: SpanLike
                ) -> list[tuple[int, SpanLike, float, str]]:
        """(distance to the head, actor, score, reason) for each cue with an actor."""
        near = [a for a in self.actors_in(*sentence) if _usable(a, head) and not self.quoted(a)]
        out = []
        for first, last in self._cues(sentence, head):
            cue = self.tokens[first]
            distance = 0 if head.start <= cue.start < head.end else \
                min(abs(cue.start - head.end), abs(head.start - cue.end))
            found = self._actor_of(first, last, near)
            if found is not None:
                out.append((distance, *found))
        return out

    def _actor_of(self, first: int, last: int, actors: Sequence[SpanLike]
                  ) -> tuple[SpanLike, float, str] | None:
        cue, end_cue = self.tokens[first], self.tokens[last]
        if first != last:  # according to
            after = [a for a in actors if a.start >= end_cue.end
                     and self.between(end_cue.end, a.start) <= 4]
            if after:
                return after[0], 0.8, f"“according to {self.show(after[0])}”"
            return None
        before = [a for a in actors if a.end <= cue.start]
        close = [a for a in before if self.between(a.end, cue.start) <= 3
                 and not self.after_preposition(a)]
        if close:
            actor = max(close, key=lambda a: (a.end, -a.start))
            # The words as written: "the source was quoted", "Sergei Lavrov, reported".
            return actor, 0.9, f"“{self.show(actor)}{self.text[actor.end:cue.end]}”"
        after = [a for a in actors if a.start >= cue.end and self.between(cue.end, a.start) == 0]
        if after and cue.lower not in ("tell", "tells", "told", "telling"):  # told X: listener
            return after[0], 0.8, f"“{cue.lower} {self.show(after[0])}”"
        subjects = [a for a in before if not self.after_preposition(a)]
        if subjects:
            actor = max(subjects, key=lambda a: (a.end, -a.start))
            return actor, 0.6, f"“{self.show(actor)} … {cue.lower}”"
        return None

    def _pronoun_cue(self, sentence: tuple[int, int], head: SpanLike) -> bool:
        """Whether the sentence gives the speech to a pronoun: "he said", "said she"."""
        words = [self.tokens[i].lower for i in self.token_range(*sentence)
                 if not self.tokens[i].quoted]
        return any((one in PRONOUNS and two in SPEECH_VERBS)
                   or (one in SPEECH_VERBS and two in PRONOUNS)
                   for one, two in pairwise(words))

    def show(self, span: SpanLike) -> str:
        shown = self.text[span.start:span.end]
        return shown if len(shown) <= 40 else shown[:39] + "…"


def _usable(actor: SpanLike, head: SpanLike) -> bool:
    """An actor inside a quote never speaks it (it is spoken of)."""
    return not (head.label == "quote" and head.start <= actor.start and actor.end <= head.end)


def _core(text: str, head: SpanLike) -> tuple[int, int]:
    """The head without the quote marks and punctuation at its ends."""
    inner = text[head.start:head.end]
    lead = re.match(r"[\W_]*", inner)
    tail = re.search(r"[\W_]*$", inner)
    start = head.start + (lead.end() if lead else 0)
    end = head.end - (len(tail.group()) if tail else 0)
    return (start, end) if start < end else (head.start, head.end)
