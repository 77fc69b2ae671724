"""Corpus ingestion at scale: stream files, extract in worker processes or on a Dask cluster, store in bulk.

``ingest_corpus`` is what ``detente ingest`` runs. The data path (see docs/scale.md):

- The driver walks the inputs lazily and turns each file into an ``InputTask`` (its label, its absolute
  path, its publication date from ``published``/``dates``). It never holds the corpus, only a bounded
  window of tasks in flight.
- Workers read and clean each file, skip it when its content hash is already stored (``KnownDocuments``:
  a sorted array of the stored hashes, sent once per worker), parse the rest in batches with
  ``nlp.pipe`` and turn them into store rows (``store.document_rows``).
- The local engine runs one process per worker (spawned, one ``Extractor`` each; with one worker it
  runs in this process) and the driver stores the rows in the DuckDB file, many documents per
  transaction (``Store.ingest_rows``), while the workers go on parsing.
- The Dask engine sends partitions of tasks to a cluster; each worker writes its rows as Parquet files
  (``documents/``, ``sentences/``, ``mentions/``), which the driver loads into the store
  (``Store.load_parquet``) or leaves as a dataset (``out_parquet``).

Progress goes to a ``Reporter``: a Rich progress bar on a terminal, plain log lines otherwise.
"""

from __future__ import annotations

import os
import secrets
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Sequence

from .errors import DetenteError, InputError, Parameter, ParameterError, StoreError
from .ingest import date_for_path, iter_input_paths, read_document
from .sysmem import return_freed_memory

DEFAULT_BATCH_SIZE = 16  # documents per worker task
# Documents nlp.pipe parses together. Four keep a worker's peak memory ~100 MB lower than sixteen
# (the parser's activations for the whole batch are alive at once) at the same CPU time per document.
PARSE_BATCH_SIZE = 4
DEFAULT_COMMIT_SIZE = 256  # documents per store transaction (at most)
DEFAULT_COMMIT_SECONDS = 10.0  # ... or whatever has arrived after this long
DEFAULT_PARTITION_SIZE = 100  # documents per Dask task and per Parquet part
PARQUET_TABLES: tuple[str, ...] = ("documents", "sentences", "mentions")


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# --- inputs ---------------------------------------------------------------------------------------


def walk_inputs(paths: Sequence[Path | str]) -> Iterator[Path | InputError]:
    """Each input file, lazily: ``ingest.iter_input_paths`` (one walker for extract and ingest)."""
    return iter_input_paths(paths)


def count_inputs(paths: Sequence[Path | str]) -> int:
    """How many items ``walk_inputs`` will yield: files, and paths it cannot use (folders are listed, not read)."""
    return sum(1 for _ in walk_inputs(paths))


def expand_date_keys(table: Mapping[str, date], csv_folder: Path | str) -> dict[str, date]:
    """A file-to-date table (``ingest.load_dates_csv``) keyed so that it finds files however they are named.

    Each file is keyed as written, as a path resolved against the CSV's folder, and by its base name
    (unless two rows share it).
    """
    folder = Path(csv_folder)
    dates: dict[str, date] = {}
    base_names: dict[str, list[date]] = {}
    for name, when in table.items():
        dates[name] = when
        dates[str((folder / name).resolve())] = when
        base_names.setdefault(Path(name).name, []).append(when)
    for base, values in base_names.items():
        if len(values) == 1:
            dates.setdefault(base, values[0])
    return dates


@dataclass(frozen=True)
class InputTask:
    """One file to ingest: the name it is reported and stored under, where to read it, its date."""

    label: str
    path: str  # absolute, so that workers on other machines (or folders) find it too
    published: date | None = None
    from_table: bool = False  # the date came from the ``dates`` table


def input_tasks(paths: Sequence[Path | str], published: date | None = None,
                dates: Mapping[str, date] | None = None) -> Iterator[InputTask | InputError]:
    """The tasks of every input file, lazily; a path that cannot be used yields its InputError."""
    for item in walk_inputs(paths):
        if isinstance(item, InputError):
            yield item
            continue
        listed = date_for_path(item, dates)
        yield InputTask(label=str(item), path=str(item.absolute()), published=listed or published,
                        from_table=listed is not None)


