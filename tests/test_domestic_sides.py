"""Specification of session 14's domestic rules for issue 14: a country's subnational government
(LOC) and its national executive are two sides, coordinated speakers are each other's partners, units
and officers of a state body are that body's, demands made with "needs to", and publications are no
release.

Every sentence is written for these tests; they use the rule-only lexicon typer.
"""

from datetime import date

import pytest

from detente.records import Document

PUBLISHED = date(2024, 6, 12)
WHITE_HOUSE = "https://www.whitehouse.gov/briefing-room/statements-releases/x"


def coded(extractor, text, url=WHITE_HOUSE):
    """(source country, source sector, target country, target sector, type) of each event of ``text``
    as a one-paragraph document published on a government's site."""
    doc = Document.from_text(text, published=PUBLISHED, url=url, paragraphs=[(0, len(text))])
    return [(e.source.country, e.source.sector, e.target.country if e.target else None,
             e.target.sector if e.target else None, e.event_type) for e in extractor.extract(doc).events]


@pytest.mark.parametrize("sentence", [
    "This afternoon I spoke to California Governor Gavin Newsom about the storm.",
    "The President spoke with Governor Kathy Hochul of New York about the storm.",
    "The President spoke with Governor Hochul about the storm.",
])
def test_the_president_and_a_governor_are_two_sides_of_a_call(rules, sentence):
    assert coded(rules, sentence) == [("USA", "GOV", "USA", "LOC", "CONSULT")]


def test_a_governor_of_another_country_keeps_the_place_he_governs(rules):
    assert coded(rules, "The President met with the governor of Ontario.") == [("USA", "GOV", "CAN", "LOC", "CONSULT")]


def test_thanks_to_a_mayor_are_support_of_the_city_government(rules):
    assert coded(rules, "The President thanked Mayor Scott for his leadership.") == [("USA", "GOV", "USA", "LOC", "SUPPORT")]


def test_a_name_after_a_local_title_is_no_namesake_of_another_country(rules):
    # "Cooper" alone would be the British minister Yvette Cooper; "Nan" a Thai province
    assert coded(rules, "Governor Cooper and I have spoken about the damage.") == [("USA", "LOC", "USA", "GOV", "CONSULT")]
    assert all(e[0] == "USA" for e in coded(rules, "Dayton Mayor Nan Whaley met with the President."))


def test_a_central_bank_governor_is_no_subnational_official(resolver, nlp):
    doc = nlp("The central bank governor met the finance minister.")
    actors = resolver.annotate(doc, PUBLISHED, WHITE_HOUSE)
    governor = actors.actor_for(next(t for t in doc if t.text == "governor"))
    assert governor is None or governor.sector == "GOV"


def test_coordinated_speakers_are_each_others_partners(rules):
    assert coded(rules, "President Biden and Prime Minister Kishida spoke by phone about Ukraine.") == [
        ("USA", "GOV", "JPN", "GOV", "CONSULT")]
    assert coded(rules, "This afternoon, the President and Speaker Pelosi spoke by phone about Afghanistan.") == [
        ("USA", "GOV", "USA", "LEG", "CONSULT")]


def test_one_delegations_officials_and_generals_are_no_two_sides(rules):
    found = coded(rules, "Jake Sullivan, Lloyd Austin and General Mark Milley spoke with Andriy Yermak "
                         "to discuss U.S. support for Ukraine as they defend themselves against Russia.")
    assert not [e for e in found if e[0] == e[2] == "USA"]


def test_co_subjects_committing_together_do_not_agree_with_each_other(rules):
    assert coded(rules, "President Biden and Congressional Democrats are committed to restoring the protections.") == []


def test_an_officer_of_a_state_body_the_dictionary_lacks_is_that_bodys(rules):
    assert coded(rules, "White House Deputy Director Adrian Saenz met with Polish officials.") == [
        ("USA", "GOV", "POL", "GOV", "CONSULT")]


def test_a_named_unit_of_a_state_body_convenes_for_it(rules):
    found = coded(rules, "The White House Office of Public Engagement hosted a roundtable of Black women leaders.")
    assert found == [("USA", "GOV", "USA", "CVL", "CONSULT")]


def test_leaders_of_communities_are_civilians_not_a_government(rules):
    found = coded(rules, "Susan Rice hosted a virtual discussion with community leaders from cities across the United States.")
    assert found == [("USA", "GOV", "USA", "CVL", "CONSULT")]


@pytest.mark.parametrize("sentence, target", [
    ("Further, Congress needs to finally provide the funding I requested in October.", ("USA", "LEG")),
    ("Israel has to do more to protect civilians.", ("ISR", None)),
])
def test_needs_to_and_has_to_are_demands_of_their_subject(rules, sentence, target):
    assert [(e[2], e[3], e[4]) for e in coded(rules, sentence)] == [(*target, "REQUEST")]


@pytest.mark.parametrize("sentence", ["We need to act now.", "America needs to lead.", "Congress needed to act.",
                                      "We will send the capabilities they need to protect their country."])
def test_no_demand_of_the_speaker_itself_or_in_the_past(rules, sentence):
    assert coded(rules, sentence) == []


def test_publishing_a_letter_is_no_release(rules):
    assert coded(rules, "The Secretary released an open letter to state and local governments.") == []
    assert [e[4] for e in coded(rules, "Hamas released two hostages to Israel.")] == ["RETREAT"]


def test_regional_organisations_of_the_americas_and_the_pacific_are_actors(rules):
    found = coded(rules, "I first convened leaders from CARICOM and the Dominican Republic back in April.")
    assert {(e[2], e[4]) for e in found} == {("CRC", "CONSULT"), ("DOM", "CONSULT")}
    assert [(e[2], e[4]) for e in coded(rules, "The President met with leaders of the Pacific Islands Forum.")] == [
        ("PIF", "CONSULT")]


def test_a_country_listed_after_a_word_that_names_no_one_still_counts(rules):
    assert [(e[2], e[4]) for e in coded(rules, "The President met with leaders from industry and Mexico.")] == [
        ("MEX", "CONSULT")]


def test_employees_miners_charities_and_the_tamil_tigers_are_actors(resolver, nlp):
    doc = nlp("Kenyan miners and employees met the charity. Britain banned the LTTE.")
    actors = resolver.annotate(doc, PUBLISHED)
    sectors = {t.text: (a.sector if (a := actors.actor_for(t, as_target=True)) else None)
               for t in doc if t.text in ("miners", "employees", "charity", "LTTE")}
    assert sectors == {"miners": "LAB", "employees": "LAB", "charity": "NGO", "LTTE": "REB"}


def test_disappointment_in_a_decision_is_about_its_maker(rules):
    assert coded(rules, "I am deeply disappointed in today's decision by the United States Supreme Court.") == [
        ("USA", "GOV", "USA", "JUD", "ACCUSE")]


@pytest.mark.parametrize("sentence, target", [
    ("I am profoundly disappointed that the United States Senate has failed to act.", ("USA", "LEG")),
    ("We are deeply concerned that China has deployed missiles near Taiwan.", ("CHN", None)),
])
def test_a_feeling_about_what_a_named_actor_did_accuses_it(rules, sentence, target):
    assert [(e[2], e[3], e[4]) for e in coded(rules, sentence) if e[4] == "ACCUSE"] == [(*target, "ACCUSE")]


def test_a_feeling_about_ones_own_plans_accuses_no_one(rules):
    assert coded(rules, "I am concerned that we will not finish on time.") == []
