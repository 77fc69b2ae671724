"""Robustness sweep: extract every real document of some folders in-process and report what went wrong.

For each file it does what ``detente ingest`` does with it (read and clean, parse, actors, events, time,
the rows the store would write and the records ``extract`` prints), with the default event typer, and
catches everything. It reports:

- **internal errors**: any exception other than detente's one-line ``InputError`` (the file name, the
  exception and the innermost detente frame);
- **refused with body text**: files refused as empty ("no article text found", "empty file") although
  they hold at least one line that reads as body text (five or more words ending in ``. ! ?``);
- the other refusals by reason, and the slowest documents.

Dates come from each folder's ``index.csv`` when it has a date column (as ``detente ingest --dates`` would use
it); ``--no-dates`` codes without them. The exit status is 1 when there is an internal error or a
refused article, else 0.

    nice -n 10 python bench/robustness.py ../shared/corpus-bulk ../shared/corpus-dev
    for k in 1 2 3; do python bench/robustness.py --part $k/3 > sweep-$k.log & done   # three processes
    python bench/robustness.py ../shared/corpus-dev --limit 50 --jsonl /tmp/records.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_FOLDERS = (SHARED / "corpus-bulk", SHARED / "corpus-dev")
EMPTY_REASONS = ("no article text found", "empty file", "empty text")
_BODY_LINE = re.compile(r"(?:\S+\s+){4,}\S*[.!?][\"'”’)]*\s*$")


def has_body_text(path: Path) -> bool:
    """Whether a file holds a line that reads as body text: five or more words ending like a sentence."""
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return False
    return any(_BODY_LINE.search(line.strip()) for line in text.splitlines())


def innermost_detente_frame(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/detente/" in f.filename]
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


def sweep(folders: list[Path], limit: int | None, use_dates: bool, jsonl: Path | None,
          part: tuple[int, int] = (0, 1)) -> int:
    from detente.errors import InputError
    from detente.ingest import iter_input_paths, load_dates_csv, read_document
    try:
        from detente.ingest import date_for_path
    except ImportError:  # older detente
        from detente.ingest import _date_for_path as date_for_path
    from detente.pipeline import Extractor

    try:
        from detente.store import document_rows
    except ImportError:  # the store may be reorganised; the sweep still codes the documents
        document_rows = None

    extractor = Extractor()
    internal: list[tuple[str, str, str]] = []
    refused_with_body: list[tuple[str, str]] = []
    refusals: Counter[str] = Counter()
    timings: list[tuple[float, int, str]] = []
    files = documents = events = 0
    sink = jsonl.open("w", encoding="utf-8") if jsonl else None
    started = time.monotonic()
    for folder in folders:
        dates = {}
        if use_dates and (folder / "index.csv").is_file():
            try:
                dates = load_dates_csv(folder / "index.csv")
            except InputError:  # an index without dates (the files carry their own)
                dates = {}
        count = 0
        for position, item in enumerate(iter_input_paths([folder])):
            if position % part[1] != part[0]:
                continue
            if isinstance(item, InputError):
                refusals[str(item).split(": ", 1)[-1]] += 1
                continue
            if item.name in ("README.md", "LICENSE.md"):
                continue
            if limit is not None and count >= limit:
                break
            count += 1
            files += 1
            label = str(item)
            try:
                document = read_document(item, published=date_for_path(item, dates) if dates else None)
            except InputError as exc:
                reason = str(exc)[len(label) + 2:] if str(exc).startswith(label) else str(exc)
                refusals[reason] += 1
                if reason in EMPTY_REASONS and has_body_text(item):
                    refused_with_body.append((label, reason))
                continue
            except Exception as exc:  # an internal error in ingest itself
                internal.append((label, f"{exc.__class__.__name__}: {exc}", innermost_detente_frame(exc)))
                continue
            begun = time.monotonic()
            try:
                extraction = extractor.extract(document)
                if document_rows is not None:
                    document_rows(extraction)
                records = [e.to_record() for e in extraction.events]
            except Exception as exc:
                internal.append((label, f"{exc.__class__.__name__}: {exc}", innermost_detente_frame(exc)))
                continue
            timings.append((time.monotonic() - begun, len(document.text), label))
            documents += 1
            events += len(records)
            if sink is not None:
                for record in records:
                    sink.write(json.dumps({"file": item.name, **record}, sort_keys=True, default=str) + "\n")
    if sink is not None:
        sink.close()
    elapsed = time.monotonic() - started

    print(f"{files} files in {', '.join(str(f) for f in folders)}: {documents} coded ({events} events), "
          f"{sum(refusals.values())} refused, {len(internal)} internal errors, "
          f"{len(refused_with_body)} refused as empty with body text; {elapsed:.0f} s")
    for reason, n in refusals.most_common():
        print(f"  refused {n:4d}: {reason}")
    for label, error, frame in internal:
        print(f"  INTERNAL ERROR {label}: {error} [{frame}]")
    for label, reason in refused_with_body:
        print(f"  REFUSED WITH BODY TEXT {label}: {reason}")
    for seconds, chars, label in sorted(timings, reverse=True)[:5]:
        print(f"  slowest: {seconds:6.2f} s  {chars:8d} chars  {label}")
    return 1 if internal or refused_with_body else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_FOLDERS))
    parser.add_argument("--limit", type=int, default=None, help="at most this many files per folder")
    parser.add_argument("--no-dates", action="store_true", help="ignore the folders' index.csv")
    parser.add_argument("--jsonl", type=Path, default=None, help="also write every event record here")
    parser.add_argument("--part", default="1/1", help="K/N: only every N-th file, starting with the K-th "
                                                      "(run N processes to use N cores)")
    args = parser.parse_args(argv)
    k, _, n = args.part.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        parser.error("--part needs K/N with 1 <= K <= N")
    return sweep(args.folders, args.limit, not args.no_dates, args.jsonl, (int(k) - 1, int(n)))


if __name__ == "__main__":
    sys.exit(main())
