"""Plain records that flow through detente: documents, actors, time references and event mentions.

Every stage takes and returns these dataclasses; nothing here knows about spaCy, DuckDB or the CLI.
Character offsets are always into ``Document.text`` (the clean text after boilerplate removal).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any, Sequence

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# PLOVER manual, chapter 3: the quad category of each event type.
QUAD_CLASS: dict[str, str] = {
    "AGREE": "VC", "CONSULT": "VC", "SUPPORT": "VC", "CONCEDE": "VC",
    "COOPERATE": "MC", "AID": "MC", "RETREAT": "MC",
    "REQUEST": "VX", "ACCUSE": "VX", "REJECT": "VX", "THREATEN": "VX",
    "PROTEST": "MX", "SANCTION": "MX", "MOBILIZE": "MX", "COERCE": "MX", "ASSAULT": "MX",
}

QUAD_NAMES: dict[str, str] = {
    "VC": "verbal cooperation", "MC": "material cooperation",
    "VX": "verbal conflict", "MX": "material conflict",
}

MODALITIES: tuple[str, ...] = ("reported", "planned", "expected", "negated", "recommended", "hypothetical")
# Modalities in which the text asserts that the event happened or is scheduled to happen.
ASSERTED_MODALITIES: frozenset[str] = frozenset({"reported", "planned"})

SECTORS: dict[str, str] = {
    "GOV": "government, executive and diplomats",
    "MIL": "military and defence",
    "LEG": "legislature",
    "JUD": "judiciary and courts",
    "POL": "political parties and politicians out of office",
    "BUS": "business and industry",
    "MED": "media and journalists",
    "CVL": "civilians, citizens and civil society",
    "EDU": "academia and education",
    "REB": "rebels and armed opposition",
    "IGO": "intergovernmental organisation",
    "NGO": "non-governmental organisation",
    "SPY": "intelligence services",
    "COP": "police and internal security",
    "REL": "religious leaders and organisations",
    # issue 13: the rest of PLOVER's and CAMEO's actor sectors, for domestic and non-state actors
    "OPP": "opposition: parties, politicians and movements opposing the government",
    "LAB": "labour: unions and workers acting as such",
    "CRM": "criminals, gangs and suspects",
    "IMG": "international militarised group (transnational armed group)",
    "ETH": "ethnic or communal group",
    "REF": "refugees and displaced people",
    # issue 14: a state, province or city and the national government are two sides of a domestic event
    # ("the President spoke with the governor"), as ICEWS's sector hierarchy has it (CAMEO has no code)
    "LOC": "subnational government: governors, mayors, state, provincial and local officials",
}
# How each part of an actor was found (Actor.country_by / sector_by); docs/actors.md explains them.
ACTOR_RULES: tuple[str, ...] = (
    "dictionary", "adjective", "modifier", "possessive", "place", "metonym", "surname", "title", "person",
    "coreference", "voice", "document-dyad", "context", "phrase", "member", "noun", "owner",
    "place-in-clause", "sentence-country", "coercer-country", "victims-country", "partner-country", "earlier-mention", "dateline", "dominant-country", "unknown",
)

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "none")


def parse_iso_date(text: str) -> date:
    """A date written exactly YYYY-MM-DD (ValueError otherwise: not 20230615, not 2023-06-15T00:00)."""
    value = str(text).strip()
    if len(value) != 10 or value[4] != "-" or value[7] != "-" or not (value[:4] + value[5:7] + value[8:]).isdigit():
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return date.fromisoformat(value)


def content_hash(text: str) -> str:
    """Stable identifier of a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One article after ingest: clean text plus what is known about where and when it appeared."""

    doc_id: str
    text: str
    source: str = ""
    title: str | None = None
    published: date | None = None
    # How the publication date was found: option, csv, meta, header, dateline, or none.
    published_from: str = "none"
    # Boilerplate removed from the raw input (site chrome, teasers, captions), kept for audit.
    removed: list[str] = field(default_factory=list)
    # Paragraph spans [start, end) in ``text``; sentences never cross them.
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    # Where the text was published (front matter, canonical link, or the URL it was read from).
    url: str | None = None
    # Speaker turns of a transcript, in order; [] for any other text. Each is a ``detente.turns.Turn``
    # (a tuple): (start, end, speaker label as written, role, text_start), role one of question,
    # answer, statement, moderator; the label is text[start:text_start] and stays in the text.
    turns: list[tuple[int, int, str, str, int]] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, **kwargs: Any) -> "Document":
        """A document whose id is the content hash of its text."""
        return cls(doc_id=content_hash(text), text=text, **kwargs)


@dataclass
class Actor:
    """A resolved actor as one span of text names it."""

    text: str
    country: str | None = None  # ISO 3166 alpha-3, or an IGO code such as EUU, NAT, UNO
    sector: str | None = None  # key of SECTORS
    actor_id: str | None = None  # person or institution id in the actor dictionary
    # How the words were resolved: dictionary, surname, coreference, adjective, metonym, title.
    resolved_by: str = "dictionary"
    start: int = -1
    end: int = -1
    # How each part was found when it differs from ``resolved_by`` (``ACTOR_RULES``): "protesters in
    # Kirkuk" has country_by "place-in-clause" and sector_by "noun". None: as ``resolved_by`` says.
    country_by: str | None = None
    sector_by: str | None = None

    @property
    def how(self) -> dict[str, str | None]:
        """How the country and the sector were found (None for a part that is unknown)."""
        return {"country": (self.country_by or self.resolved_by) if self.country else None,
                "sector": (self.sector_by or self.resolved_by) if self.sector else None}

    @property
    def country_resolved_by(self) -> str | None:
        return self.how["country"]

    @property
    def sector_resolved_by(self) -> str | None:
        return self.how["sector"]

    @property
    def unknown(self) -> bool:
        """An actor the text implies but does not name ("a car bomb killed ...": no perpetrator)."""
        return self.country is None and self.sector is None

    def label(self) -> str:
        """Short human label, e.g. ``USA GOV``."""
        return " ".join(part for part in (self.country or "---", self.sector or "") if part)


@dataclass
class TimeRef:
    """When an event happened (or is to happen), as a period with a precision."""

    value: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # day, month, year or none
    start: date | None = None  # first day of the period
    end: date | None = None  # last day of the period
    text: str | None = None  # the words it came from
    rule: str = "none"  # which rule resolved it (documented in docs/time.md)
    # what it was resolved against: "article" (the article date), "mention:START-END:words" (an
    # earlier time in the text, offsets into the text it was resolved in), None (a date in full)
    anchor: str | None = None

    @classmethod
    def unknown(cls, rule: str = "no-article-date") -> "TimeRef":
        return cls(value=None, precision="none", rule=rule)


PLACE_FEATURES: tuple[str, ...] = ("city", "admin1", "country", "region", "water", "venue", "other")


@dataclass
class Place:
    """A place as one span of text names it, resolved to a gazetteer entry."""

    text: str
    char_start: int  # offsets in Document.text
    char_end: int
    name: str
    geonames_id: int | None
    latitude: float
    longitude: float
    country: str | None  # ISO 3166 alpha-3 of the country it lies in (None for international waters)
    admin1: str | None  # GeoNames admin1 code (US.CA, CN.22) or the region's name
    feature: str  # one of PLACE_FEATURES: how precise the point is

    def __post_init__(self) -> None:
        if self.feature not in PLACE_FEATURES:
            raise ValueError(f"unknown place feature {self.feature!r}")

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "char_start": self.char_start, "char_end": self.char_end, "name": self.name,
                "geonames_id": self.geonames_id, "latitude": round(self.latitude, 5),
                "longitude": round(self.longitude, 5), "country": self.country, "admin1": self.admin1,
                "feature": self.feature}


@dataclass
class EventMention:
    """One event as one sentence of one document states it."""

    doc_id: str
    source: Actor
    target: Actor | None
    event_type: str
    modality: str
    time: TimeRef
    sentence_index: int
    sentence: str
    char_start: int  # evidence span (the sentence) in Document.text
    char_end: int
    trigger: str = ""
    trigger_start: int = -1
    trigger_end: int = -1
    confidence: float = 0.5
    mode: str | None = None  # PLOVER mode where known (visit, phone, ...)
    # This mention's id (a content hash). The happening it reports, once the store has grouped the
    # mentions of many documents, has an ``event_id`` of its own.
    mention_id: str = ""
    trigger_pos: str = ""  # VERB or NOUN: a noun with no cue is a reference, a verb an assertion; ITEM: a verbless list item
    location: Place | None = None  # where the event happened, as the text states it (detente.geo)
    file: str = ""  # the document's path or URL as given
    speaker: str | None = None  # in a transcript, the label of the turn the sentence is in ("MR. SMITH")

    def __post_init__(self) -> None:
        if self.event_type not in QUAD_CLASS:
            raise ValueError(f"unknown PLOVER event type {self.event_type!r}")
        if self.modality not in MODALITIES:
            raise ValueError(f"unknown modality {self.modality!r}")
        if not self.mention_id:
            key = "|".join(
                str(part) for part in (
                    self.doc_id, self.sentence_index, self.trigger_start, self.source.start,
                    self.source.country, self.target.start if self.target else -1,
                    self.target.country if self.target else None, self.event_type,
                )
            )
            self.mention_id = content_hash(key)

    @property
    def quad_class(self) -> str:
        return QUAD_CLASS[self.event_type]

    @property
    def source_country(self) -> str | None:
        return self.source.country

    @property
    def target_country(self) -> str | None:
        return self.target.country if self.target else None

    def to_record(self) -> dict[str, Any]:
        """The nested, JSON-ready record that ``detente extract`` prints (its keys: ``MENTIONS.record_keys``)."""
        return MENTIONS.record(self)


@dataclass
class Extraction:
    """What extraction makes of one document."""

    document: Document
    events: list[EventMention]
    sentences: list[tuple[int, int]] = field(default_factory=list)  # sentence spans in document.text
    places: list[Place] = field(default_factory=list)  # every place mention, in text order (detente.geo)
    warnings: list[str] = field(default_factory=list)


def asdict_shallow(obj: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for records (kept here so callers need not import dataclasses)."""
    return asdict(obj)


