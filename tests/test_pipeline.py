"""Specification of the one-call API and of `detente extract` on files, including bad input."""

import json
from datetime import date
from pathlib import Path

import pytest

from detente.cli import app
from detente.pipeline import extract_document


def test_extract_document_codes_text_against_its_publication_date():
    extraction = extract_document("The Italian prime minister visited Tunisia last week.",
                                  published=date(2023, 6, 15))
    event = extraction.events[0]
    assert (event.source_country, event.target_country, event.event_type) == ("ITA", "TUN", "CONSULT")
    assert event.time.value == "2023-06" and event.time.text == "last week"
    assert extraction.document.text[event.char_start:event.char_end] == event.sentence


def test_without_a_date_relative_time_stays_unresolved_and_a_warning_says_so():
    extraction = extract_document("The Italian prime minister visited Tunisia last week.")
    assert extraction.events[0].time.value is None
    assert any("no publication date" in w for w in extraction.warnings)


def run(capsys, *args):
    from detente.cli import main
    import sys

    old = sys.argv
    sys.argv = ["detente", *map(str, args)]
    code = 0
    try:
        main()
    except SystemExit as exit_info:
        code = exit_info.code
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_jsonl_record_fields(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Canada will send military aid to Ukraine next month, its defence minister said.",
                       encoding="utf-8")
    code, out, err = run(capsys, "extract", article, "--date", "2024-02-10", "--format", "jsonl")
    assert code == 0
    record = json.loads(out.splitlines()[0])
    for field in ("mention_id", "doc_id", "source", "target", "source_country", "target_country",
                  "event_type", "quad_class", "modality", "event_date", "date_precision", "date_text",
                  "sentence", "char_start", "char_end", "confidence"):
        assert field in record
    assert record["source"]["country"] == "CAN" and record["target_country"] == "UKR"


@pytest.mark.parametrize("setup, message", [
    (lambda p: p.write_bytes(b""), "empty file"),
    (lambda p: p.write_bytes(b"\x00\x01\x02\x03" * 50), "binary file"),
    (lambda p: None, "no such file"),
])
def test_bad_files_give_one_line_and_a_nonzero_exit(tmp_path, capsys, setup, message):
    path = tmp_path / "bad.txt"
    setup(path)
    code, out, err = run(capsys, "extract", path)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_bad_date_and_unknown_option(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Chile recalled its ambassador to Peru.", encoding="utf-8")
    code, _, err = run(capsys, "extract", article, "--date", "2023-13-40")
    assert code == 2 and "not a valid date" in err
    code, _, err = run(capsys, "extract", article, "--frobnicate")
    assert code == 2 and "No such option" in err


def test_a_bad_file_in_a_folder_does_not_stop_the_others(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("Chile recalled its ambassador from Peru on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "extract", tmp_path, "--date", "2023-05-10", "--format", "jsonl")
    assert code == 1
    assert "empty file" in err
    assert any(json.loads(line)["target_country"] == "PER" for line in out.splitlines())


class _SureOfAccusation:
    """A stand-in learned typer, sure that every relation is an accusation; remembers what it was asked."""

    def __init__(self):
        self.asked = []

    def predict(self, candidates):
        from detente.events import TypeDecision

        self.asked.extend(c.trigger for c in candidates)
        return [TypeDecision("ACCUSE", 0.99, {"ACCUSE": 0.99, "ASSAULT": 0.005}) for _ in candidates]


def test_a_users_trigger_file_is_final_for_the_learned_typer(tmp_path):
    from detente.events import LexiconGuidedTyper
    from detente.pipeline import Extractor
    from detente.records import Document

    text = "Armenia attacked Azerbaijan on Monday, the defence ministry said."
    document = Document(doc_id="d1", text=text, published=date(2024, 3, 6))

    model = _SureOfAccusation()
    packaged = Extractor(typer=LexiconGuidedTyper(model)).extract(document)
    assert model.asked == ["attack"]  # two packaged senses: the model chooses
    assert [e.event_type for e in packaged.events] == ["ACCUSE"]

    own = tmp_path / "my-triggers.yaml"
    own.write_text("types:\n  ASSAULT:\n    verbs: [attack]\nprefer:\n  attack: [ASSAULT]\n", encoding="utf-8")
    model = _SureOfAccusation()
    coded = Extractor(typer=LexiconGuidedTyper(model), trigger_files=[own]).extract(document)
    assert model.asked == []
    assert [(e.source.country, e.target.country, e.event_type) for e in coded.events] == [("ARM", "AZE", "ASSAULT")]


@pytest.mark.parametrize("value", ["20230615", "2023-6-15", "15/06/2023", "2023-06-15T00:00"])
def test_a_date_option_is_only_taken_as_yyyy_mm_dd(tmp_path, capsys, value):
    article = tmp_path / "a.txt"
    article.write_text("Canada sent aid to Ukraine.", encoding="utf-8")
    code, out, err = run(capsys, "extract", article, "--date", value)
    assert code == 2 and out == ""
    assert f"--date {value!r} is not a valid date (expected YYYY-MM-DD)" in err and len(err.splitlines()) == 1


def unwritable_folder(tmp_path):
    """A folder this process cannot create files in (root may write anywhere on disk, not in /proc)."""
    import os

    if os.geteuid() == 0:
        return Path("/proc")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.mark.parametrize("where, message", [
    (lambda tmp: tmp / "missing" / "events.jsonl", "does not exist"),
    (lambda tmp: unwritable_folder(tmp) / "events.jsonl", "is not writable"),
])
def test_extract_checks_its_output_file_before_coding_anything(tmp_path, capsys, monkeypatch, where, message):
    def no_coding(*args, **kwargs):
        raise AssertionError("the articles were coded before the output was checked")

    monkeypatch.setattr("detente.pipeline.get_extractor", no_coding)
    article = tmp_path / "a.txt"
    article.write_text("Canada sent aid to Ukraine.", encoding="utf-8")
    out_file = where(tmp_path)
    code, out, err = run(capsys, "extract", article, "--format", "jsonl", "--out", out_file)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "internal error" not in err
    assert not out_file.exists()
