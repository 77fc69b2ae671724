"""Long documents: is extraction's cost linear in a document's length?

Builds one long text from real White House texts (the cleaned bodies of ``../shared/corpus-bulk``, in
file order, joined by blank lines; the collection is CC0) and codes it at three sizes: 10,000, 100,000
and 1,000,000 characters. Smaller sizes are measured on consecutive slices of the same text that add
up to at least 100,000 characters (ten 10k documents; one 100k document), so the content is
comparable. For each size it prints seconds per 10,000 characters for

- parsing (spaCy, as ``detente.nlp.parse`` runs it: whole, or in 100k-character pieces above that),
- the steps after parsing (actors, events, time: ``Extractor._from_doc``), and both together,

and the ratio of the largest size's cost per character to the smallest's (target: at most 1.5; a
quadratic step would give about 100). Post-parse time is also given as a fraction of parse time,
parsing being bare spaCy. The ratios use CPU time, which does not depend on how busy a shared machine
is; wall time is printed next to it.

    nice -n 10 python bench/long_document.py
    python bench/long_document.py --sizes 10000 100000   # quicker
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus-bulk"
TARGET_RATIO = 1.5


def real_text(chars: int, corpus: Path = CORPUS) -> str:
    """At least ``chars`` characters of cleaned real text, whole paragraphs, from the corpus files."""
    from detente.errors import InputError
    from detente.ingest import read_document

    paragraphs: list[str] = []
    total = 0
    for path in sorted(corpus.glob("*.md")):
        if path.name == "README.md":
            continue
        try:
            document = read_document(path)
        except InputError:
            continue
        for start, end in document.paragraphs:
            paragraphs.append(document.text[start:end])
            total += end - start + 2
        if total >= chars:
            break
    if total < chars:
        raise SystemExit(f"long_document: only {total} characters of text under {corpus}")
    return "\n\n".join(paragraphs)


def slice_at_paragraph(text: str, start: int, size: int) -> tuple[str, int]:
    """The whole paragraphs of ``text`` from ``start`` filling about ``size`` characters; where it ends."""
    end = text.find("\n\n", start + size)
    end = len(text) if end < 0 else end
    return text[start:end], min(len(text), end + 2)


def measure(extractor, text: str) -> tuple[float, float, float, float]:
    """(parse wall, parse CPU, post-parse wall, post-parse CPU) seconds for one document."""
    from detente.nlp import parse
    from detente.records import Document

    paragraphs, offset = [], 0
    for paragraph in text.split("\n\n"):
        paragraphs.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    document = Document.from_text(text, source="long-document bench", published=date(2024, 6, 1),
                                  published_from="option", paragraphs=paragraphs)
    wall, cpu = time.perf_counter(), time.process_time()
    doc = parse(extractor.nlp, text)
    parse_wall, parse_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    extractor._from_doc(document, doc)
    return parse_wall, parse_cpu, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)

    from detente.pipeline import Extractor

    text = real_text(max(sizes[-1], 100_000) + 1000, args.corpus)
    extractor = Extractor()
    measure(extractor, slice_at_paragraph(text, 0, 2000)[0])  # warm-up: typer and caches loaded

    rows = []
    print("seconds per 10,000 characters, CPU time (wall time in brackets)")
    print(f"{'size':>10} {'docs':>5} {'chars':>10} {'parse':>16} {'post-parse':>16} {'total':>16} {'post/parse':>10}")
    for size in sizes:
        position, chars, docs = 0, 0, 0
        totals = [0.0, 0.0, 0.0, 0.0]
        while chars < min(100_000, len(text)) or docs == 0:
            piece, position = slice_at_paragraph(text, position, size)
            if not piece:
                break
            for k, value in enumerate(measure(extractor, piece)):
                totals[k] += value
            chars += len(piece)
            docs += 1
        per = [value / chars * 10_000 for value in totals]  # parse wall, parse CPU, post wall, post CPU
        rows.append((size, per))
        cell = lambda cpu, wall: f"{cpu:.3f} ({wall:.3f})"  # noqa: E731
        print(f"{size:>10,} {docs:>5} {chars:>10,} {cell(per[1], per[0]):>16} {cell(per[3], per[2]):>16} "
              f"{cell(per[1] + per[3], per[0] + per[2]):>16} {per[3] / per[1] if per[1] else 0:>10.2f}")
    if len(rows) > 1:
        small, large = rows[0][1], rows[-1][1]
        ratio = lambda a, b: a / b if b else float("inf")  # noqa: E731
        total_ratio = ratio(large[1] + large[3], small[1] + small[3])
        print(f"ratio {rows[-1][0]:,} / {rows[0][0]:,} characters, CPU cost per character: "
              f"parse {ratio(large[1], small[1]):.2f}, post-parse {ratio(large[3], small[3]):.2f}, "
              f"total {total_ratio:.2f} (target <= {TARGET_RATIO}); wall: total "
              f"{ratio(large[0] + large[2], small[0] + small[2]):.2f}")
        return 0 if total_ratio <= TARGET_RATIO else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
