"""From a document to its events: parse, actors, events, time, places, in one call.

``Extractor`` holds what is costly to load (the spaCy pipeline, the actor matcher, the event typer)
and is reused for every document; ``extract_document``, ``extract_path`` and ``extract_paths`` (the
document loop of ``detente extract`` and ``detente demo``) are the one-call API.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from .actors import actor_resolver
from .events import Detects, EventFinder, EventTyper, LexiconGuidedTyper, LexiconTyper, load_default_typer, load_lexicon
from .geo import geocoder
from .errors import DetenteError
from .nlp import load_model, parse, parse_many
from .records import Document, Extraction, Place

ENV_TYPER = "DETENTE_TYPER"  # "lexicon" forces the rule-only typer, "model" the learned one unguided


def default_typer() -> EventTyper:
    """The learned event typer shipped with the package, or the lexicon typer if it is absent."""
    choice = os.environ.get(ENV_TYPER, "").lower()
    if choice == "lexicon":
        return LexiconTyper()
    typer = load_default_typer()
    if typer is None:
        return LexiconTyper()
    return typer if choice == "model" else LexiconGuidedTyper(typer)


def default_detector(typer: EventTyper) -> Detects | None:
    """The learned event detector that decides candidates from structure (verbs the lexicon does not
    list), or None on the rule-only path (``DETENTE_TYPER=lexicon``, or no shipped model)."""
    if os.environ.get(ENV_TYPER, "").lower() == "lexicon":
        return None
    learned = getattr(typer, "learned", typer)  # the model inside a LexiconGuidedTyper
    return learned if hasattr(learned, "detect") else None


class Extractor:
    """Turns documents into extractions; build once, call for many documents."""

    def __init__(self, *, nlp: Language | None = None, actor_files: Sequence[str | Path] = (),
                 trigger_files: Sequence[str | Path] = (), typer: EventTyper | None = None,
                 gazetteer_files: Sequence[str | Path] = ()):
        self.nlp = nlp or load_model()
        self.resolver = actor_resolver(self.nlp, actor_files)
        self.lexicon = load_lexicon(trigger_files)
        self.typer = typer or default_typer()
        self.finder = EventFinder(self.lexicon, self.typer, default_detector(self.typer))
        self.gazetteer_files = tuple(str(p) for p in gazetteer_files)
        self.geocoder = geocoder(self.nlp, self.gazetteer_files)  # the user's places on top of detente's

    def _from_doc(self, document: Document, doc: Doc) -> Extraction:
        actors = self.resolver.annotate(doc, document.published, document.url, turns=document.turns,
                                        title=document.title)
        events = self.finder.find(doc, actors, document.doc_id, document.published, document.paragraphs,
                                  turns=document.turns)
        places = self.geocoder.annotate(document, doc, actors, events)  # sets each event's location and file
        warnings = []
        if document.published is None:
            warnings.append(f"{document.source or document.doc_id}: no publication date given or found; "
                            "relative dates are left unresolved")
        sentences = [(s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents if s.text.strip()]
        return Extraction(document=document, events=events, sentences=sentences, warnings=warnings, places=places)

    def places(self, document: Document, gazetteer_files: Sequence[str | Path] = ()) -> list[Place]:
        """Every place mention of one document (parse, actors and places only; no events)."""
        doc = self.nlp(document.text)
        actors = self.resolver.annotate(doc, document.published, document.url, title=document.title)
        geo = geocoder(self.nlp, gazetteer_files) if gazetteer_files else self.geocoder
        return geo.places(document, doc, actors).places()

    def extract(self, document: Document) -> Extraction:
        """The events of one document."""
        return self._from_doc(document, parse(self.nlp, document.text))

    def extract_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Extraction]:
        """The events of many documents, parsed in batches with ``nlp.pipe``; lazily, in order.

        Documents of any length (up to ingest's 20 MB) are parsed; long ones in pieces (``nlp.parse``).
        """
        pairs = ((d.text, d) for d in documents)
        for doc, document in parse_many(self.nlp, pairs, batch_size=batch_size):
            yield self._from_doc(document, doc)


_default: dict[tuple, Extractor] = {}


def get_extractor(actor_files: Sequence[str | Path] = (), trigger_files: Sequence[str | Path] = (),
                  gazetteer_files: Sequence[str | Path] = ()) -> Extractor:
    """A process-wide extractor for these user files (built on first use)."""
    key = (tuple(map(str, actor_files)), tuple(map(str, trigger_files)), tuple(map(str, gazetteer_files)))
    if key not in _default:
        _default[key] = Extractor(actor_files=actor_files, trigger_files=trigger_files,
                                  gazetteer_files=gazetteer_files)
    return _default[key]


def extract_document(text: str, published: date | None = None, source: str = "",
                     actor_files: Sequence[str | Path] = (), html: bool | None = None) -> Extraction:
    """The events of an article given as text (plain or HTML), dated against ``published``."""
    from .ingest import document_from_text

    document = document_from_text(text, source=source, published=published, html=html)
    return get_extractor(actor_files).extract(document)


def extract(document: Document, actor_files: Sequence[str | Path] = ()) -> Extraction:
    """The events of an ingested document."""
    return get_extractor(actor_files).extract(document)


def extract_path(path: str | Path, published: date | None = None,
                 actor_files: Sequence[str | Path] = ()) -> Extraction:
    """The events of one .txt or .html file."""
    from .ingest import read_document

    return get_extractor(actor_files).extract(read_document(Path(path), published=published))


def extract_paths(paths: Sequence[str | Path], published: date | None = None,
                  actor_files: Sequence[str | Path] = (), trigger_files: Sequence[str | Path] = (),
                  extractor: Extractor | None = None,
                  gazetteer_files: Sequence[str | Path] = ()) -> Iterator[Extraction | DetenteError]:
    """The extraction of every .txt/.html file named in ``paths`` or inside its folders, lazily, in order.

    A file that cannot be read comes as its DetenteError (one line to report) and the others go on.
    """
    from .ingest import stream_documents

    extractor = extractor or get_extractor(actor_files, trigger_files, gazetteer_files)
    for item in stream_documents([Path(p) for p in paths], published=published):
        yield item if isinstance(item, DetenteError) else extractor.extract(item)