class KnownDocuments:
    """The content hashes already stored, as a sorted array: a cheap membership test to ship to workers."""

    def __init__(self, doc_ids: Iterable[str] = ()):
        import numpy as np

        numbers, others = [], set()
        for doc_id in doc_ids:
            try:
                numbers.append(int(doc_id, 16) if len(doc_id) == 16 else None)
            except ValueError:
                numbers.append(None)
            if numbers[-1] is None:
                numbers.pop()
                others.add(doc_id)
        self._numbers = np.unique(np.array(numbers, dtype=np.uint64))
        self._others = frozenset(others)

    def __len__(self) -> int:
        return int(self._numbers.size) + len(self._others)

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        if len(doc_id) == 16:
            try:
                number = int(doc_id, 16)
            except ValueError:
                return doc_id in self._others
            import numpy as np

            at = int(np.searchsorted(self._numbers, np.uint64(number)))
            return at < self._numbers.size and int(self._numbers[at]) == number
        return doc_id in self._others


def known_in_parquet(folder: Path | str) -> Iterator[str]:
    """The document ids of a Parquet dataset written with ``out_parquet`` (nothing if there is none)."""
    import pyarrow.parquet as pq

    for part in sorted((Path(folder) / "documents").glob("*.parquet")):
        try:
            yield from pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pylist()
        except (OSError, ValueError) as exc:
            raise InputError(f"{part}: not a readable Parquet part ({str(exc).splitlines()[0]})") from None


# --- workers: files in, store rows out -------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one input file in a worker."""

    label: str
    status: str  # parsed, unchanged (already stored, not parsed) or failed
    doc_id: str | None = None
    message: str = ""  # for failed: the one-line reason
    warnings: list[str] = field(default_factory=list)
    rows: Any = None  # store.DocumentRows for parsed documents (None once written to Parquet)
    sentences: int = 0
    mentions: int = 0


@dataclass
class WorkerConfig:
    """What every worker needs to build its extractor and to skip known documents."""

    actor_files: tuple[str, ...] = ()
    trigger_files: tuple[str, ...] = ()
    batch_size: int = DEFAULT_BATCH_SIZE
    known: KnownDocuments | None = None
    gazetteer_files: tuple[str, ...] = ()  # the user's places (detente places --gazetteer format)


def limit_threads() -> None:
    """One compute thread per worker process (torch, OpenMP, BLAS): the processes are the parallelism."""
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[variable] = "1"
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            torch.set_num_threads(1)
        except RuntimeError:  # already set by another thread pool; keep going
            pass


def build_extractor(config: WorkerConfig) -> Any:
    """A pipeline.Extractor for the config's actor, trigger and gazetteer files."""
    from .pipeline import Extractor

    return Extractor(actor_files=config.actor_files, trigger_files=config.trigger_files,
                     gazetteer_files=config.gazetteer_files)


def _read(task: InputTask) -> Any:
    """The Document of one task, stored under its label; InputError naming the label."""
    try:
        document = read_document(Path(task.path), published=task.published)
    except InputError as exc:
        message = str(exc)
        if message.startswith(task.path):
            message = task.label + message[len(task.path):]
        raise InputError(message) from None
    document.source = task.label
    if task.from_table:
        document.published_from = "csv"
    return document


def extract_tasks(extractor: Any, tasks: Sequence[InputTask], known: KnownDocuments | None = None,
                  batch_size: int = DEFAULT_BATCH_SIZE) -> list[Outcome]:
    """Read, skip known and parse the tasks' files; one Outcome per task, in order.

    A document whose extraction raises is reported as failed (with the error) and the others go on.
    """
    from .store import document_rows

    outcomes: list[Outcome] = []
    documents = []
    for task in tasks:
        try:
            document = _read(task)
        except DetenteError as exc:
            outcomes.append(Outcome(task.label, "failed", message=str(exc)))
            continue
        if known is not None and document.doc_id in known:
            outcomes.append(Outcome(task.label, "unchanged", doc_id=document.doc_id))
            continue
        outcomes.append(Outcome(task.label, "parsed", doc_id=document.doc_id))
        documents.append((len(outcomes) - 1, document))
    if not documents:
        return outcomes
    zone = getattr(extractor.nlp, "memory_zone", None)  # frees the parse's strings afterwards (spaCy >= 3.8)
    try:
        with zone() if zone is not None else _no_zone():
            extractions = list(extractor.extract_many([d for _, d in documents],
                                                      batch_size=min(batch_size, PARSE_BATCH_SIZE)))
    except Exception:  # one bad document spoils the batch: find it by going one at a time
        extractions = []
        for index, document in documents:
            try:
                extractions.append(extractor.extract(document))
            except Exception as exc:  # reported as this file's failure; the run goes on
                outcomes[index] = Outcome(outcomes[index].label, "failed", doc_id=document.doc_id,
                                          message=f"{outcomes[index].label}: extraction failed "
                                                  f"({exc.__class__.__name__}: {exc})")
                extractions.append(None)
    for (index, _), extraction in zip(documents, extractions):
        if extraction is None:
            continue
        outcome = outcomes[index]
        try:
            outcome.rows = document_rows(extraction)
        except DetenteError as exc:
            outcomes[index] = Outcome(outcome.label, "failed", doc_id=outcome.doc_id, message=str(exc))
            continue
        outcome.warnings = list(extraction.warnings)
        outcome.sentences = len(extraction.sentences)
        outcome.mentions = len(outcome.rows.mentions)
    return outcomes


