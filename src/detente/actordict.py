"""The actor dictionary: countries, organisations, institutions, people and sector nouns.

The packaged YAML files under ``detente/data/actors/`` are read once per process; a user may add files
in the same layout (``detente ... --actors FILE``) which extend or override the packaged entries. The
matcher in ``actors.py`` asks this module for every surface form it should look for
(``ActorDictionary.surface_forms``), what a form resolves to on a date (``ActorDictionary.resolve``), and
which sector a head noun implies (``ActorDictionary.sector_for_noun``). ``import_cameo`` converts
CAMEO/PETRARCH actor and agent dictionaries into the same layout. The file format is documented in
``docs/actors.md``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from .errors import InputError, Parameter, ParameterError
from .records import SECTORS
from .resources import packaged_text, parse_yaml

# The top-level sections a dictionary file may contain.
SECTIONS: tuple[str, ...] = (
    "countries", "organizations", "institutions", "people", "sector_nouns", "title_seniority",
    "unnamed_actors",
)
# The lists of the ``unnamed_actors`` section (data/actors/unnamed.yaml explains each).
UNNAMED_LISTS: tuple[str, ...] = ("standalone", "members", "armed_modifiers", "no_actor", "quantities", "crowd_verbs",
                                   "partitives")
PACKAGED_DIR = "data/actors"
# Packaged files, read in this order (later files may refer to codes defined by earlier ones).
PACKAGED_FILES: tuple[str, ...] = (
    "countries.yaml", "organizations.yaml", "institutions.yaml", "people.yaml",
    "sector_nouns.yaml", "titles.yaml", "unnamed.yaml",
)

SURFACE_KINDS: tuple[str, ...] = (
    "country", "adjective", "demonym", "capital", "organization", "institution", "person", "surname",
)

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{2}$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
UNRANKED = 99


# ---------------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Role:
    """An office a person held: for whom (country), in which sector, under what title, and when.

    ``start``/``end`` are inclusive; None means open (unknown start, or still in office).
    ``rank`` orders simultaneous roles (lower is more senior; see titles.yaml).
    ``in_term`` is False only on a role that ``Person.role_on`` returned as a fallback for a date
    the role does not cover.
    """

    country: str
    sector: str | None
    title: str = ""
    start: date | None = None
    end: date | None = None
    rank: int = UNRANKED
    cameo_code: str | None = None
    in_term: bool = True

    def covers(self, when: date) -> bool:
        """Whether ``when`` falls inside the term (open ends cover everything on their side)."""
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    @property
    def dated(self) -> bool:
        """Whether the role has any term limit at all (an undated role is a default)."""
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class Person:
    """A named individual with the offices they held."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    surname: str | None = None
    roles: tuple[Role, ...] = ()
    ambiguous_surname: bool = False
    case_sensitive: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    note: str | None = None

    def role_on(self, when: date | None) -> Role | None:
        """The role held on ``when``: the most senior if several; the most recent if ``when`` is None.

        Dated roles outrank undated (default) ones; among equals the later appointment wins. If no
        role covers ``when`` the role closest in time is returned with ``in_term=False`` (the last
        one that ended before ``when``, else the first that starts after it), so the person's
        country is still known. None only for a person without roles.
        """
        if not self.roles:
            return None
        if when is None:
            return max(self.roles, key=lambda r: (r.start or date.min, -r.rank, r.end or date.max))
        covering = [r for r in self.roles if r.covers(when)]
        if covering:
            return min(covering, key=lambda r: (not r.dated, r.rank, -(r.start or date.min).toordinal()))
        ended = [r for r in self.roles if r.end is not None and r.end < when]
        if ended:
            nearest = max(ended, key=lambda r: (r.end, -r.rank))
        else:
            nearest = min(self.roles, key=lambda r: (r.start or date.max, r.rank))
        return replace(nearest, in_term=False)

    @property
    def countries(self) -> tuple[str, ...]:
        """Every country the person held a role for, in order of first appearance."""
        return tuple(dict.fromkeys(r.country for r in self.roles))


@dataclass(frozen=True)
class Country:
    """A country (ISO 3166 alpha-3 code, or any three-letter code a user file defines)."""

    code: str
    name: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    iso: bool = True
    note: str | None = None

    @property
    def id(self) -> str:
        return self.code


@dataclass(frozen=True)
class Organization:
    """An intergovernmental organisation or a non-state actor with a code of its own or a home country.

    ``country`` is what mentions resolve to: the organisation's own code for IGOs (EUU, NAT, UNO),
    the home country for national movements (Hamas → PSE).
    """

    id: str
    name: str
    country: str
    sector: str | None
    names: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    plover_code: str | None = None
    cameo_code: str | None = None
    note: str | None = None
    # (sector, until) pairs, oldest first: the sector the group had before ``until`` ("the Taliban"
    # were armed opposition until they took Kabul on 2021-08-15); ``sector`` holds from the last on.
    earlier_sectors: tuple[tuple[str, date], ...] = ()

    def sector_on(self, when: date | None) -> str | None:
        """The sector on ``when`` (the current one when the date is unknown)."""
        if when is not None:
            for sector, until in self.earlier_sectors:
                if when < until:
                    return sector
        return self.sector


@dataclass(frozen=True)
class Institution:
    """A government body (or other named body) mapped to a country and a sector."""

    id: str
    name: str
    country: str
    sector: str | None
    names: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    cameo_code: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SurfaceForm:
    """One string to look for in text and what it stands for.

    ``ref_id`` is the entry's key in its section: the country code for country, adjective, demonym
    and capital forms of a country; the organisation id for organisation names and seats (a seat
    such as "Brussels" has kind "capital"); the institution or person id otherwise. ``country`` and
    ``sector`` are the static resolution (None for people: ask ``ActorDictionary.resolve``).
    ``case_sensitive`` asks the matcher to require exactly this capitalisation; ``ambiguous`` asks
    it to require supporting context (another cue that the words name an actor).
    """

    text: str
    kind: str
    ref_id: str
    case_sensitive: bool = False
    ambiguous: bool = False
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Resolution:
    """What a surface form stands for on a date."""

    country: str | None
    sector: str | None
    actor_id: str | None
    kind: str
    # False when a person's role was a fallback whose term does not cover the date.
    in_term: bool = True
    role: Role | None = None


# ---------------------------------------------------------------------------------------------------
# Reading files


def _read_yaml(text: str, label: str) -> dict[str, Any]:
    data = parse_yaml(text, label)  # the data dialect: dates stay text, validated here with a clear message
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{label}: expected top-level sections ({', '.join(SECTIONS)}), found {type(data).__name__}")
    unknown = [key for key in data if key not in SECTIONS]
    if unknown:
        raise InputError(f"{label}: unknown section {unknown[0]!r} (expected one of: {', '.join(SECTIONS)})")
    return data


