"""Specification of session 21's rules for issue 14, written from the misses of the development halves
(set h's dev half, coded before any rule of this session was written, and the older sets' dev halves):
a surname confirmed by the office written before it, ambassadors of the publishing government, wars
waged "in" a country, hostile acts named by a nationality adjective that support is given against,
places visited, readiness to act, crimes told without their doer, attacks tried, concern about
reports, two subjects the small model splits, counts of attacks, and commitments to go on acting.

Every sentence is written for these tests; they use the rule-only lexicon typer.
"""

from datetime import date

import pytest

from conftest import STATEMENT_URL, built, paragraph_events
from detente.nlp import coordinated_subjects

PUBLISHED = date(2024, 6, 12)


def coded(extractor, text, published=PUBLISHED):
    """(source country, target country, type, modality) of each event of ``text`` in a government statement."""
    return [(e.source.country, e.target.country if e.target else None, e.event_type, e.modality)
            for e in paragraph_events(extractor, text, published, STATEMENT_URL)]


# --- a surname several people share, and the office written before it ------------------------------------

def test_a_shared_surname_after_the_office_its_one_holder_held_then_is_that_person(rules):
    assert coded(rules, "Vice President Harris met with President Ruto.") == [("USA", "KEN", "CONSULT", "reported")]


@pytest.mark.parametrize("text, published", [
    ("President Harris met with President Ruto.", PUBLISHED),           # an office she did not hold
    ("Vice President Harris met with President Ruto.", date(2019, 6, 12)),  # nor held then
])
def test_a_shared_surname_after_an_office_no_holder_held_then_stays_unknown(rules, text, published):
    assert coded(rules, text, published) == []


# --- ambassadors --------------------------------------------------------------------------------------------

def test_an_ambassador_named_without_a_country_in_a_government_statement_is_that_government_s(rules):
    assert coded(rules, "Special Assistant to the President and Coordinator for the Southwest Border, Ambassador "
                        "Rosa Quintero traveled to Mexico on March 22 to engage with Mexican government officials.") \
        == [("USA", "MEX", "CONSULT", "reported")]


def test_an_ambassador_named_with_a_country_is_that_country_s(rules):
    assert coded(rules, "Ukraine's Ambassador Olena Kovalenko met with Secretary Blinken.") \
        == [("UKR", "USA", "CONSULT", "reported")]


# --- wars and aggression ------------------------------------------------------------------------------------

def test_a_war_a_country_wages_in_another_is_an_assault_on_it(rules):
    assert coded(rules, "Russia's war in Ukraine has killed thousands.") == [("RUS", "UKR", "ASSAULT", "reported")]


def test_a_war_in_a_place_that_no_one_is_said_to_wage_is_no_event(rules):
    assert coded(rules, "The leaders discussed the war in Sudan.") == []


@pytest.mark.parametrize("text, helped", [
    ("The United States will stand with Ukraine in the face of Russian aggression.",
     ("USA", "UKR", "SUPPORT", "planned")),
    ("The United States will continue supporting Ukraine in the face of Russian aggression.",
     ("USA", "UKR", "SUPPORT", "planned")),
])
def test_aggression_named_by_a_nationality_that_support_is_given_against_is_against_the_one_supported(
        rules, text, helped):
    assert coded(rules, text) == [helped, ("RUS", "UKR", "ASSAULT", "reported")]


def test_a_hostile_act_named_by_a_nationality_is_that_nation_s_even_when_another_supports_it(rules):
    assert coded(rules, "Belarus continues its support for Russian aggression in Ukraine.") \
        == [("BLR", "RUS", "SUPPORT", "reported"), ("RUS", "UKR", "ASSAULT", "reported")]


# --- places visited -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Last year I visited Hiroshima.", "Last year I visited Osaka and Kyoto."])
def test_a_city_visited_is_a_visit_to_its_country(rules, text):
    assert coded(rules, text) == [("USA", "JPN", "CONSULT", "reported")]


def test_a_thing_visited_that_is_no_place_gives_no_visit(rules):
    assert coded(rules, "The delegation toured the factory.") == []


# --- readiness ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, event", [
    ("President Biden underscored U.S. readiness to continue delivering security assistance to Ukraine.",
     ("USA", "UKR", "AID", "expected")),
    ("The President expressed U.S. willingness to provide humanitarian aid to Sudan.",
     ("USA", "SDN", "AID", "expected")),
    ("The President affirmed that the United States is prepared to impose costs on Russia.",
     ("USA", "RUS", "SANCTION", "expected")),
])
def test_readiness_to_act_is_an_act_expected_not_done(rules, text, event):
    assert coded(rules, text) == [event]


# --- crimes told without their doer ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We mourn those killed and injured in the latest tragic shooting in Half Moon Bay, California.",
    "I am heartbroken by the mass shooting in Buffalo, New York.",
])
def test_a_shooting_told_without_its_doer_is_one_of_the_country_where_it_happened(rules, text):
    events = paragraph_events(rules, text, PUBLISHED, STATEMENT_URL)
    assert [(e.source.country, e.source.sector, e.target.country, e.target.sector, e.event_type) for e in events] \
        == [("USA", "CRM", "USA", "CVL", "ASSAULT")]


def test_a_shooting_whose_doer_is_named_is_that_doer_s(rules):
    events = paragraph_events(rules, "The shooting of protesters by police in Lagos was condemned.", PUBLISHED,
                              STATEMENT_URL)
    assert [(e.source.country, e.source.sector, e.event_type) for e in events] == [("NGA", "COP", "ASSAULT")]


def test_a_shooting_told_with_no_place_is_no_event(rules):
    assert coded(rules, "We mourn those killed in the shooting.") == []


