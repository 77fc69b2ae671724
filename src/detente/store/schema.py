"""The store's tables and their migrations, derived from the record schema in ``detente.records``.

Version 1's statements are kept as they were released (a migration is never edited). Every later
version's statements are derived from the columns declared with ``since=`` that version: adding a
column to ``detente.records`` and raising SCHEMA_VERSION is all a new column needs. The tables a store
has after all migrations are the tables ``create_statements`` derives (a test checks both ways agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from .. import __version__
from ..errors import StoreError
from ..records import SCHEMA_VERSION, TABLES, Column, Table

STORE_TABLES: tuple[str, ...] = ("documents", "sentences", "mentions", "events")

# DuckDB type of each column kind (json columns hold JSON text).
DUCKDB_TYPES: dict[str, str] = {"text": "VARCHAR", "int": "INTEGER", "float": "DOUBLE", "date": "DATE",
                                "timestamp": "TIMESTAMP", "json": "VARCHAR"}


def column_sql(column: Column, inline_key: bool) -> str:
    sql = f"{column.name} {DUCKDB_TYPES[column.kind]}"
    if inline_key:
        return sql + " PRIMARY KEY"
    return sql + (" NOT NULL" if column.required or column.key else "")


def create_statement(table: Table) -> str:
    """CREATE TABLE for one table at the current schema version."""
    keys = table.keys
    parts = [column_sql(column, inline_key=len(keys) == 1 and column.key) for column in table.stored]
    if len(keys) > 1:
        parts.append(f"PRIMARY KEY ({', '.join(keys)})")
    return f"CREATE TABLE {table.name} (\n    " + ",\n    ".join(parts) + "\n)"


META_TABLE = "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"


def create_statements() -> tuple[str, ...]:
    """The statements that make an empty store at this schema version in one go (for comparison)."""
    return (META_TABLE, *(create_statement(TABLES[name]) for name in STORE_TABLES))


# As released in detente 0.1 (schema version 1). Never edit: later versions are migrations.
SCHEMA_V1: tuple[str, ...] = (
    META_TABLE,
    """CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, published DATE,
        published_from VARCHAR, text VARCHAR NOT NULL, removed VARCHAR, paragraphs VARCHAR, warnings VARCHAR,
        n_sentences INTEGER NOT NULL, n_mentions INTEGER NOT NULL, ingested_at TIMESTAMP NOT NULL,
        detente_version VARCHAR)""",
    """CREATE TABLE sentences (doc_id VARCHAR NOT NULL, sentence_index INTEGER NOT NULL,
        char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text VARCHAR, PRIMARY KEY (doc_id, sentence_index))""",
    """CREATE TABLE mentions (mention_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, event_id VARCHAR,
        sentence_index INTEGER, char_start INTEGER, char_end INTEGER, sentence VARCHAR, trigger VARCHAR,
        trigger_start INTEGER, trigger_end INTEGER, source_text VARCHAR, source_country VARCHAR,
        source_sector VARCHAR, source_actor_id VARCHAR, source_resolved_by VARCHAR, source_start INTEGER,
        source_end INTEGER, target_text VARCHAR, target_country VARCHAR, target_sector VARCHAR,
        target_actor_id VARCHAR, target_resolved_by VARCHAR, target_start INTEGER, target_end INTEGER,
        event_type VARCHAR NOT NULL, quad_class VARCHAR NOT NULL, mode VARCHAR, modality VARCHAR NOT NULL,
        date_value VARCHAR, date_precision VARCHAR, date_start DATE, date_end DATE, date_text VARCHAR,
        date_rule VARCHAR, confidence DOUBLE)""",
    """CREATE TABLE events (event_id VARCHAR PRIMARY KEY, source_country VARCHAR, target_country VARCHAR,
        event_type VARCHAR NOT NULL, quad_class VARCHAR NOT NULL, mode VARCHAR, modality VARCHAR NOT NULL,
        modality_history VARCHAR, date_value VARCHAR, date_precision VARCHAR, date_start DATE, date_end DATE,
        n_mentions INTEGER NOT NULL, n_documents INTEGER NOT NULL, first_seen DATE, last_seen DATE,
        confidence DOUBLE, source_actors VARCHAR, target_actors VARCHAR, anchor_mention_id VARCHAR NOT NULL)""",
)


@dataclass(frozen=True)
class Migration:
    """The statements that bring a store from ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


