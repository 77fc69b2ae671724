"""Specification of session 23's rules for issue 14 (trade measures, lists of givers, reasons), written
from batteries of sentences composed for the session in the style of government statements: putting
someone on a measure list, visas revoked, duties on goods "from" a country, co-actors the parse also
offers as targets, the gerund that spells out an action "against" someone, an executive order that
blocks property, the one a "for" reason names, goods received "from" givers, aid "from" givers that
reached a place, people sent to help.

Every sentence is written for these tests; they use the rule-only lexicon typer.
"""

from datetime import date

import pytest

from conftest import STATEMENT_URL, built, paragraph_events
from detente.nlp import conjoined_clause_subjects

PUBLISHED = date(2023, 5, 20)


def coded(extractor, text, published=PUBLISHED):
    """(source country, target country, type) of each event of ``text`` in a government statement."""
    return [(e.source.country, e.target.country if e.target else None, e.event_type)
            for e in paragraph_events(extractor, text, published, STATEMENT_URL)]


# --- measure lists, visas, goods from a country ----------------------------------------------------------------

@pytest.mark.parametrize("text, target", [
    ("The Department of Commerce added 28 Chinese companies to the Entity List.", "CHN"),
    ("The Commerce Department placed 14 Russian entities on the Entity List.", "RUS"),
])
def test_putting_someone_on_a_measure_list_sanctions_them(rules, text, target):
    assert ("USA", target, "SANCTION") in coded(rules, text)


def test_taking_someone_off_a_measure_list_is_a_concession(rules):
    assert coded(rules, "The Treasury removed three Venezuelan firms from the sanctions list.") == \
        [("USA", "VEN", "CONCEDE")]


def test_adding_to_anything_but_a_measure_list_is_no_event(rules):
    assert coded(rules, "We will add new members to the team.") == []
    assert coded(rules, "He added that the talks with Japan were productive.") == []


def test_revoking_visas_sanctions_their_holders(rules):
    assert coded(rules, "The United States revoked the visas of 30 Nicaraguan officials.") == [("USA", "NIC", "SANCTION")]


def test_duties_on_goods_from_a_country_fall_on_that_country(rules):
    assert coded(rules, "The United States suspended the 232 tariffs on aluminum from the United Kingdom.") == \
        [("USA", "GBR", "CONCEDE")]


# --- who acts with whom -------------------------------------------------------------------------------------

def test_a_coactor_is_a_source_not_a_target(rules):
    events = coded(rules, "Together with the G7, we are banning imports of Russian diamonds.")
    assert ("USA", "RUS", "SANCTION") in events and ("G07", "RUS", "SANCTION") in events
    assert not [e for e in events if e[1] == "G07"]


def test_the_partner_of_working_together_is_no_coactor(rules):
    assert coded(rules, "Working together with Japan, President Biden signed the agreement.")[:1] == \
        [("USA", "JPN", "COOPERATE")]


def test_a_gerund_spells_out_an_action_against_someone(rules):
    assert coded(rules, "Today the United States is taking action against Russia's military-industrial base, "
                        "sanctioning over 300 entities.") == [("USA", "RUS", "SANCTION")]


def test_an_executive_order_acts_for_whoever_signs_it(rules):
    assert ("USA", "BLR", "SANCTION") in coded(
        rules, "The President signed an executive order blocking the property of persons undermining democracy in Belarus.")


# --- a reason names who did it -----------------------------------------------------------------------------------

def test_a_reason_is_the_deed_of_the_one_acted_on(rules):
    events = coded(rules, "The United States sanctioned three Iranian officials for helping Russia.")
    assert ("USA", "IRN", "SANCTION") in events and ("IRN", "RUS", "AID") in events
    assert ("USA", "RUS", "AID") not in events


def test_a_reason_of_thanks_is_not_the_thanker_s_act(rules):
    assert coded(rules, "The State Department thanked Kenya for leading the mission.") == [("USA", "KEN", "SUPPORT")]


# --- givers -------------------------------------------------------------------------------------------------

def test_goods_received_from_givers_are_their_aid(rules):
    assert coded(rules, "Ukraine received air defense systems from Germany, the Netherlands and the United States.") == \
        [("DEU", "UKR", "AID"), ("NLD", "UKR", "AID"), ("USA", "UKR", "AID")]


def test_aid_from_givers_that_reached_a_place_is_each_giver_s(rules):
    assert coded(rules, "Humanitarian aid from Qatar, the UAE, Saudi Arabia and Egypt reached Gaza this week.") == \
        [("QAT", "PSE", "AID"), ("ARE", "PSE", "AID"), ("SAU", "PSE", "AID"), ("EGY", "PSE", "AID")]