def parse_term_date(value: Any, *, end: bool = False) -> date:
    """A role's start or end as a date: YYYY-MM-DD, or YYYY-MM / YYYY meaning the first (start)
    or last (end) day of that month or year. Raises ValueError for anything else."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    if day is not None:
        return date(int(year), int(month), int(day))
    if month is not None:
        m = int(month)
        if not 1 <= m <= 12:
            raise ValueError(text)
        return date(int(year), m, calendar.monthrange(int(year), m)[1] if end else 1)
    return date(int(year), 12, 31) if end else date(int(year), 1, 1)


class _Entry:
    """Reads one mapping of a dictionary file, raising InputError that names file, section and index."""

    def __init__(self, raw: Any, where: str, allowed: Iterable[str]):
        self.where = where
        if not isinstance(raw, dict):
            raise InputError(f"{where}: expected a mapping of fields, found {type(raw).__name__}")
        unknown = [k for k in raw if k not in allowed]
        if unknown:
            raise InputError(f"{where}: unknown field {unknown[0]!r}")
        self.raw = raw

    def given(self) -> frozenset[str]:
        return frozenset(self.raw)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise InputError(f"{self.where}: missing {key!r}")
            return None
        if isinstance(value, bool) or isinstance(value, (list, dict)):
            raise InputError(f"{self.where}: {key} must be text, found {value!r}")
        value = str(value).strip()
        if required and not value:
            raise InputError(f"{self.where}: {key!r} is empty")
        return value or None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            raise InputError(f"{self.where}: {key} must be a list of names")
        out = []
        for item in value:
            if item is None or isinstance(item, (bool, dict, list)) or not str(item).strip():
                raise InputError(f"{self.where}: {key} contains {item!r}, which is not a name")
            out.append(str(item).strip())
        return tuple(dict.fromkeys(out))

    def flag_forms(self, key: str, all_forms: Sequence[str]) -> tuple[str, ...]:
        """A flag given as ``true`` (all forms) or as a list of the forms it applies to."""
        value = self.raw.get(key)
        if value is None or value is False:
            return ()
        if value is True:
            return tuple(all_forms)
        forms = self.texts(key)
        missing = [f for f in forms if f not in all_forms]
        if missing:
            raise InputError(f"{self.where}: {key} lists {missing[0]!r}, which is not one of the entry's names")
        return forms

    def boolean(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            raise InputError(f"{self.where}: {key} must be true or false, found {value!r}")
        return value

    def code(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        if not CODE_PATTERN.match(value):
            raise InputError(f"{self.where}: {key} {value!r} is not a three-letter code such as USA")
        return value

    def ident(self, key: str = "id") -> str:
        value = self.text(key, required=True)
        assert value is not None
        if not ID_PATTERN.match(value):
            raise InputError(f"{self.where}: id {value!r} must be lower-case letters, digits, '-', '_' or '.'")
        return value

    def sector(self, key: str = "sector", required: bool = True) -> str | None:
        value = self.text(key, required=False)
        if value is None:
            if required:
                raise InputError(f"{self.where}: missing {key!r}")
            return None
        if value not in SECTORS:
            raise InputError(f"{self.where}: sector {value!r} is not one of {', '.join(SECTORS)}")
        return value


_COUNTRY_FIELDS = ("code", "name", "names", "adjectives", "demonyms", "capitals", "case_sensitive",
                   "ambiguous", "iso", "note", "replace")
_ORG_FIELDS = ("id", "name", "names", "country", "sector", "seats", "case_sensitive", "ambiguous",
               "plover_code", "cameo_code", "note", "earlier_sectors", "replace")
_INST_FIELDS = ("id", "name", "names", "country", "sector", "case_sensitive", "ambiguous", "cameo_code",
                "note", "replace")
_PERSON_FIELDS = ("id", "name", "aliases", "surname", "roles", "ambiguous_surname", "case_sensitive",
                  "ambiguous", "note", "replace")
_ROLE_FIELDS = ("country", "sector", "title", "start", "end", "rank", "cameo_code")


@dataclass
class _Parsed:
    """One file's entries, each with the set of fields the file actually gave."""

    label: str
    countries: list[tuple[Country, frozenset[str]]] = field(default_factory=list)
    organizations: list[tuple[Organization, frozenset[str]]] = field(default_factory=list)
    institutions: list[tuple[Institution, frozenset[str]]] = field(default_factory=list)
    people: list[tuple[Person, frozenset[str]]] = field(default_factory=list)
    sector_nouns: dict[str, str] = field(default_factory=dict)
    title_seniority: tuple[str, ...] | None = None
    unnamed: dict[str, set[str]] = field(default_factory=dict)


def _section_list(data: dict[str, Any], name: str, label: str) -> list[Any]:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{label}: {name} must be a list of entries")
    return value


def _parse_country(entry: _Entry) -> Country:
    code = entry.code("code")
    assert code is not None
    name = entry.text("name") or code
    names = entry.texts("names")
    adjectives, demonyms, capitals = entry.texts("adjectives"), entry.texts("demonyms"), entry.texts("capitals")
    forms = (name, *names, *adjectives, *demonyms, *capitals)
    iso = entry.raw.get("iso", True)
    if not isinstance(iso, bool):
        raise InputError(f"{entry.where}: iso must be true or false")
    return Country(code=code, name=name, names=names, adjectives=adjectives, demonyms=demonyms,
                   capitals=capitals, case_sensitive=entry.flag_forms("case_sensitive", forms),
                   ambiguous=entry.flag_forms("ambiguous", forms), iso=iso, note=entry.text("note"))


def _parse_body(entry: _Entry, cls: type) -> Any:
    # name, country and sector may be left out when the entry extends an existing one; _build checks
    # that new entries have them.
    ident = entry.ident()
    name = entry.text("name") or ""
    country = entry.code("country", required=False) or ""
    cameo = entry.text("cameo_code")
    sector = entry.sector(required=False)
    names = entry.texts("names")
    extra: dict[str, Any] = {}
    forms: tuple[str, ...] = (name, *names)
    if cls is Organization:
        extra["seats"] = entry.texts("seats")
        extra["plover_code"] = entry.text("plover_code")
        extra["earlier_sectors"] = _earlier_sectors(entry)
        forms += extra["seats"]
    return cls(id=ident, name=name, country=country, sector=sector, names=names,
               case_sensitive=entry.flag_forms("case_sensitive", forms),
               ambiguous=entry.flag_forms("ambiguous", forms), cameo_code=cameo,
               note=entry.text("note"), **extra)