# --- attacks tried ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, event", [
    ("Russian forces tried to storm the city of Kharkiv.", ("RUS", "UKR", "ASSAULT", "reported")),
    ("Russia attempted to seize Kyiv in 2022.", ("RUS", "UKR", "COERCE", "reported")),
    ("Russian forces will try to storm the city of Kharkiv.", ("RUS", "UKR", "ASSAULT", "planned")),
])
def test_an_attack_tried_is_coded_as_made_with_the_trying_verb_s_own_modality(rules, text, event):
    assert coded(rules, text) == [event]


def test_an_agreement_tried_for_is_still_only_hoped_for(rules):
    assert coded(rules, "China tried to reach a deal with India.") == [("CHN", "IND", "AGREE", "hypothetical")]


def test_an_attempted_annexation_is_an_annexation(rules):
    assert coded(rules, "Russia's attempted annexation of Ukrainian territory is illegal.") \
        == [("RUS", "UKR", "ASSAULT", "reported")]


# --- concern and objection ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We are deeply concerned by reports that Russia is supplying weapons to Sudan.",
    "We are deeply concerned about reports that Russia is supplying weapons to Sudan.",
])
def test_concern_about_reports_that_someone_acts_is_concern_about_that_someone(rules, text):
    assert coded(rules, text)[0] == ("USA", "RUS", "ACCUSE", "reported")


def test_objecting_to_an_act_rejects_its_doer(rules):
    assert coded(rules, "The United States objects to Beijing's militarization of disputed features.") \
        == [("USA", "CHN", "REJECT", "reported")]


def test_the_object_of_a_talk_is_no_objection(rules):
    assert coded(rules, "The object of the exercise was to show that China can act.") == []


# --- people a government's site names by their trade ---------------------------------------------------

@pytest.mark.parametrize("text, sector", [
    ("The President met with CEOs of major American companies.", "BUS"),
    ("The President met with American labor leaders.", "LAB"),
])
def test_chief_executives_and_labor_leaders_are_actors_of_their_sector(rules, text, sector):
    events = paragraph_events(rules, text, PUBLISHED, STATEMENT_URL)
    assert [(e.target.country, e.target.sector, e.event_type) for e in events] == [("USA", sector, "CONSULT")]



# --- "A and I talked": two subjects the small model splits ----------------------------------------------

SPLIT_WORDS = ["Sunak", "and", "I", "talked", "about", "AI", "."]


def test_a_root_noun_with_a_coordinated_verb_and_its_own_subject_becomes_that_verb_s_subject(nlp):
    doc = built(nlp, SPLIT_WORDS, heads=[0, 0, 3, 0, 3, 4, 0],
                deps=["ROOT", "cc", "nsubj", "conj", "prep", "pobj", "punct"],
                pos=["PROPN", "CCONJ", "PRON", "VERB", "ADP", "PROPN", "PUNCT"],
                lemmas=["Sunak", "and", "I", "talk", "about", "AI", "."])
    doc = coordinated_subjects(doc)
    sunak, and_, i, talked, stop = doc[0], doc[1], doc[2], doc[3], doc[6]
    assert (talked.head.i, talked.dep_) == (talked.i, "ROOT")
    assert (sunak.head.i, sunak.dep_) == (talked.i, "nsubj")
    assert (i.head.i, i.dep_) == (sunak.i, "conj")
    assert and_.head.i == sunak.i and stop.head.i == talked.i


def test_two_clauses_split_by_punctuation_are_left_as_parsed(nlp):
    words = ["No", "changes", ",", "but", "we", "are", "monitoring", "it", "."]
    heads = [1, 1, 1, 1, 6, 6, 1, 6, 1]
    deps = ["det", "ROOT", "punct", "cc", "nsubj", "aux", "conj", "dobj", "punct"]
    pos = ["DET", "NOUN", "PUNCT", "CCONJ", "PRON", "AUX", "VERB", "PRON", "PUNCT"]
    doc = coordinated_subjects(built(nlp, words, heads, deps, pos, lemmas=[w.lower() for w in words]))
    assert [(t.head.i, t.dep_) for t in doc] == list(zip(heads, deps))


def test_a_leader_and_the_speaker_who_talked_are_both_sides_of_the_talk(rules):
    assert coded(rules, "Prime Minister Sunak and I talked about the importance of the collaboration.") \
        == [("GBR", "USA", "CONSULT", "reported")]


# --- counts of attacks, and commitments to go on -------------------------------------------------------

def test_the_owner_of_an_escalation_of_attacks_makes_them(rules):
    assert coded(rules, "The leaders discussed Russia's escalation of attacks on Ukraine.") \
        == [("RUS", "UKR", "ASSAULT", "reported")]


def test_a_country_committed_to_supporting_another_supports_it(rules):
    assert coded(rules, "The United States remains committed to supporting Haiti.") \
        == [("USA", "HTI", "SUPPORT", "reported")]


def test_a_country_only_open_to_meeting_another_has_not_met_it(rules):
    assert coded(rules, "We are open to meeting with Iran.") == []


# --- two countries working to an end ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The United States and Mexico are working to improve the regional business environment.",
    "The United States and Mexico are working on new rules for supply chains.",
])
def test_two_countries_working_to_an_end_cooperate(rules, text):
    assert coded(rules, text) == [("USA", "MEX", "COOPERATE", "reported")]


def test_people_of_two_countries_who_work_somewhere_do_not_cooperate(rules):
    assert coded(rules, "American and Mexican workers work in the same factories.") == []


# --- invitations given -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The Emir of Qatar extended President Biden an invitation to visit Doha.",
    "The Emir of Qatar extended an invitation to President Biden to visit Doha.",
])
def test_the_one_given_an_invitation_is_whom_it_is_for(rules, text):
    assert coded(rules, text) == [("QAT", "USA", "AGREE", "reported")]
