"""The one write path: documents (a single document is a batch of one), deletions and regrouping.

``ingest_rows`` stores a batch in as few transactions as its documents allow (a document id or named
source that repeats starts a new one, so the later document wins), inserts the rows and regroups only
the events whose (source, target, type) and dates the new or removed mentions touch. Readers see the
state before or after a whole transaction, never part of it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

import duckdb

from ..errors import StoreError
from ..records import EVENTS
from .grouping import ANONYMOUS_SOURCES, conflict_free_runs, group_mentions, merged_windows, summarise_group
from .results import IngestResult
from .rows import DOCUMENT_COLUMNS, MENTION_COLUMNS, SENTENCE_COLUMNS, DocumentRows
from .schema import STORE_TABLES

EVENT_COLUMNS = EVENTS.names


def ingest_rows(con: duckdb.DuckDBPyConnection, batch: Sequence[DocumentRows]) -> list[IngestResult]:
    """Store documents given as rows; one IngestResult per document, in order (see the module doc)."""
    results: list[IngestResult | None] = [None] * len(batch)
    for run in conflict_free_runs(batch):
        for index, result in zip(run, ingest_run(con, [batch[i] for i in run])):
            results[index] = result
    return [result for result in results if result is not None]


def delete_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> bool:
    """Remove one document, its sentences and mentions, and regroup the events they belonged to."""
    con.execute("BEGIN TRANSACTION")
    try:
        if con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0] == 0:
            con.execute("ROLLBACK")
            return False
        affected: dict[tuple, list[tuple]] = {}
        stale: set[str] = set()
        for source_country, target_country, event_type, start, end, event_id in con.execute(
                "SELECT source_country, target_country, event_type, date_start, date_end, event_id "
                "FROM mentions WHERE doc_id = ?", [doc_id]).fetchall():
            affected.setdefault((source_country, target_country, event_type), []).append((start, end))
            if event_id:
                stale.add(event_id)
        for table in ("mentions", "sentences", "documents"):
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
        regroup(con, affected, [], stale)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def regroup_all(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild every event from the stored mentions (after a change of the grouping rule); the event count."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM events")
        con.execute("UPDATE mentions SET event_id = NULL")
        affected: dict[tuple, list[tuple]] = {}
        undated: set[str] = set()
        for source_country, target_country, event_type, low, high, undated_docs in con.execute(
                "SELECT source_country, target_country, event_type, min(date_start), max(date_end), "
                "list(DISTINCT doc_id) FILTER (WHERE date_start IS NULL) FROM mentions GROUP BY ALL").fetchall():
            if low is not None:
                affected[(source_country, target_country, event_type)] = [(low, high)]
            undated.update(undated_docs or [])
        regroup(con, affected, sorted(undated), set())
        count = con.execute("SELECT count(*) FROM events").fetchone()[0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return count


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                 rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once through an Arrow table (column and table names are ours, not the user's)."""
    import pyarrow as pa

    if table not in STORE_TABLES:
        raise ValueError(f"unknown table {table}")
    arrow = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])
    view = f"incoming_{table}"
    con.register(view, arrow)
    try:
        column_list = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {view}")
    finally:
        con.unregister(view)


