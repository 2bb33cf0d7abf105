"""Pattern files: every match spaCy's own SpanRuler finds is a suggestion; bad lines are
bad records with file:line; the starter patterns find what they promise."""

import json
from pathlib import Path

import pytest
import spacy

from annotator.core.errors import AnnotatorError
from annotator.services.suggesting import (
    PatternsRefused,
    pattern_suggester,
    read_pattern_file,
    starter_patterns,
)


def spacy_ruler_matches(entries: list[dict], text: str) -> set[tuple[int, int, str]]:
    """What a plain SpanRuler finds, with each entry's own `trim` applied by its id."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "test"})
    ruler.add_patterns(entries)
    trims = {e.get("id", ""): e.get("trim", [0, 0]) for e in entries}
    doc = nlp(text)
    found = set()
    for span in doc.spans["test"]:
        head, tail = trims[span.id_]
        inner = doc[span.start + head:span.end - tail]
        found.add((inner.start_char, inner.end_char, span.label_))
    return found


def test_starter_patterns_match_as_spacys_span_ruler(store, seed_articles: list[Path]) -> None:
    entries = [json.loads(line) for line in starter_patterns().read_text("utf-8").splitlines()]
    assert len({e.get("id") for e in entries if "trim" in e}) == \
        len([e for e in entries if "trim" in e]), "trimmed patterns have ids of their own"
    suggester = pattern_suggester(store, starter_patterns())
    texts = [p.read_text(encoding="utf-8") for p in seed_articles]
    found_all = []
    for text, ours in zip(texts, suggester.suggest(texts), strict=True):
        assert {(s.start, s.end, s.label) for s in ours} == spacy_ruler_matches(entries, text)
        assert all(s.score is None and text[s.start:s.end] == text[s.start:s.end].strip()
                   for s in ours)
        found_all += [(text[s.start:s.end], s.label) for s in ours]
    weapons = {t for t, label in found_all if label == "weapon"}
    assert {"Tu-160", "TU-160", "AK-103", "An-124", "Il-62"} <= weapons
    quotes = [t for t, label in found_all if label == "quote"]
    assert any(q.startswith("“") and q.endswith("”") for q in quotes)
    assert '"all options"' in quotes
    actors = {t for t, label in found_all if label == "actor"}
    assert {"Maduro", "Dmitry Peskov", "Maria Zakharova"} <= actors


def test_starter_patterns_find_designators_by_shape(store) -> None:
    text = ('Moscow sent Su-30MK2 jets, Kh-101 missiles and the S-300 to "defend" them. '
            "“We will not stop,” said Lavrov on Monday. COVID-19 was not a weapon.")
    (found,) = pattern_suggester(store, starter_patterns()).suggest([text])
    got = {(text[s.start:s.end], s.label) for s in found}
    assert {("Su-30MK2", "weapon"), ("Kh-101", "weapon"), ("S-300", "weapon"),
            ('"defend"', "quote"), ("“We will not stop,”", "quote"),
            ("Lavrov", "actor")} <= got
    assert ("COVID-19", "weapon") not in got


def test_phrase_and_token_patterns_keep_overlaps(store, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (
        {"label": "weapon", "pattern": "S-300"},
        {"label": "actor", "pattern": [{"LOWER": "maduro"}]},
        {"label": "claim", "pattern": [{"LOWER": "maduro"}, {"LOWER": "bought"},
                                       {"TEXT": "S-300"}]},
        {"label": "weapon", "pattern": [{"TEXT": "S-300"}]},  # the same match twice
    )) + "\n", encoding="utf-8")
    text = "Maduro bought S-300 systems."
    (found,) = pattern_suggester(store, path).suggest([text])
    assert [(text[s.start:s.end], s.label) for s in found] == [
        ("Maduro", "actor"), ("Maduro bought S-300", "claim"), ("S-300", "weapon")]


def test_bad_pattern_lines_are_bad_records(store, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        json.dumps({"label": "weapon", "pattern": "S-300"}),
        '{"label": "actor", "pattern": [{"LOWER": "x"}',
        json.dumps({"pattern": "x"}),
        json.dumps({"label": "actor", "pattern": [{"LOWR": "maduro"}]}),
        json.dumps({"label": "vehicle", "pattern": "T-72"}),
        "",
        json.dumps({"label": "actor", "pattern": [{"LOWER": "said"}], "trim": [0, 1]}),
        json.dumps({"label": "actor", "pattern": []}),
        "[1, 2]",
    ]) + "\n", encoding="utf-8")
    with pytest.raises(PatternsRefused) as refused:
        read_pattern_file(store, path)
    lines = str(refused.value).splitlines()
    assert lines[0] == f"{path}: 7 bad patterns, none used:"
    assert lines[1].startswith(f"{path}:2: invalid JSON")
    assert lines[2] == f'{path}:3: needs "label", a non-empty string'
    assert lines[3] == f"{path}:4: token 1: LOWR: extra inputs are not permitted"
    assert lines[4].startswith(f"{path}:5: unknown label 'vehicle'")
    assert lines[5] == f'{path}:7: "trim" [0, 1] would leave nothing of a match of 1 token'
    assert lines[6] == f'{path}:8: "pattern" is an empty list of tokens'
    assert lines[7] == f"{path}:9: expected a JSON object, got list"
    assert "vehicle" not in {label.name for label in store.labels.all()}


def test_new_labels_only_when_asked(store, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"label": "vehicle", "pattern": "T-72"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(PatternsRefused, match="unknown label 'vehicle'"):
        read_pattern_file(store, path)
    assert [r.label for r in read_pattern_file(store, path, add_labels=True)] == ["vehicle"]
    assert "vehicle" in {label.name for label in store.labels.all()}


def test_an_empty_or_missing_file_is_refused(store, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="no such file"):
        read_pattern_file(store, tmp_path / "none.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="holds no patterns"):
        read_pattern_file(store, tmp_path / "empty.jsonl")
