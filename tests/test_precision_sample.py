"""bench/precision_sample.py: which documents it samples from, and that its sample is deterministic.

A tiny fake corpus and gold folder stand in for ../shared; no extraction is run.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from conftest import REPO


def _sampler():
    spec = importlib.util.spec_from_file_location("precision_sample", REPO / "bench" / "precision_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sampler = _sampler()


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    corpus, gold = tmp_path / "shared" / "corpus-dev", tmp_path / "gold"
    corpus.mkdir(parents=True)
    gold.mkdir()
    for name in ("001_readout-of-a-call.md", "002_statement-by-someone.md", "003_fact-sheet-a.md",
                 "004_joint-statement-of-x.md", "README.md"):
        (corpus / name).write_text("---\ndate: '2024-01-02'\n---\nText.\n", encoding="utf-8")
    (gold / "a.yaml").write_text("documents:\n  - file: ../../../../shared/corpus-dev/001_readout-of-a-call.md\n"
                                 "    events: []\n", encoding="utf-8")
    (gold / "b.yaml").write_text("- file: '../../../../shared/corpus-dev/003_fact-sheet-a.md'\n", encoding="utf-8")
    return corpus, gold


def test_documents_named_by_a_gold_file_are_left_out(folders):
    corpus, gold = folders
    assert [p.name for p in sampler.dev_documents(corpus, gold)] == [
        "002_statement-by-someone.md", "004_joint-statement-of-x.md"]


def _events(files: int, per_file: int) -> dict[str, list[dict]]:
    return {f"{n:03}_readout.md": [{"key": f"{n:03}_readout.md:{10 * k}-{10 * k + 4}:CONSULT",
                                    "file": f"{n:03}_readout.md"} for k in range(per_file)]
            for n in range(files)}


def test_the_sample_is_the_same_every_time_and_whatever_the_order_of_the_events():
    events = _events(60, 7)
    shuffled = {name: random.Random(1).sample(rows, len(rows)) for name, rows in reversed(list(events.items()))}
    first = [r["key"] for r in sampler.draw(events, n=100)]
    assert first == [r["key"] for r in sampler.draw(events, n=100)]
    assert first == [r["key"] for r in sampler.draw(shuffled, n=100)]
    assert first != [r["key"] for r in sampler.draw(events, n=100, seed=15)]


def test_the_sample_takes_at_most_three_events_of_a_document():
    sample = sampler.draw(_events(60, 7), n=100)
    assert len(sample) == 100
    per_file = {}
    for row in sample:
        per_file[row["file"]] = per_file.get(row["file"], 0) + 1
    assert max(per_file.values()) <= 3
    assert len(sampler.draw(_events(10, 7), n=100)) == 30  # fewer when the documents have fewer


def test_document_kinds_come_from_the_file_name():
    kind = sampler.document_kind
    assert kind("004_joint-statement-of-x.md") == "joint statement"
    assert kind("002_statement-by-someone.md") == "statement"
    assert kind("010_press-briefing-by-press-secretary.md") == "transcript/press briefing"
    assert kind("011_remarks-by-president-biden-in-press-gaggle.md") == "transcript/press briefing"
    assert kind("012_readout-of-a-call.md") == "readout"
    assert kind("013_fact-sheet-new-steps.md") == "fact sheet"
    assert kind("014_remarks-by-vice-president.md") == "remarks"


def test_scores_count_event_right_and_event_actors_type_right():
    judged = [{"key": "001_readout-a.md:1-2:CONSULT", "origin": "lexicon", "event": "y", "actors": "y", "type": "y"},
              {"key": "002_statement-b.md:1-2:AID", "origin": "structure", "event": "y", "actors": "n", "type": "y"},
              {"key": "003_statement-c.md:1-2:AID", "origin": "lexicon", "event": "n", "actors": "-", "type": "-"}]
    table = {name: (n, event, full) for name, n, event, full in sampler.score(judged, {})}
    assert table["all"] == (3, 2, 1)
    assert table["origin: lexicon"] == (2, 1, 1)
    assert table["kind: statement"] == (2, 1, 0)


def test_an_event_the_rule_only_path_also_finds_comes_from_the_lexicon():
    sample = [{"key": "a.md:10-14:CONSULT", "file": "a.md"}, {"key": "a.md:30-37:SUPPORT", "file": "a.md"}]
    rules = {"a.md": [{"key": "a.md:10-14:AGREE", "file": "a.md"}]}  # same words, typed otherwise
    sampler.set_origins(sample, rules)
    assert [r["origin"] for r in sample] == ["lexicon", "structure"]


def test_an_interval_goes_with_each_precision():
    low, high = sampler.wilson(63, 100)
    assert low < 0.63 < high and 0.5 < low and high < 0.75


def test_a_recheck_counts_the_judged_events_kept_and_gone():
    judged = [{"key": "a.md:1-2:CONSULT", "event": "y"}, {"key": "a.md:5-9:MOBILIZE", "event": "n"},
              {"key": "a.md:12-15:ASSAULT", "event": "n"}]
    now = {"a.md": [{"key": "a.md:1-2:CONSULT"}, {"key": "a.md:12-15:ASSAULT"}, {"key": "a.md:20-24:AID"}]}
    assert sampler.recheck(judged, now) == {"right kept": 1, "right": 1, "wrong gone": 1, "wrong": 2,
                                            "new events in these documents": 1}
