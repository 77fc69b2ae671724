"""Score extracted events against hand-coded gold: recall, precision, F1 and where the misses are.

The gold format is documented in ``docs/gold-format.md``. In short: a YAML file lists documents (a text
file, its publication date, optional boilerplate phrases) and, for each, the events a careful human
coder reads in it, each with acceptable source and target countries, PLOVER types, modalities and a
date period.

A prediction (a ``records.EventMention``) matches a gold event when the countries agree (either way round
for undirected events), its type and modality form one of the gold event's acceptable readings, and its
date period overlaps the gold period widened by one month on each side. Each gold event is credited to
at most one prediction (a maximum bipartite matching that serves required events first); recall counts
required gold events credited. Precision looks at every prediction whose modality is asserted (reported
or planned): it is correct when it matches any gold event, so repeated mentions of one true event are
not counted against the extractor (they are reported as "duplicates").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DetenteError, InputError
from .records import ASSERTED_MODALITIES, MODALITIES, PLOVER_TYPES, EventMention, Extraction
from .resources import parse_yaml

NEEDS = ("required", "optional")
DOCUMENT_KEYS = frozenset({"file", "published", "note", "events", "boilerplate", "split", "kind", "scope"})
EVENT_KEYS = frozenset({
    "id", "need", "source", "target", "types", "modalities", "alternatives", "date", "directed", "note",
    "source_sector", "target_sector", "categories",
})
SPLITS = ("dev", "test")
DOCUMENT_KINDS = ("readout", "statement", "joint-statement", "fact-sheet", "transcript", "remarks",
                  "analysis", "news", "other")
# Who the actors are: derived from the codes and sectors unless the coder names one.
ACTOR_KINDS = ("state-state", "state-nonstate", "domestic", "one-sided")
# What makes an event hard to read (docs/gold-format.md says what each means).
PHENOMENA = ("list", "passive-noun", "transcript", "trade-measure", "concern", "protest",
             "armed-conflict", "crime-court", "domestic-politics", "planned", "negated")
CATEGORIES = ACTOR_KINDS + PHENOMENA
# Sectors of actors that are not a state's own organs: an event with one of them on either side is
# state-nonstate (PLOVER manual, actor sectors; CAMEO's non-state agent codes).
NON_STATE_SECTORS = frozenset({"REB", "OPP", "CVL", "NGO", "BUS", "MED", "REL", "EDU", "LAB", "IMG",
                               "CRM", "UAF", "POL", "ETH", "REF", "INS"})
READING_KEYS = frozenset({"types", "modalities"})
ACTOR_CODE = re.compile(r"^[A-Z][A-Z0-9]{2}$")  # ISO3, or an organisation code such as G07
DATE_SLACK_MONTHS = 1

Extractor = Callable[[Path, "date | None"], Extraction]


# --- periods --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A closed span of days."""

    start: date
    end: date

    def overlaps(self, other: "Period") -> bool:
        """True when the two spans share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def widened(self, months: int = DATE_SLACK_MONTHS) -> "Period":
        """The same span with ``months`` calendar months added on each side."""
        return Period(add_months(self.start, -months), add_months(self.end, months))

    def contains(self, other: "Period") -> bool:
        """True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end

    def label(self) -> str:
        """``2023-06-18``, or ``2023-06-01..2023-06-30`` for a longer span."""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_of_value(value: Any) -> Period:
    """The period a gold date names: YYYY, YYYY-MM, YYYY-MM-DD (string, int or date) or {start, end}."""
    if isinstance(value, dict):
        unknown = set(value) - {"start", "end"}
        if unknown or not {"start", "end"} <= set(value):
            raise ValueError("a date range needs exactly the keys start and end")
        start = period_of_value(value["start"]).start
        end = period_of_value(value["end"]).end
        if end < start:
            raise ValueError(f"date range ends ({end}) before it starts ({start})")
        return Period(start, end)
    if isinstance(value, date):
        return Period(value, value)
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    if match.group(2) is None:
        return Period(date(year, 1, 1), date(year, 12, 31))
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    if match.group(3) is None:
        return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    day = date(year, month, int(match.group(3)))
    return Period(day, day)


def prediction_period(prediction: EventMention) -> Period | None:
    """The span of days a prediction's time reference covers, or None when it has no date."""
    time = prediction.time
    if time.precision == "none" and time.start is None and not time.value:
        return None
    if time.start is not None and time.end is not None:
        return Period(time.start, time.end)
    if time.value:
        try:
            return period_of_value(time.value)
        except ValueError:
            return None
    return None


