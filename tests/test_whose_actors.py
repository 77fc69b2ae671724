"""Specification of session 19's rules for issue 14: whose an actor is when the text names it only by
its role, a weapon or a part of a group; which acts of one sentence are events of their own; releases
by no one named; refusals; and verbs the small model lemmatises to another word.

Every sentence is written for these tests; they use the rule-only lexicon typer.
"""

from datetime import date

import pytest

from detente.records import Document

PUBLISHED = date(2024, 6, 12)
WHITE_HOUSE = "https://www.whitehouse.gov/briefing-room/statements-releases/x"


def extracted(extractor, text, url=None):
    """The events of ``text`` as a one-paragraph document (on a government's site when ``url`` says so)."""
    doc = Document.from_text(text, published=PUBLISHED, url=url, paragraphs=[(0, len(text))])
    return extractor.extract(doc).events


def coded(extractor, text, url=None):
    """(source country, source sector, target country, target sector, type) of each event of ``text``."""
    return [(e.source.country, e.source.sector, e.target.country if e.target else None,
             e.target.sector if e.target else None, e.event_type) for e in extracted(extractor, text, url)]


def modalities(extractor, text):
    """(type, modality) of each event of ``text`` on a government's site."""
    return [(e.event_type, e.modality) for e in extracted(extractor, text, WHITE_HOUSE)]


# --- a state body named by its role is not the state it acts on -------------------------------------

@pytest.mark.parametrize("sentence, event", [
    ("The Bush administration lifted sanctions on China in 2001.", (None, "GOV", "CHN", None, "CONCEDE")),
    ("The government accused China of dumping steel.", (None, "GOV", "CHN", None, "ACCUSE")),
])
def test_a_state_body_of_no_named_country_is_not_the_country_it_acts_on(rules, sentence, event):
    assert coded(rules, sentence) == [event]


def test_a_country_that_only_says_whose_still_gives_its_own_officials_their_country(rules):
    found = coded(rules, "Three ministers resigned from Peru's government on Thursday.")
    assert found and all(source == "PER" for source, *_ in found)


# --- weapons and parts of a group --------------------------------------------------------------------

def test_a_weapon_fired_by_a_named_force_is_that_forces_attack(rules):
    assert coded(rules, "The missiles fired by the Israeli military struck an arms depot of the Syrian army.") == \
        [("ISR", "MIL", "SYR", None, "ASSAULT")]


def test_a_weapon_with_no_owner_attacks_for_an_unknown_doer(rules):
    assert coded(rules, "A drone attacked U.S. military personnel in Syria.") == [(None, None, "USA", "MIL", "ASSAULT")]


def test_some_of_a_named_group_is_that_group_but_many_of_the_people_here_is_no_one(rules):
    assert coded(rules, "Putin has threatened some of our NATO Allies.") == [("RUS", "GOV", "NAT", None, "THREATEN")]
    assert coded(rules, "We share historic bonds with many of the people here.", url=WHITE_HOUSE) == []


# --- a host's guest is someone, not a thing held somewhere ---------------------------------------------

def test_hosting_a_symposium_somewhere_is_no_visit_by_that_place(rules):
    assert coded(rules, "The United States is hosting a symposium in Jakarta.") == []


def test_a_hosted_guest_from_a_country_still_visits(rules):
    assert coded(rules, "President Xi received a delegation from Kenya in Beijing.") == [("KEN", None, "CHN", "GOV", "CONSULT")]


# --- a government's site names its own country's trades and schools ----------------------------------

@pytest.mark.parametrize("sentence, event", [
    ("The Department of Transportation is working with commercial airlines to evacuate tourists.",
     ("USA", "GOV", "USA", "BUS", "COOPERATE")),
    ("President Biden is in Madison. We are sending our gratitude to the educators.",
     ("USA", "GOV", "USA", "EDU", "SUPPORT")),
])
def test_on_a_governments_site_a_trade_named_by_its_role_is_its_own_countrys(rules, sentence, event):
    assert coded(rules, sentence, url=WHITE_HOUSE) == [event]


def test_a_trade_of_another_named_country_stays_that_countrys(rules):
    assert coded(rules, "I thank the educators of Ukraine.", url=WHITE_HOUSE) == [("USA", "GOV", "UKR", "EDU", "SUPPORT")]


