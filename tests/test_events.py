"""Specification of event extraction: one sentence (written for these tests) in, the events out.

Each case names the construction it pins down. The rule-only lexicon typer is used so the cases
test the rules (roles, coordination, modality, time), not the learned model.
"""

from datetime import date

import pytest

from detente.events import LexiconTyper
from detente.pipeline import Extractor
from detente.records import Document

PUBLISHED = date(2021, 9, 15)


@pytest.fixture(scope="module")
def extractor():
    return Extractor(typer=LexiconTyper())


def events_of(extractor, text, published=PUBLISHED):
    doc = Document.from_text(text, published=published, paragraphs=[(0, len(text))])
    return [(e.source_country, e.target_country, e.event_type, e.modality, e.time.value)
            for e in extractor.extract(doc).events]


def test_verb_with_subject_and_object(extractor):
    assert events_of(extractor, "German Chancellor Angela Merkel visited Poland on Tuesday.") == [
        ("DEU", "POL", "CONSULT", "reported", "2021-09-14")]


def test_future_travel_is_planned_and_dated_forward(extractor):
    assert events_of(extractor, "Japan's foreign minister will travel to India on October 2.") == [
        ("JPN", "IND", "CONSULT", "planned", "2021-10-02")]


def test_raising_verb_set_to_gives_planned_event_with_its_subject(extractor):
    assert events_of(extractor, "The Turkish foreign minister is set to visit Egypt next week.")[0][:4] == (
        "TUR", "EGY", "CONSULT", "planned")


def test_noun_event_with_possessor_and_destination(extractor):
    got = events_of(extractor, "Macron's visit to Algeria in August eased the mood.")
    assert ("FRA", "DZA", "CONSULT", "reported", "2021-08") in got


def test_cancelled_trip_is_negated_and_dated_by_the_cancellation(extractor):
    text = ("The Canadian prime minister will travel to Mexico in November. "
            "A planned trip by the Canadian prime minister was cancelled in March after a dispute.")
    got = events_of(extractor, text)
    assert ("CAN", "MEX", "CONSULT", "planned", "2021-11") in got
    assert ("CAN", "MEX", "CONSULT", "negated", "2021-03") in got


def test_coordinated_subjects_give_one_event_each(extractor):
    text = "Last year, Angela Merkel, Emmanuel Macron, and Mario Draghi all made the trip to Kyiv."
    got = events_of(extractor, text)
    assert sorted(g[0] for g in got) == ["DEU", "FRA", "ITA"]
    assert {g[1:] for g in got} == {("UKR", "CONSULT", "reported", "2020")}


def test_reciprocal_meeting_of_coordinated_leaders_is_one_event(extractor):
    got = events_of(extractor, "In June, the Brazilian president and the Argentine president met in Buenos Aires.")
    assert got == [("BRA", "ARG", "CONSULT", "reported", "2021-06")]


def test_pronoun_they_refers_to_the_coordinated_subjects_before(extractor):
    text = "In June, the Brazilian president and the Argentine president met in Montevideo, where they agreed to hold regular talks."
    got = events_of(extractor, text)
    assert ("BRA", "ARG", "AGREE", "reported", "2021-06") in got
    assert all(g[2] != "CONSULT" or g[3] == "reported" for g in got)  # the talks are what was agreed


def test_call_with_takes_the_source_from_the_governing_verb(extractor):
    got = events_of(extractor, "In a call with the Indian prime minister, the Australian prime minister said trade would grow.")
    assert ("AUS", "IND", "CONSULT", "reported", "2021-09") in got


def test_declining_a_meeting_is_a_negated_meeting(extractor):
    got = events_of(extractor, "Last week the Iranian foreign minister declined a meeting with the French foreign minister.")
    assert [g[:4] for g in got] == [("IRN", "FRA", "CONSULT", "negated")]


@pytest.mark.parametrize("sentence, modality", [
    ("Spain should impose sanctions on Venezuela.", "recommended"),
    ("If Spain imposed sanctions on Venezuela, trade would suffer.", "hypothetical"),
    ("Spain could impose sanctions on Venezuela.", "hypothetical"),
    ("Spain did not impose sanctions on Venezuela.", "negated"),
    ("Spain is expected to impose sanctions on Venezuela.", "expected"),
    ("Spain will impose sanctions on Venezuela.", "planned"),
    ("Spain imposed sanctions on Venezuela.", "reported"),
])
def test_modality_cues(extractor, sentence, modality):
    got = events_of(extractor, sentence)
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [("ESP", "VEN", "SANCTION", modality)]