# --- gold records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One acceptable way to code an event: any of these types with any of these modalities."""

    types: tuple[str, ...]
    modalities: tuple[str, ...]

    def accepts(self, event_type: str, modality: str) -> bool:
        return event_type in self.types and modality in self.modalities


@dataclass
class GoldEvent:
    """One event in the world as a careful human coder reads it in one document."""

    event_id: str
    need: str  # required | optional
    sources: tuple[str, ...]
    targets: tuple[str | None, ...]  # None stands for "no recipient"
    readings: tuple[Reading, ...]  # the first comes from types/modalities, the rest from alternatives
    period: Period | None  # None: any date (or none) is acceptable
    directed: bool = True
    note: str = ""
    # Acceptable sectors (None inside = unknown sector); an empty tuple means any sector.
    source_sectors: tuple[str | None, ...] = ()
    target_sectors: tuple[str | None, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def actor_kind(self) -> str:
        """The coder's actor kind, else one derived from the first listed codes and sectors."""
        for category in self.categories:
            if category in ACTOR_KINDS:
                return category
        return actor_kind(self.sources[0], self.targets[0], self.source_sectors[:1] or (None,),
                          self.target_sectors[:1] or (None,), has_target=self.targets[0] is not None)

    @property
    def all_categories(self) -> tuple[str, ...]:
        """Its phenomena and its actor kind."""
        kind = self.actor_kind
        return tuple(c for c in self.categories if c not in ACTOR_KINDS) + (kind,)

    @property
    def required(self) -> bool:
        return self.need == "required"

    @property
    def primary_type(self) -> str:
        """The type listed first: the one the per-type table counts this event under."""
        return self.readings[0].types[0]

    @property
    def all_types(self) -> frozenset[str]:
        return frozenset(t for reading in self.readings for t in reading.types)

    def label(self) -> str:
        """``USA -> CHN CONSULT/AGREE planned 2023-06-18`` for reports."""
        arrow = "->" if self.directed else "<->"
        targets = "/".join(t or "(none)" for t in self.targets)
        readings = " | ".join(
            f"{'/'.join(r.types)} {'/'.join(r.modalities)}" for r in self.readings
        )
        when = self.period.label() if self.period else "any date"
        sources = "/".join(s or "(unknown)" for s in self.sources)
        return f"{sources} {arrow} {targets} {readings} {when}"


@dataclass
class GoldDocument:
    """A document named by a gold file, with the events coded in it."""

    path: Path
    gold_file: Path
    published: date | None
    events: list[GoldEvent]
    boilerplate: list[str] = field(default_factory=list)
    note: str = ""
    split: str = "dev"  # dev: rules may be tuned on it; test: never looked at while tuning
    kind: str = "other"
    # Phrases opening and closing the coded part of a long document; predictions outside are not scored.
    scope: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return self.path.name


def actor_kind(source: str | None, target: str | None, source_sectors: Sequence[str | None],
               target_sectors: Sequence[str | None], has_target: bool) -> str:
    """state-state, state-nonstate, domestic or one-sided, from countries and sectors."""
    if not has_target:
        return "one-sided"
    if source is not None and source == target:
        return "domestic"
    sectors = set(source_sectors) | set(target_sectors)
    if source is None or target is None or sectors & NON_STATE_SECTORS:
        return "state-nonstate"
    return "state-state"


def prediction_actor_kind(prediction: EventMention) -> str:
    """The actor kind of a prediction, by the same rule as the gold's."""
    target = prediction.target
    return actor_kind(prediction.source_country, prediction.target_country, (prediction.source.sector,),
                      (target.sector if target else None,), has_target=target is not None)


def load_gold(path: Path) -> list[GoldDocument]:
    """Read and check one gold YAML file; an InputError names the file and the offending entry."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such gold file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    data = parse_yaml(text, path)  # the data dialect: dates stay text and are checked below
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError(f"{path}: a gold file needs a top-level 'documents:' list")
    return [_document_from_yaml(path, index, entry) for index, entry in enumerate(data["documents"])]


def _document_from_yaml(gold_file: Path, index: int, entry: Any) -> GoldDocument:
    where = f"{gold_file}: document {index + 1}"
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected a mapping with file, published and events")
    unknown = set(entry) - DOCUMENT_KEYS
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if not entry.get("file"):
        raise InputError(f"{where}: missing 'file'")
    doc_path = Path(str(entry["file"]))
    if not doc_path.is_absolute():
        doc_path = (gold_file.parent / doc_path).resolve()
    where = f"{gold_file}: {doc_path.name}"
    if not doc_path.is_file():
        raise InputError(f"{where}: document file not found ({doc_path})")
    published = entry.get("published")
    if published is not None and not isinstance(published, date):
        try:
            published = date.fromisoformat(str(published))
        except ValueError:
            raise InputError(f"{where}: published {published!r} is not YYYY-MM-DD") from None
    boilerplate = entry.get("boilerplate") or []
    if not isinstance(boilerplate, list) or not all(isinstance(p, str) and p.strip() for p in boilerplate):
        raise InputError(f"{where}: boilerplate must be a list of quoted phrases")
    if boilerplate:
        raw = doc_path.read_text(encoding="utf-8", errors="replace")
        for phrase in boilerplate:
            if not find_phrase(raw, phrase):
                raise InputError(f"{where}: boilerplate phrase {phrase!r} does not occur in the file")
    split = entry.get("split", "dev")
    if split not in SPLITS:
        raise InputError(f"{where}: split {split!r} is not dev or test")
    kind = entry.get("kind", "other")
    if kind not in DOCUMENT_KINDS:
        raise InputError(f"{where}: kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}")
    scope = entry.get("scope")
    if scope is not None:
        if not isinstance(scope, dict) or set(scope) != {"start", "end"} or not all(
                isinstance(scope[k], str) and scope[k].strip() for k in ("start", "end")):
            raise InputError(f"{where}: scope needs exactly a start and an end phrase")
        raw = doc_path.read_text(encoding="utf-8", errors="replace")
        for key in ("start", "end"):
            if not find_phrase(raw, scope[key]):
                raise InputError(f"{where}: scope {key} phrase {scope[key]!r} does not occur in the file")
        scope = (scope["start"], scope["end"])
    raw_events = entry.get("events")
    if raw_events is None:
        raw_events = []
    if not isinstance(raw_events, list):
        raise InputError(f"{where}: 'events' must be a list (use [] for a document with none)")
    events = [_event_from_yaml(where, i, e) for i, e in enumerate(raw_events)]
    seen: set[str] = set()
    for event in events:
        if event.event_id in seen:
            raise InputError(f"{where}: event id {event.event_id!r} is used twice")
        seen.add(event.event_id)
    return GoldDocument(
        path=doc_path, gold_file=gold_file, published=published, events=events,
        boilerplate=list(boilerplate), note=str(entry.get("note") or ""),
        split=split, kind=kind, scope=scope,
    )


def _codes(where: str, key: str, value: Any, allow_none: bool) -> tuple[str | None, ...]:
    values = value if isinstance(value, list) else [value]
    if not values:
        raise InputError(f"{where}: '{key}' is an empty list")
    codes: list[str | None] = []
    for item in values:
        if item is None and allow_none:
            codes.append(None)
        elif isinstance(item, str) and ACTOR_CODE.match(item):
            codes.append(item)
        else:
            raise InputError(f"{where}: {key} {item!r} is not a three-character country or organisation code")
    return tuple(codes)


def _sectors(where: str, key: str, value: Any) -> tuple[str | None, ...]:
    if key not in value:
        return ()
    return _codes(where, key, value[key], allow_none=True)


def _categories(where: str, value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    for category in values:
        if category not in CATEGORIES:
            raise InputError(f"{where}: category {category!r} is not one of {', '.join(CATEGORIES)}")
    kinds = [c for c in values if c in ACTOR_KINDS]
    if len(kinds) > 1:
        raise InputError(f"{where}: more than one actor kind ({', '.join(kinds)})")
    return tuple(values)


def _reading(where: str, types: Any, modalities: Any) -> Reading:
    types = types if isinstance(types, list) else [types]
    modalities = modalities if isinstance(modalities, list) else [modalities]
    if not types or not modalities:
        raise InputError(f"{where}: needs at least one type and one modality")
    for event_type in types:
        if event_type not in PLOVER_TYPES:
            raise InputError(f"{where}: {event_type!r} is not a PLOVER type")
    for modality in modalities:
        if modality not in MODALITIES:
            raise InputError(f"{where}: {modality!r} is not a modality ({', '.join(MODALITIES)})")
    return Reading(tuple(types), tuple(modalities))


def _event_from_yaml(doc_where: str, index: int, entry: Any) -> GoldEvent:
    where = f"{doc_where}: event {index + 1}"
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected a mapping")
    if entry.get("id"):
        where = f"{doc_where}: event {entry['id']!r}"
    else:
        raise InputError(f"{where}: missing 'id'")
    unknown = set(entry) - EVENT_KEYS
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if "source" not in entry:
        raise InputError(f"{where}: missing 'source' (null for an unknown source)")
    for key in ("types", "modalities"):
        if entry.get(key) is None:
            raise InputError(f"{where}: missing '{key}'")
    need = entry.get("need", "required")
    if need not in NEEDS:
        raise InputError(f"{where}: need {need!r} is not required or optional")
    readings = [_reading(where, entry["types"], entry["modalities"])]
    alternatives = entry.get("alternatives") or []
    if not isinstance(alternatives, list):
        raise InputError(f"{where}: 'alternatives' must be a list of {{types, modalities}}")
    for alternative in alternatives:
        if not isinstance(alternative, dict) or set(alternative) != READING_KEYS:
            raise InputError(f"{where}: each alternative needs exactly types and modalities")
        readings.append(_reading(where, alternative["types"], alternative["modalities"]))
    period = None
    if entry.get("date") is not None:
        try:
            period = period_of_value(entry["date"])
        except ValueError as exc:
            raise InputError(f"{where}: date: {exc}") from None
    directed = entry.get("directed", True)
    if not isinstance(directed, bool):
        raise InputError(f"{where}: directed must be true or false")
    return GoldEvent(
        event_id=str(entry["id"]),
        need=need,
        sources=_codes(where, "source", entry["source"], allow_none=True),
        targets=_codes(where, "target", entry.get("target"), allow_none=True),
        readings=tuple(readings),
        period=period,
        directed=directed,
        note=str(entry.get("note") or ""),
        source_sectors=_sectors(where, "source_sector", entry),
        target_sectors=_sectors(where, "target_sector", entry),
        categories=_categories(where, entry.get("categories") or []),
    )


# --- matching rules -------------------------------------------------------------------------------


def countries_match(gold: GoldEvent, prediction: EventMention) -> bool:
    """Source and target countries agree (either way round when the gold event is undirected)."""
    source, target = prediction.source_country, prediction.target_country
    if source in gold.sources and target in gold.targets:
        return True
    return not gold.directed and target in gold.sources and source in gold.targets


def reading_matches(gold: GoldEvent, prediction: EventMention) -> bool:
    """The prediction's type and modality form one of the gold event's acceptable readings."""
    return any(r.accepts(prediction.event_type, prediction.modality) for r in gold.readings)


def date_matches(gold: GoldEvent, prediction: EventMention) -> bool:
    """The prediction's period overlaps the gold period widened by a month on each side."""
    if gold.period is None:
        return True
    predicted = prediction_period(prediction)
    return predicted is not None and gold.period.widened().overlaps(predicted)


def matches(gold: GoldEvent, prediction: EventMention) -> bool:
    """Every rule holds: countries, type with modality, and date."""
    return (
        countries_match(gold, prediction)
        and reading_matches(gold, prediction)
        and date_matches(gold, prediction)
    )


def sectors_match(gold: GoldEvent, prediction: EventMention) -> bool | None:
    """Whether the sectors agree where the gold names them (None: the gold names none)."""
    if not gold.source_sectors and not gold.target_sectors:
        return None
    swapped = not gold.directed and not (
        prediction.source_country in gold.sources and prediction.target_country in gold.targets)
    source, target = (prediction.target, prediction.source) if swapped else (prediction.source, prediction.target)
    source_sector = source.sector if source else None
    target_sector = target.sector if target else None
    return ((not gold.source_sectors or source_sector in gold.source_sectors)
            and (not gold.target_sectors or target_sector in gold.target_sectors))


def matches_loosely(gold: GoldEvent, prediction: EventMention) -> bool:
    """Countries and type agree, whatever the modality and date (for modality and date accuracy)."""
    return countries_match(gold, prediction) and prediction.event_type in gold.all_types


def _date_closeness(gold: GoldEvent, prediction: EventMention) -> int:
    """0: inside the gold period; 1: overlapping it; 2: only within the slack; 3: no match."""
    if gold.period is None:
        return 0
    predicted = prediction_period(prediction)
    if predicted is None:
        return 3
    if gold.period.contains(predicted):
        return 0
    if gold.period.overlaps(predicted):
        return 1
    return 2 if gold.period.widened().overlaps(predicted) else 3


def maximum_matching(
    gold_events: Sequence[GoldEvent],
    predictions: Sequence[EventMention],
    edge: Callable[[GoldEvent, EventMention], bool],
    preference: Callable[[GoldEvent, EventMention], Any],
) -> dict[int, int]:
    """Pair gold events with predictions one to one, as many pairs as possible.

    Required events are served first, so no optional event ever costs a required one its match;
    among equally good pairings each gold event gets its most preferred prediction where it can.
    Returns gold index -> prediction index.
    """
    candidates = {
        g: sorted(
            (p for p, prediction in enumerate(predictions) if edge(gold, prediction)),
            key=lambda p, gold=gold: (preference(gold, predictions[p]), p),
        )
        for g, gold in enumerate(gold_events)
    }
    owner: dict[int, int] = {}  # prediction index -> gold index

    def augment(g: int, visited: set[int]) -> bool:
        for p in candidates[g]:
            if p in visited:
                continue
            visited.add(p)
            if p not in owner or augment(owner[p], visited):
                owner[p] = g
                return True
        return False

    order = [g for g, e in enumerate(gold_events) if e.required]
    order += [g for g, e in enumerate(gold_events) if not e.required]
    for g in order:
        augment(g, set())
    return {g: p for p, g in owner.items()}


# --- boilerplate ----------------------------------------------------------------------------------


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A pattern for ``phrase`` that tolerates changed whitespace and straight/curly quotes."""
    quote_classes = {"'": "['’‘]", "’": "['’‘]", "‘": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}
    parts = []
    for char in phrase.strip():
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(quote_classes.get(char, re.escape(char)))
    return re.compile("".join(parts))


def find_phrase(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every occurrence of ``phrase`` in ``text`` as (start, end) offsets."""
    return [(m.start(), m.end()) for m in _phrase_pattern(phrase).finditer(text)]


def boilerplate_regions(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """The lines (paragraphs) of ``text`` that contain a boilerplate phrase, as [start, end) spans."""
    regions = []
    for phrase in phrases:
        for start, end in find_phrase(text, phrase):
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            regions.append((line_start, len(text) if line_end == -1 else line_end))
    return sorted(set(regions))


def in_boilerplate(prediction: EventMention, text: str, regions: Sequence[tuple[int, int]],
                   phrases: Sequence[str]) -> bool:
    """True when the prediction's evidence span overlaps a boilerplate region of the document."""
    start, end = prediction.char_start, prediction.char_end
    if 0 <= start < end <= len(text):
        return any(start < r_end and r_start < end for r_start, r_end in regions)
    return any(find_phrase(prediction.sentence, phrase) for phrase in phrases)


# --- scoring --------------------------------------------------------------------------------------


@dataclass
class DocumentScore:
    """How the predictions for one gold document fared."""

    gold: GoldDocument
    predictions: list[EventMention]
    matched: dict[int, int]  # gold index -> prediction index (all rules)
    # gold index -> prediction index on countries and type alone: the full matches, then leftover
    # gold events with predictions that match no gold event
    loose: dict[int, int]
    correct: set[int]  # indices of predictions that match some gold event
    boilerplate: list[int]  # indices of predictions inside boilerplate
    warnings: list[str] = field(default_factory=list)

    @property
    def asserted(self) -> list[int]:
        return [i for i, p in enumerate(self.predictions) if p.modality in ASSERTED_MODALITIES]

    @property
    def required(self) -> list[int]:
        return [g for g, e in enumerate(self.gold.events) if e.required]

    @property
    def found(self) -> list[int]:
        return [g for g in self.required if g in self.matched]

    @property
    def missed(self) -> list[int]:
        return [g for g in self.required if g not in self.matched]

    @property
    def false_asserted(self) -> list[int]:
        return [i for i in self.asserted if i not in self.correct]

    @property
    def duplicates(self) -> list[int]:
        """Correct asserted predictions that were not the one credited with their gold event."""
        credited = set(self.matched.values())
        return [i for i in self.asserted if i in self.correct and i not in credited]


def score_document(gold: GoldDocument, predictions: Sequence[EventMention], text: str = "",
                   warnings: Sequence[str] = ()) -> DocumentScore:
    """Match one document's predictions against its gold events."""
    predictions = list(predictions)
    warnings = list(warnings)
    if gold.scope and text:
        region = scope_region(text, gold.scope)
        if region is None:
            warnings.append("scope phrases not found in the clean text; the whole document is scored")
        else:
            predictions = [p for p in predictions if region[0] <= p.char_start < region[1]]
    events = gold.events

    def strict_preference(event: GoldEvent, prediction: EventMention) -> tuple[int, float]:
        return (_date_closeness(event, prediction), -prediction.confidence)

    def loose_preference(event: GoldEvent, prediction: EventMention) -> tuple[int, int, float]:
        right = int(reading_matches(event, prediction)) + int(date_matches(event, prediction))
        return (-right, _date_closeness(event, prediction), -prediction.confidence)

    matched = maximum_matching(events, predictions, matches, strict_preference)
    correct = {i for i, p in enumerate(predictions) if any(matches(e, p) for e in events)}
    # Loose pairs: the full matches, plus the gold events left over paired with predictions that
    # match no gold event at all (a repeated mention of a found event explains nothing else).
    unmatched = [g for g in range(len(events)) if g not in matched]
    unexplained = [i for i in range(len(predictions)) if i not in correct]
    extra = maximum_matching(
        [events[g] for g in unmatched], [predictions[i] for i in unexplained],
        matches_loosely, loose_preference,
    )
    loose = dict(matched)
    loose.update({unmatched[g]: unexplained[i] for g, i in extra.items()})
    regions = boilerplate_regions(text, gold.boilerplate) if text else []
    boilerplate = [
        i for i, p in enumerate(predictions)
        if gold.boilerplate and in_boilerplate(p, text, regions, gold.boilerplate)
    ]
    return DocumentScore(gold, predictions, matched, loose, correct, boilerplate, warnings)


def scope_region(text: str, scope: tuple[str, str]) -> tuple[int, int] | None:
    """[start, end) of the coded part: from the start phrase to the end of the next end phrase."""
    starts = find_phrase(text, scope[0])
    if not starts:
        return None
    ends = [end for _, end in find_phrase(text, scope[1]) if end > starts[0][0]]
    return (starts[0][0], ends[0]) if ends else None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class Tally:
    """One row of a score table: required gold events found, asserted predictions right."""

    label: str
    gold: int = 0  # required gold events counted under this row
    found: int = 0  # of those, matched
    predicted: int = 0  # asserted predictions counted under this row
    correct: int = 0  # of those, matching some gold event

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.found, self.gold)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "gold": self.gold, "found": self.found, "predicted": self.predicted,
                "correct": self.correct, "precision": self.precision, "recall": self.recall}


