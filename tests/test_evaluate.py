"""Specification of `detente evaluate`: the gold format, the matching rules and the command itself.

Predictions here are hand-made EventMentions; the command runs with a fake extractor. Only the test
marked slow runs detente's real extraction over the development gold.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import evaluate
from detente.cli import app
from detente.errors import InputError
from detente.evaluate import (
    GoldDocument,
    Period,
    add_months,
    load_gold,
    period_of_value,
    score_document,
)
from detente.records import Actor, Document, EventMention, Extraction, TimeRef

GOLD_DIR = Path(__file__).parent / "gold"

TEXT = (
    "Kenya's foreign minister will visit Tanzania on March 20.\n"
    "Tanzania and Kenya signed a fisheries pact last week.\n"
    "Related: Chile recalled its envoy from Peru, a reader favourite.\n"
)


def day_ref(value: str) -> TimeRef:
    period = period_of_value(value)
    precision = {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]
    return TimeRef(value=value, precision=precision, start=period.start, end=period.end, text=value)


def prediction(source: str | None, target: str | None, event_type: str, modality: str = "reported",
               when: str | None = "2024-03-20", sentence: str = "", span: tuple[int, int] = (0, 10),
               confidence: float = 0.5) -> EventMention:
    """A hand-made prediction; the sentence index is varied so that event ids differ."""
    prediction.counter = getattr(prediction, "counter", 0) + 1
    return EventMention(
        doc_id="doc",
        source=Actor(text=source or "?", country=source),
        target=Actor(text=target or "?", country=target) if target else None,
        event_type=event_type,
        modality=modality,
        time=day_ref(when) if when else TimeRef.unknown(),
        sentence_index=prediction.counter,
        sentence=sentence,
        char_start=span[0],
        char_end=span[1],
        confidence=confidence,
    )


def write_gold(tmp_path: Path, events_yaml: str, boilerplate: str = "", text: str = TEXT) -> Path:
    """A one-document gold file (and its text) in tmp_path; returns the gold file's path."""
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "documents:\n"
        "  - file: doc.txt\n"
        "    published: 2024-03-12\n"
        + (f"    boilerplate:\n{boilerplate}" if boilerplate else "")
        + "    events:\n"
        + events_yaml,
        encoding="utf-8",
    )
    return gold


VISIT = """\
      - id: visit
        source: KEN
        target: TZA
        types: [CONSULT, AGREE]
        modalities: [planned]
        date: 2024-03-20
        note: "will visit Tanzania on March 20"
"""

PACT = """\
      - id: pact
        source: TZA
        target: KEN
        types: [SUPPORT]
        modalities: [reported]
        date: {start: 2024-03-04, end: 2024-03-10}
        directed: false
"""


def gold_doc(tmp_path: Path, events_yaml: str = VISIT + PACT, boilerplate: str = "") -> GoldDocument:
    return load_gold(write_gold(tmp_path, events_yaml, boilerplate))[0]


# --- periods and dates ----------------------------------------------------------------------------


def test_gold_dates_name_a_year_a_month_a_day_or_a_range():
    assert period_of_value(2023) == Period(date(2023, 1, 1), date(2023, 12, 31))
    assert period_of_value("2024-02") == Period(date(2024, 2, 1), date(2024, 2, 29))
    assert period_of_value(date(2023, 6, 18)) == Period(date(2023, 6, 18), date(2023, 6, 18))
    assert period_of_value({"start": "2023-05", "end": 2023}) == Period(date(2023, 5, 1), date(2023, 12, 31))


def test_gold_dates_that_make_no_sense_are_refused():
    for bad in ("June 2023", "2023-13", {"start": "2023-06"}, {"start": "2023-06", "end": "2023-05"}):
        with pytest.raises(ValueError):
            period_of_value(bad)


def test_month_arithmetic_clamps_to_the_shorter_month():
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2023, 12, 15), 1) == date(2024, 1, 15)
    assert Period(date(2023, 6, 18), date(2023, 6, 18)).widened() == Period(date(2023, 5, 18), date(2023, 7, 18))


# --- loading gold ---------------------------------------------------------------------------------