class _no_zone:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


# One extractor per worker process, built on its first task.
_WORKER: dict[str, Any] = {}


PARENT_CHECK_SECONDS = 1.0  # how often a worker looks whether its parent is still there
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(check_every: float = PARENT_CHECK_SECONDS) -> None:
    """Make this worker process exit when the process that started it dies (SIGKILL, out of memory).

    A killed driver cannot stop its workers, and a pool worker waiting for its next task would wait
    for ever (it holds both ends of the task queue itself) with its parsing pipeline resident. On
    Linux the kernel sends the worker SIGTERM when its parent dies (``prctl(PR_SET_PDEATHSIG)``);
    everywhere, a daemon thread checks every ``check_every`` seconds that the parent is alive (its
    multiprocessing sentinel, or a changed parent pid) and ends the process if not. Calling it again
    in the same process does nothing.
    """
    if _WORKER.get("watching"):
        return
    _WORKER["watching"] = True
    import multiprocessing
    import threading

    parent_pid = os.getppid()
    parent = multiprocessing.parent_process()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the thread below still watches
            pass

    def parent_gone() -> bool:
        if os.getppid() != parent_pid:  # re-parented: the parent has died
            return True
        return parent is not None and not parent.is_alive()

    if parent_gone():  # it died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while not parent_gone():
            time.sleep(check_every)
        os._exit(1)

    threading.Thread(target=watch, name="detente-parent-watch", daemon=True).start()


