"""review: filters in SQL agree with services.review.build_candidates on random spans."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import Document, Span, Status
from annotator.services.review import build_candidates
from annotator.store import open_store

ANNOTATORS = ["alice", "bob", "carol"]
TEXT = "0123456789" * 2

span = st.tuples(st.sampled_from(ANNOTATORS), st.integers(0, 6), st.integers(1, 3),
                 st.sampled_from(["actor", "weapon"]),
                 st.sampled_from([Status.ACCEPTED, Status.ACCEPTED, Status.SUGGESTED]))
documents = st.lists(st.lists(span, max_size=7), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=documents, compared=st.sampled_from([ANNOTATORS[:2], ANNOTATORS]))
def test_sql_categories_match_the_review(tmp_path_factory, documents, compared) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("review")) / "store.sqlite3"
    with open_store(path) as store:
        for name in ANNOTATORS:
            store.annotators.ensure(name)
        expected: dict[str, set[str]] = {}
        for i, spans in enumerate(documents):
            doc = Document.from_text(f"{i} {TEXT}")
            store.documents.add(doc)
            for who, start, length, label, status in spans:
                found = Span(start, start + length, label, who, status=status)
                if all(s.key != found.key for s in store.spans.of_document(doc.id)):
                    store.spans.add(doc.id, found)
            categories = {c.category.value for c in
                          build_candidates(store.spans.of_document(doc.id), compared)}
            if categories & {"label", "overlap"}:
                categories.add("conflict")
            for category in categories:
                expected.setdefault(category, set()).add(doc.id)
        every = set(store.documents.uids())
        for category in ("agreed", "label", "overlap", "partial", "only", "conflict"):
            term = f"review:{category}@{','.join(compared)}"
            want = expected.get(category, set())
            # listed from the spans, checked per match of words, and left out
            for query, documents in ((term, want), (f"{TEXT} {term}", want),
                                     (f"-{term}", every - want),
                                     (f"{TEXT} -{term}", every - want)):
                found = set(store.search.uids(store.search.compile(query)))
                assert found == documents, query
