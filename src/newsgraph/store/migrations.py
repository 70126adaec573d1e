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
    # relation: revision | contradiction | support | version_change (evidence: free text).
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

# Events counted once (newsgraph.crossdoc.events) and the differences between
# versions of one article (newsgraph.crossdoc.versions): derived, like CROSSDOC.
EVENTS_AND_VERSIONS = (
    # actors/targets/locations: JSON lists of the names the reports use.
    """CREATE TABLE world_events (
        event_id TEXT PRIMARY KEY, type TEXT NOT NULL, story_id TEXT, time TEXT,
        label TEXT, actors TEXT, targets TEXT, locations TEXT,
        n_reports INTEGER NOT NULL, n_independent INTEGER NOT NULL,
        n_outlets INTEGER NOT NULL, n_independent_outlets INTEGER NOT NULL
    )""",
    # One row per article reporting an event; copy_of: the doc_key of the earlier
    # article it is a near-duplicate (syndicated) copy of. The span is its best
    # mention (one with a day and an actor when there is one).
    f"""CREATE TABLE event_reports (
        event_id TEXT NOT NULL, doc_key TEXT NOT NULL, outlet TEXT, published TEXT,
        independent BOOLEAN NOT NULL, copy_of TEXT, similarity DOUBLE PRECISION,
        n_mentions INTEGER NOT NULL, {_SPAN},
        PRIMARY KEY (event_id, doc_key)
    )""",
    # kind: quote_added | quote_removed | quote_edited | number_changed | number_added |
    # number_removed | status_changed; old_*/new_* point into the two versions.
    """CREATE TABLE version_diffs (
        article_key TEXT NOT NULL, old_doc_key TEXT NOT NULL, new_doc_key TEXT NOT NULL,
        idx INTEGER NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL, subject TEXT,
        old_text TEXT, old_start INTEGER, old_end INTEGER,
        new_text TEXT, new_start INTEGER, new_end INTEGER,
        old_value DOUBLE PRECISION, new_value DOUBLE PRECISION,
        old_status TEXT, new_status TEXT,
        PRIMARY KEY (old_doc_key, new_doc_key, idx)
    )""",
)

# Event participants as the article's entities (ids, spans, actor codes), the event's
# place as a gazetteer entry, its further mentions (JSON list of [start, end]), and
# each article's genre (newsgraph.events.genre).
EVENT_PARTICIPANTS = (
    "ALTER TABLE events ADD COLUMN actor_code TEXT",
    "ALTER TABLE events ADD COLUMN actor_entity_id TEXT",
    "ALTER TABLE events ADD COLUMN actor_start INTEGER",
    "ALTER TABLE events ADD COLUMN actor_end INTEGER",
    "ALTER TABLE events ADD COLUMN target_code TEXT",
    "ALTER TABLE events ADD COLUMN target_entity_id TEXT",
    "ALTER TABLE events ADD COLUMN target_start INTEGER",
    "ALTER TABLE events ADD COLUMN target_end INTEGER",
    "ALTER TABLE events ADD COLUMN location_id TEXT",
    "ALTER TABLE events ADD COLUMN latitude DOUBLE PRECISION",
    "ALTER TABLE events ADD COLUMN longitude DOUBLE PRECISION",
    "ALTER TABLE events ADD COLUMN mentions TEXT",
    "ALTER TABLE articles ADD COLUMN genre TEXT",
)

