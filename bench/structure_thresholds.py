"""Recall and precision on a gold set under several thresholds for candidates from structure.

``data/structure.yaml`` keeps a structural candidate when the detector's P(event) >= ``min_event`` and
its type probability >= ``min_type``. This scores the gold documents (``detente evaluate``'s scoring)
once per setting, parsing each document and asking the detector about each document's candidates
only once (the candidates do not depend on the thresholds, so the answers are the same as a fresh
run's). Tune on a development split only.

    python bench/structure_thresholds.py tests/gold/corpus-dev/*.yaml --split dev \
        --min-event 0.5 0.6 0.7 0.8 --min-type 0.5 0.6
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--split", choices=("dev", "test"))
    parser.add_argument("--min-event", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8, 0.9])
    parser.add_argument("--min-type", type=float, nargs="+", default=[0.6])
    args = parser.parse_args()

    from detente import pipeline
    from detente.evaluate import evaluate_files
    from detente.ingest import read_document

    extractor = pipeline.get_extractor()
    detector = extractor.finder.detector
    if detector is None:
        raise SystemExit("no learned detector: nothing to tune (DETENTE_TYPER=lexicon or no model)")
    parsed: dict[str, object] = {}
    parse = pipeline.parse

    def parse_once(nlp, text):
        if text not in parsed:
            parsed[text] = parse(nlp, text)
        return parsed[text]

    answers: dict[tuple, list] = {}
    detect = detector.detect

    def detect_once(candidates):
        key = tuple((c.marked(), c.trigger, c.lexicon_types, c.negated, c.modality) for c in candidates)
        if key not in answers:
            answers[key] = detect(candidates)
        return answers[key]

    pipeline.parse = parse_once
    detector.detect = detect_once
    rules = extractor.finder.rules

    def extract(path, published):
        return extractor.extract(read_document(path, published=published))

    print(f"{'min_event':>9} {'min_type':>8} {'recall':>7} {'precision':>9} {'F1':>6} {'asserted':>8}")
    for min_type in args.min_type:
        for min_event in args.min_event:
            extractor.finder.rules = replace(rules, min_event=min_event, min_type=min_type)
            report = evaluate_files(args.gold, extract=extract, split=args.split)
            print(f"{min_event:9.2f} {min_type:8.2f} {100 * (report.recall or 0):6.1f}% {100 * (report.precision or 0):8.1f}% "
                  f"{100 * (report.f1 or 0):5.1f}% {report.asserted:8d}", flush=True)
    extractor.finder.rules = rules


if __name__ == "__main__":
    main()
