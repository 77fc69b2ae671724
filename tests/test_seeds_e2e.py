"""End to end on the two seed analysis articles (read from ../shared/seeds, never copied here).

Checks specific events a careful reader finds, that teasers of other articles yield nothing, and
that development-gold scores do not fall below where they stand (a regression guard, not the bar).
"""

from datetime import date
from pathlib import Path

import pytest

from detente.evaluate import evaluate_files
from detente.pipeline import extract_path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CHINAFILE = SEEDS / "000_1212dacb96b4cb91.txt"
QUINCY = SEEDS / "004_246e9f00afd06c6d.txt"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")]


def keys(extraction):
    return {(e.source_country, e.target_country, e.event_type, e.modality, e.time.value) for e in extraction.events}


@pytest.fixture(scope="module")
def june_2023():
    return extract_path(CHINAFILE, published=date(2023, 6, 15))


@pytest.fixture(scope="module")
def april_2024():
    return extract_path(QUINCY, published=date(2024, 4, 23))


def test_the_cancelled_february_trip_comes_out_negated(june_2023):
    assert ("USA", "CHN", "CONSULT", "negated", "2023-02") in keys(june_2023)


def test_the_june_18_visit_is_planned_for_that_day(june_2023):
    assert ("USA", "CHN", "CONSULT", "planned", "2023-06-18") in keys(june_2023)


def test_the_balloon_shootdown_is_a_reported_assault_in_february(june_2023):
    assert ("USA", "CHN", "ASSAULT", "reported", "2023-02") in keys(june_2023)


def test_last_novembers_bali_meeting_is_dated_to_november_2022(june_2023):
    assert any(k[:3] == ("USA", "CHN", "CONSULT") and k[3] == "reported" and k[4] == "2022-11"
               for k in keys(june_2023))


def test_the_declined_shangri_la_meeting_is_negated(june_2023):
    assert any(k[:4] == ("CHN", "USA", "CONSULT", "negated") for k in keys(june_2023))


def test_potential_visits_are_expected_not_asserted(june_2023):
    expected = [e for e in june_2023.events if e.modality == "expected" and e.source_country == "USA"]
    assert len({e.source.actor_id for e in expected}) >= 3  # Yellen, Raimondo, Kerry


def test_four_travellers_are_four_events(april_2024):
    trips = [e for e in april_2024.events if (e.source_country, e.target_country, e.event_type,
                                              e.modality, e.time.value) == ("USA", "CHN", "CONSULT", "reported", "2023")]
    assert len({e.source.actor_id for e in trips}) == 4


def test_this_weeks_trip_is_planned(april_2024):
    assert ("USA", "CHN", "CONSULT", "planned", "2024-04") in keys(april_2024)


def test_teasers_of_other_articles_yield_no_event(april_2024):
    text = april_2024.document.text
    for phrase in ("Netanyahu", "NATO Summit", "Michael Jensen", "Newsletter"):
        assert phrase not in text
    assert all(e.source_country not in ("ISR", "IRN") for e in april_2024.events)


def test_development_gold_scores_hold():
    report = evaluate_files([REPO / "tests" / "gold" / "seeds.yaml"])
    assert report.recall >= 0.65
    assert report.precision >= 0.85
    assert report.boilerplate_events == 0
