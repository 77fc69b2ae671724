"""What the store's calls return: the outcome of storing a document, and what a store holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


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
