"""The event store: documents, sentences, event mentions and deduplicated events in one DuckDB file.

This is the only module that writes SQL. Every value that comes from a user or a document goes into a
query as a parameter, never into the SQL text.

Concurrency (see docs/store.md): DuckDB lets one process open a file read-write, or many processes open
it read-only, never both at once. A ``Store`` therefore holds no connection between calls: each call
opens the file, runs its statements (a reader inside one transaction, a writer one transaction per
document) and closes it again, retrying for ``lock_timeout`` seconds while another process holds the
file. Readers thus always see the state after some whole number of documents: a consistent snapshot.
"""

from __future__ import annotations

import bisect
import json
import os
import random
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import duckdb

from . import __version__
from .analysis import Timeline, Weights, build_timeline, parse_dyad
from .errors import InputError, StoreError
from .records import MODALITIES, PLOVER_TYPES, QUAD_CLASS, EventMention, Extraction, content_hash

DEFAULT_DB_FILE = "detente.duckdb"
DB_ENV_VAR = "DETENTE_DB"
LOCK_TIMEOUT_ENV_VAR = "DETENTE_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0  # seconds a call waits for another process to release the file

# Modalities of one happening that merge into one event, strongest first (see docs/store.md).
HAPPENING_MODALITIES: tuple[str, ...] = ("reported", "planned", "expected")
# Sources that name no file, so that two different texts from them never replace each other.
ANONYMOUS_SOURCES = frozenset({"", "-", "<stdin>", "stdin"})
STORE_TABLES: tuple[str, ...] = ("documents", "sentences", "mentions", "events")
DUCKDB_MAGIC = b"DUCK"
# Never fetch or load DuckDB extensions behind the user's back (detente runs offline).
CONNECTION_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# The order events are listed in, everywhere: by date, then dyad, type and id (stable across runs).
EVENT_ORDER = (" ORDER BY e.date_start NULLS LAST, e.date_end NULLS LAST, e.source_country, e.target_country, "
               "e.event_type, e.event_id")


_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _process_write_lock(path: Path) -> threading.Lock:
    """The lock that lets one thread of this process at a time write the store at ``path``."""
    key = str(path.resolve())
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


def default_db_path() -> Path:
    """``$DETENTE_DB`` if set, else ``./detente.duckdb``."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB_FILE)


# --- schema and migrations -----------------------------------------------------------------------

SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
    """CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY,
        source VARCHAR,
        title VARCHAR,
        published DATE,
        published_from VARCHAR,
        text VARCHAR NOT NULL,
        removed VARCHAR,            -- JSON list of boilerplate strings removed at ingest
        paragraphs VARCHAR,         -- JSON list of [start, end] spans
        warnings VARCHAR,           -- JSON list of extraction warnings
        n_sentences INTEGER NOT NULL,
        n_mentions INTEGER NOT NULL,
        ingested_at TIMESTAMP NOT NULL,
        detente_version VARCHAR
    )""",
    """CREATE TABLE sentences (
        doc_id VARCHAR NOT NULL,
        sentence_index INTEGER NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text VARCHAR,
        PRIMARY KEY (doc_id, sentence_index)
    )""",
    """CREATE TABLE mentions (
        mention_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        event_id VARCHAR,
        sentence_index INTEGER,
        char_start INTEGER,
        char_end INTEGER,
        sentence VARCHAR,
        trigger VARCHAR,
        trigger_start INTEGER,
        trigger_end INTEGER,
        source_text VARCHAR,
        source_country VARCHAR,
        source_sector VARCHAR,
        source_actor_id VARCHAR,
        source_resolved_by VARCHAR,
        source_start INTEGER,
        source_end INTEGER,
        target_text VARCHAR,
        target_country VARCHAR,
        target_sector VARCHAR,
        target_actor_id VARCHAR,
        target_resolved_by VARCHAR,
        target_start INTEGER,
        target_end INTEGER,
        event_type VARCHAR NOT NULL,
        quad_class VARCHAR NOT NULL,
        mode VARCHAR,
        modality VARCHAR NOT NULL,
        date_value VARCHAR,
        date_precision VARCHAR,
        date_start DATE,
        date_end DATE,
        date_text VARCHAR,
        date_rule VARCHAR,
        confidence DOUBLE
    )""",
    """CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        source_country VARCHAR,
        target_country VARCHAR,
        event_type VARCHAR NOT NULL,
        quad_class VARCHAR NOT NULL,
        mode VARCHAR,
        modality VARCHAR NOT NULL,
        modality_history VARCHAR,   -- JSON list of {modality, since, doc_id}
        date_value VARCHAR,
        date_precision VARCHAR,
        date_start DATE,
        date_end DATE,
        n_mentions INTEGER NOT NULL,
        n_documents INTEGER NOT NULL,
        first_seen DATE,
        last_seen DATE,
        confidence DOUBLE,
        source_actors VARCHAR,      -- JSON list of {code, sector, text, actor_id}
        target_actors VARCHAR,
        anchor_mention_id VARCHAR NOT NULL
    )""",
)


@dataclass(frozen=True)
class Migration:
    """The statements that bring a store from ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


# Append a Migration here (never edit a released one) and raise SCHEMA_VERSION to change the schema.
MIGRATIONS: list[Migration] = [Migration(1, "initial schema", SCHEMA_V1)]
SCHEMA_VERSION = 1


# --- results ---------------------------------------------------------------------------------------


@dataclass
class IngestResult:
    """What storing one extraction did."""

    doc_id: str
    source: str
    status: str  # inserted, unchanged or replaced
    mentions: int = 0
    events: int = 0  # distinct events the document's mentions belong to
    replaced: list[str] = field(default_factory=list)  # doc ids of the older versions removed
    known_as: str | None = None  # for unchanged: the source the document was first stored from

    def describe(self) -> str:
        """One human line, e.g. ``inserted a.txt: 4 mentions of 3 events``."""
        if self.status == "unchanged":
            also = f" (stored from {self.known_as})" if self.known_as and self.known_as != self.source else ""
            return f"unchanged {self.source or self.doc_id}: already stored{also}, nothing changed"
        verb = "replaced" if self.status == "replaced" else "inserted"
        return f"{verb} {self.source or self.doc_id}: {self.mentions} mention(s) of {self.events} event(s)"


@dataclass
class StoreInfo:
    """Counts and versions that ``detente db info`` prints."""

    path: str
    schema_version: int
    detente_version: str | None
    created_at: str | None
    size_bytes: int
    documents: int
    sentences: int
    mentions: int
    events: int
    first_event: date | None
    last_event: date | None
    events_by_modality: dict[str, int] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        record = dict(self.__dict__)
        record["first_event"] = self.first_event.isoformat() if self.first_event else None
        record["last_event"] = self.last_event.isoformat() if self.last_event else None
        return record


# --- deduplication (pure Python, no SQL) ----------------------------------------------------------


def modality_family(modality: str) -> str:
    """Which modalities may describe the same happening: planned/expected/reported, else only itself."""
    return "happening" if modality in HAPPENING_MODALITIES else modality


