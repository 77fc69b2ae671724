"""Make a SYNTHETIC corpus for benchmarks by recombining paragraphs of the real articles in ../shared.

Every document is a random selection of body paragraphs from the two analysis articles in
``shared/seeds`` and the White House texts in ``shared/corpus`` (cleaned by ``detente.ingest``), under a
headline that says it is synthetic and a ``Date:`` line. The documents are not real articles: their
paragraphs come from different texts, so they read as collage. They exist to measure speed and memory
at sizes from 100 to 100,000 documents, never to measure accuracy. The output is written outside the
repository (the seed articles are copyrighted and must not be committed); ``SYNTHETIC.json`` in the
output folder records how it was made.

    python bench/make_corpus.py /tmp/detente-synthetic-1000 --documents 1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FILES_PER_FOLDER = 1000
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2025, 12, 31)


def source_paragraphs(shared: Path = SHARED, min_words: int = 8) -> list[str]:
    """The body paragraphs of the shared articles, as detente's ingest cleans them."""
    from detente.errors import InputError
    from detente.ingest import read_document

    paragraphs = []
    files = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "corpus").glob("*.txt"))
    if not files:
        raise SystemExit(f"make_corpus: no articles under {shared}/seeds or {shared}/corpus")
    for path in files:
        try:
            document = read_document(path)
        except InputError as exc:
            print(f"make_corpus: skipping {exc}", file=sys.stderr)
            continue
        for start, end in document.paragraphs:
            text = document.text[start:end].strip()
            if len(text.split()) >= min_words:
                paragraphs.append(text)
    return paragraphs


def synthetic_documents(paragraphs: list[str], count: int, seed: int = 7, min_paragraphs: int = 3,
                        max_paragraphs: int = 9):
    """(number, date, text) of ``count`` distinct synthetic documents, reproducible from ``seed``."""
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    span = (LAST_DAY - FIRST_DAY).days
    number = 0
    while number < count:
        size = rng.randint(min_paragraphs, min(max_paragraphs, len(paragraphs)))
        chosen = tuple(rng.sample(range(len(paragraphs)), size))
        if chosen in seen:
            continue
        seen.add(chosen)
        day = FIRST_DAY + timedelta(days=rng.randint(0, span))
        headline = f"Synthetic benchmark document {number:06d} (recombined paragraphs, not a real article)"
        body = "\n\n".join(paragraphs[i] for i in chosen)
        yield number, day, f"{headline}\n\nDate: {day.isoformat()}\n\n{body}\n"
        number += 1


def make_corpus(out: Path, count: int, seed: int = 7, min_paragraphs: int = 3, max_paragraphs: int = 9,
                shared: Path = SHARED) -> Path:
    """Write ``count`` synthetic documents under ``out`` (1,000 per sub-folder) and SYNTHETIC.json; ``out``."""
    if min_paragraphs < 1 or max_paragraphs < min_paragraphs:
        raise SystemExit("make_corpus: need 1 <= --min-paragraphs <= --max-paragraphs")
    paragraphs = source_paragraphs(shared)
    out.mkdir(parents=True, exist_ok=True)
    for number, _, text in synthetic_documents(paragraphs, count, seed, min_paragraphs, max_paragraphs):
        folder = out / f"part-{number // FILES_PER_FOLDER:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"synthetic-{number:06d}.txt").write_text(text, encoding="utf-8")
    manifest = {
        "synthetic": True,
        "what": "benchmark corpus of recombined paragraphs; NOT real articles; for speed and memory only",
        "made_by": "bench/make_corpus.py",
        "documents": count, "seed": seed, "min_paragraphs": min_paragraphs, "max_paragraphs": max_paragraphs,
        "source_paragraphs": len(paragraphs),
        "sources": [str(p) for p in sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "corpus").glob("*.txt"))],
        "licence_note": "contains paragraphs of copyrighted seed articles: keep private, never commit or publish",
    }
    (out / "SYNTHETIC.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out



def bench_corpus(given: Path | None, documents: int, scratch: Path) -> tuple[Path, str]:
    """The benchmarks' corpus and how to label it: the folder given, else a synthetic one made in ``scratch``."""
    if given is not None:
        return given, str(given)
    return (make_corpus(scratch / "synthetic", documents),
            f"{documents} SYNTHETIC documents (bench/make_corpus.py, seed 7)")


def typer_env(typer: str | None) -> dict[str, str]:
    """This process's environment with the event typer a benchmark asks for ("lexicon", or the default)."""
    env = dict(os.environ)
    env.pop("DETENTE_TYPER", None)
    if typer == "lexicon":
        env["DETENTE_TYPER"] = "lexicon"
    return env

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="Folder to write (outside the repository).")
    parser.add_argument("--documents", "-n", type=int, default=1000, help="How many documents (100 to 100,000).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-paragraphs", type=int, default=3)
    parser.add_argument("--max-paragraphs", type=int, default=9)
    parser.add_argument("--shared", type=Path, default=SHARED, help="The shared folder with seeds/ and corpus/.")
    args = parser.parse_args(argv)
    if args.out.resolve().is_relative_to(REPO):
        raise SystemExit("make_corpus: write the synthetic corpus outside the repository")
    make_corpus(args.out, args.documents, args.seed, args.min_paragraphs, args.max_paragraphs, args.shared)
    print(f"{args.documents} synthetic documents -> {args.out}")


if __name__ == "__main__":
    main()