# --- the schema: every column of every record, declared once ----------------------------------------
#
# The store's tables, their migrations, the Arrow/Parquet schema, the API's response models, the JSON
# record that ``detente extract`` prints and the flat CSV columns are all derived from the tables below
# (``detente.store.schema``, ``detente.store.rows``, ``detente.api``, ``detente.output``). To add a field:
# add its attribute to the dataclass, one ``Column`` here with ``since=`` the next schema version, and raise
# SCHEMA_VERSION; the store's migration (ALTER TABLE ADD COLUMN) is derived from ``since``. A column of
# an actor (``ACTOR``) appears once per side: ``source_<name>`` and ``target_<name>``.

SCHEMA_VERSION = 4

# What a column holds. Each layer maps these to its own types (DuckDB, Arrow, pydantic).
KINDS: tuple[str, ...] = ("text", "int", "float", "date", "timestamp", "json")


@dataclass(frozen=True)
class Column:
    """One field of a record: its name, kind and where it appears."""

    name: str
    kind: str = "text"
    required: bool = False  # NOT NULL in the store, required in the API models
    key: bool = False  # part of the table's primary key
    since: int = 1  # the store schema version that added the column
    path: str | None = None  # attribute path on the record object ("time.value"); None: the name; "": none
    record: str | None = ""  # key in the JSON record: "" the name, None not in the record
    flat: bool = True  # a column of the flat CSV (and table) views
    stored: bool = True  # a column of the store table (False: computed for the flat view)
    digits: int | None = None  # decimals kept in the JSON record
    doc: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")

    @property
    def record_key(self) -> str | None:
        return self.name if self.record == "" else self.record


