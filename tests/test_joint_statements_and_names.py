"""Specification of joint statements, names joined by a hyphen, and the dictionary's conflict-news
names (issue 14, session 7).

A joint statement speaks for every government its title names: its "we" is each of them. A hyphen
after an abbreviation joins two names ("U.S.-China talks"), as one between two words does, and a body
named "A-B <noun>" is both governments. Every sentence is written for these tests; the rule-only
lexicon typer keeps them independent of the model.
"""

from datetime import date

import pytest

from detente.actors import is_joint_title
from detente.records import Document

PUBLISHED = date(2023, 1, 13)
WHITE_HOUSE = "https://www.whitehouse.gov/briefing-room/statements-releases/2023/01/13/statement/"


def coded(extractor, text, title=None, url=WHITE_HOUSE):
    doc = Document.from_text(text, published=PUBLISHED, paragraphs=[(0, len(text))], title=title, url=url)
    return {(e.source.country, e.target.country if e.target else None, e.event_type)
            for e in extractor.extract(doc).events}


@pytest.mark.parametrize("title", [
    "Joint Statement of the United States and Japan",
    "Joint Declaration between the Republic of Korea and the United States",
    "U.S.-Philippines Joint Vision Statement",
    "Joint Communiqué of the Ministers of Foreign Affairs",
])
def test_titles_of_joint_texts(title):
    assert is_joint_title(title)


@pytest.mark.parametrize("title", [
    "Background Press Call on the Joint Statement from the Leaders of the United States and Egypt",
    "Readout of the Joint Chiefs' Meeting",
    "Statement from President Biden on the Joint Session of Congress",
])
def test_titles_that_are_not_joint_statements(title):
    assert not is_joint_title(title)


def test_the_we_of_a_joint_statement_is_each_government_its_title_names(rules):
    found = coded(rules, "We call on Russia to withdraw its forces from Ukraine.",
                  title="Joint Statement of the United States and Japan")
    assert {("USA", "RUS", "REQUEST"), ("JPN", "RUS", "REQUEST")} <= found


def test_the_we_of_a_government_statement_is_that_government_alone(rules):
    found = coded(rules, "We call on Russia to withdraw its forces from Ukraine.",
                  title="Statement from the Press Secretary on Ukraine")
    assert ("USA", "RUS", "REQUEST") in found
    assert not any(source == "JPN" for source, _, _ in found)


def test_a_joint_title_that_does_not_name_the_publishing_government_gives_it_no_partners(rules):
    found = coded(rules, "We call on Russia to withdraw its forces from Ukraine.",
                  title="Joint Statement of France and Germany")
    assert {source for source, _, _ in found} == {"USA"}


def test_authors_reaffirming_a_commitment_do_not_support_one_another(rules):
    text = "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula."
    found = coded(rules, text, title="Joint Statement of the United States and Japan")
    assert not {("USA", "JPN"), ("JPN", "USA")} & {(s, t) for s, t, _ in found}


def test_the_authors_own_cooperation_is_between_them(rules):
    found = coded(rules, "Our cooperation in the Pacific Islands is growing.",
                  title="Joint Statement of the United States and Japan")
    assert {("USA", "JPN", "COOPERATE"), ("JPN", "USA", "COOPERATE")} & found


def test_a_dotted_abbreviation_and_a_name_joined_by_a_hyphen_are_two_tokens(nlp):
    doc = nlp("U.S.-China talks and U.K.-France ties, but U.S.-based firms.")
    words = [t.text for t in doc]
    assert words[:5] == ["U.S.", "-", "China", "talks", "and"]
    assert ["U.K.", "-", "France"] == words[5:8]
    assert "U.S.-based" in words


def test_a_dyad_written_with_a_dotted_abbreviation_names_both_parties(rules):
    assert ("USA", "RUS", "CONSULT") in coded(rules, "A U.S.-Russia summit took place in Geneva in June.", url=None)


def test_a_body_named_for_two_governments_is_both_of_them(rules):
    assert ("USA", "JPN", "CONSULT") in coded(rules, "The U.S.-Japan working group met in Tokyo on Monday.", url=None)
    assert ("USA", "EUU", "CONSULT") in coded(
        rules, "The U.S.-EU Task Force on Energy Security met for the 11th time on October 31, 2023.", url=None)


def test_a_lobby_named_for_two_countries_is_not_their_governments(rules):
    doc = Document.from_text("The U.S.-China Business Council urged Congress to act.", published=PUBLISHED)
    sources = {(e.source.country, e.source.sector) for e in rules.extract(doc).events}
    assert not sources & {("USA", "GOV"), ("CHN", "GOV")}


@pytest.mark.parametrize("sentence, published, expected", [
    ("Erdogan accused the opposition of plotting a coup.", date(2020, 5, 1), ("TUR", "GOV")),
    ("Mr. Erdoğan spoke in Ankara.", date(2012, 5, 1), ("TUR", "GOV")),
    ("AQAP claimed the attack.", date(2019, 5, 1), ("YEM", "REB")),
    ("The Peshmerga retook the town.", date(2016, 5, 1), ("IRQ", "MIL")),
])
def test_leaders_and_groups_of_conflict_news_are_in_the_dictionary(nlp, resolver, sentence, published, expected):
    actors = resolver.annotate(nlp(sentence), published)
    assert expected in {(s.actor.country, s.actor.sector) for s in actors.spans}