class TypeScore(Tally):
    """One row of the per-type table: gold events counted under their first listed type."""

    @property
    def event_type(self) -> str:
        return self.label


class GroupScore(Tally):
    """One row of a per-category, per-kind or per-split table."""


GROUPINGS = ("category", "kind", "split")


@dataclass
class Report:
    """Scores over every gold document evaluated."""

    documents: list[DocumentScore]

    @property
    def required(self) -> int:
        return sum(len(d.required) for d in self.documents)

    @property
    def found(self) -> int:
        return sum(len(d.found) for d in self.documents)

    @property
    def asserted(self) -> int:
        return sum(len(d.asserted) for d in self.documents)

    @property
    def correct(self) -> int:
        return sum(len(d.asserted) - len(d.false_asserted) for d in self.documents)

    @property
    def duplicates(self) -> int:
        return sum(len(d.duplicates) for d in self.documents)

    @property
    def recall(self) -> float | None:
        return _ratio(self.found, self.required)

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.asserted)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def _loose_pairs(self) -> list[tuple[GoldEvent, EventMention]]:
        return [
            (d.gold.events[g], d.predictions[p]) for d in self.documents for g, p in d.loose.items()
        ]

    @property
    def loose_pairs(self) -> int:
        return len(self._loose_pairs())

    @property
    def modality_accuracy(self) -> float | None:
        pairs = self._loose_pairs()
        return _ratio(sum(reading_matches(g, p) for g, p in pairs), len(pairs))

    @property
    def date_accuracy(self) -> float | None:
        pairs = self._loose_pairs()
        return _ratio(sum(date_matches(g, p) for g, p in pairs), len(pairs))

    @property
    def boilerplate_events(self) -> int:
        return sum(len(d.boilerplate) for d in self.documents)

    def per_type(self) -> list[TypeScore]:
        """One row per PLOVER type, in the manual's order."""
        rows = {t: TypeScore(t) for t in PLOVER_TYPES}
        for doc in self.documents:
            for g in doc.required:
                row = rows[doc.gold.events[g].primary_type]
                row.gold += 1
                row.found += g in doc.matched
            for i in doc.asserted:
                row = rows[doc.predictions[i].event_type]
                row.predicted += 1
                row.correct += i in doc.correct
        return list(rows.values())

    def per_group(self, grouping: str) -> list[GroupScore]:
        """Recall and precision per gold category (with the actor kind), document kind or split.

        By category, precision is known for the actor kinds alone: a false prediction has no gold
        event to lend it a phenomenon, but its actors say which kind it is.
        """
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}")
        labels = CATEGORIES if grouping == "category" else DOCUMENT_KINDS if grouping == "kind" else SPLITS
        rows = {label: GroupScore(label) for label in labels}
        for doc in self.documents:
            for g in doc.required:
                event = doc.gold.events[g]
                groups = (event.all_categories if grouping == "category"
                          else (getattr(doc.gold, grouping),))
                for group in groups:
                    rows[group].gold += 1
                    rows[group].found += g in doc.matched
            for i in doc.asserted:
                group = (prediction_actor_kind(doc.predictions[i]) if grouping == "category"
                         else getattr(doc.gold, grouping))
                rows[group].predicted += 1
                rows[group].correct += i in doc.correct
        return [row for row in rows.values() if row.gold or row.predicted]

    @property
    def sector_accuracy(self) -> float | None:
        """Of the matched pairs whose gold names sectors, the share whose sectors agree."""
        verdicts = [sectors_match(d.gold.events[g], d.predictions[p])
                    for d in self.documents for g, p in d.matched.items()]
        judged = [v for v in verdicts if v is not None]
        return _ratio(sum(judged), len(judged))

    def to_dict(self) -> dict[str, Any]:
        """Everything the text report shows, JSON-ready."""
        def event_record(doc: DocumentScore, g: int) -> dict[str, Any]:
            event = doc.gold.events[g]
            return {
                "document": doc.gold.name, "id": event.event_id, "need": event.need,
                "event": event.label(), "note": event.note,
            }

        def prediction_record(doc: DocumentScore, i: int) -> dict[str, Any]:
            p = doc.predictions[i]
            return {
                "document": doc.gold.name, "source": p.source_country, "target": p.target_country,
                "event_type": p.event_type, "modality": p.modality, "date": p.time.value,
                "sentence": p.sentence, "char_start": p.char_start, "char_end": p.char_end,
            }

        return {
            "documents": len(self.documents),
            "required_gold": self.required,
            "required_found": self.found,
            "asserted_predictions": self.asserted,
            "asserted_correct": self.correct,
            "duplicate_predictions": self.duplicates,
            "recall": self.recall,
            "precision": self.precision,
            "f1": self.f1,
            "loose_pairs": self.loose_pairs,
            "modality_accuracy": self.modality_accuracy,
            "date_accuracy": self.date_accuracy,
            "boilerplate_events": self.boilerplate_events,
            "sector_accuracy": self.sector_accuracy,
            **{f"per_{grouping}": [row.to_dict() for row in self.per_group(grouping)]
               for grouping in GROUPINGS},
            "per_type": [
                {"type": r.event_type, "gold": r.gold, "found": r.found, "predicted": r.predicted,
                 "correct": r.correct, "precision": r.precision, "recall": r.recall}
                for r in self.per_type()
            ],
            "per_document": [
                {"document": d.gold.name, "gold_file": str(d.gold.gold_file),
                 "split": d.gold.split, "kind": d.gold.kind,
                 "required": len(d.required), "found": len(d.found),
                 "asserted": len(d.asserted), "correct": len(d.asserted) - len(d.false_asserted),
                 "warnings": d.warnings}
                for d in self.documents
            ],
            "missed": [event_record(d, g) for d in self.documents for g in d.missed],
            "false_events": [prediction_record(d, i) for d in self.documents for i in d.false_asserted],
            "boilerplate": [prediction_record(d, i) for d in self.documents for i in d.boilerplate],
        }


