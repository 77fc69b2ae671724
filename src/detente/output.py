"""Writing records as JSON lines, CSV or text tables: the one place each of these formats is written.

``MENTION_FORMATS`` are the ways ``detente extract`` prints event mentions (records from
``EventMention.to_record``); ``detente.export`` writes stored events and tables with the same writers.
The flat CSV columns come from the record schema (``detente.records.MENTIONS.flat_names``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence, TextIO

from .errors import InputError
from .records import MENTIONS

# Flat CSV/table columns of an event mention record, in order (from the schema).
FLAT_COLUMNS: tuple[str, ...] = MENTIONS.flat_names
TABLE_COLUMNS: tuple[str, ...] = ("source", "target", "event_type", "quad_class", "modality",
                                  "event_date", "date_text", "trigger")


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


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """A nested mention record with its source and target spelled out as columns."""
    return MENTIONS.flatten(record)


def write_jsonl(records: Iterable[Any], out: TextIO) -> int:
    n = 0
    for record in records:
        out.write(dumps(record) + "\n")
        n += 1
    return n


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO, columns: Sequence[str] = FLAT_COLUMNS,
              flat: Callable[[Any], Mapping[str, Any]] | None = flatten, lineterminator: str = "\r\n") -> int:
    """Rows as CSV with a header of ``columns``; each row first passes through ``flat`` (if given)."""
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator=lineterminator)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in (flat(row) if flat else row).items()})
        n += 1
    return n


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Plain rows (no flattening) as CSV text with ``\\n`` line ends."""
    buffer = io.StringIO()
    write_csv(rows, buffer, columns, flat=None, lineterminator="\n")
    return buffer.getvalue()


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


def render_table(records: Sequence[dict[str, Any]], title: str | None = None, width: int | None = None) -> str:
    """Mention records as a Rich table, rendered to text."""
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


def _mentions_table(records: Sequence[dict[str, Any]], out: TextIO, title: str | None) -> None:
    out.write(render_table(records, title=title))


# How ``detente extract`` writes mention records: format name -> writer(records, stream, title).
MENTION_FORMATS: dict[str, Callable[[Sequence[dict[str, Any]], TextIO, str | None], Any]] = {
    "jsonl": lambda records, out, title: write_jsonl(records, out),
    "csv": lambda records, out, title: write_csv(records, out),
    "table": _mentions_table,
}


def write_mentions(records: Sequence[dict[str, Any]], fmt: str, out: TextIO, title: str | None = None) -> None:
    """Mention records in one of MENTION_FORMATS."""
    if fmt not in MENTION_FORMATS:
        raise InputError(f"format {fmt!r} is not one of {', '.join(MENTION_FORMATS)}")
    MENTION_FORMATS[fmt](records, out, title)


def check_writable(path: str | os.PathLike[str]) -> Path:
    """``path`` if a file can be written there, else an InputError (its folder missing, read-only, ...).

    Tried by creating and removing a file in the folder, so a read-only mount or missing permission is
    found before any work whose result would then be lost.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name to write")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist")
    try:
        handle, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write {target}: folder {folder} is not writable "
                         f"({exc.strerror or exc.__class__.__name__})") from None
    os.close(handle)
    os.unlink(probe)
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"cannot write {target}: the file is read-only")
    return target