def test_gold_file_paths_are_relative_to_the_gold_file(tmp_path):
    doc = gold_doc(tmp_path)
    assert doc.path == (tmp_path / "doc.txt").resolve()
    assert doc.published == date(2024, 3, 12)
    visit, pact = doc.events
    assert visit.required and visit.sources == ("KEN",) and visit.targets == ("TZA",)
    assert visit.primary_type == "CONSULT" and visit.note == "will visit Tanzania on March 20"
    assert not pact.directed


def test_an_omitted_target_means_no_recipient(tmp_path):
    doc = gold_doc(tmp_path, "      - {id: drill, source: KEN, types: [MOBILIZE], modalities: [reported]}\n")
    assert doc.events[0].targets == (None,)
    assert doc.events[0].period is None


@pytest.mark.parametrize("bad_event, message", [
    ("{id: a, source: KEN, target: TZA, types: [VISIT], modalities: [reported]}", "not a PLOVER type"),
    ("{id: a, source: KEN, target: TZA, types: [CONSULT], modalities: [rumoured]}", "not a modality"),
    ("{id: a, source: Kenya, target: TZA, types: [CONSULT], modalities: [reported]}", "three-character"),
    ("{id: a, source: KEN, target: TZA, types: [CONSULT], modalities: [reported], need: maybe}", "need"),
    ("{id: a, source: KEN, target: TZA, types: [CONSULT], modalities: [reported], when: 2024}", "unknown key"),
    ("{id: a, source: KEN, target: TZA, types: [CONSULT], modalities: [reported], date: soon}", "date"),
    ("{source: KEN, target: TZA, types: [CONSULT], modalities: [reported]}", "missing 'id'"),
    ("{id: a, target: TZA, types: [CONSULT], modalities: [reported]}", "missing 'source'"),
])
def test_mistakes_in_gold_events_are_one_line_input_errors(tmp_path, bad_event, message):
    with pytest.raises(InputError, match=message):
        gold_doc(tmp_path, f"      - {bad_event}\n")


def test_event_ids_must_be_unique_within_a_document(tmp_path):
    with pytest.raises(InputError, match="used twice"):
        gold_doc(tmp_path, VISIT + VISIT)


