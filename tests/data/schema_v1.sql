-- Schema version 1 of the Annotator store, frozen, with a little data.
CREATE TABLE annotators (
	pk INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	PRIMARY KEY (pk), 
	UNIQUE (name)
);
CREATE TABLE documents (
	pk INTEGER NOT NULL, 
	uid VARCHAR(64) NOT NULL, 
	title TEXT NOT NULL, 
	source TEXT NOT NULL, 
	meta TEXT NOT NULL, 
	text TEXT NOT NULL, 
	length INTEGER NOT NULL, 
	created_at FLOAT NOT NULL, 
	PRIMARY KEY (pk), 
	UNIQUE (uid)
);
CREATE TABLE labels (
	pk INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	color VARCHAR(16) NOT NULL, 
	"key" VARCHAR(8), 
	guideline TEXT NOT NULL, 
	archived BOOLEAN NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (pk), 
	UNIQUE (name)
);
CREATE TABLE store_info (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE document_states (
	document INTEGER NOT NULL, 
	annotator INTEGER NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	updated_at FLOAT NOT NULL, 
	PRIMARY KEY (document, annotator), 
	FOREIGN KEY(document) REFERENCES documents (pk) ON DELETE CASCADE, 
	FOREIGN KEY(annotator) REFERENCES annotators (pk) ON DELETE CASCADE
);
CREATE TABLE spans (
	pk INTEGER NOT NULL, 
	document INTEGER NOT NULL, 
	annotator INTEGER NOT NULL, 
	label INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	origin VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	created_at FLOAT NOT NULL, 
	PRIMARY KEY (pk), 
	CONSTRAINT uq_span UNIQUE (document, annotator, label, start, "end"), 
	FOREIGN KEY(document) REFERENCES documents (pk) ON DELETE CASCADE, 
	FOREIGN KEY(annotator) REFERENCES annotators (pk) ON DELETE CASCADE, 
	FOREIGN KEY(label) REFERENCES labels (pk) ON DELETE RESTRICT
);
CREATE INDEX ix_spans_document_annotator ON spans (document, annotator, start);
CREATE TABLE relations (
	pk INTEGER NOT NULL, 
	head INTEGER NOT NULL, 
	child INTEGER NOT NULL, 
	label VARCHAR(200) NOT NULL, 
	PRIMARY KEY (pk), 
	CONSTRAINT uq_relation UNIQUE (head, child, label), 
	FOREIGN KEY(head) REFERENCES spans (pk) ON DELETE CASCADE, 
	FOREIGN KEY(child) REFERENCES spans (pk) ON DELETE CASCADE
);
CREATE INDEX ix_relations_child ON relations (child);
INSERT INTO store_info VALUES ('schema_version', '1');
INSERT INTO documents (pk, uid, title, source, meta, text, length, created_at)
  VALUES (1, 'e0f4d3c6b7a8e7a1e1a9bb1f5e52f1c8e0f4d3c6b7a8e7a1e1a9bb1f5e52f1c8',
          'Old article', 'old.txt', '{}', 'Old article
body', 16, 0);
INSERT INTO annotators (pk, name, kind) VALUES (1, 'ann', 'human');
INSERT INTO labels (pk, name, color, "key", guideline, archived, position)
  VALUES (1, 'actor', '#1f77b4', '1', '', 0, 0);
INSERT INTO spans (pk, document, annotator, label, start, "end", origin, status, created_at)
  VALUES (1, 1, 1, 1, 0, 3, 'manual', 'accepted', 0);
INSERT INTO document_states (document, annotator, state, updated_at) VALUES (1, 1, 'done', 0);