def test_possible_meeting_is_expected(extractor):
    got = events_of(extractor, "Analysts see a possible meeting between the Chinese and Indian leaders in December.")
    assert [g[2:4] for g in got] == [("CONSULT", "expected")]


def test_country_adjective_on_a_role_noun_is_an_actor(extractor):
    got = events_of(extractor, "Russian troops attacked Ukrainian positions near the border on Monday.")
    assert got == [("RUS", "UKR", "ASSAULT", "reported", "2021-09-13")]


def test_capital_as_metonym(extractor):
    got = events_of(extractor, "Ankara accused Athens of provocations in the Aegean this week.")
    assert [g[:3] for g in got] == [("TUR", "GRC", "ACCUSE")]


def test_abstract_opinion_yields_nothing(extractor):
    text = ("The stakes for Europe could hardly be higher. Berlin's strategy rests on two ideas, and "
            "the relationship between France and Germany remains the engine of the union.")
    assert events_of(extractor, text) == []


def test_no_article_date_leaves_relative_time_unresolved(extractor):
    got = events_of(extractor, "Last month, Kenyan officials met Ethiopian officials.", published=None)
    assert got and got[0][4] is None


def test_same_event_mentioned_twice_is_one_record(extractor):
    text = ("The Dutch foreign minister will visit Indonesia on May 4. "
            "The Dutch foreign minister's visit to Indonesia will focus on trade.")
    got = events_of(extractor, text, published=date(2022, 4, 20))
    assert got == [("NLD", "IDN", "CONSULT", "planned", "2022-05-04")]


def test_condemning_an_event_targets_its_doer_and_the_event_counts_too(extractor):
    text = "On Monday, Japan condemned the ramming of a Philippine coast guard vessel by a Chinese warship."
    got = events_of(extractor, text)
    assert ("JPN", "CHN", "ACCUSE", "reported", "2021-09-13") in got
    assert not any(g[:3] == ("JPN", "PHL", "ACCUSE") for g in got)


def test_calling_something_names_is_an_accusation(extractor):
    got = events_of(extractor, "Turkey imposed a ban on Greek imports. Athens called the ban illegal.")
    assert ("GRC", "TUR", "ACCUSE", "reported", "2021-09") in got


def test_an_invitation_to_visit_is_agree(extractor):
    got = events_of(extractor, "The Kenyan president invited Uganda's president to visit Nairobi in October.")
    assert [g[2] for g in got if g[:2] == ("KEN", "UGA")] == ["AGREE"]


def events_with_url(extractor, text, url, published=date(2024, 4, 13)):
    doc = Document.from_text(text, published=published, url=url, paragraphs=[(0, len(text))])
    return [(e.source_country, e.target_country, e.event_type, e.modality) for e in extractor.extract(doc).events]


def test_we_and_i_in_a_governments_own_statement_are_that_government(extractor):
    text = ("Iran launched drones against Israel today. I condemn these attacks. "
            "We helped Israel take down nearly all of them.")
    got = events_with_url(extractor, text, "https://www.whitehouse.gov/briefing-room/statement")
    assert ("USA", "IRN", "ACCUSE", "reported") in got  # "these attacks" were Iran's
    assert ("USA", "ISR", "AID", "reported") in got
    # in news "we" has no voice: the attack on Israel is told, no one's condemnation of it
    assert events_with_url(extractor, "We condemn the attack on Israel.", "https://news.example.com/a") == [
        (None, "ISR", "ASSAULT", "reported")]


def test_we_with_an_apposition_names_who_speaks(extractor):
    text = "We, the Leaders of the G7, demand that Iran cease its attacks."
    got = events_with_url(extractor, text, "https://www.whitehouse.gov/briefing-room/statement")
    assert got == [("G07", "IRN", "REQUEST", "reported")]


def test_a_call_that_happened_and_one_promised_stay_two_events(extractor):
    text = "I have just spoken with the Israeli prime minister. We will stay in close touch with Israel."
    got = events_with_url(extractor, text, "https://www.whitehouse.gov/briefing-room/statement")
    assert sorted(g[3] for g in got if g[:3] == ("USA", "ISR", "CONSULT")) == ["planned", "reported"]


