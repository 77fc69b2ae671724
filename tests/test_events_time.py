"""Event time in extraction (issue 16): anaphora counted from the text's last mentioned time, the
anchor in the event record, and a plan dated by its second mention. Sentences are invented."""

from __future__ import annotations

from datetime import date

import pytest

from detente.events import LexiconTyper
from detente.pipeline import Extractor
from detente.records import Document

PUBLISHED = date(2024, 4, 2)


@pytest.fixture(scope="module")
def extractor():
    return Extractor(typer=LexiconTyper())


def records_of(extractor, text, published=PUBLISHED):
    doc = Document.from_text(text, published=published, paragraphs=[(0, len(text))])
    return [e.to_record() for e in extractor.extract(doc).events]


def test_two_days_later_counts_from_the_last_mentioned_date(extractor):
    text = ("French President Emmanuel Macron met Chinese President Xi Jinping in Beijing on March 3. "
            "Two days later, China accused Japan of provocations.")
    records = {r["event_type"]: r for r in records_of(extractor, text)}
    accuse = records["ACCUSE"]
    assert (accuse["event_date"], accuse["date_rule"]) == ("2024-03-05", "days-later")
    start = text.index("on March 3")
    assert accuse["date_anchor"] == f"mention:{start}-{start + len('on March 3')}:on March 3"
    assert records["CONSULT"]["date_anchor"] == "article"


def test_a_plan_without_a_date_takes_the_date_of_its_second_mention(extractor):
    text = ("German Chancellor Olaf Scholz will visit India. "
            "Scholz will travel to India on May 20, officials said.")
    records = records_of(extractor, text)
    assert [(r["source_country"], r["target_country"], r["modality"], r["event_date"]) for r in records] == [
        ("DEU", "IND", "planned", "2024-05-20")]


def test_a_plan_without_any_date_keeps_the_honest_year_after_the_article(extractor):
    records = records_of(extractor, "German Chancellor Olaf Scholz will visit India.")
    assert [(r["modality"], r["event_date"], r["date_start"], r["date_end"], r["date_rule"]) for r in records] == [
        ("planned", None, "2024-04-02", "2025-04-02", "after-article")]


def test_a_date_in_the_name_of_another_thing_does_not_date_the_event(extractor):
    text = "In support of the May 2023 ASEAN Leaders' Declaration, USAID supported Indonesia's health network."
    records = [r for r in records_of(extractor, text, published=date(2023, 9, 6)) if r["event_type"] == "SUPPORT"]
    assert records and all(r["event_date"] != "2023-05" for r in records)
    dated = records_of(extractor, "The May 2023 visit of Macron to China was a success.", published=date(2023, 9, 6))
    assert [r["event_date"] for r in dated if r["event_type"] == "CONSULT"] == ["2023-05"]  # its own name's date


def test_a_later_date_of_what_a_past_verb_is_about_leaves_the_act_reported(extractor):
    welcomed = records_of(extractor, "President Biden welcomed Italy's G7 Presidency next year.",
                          published=date(2023, 12, 6))
    assert [(r["event_type"], r["modality"], r["event_date"]) for r in welcomed] == [
        ("SUPPORT", "reported", "2023-12")]  # undated: the month of the article
    announced = records_of(extractor, "President Biden announced a visit to Rome next month.")
    assert [(r["event_type"], r["modality"], r["event_date"]) for r in announced] == [("CONSULT", "planned", "2024-05")]
