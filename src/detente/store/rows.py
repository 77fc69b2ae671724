"""Records as store rows: one document's ``documents``, ``sentences`` and ``mentions`` rows, and Arrow tables.

The columns come from ``detente.records`` (DOCUMENTS, SENTENCES, MENTIONS); this module only reads the
record objects along those columns' paths and normalises dates and counts the way the store keeps them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Sequence

from .. import __version__
from ..errors import InputError
from ..records import DOCUMENTS, MENTIONS, SENTENCES, TABLES, EventMention, Extraction

# The tables a document's rows go to, in the order they are written (Parquet parts use the same names).
ROW_TABLES: tuple[str, ...] = ("documents", "sentences", "mentions")
DOCUMENT_COLUMNS = DOCUMENTS.names
SENTENCE_COLUMNS = SENTENCES.names
MENTION_COLUMNS = MENTIONS.names


def arrow_type(kind: str) -> Any:
    """The Arrow type of a column kind (the types DuckDB gives these columns)."""
    import pyarrow as pa

    return {"text": pa.string(), "json": pa.string(), "int": pa.int32(), "float": pa.float64(),
            "date": pa.date32(), "timestamp": pa.timestamp("us")}[kind]


def arrow_schema(table: str) -> Any:
    """The Arrow schema of a store table at this detente's schema version (for Parquet parts)."""
    import pyarrow as pa

    if table not in TABLES:
        raise ValueError(f"no row schema for table {table!r}")
    return pa.schema([pa.field(column.name, arrow_type(column.kind), nullable=not (column.required or column.key))
                      for column in TABLES[table].stored])


def rows_to_arrow(table: str, rows: Sequence[dict[str, Any]]) -> Any:
    """Rows of one store table as an Arrow table with the store's column types."""
    import pyarrow as pa

    schema = arrow_schema(table)
    return pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)


def mention_row(mention: EventMention, doc_id: str) -> dict[str, Any]:
    """The ``mentions`` row of one mention; a period with one end known is that one day."""
    row = MENTIONS.row(mention)
    start, end = row["date_start"], row["date_end"]
    if start is not None and end is None:
        row["date_end"] = start
    if end is not None and start is None:
        row["date_start"] = end
    if row["date_start"] is None:
        row["date_precision"] = "none"
    row["doc_id"] = doc_id
    row["event_id"] = None
    row["confidence"] = float(mention.confidence)
    return row


def validate_extraction(extraction: Extraction) -> None:
    if not isinstance(extraction, Extraction):
        raise InputError("the store takes Extraction records")
    document = extraction.document
    if not document.doc_id:
        raise InputError(f"document from {document.source or '?'} has no id")
    for mention in extraction.events:
        if mention.doc_id != document.doc_id:
            raise InputError(f"a mention of {document.source or document.doc_id} names another document "
                             f"({mention.doc_id})")


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
    """The rows the store writes for one extraction (identical mentions kept once)."""
    validate_extraction(extraction)
    document = extraction.document
    mentions: dict[str, dict[str, Any]] = {}
    for mention in extraction.events:
        mentions.setdefault(mention.mention_id, mention_row(mention, document.doc_id))
    sentences = [{"doc_id": document.doc_id, "sentence_index": i, "char_start": int(start), "char_end": int(end),
                  "text": document.text[start:end]} for i, (start, end) in enumerate(extraction.sentences)]
    row = DOCUMENTS.row(document)
    row.update({
        "source": document.source or "",
        "removed": json.dumps(list(document.removed)),
        "paragraphs": json.dumps([list(span) for span in document.paragraphs]),
        "warnings": json.dumps(list(extraction.warnings)),
        "n_sentences": len(extraction.sentences), "n_mentions": len(mentions),
        "ingested_at": ingested_at or datetime.now(timezone.utc).replace(tzinfo=None),
        "detente_version": __version__,
    })
    return DocumentRows(row, sentences, list(mentions.values()))


def rows_from_arrow(documents: Any, sentences: Any, mentions: Any) -> list[DocumentRows]:
    """Per-document rows from the three Arrow tables of a Parquet part (in the documents' order).

    A part written before a column existed lacks it: the column is then empty (None).
    """
    batch = {row["doc_id"]: DocumentRows(row) for row in documents.to_pylist()}
    for row in sentences.to_pylist():
        if row["doc_id"] in batch:
            batch[row["doc_id"]].sentences.append(row)
    for row in mentions.to_pylist():
        if row["doc_id"] in batch:
            batch[row["doc_id"]].mentions.append(row)
    return list(batch.values())