def test_attacking_a_policy_is_an_accusation_attacking_positions_an_assault(extractor):
    assert events_of(extractor, "On Monday, Japanese officials attacked China's export policy.")[0][2] == "ACCUSE"
    assert events_of(extractor, "On Monday, Russian troops attacked Ukrainian positions.")[0][2] == "ASSAULT"


def test_condemning_an_attack_against_a_third_country_targets_the_attacker(extractor):
    got = events_of(extractor, "On Sunday, Canada condemned Iran's attack against Israel.")
    assert ("CAN", "IRN", "ACCUSE", "reported", "2021-09-12") in got


def test_designations_targeting_entities_of_a_country_sanction_it(extractor):
    got = events_of(extractor, "Australia and Canada issued designations targeting officials associated with Myanmar.")
    assert {g[:3] for g in got} == {("AUS", "MMR", "SANCTION"), ("CAN", "MMR", "SANCTION")}


def test_a_cooperative_body_joining_countries_gives_each_pair(extractor):
    got = events_of(extractor, "Last month the ministers launched a new alliance network joining India, Australia, and Japan.")
    assert {(g[0], g[1]) for g in got if g[2] == "COOPERATE"} == {("IND", "AUS"), ("IND", "JPN"), ("AUS", "JPN")}


def test_rejecting_a_criticism_answers_the_critic(extractor):
    text = ("On Tuesday the German chancellor criticised Chinese subsidies for electric cars. "
            "The Chinese premier rejected the criticism.")
    assert ("CHN", "DEU", "REJECT", "reported", "2021-09-14") in events_of(extractor, text)  # dated as the criticism


def test_launching_an_attack_is_an_attack_and_an_attack_alone_too(extractor):
    assert [g[2] for g in events_of(extractor, "On Monday, Russia launched an attack on Ukraine.")] == ["ASSAULT"]
    assert [g[2] for g in events_of(extractor, "Iran's attack against Israel drew condemnation.")] == ["ASSAULT"]


def test_owners_coordinated_after_of_each_act(extractor):
    events = events_of(extractor, "The ambassadors of Norway, Chile and Kenya visited Ghana on Monday.")
    assert {(s, t, ty) for s, t, ty, _, _ in events} == {
        ("NOR", "GHA", "CONSULT"), ("CHL", "GHA", "CONSULT"), ("KEN", "GHA", "CONSULT")}


def test_conceding_that_names_the_target_in_the_clause(extractor):
    events = events_of(extractor, "Russia conceded that Ukraine had retaken the city.")
    assert [(s, t, ty) for s, t, ty, _, _ in events] == [("RUS", "UKR", "CONCEDE")]


def test_a_verb_without_target_takes_the_target_of_its_infinitive(extractor):
    events = events_of(extractor, "Iran refused to sign the deal with France.")
    assert ("IRN", "FRA", "REJECT") in [(s, t, ty) for s, t, ty, _, _ in events]


def test_a_call_or_talks_setting_a_speech_act_are_an_event_of_their_own(extractor):
    text = "During talks with the Kenyan president on Monday, the Tanzanian president urged Kenya to reopen the border."
    got = events_of(extractor, text)
    assert ("TZA", "KEN", "CONSULT", "reported", "2021-09-13") in got
    assert ("TZA", "KEN", "REQUEST", "reported", "2021-09") in got


def test_talks_that_are_what_is_urged_stay_its_content(extractor):
    assert [g[2] for g in events_of(extractor, "Ghana urged Togo to hold talks.")] == ["REQUEST"]


def test_sending_relief_goods_is_aid_and_the_goods_alone_are_not(extractor):
    assert events_of(extractor, "Norway sent vaccines to Malawi in May.") == [
        ("NOR", "MWI", "AID", "reported", "2021-05")]
    assert events_of(extractor, "Officials said vaccines in Malawi had run out.") == []


def test_a_planned_event_before_a_season_lies_between_the_article_and_then(extractor):
    text = "Spain said it would deliver two field hospitals to Morocco before winter."
    doc = Document.from_text(text, published=PUBLISHED, paragraphs=[(0, len(text))])
    [event] = extractor.extract(doc).events
    assert (event.source_country, event.target_country, event.event_type, event.modality) == (
        "ESP", "MAR", "AID", "planned")
    assert event.time.start == PUBLISHED and event.time.end is not None and event.time.end > PUBLISHED