# Keeping the derived tables: ``link_state`` says whether they are current
# (``generation`` grows with every write to the articles, ``linked`` is the
# generation they were last computed from); ``link_index`` holds what the
# incremental linker needs to place a new article without reading the others
# (see newsgraph.crossdoc.linking); ``pipeline_version`` says which analysis wrote
# an article, so ``newsgraph reanalyze`` can find the stale ones.
LINK_STATE = (
    """CREATE TABLE link_state (
        name TEXT PRIMARY KEY, generation INTEGER NOT NULL, linked INTEGER NOT NULL,
        linked_at TIMESTAMP
    )""",
    # generation 1, linked 0: a store linked before this migration is linked again once
    "INSERT INTO link_state VALUES ('crossdoc', 1, 0, NULL)",
    """CREATE TABLE link_index (
        name TEXT PRIMARY KEY, generation INTEGER NOT NULL, data BYTEA NOT NULL
    )""",
    "ALTER TABLE articles ADD COLUMN pipeline_version TEXT",
    # scope: the story whose linking wrote the row, so it is rewritten with that story
    "ALTER TABLE claims ADD COLUMN scope TEXT",
    "ALTER TABLE claim_links ADD COLUMN scope TEXT",
    "ALTER TABLE version_diffs ADD COLUMN scope TEXT",
    "CREATE INDEX claims_scope ON claims (scope)",
    "CREATE INDEX claim_links_scope ON claim_links (scope)",
    "CREATE INDEX version_diffs_scope ON version_diffs (scope)",
    "CREATE INDEX story_articles_doc ON story_articles (doc_key)",
    "CREATE INDEX event_reports_doc ON event_reports (doc_key)",
    "CREATE INDEX events_day ON events (type, time)",
    "CREATE INDEX entities_doc ON entities (doc_key)",
)

# One quote per quotation (quotes.segments: JSON list of [start, end) pieces; quotes.quoted:
# JSON list of the spans an indirect quote reproduces; quotes.attribution_kind: speech |
# report | belief | stance) and sourced stances that are not quotations.
ATTRIBUTION = (
    "ALTER TABLE quotes ADD COLUMN segments TEXT",
    "ALTER TABLE quotes ADD COLUMN quoted TEXT",
    "ALTER TABLE quotes ADD COLUMN attribution_kind TEXT",
    # status: no_comment | denied | confirmed | hedged | conditional | ...; the holder is
    # who takes the stance (NULL for the writer's own hedge, "allegedly").
    f"""CREATE TABLE stances (
        doc_key TEXT NOT NULL, idx INTEGER NOT NULL, {_SPAN}, status TEXT NOT NULL,
        holder_name TEXT, holder_entity_id TEXT, cue_text TEXT, cue_start INTEGER,
        cue_end INTEGER, proposition_text TEXT, proposition_start INTEGER,
        proposition_end INTEGER, negated BOOLEAN,
        PRIMARY KEY (doc_key, idx)
    )""",
)

# A revised figure's unit and qualifier ("killed", "injured"), so a reader rebuilds the
# revision from the store as the analysis found it (claim_links.evidence holds its reason).
CLAIM_UNITS = (
    "ALTER TABLE claims ADD COLUMN unit TEXT",
    "ALTER TABLE claims ADD COLUMN qualifier TEXT",
)

# A statement with this prefix runs on PostgreSQL only.
POSTGRESQL_ONLY = "/* postgresql */ "