@dataclass(frozen=True)
class Group:
    """The columns of a nested object (an actor): stored flat as ``<name>_<column>``, nested in the record."""

    name: str
    columns: tuple[Column, ...]
    path: str | None = None  # attribute holding the object; None: the name
    top: tuple[str, ...] = ()  # columns also given at the record's top level as ``<name>_<column>``


# Where an event happened (records.Place), stored flat as location_<part>; added in schema version 3.
PLACE: tuple[Column, ...] = (
    Column("text", since=3, flat=False, doc="the words that name the place"),
    Column("char_start", "int", since=3, flat=False),
    Column("char_end", "int", since=3, flat=False),
    Column("name", since=3, doc="the gazetteer's name"),
    Column("geonames_id", "int", since=3, doc="GeoNames id, where the place has one"),
    Column("latitude", "float", since=3, digits=5),
    Column("longitude", "float", since=3, digits=5),
    Column("country", since=3, doc="ISO 3166 alpha-3 of the country it lies in"),
    Column("admin1", since=3, flat=False, doc="GeoNames admin1 code or region name"),
    Column("feature", since=3, doc="city, admin1, country, region, water, venue or other"),
)


# The parts of an actor, on each side of a mention (source_text, target_text, ...).
ACTOR: tuple[Column, ...] = (
    Column("text"),
    Column("country", doc="ISO 3166 alpha-3, or an organisation code such as EUU, NAT, UNO"),
    Column("sector", doc="a key of detente.records.SECTORS"),
    Column("actor_id", flat=False, doc="person or institution id in the actor dictionary"),
    Column("resolved_by", flat=False, doc="how the words were resolved (dictionary, surname, coreference, ...)"),
    Column("country_by", since=3, flat=False, path="country_resolved_by",
           doc="how the country was found (docs/actors.md; null when the country is unknown)"),
    Column("sector_by", since=3, flat=False, path="sector_resolved_by",
           doc="how the sector was found (null when the sector is unknown)"),
    Column("start", "int", record=None, flat=False, doc="offset of the actor's words in the document text"),
    Column("end", "int", record=None, flat=False),
)


