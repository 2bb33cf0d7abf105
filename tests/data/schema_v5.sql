-- A store of schema version 5 (written by that version): a quote with two relations,
-- speaker and a free-text type, and the weapon label keyed 's'.
BEGIN TRANSACTION;
CREATE TABLE store_info (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO store_info VALUES('schema_version','5');
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
INSERT INTO documents VALUES(1,'4a4e8a0cde10a11b408f3506ec5fbfd7e960b8ba84187b4555209a6426ba601a','Old talks','','{}','Lavrov said “we will continue” in Moscow.',41,1796131914.7466089725);
CREATE TABLE annotators (
	pk INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	PRIMARY KEY (pk), 
	UNIQUE (name)
);
INSERT INTO annotators VALUES(1,'ann','human');
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
INSERT INTO labels VALUES(1,'actor','#1f77b4','1','A person, group, state or organisation that acts or speaks.',0,0);
INSERT INTO labels VALUES(2,'weapon','#d62728','s','A weapon, weapon system or military platform.',0,1);
INSERT INTO labels VALUES(3,'claim','#2ca02c','3','A statement presented as fact by a source.',0,2);
INSERT INTO labels VALUES(4,'quote','#9467bd','4','Directly or indirectly reported speech.',0,3);
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
INSERT INTO spans VALUES(1,1,1,1,0,6,'manual','accepted',1796131914.7487106323);
INSERT INTO spans VALUES(2,1,1,4,12,30,'manual','accepted',1796131914.7544181347);
INSERT INTO spans VALUES(3,1,1,1,34,40,'manual','accepted',1796131914.7550878524);
CREATE TABLE document_states (
	document INTEGER NOT NULL, 
	annotator INTEGER NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	position INTEGER NOT NULL, 
	updated_at FLOAT NOT NULL, 
	PRIMARY KEY (document, annotator), 
	FOREIGN KEY(document) REFERENCES documents (pk) ON DELETE CASCADE, 
	FOREIGN KEY(annotator) REFERENCES annotators (pk) ON DELETE CASCADE
);
INSERT INTO document_states VALUES(1,1,'in_progress',0,1796131914.7494041919);
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
INSERT INTO relations VALUES(1,2,1,'speaker');
INSERT INTO relations VALUES(2,2,3,'cites');
CREATE INDEX ix_documents_lookup ON documents (uid, length);
CREATE INDEX ix_spans_reading ON spans (document, start, "end" DESC, label, annotator, origin, status);
CREATE INDEX ix_relations_child ON relations (child);
COMMIT;