def test_a_gold_file_must_name_files_that_exist(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("documents:\n  - file: missing.txt\n    events: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="not found"):
        load_gold(gold)


def test_boilerplate_phrases_must_occur_in_the_file(tmp_path):
    with pytest.raises(InputError, match="does not occur"):
        gold_doc(tmp_path, VISIT, boilerplate='      - "Bolivia recalled"\n')


def test_a_file_that_is_not_a_gold_set_is_refused(tmp_path):
    not_gold = tmp_path / "other.yaml"
    not_gold.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="documents"):
        load_gold(not_gold)
    broken = tmp_path / "broken.yaml"
    broken.write_text("documents: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_gold(broken)


# --- the matching rules ---------------------------------------------------------------------------


def test_a_prediction_that_agrees_on_everything_matches(tmp_path):
    score = score_document(gold_doc(tmp_path), [prediction("KEN", "TZA", "CONSULT", "planned")])
    assert score.matched == {0: 0}
    assert score.found == [0] and score.missed == [1]


def test_direction_matters_unless_the_gold_event_is_undirected(tmp_path):
    doc = gold_doc(tmp_path)
    backwards_visit = prediction("TZA", "KEN", "CONSULT", "planned")
    assert score_document(doc, [backwards_visit]).matched == {}
    either_way_pact = [prediction("KEN", "TZA", "SUPPORT", when="2024-03-07")]
    assert score_document(doc, either_way_pact).matched == {1: 0}


def test_any_listed_type_is_accepted_and_no_other(tmp_path):
    doc = gold_doc(tmp_path)
    assert score_document(doc, [prediction("KEN", "TZA", "AGREE", "planned")]).matched == {0: 0}
    assert score_document(doc, [prediction("KEN", "TZA", "COOPERATE", "planned")]).matched == {}


def test_a_list_of_countries_means_any_of_them(tmp_path):
    doc = gold_doc(tmp_path, "      - {id: a, source: [KEN, UGA], target: [TZA, null], "
                             "types: [RETREAT], modalities: [reported]}\n")
    for source, target in (("UGA", "TZA"), ("KEN", None)):
        assert score_document(doc, [prediction(source, target, "RETREAT")]).matched == {0: 0}
    assert score_document(doc, [prediction("TZA", "KEN", "RETREAT")]).matched == {}


def test_the_modality_must_be_one_the_gold_allows(tmp_path):
    doc = gold_doc(tmp_path)
    for wrong in ("reported", "expected", "negated"):
        assert score_document(doc, [prediction("KEN", "TZA", "CONSULT", wrong)]).matched == {}


def test_alternatives_pair_other_types_with_their_own_modalities(tmp_path):
    cancelled = """\
      - id: cancelled
        source: KEN
        target: TZA
        types: [CONSULT]
        modalities: [negated]
        alternatives:
          - {types: [REJECT], modalities: [reported]}
"""
    doc = gold_doc(tmp_path, cancelled)
    assert score_document(doc, [prediction("KEN", "TZA", "CONSULT", "negated")]).matched == {0: 0}
    assert score_document(doc, [prediction("KEN", "TZA", "REJECT", "reported")]).matched == {0: 0}
    # The types and modalities of different readings do not mix.
    assert score_document(doc, [prediction("KEN", "TZA", "CONSULT", "reported")]).matched == {}
    assert score_document(doc, [prediction("KEN", "TZA", "REJECT", "negated")]).matched == {}


def test_dates_may_be_off_by_up_to_a_month_either_side(tmp_path):
    doc = gold_doc(tmp_path)  # the visit is on 2024-03-20
    for near in ("2024-04-20", "2024-02-20", "2024-02", "2024"):
        assert score_document(doc, [prediction("KEN", "TZA", "CONSULT", "planned", when=near)]).matched == {0: 0}
    for far in ("2024-04-21", "2024-02-19", "2024-05", "2023"):
        assert score_document(doc, [prediction("KEN", "TZA", "CONSULT", "planned", when=far)]).matched == {}


def test_a_prediction_without_a_date_only_matches_a_gold_event_without_one(tmp_path):
    doc = gold_doc(tmp_path)
    assert score_document(doc, [prediction("KEN", "TZA", "CONSULT", "planned", when=None)]).matched == {}
    undated = gold_doc(tmp_path, "      - {id: a, source: KEN, target: TZA, types: [CONSULT], "
                                 "modalities: [planned]}\n")
    assert score_document(undated, [prediction("KEN", "TZA", "CONSULT", "planned", when=None)]).matched == {0: 0}


def test_one_prediction_is_credited_to_at_most_one_gold_event(tmp_path):
    two_talks = """\
      - {id: march, source: KEN, target: TZA, types: [CONSULT], modalities: [reported], date: 2024-03}
      - {id: april, source: KEN, target: TZA, types: [CONSULT], modalities: [reported], date: 2024-04}
"""
    doc = gold_doc(tmp_path, two_talks)
    one = score_document(doc, [prediction("KEN", "TZA", "CONSULT", when="2024-03-31")])
    assert len(one.found) == 1 and len(one.missed) == 1
    # Two predictions that could each serve either event are assigned so that both are found.
    both = score_document(doc, [prediction("KEN", "TZA", "CONSULT", when="2024-03-31"),
                                prediction("KEN", "TZA", "CONSULT", when="2024-03-15")])
    assert len(both.found) == 2


def test_the_assignment_serves_required_events_before_optional_ones(tmp_path):
    events = """\
      - {id: vague, need: optional, source: KEN, target: TZA, types: [CONSULT], modalities: [reported]}
      - {id: clear, source: KEN, target: TZA, types: [CONSULT], modalities: [reported], date: 2024-03}
"""
    score = score_document(gold_doc(tmp_path, events), [prediction("KEN", "TZA", "CONSULT")])
    assert score.matched == {1: 0}


def test_optional_events_neither_count_as_misses_nor_make_predictions_false(tmp_path):
    events = "      - {id: maybe, need: optional, source: TZA, target: KEN, types: [ACCUSE], modalities: [reported]}\n"
    doc = gold_doc(tmp_path, events)
    report = evaluate.Report([score_document(doc, [])])
    assert report.required == 0 and report.recall is None
    report = evaluate.Report([score_document(doc, [prediction("TZA", "KEN", "ACCUSE")])])
    assert report.asserted == 1 and report.correct == 1


def test_precision_counts_only_reported_and_planned_predictions(tmp_path):
    doc = gold_doc(tmp_path)
    predictions = [
        prediction("KEN", "TZA", "CONSULT", "planned"),  # correct
        prediction("KEN", "TZA", "ASSAULT", "reported"),  # false
        prediction("KEN", "TZA", "ASSAULT", "hypothetical"),  # not asserted: ignored
        prediction("KEN", "TZA", "SANCTION", "recommended"),  # not asserted: ignored
        prediction("KEN", "TZA", "CONSULT", "expected"),  # not asserted: ignored
    ]
    report = evaluate.Report([score_document(doc, predictions)])
    assert (report.asserted, report.correct) == (2, 1)
    assert report.precision == 0.5
    assert report.recall == 0.5
    assert report.f1 == pytest.approx(0.5)


def test_repeated_mentions_of_a_true_event_are_correct_but_reported_as_duplicates(tmp_path):
    doc = gold_doc(tmp_path)
    mentions = [prediction("KEN", "TZA", "CONSULT", "planned") for _ in range(3)]
    report = evaluate.Report([score_document(doc, mentions)])
    assert report.correct == 3 and report.duplicates == 2 and report.found == 1


def test_modality_and_date_accuracy_are_measured_on_country_and_type_pairs(tmp_path):
    doc = gold_doc(tmp_path)
    predictions = [
        prediction("KEN", "TZA", "CONSULT", "reported", when="2024-03-20"),  # wrong modality, right date
        prediction("TZA", "KEN", "SUPPORT", "reported", when="2023-01"),  # right modality, wrong date
    ]
    report = evaluate.Report([score_document(doc, predictions)])
    assert report.loose_pairs == 2
    assert report.modality_accuracy == 0.5
    assert report.date_accuracy == 0.5
    assert report.found == 0


def test_a_repeated_mention_of_a_found_event_is_not_paired_loosely_with_another(tmp_path):
    events = """\
      - {id: visit, source: KEN, target: TZA, types: [CONSULT], modalities: [planned], date: 2024-03-20}
      - {id: cancelled, source: KEN, target: TZA, types: [CONSULT], modalities: [negated], date: 2024-01}
"""
    doc = gold_doc(tmp_path, events)
    repeated = [prediction("KEN", "TZA", "CONSULT", "planned") for _ in range(2)]
    report = evaluate.Report([score_document(doc, repeated)])
    assert report.loose_pairs == 1 and report.modality_accuracy == 1.0
    wrong_modality = prediction("KEN", "TZA", "CONSULT", "reported", when="2024-01-10")
    report = evaluate.Report([score_document(doc, repeated + [wrong_modality])])
    assert report.loose_pairs == 2 and report.modality_accuracy == 0.5 and report.date_accuracy == 1.0


def test_the_per_type_table_counts_required_gold_under_its_first_type(tmp_path):
    doc = gold_doc(tmp_path)
    predictions = [prediction("KEN", "TZA", "AGREE", "planned"), prediction("KEN", "TZA", "ASSAULT")]
    rows = {row.event_type: row for row in evaluate.Report([score_document(doc, predictions)]).per_type()}
    assert (rows["CONSULT"].gold, rows["CONSULT"].found, rows["CONSULT"].predicted) == (1, 1, 0)
    assert (rows["AGREE"].gold, rows["AGREE"].predicted, rows["AGREE"].correct) == (0, 1, 1)
    assert (rows["ASSAULT"].predicted, rows["ASSAULT"].correct, rows["ASSAULT"].precision) == (1, 0, 0.0)
    assert rows["SUPPORT"].recall == 0.0 and rows["PROTEST"].recall is None


def test_predictions_inside_boilerplate_paragraphs_are_counted(tmp_path):
    doc = gold_doc(tmp_path, VISIT, boilerplate='      - "a reader favourite"\n')
    teaser_start = TEXT.index("Chile")
    teaser = prediction("CHL", "PER", "SANCTION", span=(teaser_start, teaser_start + 30),
                        sentence="Chile recalled its envoy from Peru")
    body = prediction("KEN", "TZA", "CONSULT", "planned", span=(0, 40))
    score = score_document(doc, [teaser, body], TEXT)
    assert score.boilerplate == [0]
    # Without offsets, the sentence itself is searched for the phrases.
    offsetless = prediction("CHL", "PER", "SANCTION", span=(-1, -1),
                            sentence="Related: Chile recalled its envoy from Peru, a reader favourite.")
    assert score_document(doc, [offsetless], TEXT).boilerplate == [0]


def test_boilerplate_phrases_tolerate_other_quotes_and_line_breaks():
    text = "Body.\nTeaser: \u201cWe  will\nnot\u201d stay, says Peru\u2019s envoy.\n"
    assert evaluate.find_phrase(text, '"We will not" stay, says Peru\'s envoy')
    regions = evaluate.boilerplate_regions(text, ["says Peru's envoy"])
    assert regions == [(text.index("not"), len(text) - 1)]


# --- the command ----------------------------------------------------------------------------------


def fake_extractor(predictions_by_file: dict[str, list[EventMention]]):
    def extract(path: Path, published: date | None) -> Extraction:
        text = path.read_text(encoding="utf-8")
        document = Document.from_text(text, source=str(path), published=published)
        return Extraction(document=document, events=predictions_by_file.get(path.name, []))
    return extract


@pytest.fixture
def tiny_gold(tmp_path, monkeypatch):
    """A gold file with the visit and the pact; the fake extractor finds the visit and one false event."""
    gold = write_gold(tmp_path, VISIT + PACT, boilerplate='      - "a reader favourite"\n')
    calls = []
    predictions = {"doc.txt": [
        prediction("KEN", "TZA", "CONSULT", "planned", sentence=TEXT.splitlines()[0], span=(0, 56)),
        prediction("KEN", "UGA", "ASSAULT", "reported", sentence="An invented attack.", span=(0, 56)),
    ]}
    extract = fake_extractor(predictions)

    def recording_extract(path, published):
        calls.append((path.name, published))
        return extract(path, published)

    monkeypatch.setattr(evaluate, "extract_with_pipeline", recording_extract)
    return gold, calls


def test_evaluate_prints_recall_precision_and_the_type_table(tiny_gold):
    gold, calls = tiny_gold
    result = CliRunner().invoke(app, ["evaluate", str(gold)])
    assert result.exit_code == 0, result.output
    assert calls == [("doc.txt", date(2024, 3, 12))]
    assert "recall      50.0%  (1 of 2 required" in result.output
    assert "precision   50.0%  (1 of 2 asserted" in result.output
    assert "boilerplate events: 0" in result.output
    assert "MISSED" not in result.output


def test_evaluate_verbose_lists_missed_events_with_notes_and_false_events_with_sentences(tiny_gold):
    gold, _ = tiny_gold
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--verbose"])
    assert result.exit_code == 0, result.output
    assert "MISSED doc.txt [pact]" in result.output
    assert "FALSE  doc.txt: KEN -> UGA ASSAULT reported" in result.output
    assert "An invented attack." in result.output


def test_evaluate_json_is_machine_readable(tiny_gold):
    gold, _ = tiny_gold
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["recall"], data["precision"], data["boilerplate_events"]) == (0.5, 0.5, 0)
    assert [m["id"] for m in data["missed"]] == ["pact"]
    assert data["false_events"][0]["event_type"] == "ASSAULT"


def test_minimum_bars_turn_a_miss_into_exit_code_1(tiny_gold):
    gold, _ = tiny_gold
    assert CliRunner().invoke(app, ["evaluate", str(gold), "--min-recall", "0.5"]).exit_code == 0
    missed = CliRunner().invoke(app, ["evaluate", str(gold), "--min-precision", "0.9"])
    assert missed.exit_code == 1
    assert "precision 0.500 is below 0.9" in missed.output


def test_the_installed_entry_point_exits_1_on_a_missed_bar_and_2_on_bad_gold(tiny_gold, monkeypatch, capsys):
    from detente.cli import main

    gold, _ = tiny_gold
    for argv, code in ((["--min-recall", "0.9"], 1), (["--min-recall", "0.1"], 0)):
        monkeypatch.setattr("sys.argv", ["detente", "evaluate", str(gold), *argv])
        with pytest.raises(SystemExit) as leaving:
            main()
            raise SystemExit(0)  # main() returning normally means success
        assert leaving.value.code == code
    monkeypatch.setattr("sys.argv", ["detente", "evaluate", str(gold) + ".missing"])
    with pytest.raises(SystemExit) as leaving:
        main()
    assert leaving.value.code == 2
    assert capsys.readouterr().err.strip().endswith("no such gold file")


def test_bad_options_and_bad_gold_are_one_line_errors(tiny_gold, tmp_path):
    gold, _ = tiny_gold
    for args, message in (
        (["evaluate", str(gold), "--format", "xml"], "--format"),
        (["evaluate", str(gold), "--min-recall", "80"], "between 0 and 1"),
        (["evaluate", str(tmp_path / "nope.yaml")], "no such gold file"),
    ):
        result = CliRunner().invoke(app, args)
        assert isinstance(result.exception, InputError) and message in str(result.exception)


# --- the development gold itself ------------------------------------------------------------------


def development_gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.yaml"))


def test_the_development_gold_loads_and_covers_every_type_and_modality():
    documents = [doc for path in development_gold_files() for doc in load_gold(path)]
    events = [event for doc in documents for event in doc.events]
    assert {t for e in events for t in e.all_types} >= set(evaluate.PLOVER_TYPES)
    assert {m for e in events for r in e.readings for m in r.modalities} >= set(evaluate.MODALITIES)
    assert all(doc.published for doc in documents)
    # Documents of pure opinion are part of the set: they must yield nothing.
    assert any(not doc.events for doc in documents)


@pytest.mark.slow
def test_the_real_extractor_runs_over_the_development_gold():
    report = evaluate.evaluate_files(development_gold_files())
    assert report.required > 150
    assert report.boilerplate_events == 0


# --- sectors, categories, splits and scopes (actor kinds and hard phenomena) ---------------------


def sector_prediction(source: str | None, source_sector: str | None, target: str | None,
                      target_sector: str | None, event_type: str, has_target: bool = True,
                      span: tuple[int, int] = (0, 10)) -> EventMention:
    made = prediction(source, target, event_type, span=span)
    made.source = Actor(text="someone", country=source, sector=source_sector)
    made.target = Actor(text="others", country=target, sector=target_sector) if has_target else None
    return made


POLICE = """\
      - id: tear-gas
        source: KEN
        source_sector: COP
        target: KEN
        target_sector: CVL
        types: [COERCE, ASSAULT]
        modalities: [reported]
        categories: [protest]
      - id: march
        source: KEN
        source_sector: CVL
        types: [PROTEST]
        modalities: [reported]
      - id: bombing
        source: null
        target: KEN
        target_sector: CVL
        types: [ASSAULT]
        modalities: [reported]
        categories: [armed-conflict]
"""


def test_an_unknown_source_is_coded_as_null_and_matches_a_source_of_no_country(tmp_path):
    doc = gold_doc(tmp_path, POLICE)
    bomb = sector_prediction(None, None, "KEN", "CVL", "ASSAULT")
    assert score_document(doc, [bomb]).matched == {2: 0}


def test_sectors_do_not_decide_a_match_but_are_scored_on_the_matched_pairs(tmp_path):
    doc = gold_doc(tmp_path, POLICE)
    right = sector_prediction("KEN", "COP", "KEN", "CVL", "COERCE")
    wrong_sectors = sector_prediction("KEN", "CVL", None, None, "PROTEST", has_target=False)
    report = evaluate.Report([score_document(doc, [right, wrong_sectors])])
    assert report.found == 2
    # the march names its source sector CVL and gets it; the tear gas names both and gets both
    assert report.sector_accuracy == 1.0
    swapped = sector_prediction("KEN", "CVL", "KEN", "COP", "COERCE")
    assert evaluate.Report([score_document(doc, [swapped])]).sector_accuracy == 0.0


def test_actor_kinds_are_derived_from_codes_and_sectors_unless_the_coder_names_one(tmp_path):
    events = gold_doc(tmp_path, POLICE + VISIT).events
    assert [e.actor_kind for e in events] == ["domestic", "one-sided", "state-nonstate", "state-state"]
    assert events[0].all_categories == ("protest", "domestic")


def test_per_category_tables_give_recall_for_phenomena_and_precision_for_actor_kinds(tmp_path):
    doc = gold_doc(tmp_path, POLICE + VISIT)
    predictions = [sector_prediction("KEN", "COP", "KEN", "CVL", "COERCE"),
                   sector_prediction("UGA", "GOV", "RWA", "GOV", "ACCUSE")]
    rows = {row.label: row for row in evaluate.Report([score_document(doc, predictions)]).per_group("category")}
    assert (rows["domestic"].gold, rows["domestic"].found, rows["domestic"].correct) == (1, 1, 1)
    assert (rows["protest"].gold, rows["protest"].found, rows["protest"].predicted) == (1, 1, 0)
    assert (rows["state-state"].gold, rows["state-state"].predicted, rows["state-state"].correct) == (1, 1, 0)
    assert rows["armed-conflict"].recall == 0.0


def test_unknown_categories_and_two_actor_kinds_are_refused(tmp_path):
    bad = POLICE.replace("categories: [protest]", "categories: [riot]")
    with pytest.raises(InputError, match="category 'riot'"):
        load_gold(write_gold(tmp_path, bad))
    two = POLICE.replace("categories: [protest]", "categories: [domestic, one-sided]")
    with pytest.raises(InputError, match="more than one actor kind"):
        load_gold(write_gold(tmp_path, two))


def write_gold_with(tmp_path: Path, document_keys: str, events_yaml: str = VISIT) -> Path:
    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text("documents:\n  - file: doc.txt\n    published: 2024-03-12\n" + document_keys
                    + "    events:\n" + events_yaml, encoding="utf-8")
    return gold


def test_a_scope_limits_scoring_to_the_coded_part_of_a_long_document(tmp_path):
    gold = load_gold(write_gold_with(
        tmp_path, "    scope: {start: \"Kenya's foreign minister\", end: \"fisheries pact last week.\"}\n"))[0]
    inside = prediction("KEN", "TZA", "CONSULT", "planned", span=(0, 50))
    outside = prediction("CHL", "PER", "REJECT", span=(TEXT.index("Related"), len(TEXT)))
    score = score_document(gold, [inside, outside], TEXT)
    assert len(score.predictions) == 1 and score.false_asserted == []


def test_scope_phrases_and_splits_and_kinds_are_checked_when_the_gold_loads(tmp_path):
    with pytest.raises(InputError, match="scope start phrase"):
        load_gold(write_gold_with(tmp_path, "    scope: {start: \"not in the text\", end: \"pact\"}\n"))
    with pytest.raises(InputError, match="split 'train'"):
        load_gold(write_gold_with(tmp_path, "    split: train\n"))
    with pytest.raises(InputError, match="kind 'blog'"):
        load_gold(write_gold_with(tmp_path, "    kind: blog\n"))
    loaded = load_gold(write_gold_with(tmp_path, "    split: test\n    kind: readout\n"))[0]
    assert (loaded.split, loaded.kind) == ("test", "readout")


def test_evaluate_scores_one_split_when_asked(tmp_path):
    gold = write_gold_with(tmp_path, "    split: test\n")
    extract = lambda path, published: Extraction(Document.from_text(TEXT), [])
    assert evaluate.evaluate_files([gold], extract, split="dev").documents == []
    assert len(evaluate.evaluate_files([gold], extract, split="test").documents) == 1
    with pytest.raises(InputError):
        evaluate.evaluate_files([gold], extract, split="train")


def test_an_unknown_source_is_labelled_in_reports(tmp_path):
    bombing = gold_doc(tmp_path, POLICE).events[2]
    assert bombing.label().startswith("(unknown) -> KEN ASSAULT")
