"""How fast the shipped event typer is: candidates per second on one CPU thread, in batches.

Candidates are built once from the PLV sentences (with the parse, as ``classify`` does); only the
typer's ``predict`` is timed. Each variant runs ``--repeat`` times and the best run counts (the
machine is shared, so the best run is the least disturbed one).

Run: .venv/bin/python train/bench_typer.py [--limit 512] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_eventtype import build_candidates, load_plv  # noqa: E402

from detente.eventtype import LearnedTyper  # noqa: E402


def rate(typer: LearnedTyper, candidates, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        typer.predict(candidates)
        best = min(best, time.perf_counter() - started)
    return len(candidates) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = load_plv()[: args.limit]
    candidates = build_candidates(rows, use_parse=True)
    variants = [
        ("fp32, encoder on every candidate", dict(quantize=False, lexicon_shortcut=False)),
        ("int8, encoder on every candidate", dict(quantize=True, lexicon_shortcut=False)),
        ("int8 + lexicon shortcut (shipped default)", dict(quantize=True)),
    ]
    for name, options in variants:
        typer = LearnedTyper(batch_size=args.batch_size, **options)
        typer.predict(candidates[:8])  # warm up
        skipped = sum(1 for c in candidates if typer._shortcut(c))
        print(f"{name}: {rate(typer, candidates, args.repeat):.0f} candidates/s "
              f"({skipped} of {len(candidates)} decided by the lexicon alone)")


if __name__ == "__main__":
    main()