def _expand(items: tuple[Column | Group, ...]) -> tuple[tuple[Column, Group | None, Column | None], ...]:
    """Each item as (flat column, its group or None, the group's own column or None)."""
    out: list[tuple[Column, Group | None, Column | None]] = []
    for item in items:
        if isinstance(item, Group):
            for part in item.columns:
                flat = replace(part, name=f"{item.name}_{part.name}",
                               path=f"{item.path or item.name}.{part.path or part.name}")
                out.append((flat, item, part))
        else:
            out.append((item, None, None))
    return tuple(out)


def _get(obj: Any, path: str) -> Any:
    if not path:
        return None
    for attribute in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, attribute)
    return obj


def _json_value(value: Any, column: Column) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if column.digits is not None and isinstance(value, float):
        return round(value, column.digits)
    return value


@dataclass(frozen=True)
class Table:
    """A record type as the store keeps it (one table) and as the outputs show it."""

    name: str
    items: tuple[Column | Group, ...]
    doc: str = ""

    @property
    def expanded(self) -> tuple[tuple[Column, Group | None, Column | None], ...]:
        return _expand(self.items)

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every column, actor parts spelled out (``source_text``), stored or not."""
        return tuple(column for column, _, _ in self.expanded)

    @property
    def stored(self) -> tuple[Column, ...]:
        """The columns of the store table, in declaration order."""
        return tuple(column for column in self.columns if column.stored)

    @property
    def names(self) -> tuple[str, ...]:
        """The store table's column names."""
        return tuple(column.name for column in self.stored)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.stored if column.key)

    @property
    def flat_names(self) -> tuple[str, ...]:
        """The columns of the flat (CSV) view: record keys, actor parts spelled out."""
        names = []
        for column, group, part in self.expanded:
            if not column.flat:
                continue
            if group is None:
                if column.record_key is not None:
                    names.append(column.record_key)
            elif part.record_key is not None:
                names.append(f"{group.name}_{part.record_key}")
        return tuple(dict.fromkeys(names))

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def row(self, obj: Any) -> dict[str, Any]:
        """The stored columns of a record object, read along each column's path."""
        return {column.name: _get(obj, column.name if column.path is None else column.path)
                for column in self.stored}

    def record(self, obj: Any) -> dict[str, Any]:
        """The nested JSON record of an object: actors as objects, dates as ISO text."""
        out: dict[str, Any] = {}
        tops: list[tuple[str, Any]] = []
        for column, group, part in self.expanded:
            if group is None:
                if column.record_key is not None:
                    value = _get(obj, column.name if column.path is None else column.path)
                    out[column.record_key] = _json_value(value, column)
                continue
            holder = _get(obj, group.path or group.name)
            if group.name not in out:
                out[group.name] = None if holder is None else {}
            value = None if holder is None else _json_value(_get(holder, part.path or part.name), part)
            if holder is not None and part.record_key is not None:
                out[group.name][part.record_key] = value
            if part.name in group.top:
                tops.append((f"{group.name}_{part.name}", value))
        for key, value in tops:
            out[key] = value
        return {key: out[key] for key in self.record_keys}

    @property
    def record_keys(self) -> tuple[str, ...]:
        """The keys of the JSON record, in order."""
        keys: list[str] = []
        for column, group, part in self.expanded:
            if group is None:
                if column.record_key is not None:
                    keys.append(column.record_key)
            elif group.name not in keys:
                keys.append(group.name)
                keys += [f"{group.name}_{name}" for name in group.top]
        return tuple(dict.fromkeys(keys))

    def nest(self, row: dict[str, Any], only: Sequence[str] | None = None) -> dict[str, Any]:
        """A stored row (``location_latitude`` ...) with each group (or each group named in ``only``) as
        one nested object, None when the row has none of it (every part null); the other columns as
        they are."""
        out = dict(row)
        for item in self.items:
            if not isinstance(item, Group) or (only is not None and item.name not in only):
                continue
            parts = {part.record_key or part.name: out.pop(f"{item.name}_{part.name}", None)
                     for part in item.columns if part.stored}
            out[item.name] = parts if any(value is not None for value in parts.values()) else None
        return out

    @property
    def nested_names(self) -> tuple[str, ...]:
        """The stored columns with each group as one name: the fields of ``nest(row)``."""
        names: list[str] = []
        for column, group, _ in self.expanded:
            if column.stored:
                names.append(column.name if group is None else group.name)
        return tuple(dict.fromkeys(names))

    def flatten(self, record: dict[str, Any]) -> dict[str, Any]:
        """A nested JSON record with its actors spelled out as columns (``source_text`` ...)."""
        groups = {group.name: group for _, group, _ in self.expanded if group is not None}
        flat = {key: value for key, value in record.items() if key not in groups}
        for name, group in groups.items():
            nested = record.get(name) or {}
            for part in group.columns:
                if part.record_key is not None:
                    flat.setdefault(f"{name}_{part.record_key}", nested.get(part.record_key))
        return flat


