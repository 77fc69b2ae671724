"""Throughput: bare spaCy ``nlp.pipe`` against full ``detente ingest`` on the same corpus, in one run.

Measures, each in a fresh Python process (imports done, model loading included, one after another):

  (a) bare spaCy: the same English model, ``nlp.pipe`` over the cleaned texts of the corpus, one process;
  (b) detente ingest: read, clean, parse, actors, events, time, and store in DuckDB, with 1 and 2 workers
      (``--workers``), with the event typer the package ships by default and/or the lexicon typer.

and prints sentences/s for each, detente's ratio to bare spaCy, and its 2-worker speed-up. Targets (issue 7):
detente with 1 worker >= 0.75 of bare spaCy; 2 workers >= 1.7x detente's 1-worker speed.
Each measurement also reports peak resident memory (the kernel's high-water mark, VmHWM) of every
process: for 1 worker the run is one process (parsing and storing), for more the largest worker's peak
is the figure per worker (target: <= 400 MiB), with the driver's peak beside it.
The corpus is SYNTHETIC (bench/make_corpus.py) unless ``--corpus`` names a folder; ``--sample N`` takes
the first N files of that folder (in the order ingest walks it), for a shorter run on real text.

    python bench/throughput.py --documents 600 --typer both
    python bench/throughput.py --corpus ../shared/corpus-bulk --typer default      # 2,500 real texts
    python bench/throughput.py --corpus ../shared/corpus-bulk --sample 250 --typer default
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from make_corpus import bench_corpus, typer_env  # noqa: E402

TARGET_RATIO, TARGET_SPEEDUP, TARGET_RSS_MIB = 0.75, 1.7, 400
MIB = 1024 * 1024


def peak_rss(process) -> int:
    """The process's peak resident size in bytes so far (VmHWM on Linux; elsewhere its current RSS)."""
    try:
        with open(f"/proc/{process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return process.memory_info().rss


class TreeCPU:
    """CPU seconds (user + system) used by this process and every process it starts, sampled in a thread.

    On a machine shared with other jobs, wall time says how fast a run was; CPU time says how much work
    it did, whatever share of the cores it got. Processes that end lose at most their last interval.
    """

    def __init__(self, every: float = 0.25):
        import threading

        import psutil

        self.root, self.every, self.seen, self.peaks = psutil.Process(), every, {}, {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        import psutil

        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for process in processes:
            try:
                times = process.cpu_times()
                self.seen[process.pid] = times.user + times.system
                self.peaks[process.pid] = max(self.peaks.get(process.pid, 0), peak_rss(process))
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass

    def _run(self) -> None:
        while not self.stopped.wait(self.every):
            self._sample()

    def stop(self) -> float:
        """Stop sampling; the CPU seconds used since the process started."""
        self._sample()
        self.stopped.set()
        self.thread.join()
        return sum(self.seen.values())

    def memory(self) -> dict:
        """Peak RSS in MiB: of this process (the driver) and of the largest child (a worker), if any."""
        others = [peak for pid, peak in self.peaks.items() if pid != self.root.pid]
        return {"driver_peak_mib": self.peaks.get(self.root.pid, 0) / MIB,
                "worker_peak_mib": max(others) / MIB if others else None}


def _texts(corpus: Path) -> list[str]:
    from detente.errors import InputError
    from detente.ingest import read_document
    from detente.scale import walk_inputs

    texts = []
    for path in walk_inputs([corpus]):
        if isinstance(path, InputError):
            continue
        try:
            texts.append(read_document(path).text)
        except InputError:
            continue
    return texts


def measure_bare(corpus: Path, batch_size: int) -> dict:
    """Bare spaCy: load the model detente uses (without detente's components) and parse every text."""
    import importlib

    import spacy

    from detente.nlp import DEFAULT_MODELS, ENV_MODEL

    texts = _texts(corpus)
    cpu = TreeCPU()
    cpu_before = cpu.stop()
    cpu = TreeCPU()
    started = time.perf_counter()
    nlp, name = None, None
    for candidate in ([os.environ[ENV_MODEL]] if os.environ.get(ENV_MODEL) else list(DEFAULT_MODELS)):
        try:
            module = importlib.import_module(candidate)
            nlp, name = (module.load() if hasattr(module, "load") else spacy.load(candidate)), candidate
            break
        except (ImportError, OSError):
            continue
    if nlp is None:
        raise SystemExit("throughput: no spaCy model installed")
    loaded = time.perf_counter()
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        sentences += sum(1 for sentence in doc.sents if sentence.text.strip())
    done = time.perf_counter()
    cpu_seconds = cpu.stop() - cpu_before
    return {"what": "bare spaCy", "cpu_seconds": cpu_seconds, **cpu.memory(), "model": f"{name} {nlp.meta.get('version', '')}", "pipes": nlp.pipe_names,
            "documents": len(texts), "sentences": sentences, "seconds": done - started,
            "load_seconds": loaded - started}


def measure_detente(corpus: Path, workers: int, batch_size: int) -> dict:
    """Full ``detente ingest`` into a new store with ``workers`` workers (what the command runs)."""
    from detente.pipeline import default_typer
    from detente.scale import ingest_corpus

    typer = type(default_typer()).__name__
    with tempfile.TemporaryDirectory() as folder:
        cpu = TreeCPU()
        cpu_before = cpu.stop()  # what loading the typer above cost (its model is loaded again below)
        cpu = TreeCPU()
        started = time.perf_counter()
        summary = ingest_corpus([corpus], Path(folder) / "bench.duckdb", workers=workers, batch_size=batch_size)
        done = time.perf_counter()
        cpu_seconds = cpu.stop() - cpu_before
    return {"what": "detente ingest", "typer": typer, "cpu_seconds": cpu_seconds, **cpu.memory(), "workers": summary.workers, "documents": summary.stored,
            "failed": summary.failed, "sentences": summary.sentences, "mentions": summary.mentions,
            "seconds": done - started}


def sample_corpus(corpus: Path, count: int, scratch: Path) -> Path:
    """A folder of links to the first ``count`` files of ``corpus``, in the order ingest walks it."""
    from itertools import islice

    from detente.scale import walk_inputs

    folder = scratch / "sample"
    folder.mkdir()
    files = [path for path in walk_inputs([corpus]) if isinstance(path, Path)]
    for index, path in enumerate(islice(files, count)):
        (folder / f"{index:06d}-{path.name}").symlink_to(path.resolve())
    return folder


def memory_note(result: dict) -> str:
    """Peak resident memory of the run's processes."""
    worker = result["worker_peak_mib"]
    if worker is None:  # one process did everything
        verdict = "meets" if result["driver_peak_mib"] <= TARGET_RSS_MIB else "MISSES"
        return f"[peak RSS {result['driver_peak_mib']:.0f} MiB, one process; {verdict} <= {TARGET_RSS_MIB}]"
    verdict = "meets" if worker <= TARGET_RSS_MIB else "MISSES"
    return (f"[peak RSS per worker {worker:.0f} MiB ({verdict} <= {TARGET_RSS_MIB}), "
            f"driver {result['driver_peak_mib']:.0f} MiB]")


def run_measurement(args: list[str], typer: str | None) -> dict:
    """One measurement in a fresh Python process; its JSON result."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                          env=typer_env(typer))
    if done.returncode != 0:
        raise SystemExit(f"throughput: measurement {args} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rate(result: dict) -> float:
    """Sentences per second of wall time."""
    return result["sentences"] / result["seconds"]


def cpu_rate(result: dict) -> float:
    """Sentences per CPU second (all processes of the run)."""
    return result["sentences"] / result["cpu_seconds"]


def cpu_note(result: dict) -> str:
    return (f"[CPU {result['cpu_seconds']:.1f} s = {cpu_rate(result):.1f} sentences per CPU-second; "
            f"{result['cpu_seconds'] / result['seconds']:.2f} cores busy on average]")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="A folder of articles (default: make a synthetic one).")
    parser.add_argument("--documents", "-n", type=int, default=600, help="Size of the synthetic corpus.")
    parser.add_argument("--sample", type=int, help="Only the first N files of --corpus.")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--typer", choices=("default", "lexicon", "both"), default="both",
                        help="default: the typer the package ships (pipeline.default_typer()); lexicon: rules only.")
    parser.add_argument("--measure", choices=("bare", "detente"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure == "bare":
        print(json.dumps(measure_bare(args.corpus, args.batch_size)))
        return
    if args.measure == "detente":
        print(json.dumps(measure_detente(args.corpus, args.workers[0], args.batch_size)))
        return

    with tempfile.TemporaryDirectory(prefix="detente-throughput-") as scratch:
        corpus, label = bench_corpus(args.corpus, args.documents, Path(scratch))
        if args.sample is not None and args.corpus is not None:
            corpus = sample_corpus(corpus, args.sample, Path(scratch))
            label += f", its first {args.sample} files"
        print(f"corpus: {label}")
        print(f"machine: {os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.2f}")
        common = ["--corpus", str(corpus), "--batch-size", str(args.batch_size)]
        bare = run_measurement(["--measure", "bare", *common], None)
        print(f"(a) bare spaCy {bare['model']} ({', '.join(bare['pipes'])}), nlp.pipe batch {args.batch_size}, "
              f"1 process: {bare['sentences']} sentences of {bare['documents']} documents in "
              f"{bare['seconds']:.1f} s (model load {bare['load_seconds']:.1f} s) = {rate(bare):.1f} sentences/s "
              f"{cpu_note(bare)} {memory_note(bare)}")
        typers = ["default", "lexicon"] if args.typer == "both" else [args.typer]
        for typer in typers:
            one = None
            for workers in args.workers:
                result = run_measurement(["--measure", "detente", "--workers", str(workers), *common], typer)
                line = (f"(b) detente ingest, {result['typer']} ({typer}), {result['workers']} worker(s): "
                        f"{result['sentences']} sentences of {result['documents']} documents "
                        f"({result['failed']} failed, {result['mentions']} event mentions) in "
                        f"{result['seconds']:.1f} s = {rate(result):.1f} sentences/s; "
                        f"{rate(result) / rate(bare):.2f} of bare spaCy")
                if result["workers"] == 1:
                    one = result
                    verdict = "meets" if rate(result) / rate(bare) >= TARGET_RATIO else "MISSES"
                    line += (f" ({verdict} the {TARGET_RATIO} target; same documents: "
                             f"{bare['seconds'] / result['seconds']:.2f} of bare spaCy's speed by wall time, "
                             f"{bare['cpu_seconds'] / result['cpu_seconds']:.2f} by CPU time)")
                elif one is not None:
                    speedup = rate(result) / rate(one)
                    verdict = "meets" if speedup >= TARGET_SPEEDUP else "MISSES"
                    overhead = cpu_rate(one) / cpu_rate(result)
                    line += (f"; {speedup:.2f}x its 1-worker speed ({verdict} the {TARGET_SPEEDUP}x target; "
                             f"CPU per sentence {overhead:.2f}x the 1-worker run's, so with {workers} idle cores "
                             f"at most {workers / overhead:.2f}x)")
                print(line + " " + cpu_note(result) + " " + memory_note(result), flush=True)
        print(f"machine load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