def extract_with_pipeline(path: Path, published: date | None) -> Extraction:
    """Run detente's own extraction on one file (imported late: the pipeline loads spaCy)."""
    try:
        from .pipeline import extract_path
    except ImportError as exc:
        raise DetenteError(f"the extraction pipeline is not available ({exc})") from None
    return extract_path(path, published)


def evaluate_documents(documents: Iterable[GoldDocument], extract: Extractor | None = None) -> Report:
    """Extract each gold document with ``extract`` (default: detente's pipeline) and score it."""
    extract = extract or extract_with_pipeline
    scores = []
    for gold in documents:
        extraction = extract(gold.path, gold.published)
        scores.append(score_document(
            gold, extraction.events, extraction.document.text, extraction.warnings,
        ))
    return Report(scores)


def evaluate_files(gold_files: Iterable[Path], extract: Extractor | None = None,
                   split: str | None = None) -> Report:
    """Load every gold file (all are checked before any extraction runs) and score them together.

    ``split`` keeps only the documents of that split (dev or test).
    """
    if split is not None and split not in SPLITS:
        raise InputError(f"split {split!r} is not dev or test")
    documents = [doc for path in gold_files for doc in load_gold(Path(path))
                 if split is None or doc.split == split]
    return evaluate_documents(documents, extract)


