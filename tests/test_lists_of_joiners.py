"""Specification of joint acts in official texts (issue 14, session 17): a list of countries acting
with the speaker's government acts each on the target even when the parse hangs the act on a small
clause ("announced sanctions on officials responsible for ..."); joining someone at a place or for a
meeting is meeting them; strikes on targets are attacks, a strike is a protest only when workers go on,
stage or call it; the typer does not choose a sense of the trigger word whose needs are unmet.

Every sentence is written for these tests; the rule-only lexicon typer keeps them independent of the
model, except where a stub typer stands for it.
"""

from datetime import date

from conftest import statement_dyads

PUBLISHED = date(2024, 3, 11)


def coded(extractor, text):
    return statement_dyads(extractor, text, PUBLISHED)


def test_sanctions_announced_on_officials_responsible_for_something_are_the_announcers(rules):
    text = ("The United States, along with Canada, Germany and the United Kingdom, announced sanctions on Iranian "
            "officials responsible for the crackdown.")
    assert {(s, t) for s, t, kind in coded(rules, text) if kind == "SANCTION"} == {
        ("USA", "IRN"), ("CAN", "IRN"), ("DEU", "IRN"), ("GBR", "IRN")}


def test_joining_someone_at_a_place_or_for_a_meeting_is_meeting_them(rules):
    assert coded(rules, "The Prime Minister of Japan joined the President at the White House on Monday.") == {
        ("JPN", "USA", "CONSULT")}
    assert coded(rules, "Finland joined NATO in April.") == set()
    assert coded(rules, "Ukraine hopes to join NATO for its security.") == set()


def test_strikes_against_targets_are_an_attack_and_a_strike_workers_go_on_a_protest(rules):
    assert coded(rules, "The United States conducted strikes against Houthi targets in Yemen.") == {
        ("USA", "YEM", "ASSAULT")}
    assert coded(rules, "Dockworkers in Antwerp went on strike on Monday.") == {("BEL", None, "PROTEST")}


class PrefersProtest:
    """A typer stub that always answers PROTEST first, ASSAULT second."""

    def predict(self, candidates):
        from detente.events.candidates import TypeDecision

        return [TypeDecision("PROTEST", 0.9, {"PROTEST": 0.9, "ASSAULT": 0.08, "AGREE": 0.02}) for _ in candidates]


def test_the_typer_does_not_choose_a_sense_whose_needs_are_unmet(rules):
    from detente.pipeline import Extractor

    extractor = Extractor(nlp=rules.nlp, typer=PrefersProtest())
    # the labour strike needs a verb that strikes work; the attack is what is left
    assert coded(extractor, "Russia carried out a strike on Odesa.") == {("RUS", "UKR", "ASSAULT")}


def test_a_strike_on_a_city_strikes_its_country_and_launching_it_is_no_deployment(rules):
    assert coded(rules, "Russia carried out a strike on Odesa.") == {("RUS", "UKR", "ASSAULT")}
    assert coded(rules, "Russia launched a missile strike on Kyiv.") == {("RUS", "UKR", "ASSAULT")}
    assert coded(rules, "North Korea launched a ballistic missile.") == {("PRK", None, "MOBILIZE")}
