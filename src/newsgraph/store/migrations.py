"""The store's one logical schema, as numbered migrations.

Each migration is a list of statements written in the SQL that DuckDB and
PostgreSQL share (TEXT, INTEGER, DOUBLE PRECISION, BOOLEAN, TIMESTAMP), so
both backends hold the same tables. Applied versions are recorded in
``schema_migrations``; a migration runs once, inside a transaction.
To change the schema, append a migration: never edit an applied one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_SPAN = "text TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL"

CORE = (
    # One row per stored version of an article. article_key is its identity
    # (its URL, else "id:" + its id); doc_key names this one version and is
    # what every extracted item points to.
    """CREATE TABLE articles (
        doc_key TEXT PRIMARY KEY,
        article_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        doc_id TEXT NOT NULL,
        url TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        source TEXT,
        ingested_at TIMESTAMP NOT NULL,
        document_json TEXT NOT NULL,
        UNIQUE (article_key, version),
        UNIQUE (article_key, content_hash)
    )""",
    """CREATE VIEW latest_articles AS
        SELECT a.* FROM articles a
        WHERE a.version = (SELECT max(b.version) FROM articles b
                           WHERE b.article_key = a.article_key)""",
    """CREATE TABLE entities (
        doc_key TEXT NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL,
        type TEXT NOT NULL, n_mentions INTEGER NOT NULL,
        PRIMARY KEY (doc_key, entity_id)
    )""",
    f"""CREATE TABLE mentions (
        doc_key TEXT NOT NULL, entity_id TEXT NOT NULL, idx INTEGER NOT NULL, {_SPAN},
        PRIMARY KEY (doc_key, entity_id, idx)
    )""",
    f"""CREATE TABLE quotes (
        doc_key TEXT NOT NULL, idx INTEGER NOT NULL, kind TEXT NOT NULL, {_SPAN},
        speaker_name TEXT, speaker_entity_id TEXT, speaker_role TEXT,
        speaker_start INTEGER, speaker_end INTEGER,
        cue_text TEXT, cue_start INTEGER, cue_end INTEGER,
        channel TEXT, status TEXT NOT NULL, time TEXT,
        PRIMARY KEY (doc_key, idx)
    )""",
    # revises_idx: the index (in this table, same doc) of the quantity this one
    # revises, when that quantity is itself listed; its value is kept either way.
    f"""CREATE TABLE quantities (
        doc_key TEXT NOT NULL, idx INTEGER NOT NULL, {_SPAN},
        value DOUBLE PRECISION, high DOUBLE PRECISION, approx BOOLEAN NOT NULL,
        bound TEXT, unit TEXT, counted TEXT, source TEXT, time TEXT,
        revises_idx INTEGER, revises_text TEXT, revises_value DOUBLE PRECISION,
        revises_time TEXT,
        PRIMARY KEY (doc_key, idx)
    )""",
    f"""CREATE TABLE timexes (
        doc_key TEXT NOT NULL, idx INTEGER NOT NULL, {_SPAN},
        type TEXT NOT NULL, value TEXT NOT NULL, mod TEXT, inferred BOOLEAN NOT NULL,
        PRIMARY KEY (doc_key, idx)
    )""",
    f"""CREATE TABLE events (
        doc_key TEXT NOT NULL, idx INTEGER NOT NULL, {_SPAN},
        type TEXT NOT NULL, actor TEXT, target TEXT, location TEXT, time TEXT,
        status TEXT NOT NULL, source TEXT,
        PRIMARY KEY (doc_key, idx)
    )""",
    f"""CREATE TABLE datelines (
        doc_key TEXT NOT NULL, idx INTEGER NOT NULL, {_SPAN},
        places TEXT NOT NULL, date TEXT,
        PRIMARY KEY (doc_key, idx)
    )""",
    "CREATE INDEX articles_key ON articles (article_key)",
)

# Tables the cross-document analysis (newsgraph.crossdoc) fills. They are
# derived data: recomputed from the tables above, replaced as a whole.
CROSSDOC = (
    """CREATE TABLE stories (
        story_id TEXT PRIMARY KEY, label TEXT, method TEXT, size INTEGER
    )""",
    """CREATE TABLE story_articles (
        story_id TEXT NOT NULL, doc_key TEXT NOT NULL, score DOUBLE PRECISION,
        PRIMARY KEY (story_id, doc_key)
    )""",
    # aliases: JSON list of the surface forms folded into this identity.
    """CREATE TABLE global_entities (
        global_id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT, aliases TEXT
    )""",
    """CREATE TABLE entity_links (
        doc_key TEXT NOT NULL, entity_id TEXT NOT NULL, global_id TEXT NOT NULL,
        score DOUBLE PRECISION, evidence TEXT,
        PRIMARY KEY (doc_key, entity_id)
    )""",
    # A claim points at one stored item: (doc_key, item_table, item_idx).
    f"""CREATE TABLE claims (
        claim_id TEXT PRIMARY KEY, subject TEXT, global_id TEXT, kind TEXT NOT NULL,
        doc_key TEXT NOT NULL, item_table TEXT, item_idx INTEGER, {_SPAN},
        speaker TEXT, status TEXT, value DOUBLE PRECISION, time TEXT
    )""",
    # relation: revision | contradiction | support (free text: the evidence).
    """CREATE TABLE claim_links (
        claim_a TEXT NOT NULL, claim_b TEXT NOT NULL, relation TEXT NOT NULL,
        evidence TEXT,
        PRIMARY KEY (claim_a, claim_b, relation)
    )""",
)

# Calibrated confidences on every item; anonymous and collective sources;
# chains of attribution (quotes.via: JSON list of speaker names, outermost first).
CONFIDENCE_AND_SOURCES = (
    "ALTER TABLE entities ADD COLUMN anonymous BOOLEAN",
    "ALTER TABLE entities ADD COLUMN description TEXT",
    "ALTER TABLE entities ADD COLUMN affiliation TEXT",
    "ALTER TABLE entities ADD COLUMN confidence DOUBLE PRECISION",
    "ALTER TABLE quotes ADD COLUMN via TEXT",
    "ALTER TABLE quotes ADD COLUMN confidence DOUBLE PRECISION",
    "ALTER TABLE quotes ADD COLUMN speaker_confidence DOUBLE PRECISION",
    "ALTER TABLE quotes ADD COLUMN status_confidence DOUBLE PRECISION",
    "ALTER TABLE quantities ADD COLUMN confidence DOUBLE PRECISION",
    "ALTER TABLE timexes ADD COLUMN confidence DOUBLE PRECISION",
    "ALTER TABLE events ADD COLUMN confidence DOUBLE PRECISION",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core article tables", CORE),
    Migration(2, "cross-document tables", CROSSDOC),
    Migration(3, "confidences, anonymous sources, attribution chains", CONFIDENCE_AND_SOURCES),
)

# The derived tables a caller may replace wholesale (Store.replace_table).
DERIVED_TABLES = ("stories", "story_articles", "global_entities", "entity_links", "claims",
                  "claim_links")
