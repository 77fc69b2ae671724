"""Peak memory of ``detente ingest`` on a large SYNTHETIC corpus (issue 7: 20,000 documents under 1.5 GB).

Runs ``detente ingest CORPUS --db NEW --workers N`` and samples, every ``--every`` seconds, the resident
memory (RSS) of the command and all its worker processes. Prints the peak of their sum (the figure the
target is about), the peak of the driver alone and of the largest worker, and whether the sum stayed
under the limit. The corpus is made by bench/make_corpus.py unless ``--corpus`` names a folder.

    python bench/memory.py --documents 20000 --workers 2
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from make_corpus import bench_corpus, typer_env  # noqa: E402
DETENTE = str(Path(sys.executable).with_name("detente"))
LIMIT_BYTES = 1.5 * 1024**3


def sample_tree(root: psutil.Process) -> tuple[int, int, int, int, int]:
    """(sum of RSS, sum of PSS, driver RSS, largest other process RSS, number of processes) of ``root``
    and its descendants. PSS shares each page among the processes that map it (fork shares the
    imported libraries), so its sum is the memory the tree really holds; the RSS sum counts shared pages
    once per process and is the conservative figure."""
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0, 0, 0, 0
    rss, pss = [], []
    for process in processes:
        try:
            info = process.memory_full_info()
            rss.append(info.rss)
            pss.append(getattr(info, "pss", info.rss))
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            rss.append(0)
            pss.append(0)
    return sum(rss), sum(pss), rss[0], max(rss[1:], default=0), len(processes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="A folder of articles (default: make a synthetic one).")
    parser.add_argument("--documents", "-n", type=int, default=20000, help="Size of the synthetic corpus.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--typer", choices=("default", "lexicon"), default="default",
                        help="default: the typer the package ships; lexicon: rules only (DETENTE_TYPER=lexicon).")
    parser.add_argument("--every", type=float, default=0.5, help="Seconds between samples.")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="detente-memory-") as scratch:
        corpus, label = bench_corpus(args.corpus, args.documents, Path(scratch))
        env = typer_env(args.typer)
        command = [DETENTE, "ingest", str(corpus), "--db", str(Path(scratch) / "memory.duckdb"),
                   "--workers", str(args.workers), "--engine", args.engine]
        print(f"corpus: {label}")
        print(f"command: {' '.join(command[1:])}  (typer: {args.typer})", flush=True)
        started = time.monotonic()
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        root = psutil.Process(child.pid)
        peak_sum = peak_pss = peak_driver = peak_worker = most_processes = 0
        while child.poll() is None:
            total, shared, driver, worker, count = sample_tree(root)
            peak_sum, peak_pss, peak_driver = max(peak_sum, total), max(peak_pss, shared), max(peak_driver, driver)
            peak_worker, most_processes = max(peak_worker, worker), max(most_processes, count)
            time.sleep(args.every)
        out, err = child.communicate()
        seconds = time.monotonic() - started
    print("\n".join(line for line in out.splitlines() if line.strip()))
    if child.returncode not in (0, 1):
        print(err[-2000:], file=sys.stderr)
        raise SystemExit(f"memory: detente ingest exited with {child.returncode}")
    mib = 1024**2
    verdict = "under" if peak_sum < LIMIT_BYTES else "OVER"
    print(f"peak RSS, all {most_processes} processes together: {peak_sum / mib:.0f} MiB ({verdict} the "
          f"{LIMIT_BYTES / mib:.0f} MiB target); peak PSS together {peak_pss / mib:.0f} MiB; driver "
          f"{peak_driver / mib:.0f} MiB; largest worker {peak_worker / mib:.0f} MiB; {seconds:.0f} s")


if __name__ == "__main__":
    main()
