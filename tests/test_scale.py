"""Scale: many documents per store transaction, Parquet parts, worker processes, Dask, progress.

Extractions for the store tests are made by hand (``article``) so that batching is tested apart from
the parser; the ingest tests parse short invented articles with the real pipeline.
"""

from __future__ import annotations

import calendar
import io
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest

from conftest import DETENTE

from detente.records import Actor, Document, EventMention, Extraction, TimeRef
from detente.store import (
    Store, arrow_schema, document_rows, rows_from_arrow, rows_to_arrow,
)

REPO = Path(__file__).resolve().parents[1]
CAPITALS = {"USA": "Washington", "CHN": "Beijing", "JPN": "Tokyo", "RUS": "Moscow", "FRA": "Paris"}


# --- hand-made extractions -------------------------------------------------------------------------


def period(value: str | None) -> TimeRef:
    """A TimeRef for YYYY, YYYY-MM or YYYY-MM-DD; None is an unknown time."""
    if value is None:
        return TimeRef.unknown()
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return TimeRef(value, "day", date(*parts), date(*parts), value, "test")
    if len(parts) == 2:
        last = calendar.monthrange(*parts)[1]
        return TimeRef(value, "month", date(parts[0], parts[1], 1), date(parts[0], parts[1], last), value, "test")
    return TimeRef(value, "year", date(parts[0], 1, 1), date(parts[0], 12, 31), value, "test")


def article(source: str, published: date | None, *statements: tuple[str, str, str, str, str | None]) -> Extraction:
    """An extraction of sentences (sentence, "SRC:TGT", type, modality, when), one event each."""
    text = " ".join(s[0] for s in statements)
    document = Document.from_text(text, source=source, published=published,
                                  published_from="option" if published else "none")
    spans, mentions, offset = [], [], 0
    for index, (sentence, dyad, event_type, modality, when) in enumerate(statements):
        start = text.index(sentence, offset)
        offset = start + len(sentence)
        spans.append((start, offset))
        src, tgt = dyad.split(":")
        s_word, t_word = CAPITALS[src], CAPITALS[tgt]
        s_at, t_at = start + sentence.find(s_word), start + sentence.find(t_word)
        mentions.append(EventMention(
            doc_id=document.doc_id, source=Actor(s_word, src, "GOV", start=s_at, end=s_at + len(s_word)),
            target=Actor(t_word, tgt, "GOV", start=t_at, end=t_at + len(t_word)), event_type=event_type,
            modality=modality, time=period(when), sentence_index=index, sentence=sentence,
            char_start=start, char_end=offset, trigger=event_type.lower(), trigger_start=start,
            trigger_end=start + 1, confidence=0.7))
    return Extraction(document=document, events=mentions, sentences=spans)


def a_season_of_reports() -> list[Extraction]:
    """Articles whose mentions merge across documents, stay apart, lack dates, and one rewritten article."""
    return [
        article("wire/visit-planned.txt", date(2023, 5, 2),
                ("Washington will send its envoy to Beijing in May.", "USA:CHN", "CONSULT", "planned", "2023-05"),
                ("Tokyo praised Paris for its mediation.", "JPN:FRA", "SUPPORT", "reported", None)),
        article("wire/visit-held.txt", date(2023, 5, 20),
                ("Washington held talks in Beijing on 18 May.", "USA:CHN", "CONSULT", "reported", "2023-05-18"),
                ("Beijing accused Washington of spying on 18 May.", "CHN:USA", "ACCUSE", "reported", "2023-05-18")),
        article("wire/second-visit.txt", date(2023, 5, 29),
                ("Washington held more talks in Beijing on 27 May.", "USA:CHN", "CONSULT", "reported", "2023-05-27"),
                ("Moscow rejected a request from Tokyo.", "RUS:JPN", "REJECT", "reported", None)),
        article("wire/year-review.txt", date(2023, 12, 30),
                ("Washington and Beijing met often in 2023.", "USA:CHN", "CONSULT", "reported", "2023"),
                ("Moscow threatened Tokyo in December.", "RUS:JPN", "THREATEN", "reported", "2023-12")),
        article("wire/visit-held.txt", date(2023, 5, 21),  # the same file, rewritten a day later
                ("Washington held long talks in Beijing on 18 May.", "USA:CHN", "CONSULT", "reported", "2023-05-18")),
        article("desk/no-summit.txt", date(2023, 6, 1),
                ("Washington did not meet Beijing in May.", "USA:CHN", "CONSULT", "negated", "2023-05")),
        article("desk/march-talks.txt", date(2023, 3, 2),  # the year-level report belongs to this event
                ("Washington hosted talks with Beijing on 1 March.", "USA:CHN", "CONSULT", "reported", "2023-03-01")),
    ]