def test_ordering_a_foreign_diplomat_to_leave_is_an_expulsion(extractor):
    text = "Mali's junta ordered the Swedish ambassador to leave the country within 72 hours."
    assert [g[:4] for g in events_of(extractor, text)] == [("MLI", "SWE", "SANCTION", "reported")]
    assert events_of(extractor, "Mali ordered its envoy to leave Stockholm.") == []


def test_an_ambiguous_country_name_keeps_its_reading_through_the_article(extractor):
    # the tagger reads the second "Niger" as a person's name; the first was the country
    text = ("Aid workers returned to Niger last week. "
            "Niger's government then ordered the Belgian ambassador to leave the country.")
    assert [g[:4] for g in events_of(extractor, text)] == [("NER", "BEL", "SANCTION", "reported")]


def test_thanks_and_appreciation_are_support_for_whom_they_go_to():
    from detente.pipeline import extract_document

    text = "The Ukrainian officials expressed appreciation for the continued provision of U.S. security assistance."
    events = extract_document(text, published=date(2023, 3, 17)).events
    assert [(e.source.country, e.target.country, e.event_type) for e in events] == [("UKR", "USA", "SUPPORT")]


def test_having_talks_reports_them_and_having_to_is_no_report():
    from detente.pipeline import extract_document

    def modality(text):
        return [e.modality for e in extract_document(text, published=date(2023, 3, 17)).events]

    assert modality("President Biden had a call with President Macron of France on Monday.") == ["reported"]
    assert modality("Japan had to cancel the visit to China.") == ["negated"]


def test_launching_or_deploying_is_a_mobilisation_only_of_forces():
    from detente.pipeline import extract_document

    def coded(text):
        return [(e.source.country, e.event_type) for e in extract_document(text, published=date(2023, 3, 17)).events]

    assert coded("Russia deployed troops to the border with Ukraine.") == [("RUS", "MOBILIZE")]
    assert coded("The United States dispatched two warships to the Red Sea near Yemen.") == [("USA", "MOBILIZE")]
    assert coded("The Department of Justice launched a webpage on reproductive rights for Americans.") == []


def test_an_attack_noun_takes_its_doer_from_itself_or_the_verb_that_carries_or_orders_it():
    from detente.pipeline import extract_document

    def coded(text):
        return [(e.source.country, e.target.country, e.event_type)
                for e in extract_document(text, published=date(2023, 3, 17)).events]

    assert coded("Russia launched attacks on Ukrainian cities.") == [("RUS", "UKR", "ASSAULT")]
    assert coded("President Biden directed strikes against three locations in Iraq.") == [("USA", "IRQ", "ASSAULT")]
    # whoever monitors, supports or discusses attacks did not make them
    assert coded("The United States supports efforts to monitor attacks on health workers in Sudan.") == []


def test_what_leaders_discuss_is_the_topic_not_their_partner():
    from detente.pipeline import extract_document

    def coded(text):
        return [(e.source.country, e.target.country, e.event_type)
                for e in extract_document(text, published=date(2023, 3, 17)).events if e.event_type == "CONSULT"]

    assert coded("Blinken discussed Ukraine with his Polish counterpart.") == [("USA", "POL", "CONSULT")]
    assert coded("The President of France and the Prime Minister of Japan discussed Russia's war against Ukraine."
                 ) == [("FRA", "JPN", "CONSULT")]


def test_what_is_directed_is_planned_and_what_is_directed_by_name_is_reported():
    from detente.pipeline import extract_document

    def modalities(text):
        return [e.modality for e in extract_document(text, published=date(2023, 3, 17)).events]

    assert modalities("President Biden directed his team to keep working closely with the Mexican government.") == [
        "planned"]
    assert modalities("President Biden directed strikes against three locations in Iraq.") == ["reported"]


def test_a_participle_that_tells_what_a_past_act_did_is_of_that_past():
    from detente.pipeline import extract_document

    def coded(text):
        return [(e.event_type, e.modality, e.time.value if e.time else None)
                for e in extract_document(text, published=date(2023, 12, 6)).events]  # a Wednesday

    assert coded("Syrian warplanes pounded the enclave on Friday, killing at least five people.") == [
        ("ASSAULT", "reported", "2023-12-01")]
    assert coded("Russia will shell the city on Friday, killing civilians.")[0][1:] == ("planned", "2023-12-08")
