"""Specification of detente on awkward real-world input: odd folders and files, long texts, lone
surrogates, articles that end in a photo credit, open-ended dates, and workers whose driver is killed.

Every text here is invented for the test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.ingest import document_from_text, iter_input_paths, read_document, stream_documents, walk_folder

REPO = Path(__file__).resolve().parents[1]
ARTICLE = ("Ruritania and Freedonia agreed on Tuesday to reopen their shared border crossing, the two "
           "foreign ministers said in a joint statement.\n")


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(items, root: Path) -> list[str]:
    return [item.relative_to(root).as_posix() if isinstance(item, Path) else f"error: {item}" for item in items]


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """``detente ARGS`` in a fresh process importing this checkout."""
    command = [sys.executable, "-c", "import sys; from detente.cli import main; sys.argv[0] = 'detente'; main()",
               *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})


# --- folder walking ----------------------------------------------------------------------------------


def test_a_symlink_loop_inside_a_folder_is_reported_in_one_line_and_the_files_are_still_found(tmp_path):
    write(tmp_path / "a.txt")
    write(tmp_path / "sub" / "b.txt")
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)  # sub/back -> the folder
    (tmp_path / "self").symlink_to(tmp_path / "self")  # a link to itself

    found = list(iter_input_paths([tmp_path]))

    files = [item for item in found if isinstance(item, Path)]
    errors = [str(item) for item in found if isinstance(item, InputError)]
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.txt", "sub/b.txt"]
    assert len(errors) == 2 and all("symbolic link loop" in e and "\n" not in e for e in errors)
    assert errors[0].startswith(str(tmp_path / "self")) and errors[1].startswith(str(tmp_path / "sub" / "back"))


def test_ingest_and_extract_walk_a_folder_with_a_loop_alike(tmp_path):
    from detente.scale import input_tasks

    write(tmp_path / "a.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)

    tasks = [t for t in input_tasks([tmp_path]) if not isinstance(t, InputError)]
    documents = [d for d in stream_documents([tmp_path]) if not isinstance(d, InputError)]

    assert [Path(t.label).name for t in tasks] == ["a.txt"]
    assert [Path(d.source).name for d in documents] == ["a.txt"]


def test_directory_symlinks_are_not_followed_out_of_the_folder_and_saying_so_takes_one_line(tmp_path):
    outside = tmp_path / "elsewhere"
    write(outside / "secret.txt")
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt")
    (corpus / "out").symlink_to(outside, target_is_directory=True)

    found = list(walk_folder(corpus))

    assert names(found, corpus) == ["a.txt", f"error: {corpus / 'out'}: link to a folder outside {corpus} "
                                             f"({outside.resolve()}), not followed"]


def test_a_directory_symlink_within_the_folder_does_not_list_files_twice(tmp_path):
    write(tmp_path / "real" / "a.txt")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    write(tmp_path / "z.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "z.txt")  # file links are followed

    assert names(walk_folder(tmp_path), tmp_path) == ["link.txt", "real/a.txt", "z.txt"]


def test_walking_is_sorted_and_the_same_every_time(tmp_path):
    for name in ("b/2.txt", "a/1.md", "a b/3.txt", "A.txt", "c.html", "a.htm"):
        write(tmp_path / name)

    first = names(walk_folder(tmp_path), tmp_path)

    assert first == ["A.txt", "a/1.md", "a b/3.txt", "a.htm", "b/2.txt", "c.html"]
    assert names(walk_folder(tmp_path), tmp_path) == first


# --- FIFOs and other files that are not regular -----------------------------------------------------


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def _within(seconds: float, call):
    """``call()``'s result, or fail if it has not returned after ``seconds`` (a hang)."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "hangs on a FIFO"
    return result[0]


@needs_fifo
def test_a_fifo_named_on_the_command_line_is_refused_in_one_line_without_opening_it(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)

    def read():
        try:
            read_document(fifo)
        except InputError as exc:
            return str(exc)
        return "read"

    assert _within(30, read) == f"{fifo}: a FIFO, not a regular file"