def _earlier_sectors(entry: _Entry) -> tuple[tuple[str, date], ...]:
    raw = entry.raw.get("earlier_sectors") or []
    if not isinstance(raw, list):
        raise InputError(f"{entry.where}: earlier_sectors must be a list of {{sector, until}} entries")
    found: list[tuple[str, date]] = []
    for i, item in enumerate(raw):
        where = f"{entry.where}: earlier_sectors[{i}]"
        part = _Entry(item, where, ("sector", "until"))
        sector = part.sector()
        try:
            until = parse_term_date(item.get("until"))
        except (ValueError, TypeError):
            raise InputError(f"{where}: until {item.get('until')!r} is not a date (YYYY-MM-DD)") from None
        if found and until <= found[-1][1]:
            raise InputError(f"{where}: earlier_sectors must be in date order")
        found.append((sector, until))
    return tuple(found)


def _parse_role(raw: Any, where: str, seniority: Sequence[str]) -> Role:
    entry = _Entry(raw, where, _ROLE_FIELDS)
    country = entry.code("country")
    assert country is not None
    cameo = entry.text("cameo_code")
    sector = entry.sector(required=False)
    bounds: dict[str, date | None] = {}
    for key in ("start", "end"):
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            bounds[key] = None
            continue
        try:
            bounds[key] = parse_term_date(value, end=(key == "end"))
        except ValueError:
            raise InputError(f"{where}: role {key} {str(value)!r} is not a date (YYYY-MM-DD)") from None
    if bounds["start"] and bounds["end"] and bounds["start"] > bounds["end"]:
        raise InputError(f"{where}: role start {bounds['start']} is after its end {bounds['end']}")
    title = entry.text("title") or ""
    rank = raw.get("rank")
    if rank is None:
        rank = title_rank(title, seniority)
    elif isinstance(rank, bool) or not isinstance(rank, int):
        raise InputError(f"{where}: rank must be a whole number")
    return Role(country=country, sector=sector, title=title, start=bounds["start"], end=bounds["end"],
                rank=rank, cameo_code=cameo)


def _parse_person(entry: _Entry, seniority: Sequence[str]) -> Person:
    ident = entry.ident()
    name = entry.text("name") or ""  # may be left out when extending a packaged person
    aliases = entry.texts("aliases")
    surname = entry.text("surname")
    raw_roles = entry.raw.get("roles") or []
    if not isinstance(raw_roles, list):
        raise InputError(f"{entry.where}: roles must be a list")
    roles = tuple(_parse_role(r, f"{entry.where}: roles[{i}]", seniority) for i, r in enumerate(raw_roles))
    forms = (name, *aliases, *((surname,) if surname else ()))
    return Person(id=ident, name=name, aliases=aliases, surname=surname, roles=roles,
                  ambiguous_surname=entry.boolean("ambiguous_surname"),
                  case_sensitive=entry.flag_forms("case_sensitive", forms),
                  ambiguous=entry.flag_forms("ambiguous", forms), note=entry.text("note"))


def _surname_first(person: Person) -> tuple[str, ...]:
    """The name with the surname first ("Kishida Fumio", as Japanese, Korean, Chinese and Vietnamese
    names are written, and often so in English), for a two-word name that ends with the surname."""
    words = person.name.split()
    if len(words) != 2 or not person.surname or words[1] != person.surname:
        return ()
    return (f"{words[1]} {words[0]}",)


def title_rank(title: str, seniority: Sequence[str]) -> int:
    """Seniority of a job title (0 = most senior): the list position of the longest listed phrase the
    title contains, so "Deputy Secretary of State" ranks by its own entry, not by "secretary of state"."""
    lowered = " " + " ".join(re.sub(r"[^\w\s-]", " ", title.lower()).split()) + " "
    best, best_length = UNRANKED, 0
    for position, phrase in enumerate(seniority):
        if f" {phrase} " in lowered and len(phrase) > best_length:
            best, best_length = position, len(phrase)
    return best


def _normalise_noun(noun: str) -> str:
    return " ".join(noun.lower().replace("_", " ").split())


def _parse_file(data: dict[str, Any], label: str, seniority: Sequence[str]) -> _Parsed:
    parsed = _Parsed(label=label)
    raw_seniority = data.get("title_seniority")
    if raw_seniority is not None:
        parsed.title_seniority = _Entry({"title_seniority": raw_seniority}, label, ["title_seniority"]).texts(
            "title_seniority")
        parsed.title_seniority = tuple(t.lower() for t in parsed.title_seniority)
        seniority = parsed.title_seniority
    seen: dict[str, set[str]] = {s: set() for s in ("countries", "organizations", "institutions", "people")}

    def check_unique(section: str, key: str, where: str) -> None:
        if key in seen[section]:
            raise InputError(f"{where}: duplicate {'code' if section == 'countries' else 'id'} {key!r}")
        seen[section].add(key)

    for i, raw in enumerate(_section_list(data, "countries", label)):
        entry = _Entry(raw, f"{label}: countries[{i}]", _COUNTRY_FIELDS)
        country = _parse_country(entry)
        check_unique("countries", country.code, entry.where)
        parsed.countries.append((country, entry.given()))
    for section, cls, allowed, target in (
        ("organizations", Organization, _ORG_FIELDS, parsed.organizations),
        ("institutions", Institution, _INST_FIELDS, parsed.institutions),
    ):
        for i, raw in enumerate(_section_list(data, section, label)):
            entry = _Entry(raw, f"{label}: {section}[{i}]", allowed)
            body = _parse_body(entry, cls)
            check_unique(section, body.id, entry.where)
            target.append((body, entry.given()))
    for i, raw in enumerate(_section_list(data, "people", label)):
        entry = _Entry(raw, f"{label}: people[{i}]", _PERSON_FIELDS)
        person = _parse_person(entry, seniority)
        check_unique("people", person.id, entry.where)
        parsed.people.append((person, entry.given()))
    nouns = data.get("sector_nouns")
    if nouns is not None:
        if not isinstance(nouns, dict):
            raise InputError(f"{label}: sector_nouns must map sector codes to lists of nouns")
        for sector, items in nouns.items():
            where = f"{label}: sector_nouns.{sector}"
            if sector not in SECTORS:
                raise InputError(f"{where}: {sector!r} is not one of {', '.join(SECTORS)}")
            for noun in _Entry({"nouns": items}, where, ["nouns"]).texts("nouns"):
                key = _normalise_noun(noun)
                if key in parsed.sector_nouns and parsed.sector_nouns[key] != sector:
                    raise InputError(f"{where}: {noun!r} is already listed under {parsed.sector_nouns[key]}")
                parsed.sector_nouns[key] = sector
    unnamed = data.get("unnamed_actors")
    if unnamed is not None:
        if not isinstance(unnamed, dict) or any(k not in UNNAMED_LISTS for k in unnamed):
            raise InputError(f"{label}: unnamed_actors must map {', '.join(UNNAMED_LISTS)} to lists of nouns")
        for key, items in unnamed.items():
            where = f"{label}: unnamed_actors.{key}"
            nouns = _Entry({"nouns": items}, where, ["nouns"]).texts("nouns")
            parsed.unnamed.setdefault(key, set()).update(_normalise_noun(n) for n in nouns)
    return parsed


