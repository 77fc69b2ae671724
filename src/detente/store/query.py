"""Reading the store: ``EventQuery`` (the filters every reader shares) and the queries behind ``Store``.

An ``EventQuery`` turns its filters into SQL fragments and parameters, the way datasette's filters do:
``query.where()`` is ``(" WHERE ...", [values])``; every value goes in as a parameter, never into the SQL
text. The CLI, the HTTP API and the timelines all build one and pass it to ``Store.events``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence

import duckdb

from ..errors import InputError
from ..records import EVENTS, MENTIONS, MODALITIES, PLOVER_TYPES, QUAD_CLASS

JSON_EVENT_COLUMNS: tuple[str, ...] = tuple(c.name for c in EVENTS.stored if c.kind == "json")
MAX_INTEGER = 2 ** 63 - 1  # the largest LIMIT/OFFSET DuckDB takes

_DATE_ORDER = "e.date_start{d} NULLS LAST, e.date_end{d} NULLS LAST, e.source_country, e.target_country, " \
              "e.event_type, e.event_id"
# How events can be listed (EventQuery.order): each ends with the event id, so the order is stable.
ORDERS: dict[str, str] = {
    "date": _DATE_ORDER.format(d=""),
    "-date": _DATE_ORDER.format(d=" DESC"),
    "mentions": "e.n_mentions DESC, " + _DATE_ORDER.format(d=""),
}
EVENT_ORDER = " ORDER BY " + ORDERS["date"]


def parse_dyad(text: str | Sequence[str]) -> tuple[str, str]:
    """``"USA:CHN"`` (or a pair) as ``("USA", "CHN")``: source and target actor codes, upper-cased."""
    if not isinstance(text, str):
        pair = [str(part).strip().upper() for part in text]
        if len(pair) == 2 and all(pair):
            return pair[0], pair[1]
        raise InputError(f"dyad {tuple(text)!r} is not a (source, target) pair")
    parts = [part.strip().upper() for part in str(text).split(":")]
    if len(parts) != 2 or not all(parts) or not all(part.replace("_", "").isalnum() for part in parts):
        raise InputError(f"dyad {text!r} is not SOURCE:TARGET, e.g. USA:CHN")
    return parts[0], parts[1]


def split_values(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """Repeatable values that also take comma-separated lists: ``["ACCUSE,THREATEN", "AID"]``."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(part.strip() for value in values for part in str(value).split(",") if part.strip())


# A place filter's radius when none is given: 100 km, about the 161 km (100 miles) within which geoparsers
# are scored counted loosely, and wide enough for a city and its outskirts (docs/store.md).
DEFAULT_NEAR_KM = 100.0
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
_LAT_LON = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)\s*$")
_CODE = re.compile(r"^[A-Z0-9_]{2,12}$")


class Near(NamedTuple):
    """The point a place filter measures from: what was asked, and where that is."""

    text: str
    latitude: float
    longitude: float
    name: str  # the gazetteer's name of the place, or the coordinates as given


def resolve_near(value: Any, gazetteer_files: Sequence[str | Path] = ()) -> Near:
    """A place name (through detente's gazetteer and the user's ``gazetteer_files``, as
    ``detente.geo.place_named`` reads it) or "LAT,LON"."""
    if isinstance(value, Near):
        return value
    if isinstance(value, (tuple, list)) and len(value) == 2:
        value = f"{value[0]},{value[1]}"
    text = str(value).strip()
    if not text:
        raise InputError("the place to search near is empty: give a place name or LAT,LON")
    point = _LAT_LON.match(text)
    if point:
        latitude, longitude = float(point.group(1)), float(point.group(2))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise InputError(f"{text!r} is not a point on the earth: latitude -90..90, longitude -180..180")
        return Near(text, latitude, longitude, f"{latitude},{longitude}")
    from ..geo import place_named

    entry = place_named(text, gazetteer_files)
    if entry is None:
        where = "detente's gazetteer and the --gazetteer files have" if gazetteer_files else "detente's gazetteer has"
        raise InputError(f"unknown place {text!r}: {where} no place of that name (give another name or LAT,LON)")
    return Near(text, entry.latitude, entry.longitude, entry.name)


def _km(value: Any) -> float:
    try:
        km = float(value)
    except (TypeError, ValueError):
        raise InputError(f"radius {value!r} is not a number of kilometres") from None
    if not math.isfinite(km) or km <= 0:
        raise InputError(f"radius {value!r} km must be a number greater than 0")
    return km


def _code(value: Any, what: str) -> str:
    code = str(value).strip().upper()
    if not _CODE.match(code):
        raise InputError(f"{what} {value!r} is not a country or organisation code such as KEN")
    return code