@needs_fifo
def test_extract_refuses_a_fifo_and_codes_the_other_files(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    other = write(tmp_path / "other.txt")

    items = _within(30, lambda: list(stream_documents([fifo, other])))

    assert str(items[0]) == f"{fifo}: a FIFO, not a regular file"
    assert items[1].text.startswith("Ruritania and Freedonia")


@needs_fifo
def test_a_fifo_inside_a_folder_is_reported_not_opened(tmp_path):
    write(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "b.txt")

    found = _within(30, lambda: list(stream_documents([tmp_path])))

    assert [str(item) for item in found if isinstance(item, InputError)] == [
        f"{tmp_path / 'b.txt'}: a FIFO, not a regular file; skipped"]
    assert len([item for item in found if not isinstance(item, InputError)]) == 1


def test_a_character_device_is_refused(tmp_path):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    with pytest.raises(InputError, match=r"^/dev/null: a character device, not a regular file$"):
        read_document("/dev/null")


@needs_fifo
def test_the_cli_refuses_a_fifo_with_one_line(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)

    result = run_cli("extract", str(fifo))

    assert result.returncode == 2
    assert result.stderr.strip() == f"detente: error: {fifo}: a FIFO, not a regular file"


# --- text that is not valid Unicode --------------------------------------------------------------------


def test_a_lone_surrogate_is_an_input_error_in_one_line():
    with pytest.raises(InputError) as caught:
        document_from_text("a\ud800")

    assert str(caught.value) == "text: not valid Unicode text: a lone surrogate (U+D800) at character 1"


def test_a_surrogate_pair_is_read_as_the_character_it_stands_for():
    text = "Ruritania and Freedonia signed the water treaty on Tuesday \ud83d\udcdd."

    document = document_from_text(text)

    assert document.text.endswith("Tuesday \U0001f4dd.")
    document.text.encode("utf-8")  # storable


# --- articles that end in a photo credit -------------------------------------------------------------


CREDITED = """\
Council keeps the library open late

AURORA - The city council voted on Tuesday to keep the central library open
until nine in the evening on weekdays, starting next month.

Council members said the longer hours would cost about forty thousand
dollars a year, to be paid for from the parks budget.

The library board had asked for the change after a survey of residents.
(Beacon-News Photo/Jane Roe)
"""


def test_a_photo_credit_on_the_last_line_goes_and_every_paragraph_of_the_article_stays():
    document = document_from_text(CREDITED)

    paragraphs = [document.text[start:end] for start, end in document.paragraphs]
    assert paragraphs == [
        "AURORA - The city council voted on Tuesday to keep the central library open until nine in the "
        "evening on weekdays, starting next month.",
        "Council members said the longer hours would cost about forty thousand dollars a year, to be paid "
        "for from the parks budget.",
        "The library board had asked for the change after a survey of residents.",
    ]
    assert "(Beacon-News Photo/Jane Roe)" in document.removed


def test_a_one_paragraph_article_ending_in_a_photo_credit_is_kept():
    text = ("AURORA - Hundreds of residents came to the opening of the new riverside park on Saturday, where "
            "the mayor cut a ribbon and thanked the volunteers who planted its trees. (Beacon-News Photo/Jane Roe)\n")

    document = document_from_text(text)

    assert document.text.startswith("AURORA - Hundreds of residents came")
    assert document.text.endswith("who planted its trees.")
    assert document.removed == ["(Beacon-News Photo/Jane Roe)"]


def test_a_short_item_that_is_all_caption_shaped_keeps_its_text_and_drops_only_the_credit():
    text = "The mayor of Aurora opened the new riverside park on Saturday\n(Beacon-News Photo/Jane Roe)\n"

    document = document_from_text(text)

    assert document.text == "The mayor of Aurora opened the new riverside park on Saturday"
    assert document.removed == ["(Beacon-News Photo/Jane Roe)"]


def test_a_caption_inside_an_article_is_still_removed():
    text = ("Leaders meet in Aurora\n\nThe two mayors met on Monday to discuss the new bridge over the river, "
            "their offices said.\n\nThe mayors shake hands at city hall (Beacon-News Photo/Jane Roe)\n\n"
            "Construction is to begin in the spring and to take two years.\n")

    document = document_from_text(text)

    assert "The mayors shake hands at city hall (Beacon-News Photo/Jane Roe)" in document.removed
    assert "shake hands" not in document.text


def test_a_date_cited_after_a_quotation_is_not_a_photo_credit():
    text = ("Quotes of the week\n\n- \u201cWe will reopen the border crossing.\u201d\n"
            "  ([2/24/26](https://example.org/a))\n- \u201cThe talks went well.\u201d\n"
            "  ([2/19/26](https://example.org/b))\n")

    document = document_from_text(text)

    assert "We will reopen the border crossing." in document.text and "The talks went well." in document.text


def test_a_page_of_nothing_but_chrome_is_still_refused():
    with pytest.raises(InputError, match="no article text found"):
        document_from_text("Share this\n\nSubscribe to our newsletter\n\n(Beacon-News Photo/Jane Roe)\n")


# --- extraction: open-ended dates, long texts --------------------------------------------------------


def test_an_event_planned_after_a_date_merges_with_a_dated_mention_of_it_without_error():
    """"after January 20" of a planned event is a period with a start and no end; comparing it with
    another mention of the same event (same dyad and type) once raised TypeError."""
    from detente.pipeline import extract_document

    text = ("Allied leaders meet in Brussels\n\nThe United States will impose new sanctions on Russia after "
            "January 20. The United States imposed sanctions on Russia on January 5, 2023, the Treasury said.\n")

    extraction = extract_document(text, published=date(2023, 1, 9))

    times = sorted((e.time.start, e.time.end) for e in extraction.events if e.event_type == "SANCTION")
    assert (date(2023, 1, 21), None) in times
    assert (date(2023, 1, 5), date(2023, 1, 5)) in times


def test_open_periods_nest_in_either_order():
    from detente.events.merge import _periods_nest
    from detente.records import TimeRef

    open_ended = TimeRef(None, "none", date(2023, 1, 21), None, "after January 20", "after-month-day-future")
    day = TimeRef("2023-02-01", "day", date(2023, 2, 1), date(2023, 2, 1), "on February 1", "explicit-date")
    before = TimeRef("2023-01-05", "day", date(2023, 1, 5), date(2023, 1, 5), "on January 5", "explicit-date")

    assert _periods_nest(open_ended, day) and _periods_nest(day, open_ended)
    assert not _periods_nest(open_ended, before) and not _periods_nest(before, open_ended)
    assert _periods_nest(open_ended, open_ended)


def test_text_pieces_cover_the_text_and_end_at_paragraph_breaks():
    from detente.nlp import text_pieces

    paragraph = "The ministers met in the capital and agreed to meet again. " * 20
    text = "\n\n".join(paragraph.strip() for _ in range(30))

    pieces = text_pieces(text, limit=5000)

    assert "".join(pieces) == text
    assert all(len(p) <= 5000 for p in pieces) and len(pieces) > 1
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    assert text_pieces("one two three", limit=5) == ["one ", "two ", "three"]
    assert "".join(text_pieces("x" * 12, limit=5)) == "x" * 12


def _fresh_pipeline():
    """A newly loaded spaCy pipeline (``load_model`` returns one shared, already wrapped)."""
    from detente.nlp import DEFAULT_MODELS, _load_named

    for name in DEFAULT_MODELS:
        try:
            return _load_named(name)
        except (ImportError, OSError):
            continue
    pytest.skip("no spaCy model installed")


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph), t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]


