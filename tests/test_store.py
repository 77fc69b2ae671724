"""The event store: what ingest keeps, how mentions become events, and how the file survives misuse.

The articles below are invented for these tests. Extractions are made by hand (``article`` and ``said``)
so the store is tested apart from the extraction pipeline.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pytest

import detente
from detente import store as store_module
from detente.store import schema
from detente.store import write as store_write
from detente.errors import InputError, StoreError
from conftest import DETENTE, KENYA, NO_SIDE_MEETING, PLANNED_TRIP, TRIP_HAPPENED, article, said, time_ref
from detente.store import EventQuery, Store, group_mentions

def table_rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# --- ingest ---------------------------------------------------------------------------------------


def test_ingest_stores_the_document_its_sentences_and_its_mentions(store: Store) -> None:
    result = store.ingest(TRIP_HAPPENED)

    assert (result.status, result.mentions, result.events) == ("inserted", 2, 2)
    info = store.info()
    assert (info.documents, info.sentences, info.mentions, info.events) == (1, 2, 2, 2)
    assert info.schema_version == store_module.SCHEMA_VERSION
    [(source, published, text)] = table_rows(store.path, "SELECT source, published, text FROM documents")
    assert (source, published) == ("daily/2023-06-20-talks-held.txt", date(2023, 6, 20))
    assert text == TRIP_HAPPENED.document.text
    sentences = table_rows(store.path, "SELECT sentence_index, char_start, char_end, text FROM sentences "
                                       "ORDER BY sentence_index")
    assert [row[3] for row in sentences] == [text[row[1]:row[2]] for row in sentences]
    assert store.check() == []


def test_the_same_document_again_changes_nothing_and_says_so(store: Store) -> None:
    store.ingest(PLANNED_TRIP)
    store.ingest(TRIP_HAPPENED)
    before = {t: table_rows(store.path, f"SELECT * FROM {t} ORDER BY ALL") for t in store_module.STORE_TABLES}

    again = store.ingest(TRIP_HAPPENED)

    assert again.status == "unchanged"
    assert "nothing changed" in again.describe()
    after = {t: table_rows(store.path, f"SELECT * FROM {t} ORDER BY ALL") for t in store_module.STORE_TABLES}
    assert after == before
    assert store.has_document(TRIP_HAPPENED.document.doc_id)


def test_a_changed_document_replaces_its_old_events(store: Store) -> None:
    first = article("notes/briefing.txt", date(2023, 5, 2),
                    said("Tokyo agreed to host talks with Washington on 1 May.", "JPN:USA", "AGREE", when="2023-05-01"))
    corrected = article("notes/briefing.txt", date(2023, 5, 3),
                        said("Tokyo rejected a request from Washington on 1 May.", "JPN:USA", "REJECT",
                             when="2023-05-01"))
    store.ingest(first)

    result = store.ingest(corrected)

    assert result.status == "replaced"
    assert result.replaced == [first.document.doc_id]
    assert [e["event_type"] for e in store.events()] == ["REJECT"]
    assert store.info().documents == 1
    assert store.check() == []


def test_texts_from_no_named_source_never_replace_each_other(store: Store) -> None:
    one = article("", None, said("Tokyo thanked Washington for its aid.", "JPN:USA", "SUPPORT"))
    two = article("", None, said("Moscow warned Tokyo about the drills.", "RUS:JPN", "THREATEN"))
    assert [store.ingest(x).status for x in (one, two)] == ["inserted", "inserted"]
    assert store.info().documents == 2


def test_a_batch_is_stored_one_transaction_per_document(store: Store) -> None:
    results = store.ingest_many([PLANNED_TRIP, TRIP_HAPPENED, PLANNED_TRIP])
    assert [r.status for r in results] == ["inserted", "inserted", "unchanged"]


def test_a_document_that_fails_midway_leaves_no_trace(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ingest(PLANNED_TRIP)

    def broken_regroup(*args, **kwargs):
        raise duckdb.ConversionException("simulated failure while grouping")

    monkeypatch.setattr(store_write, "regroup", broken_regroup)
    with pytest.raises(StoreError, match="could not store daily/2023-06-20-talks-held.txt"):
        store.ingest(TRIP_HAPPENED)
    monkeypatch.undo()

    info = store.info()
    assert (info.documents, info.mentions, info.events) == (1, 1, 1)
    assert not store.has_document(TRIP_HAPPENED.document.doc_id)


def test_mentions_must_belong_to_the_document_they_come_with(store: Store) -> None:
    stray = article("x.txt", None, said("Tokyo thanked Washington.", "JPN:USA", "SUPPORT"))
    stray.events[0].doc_id = "0000000000000000"
    with pytest.raises(InputError, match="names another document"):
        store.ingest(stray)
    assert not store.exists() or store.info().documents == 0


def test_deleting_a_document_regroups_what_it_touched(store: Store) -> None:
    store.ingest_many([PLANNED_TRIP, TRIP_HAPPENED])
    assert store.delete_document(TRIP_HAPPENED.document.doc_id)
    [event] = store.events()
    assert (event["modality"], event["date_value"], event["n_mentions"]) == ("planned", "2023-06", 1)
    assert not store.delete_document(TRIP_HAPPENED.document.doc_id)


# --- cross-article deduplication ------------------------------------------------------------------


def test_a_planned_trip_later_reported_is_one_event_whose_modality_moved(store: Store) -> None:
    store.ingest(PLANNED_TRIP)
    store.ingest(TRIP_HAPPENED)

    [trip] = store.events(dyad="USA:CHN", types=["CONSULT"], with_mentions=True)

    assert trip["modality"] == "reported"
    assert [(h["modality"], h["since"]) for h in trip["modality_history"]] == [
        ("planned", "2023-06-05"), ("reported", "2023-06-20")]
    assert (trip["date_value"], trip["date_precision"]) == ("2023-06-19", "day")
    assert (trip["n_mentions"], trip["n_documents"]) == (2, 2)
    assert (trip["first_seen"], trip["last_seen"]) == (date(2023, 6, 5), date(2023, 6, 20))
    evidence = [(m["document_source"], m["sentence_index"], m["modality"]) for m in trip["mentions"]]
    assert evidence == [("wire/2023-06-05-trip-announced.txt", 0, "planned"),
                        ("daily/2023-06-20-talks-held.txt", 0, "reported")]
    for mention in trip["mentions"]:
        text = PLANNED_TRIP.document.text if mention["modality"] == "planned" else TRIP_HAPPENED.document.text
        assert text[mention["char_start"]:mention["char_end"]] == mention["sentence"]


def test_grouping_does_not_depend_on_the_order_articles_arrive(tmp_path: Path) -> None:
    forward, backward = Store(tmp_path / "a.duckdb"), Store(tmp_path / "b.duckdb")
    forward.ingest_many([PLANNED_TRIP, TRIP_HAPPENED, NO_SIDE_MEETING])
    backward.ingest_many([NO_SIDE_MEETING, TRIP_HAPPENED, PLANNED_TRIP])

    def summary(store: Store) -> list[tuple]:
        return [(e["event_id"], e["modality"], e["n_mentions"], json.dumps(e["modality_history"]))
                for e in store.events()]

    assert summary(forward) == summary(backward)


def test_a_denial_does_not_merge_with_the_reported_happening(store: Store) -> None:
    store.ingest_many([PLANNED_TRIP, TRIP_HAPPENED, NO_SIDE_MEETING])
    consults = store.events(dyad="USA:CHN", types=["CONSULT"])
    assert sorted((e["modality"], e["n_mentions"]) for e in consults) == [("negated", 1), ("reported", 2)]


def test_what_keeps_two_mentions_apart(store: Store) -> None:
    store.ingest(article(
        "digest.txt", date(2023, 9, 30),
        said("Washington held talks with Tokyo on 4 September.", "USA:JPN", "CONSULT", when="2023-09-04"),
        said("Washington held talks with Tokyo again on 18 September.", "USA:JPN", "CONSULT", when="2023-09-18"),
        said("Tokyo held talks with Washington on 18 September.", "JPN:USA", "CONSULT", when="2023-09-18"),
        said("Washington agreed with Tokyo on 18 September to share data.", "USA:JPN", "AGREE", when="2023-09-18"),
        said("Washington met Tokyo at some point.", "USA:JPN", "CONSULT"),
        said("Washington met Tokyo at another point.", "USA:JPN", "CONSULT"),
    ))
    rows = [(e["source_country"], e["target_country"], e["event_type"], e["date_value"]) for e in store.events()]
    assert sorted(rows, key=str) == sorted([
        ("USA", "JPN", "CONSULT", "2023-09-04"),  # different days
        ("USA", "JPN", "CONSULT", "2023-09-18"),
        ("JPN", "USA", "CONSULT", "2023-09-18"),  # other direction
        ("USA", "JPN", "AGREE", "2023-09-18"),  # other type
        ("USA", "JPN", "CONSULT", None),  # undated mentions never merge
        ("USA", "JPN", "CONSULT", None),
    ], key=str)


def test_a_vaguer_date_joins_the_event_it_contains() -> None:
    def row(mention_id: str, when: str | None, modality: str = "reported") -> dict:
        ref = time_ref(when)
        return {"mention_id": mention_id, "modality": modality, "date_start": ref.start, "date_end": ref.end,
                "date_precision": ref.precision, "doc_id": mention_id}

    mentions = [row("d1", "2023-06-19"), row("d2", "2023-06-21"), row("m", "2023-06", "expected"),
                row("y", "2023"), row("other-year", "2022"), row("h", "2023-06", "hypothetical")]
    for _ in range(5):
        random.shuffle(mentions)
        groups = {tuple(sorted(m["mention_id"] for m in g.members)) for g in group_mentions(mentions)}
        # The month and the year join the earliest day they contain; 2022 and a hypothesis stay apart.
        assert groups == {("d1", "m", "y"), ("d2",), ("other-year",), ("h",)}


def test_regrouping_only_around_new_dates_gives_the_same_events_as_regrouping_everything(store: Store) -> None:
    rng = random.Random(7)
    dates = ["2023", "2023-05", "2023-06", "2023-05-02", "2023-05-20", "2023-06-01", "2023-06-30", "2022-12",
             "2022-12-31", "2024-01-01", None]
    documents = []
    for number in range(14):
        statements = [said(f"Washington and Beijing item {number}-{i}.", rng.choice(["USA:CHN", "CHN:USA"]),
                           rng.choice(["CONSULT", "ACCUSE"]), rng.choice(["reported", "planned", "negated"]),
                           rng.choice(dates)) for i in range(rng.randint(1, 4))]
        documents.append(article(f"feed/{number % 10}.txt", date(2023, 1, 1 + number), *statements))
    for document in documents:  # sources repeat, so later documents replace earlier ones
        store.ingest(document)
    store.delete_document(documents[-1].document.doc_id)

    def snapshot() -> list[tuple]:
        return sorted((e["event_id"], e["modality"], e["n_mentions"], e["date_value"] or "",
                       json.dumps(e["modality_history"])) for e in store.events())

    incremental = snapshot()
    assert store.regroup_all() == len(incremental)
    assert snapshot() == incremental
    assert store.check() == []


# --- queries --------------------------------------------------------------------------------------


def test_events_filter_by_dyad_and_direction(filled: Store) -> None:
    assert {e["event_type"] for e in filled.events(dyad="USA:CHN")} == {"CONSULT"}
    assert {e["event_type"] for e in filled.events(dyad="usa:chn", both_directions=True)} == {"CONSULT", "ACCUSE"}
    assert filled.events(dyad=("CHN", "JPN")) == []


def test_events_filter_by_actor_type_modality_and_dates(filled: Store) -> None:
    assert {e["source_country"] for e in filled.events(actors=["RUS"])} == {"RUS", "CHN"}
    assert [e["event_type"] for e in filled.events(actors=["Beijing-Foreign-Ministry"])] == ["CONSULT"]
    assert {e["event_type"] for e in filled.events(types=["aid", "ACCUSE"])} == {"AID", "ACCUSE"}
    assert [e["target_country"] for e in filled.events(modalities=["planned"])] == ["RUS"]
    june = filled.events(since=date(2023, 6, 19), until=date(2023, 6, 19))
    assert {e["event_type"] for e in june} == {"CONSULT", "ACCUSE"}  # the negated month overlaps too
    assert [e["date_value"] for e in filled.events(since=date(2024, 1, 1))] == ["2024-01", "2024-03"]
    assert len(filled.events(limit=2)) == 2


@pytest.mark.parametrize("kwargs, message", [
    ({"types": ["VISIT"]}, "not a PLOVER event type"),
    ({"modalities": ["rumoured"]}, "not a modality"),
    ({"dyad": "USA-CHN"}, "not SOURCE:TARGET"),
    ({"since": date(2024, 1, 2), "until": date(2024, 1, 1)}, "after"),
])
def test_bad_filters_are_one_line_input_errors(filled: Store, kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        filled.events(**kwargs)


def test_filter_values_are_parameters_not_sql(filled: Store) -> None:
    assert filled.events(actors=["x' OR '1'='1"]) == []
    assert filled.info().events == 5


# --- the file: defaults, versions, corruption, locks, kills, concurrent readers -----------------------


def test_the_default_store_is_detente_db_or_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DETENTE_DB", str(tmp_path / "from-env.duckdb"))
    assert Store().path == tmp_path / "from-env.duckdb"
    monkeypatch.delenv("DETENTE_DB")
    assert Store().path == Path("detente.duckdb")
    assert detente.Store is Store


def test_reading_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no event store at"):
        Store(tmp_path / "absent.duckdb").events()
    assert not (tmp_path / "absent.duckdb").exists()


@pytest.mark.parametrize("content", [os.urandom(4096), b"", b"SQLite format 3\x00" + bytes(2000)])
def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.duckdb"
    path.write_bytes(content)
    store = Store(path, lock_timeout=0.2)
    for call in (store.info, store.events, lambda: store.ingest(PLANNED_TRIP), store.migrate):
        with pytest.raises(StoreError, match="not a DuckDB database"):
            call()
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.duckdb"]


def test_another_programs_duckdb_file_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE prices (item VARCHAR, amount DOUBLE)")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a detente store"):
        Store(path).ingest(PLANNED_TRIP)
    assert path.read_bytes() == before


def test_a_store_from_a_newer_detente_is_refused(store: Store) -> None:
    store.ingest(PLANNED_TRIP)
    con = duckdb.connect(str(store.path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 99, newer"):
        store.events()
    with pytest.raises(StoreError, match="newer"):
        store.ingest(TRIP_HAPPENED)


def test_an_older_store_is_migrated_step_by_step(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ingest(PLANNED_TRIP)
    current = schema.SCHEMA_VERSION
    next_version = store_module.Migration(current + 1, "events get a reviewer note", (
        "ALTER TABLE events ADD COLUMN reviewer_note VARCHAR",))
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, next_version])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)

    with pytest.raises(StoreError, match="run `detente db migrate`"):
        store.events()
    assert store.migrate() == (current, current + 1)
    assert store.migrate() == (current + 1, current + 1)
    assert store.info().schema_version == current + 1
    assert "reviewer_note" in store.events()[0]
    assert store.info().documents == 1


def _hold_file_open(path: Path) -> subprocess.Popen:
    """A child process that opens the store read-write and keeps it until killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("holding", flush=True)
            time.sleep(60)
        """)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "holding"
    return child


def test_a_locked_file_gives_a_clear_error_after_the_retry_budget(store: Store) -> None:
    store.ingest(PLANNED_TRIP)
    before = store.path.read_bytes()
    holder = _hold_file_open(store.path)
    try:
        impatient = Store(store.path, lock_timeout=0.3)
        with pytest.raises(StoreError, match=rf"locked by another process \(PID {holder.pid}\)"):
            impatient.events()
        with pytest.raises(StoreError, match="locked"):
            impatient.ingest(TRIP_HAPPENED)
        cli = subprocess.run([DETENTE, "events", "--db", str(store.path)], capture_output=True, text=True,
                             env={**os.environ, "DETENTE_LOCK_TIMEOUT": "0.3"})
        assert cli.returncode == 2
        assert cli.stderr.count("\n") == 1 and "is locked by another process" in cli.stderr
    finally:
        holder.kill()
        holder.wait()
    assert store.path.read_bytes() == before
    assert Store(store.path).info().documents == 1  # usable again once the holder is gone


WRITER = textwrap.dedent("""
    import sys
    from datetime import date, timedelta
    from detente.records import Actor, Document, EventMention, Extraction, TimeRef
    from detente.store import Store

    path, first, count, per_doc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    store = Store(path, lock_timeout=60)
    for n in range(first, first + count):
        text = f"Bulletin {n}: " + " ".join(f"Claim {i} of bulletin {n}." for i in range(per_doc))
        doc = Document.from_text(text, source=f"bulletin-{n}.txt", published=date(2020, 1, 1) + timedelta(days=n))
        mentions = []
        for i in range(per_doc):
            day = date(2020, 1, 1) + timedelta(days=n * per_doc + i)
            mentions.append(EventMention(
                doc_id=doc.doc_id, source=Actor("Washington", country="USA", sector="GOV"),
                target=Actor("Beijing", country="CHN", sector="GOV"), event_type="ACCUSE",
                modality="reported", time=TimeRef(day.isoformat(), "day", day, day), sentence_index=i,
                sentence=f"Claim {i} of bulletin {n}.", char_start=0, char_end=10, trigger_start=i))
        result = store.ingest(Extraction(document=doc, events=mentions, sentences=[(0, len(text))]))
        print(n, result.status, flush=True)