@pytest.mark.parametrize("sentence, expected", [
    ("Chinese leaders rejected the American proposal.", ("CHN", "GOV")),
    ("Palestinian Christian leaders condemned the Israeli raid.", ("PSE", "REL")),
    ("Somali rebel leaders rejected talks with the government.", ("SOM", "REB")),
    ("Kenyan business leaders welcomed the agreement with China.", ("KEN", "BUS")),
])
def test_a_countrys_leaders_are_its_government_unless_they_lead_something_else(rules, sentence, expected):
    doc = Document.from_text(sentence, published=PUBLISHED)
    assert {(e.source.country, e.source.sector) for e in rules.extract(doc).events} == {expected}


@pytest.mark.parametrize("published, sector", [(date(2019, 3, 1), "REB"), (date(2023, 3, 1), "GOV")])
def test_a_group_that_took_power_has_the_sector_of_the_texts_date(nlp, resolver, published, sector):
    actors = resolver.annotate(nlp("The Taliban announced a new policy."), published)
    assert [(s.actor.country, s.actor.sector) for s in actors.spans] == [("AFG", sector)]


def test_an_undated_text_that_names_the_state_apart_from_the_group_predates_its_rule(nlp, resolver):
    before = resolver.annotate(nlp("The Taliban rejected an offer from the Afghan government."), None)
    assert ("AFG", "REB") in {(s.actor.country, s.actor.sector) for s in before.spans}
    in_kabul = resolver.annotate(nlp("The Taliban in Kabul announced a new policy."), None)
    assert ("AFG", "GOV") in {(s.actor.country, s.actor.sector) for s in in_kabul.spans}


def test_earlier_sectors_must_be_dated_and_in_order(tmp_path):
    from detente.actordict import ActorDictionary
    from detente.errors import InputError

    for bad in ("[{sector: REB}]", "[{sector: REB, until: 2020-01-01}, {sector: POL, until: 2019-01-01}]",
                "[{sector: XXX, until: 2020-01-01}]"):
        path = tmp_path / "groups.yaml"
        path.write_text("organizations:\n- {id: g, name: Group, country: AFG, sector: GOV, "
                        f"earlier_sectors: {bad}}}\n", encoding="utf-8")
        with pytest.raises(InputError, match="earlier_sectors|sector"):
            ActorDictionary.load([path])


@pytest.mark.parametrize("sentence, expected", [
    ("At the 2022 U.S.-ASEAN Summit in Phnom Penh, leaders elevated relations.", ("USA", "ASN", "CONSULT")),
    ("As reconfirmed by leaders at the U.S.-EU summit on October 20, 2022, the work goes on.",
     ("USA", "EUU", "CONSULT")),
])
def test_a_meeting_named_for_a_country_and_an_organisation_is_between_them(rules, sentence, expected):
    assert expected in coded(rules, sentence)


def test_a_summit_named_for_its_forum_alone_has_no_parties(rules):
    assert not coded(rules, "Biden attended the G20 Summit in Rome.")


@pytest.mark.parametrize("sentence, expected", [
    ("The United States has sent Ukraine more than 2,000 Stinger missiles.", ("USA", "UKR", "AID")),
    ("The United States will provide Ukraine with air defense systems.", ("USA", "UKR", "AID")),
    ("Germany will deliver Leopard tanks to Ukraine.", ("DEU", "UKR", "AID")),
    ("Russia launched missiles at Kyiv.", ("RUS", "UKR", "ASSAULT")),
])
def test_weapons_given_are_aid_and_weapons_launched_at_a_place_an_assault(rules, sentence, expected):
    assert expected in coded(rules, sentence)


def test_a_launch_with_no_one_aimed_at_is_a_show_of_force(rules):
    assert {e[2] for e in coded(rules, "North Korea launched two ballistic missiles into the sea.")} == {"MOBILIZE"}


def test_a_guest_welcomed_to_a_place_visits_the_host_and_nothing_more(rules):
    found = coded(rules, "The President is welcoming President Zelenskyy to the White House for talks.")
    assert ("UKR", "USA", "CONSULT") in found
    assert not {e for e in found if e[2] == "SUPPORT"}


def test_a_welcome_that_is_not_hosting_keeps_the_welcomer_as_doer(rules):
    found = coded(rules, "NATO welcomed Sweden to the alliance.")
    assert ("NAT", "SWE", "SUPPORT") in found
    assert ("SWE", "NAT", "SUPPORT") not in found


@pytest.mark.parametrize("sentence, expected", [
    ("The Guatemalan government declared a state of siege in a province.", ("GTM", "GTM", "COERCE")),
    ("The Thai army declared martial law.", ("THA", "THA", "COERCE")),
    ("The Nepalese government lifted the curfew in Kathmandu.", ("NPL", "NPL", "RETREAT")),
    ("The communist authorities in Vietnam have outlawed opposition parties.", ("VNM", "VNM", "COERCE")),
])
def test_a_measure_on_a_whole_people_is_against_the_states_own_civilians(rules, sentence, expected):
    assert expected in coded(rules, sentence)


def test_a_population_measure_needs_a_state_to_impose_it(rules):
    assert not coded(rules, "Protesters defied a state of emergency.")


def test_forces_kept_on_alert_are_a_mobilisation_with_no_recipient(rules):
    assert ("ISR", None, "MOBILIZE") in coded(rules, "Israeli troops remained on alert amid tensions in the north.")


def test_an_event_noun_may_be_written_with_of(rules):
    assert ("CHN", None, "MOBILIZE") in coded(rules, "China staged a show of force near the island.")