def test_off_a_governments_site_a_trade_with_no_country_is_no_one_known(rules):
    assert coded(rules, "The ministry is working with commercial airlines.") == []


# --- two sayings of one sentence are two events -------------------------------------------------------

def test_two_verbs_of_support_in_one_sentence_are_two_events(rules):
    found = coded(rules, "Biden affirmed U.S. support for Iraq's sovereignty and commended Prime Minister "
                         "Kadhimi's leadership.")
    assert [e[4] for e in found] == ["SUPPORT", "SUPPORT"]


def test_two_verbs_of_one_meeting_stay_one_event(rules):
    assert [e[4] for e in coded(rules, "Biden met with Kishida in Tokyo and discussed trade.")] == ["CONSULT"]


# --- who gives, and what a concern is about -------------------------------------------------------------

def test_the_support_of_a_country_for_another_is_the_first_countrys_support(rules):
    found = coded(rules, "Biden underscored the support of the United States and other G7 nations for "
                         "Ukraine's reconstruction.")
    assert ("USA", None, "UKR", None, "SUPPORT") in found and ("G07", "IGO", "UKR", None, "SUPPORT") in found
    assert not any(target == "G07" for _, _, target, _, _ in found)


def test_welcoming_a_delivery_to_a_place_is_no_visit_of_that_place(rules):
    found = coded(rules, "Japan welcomed the delivery of aid to Gaza.")
    assert found and not any(kind == "CONSULT" for *_, kind in found)


def test_the_build_up_a_concern_is_about_is_an_event_of_its_own(rules):
    found = coded(rules, "The leaders expressed their concern about Russia's continued build-up of military "
                         "forces around Ukraine.")
    assert ("RUS", None, "UKR", "MIL", "MOBILIZE") in found


def test_what_an_accusation_claims_is_no_event_of_its_own(rules):
    assert coded(rules, "China accused Japan of attacking its vessels.") == [("CHN", None, "JPN", None, "ACCUSE")]


def test_two_country_words_before_one_countrys_forces_are_two_sides(rules):
    assert coded(rules, "Nigerian and British armed forces held a joint military exercise.") == \
        [("NGA", "MIL", "GBR", "MIL", "COOPERATE")]


# --- releases by no one named, and refusals of a meeting ------------------------------------------------

def test_captives_released_by_no_one_named_are_a_release_by_an_unknown_doer(rules):
    assert coded(rules, "Hundreds of political prisoners have been released in Tripoli.") == \
        [(None, None, "LBY", "CVL", "RETREAT")]
    assert coded(rules, "American Jeff Woodke was released from captivity in West Africa.") == \
        [(None, None, "USA", None, "RETREAT")]


def test_a_report_released_is_no_release(rules):
    assert coded(rules, "The report was released on Monday.") == []


def test_refusing_talks_with_someone_rejects_them_and_the_talks_do_not_happen(rules):
    found = coded(rules, "Russia refused talks with Ukraine.")
    assert ("RUS", None, "UKR", None, "REJECT") in found


def test_cancelling_a_visit_is_the_visit_negated_not_a_rejection(rules):
    assert coded(rules, "Biden cancelled his visit to India.") == [("USA", "GOV", "IND", None, "CONSULT")]


def test_the_means_of_a_purpose_is_done_by_the_doer_of_the_clause_it_serves(rules):
    assert coded(rules, "The United States took action to promote accountability by imposing sanctions on "
                        "37 individuals.", url=WHITE_HOUSE) == [("USA", None, None, None, "SANCTION")]


def test_what_a_holder_says_will_be_released_is_its_own_release(rules):
    assert coded(rules, "Iran seized a Greek-flagged tanker. Iranian officials said the tanker would be released.")[-1][:3] \
        == ("IRN", "GOV", "GRC")


@pytest.mark.parametrize("sentence, sides", [
    ("British Government will not lift the ban imposed on the LTTE.", ("GBR", "LKA")),
    ("Biden will not meet Putin in Geneva.", ("USA", "RUS")),
])
def test_saying_one_will_not_do_a_cooperative_act_rejects_its_partner(rules, sentence, sides):
    found = coded(rules, sentence)
    assert [kind for *_, kind in found][1:] == ["REJECT"] and (found[1][0], found[1][2]) == sides


