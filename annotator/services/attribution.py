"""The attribution helper for a document: likely speakers of its quotes and claims."""

from __future__ import annotations

from annotator.core.errors import UnknownRelationType
from annotator.core.model import SpanRow, Status
from annotator.nlp.attribution import Attribution, suggest_speakers
from annotator.store import Store

SPEAKER = "speaker"


def speaker_suggestions(store: Store, uid: str, annotator: str, *,
                        within: tuple[int, int] | None = None,
                        kind: str = SPEAKER) -> list[Attribution]:
    """Likely speakers (relations of type ``kind``, by default speaker) for the
    annotator's accepted quotes and claims in a document that have none yet, each
    with a score and a reason; heads and children are :class:`SpanRow`. None when
    the type is unknown or archived. Pairs the annotator has already (in any
    status, so a rejected suggestion stays rejected) are not offered."""
    try:
        relation_type = store.relation_types.get(kind)
    except UnknownRelationType:
        return []
    if relation_type.archived:
        return []
    text = store.documents.get(uid).text
    rows = [SpanRow(*row) for row in store.spans.rows_of_document(uid)]
    mine = [row for row in rows
            if row.annotator == annotator and row.status == Status.ACCEPTED.value]
    ids = {row.id for row in mine}
    linked = [r for r in store.spans.relation_rows(uid) if r.head in ids]
    return suggest_speakers(text, mine, linked, kind=relation_type, within=within)
