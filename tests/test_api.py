"""The HTTP API over the event store: what each endpoint answers, and how it refuses bad requests.

The articles are invented for these tests and their extractions made by hand, so the API is tested apart
from the extraction pipeline (one test at the end codes a posted article for real).
"""

from __future__ import annotations

import calendar
import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import DETENTE
from detente import api
from detente.records import Actor, Document, EventMention, Extraction, TimeRef

REPO = Path(__file__).resolve().parents[1]
TOKEN = "a-test-token-nobody-guesses"
WORDS = {"USA": "Washington", "CHN": "Beijing", "JPN": "Tokyo", "PHL": "Manila"}


# --- invented articles, extracted by hand ------------------------------------------------------------


def when(value: str | None) -> TimeRef:
    """A TimeRef for YYYY-MM-DD or YYYY-MM (None: unknown)."""
    if value is None:
        return TimeRef.unknown()
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return TimeRef(value, "day", day, day, text=f"on {value}", rule="explicit-date")
    last = calendar.monthrange(parts[0], parts[1])[1]
    return TimeRef(value, "month", date(parts[0], parts[1], 1), date(parts[0], parts[1], last),
                   text=f"in {value}", rule="month-name")


def article(source: str, published: date, *statements: tuple, preamble: str = "") -> Extraction:
    """An extraction whose sentences are ``(sentence, "SRC:TGT", TYPE, modality, date, mode)`` statements."""
    sentences = ([preamble] if preamble else []) + [s[0] for s in statements]
    text = " ".join(sentences)
    document = Document.from_text(text, source=source, title=source.rsplit("/", 1)[-1], published=published,
                                  published_from="option")
    spans, offset = [], 0
    for sentence in sentences:
        start = text.index(sentence, offset)
        spans.append((start, start + len(sentence)))
        offset = start + len(sentence)
    first = 1 if preamble else 0
    mentions = []
    for index, (sentence, dyad, event_type, modality, date_value, mode) in enumerate(statements, start=first):
        start, end = spans[index]
        source_code, target_code = dyad.split(":")

        def actor(code: str) -> Actor:
            word = WORDS[code]
            at = start + sentence.index(word)
            return Actor(word, country=code, sector="GOV", start=at, end=at + len(word))

        verb = sentence.split()[1]
        at = start + sentence.index(verb)
        mentions.append(EventMention(
            doc_id=document.doc_id, source=actor(source_code), target=actor(target_code), event_type=event_type,
            modality=modality, time=when(date_value), sentence_index=index, sentence=sentence, char_start=start,
            char_end=end, trigger=verb, trigger_start=at, trigger_end=at + len(verb), confidence=0.9, mode=mode))
    return Extraction(document=document, events=mentions, sentences=spans)


TALKS = article(
    "wire/talks.txt", date(2023, 6, 21),
    ("Washington's envoy visited Beijing on 2023-06-19 for two days of talks.", "USA:CHN", "CONSULT", "reported",
     "2023-06-19", "visit"),
    ("Beijing accused Washington of spying in 2023-06.", "CHN:USA", "ACCUSE", "reported", "2023-06", None),
    ("Washington will restrict chip sales to Beijing in 2023-07.", "USA:CHN", "SANCTION", "planned", "2023-07", None),
)
DRILLS = article(
    "wire/drills.txt", date(2023, 9, 2),
    ("Tokyo joined Manila in naval drills on 2023-08-30.", "JPN:PHL", "COOPERATE", "reported", "2023-08-30", None),
    ("Beijing condemned Washington over the drills on 2023-08-31.", "CHN:USA", "ACCUSE", "reported", "2023-08-31",
     None),
)
# Text that looks like markup must stay text: the API returns it verbatim and the page shows it as such.
MARKUP = article(
    "wire/markup.txt", date(2023, 10, 5),
    ("Washington thanked Beijing for help on 2023-10-04.", "USA:CHN", "SUPPORT", "reported", "2023-10-04", None),
    preamble="<script>window.hacked = 1</script> <b>bold</b> & more.",
)


@pytest.fixture(scope="module")
def store_path(store_of) -> Path:
    return store_of("api", TALKS, DRILLS, MARKUP).path


@pytest.fixture(scope="module")
def client(store_path: Path) -> TestClient:
    with TestClient(api.create_app(store_path, token=TOKEN)) as test_client:
        yield test_client


