"""Timelines: events per period, counts by QuadClass and a cooperation–conflict score, and plots.

A timeline (and its net score, the cooperation–conflict index) is of one dyad (SOURCE:TARGET, optionally
both directions) or of one country's internal events (``EventQuery.internal_to``: every known participant
is that country). ``timeline(store, ...)`` reads the events with an ``EventQuery`` and hands them to ``build_timeline``,
which works on any events; ``Timeline.to_dict`` and ``TIMELINE_FORMATS`` are the shapes the CLI and the
HTTP API both print. The per-type scores come from ``data/weights.yaml`` (PLOVER manual, Table 2.2),
which a user can override with a file of the same layout.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping


from .errors import InputError
from .records import PLOVER_TYPES, QUAD_CLASS
from .resources import packaged_yaml, user_yaml
from .store import EventQuery, Store, parse_dyad  # noqa: F401  (parse_dyad: part of this module's API)

FREQUENCIES: tuple[str, ...] = ("month", "quarter", "year")
QUAD_ORDER: tuple[str, ...] = ("VC", "MC", "VX", "MX")
DEFAULT_WEIGHTS_FILE = "weights.yaml"


# --- weights ------------------------------------------------------------------------------------


@dataclass
class Weights:
    """Cooperation–conflict score of each PLOVER type, and of the modes that have their own score."""

    types: dict[str, float]
    modes: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def score(self, event_type: str, mode: str | None = None) -> float:
        """The score of one event: its mode's score when listed, else its type's score."""
        if mode:
            by_mode = self.modes.get(event_type, {})
            key = str(mode).strip().lower()
            if key in by_mode:
                return by_mode[key]
        return self.types[event_type]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{where}: score {value!r} is not a number")
    return float(value)


def _merge_weights(weights: Weights, data: Any, where: str) -> None:
    """Lay the types and modes of one parsed weights file over ``weights``."""
    if data is None:
        return
    if not isinstance(data, Mapping):
        raise InputError(f"{where}: expected a mapping of PLOVER types to scores")
    for raw_type, entry in data.items():
        event_type = str(raw_type).strip().upper()
        if event_type not in QUAD_CLASS:
            raise InputError(f"{where}: {raw_type!r} is not a PLOVER event type")
        if isinstance(entry, Mapping):
            unknown = set(entry) - {"score", "modes"}
            if unknown:
                raise InputError(f"{where}: {event_type} has unknown keys {sorted(unknown)} (use score, modes)")
            if "score" in entry:
                weights.types[event_type] = _number(entry["score"], f"{where}: {event_type}")
            modes = entry.get("modes") or {}
            if not isinstance(modes, Mapping):
                raise InputError(f"{where}: {event_type} modes must be a mapping of mode to score")
            for mode, value in modes.items():
                weights.modes.setdefault(event_type, {})[str(mode).strip().lower()] = _number(
                    value, f"{where}: {event_type} {mode}")
        else:
            weights.types[event_type] = _number(entry, f"{where}: {event_type}")


def load_weights(path: str | Path | None = None) -> Weights:
    """The packaged PLOVER scores, with the types and modes of the file at ``path`` (if any) laid over them."""
    weights = Weights(types={}, modes={})
    _merge_weights(weights, packaged_yaml(DEFAULT_WEIGHTS_FILE), DEFAULT_WEIGHTS_FILE)
    weights.sources.append(f"detente/data/{DEFAULT_WEIGHTS_FILE}")
    missing = [t for t in PLOVER_TYPES if t not in weights.types]
    if missing:  # a broken package, not a user error
        raise RuntimeError(f"{DEFAULT_WEIGHTS_FILE} lacks scores for {missing}")
    if path is not None:
        _merge_weights(weights, user_yaml(path, "weights file"), str(path))
        weights.sources.append(str(path))
    return weights


# --- periods ------------------------------------------------------------------------------------


def check_frequency(freq: str) -> str:
    """``freq`` if it is one of FREQUENCIES, else an InputError."""
    if freq not in FREQUENCIES:
        raise InputError(f"frequency {freq!r} is not one of {', '.join(FREQUENCIES)}")
    return freq


def period_bounds(day: date, freq: str) -> tuple[str, date, date]:
    """The label, first and last day of the ``freq`` period that contains ``day`` (e.g. ``2023Q2``)."""
    if freq == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return f"{day.year:04d}-{day.month:02d}", date(day.year, day.month, 1), date(day.year, day.month, last)
    if freq == "quarter":
        quarter = (day.month - 1) // 3 + 1
        first_month = 3 * (quarter - 1) + 1
        last_month = first_month + 2
        last = calendar.monthrange(day.year, last_month)[1]
        return f"{day.year:04d}Q{quarter}", date(day.year, first_month, 1), date(day.year, last_month, last)
    if freq == "year":
        return f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    raise InputError(f"frequency {freq!r} is not one of {', '.join(FREQUENCIES)}")


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# --- timelines ----------------------------------------------------------------------------------


@dataclass
class TimelineRow:
    """One period of a dyad's timeline."""

    period: str
    start: date
    end: date
    events: int = 0
    VC: int = 0
    MC: int = 0
    VX: int = 0
    MX: int = 0
    cooperation: float = 0.0  # sum of the positive event scores
    conflict: float = 0.0  # sum of the negative event scores (zero or below)
    net: float = 0.0  # cooperation + conflict

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings, scores rounded to 0.01)."""
        record = asdict(self)
        record["start"] = self.start.isoformat()
        record["end"] = self.end.isoformat()
        for key in ("cooperation", "conflict", "net"):
            record[key] = round(record[key], 2) + 0.0
        return record


@dataclass
class Timeline:
    """Per-period rows of one dyad or of one country's internal events, and what was left out and why."""

    dyad: tuple[str, str] | None
    freq: str
    both_directions: bool
    modalities: tuple[str, ...]
    rows: list[TimelineRow]
    types: tuple[str, ...] = ()  # only these PLOVER types were counted (empty: all)
    undated: int = 0  # matching events with no date at all
    too_coarse: int = 0  # matching events whose date is vaguer than one period (e.g. a year in a month timeline)
    weights_from: list[str] = field(default_factory=list)
    country: str | None = None  # a country's internal timeline (dyad None)
    domestic: bool | None = None  # True: only events with the country known on both sides

    @property
    def title(self) -> str:
        if self.dyad is None:
            return f"{self.country} internal" + (" (domestic: both sides known)" if self.domestic else "")
        joiner = " <-> " if self.both_directions else " -> "
        return f"{self.dyad[0]}{joiner}{self.dyad[1]}"

    def notes(self) -> list[str]:
        """Human sentences about the events that a period could not hold."""
        notes = []
        if self.undated:
            notes.append(f"{self.undated} matching event(s) have no date and are not counted")
        if self.too_coarse:
            notes.append(f"{self.too_coarse} matching event(s) are dated more vaguely than one {self.freq} "
                         "and are not counted (try a longer period)")
        return notes

    def to_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a timeline (``detente timeline --format json`` and ``GET /api/timeline``)."""
        return {"dyad": list(self.dyad) if self.dyad else None, "country": self.country,
                "domestic": self.domestic, "both_directions": self.both_directions, "freq": self.freq,
                "modalities": list(self.modalities), "types": list(self.types), "weights": self.weights_from,
                "undated": self.undated, "too_coarse": self.too_coarse, "notes": self.notes(),
                "periods": self.to_records()}


def build_timeline(
    events: Iterable[Mapping[str, Any]],
    dyad: tuple[str, str] | None,
    freq: str = "month",
    weights: Weights | None = None,
    both_directions: bool = False,
    modalities: Iterable[str] = ("reported",),
    since: date | None = None,
    until: date | None = None,
    types: Iterable[str] = (),
    country: str | None = None,
    domestic: bool | None = None,
) -> Timeline:
    """Count events per period by QuadClass and sum their scores; periods without events are zero rows.

    Each event (a dict with ``event_type``, ``mode``, ``date_start``, ``date_end``) counts in the period
    that holds its whole date range; events dated more vaguely than one period are counted in
    ``too_coarse`` instead of being put in an arbitrary period.
    """
    check_frequency(freq)
    weights = weights or load_weights()
    timeline = Timeline(dyad=dyad, freq=freq, both_directions=both_directions, modalities=tuple(modalities),
                        rows=[], types=tuple(types), weights_from=list(weights.sources), country=country,
                        domestic=domestic)
    rows: dict[date, TimelineRow] = {}
    for event in events:
        start, end = _as_date(event.get("date_start")), _as_date(event.get("date_end"))
        if start is None:
            timeline.undated += 1
            continue
        label, first, last = period_bounds(start, freq)
        if end is not None and end > last:
            timeline.too_coarse += 1
            continue
        row = rows.setdefault(first, TimelineRow(period=label, start=first, end=last))
        event_type = event["event_type"]
        quad = QUAD_CLASS[event_type]
        setattr(row, quad, getattr(row, quad) + 1)
        row.events += 1
        score = weights.score(event_type, event.get("mode"))
        if score > 0:
            row.cooperation += score
        else:
            row.conflict += score
        row.net += score
    lower = since if since is not None else (min(rows) if rows else None)
    upper = until if until is not None else (max(rows) if rows else None)
    if lower is None or upper is None or lower > upper:
        timeline.rows = sorted(rows.values(), key=lambda r: r.start)
        return timeline
    day = period_bounds(lower, freq)[1]
    while day <= upper:
        label, first, last = period_bounds(day, freq)
        timeline.rows.append(rows.get(first) or TimelineRow(period=label, start=first, end=last))
        day = _next_day(last)
    return timeline


def timeline(
    store: Store,
    dyad: str | tuple[str, str] | None = None,
    freq: str = "month",
    both_directions: bool = False,
    modalities: Iterable[str] = ("reported",),
    weights: Weights | None = None,
    since: date | None = None,
    until: date | None = None,
    types: Iterable[str] = (),
    country: str | None = None,
    domestic: bool | None = None,
) -> Timeline:
    """Per-period counts by QuadClass and cooperation–conflict scores of one dyad's stored events, or of
    one ``country``'s internal events (exactly one of the two).

    ``modalities`` are the modalities counted (none given: reported only); ``types`` restrict the PLOVER
    types counted (none given: all); ``domestic`` True counts only events whose source and target country
    are both known and the same, False only those between two different countries (see ``EventQuery``).
    """
    check_frequency(freq)
    if (dyad is None) == (country is None):
        raise InputError("a timeline is of a dyad (SOURCE:TARGET) or of one country's internal events: "
                         "give exactly one of the two")
    if country is not None and both_directions:
        raise InputError("both directions is for a dyad; a country's internal timeline has one")
    query = EventQuery(dyad=dyad, both_directions=both_directions, modalities=tuple(modalities),
                       types=tuple(types), since=since, until=until, internal_to=country, domestic=domestic)
    if not query.modalities:
        query = query.replace(modalities=("reported",))
    return build_timeline(store.events(query), query.dyad, freq=freq, weights=weights,
                          both_directions=both_directions, modalities=query.modalities, since=since,
                          until=until, types=query.types, country=query.internal_to, domestic=domestic)


# The columns of a timeline's CSV and table views.
TIMELINE_CSV_COLUMNS: tuple[str, ...] = ("period", "start", "end", "events", "VC", "MC", "VX", "MX",
                                         "cooperation", "conflict", "net")
TIMELINE_TABLE_COLUMNS: tuple[str, ...] = ("period", "events", "VC", "MC", "VX", "MX", "cooperation",
                                           "conflict", "net")


def _timeline_json(result: Timeline) -> str:
    import json

    return json.dumps(result.to_dict(), indent=2) + "\n"


def _timeline_csv(result: Timeline) -> str:
    from .output import csv_text

    return csv_text(result.to_records(), TIMELINE_CSV_COLUMNS)


def _timeline_table(result: Timeline) -> str:
    from .output import format_table

    records = result.to_records()
    body = format_table(records, TIMELINE_TABLE_COLUMNS) if records else "no dated events match"
    return f"{result.title}, {', '.join(result.modalities)} events per {result.freq}\n{body}\n"


# How a timeline can be written out: format name -> text of the whole timeline.
TIMELINE_FORMATS: dict[str, Any] = {"table": _timeline_table, "csv": _timeline_csv, "json": _timeline_json}


def render_timeline(result: Timeline, fmt: str) -> str:
    """The timeline as text in one of TIMELINE_FORMATS."""
    if fmt not in TIMELINE_FORMATS:
        raise InputError(f"timeline format {fmt!r} is not one of {', '.join(TIMELINE_FORMATS)}")
    return TIMELINE_FORMATS[fmt](result)


def plot_timeline(timeline: Timeline, path: str | Path) -> Path:
    """Draw cooperation above and conflict below the axis per period, the net score as a line; save PNG/SVG."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise InputError(f"plot file {str(path)!r} must end in .png or .svg")
    if not out.parent.is_dir():
        raise InputError(f"cannot write plot {str(path)!r}: folder {str(out.parent)!r} does not exist")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    rows = timeline.rows
    labels = [row.period for row in rows]
    positions = list(range(len(rows)))
    width = max(6.5, min(18.0, 0.42 * len(rows) + 4))
    fig, ax = plt.subplots(figsize=(width, 5.0), dpi=110)
    try:
        ax.bar(positions, [row.cooperation for row in rows], width=0.7, color="#2b8cbe",
               label="cooperation (sum of positive scores)")
        ax.bar(positions, [row.conflict for row in rows], width=0.7, color="#e34a33",
               label="conflict (sum of negative scores)")
        ax.plot(positions, [row.net for row in rows], color="#222222", marker="o", linewidth=1.8,
                markersize=4, label="net score", zorder=3)
        ax.axhline(0, color="#444444", linewidth=0.9)
        pad = max(0.0, (4 - len(rows)) / 2)
        ax.set_xlim(-0.6 - pad, len(rows) - 0.4 + pad)
        ax.set_xticks(positions)
        step = max(1, math.ceil(len(rows) / 24))
        tilt = len(rows) > 8
        ax.set_xticklabels([label if i % step == 0 else "" for i, label in enumerate(labels)],
                           rotation=45 if tilt else 0, ha="right" if tilt else "center", fontsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=8))
        low = min([row.conflict for row in rows] + [row.net for row in rows] + [-1.0])
        high = max([row.cooperation for row in rows] + [row.net for row in rows] + [1.0])
        margin = 0.08 * (high - low)
        ax.set_ylim(low - margin, high + margin)
        which = ", ".join(timeline.modalities)
        ax.set_title(f"{timeline.title}: cooperation and conflict per {timeline.freq}\n"
                     f"({which} events; PLOVER scores, -10 to +10 per event)", fontsize=10)
        ax.set_ylabel("sum of event scores")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16 if tilt else -0.08), ncol=3, fontsize=8,
                  frameon=False)
        notes = timeline.notes()
        if notes:
            fig.text(0.01, 0.01, "; ".join(notes), fontsize=7, color="#555555")
        fig.tight_layout(rect=(0, 0.03 if notes else 0, 1, 1))
        fig.savefig(out, format=suffix[1:])
    finally:
        plt.close(fig)
    return out