def _worker_start(config: WorkerConfig) -> None:
    """Process-pool initializer: exit with the driver, leave Ctrl-C to it, one thread, build the extractor."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_threads()
    _WORKER["config"] = config
    _WORKER["extractor"] = build_extractor(config)
    limit_threads()


def _worker_run(tasks: list[InputTask]) -> list[Outcome]:
    config: WorkerConfig = _WORKER["config"]
    outcomes = extract_tasks(_WORKER["extractor"], tasks, config.known, config.batch_size)
    return_freed_memory()  # a batch of long documents must not stay the worker's resident size
    return outcomes


def _cached_extractor(config: WorkerConfig) -> Any:
    """The extractor of this (Dask worker) process for ``config``, built once."""
    key = (config.actor_files, config.trigger_files, config.gazetteer_files)
    if _WORKER.get("key") != key:
        limit_threads()
        _WORKER["extractor"] = build_extractor(config)
        _WORKER["key"] = key
        limit_threads()
    return _WORKER["extractor"]


# --- Parquet parts ----------------------------------------------------------------------------------


def new_run_id() -> str:
    """A name prefix for this run's Parquet parts: time of day and a random suffix, sortable."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def write_part(folder: Path | str, name: str, rows: Sequence[Any]) -> dict[str, str]:
    """Write documents' rows as ``folder/{documents,sentences,mentions}/part-NAME.parquet``; the three paths.

    Each file is written under a hidden temporary name and renamed when complete, so a reader of the
    folder (DuckDB, Spark, a later run) never sees half a file.
    """
    import pyarrow.parquet as pq

    from .store import rows_to_arrow

    folder = Path(folder)
    written: dict[str, str] = {}
    for table in PARQUET_TABLES:
        if table == "documents":
            table_rows = [doc.document for doc in rows]
        else:
            table_rows = [row for doc in rows for row in getattr(doc, table)]
        target = folder / table / f"part-{name}.parquet"
        temporary = target.with_name("." + target.name + ".tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(rows_to_arrow(table, table_rows), temporary)
            os.replace(temporary, target)
        except OSError as exc:
            raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from None
        written[table] = str(target)
    return written


def parquet_parts(folder: Path | str) -> Iterator[dict[str, str]]:
    """The complete parts of a Parquet folder: for each documents file, its three files by table."""
    folder = Path(folder)
    for documents in sorted((folder / "documents").glob("part-*.parquet")):
        files = {table: str(folder / table / documents.name) for table in PARQUET_TABLES}
        if all(Path(path).is_file() for path in files.values()):
            yield files


def load_parquet_dataset(store: Any, folder: Path | str, remove: bool = False) -> list[Any]:
    """Load every part of a Parquet folder (``out_parquet`` or Dask staging) into ``store``; the results.

    With ``remove`` each part's files are deleted once it is stored.
    """
    results = []
    for files in list(parquet_parts(folder)):
        results.extend(store.load_parquet(files["documents"], files["sentences"], files["mentions"]))
        if remove:
            for path in files.values():
                Path(path).unlink(missing_ok=True)
    return results


@dataclass
class PartResult:
    """What a Dask task sends back: the outcomes (without rows) and the Parquet files it wrote."""

    name: str
    outcomes: list[Outcome]
    files: dict[str, str] | None


def run_partition(tasks: list[InputTask], name: str, folder: str, config: WorkerConfig) -> PartResult:
    """A Dask task: extract one partition and write its rows as one Parquet part under ``folder``."""
    outcomes = extract_tasks(_cached_extractor(config), tasks, config.known, config.batch_size)
    return_freed_memory()
    parsed = [o.rows for o in outcomes if o.status == "parsed"]
    files = write_part(folder, name, parsed) if parsed else None
    for outcome in outcomes:
        outcome.rows = None
    return PartResult(name, outcomes, files)


# --- progress ----------------------------------------------------------------------------------------


class Reporter:
    """Where progress and per-document messages go; this base class stays silent."""

    def start(self, total: int | None, description: str) -> None:
        """Ingest begins: ``total`` files (None if unknown)."""

    def advance(self, documents: int, failed: int = 0) -> None:
        """``documents`` more files are done, ``failed`` of them failed."""

    def note(self, line: str, error: bool = False) -> None:
        """A message about one document (an error or warning when ``error``)."""

    def stop(self) -> None:
        """Ingest is over (or interrupted): close the bar or print the last line."""


class LogReporter(Reporter):
    """Plain progress lines (for logs and pipes): every ``interval`` seconds and at the end."""

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None, interval: float = 10.0):
        self.out, self.err, self.interval = out or sys.stdout, err or sys.stderr, interval
        self.total: int | None = None
        self.done = self.failed = 0
        self.started = self.last = time.monotonic()

    def start(self, total: int | None, description: str) -> None:
        self.total, self.started, self.last = total, time.monotonic(), time.monotonic()
        count = f"{total} file(s)" if total is not None else "files"
        self.err.write(f"detente: ingest: {count}, {description}\n")
        self.err.flush()

    def advance(self, documents: int, failed: int = 0) -> None:
        self.done += documents
        self.failed += failed
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._line()

    def note(self, line: str, error: bool = False) -> None:
        stream = self.err if error else self.out
        stream.write(line + "\n")
        stream.flush()

    def stop(self) -> None:
        self._line()

    def _line(self) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            parts = [f"{self.done}/{self.total} documents ({100 * self.done / self.total:.0f}%)"]
        else:
            parts = [f"{self.done} documents"]
        parts.append(f"{rate:.1f} docs/s")
        if self.total is not None and rate > 0 and self.done < self.total:
            parts.append(f"ETA {format_duration((self.total - self.done) / rate)}")
        if self.failed:
            parts.append(f"{self.failed} failed")
        self.err.write("detente: ingest: " + ", ".join(parts) + "\n")
        self.err.flush()


class RichReporter(Reporter):
    """A Rich progress bar with documents/s and ETA; messages are printed above it."""

    def __init__(self, console: Any = None):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)
        from rich.text import Text

        class DocumentsPerSecond(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f} docs/s" if speed else "- docs/s")

        self.console = console or Console(stderr=True)
        self.progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                                 DocumentsPerSecond(), TextColumn("{task.fields[failed]}"),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=self.console, transient=False)
        self.task: Any = None
        self.failed = 0

    def start(self, total: int | None, description: str) -> None:
        self.console.print(f"detente: ingest: {description}", markup=False, highlight=False)
        self.progress.start()
        self.task = self.progress.add_task("ingest", total=total, failed="")

    def advance(self, documents: int, failed: int = 0) -> None:
        self.failed += failed
        self.progress.update(self.task, advance=documents,
                             failed=f"{self.failed} failed" if self.failed else "")

    def note(self, line: str, error: bool = False) -> None:
        self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def stop(self) -> None:
        self.progress.stop()