def _merge(old: Any, new: Any, given: frozenset[str]) -> Any:
    """``new`` laid over ``old``: list fields are extended, fields the file gave replace the old value;
    ``replace: true`` in the file keeps only the new entry."""
    if "replace" in given:
        return new
    changes: dict[str, Any] = {}
    for f in fields(new):
        old_value, new_value = getattr(old, f.name), getattr(new, f.name)
        if isinstance(old_value, tuple):
            changes[f.name] = tuple(dict.fromkeys((*old_value, *new_value)))
        elif f.name in given:
            changes[f.name] = new_value
        else:
            changes[f.name] = old_value
    return replace(old, **changes)


# ---------------------------------------------------------------------------------------------------
# The dictionary


@dataclass
class ActorDictionary:
    """Everything detente knows about actors: look-ups by code/id, surface forms and sector nouns."""

    countries: dict[str, Country] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sector_nouns: dict[str, str] = field(default_factory=dict)  # noun lemma → sector
    title_seniority: tuple[str, ...] = ()
    # unnamed_actors: standalone / members / armed_modifiers / no_actor → lemmas (files add to them)
    unnamed: dict[str, frozenset[str]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # files read, packaged first
    _forms: list[SurfaceForm] | None = field(default=None, repr=False, compare=False)
    _index: dict[str, list[SurfaceForm]] | None = field(default=None, repr=False, compare=False)
    _unnamed_memo: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False, compare=False)

    # -- loading -----------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra_files: Sequence[Path | str] = ()) -> "ActorDictionary":
        """The packaged dictionary merged with ``extra_files`` (read in order, later files win).

        In a user file an entry whose code or id already exists extends it: names, aliases, roles and
        other lists are added to, and single fields the file gives (name, sector, surname, ...)
        replace the old value; with ``replace: true`` the entry replaces the old one entirely. A
        sector noun listed by a user file moves to the user's sector. Raises InputError naming file
        and entry for anything malformed.
        """
        if not extra_files:
            return _packaged_dictionary()
        parsed = list(_packaged_files())
        seniority = _packaged_seniority()
        for path in extra_files:
            path = Path(path)
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise InputError(f"{path}: no such actor file") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: cannot read actor file ({exc.__class__.__name__})") from None
            one = _parse_file(_read_yaml(text, path.name), path.name, seniority)
            if one.title_seniority is not None:
                seniority = one.title_seniority
            parsed.append(one)
        return cls._build(parsed, str_paths=[str(Path(p)) for p in extra_files])

    @classmethod
    def _build(cls, parsed: Sequence[_Parsed], str_paths: Sequence[str] = ()) -> "ActorDictionary":
        book = cls()
        origin: dict[tuple[str, str], str] = {}  # (section, key) → the file that last touched the entry
        for one in parsed:
            for section in ("countries", "organizations", "institutions", "people"):
                target: dict[str, Any] = getattr(book, section)
                for entry, given in getattr(one, section):
                    key = entry.code if section == "countries" else entry.id
                    target[key] = _merge(target[key], entry, given) if key in target else entry
                    origin[(section, key)] = one.label
            book.sector_nouns.update(one.sector_nouns)
            if one.title_seniority is not None:
                book.title_seniority = one.title_seniority
            for key, nouns in one.unnamed.items():
                book.unnamed[key] = book.unnamed.get(key, frozenset()) | frozenset(nouns)
        book._check_complete(origin)
        book._check_references(origin)
        lacking = sorted(n for n in book.unnamed.get("standalone", ()) if book.sector_for_noun(n) is None)
        if lacking:
            raise InputError(f"unnamed_actors.standalone: {lacking[0]!r} has no sector (list it under sector_nouns)")
        book._mark_shared_surnames()
        book.sources = tuple(f"detente:{PACKAGED_DIR}/{name}" for name in PACKAGED_FILES) + tuple(str_paths)
        return book

    def _check_complete(self, origin: dict[tuple[str, str], str]) -> None:
        """Entries that only extend may leave out name, country and sector; new entries may not."""
        for section in ("organizations", "institutions", "people"):
            for key, entry in getattr(self, section).items():
                where = f"{origin[(section, key)]}: {section} {key!r}"
                if not entry.name:
                    raise InputError(f"{where}: missing 'name' (only entries that extend an existing id may omit it)")
                if section == "people":
                    continue
                if not entry.country:
                    raise InputError(f"{where}: missing 'country' (only entries that extend an existing id may omit it)")
                if entry.sector is None and entry.cameo_code is None:
                    raise InputError(f"{where}: missing 'sector' (one of {', '.join(SECTORS)})")

    def _check_references(self, origin: dict[tuple[str, str], str]) -> None:
        """Every role and institution must point at a code some countries or organizations entry defines."""
        known = set(self.countries) | {o.country for o in self.organizations.values()}
        for inst in self.institutions.values():
            if inst.country not in known:
                raise InputError(f"{origin[('institutions', inst.id)]}: institution {inst.id!r}: country "
                                 f"{inst.country!r} is not defined in any countries or organizations section")
        for person in self.people.values():
            for role in person.roles:
                if role.country not in known:
                    raise InputError(f"{origin[('people', person.id)]}: person {person.id!r}: role country "
                                     f"{role.country!r} is not defined in any countries or organizations section")

    def _mark_shared_surnames(self) -> None:
        counts: dict[str, int] = {}
        for person in self.people.values():
            if person.surname:
                counts[person.surname] = counts.get(person.surname, 0) + 1
        for pid, person in list(self.people.items()):
            if person.surname and counts[person.surname] > 1 and not person.ambiguous_surname:
                self.people[pid] = replace(person, ambiguous_surname=True)

    # -- look-ups ----------------------------------------------------------------------------------

    def surface_forms(self) -> list[SurfaceForm]:
        """Every string the matcher should look for, with what it stands for (see SurfaceForm).

        Forms with no lower-case letter (acronyms such as "US", "U.N.") and people's surnames are
        always case-sensitive.
        """
        if self._forms is None:
            self._forms = list(self._generate_forms())
        return list(self._forms)

    def _generate_forms(self) -> Iterable[SurfaceForm]:
        seen: set[tuple[str, str, str]] = set()

        def form(text: str, kind: str, ref: str, entry: Any, country: str | None, sector: str | None,
                 force_case: bool = False, force_ambiguous: bool = False) -> Iterable[SurfaceForm]:
            key = (text, kind, ref)
            if key in seen:
                return
            seen.add(key)
            case = force_case or text in entry.case_sensitive or not any(c.islower() for c in text)
            yield SurfaceForm(text=text, kind=kind, ref_id=ref, case_sensitive=case,
                              ambiguous=force_ambiguous or text in entry.ambiguous, country=country, sector=sector)

        for c in self.countries.values():
            for text in (c.name, *c.names):
                yield from form(text, "country", c.code, c, c.code, None)
            for text in c.adjectives:
                yield from form(text, "adjective", c.code, c, c.code, None)
            for text in c.demonyms:
                yield from form(text, "demonym", c.code, c, c.code, None)
            for text in c.capitals:
                yield from form(text, "capital", c.code, c, c.code, "GOV")
        for o in self.organizations.values():
            for text in (o.name, *o.names):
                yield from form(text, "organization", o.id, o, o.country, o.sector)
            for text in o.seats:
                yield from form(text, "capital", o.id, o, o.country, o.sector)
        for i in self.institutions.values():
            for text in (i.name, *i.names):
                yield from form(text, "institution", i.id, i, i.country, i.sector)
        for p in self.people.values():
            for text in (p.name, *p.aliases, *_surname_first(p)):
                yield from form(text, "person", p.id, p, None, None)
            if p.surname:
                yield from form(p.surname, "surname", p.id, p, None, None, force_case=True,
                                force_ambiguous=p.ambiguous_surname)

    def lookup(self, text: str) -> list[SurfaceForm]:
        """The surface forms that ``text`` matches exactly (ignoring case unless the form is case-sensitive)."""
        if self._index is None:
            index: dict[str, list[SurfaceForm]] = {}
            for sf in self.surface_forms():
                index.setdefault(sf.text.lower(), []).append(sf)
            self._index = index
        return [sf for sf in self._index.get(text.lower(), []) if not sf.case_sensitive or sf.text == text]

    def sector_for_noun(self, lemma: str) -> str | None:
        """The sector a head noun implies ("troop" → MIL, "foreign minister" → GOV), or None.

        Multiword lemmas are tried whole, then without their first words ("deputy foreign
        minister" → "foreign minister" → GOV).
        """
        words = _normalise_noun(lemma).split()
        for i in range(len(words)):
            sector = self.sector_nouns.get(" ".join(words[i:]))
            if sector:
                return sector
        return None

    def unnamed_kind(self, lemma: str, kind: str) -> bool:
        """Whether a noun (lemma, or a multiword one tried whole and then without its first words) is in
        one of the ``unnamed_actors`` lists: standalone, members, armed_modifiers, no_actor."""
        key = (lemma, kind)
        known = self._unnamed_memo.get(key)
        if known is None:
            words = _normalise_noun(lemma).split()
            listed = self.unnamed.get(kind, frozenset())
            known = any(" ".join(words[i:]) in listed for i in range(len(words))) if kind != "armed_modifiers" \
                else " ".join(words) in listed
            self._unnamed_memo[key] = known
        return known

    def resolve(self, form: SurfaceForm, when: date | None = None) -> Resolution:
        """What ``form`` stands for on ``when``: country, sector and (for people) the role then held."""
        if form.kind in ("person", "surname"):
            person = self.people[form.ref_id]
            role = person.role_on(when)
            if role is None:
                return Resolution(None, None, person.id, form.kind)
            return Resolution(role.country, role.sector, person.id, form.kind, in_term=role.in_term, role=role)
        actor_id = form.ref_id if form.kind in ("organization", "institution") or (
            form.kind == "capital" and form.ref_id in self.organizations) else None
        if form.kind == "organization" and form.ref_id in self.organizations:
            return Resolution(form.country, self.organizations[form.ref_id].sector_on(when), actor_id, form.kind)
        return Resolution(form.country, form.sector, actor_id, form.kind)

    def country(self, code: str) -> Country | None:
        """The country with this code, or None."""
        return self.countries.get(code)

    def code_name(self, code: str) -> str | None:
        """A readable name for a country or organisation code (USA → United States, NAT → NATO)."""
        if code in self.countries:
            return self.countries[code].name
        for org in self.organizations.values():
            if org.country == code:
                return org.name
        return None

    def entries(self) -> Iterable[tuple[str, Any]]:
        """Every entry as (section, record), section by section."""
        for section in ENTRY_SECTIONS:
            for entry in getattr(self, section).values():
                yield section, entry

    def listing(self, *, kind: str | None = None, country: str | None = None, search: str | None = None,
                on: date | None = None) -> list[ActorListing]:
        """The entries, section by section, as ``ActorListing`` rows; each filter narrows them.

        ``kind`` is a section (countries, organizations, institutions, people); ``country`` a code that
        the entry is of (any case; a person of any of their countries); ``search`` text that the id or
        code, the name or any other name contains (any case); ``on`` the date whose role a person is
        shown with (default: the current one).
        """
        _check_kind(kind)
        wanted_country = country.upper() if country else None
        needle = search.lower() if search else None
        rows: list[ActorListing] = []
        for section, entry in self.entries():
            if kind and section != kind:
                continue
            role_text = ""
            if section == "countries":
                key, codes, sector, names = entry.code, {entry.code}, "", (*entry.names, *entry.adjectives)
                shown = entry.code
            elif section == "people":
                role = entry.role_on(on)
                key, codes, names = entry.id, set(entry.countries), entry.aliases
                shown, sector = (role.country, role.sector or "") if role else ("", "")
                if role:
                    role_text = role.title + ("" if role.in_term else " (not in office then)")
            else:
                sector = (entry.sector_on(on) if isinstance(entry, Organization) else entry.sector) or ""
                key, codes, names, shown = entry.id, {entry.country}, entry.names, entry.country
            if wanted_country and wanted_country not in codes:
                continue
            if needle and not any(needle in text.lower() for text in (key, entry.name, *names)):
                continue
            rows.append(ActorListing(SECTION_LABELS[section], key, entry.name, shown, sector, role_text))
        return rows


