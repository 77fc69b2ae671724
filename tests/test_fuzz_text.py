"""Fuzzing ingest and extraction: whatever the text or bytes, the answer is a Document (or its events)
or detente's one-line InputError, never another exception.

Bounded: every property runs a fixed number of examples without deadlines, so the file takes
seconds, not minutes. The sentences are invented for the test.
"""

from __future__ import annotations

import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import InputError
from detente.ingest import decode_bytes, document_from_text, read_document
from detente.records import Document

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_EXTRACT = settings(max_examples=40, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Every code point, lone surrogates and control characters included.
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
MARKUP = st.sampled_from([
    "<html>", "</p>", "<p>", "<div>", "<script>x()</script>", "<!-- c -->", "<title>T</title>", "&amp;", "&#0;",
    "---\ntitle: x\ndate: 2024-06-03\n---\n", "Date: June 3, 2024\n", "# Heading\n", "* item\n", "1. item\n",
    "[link](http://example.org)", "**bold**", "(Daily Photo/Jane Roe)", "REUTERS/Jane Roe", "Share this\n",
    "Keep reading\n", "—The Editors", "\n\n", "\n", "\r\n", "\t", "\u00a0", "\u200b", "\ufeff", "\u2028",
])
TEXTS = st.one_of(
    st.text(ANY_CHARACTER, max_size=400),
    st.lists(st.one_of(st.text(ANY_CHARACTER, max_size=40), MARKUP), max_size=30).map("".join),
)


def check_document(document: Document) -> None:
    assert isinstance(document, Document)
    assert document.text.strip()
    document.text.encode("utf-8")  # storable
    for start, end in document.paragraphs:
        assert 0 <= start <= end <= len(document.text)


@FUZZ
@given(text=TEXTS, html=st.sampled_from([None, True, False]),
       published=st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2050, 12, 31))))
def test_any_text_gives_a_document_or_an_input_error(text, html, published):
    try:
        document = document_from_text(text, source="fuzz.txt", published=published, html=html)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    check_document(document)


@FUZZ
@given(data=st.one_of(st.binary(max_size=600), TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      TEXTS.map(lambda t: t.encode("utf-16", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".html", ".md", ".htm", ".text"]))
def test_any_bytes_in_a_file_give_a_document_or_an_input_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except InputError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
    check_document(document)


@FUZZ
@given(data=st.binary(max_size=600))
def test_decoding_any_bytes_gives_text_or_an_input_error(data):
    try:
        text = decode_bytes(data, "fuzz")
    except InputError:
        return
    assert isinstance(text, str)


# --- extraction --------------------------------------------------------------------------------------

SENTENCES = [
    "Ruritania and Freedonia agreed on Tuesday to reopen their shared border crossing.",
    "The foreign minister of Freedonia will visit Ruritania next month, officials said.",
    "China imposed sanctions on Japan after the talks collapsed last week.",
    "The United States condemned the missile launch by North Korea on Monday.",
    "Officials from both sides met in Geneva in March 2023 and again since January.",
    "France sent humanitarian aid to Ukraine before winter, the ministry said.",
    "It accused them of violating the ceasefire; they denied it.",
    "After May 3, the two governments will sign the agreement in Brussels.",
    "We, the leaders of the G7, reaffirm our support.",
    "Russia expelled two German diplomats and ordered them to leave within 48 hours.",
    "“We will not negotiate,” the president said.",
    "India and Pakistan are expected to hold talks after the elections.",
]
WORDS = ["China", "the", "visit", "sanctions", "Ruritania", "met", "talks", "on", "Monday", "2024", "he", "they",
         "its", "Freedonia's", "U.S.", "and", "with", "after", "before", "since", "until", "last", "next", "week"]
PUNCTUATION = [".", ",", ";", ":", "!", "?", "—", "-", "(", ")", "\"", "'", "…", "/", "&", "%", "$"]
PIECES = st.one_of(
    st.sampled_from(SENTENCES),
    st.lists(st.sampled_from(WORDS + PUNCTUATION), min_size=1, max_size=25).map(" ".join),
    st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFFF, exclude_categories=("Cs",)), max_size=30),
    st.integers(1, 3000).map(lambda n: "x" * n),  # very long tokens
    st.sampled_from(["", "\n", "\n\n", "\n\n\n", " ", "  \t "]),
    st.sampled_from(PUNCTUATION).map(lambda p: p * 50),
)


@lru_cache(maxsize=1)
def extractor():
    from detente.pipeline import Extractor

    return Extractor()


@FUZZ_EXTRACT
@given(pieces=st.lists(PIECES, min_size=1, max_size=25),
       separators=st.lists(st.sampled_from([" ", "\n", "\n\n"]), min_size=25, max_size=25),
       published=st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2050, 12, 31))))
def test_extracting_any_mix_of_sentences_words_and_symbols_never_fails(pieces, separators, published):
    text = "".join(piece + separator for piece, separator in zip(pieces, separators))
    try:
        document = document_from_text(text, source="fuzz.txt", published=published)
    except InputError:
        return

    extraction = extractor().extract(document)

    for event in extraction.events:
        assert 0 <= event.char_start <= event.char_end <= len(document.text)
        assert document.text[event.trigger_start:event.trigger_end] == event.trigger
        event.to_record()