""")


def _writer(path: Path, first: int, count: int, per_doc: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(first), str(count), str(per_doc)],
                            stdout=subprocess.PIPE, text=True)


def test_a_killed_ingest_keeps_every_finished_document_exactly_once(tmp_path: Path) -> None:
    path = tmp_path / "killed.duckdb"
    total, per_doc = 20, 80
    child = _writer(path, 0, total, per_doc)
    finished = [child.stdout.readline() for _ in range(6)]
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert all(line.split()[1] == "inserted" for line in finished)

    after_kill = Store(path)
    assert after_kill.check() == []  # no document without all its mentions, no orphan rows
    stored = table_rows(path, "SELECT source, n_mentions FROM documents")
    assert len(stored) >= 6 and len(stored) < total
    assert all(n == per_doc for _, n in stored)

    rerun = subprocess.run([sys.executable, "-c", WRITER, str(path), "0", str(total), str(per_doc)],
                           capture_output=True, text=True, check=True)
    statuses = [line.split()[1] for line in rerun.stdout.splitlines()]
    assert statuses.count("unchanged") == len(stored)
    assert statuses.count("inserted") == total - len(stored)
    sources = [row[0] for row in table_rows(path, "SELECT source FROM documents")]
    assert sorted(sources) == sorted(f"bulletin-{n}.txt" for n in range(total))
    assert Store(path).info().mentions == total * per_doc
    assert Store(path).check() == []


def test_readers_see_whole_documents_while_an_ingest_writes(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    per_doc = 3
    subprocess.run([sys.executable, "-c", WRITER, str(path), "0", "2", str(per_doc)], check=True,
                   capture_output=True)
    writer = _writer(path, 2, 25, per_doc)
    reader_script = textwrap.dedent(f"""
        import subprocess, sys
        for _ in range(3):
            run = subprocess.run([{DETENTE!r}, "events", "--db", {str(path)!r}, "--format", "jsonl"],
                                 capture_output=True, text=True)
            sys.stdout.write(f"== {{run.returncode}} {{run.stderr.strip()}}\\n" + run.stdout)
    """)
    readers = [subprocess.Popen([sys.executable, "-c", reader_script], stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "DETENTE_LOCK_TIMEOUT": "60"}) for _ in range(2)]
    outputs = [reader.communicate(timeout=240)[0] for reader in readers]
    writer.communicate(timeout=240)
    assert writer.returncode == 0

    snapshots = 0
    for output in outputs:
        for block in output.split("== ")[1:]:
            header, _, body = block.partition("\n")
            assert header.split()[0] == "0", header  # every read succeeded
            per_document: dict[str, int] = {}
            for line in body.splitlines():
                event = json.loads(line)
                for mention in event["mentions"]:
                    per_document[mention["doc_id"]] = per_document.get(mention["doc_id"], 0) + 1
            assert len(per_document) >= 2
            assert set(per_document.values()) == {per_doc}  # never half a document
            snapshots += 1
    assert snapshots == 6
    assert Store(path).info().documents == 27


# --- the ingest command ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_ingest_command_stores_reports_skips_and_replaces(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "announced.txt").write_text(
        "The American secretary of state will travel to Beijing next week for talks with Chinese leaders.\n",
        encoding="utf-8")
    (folder / "held.txt").write_text(
        "The American secretary of state met the Chinese foreign minister in Beijing on Monday.\n",
        encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")
    (tmp_path / "dates.csv").write_text("file,date\nannounced.txt,2023-06-10\nheld.txt,2023-06-20\n",
                                        encoding="utf-8")
    db = tmp_path / "store.duckdb"

    def ingest() -> subprocess.CompletedProcess:
        return subprocess.run([DETENTE, "ingest", str(folder), "--db", str(db), "--dates",
                               str(tmp_path / "dates.csv")], capture_output=True, text=True)

    first = ingest()
    assert first.returncode == 1  # one file failed, the others were stored
    assert "broken.txt" in first.stderr and "2 inserted, 1 failed" in first.stdout
    published = dict(table_rows(db, "SELECT source, published FROM documents"))
    assert sorted(published.values()) == [date(2023, 6, 10), date(2023, 6, 20)]

    second = ingest()
    assert "2 unchanged, 1 failed" in second.stdout

    (folder / "held.txt").write_text("The Chinese foreign minister rejected the American proposal on Monday.\n",
                                     encoding="utf-8")
    third = ingest()
    assert "1 replaced, 1 unchanged, 1 failed" in third.stdout
    assert Store(db).info().documents == 2
    assert Store(db).check() == []


def test_threads_of_one_process_take_turns_with_the_file(tmp_path: Path) -> None:
    import threading

    store = Store(tmp_path / "threads.duckdb", lock_timeout=30)
    store.ingest(PLANNED_TRIP)
    documents = [article(f"thread/{n}.txt", date(2023, 7, 1),
                         said(f"Washington accused Beijing of spying, report {n}.", "USA:CHN", "ACCUSE",
                              when=f"2023-07-{n + 1:02d}")) for n in range(12)]
    failures: list[BaseException] = []
    seen: list[int] = []

    def write(part: list[Extraction]) -> None:
        try:
            for document in part:
                store.ingest(document)
        except BaseException as exc:  # reported below
            failures.append(exc)

    def read() -> None:
        try:
            for _ in range(6):
                seen.append(len(store.events()))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(documents[:6],)),
               threading.Thread(target=write, args=(documents[6:],)),
               threading.Thread(target=read), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(seen) == 12 and all(1 <= n <= 13 for n in seen)
    assert store.info().events == 13


def test_a_connection_held_in_this_process_is_waited_for_then_reported(store: Store) -> None:
    store.ingest(PLANNED_TRIP)
    holder = duckdb.connect(str(store.path), config=dict(store_module.CONNECTION_CONFIG))
    try:
        with pytest.raises(StoreError, match="held by another connection in this process"):
            Store(store.path, lock_timeout=0.2).events()
    finally:
        holder.close()
    assert len(store.events()) == 1


# --- reads for the web API (issue 6): a page of events, one document, actors and dyads ----------------


def test_a_page_of_events_comes_with_the_total_that_match(filled: Store) -> None:
    total, first_two = filled.events_page(limit=2)
    assert total == 5 and len(first_two) == 2
    _, rest = filled.events_page(offset=2, limit=10)
    assert [e["event_id"] for e in first_two + rest] == [e["event_id"] for e in filled.events()]
    total, page = filled.events_page(dyad="USA:CHN", both_directions=True, modalities=["reported"])
    assert total == 2 and all(e["mentions"] for e in page)


def test_within_keeps_only_events_that_lie_wholly_inside_the_dates(filled: Store) -> None:
    overlapping = filled.events_page(since=date(2023, 6, 19), until=date(2023, 6, 19))[0]
    inside_the_day = filled.events_page(since=date(2023, 6, 19), until=date(2023, 6, 19), within=True)[0]
    inside_the_month = filled.events_page(since=date(2023, 6, 1), until=date(2023, 6, 30), within=True)[0]
    assert (overlapping, inside_the_day, inside_the_month) == (3, 2, 3)  # the negated June visit spans the month


@pytest.mark.parametrize("kwargs, message", [
    ({"offset": -1}, "offset"), ({"limit": -5}, "limit"),
    ({"since": date(2024, 1, 2), "until": date(2024, 1, 1), "within": True}, "after"),
])
def test_bad_page_requests_are_input_errors(filled: Store, kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        filled.events_page(**kwargs)


def test_one_document_comes_with_its_text_sentences_and_mention_spans(filled: Store) -> None:
    document = filled.document(TRIP_HAPPENED.document.doc_id)
    assert document["text"] == TRIP_HAPPENED.document.text
    assert [s["char_start"] for s in document["sentences"]] == [start for start, _ in TRIP_HAPPENED.sentences]
    accusation = next(m for m in document["mentions"] if m["event_type"] == "ACCUSE")
    assert document["text"][accusation["char_start"]:accusation["char_end"]].startswith("Beijing accused")
    assert accusation["event_id"] and accusation["date_rule"] == "test"
    talks = next(m for m in document["mentions"] if m["event_type"] == "CONSULT")
    assert talks["event_modality"] == "reported"
    assert filled.document("0000000000000000") is None
    assert filled.document("x' OR '1'='1") is None


def test_actors_and_dyads_present_are_counted_on_both_sides(filled: Store) -> None:
    actors = {a["code"]: a for a in filled.actor_counts()}
    assert set(actors) == {"USA", "CHN", "RUS"}
    assert (actors["CHN"]["as_source"], actors["CHN"]["as_target"]) == (2, 3)
    dyads = {(d["a"], d["b"]): (d["a_to_b"], d["b_to_a"]) for d in filled.dyad_counts()}
    assert dyads == {("CHN", "USA"): (1, 2), ("CHN", "RUS"): (1, 1)}


def test_trips_of_two_named_people_in_one_month_stay_two_events():
    from detente.store import group_mentions

    def mention(actor_id, start, end, modality="reported"):
        return {"mention_id": f"m-{actor_id}-{modality}", "doc_id": f"d-{actor_id}", "sentence_index": 0,
                "modality": modality,
                "date_start": start, "date_end": end, "source_actor_id": actor_id, "target_actor_id": None,
                "published": date(2023, 6, 15), "ingested_at": None}

    june = (date(2023, 6, 1), date(2023, 6, 30))
    groups = group_mentions([mention("antony-blinken", date(2023, 6, 18), date(2023, 6, 18), "planned"),
                             mention("janet-yellen", *june, "expected"), mention(None, *june, "expected")])
    assert len(groups) == 2
    assert {len(g.members) for g in groups} == {1, 2}


# --- EventQuery: the filters every reader shares -------------------------------------------------------


def test_an_event_query_is_sql_fragments_with_parameters() -> None:
    query = EventQuery(dyad="usa:chn", both_directions=True, types="aid, ACCUSE", modalities=["Reported"],
                       since=date(2023, 6, 1))
    where, params = query.where()
    assert where.startswith(" WHERE ") and "USA" not in where and "'" not in where
    assert params == ["USA", "CHN", "CHN", "USA", "AID", "ACCUSE", "reported", date(2023, 6, 1)]
    assert (query.dyad, query.types, query.modalities) == (("USA", "CHN"), ("AID", "ACCUSE"), ("reported",))
    assert EventQuery().where() == ("", [])


def test_domestic_events_have_one_country_on_both_sides(store: Store) -> None:
    store.ingest(article("home.txt", date(2023, 7, 2),
                         said("Washington accused Washington of waste on 1 July.", "USA:USA", "ACCUSE",
                              when="2023-07-01"),
                         said("Washington accused Beijing of spying on 1 July.", "USA:CHN", "ACCUSE",
                              when="2023-07-01")))
    assert [e["target_country"] for e in store.events(EventQuery(domestic=True))] == ["USA"]
    assert [e["target_country"] for e in store.events(EventQuery(domestic=False))] == ["CHN"]
    assert len(store.events(EventQuery(countries=["usa"]))) == 2
    assert [e["target_country"] for e in store.events(EventQuery(countries="CHN"))] == ["CHN"]


# --- a country's internal events and place filters ----------------------------------------------------

@pytest.fixture(scope="module")
def kenya(store_of) -> Store:
    return store_of("kenya", KENYA)


def pairs(events: list[dict]) -> list[tuple]:
    return sorted((e["source_country"] or "-", e["target_country"] or "-", e["event_type"]) for e in events)


def test_a_countrys_internal_events_have_that_country_on_every_known_side(kenya: Store) -> None:
    assert pairs(kenya.events(EventQuery(internal_to="ken"))) == [
        ("-", "KEN", "ASSAULT"), ("KEN", "-", "PROTEST"), ("KEN", "KEN", "ASSAULT"), ("KEN", "KEN", "REQUEST")]
    # domestic: both sides known and the same, so the one-sided and unknown-source events drop out
    assert pairs(kenya.events(EventQuery(internal_to="KEN", domestic=True))) == [
        ("KEN", "KEN", "ASSAULT"), ("KEN", "KEN", "REQUEST")]
    assert pairs(kenya.events(EventQuery(internal_to="UGA"))) == [("UGA", "UGA", "ASSAULT")]
    assert kenya.events(EventQuery(internal_to="FRA")) == []


def test_domestic_and_international_events_have_both_countries_known(kenya: Store) -> None:
    assert {e["source_country"] for e in kenya.events(EventQuery(domestic=True))} == {"KEN", "UGA"}
    assert pairs(kenya.events(EventQuery(domestic=False))) == [("KEN", "UGA", "ACCUSE"), ("TWN", "CHN", "ACCUSE")]


def test_events_near_a_named_place_lie_within_the_radius_by_great_circle_distance(kenya: Store) -> None:
    # Nairobi–Mombasa is about 440 km, Nairobi–Kampala about 510 km
    assert pairs(kenya.events(EventQuery(near="Nairobi"))) == [("KEN", "KEN", "ASSAULT"), ("KEN", "KEN", "REQUEST")]
    assert pairs(kenya.events(EventQuery(near="Nairobi", km=450))) == [
        ("KEN", "-", "PROTEST"), ("KEN", "KEN", "ASSAULT"), ("KEN", "KEN", "REQUEST")]
    assert len(kenya.events(EventQuery(near="Nairobi", km=600))) == 4
    # a sea from detente's own gazetteer, and a point given as LAT,LON
    assert pairs(kenya.events(EventQuery(near="Taiwan Strait", km=300))) == [("TWN", "CHN", "ACCUSE")]
    assert pairs(kenya.events(EventQuery(near="-4.05, 39.66", km=5))) == [("KEN", "-", "PROTEST")]
    # the two unlocated events ("in the north", Uganda's fighting) never match, however wide the radius
    assert len(kenya.events(EventQuery())) == 7
    assert len(kenya.events(EventQuery(near="Nairobi", km=20000))) == 5
    query = EventQuery(near="Nairobi")
    assert query.km == 100 and query.near.name == "Nairobi"
    assert query.replace(near="Mombasa").near.name == "Mombasa"


def test_events_by_the_country_their_location_lies_in(kenya: Store) -> None:
    assert pairs(kenya.events(EventQuery(country_of_location="ken"))) == [
        ("KEN", "-", "PROTEST"), ("KEN", "KEN", "ASSAULT"), ("KEN", "KEN", "REQUEST")]
    assert pairs(kenya.events(EventQuery(country_of_location="UGA"))) == [("KEN", "UGA", "ACCUSE")]
    # a place filter is SQL with parameters, like every other
    where, params = EventQuery(near="Nairobi", km=50, country_of_location="KEN").where()
    assert "Nairobi" not in where and "KEN" not in where and params[-2:] == [50.0, "KEN"]


def test_an_event_keeps_the_place_of_its_anchor_mention(kenya: Store) -> None:
    (event,) = kenya.events(EventQuery(internal_to="KEN", types="REQUEST"), with_mentions=True)
    assert event["location"] == {"text": "Nairobi", "char_start": -1, "char_end": -1, "name": "Nairobi",
                                 "geonames_id": None, "latitude": -1.28333, "longitude": 36.81667,
                                 "country": "KEN", "admin1": None, "feature": "city"}
    assert not any(key.startswith("location_") for key in event)
    assaults = {e["source_country"]: e for e in kenya.events(EventQuery(internal_to="KEN", types="ASSAULT"))}
    assert assaults["KEN"]["location"]["name"] == "Nairobi" and assaults[None]["location"] is None


def test_events_are_listed_in_a_chosen_stable_order(filled: Store) -> None:
    oldest_first = [e["event_id"] for e in filled.events(EventQuery())]
    newest = [e["date_start"] for e in filled.events(EventQuery(order="-date")) if e["date_start"]]
    assert newest == sorted(newest, reverse=True) and len(set(newest)) > 1
    by_mentions = filled.events(EventQuery(order="mentions"))
    assert by_mentions[0]["n_mentions"] == max(e["n_mentions"] for e in by_mentions)
    page = filled.events(EventQuery(offset=1, limit=2))
    assert [e["event_id"] for e in page] == oldest_first[1:3]


@pytest.mark.parametrize("kwargs, message", [
    ({"near": "Xyzzyville on Sea"}, "unknown place 'Xyzzyville on Sea'"),
    ({"near": "95,10"}, "not a point on the earth"),
    ({"near": "Nairobi", "km": 0}, "greater than 0"),
    ({"near": "Nairobi", "km": "far"}, "not a number of kilometres"),
    ({"km": 50}, "needs a place"),
    ({"country_of_location": "Kenya!"}, "not a country or organisation code"),
    ({"internal_to": "KEN", "domestic": False}, "never international"),
    ({"internal_to": "KEN", "dyad": "KEN:UGA"}, "not both"),
    ({"dyad": "USA:CHN", "domestic": True}, "has no domestic events"),
    ({"order": "random"}, "not one of date, -date, mentions"),
    ({"offset": -1}, "must not be negative"),
    ({"limit": 2 ** 63}, "larger than"),
    ({"since": "2023-06-01"}, "not a date"),
])
def test_an_event_query_refuses_what_it_cannot_answer_in_one_line(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        EventQuery(**kwargs)



# --- damage found after opening; db check's exit codes -----------------------------------------------


def damaged_copy(store: Store, tmp_path: Path) -> Path:
    """A copy of the store whose last third is gone (the header is intact, so it opens)."""
    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(store.path.read_bytes()[: store.path.stat().st_size * 2 // 3])
    return damaged


def test_a_store_damaged_inside_fails_every_call_in_one_line(filled: Store, tmp_path: Path) -> None:
    damaged = Store(damaged_copy(filled, tmp_path), lock_timeout=1)
    for call in (damaged.events, damaged.info, damaged.check, damaged.documents):
        with pytest.raises(StoreError, match="is damaged or unreadable"):
            call()
    for command in (["events"], ["db", "info"], ["db", "check"]):
        run = subprocess.run([DETENTE, *command, "--db", str(damaged.path)], capture_output=True, text=True)
        assert run.returncode == 2, (command, run.stderr)
        assert run.stderr.count("\n") == 1 and "damaged or unreadable" in run.stderr
        assert "internal error" not in run.stderr


def test_db_check_exits_1_for_problems_found_and_0_for_none(store: Store) -> None:
    store.ingest_many([PLANNED_TRIP, TRIP_HAPPENED])
    clean = subprocess.run([DETENTE, "db", "check", "--db", str(store.path)], capture_output=True, text=True)
    assert (clean.returncode, clean.stdout.strip()) == (0, "ok")
    con = duckdb.connect(str(store.path))
    con.execute("DELETE FROM mentions WHERE mention_id = (SELECT min(mention_id) FROM mentions)")
    con.close()
    found = subprocess.run([DETENTE, "db", "check", "--db", str(store.path)], capture_output=True, text=True)
    assert found.returncode == 1 and "should have" in found.stdout


# --- ingest order ---------------------------------------------------------------------------------------


def test_mentions_and_modality_history_do_not_depend_on_ingest_order(tmp_path: Path) -> None:
    """Same-day and undated reports of one happening, stored one at a time in two orders."""
    announced = article("a/announced.txt", date(2023, 6, 5), said(
        "Washington will send its envoy to Beijing in June.", "USA:CHN", "CONSULT", "planned", "2023-06"))
    same_day = article("b/held.txt", date(2023, 6, 5), said(
        "Washington's envoy held talks in Beijing in June.", "USA:CHN", "CONSULT", "reported", "2023-06"))
    expected = article("c/expected.txt", date(2023, 6, 5), said(
        "Washington is expected to hold talks with Beijing in June.", "USA:CHN", "CONSULT", "expected",
        "2023-06"))
    undated = article("d/undated.txt", None, said(
        "Washington held talks with Beijing in June 2023.", "USA:CHN", "CONSULT", "reported", "2023-06"))
    undated_too = article("e/undated.txt", None, said(
        "Washington planned talks with Beijing in June 2023.", "USA:CHN", "CONSULT", "planned", "2023-06"))
    documents = [announced, same_day, expected, undated, undated_too]

    def stored(order: list[int], name: str) -> list[dict]:
        store = Store(tmp_path / f"{name}.duckdb")
        for index in order:
            store.ingest(documents[index])
        return store.events(with_mentions=True)

    forward = stored([0, 1, 2, 3, 4], "forward")
    backward = stored([4, 3, 2, 1, 0], "backward")
    assert forward == backward
    [event] = forward
    # By publication date (undated last), then document id; the history follows the same order.
    order = [(m["published"] is None, m["published"] or date.min, m["doc_id"]) for m in event["mentions"]]
    assert order == sorted(order) and len(order) == 5
    mentions = event["mentions"]
    changes = [m["doc_id"] for i, m in enumerate(mentions) if i == 0 or m["modality"] != mentions[i - 1]["modality"]]
    assert [h["doc_id"] for h in event["modality_history"]] == changes
