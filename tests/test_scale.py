"""Scale: many documents per store transaction, Parquet parts, worker processes, Dask, progress.

Extractions for the store tests are made by hand (``article``) so that batching is tested apart from
the parser; the ingest tests parse short invented articles with the real pipeline.
"""

from __future__ import annotations

import calendar
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from detente.records import Actor, Document, EventMention, Extraction, TimeRef
from detente.store import (
    Store, arrow_schema, document_rows, rows_from_arrow, rows_to_arrow,
)

REPO = Path(__file__).resolve().parents[1]
DETENTE = str(REPO / ".venv" / "bin" / "detente")
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
