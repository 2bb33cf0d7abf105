"""Relations through every format: those that hold them give them back byte for byte
(export, import into a fresh store, export again), the others count them as dropped;
imports refuse relation types the store does not know, as they do labels; spaCy gets a
`rel` mapping per document for a relation component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.model import document_id
from annotator.services.importing import import_paths
from annotator.services.interchange import ImportOptions, export
from annotator.store import open_store

ARTICLES = [
    "Moscow 😀 (Prensa Latina)—Shoigu confirmed the cooperation.\r\n"
    "“They are nations that have faced 👨‍👩‍👧 threats,” he said, and Lavrov added that "
    "“we continue to negotiate supplies,” according to Sputnik.\r\n",
    "Maduro said the Tu-160 and the An-124 were “the top equipment in the world”.\n",
]


def span(text: str, sub: str, label: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "label": label}


def tasks() -> list[dict]:
    a, b = ARTICLES
    shoigu, lavrov, sputnik = (span(a, "Shoigu", "actor"), span(a, "Lavrov", "actor"),
                               span(a, "Sputnik", "actor"))
    nations = span(a, "“They are nations that have faced 👨‍👩‍👧 threats,”", "quote")
    supplies = span(a, "“we continue to negotiate supplies,”", "quote")
    claim = span(a, "Lavrov added that “we continue to negotiate supplies,”", "claim")
    maduro, tu160, an124 = (span(b, "Maduro", "actor"), span(b, "Tu-160", "weapon"),
                            span(b, "An-124", "weapon"))
    top = span(b, "Maduro said the Tu-160 and the An-124 were “the top equipment in the "
                  "world”", "claim")

    def rel(head: dict, child: dict, kind: str) -> dict:
        return {"head_span": head, "child_span": child, "label": kind}

    return [
        {"text": a, "meta": {"title": "Cooperation", "source": "wire"},
         "spans": [shoigu, lavrov, sputnik, nations, supplies, claim],
         "relations": [rel(nations, shoigu, "speaker"), rel(supplies, lavrov, "speaker"),
                       rel(claim, lavrov, "speaker"), rel(claim, sputnik, "cites")],
         "_annotator_id": "alice"},
        {"text": a, "spans": [lavrov, supplies],
         "relations": [rel(supplies, lavrov, "speaker")], "_annotator_id": "bob"},
        {"text": b, "spans": [maduro, tu160, an124, top],
         "relations": [rel(top, maduro, "speaker"), rel(top, tu160, "about"),
                       rel(top, an124, "about")],
         "_annotator_id": "alice"},
    ]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def relations_of(store) -> list:  # type: ignore[no-untyped-def]
    return sorted((uid, r.head.annotator, r.head.start, r.head.end, r.head.label,
                   r.child.start, r.child.end, r.child.label, r.label)
                  for uid in store.documents.uids() for r in store.spans.relations(uid))


@pytest.fixture
def filled(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "a.sqlite3") as store:
        report = import_paths(store, [write_jsonl(tmp_path / "source.jsonl", tasks())],
                              add_labels=True)  # "cites" is no default type
        assert report.ok, report.errors
        assert len(relations_of(store)) == 8
        yield store


@pytest.mark.parametrize(("fmt", "options", "suffix"), [
    ("jsonl", {}, ".jsonl"),
    ("jsonl", {"tokens": True}, ".jsonl"),
    ("doccano-rel", {}, ".jsonl"),
    ("doccano-rel", {"offsets": "codepoints"}, ".jsonl"),
    ("labelstudio", {}, ".json"),
    ("labelstudio", {"offsets": "utf16"}, ".json"),
])
def test_export_import_export_is_byte_for_byte(filled, tmp_path: Path, fmt: str,
                                               options: dict, suffix: str) -> None:
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    report = export(filled, first, fmt, **options)
    assert report.dropped == {}
    written = first.read_bytes()
    assert "“we continue to negotiate supplies,”".encode() in written
    with open_store(tmp_path / "b.sqlite3") as other:
        back = import_paths(other, [first], add_labels=True,
                            options=ImportOptions(offsets=options.get("offsets")))
        assert back.ok, back.errors
        assert relations_of(other) == relations_of(filled)
        assert export(other, second, fmt, **options).dropped == {}
    assert second.read_bytes() == written


def test_formats_without_relations_count_them_as_dropped(filled, tmp_path: Path) -> None:
    report = export(filled, tmp_path / "d.jsonl", "doccano")
    assert report.dropped == {
        "relations (doccano's label form has none; use --format doccano-rel)": 8}
    report = export(filled, tmp_path / "out.conll", "conll", align="expand")
    # One example per document: alice's and bob's same speaker relation counts once.
    assert report.dropped["relations (training formats hold spans only)"] == 7


def test_unknown_relation_types_are_bad_records_unless_added(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "source.jsonl", tasks())
    with open_store(tmp_path / "a.sqlite3") as store:
        refused = import_paths(store, [source])
        assert refused.files[0].refused and store.documents.count() == 0
        assert refused.errors == [f"{source}:1: unknown relation type 'cites' (define it "
                                  "first or pass --add-labels)"]
        skipped = import_paths(store, [source], on_error="skip")
        assert skipped.files[0].imported == 2 and skipped.files[0].failed == 1
        assert {r[-1] for r in relations_of(store)} == {"speaker", "about"}
        assert [t.name for t in store.relation_types.all()] == ["speaker", "about"]
        added = import_paths(store, [source], add_labels=True)
        assert added.ok
        assert [t.name for t in store.relation_types.all()] == ["speaker", "about", "cites"]
        assert store.relation_types.get("cites").heads == ()  # links any labels


def test_imported_relations_need_not_fit_their_types(tmp_path: Path) -> None:
    # Another tool's data: a speaker whose child is a weapon is kept as written.
    text = "The Tu-160 said nothing."
    source = write_jsonl(tmp_path / "odd.jsonl", [{
        "text": text, "_annotator_id": "alice",
        "spans": [span(text, "The Tu-160 said nothing.", "claim"), span(text, "Tu-160", "weapon")],
        "relations": [{"head_span": span(text, "The Tu-160 said nothing.", "claim"),
                       "child_span": span(text, "Tu-160", "weapon"), "label": "speaker"}]}])
    with open_store(tmp_path / "a.sqlite3") as store:
        assert import_paths(store, [source]).ok
        (relation,) = store.spans.relations(document_id(text))
        assert (relation.child.label, relation.label) == ("weapon", "speaker")


def test_spacy_export_writes_rel_for_a_relation_component(filled, tmp_path: Path) -> None:
    from spacy.tokens import Doc

    from annotator.nlp.docbin import REL_WINDOW, read_docbin

    out = tmp_path / "train.spacy"
    report = export(filled, out, "spacy", align="expand")
    # alice's and bob's speaker of the same quote is one relation once merged.
    assert report.relations == 7
    assert [reason for reason in report.dropped if "relations" in reason] == []
    assert "7 relations" in report.summary()
    Doc.set_extension("rel", default={}, force=True)  # as the tutorial's component does
    types = ["about", "cites", "speaker"]
    expected = {
        ARTICLES[0].replace("\r\n", "\n"): {
            # Shoigu grows to its token "Latina)—Shoigu" (--align expand).
            ("“", "Latina)—Shoigu", "speaker"), ("“", "Lavrov", "speaker"),
            ("Lavrov", "Lavrov", "speaker"), ("Lavrov", "Sputnik", "cites")},
        ARTICLES[1]: {("Maduro", "Maduro", "speaker"), ("Maduro", "Tu-160", "about"),
                      ("Maduro", "An-124", "about")}}
    docs = read_docbin(out)
    assert [doc.text for doc in docs] == list(expected)
    for doc in docs:
        rel = doc._.rel
        found = {(doc[h].text, doc[c].text, kind)
                 for (h, c), scores in rel.items() for kind, score in scores.items()
                 if score == 1.0}
        assert found == expected[doc.text]
        assert all(sorted(scores) == types and set(scores.values()) <= {0.0, 1.0}
                   for scores in rel.values())
        # Every instance the tutorial's generator makes from these spans has its truth.
        spans = list(doc.spans["sc"])
        for one in spans:
            for other in spans:
                if one is not other and abs(other.start - one.start) <= REL_WINDOW:
                    assert sorted(rel[(one.start, other.start)]) == types


def test_spacy_export_counts_relations_that_lose_an_end(filled, tmp_path: Path) -> None:
    report = export(filled, tmp_path / "drop.spacy", "spacy", align="drop")
    reason = "relations dropped with an end not on token boundaries"
    assert report.dropped[reason] == 1 and report.relations == 6
    (example,) = report.examples[reason]
    assert example.endswith("speaker: quote '“They are nations that have fa' → actor 'Shoigu'")