def one_line_error(response) -> str:
    """The error message of a refused request, checked to be one line of JSON."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert "\n" not in body["error"] and body["error"]
    return body["error"]


# --- reading -------------------------------------------------------------------------------------------


def test_the_schema_describes_every_endpoint_and_no_page_loads_from_a_cdn(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/timeline", "/api/documents/{doc_id}", "/api/actors",
            "/api/documents"} <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/documents"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load its scripts from a CDN


def test_events_filter_by_dyad_in_either_direction(client: TestClient) -> None:
    one_way = client.get("/api/events", params={"dyad": "USA:CHN"}).json()
    assert {e["event_type"] for e in one_way["events"]} == {"CONSULT", "SANCTION", "SUPPORT"}
    both = client.get("/api/events", params={"dyad": "usa:chn", "both_directions": "true"}).json()
    assert both["total"] == 5
    assert {e["source_country"] for e in both["events"]} == {"USA", "CHN"}


def test_events_come_in_pages_with_the_total(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 2}).json()
    rest = client.get("/api/events", params={"limit": 10, "offset": 2}).json()
    assert first["total"] == rest["total"] == 6
    assert len(first["events"]) == 2 and len(rest["events"]) == 4
    everything = client.get("/api/events", params={"limit": 500}).json()["events"]
    assert [e["event_id"] for e in first["events"] + rest["events"]] == [e["event_id"] for e in everything]


def test_events_carry_their_score_reports_and_how_the_date_was_found(client: TestClient) -> None:
    visit = client.get("/api/events", params={"dyad": "USA:CHN", "type": "CONSULT"}).json()["events"][0]
    assert visit["mode"] == "visit" and visit["score"] > 0
    assert visit["date_value"] == "2023-06-19" and visit["date_precision"] == "day"
    report = visit["mentions"][0]
    assert report["date_rule"] == "explicit-date" and report["date_text"] == "on 2023-06-19"
    assert report["sentence"].startswith("Washington's envoy visited Beijing")
    assert report["document_source"] == "wire/talks.txt"
    accusation = client.get("/api/events", params={"type": "ACCUSE", "limit": 1}).json()["events"][0]
    assert accusation["score"] < 0


def test_events_filter_by_type_modality_actor_and_dates(client: TestClient) -> None:
    def types(**params) -> list[str]:
        return sorted(e["event_type"] for e in client.get("/api/events", params=params).json()["events"])

    assert types(type="ACCUSE,COOPERATE") == ["ACCUSE", "ACCUSE", "COOPERATE"]
    assert types(modality="planned") == ["SANCTION"]
    assert types(actor="PHL") == ["COOPERATE"]
    assert types(since="2023-08-01", until="2023-08-31") == ["ACCUSE", "COOPERATE"]
    # A whole month overlaps 19 June; only the day-dated visit lies within it.
    assert types(since="2023-06-19", until="2023-06-19") == ["ACCUSE", "CONSULT"]
    assert types(since="2023-06-19", until="2023-06-19", within="true") == ["CONSULT"]


@pytest.mark.parametrize("params, status, words", [
    ({"since": "2023-13-01"}, 422, "since '2023-13-01' is not a valid date"),
    ({"until": "June"}, 422, "until 'June' is not a valid date"),
    ({"since": "2023-09-01", "until": "2023-08-01"}, 400, "after"),
    ({"dyad": "USA:XYZ"}, 400, "unknown dyad USA:XYZ"),
    ({"dyad": "USA-CHN"}, 400, "not SOURCE:TARGET"),
    ({"type": "VISIT"}, 400, "not a PLOVER event type"),
    ({"modality": "rumoured"}, 400, "not a modality"),
    ({"limit": 0}, 422, "limit"),
    ({"limit": 100000}, 422, "limit"),
    ({"offset": -1}, 422, "offset"),
    ({"offset": 2 ** 63}, 422, "offset"),  # beyond what LIMIT/OFFSET take: refused, not an internal error
    ({"limit": 2 ** 63}, 422, "limit"),
    ({"since": "20230615"}, 422, "since '20230615' is not a valid date (expected YYYY-MM-DD)"),
    ({"until": "2023-06-15T00:00"}, 422, "not a valid date"),
])
def test_bad_event_queries_get_a_one_line_error(client: TestClient, params: dict, status: int, words: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == status
    assert words in one_line_error(response)


def test_query_values_are_parameters_not_sql(client: TestClient) -> None:
    assert client.get("/api/events", params={"actor": "x' OR '1'='1"}).json()["total"] == 0
    assert client.get("/api/events", params={"dyad": "USA:CHN' --"}).status_code == 400
    assert client.get("/api/events").json()["total"] == 6


def test_the_timeline_scores_each_period_like_the_cli(client: TestClient) -> None:
    timeline = client.get("/api/timeline", params={"dyad": "USA:CHN", "both_directions": "true"}).json()
    rows = {row["period"]: row for row in timeline["periods"]}
    assert list(rows) == ["2023-06", "2023-07", "2023-08", "2023-09", "2023-10"]
    june = rows["2023-06"]
    assert (june["events"], june["VC"], june["VX"]) == (2, 1, 1)  # the planned sanction is not counted
    assert june["cooperation"] > 0 > june["conflict"]
    assert june["net"] == pytest.approx(june["cooperation"] + june["conflict"])
    assert rows["2023-07"]["events"] == 0
    assert timeline["modalities"] == ["reported"]


def test_the_timeline_counts_the_modalities_and_types_asked_for(client: TestClient) -> None:
    params = {"dyad": "USA:CHN", "modality": ["reported", "planned"]}
    with_plans = {r["period"]: r for r in client.get("/api/timeline", params=params).json()["periods"]}
    assert with_plans["2023-07"]["MX"] == 1
    only_accusations = client.get("/api/timeline", params={"dyad": "CHN:USA", "type": "ACCUSE",
                                                           "freq": "quarter"}).json()
    assert [(r["period"], r["VX"]) for r in only_accusations["periods"]] == [("2023Q2", 1), ("2023Q3", 1)]


@pytest.mark.parametrize("params, status, words", [
    ({}, 400, "give dyad=SOURCE:TARGET or country=CODE"),
    ({"dyad": "USA:CHN", "country": "USA"}, 400, "one of the two"),
    ({"country": "FRA"}, 400, "unknown country FRA"),
    ({"country": "USA", "domestic": "false"}, 400, "never international"),
    ({"dyad": "CHN:JPN"}, 400, "unknown dyad CHN:JPN"),
    ({"dyad": "USA:CHN", "freq": "week"}, 422, "freq 'week'"),
    ({"dyad": "USA:CHN", "since": "2023-02-30"}, 422, "not a valid date"),
    ({"dyad": "USA:CHN", "modality": "maybe"}, 400, "not a modality"),
])
def test_bad_timeline_queries_get_a_one_line_error(client: TestClient, params: dict, status: int, words: str) -> None:
    response = client.get("/api/timeline", params=params)
    assert response.status_code == status
    assert words in one_line_error(response)


def test_a_document_comes_with_the_spans_of_its_events(client: TestClient) -> None:
    document = client.get(f"/api/documents/{TALKS.document.doc_id}").json()
    assert document["text"] == TALKS.document.text and document["published"] == "2023-06-21"
    visit = next(m for m in document["mentions"] if m["event_type"] == "CONSULT")
    text = document["text"]
    assert text[visit["char_start"]:visit["char_end"]] == TALKS.events[0].sentence
    assert text[visit["trigger_start"]:visit["trigger_end"]] == "envoy"
    assert text[visit["source_start"]:visit["source_end"]] == "Washington"
    assert text[visit["target_start"]:visit["target_end"]] == "Beijing"
    assert visit["date_rule"] == "explicit-date" and visit["event_id"]


def test_markup_in_a_document_is_returned_as_the_text_it_is(client: TestClient) -> None:
    document = client.get(f"/api/documents/{MARKUP.document.doc_id}").json()
    assert document["text"].startswith("<script>window.hacked = 1</script> <b>bold</b> & more.")


def test_unknown_and_malformed_document_ids_are_refused(client: TestClient) -> None:
    missing = client.get("/api/documents/0123456789abcdef")
    assert missing.status_code == 404 and "no document 0123456789abcdef" in one_line_error(missing)
    malformed = client.get("/api/documents/..%2F..%2Fetc")
    assert malformed.status_code in (404, 422)
    assert client.get("/api/documents/ABC'OR'1").status_code == 422


def test_actors_and_dyads_present_have_counts_and_names(client: TestClient) -> None:
    answer = client.get("/api/actors").json()
    codes = {a["code"]: a for a in answer["actors"]}
    assert set(codes) == {"USA", "CHN", "JPN", "PHL"}
    assert codes["CHN"]["name"] == "China" and codes["CHN"]["as_source"] == 2
    dyads = {(d["a"], d["b"]): d for d in answer["dyads"]}
    assert set(dyads) == {("CHN", "USA"), ("JPN", "PHL")}
    assert (dyads[("CHN", "USA")]["a_to_b"], dyads[("CHN", "USA")]["b_to_a"]) == (2, 3)


def test_info_describes_the_store_without_revealing_its_path(client: TestClient, store_path: Path) -> None:
    info = client.get("/api/info").json()
    assert info["store"]["documents"] == 3 and info["store"]["events"] == 6
    assert str(store_path) not in json.dumps(info)
    assert "reported" in info["modalities"] and "ASSAULT" in info["event_types"]


def test_a_missing_store_is_reported_in_one_line(tmp_path: Path) -> None:
    with TestClient(api.create_app(tmp_path / "nothing-here.duckdb", token=TOKEN)) as empty:
        response = empty.get("/api/events")
        assert response.status_code == 503 and "no event store" in one_line_error(response)
        assert "no event store" in empty.get("/api/info").json()["error"]


# --- the page -----------------------------------------------------------------------------------------


def test_the_page_and_its_files_come_from_detente_itself(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    for asset in assets:
        assert not re.match(r"(https?:)?//", asset), f"{asset} is not served by detente"
    for asset in ("/static/app.js", "/static/style.css"):
        assert client.get(asset).status_code == 200
    assert client.head("/").status_code == 200


def test_the_page_script_never_inserts_text_as_html() -> None:
    script = (api.STATIC_DIR / "app.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", script)


# --- writing: token, size cap, validation ----------------------------------------------------------------


class FakeExtractor:
    """Stands in for the spaCy pipeline: one CONSULT event per document, in its first sentence."""

    def extract(self, document: Document) -> Extraction:
        sentence_end = document.text.find(".") + 1 or len(document.text)
        mention = EventMention(
            doc_id=document.doc_id, source=Actor("Tokyo", "JPN", "GOV", start=0, end=5),
            target=Actor("Manila", "PHL", "GOV", start=0, end=5), event_type="CONSULT", modality="reported",
            time=TimeRef(document.published.isoformat(), "day", document.published, document.published,
                         text="today", rule="publication-date"),
            sentence_index=0, sentence=document.text[:sentence_end], char_start=0, char_end=sentence_end)
        return Extraction(document=document, events=[mention], sentences=[(0, sentence_end)])


@pytest.fixture
def writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setattr("detente.pipeline.get_extractor", lambda *args, **kwargs: FakeExtractor())
    with TestClient(api.create_app(tmp_path / "new.duckdb", token=TOKEN)) as test_client:
        yield test_client


AUTH = {"Authorization": f"Bearer {TOKEN}"}
POSTED = {"text": "Tokyo hosted Manila's foreign minister for talks. They spoke about fisheries.",
          "published": "2024-02-01", "source": "notes/visit.txt"}


def test_posting_an_article_codes_stores_and_returns_its_events(writable: TestClient) -> None:
    response = writable.post("/api/documents", json=POSTED, headers=AUTH)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "inserted" and body["mentions"] == 1
    assert [(e["source_country"], e["target_country"], e["event_type"]) for e in body["events"]] == [
        ("JPN", "PHL", "CONSULT")]
    stored = writable.get(body["document_url"]).json()
    assert stored["published"] == "2024-02-01" and stored["source"] == "notes/visit.txt"
    assert writable.get("/api/events", params={"dyad": "JPN:PHL"}).json()["total"] == 1
    again = writable.post("/api/documents", json=POSTED, headers=AUTH)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_writing_without_the_token_is_unauthorised(writable: TestClient, headers: dict) -> None:
    response = writable.post("/api/documents", json=POSTED, headers=headers)
    assert response.status_code == 401 and "token" in one_line_error(response)
    assert response.headers["www-authenticate"] == "Bearer"
    assert writable.get("/api/info").json()["error"]  # nothing was stored: the store was never created


def test_a_body_over_five_megabytes_is_refused_by_its_declared_length(writable: TestClient) -> None:
    big = {"text": "Tokyo met Manila. " * 300_000, "published": "2024-02-01"}
    response = writable.post("/api/documents", json=big, headers=AUTH)
    assert response.status_code == 413 and "5 MB" in one_line_error(response)


def test_a_body_over_five_megabytes_is_refused_while_it_streams(writable: TestClient) -> None:
    def chunks():  # no Content-Length: the server must count what arrives
        yield b'{"published": "2024-02-01", "text": "'
        for _ in range(6):
            yield b"x" * (1024 * 1024)
        yield b'"}'

    response = writable.post("/api/documents", content=chunks(),
                             headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413 and "5 MB" in one_line_error(response)


@pytest.mark.parametrize("payload, words", [
    ({"text": "Tokyo met Manila.", "published": "01/02/2024"}, "published '01/02/2024' is not a valid date"),
    ({"text": "Tokyo met Manila."}, "published is required"),
    ({"text": "", "published": "2024-02-01"}, "text"),
    ({"text": "Tokyo met Manila.", "published": "2024-02-01", "author": "me"}, "author"),
])
def test_bad_articles_are_refused_in_one_line(writable: TestClient, payload: dict, words: str) -> None:
    response = writable.post("/api/documents", json=payload, headers=AUTH)
    assert response.status_code == 422
    assert words in one_line_error(response)


def test_a_body_that_is_not_json_is_refused(writable: TestClient) -> None:
    response = writable.post("/api/documents", content=b"text=hello",
                             headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422 and "not valid JSON" in one_line_error(response)


def test_text_with_no_article_in_it_is_an_input_error(writable: TestClient) -> None:
    response = writable.post("/api/documents", json={"text": "<html><body></body></html>", "published": "2024-02-01"},
                             headers=AUTH)
    assert response.status_code == 400 and "no article text" in one_line_error(response)


# --- tokens, hosts, the serve command ---------------------------------------------------------------------


def test_the_token_comes_from_the_caller_the_environment_or_chance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(api.TOKEN_ENV_VAR, "from-env")
    assert api.resolve_token("given") == ("given", False)
    assert api.resolve_token() == ("from-env", False)
    monkeypatch.delenv(api.TOKEN_ENV_VAR)
    first, generated = api.resolve_token()
    assert generated and len(first) >= 24 and api.resolve_token()[0] != first
    assert api.create_app("unused.duckdb").state.token_generated


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.20", False), ("example.org", False)])
def test_only_loopback_addresses_count_as_this_machine(host: str, loopback: bool) -> None:
    assert api.is_loopback(host) is loopback


def test_a_port_already_taken_is_reported_before_serving() -> None:
    import socket

    from detente.errors import InputError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"port {port} on 127.0.0.1 is already in use"):
            api.check_can_listen("127.0.0.1", port)
    api.check_can_listen("127.0.0.1", port)  # free again


def test_serve_refuses_a_file_that_is_not_a_store_in_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_bytes(b"these are my notes, not a database")
    run = subprocess.run([DETENTE, "serve", "--db", str(bogus)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "not a DuckDB database" in run.stderr
    assert bogus.read_bytes() == b"these are my notes, not a database"


# --- one article coded for real -----------------------------------------------------------------------


@pytest.mark.slow
def test_a_posted_article_is_coded_by_the_real_pipeline(tmp_path: Path) -> None:
    article_text = ("Japan's foreign minister visited Manila on Tuesday and signed a maritime security agreement "
                    "with the Philippines. The two governments also agreed to hold joint coast guard drills.")
    with TestClient(api.create_app(tmp_path / "real.duckdb", token=TOKEN)) as real:
        response = real.post("/api/documents", json={"text": article_text, "published": "2024-07-10",
                                                     "html": False}, headers=AUTH)
        assert response.status_code == 201, response.text
        events = response.json()["events"]
        assert any(e["source_country"] == "JPN" and e["target_country"] == "PHL" for e in events), events
        assert all(e["event_date"] is None or e["event_date"].startswith("2024") for e in events)
        assert real.get("/api/actors").json()["dyads"]


def test_a_local_server_answers_only_requests_addressed_to_this_machine(store_path: Path) -> None:
    app = api.create_app(store_path, token=TOKEN, allowed_hosts=api.LOOPBACK_HOST_NAMES)
    with TestClient(app, base_url="http://127.0.0.1:8321") as local:
        assert local.get("/api/info").status_code == 200
        assert local.get("/api/info", headers={"Host": "localhost:8321"}).status_code == 200
        assert local.get("/api/info", headers={"Host": "[::1]:8321"}).status_code == 200
        rebound = local.get("/api/events", headers={"Host": "attacker.example:8321"})
        assert rebound.status_code == 400 and "attacker.example" in one_line_error(rebound)


def test_a_publication_date_is_only_taken_as_yyyy_mm_dd(writable: TestClient) -> None:
    response = writable.post("/api/documents", json={**POSTED, "published": "20240201"}, headers=AUTH)
    assert response.status_code == 422
    assert "published '20240201' is not a valid date (expected YYYY-MM-DD)" in one_line_error(response)
    assert writable.post("/api/documents", json=POSTED, headers=AUTH).status_code == 201


def test_a_store_damaged_after_it_opened_answers_503_in_one_line(store_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(store_path.read_bytes()[: store_path.stat().st_size * 2 // 3])
    with TestClient(api.create_app(damaged, token=TOKEN)) as broken:
        for url in ("/api/events", "/api/actors", "/api/timeline?dyad=USA:CHN"):
            response = broken.get(url)
            assert response.status_code == 503, url
            assert "damaged or unreadable" in one_line_error(response)