# Great-circle distance (haversine) in km from the point (?, ?) to the event's location.
DISTANCE_SQL = (f"2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt("
                "pow(sin(radians(e.location_latitude - ?) / 2), 2) + "
                "cos(radians(?)) * cos(radians(e.location_latitude)) * "
                "pow(sin(radians(e.location_longitude - ?) / 2), 2))))")


def _count(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise InputError(f"{name} {value!r} is not a whole number") from None
    if value < 0:
        raise InputError(f"{name} {value} must not be negative")
    if value > MAX_INTEGER:
        raise InputError(f"{name} {value} is larger than {MAX_INTEGER}")
    return value


@dataclass(frozen=True)
class EventQuery:
    """Which events to read, in what order, and which page of them.

    ``dyad`` is ``"USA:CHN"`` or a pair (source, target), with ``both_directions`` also target to source;
    ``actors`` match a country code on either side or an actor id of any mention, ``countries`` only a
    country code; ``since``/``until`` keep events whose period overlaps them (with ``within``: lies wholly
    inside them; undated events then never match); ``domestic`` True keeps events whose source and target
    country are known and the same, False those whose are known and differ (one-sided events and events
    with an unknown side are neither).

    ``internal_to`` ("KEN") keeps a country's internal events: every known participant country is KEN and
    at least one is (KEN COP -> KEN CVL, KEN CVL -> no target, unknown source -> KEN CVL; not KEN -> UGA).
    ``near`` (a place name, read through detente's gazetteer, or "LAT,LON") keeps events whose location
    lies within ``km`` (default DEFAULT_NEAR_KM) of it, by great-circle distance; ``country_of_location``
    (ISO alpha-3) those whose location lies in that country. Events without a location never match a
    place filter.
    """

    dyad: Any = None
    both_directions: bool = False
    actors: Any = ()
    countries: Any = ()
    types: Any = ()
    modalities: Any = ()
    since: date | None = None
    until: date | None = None
    within: bool = False
    domestic: bool | None = None
    internal_to: str | None = None
    near: Any = None
    km: float | None = None
    country_of_location: str | None = None
    limit: int | None = None
    offset: int = 0
    order: str = "date"

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        if self.dyad is not None:
            put("dyad", parse_dyad(self.dyad))
        put("actors", split_values(self.actors))
        put("countries", tuple(code.upper() for code in split_values(self.countries)))
        types = tuple(dict.fromkeys(t.upper() for t in split_values(self.types)))
        for event_type in types:
            if event_type not in QUAD_CLASS:
                raise InputError(f"{event_type!r} is not a PLOVER event type ({', '.join(PLOVER_TYPES)})")
        put("types", types)
        modalities = tuple(dict.fromkeys(m.lower() for m in split_values(self.modalities)))
        for modality in modalities:
            if modality not in MODALITIES:
                raise InputError(f"{modality!r} is not a modality ({', '.join(MODALITIES)})")
        put("modalities", modalities)
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, date):
                raise InputError(f"{name} {value!r} is not a date")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise InputError(f"since {self.since} is after until {self.until}")
        if self.internal_to is not None:
            put("internal_to", _code(self.internal_to, "country"))
            if self.domestic is False:
                raise InputError(f"the internal events of {self.internal_to} are never international")
            if self.dyad is not None:
                raise InputError("give a dyad or a country whose internal events to read, not both")
        if self.dyad is not None and self.domestic is not None:
            same = self.dyad[0] == self.dyad[1]
            if same != self.domestic:
                kind = "domestic" if self.domestic else "international"
                raise InputError(f"dyad {self.dyad[0]}:{self.dyad[1]} has no {kind} events")
        if self.near is not None:
            put("near", resolve_near(self.near))
            put("km", DEFAULT_NEAR_KM if self.km is None else _km(self.km))
        elif self.km is not None:
            raise InputError("a radius in km needs a place to measure from (near)")
        if self.country_of_location is not None:
            put("country_of_location", _code(self.country_of_location, "location country"))
        put("limit", _count(self.limit, "limit"))
        put("offset", _count(self.offset, "offset") or 0)
        if self.order not in ORDERS:
            raise InputError(f"order {self.order!r} is not one of {', '.join(ORDERS)}")

    def replace(self, **changes: Any) -> "EventQuery":
        """A copy with some filters changed (a radius set by default is recomputed for a new place)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if "near" in changes and "km" not in changes and self.km == DEFAULT_NEAR_KM:
            values["km"] = None  # the default radius goes with the place it was set for
        values.update(changes)
        return EventQuery(**values)

    def filters(self) -> list[tuple[str, list[Any]]]:
        """Each filter as an SQL fragment over ``events e`` and its parameters."""
        out: list[tuple[str, list[Any]]] = []
        if self.dyad is not None:
            source, target = self.dyad
            if self.both_directions:
                out.append(("((e.source_country = ? AND e.target_country = ?) OR "
                            "(e.source_country = ? AND e.target_country = ?))", [source, target, target, source]))
            else:
                out.append(("(e.source_country = ? AND e.target_country = ?)", [source, target]))
        if self.actors:
            ors, params = [], []
            for actor in self.actors:
                ors.append("(e.source_country = ? OR e.target_country = ? OR e.event_id IN (SELECT event_id FROM "
                           "mentions WHERE lower(source_actor_id) = ? OR lower(target_actor_id) = ?))")
                params += [actor.upper(), actor.upper(), actor.lower(), actor.lower()]
            out.append(("(" + " OR ".join(ors) + ")", params))
        if self.countries:
            marks = ", ".join("?" for _ in self.countries)
            out.append((f"(e.source_country IN ({marks}) OR e.target_country IN ({marks}))",
                        [*self.countries, *self.countries]))
        if self.types:
            out.append(("e.event_type IN (" + ", ".join("?" for _ in self.types) + ")", list(self.types)))
        if self.modalities:
            out.append(("e.modality IN (" + ", ".join("?" for _ in self.modalities) + ")", list(self.modalities)))
        if self.within:
            out.append(("e.date_start IS NOT NULL", []))
            if self.since is not None:
                out.append(("e.date_start >= ?", [self.since]))
            if self.until is not None:
                out.append(("e.date_end <= ?", [self.until]))
        else:
            if self.since is not None:
                out.append(("e.date_end >= ?", [self.since]))
            if self.until is not None:
                out.append(("e.date_start <= ?", [self.until]))
        if self.domestic is True:
            out.append(("e.source_country = e.target_country", []))
        elif self.domestic is False:
            out.append(("e.source_country <> e.target_country", []))
        if self.internal_to is not None:
            # every known side is the country, and at least one side is known
            out.append(("(coalesce(e.source_country, e.target_country) = ? AND "
                        "coalesce(e.target_country, e.source_country) = ?)", [self.internal_to] * 2))
        if self.near is not None:
            out.append((f"(e.location_latitude IS NOT NULL AND {DISTANCE_SQL} <= ?)",
                        [self.near.latitude, self.near.latitude, self.near.longitude, self.km]))
        if self.country_of_location is not None:
            out.append(("e.location_country = ?", [self.country_of_location]))
        return out

    def where(self) -> tuple[str, list[Any]]:
        """``(" WHERE a AND b", params)``, or ``("", [])`` without filters."""
        parts = self.filters()
        if not parts:
            return "", []
        return " WHERE " + " AND ".join(sql for sql, _ in parts), [value for _, params in parts for value in params]

    def select(self) -> tuple[str, list[Any]]:
        """The SELECT of the matching events, ordered, one page (``limit`` after ``offset``)."""
        where, params = self.where()
        sql = "SELECT e.* FROM events e" + where + " ORDER BY " + ORDERS[self.order]
        if self.limit is not None:
            sql += " LIMIT ?"
            params.append(self.limit)
        if self.offset:
            sql += " OFFSET ?"
            params.append(self.offset)
        return sql, params

    def count(self) -> tuple[str, list[Any]]:
        where, params = self.where()
        return "SELECT count(*) FROM events e" + where, params


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# A mention's place is one object, as an event's is (its actors stay spelled out as columns).
MENTION_NESTED_GROUPS = ("location",)


def _mention_records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return [MENTIONS.nest(row, only=MENTION_NESTED_GROUPS) for row in _dicts(cursor)]


def fetch_events(con: duckdb.DuckDBPyConnection, query: EventQuery, with_mentions: bool) -> list[dict[str, Any]]:
    """The events a query selects, JSON columns decoded, each with its mentions if asked."""
    sql, params = query.select()
    events = [EVENTS.nest(row) for row in _dicts(con.execute(sql, params))]
    for event in events:
        for column in JSON_EVENT_COLUMNS:
            event[column] = json.loads(event[column]) if event[column] else []
    if with_mentions and events:
        by_id = {event["event_id"]: event for event in events}
        for event in events:
            event["mentions"] = []
        for mention in mentions_of(con, list(by_id)):
            by_id[mention["event_id"]]["mentions"].append(mention)
    return events


def count_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> int:
    sql, params = query.count()
    return con.execute(sql, params).fetchone()[0]


# The document fields each mention of an event carries.
MENTION_DOCUMENT_FIELDS: tuple[str, ...] = ("document_source", "document_title", "published")
# The order an event's mentions are listed in: by publication (undated last), then document and sentence;
# never by ingest time, so it does not depend on the order documents were stored in.
MENTION_ORDER = "d.published NULLS LAST, m.doc_id, m.sentence_index, m.mention_id"


def mentions_of(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict[str, Any]]:
    """Every mention of these events, with its document's source, title and publication date."""
    import pyarrow as pa

    con.register("wanted_events", pa.table({"event_id": pa.array(event_ids, pa.string())}))
    try:
        columns = ", ".join(f"m.{name}" for name in MENTIONS.names)
        return _mention_records(con.execute(
            f"SELECT {columns}, d.source AS document_source, d.title AS document_title, d.published "
            "FROM mentions m JOIN wanted_events w ON w.event_id = m.event_id "
            f"JOIN documents d ON d.doc_id = m.doc_id ORDER BY {MENTION_ORDER}"))
    finally:
        con.unregister("wanted_events")


def documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every stored document's metadata (without its text), in ingest order."""
    return _dicts(con.execute(
        "SELECT doc_id, source, title, published, published_from, n_sentences, n_mentions, ingested_at, "
        "detente_version FROM documents ORDER BY ingested_at, doc_id"))


def documents_meta(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    return {d["doc_id"]: d for d in _dicts(con.execute("SELECT doc_id, source, title, published FROM documents"))}


DOCUMENT_JSON_COLUMNS = ("removed", "paragraphs", "warnings")


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """One stored document (metadata, text, sentences) with every mention's offsets and its event; None if absent."""
    found = _dicts(con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id]))
    if not found:
        return None
    doc = found[0]
    for column in DOCUMENT_JSON_COLUMNS:
        doc[column] = json.loads(doc[column]) if doc[column] else []
    doc["sentences"] = _dicts(con.execute(
        "SELECT sentence_index, char_start, char_end FROM sentences WHERE doc_id = ? ORDER BY sentence_index",
        [doc_id]))
    columns = ", ".join(f"m.{name}" for name in MENTIONS.names)
    doc["mentions"] = _mention_records(con.execute(
        f"SELECT {columns}, e.modality AS event_modality FROM mentions m LEFT JOIN events e "
        "ON e.event_id = m.event_id WHERE m.doc_id = ? ORDER BY m.char_start, m.trigger_start, m.mention_id",
        [doc_id]))
    return doc


