"""The event store: documents, sentences, event mentions and deduplicated events in one DuckDB file.

This package is the only code that writes SQL; every value from a user or a document goes into a query
as a parameter. Its parts, each importing only the ones before it:

- ``schema``: the tables (derived from ``detente.records``) and their migrations;
- ``connection``: finding and opening the file, waiting for other processes' locks (docs/store.md);
- ``rows``: records as store rows and Arrow tables (Parquet parts);
- ``grouping``: which mentions report one happening (pure Python);
- ``write``: the one write path (a single document is a batch of one), deletion, regrouping;
- ``query``: ``EventQuery`` and the reads.

``Store`` is the facade over them. It holds no connection between calls, so several processes can share
the file: each call opens it, runs its statements (a reader inside one transaction) and closes it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import StoreError
from ..records import Extraction
from . import query as queries
from . import write
from .connection import (
    CONNECTION_CONFIG, DB_ENV_VAR, DEFAULT_DB_FILE, DEFAULT_LOCK_TIMEOUT, LOCK_TIMEOUT_ENV_VAR, StoreFile,
    default_db_path, lock_timeout_from_env,
)
from .grouping import ANONYMOUS_SOURCES, HAPPENING_MODALITIES, EventGroup, group_mentions, modality_family, summarise_group
from .query import (
    EVENT_ORDER, MAX_INTEGER, MENTION_NESTED_GROUPS, ORDERS, EventQuery, Near, parse_dyad, resolve_near, split_values,
)
from .results import IngestResult, StoreInfo
from .rows import (
    DOCUMENT_COLUMNS, MENTION_COLUMNS, ROW_TABLES, SENTENCE_COLUMNS, DocumentRows, arrow_schema, document_rows,
    mention_row, rows_from_arrow, rows_to_arrow,
)
from .schema import MIGRATIONS, SCHEMA_VERSION, STORE_TABLES, Migration

__all__ = [
    "Store", "EventQuery", "IngestResult", "StoreInfo", "DocumentRows", "Migration", "MIGRATIONS", "SCHEMA_VERSION",
    "STORE_TABLES", "ORDERS", "EVENT_ORDER", "MAX_INTEGER", "CONNECTION_CONFIG", "DB_ENV_VAR", "DEFAULT_DB_FILE",
    "DEFAULT_LOCK_TIMEOUT", "LOCK_TIMEOUT_ENV_VAR", "ANONYMOUS_SOURCES", "HAPPENING_MODALITIES", "EventGroup",
    "DOCUMENT_COLUMNS", "SENTENCE_COLUMNS", "MENTION_COLUMNS", "ROW_TABLES", "arrow_schema", "document_rows",
    "mention_row", "rows_from_arrow", "rows_to_arrow", "group_mentions", "modality_family", "summarise_group",
    "parse_dyad", "split_values", "default_db_path", "Near", "resolve_near", "MENTION_NESTED_GROUPS",
]


class Store:
    """A DuckDB event store at ``path`` (default ``$DETENTE_DB`` or ``./detente.duckdb``)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, lock_timeout: float | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        self.lock_timeout = lock_timeout_from_env(lock_timeout)
        self._file = StoreFile(self.path, self.lock_timeout)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def exists(self) -> bool:
        """Whether the store file exists."""
        return self._file.exists()

    def migrate(self) -> tuple[int, int]:
        """Bring the store to this detente's schema version (creating it if needed): (before, after)."""
        return self._file.migrate()

    def snapshot(self):
        """A read-only connection in one transaction (a context manager), for queries of one's own."""
        return self._file.snapshot()

    # -- writing --

    def ingest(self, extraction: Extraction) -> IngestResult:
        """Store one document with its sentences and mentions in one transaction, and regroup its events."""
        return self.ingest_rows([document_rows(extraction)])[0]

    def ingest_many(self, extractions: Iterable[Extraction]) -> list[IngestResult]:
        """Store many extractions in as few transactions as ``ingest_rows`` allows (see there).

        Give extractions that are already made: the file stays locked for the whole call.
        """
        return self.ingest_rows([document_rows(extraction) for extraction in extractions])

    ingest_batch = ingest_many

    def ingest_rows(self, batch: Sequence[DocumentRows]) -> list[IngestResult]:
        """Store documents given as rows, many per transaction, with one regrouping of the events they touch.

        Gives the same documents, mentions and events as storing each document in order: known documents
        are ``unchanged``, a new text from a stored source ``replaced`` it. A document id or named source
        that repeats in ``batch`` starts a new transaction, so the later one wins. A failure rolls back
        its transaction and raises StoreError.
        """
        if not batch:
            return []
        with self._file.connection(write=True) as con:
            return write.ingest_rows(con, batch)

    def load_parquet(self, documents: str | os.PathLike[str], sentences: str | os.PathLike[str],
                     mentions: str | os.PathLike[str]) -> list[IngestResult]:
        """Store the documents of one Parquet part (three files written by ``rows_to_arrow``), as ``ingest_rows``."""
        import pyarrow.parquet as pq

        tables = []
        for path in (documents, sentences, mentions):
            try:
                tables.append(pq.read_table(path))
            except (OSError, ValueError) as exc:
                raise StoreError(f"cannot read Parquet part {path}: {str(exc).splitlines()[0]}") from None
        return self.ingest_rows(rows_from_arrow(*tables))

    def delete_document(self, doc_id: str) -> bool:
        """Remove one document, its sentences and mentions, and regroup the events they touched."""
        with self._file.connection(write=True) as con:
            return write.delete_document(con, doc_id)

    def regroup_all(self) -> int:
        """Rebuild every event from the stored mentions (after a change of the grouping rule); the event count."""
        with self._file.connection(write=True) as con:
            return write.regroup_all(con)

    # -- reading --

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this content hash is stored (False when there is no store yet)."""
        if not self.exists():
            return False
        with self._file.snapshot() as con:
            return con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0] > 0

    def iter_document_ids(self, chunk: int = 100_000) -> Iterator[str]:
        """The content hash of every stored document, read in chunks (nothing when there is no store)."""
        if not self.exists():
            return
        with self._file.snapshot() as con:
            cursor = con.execute("SELECT doc_id FROM documents")
            while True:
                rows = cursor.fetchmany(chunk)
                if not rows:
                    return
                for row in rows:
                    yield row[0]

    def events(self, query: EventQuery | None = None, *, with_mentions: bool = False,
               **filters: Any) -> list[dict[str, Any]]:
        """Deduplicated events matching ``query`` (or an EventQuery made of ``filters``), oldest first.

        With ``with_mentions`` each event carries its ``mentions`` (document, sentence, offsets, modality).
        """
        query = _query(query, filters)
        with self._file.snapshot() as con:
            return queries.fetch_events(con, query, with_mentions)

    def events_page(self, query: EventQuery | None = None, *, with_mentions: bool = True,
                    **filters: Any) -> tuple[int, list[dict[str, Any]]]:
        """How many events match ``query`` over all pages, and the page it asks for (one snapshot)."""
        query = _query(query, filters)
        with self._file.snapshot() as con:
            return queries.count_events(con, query), queries.fetch_events(con, query, with_mentions)

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document's metadata (without its text), in ingest order."""
        with self._file.snapshot() as con:
            return queries.documents(con)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One stored document (metadata, text, sentences) with every mention's offsets and its event; None if absent."""
        with self._file.snapshot() as con:
            return queries.document(con, doc_id)

    def actor_counts(self) -> list[dict[str, Any]]:
        """Every country or organisation code on either side of a stored event, with its event counts."""
        with self._file.snapshot() as con:
            return queries.actor_counts(con)

    def dyad_counts(self) -> list[dict[str, Any]]:
        """Every pair of codes with stored events between them (``a`` < ``b``), with counts each way."""
        with self._file.snapshot() as con:
            return queries.dyad_counts(con)

    def tables(self) -> dict[str, Any]:
        """Every table of the store as Arrow tables, read in one snapshot (for export)."""
        with self._file.snapshot() as con:
            return queries.tables(con)

    def dump(self, tables: bool = True, events: bool = False) -> dict[str, Any]:
        """One snapshot for a whole-store export: ``tables`` (Arrow), and with ``events`` every event with its
        mentions and ``documents`` (each document's metadata by id)."""
        with self._file.snapshot() as con:
            out: dict[str, Any] = {}
            if tables:
                out["tables"] = queries.tables(con)
            if events:
                out["events"] = queries.fetch_events(con, EventQuery(), True)
                out["documents"] = queries.documents_meta(con)
            return out

    def info(self) -> StoreInfo:
        """Counts of documents, sentences, mentions and events, date range, schema version, file size."""
        with self._file.snapshot() as con:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in STORE_TABLES}
            first, last = con.execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
            by_modality = dict(con.execute("SELECT modality, count(*) FROM events GROUP BY modality "
                                           "ORDER BY modality").fetchall())
        return StoreInfo(
            path=str(self.path), schema_version=int(meta.get("schema_version", 0)),
            detente_version=meta.get("detente_version"), created_at=meta.get("created_at"),
            size_bytes=self.path.stat().st_size, documents=counts["documents"], sentences=counts["sentences"],
            mentions=counts["mentions"], events=counts["events"], first_event=first, last_event=last,
            events_by_modality=by_modality,
        )

    def check(self) -> list[str]:
        """Integrity problems: documents missing mentions, orphaned rows, mentions without an event.

        A store that cannot be read at all raises StoreError instead (``detente db check`` exits 2 then,
        1 for problems found).
        """
        with self._file.snapshot() as con:
            problems = queries.check(con)
            # Read every table through, so that damaged pages come out here and not in a later call.
            for table in STORE_TABLES:
                cursor = con.execute(f"SELECT * FROM {table}")
                while cursor.fetchmany(10_000):
                    pass
            return problems


def _query(query: EventQuery | None, filters: dict[str, Any]) -> EventQuery:
    if query is not None and filters:
        return query.replace(**filters)
    return query if query is not None else EventQuery(**filters)
