"""The database schema, as forward migrations recorded in ``_sqlite_migrations``.

Never edit a migration that has shipped: add a new one. Offsets are Python ``str`` indices;
times are ISO 8601 UTC text; JSON columns hold JSON text.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("annotator")

_INITIAL_SCHEMA = [
    """
    CREATE TABLE schemes (
        id TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        namespace TEXT NOT NULL,
        title_fr TEXT NOT NULL,
        title_en TEXT NOT NULL,
        toml TEXT NOT NULL,
        loaded TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE concepts (
        id TEXT PRIMARY KEY,
        scheme TEXT NOT NULL REFERENCES schemes(id),
        parent TEXT REFERENCES concepts(id) DEFERRABLE INITIALLY DEFERRED,
        position INTEGER NOT NULL,
        label_fr TEXT NOT NULL,
        label_en TEXT NOT NULL,
        description_fr TEXT NOT NULL,
        description_en TEXT NOT NULL,
        aliases_fr TEXT NOT NULL,
        aliases_en TEXT NOT NULL,
        key TEXT UNIQUE,
        color TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        title TEXT NOT NULL,
        languages TEXT NOT NULL,
        kind TEXT,
        source_url TEXT,
        date TEXT,
        note TEXT,
        encoding TEXT NOT NULL,
        layout TEXT NOT NULL,
        source_text TEXT NOT NULL,
        clean_text TEXT NOT NULL,
        source_map TEXT NOT NULL,
        passage_count INTEGER NOT NULL,
        imported TEXT NOT NULL,
        imported_by TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE passages (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        document TEXT NOT NULL REFERENCES documents(id),
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (document, seq)
    )
    """,
    """
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, content='passages', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, text) VALUES (new.rowid, new.text);
    END
    """,
    """
    CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END
    """,
    """
    CREATE TRIGGER passages_fts_update AFTER UPDATE OF text ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO passages_fts(rowid, text) VALUES (new.rowid, new.text);
    END
    """,
    """
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        passage TEXT NOT NULL REFERENCES passages(id),
        concept TEXT NOT NULL REFERENCES concepts(id),
        start INTEGER,
        "end" INTEGER,
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        note TEXT,
        reviewer TEXT NOT NULL,
        created TEXT NOT NULL,
        CHECK ((start IS NULL) = ("end" IS NULL)),
        CHECK (start IS NULL OR (start >= 0 AND "end" > start))
    )
    """,
    "CREATE INDEX annotations_passage ON annotations(passage)",
    "CREATE INDEX annotations_concept ON annotations(concept)",
    "CREATE INDEX annotations_reviewer ON annotations(reviewer)",
    """
    CREATE TABLE relations (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        source TEXT NOT NULL REFERENCES annotations(id),
        target TEXT NOT NULL REFERENCES annotations(id),
        reviewer TEXT NOT NULL,
        created TEXT NOT NULL
    )
    """,
    "CREATE INDEX relations_source ON relations(source)",
    "CREATE INDEX relations_target ON relations(target)",
    """
    CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        change TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'delete', 'update')),
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before TEXT,
        after TEXT
    )
    """,
    "CREATE INDEX history_entity ON history(entity, entity_id)",
    "CREATE INDEX history_reviewer ON history(reviewer, id)",
    """
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN
        SELECT RAISE(ABORT, 'history is append-only');
    END
    """,
    """
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN
        SELECT RAISE(ABORT, 'history is append-only');
    END
    """,
    """
    CREATE VIEW document_progress AS
    SELECT d.id, d.title, d.passage_count AS passages,
           (SELECT COUNT(DISTINCT a.passage) FROM annotations a
              JOIN passages p ON p.id = a.passage WHERE p.document = d.id) AS annotated
    FROM documents d
    """,
    """
    CREATE VIEW annotation_details AS
    SELECT a.id, p.document, d.title, p.seq, a.passage, a.concept, c.label_fr, c.label_en,
           a.start, a."end", a.quote, a.note, a.reviewer, a.created
    FROM annotations a
    JOIN passages p ON p.id = a.passage
    JOIN documents d ON d.id = p.document
    JOIN concepts c ON c.id = a.concept
    """,
]


@MIGRATIONS(name="0001_initial")
def _initial(db: sqlite_utils.Database) -> None:
    """Documents, passages with their FTS5 index, the scheme, annotations and history."""
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)


@MIGRATIONS(name="0002_history_undo")
def _history_undo(db: sqlite_utils.Database) -> None:
    """Undo and redo are changes too: say which kind, and which change they revert."""
    db.execute("ALTER TABLE history ADD COLUMN kind TEXT NOT NULL DEFAULT 'do'")
    db.execute("ALTER TABLE history ADD COLUMN target TEXT")
    db.execute("CREATE INDEX history_change ON history(change)")


FTS_AUTOMERGE = 8
"""Segments of one size FTS5 lets pile up before merging them (its default is 4)."""


@MIGRATIONS(name="0003_fts_bulk_insert")
def _fts_bulk_insert(db: sqlite_utils.Database) -> None:
    """New passages are indexed in bulk by the store, not one row at a time by a trigger.

    FTS5 writes its pending terms out at every savepoint, and each row's trigger runs in one,
    so the trigger wrote a tiny index segment per passage (80% of an import's SQL time);
    ``DocumentsMixin`` now indexes each batch with one ``INSERT ... SELECT``. The index
    already holds every passage inserted before this migration. Deleting or editing a passage
    still goes through the triggers kept from 0001.

    The index also merges its segments ``FTS_AUTOMERGE`` at a time: building it for an import
    costs a quarter less, for a few more segments to read per search.
    """
    db.execute("DROP TRIGGER IF EXISTS passages_fts_insert")
    db.execute(
        "INSERT INTO passages_fts (passages_fts, rank) VALUES ('automerge', ?)", [FTS_AUTOMERGE]
    )


@MIGRATIONS(name="0004_search_vocabulary")
def _search_vocabulary(db: sqlite_utils.Database) -> None:
    """The index's dictionary, for fuzzy search to expand query words.

    ``passages_fts_vocab`` reads it from the index (slow on a big one: it walks the index);
    ``search_terms`` keeps a copy, rebuilt by the store when passages were added since
    (``search_state`` records up to which passage rowid the copy is good).
    """
    db.execute("CREATE VIRTUAL TABLE passages_fts_vocab USING fts5vocab(passages_fts, 'row')")
    db.execute("CREATE TABLE search_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL)")
    db.execute("CREATE TABLE search_state (id INTEGER PRIMARY KEY CHECK (id = 1), rowid INTEGER)")


@MIGRATIONS(name="0005_relation_types")
def _relation_types(db: sqlite_utils.Database) -> None:
    """Relations become reviewers' work: a note each, the scheme's relation types as rows,
    and a view with both ends of each relation for listings and the argument map.

    ``relation_types`` mirrors the scheme's ``[[relation_types]]`` (``from_concepts`` and
    ``to_concepts`` as JSON lists, NULL for any concept), filled when a scheme is installed:
    a scheme stored before this migration had none. ``relations.type`` gets no foreign key
    (SQLite would need the table rebuilt, and a load may already have brought types the
    scheme lacks); the store checks the type of each relation it makes.
    """
    db.execute("ALTER TABLE relations ADD COLUMN note TEXT")
    db.execute("CREATE INDEX relations_type ON relations(type)")
    db.execute(
        """
        CREATE TABLE relation_types (
            id TEXT PRIMARY KEY,
            scheme TEXT NOT NULL REFERENCES schemes(id),
            position INTEGER NOT NULL,
            label_fr TEXT NOT NULL,
            label_en TEXT NOT NULL,
            description_fr TEXT NOT NULL,
            description_en TEXT NOT NULL,
            key TEXT UNIQUE,
            color TEXT NOT NULL,
            aif TEXT CHECK (aif IN ('RA', 'CA', 'MA')),
            from_concepts TEXT,
            to_concepts TEXT
        )
        """
    )
    db.execute(
        """
        CREATE VIEW relation_details AS
        SELECT r.id, r.type, t.label_fr, t.label_en, t.color, t.aif,
               r.source, sa.concept AS source_concept, sp.document AS source_document,
               sp.seq AS source_seq, sa.quote AS source_quote,
               r.target, ta.concept AS target_concept, tp.document AS target_document,
               tp.seq AS target_seq, ta.quote AS target_quote,
               r.reviewer, r.created, r.note
        FROM relations r
        JOIN annotations sa ON sa.id = r.source
        JOIN passages sp ON sp.id = sa.passage
        JOIN annotations ta ON ta.id = r.target
        JOIN passages tp ON tp.id = ta.passage
        LEFT JOIN relation_types t ON t.id = r.type
        """
    )


@MIGRATIONS(name="0006_document_formats")
def _document_formats(db: sqlite_utils.Database) -> None:
    """Documents read from PDF, Word, OpenDocument and HTML files: each document says which
    format it came from and keeps the hash of the file's bytes (a new extraction of the same
    PDF may give another text, hence another id); each passage may have a label (a
    decision's ``pt 3``) and the page it starts on. Earlier documents were text files.
    """
    db.execute("ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text'")
    db.execute("ALTER TABLE documents ADD COLUMN original_sha256 TEXT")
    db.execute("ALTER TABLE passages ADD COLUMN label TEXT")
    db.execute("ALTER TABLE passages ADD COLUMN page INTEGER")


FTS_TOKENIZER = "unicode61 remove_diacritics 2"
"""How the full-text index cuts words: case and accents folded (``exces`` finds *excès*)."""

_FTS_TRIGGERS = (
    """
    CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END
    """,
    """
    CREATE TRIGGER passages_fts_update AFTER UPDATE OF text ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO passages_fts(rowid, text) VALUES (new.rowid, new.text);
    END
    """,
)


@MIGRATIONS(name="0007_fts_datasette")
def _fts_datasette(db: sqlite_utils.Database) -> None:
    """The full-text index declared so that Datasette finds it: a search box on ``passages``
    and ``?_search=`` on its JSON.

    Datasette looks for a virtual table whose SQL says ``content="passages"`` (double quotes)
    or ``content=[passages]``; 0001 wrote ``content='passages'``, which SQLite reads the same
    but Datasette does not recognise. The SQL of a virtual table cannot be altered, so the
    index is dropped and declared again with the same column, tokenizer and rowid, then
    rebuilt from ``passages`` ('rebuild' reads the content table, so it holds exactly what
    the old one held). Dropping it drops its settings too: automerge (0003) is set again. The
    vocabulary table (0004) and the triggers (0001, 0003) are made again over the new index,
    and the search dictionary's copy (``search_terms``) is refilled from it, so a search after
    the upgrade needs no rebuild of its own.
    """
    db.execute("DROP TABLE IF EXISTS passages_fts_vocab")
    for trigger in ("passages_fts_insert", "passages_fts_delete", "passages_fts_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE passages_fts")
    db.execute(
        'CREATE VIRTUAL TABLE passages_fts USING fts5(text, content="passages", '
        f"content_rowid=\"rowid\", tokenize='{FTS_TOKENIZER}')"
    )
    db.execute(
        "INSERT INTO passages_fts (passages_fts, rank) VALUES ('automerge', ?)", [FTS_AUTOMERGE]
    )
    db.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
    for trigger in _FTS_TRIGGERS:
        db.execute(trigger)
    db.execute("CREATE VIRTUAL TABLE passages_fts_vocab USING fts5vocab(passages_fts, 'row')")
    db.execute("DELETE FROM search_terms")
    db.execute("INSERT INTO search_terms (term, docs) SELECT term, doc FROM passages_fts_vocab")
    db.execute(
        "INSERT OR REPLACE INTO search_state (id, rowid) "
        "SELECT 1, coalesce(max(rowid), 0) FROM passages"
    )


@MIGRATIONS(name="0008_teams")
def _teams(db: sqlite_utils.Database) -> None:
    """A team's workflow: settings kept in the database, each reviewer's status per document,
    and the adjudicator's decisions.

    ``settings`` holds one row per setting (``blind``: 'on' or 'off'; ``gold``: the reviewer
    whose annotations are the gold layer; ``curators``: a JSON list of reviewers who see
    everything in blind mode); a missing row means the default. ``document_status`` says a
    reviewer finished a document; its id is ``document/reviewer``, so two databases that
    recorded the same status merge into one row. ``adjudications`` records each decision on a
    reviewer's annotation or relation (``item``) for a gold layer: accepted (``result`` is the
    gold copy's id) or rejected. No foreign keys to the items: a reviewer may untag after the
    decision, and the decision stays in the record. Annotations are indexed by passage then
    reviewer: in blind mode a reviewer's passages are read through their own annotations (the
    untagged filter 3x faster than through the passage index alone).
    """
    db.execute("CREATE TABLE settings (id TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """
        CREATE TABLE document_status (
            id TEXT PRIMARY KEY,
            document TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('done')),
            at TEXT NOT NULL,
            UNIQUE (document, reviewer)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE adjudications (
            id TEXT PRIMARY KEY,
            gold TEXT NOT NULL,
            entity TEXT NOT NULL CHECK (entity IN ('annotations', 'relations')),
            item TEXT NOT NULL,
            passage TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            result TEXT,
            reviewer TEXT NOT NULL,
            created TEXT NOT NULL,
            UNIQUE (gold, item)
        )
        """
    )
    db.execute("CREATE INDEX adjudications_passage ON adjudications(passage)")
    db.execute("DROP INDEX annotations_passage")
    db.execute("CREATE INDEX annotations_passage ON annotations(passage, reviewer)")


@MIGRATIONS(name="0009_document_versions")
def _document_versions(db: sqlite_utils.Database) -> None:
    """Documents with versions, and annotations that say how they were re-anchored.

    A document's ``key`` survives a change of its text (its ``id`` is a hash of the text):
    every version of one document shares it, numbered by ``version`` from 1; the version a
    newer one replaced names it in ``superseded_by`` (NULL for the current version). Earlier
    documents are their own key. An annotation's ``anchor`` says where a re-anchoring put
    it: 'exact', 'moved', 'fuzzy', or 'orphan' (left on the old version's passage, with its
    quote and context, for a reviewer to place); NULL for one never re-anchored. The
    progress view lists current versions only. The index on keys covers the questions asked of
    versions (which is current, which replaced which): the columns come after the documents'
    texts in each row, and reading them from the table would read every text.
    """
    db.execute("ALTER TABLE documents ADD COLUMN key TEXT")
    db.execute("UPDATE documents SET key = id")
    db.execute("ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE documents ADD COLUMN superseded_by TEXT")
    db.execute("CREATE INDEX documents_key ON documents(key, version, superseded_by, id)")
    db.execute(
        "ALTER TABLE annotations ADD COLUMN anchor TEXT "
        "CHECK (anchor IN ('exact', 'moved', 'fuzzy', 'orphan'))"
    )
    db.execute("CREATE INDEX annotations_orphans ON annotations(passage) WHERE anchor = 'orphan'")
    db.execute("DROP VIEW document_progress")
    db.execute(
        """
        CREATE VIEW document_progress AS
        SELECT d.id, d.key, d.version, d.title, d.passage_count AS passages,
               (SELECT COUNT(DISTINCT a.passage) FROM annotations a
                  JOIN passages p ON p.id = a.passage WHERE p.document = d.id) AS annotated
        FROM documents d WHERE d.superseded_by IS NULL
        """
    )
    db.execute("DROP VIEW annotation_details")
    db.execute(
        """
        CREATE VIEW annotation_details AS
        SELECT a.id, p.document, d.title, p.seq, a.passage, a.concept, c.label_fr, c.label_en,
               a.start, a."end", a.quote, a.note, a.reviewer, a.created, a.anchor
        FROM annotations a
        JOIN passages p ON p.id = a.passage
        JOIN documents d ON d.id = p.document
        JOIN concepts c ON c.id = a.concept
        """
    )


MIGRATION_NAMES: tuple[str, ...] = tuple(
    migration.name for migration in MIGRATIONS.pending(sqlite_utils.Database(memory=True))
)
"""Every migration this version knows, oldest first."""
