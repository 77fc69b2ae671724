"""How fast the shipped event typer is: candidates per second on one CPU thread, in batches.

Candidates are built once from the PLV sentences (with the parse, as ``classify`` does); only the
typer's ``predict`` is timed. Each variant runs ``--repeat`` times and the best run counts (the
machine is shared, so the best run is the least disturbed one).

The typer runs on onnxruntime (int8 ONNX) and needs no torch; building the candidates reuses the
training script's cache code, so run it in the train environment.

Run: .venv/bin/python train/bench_typer.py [--limit 512] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_eventtype import build_candidates, load_plv  # noqa: E402

from detente.events import LearnedTyper  # noqa: E402


def rate(typer: LearnedTyper, candidates, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        typer.predict(candidates)
        best = min(best, time.perf_counter() - started)
    return len(candidates) / best


def spacy_rate(texts: list[str], repeat: int) -> tuple[float, float]:
    """Sentences/s and tokens/s of the bare spaCy pipeline on the same sentences."""
    from detente.nlp import load_model

    nlp = load_model()
    best, tokens = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
        best = min(best, time.perf_counter() - started)
    return len(texts) / best, tokens / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    rows = load_plv()
    random.Random(1).shuffle(rows)  # PLV is sorted by type
    rows = rows[: args.limit]
    candidates = build_candidates(rows, use_parse=True)
    sentences, tokens = spacy_rate([c.text for c in candidates], args.repeat)
    print(f"bare spaCy pipeline on the same sentences: {sentences:.0f} sentences/s ({tokens:.0f} tokens/s)")
    variants = [
        ("int8 ONNX, encoder on every candidate", dict(lexicon_shortcut=False)),
        ("int8 ONNX, max_length 48", dict(lexicon_shortcut=False, max_length=48)),
        ("int8 ONNX + lexicon shortcut", dict(lexicon_shortcut=True)),
        ("shipped settings", dict()),
    ]
    for name, options in variants:
        typer = LearnedTyper(batch_size=args.batch_size, threads=1, **options)
        typer.predict(candidates[:8])  # warm up
        skipped = sum(1 for c in candidates if typer._shortcut(c))
        candidates_per_s = rate(typer, candidates, args.repeat)
        print(f"{name}: {candidates_per_s:.0f} candidates/s ({skipped} of {len(candidates)} decided by the "
              f"lexicon alone); at one candidate per sentence, typing costs "
              f"{sentences / candidates_per_s:.2f}x the parse time")


if __name__ == "__main__":
    main()
