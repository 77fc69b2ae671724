"""Writing stored events out: whole-store exports (parquet, csv, jsonl, PLOVER JSON) and event listings.

``Store.export`` and the ``detente events`` command read the store; this module only turns what they
read into files or text. The PLOVER layout follows chapter 6 ("Data fields") of the PLOVER manual.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, TextIO

from . import __version__
from .errors import InputError

EXPORT_FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl", "plover")
EVENT_FORMATS: tuple[str, ...] = ("table", "jsonl", "csv", "parquet")
TABLE_FILES: tuple[str, ...] = ("documents", "sentences", "mentions", "events")
JSON_EVENT_COLUMNS: tuple[str, ...] = ("modality_history", "source_actors", "target_actors")
# CAMEO/PLOVER numbering of the quad categories (PLOVER manual, Table 6.1 "quad code").
QUAD_CODES: dict[str, int] = {"VC": 1, "MC": 2, "VX": 3, "MX": 4}

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "date_value", "date_precision", "date_start", "date_end", "source_country", "target_country",
    "event_type", "quad_class", "mode", "modality", "modality_history", "n_mentions", "n_documents",
    "first_seen", "last_seen", "confidence", "source_actors", "target_actors", "evidence", "evidence_doc_id",
)


def check_export_format(fmt: str) -> str:
    """``fmt`` if it is an export format, else an InputError."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"export format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    return fmt


