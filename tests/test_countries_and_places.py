"""A country's internal events and where events happened, through every face: the Python API, the command
line and the HTTP API (issue 13: timelines per country; issue 15: place filters and locations served).

The store holds the hand-made Kenyan article of conftest (``KENYA``); the last test codes the sentence of
issue 13's "done when" with the real pipeline.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import DETENTE, KENYA
from detente import api
from detente.analysis import timeline
from detente.cli import app
from detente.errors import InputError
from detente.store import EventQuery, Store

TOKEN = "a-token-for-the-country-tests"


@pytest.fixture(scope="module")
def kenya(store_of) -> Store:
    return store_of("countries", KENYA)


@pytest.fixture(scope="module")
def client(kenya: Store) -> TestClient:
    with TestClient(api.create_app(kenya.path, token=TOKEN)) as test_client:
        yield test_client


def cli(*args: str) -> tuple[int, str, str]:
    """A command run in this process (quick)."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def refused(*args: str) -> str:
    """The one line a command refused with, run as a user runs it (exit code 2, nothing on stdout)."""
    run = subprocess.run([DETENTE, *args], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stdout == "", (run.returncode, run.stdout, run.stderr)
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    return run.stderr


def kinds(events: list[dict]) -> list[str]:
    return sorted(f"{e['source_country'] or '-'}>{e['target_country'] or '-'} {e['event_type']}" for e in events)


KENYA_INTERNAL = ["->KEN ASSAULT", "KEN>- PROTEST", "KEN>KEN ASSAULT", "KEN>KEN REQUEST"]


# --- a country's internal timeline -----------------------------------------------------------------


def test_a_countrys_timeline_counts_its_internal_events_and_scores_them(kenya: Store) -> None:
    result = timeline(kenya, country="ken", freq="month")
    (june,) = result.rows
    assert (result.dyad, result.country, june.period, june.events) == (None, "KEN", "2024-06", 4)
    assert (june.VX, june.MX) == (1, 3)  # the demand; the two assaults and the march
    assert june.net == june.conflict < 0 and june.cooperation == 0
    domestic = timeline(kenya, country="KEN", domestic=True)
    assert domestic.rows[0].events == 2 and domestic.to_dict()["domestic"] is True
    assert result.to_dict()["country"] == "KEN" and result.to_dict()["dyad"] is None
    assert result.title == "KEN internal"


@pytest.mark.parametrize("kwargs, words", [
    ({}, "give exactly one of the two"),
    ({"dyad": "KEN:UGA", "country": "KEN"}, "give exactly one of the two"),
    ({"country": "KEN", "both_directions": True}, "both directions is for a dyad"),
    ({"country": "KEN", "domestic": False}, "never international"),
    ({"dyad": "KEN:UGA", "domestic": True}, "has no domestic events"),
])
def test_a_timeline_is_of_a_dyad_or_a_country(kenya: Store, kwargs: dict, words: str) -> None:
    with pytest.raises(InputError, match=words):
        timeline(kenya, **kwargs)


def test_the_timeline_command_takes_a_country_instead_of_a_dyad(kenya: Store) -> None:
    code, out, _ = cli("timeline", "--db", str(kenya.path), "--country", "KEN", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert (body["country"], body["dyad"], body["periods"][0]["events"]) == ("KEN", None, 4)
    code, out, _ = cli("timeline", "--db", str(kenya.path), "--country", "KEN", "--domestic", "--format", "csv")
    assert code == 0 and out.splitlines()[1].split(",")[3] == "2"
    code, out, _ = cli("timeline", "--db", str(kenya.path), "--dyad", "KEN:UGA", "--international")
    assert code == 0 and "KEN -> UGA" in out


@pytest.mark.parametrize("args, words", [
    ((), "give --dyad SOURCE:TARGET or --country CODE"),
    (("--dyad", "KEN:UGA", "--country", "KEN"), "one of the two"),
    (("--country", "KEN", "--both-directions"), "--both-directions is for --dyad"),
    (("--country", "KEN", "--international"), "never international"),
])
def test_the_timeline_command_refuses_a_dyad_and_a_country_together_or_neither(kenya: Store, args: tuple,
                                                                               words: str) -> None:
    assert words in refused("timeline", "--db", str(kenya.path), *args)


def test_the_api_timeline_of_a_country(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"country": "KEN"}).json()
    assert (body["country"], body["dyad"], body["periods"][0]["events"]) == ("KEN", None, 4)
    body = client.get("/api/timeline", params={"country": "KEN", "domestic": "true"}).json()
    assert body["periods"][0]["events"] == 2 and body["domestic"] is True
    body = client.get("/api/timeline", params={"dyad": "KEN:UGA", "domestic": "false"}).json()
    assert body["periods"][0]["events"] == 1


# --- a country's internal events and place filters in the CLI and the API ------------------------------


def test_the_events_command_lists_a_countrys_internal_events_and_filters_by_place(kenya: Store) -> None:
    def listed(*args: str) -> list[str]:
        code, out, err = cli("events", "--db", str(kenya.path), "--format", "jsonl", *args)
        assert code == 0, err
        return kinds([json.loads(line) for line in out.splitlines()])

    assert listed("--country", "KEN") == KENYA_INTERNAL
    assert listed("--country", "KEN", "--domestic") == ["KEN>KEN ASSAULT", "KEN>KEN REQUEST"]
    assert listed("--international") == ["KEN>UGA ACCUSE", "TWN>CHN ACCUSE"]
    assert listed("--near", "Taiwan Strait", "--km", "300") == ["TWN>CHN ACCUSE"]
    assert listed("--near", "Nairobi") == ["KEN>KEN ASSAULT", "KEN>KEN REQUEST"]
    assert listed("--near", "-1.28,36.82", "--km", "450", "--country-of-location", "KEN") == [
        "KEN>- PROTEST", "KEN>KEN ASSAULT", "KEN>KEN REQUEST"]
    assert listed("--country-of-location", "UGA") == ["KEN>UGA ACCUSE"]


def test_the_events_command_lists_each_events_place_in_its_flat_views(kenya: Store) -> None:
    code, out, _ = cli("events", "--db", str(kenya.path), "--format", "csv", "--country-of-location", "UGA")
    assert code == 0
    (columns,) = list(csv.DictReader(io.StringIO(out)))
    assert (columns["location_name"], columns["location_country"], columns["location_feature"]) == (
        "Kampala", "UGA", "city")


@pytest.mark.parametrize("args, words", [
    (("--near", "Xyzzyville on Sea"), "unknown place 'Xyzzyville on Sea'"),
    (("--near", "Nairobi", "--km", "0"), "greater than 0"),
    (("--km", "10"), "needs a place"),
    (("--country", "KEN", "--dyad", "KEN:UGA"), "not both"),
])
def test_the_events_command_refuses_bad_place_filters_in_one_line(kenya: Store, args: tuple, words: str) -> None:
    assert words in refused("events", "--db", str(kenya.path), *args)


def test_the_api_lists_a_countrys_internal_events_and_filters_by_place(client: TestClient) -> None:
    def listed(**params) -> list[str]:
        response = client.get("/api/events", params=params)
        assert response.status_code == 200, response.json()
        return kinds(response.json()["events"])

    assert listed(country="KEN") == KENYA_INTERNAL
    assert listed(country="KEN", domestic="true") == ["KEN>KEN ASSAULT", "KEN>KEN REQUEST"]
    assert listed(near="Taiwan Strait", km=300) == ["TWN>CHN ACCUSE"]
    assert listed(near="Nairobi", km=450) == ["KEN>- PROTEST", "KEN>KEN ASSAULT", "KEN>KEN REQUEST"]
    assert listed(country_of_location="UGA") == ["KEN>UGA ACCUSE"]


@pytest.mark.parametrize("params, words", [
    ({"near": "Xyzzyville on Sea"}, "unknown place 'Xyzzyville on Sea'"),
    ({"near": "Nairobi", "km": -5}, "greater than 0"),
    ({"km": 5}, "needs a place"),
    ({"country": "FRA"}, "unknown country FRA"),
])
def test_the_api_refuses_bad_place_filters_in_one_line(client: TestClient, params: dict, words: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    assert set(response.json()) == {"error"} and words in response.json()["error"]
    assert "--" not in response.json()["error"]  # no CLI option names in the API's words


def test_the_api_serves_each_events_location_as_one_object(client: TestClient) -> None:
    events = client.get("/api/events", params={"country": "KEN", "limit": 10}).json()["events"]
    by_kind = {f"{e['source_country'] or '-'}>{e['target_country'] or '-'} {e['event_type']}": e for e in events}
    assert by_kind["KEN>- PROTEST"]["location"] == {
        "text": "Mombasa", "char_start": -1, "char_end": -1, "name": "Mombasa", "geonames_id": None,
        "latitude": -4.05466, "longitude": 39.66359, "country": "KEN", "admin1": None, "feature": "city"}
    assert by_kind["->KEN ASSAULT"]["location"] is None
    assert not any(key.startswith("location_") for key in by_kind["KEN>- PROTEST"])
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(schema["EventLocationOut"]["properties"]) == set(by_kind["KEN>- PROTEST"]["location"])


# --- issue 13, done when: a new user codes a Nairobi sentence and finds both events in Kenya's timeline -----

NAIROBI_SENTENCE = "Police in Nairobi fired tear gas at protesters demanding the president's resignation."


def test_the_nairobi_sentence_gives_kenyas_internal_timeline_both_events_everywhere(tmp_path: Path) -> None:
    from detente.pipeline import extract_document

    extraction = extract_document(NAIROBI_SENTENCE, published=date(2024, 6, 25), source="nairobi.txt")
    store = Store(tmp_path / "nairobi.duckdb")
    store.ingest(extraction)

    def both(events: list[dict]) -> None:
        found = {(e["source_country"], e["source_actors"][0]["sector"], e["target_country"],
                  e["target_actors"][0]["sector"], e["event_type"]) for e in events}
        assert len(found) == 2, found
        assert any(f[:4] == ("KEN", "COP", "KEN", "CVL") and f[4] in ("ASSAULT", "COERCE") for f in found), found
        assert any(f[:4] == ("KEN", "CVL", "KEN", "GOV") and f[4] in ("PROTEST", "REQUEST") for f in found), found

    # the Python API
    both(store.events(EventQuery(internal_to="KEN")))
    rows = timeline(store, country="KEN").rows
    assert [(row.period, row.events) for row in rows] == [("2024-06", 2)]
    # the command line
    code, out, _ = cli("events", "--db", str(store.path), "--country", "KEN", "--format", "jsonl")
    assert code == 0
    both([json.loads(line) for line in out.splitlines()])
    code, out, _ = cli("timeline", "--db", str(store.path), "--country", "KEN", "--format", "json")
    assert code == 0 and [p["events"] for p in json.loads(out)["periods"]] == [2]
    # the HTTP API
    with TestClient(api.create_app(store.path, token=TOKEN)) as client:
        both(client.get("/api/events", params={"country": "KEN"}).json()["events"])
        periods = client.get("/api/timeline", params={"country": "KEN"}).json()["periods"]
        assert [(p["period"], p["events"]) for p in periods] == [("2024-06", 2)]


# --- the user's gazetteer on the command line -------------------------------------------------------------


def test_extract_and_ingest_take_the_users_gazetteer(tmp_path: Path) -> None:
    places = tmp_path / "places.yaml"
    places.write_text("city:\n- {name: Lake Tumbo Camp, lat: 0.5, lon: 35.3, country: KEN}\n", encoding="utf-8")
    article = tmp_path / "camp.txt"
    article.write_text("Kenyan police arrested dozens of protesters at Lake Tumbo Camp on 25 June.\n", encoding="utf-8")
    code, out, _ = cli("extract", str(article), "--date", "2024-06-26", "--format", "jsonl", "--gazetteer", str(places))
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (record["location"]["name"], record["location"]["country"]) == ("Lake Tumbo Camp", "KEN")
    assert "no such file" in refused("ingest", str(article), "--db", str(tmp_path / "x.duckdb"),
                                     "--gazetteer", str(tmp_path / "missing.yaml"))


def test_places_the_user_added_can_be_searched_near_in_the_cli_and_the_api(tmp_path: Path) -> None:
    """``events --near`` and ``serve`` read the user's --gazetteer files as ingest did: a place only
    they name can be searched near, and without them it is unknown."""
    places = tmp_path / "places.yaml"
    places.write_text("city:\n- {name: Lake Tumbo Camp, lat: 0.5, lon: 35.3, country: KEN}\n", encoding="utf-8")
    article = tmp_path / "camp.txt"
    article.write_text("Kenyan police arrested dozens of protesters at Lake Tumbo Camp on 25 June.\n", encoding="utf-8")
    db = tmp_path / "camp.duckdb"
    code, _, err = cli("ingest", str(article), "--db", str(db), "--date", "2024-06-26", "--gazetteer", str(places))
    assert code == 0, err
    code, out, err = cli("events", "--db", str(db), "--format", "jsonl", "--near", "Lake Tumbo Camp", "--km", "5",
                         "--gazetteer", str(places))
    assert code == 0, err
    assert [json.loads(line)["location"]["name"] for line in out.splitlines()] == ["Lake Tumbo Camp"]
    assert "unknown place 'Lake Tumbo Camp'" in refused("events", "--db", str(db), "--near", "Lake Tumbo Camp")
    assert "no such file" in refused("events", "--db", str(db), "--near", "Nairobi",
                                     "--gazetteer", str(tmp_path / "missing.yaml"))
    with TestClient(api.create_app(db, token=TOKEN, gazetteer_files=[str(places)])) as client:
        found = client.get("/api/events", params={"near": "Lake Tumbo Camp", "km": 5}).json()["events"]
        assert [e["location"]["name"] for e in found] == ["Lake Tumbo Camp"]
        # each mention carries its place as the event does: one object, not location_* columns
        (mention,) = found[0]["mentions"]
        assert mention["location"]["name"] == "Lake Tumbo Camp" and mention["location"]["country"] == "KEN"
        assert not any(key.startswith("location_") for key in mention)
        (in_document,) = client.get(f"/api/documents/{mention['doc_id']}").json()["mentions"]
        assert in_document["location"] == mention["location"]
    with TestClient(api.create_app(db, token=TOKEN)) as client:
        assert client.get("/api/events", params={"near": "Lake Tumbo Camp"}).status_code == 400