MENTIONS = Table("mentions", (
    Column("mention_id", required=True, key=True, doc="this mention's id (content hash)"),
    Column("doc_id", required=True),
    Column("event_id", record=None, flat=False, path="",
           doc="the deduplicated event this mention belongs to (set by the store)"),
    Group("source", ACTOR, top=("country", "sector")),
    Group("target", ACTOR, top=("country", "sector")),
    Column("event_type", required=True, doc="one of PLOVER_TYPES"),
    Column("quad_class", required=True, doc="VC, MC, VX or MX"),
    Column("mode", doc="PLOVER mode where known (visit, phone, ...)"),
    Column("modality", required=True, doc="one of MODALITIES"),
    Column("date_value", path="time.value", record="event_date", doc="YYYY, YYYY-MM or YYYY-MM-DD"),
    Column("date_precision", path="time.precision", doc="day, month, year or none"),
    Column("date_start", "date", path="time.start", flat=False, doc="first day of the event's period"),
    Column("date_end", "date", path="time.end", flat=False, doc="last day of the event's period"),
    Column("date_text", path="time.text", doc="the words the date came from"),
    Column("date_rule", path="time.rule", doc="the rule that resolved the date (docs/time.md)"),
    Column("date_anchor", path="time.anchor", since=2, flat=False,
           doc="what the date was resolved against: article, mention:START-END:words, or none"),
    Column("trigger"),
    Column("trigger_start", "int", record=None, flat=False),
    Column("trigger_end", "int", record=None, flat=False),
    Column("trigger_pos", since=2, record=None, flat=False, doc="VERB, NOUN, or ITEM (a verbless list item)"),
    Column("sentence_index", "int"),
    Column("char_start", "int", doc="start of the evidence sentence in the document text"),
    Column("char_end", "int"),
    Column("confidence", "float", digits=3),
    Column("sentence", doc="the evidence sentence"),
    Group("location", PLACE),
    Column("file", since=3, doc="the document's path or URL as given"),
    Column("speaker", since=3, flat=False, doc="in a transcript, the label of the speaker's turn"),
), doc="one event as one sentence of one document states it")