def json_default(value: Any) -> Any:
    """JSON encoding of dates and other values ``json`` does not know."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def dumps(record: Any) -> str:
    """One JSON line (UTF-8 kept readable)."""
    return json.dumps(record, ensure_ascii=False, default=json_default)


def _atomic_write(path: Path, write: Any) -> Path:
    """Call ``write(temp_path)`` and move the result over ``path`` only once it is complete."""
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(descriptor)
    temp = Path(temp_name)
    try:
        write(temp)
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
    return path


def _output_folder(out: str | os.PathLike[str]) -> Path:
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; parquet, csv and jsonl exports write a folder of tables")
    if not folder.parent.is_dir():
        raise InputError(f"cannot create {folder}: folder {folder.parent} does not exist")
    folder.mkdir(exist_ok=True)
    return folder


def _output_file(out: str | os.PathLike[str]) -> Path:
    path = Path(out)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name to write")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: folder {path.parent} does not exist")
    return path


def _decoded_rows(name: str, table: Any) -> list[dict[str, Any]]:
    rows = table.to_pylist()
    if name == "events":
        for row in rows:
            for column in JSON_EVENT_COLUMNS:
                row[column] = json.loads(row[column]) if row.get(column) else []
    return rows


def write_tables(tables: Mapping[str, Any], fmt: str, out: str | os.PathLike[str]) -> list[Path]:
    """Write each Arrow table to ``out/<table>.<fmt>`` (parquet, csv or jsonl); the paths written.

    In parquet and csv the event columns modality_history, source_actors and target_actors hold JSON
    text; in jsonl they are nested lists.
    """
    if fmt not in ("parquet", "csv", "jsonl"):
        raise InputError(f"table export format {fmt!r} is not one of parquet, csv, jsonl")
    folder = _output_folder(out)
    written = []
    for name in TABLE_FILES:
        table = tables[name]
        target = folder / f"{name}.{fmt}"
        if fmt == "parquet":
            import pyarrow.parquet as pq

            _atomic_write(target, lambda path, t=table: pq.write_table(t, path))
        elif fmt == "csv":
            import pyarrow.csv as pacsv

            _atomic_write(target, lambda path, t=table: pacsv.write_csv(t, path))
        else:
            rows = _decoded_rows(name, table)

            def write_jsonl(path: Path, rows: list[dict[str, Any]] = rows) -> None:
                with open(path, "w", encoding="utf-8") as handle:
                    for row in rows:
                        handle.write(dumps(row) + "\n")

            _atomic_write(target, write_jsonl)
        written.append(target)
    return written


# --- PLOVER JSON --------------------------------------------------------------------------------


def _entities(actors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    entities = []
    for actor in actors:
        entity = {"code": actor.get("code"), "sector": actor.get("sector"), "entity_text": actor.get("text")}
        if actor.get("actor_id"):
            entity["identifier_id"] = actor["actor_id"]
        entities.append(entity)
    return entities


def plover_record(event: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]],
                  weights: Any = None, coded: date | None = None) -> dict[str, Any]:
    """One deduplicated event in the PLOVER JSON record layout, with detente's own fields added.

    PLOVER fields: id, date, enddate, actor, recipient, event, event_text, quad_code, event_scale, mode,
    context, text, text_info, cite_info, coder, coded_date. Flat POLECAT-style conveniences:
    event_type, event_mode, actor_country, actor_sector, recipient_country, recipient_sector. detente's
    additions: modality, modality_history, date_precision, date_source, mentions.
    """
    mentions = list(event.get("mentions") or [])
    anchor = next((m for m in mentions if m["mention_id"] == event.get("anchor_mention_id")),
                  mentions[0] if mentions else {})
    document = documents.get(anchor.get("doc_id"), {}) if anchor else {}
    event_date, date_source = event.get("date_start"), "event"
    if event_date is None:
        published = [m.get("published") for m in mentions if m.get("published")]
        event_date, date_source = (min(published), "publication") if published else (None, "none")
    end_date = event.get("date_end")
    actors = _entities(event.get("source_actors") or [])
    recipients = _entities(event.get("target_actors") or [])
    if not actors and event.get("source_country"):
        actors = [{"code": event["source_country"], "sector": None, "entity_text": None}]
    if not recipients and event.get("target_country"):
        recipients = [{"code": event["target_country"], "sector": None, "entity_text": None}]
    scale = None
    if weights is not None:
        scale = weights.score(event["event_type"], event.get("mode"))
    triggers = list(dict.fromkeys(m.get("trigger") for m in mentions if m.get("trigger")))
    return {
        "id": f"detente-{event['event_id']}",
        "date": event_date,
        "enddate": end_date if end_date and end_date != event_date and date_source == "event" else None,
        "date_precision": event.get("date_precision") if date_source == "event" else "none",
        "date_source": date_source,
        "actor": actors,
        "recipient": recipients,
        "event": [event["event_type"]],
        "event_type": event["event_type"],
        "event_mode": [event["mode"]] if event.get("mode") else [],
        "mode": [event["mode"]] if event.get("mode") else [],
        "context": [],
        "event_text": triggers,
        "quad_code": QUAD_CODES[event["quad_class"]],
        "event_scale": scale,
        "actor_country": event.get("source_country"),
        "actor_sector": actors[0]["sector"] if actors else None,
        "recipient_country": event.get("target_country"),
        "recipient_sector": recipients[0]["sector"] if recipients else None,
        "modality": event.get("modality"),
        "modality_history": event.get("modality_history") or [],
        "text": anchor.get("sentence"),
        "text_info": {"sequence": anchor.get("sentence_index"), "start": anchor.get("char_start"),
                      "end": anchor.get("char_end"), "doc_id": anchor.get("doc_id")} if anchor else None,
        "cite_info": {"citation": document.get("source"), "title": document.get("title"),
                      "publication_date": document.get("published"), "coder": f"detente {__version__}",
                      "codebook": "PLOVER"} if anchor else None,
        "mentions": [
            {"doc_id": m.get("doc_id"), "source": m.get("document_source"), "published": m.get("published"),
             "sequence": m.get("sentence_index"), "start": m.get("char_start"), "end": m.get("char_end"),
             "text": m.get("sentence"), "modality": m.get("modality")}
            for m in mentions
        ],
        "coder": f"detente {__version__}",
        "coded_date": (coded or datetime.now(timezone.utc).date()),
    }


def write_plover(events: Sequence[Mapping[str, Any]], documents: Mapping[str, Mapping[str, Any]],
                 out: str | os.PathLike[str], weights: Any = None) -> Path:
    """Write one PLOVER JSON record per event, one per line (JSONL, as the manual suggests)."""
    if weights is None:
        from .analysis import load_weights

        weights = load_weights()
    path = _output_file(out)
    coded = datetime.now(timezone.utc).date()

    def write(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8") as handle:
            for event in events:
                handle.write(dumps(plover_record(event, documents, weights=weights, coded=coded)) + "\n")

    return _atomic_write(path, write)


# --- event listings (detente events) -------------------------------------------------------------


def flat_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event as a flat row: nested lists become JSON text, the anchor sentence becomes ``evidence``."""
    row = {column: event.get(column) for column in EVENT_COLUMNS}
    mentions = event.get("mentions") or []
    anchor = next((m for m in mentions if m.get("mention_id") == event.get("anchor_mention_id")), None)
    row["evidence"] = anchor.get("sentence") if anchor else None
    row["evidence_doc_id"] = anchor.get("doc_id") if anchor else None
    for column in JSON_EVENT_COLUMNS:
        row[column] = dumps(event.get(column) or [])
    return row


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
                 widths: Mapping[str, int] | None = None) -> str:
    """Rows as aligned plain text with a header line; long cells are cut to ``widths[column]``."""
    widths = dict(widths or {})

    def cell(value: Any, column: str) -> str:
        text = "" if value is None else (value.isoformat() if isinstance(value, (date, datetime)) else str(value))
        text = " ".join(text.split())
        limit = widths.get(column)
        if limit and len(text) > limit:
            text = text[: max(1, limit - 1)] + "…"
        return text

    cells = [[cell(row.get(column), column) for column in columns] for row in rows]
    sizes = [max([len(column)] + [len(line[i]) for line in cells]) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(sizes[i]) for i, column in enumerate(columns)).rstrip()]
    for line in cells:
        lines.append("  ".join(value.ljust(sizes[i]) for i, value in enumerate(line)).rstrip())
    return "\n".join(lines)


