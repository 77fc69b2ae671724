"""Specification of events with no recipient (issue 14, session 16): a sanction or a request that acts
on someone named who is no actor of a known country is still an event, with no target
(``targetless_types`` in data/rule_words.yaml), and the same act told with a recipient in the same
sentence is one event, not two.

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model.
"""

from datetime import date

from conftest import statement_dyads

PUBLISHED = date(2023, 12, 11)


def coded(extractor, text):
    return statement_dyads(extractor, text, PUBLISHED)


def test_sanctions_on_people_of_no_named_country_are_a_sanction_with_no_target(rules):
    assert coded(rules, "On Friday, Canada imposed visa restrictions and sanctions on 37 individuals.") == {
        ("CAN", None, "SANCTION")}


def test_calling_on_people_of_no_named_country_is_a_request_with_no_target(rules):
    assert coded(rules, "Japan is calling on world leaders to make new commitments.") == {("JPN", None, "REQUEST")}


def test_a_verb_acting_on_nothing_named_or_on_a_thing_stays_no_event(rules):
    assert coded(rules, "Russia rejected the notion.") == set()
    assert coded(rules, "Japan encourages the peaceful resolution of cross-Strait issues.") == set()
    assert coded(rules, "The United States imposed sanctions.") == set()


def test_blocking_a_road_or_releasing_resources_is_no_sanction_or_retreat_without_a_target(rules):
    assert coded(rules, "Serbian riot police blocked the road to the presidency.") == set()
    assert coded(rules, "The Administration released additional resources for schools.") == set()


def test_the_same_act_told_with_its_recipient_is_one_event(rules):
    text = "The European Union imposed sanctions on Iran on Monday, freezing the assets of eleven officials."
    assert coded(rules, text) == {("EUU", "IRN", "SANCTION")}


def test_a_demand_that_tells_how_protesters_protest_is_no_request_of_its_own(rules):
    text = "Thousands of Bangladeshi garment workers walked out of factories, demanding unpaid wages."
    assert {event_type for _, _, event_type in coded(rules, text)} == {"PROTEST"}


def test_a_measure_on_a_thing_rather_than_on_someone_is_no_targetless_sanction(rules):
    assert coded(rules, "Texas has a ban on abortion.") == set()
    assert coded(rules, "The President is calling on schools to use the funds for tutoring.") == {
        ("USA", None, "REQUEST")}
    assert coded(rules, "The Treasury imposed sanctions on entities that supply drones.") == {("USA", None, "SANCTION")}