ENTRY_SECTIONS: tuple[str, ...] = ("countries", "organizations", "institutions", "people")
SECTION_LABELS = {"countries": "country", "organizations": "organization", "institutions": "institution",
                  "people": "person"}


@dataclass(frozen=True)
class ActorListing:
    """One dictionary entry as ``detente actors list`` shows it."""

    kind: str  # country, organization, institution or person
    key: str  # a country's code, else the entry's id
    name: str
    country: str  # a person's: that of their role on the date asked about ("" without one)
    sector: str
    role: str = ""  # a person's title then, "(not in office then)" when the term had ended or not begun


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in ENTRY_SECTIONS:
        raise ParameterError(Parameter("kind"), f" {kind!r} is not one of {', '.join(ENTRY_SECTIONS)}")


def list_actors(actor_files: Sequence[Path | str] = (), *, kind: str | None = None, country: str | None = None,
                search: str | None = None, on: date | None = None) -> list[ActorListing]:
    """The packaged dictionary with the user's ``actor_files``, listed and filtered (``ActorDictionary.listing``)."""
    _check_kind(kind)  # before reading any file
    return ActorDictionary.load(actor_files).listing(kind=kind, country=country, search=search, on=on)


@lru_cache(maxsize=1)
def _packaged_files() -> tuple[_Parsed, ...]:
    seniority: tuple[str, ...] = ()
    texts = {name: packaged_text(f"actors/{name}") for name in PACKAGED_FILES}
    # titles.yaml holds the seniority list that ranks people's roles: read it first.
    titles = _parse_file(_read_yaml(texts["titles.yaml"], "titles.yaml"), "titles.yaml", ())
    seniority = titles.title_seniority or ()
    parsed = [_parse_file(_read_yaml(texts[name], name), name, seniority)
              for name in PACKAGED_FILES if name != "titles.yaml"]
    return (*parsed, titles)