def test_long_documents_are_encoded_in_chunks_with_the_same_vectors_and_parse():
    """The tok2vec layers run on chunks of a long text with context either side (memory bounded by the
    chunk): every vector, tag, arc and entity is what one pass over the whole text gives."""
    import numpy

    from detente.nlp import with_chunked_tok2vec, with_paragraph_boundaries

    whole = with_paragraph_boundaries(_fresh_pipeline())
    chunked = with_chunked_tok2vec(with_paragraph_boundaries(_fresh_pipeline()), chunk=50, margin=4)
    assert chunked.get_pipe("tok2vec").model.name.startswith("chunked(")
    assert chunked.get_pipe("ner").model.get_ref("tok2vec").layers[0].name.startswith("chunked(")
    texts = [" ".join(["President Ana Silva of Brazil met Chancellor Weber in Berlin on Monday, and they "
                       "signed a trade accord.", "MR. KIRBY: We condemned the strikes near Kharkiv."] * 12),
             "Japan protested.", "\n\n".join(["Officials in Seoul said talks would resume next week."] * 9)]

    for a, b in zip(whole.pipe(texts, batch_size=3), chunked.pipe(texts, batch_size=2)):
        assert len(a) > 50 or a.text == "Japan protested."
        assert numpy.array_equal(a.tensor, b.tensor)
        assert _annotations(a) == _annotations(b)


def test_a_chunk_margin_narrower_than_the_encoders_reach_is_refused():
    from detente.nlp import with_chunked_tok2vec

    plain = with_chunked_tok2vec(_fresh_pipeline(), chunk=50, margin=3)  # the encoder sees 4
    assert not plain.get_pipe("tok2vec").model.name.startswith("chunked(")


RULE_TABLE_TEXTS = [
    "I gon na call it. You got ta see it. Let 's go, y' all. Ai n't that so? C'm on.",
    "There is a deal and there are talks; were there any? It was I who told you, and they asked it of me.",
    "MR. KIRBY: We don't know whether he did, but we have done what we had to do. Did they? They did.",
    "  The   ministers met in Paris.\n\n  Nothing  was   signed , though both sides said that they would "
    "return if asked , since neither could .",
]


def test_the_rule_table_annotates_exactly_as_the_models_attribute_ruler():
    """The attribute ruler run as a table of outcomes per distinct token (detente.nlp.TokenRuleTable)
    gives every token the tag, POS, morphology, lemma and dependency the model's own ruler gives, also
    once its memory has been cleared mid-document."""
    from detente.nlp import TokenRuleTable, with_rule_table

    own = _fresh_pipeline()
    table = with_rule_table(_fresh_pipeline())
    assert isinstance(table.get_pipe("attribute_ruler"), TokenRuleTable)
    assert type(own.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert table.pipe_names == own.pipe_names
    for a, b in zip(own.pipe(RULE_TABLE_TEXTS), table.pipe(RULE_TABLE_TEXTS)):
        assert _annotations(a) == _annotations(b)
    table.get_pipe("attribute_ruler").MEMO_LIMIT = 3
    for text in RULE_TABLE_TEXTS:
        assert _annotations(own(text)) == _annotations(table(text))


def test_a_ruler_with_patterns_the_table_cannot_express_is_left_in_place():
    from detente.nlp import with_rule_table

    pipeline = _fresh_pipeline()
    pipeline.get_pipe("attribute_ruler").add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert type(with_rule_table(pipeline).get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_parse_batches_hold_at_most_so_many_characters(monkeypatch):
    from detente import nlp

    assert [len(b) for b in nlp._char_batches([("x" * 40, 1), ("y" * 40, 2), ("z" * 40, 3), ("w" * 90, 4),
                                               ("v" * 20, 5)], size=16, chars=100)] == [2, 1, 1, 1]
    assert [len(b) for b in nlp._char_batches([("a", i) for i in range(5)], size=2, chars=100)] == [2, 2, 1]


def test_a_text_longer_than_one_parse_is_parsed_in_pieces_with_offsets_into_the_whole_text(monkeypatch):
    from detente import nlp
    from detente.pipeline import Extractor

    monkeypatch.setattr(nlp, "PARSE_PIECE_CHARS", 2000)  # as a text over 100,000 characters is parsed
    filler = "The weather in the capital was mild and the markets were calm, traders said."
    text = "\n\n".join([filler] * 120 + ["China imposed sanctions on Japan on Tuesday, officials said."])
    document = document_from_text(text, published=date(2024, 6, 4))
    assert len(document.text) > 4 * nlp.PARSE_PIECE_CHARS

    extraction = Extractor().extract(document)
    many = list(Extractor().extract_many([document, document_from_text(filler + " " + text[-60:])]))

    assert len(extraction.sentences) == 121 and extraction.sentences[-1][1] == len(document.text)
    (event,) = extraction.events
    assert (event.source_country, event.target_country, event.event_type) == ("CHN", "JPN", "SANCTION")
    assert event.char_start > 9000 and document.text[event.char_start:event.char_end] == event.sentence
    assert document.text[event.trigger_start:event.trigger_end] == event.trigger == "sanctions"
    assert [e.to_record() for e in many[0].events] == [e.to_record() for e in extraction.events]


@pytest.mark.slow
def test_a_text_over_spacys_max_length_is_extracted(tmp_path):
    """The documented input limit is 20 MB; spaCy alone stops at 1,000,000 characters (E088)."""
    from detente.nlp import load_model
    from detente.pipeline import extract_document

    filler = "The weather was mild and the markets were calm."
    text = "\n\n".join([filler] * (1_010_000 // (len(filler) + 2)) + ["China imposed sanctions on Japan."])
    assert len(text) > load_model().max_length

    extraction = extract_document(text, published=date(2024, 6, 4))

    (event,) = extraction.events
    assert event.event_type == "SANCTION" and event.char_start > 1_000_000


@pytest.mark.slow
def test_extract_codes_the_other_files_of_a_folder_with_a_text_over_a_million_characters(tmp_path):
    (tmp_path / "big.txt").write_text("china trade talks " * 60000, encoding="utf-8")
    write(tmp_path / "small.txt", "China imposed sanctions on Japan on Tuesday, officials said.\n")

    result = run_cli("extract", str(tmp_path), "--format", "jsonl", "--date", "2024-06-04", timeout=900)

    assert result.returncode == 0, result.stderr
    assert '"event_type": "SANCTION"' in result.stdout and "small.txt" not in result.stderr


# --- workers outliving a killed driver -----------------------------------------------------------------


def _children(pid: int) -> dict[int, str]:
    """Live (not zombie) processes whose parent is ``pid``, with their command lines (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found[int(entry.name)] = command
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent (now init) has yet to reap it


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("start", ["spawn", "forkserver"])
def test_workers_exit_when_their_driver_is_killed(tmp_path, start):
    corpus = tmp_path / "corpus"
    for number in range(8):
        write(corpus / f"{number}.txt", f"Ruritania and Freedonia held talks on day {number} of the summit, "
                                        "the two foreign ministers said.\n")
    command = [sys.executable, "-c", "import sys; from detente.cli import main; sys.argv[0] = 'detente'; main()",
               "ingest", str(corpus), "--db", str(tmp_path / "events.duckdb"), "--workers", "2", "--batch-size", "1"]
    driver = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONPATH": str(REPO / "src"), "DETENTE_WORKER_START": start})
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 300
        while len(workers) < 2 and time.monotonic() < deadline and driver.poll() is None:
            workers = {pid for pid, cmd in _children(driver.pid).items() if "spawn_main" in cmd}
            if start == "forkserver":  # the workers are the fork server's children
                servers = [pid for pid, cmd in _children(driver.pid).items() if "forkserver" in cmd]
                workers = {pid for server in servers for pid in _children(server)}
            time.sleep(0.2)
        assert len(workers) >= 2, "the driver did not start two workers"
        time.sleep(1.0)  # let them get going (importing spaCy, loading the model)
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait()

    deadline = time.monotonic() + 120  # a bounded wait, not a speed requirement
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.5)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers {left} outlived their killed driver"
