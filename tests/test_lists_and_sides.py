"""Specification of lists of actors and of who the sides are (issue 14, session 15): list items the
small model hangs as appositions, co-actors named on the subject, "participants" of a meeting just
told, acronyms a text defines, and the modality of what is decided or intended.

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model.
"""

from datetime import date

import pytest

from conftest import dyad_types, paragraph_events

PUBLISHED = date(2023, 3, 11)
STATEMENT = "https://www.whitehouse.gov/briefing-room/statements-releases/statement"


def events(extractor, text):
    return paragraph_events(extractor, text, PUBLISHED, STATEMENT)


def coded(extractor, text):
    return dyad_types(events(extractor, text))


def pairs(extractor, text, event_type):
    return {frozenset((e.source.country, e.target.country)) for e in events(extractor, text)
            if e.event_type == event_type and e.target is not None}


def test_every_country_of_the_leaders_of_a_list_meets_the_others(rules):
    # spaCy's small model parses "Mexico" as an apposition of "Canada" and "the United States" as a
    # conjunct of "leaders"
    met = pairs(rules, "The leaders of Canada, Mexico, and the United States met in Mexico City.", "CONSULT")
    assert met == {frozenset(p) for p in (("CAN", "MEX"), ("CAN", "USA"), ("MEX", "USA"))}


def test_a_person_in_apposition_adds_no_country(rules):
    met = pairs(rules, "The President of France, Emmanuel Macron, and Chancellor Scholz met in Paris.", "CONSULT")
    assert met == {frozenset(("FRA", "DEU"))}


def test_a_plural_apposition_after_a_dash_names_the_partners(rules):
    found = coded(rules, "I have spoken with heads of state — the leaders of France, India, and Japan — about the crisis.")
    assert {("USA", c, "CONSULT") for c in ("FRA", "IND", "JPN")} <= found


def test_a_singular_apposition_describes_the_person_it_follows(rules):
    found = coded(rules, "Prime Minister Kishida has put together a fine tribute to a great leader, a great friend "
                         "of the United States.")
    assert not any(target == "USA" for _, target, _ in found)


@pytest.mark.parametrize("sentence, joiners", [
    ("The United States, together with partners including France and Germany, condemned Russia's attack on Ukraine.",
     ("FRA", "DEU")),
    ("The United States, along with Japan, condemned Russia's attack on Ukraine.", ("JPN",)),
])
def test_who_acts_with_the_subject_acts_too(rules, sentence, joiners):
    found = coded(rules, sentence)
    assert {(c, "RUS", "ACCUSE") for c in ("USA", *joiners)} <= found
    # the attack condemned stays Russia's alone
    assert {(s, t) for s, t, kind in found if kind == "ASSAULT"} == {("RUS", "UKR")}


def test_sending_troops_somewhere_is_a_deployment_and_sending_laden_planes_is_not(rules):
    sent = events(rules, "Russia will send troops to Belarus.")
    assert [(e.source.country, e.target.country, e.event_type, e.modality) for e in sent] == \
        [("RUS", "BLR", "MOBILIZE", "planned")]
    assert not any(e.event_type == "MOBILIZE" for e in events(
        rules, "India sent two military transport planes loaded with tents and water purification units."))


@pytest.mark.parametrize("sentence, event_type", [
    ("President Biden and Prime Minister Sudani decided to expand cooperation in all areas.", "COOPERATE"),
    ("President Biden and Prime Minister Sudani affirmed their intent to continue their consultations.", "CONSULT"),
])
def test_what_leaders_decide_or_intend_is_still_to_come(rules, sentence, event_type):
    found = [e for e in events(rules, sentence) if e.event_type == event_type]
    assert found and all(e.modality == "planned" for e in found)


def test_participants_are_the_sides_of_the_meeting_just_told(rules):
    text = ("The United States and Canada held their first Indo-Pacific Dialogue on Friday, March 10. "
            "Participants discussed key trends shaping the region. "
            "Participants also committed to meet again soon.")
    committed = [e for e in events(rules, text) if e.trigger.startswith("commit")]
    assert {frozenset((e.source.country, e.target.country)) for e in committed} == {frozenset(("USA", "CAN"))}