def _packaged_seniority() -> tuple[str, ...]:
    for one in _packaged_files():
        if one.title_seniority is not None:
            return one.title_seniority
    return ()


@lru_cache(maxsize=1)
def _packaged_dictionary() -> ActorDictionary:
    return ActorDictionary._build(_packaged_files())


# ---------------------------------------------------------------------------------------------------
# CAMEO / PETRARCH import

# CAMEO sector (agent) codes that have a detente sector; other codes are kept as cameo_code.
CAMEO_SECTORS: dict[str, str] = {
    "GOV": "GOV", "MIL": "MIL", "LEG": "LEG", "JUD": "JUD", "BUS": "BUS", "MED": "MED", "JRN": "MED",
    "CVL": "CVL", "CIV": "CVL", "EDU": "EDU", "REB": "REB", "INS": "REB", "SEP": "REB", "IGO": "IGO",
    "NGO": "NGO", "NGM": "NGO", "SPY": "SPY", "COP": "COP", "OPP": "OPP", "PTY": "POL", "ELI": "POL",
    "REL": "REL", "LAB": "LAB", "CRM": "CRM", "REF": "REF",
}
# CAMEO/PLOVER "country" codes for international actors that are organisations, not countries.
CAMEO_INTERNATIONAL = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "ISM"})
NULL_CODES = frozenset({"---", "+++", "###"})

_BRACKET = re.compile(r"\[([^\]]*)\]")


@dataclass
class _CameoRecord:
    phrase: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    default_codes: list[str] = field(default_factory=list)
    restricted: list[tuple[list[str], date | None, date | None]] = field(default_factory=list)


def _strip_cameo_comments(text: str) -> list[tuple[int, str]]:
    """Lines of a CAMEO dictionary without <!-- --> blocks and # or ; comments, with line numbers."""
    out: list[tuple[int, str]] = []
    in_block = False
    for number, line in enumerate(text.splitlines(), start=1):
        kept = ""
        rest = line
        while rest:
            if in_block:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                    break
                rest, in_block = rest[end + 3:], False
                continue
            start = rest.find("<!")
            if start < 0:
                kept += rest
                break
            kept += rest[:start]
            rest, in_block = rest[start + 2:], True
        for marker in ("#", ";"):
            if marker in kept:
                kept = kept[: kept.index(marker)]
        out.append((number, kept.rstrip()))
    return out


def _cameo_date(text: str, label: str, line: int) -> date:
    digits = text.strip()
    try:
        if not digits.isdigit():
            raise ValueError
        if len(digits) <= 7:  # YYMMDD; KEDS/TABARI read 00-30 as 20YY and the rest as 19YY
            yy = int(digits[:-4])
            year = 2000 + yy if yy <= 30 else 1900 + yy
            return date(year, int(digits[-4:-2]), int(digits[-2:]))
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise InputError(f"{label}: line {line}: {digits!r} is not a CAMEO date (YYMMDD or YYYYMMDD)") from None


def _parse_restriction(body: str, label: str, line: int) -> tuple[list[str], date | None, date | None]:
    """``CODE``, ``CODE <DATE``, ``CODE >DATE`` or ``CODE DATE-DATE`` as (codes, start, end)."""
    body = body.strip()
    match = re.match(r"^([^\s<>\d][^\s<>]*)?\s*(.*)$", body)
    assert match is not None
    code_text, limit = match.group(1) or "", match.group(2).replace(" ", "")
    codes = [c.strip().upper() for c in code_text.split("/") if c.strip()]
    start = end = None
    if limit:
        if limit.startswith("<"):
            end = _cameo_date(limit[1:], label, line)
        elif limit.startswith(">"):
            start = _cameo_date(limit[1:], label, line)
        elif "-" in limit:
            first, second = limit.split("-", 1)
            start, end = _cameo_date(first, label, line), _cameo_date(second, label, line)
        else:
            raise InputError(f"{label}: line {line}: cannot read date restriction {body!r}")
    return codes, start, end


def _read_cameo_actors(text: str, label: str) -> list[_CameoRecord]:
    records: list[_CameoRecord] = []
    current: _CameoRecord | None = None
    for number, line in _strip_cameo_comments(text):
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            if current is None:
                raise InputError(f"{label}: line {number}: synonym {stripped!r} before any actor")
            phrase = _BRACKET.sub("", stripped[1:]).strip()
            if phrase:
                current.synonyms.append(phrase)
            for body in _BRACKET.findall(stripped):
                current.default_codes.extend(_parse_restriction(body, label, number)[0])
            continue
        if stripped.startswith("[") or (line[:1].isspace() and _BRACKET.search(line)):
            if current is None:
                raise InputError(f"{label}: line {number}: code {stripped!r} before any actor")
            for body in _BRACKET.findall(stripped):
                codes, start, end = _parse_restriction(body, label, number)
                if start is None and end is None:
                    current.default_codes.extend(codes)
                else:
                    current.restricted.append((codes, start, end))
            continue
        phrase = _BRACKET.sub("", stripped).strip()
        current = _CameoRecord(phrase=phrase, line=number)
        records.append(current)
        for body in _BRACKET.findall(stripped):
            codes, start, end = _parse_restriction(body, label, number)
            if start is None and end is None:
                current.default_codes.extend(codes)
            else:
                current.restricted.append((codes, start, end))
    return records