def test_people_sent_to_help_are_aid(rules):
    assert coded(rules, "Countries including Spain, Portugal, Greece and Poland sent firefighters to Canada.") == \
        [("ESP", "CAN", "AID"), ("PRT", "CAN", "AID"), ("GRC", "CAN", "AID"), ("POL", "CAN", "AID")]


# --- what the speaker asks of Congress, and who its members are -------------------------------------------

@pytest.mark.parametrize("text, target", [
    ("We need Congress to reauthorize the program before it expires.", "USA"),
    ("I want Congress to pass this bill.", "USA"),
    ("We want Russia to withdraw its troops from Ukraine.", "RUS"),
])
def test_needing_or_wanting_someone_to_act_asks_it_of_them(rules, text, target):
    assert coded(rules, text) == [("USA", target, "REQUEST")]


@pytest.mark.parametrize("text", ["We need it to work.", "I want you to know that we stand with Israel."])
def test_needing_something_or_wanting_it_known_asks_no_one(rules, text):
    assert [e for e in coded(rules, text) if e[2] == "REQUEST"] == []


def test_a_caucus_of_a_legislature_is_its_members(rules):
    events = paragraph_events(rules, "The Vice President met with members of the Congressional Hispanic Caucus.",
                              PUBLISHED, STATEMENT_URL)
    assert [(e.source.sector, e.target.sector, e.event_type) for e in events] == [("GOV", "LEG", "CONSULT")]


# --- an office named by its title, and what it will do on the way -------------------------------------------

def test_he_after_an_office_named_by_its_title_is_its_holder(rules):
    events = paragraph_events(rules, "The Secretary of State is traveling to the region this week. He'll be in "
                                     "Cairo and Doha, meeting with Egyptian and Qatari officials on the hostage deal.",
                              PUBLISHED, STATEMENT_URL)
    met = [(e.source.country, e.target.country, e.modality) for e in events if e.trigger == "meeting"]
    assert met == [("USA", "EGY", "planned"), ("USA", "QAT", "planned")]


# --- agreements signed, things made together --------------------------------------------------------------

@pytest.mark.parametrize("text, pair", [
    ("The United States signed an agreement with Senegal.", ("USA", "SEN")),
    ("The Millennium Challenge Corporation signed a $300 million compact with Senegal.", ("USA", "SEN")),
    ("The United States and Vietnam signed a memorandum of cooperation on semiconductors.", ("USA", "VNM")),
])
def test_an_agreement_signed_is_an_agreement_not_an_endorsement(rules, text, pair):
    assert [e for e in coded(rules, text) if e[:2] == pair] == [pair + ("AGREE",)]


def test_a_declaration_signed_stays_an_endorsement(rules):
    assert {e[2] for e in coded(rules, "President Biden signed the declaration with the leaders of Mexico and Canada.")} \
        == {"SUPPORT"}


def test_a_thing_made_together_is_cooperation(rules):
    assert coded(rules, "The United States and Japan will co-develop a glide phase interceptor.") == \
        [("USA", "JPN", "COOPERATE")]


def test_a_joint_sail_is_cooperation(rules):
    assert coded(rules, "The U.S. Navy and the Philippine Navy conducted a joint sail in the South China Sea.") == \
        [("USA", "PHL", "COOPERATE")]


def test_going_back_to_a_country_is_no_retreat(rules):
    assert [e for e in coded(rules, "The Peace Corps will return to Vietnam for the first time.") if e[2] == "RETREAT"] == []
    assert ("RUS", "UKR", "RETREAT") in coded(rules, "Russia must return the deported children to Ukraine.")


@pytest.mark.parametrize("text, modality", [
    ("Working with Congress, the Administration will provide new funding for Ukraine.", "planned"),
    ("Working with Congress, the President secured new funding for Ukraine.", "reported"),
])
def test_a_participle_before_a_clause_shares_its_future_only(rules, text, modality):
    events = paragraph_events(rules, text, PUBLISHED, STATEMENT_URL)
    assert [(e.event_type, e.modality) for e in events if e.event_type == "COOPERATE"] == [("COOPERATE", modality)]


# --- conflict told of places and sides of one country ------------------------------------------------------

@pytest.mark.parametrize("text, target", [
    ("Israeli forces raided the Jenin refugee camp.", "PSE"),
    ("Russian forces shelled residential areas of Kharkiv.", "UKR"),
])
def test_a_thing_or_part_named_by_its_place_is_that_place_s_country(rules, text, target):
    assert [e[1] for e in coded(rules, text)] == [target]


def test_an_adjective_is_no_owner_of_a_thing(rules):
    assert coded(rules, "Opposition leaders called for a general strike.") == []  # "general" is no army rank here