def event_set(path: Path) -> set[tuple]:
    """What a store knows, independent of when documents were stored: events and mention assignments."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        events = con.execute("SELECT event_id, source_country, target_country, event_type, modality, date_value, "
                             "date_precision, n_mentions, n_documents, first_seen, last_seen, anchor_mention_id "
                             "FROM events").fetchall()
        mentions = con.execute("SELECT mention_id, doc_id, event_id FROM mentions").fetchall()
        documents = con.execute("SELECT doc_id, source, n_sentences, n_mentions FROM documents").fetchall()
    finally:
        con.close()
    return {("event", *row) for row in events} | {("mention", *row) for row in mentions} | \
        {("document", *row) for row in documents}


# --- the store, many documents at a time -----------------------------------------------------------


def test_a_batch_stores_the_same_events_as_one_document_at_a_time(tmp_path: Path) -> None:
    reports = a_season_of_reports()
    one_by_one, batched = Store(tmp_path / "one.duckdb"), Store(tmp_path / "batch.duckdb")
    for extraction in reports:
        one_by_one.ingest(extraction)
    results = batched.ingest_batch(reports)

    assert event_set(batched.path) == event_set(one_by_one.path)
    assert [r.status for r in results] == ["inserted"] * 4 + ["replaced", "inserted", "inserted"]
    assert batched.check() == []
    events_before = event_set(batched.path)
    batched.regroup_all()
    assert event_set(batched.path) == events_before


def test_batches_in_any_order_and_size_give_the_same_events(tmp_path: Path) -> None:
    reports = [r for r in a_season_of_reports() if r.document.published != date(2023, 5, 21)]  # no rewrite
    whole = Store(tmp_path / "whole.duckdb")
    whole.ingest_batch(reports)
    for cut in range(1, len(reports)):
        split = Store(tmp_path / f"split{cut}.duckdb")
        split.ingest_batch(reports[cut:])
        split.ingest_batch(reports[:cut])
        assert event_set(split.path) == event_set(whole.path), f"cut at {cut}"


def test_a_batch_reports_unchanged_and_replaced_documents(tmp_path: Path) -> None:
    store = Store(tmp_path / "events.duckdb")
    first, second, *_ = a_season_of_reports()
    store.ingest_batch([first])

    results = store.ingest_batch([first, second, second])

    assert [r.status for r in results] == ["unchanged", "inserted", "unchanged"]
    assert results[0].known_as == "wire/visit-planned.txt"
    assert results[1].mentions == 2 and results[1].events == 2
    assert store.info().documents == 2


def test_document_ids_lists_every_stored_document(tmp_path: Path) -> None:
    store = Store(tmp_path / "events.duckdb")
    assert list(store.iter_document_ids()) == []  # no store yet
    reports = a_season_of_reports()[:3]
    store.ingest_batch(reports)
    assert sorted(store.iter_document_ids(chunk=2)) == sorted(r.document.doc_id for r in reports)


def test_parquet_parts_round_trip_into_the_same_store(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    reports = a_season_of_reports()
    rows = [document_rows(extraction) for extraction in reports]
    files = {}
    for table in ("documents", "sentences", "mentions"):
        part = [row for doc in rows for row in ([doc.document] if table == "documents" else getattr(doc, table))]
        files[table] = tmp_path / f"{table}.parquet"
        pq.write_table(rows_to_arrow(table, part), files[table])
        assert pq.read_schema(files[table]).names == arrow_schema(table).names

    direct, loaded = Store(tmp_path / "direct.duckdb"), Store(tmp_path / "loaded.duckdb")
    direct.ingest_batch(reports)
    results = loaded.load_parquet(files["documents"], files["sentences"], files["mentions"])

    assert event_set(loaded.path) == event_set(direct.path)
    assert [r.status for r in results] == ["inserted"] * 4 + ["replaced", "inserted", "inserted"]
    again = rows_from_arrow(*(pq.read_table(files[t]) for t in ("documents", "sentences", "mentions")))
    assert [doc.doc_id for doc in again] == [doc.doc_id for doc in rows]


# --- inputs: lazy walking, dates -------------------------------------------------------------------


def test_walking_inputs_finds_what_ingest_finds_in_the_same_order(tmp_path: Path) -> None:
    from detente.ingest import iter_input_paths
    from detente.scale import count_inputs, walk_inputs

    for name in ("b.txt", "a.html", "a/z.md", "a b/c.txt", "a/.hidden/x.txt", ".secret.txt", "notes.pdf",
                 "a/deep/er/y.TXT", "empty/readme.rst"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Text.", encoding="utf-8")
    inputs = [tmp_path, tmp_path / "empty", tmp_path / "missing", tmp_path / "b.txt"]

    walked = [str(item) for item in walk_inputs(inputs)]

    assert walked == [str(item) for item in iter_input_paths(inputs)]
    assert walked[:5] == [str(tmp_path / n) for n in ("a/deep/er/y.TXT", "a/z.md", "a b/c.txt", "a.html", "b.txt")]
    assert count_inputs(inputs) == 8  # six files, an empty folder and a missing path


def test_a_dates_table_dates_files_named_relative_to_it_by_path_or_name(tmp_path: Path) -> None:
    from detente.ingest import load_dates_csv
    from detente.scale import InputTask, expand_date_keys, input_tasks

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.txt", "c.txt"):
        (tmp_path / name).write_text("Text.", encoding="utf-8")
    table = tmp_path / "dates.csv"
    table.write_text("file,date,title\na.txt,2023-06-05,A\nsub/b.txt,2023-06-20,B\n", encoding="utf-8")
    dates = expand_date_keys(load_dates_csv(table), table.parent)

    tasks = {Path(t.label).name: t for t in input_tasks([tmp_path / "a.txt", tmp_path / "sub", tmp_path / "c.txt"],
                                                        published=date(2024, 1, 1), dates=dates)}

    assert tasks["a.txt"].published == date(2023, 6, 5) and tasks["a.txt"].from_table
    assert tasks["b.txt"].published == date(2023, 6, 20)
    assert tasks["c.txt"] == InputTask(str(tmp_path / "c.txt"), str((tmp_path / "c.txt").absolute()),
                                       date(2024, 1, 1), False)


def test_known_documents_answer_membership_for_hashes_and_other_ids() -> None:
    from detente.scale import KnownDocuments

    known = KnownDocuments(["00000000000000ff", "ffffffffffffffff", "custom-id", "00000000000000ff"])

    assert len(known) == 3
    assert "00000000000000ff" in known and "ffffffffffffffff" in known and "custom-id" in known
    assert "00000000000000fe" not in known and "not-hex-at-all!!" not in known and None not in known
    assert "x" not in KnownDocuments()


# --- the driver, with a stand-in extractor -------------------------------------------------------------


class CountingExtractor:
    """Stands in for pipeline.Extractor: one sentence per paragraph, no events; records what it parsed.

    A document containing ``BOOM`` makes it raise; one containing ``STOP`` interrupts as Ctrl-C would.
    """

    nlp = None

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def extract(self, document: Document) -> Extraction:
        if "STOP" in document.text:
            raise KeyboardInterrupt
        if "BOOM" in document.text:
            raise ValueError("cannot parse this")
        self.parsed.append(Path(document.source).name)
        return Extraction(document=document, events=[], sentences=list(document.paragraphs))

    def extract_many(self, documents, batch_size=16):
        return [self.extract(document) for document in documents]


def write_articles(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def numbered_articles(n: int) -> dict[str, str]:
    return {f"{i:02d}.txt": f"Delegates met for round {i} of the fisheries talks in a coastal town.\n" for i in range(n)}


def test_a_second_run_skips_stored_documents_before_parsing(tmp_path: Path) -> None:
    from detente.scale import ingest_corpus

    folder = write_articles(tmp_path / "in", numbered_articles(5))
    db = tmp_path / "events.duckdb"
    first = CountingExtractor()
    summary = ingest_corpus([folder], db, workers=1, batch_size=2, extractor=first)
    assert (summary.counts["inserted"], summary.sentences, summary.failed) == (5, 5, 0)

    write_articles(folder, {"05.txt": "Delegates met for a sixth round of the fisheries talks on the coast.\n"})
    second = CountingExtractor()
    again = ingest_corpus([folder], db, workers=1, batch_size=2, extractor=second)

    assert second.parsed == ["05.txt"]
    assert (again.counts["inserted"], again.counts["unchanged"]) == (1, 5)
    assert again.status_line() == f"1 inserted, 5 unchanged -> {db}"


def test_an_interrupted_run_keeps_what_it_finished_and_the_next_run_resumes(tmp_path: Path) -> None:
    from detente.scale import ingest_corpus

    texts = numbered_articles(6)
    texts["03.txt"] = "Delegates met again. STOP\n"
    folder = write_articles(tmp_path / "in", texts)
    db = tmp_path / "events.duckdb"

    interrupted = ingest_corpus([folder], db, workers=1, batch_size=1, commit_size=1, extractor=CountingExtractor())

    assert interrupted.interrupted and interrupted.counts["inserted"] == 3
    assert "run the same command again to resume" in interrupted.lines()[-1]
    (folder / "03.txt").write_text("Delegates met again on the coast for the fourth round.\n", encoding="utf-8")
    resumed = CountingExtractor()
    summary = ingest_corpus([folder], db, workers=1, batch_size=1, extractor=resumed)
    assert resumed.parsed == ["03.txt", "04.txt", "05.txt"]
    assert (summary.counts["inserted"], summary.counts["unchanged"]) == (3, 3)
    assert Store(db).check() == []


def test_failures_are_counted_per_file_and_the_others_are_stored(tmp_path: Path) -> None:
    from detente.scale import LogReporter, ingest_corpus

    texts = numbered_articles(3)
    texts["bad.txt"] = "This article makes the parser go BOOM in the middle.\n"
    texts["empty.txt"] = ""
    folder = write_articles(tmp_path / "in", texts)
    out, err = io.StringIO(), io.StringIO()

    summary = ingest_corpus([folder, tmp_path / "absent"], tmp_path / "events.duckdb", workers=1, batch_size=4,
                            extractor=CountingExtractor(), reporter=LogReporter(out, err, interval=0))

    assert (summary.counts["inserted"], summary.failed, summary.documents) == (3, 3, 6)
    messages = err.getvalue()
    assert "bad.txt: extraction failed (ValueError: cannot parse this)" in messages
    assert "empty.txt: empty file" in messages and "absent: no such file or directory" in messages
    assert "6/6 documents (100%)" in messages and "docs/s" in messages and "3 failed" in messages


def test_a_parquet_dataset_is_written_instead_of_a_store_and_resumed(tmp_path: Path) -> None:
    from detente.scale import ingest_corpus, load_parquet_dataset

    folder = write_articles(tmp_path / "in", numbered_articles(5))
    dataset = tmp_path / "dataset"
    summary = ingest_corpus([folder], out_parquet=dataset, workers=1, batch_size=2, commit_size=2,
                            extractor=CountingExtractor())
    assert summary.counts["written"] == 5 and summary.status_line() == f"5 written -> {dataset}"
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{dataset}/documents/*.parquet'").fetchone()[0] == 5
    assert con.execute(f"SELECT count(*) FROM '{dataset}/sentences/*.parquet'").fetchone()[0] == 5

    again = CountingExtractor()
    assert ingest_corpus([folder], out_parquet=dataset, workers=1, extractor=again).counts["unchanged"] == 5
    assert again.parsed == []
    store = Store(tmp_path / "from-parquet.duckdb")
    assert [r.status for r in load_parquet_dataset(store, dataset)] == ["inserted"] * 5


def test_progress_shows_a_bar_with_documents_per_second_on_a_terminal() -> None:
    from rich.console import Console

    from detente.scale import RichReporter

    screen = io.StringIO()
    reporter = RichReporter(Console(file=screen, force_terminal=True, width=140))
    reporter.start(10, "2 worker(s), local engine")
    reporter.advance(4, failed=1)
    reporter.note("detente: error: x.txt: empty file", error=True)
    reporter.stop()

    shown = screen.getvalue()
    assert "4/10" in shown and "docs/s" in shown and "1 failed" in shown and "ETA" in shown
    assert "x.txt: empty file" in shown


def test_arguments_that_cannot_work_together_are_refused_in_the_api_s_terms(tmp_path: Path) -> None:
    from detente.errors import InputError
    from detente.scale import ingest_corpus

    for kwargs, message in (({"workers": 0}, "workers 0: needs at least 1"),
                            ({"scheduler": "tcp://127.0.0.1:1"}, "scheduler needs engine dask"),
                            ({"engine": "spark"}, "engine 'spark' is not one of local, dask"),
                            ({"staging": tmp_path}, r"staging is for engine dask with a store \(not with out_parquet\)"),
                            ({"batch_size": 0}, "batch_size 0: needs at least 1"),
                            ({"commit_size": 0}, "commit_size 0: needs at least 1")):
        with pytest.raises(InputError, match=f"^{message}$"):
            ingest_corpus([tmp_path], tmp_path / "x.duckdb", **kwargs)


def test_engines_are_a_registry_of_runners() -> None:
    from detente.scale import ENGINES

    assert list(ENGINES) == ["local", "dask"] and all(callable(run) for run in ENGINES.values())


def test_an_unknown_worker_start_method_is_refused(tmp_path: Path, monkeypatch) -> None:
    from detente.errors import InputError
    from detente.scale import ingest_corpus

    folder = write_articles(tmp_path / "in", numbered_articles(2))
    monkeypatch.setenv("DETENTE_WORKER_START", "fork")
    with pytest.raises(InputError, match="DETENTE_WORKER_START='fork' is not spawn or forkserver"):
        ingest_corpus([folder], tmp_path / "x.duckdb", workers=2, batch_size=1)


# --- real extraction: worker processes and Dask give what one process gives ----------------------------

INVENTED = {
    "accord.txt": "Date: 2024-03-04\n\nJapan and South Korea signed a defence agreement in Seoul on 3 March 2024.\n\n"
                  "Officials said the agreement covers joint patrols.\n",
    "protest.txt": "Date: 2024-03-10\n\nChina accused the Philippines of provoking a confrontation near the shoal "
                   "on Saturday.\n\nManila rejected the accusation the next day.\n",
    "aid.txt": "Date: 2024-04-02\n\nGermany pledged humanitarian aid to Sudan on Tuesday.\n",
    "talks.txt": "Date: 2024-04-15\n\nThe French foreign minister met his Egyptian counterpart in Cairo on Monday.\n",
    "broken.txt": "",
}


@pytest.fixture(scope="module")
def single_process_store(tmp_path_factory) -> tuple[Path, Path]:
    from detente.scale import ingest_corpus

    base = tmp_path_factory.mktemp("single")
    folder = write_articles(base / "articles", INVENTED)
    db = base / "single.duckdb"
    summary = ingest_corpus([folder], db, workers=1)
    assert (summary.counts["inserted"], summary.failed) == (4, 1)
    assert summary.mentions >= 4
    return folder, db


@pytest.mark.slow
@pytest.mark.parametrize("start", ["spawn", "forkserver"])
def test_two_worker_processes_store_what_one_process_stores(single_process_store, tmp_path: Path, start: str,
                                                           monkeypatch) -> None:
    from detente.scale import ingest_corpus

    monkeypatch.setenv("DETENTE_WORKER_START", start)
    folder, single = single_process_store
    db = tmp_path / "pool.duckdb"
    summary = ingest_corpus([folder], db, workers=2, batch_size=1, commit_size=2)
    assert summary.workers == 2 and (summary.counts["inserted"], summary.failed) == (4, 1)
    assert event_set(db) == event_set(single)


# Two invented places no gazetteer holds, in a user's gazetteer file.
USER_PLACES = ("city:\n- {name: Lake Tumbo Camp, lat: 0.5, lon: 35.3, country: KEN}\n"
               "- {name: Oduya Crossing, lat: -0.75, lon: 34.5, country: KEN}\n")
CAMP_ARTICLES = {
    "camp.txt": "Date: 2024-06-26\n\nKenyan police arrested dozens of protesters at Lake Tumbo Camp on 25 June.\n",
    "crossing.txt": "Date: 2024-06-27\n\nKenyan police arrested dozens of protesters at Oduya Crossing on 26 June.\n",
}


@pytest.mark.slow
def test_a_user_gazetteer_reaches_every_worker_process(tmp_path: Path) -> None:
    from detente.scale import ingest_corpus
    from detente.store import EventQuery, Store

    folder = write_articles(tmp_path / "articles", CAMP_ARTICLES)
    places = tmp_path / "places.yaml"
    places.write_text(USER_PLACES, encoding="utf-8")
    db = tmp_path / "camps.duckdb"
    summary = ingest_corpus([folder], db, workers=2, batch_size=1, gazetteer_files=[places])
    assert summary.workers == 2 and summary.counts["inserted"] == 2 and summary.failed == 0
    located = {e["location"]["name"] for e in Store(db).events(EventQuery(country_of_location="KEN"))}
    assert located == {"Lake Tumbo Camp", "Oduya Crossing"}
    # without the file, neither place is known
    plain = ingest_corpus([folder], tmp_path / "plain.duckdb", workers=2, batch_size=1)
    assert plain.workers == 2
    assert Store(tmp_path / "plain.duckdb").events(EventQuery(country_of_location="KEN")) == []


def test_a_bad_user_gazetteer_is_refused_before_any_worker_starts(tmp_path: Path) -> None:
    from detente.errors import InputError
    from detente.scale import ingest_corpus

    folder = write_articles(tmp_path / "articles", CAMP_ARTICLES)
    bad = tmp_path / "bad.yaml"
    bad.write_text("city:\n- {name: Nowhere, lat: 1, lon: 2, feature: moon}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown feature 'moon'"):
        ingest_corpus([folder], tmp_path / "x.duckdb", workers=2, batch_size=1, gazetteer_files=[bad])
    with pytest.raises(InputError, match="no such file"):
        ingest_corpus([folder], tmp_path / "x.duckdb", workers=2, gazetteer_files=[tmp_path / "none.yaml"])
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.slow
def test_a_dask_local_cluster_of_two_workers_stores_what_one_process_stores(single_process_store,
                                                                            tmp_path: Path) -> None:
    from detente.scale import ingest_corpus

    folder, single = single_process_store
    db = tmp_path / "dask.duckdb"
    summary = ingest_corpus([folder], db, engine="dask", workers=2, partition_size=1)
    assert summary.workers == 2 and (summary.counts["inserted"], summary.failed) == (4, 1)
    assert event_set(db) == event_set(single)
    assert not (tmp_path / "dask.duckdb.parts").exists()  # staging parts were loaded and removed


@pytest.mark.slow
def test_a_running_dask_scheduler_writes_a_parquet_dataset_of_the_same_mentions(single_process_store,
                                                                                tmp_path: Path) -> None:
    from distributed import LocalCluster

    from detente.scale import ingest_corpus

    folder, single = single_process_store
    dataset = tmp_path / "dataset"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        written = ingest_corpus([folder], out_parquet=dataset, engine="dask", scheduler=cluster.scheduler_address,
                                partition_size=2)
        assert written.counts["written"] == 4 and written.workers == 2
        again = ingest_corpus([folder], out_parquet=dataset, engine="dask", scheduler=cluster.scheduler_address)
        assert again.counts["unchanged"] == 4
    con = duckdb.connect()
    mentions = con.execute(f"SELECT count(*) FROM '{dataset}/mentions/*.parquet'").fetchone()[0]
    assert mentions == duckdb.connect(str(single), read_only=True).execute(
        "SELECT count(*) FROM mentions").fetchone()[0]


@pytest.mark.slow
def test_the_ingest_command_prints_progress_lines_and_a_summary_when_not_on_a_terminal(
        single_process_store, tmp_path: Path) -> None:
    folder, _ = single_process_store
    db = tmp_path / "cli.duckdb"
    done = subprocess.run([DETENTE, "ingest", str(folder), "--db", str(db), "--workers", "1", "-v"],
                          capture_output=True, text=True)

    assert done.returncode == 1  # one file failed, the others were stored
    assert "detente: ingest: 5 file(s), 1 worker(s), local engine" in done.stderr
    assert "5/5 documents (100%)" in done.stderr and "broken.txt: empty file" in done.stderr
    assert "\x1b[" not in done.stderr  # no terminal control codes in a log
    lines = done.stdout.splitlines()
    assert any(line.startswith("inserted ") and "accord.txt" in line for line in lines)  # --verbose
    assert lines[-5].startswith("documents  5 read: 4 new, 0 replaced, 0 unchanged, 1 failed")
    assert lines[-4].startswith("sentences  ") and lines[-3].startswith("events     ")
    assert lines[-2].startswith("time       ") and "documents/s" in lines[-2]
    assert lines[-1] == f"4 inserted, 1 failed -> {db}"


def test_the_ingest_command_refuses_conflicting_options_in_one_line(tmp_path: Path) -> None:
    for args, message in ((["--out-parquet", str(tmp_path / "p"), "--db", str(tmp_path / "x.duckdb")],
                           "--out-parquet writes a Parquet dataset instead of a store"),
                          (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
                          (["--workers", "0"], "--workers 0: needs at least 1"),
                          (["--engine", "spark"], "--engine 'spark' is not one of local, dask"),
                          (["--commit-every", "0"], "--commit-every 0: needs at least 1"),
                          (["--dates", str(tmp_path / "absent.csv")], "--dates")):
        done = subprocess.run([DETENTE, "ingest", str(tmp_path), *args], capture_output=True, text=True)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
