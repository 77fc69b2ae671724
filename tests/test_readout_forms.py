"""Specification of forms of official readouts and remarks (issue 14, session 10): condolences and
thanks said through a verb that carries them, and dates that belong to another event of the sentence.

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model.
"""

from datetime import date

import pytest

from detente.records import Document

from conftest import dyad_types, paragraph_events

PUBLISHED = date(2023, 9, 11)


READOUT = "https://www.whitehouse.gov/briefing-room/statements-releases/readout"


def events(extractor, text, url=None):
    return paragraph_events(extractor, text, PUBLISHED, url)


def coded(extractor, text):
    return dyad_types(events(extractor, text))


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


@pytest.mark.parametrize("sentence, expected", [
    ("President Biden welcomed President Duda and Prime Minister Tusk of Poland for a joint meeting at the "
     "White House.", ("POL", "USA", "CONSULT")),
    ("Xi received Blinken for talks in Beijing.", ("USA", "CHN", "CONSULT")),
    ("President Biden hosted Prime Minister Modi for a state visit.", ("IND", "USA", "CONSULT")),
])
def test_a_guest_welcomed_or_hosted_for_a_meeting_visits_the_host(rules, sentence, expected):
    found = coded(rules, sentence)
    assert expected in found
    assert (expected[1], expected[0], "SUPPORT") not in found  # the welcome is the visit's, not praise


def test_a_meeting_a_host_will_give_is_planned_for_the_day_of_the_hosting(rules):
    found = [e for e in events(rules, "Sullivan will host Israeli National Security Advisor Eyal Hulata in "
                                      "Washington on October 5 for follow-up discussions.")
             if e.event_type == "CONSULT"]
    assert found and found[0].modality == "planned" and found[0].time.value == "2023-10-05"


def test_welcoming_a_country_for_its_support_is_praise(rules):
    assert ("JPN", "KOR", "SUPPORT") in coded(rules, "Japan welcomed Korea for its support.")


def test_a_name_written_surname_first_is_the_dictionarys_person(rules):
    found = coded(rules, "President Biden met today with Prime Minister Kishida Fumio of Japan and President Yoon "
                         "Suk Yeol of the Republic of Korea. He commended Prime Minister Kishida and President Yoon "
                         "on their courageous work.")
    assert {("USA", "JPN", "SUPPORT"), ("USA", "KOR", "SUPPORT")} <= found


def test_agreeing_to_stay_in_touch_with_someone_is_an_agreement_with_them(rules):
    assert ("JPN", "KOR", "AGREE") in coded(rules, "Japan agreed to remain in close contact with Korea.")


def test_they_after_a_call_are_its_parties_and_their_agreement_is_between_them(rules):
    found = coded(rules, "President Biden spoke today with Prime Minister Al-Kadhimi of Iraq. They discussed the "
                         "recent rocket attacks and agreed that those responsible must be held to account.")
    assert ("USA", "IRQ", "AGREE") in found


def test_one_side_agreeing_that_something_is_so_agrees_with_no_one(rules):
    assert not coded(rules, "The President agreed that the situation was serious.")


WH_READOUT = "https://www.whitehouse.gov/briefing-room/statements-releases/2022/02/11/readout/"


def readout_events(rules, text):
    document = Document.from_text(text, published=date(2022, 2, 11), url=WH_READOUT, paragraphs=[(0, len(text))])
    return {(e.source.country, e.target.country if e.target else None, e.event_type)
            for e in rules.extract(document).events}


def test_the_listed_participants_of_a_call_each_meet_its_convener(rules):
    found = readout_events(rules, "President Biden held a secure video call with transatlantic leaders today. "
                                  "Participants in the call included Prime Minister Justin Trudeau of Canada, "
                                  "President Emmanuel Macron of France, and NATO Secretary General Jens Stoltenberg.")
    assert {("USA", "CAN", "CONSULT"), ("USA", "FRA", "CONSULT"), ("USA", "NAT", "CONSULT")} <= found


def test_participants_of_no_meeting_on_no_governments_site_meet_no_one(rules):
    text = "Participants included Prime Minister Justin Trudeau of Canada."
    assert not coded(rules, text)


