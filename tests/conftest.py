"""What the tests share: hand-made extractions (``article``, ``said``) and the stores built from them.

The articles are invented for the tests. Extractions are made by hand, so the store, the exports, the
timelines and the API are tested apart from the extraction pipeline. Test modules import the helpers
(``from conftest import article, said``); pytest hands them the fixtures. ``built`` makes a parsed
Doc by hand, so that actor rules are tested on a fixed parse.
"""

from __future__ import annotations

import calendar
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from spacy.tokens import Doc

from detente.records import Actor, Document, EventMention, Extraction, Place, TimeRef
from detente.store import Store

REPO = Path(__file__).resolve().parents[1]
# The command line: the tree's own virtualenv, else the one running the tests (a worktree that shares one).
DETENTE = str(REPO / ".venv" / "bin" / "detente") if (REPO / ".venv" / "bin" / "detente").exists() \
    else str(Path(sys.executable).parent / "detente")


def built(nlp, words, heads, deps, pos, lemmas, tags=None) -> Doc:
    """A parsed Doc built by hand, so the rules are tested on a fixed parse (heads are absolute). Tags
    default to NNS for nouns ending in -s, NN for other nouns, NNP for proper nouns, VBD for verbs."""
    tags = tags or ["NNS" if p == "NOUN" and w.endswith("s") else "NN" if p == "NOUN" else "NNP" if p == "PROPN"
                    else "VBD" if p == "VERB" else "" for w, p in zip(words, pos)]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, tags=tags)

COUNTRY_WORDS = {"USA": "Washington", "CHN": "Beijing", "JPN": "Tokyo", "RUS": "Moscow"}


# --- a small factory for hand-made extractions --------------------------------------------------


@dataclass
class Said:
    """One event as one sentence of an invented article states it."""

    sentence: str
    source: str
    target: str | None
    event_type: str
    modality: str = "reported"
    when: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    mode: str | None = None
    actor_id: str | None = None
    where: Place | None = None  # the event's location
    sectors: tuple[str, str] = ("GOV", "GOV")  # source and target sector


def paragraph_events(extractor, text: str, published: date, url: str | None = None) -> list[EventMention]:
    """The events ``extractor`` finds in ``text`` read as one paragraph of an article published on
    ``published`` (at ``url``)."""
    doc = Document.from_text(text, published=published, paragraphs=[(0, len(text))], url=url)
    return extractor.extract(doc).events


