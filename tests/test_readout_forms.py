"""Specification of forms of official readouts and remarks (issue 14, session 10): condolences and
thanks said through a verb that carries them, and dates that belong to another event of the sentence.

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model.
"""

from datetime import date

import pytest

from detente.records import Document

PUBLISHED = date(2023, 9, 11)


def events(extractor, text):
    """The events of ``text`` as one paragraph of an article published on PUBLISHED."""
    return extractor.extract(Document.from_text(text, published=PUBLISHED, paragraphs=[(0, len(text))])).events


def coded(extractor, text):
    return {(e.source.country, e.target.country if e.target else None, e.event_type) for e in events(extractor, text)}


@pytest.mark.parametrize("sentence, expected", [
    ("President Biden offered his condolences to Prime Minister Kishida for the loss of life.", ("USA", "JPN", "SUPPORT")),
    ("Japan expressed its gratitude to Korea.", ("JPN", "KOR", "SUPPORT")),
    ("Chancellor Scholz extended his congratulations to President Macron.", ("DEU", "FRA", "SUPPORT")),
])
def test_condolences_thanks_and_congratulations_are_said_not_offered(rules, sentence, expected):
    found = coded(rules, sentence)
    assert expected in found
    assert (expected[0], expected[1], "AGREE") not in found  # "offered" promises nothing here


def test_offered_support_is_still_a_promise(rules):
    assert ("JPN", "KOR", "AGREE") in coded(rules, "Japan offered support to Korea.")


def test_a_date_of_an_event_noun_in_the_reason_phrase_does_not_date_the_saying(rules):
    found = [e for e in events(rules, "Vietnam extended its deepest condolences to the United States for the "
                                      "losses following the terrorist attack on September 11, 2001.")
             if e.event_type == "SUPPORT"]
    assert found and found[0].time.value == "2023-09"