@pytest.mark.parametrize("sentence", [
    "Poland committed to ensuring continued support for Ukraine.",
    "Poland committed to ensuring continued support of Ukraine's self-defense.",
])
def test_a_commitment_to_ensure_support_is_toward_whom_the_support_is_for(rules, sentence):
    found = coded(rules, sentence)
    assert ("POL", "UKR", "AGREE") in found


@pytest.mark.parametrize("sentence", [
    "The leaders agreed on coordinated efforts to deter further Russian aggression against Ukraine.",
    "NATO acted to prevent a Russian attack on Poland.",
])
def test_an_attack_to_be_deterred_or_prevented_has_not_happened(rules, sentence):
    attacks = [e for e in events(rules, sentence) if e.event_type == "ASSAULT"]
    assert attacks and all(e.modality == "hypothetical" for e in attacks)


def test_its_in_the_object_of_it_is_its_own(rules):
    found = coded(rules, "The American people can be proud of the support we have given Ukraine as it defends "
                         "its people.")
    assert not any(target == "USA" for _, target, _ in found)


def test_a_visit_to_a_place_no_country_names_does_not_go_to_the_other_side_of_the_dyad(rules):
    text = ("Putin's price hike on Russia's war hurts Americans. Today, President Biden will visit a family farm "
            "to announce actions to support American farmers.")
    assert not any(e.event_type == "CONSULT" and e.target and e.target.country == "RUS" for e in events(rules, text))


@pytest.mark.parametrize("sentence", [
    "The United States will continue imposing severe costs on Russia if he does not change course.",
    "Japan will impose sanctions on Russia unless it withdraws.",
])
def test_a_measure_on_a_condition_is_hypothetical(rules, sentence):
    found = [e for e in events(rules, sentence) if e.event_type == "SANCTION"]
    assert found and all(e.modality == "hypothetical" for e in found)


def test_welcoming_the_commitments_of_many_welcomes_each_and_each_commits_toward_the_one_it_names(rules):
    found = coded(rules, "The United States welcomes the commitments by Australia, Canada, the European Union, "
                         "Japan, and the United Kingdom that they will also take similarly forceful actions to hold "
                         "Russia accountable.")
    assert {("USA", c, "SUPPORT") for c in ("AUS", "CAN", "JPN", "GBR")} <= found
    assert not any(t in {"AUS", "CAN", "EUU", "JPN", "GBR"} and s != "USA" for s, t, _ in found)  # not with each other


WH_STATEMENT = "https://www.whitehouse.gov/briefing-room/statements-releases/2023/09/11/statement/"


def statement_events(extractor, text):
    document = Document.from_text(text, published=PUBLISHED, url=WH_STATEMENT, paragraphs=[(0, len(text))])
    return {(e.source.country, e.source.sector, e.target.country if e.target else None, e.event_type, e.modality)
            for e in extractor.extract(document).events}


@pytest.mark.parametrize("sentence, target", [
    ("Congress must pass the George Floyd Justice in Policing Act now.", ("USA", "LEG")),
    ("Hamas should release the hostages.", ("PSE", "REB")),
])
def test_what_another_must_do_is_the_speakers_demand_of_them(rules, sentence, target):
    found = statement_events(rules, sentence)
    assert ("USA", "GOV", target[0], "REQUEST", "reported") in found


@pytest.mark.parametrize("sentence", [
    "The United States must lead.",
    "We must act.",
    "Those responsible must be held to account.",
    "Xi said that Congress must act.",
])
def test_what_the_speaker_or_no_one_named_must_do_is_no_demand(rules, sentence):
    assert not any(t == "REQUEST" and s == "USA" and target == "USA"
                   for s, _, target, t, _ in statement_events(rules, sentence))


def test_an_attack_on_someone_that_names_no_doer_has_an_unknown_one(rules):
    found = [e for e in events(rules, "They discussed the recent rocket attacks against Iraqi personnel.")
             if e.event_type == "ASSAULT"]
    assert found and found[0].source.unknown and found[0].target.country == "IRQ"


@pytest.mark.parametrize("sentence", [
    "Israeli forces responded with artillery fire on Kfar Kila, Lebanon.",
    "U.S. concerns include China's harassment of U.S. military assets and detainments of U.S. citizens.",
    "We condemn any attack on Israel.",
    "The United States supports efforts to monitor attacks on health workers in Sudan.",
])
def test_an_attack_that_is_someones_means_one_of_an_owners_list_or_attacks_in_general_is_not_of_an_unknown_doer(rules, sentence):
    assert not any(e.source.unknown for e in events(rules, sentence))


@pytest.mark.parametrize("sentence, expected", [
    ("My staff has been in contact with the Israelis.", ("USA", "GOV", "ISR", "CONSULT")),
    ("Our team met with the Egyptians yesterday.", ("USA", "GOV", "EGY", "CONSULT")),
    ("Our people are continuing to meet with the Egyptians.", ("USA", "CVL", "EGY", "CONSULT")),
])
def test_the_speakers_staff_team_and_people_are_the_speakers_own(rules, sentence, expected):
    assert expected + ("reported",) in statement_events(rules, sentence)


@pytest.mark.parametrize("sentence", [
    "President Biden met President Duda of Poland. They also discussed the strong U.S.-Polish energy security partnership.",
    "President Biden met President Yoon of Korea. The leaders discussed how to take their cooperation to new heights.",
])
def test_a_partnership_talked_about_is_the_topic_of_the_meeting_not_an_event(rules, sentence):
    assert {t for _, _, t in coded(rules, sentence)} == {"CONSULT"}


def test_force_and_visits_talked_about_still_happen(rules):
    assert ("RUS", "UKR", "ASSAULT") in coded(rules, "The leaders discussed Russia's attacks on Ukraine.")
    found = coded(rules, "Mr. Sullivan met Eyal Hulata of Israel. They discussed the upcoming visit to Washington by "
                         "Prime Minister Bennett of Israel.")
    assert ("ISR", "USA", "CONSULT") in found


def test_a_collaboration_among_several_countries_is_one_between_each_pair(rules):
    found = coded(rules, "It includes a collaboration among the United States, Argentina, and Mexico to address food security.")
    assert found == {("USA", "ARG", "COOPERATE"), ("USA", "MEX", "COOPERATE"), ("ARG", "MEX", "COOPERATE")}


def test_a_standing_partnership_among_states_is_no_collaboration(rules):
    assert coded(rules, "The UAE is a critical part of the security partnership among Egypt, Iraq, and Jordan.") == set()


def test_cooperation_a_challenge_requires_is_still_to_come(rules):
    found = events(rules, "The leaders recognize that these challenges require closer cooperation among Japan and Korea.")
    assert {e.modality for e in found} == {"recommended"}


def test_countries_that_convene_together_meet_each_other(rules):
    found = coded(rules, "India, Israel, the UAE and the United States convened for the first leaders' meeting.")
    assert ("IND", "USA", "CONSULT") in found and ("ISR", "ARE", "CONSULT") in found


def test_the_leaders_of_a_group_the_president_met_include_him(rules):
    found = readout_events(rules, "Today, President Biden met virtually with G7 Leaders. Leaders also condemned "
                                  "Houthi attacks against commercial vessels.")
    assert {("USA", "YEM", "ACCUSE"), ("G07", "YEM", "ACCUSE")} <= found


def readout_events(extractor, text):
    """(source, target, type) of the events of ``text`` published on a government's site."""
    return {(e.source.country, e.target.country if e.target else None, e.event_type)
            for e in events(extractor, text, url=READOUT)}


def test_the_support_of_a_named_giver_that_a_meeting_discussed_was_given(rules):
    found = readout_events(rules, "The ministers discussed steadfast U.S. support for Ukraine's armed forces.")
    assert ("USA", "UKR", "SUPPORT") in found


def test_sympathy_expressed_is_support(rules):
    found = readout_events(rules, "Mr. Sullivan expressed his deepest sympathy for Palestinian civilians.")
    assert ("USA", "PSE", "SUPPORT") in found


