"""One record, one shape: the store's tables, their migrations, the Arrow schema, the API models, the JSON
record and the CSV columns all come from the declaration in ``detente.records``."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from conftest import PLANNED_TRIP, TRIP_HAPPENED
from detente import api, export, output, records
from detente.errors import StoreError
from detente.records import ACTOR, DOCUMENTS, EVENTS, MENTIONS, SCHEMA_VERSION, TABLES, Column, Group, Table
from detente.store import Store, arrow_schema, document_rows, schema


def columns_of(path: Path) -> dict[str, list[tuple[str, str, bool]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                           "WHERE table_name <> 'meta' ORDER BY table_name, column_name").fetchall()
    finally:
        con.close()
    out: dict[str, list] = {}
    for table, column, kind, nullable in rows:
        out.setdefault(table, []).append((column, kind, nullable == "YES"))
    return out


def declared() -> dict[str, list[tuple[str, str, bool]]]:
    return {name: sorted((c.name, schema.DUCKDB_TYPES[c.kind], not (c.required or c.key)) for c in table.stored)
            for name, table in TABLES.items()}


def test_a_store_built_by_its_migrations_has_exactly_the_declared_tables(store: Store, tmp_path: Path) -> None:
    store.ingest(PLANNED_TRIP)
    assert columns_of(store.path) == declared()
    fresh = tmp_path / "fresh.duckdb"
    con = duckdb.connect(str(fresh))
    for statement in schema.create_statements():
        con.execute(statement)
    con.close()
    assert columns_of(fresh) == declared()


def test_the_outputs_derive_their_fields_from_the_declaration() -> None:
    # Arrow/Parquet parts
    for name, table in TABLES.items():
        assert tuple(arrow_schema(name).names) == table.names
    # API response models: every stored column, plus what the endpoint adds
    assert set(api.EventOut.model_fields) == set(EVENTS.nested_names) | {"score", "mentions"}
    assert set(api.EventOut.model_fields["location"].annotation.__args__[0].model_fields) == {
        part.name for part in records.PLACE}
    # a mention's place is one object, as an event's; its actors stay columns (source_country ...)
    mention_fields = {name for name in MENTIONS.names if not name.startswith("location_")} | {"location"}
    assert set(api.MentionOut.model_fields) == mention_fields | {"document_source", "document_title", "published"}
    assert set(api.DocumentMentionOut.model_fields) == mention_fields | {"event_modality"}
    assert set(api.MentionOut.model_fields["location"].annotation.__args__[0].model_fields) == {
        part.name for part in records.PLACE}
    assert set(api.DocumentOut.model_fields) == set(DOCUMENTS.names) | {"sentences", "mentions"}
    # the flat CSV of mentions (extract) and of events (events --format csv)
    assert output.FLAT_COLUMNS == MENTIONS.flat_names
    assert export.EVENT_COLUMNS == EVENTS.flat_names
    # the JSON record and the store row of one mention
    mention = TRIP_HAPPENED.events[0]
    assert tuple(mention.to_record()) == MENTIONS.record_keys
    assert tuple(document_rows(TRIP_HAPPENED).mentions[0]) == MENTIONS.names


def test_the_mention_id_has_one_name_everywhere() -> None:
    mention = TRIP_HAPPENED.events[0]
    record = mention.to_record()
    row = document_rows(TRIP_HAPPENED).mentions[0]
    assert record["mention_id"] == row["mention_id"] == mention.mention_id
    assert "event_id" not in record  # the event id names the deduplicated happening, set by the store
    assert row["event_id"] is None


def test_one_new_column_reaches_the_rows_the_migration_the_arrow_schema_the_api_and_the_csv(monkeypatch) -> None:
    """What adding a field takes: one Column (here an actor part), with ``since`` the next version."""
    version = SCHEMA_VERSION + 1
    actor = (*ACTOR, Column("role", since=version, doc="the office the actor speaks in"))
    items = tuple(replace(item, columns=actor) if isinstance(item, Group) and item.columns == ACTOR else item
                  for item in MENTIONS.items)
    mentions = Table("mentions", items)
    monkeypatch.setitem(TABLES, "mentions", mentions)

    assert schema.added_columns(version) == ("ALTER TABLE mentions ADD COLUMN source_role VARCHAR",
                                             "ALTER TABLE mentions ADD COLUMN target_role VARCHAR")
    assert {"source_role", "target_role"} <= set(arrow_schema("mentions").names)
    model = api.model_of("M", mentions.stored, "probe")
    assert {"source_role", "target_role"} <= set(model.model_fields)
    assert {"source_role", "target_role"} <= set(mentions.flat_names)
    mention = TRIP_HAPPENED.events[0]
    mention.source.role, mention.target.role = "envoy", None  # the dataclass attribute the column reads
    try:
        assert mentions.record(mention)["source"]["role"] == "envoy"
        assert mentions.row(mention)["source_role"] == "envoy"
        flat = mentions.flatten(mentions.record(mention))
        assert flat["source_role"] == "envoy"
    finally:
        del mention.source.role, mention.target.role


def release_one_store(path: Path) -> None:
    """A store as detente 0.1 wrote it (schema version 1), with one document, mention and event."""
    con = duckdb.connect(str(path))
    for statement in schema.SCHEMA_V1:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('detente_version', '0.1.0')")
    con.execute("INSERT INTO documents (doc_id, source, published, text, n_sentences, n_mentions, ingested_at) "
                "VALUES ('00000000000000aa', 'old.txt', DATE '2023-06-05', 'Washington met Beijing.', 1, 1, "
                "TIMESTAMP '2023-06-05 10:00:00')")
    con.execute("INSERT INTO mentions (mention_id, doc_id, event_id, source_country, target_country, event_type, "
                "quad_class, modality, date_start, date_end, date_value, date_precision, sentence, char_start, "
                "char_end) VALUES ('m1', '00000000000000aa', 'e1', 'USA', 'CHN', 'CONSULT', 'VC', 'reported', "
                "DATE '2023-06-04', DATE '2023-06-04', '2023-06-04', 'day', 'Washington met Beijing.', 0, 23)")
    con.execute("INSERT INTO events (event_id, source_country, target_country, event_type, quad_class, modality, "
                "modality_history, date_start, date_end, n_mentions, n_documents, anchor_mention_id) VALUES "
                "('e1', 'USA', 'CHN', 'CONSULT', 'VC', 'reported', '[]', DATE '2023-06-04', DATE '2023-06-04', "
                "1, 1, 'm1')")
    con.close()


def test_a_store_of_the_first_release_is_migrated_and_keeps_its_events(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    release_one_store(path)
    old = Store(path)
    with pytest.raises(StoreError, match="run `detente db migrate`"):
        old.events()
    assert old.migrate() == (1, SCHEMA_VERSION)
    [event] = old.events(with_mentions=True)
    assert (event["event_id"], event["event_type"], event["date_start"]) == ("e1", "CONSULT", date(2023, 6, 4))
    assert event["mentions"][0]["mention_id"] == "m1" and event["mentions"][0]["trigger_pos"] is None
    assert columns_of(path) == declared()
    old.ingest(TRIP_HAPPENED)  # and takes new documents
    assert old.info().documents == 2 and old.check() == []


def test_the_csv_of_extract_has_the_declared_columns() -> None:
    buffer = io.StringIO()
    output.write_csv([m.to_record() for m in TRIP_HAPPENED.events], buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == MENTIONS.flat_names
    assert rows[0]["source_country"] == "USA" and rows[0]["source_text"] == "Washington"
    assert json.loads(json.dumps(TRIP_HAPPENED.events[0].to_record()))["event_date"] == "2023-06-19"


def test_migrating_to_version_4_gives_stored_events_the_place_of_their_mentions(tmp_path: Path) -> None:
    from conftest import article, place, said

    store = Store(tmp_path / "v3.duckdb")
    store.ingest(article("kenya.txt", date(2024, 6, 26),
                         said("Police in Nairobi fired tear gas on 25 June.", "KEN:KEN", "ASSAULT", when="2024-06-25",
                              where=place("Nairobi", "Nairobi", -1.28333, 36.81667, "KEN"), sectors="COP:CVL"),
                         said("Police in the north arrested ten on 25 June.", "KEN:KEN", "COERCE", when="2024-06-25",
                              sectors="COP:CVL")))
    con = duckdb.connect(str(store.path))  # back to version 3: events without their location columns
    for part in records.PLACE:
        con.execute(f"ALTER TABLE events DROP COLUMN location_{part.name}")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    assert store.migrate() == (3, SCHEMA_VERSION)
    located = {e["event_type"]: e["location"] for e in store.events()}
    assert located["ASSAULT"]["name"] == "Nairobi" and located["ASSAULT"]["country"] == "KEN"
    assert located["COERCE"] is None
    assert columns_of(store.path) == declared()