def test_an_act_that_did_not_happen_is_no_rejection(rules):
    assert [kind for *_, kind in coded(rules, "Biden did not meet Putin.")] == ["CONSULT"]


# --- words the small model lemmatises to another word ---------------------------------------------------

def test_staged_and_waged_are_the_verbs_stage_and_wage_not_stag_and_wag(nlp, rules):
    doc = nlp("Russia staged a military exercise and waged war on Ukraine, cutting wages.")
    assert [(t.lower_, t.lemma_) for t in doc if t.lower_ in ("staged", "waged", "wages")] == \
        [("staged", "stage"), ("waged", "wage"), ("wages", "wage")]
    assert coded(rules, "U.S. marines and Jordanian armed forces staged a war game.") == \
        [("USA", "MIL", None, None, "MOBILIZE"), ("JOR", "MIL", None, None, "MOBILIZE")]


def test_laying_down_arms_is_a_retreat_with_no_one_named(rules):
    assert coded(rules, "The FARC said that they will lay down arms.") == [("COL", "REB", None, None, "RETREAT")]


@pytest.mark.parametrize("sentence", [
    "Ms. Rao and Mr. Lind discussed plans for the trip of Swedish Prime Minister Kristersson to New Delhi "
    "and the first India-Sweden-Japan trilateral ministers’ meeting.",
    "The President condemned Russia’s attack on Ukraine’s grid and said “we won’t stop”.",
])
def test_curly_quotes_parse_as_straight_ones_and_stay_as_written(nlp, sentence):
    curly, straight = nlp(sentence), nlp(sentence.replace("’", "'").replace("“", '"').replace("”", '"'))
    assert curly.text == sentence
    assert [(t.dep_, t.head.i) for t in curly] == [(t.dep_, t.head.i) for t in straight]


# --- lists the parser breaks ---------------------------------------------------------------------------

def test_a_list_the_parser_hangs_from_the_clause_still_lists_partners(rules):
    found = coded(rules, "We are prepared to act in full coordination with the Government of Lebanon, the "
                         "Governments of Cyprus and Greece, the United Nations, and relief groups.", url=WHITE_HOUSE)
    assert {t for _, _, t, _, kind in found if kind == "COOPERATE"} == {"LBN", "CYP", "GRC", "UNO"}


def test_an_apposition_after_a_comma_is_no_further_partner(rules):
    assert coded(rules, "Biden met with the President of Kenya, the host of the summit.") == \
        [("USA", "GOV", "KEN", "GOV", "CONSULT")]


def test_his_after_the_one_person_named_as_an_owner_is_that_person(rules):
    assert ("USA", "GOV", "BRA", "GOV", "CONSULT") in coded(
        rules, "We welcome the measures adopted this week at the President’s urging after his call with President "
               "Lula.", url=WHITE_HOUSE)


def test_my_fellow_g7_leaders_are_the_g7s_not_the_speakers_own(rules):
    assert coded(rules, "On Monday I will host my fellow G7 leaders.", url=WHITE_HOUSE) == \
        [("G07", "GOV", "USA", "GOV", "CONSULT")]
    assert coded(rules, "We thank our people.", url=WHITE_HOUSE) == [("USA", "GOV", "USA", "CVL", "SUPPORT")]


@pytest.mark.parametrize("sentence, event", [
    ("The U.S. military moved fighter jets and warships to the region.",
     ("USA", "MIL", None, None, "MOBILIZE")),
    ("Russia moved troops to the border with Ukraine.", ("RUS", None, "UKR", None, "MOBILIZE")),
])
def test_moving_forces_is_a_mobilisation(rules, sentence, event):
    assert coded(rules, sentence) == [event]


def test_moving_a_headquarters_or_moving_to_act_is_no_mobilisation(rules):
    assert coded(rules, "The company moved its headquarters to Texas.") == []
    assert [kind for *_, kind in coded(rules, "The EU moved to impose sanctions on Russia.")] == ["SANCTION"]


