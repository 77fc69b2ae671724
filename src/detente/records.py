"""Plain records that flow through detente: documents, actors, time references and event mentions.

Every stage takes and returns these dataclasses; nothing here knows about spaCy, DuckDB or the CLI.
Character offsets are always into ``Document.text`` (the clean text after boilerplate removal).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

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
}

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "none")


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

    @classmethod
    def unknown(cls, rule: str = "no-article-date") -> "TimeRef":
        return cls(value=None, precision="none", rule=rule)


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
    event_id: str = ""
    trigger_pos: str = ""  # VERB or NOUN: a noun with no cue is a reference, a verb an assertion
    speaker: str | None = None  # in a transcript, the label of the turn the sentence is in ("MR. SMITH")

    def __post_init__(self) -> None:
        if self.event_type not in QUAD_CLASS:
            raise ValueError(f"unknown PLOVER event type {self.event_type!r}")
        if self.modality not in MODALITIES:
            raise ValueError(f"unknown modality {self.modality!r}")
        if not self.event_id:
            key = "|".join(
                str(part) for part in (
                    self.doc_id, self.sentence_index, self.trigger_start, self.source.start,
                    self.source.country, self.target.start if self.target else -1,
                    self.target.country if self.target else None, self.event_type,
                )
            )
            self.event_id = content_hash(key)

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
        """The flat, JSON-ready record that ``detente extract`` prints."""
        def actor(a: Actor | None) -> dict[str, Any] | None:
            if a is None:
                return None
            return {"text": a.text, "country": a.country, "sector": a.sector,
                    "actor_id": a.actor_id, "resolved_by": a.resolved_by}

        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "source": actor(self.source),
            "target": actor(self.target),
            "source_country": self.source_country,
            "target_country": self.target_country,
            "event_type": self.event_type,
            "quad_class": self.quad_class,
            "mode": self.mode,
            "modality": self.modality,
            "event_date": self.time.value,
            "date_precision": self.time.precision,
            "date_text": self.time.text,
            "date_rule": self.time.rule,
            "date_start": self.time.start.isoformat() if self.time.start else None,
            "date_end": self.time.end.isoformat() if self.time.end else None,
            "trigger": self.trigger,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "confidence": round(self.confidence, 3),
            "speaker": self.speaker,
        }


@dataclass
class Extraction:
    """What extraction makes of one document."""

    document: Document
    events: list[EventMention]
    sentences: list[tuple[int, int]] = field(default_factory=list)  # sentence spans in document.text
    warnings: list[str] = field(default_factory=list)


def asdict_shallow(obj: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for records (kept here so callers need not import dataclasses)."""
    return asdict(obj)
