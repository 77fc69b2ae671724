"""Specification of acts whose recipient is no actor of a known country (issue 14, session 18): a
government freeing, deporting or helping people it names only by what they are, lifting a measure,
rejecting a proposal, agreeing to do something. PLOVER codes these with the doer and no target; news
reports them so more often than not ("the junta released 40 detainees", "the court lifted the ban").
What is released, lifted or rejected must be of the right kind: people, a measure, a proposal — not
"released a report", "rejected hateful attacks".

Every sentence is written for these tests, read as a news article (no publisher's voice); the rule-only
lexicon typer keeps them independent of the model.
"""

from datetime import date

from conftest import dyad_types, paragraph_events

PUBLISHED = date(2025, 5, 6)


def coded(extractor, text):
    return dyad_types(paragraph_events(extractor, text, PUBLISHED))


def test_people_freed_or_expelled_by_a_named_doer(rules):
    assert coded(rules, "Hamas released three captives on Sunday.") == {("PSE", None, "RETREAT")}
    # people named by their role are the doer's own when no other country is named
    assert coded(rules, "The Malian junta released 40 detainees on Monday.") == {("MLI", "MLI", "RETREAT")}
    assert coded(rules, "Authorities in Hungary deported a 60-year-old man on Friday.") == {("HUN", None, "COERCE")}


def test_things_released_are_no_retreat(rules):
    assert coded(rules, "The Peruvian government released a report on the floods.") == set()
    assert coded(rules, "The Chilean ministry released 30 Years of Progress, a review of its work.") == set()


def test_a_measure_lifted_or_eased_is_conceded(rules):
    assert coded(rules, "A Polish court lifted the ban on the march.") == {("POL", None, "CONCEDE")}
    assert coded(rules, "The Kenyan government eased restrictions on public gatherings.") == {("KEN", None, "CONCEDE")}


def test_only_a_measure_is_conceded_by_easing(rules):
    assert ("COL", None, "CONCEDE") not in coded(rules, "Colombia lowered its forecast for growth.")


def test_a_proposal_rejected_is_a_rejection(rules):
    assert coded(rules, "The Nigerien junta rejected the proposal as an insult.") == {("NER", None, "REJECT")}
    assert coded(rules, "Bolivia rejected violence in all its forms.") == set()


def test_aid_to_people_named_only_by_what_they_are(rules):
    assert coded(rules, "The Red Crescent said Egypt provided food assistance to 2,000 households.") == {
        ("EGY", None, "AID")}


def test_agreeing_to_act_needs_the_verb_agree(rules):
    assert coded(rules, "Armenia has agreed to redraw the border.") == {("ARM", None, "AGREE")}
    assert coded(rules, "Armenia has promised to redraw the border.") == set()


def test_two_countries_coordinated_as_modifiers_of_one_noun_are_two_sides(rules):
    """ "UK and EU negotiators": the small model parses "EU" as a second modifier of the noun, not as a
    conjunct of "UK"."""
    assert coded(rules, "UK and EU negotiators have agreed a fishing deal.") == {("GBR", "EUU", "AGREE")}


def test_agreeing_to_an_act_of_its_own_is_that_act_planned(rules):
    events = paragraph_events(rules, "Kyrgyzstan's prime minister agreed to resign.", PUBLISHED)
    assert [(e.event_type, e.modality) for e in events] == [("RETREAT", "planned")]


def test_agreeing_to_a_truce_or_a_proposal(rules):
    assert coded(rules, "Azerbaijan agreed to a ceasefire in Karabakh.") == {("AZE", None, "AGREE")}
    assert coded(rules, "Armenia agreed to the proposal on Monday.") == {("ARM", None, "AGREE")}


def test_a_protest_by_a_trade_of_no_known_country_is_still_a_protest(rules):
    assert coded(rules, "Hundreds of nurses marched through the city centre on Tuesday.") == {(None, None, "PROTEST")}
    assert coded(rules, "Dockworkers went on strike at dawn.") == {(None, None, "PROTEST")}


def test_a_date_meets_no_need_of_a_trigger(rules):
    assert coded(rules, "Students marched across the campus on Friday.") == set()


def test_a_happening_condemned_with_no_doer_named_accuses_no_one(rules):
    assert coded(rules, "The Philippine president condemned the bombing of a market in Jolo.") == {
        ("PHL", None, "ACCUSE")}
    assert coded(rules, "The Philippine president condemned violence in all its forms.") == set()


def test_a_threat_to_act_on_something_of_no_country(rules):
    assert coded(rules, "Serbia threatened to close the bridge.") == {("SRB", None, "THREATEN")}


def test_refusing_to_act_is_a_rejection(rules):
    assert ("PSE", None, "REJECT") in coded(rules, "Hamas refused to free the remaining captives.")