def ingest_run(con: duckdb.DuckDBPyConnection, batch: list[DocumentRows]) -> list[IngestResult]:
    """Store documents with distinct ids and named sources in one transaction."""
    import pyarrow as pa

    registered: list[str] = []

    def register(name: str, columns: dict[str, list]) -> str:
        con.register(name, pa.table({column: pa.array(values, pa.string()) for column, values in columns.items()}))
        registered.append(name)
        return name

    con.execute("BEGIN TRANSACTION")
    try:
        register("batch_ids", {"doc_id": [rows.doc_id for rows in batch]})
        known = dict(con.execute("SELECT d.doc_id, d.source FROM documents d "
                                 "JOIN batch_ids b ON b.doc_id = d.doc_id").fetchall())
        fresh = [rows for rows in batch if rows.doc_id not in known]
        named = [rows for rows in fresh if rows.source not in ANONYMOUS_SOURCES]
        replaced: dict[str, list[str]] = {}
        affected: dict[tuple, list[tuple]] = {}
        stale: set[str] = set()
        if named:
            register("batch_sources", {"source": [rows.source for rows in named]})
            for source, old_id in con.execute(
                    "SELECT d.source, d.doc_id FROM documents d JOIN batch_sources b ON b.source = d.source "
                    "ORDER BY d.doc_id").fetchall():
                replaced.setdefault(source, []).append(old_id)
        if replaced:
            register("batch_old", {"doc_id": [old for olds in replaced.values() for old in olds]})
            for source_country, target_country, event_type, start, end, event_id in con.execute(
                    "SELECT source_country, target_country, event_type, date_start, date_end, event_id "
                    "FROM mentions WHERE doc_id IN (SELECT doc_id FROM batch_old)").fetchall():
                affected.setdefault((source_country, target_country, event_type), []).append((start, end))
                if event_id:
                    stale.add(event_id)
            for table in ("mentions", "sentences", "documents"):
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM batch_old)")
        if fresh:
            insert_rows(con, "documents", DOCUMENT_COLUMNS, [rows.document for rows in fresh])
            sentences = [row for rows in fresh for row in rows.sentences]
            if sentences:
                insert_rows(con, "sentences", SENTENCE_COLUMNS, sentences)
            mentions = [row for rows in fresh for row in rows.mentions]
            if mentions:
                insert_rows(con, "mentions", MENTION_COLUMNS, mentions)
            for row in mentions:
                affected.setdefault((row["source_country"], row["target_country"], row["event_type"]),
                                    []).append((row["date_start"], row["date_end"]))
            regroup(con, affected, [rows.doc_id for rows in fresh], stale)
        n_events: dict[str, int] = {}
        if fresh:
            register("batch_fresh", {"doc_id": [rows.doc_id for rows in fresh]})
            n_events = dict(con.execute(
                "SELECT doc_id, count(DISTINCT event_id) FROM mentions "
                "WHERE doc_id IN (SELECT doc_id FROM batch_fresh) GROUP BY doc_id").fetchall())
        con.execute("COMMIT")
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        if isinstance(exc, duckdb.Error):
            first = batch[0].source or batch[0].doc_id
            which = first if len(batch) == 1 else f"{len(batch)} documents from {first} on"
            raise StoreError(f"could not store {which}: {str(exc).splitlines()[0]}") from None
        raise
    finally:
        for name in registered:
            con.unregister(name)
    results = []
    for rows in batch:
        if rows.doc_id in known:
            results.append(IngestResult(rows.doc_id, rows.source, "unchanged", known_as=known[rows.doc_id]))
            continue
        old = replaced.get(rows.source, []) if rows.source not in ANONYMOUS_SOURCES else []
        results.append(IngestResult(rows.doc_id, rows.source, "replaced" if old else "inserted",
                                    mentions=len(rows.mentions), events=n_events.get(rows.doc_id, 0),
                                    replaced=list(old)))
    return results


def regroup(con: duckdb.DuckDBPyConnection, affected: dict[tuple, list[tuple]],
                  new_doc_ids: Sequence[str], stale: set[str]) -> None:
    """Recompute the events of the keys and date periods that changed, in a few statements.

    ``affected`` maps (source, target, type) to the periods of mentions added or removed; undated
    mentions of ``new_doc_ids`` found events of their own; ``stale`` are events of removed mentions.
    """
    import pyarrow as pa

    windows = closed_windows(con, merged_windows(
        (key, start, end) for key, periods in affected.items() for start, end in periods
        if start is not None and end is not None))
    found: dict[str, dict[str, Any]] = {}
    # The evidence sentence is the largest column and grouping never reads it.
    select = ("SELECT m.* EXCLUDE (sentence), d.published, d.ingested_at FROM mentions m "
              "JOIN documents d ON d.doc_id = m.doc_id ")
    names_used = []
    try:
        if windows:
            con.register("batch_windows", windows_table(windows))
            names_used.append("batch_windows")
            cursor = con.execute(select + "JOIN batch_windows w ON " + WINDOW_JOIN)
            names = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                mention = dict(zip(names, row))
                found[mention["mention_id"]] = mention
        if new_doc_ids:
            con.register("batch_new_docs", pa.table({"doc_id": pa.array(list(new_doc_ids), pa.string())}))
            names_used.append("batch_new_docs")
            cursor = con.execute(select + "WHERE m.date_start IS NULL "
                                 "AND m.doc_id IN (SELECT doc_id FROM batch_new_docs)")
            names = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                mention = dict(zip(names, row))
                found[mention["mention_id"]] = mention
        stale = stale | {m["event_id"] for m in found.values() if m.get("event_id")}
        if stale:
            con.register("batch_stale", pa.table({"event_id": pa.array(sorted(stale), pa.string())}))
            names_used.append("batch_stale")
            con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM batch_stale)")
        by_key: dict[tuple, list[dict[str, Any]]] = {}
        for mention in found.values():
            by_key.setdefault((mention["source_country"], mention["target_country"], mention["event_type"]),
                              []).append(mention)
        events, assignment = [], []
        for key in sorted(by_key, key=lambda k: tuple("" if part is None else part for part in k)):
            for group in group_mentions(by_key[key]):
                row = summarise_group(key, group)
                events.append(row)
                assignment += [{"mention_id": m["mention_id"], "event_id": row["event_id"]} for m in group.members]
        if events:
            insert_rows(con, "events", EVENT_COLUMNS, events)
            con.register("batch_assignment", pa.Table.from_pylist(assignment))
            names_used.append("batch_assignment")
            con.execute("UPDATE mentions SET event_id = a.event_id FROM batch_assignment a "
                        "WHERE mentions.mention_id = a.mention_id")
    finally:
        for name in names_used:
            con.unregister(name)

WINDOW_JOIN = ("m.source_country IS NOT DISTINCT FROM w.source_country "
               "AND m.target_country IS NOT DISTINCT FROM w.target_country AND m.event_type = w.event_type "
               "AND m.date_start <= w.high AND m.date_end >= w.low")

def windows_table(windows: Sequence[tuple[tuple, date, date]]) -> Any:
    import pyarrow as pa

    return pa.table({
        "wid": pa.array(range(len(windows)), pa.int64()),
        "source_country": pa.array([key[0] for key, _, _ in windows], pa.string()),
        "target_country": pa.array([key[1] for key, _, _ in windows], pa.string()),
        "event_type": pa.array([key[2] for key, _, _ in windows], pa.string()),
        "low": pa.array([low for _, low, _ in windows], pa.date32()),
        "high": pa.array([high for _, _, high in windows], pa.date32()),
    })

def closed_windows(con: duckdb.DuckDBPyConnection,
                    windows: list[tuple[tuple, date, date]]) -> list[tuple[tuple, date, date]]:
    """The windows widened and merged until no stored mention of their key straddles an edge.

    Mentions only group with mentions whose periods nest in theirs, so regrouping every mention inside
    the closed windows gives the same events as regrouping each whole key.
    """
    while windows:
        con.register("batch_windows", windows_table(windows))
        try:
            spans = con.execute("SELECT w.wid, min(m.date_start), max(m.date_end) FROM batch_windows w "
                                "JOIN mentions m ON " + WINDOW_JOIN + " GROUP BY w.wid").fetchall()
        finally:
            con.unregister("batch_windows")
        widened = list(windows)
        for wid, low, high in spans:
            key, old_low, old_high = windows[wid]
            widened[wid] = (key, min(old_low, low), max(old_high, high))
        widened = merged_windows(widened)
        if widened == windows:
            return windows
        windows = widened
    return windows

