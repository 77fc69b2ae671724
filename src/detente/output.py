"""Writing event records as JSON lines, CSV or a Rich table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Sequence, TextIO

# Flat CSV/table columns of an event record, in order.
FLAT_COLUMNS: tuple[str, ...] = (
    "event_id", "doc_id", "source_text", "source_country", "source_sector", "target_text",
    "target_country", "target_sector", "event_type", "quad_class", "mode", "modality", "event_date",
    "date_precision", "date_text", "date_rule", "trigger", "sentence_index", "char_start", "char_end",
    "confidence", "sentence",
)
TABLE_COLUMNS: tuple[str, ...] = ("source", "target", "event_type", "quad_class", "modality",
                                  "event_date", "date_text", "trigger")


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """A nested event record with its source and target spelled out as columns."""
    flat = {k: v for k, v in record.items() if k not in ("source", "target")}
    for role in ("source", "target"):
        actor = record.get(role) or {}
        flat[f"{role}_text"] = actor.get("text")
        flat[f"{role}_sector"] = actor.get("sector")
        flat.setdefault(f"{role}_country", actor.get("country"))
    return flat


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: TextIO, columns: Sequence[str] = FLAT_COLUMNS) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(flatten(record))
        n += 1
    return n


def render_table(records: Sequence[dict[str, Any]], title: str | None = None, width: int | None = None) -> str:
    """The records as a Rich table, rendered to text."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in TABLE_COLUMNS:
        table.add_column(col, overflow="fold")
    for r in records:
        flat = flatten(r)
        table.add_row(
            f"{flat.get('source_text') or ''} [{flat.get('source_country') or '?'}{' ' + flat['source_sector'] if flat.get('source_sector') else ''}]",
            f"{flat.get('target_text') or ''} [{flat.get('target_country') or '?'}{' ' + flat['target_sector'] if flat.get('target_sector') else ''}]",
            str(flat.get("event_type")), str(flat.get("quad_class")), str(flat.get("modality")),
            str(flat.get("event_date") or "?"), str(flat.get("date_text") or ""), str(flat.get("trigger") or ""),
        )
    buf = io.StringIO()
    Console(file=buf, width=width or 160, force_terminal=False, color_system=None).print(table)
    return buf.getvalue()