def test_forces_moved_to_a_named_place_go_there_not_at_whoever_acted_last(rules):
    found = coded(rules, "South Korea and the United States ended a joint air exercise. South Korea's military "
                         "moved additional air defence batteries to the border.")
    assert not any(kind == "MOBILIZE" and target == "USA" for _, _, target, _, kind in found)


def test_the_attack_a_planned_response_answers_has_happened(rules):
    text = "Next week, I will gather my fellow NATO leaders to coordinate a common response to Russia’s latest attack."
    found = dict(modalities(rules, text))
    assert found["ASSAULT"] == "reported"


def test_sanctions_of_two_named_bodies_that_isolated_a_country_are_both_bodies_sanctions_on_it(rules):
    found = coded(rules, "Faced with EU and United Nations sanctions that have isolated Iran, Tehran has turned to "
                         "oil smuggling.")
    assert {(s, t, kind) for s, _, t, _, kind in found} == {("EUU", "IRN", "SANCTION"), ("UNO", "IRN", "SANCTION")}


def test_a_clause_of_its_own_after_but_keeps_its_own_modality(rules):
    text = "Our offer has not been withdrawn, but Tehran must halt its enrichment program."
    assert modalities(rules, text) == [("REQUEST", "reported")]


def test_a_further_invasion_a_response_would_answer_has_not_happened(rules):
    text = "We stand ready to impose costs in response to a new Iranian attack on Israel."
    assert all(modality != "reported" for kind, modality in modalities(rules, text) if kind == "ASSAULT")


def test_exposing_a_countrys_activity_accuses_it_and_demonstrating_that_is_no_protest(rules):
    assert coded(rules, "The United States is exposing China’s hacking campaign against Taiwan.") == \
        [("USA", None, "CHN", None, "ACCUSE")]
    assert coded(rules, "The documents demonstrate that the PRC’s hackers are active.") == []
    assert [kind for *_, kind in coded(rules, "Thousands of protesters demonstrated in Tbilisi.")] == ["PROTEST"]


def test_those_who_join_another_in_condemning_condemn_with_it(rules):
    found = coded(rules, "Japan and Canada joined the United States in condemning Russia’s attack.")
    assert {s for s, _, t, _, kind in found if kind == "ACCUSE" and t == "RUS"} == {"JPN", "CAN", "USA"}
    assert not any(kind == "CONSULT" for *_, kind in found)


def test_a_trilateral_meeting_is_a_meeting_of_every_pair_of_its_parties(rules):
    found = coded(rules, "This builds on President Biden’s trilateral meeting in April with President Marcos of "
                         "the Philippines and Prime Minister Albanese of Australia.", url=WHITE_HOUSE)
    assert {frozenset((s, t)) for s, _, t, _, kind in found if kind == "CONSULT"} == {
        frozenset(("USA", "PHL")), frozenset(("USA", "AUS")), frozenset(("PHL", "AUS"))}


def test_the_aggression_a_defense_is_against_is_told_as_fact(rules):
    text = "The United States will continue to back Israel’s defense against Iranian aggression."
    found = dict(modalities(rules, text))
    assert found == {"SUPPORT": "planned", "ASSAULT": "reported"}


def test_a_commitment_to_someone_unnamed_answers_no_one_who_spoke_before(rules):
    found = coded(rules, "President Biden held a summit with President Lula of Brazil. Brazil criticized the United "
                         "States. The President reaffirmed the United States’ steadfast commitment to defending our "
                         "Caribbean partners.", url=WHITE_HOUSE)
    assert not any(kind == "SUPPORT" and target == "BRA" for _, _, target, _, kind in found)


def test_a_countrys_troops_in_its_own_sentence_are_its_own(rules):
    found = coded(rules, "Australia has offered to send troops to help the Philippines army in its fight against "
                         "Islamic State, Foreign Minister Julie Bishop has revealed.")
    assert ("AUS", None, "AUS", "MIL", "AGREE") in found  # the troops offered are Australia's


def test_a_fact_sheets_item_prohibiting_investment_is_its_issuers_sanction(rules):
    text = "The Treasury lists three new measures this week. Prohibiting all new investment in " \
           "the Republic of Belarus. The President will sign a new Executive Order."
    assert coded(rules, text, url=WHITE_HOUSE) == [("USA", "GOV", "BLR", None, "SANCTION")]