# The story clusterer's index as tables (newsgraph.crossdoc.storyindex), so a batch
# reads the rows it can change instead of one pickled index of every article.
STORY_INDEX = (
    """CREATE TABLE link_stories (
        story_id TEXT NOT NULL, number INTEGER NOT NULL, text_weights TEXT NOT NULL,
        text_norm2 DOUBLE PRECISION NOT NULL, entity_weights TEXT NOT NULL,
        entity_norm2 DOUBLE PRECISION NOT NULL, dates TEXT NOT NULL, merged_from TEXT NOT NULL,
        size INTEGER NOT NULL
    )""",
    """CREATE TABLE link_articles (
        doc_key TEXT NOT NULL, story_id TEXT NOT NULL, pos INTEGER NOT NULL, published TEXT,
        text_vector TEXT NOT NULL, entity_vector TEXT NOT NULL, text_unit TEXT NOT NULL,
        entity_unit TEXT NOT NULL, hashvalues TEXT NOT NULL, duplicate_of TEXT,
        assignment TEXT NOT NULL
    )""",
    "CREATE TABLE link_bands (band TEXT NOT NULL, doc_key TEXT NOT NULL)",
    "CREATE TABLE link_postings (term TEXT NOT NULL, story_id TEXT NOT NULL, "
    "number INTEGER NOT NULL)",
    "CREATE TABLE link_df (key TEXT NOT NULL, df INTEGER NOT NULL)",
    # global entities kept incrementally (newsgraph.crossdoc.entitylinks): each entity's
    # arrival number, the block keys resolution could join it under, each article's
    # entity keys (the context some rules compare)
    "CREATE TABLE link_entity_items (doc_key TEXT NOT NULL, entity_id TEXT NOT NULL, "
    "seq BIGINT NOT NULL)",
    "CREATE TABLE link_entity_blocks (block TEXT NOT NULL, seq BIGINT NOT NULL)",
    "CREATE TABLE link_entity_context (doc_key TEXT NOT NULL, context TEXT NOT NULL)",
    # Indexes for PostgreSQL only: DuckDB answers the linker's queries (keys passed as
    # one array) by scanning, and holds its indexes in memory, growing with the store.
    f"{POSTGRESQL_ONLY}CREATE UNIQUE INDEX link_stories_id ON link_stories (story_id)",
    f"{POSTGRESQL_ONLY}CREATE UNIQUE INDEX link_articles_doc ON link_articles (doc_key)",
    f"{POSTGRESQL_ONLY}CREATE INDEX link_articles_story ON link_articles (story_id)",
    f"{POSTGRESQL_ONLY}CREATE INDEX link_bands_band ON link_bands (band)",
    f"{POSTGRESQL_ONLY}CREATE INDEX link_postings_term ON link_postings (term)",
    f"{POSTGRESQL_ONLY}CREATE INDEX link_postings_story ON link_postings (story_id)",
    f"{POSTGRESQL_ONLY}CREATE UNIQUE INDEX link_df_key ON link_df (key)",
    f"{POSTGRESQL_ONLY}CREATE UNIQUE INDEX link_entity_items_key ON link_entity_items "
    "(doc_key, entity_id)",
    f"{POSTGRESQL_ONLY}CREATE INDEX link_entity_items_seq ON link_entity_items (seq)",
    f"{POSTGRESQL_ONLY}CREATE INDEX link_entity_blocks_block ON link_entity_blocks (block)",
    f"{POSTGRESQL_ONLY}CREATE UNIQUE INDEX link_entity_context_doc ON link_entity_context "
    "(doc_key)",
    "DELETE FROM link_index",  # the pickled index is gone: the next link starts over
)

# What readers look up by key (newsgraph serve asks the store for each page): an
# entity's links by its global id, an article by the id it came with.
READ_INDEXES = (
    "CREATE INDEX entity_links_global ON entity_links (global_id)",
    "CREATE INDEX articles_doc_id ON articles (doc_id)",
)

# What a story's page reads by key on PostgreSQL: its articles' claims, and the links
# that reach a claim from either side. DuckDB joins these by hashing the few keys (an
# index there costs memory at every write and is not used by a join).
STORY_CLAIM_INDEXES = (
    f"{POSTGRESQL_ONLY}CREATE INDEX claims_doc ON claims (doc_key)",
    f"{POSTGRESQL_ONLY}CREATE INDEX claim_links_b ON claim_links (claim_b)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core article tables", CORE),
    Migration(2, "cross-document tables", CROSSDOC),
    Migration(3, "confidences, anonymous sources, attribution chains", CONFIDENCE_AND_SOURCES),
    Migration(4, "events counted once, article version differences", EVENTS_AND_VERSIONS),
    Migration(5, "quote segments, attribution kinds, stances", ATTRIBUTION),
    Migration(6, "event participants as entities, event places, article genre",
              EVENT_PARTICIPANTS),
    Migration(7, "link state, link index, pipeline version per article", LINK_STATE),
    Migration(8, "units and qualifiers of revised figures", CLAIM_UNITS),
    Migration(9, "the story index as tables", STORY_INDEX),
    Migration(10, "indexes for reading pages from the store", READ_INDEXES),
    Migration(17, "indexes for reading a story's claims by key", STORY_CLAIM_INDEXES),
)

# The story index's tables (newsgraph.crossdoc.storyindex), each with the column its
# rows are rewritten by.
INDEX_TABLES = {"link_stories": "story_id", "link_articles": "story_id", "link_bands": "band",
                "link_postings": "story_id", "link_df": "key", "link_entity_items": "doc_key",
                "link_entity_blocks": "block", "link_entity_context": "doc_key"}

# The derived tables a caller may replace wholesale (Store.replace_table).
DERIVED_TABLES = ("stories", "story_articles", "global_entities", "entity_links", "claims",
                  "claim_links", "world_events", "event_reports", "version_diffs")