TABLE_VIEW = ("date", "source", "target", "type", "quad", "modality", "mentions", "docs", "evidence")


def event_table(events: Sequence[Mapping[str, Any]], evidence_width: int = 70) -> str:
    """The human view of events that ``detente events`` prints by default."""
    rows = []
    for event in events:
        flat = flat_event(event)
        rows.append({
            "date": event.get("date_value") or (event.get("date_start") or "?"),
            "source": event.get("source_country") or "---",
            "target": event.get("target_country") or "---",
            "type": event.get("event_type") + (f"/{event['mode']}" if event.get("mode") else ""),
            "quad": event.get("quad_class"),
            "modality": event.get("modality"),
            "mentions": event.get("n_mentions"),
            "docs": event.get("n_documents"),
            "evidence": flat["evidence"],
        })
    return format_table(rows, TABLE_VIEW, {"evidence": evidence_width})


def write_events(events: Sequence[Mapping[str, Any]], fmt: str, stream: TextIO | None = None,
                 out: str | os.PathLike[str] | None = None) -> Path | None:
    """Write a list of events as table, jsonl, csv (to ``out`` or ``stream``) or parquet (``out`` only)."""
    if fmt not in EVENT_FORMATS:
        raise InputError(f"format {fmt!r} is not one of {', '.join(EVENT_FORMATS)}")
    if fmt == "parquet":
        if out is None:
            raise InputError("--format parquet needs --out FILE (parquet is not written to the terminal)")
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = _output_file(out)
        rows = [flat_event(event) for event in events]
        table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in EVENT_COLUMNS})
        return _atomic_write(path, lambda temp: pq.write_table(table, temp))
    buffer = io.StringIO()
    if fmt == "table":
        buffer.write(event_table(events) + "\n" if events else "no events match\n")
    elif fmt == "jsonl":
        for event in events:
            buffer.write(dumps(event) + "\n")
    else:
        writer = csv.DictWriter(buffer, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for event in events:
            writer.writerow({k: (v.isoformat() if isinstance(v, (date, datetime)) else v)
                             for k, v in flat_event(event).items()})
    text = buffer.getvalue()
    if out is not None:
        path = _output_file(out)

        def write(temp: Path) -> None:
            temp.write_text(text, encoding="utf-8")

        return _atomic_write(path, write)
    (stream or sys.stdout).write(text)
    return None