def make_reporter(out: IO[str] | None = None, err: IO[str] | None = None) -> Reporter:
    """A Rich bar when standard error is a terminal, else plain log lines."""
    err = err or sys.stderr
    if err.isatty():
        return RichReporter()
    return LogReporter(out, err)


def format_duration(seconds: float) -> str:
    """``42.0 s``, ``3m05s`` or ``2h07m``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


# --- summary -------------------------------------------------------------------------------------


@dataclass
class IngestSummary:
    """What one ingest run did."""

    engine: str = "local"
    workers: int = 1
    target: str = ""  # the store file or the Parquet folder
    counts: dict[str, int] = field(default_factory=lambda: {"inserted": 0, "replaced": 0, "unchanged": 0,
                                                             "written": 0, "failed": 0})
    sentences: int = 0  # of the documents stored or written in this run
    mentions: int = 0  # event mentions of those documents
    events_in_store: int | None = None  # deduplicated events the store holds afterwards
    warnings: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def documents(self) -> int:
        """Input files handled (stored, written, unchanged or failed)."""
        return sum(self.counts.values())

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    @property
    def stored(self) -> int:
        """Documents parsed and stored (or written) in this run."""
        return self.counts["inserted"] + self.counts["replaced"] + self.counts["written"]

    def status_line(self) -> str:
        """``2 inserted, 1 failed -> store.duckdb`` (the last line ``detente ingest`` prints)."""
        summary = ", ".join(f"{n} {status}" for status, n in self.counts.items() if n)
        return f"{summary or 'nothing to do'} -> {self.target}"

    def lines(self) -> list[str]:
        """The human summary: documents, sentences, events, failures, time."""
        seconds = max(self.seconds, 1e-9)
        events = f"{self.mentions} event mention(s) in the stored documents"
        if self.events_in_store is not None:
            events += f"; the store holds {self.events_in_store} event(s)"
        lines = [
            f"documents  {self.documents} read: {self.counts['inserted'] + self.counts['written']} new, "
            f"{self.counts['replaced']} replaced, {self.counts['unchanged']} unchanged, {self.failed} failed",
            f"sentences  {self.sentences}",
            f"events     {events}",
            f"time       {format_duration(self.seconds)} ({self.stored / seconds:.2f} documents/s, "
            f"{self.sentences / seconds:.1f} sentences/s; {self.workers} worker(s), {self.engine} engine)",
        ]
        if self.warnings:
            lines.append(f"warnings   {self.warnings} (shown with --verbose)")
        if self.interrupted:
            lines.append("interrupted: run the same command again to resume (stored documents are skipped)")
        return lines


# --- sinks: where the rows go in the driver -------------------------------------------------------------


def _release_arrow_memory() -> None:
    """Give memory Arrow's allocator keeps after a commit back to the system (the driver runs for hours)."""
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()