@dataclass
class EventGroup:
    """Mentions judged to report one happening, with the mention that anchors its date."""

    anchor: dict[str, Any]
    members: list[dict[str, Any]] = field(default_factory=list)


def _mention_order(mention: dict[str, Any]) -> tuple:
    """Shortest (most precise) dated period first, then by date; undated last; ties by mention id."""
    start, end = mention.get("date_start"), mention.get("date_end")
    if start is None or end is None:
        return (1, 0, date.max, mention["mention_id"])
    return (0, (end - start).days, start, mention["mention_id"])


def group_mentions(mentions: Iterable[dict[str, Any]]) -> list[EventGroup]:
    """Group the mentions of one (source country, target country, type) into events.

    Mentions are taken shortest date period first; each founds an event unless an event already
    founded has its date (the founder's period) within the mention's period, the same modality
    family and no other named actor on either side, in which case the mention joins the earliest
    such event. So a "June 2023" mention joins a
    "18 June 2023" event, two different days stay apart, and undated mentions never merge. The result
    does not depend on the order of ``mentions``.
    """
    ordered = sorted(mentions, key=_mention_order)
    groups: list[EventGroup] = []
    # Per modality family: (anchor start, group index), sorted, for a bisect lookup by date.
    starts: dict[str, list[tuple[date, int]]] = {}
    for mention in ordered:
        start, end = mention.get("date_start"), mention.get("date_end")
        if start is None or end is None:
            groups.append(EventGroup(anchor=mention, members=[mention]))
            continue
        index = starts.setdefault(modality_family(mention["modality"]), [])
        chosen = None
        # Every founded period is no longer than this one, so "nests" means: starts and ends inside it.
        position = bisect.bisect_left(index, (start, -1))
        while position < len(index) and index[position][0] <= end:
            group = groups[index[position][1]]
            if group.anchor["date_end"] <= end and _same_named_actors(group, mention):
                chosen = group
                break
            position += 1
        if chosen is None:
            groups.append(EventGroup(anchor=mention, members=[mention]))
            bisect.insort(index, (start, len(groups) - 1))
        else:
            chosen.members.append(mention)
    return groups


def _same_named_actors(group: EventGroup, mention: dict[str, Any]) -> bool:
    """Whether a mention may join a group: on each side, a named actor (a person or institution from
    the dictionary) must not differ from one already named in the group. "Macron's trip" and
    "Scholz's trip" to China in one week are two events; "the president's trip" joins either."""
    for side in ("source", "target"):
        named = mention.get(f"{side}_actor_id")
        if named is None:
            continue
        others = {m.get(f"{side}_actor_id") for m in group.members} - {None}
        if others and named not in others:
            return False
    return True


def _published_order(mention: dict[str, Any]) -> tuple:
    published = mention.get("published")
    ingested = mention.get("ingested_at")
    seen = published or (ingested.date() if isinstance(ingested, datetime) else date.max)
    return (seen, ingested or datetime.max, mention["doc_id"], mention.get("sentence_index") or 0,
            mention["mention_id"])


def summarise_group(key: tuple[str | None, str | None, str], group: EventGroup) -> dict[str, Any]:
    """The events-table row of one group: current modality and its history, dates, actors, counts."""
    source_country, target_country, event_type = key
    members = sorted(group.members, key=_published_order)
    anchor = group.anchor
    modalities = {m["modality"] for m in members}
    if modality_family(anchor["modality"]) == "happening":
        current = next(m for m in HAPPENING_MODALITIES if m in modalities)
    else:
        current = anchor["modality"]
    history: list[dict[str, Any]] = []
    for mention in members:
        if not history or history[-1]["modality"] != mention["modality"]:
            published = mention.get("published")
            history.append({"modality": mention["modality"],
                            "since": published.isoformat() if published else None,
                            "doc_id": mention["doc_id"]})
    modes: dict[str, int] = {}
    for mention in members:
        if mention.get("mode"):
            modes[mention["mode"]] = modes.get(mention["mode"], 0) + 1
    mode = max(sorted(modes), key=lambda m: modes[m]) if modes else None

    def actors(side: str) -> list[dict[str, Any]]:
        seen: dict[tuple, dict[str, Any]] = {}
        for mention in members:
            if mention.get(f"{side}_text") is None and mention.get(f"{side}_country") is None:
                continue
            ident = (mention.get(f"{side}_country"), mention.get(f"{side}_sector"), mention.get(f"{side}_actor_id"))
            seen.setdefault(ident, {"code": ident[0], "sector": ident[1],
                                    "text": mention.get(f"{side}_text"), "actor_id": ident[2]})
        return list(seen.values())

    published = [m["published"] for m in members if m.get("published")]
    return {
        "event_id": content_hash("event|" + anchor["mention_id"]),
        "source_country": source_country,
        "target_country": target_country,
        "event_type": event_type,
        "quad_class": QUAD_CLASS[event_type],
        "mode": mode,
        "modality": current,
        "modality_history": json.dumps(history),
        "date_value": anchor.get("date_value"),
        "date_precision": anchor.get("date_precision") or "none",
        "date_start": anchor.get("date_start"),
        "date_end": anchor.get("date_end"),
        "n_mentions": len(members),
        "n_documents": len({m["doc_id"] for m in members}),
        "first_seen": min(published) if published else None,
        "last_seen": max(published) if published else None,
        "confidence": max((m.get("confidence") or 0.0) for m in members),
        "source_actors": json.dumps(actors("source")),
        "target_actors": json.dumps(actors("target")),
        "anchor_mention_id": anchor["mention_id"],
    }


# --- rows from records ------------------------------------------------------------------------------


def _mention_row(mention: EventMention, doc_id: str) -> dict[str, Any]:
    def side(prefix: str, actor: Any) -> dict[str, Any]:
        return {
            f"{prefix}_text": actor.text if actor else None,
            f"{prefix}_country": actor.country if actor else None,
            f"{prefix}_sector": actor.sector if actor else None,
            f"{prefix}_actor_id": actor.actor_id if actor else None,
            f"{prefix}_resolved_by": actor.resolved_by if actor else None,
            f"{prefix}_start": actor.start if actor else None,
            f"{prefix}_end": actor.end if actor else None,
        }

    time_ref = mention.time
    start, end = time_ref.start, time_ref.end
    if start is not None and end is None:
        end = start
    if end is not None and start is None:
        start = end
    row = {
        "mention_id": mention.event_id,
        "doc_id": doc_id,
        "event_id": None,
        "sentence_index": mention.sentence_index,
        "char_start": mention.char_start,
        "char_end": mention.char_end,
        "sentence": mention.sentence,
        "trigger": mention.trigger,
        "trigger_start": mention.trigger_start,
        "trigger_end": mention.trigger_end,
        **side("source", mention.source),
        **side("target", mention.target),
        "event_type": mention.event_type,
        "quad_class": QUAD_CLASS[mention.event_type],
        "mode": mention.mode,
        "modality": mention.modality,
        "date_value": time_ref.value,
        "date_precision": time_ref.precision if start is not None else "none",
        "date_start": start,
        "date_end": end,
        "date_text": time_ref.text,
        "date_rule": time_ref.rule,
        "confidence": float(mention.confidence),
    }
    return row