_LOWER_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "de", "al", "el", "la", "du", "von", "van"})


def _cameo_phrase(phrase: str) -> str:
    """A CAMEO phrase (upper case, words joined by '_' or ' ') as readable text: 'GAZA_CITY' → 'Gaza City'.

    Words with dots and words of one or two letters stay upper case (U.S., UN, AU), as do single-word
    phrases of three letters (IMF, PLO); other words are capitalised, short function words lowered.
    """
    words = [w for w in re.split(r"[_\s]+", phrase) if w]
    out = []
    for position, word in enumerate(words):
        letters = word.replace(".", "")
        if "." in word or len(letters) <= 2 or (len(words) == 1 and len(letters) <= 3):
            out.append(word.upper())
        elif position > 0 and word.lower() in _LOWER_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(part.capitalize() for part in word.lower().split("-")))
    return " ".join(out)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "actor"


def split_cameo_code(code: str) -> tuple[str, str | None, str | None]:
    """A CAMEO actor code as (country, detente sector or None, the full code if it says more than that).

    The first three letters are the country (or an international code such as IGO); the sector is the
    first following three-letter chunk that has a detente sector (``PSEHMSMIL`` → PSE, MIL).
    """
    code = code.upper()
    country, rest = code[:3], code[3:]
    chunks = [rest[i:i + 3] for i in range(0, len(rest), 3)]
    sector = next((CAMEO_SECTORS[c] for c in chunks if c in CAMEO_SECTORS), None)
    if country in CAMEO_INTERNATIONAL and country in CAMEO_SECTORS:
        sector = CAMEO_SECTORS[country]
    exact = (len(code) == 3 and sector is None) or (sector is not None and code == country + sector)
    return country, sector, None if exact else code


def import_cameo(actors_path: Path | str, agents_path: Path | str | None = None,
                 warnings: list[str] | None = None) -> dict[str, Any]:
    """A CAMEO/PETRARCH actor dictionary (and optional agents dictionary) as a detente actor file.

    Returns the sections as plain data ready for ``yaml.safe_dump``. Entries with date restrictions
    become people whose roles keep the restrictions as start/end (the undated code becomes an undated
    default role); undated entries with a sector become institutions (organisations for international
    codes such as IGO, NGO, IMG); entries coded with a bare three-letter code add names to that
    country (non-ISO codes such as ARN are accepted). Agents become ``sector_nouns``. Anything that
    cannot be expressed (null codes, agents whose code has no detente sector) is skipped with a
    message appended to ``warnings``.
    """
    warnings = warnings if warnings is not None else []
    actors_path = Path(actors_path)
    try:
        text = actors_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        raise InputError(f"{actors_path}: cannot read CAMEO actor file") from None
    label = actors_path.name
    packaged = ActorDictionary.load()
    # A bare code such as UNO or IMF extends the first packaged organisation with that code (the UN, not
    # one of its agencies); generic international codes (NGO, IGO, IMG ...) never do.
    org_by_code: dict[str, str] = {}
    for org in packaged.organizations.values():
        if org.country not in CAMEO_INTERNATIONAL:
            org_by_code.setdefault(org.country, org.id)

    countries: dict[str, dict[str, Any]] = {}
    organizations: dict[str, dict[str, Any]] = {}
    institutions: dict[str, dict[str, Any]] = {}
    people: dict[str, dict[str, Any]] = {}

    def unique(ident: str, taken: dict[str, Any]) -> str:
        candidate, n = ident, 2
        while candidate in taken:
            candidate, n = f"{ident}-{n}", n + 1
        return candidate

    for record in _read_cameo_actors(text, label):
        name = _cameo_phrase(record.phrase)
        synonyms = [_cameo_phrase(s) for s in record.synonyms]
        where = f"{label}: line {record.line} ({record.phrase})"
        default_codes = [c for c in record.default_codes if c not in NULL_CODES]
        if not record.default_codes and not record.restricted:
            warnings.append(f"{where}: no code; skipped")
            continue
        restricted = []
        for codes, start, end in record.restricted:
            real = [c for c in codes if c not in NULL_CODES]
            if not real:
                warnings.append(f"{where}: null code for {start or '...'}–{end or '...'} dropped "
                                "(detente cannot mark a period in which a name is no actor)")
                continue
            restricted.extend((c, start, end) for c in real)
        all_codes = default_codes + [c for c, _, _ in restricted]
        if not all_codes:
            warnings.append(f"{where}: only null codes; skipped")
            continue
        bad = [c for c in all_codes if not re.fullmatch(r"[A-Z0-9]{3,}", c)]
        if bad:
            raise InputError(f"{where}: {bad[0]!r} is not a CAMEO code")
        has_sector = any(len(c) > 3 for c in all_codes)
        if restricted and has_sector:
            roles = []
            for c, start, end in restricted + [(c, None, None) for c in default_codes]:
                country, sector, cameo = split_cameo_code(c)
                role: dict[str, Any] = {"country": country}
                if sector:
                    role["sector"] = sector
                if cameo:
                    role["cameo_code"] = cameo
                if start:
                    role["start"] = start.isoformat()
                if end:
                    role["end"] = end.isoformat()
                roles.append(role)
            ident = unique(_slug(name), people)
            people[ident] = {"id": ident, "name": name, "aliases": synonyms, "roles": roles}
            continue
        codes = list(dict.fromkeys(all_codes))
        if restricted:
            # "ZIMBABWE [RHO <790606] [ZBW]": the name belongs to the current (undated) code; the
            # historical codes are dropped, since countries have no terms here
            warnings.append(f"{where}: date limits on country codes dropped (countries have no terms)")
            if default_codes:
                codes = list(dict.fromkeys(default_codes))
        for c in codes:
            country, sector, cameo = split_cameo_code(c)
            if len(c) == 3 and country in org_by_code and country not in packaged.countries:
                entry = organizations.setdefault(org_by_code[country], {
                    "id": org_by_code[country], "name": packaged.organizations[org_by_code[country]].name,
                    "country": country, "names": []})
                entry["names"].extend(n for n in (name, *synonyms) if n not in entry["names"])
            elif len(c) == 3 and country not in CAMEO_INTERNATIONAL:
                if country in packaged.countries:
                    entry = countries.setdefault(country, {"code": country, "names": []})
                else:
                    entry = countries.setdefault(country, {"code": country, "name": name, "names": [],
                                                           "iso": False})
                    if entry["name"] == country:  # a placeholder declared for an earlier institution
                        entry["name"] = name
                entry["names"].extend(n for n in (name, *synonyms) if n not in entry["names"])
            else:
                target = organizations if country in CAMEO_INTERNATIONAL else institutions
                ident = unique(_slug(name), {**organizations, **institutions})
                body: dict[str, Any] = {"id": ident, "name": name, "names": synonyms, "country": country,
                                        "sector": sector}
                if sector is None and cameo is None:
                    cameo = c
                if cameo:
                    body["cameo_code"] = cameo
                target[ident] = body
                if (target is institutions and country not in packaged.countries
                        and country not in org_by_code and country not in countries):
                    countries[country] = {"code": country, "name": country, "names": [], "iso": False}

    # Codes used by people but defined nowhere: declare them so the file loads on its own.
    for person in people.values():
        for role in person["roles"]:
            code = role["country"]
            if code not in packaged.countries and code not in org_by_code and code not in countries:
                countries[code] = {"code": code, "name": code, "names": [], "iso": False}

    result: dict[str, Any] = {}
    if countries:
        result["countries"] = [_drop_empty(c) for c in countries.values()]
    if organizations:
        result["organizations"] = [_drop_empty(o) for o in organizations.values()]
    if institutions:
        result["institutions"] = [_drop_empty(i) for i in institutions.values()]
    if people:
        result["people"] = [_drop_empty(p) for p in people.values()]
    if agents_path is not None:
        nouns = import_cameo_agents(agents_path, warnings)
        if nouns:
            result["sector_nouns"] = nouns
    return result


