"""Specification of passive participles (issue 14, session 17): the noun a passive participle modifies
is the one acted on, not the doer ("American soldiers killed in Jordan", "the hostages kidnapped by
Hamas"); forces that are moved stay their owner's ("U.S. troops deployed to Poland"). Goods named by a
noun reach their recipient through the verb they are the subject of ("supplies provided by A reached
B", "assistance provided by A has helped B rebuild").

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model.
"""

from datetime import date

from conftest import statement_dyads

PUBLISHED = date(2024, 3, 11)


def coded(extractor, text):
    return statement_dyads(extractor, text, PUBLISHED)


def test_the_people_a_passive_participle_modifies_are_its_victims(rules):
    assert coded(rules, "We honor the Israeli hostages kidnapped by Hamas.") == {("PSE", "ISR", "ASSAULT")}
    assert coded(rules, "Ukrainian civilians killed in Russian strikes were buried on Saturday.") >= {
        ("RUS", "UKR", "ASSAULT")}
    assert not any(source == "UKR" for source, _, _ in
                   coded(rules, "Ukrainian civilians killed in Russian strikes were buried on Saturday."))


def test_victims_named_with_no_doer_are_attacked_by_someone_unknown(rules):
    assert coded(rules, "We mourn the American soldiers killed in Jordan.") == {(None, "USA", "ASSAULT")}


def test_forces_a_passive_participle_moves_stay_their_owners(rules):
    assert coded(rules, "U.S. troops deployed to Poland will stay there.") == {("USA", "POL", "MOBILIZE")}


def test_goods_named_by_a_noun_reach_their_recipient_through_their_verb(rules):
    assert coded(rules, "Humanitarian supplies provided by Jordan, Egypt and the UAE reached Gaza on Sunday.") == {
        ("JOR", "PSE", "AID"), ("EGY", "PSE", "AID"), ("ARE", "PSE", "AID")}
    assert coded(rules, "Assistance provided by Canada and Japan has helped Ukraine rebuild its energy grid.") == {
        ("CAN", "UKR", "AID"), ("JPN", "UKR", "AID")}
