"""Tables of the current schema version (see migrations.py for how a store gets here)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# Key/value facts about the store itself: schema_version lives here.
store_info = Table(
    "store_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    # sha256 of the canonical text: the same article on two machines is one document.
    Column("uid", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    Column("meta", Text, nullable=False, default="{}"),
    Column("text", Text, nullable=False),
    Column("length", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
)

annotators = Table(
    "annotators",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(16), nullable=False, default="human"),
)

labels = Table(
    "labels",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("color", String(16), nullable=False, default="#888888"),
    Column("key", String(8), nullable=True),
    Column("guideline", Text, nullable=False, default=""),
    Column("archived", Boolean, nullable=False, default=False),
    Column("position", Integer, nullable=False, default=0),
)

spans = Table(
    "spans",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("document", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False),
    Column("annotator", Integer, ForeignKey("annotators.pk", ondelete="CASCADE"), nullable=False),
    # RESTRICT: archiving a label never takes its spans with it.
    Column("label", Integer, ForeignKey("labels.pk", ondelete="RESTRICT"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("origin", String(16), nullable=False, default="manual"),
    Column("status", String(16), nullable=False, default="accepted"),
    # A suggestion's score in [0, 1] (a model's confidence); None for spans people make.
    Column("score", Float, nullable=True),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("document", "annotator", "label", "start", "end", name="uq_span"),
)
# A document's key and length by its id, without reading past its text: a row's
# columns after the text (length) are reached only through its overflow pages.
Index("ix_documents_lookup", documents.c.uid, documents.c.length)

# A document's spans in reading order, read from the index alone: opening an
# article with 100,000 spans needs no sort and no visit to the table.
Index("ix_spans_reading", spans.c.document, spans.c.start, spans.c.end.desc(), spans.c.label,
      spans.c.annotator, spans.c.origin, spans.c.status)

# Search's label filters (label:weapon, label:weapon@alice) read their documents from
# this index. It starts with the label so that no query about one document's spans
# (which have the reading index above) is ever planned through it.
Index("ix_spans_label", spans.c.label, spans.c.status, spans.c.annotator, spans.c.document)

# What a relation may be (speaker, about): named, coloured, keyed like labels, with the
# labels its head and child may have (JSON lists of label names; empty: any label).
relation_types = Table(
    "relation_types",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("color", String(16), nullable=False, default="#888888"),
    Column("key", String(8), nullable=True),
    Column("heads", Text, nullable=False, default="[]"),
    Column("children", Text, nullable=False, default="[]"),
    Column("archived", Boolean, nullable=False, default=False),
    Column("position", Integer, nullable=False, default=0),
)

# A relation names its type by key (RESTRICT: a type in use is archived, never
# deleted with its relations). Status as for spans: a reviewer's rejection is a
# relation with status rejected.
relations = Table(
    "relations",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("head", Integer, ForeignKey("spans.pk", ondelete="CASCADE"), nullable=False),
    Column("child", Integer, ForeignKey("spans.pk", ondelete="CASCADE"), nullable=False),
    Column("type", Integer, ForeignKey("relation_types.pk", ondelete="RESTRICT"),
           nullable=False),
    Column("status", String(16), nullable=False, default="accepted"),
    # The head's document (both ends are in it), kept here so a document's relations
    # are one index range: found through its spans, 100,000 spans are 100,000 probes.
    Column("document", Integer, ForeignKey("documents.pk", ondelete="CASCADE"),
           nullable=False),
    UniqueConstraint("head", "child", "type", name="uq_relation_type"),
)
Index("ix_relations_child", relations.c.child)
# Covering: opening a document reads its relations from the index alone, in order made.
Index("ix_relations_document", relations.c.document, relations.c.pk, relations.c.head,
      relations.c.child, relations.c.type, relations.c.status)

document_states = Table(
    "document_states",
    metadata,
    Column("document", Integer, ForeignKey("documents.pk", ondelete="CASCADE"),
           primary_key=True),
    Column("annotator", Integer, ForeignKey("annotators.pk", ondelete="CASCADE"),
           primary_key=True),
    Column("state", String(16), nullable=False, default="todo"),
    # Where the annotator was reading (code point), so reopening returns there.
    Column("position", Integer, nullable=False, default=0),
    Column("updated_at", Float, nullable=False),
)