class _Run:
    """The driver's state for one ingest: counts, reporter, and the store or Parquet folder it fills."""

    def __init__(self, summary: IngestSummary, reporter: Reporter, verbose: bool, store: Any = None,
                 out_parquet: Path | None = None, commit_size: int = DEFAULT_COMMIT_SIZE,
                 commit_seconds: float = DEFAULT_COMMIT_SECONDS):
        self.summary, self.reporter, self.verbose = summary, reporter, verbose
        self.store, self.out_parquet = store, out_parquet
        self.commit_size, self.commit_seconds = max(1, commit_size), commit_seconds
        self.pending: list[Outcome] = []
        self.last_commit = time.monotonic()
        self.run_id = new_run_id()
        self.parts = 0

    def input_error(self, error: InputError) -> None:
        self.summary.counts["failed"] += 1
        self.reporter.note(f"detente: error: {error}", error=True)
        self.reporter.advance(1, failed=1)

    def outcomes(self, outcomes: Iterable[Outcome]) -> None:
        """Take a worker's outcomes: report failures and skips now, buffer parsed rows for the next commit."""
        done = failed = 0
        for outcome in outcomes:
            if outcome.status == "failed":
                self.summary.counts["failed"] += 1
                self.reporter.note(f"detente: error: {outcome.message}", error=True)
                done, failed = done + 1, failed + 1
            elif outcome.status == "unchanged":
                self.summary.counts["unchanged"] += 1
                if self.verbose:
                    self.reporter.note(f"unchanged {outcome.label}: already stored, nothing changed")
                done += 1
            else:
                self._warnings(outcome)
                self.pending.append(outcome)
                done += 1
        if done:
            self.reporter.advance(done, failed=failed)
        if len(self.pending) >= self.commit_size or (
                self.pending and time.monotonic() - self.last_commit >= self.commit_seconds):
            self.commit()

    def _warnings(self, outcome: Outcome) -> None:
        self.summary.warnings += len(outcome.warnings)
        if self.verbose:
            for warning in outcome.warnings:
                self.reporter.note(f"detente: warning: {warning}", error=True)

    def commit(self) -> None:
        """Store (or write as a Parquet part) the buffered documents (progress counted them on arrival)."""
        pending, self.pending = self.pending, []
        self.last_commit = time.monotonic()
        if not pending:
            return
        _release_arrow_memory()
        if self.store is None:
            write_part(self.out_parquet, f"{self.run_id}-{self.parts:06d}", [o.rows for o in pending])
            self.parts += 1
            for outcome in pending:
                self._written(outcome)
            return
        results = self._store_rows([o.rows for o in pending], [o.label for o in pending])
        for outcome, result in zip(pending, results):
            self._stored(outcome.label, result, outcome.sentences, outcome.mentions)
        failed = sum(1 for result in results if isinstance(result, StoreError))
        if failed:
            self.reporter.advance(0, failed=failed)

    def _store_rows(self, rows: list[Any], labels: list[str]) -> list[Any]:
        """The store's results for these rows; when the batch fails, each document alone (errors in place)."""
        try:
            return self.store.ingest_rows(rows)
        except StoreError:
            if len(rows) == 1:
                raise
        results: list[Any] = []
        for one, label in zip(rows, labels):
            try:
                results.extend(self.store.ingest_rows([one]))
            except StoreError as exc:
                results.append(exc)
        if all(isinstance(result, StoreError) for result in results):
            raise results[0]  # the store itself fails (locked, full, corrupt): stop here
        return results

    def _stored(self, label: str, result: Any, sentences: int, mentions: int) -> None:
        if isinstance(result, StoreError):
            self.summary.counts["failed"] += 1
            self.reporter.note(f"detente: error: {label}: {result}", error=True)
            return
        self.summary.counts[result.status] += 1
        if result.status != "unchanged":
            self.summary.sentences += sentences
            self.summary.mentions += mentions
        if self.verbose:
            self.reporter.note(result.describe())

    def _written(self, outcome: Outcome) -> None:
        self.summary.counts["written"] += 1
        self.summary.sentences += outcome.sentences
        self.summary.mentions += outcome.mentions
        if self.verbose:
            self.reporter.note(f"written {outcome.label}: {outcome.mentions} mention(s)")

    def part(self, part: PartResult) -> None:
        """Take a Dask partition: report its outcomes, then load its Parquet part (or leave it there)."""
        _release_arrow_memory()
        parsed = {outcome.doc_id: outcome for outcome in part.outcomes if outcome.status == "parsed"}
        self.outcomes([outcome for outcome in part.outcomes if outcome.status != "parsed"])
        for outcome in parsed.values():
            self._warnings(outcome)
        self.reporter.advance(len(parsed))
        if part.files is None:
            return
        if self.store is None:
            for outcome in parsed.values():
                self._written(outcome)
            return
        for result in self.store.load_parquet(part.files["documents"], part.files["sentences"],
                                              part.files["mentions"]):
            outcome = parsed.get(result.doc_id)
            if outcome is not None:
                self._stored(outcome.label, result, outcome.sentences, outcome.mentions)
        for path in part.files.values():
            Path(path).unlink(missing_ok=True)


# --- engines ------------------------------------------------------------------------------------------