MENTION_COLUMNS: tuple[str, ...] = (
    "mention_id", "doc_id", "event_id", "sentence_index", "char_start", "char_end", "sentence", "trigger",
    "trigger_start", "trigger_end",
    "source_text", "source_country", "source_sector", "source_actor_id", "source_resolved_by",
    "source_start", "source_end",
    "target_text", "target_country", "target_sector", "target_actor_id", "target_resolved_by",
    "target_start", "target_end",
    "event_type", "quad_class", "mode", "modality", "date_value", "date_precision", "date_start",
    "date_end", "date_text", "date_rule", "confidence",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "source_country", "target_country", "event_type", "quad_class", "mode", "modality",
    "modality_history", "date_value", "date_precision", "date_start", "date_end", "n_mentions",
    "n_documents", "first_seen", "last_seen", "confidence", "source_actors", "target_actors",
    "anchor_mention_id",
)
JSON_EVENT_COLUMNS = ("modality_history", "source_actors", "target_actors")


def _arrow_query(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The result of a parameterless query as an Arrow table (the method's name differs between releases)."""
    relation = con.sql(sql)
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):
        method = getattr(relation, name, None)
        if method is not None:
            return method()
    raise RuntimeError("this DuckDB cannot return Arrow tables")


def _validate_extraction(extraction: Extraction) -> None:
    document = extraction.document
    if not isinstance(extraction, Extraction):
        raise InputError("Store.ingest expects an Extraction")
    if not document.doc_id:
        raise InputError(f"document from {document.source or '?'} has no id")
    for mention in extraction.events:
        if mention.doc_id != document.doc_id:
            raise InputError(f"a mention of {document.source or document.doc_id} names another document "
                             f"({mention.doc_id})")


# --- bulk rows: one document as the rows the store keeps (used by detente.scale) -------------------

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "source", "title", "published", "published_from", "text", "removed", "paragraphs", "warnings",
    "n_sentences", "n_mentions", "ingested_at", "detente_version",
)
SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "sentence_index", "char_start", "char_end", "text")
# The tables a document's rows go to, in the order they are written (Parquet parts use the same names).
ROW_TABLES: tuple[str, ...] = ("documents", "sentences", "mentions")


@dataclass
class DocumentRows:
    """One document as store rows: its ``documents`` row, ``sentences`` rows and ``mentions`` rows."""

    document: dict[str, Any]
    sentences: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document["doc_id"]

    @property
    def source(self) -> str:
        return self.document.get("source") or ""


def document_rows(extraction: Extraction, ingested_at: datetime | None = None) -> DocumentRows:
    """The rows ``Store.ingest`` would write for one extraction (identical mentions kept once)."""
    _validate_extraction(extraction)
    document = extraction.document
    mentions: dict[str, dict[str, Any]] = {}
    for mention in extraction.events:
        mentions.setdefault(mention.event_id, _mention_row(mention, document.doc_id))
    sentences = [{"doc_id": document.doc_id, "sentence_index": i, "char_start": int(start), "char_end": int(end),
                  "text": document.text[start:end]} for i, (start, end) in enumerate(extraction.sentences)]
    row = {
        "doc_id": document.doc_id, "source": document.source or "", "title": document.title,
        "published": document.published, "published_from": document.published_from, "text": document.text,
        "removed": json.dumps(list(document.removed)),
        "paragraphs": json.dumps([list(span) for span in document.paragraphs]),
        "warnings": json.dumps(list(extraction.warnings)),
        "n_sentences": len(extraction.sentences), "n_mentions": len(mentions),
        "ingested_at": ingested_at or datetime.now(timezone.utc).replace(tzinfo=None),
        "detente_version": __version__,
    }
    return DocumentRows(row, sentences, list(mentions.values()))


_ROW_COLUMNS = {"documents": DOCUMENT_COLUMNS, "sentences": SENTENCE_COLUMNS, "mentions": MENTION_COLUMNS}
_ARROW_SCHEMAS: dict[str, Any] = {}


def arrow_schema(table: str) -> Any:
    """The Arrow schema of a store table at this detente's schema version (for Parquet parts)."""
    if table not in _ROW_COLUMNS:
        raise ValueError(f"no row schema for table {table!r}")
    if not _ARROW_SCHEMAS:
        con = duckdb.connect(":memory:", config=dict(CONNECTION_CONFIG))
        try:
            for migration in MIGRATIONS:
                for statement in migration.statements:
                    con.execute(statement)
            for name, columns in _ROW_COLUMNS.items():
                _ARROW_SCHEMAS[name] = _arrow_query(con, f"SELECT {', '.join(columns)} FROM {name} LIMIT 0").schema
        finally:
            con.close()
    return _ARROW_SCHEMAS[table]


def rows_to_arrow(table: str, rows: Sequence[dict[str, Any]]) -> Any:
    """Rows of one store table as an Arrow table with the store's column types."""
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)


def rows_from_arrow(documents: Any, sentences: Any, mentions: Any) -> list[DocumentRows]:
    """Per-document rows from the three Arrow tables of a Parquet part (in the documents' order)."""
    batch = {row["doc_id"]: DocumentRows(row) for row in documents.to_pylist()}
    for row in sentences.to_pylist():
        if row["doc_id"] in batch:
            batch[row["doc_id"]].sentences.append(row)
    for row in mentions.to_pylist():
        if row["doc_id"] in batch:
            batch[row["doc_id"]].mentions.append(row)
    return list(batch.values())


def _conflict_free_runs(batch: Sequence[DocumentRows]) -> list[list[int]]:
    """Indices of ``batch`` cut into runs in which no document id and no named source repeats.

    Each run can be stored at once and give what storing its documents one by one would give.
    """
    runs: list[list[int]] = []
    ids: set[str] = set()
    sources: set[str] = set()
    for index, rows in enumerate(batch):
        named = rows.source not in ANONYMOUS_SOURCES
        if not runs or rows.doc_id in ids or (named and rows.source in sources):
            runs.append([])
            ids, sources = set(), set()
        runs[-1].append(index)
        ids.add(rows.doc_id)
        if named:
            sources.add(rows.source)
    return runs


def _merged_windows(windows: Iterable[tuple[tuple, date, date]]) -> list[tuple[tuple, date, date]]:
    """Per key, overlapping date windows merged into one; sorted by key and start."""
    def order(window: tuple[tuple, date, date]) -> tuple:
        key, low, _ = window
        return (tuple("" if part is None else part for part in key), low)

    merged: list[tuple[tuple, date, date]] = []
    for key, low, high in sorted(windows, key=order):
        if merged and merged[-1][0] == key and low <= merged[-1][2]:
            merged[-1] = (key, merged[-1][1], max(high, merged[-1][2]))
        else:
            merged.append((key, low, high))
    return merged


# --- the store ------------------------------------------------------------------------------------