def _drop_empty(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in ([], None)}


def import_cameo_agents(agents_path: Path | str, warnings: list[str] | None = None) -> dict[str, list[str]]:
    """A CAMEO/PETRARCH agents dictionary as ``sector_nouns`` (sector → noun phrases).

    ``!MARKER! = A, B`` substitution sets are expanded; plural forms in {...} are dropped (detente
    looks nouns up by lemma); agents whose code has no detente sector are skipped with a warning.
    """
    warnings = warnings if warnings is not None else []
    agents_path = Path(agents_path)
    try:
        text = agents_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        raise InputError(f"{agents_path}: cannot read CAMEO agents file") from None
    label = agents_path.name
    markers: dict[str, list[str]] = {}
    nouns: dict[str, str] = {}
    for number, line in _strip_cameo_comments(text):
        stripped = line.strip()
        if not stripped:
            continue
        definition = re.match(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$", stripped)
        if definition:
            markers[definition.group(1)] = [w.strip() for w in definition.group(2).split(",") if w.strip()]
            continue
        bracket = _BRACKET.search(stripped)
        if not bracket:
            warnings.append(f"{label}: line {number}: no [code]; skipped")
            continue
        phrase = re.sub(r"\{[^}]*\}", "", stripped[: bracket.start()]).strip()
        code = bracket.group(1).replace("~", "").replace(" ", "").upper()
        chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
        sector = next((CAMEO_SECTORS[c] for c in chunks if c in CAMEO_SECTORS), None)
        if sector is None:
            warnings.append(f"{label}: line {number}: {phrase} [{bracket.group(1).strip()}] has no detente "
                            "sector; skipped")
            continue
        expansions = [phrase]
        for marker in re.findall(r"![A-Z0-9_]+!", phrase):
            if marker not in markers:
                warnings.append(f"{label}: line {number}: {phrase}: substitution set {marker} is not defined; "
                                "skipped")
                expansions = []
                break
            expansions = [e.replace(marker, item) for e in expansions for item in markers[marker]]
        for expansion in expansions:
            noun = _normalise_noun(expansion)
            if noun in nouns and nouns[noun] != sector:
                warnings.append(f"{label}: line {number}: {noun!r} already maps to {nouns[noun]}; kept that")
                continue
            nouns[noun] = sector
    grouped: dict[str, list[str]] = {}
    for noun, sector in nouns.items():
        grouped.setdefault(sector, []).append(noun)
    return grouped


def dump_actor_file(data: dict[str, Any], header: str = "") -> str:
    """A detente actor file as YAML text, with ``header`` as its leading comment lines."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    return "\n".join(lines + [body]) if lines else body


# ---------------------------------------------------------------------------------------------------
# Checking a user file


@dataclass
class FileCheck:
    """What a user actor file adds to the packaged dictionary."""

    path: str
    counts: dict[str, int]  # section → number of entries
    extends: list[str]  # "section id" of entries that extend or replace a packaged one
    warnings: list[str]


_SINGULAR = {"countries": "country", "organizations": "organization", "institutions": "institution",
             "people": "person"}


def check_actor_file(path: Path | str) -> FileCheck:
    """Validate a user actor file against the packaged dictionary (InputError if it cannot be used).

    Besides errors, reports which entries extend packaged ones and warns about things that load but
    are probably unintended: a person without roles or surname, a name that already belongs to
    another entry.
    """
    path = Path(path)
    merged = ActorDictionary.load([path])
    packaged = ActorDictionary.load()
    one = _parse_file(_read_yaml(path.read_text(encoding="utf-8"), path.name), path.name,
                      merged.title_seniority)
    counts = {section: len(getattr(one, section)) for section in ("countries", "organizations",
                                                                     "institutions", "people")}
    counts["sector_nouns"] = len(one.sector_nouns)
    extends: list[str] = []
    warnings: list[str] = []
    packaged_forms: dict[str, set[str]] = {}
    for sf in packaged.surface_forms():
        if sf.kind != "surname":
            packaged_forms.setdefault(sf.text.lower(), set()).add(sf.ref_id)
    for section in ("countries", "organizations", "institutions", "people"):
        existing = getattr(packaged, section)
        for entry, given in getattr(one, section):
            key = entry.code if section == "countries" else entry.id
            if key in existing:
                extends.append(f"{_SINGULAR[section]} {key}" + (" (replaced)" if "replace" in given else ""))
            names = [entry.name, *getattr(entry, "names", ()), *getattr(entry, "aliases", ())]
            for name in names:
                others = packaged_forms.get(name.lower(), set()) - {key}
                if others and key not in existing:
                    warnings.append(f"{_SINGULAR[section]} {key}: {name!r} already names "
                                    f"{', '.join(sorted(others))}")
            if section == "people":
                if not entry.roles:
                    warnings.append(f"person {key}: no roles, so the person resolves to no country")
                if not entry.surname:
                    warnings.append(f"person {key}: no surname, so later mentions by surname are not found")
    for noun, sector in one.sector_nouns.items():
        old = packaged.sector_nouns.get(noun)
        if old and old != sector:
            warnings.append(f"sector_nouns: {noun!r} moves from {old} to {sector}")
    return FileCheck(path=str(path), counts=counts, extends=extends, warnings=warnings)