# --- text report ----------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "  n/a" if value is None else f"{100 * value:5.1f}"


def _prediction_line(p: EventMention) -> str:
    when = p.time.value or "no date"
    return (f"{p.source_country or '---'} -> {p.target_country or '(none)'} "
            f"{p.event_type} {p.modality} {when}")


def format_report(report: Report, verbose: bool = False) -> str:
    """The human-readable report ``detente evaluate`` prints."""
    lines = [
        f"documents: {len(report.documents)}",
        f"recall     {_percent(report.recall)}%  ({report.found} of {report.required} required gold events)",
        f"precision  {_percent(report.precision)}%  ({report.correct} of {report.asserted} asserted "
        f"predictions; {report.duplicates} of the correct ones repeat a credited event)",
        f"F1         {_percent(report.f1)}%",
        f"modality   {_percent(report.modality_accuracy)}%  date {_percent(report.date_accuracy)}%  "
        f"(over {report.loose_pairs} pairs matched on countries and type alone)",
        f"boilerplate events: {report.boilerplate_events}",
        f"sectors    {_percent(report.sector_accuracy)}%  (of matched events whose gold names sectors)",
        "",
        f"{'type':<10} {'gold':>5} {'found':>5} {'pred':>5} {'right':>5} {'P%':>6} {'R%':>6}",
    ]
    for row in report.per_type():
        lines.append(
            f"{row.event_type:<10} {row.gold:>5} {row.found:>5} {row.predicted:>5} {row.correct:>5} "
            f"{_percent(row.precision):>6} {_percent(row.recall):>6}"
        )
    for grouping in GROUPINGS:
        rows = report.per_group(grouping)
        if not rows or (grouping != "category" and len(rows) == 1):
            continue
        lines.append("")
        lines.append(f"{grouping:<16} {'gold':>5} {'found':>5} {'pred':>5} {'right':>5} {'P%':>6} {'R%':>6}")
        for row in rows:
            lines.append(
                f"{row.label:<16} {row.gold:>5} {row.found:>5} {row.predicted:>5} {row.correct:>5} "
                f"{_percent(row.precision):>6} {_percent(row.recall):>6}"
            )
    lines.append("")
    lines.append(f"{'document':<40} {'found':>9} {'correct':>9}")
    for doc in report.documents:
        lines.append(
            f"{doc.gold.name[:40]:<40} {len(doc.found):>4}/{len(doc.required):<4} "
            f"{len(doc.asserted) - len(doc.false_asserted):>4}/{len(doc.asserted):<4}"
        )
    for doc in report.documents:
        for i in doc.boilerplate:
            p = doc.predictions[i]
            lines.append(f"BOILERPLATE {doc.gold.name}: {_prediction_line(p)}: {p.sentence.strip()}")
    if verbose:
        for doc in report.documents:
            for warning in doc.warnings:
                lines.append(f"warning {doc.gold.name}: {warning}")
            for g in doc.missed:
                event = doc.gold.events[g]
                lines.append(f"MISSED {doc.gold.name} [{event.event_id}] {event.label()}")
                if event.note:
                    lines.append(f"    {event.note}")
            for i in doc.false_asserted:
                p = doc.predictions[i]
                lines.append(f"FALSE  {doc.gold.name}: {_prediction_line(p)}")
                lines.append(f"    {' '.join(p.sentence.split())}")
    return "\n".join(lines)