def test_two_sides_of_one_country_agree_with_each_other(rules):
    events = paragraph_events(rules, "Sudan's army and the Rapid Support Forces agreed to a 72-hour ceasefire.",
                              PUBLISHED, STATEMENT_URL)
    assert [(e.source.sector, e.target.sector if e.target else None, e.event_type) for e in events] == \
        [("MIL", "REB", "AGREE")]


# --- a second clause the parser hung on a noun ------------------------------------------------------------

def test_a_subjectless_verb_after_a_coordinated_noun_takes_it_as_subject(nlp):
    words = ["Biden", "congratulated", "Lula", "on", "his", "inauguration", "and", "the", "leaders", "committed",
             "to", "work", "together", "."]
    heads = [1, 1, 1, 1, 5, 3, 5, 8, 5, 1, 11, 9, 11, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "poss", "pobj", "cc", "det", "conj", "advcl", "aux", "xcomp",
            "advmod", "punct"]
    pos = ["PROPN", "VERB", "PROPN", "ADP", "PRON", "NOUN", "CCONJ", "DET", "NOUN", "VERB", "PART", "VERB",
           "ADV", "PUNCT"]
    tags = ["NNP", "VBD", "NNP", "IN", "PRP$", "NN", "CC", "DT", "NNS", "VBD", "TO", "VB", "RB", "."]
    doc = conjoined_clause_subjects(built(nlp, words, heads, deps, pos, lemmas=[w.lower() for w in words], tags=tags))
    leaders, committed, and_ = doc[8], doc[9], doc[6]
    assert (leaders.head.i, leaders.dep_) == (committed.i, "nsubj")
    assert (committed.head.i, committed.dep_) == (1, "conj")
    assert and_.head.i == 1


def test_a_verb_with_its_own_subject_is_left_as_parsed(nlp):
    words = ["Biden", "met", "Lula", "and", "Kishida", "and", "he", "spoke", "."]
    heads = [1, 1, 1, 2, 2, 1, 7, 1, 1]
    deps = ["nsubj", "ROOT", "dobj", "cc", "conj", "cc", "nsubj", "conj", "punct"]
    pos = ["PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "CCONJ", "PRON", "VERB", "PUNCT"]
    tags = ["NNP", "VBD", "NNP", "CC", "NNP", "CC", "PRP", "VBD", "."]
    doc = conjoined_clause_subjects(built(nlp, words, heads, deps, pos, lemmas=[w.lower() for w in words], tags=tags))
    assert [(t.head.i, t.dep_) for t in doc] == list(zip(heads, deps))


def test_the_leaders_of_a_second_clause_commit_together(rules):
    events = coded(rules, "President Biden spoke with President Lula of Brazil. President Biden congratulated "
                          "President Lula on his inauguration and the leaders committed to work together.")
    assert ("USA", "BRA", "AGREE") in events or ("USA", "BRA", "COOPERATE") in events


# --- a fact sheet's items --------------------------------------------------------------------------------

def test_an_item_imposing_sanctions_falls_on_whom_they_target(rules):
    assert coded(rules, "Imposing sanctions on 25 individuals and entities connected to Russia's evasion of sanctions.") \
        == [("USA", "RUS", "SANCTION")]


def test_money_given_to_support_someone_is_aid_to_them(rules):
    assert coded(rules, "Providing $20 million to support Moldova's energy security.") == [("USA", "MDA", "AID")]


def test_the_public_agreeing_with_the_president_is_no_event(rules):
    assert coded(rules, "President Biden, American families, automakers, and autoworkers agree: "
                        "the future of transportation is electric.") == []


# --- news sentences --------------------------------------------------------------------------------------

def test_a_country_keeps_its_name_beside_an_organisation_s_acronym(rules):
    assert ("CHN", "EAU", "AGREE") in coded(
        rules, "China and the Eurasia Economic Union (EAEU) on Thursday signed an agreement on trade.")


@pytest.mark.parametrize("text, event", [
    ("UN sanctions against Iran were lifted on 16 January 2016.", ("UNO", "IRN", "CONCEDE")),
    ("China's tariffs on Australian wine were lifted last year.", ("CHN", "AUS", "CONCEDE")),
])
def test_a_measure_eased_in_the_passive_is_its_owner_s_act(rules, text, event):
    assert coded(rules, text) == [event]


@pytest.mark.parametrize("text, event", [
    ("Former U.S. President Barack Obama had lunch with French President Emmanuel Macron in Paris.",
     ("USA", "FRA", "CONSULT")),
    ("The President will host a state dinner for President Ruto of Kenya.", ("USA", "KEN", "CONSULT")),
])
def test_a_meal_with_someone_is_a_meeting(rules, text, event):
    assert coded(rules, text) == [event]


def test_a_meal_with_no_one_named_is_no_meeting(rules):
    assert coded(rules, "The President had dinner with his family.") == []