DOCUMENTS = Table("documents", (
    Column("doc_id", required=True, key=True),
    Column("source"),
    Column("title"),
    Column("published", "date"),
    Column("published_from", doc="how the publication date was found"),
    Column("text", required=True),
    Column("removed", "json", doc="boilerplate removed at ingest"),
    Column("paragraphs", "json", doc="paragraph spans [start, end]"),
    Column("warnings", "json", path="", doc="extraction warnings"),
    Column("n_sentences", "int", required=True, path=""),
    Column("n_mentions", "int", required=True, path=""),
    Column("ingested_at", "timestamp", required=True, path=""),
    Column("detente_version", path=""),
), doc="one article after ingest")

SENTENCES = Table("sentences", (
    Column("doc_id", required=True, key=True),
    Column("sentence_index", "int", required=True, key=True),
    Column("char_start", "int", required=True),
    Column("char_end", "int", required=True),
    Column("text"),
))

EVENTS = Table("events", (
    Column("event_id", required=True, key=True),
    Column("source_country"),
    Column("target_country"),
    Column("event_type", required=True),
    Column("quad_class", required=True),
    Column("mode"),
    Column("modality", required=True, doc="the strongest modality of its mentions"),
    Column("modality_history", "json", doc="list of {modality, since, doc_id}"),
    Column("date_value"),
    Column("date_precision"),
    Column("date_start", "date"),
    Column("date_end", "date"),
    Column("n_mentions", "int", required=True),
    Column("n_documents", "int", required=True),
    Column("first_seen", "date"),
    Column("last_seen", "date"),
    Column("confidence", "float"),
    Column("source_actors", "json", doc="list of {code, sector, text, actor_id}"),
    Column("target_actors", "json"),
    Column("anchor_mention_id", required=True, flat=False, doc="the mention whose date the event has"),
    # Where the happening took place: the anchor mention's location, else that of the first of its
    # mentions (in publication order) that has one; offsets are into that mention's document.
    Group("location", tuple(replace(part, since=4) for part in PLACE)),
    Column("evidence", stored=False, doc="the anchor mention's sentence"),
    Column("evidence_doc_id", stored=False),
), doc="a happening in the world, however many reports describe it")

TABLES: dict[str, Table] = {table.name: table for table in (DOCUMENTS, SENTENCES, MENTIONS, EVENTS)}