def _batches(items: Iterable[InputTask | InputError], size: int, run: _Run) -> Iterator[list[InputTask]]:
    """Tasks in lists of ``size``; input errors go straight to the run."""
    batch: list[InputTask] = []
    for item in items:
        if isinstance(item, InputError):
            run.input_error(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run_local(tasks: Iterable[InputTask | InputError], config: WorkerConfig, run: _Run, *, workers: int,
               extractor: Any = None, **_: Any) -> int:
    """The local engine: this process for one worker, else a pool of worker processes; the workers used."""
    if workers == 1:
        _run_inline(tasks, config, run, extractor)
    else:
        _run_pool(tasks, config, run, workers)
    return workers


def _run_inline(tasks: Iterable[InputTask | InputError], config: WorkerConfig, run: _Run,
                extractor: Any = None) -> None:
    limit_threads()  # one worker means one core, here as in the worker processes
    extractor = extractor or build_extractor(config)
    for batch in _batches(tasks, config.batch_size, run):
        run.outcomes(extract_tasks(extractor, batch, config.known, config.batch_size))


def _run_pool(tasks: Iterable[InputTask | InputError], config: WorkerConfig, run: _Run, workers: int) -> None:
    """Worker processes (one extractor each) with a bounded window of batches, results in order."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(),
                                   initializer=_worker_start, initargs=(config,))
    window: deque = deque()
    finished = False
    try:
        for batch in _batches(tasks, config.batch_size, run):
            window.append(executor.submit(_worker_run, batch))
            while len(window) >= 2 * workers:
                run.outcomes(window.popleft().result())
        while window:
            run.outcomes(window.popleft().result())
        finished = True
    except BrokenProcessPool:
        raise DetenteError("a worker process died (killed, out of memory, or could not start); the documents "
                           "stored so far stay stored, run again to resume") from None
    finally:
        if not finished:
            for future in window:
                future.cancel()
            _stop_workers(executor)
        executor.shutdown(wait=True, cancel_futures=True)


WORKER_START_ENV = "DETENTE_WORKER_START"  # spawn (default) or forkserver


def _worker_context() -> Any:
    """How worker processes start: ``spawn`` by default, ``forkserver`` if $DETENTE_WORKER_START says so.

    Spawned workers each import spaCy (and torch, which thinc imports) themselves: a few CPU-seconds
    each at start-up, in parallel. A fork server imports them once and forks the workers, which then
    share those pages; that saves start-up CPU, but the idle server stays resident, so the summed RSS
    of the process tree is about 300 MB higher (their summed PSS is lower). See docs/scale.md.
    Neither method copies this process's threads or open store connections.
    """
    import multiprocessing

    method = os.environ.get(WORKER_START_ENV, "spawn").strip().lower() or "spawn"
    if method not in ("spawn", "forkserver"):
        raise InputError(f"{WORKER_START_ENV}={method!r} is not spawn or forkserver")
    try:
        context = multiprocessing.get_context(method)
    except ValueError:  # no forkserver on this platform
        return multiprocessing.get_context("spawn")
    if method == "forkserver":
        context.set_forkserver_preload(["detente.pipeline", "detente.scale"])
    return context


def _stop_workers(executor: Any) -> None:
    """End the pool's worker processes now (after Ctrl-C or an error), instead of waiting for their batches."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass


def _run_dask(tasks: Iterable[InputTask | InputError], config: WorkerConfig, run: _Run, *, workers: int,
              scheduler: str | None, folder: Path, partition_size: int, **_: Any) -> int:
    """The Dask engine: partitions as Dask tasks writing Parquet parts under ``folder``; the Dask workers used."""
    import logging

    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ParameterError(Parameter("scheduler"), f" {scheduler}: cannot connect ({exc.__class__.__name__})") from None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        client.run(die_with_parent)  # the local workers are this process's children: they go with it
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        shared = client.scatter(config, broadcast=True)
        pending = as_completed()
        in_flight = 0
        for index, batch in enumerate(_batches(tasks, partition_size, run)):
            name = f"{run.run_id}-{index:06d}"
            pending.add(client.submit(run_partition, batch, name, str(folder), shared, pure=False))
            in_flight += 1
            while in_flight >= 2 * n_workers:
                run.part(next(pending).result())
                in_flight -= 1
        for future in pending:
            run.part(future.result())
        return n_workers
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# Each engine runs the tasks and returns how many workers it used. Its keyword arguments: ``workers``,
# ``scheduler``, ``folder`` (where Parquet parts go), ``partition_size``, ``extractor``; each takes those it needs.
ENGINES: dict[str, Callable[..., int]] = {"local": _run_local, "dask": _run_dask}


def ingest_corpus(
    paths: Sequence[Path | str],
    db: Path | str | None = None,
    *,
    out_parquet: Path | str | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    staging: Path | str | None = None,
    published: date | None = None,
    dates: Mapping[str, date] | None = None,
    actor_files: Sequence[str | Path] = (),
    trigger_files: Sequence[str | Path] = (),
    gazetteer_files: Sequence[str | Path] = (),
    batch_size: int = DEFAULT_BATCH_SIZE,
    commit_size: int = DEFAULT_COMMIT_SIZE,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    reporter: Reporter | None = None,
    verbose: bool = False,
    extractor: Any = None,
) -> IngestSummary:
    """Ingest files and folders into the store at ``db`` (or a Parquet dataset at ``out_parquet``).

    Documents already stored (or already in the dataset) are skipped before parsing, so a run that was
    interrupted resumes where it stopped. ``engine`` is ``local`` (``workers`` processes, default: the
    cores) or ``dask`` (a cluster at ``scheduler``, else a LocalCluster of ``workers`` processes).
    ``extractor`` (one process only) replaces the default pipeline, e.g. in tests.
    Ctrl-C stops the run after storing what is finished; the summary then says ``interrupted``.
    """
    from .store import Store

    if engine not in ENGINES:
        raise ParameterError(Parameter("engine"), f" {engine!r} is not one of {', '.join(ENGINES)}")
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise ParameterError(Parameter("workers"), f" {workers}: needs at least 1")
    if scheduler and engine != "dask":
        raise ParameterError(Parameter("scheduler"), " needs ", Parameter("engine"), " dask")
    if staging is not None and (engine != "dask" or out_parquet is not None):
        raise ParameterError(Parameter("staging"), " is for ", Parameter("engine"), " dask with a store (not with ",
                             Parameter("out_parquet"), ")")
    for name, value in (("batch_size", batch_size), ("commit_size", commit_size),
                        ("partition_size", partition_size)):
        if value < 1:
            raise ParameterError(Parameter(name), f" {value}: needs at least 1")
    if extractor is not None and (engine != "local" or workers != 1):
        raise InputError("a given extractor runs only with the local engine and one worker")
    gazetteer_paths: tuple[str, ...] = ()
    if gazetteer_files:  # checked here once, so that no worker fails on a bad file
        from .geo import check_gazetteer_files

        gazetteer_paths = check_gazetteer_files(gazetteer_files)

    started = time.monotonic()
    store = None
    staging_folder: Path | None = None
    leftovers: list[Any] = []
    if out_parquet is not None:
        out_parquet = Path(out_parquet)
        if out_parquet.exists() and not out_parquet.is_dir():
            raise ParameterError(Parameter("out_parquet"), f" {out_parquet}: is a file, not a folder")
        out_parquet.mkdir(parents=True, exist_ok=True)
        known = KnownDocuments(known_in_parquet(out_parquet))
        target = str(out_parquet)
    else:
        store = Store(db)
        if store.exists():
            store.migrate()  # fail early on a bad file, before any parsing
        if engine == "dask":
            staging_folder = Path(staging) if staging is not None else store.path.with_name(store.path.name + ".parts")
            leftovers = load_parquet_dataset(store, staging_folder, remove=True)  # from an interrupted run
        known = KnownDocuments(store.iter_document_ids())
        target = str(store.path)

    total = count_inputs(paths)
    if engine == "local":  # no more processes than batches: a handful of files runs in this process
        workers = min(workers, max(1, -(-total // batch_size)))
    summary = IngestSummary(engine=engine, workers=workers, target=target)
    reporter = reporter or Reporter()
    run = _Run(summary, reporter, verbose, store=store, out_parquet=out_parquet, commit_size=commit_size)
    config = WorkerConfig(tuple(str(Path(p).absolute()) for p in actor_files),
                          tuple(str(Path(p).absolute()) for p in trigger_files), batch_size, known,
                          gazetteer_paths)
    where = f"{workers} worker(s), {engine} engine" + (f" at {scheduler}" if scheduler else "")
    reporter.start(total, f"{where}; {len(known)} document(s) already stored -> {target}")
    if leftovers:
        reporter.note(f"stored {len(leftovers)} document(s) left in {staging_folder} by an interrupted run")
    tasks = input_tasks(paths, published=published, dates=dates)
    try:
        folder = out_parquet if out_parquet is not None else staging_folder
        summary.workers = ENGINES[engine](tasks, config, run, workers=workers, scheduler=scheduler, folder=folder,
                                          partition_size=partition_size, extractor=extractor)
        run.commit()
    except KeyboardInterrupt:
        summary.interrupted = True
        run.commit()  # keep what the workers finished
    finally:
        reporter.stop()
        if staging_folder is not None:
            _remove_empty_folders(staging_folder)
    if store is not None and store.exists():
        summary.events_in_store = store.info().events
    summary.seconds = time.monotonic() - started
    return summary


def _remove_empty_folders(folder: Path) -> None:
    """Remove ``folder`` and its table folders if nothing is left in them."""
    for table in PARQUET_TABLES:
        try:
            (folder / table).rmdir()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass
