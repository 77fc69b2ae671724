"""Specification of partners and offices (issue 14, session 17): whom a verb of talking or working
together is done with when the parse hangs the "with" on its topic; co-subjects who act on a thing
are not each other's partners; a government's site names its own bodies and offices without a country.

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model.
"""

from datetime import date

from conftest import STATEMENT_URL, paragraph_events, statement_dyads

PUBLISHED = date(2024, 3, 11)


def coded(extractor, text):
    return statement_dyads(extractor, text, PUBLISHED)


def test_the_with_of_a_discussion_topic_names_the_partner(rules):
    assert coded(rules, "The President discussed climate change with Indonesia.") == {("USA", "IDN", "CONSULT")}
    assert coded(rules, "Indonesia discussed maritime security with the United States.") == {
        ("IDN", "USA", "CONSULT")}


def test_the_with_of_a_relation_or_an_event_named_as_the_topic_is_not_the_partner(rules):
    events = coded(rules, "The President discussed recent engagements with Russia.")
    assert ("USA", "RUS", "CONSULT") not in events


def test_co_subjects_acting_on_a_thing_are_not_each_others_partners(rules):
    assert coded(rules, "Kenya, Benin and Chad have committed personnel to the mission.") == set()
    assert coded(rules, "Japan and Korea affirmed the importance of ensuring that oil can reach markets.") == set()


def test_co_subjects_who_meet_talk_or_sign_an_agreement_are_each_others_partners(rules):
    assert coded(rules, "Japan and Korea discussed trade.") == {("JPN", "KOR", "CONSULT")}
    assert {(s, t) for s, t, _ in coded(rules, "Denmark and Finland signed an agreement.")} == {("DNK", "FIN")}


def test_a_shared_bodys_name_on_a_governments_site_is_its_own(rules):
    text = "The Treasury Department lifted sanctions on three Venezuelan officials on Friday."
    assert coded(rules, text) == {("USA", "VEN", "CONCEDE")}


def test_the_administration_on_a_governments_site_is_its_own(rules):
    assert coded(rules, "The administration imposed sanctions on Iran.") == {("USA", "IRN", "SANCTION")}
    assert coded(rules, "The administration urged Congress to pass the bill.") == {("USA", "USA", "REQUEST")}


def test_civilian_personnel_sent_somewhere_are_no_force_posture(rules):
    assert coded(rules, "The United States deployed federal personnel to Nevada after the storm.") == set()
    assert coded(rules, "Russia deployed troops to the border.") == {("RUS", None, "MOBILIZE")}


def test_a_counterpart_named_by_its_role_is_of_the_doers_country_when_no_other_is_named(rules):
    assert coded(rules, "We have been working closely with the unions throughout the negotiations.") == {
        ("USA", "USA", "COOPERATE")}
    assert coded(rules, "Secretary Buttigieg met with airline executives to discuss flight cancellations.") == {
        ("USA", "USA", "CONSULT")}
    assert coded(rules, "The President pardoned thousands of people convicted of marijuana possession.") == {
        ("USA", "USA", "CONCEDE")}


def test_a_counterpart_named_by_its_role_beside_another_country_gets_no_country_from_the_doer(rules):
    assert coded(rules, "The Secretary met with business executives from Japan and Korea.") != {("USA", "USA", "CONSULT")}


def test_the_victims_of_an_attack_are_not_presumed_the_attackers_own_people(rules):
    assert ("USA", "USA", "ASSAULT") not in coded(rules, "The Marines attacked the militants on Friday.")


def test_the_first_lady_and_the_second_gentleman_are_the_governments_own(rules):
    assert coded(rules, "Second Gentleman Douglas Emhoff will travel to Paris, France in November.") == {
        ("USA", "FRA", "CONSULT")}
    assert coded(rules, "The First Lady met with Japan's ambassador on Monday.") == {("USA", "JPN", "CONSULT")}


def test_the_two_leaders_of_a_readout_on_a_governments_site_include_its_own(rules):
    text = "The President spoke with Prime Minister Kishida of Japan. The two leaders agreed to meet again in May."
    assert ("USA", "JPN", "AGREE") in coded(rules, text) or ("JPN", "USA", "AGREE") in coded(rules, text)


def test_the_leaders_after_an_accusation_are_its_doers_not_the_accused(rules):
    text = ("President Biden met with Prime Minister Kishida of Japan on Monday. They reiterated their strong "
            "opposition to attempts by the PRC to change the status quo by force. The leaders called on Israel "
            "to facilitate the delivery of aid.")
    requests = {(s, t) for s, t, kind in coded(rules, text) if kind == "REQUEST"}
    assert requests == {("USA", "ISR"), ("JPN", "ISR")}


def test_concern_about_a_situation_in_a_place_accuses_no_one_there(rules):
    assert coded(rules, "We are deeply concerned by the humanitarian situation in Gaza.") == set()
    assert coded(rules, "The United States condemns the violence in Haiti.") == {("USA", "HTI", "ACCUSE")}


def test_a_state_named_as_a_party_is_its_government_and_named_as_a_place_is_none(rules):
    assert coded(rules, "The Justice Department sued the state of Texas over its immigration law.") == {
        ("USA", "USA", "ACCUSE")}
    events = paragraph_events(rules, "Texas sued the administration over the rule.", PUBLISHED, STATEMENT_URL)
    assert [(e.source.country, e.source.sector) for e in events] == [("USA", "LOC")]
    assert coded(rules, "Russia attacked Kharkiv.") == {("RUS", "UKR", "ASSAULT")}
