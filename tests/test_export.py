"""Exports of the whole store (parquet, csv, jsonl, PLOVER JSON) and `detente events` listings."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from detente.errors import InputError
from detente.records import SCHEMA_VERSION
from detente.export import QUAD_CODES, export_store, format_table, plover_record, write_events
from detente.store import Store
from conftest import DETENTE, KENYA, NO_SIDE_MEETING, PLANNED_TRIP, TRIP_HAPPENED, article, said


@pytest.fixture(scope="module")
def trips(store_of) -> Store:
    """The trip articles and an undated protest: a store the export tests only read."""
    return store_of("export", PLANNED_TRIP, TRIP_HAPPENED, NO_SIDE_MEETING, article(
        "undated.txt", None, said("Moscow protested to Tokyo.", "RUS:JPN", "PROTEST")))


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_table_exports_write_one_file_per_table_with_every_row(trips: Store, tmp_path: Path, fmt: str) -> None:
    written = export_store(trips, fmt, tmp_path / "dump")
    assert [p.name for p in written] == [f"{t}.{fmt}" for t in ("documents", "sentences", "mentions", "events")]
    info = trips.info()
    expected = {"documents": info.documents, "sentences": info.sentences, "mentions": info.mentions,
                "events": info.events}
    for path in written:
        if fmt == "parquet":
            rows = pq.read_table(path).num_rows
        elif fmt == "csv":
            rows = len(list(csv.DictReader(path.open(encoding="utf-8"))))
        else:
            rows = len(path.read_text(encoding="utf-8").splitlines())
        assert rows == expected[path.stem], path.name
    assert not list((tmp_path / "dump").glob("*.part"))


def test_jsonl_export_nests_the_modality_history(trips: Store, tmp_path: Path) -> None:
    [events_file] = [p for p in export_store(trips, "jsonl", tmp_path / "dump") if p.stem == "events"]
    events = [json.loads(line) for line in events_file.read_text(encoding="utf-8").splitlines()]
    trip = next(e for e in events if e["modality"] == "reported" and e["event_type"] == "CONSULT")
    assert [h["modality"] for h in trip["modality_history"]] == ["planned", "reported"]
    assert trip["source_actors"][0]["code"] == "USA"


def test_plover_export_writes_one_record_per_event_in_the_plover_layout(trips: Store, tmp_path: Path) -> None:
    [path] = export_store(trips, "plover", tmp_path / "events.plover.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == trips.info().events
    for record in records:
        for field in ("id", "date", "actor", "event", "event_type", "mode", "context", "quad_code", "text",
                      "text_info", "mentions"):
            assert field in record, field
        assert record["event"] == [record["event_type"]]
        assert record["quad_code"] in QUAD_CODES.values()
    trip = next(r for r in records if r["event_type"] == "CONSULT" and r["modality"] == "reported")
    assert trip["date"] == "2023-06-19"
    assert trip["actor"] == [{"code": "USA", "country": "USA", "sector": "GOV", "entity_text": "Washington"}]
    assert (trip["recipient"][0]["code"], trip["recipient"][0]["sector"]) == ("CHN", "GOV")
    assert (trip["actor_country"], trip["recipient_country"]) == ("USA", "CHN")
    assert trip["mode"] == ["visit"] and trip["quad_code"] == 1 and trip["event_scale"] == 4
    assert trip["text"] == "Washington's envoy held talks with leaders in Beijing on 19 June."
    assert trip["text_info"]["doc_id"] == TRIP_HAPPENED.document.doc_id
    assert trip["cite_info"]["citation"] == "daily/2023-06-20-talks-held.txt"
    assert [m["modality"] for m in trip["mentions"]] == ["planned", "reported"]
    undated = next(r for r in records if r["event_type"] == "PROTEST")
    assert (undated["date"], undated["date_source"]) == (None, "none")


def test_plover_actors_have_country_and_sector_and_events_their_place(store_of, tmp_path: Path) -> None:
    """As POLECAT writes them: country or "" and sector per entity, no recipient for a one-sided event, and
    the location object of the PLOVER manual (chapter 6, Table 6.6) from the event's location."""
    [path] = export_store(store_of("plover-kenya", KENYA), "plover", tmp_path / "kenya.jsonl")
    records = {(r["actor_country"], r["recipient_country"], r["event_type"]): r
               for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    police = records[("KEN", "KEN", "ASSAULT")]
    assert (police["actor"][0]["country"], police["actor"][0]["sector"]) == ("KEN", "COP")
    assert (police["recipient"][0]["country"], police["recipient"][0]["sector"]) == ("KEN", "CVL")
    assert police["event_loc"] == {
        "extracted_place": "Nairobi", "resolved_place": "Nairobi", "geonameid": None, "lat": -1.28333,
        "lon": 36.81667, "city": "Nairobi", "district": None, "province": None, "country": "Kenya",
        "country_code": "KEN", "feature_class": "P", "feature_code": "PPL", "resolution": 4, "admin1": None,
        "feature": "city"}
    march = records[("KEN", "", "PROTEST")]  # one-sided: no recipient
    assert march["recipient"] == [] and (march["recipient_country"], march["recipient_sector"]) == ("", "")
    assert (march["actor"][0]["code"], march["actor_sector"]) == ("KEN", "LAB")
    gunmen = records[("", "KEN", "ASSAULT")]  # an unknown source: an actor with empty codes
    assert (gunmen["actor"][0]["country"], gunmen["recipient_sector"]) == ("", "CVL")
    assert gunmen["event_loc"] is None


def test_an_event_without_a_date_takes_its_reports_publication_date() -> None:
    event = {"event_id": "abc", "event_type": "AID", "quad_class": "MC", "mode": None, "modality": "reported",
             "date_start": None, "date_end": None, "source_country": "USA", "target_country": "UKR",
             "source_actors": [], "target_actors": [], "anchor_mention_id": "m1",
             "mentions": [{"mention_id": "m1", "doc_id": "d1", "published": date(2024, 4, 2), "sentence": "x"}]}
    record = plover_record(event, {"d1": {"source": "a.txt"}})
    assert (record["date"], record["date_source"], record["date_precision"]) == (date(2024, 4, 2), "publication",
                                                                                 "none")
    assert record["actor"] == [{"code": "USA", "country": "USA", "sector": "", "entity_text": None}]


def test_exports_refuse_to_write_where_they_cannot(trips: Store, tmp_path: Path) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="is a file"):
        export_store(trips, "parquet", a_file)
    with pytest.raises(InputError, match="is a folder"):
        export_store(trips, "plover", tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        export_store(trips, "csv", tmp_path / "no" / "such" / "folder")
    with pytest.raises(InputError, match="not one of"):
        export_store(trips, "xml", tmp_path / "x")
    assert a_file.read_text(encoding="utf-8") == "keep me"


# --- event listings ----------------------------------------------------------------------------------


def test_event_listings_in_each_format(trips: Store, tmp_path: Path) -> None:
    events = trips.events(with_mentions=True)
    table = io.StringIO()
    write_events(events, "table", stream=table)
    header, *rows = table.getvalue().splitlines()
    assert header.split() == ["date", "source", "target", "type", "quad", "modality", "mentions", "docs",
                              "evidence"]
    assert len(rows) == len(events)

    as_csv = io.StringIO()
    write_events(events, "csv", stream=as_csv)
    parsed = list(csv.DictReader(io.StringIO(as_csv.getvalue())))
    assert [row["event_id"] for row in parsed] == [e["event_id"] for e in events]
    assert json.loads(parsed[0]["modality_history"])

    as_jsonl = io.StringIO()
    write_events(events, "jsonl", stream=as_jsonl)
    assert [json.loads(line)["event_id"] for line in as_jsonl.getvalue().splitlines()] == [
        e["event_id"] for e in events]

    parquet = write_events(events, "parquet", out=tmp_path / "events.parquet")
    assert pq.read_table(parquet).num_rows == len(events)
    with pytest.raises(InputError, match="needs an output file"):
        write_events(events, "parquet", stream=io.StringIO())


def test_format_table_aligns_and_cuts_long_cells() -> None:
    text = format_table([{"a": "x", "b": "a long piece of evidence"}, {"a": "yyy", "b": None}], ["a", "b"],
                        {"b": 10})
    assert text.splitlines() == ["a    b", "x    a long pi…", "yyy"]


def test_the_events_and_export_commands(trips: Store, tmp_path: Path) -> None:
    listing = subprocess.run([DETENTE, "events", "--db", str(trips.path), "--dyad", "USA:CHN", "--modality",
                              "reported", "--format", "csv"], capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    rows = list(csv.DictReader(io.StringIO(listing.stdout)))
    assert [(r["event_type"], r["modality"], r["n_mentions"]) for r in rows] == [("CONSULT", "reported", "2")]

    out = tmp_path / "all.plover.jsonl"
    export = subprocess.run([DETENTE, "export", "--db", str(trips.path), "--format", "plover", str(out)],
                            capture_output=True, text=True)
    assert export.returncode == 0, export.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == trips.info().events

    info = subprocess.run([DETENTE, "db", "info", "--db", str(trips.path), "--json"], capture_output=True, text=True)
    assert json.loads(info.stdout)["schema_version"] == SCHEMA_VERSION