class Store:
    """A DuckDB event store at ``path`` (default ``$DETENTE_DB`` or ``./detente.duckdb``).

    Holds no open connection between calls, so several processes can share the file: see module doc.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, lock_timeout: float | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        if lock_timeout is None:
            raw = os.environ.get(LOCK_TIMEOUT_ENV_VAR)
            try:
                lock_timeout = float(raw) if raw else DEFAULT_LOCK_TIMEOUT
            except ValueError:
                raise InputError(f"{LOCK_TIMEOUT_ENV_VAR}={raw!r} is not a number of seconds") from None
        self.lock_timeout = max(0.0, float(lock_timeout))

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connections --

    def exists(self) -> bool:
        """Whether the store file exists."""
        return self.path.is_file()

    def _connect_raw(self, write: bool) -> duckdb.DuckDBPyConnection:
        """Open the file, waiting up to ``lock_timeout`` seconds for other processes to let go of it."""
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file")
        if not self.path.exists():
            if not write:
                raise StoreError(f"no event store at {self.path} (run `detente ingest` first, or set --db)")
            parent = self.path.parent if str(self.path.parent) else Path(".")
            if not parent.is_dir():
                raise StoreError(f"cannot create {self.path}: folder {parent} does not exist")
        elif not self._looks_like_duckdb():
            raise StoreError(f"{self.path} is not a DuckDB database (corrupt or another kind of file); "
                             "detente left it untouched")
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=not write, config=dict(CONNECTION_CONFIG))
            except duckdb.Error as exc:
                message = str(exc)
                other_process = "Could not set lock" in message or "Conflicting lock" in message
                # DuckDB refuses a read-only and a read-write connection to one file in one process.
                this_process = ("different configuration than existing connections" in message
                                or "Unique file handle conflict" in message)
                if other_process or this_process:
                    if time.monotonic() < deadline:
                        time.sleep(min(delay, max(0.0, deadline - time.monotonic())) * (0.5 + random.random()))
                        delay = min(delay * 1.6, 0.5)
                        continue
                    if this_process:
                        raise StoreError(f"{self.path} is held by another connection in this process; "
                                         f"gave up after {self.lock_timeout:g} s") from None
                    holder = ""
                    if "(PID " in message:
                        holder = " (PID " + message.split("(PID ", 1)[1].split(")", 1)[0] + ")"
                    raise StoreError(f"{self.path} is locked by another process{holder}; "
                                     f"gave up after {self.lock_timeout:g} s") from None
                if "not a valid DuckDB database" in message:
                    raise StoreError(f"{self.path} is not a DuckDB database (corrupt or another kind of file); "
                                     "detente left it untouched") from None
                first_line = message.strip().splitlines()[0] if message.strip() else exc.__class__.__name__
                raise StoreError(f"cannot open {self.path}: {first_line}") from None

    def _looks_like_duckdb(self) -> bool:
        """Whether the file starts with DuckDB's header (its magic bytes sit at offset 8).

        Checked before DuckDB sees the file, because DuckDB recognises some foreign formats (SQLite)
        and would try to load an extension for them instead of refusing.
        """
        try:
            with open(self.path, "rb") as handle:
                header = handle.read(12)
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        return len(header) == 12 and header[8:12] == DUCKDB_MAGIC

    @contextmanager
    def _write_turn(self) -> Iterator[None]:
        """Wait until no other thread of this process writes the store.

        DuckDB would let two threads write at once and fail one of them on a conflict; writers in
        different processes are kept apart by DuckDB's file lock instead.
        """
        guard = _process_write_lock(self.path)
        if not guard.acquire(timeout=max(self.lock_timeout, 0.001)):
            raise StoreError(f"{self.path} is being written by another thread of this process; "
                             f"gave up after {self.lock_timeout:g} s")
        try:
            yield
        finally:
            guard.release()

    @contextmanager
    def _connection(self, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection whose schema is current (created or migrated when writing), closed afterwards."""
        with self._write_turn() if write else nullcontext():
            con = self._connect_raw(write)
            try:
                if write:
                    self._ensure_schema(con)
                else:
                    self._check_schema(con)
                yield con
            finally:
                con.close()

    @contextmanager
    def _snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection inside one transaction: every query sees the same state."""
        with self._connection(write=False) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            finally:
                con.execute("ROLLBACK")

    # -- schema --

    @staticmethod
    def _table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
        rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                           ).fetchall()
        return {row[0] for row in rows}

    def _stored_version(self, con: duckdb.DuckDBPyConnection) -> int | None:
        """The schema version recorded in the file; None for an empty database."""
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            if self._table_names(con):
                raise StoreError(f"{self.path} is a DuckDB database but not a detente store; "
                                 "detente left it untouched") from None
            return None
        try:
            return int(row[0]) if row else 0
        except ValueError:
            raise StoreError(f"{self.path} has an unreadable schema version {row[0]!r}") from None

    def _check_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        version = self._stored_version(con)
        if version is None:
            raise StoreError(f"{self.path} is an empty database, not yet a detente store (run `detente ingest`)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}, newer than this detente knows "
                             f"({SCHEMA_VERSION}); upgrade detente")
        if version < SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}, older than this detente's "
                             f"{SCHEMA_VERSION}; run `detente db migrate`")

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
        """Create or migrate the schema; the versions before and after."""
        version = self._stored_version(con)
        before = version or 0
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}, newer than this detente knows "
                             f"({SCHEMA_VERSION}); upgrade detente")
        for migration in MIGRATIONS:
            if migration.version <= before or migration.version > SCHEMA_VERSION:
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
                raise StoreError(f"migrating {self.path} to schema version {migration.version} failed: "
                                 f"{str(exc).splitlines()[0]}") from None
        return before, SCHEMA_VERSION

    def migrate(self) -> tuple[int, int]:
        """Bring the store to this detente's schema version (creating it if needed): (before, after)."""
        with self._write_turn():
            con = self._connect_raw(write=True)
            try:
                return self._ensure_schema(con)
            finally:
                con.close()

    # -- writing --

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this content hash is stored (False when there is no store yet)."""
        if not self.exists():
            return False
        with self._snapshot() as con:
            return con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0] > 0

    def ingest(self, extraction: Extraction) -> IngestResult:
        """Store one document with its sentences and mentions in one transaction, then regroup events."""
        return self.ingest_many([extraction])[0]

    def ingest_many(self, extractions: Iterable[Extraction]) -> list[IngestResult]:
        """Store many extractions through one connection, one transaction per document.

        The file stays locked for the whole call, so pass extractions that are already made rather than a
        generator that runs the slow extraction while readers wait.
        """
        results = []
        with self._connection(write=True) as con:
            for extraction in extractions:
                results.append(self._ingest_one(con, extraction))
        return results

    def _ingest_one(self, con: duckdb.DuckDBPyConnection, extraction: Extraction) -> IngestResult:
        _validate_extraction(extraction)
        document = extraction.document
        source = document.source or ""
        con.execute("BEGIN TRANSACTION")
        try:
            known = con.execute("SELECT source FROM documents WHERE doc_id = ?", [document.doc_id]).fetchone()
            if known is not None:
                con.execute("ROLLBACK")
                return IngestResult(document.doc_id, source, "unchanged", known_as=known[0])
            replaced: list[str] = []
            affected: dict[tuple, list[tuple]] = {}
            if source not in ANONYMOUS_SOURCES:
                replaced = [row[0] for row in con.execute(
                    "SELECT doc_id FROM documents WHERE source = ? ORDER BY doc_id", [source]).fetchall()]
                for old_id in replaced:
                    self._collect_periods(con, old_id, affected)
                    con.execute("DELETE FROM mentions WHERE doc_id = ?", [old_id])
                    con.execute("DELETE FROM sentences WHERE doc_id = ?", [old_id])
                    con.execute("DELETE FROM documents WHERE doc_id = ?", [old_id])
            mention_rows = {}
            for mention in extraction.events:  # identical mentions (same id) are stored once
                mention_rows.setdefault(mention.event_id, _mention_row(mention, document.doc_id))
            con.execute(
                "INSERT INTO documents (doc_id, source, title, published, published_from, text, removed, "
                "paragraphs, warnings, n_sentences, n_mentions, ingested_at, detente_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [document.doc_id, source, document.title, document.published, document.published_from,
                 document.text, json.dumps(list(document.removed)),
                 json.dumps([list(span) for span in document.paragraphs]), json.dumps(list(extraction.warnings)),
                 len(extraction.sentences), len(mention_rows), datetime.now(timezone.utc).replace(tzinfo=None),
                 __version__],
            )
            if extraction.sentences:
                self._insert_rows(con, "sentences", ("doc_id", "sentence_index", "char_start", "char_end", "text"), [
                    {"doc_id": document.doc_id, "sentence_index": i, "char_start": int(start),
                     "char_end": int(end), "text": document.text[start:end]}
                    for i, (start, end) in enumerate(extraction.sentences)
                ])
            if mention_rows:
                self._insert_rows(con, "mentions", MENTION_COLUMNS, list(mention_rows.values()))
            for row in mention_rows.values():
                key = (row["source_country"], row["target_country"], row["event_type"])
                affected.setdefault(key, []).append((row["date_start"], row["date_end"]))
            for key in sorted(affected, key=lambda k: tuple("" if part is None else part for part in k)):
                self._regroup(con, key, affected[key], new_doc_id=document.doc_id)
            n_events = 0
            if mention_rows:
                n_events = con.execute("SELECT count(DISTINCT event_id) FROM mentions WHERE doc_id = ?",
                                       [document.doc_id]).fetchone()[0]
            con.execute("COMMIT")
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"could not store {source or document.doc_id}: {str(exc).splitlines()[0]}") from None
            raise
        status = "replaced" if replaced else "inserted"
        return IngestResult(document.doc_id, source, status, mentions=len(mention_rows), events=n_events,
                            replaced=replaced)

    @staticmethod
    def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
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

    @staticmethod
    def _collect_periods(con: duckdb.DuckDBPyConnection, doc_id: str, affected: dict[tuple, list[tuple]]) -> None:
        """Add the (key -> date periods) of a document's stored mentions to ``affected``."""
        rows = con.execute("SELECT source_country, target_country, event_type, date_start, date_end FROM mentions "
                           "WHERE doc_id = ?", [doc_id]).fetchall()
        for source_country, target_country, event_type, start, end in rows:
            affected.setdefault((source_country, target_country, event_type), []).append((start, end))

    KEY_CLAUSE = "source_country IS NOT DISTINCT FROM ? AND target_country IS NOT DISTINCT FROM ? AND event_type = ?"

    def _closed_window(self, con: duckdb.DuckDBPyConnection, key: tuple, low: date, high: date) -> tuple[date, date]:
        """Widen [low, high] until no stored mention of ``key`` straddles its edge.

        Mentions only group with mentions whose periods nest in theirs, so regrouping every mention
        inside the closed window gives the same events as regrouping the whole key.
        """
        while True:
            found = con.execute(f"SELECT min(date_start), max(date_end) FROM mentions WHERE {self.KEY_CLAUSE} "
                                "AND date_start <= ? AND date_end >= ?", [*key, high, low]).fetchone()
            new_low = min(low, found[0]) if found[0] is not None else low
            new_high = max(high, found[1]) if found[1] is not None else high
            if (new_low, new_high) == (low, high):
                return low, high
            low, high = new_low, new_high

    def _regroup(self, con: duckdb.DuckDBPyConnection, key: tuple, periods: Sequence[tuple],
                 new_doc_id: str | None = None) -> None:
        """Recompute the events of one (source, target, type) around the date periods that changed.

        ``periods`` are the (start, end) of the mentions added or removed; undated mentions of
        ``new_doc_id`` get their own events; events left without mentions are removed.
        """
        source_country, target_country, event_type = key
        dated = [(start, end) for start, end in periods if start is not None and end is not None]
        window = None
        if dated:
            window = self._closed_window(con, key, min(p[0] for p in dated), max(p[1] for p in dated))
        clauses, params = [], []
        if window is not None:
            clauses.append("(m.date_start <= ? AND m.date_end >= ?)")
            params += [window[1], window[0]]
        if new_doc_id is not None:
            clauses.append("(m.date_start IS NULL AND m.doc_id = ?)")
            params.append(new_doc_id)
        mentions: list[dict[str, Any]] = []
        if clauses:
            key_clause = self.KEY_CLAUSE.replace("source_country", "m.source_country").replace(
                "target_country", "m.target_country").replace("event_type", "m.event_type")
            cursor = con.execute(
                "SELECT m.*, d.published, d.ingested_at FROM mentions m JOIN documents d ON d.doc_id = m.doc_id "
                f"WHERE {key_clause} AND ({' OR '.join(clauses)})", [*key, *params])
            names = [column[0] for column in cursor.description]
            mentions = [dict(zip(names, row)) for row in cursor.fetchall()]
        stale = sorted({m["event_id"] for m in mentions if m.get("event_id")})
        import pyarrow as pa

        if stale:
            con.register("stale_events", pa.table({"event_id": pa.array(stale, pa.string())}))
            try:
                con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM stale_events)")
            finally:
                con.unregister("stale_events")
        con.execute(f"DELETE FROM events WHERE {self.KEY_CLAUSE} AND NOT EXISTS "
                    "(SELECT 1 FROM mentions m WHERE m.event_id = events.event_id)", list(key))
        if not mentions:
            return
        events, assignment = [], []
        for group in group_mentions(mentions):
            row = summarise_group((source_country, target_country, event_type), group)
            events.append(row)
            assignment += [{"mention_id": m["mention_id"], "event_id": row["event_id"]} for m in group.members]
        self._insert_rows(con, "events", EVENT_COLUMNS, events)
        con.register("incoming_assignment", pa.Table.from_pylist(assignment))
        try:
            con.execute("UPDATE mentions SET event_id = a.event_id FROM incoming_assignment a "
                        "WHERE mentions.mention_id = a.mention_id")
        finally:
            con.unregister("incoming_assignment")

    def regroup_all(self) -> int:
        """Rebuild every event from the stored mentions (after a change of the grouping rule); the event count."""
        with self._connection(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("DELETE FROM events")
                con.execute("UPDATE mentions SET event_id = NULL")
                keys = con.execute("SELECT source_country, target_country, event_type, min(date_start), "
                                   "max(date_end), list(DISTINCT doc_id) FILTER (WHERE date_start IS NULL) "
                                   "FROM mentions GROUP BY ALL").fetchall()
                for source_country, target_country, event_type, low, high, undated_docs in keys:
                    key = (source_country, target_country, event_type)
                    self._regroup(con, key, [(low, high)] if low is not None else [])
                    for doc_id in undated_docs or []:
                        self._regroup(con, key, [], new_doc_id=doc_id)
                count = con.execute("SELECT count(*) FROM events").fetchone()[0]
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return count

    def delete_document(self, doc_id: str) -> bool:
        """Remove one document, its sentences and mentions, and regroup the events they touched."""
        with self._connection(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                if con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0] == 0:
                    con.execute("ROLLBACK")
                    return False
                affected: dict[tuple, list[tuple]] = {}
                self._collect_periods(con, doc_id, affected)
                for table in ("mentions", "sentences", "documents"):
                    con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
                for key, periods in affected.items():
                    self._regroup(con, key, periods)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return True

    # -- bulk writing (detente.scale) --

    def iter_document_ids(self, chunk: int = 100_000) -> Iterator[str]:
        """The content hash of every stored document, read in chunks (nothing when there is no store)."""
        if not self.exists():
            return
        with self._snapshot() as con:
            cursor = con.execute("SELECT doc_id FROM documents")
            while True:
                rows = cursor.fetchmany(chunk)
                if not rows:
                    return
                for row in rows:
                    yield row[0]

    def ingest_batch(self, extractions: Iterable[Extraction]) -> list[IngestResult]:
        """Store many extractions in one transaction (per run of distinct documents); see ``ingest_rows``."""
        return self.ingest_rows([document_rows(extraction) for extraction in extractions])

    def ingest_rows(self, batch: Sequence[DocumentRows]) -> list[IngestResult]:
        """Store documents given as rows, many per transaction, with one regrouping of the events they touch.

        Gives the same documents, mentions and events as ``ingest`` called for each document in order:
        known documents are ``unchanged``, a new text from a stored source ``replaced`` it. A document
        id or named source that repeats in ``batch`` starts a new transaction, so the later one wins.
        A failure rolls back the whole transaction and raises StoreError.
        """
        results: list[IngestResult | None] = [None] * len(batch)
        if not batch:
            return []
        with self._connection(write=True) as con:
            for run in _conflict_free_runs(batch):
                for index, result in zip(run, self._ingest_run(con, [batch[i] for i in run])):
                    results[index] = result
        return [result for result in results if result is not None]

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

    def _ingest_run(self, con: duckdb.DuckDBPyConnection, batch: list[DocumentRows]) -> list[IngestResult]:
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
                self._insert_rows(con, "documents", DOCUMENT_COLUMNS, [rows.document for rows in fresh])
                sentences = [row for rows in fresh for row in rows.sentences]
                if sentences:
                    self._insert_rows(con, "sentences", SENTENCE_COLUMNS, sentences)
                mentions = [row for rows in fresh for row in rows.mentions]
                if mentions:
                    self._insert_rows(con, "mentions", MENTION_COLUMNS, mentions)
                for row in mentions:
                    affected.setdefault((row["source_country"], row["target_country"], row["event_type"]),
                                        []).append((row["date_start"], row["date_end"]))
                self._regroup_many(con, affected, [rows.doc_id for rows in fresh], stale)
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
                raise StoreError(f"could not store {len(batch)} document(s) from {first} on: "
                                 f"{str(exc).splitlines()[0]}") from None
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

    def _regroup_many(self, con: duckdb.DuckDBPyConnection, affected: dict[tuple, list[tuple]],
                      new_doc_ids: Sequence[str], stale: set[str]) -> None:
        """Recompute the events of many keys at once: ``_regroup`` for a whole batch, in a few statements.

        ``affected`` maps (source, target, type) to the periods of mentions added or removed; undated
        mentions of ``new_doc_ids`` found events of their own; ``stale`` are events of removed mentions.
        """
        import pyarrow as pa

        windows = self._closed_windows(con, _merged_windows(
            (key, start, end) for key, periods in affected.items() for start, end in periods
            if start is not None and end is not None))
        found: dict[str, dict[str, Any]] = {}
        # The evidence sentence is the largest column and grouping never reads it.
        select = ("SELECT m.* EXCLUDE (sentence), d.published, d.ingested_at FROM mentions m "
                  "JOIN documents d ON d.doc_id = m.doc_id ")
        names_used = []
        try:
            if windows:
                con.register("batch_windows", self._windows_table(windows))
                names_used.append("batch_windows")
                cursor = con.execute(select + "JOIN batch_windows w ON " + self.WINDOW_JOIN)
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
                self._insert_rows(con, "events", EVENT_COLUMNS, events)
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

    @staticmethod
    def _windows_table(windows: Sequence[tuple[tuple, date, date]]) -> Any:
        import pyarrow as pa

        return pa.table({
            "wid": pa.array(range(len(windows)), pa.int64()),
            "source_country": pa.array([key[0] for key, _, _ in windows], pa.string()),
            "target_country": pa.array([key[1] for key, _, _ in windows], pa.string()),
            "event_type": pa.array([key[2] for key, _, _ in windows], pa.string()),
            "low": pa.array([low for _, low, _ in windows], pa.date32()),
            "high": pa.array([high for _, _, high in windows], pa.date32()),
        })

    def _closed_windows(self, con: duckdb.DuckDBPyConnection,
                        windows: list[tuple[tuple, date, date]]) -> list[tuple[tuple, date, date]]:
        """``_closed_window`` for many windows at once: widened and merged until no stored mention straddles one."""
        while windows:
            con.register("batch_windows", self._windows_table(windows))
            try:
                spans = con.execute("SELECT w.wid, min(m.date_start), max(m.date_end) FROM batch_windows w "
                                    "JOIN mentions m ON " + self.WINDOW_JOIN + " GROUP BY w.wid").fetchall()
            finally:
                con.unregister("batch_windows")
            widened = list(windows)
            for wid, low, high in spans:
                key, old_low, old_high = windows[wid]
                widened[wid] = (key, min(old_low, low), max(old_high, high))
            widened = _merged_windows(widened)
            if widened == windows:
                return windows
            windows = widened
        return windows

    # -- reading --

    def events(
        self,
        dyad: str | tuple[str, str] | None = None,
        actors: Sequence[str] = (),
        types: Sequence[str] = (),
        modalities: Sequence[str] = (),
        since: date | None = None,
        until: date | None = None,
        both_directions: bool = False,
        with_mentions: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Deduplicated events matching every filter given, oldest first (undated last).

        ``dyad`` is ``"USA:CHN"`` or ``("USA", "CHN")`` (source, target); ``actors`` match a country code on
        either side or an actor id of any mention; ``since``/``until`` keep events whose period overlaps.
        With ``with_mentions`` each event carries its ``mentions`` (document, sentence, offsets, modality).
        """
        with self._snapshot() as con:
            return self._events(con, dyad, actors, types, modalities, since, until, both_directions,
                                with_mentions, limit)

    def _events(self, con, dyad, actors, types, modalities, since, until, both_directions, with_mentions,
                limit) -> list[dict[str, Any]]:
        clauses, params = self._event_filters(dyad, actors, types, modalities, since, until, both_directions)
        sql = "SELECT e.* FROM events e"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += EVENT_ORDER
        if limit is not None:
            if int(limit) < 0:
                raise InputError(f"limit {limit} must not be negative")
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._fetch_events(con, sql, params, with_mentions)

    def _fetch_events(self, con, sql: str, params: list, with_mentions: bool) -> list[dict[str, Any]]:
        """The event rows a query selects, JSON columns decoded, each with its mentions if asked."""
        cursor = con.execute(sql, params)
        names = [column[0] for column in cursor.description]
        events = []
        for row in cursor.fetchall():
            event = dict(zip(names, row))
            for column in JSON_EVENT_COLUMNS:
                event[column] = json.loads(event[column]) if event[column] else []
            events.append(event)
        if with_mentions and events:
            by_id = {event["event_id"]: event for event in events}
            for event in events:
                event["mentions"] = []
            for mention in self._mentions_of(con, list(by_id)):
                by_id[mention["event_id"]]["mentions"].append(mention)
        return events

    @staticmethod
    def _event_filters(dyad, actors, types, modalities, since, until, both_directions) -> tuple[list[str], list]:
        clauses: list[str] = []
        params: list[Any] = []
        if dyad is not None:
            source, target = parse_dyad(dyad) if isinstance(dyad, str) else (str(dyad[0]).upper(), str(dyad[1]).upper())
            if both_directions:
                clauses.append("((e.source_country = ? AND e.target_country = ?) OR "
                               "(e.source_country = ? AND e.target_country = ?))")
                params += [source, target, target, source]
            else:
                clauses.append("(e.source_country = ? AND e.target_country = ?)")
                params += [source, target]
        actor_values = [str(a).strip() for a in actors if str(a).strip()]
        if actor_values:
            ors = []
            for actor in actor_values:
                ors.append("(e.source_country = ? OR e.target_country = ? OR e.event_id IN (SELECT event_id FROM "
                           "mentions WHERE lower(source_actor_id) = ? OR lower(target_actor_id) = ?))")
                params += [actor.upper(), actor.upper(), actor.lower(), actor.lower()]
            clauses.append("(" + " OR ".join(ors) + ")")
        type_values = [str(t).strip().upper() for t in types if str(t).strip()]
        for event_type in type_values:
            if event_type not in QUAD_CLASS:
                raise InputError(f"{event_type!r} is not a PLOVER event type ({', '.join(PLOVER_TYPES)})")
        if type_values:
            clauses.append("e.event_type IN (" + ", ".join("?" for _ in type_values) + ")")
            params += type_values
        modality_values = [str(m).strip().lower() for m in modalities if str(m).strip()]
        for modality in modality_values:
            if modality not in MODALITIES:
                raise InputError(f"{modality!r} is not a modality ({', '.join(MODALITIES)})")
        if modality_values:
            clauses.append("e.modality IN (" + ", ".join("?" for _ in modality_values) + ")")
            params += modality_values
        if since is not None and until is not None and since > until:
            raise InputError(f"--since {since} is after --until {until}")
        if since is not None:
            clauses.append("e.date_end >= ?")
            params.append(since)
        if until is not None:
            clauses.append("e.date_start <= ?")
            params.append(until)
        return clauses, params

    @staticmethod
    def _mentions_of(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
        import pyarrow as pa

        con.register("wanted_events", pa.table({"event_id": pa.array(event_ids, pa.string())}))
        try:
            cursor = con.execute(
                "SELECT m.event_id, m.mention_id, m.doc_id, d.source AS document_source, d.title AS document_title, "
                "d.published, m.sentence_index, m.char_start, m.char_end, m.sentence, m.trigger, m.trigger_start, "
                "m.trigger_end, m.modality, m.mode, m.date_value, m.date_precision, m.date_text, m.date_rule, "
                "m.source_text, m.source_sector, m.source_actor_id, m.target_text, m.target_sector, "
                "m.target_actor_id, m.confidence "
                "FROM mentions m JOIN wanted_events w ON w.event_id = m.event_id "
                "JOIN documents d ON d.doc_id = m.doc_id "
                "ORDER BY d.published NULLS LAST, d.ingested_at, m.doc_id, m.sentence_index, m.mention_id")
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]
        finally:
            con.unregister("wanted_events")

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document's metadata (without its text), in ingest order."""
        with self._snapshot() as con:
            cursor = con.execute(
                "SELECT doc_id, source, title, published, published_from, n_sentences, n_mentions, ingested_at, "
                "detente_version FROM documents ORDER BY ingested_at, doc_id")
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def timeline(
        self,
        dyad: str | tuple[str, str],
        freq: str = "month",
        both_directions: bool = False,
        modalities: Sequence[str] = ("reported",),
        weights: Weights | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> Timeline:
        """Per-period counts by QuadClass and cooperation–conflict scores of one dyad's events."""
        pair = parse_dyad(dyad) if isinstance(dyad, str) else (str(dyad[0]).upper(), str(dyad[1]).upper())
        chosen = tuple(dict.fromkeys(str(m).strip().lower() for m in modalities if str(m).strip())) or ("reported",)
        events = self.events(dyad=pair, modalities=chosen, since=since, until=until,
                             both_directions=both_directions)
        return build_timeline(events, pair, freq=freq, weights=weights, both_directions=both_directions,
                              modalities=chosen, since=since, until=until)

    def tables(self) -> dict[str, Any]:
        """Every table of the store as Arrow tables, read in one snapshot (for export)."""
        with self._snapshot() as con:
            return self._tables(con)

    @staticmethod
    def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        order = {
            "documents": "ingested_at, doc_id",
            "sentences": "doc_id, sentence_index",
            "mentions": "doc_id, sentence_index, mention_id",
            "events": "date_start NULLS LAST, event_id",
        }
        result = {}
        for table, order_by in order.items():
            result[table] = _arrow_query(con, f"SELECT * FROM {table} ORDER BY {order_by}")
        return result

    def export(self, fmt: str, out: str | os.PathLike[str], weights: Weights | None = None) -> list[Path]:
        """Write the whole store (one snapshot) as parquet, csv, jsonl or PLOVER JSON lines; the files written."""
        from . import export as exporter

        fmt = exporter.check_export_format(fmt)
        with self._snapshot() as con:
            if fmt == "plover":
                events = self._events(con, None, (), (), (), None, None, False, True, None)
                documents = {d["doc_id"]: d for d in self._documents_meta(con)}
                return [exporter.write_plover(events, documents, out, weights=weights)]
            return exporter.write_tables(self._tables(con), fmt, out)

    @staticmethod
    def _documents_meta(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
        cursor = con.execute("SELECT doc_id, source, title, published FROM documents")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def info(self) -> StoreInfo:
        """Counts of documents, sentences, mentions and events, date range, schema version, file size."""
        with self._snapshot() as con:
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
        """Integrity problems: documents missing mentions, orphaned rows, mentions without an event."""
        problems = []
        with self._snapshot() as con:
            for doc_id, expected, found in con.execute(
                    "SELECT d.doc_id, d.n_mentions, count(m.mention_id) FROM documents d "
                    "LEFT JOIN mentions m ON m.doc_id = d.doc_id GROUP BY d.doc_id, d.n_mentions "
                    "HAVING count(m.mention_id) <> d.n_mentions").fetchall():
                problems.append(f"document {doc_id} should have {expected} mentions but has {found}")
            orphans = con.execute("SELECT count(*) FROM mentions m WHERE NOT EXISTS "
                                  "(SELECT 1 FROM documents d WHERE d.doc_id = m.doc_id)").fetchone()[0]
            if orphans:
                problems.append(f"{orphans} mention(s) belong to no document")
            unassigned = con.execute("SELECT count(*) FROM mentions m WHERE NOT EXISTS "
                                     "(SELECT 1 FROM events e WHERE e.event_id = m.event_id)").fetchone()[0]
            if unassigned:
                problems.append(f"{unassigned} mention(s) belong to no event")
            empty = con.execute("SELECT count(*) FROM events e WHERE NOT EXISTS "
                                "(SELECT 1 FROM mentions m WHERE m.event_id = e.event_id)").fetchone()[0]
            if empty:
                problems.append(f"{empty} event(s) have no mention")
        return problems

    # -- reads for the web API and dashboard (issue 6) ------------------------------------------------
    # One block, added for src/detente/api.py: a page of events with its total, one document with the
    # spans of its mentions, and the actors and dyads present.

    def events_page(
        self,
        dyad: str | tuple[str, str] | None = None,
        actors: Sequence[str] = (),
        types: Sequence[str] = (),
        modalities: Sequence[str] = (),
        since: date | None = None,
        until: date | None = None,
        both_directions: bool = False,
        within: bool = False,
        offset: int = 0,
        limit: int = 50,
        with_mentions: bool = True,
    ) -> tuple[int, list[dict[str, Any]]]:
        """How many events match the filters of ``events``, and the ``limit`` of them after ``offset``.

        With ``within`` an event must lie wholly between ``since`` and ``until`` (as a timeline period
        counts it) instead of merely overlapping them; undated events then never match.
        """
        if int(offset) < 0:
            raise InputError(f"offset {offset} must not be negative")
        if int(limit) < 0:
            raise InputError(f"limit {limit} must not be negative")
        if since is not None and until is not None and since > until:
            raise InputError(f"since {since} is after until {until}")
        overlap = (None, None) if within else (since, until)
        clauses, params = self._event_filters(dyad, actors, types, modalities, *overlap, both_directions)
        if within:
            clauses.append("e.date_start IS NOT NULL")
            if since is not None:
                clauses.append("e.date_start >= ?")
                params.append(since)
            if until is not None:
                clauses.append("e.date_end <= ?")
                params.append(until)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._snapshot() as con:
            total = con.execute("SELECT count(*) FROM events e" + where, params).fetchone()[0]
            events = self._fetch_events(con, "SELECT e.* FROM events e" + where + EVENT_ORDER + " LIMIT ? OFFSET ?",
                                        [*params, int(limit), int(offset)], with_mentions)
        return total, events

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One stored document (metadata, text, sentences) with every mention's offsets and its event; None if absent.

        Each mention carries its evidence span, trigger and actor offsets into ``text``, its type, modality,
        date (value, precision, words, rule), its event's id and the event's current modality.
        """
        with self._snapshot() as con:
            cursor = con.execute(
                "SELECT doc_id, source, title, published, published_from, text, removed, paragraphs, warnings, "
                "n_sentences, n_mentions, ingested_at, detente_version FROM documents WHERE doc_id = ?", [doc_id])
            row = cursor.fetchone()
            if row is None:
                return None
            document = dict(zip([column[0] for column in cursor.description], row))
            for column in ("removed", "paragraphs", "warnings"):
                document[column] = json.loads(document[column]) if document[column] else []
            document["sentences"] = [
                {"sentence_index": index, "char_start": start, "char_end": end}
                for index, start, end in con.execute(
                    "SELECT sentence_index, char_start, char_end FROM sentences WHERE doc_id = ? "
                    "ORDER BY sentence_index", [doc_id]).fetchall()
            ]
            cursor = con.execute(
                "SELECT m.mention_id, m.event_id, m.sentence_index, m.char_start, m.char_end, m.sentence, m.trigger, "
                "m.trigger_start, m.trigger_end, m.source_text, m.source_country, m.source_sector, m.source_actor_id, "
                "m.source_resolved_by, m.source_start, m.source_end, m.target_text, m.target_country, "
                "m.target_sector, m.target_actor_id, m.target_resolved_by, m.target_start, m.target_end, "
                "m.event_type, m.quad_class, m.mode, m.modality, m.date_value, m.date_precision, m.date_start, "
                "m.date_end, m.date_text, m.date_rule, m.confidence, e.modality AS event_modality "
                "FROM mentions m LEFT JOIN events e ON e.event_id = m.event_id WHERE m.doc_id = ? "
                "ORDER BY m.char_start, m.trigger_start, m.mention_id", [doc_id])
            names = [column[0] for column in cursor.description]
            document["mentions"] = [dict(zip(names, row)) for row in cursor.fetchall()]
        return document

    def actor_counts(self) -> list[dict[str, Any]]:
        """Every country or organisation code on either side of a stored event, with its event counts."""
        with self._snapshot() as con:
            rows = con.execute(
                "SELECT code, sum(as_source)::INTEGER, sum(as_target)::INTEGER FROM ("
                "  SELECT source_country AS code, 1 AS as_source, 0 AS as_target FROM events "
                "  WHERE source_country IS NOT NULL"
                "  UNION ALL SELECT target_country, 0, 1 FROM events WHERE target_country IS NOT NULL"
                ") GROUP BY code ORDER BY code").fetchall()
        return [{"code": code, "as_source": s, "as_target": t, "events": s + t} for code, s, t in rows]

    def dyad_counts(self) -> list[dict[str, Any]]:
        """Every pair of codes with stored events between them, either direction: ``a`` < ``b`` alphabetically,
        the events from a to b and from b to a."""
        with self._snapshot() as con:
            rows = con.execute(
                "SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b, "
                "count(*) FILTER (WHERE source_country <= target_country)::INTEGER, "
                "count(*) FILTER (WHERE source_country > target_country)::INTEGER "
                "FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
                "AND source_country <> target_country GROUP BY ALL ORDER BY a, b").fetchall()
        return [{"a": a, "b": b, "a_to_b": ab, "b_to_a": ba, "events": ab + ba} for a, b, ab, ba in rows]