def test_participants_of_no_meeting_are_nobody(rules):
    text = "Japan imposed sanctions on Russia. Participants committed to meet again soon."
    assert not any(e.trigger.startswith("commit") for e in events(rules, text))


def test_an_acronym_the_text_defines_means_the_name_it_follows(resolver, nlp):
    text = ("The United States will bolster Pacific regionalism through support for the Pacific Islands Forum (PIF). "
            "PIF leaders welcomed the support.")
    actors = resolver.annotate(nlp(text), PUBLISHED, STATEMENT)
    acronyms = [s.actor.country for s in actors.spans if actors.doc[s.start].text == "PIF"]
    assert acronyms == ["PIF", "PIF"]  # not the Saudi Public Investment Fund the dictionary also calls PIF


@pytest.mark.parametrize("title", [
    "The National Security Advisor",
    "The Deputy National Security Advisor for International Economics",
    "Deputy National Security Advisor for International Economics Mike Pyle",
    "The Secretary of Commerce",
])
def test_an_office_of_the_governments_own_departments_is_its_own(rules, title):
    assert ("USA", "UKR", "CONSULT") in coded(rules, f"{title} met Finance Minister Sergii Marchenko of Ukraine.")


def test_an_office_of_a_named_country_or_body_stays_theirs(rules):
    assert ("UNO", "UKR", "CONSULT") in coded(
        rules, "The Secretary General of the United Nations met Finance Minister Sergii Marchenko of Ukraine.")
    assert not coded(rules, "The Foreign Minister met Secretary Blinken.")  # whose minister, the text does not say


def test_co_chairs_named_with_the_subject_meet_each_other(rules):
    text = ("Deputy National Security Advisor Mike Pyle, together with Finance Minister of Ukraine, Sergii Marchenko, "
            "co-chaired the meeting.")
    assert pairs(rules, text, "CONSULT") == {frozenset(("USA", "UKR"))}


@pytest.mark.parametrize("sentence", [
    "The President will travel to Georgia and Florida next week.",
    "The President will travel to Atlanta, Georgia next week.",
])
def test_georgia_beside_a_us_state_or_city_is_the_state(rules, sentence):
    assert not any(target == "GEO" for _, target, _ in coded(rules, sentence))


def test_georgia_beside_its_capital_or_a_country_is_the_country(rules):
    assert ("USA", "GEO", "CONSULT") in coded(rules, "The President will travel to Tbilisi, Georgia next week.")
    assert ("USA", "GEO", "CONSULT") in coded(rules, "Secretary Blinken will travel to Georgia and Armenia next week.")


def test_a_place_named_like_a_sector_noun_takes_no_sector_from_its_name(rules):
    (visit,) = [e for e in events(rules, "The Secretary will travel to the West Bank.") if e.event_type == "CONSULT"]
    assert (visit.target.country, visit.target.sector) == ("PSE", None)  # no bank


def test_co_subjects_who_announce_an_mou_agree_with_each_other(rules):
    found = coded(rules, "EXIM and the Government of Tanzania announced an MOU to facilitate export financing to Tanzania.")
    assert ("USA", "TZA", "AGREE") in found  # EXIM is the Export-Import Bank of the United States


def test_an_indian_bank_named_exim_is_indian(resolver, nlp):
    text = "The Japan Bank for International Cooperation and EXIM India decided to support a facility."
    actors = resolver.annotate(nlp(text), PUBLISHED, STATEMENT)
    assert {s.actor.country for s in actors.spans} == {"JPN", "IND"}


def test_a_listed_institution_named_as_another_countrys_is_that_countrys(rules):
    assert coded(rules, "India's EXIM Bank signed an agreement with Kenya.") == {("IND", "KEN", "AGREE")}  # (signing an agreement is AGREE: CAMEO 057)
    assert coded(rules, "EXIM signed an agreement with Kenya.") == {("USA", "KEN", "AGREE")}  # (signing an agreement is AGREE: CAMEO 057)


def test_a_speaker_named_with_the_title_alone_is_the_governments_own(rules):
    assert coded(rules, "Speaker Johnson met with the Prime Minister of Japan.") == {("USA", "JPN", "CONSULT")}
