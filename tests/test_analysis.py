"""Timelines: periods, QuadClass counts, the cooperation–conflict score, weights files and plots."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from detente.analysis import (
    Timeline, build_timeline, timeline, load_weights, parse_dyad, period_bounds, plot_timeline,
)
from detente.errors import InputError
from detente.records import PLOVER_TYPES
from detente.store import Store
from conftest import DETENTE, article, said


def event(event_type: str, start: str | None, end: str | None = None, mode: str | None = None) -> dict:
    return {"event_type": event_type, "mode": mode,
            "date_start": date.fromisoformat(start) if start else None,
            "date_end": date.fromisoformat(end or start) if start else None}


# --- dyads and periods ----------------------------------------------------------------------------


def test_a_dyad_is_source_colon_target() -> None:
    assert parse_dyad("usa:chn") == ("USA", "CHN")
    assert parse_dyad(" USA : EUU ") == ("USA", "EUU")
    for bad in ("USA", "USA:", ":CHN", "USA:CHN:RUS", "US A:CHN", "USA;CHN"):
        with pytest.raises(InputError, match="SOURCE:TARGET"):
            parse_dyad(bad)


@pytest.mark.parametrize("freq, day, expected", [
    ("month", date(2024, 2, 10), ("2024-02", date(2024, 2, 1), date(2024, 2, 29))),
    ("quarter", date(2023, 11, 30), ("2023Q4", date(2023, 10, 1), date(2023, 12, 31))),
    ("quarter", date(2023, 4, 1), ("2023Q2", date(2023, 4, 1), date(2023, 6, 30))),
    ("year", date(2022, 7, 4), ("2022", date(2022, 1, 1), date(2022, 12, 31))),
])
def test_period_bounds(freq: str, day: date, expected: tuple) -> None:
    assert period_bounds(day, freq) == expected


# --- weights --------------------------------------------------------------------------------------


def test_the_packaged_weights_are_the_plover_scores() -> None:
    weights = load_weights()
    assert set(weights.types) == set(PLOVER_TYPES)
    assert all(-10 <= score <= 10 for score in weights.types.values())
    assert weights.score("AID") == 10
    assert weights.score("ASSAULT") == -9
    assert weights.score("CONSULT") == 2.5
    assert weights.score("CONSULT", "Visit") == 4  # a mode with its own score
    assert weights.score("CONSULT", "dinner") == 2.5  # an unlisted mode falls back to the type
    assert weights.score("ACCUSE") < 0  # the manual's printed +3 is read as a lost minus sign


def test_a_user_weights_file_overrides_only_what_it_lists(tmp_path: Path) -> None:
    custom = tmp_path / "mine.yaml"
    custom.write_text("# my scale\nconsult: 1\nACCUSE: {score: 3, modes: {allege: -5}}\n", encoding="utf-8")
    weights = load_weights(custom)
    assert weights.score("CONSULT") == 1
    assert weights.score("CONSULT", "visit") == 4  # untouched mode score
    assert (weights.score("ACCUSE"), weights.score("ACCUSE", "allege")) == (3, -5)
    assert weights.score("AID") == 10
    assert weights.sources[-1] == str(custom)


@pytest.mark.parametrize("content, message", [
    ("VISIT: 3\n", "not a PLOVER event type"),
    ("AID: lots\n", "not a number"),
    ("AID: {score: 1, weight: 2}\n", "unknown keys"),
    ("- AID\n", "expected a mapping"),
    ("AID: [1\n", "not valid YAML"),
])
def test_a_bad_weights_file_is_a_one_line_error(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_weights(bad)


def test_a_missing_weights_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_weights(tmp_path / "nope.yaml")


# --- building timelines ---------------------------------------------------------------------------


def test_each_period_counts_events_by_quad_class_and_sums_their_scores() -> None:
    timeline = build_timeline([
        event("CONSULT", "2023-01-10", mode="visit"),  # VC +4
        event("AID", "2023-01-20"),  # MC +10
        event("ACCUSE", "2023-01-31"),  # VX -3
        event("SANCTION", "2023-03-02"),  # MX -6
    ], ("USA", "CHN"), freq="month")

    assert [row.period for row in timeline.rows] == ["2023-01", "2023-02", "2023-03"]
    january, february, march = timeline.rows
    assert (january.events, january.VC, january.MC, january.VX, january.MX) == (3, 1, 1, 1, 0)
    assert (january.cooperation, january.conflict, january.net) == (14, -3, 11)
    assert (february.events, february.net) == (0, 0)  # empty periods are kept, as zeros
    assert (march.MX, march.conflict, march.net) == (1, -6, -6)


def test_events_vaguer_than_a_period_or_undated_are_left_out_and_counted() -> None:
    events = [event("AGREE", "2023-05-01", "2023-05-31"), event("AGREE", "2023-01-01", "2023-12-31"),
              event("AGREE", None)]
    by_month = build_timeline(events, ("USA", "CHN"), freq="month")
    assert (sum(r.events for r in by_month.rows), by_month.too_coarse, by_month.undated) == (1, 1, 1)
    assert any("more vaguely" in note for note in by_month.notes())
    by_year = build_timeline(events, ("USA", "CHN"), freq="year")
    assert ([r.events for r in by_year.rows], by_year.too_coarse) == ([2], 0)


def test_since_and_until_fix_the_span_of_periods() -> None:
    timeline = build_timeline([event("AID", "2023-05-05")], ("USA", "UKR"), freq="quarter",
                              since=date(2023, 1, 15), until=date(2023, 12, 1))
    assert [(r.period, r.events) for r in timeline.rows] == [("2023Q1", 0), ("2023Q2", 1), ("2023Q3", 0),
                                                             ("2023Q4", 0)]


def test_a_bad_frequency_is_an_input_error() -> None:
    with pytest.raises(InputError, match="frequency 'week'"):
        build_timeline([], ("USA", "CHN"), freq="week")


# --- timelines from the store ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated(store_of) -> Store:
    """Three months of Washington-Beijing events, read by the timeline tests."""
    return store_of(
        "timeline",
        article("one.txt", date(2023, 3, 2),
                said("Washington sent aid to Beijing on 1 March.", "USA:CHN", "AID", when="2023-03-01"),
                said("Washington will host Beijing in May.", "USA:CHN", "CONSULT", "planned", "2023-05"),
                said("Beijing threatened Washington on 2 March.", "CHN:USA", "THREATEN", when="2023-03-02")),
        article("two.txt", date(2023, 6, 2),
                said("Washington sanctioned Beijing on 1 June.", "USA:CHN", "SANCTION", when="2023-06-01")),
    )


def test_only_reported_events_count_unless_others_are_included(dated: Store) -> None:
    default = timeline(dated, "USA:CHN", freq="month")
    assert [(r.period, r.events) for r in default.rows] == [("2023-03", 1), ("2023-04", 0), ("2023-05", 0),
                                                            ("2023-06", 1)]
    widened = timeline(dated, "USA:CHN", freq="month", modalities=["reported", "planned"])
    assert [r.events for r in widened.rows] == [1, 0, 1, 1]


def test_both_directions_adds_the_reverse_dyad(dated: Store) -> None:
    one_way = timeline(dated, "USA:CHN", freq="year")
    both = timeline(dated, "USA:CHN", freq="year", both_directions=True)
    assert (one_way.rows[0].events, both.rows[0].events) == (2, 3)
    assert both.rows[0].VX == 1 and both.title == "USA <-> CHN"


def test_the_timeline_command_prints_csv_and_draws_a_png(dated: Store, tmp_path: Path) -> None:
    plot = tmp_path / "usa-chn.png"
    run = subprocess.run([DETENTE, "timeline", "--db", str(dated.path), "--dyad", "USA:CHN", "--freq", "quarter",
                          "--include", "planned", "--format", "csv", "--plot", str(plot)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "period,start,end,events,VC,MC,VX,MX,cooperation,conflict,net"
    assert lines[1].startswith("2023Q1,2023-01-01,2023-03-31,1,0,1,0,0,10.0,0.0,10.0")
    assert lines[2].startswith("2023Q2,2023-04-01,2023-06-30,2,1,0,0,1,2.5,-6.0,-3.5")
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_timeline_command_rejects_bad_options_in_one_line(dated: Store) -> None:
    for options, message in ((["--include", "rumour"], "--include 'rumour'"),
                             (["--plot", "chart.pdf"], ".png or .svg"),
                             (["--freq", "week"], "frequency 'week'")):
        run = subprocess.run([DETENTE, "timeline", "--db", str(dated.path), "--dyad", "USA:CHN", *options],
                             capture_output=True, text=True)
        assert run.returncode == 2
        assert run.stderr.count("\n") == 1 and message in run.stderr


# --- plots ----------------------------------------------------------------------------------------


def test_plots_are_written_as_png_or_svg(tmp_path: Path) -> None:
    timeline = build_timeline([event("AID", "2023-01-05"), event("ASSAULT", "2023-02-05")], ("USA", "CHN"))
    png = plot_timeline(timeline, tmp_path / "t.png")
    svg = plot_timeline(timeline, tmp_path / "t.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:2000]
    with pytest.raises(InputError, match=".png or .svg"):
        plot_timeline(timeline, tmp_path / "t.jpg")
    with pytest.raises(InputError, match="does not exist"):
        plot_timeline(timeline, tmp_path / "missing" / "t.png")


def test_an_empty_timeline_still_plots(tmp_path: Path) -> None:
    empty = Timeline(dyad=("USA", "CHN"), freq="month", both_directions=False, modalities=("reported",), rows=[])
    assert plot_timeline(empty, tmp_path / "empty.png").stat().st_size > 0
