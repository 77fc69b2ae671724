"""Specification of events whose sides are not named by a country (issue 14, session 16): a sanction,
rejection or request that acts on something named that is no actor of a known country is still an
event, with no target (``targetless_types`` in data/rule_words.yaml), and the same act told with a
recipient in the same sentence is one event, not two; the parties a government deals with at home,
named by role ("commercial airlines"), are actors of the context's country (``standalone`` in
data/actors/unnamed.yaml).

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model.
"""

from datetime import date

import pytest

from conftest import dyad_types, paragraph_events
from detente.events import LexiconTyper
from detente.pipeline import Extractor

PUBLISHED = date(2023, 12, 11)
STATEMENT = "https://www.whitehouse.gov/briefing-room/statements-releases/statement"


@pytest.fixture(scope="module")
def extractor():
    return Extractor(typer=LexiconTyper())


def coded(extractor, text):
    return dyad_types(paragraph_events(extractor, text, PUBLISHED, STATEMENT))


def test_sanctions_on_people_of_no_named_country_are_a_sanction_with_no_target(extractor):
    assert coded(extractor, "On Friday, Canada imposed visa restrictions and sanctions on 37 individuals.") == {
        ("CAN", None, "SANCTION")}


def test_rejecting_a_thing_and_calling_on_people_are_events_with_no_target(extractor):
    assert coded(extractor, "Russia rejected the proposal.") == {("RUS", None, "REJECT")}
    assert coded(extractor, "Japan is calling on world leaders to make new commitments.") == {("JPN", None, "REQUEST")}


def test_a_verb_acting_on_nothing_named_stays_no_event(extractor):
    assert coded(extractor, "Russia rejected.") == set()
    assert coded(extractor, "The United States imposed sanctions.") == set()


def test_blocking_a_road_or_releasing_resources_is_no_sanction_or_retreat_without_a_target(extractor):
    assert coded(extractor, "Serbian riot police blocked the road to the presidency.") == set()
    assert coded(extractor, "The Administration released additional resources for schools.") == set()


def test_the_same_act_told_with_its_recipient_is_one_event(extractor):
    text = "The European Union imposed sanctions on Iran on Monday, freezing the assets of eleven officials."
    assert coded(extractor, text) == {("EUU", "IRN", "SANCTION")}


def test_a_demand_that_tells_how_protesters_protest_is_no_request_of_its_own(extractor):
    text = "Thousands of Bangladeshi garment workers walked out of factories, demanding unpaid wages."
    assert {event_type for _, _, event_type in coded(extractor, text)} == {"PROTEST"}


def test_a_government_working_with_parties_at_home_named_by_role_is_a_domestic_event(extractor):
    text = ("The Department of Transportation is working with commercial airlines to evacuate tourists from "
            "Maui, and the Department of the Interior stands ready to support recovery efforts.")
    assert ("USA", "USA", "COOPERATE") in coded(extractor, text)