def actor_counts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every country or organisation code on either side of a stored event, with its event counts:
    as source, as target, in all, and ``internal`` (its internal events, ``EventQuery.internal_to``)."""
    internal = dict(con.execute(
        "SELECT coalesce(source_country, target_country) AS code, count(*)::INTEGER FROM events "
        "WHERE coalesce(source_country, target_country) = coalesce(target_country, source_country) "
        "GROUP BY code").fetchall())
    rows = con.execute(
        "SELECT code, sum(as_source)::INTEGER, sum(as_target)::INTEGER FROM ("
        "  SELECT source_country AS code, 1 AS as_source, 0 AS as_target FROM events "
        "  WHERE source_country IS NOT NULL"
        "  UNION ALL SELECT target_country, 0, 1 FROM events WHERE target_country IS NOT NULL"
        ") GROUP BY code ORDER BY code").fetchall()
    return [{"code": code, "as_source": s, "as_target": t, "events": s + t, "internal": internal.get(code, 0)}
            for code, s, t in rows]


def dyad_counts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every pair of codes with events between them, either direction: ``a`` < ``b``, events a->b and b->a."""
    rows = con.execute(
        "SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b, "
        "count(*) FILTER (WHERE source_country <= target_country)::INTEGER, "
        "count(*) FILTER (WHERE source_country > target_country)::INTEGER "
        "FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
        "AND source_country <> target_country GROUP BY ALL ORDER BY a, b").fetchall()
    return [{"a": a, "b": b, "a_to_b": ab, "b_to_a": ba, "events": ab + ba} for a, b, ab, ba in rows]


TABLE_ORDER: dict[str, str] = {
    "documents": "ingested_at, doc_id",
    "sentences": "doc_id, sentence_index",
    "mentions": "doc_id, sentence_index, mention_id",
    "events": "date_start NULLS LAST, event_id",
}


def arrow_query(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The result of a parameterless query as an Arrow table (the method's name differs between releases)."""
    relation = con.sql(sql)
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):
        method = getattr(relation, name, None)
        if method is not None:
            return method()
    raise RuntimeError("this DuckDB cannot return Arrow tables")


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Every table of the store as an Arrow table, in a stable order."""
    return {table: arrow_query(con, f"SELECT * FROM {table} ORDER BY {order}") for table, order in TABLE_ORDER.items()}


def check(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Integrity problems: documents missing mentions, orphaned rows, mentions without an event."""
    problems = []
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