def test_confirmed_support_is_given_and_a_confirmed_meeting_planned(rules):
    found = {(e.target.country, e.event_type, e.modality) for e in events(
        rules, "President Biden confirmed his strong support for Jordan. The White House confirmed the meeting with Japan.",
        url=READOUT)}
    assert ("JOR", "SUPPORT", "reported") in found and ("JPN", "CONSULT", "planned") in found


def test_it_after_a_body_that_speaks_is_that_body(rules):
    found = coded(rules, "The Pentagon said it hit five bases used by Hamas.")
    assert ("USA", "PSE", "ASSAULT") in found


def test_raising_an_alert_level_is_a_mobilisation(rules):
    assert ("KOR", None, "MOBILIZE") in coded(rules, "South Korea's military raised its alert level.")


def test_opening_borders_to_refugees_is_aid(rules):
    assert ("IRN", "AFG", "AID") in coded(rules, "Iran opened its borders to displaced Afghans.")
    assert all(t != "AID" for _, _, t in coded(rules, "Troops crossed the border into Ukraine near the river."))


def test_workers_who_stop_work_in_a_strike_protest(rules):
    assert ("IDN", "IDN", "PROTEST") in coded(rules, "Workers stopped work in a strike at the mine in Indonesia.")


@pytest.mark.parametrize("sentence, expected", [
    ("It comes at a moment of grave urgency, with Israel facing unprecedented attacks from Iran.", ("IRN", "ISR", "ASSAULT")),
    ("Ukraine has endured missile strikes from Russia for months.", ("RUS", "UKR", "ASSAULT")),
    ("Ukraine remains under continued bombardment from Russia.", ("RUS", "UKR", "ASSAULT")),
    ("Ukraine repelled attacks by Russia.", ("RUS", "UKR", "ASSAULT")),
])
def test_who_faces_or_endures_an_attack_is_its_target(rules, sentence, expected):
    found = coded(rules, sentence)
    assert expected in found and (expected[1], expected[0], "ASSAULT") not in found


def test_the_leaders_of_a_call_listed_later_are_the_president_and_the_others(rules):
    text = ("President Biden held a secure video call with transatlantic leaders today. The leaders expressed "
            "their concern about Russia's build-up of forces around Ukraine and reaffirmed their support for "
            "Ukraine's sovereignty. Participants in the call included Prime Minister Justin Trudeau of Canada "
            "and President Emmanuel Macron of France.")
    found = readout_events(rules, text)
    assert {("USA", "RUS", "ACCUSE"), ("CAN", "RUS", "ACCUSE"), ("USA", "UKR", "SUPPORT")} <= found
    assert not [e for e in found if e[0] == "RUS" and e[2] == "SUPPORT"]  # Russia is no leader of the call
    assert not [e for e in found if e[0] == "CAN" and e[2] == "CONSULT"]  # the participants meet the President


def test_aid_announced_by_several_countries_goes_to_the_verbs_recipient(rules):
    found = coded(rules, "The United States, Japan, and Australia announced $50 million in aid to Tonga.")
    assert {("USA", "TON", "AID"), ("JPN", "TON", "AID"), ("AUS", "TON", "AID")} <= found
    assert ("KOR", "USA", "COOPERATE") in coded(rules, "South Korea and the United States ended a joint exercise.")


@pytest.mark.parametrize("sentence, joiners", [
    ("Joined by Canada, the United Kingdom and Australia, the United States imposed sanctions on Iran.", {"CAN", "GBR", "AUS"}),
    ("Together with Japan, the United States announced new export controls on Russia.", {"JPN"}),
    ("Alongside Japan, the United States imposed sanctions on Russia.", {"JPN"}),
])
def test_those_who_join_the_subject_act_with_it(rules, sentence, joiners):
    found = coded(rules, sentence)
    target = "IRN" if "Iran" in sentence else "RUS"
    assert {(c, target, "SANCTION") for c in joiners | {"USA"}} <= found
    assert not [e for e in found if e[1] == "USA"]  # the joiners do nothing to the United States