def added_columns(version: int) -> tuple[str, ...]:
    """ALTER TABLE statements for the columns the schema declares ``since=version`` (nullable, as added)."""
    statements = []
    for name in STORE_TABLES:
        for column in TABLES[name].stored:
            if column.since == version:
                if column.required or column.key:
                    raise RuntimeError(f"{name}.{column.name}: a column added by a migration must be nullable")
                statements.append(f"ALTER TABLE {name} ADD COLUMN {column.name} {DUCKDB_TYPES[column.kind]}")
    return tuple(statements)


# Extra statements of a version beyond its added columns (renames, back-fills), by version.
_EVENT_PLACE = ("text", "char_start", "char_end", "name", "geonames_id", "latitude", "longitude", "country", "admin1",
                "feature")
# Version 4 fills the new event location columns of stored events as grouping would (detente.store.grouping):
# the anchor mention's place, else the first located mention in publication order.
_V4_BACKFILL = (
    "UPDATE events SET " + ", ".join(f"location_{p} = pick.location_{p}" for p in _EVENT_PLACE) +
    " FROM (SELECT m.event_id, first(m.mention_id ORDER BY (m.mention_id = e.anchor_mention_id) DESC, "
    "d.published NULLS LAST, m.doc_id, m.sentence_index, m.mention_id) AS mention_id FROM mentions m "
    "JOIN events e ON e.event_id = m.event_id JOIN documents d ON d.doc_id = m.doc_id "
    "WHERE m.location_latitude IS NOT NULL GROUP BY m.event_id) chosen "
    "JOIN mentions pick ON pick.mention_id = chosen.mention_id WHERE events.event_id = chosen.event_id",
)
EXTRA_STATEMENTS: dict[int, tuple[str, ...]] = {4: _V4_BACKFILL}
DESCRIPTIONS: dict[int, str] = {1: "initial schema", 2: "mentions keep the trigger's part of speech and what their date was resolved against",
                                4: "events keep where they happened (location_*), filled from their mentions"}

MIGRATIONS: list[Migration] = [Migration(1, DESCRIPTIONS[1], SCHEMA_V1)] + [
    Migration(version, DESCRIPTIONS.get(version, f"schema version {version}"),
              added_columns(version) + EXTRA_STATEMENTS.get(version, ()))
    for version in range(2, SCHEMA_VERSION + 1)
]


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()
    return {row[0] for row in rows}


def stored_version(con: duckdb.DuckDBPyConnection, path: Path) -> int | None:
    """The schema version recorded in the file; None for an empty database."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        if table_names(con):
            raise StoreError(f"{path} is a DuckDB database but not a detente store; "
                             "detente left it untouched") from None
        return None
    try:
        return int(row[0]) if row else 0
    except ValueError:
        raise StoreError(f"{path} has an unreadable schema version {row[0]!r}") from None


def check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse to read a store that is empty, newer than this detente, or not yet migrated."""
    version = stored_version(con, path)
    current = SCHEMA_VERSION
    if version is None:
        raise StoreError(f"{path} is an empty database, not yet a detente store (run `detente ingest`)")
    if version > current:
        raise StoreError(f"{path} has schema version {version}, newer than this detente knows "
                         f"({current}); upgrade detente")
    if version < current:
        raise StoreError(f"{path} has schema version {version}, older than this detente's "
                         f"{current}; run `detente db migrate`")


def ensure_schema(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, int]:
    """Create or migrate the schema, one transaction per version; the versions before and after."""
    current = SCHEMA_VERSION
    version = stored_version(con, path)
    before = version or 0
    if version is not None and version > current:
        raise StoreError(f"{path} has schema version {version}, newer than this detente knows "
                         f"({current}); upgrade detente")
    for migration in MIGRATIONS:
        if migration.version <= before or migration.version > current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            now = datetime.now(timezone.utc).isoformat(timespec="seconds")
            meta = {"schema_version": str(migration.version), "detente_version": __version__,
                    f"migration_{migration.version}": f"{now} {migration.description}"}
            if migration.version == 1:
                meta["created_at"] = now
            for key, value in meta.items():
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migrating {path} to schema version {migration.version} failed: "
                             f"{str(exc).splitlines()[0]}") from None
    return before, current