def dyad_types(mentions: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    """(source country, target country or None, type) of each event."""
    return {(e.source.country, e.target.country if e.target else None, e.event_type) for e in mentions}


# An official statement on a government's own site, for specifications written as its sentences.
STATEMENT_URL = "https://www.whitehouse.gov/briefing-room/statements-releases/statement"


def statement_dyads(extractor, text: str, published: date) -> set[tuple[str | None, str | None, str]]:
    """``dyad_types`` of ``text`` read as one paragraph of a White House statement of ``published``."""
    return dyad_types(paragraph_events(extractor, text, published, STATEMENT_URL))


def said(sentence: str, dyad: str, event_type: str, modality: str = "reported", when: str | None = None,
         mode: str | None = None, actor_id: str | None = None, where: Place | None = None,
         sectors: str = "GOV:GOV") -> Said:
    """``dyad`` is SOURCE:TARGET, with ``-`` for an unknown source and nothing after the colon for no target."""
    source, _, target = dyad.partition(":")
    source_sector, _, target_sector = sectors.partition(":")
    return Said(sentence, source, target or None, event_type, modality, when, mode, actor_id, where,
                (source_sector, target_sector))


def place(text: str, name: str, latitude: float, longitude: float, country: str | None,
          feature: str = "city") -> Place:
    """A resolved place for a hand-made mention (offsets are left unknown)."""
    return Place(text=text, char_start=-1, char_end=-1, name=name, geonames_id=None, latitude=latitude,
                 longitude=longitude, country=country, admin1=None, feature=feature)


def time_ref(value: str | None) -> TimeRef:
    """A TimeRef for YYYY, YYYY-MM or YYYY-MM-DD (None: unknown)."""
    if value is None:
        return TimeRef.unknown()
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return TimeRef(value=value, precision="day", start=day, end=day, text=value, rule="test")
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return TimeRef(value=value, precision="month", start=date(parts[0], parts[1], 1),
                       end=date(parts[0], parts[1], last), text=value, rule="test")
    return TimeRef(value=value, precision="year", start=date(parts[0], 1, 1), end=date(parts[0], 12, 31),
                   text=value, rule="test")


def article(source: str, published: date | None, *statements: Said, filler: str = "") -> Extraction:
    """An extraction whose text is the statements' sentences (plus filler) in order."""
    sentences = [s.sentence for s in statements] + ([filler] if filler else [])
    text = " ".join(sentences)
    document = Document.from_text(text, source=source, published=published,
                                  published_from="option" if published else "none")
    spans, mentions, offset = [], [], 0
    for index, sentence in enumerate(sentences):
        start = text.index(sentence, offset)
        spans.append((start, start + len(sentence)))
        offset = start + len(sentence)
    for index, statement in enumerate(statements):
        start, end = spans[index]
        known = statement.source if statement.source != "-" else None
        word = COUNTRY_WORDS.get(statement.source, statement.source)
        s_at = statement.sentence.find(word)
        source = Actor(word, country=known, sector=statement.sectors[0] or None, actor_id=statement.actor_id,
                       start=start + max(s_at, 0), end=start + max(s_at, 0) + len(word))
        target = None
        if statement.target:
            t_word = COUNTRY_WORDS.get(statement.target, statement.target)
            t_at = statement.sentence.find(t_word)
            target = Actor(t_word, country=statement.target, sector=statement.sectors[1] or None,
                           start=start + max(t_at, 0), end=start + max(t_at, 0) + len(t_word))
        mentions.append(EventMention(
            doc_id=document.doc_id, source=source, target=target, event_type=statement.event_type,
            modality=statement.modality, time=time_ref(statement.when), sentence_index=index,
            sentence=statement.sentence, char_start=start, char_end=end, trigger=statement.event_type.lower(),
            trigger_start=start, trigger_end=start + 1, confidence=0.8, mode=statement.mode,
            location=statement.where, file=document.source,
        ))
    return Extraction(document=document, events=mentions, sentences=spans)


# The planned trip, the trip itself, a reply from Beijing, and a denial of a side meeting.
PLANNED_TRIP = article(
    "wire/2023-06-05-trip-announced.txt", date(2023, 6, 5),
    said("Washington said its top diplomat will travel to Beijing later in June for talks.",
         "USA:CHN", "CONSULT", "planned", "2023-06", mode="visit"),
    filler="The announcement follows months of strained ties.",
)
TRIP_HAPPENED = article(
    "daily/2023-06-20-talks-held.txt", date(2023, 6, 20),
    said("Washington's envoy held talks with leaders in Beijing on 19 June.",
         "USA:CHN", "CONSULT", "reported", "2023-06-19", mode="visit"),
    said("Beijing accused Washington of meddling in its affairs on 19 June.",
         "CHN:USA", "ACCUSE", "reported", "2023-06-19"),
)
NO_SIDE_MEETING = article(
    "daily/2023-06-22-no-defence-talks.txt", date(2023, 6, 22),
    said("Washington did not meet the defence chief in Beijing during the June visit.",
         "USA:CHN", "CONSULT", "negated", "2023-06"),
)

# Kenyan events with every kind of participant (two sides, one-sided, unknown source), and a few around
# them; most with a place.
NAIROBI = place("Nairobi", "Nairobi", -1.28333, 36.81667, "KEN")
MOMBASA = place("Mombasa", "Mombasa", -4.05466, 39.66359, "KEN")
KAMPALA = place("Kampala", "Kampala", 0.31628, 32.58219, "UGA")
TAIPEI = place("Taipei", "Taipei", 25.04776, 121.53185, "TWN")
KENYA = article(
    "kenya.txt", date(2024, 6, 26),
    said("Police in Nairobi fired tear gas at protesters on 25 June.", "KEN:KEN", "ASSAULT", when="2024-06-25",
         where=NAIROBI, sectors="COP:CVL"),
    said("Protesters in Nairobi demanded the president's resignation on 25 June.", "KEN:KEN", "REQUEST",
         when="2024-06-25", where=NAIROBI, sectors="CVL:GOV"),
    said("Dockers in Mombasa marched on 25 June.", "KEN:", "PROTEST", when="2024-06-25", where=MOMBASA,
         sectors="LAB:"),
    said("Gunmen attacked villagers in the north on 25 June.", "-:KEN", "ASSAULT", when="2024-06-25",
         sectors=":CVL"),
    said("Kenya accused Uganda of a border raid in Kampala on 25 June.", "KEN:UGA", "ACCUSE", when="2024-06-25",
         where=KAMPALA),
    said("Uganda's army fought rebels on 25 June.", "UGA:UGA", "ASSAULT", when="2024-06-25", sectors="MIL:REB"),
    said("Taiwan protested to Beijing over drills near Taipei on 25 June.", "TWN:CHN", "ACCUSE",
         when="2024-06-25", where=TAIPEI),
)


# --- the parser and the actor resolver (loaded once per run) -----------------------------------------


@pytest.fixture(scope="session")
def nlp():
    from detente.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def rules():
    """The rule-only extractor (the lexicon typer): figures that do not depend on the shipped model."""
    from detente.events import LexiconTyper
    from detente.pipeline import Extractor

    return Extractor(typer=LexiconTyper())


@pytest.fixture(scope="session")
def resolver(nlp):
    from detente.actors import actor_resolver

    return actor_resolver(nlp)


# --- the shared stores ------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store (no file yet) that one test writes."""
    return Store(tmp_path / "events.duckdb", lock_timeout=5)


@pytest.fixture(scope="session")
def store_of(tmp_path_factory: pytest.TempPathFactory):
    """Make a store holding these extractions, in a new file: ``store_of("name", *extractions)``.

    For stores that a whole module only reads; build them in a module-scoped fixture.
    """
    def make(name: str, *extractions: Extraction) -> Store:
        store = Store(tmp_path_factory.mktemp(name) / "events.duckdb")
        store.ingest_many(list(extractions))
        return store

    return make





@pytest.fixture(scope="session")
def filled(store_of) -> Store:
    """The trip articles and a later one about Moscow and Beijing: a store the query tests only read."""
    return store_of("filled", PLANNED_TRIP, TRIP_HAPPENED, NO_SIDE_MEETING, article(
        "later.txt", date(2024, 2, 2),
        said("Moscow sent aid to Beijing in January 2024.", "RUS:CHN", "AID", when="2024-01"),
        said("Beijing will host Moscow in March.", "CHN:RUS", "CONSULT", "planned", "2024-03",
             actor_id="beijing-foreign-ministry"),
    ))
