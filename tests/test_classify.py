"""``detente classify``: marked sentences in (JSONL), typed relations out (JSONL)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import InputError
from detente.events import load_default_typer
from detente.records import MODALITIES, QUAD_CLASS

# The typer's artifact is trained by train/train_eventtype.py and shipped in the package; until it is
# there, these tests cannot run (and say so).
pytestmark = pytest.mark.skipif(load_default_typer() is None,
                                reason="no event-type model in src/detente/models/eventtype yet")

GOOD = [
    {"id": "a1", "text": "<s>Police in Nairobi</s> arrested <t>twenty student leaders</t> before the march."},
    {"id": 7, "text": "<s>The Finnish president</s> held talks with <t>the Estonian prime minister</t> in Tallinn."},
]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def lines(*items) -> str:
    return "".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items)


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_classify_writes_one_record_per_good_line(runner, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(lines(*GOOD), encoding="utf-8")
    result = runner.invoke(app, ["classify", str(path)])
    assert result.exit_code == 0, result.output
    out = records(result.stdout)
    assert [r["id"] for r in out] == ["a1", 7]
    for r in out:
        # the shipped model is the event detector: it also says whether the pair is an event and who acts
        assert set(r) == {"id", "event_type", "quad_class", "modality", "confidence", "event", "p_event", "direction"}
        assert QUAD_CLASS[r["event_type"]] == r["quad_class"]
        assert r["modality"] in MODALITIES
        assert 0 < r["confidence"] <= 1
        assert r["event"] is True and 0.5 <= r["p_event"] <= 1
        assert r["direction"] == "forward"
    assert out[0]["event_type"] == "COERCE"
    assert out[1]["event_type"] == "CONSULT"


def test_classify_reads_standard_input(runner):
    result = runner.invoke(app, ["classify", "-", "--format", "jsonl"], input=lines(GOOD[1]))
    assert result.exit_code == 0, result.output
    assert records(result.stdout)[0]["event_type"] == "CONSULT"


def test_bad_lines_are_named_and_the_rest_still_classified(runner):
    text = lines(GOOD[0], "{not json", {"id": "x", "text": "No marks at all here."},
                 {"id": "y"}, "", GOOD[1], {"id": "z", "text": "<s>Peru protested to <t>Chile</t>."})
    result = runner.invoke(app, ["classify", "-"], input=text)
    assert result.exit_code == 1
    assert [r["id"] for r in records(result.stdout)] == ["a1", 7]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 4
    assert errors[0].startswith("detente: error: line 2: invalid JSON")
    assert "line 3:" in errors[1] and "marks" in errors[1]
    assert "line 4:" in errors[2] and "text" in errors[2]
    assert "line 7:" in errors[3] and "<s>" in errors[3]


def test_all_lines_bad_exits_2(runner):
    result = runner.invoke(app, ["classify", "-"], input="[1, 2]\n")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_a_line_without_id_is_known_by_its_line_number(runner):
    result = runner.invoke(app, ["classify", "-"], input=lines({"text": GOOD[0]["text"]}))
    assert records(result.stdout)[0]["id"] == 1


def test_negated_relation_reports_negated_modality(runner):
    item = {"id": "n", "text": "<s>Poland</s> did not send troops to <t>Ukraine</t>."}
    result = runner.invoke(app, ["classify", "-"], input=lines(item))
    assert records(result.stdout)[0]["modality"] == "negated"


def test_missing_file_and_unknown_format_are_user_errors(runner, tmp_path):
    result = runner.invoke(app, ["classify", str(tmp_path / "absent.jsonl")])
    assert isinstance(result.exception, InputError)
    result = runner.invoke(app, ["classify", "-", "--format", "xml"], input=lines(GOOD[0]))
    assert isinstance(result.exception, InputError)
