"""What the event detector would do to extraction: the gold figures if extraction dropped the events
whose candidate the detector calls "no event" (P(event) below a threshold).

Extraction itself does not use the detector's event head (docs/classify.md); this measures whether it
should. Runs ``detente evaluate`` on the given gold files with the default typer, then again with a
filter that drops each event mention whose candidate has P(event) < threshold, for several thresholds.

    python bench/detector_veto.py tests/gold/*.yaml --thresholds 0.05 0.2 0.5
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from detente.events import finder as events_module
from detente.evaluate import evaluate_files
from detente.ingest import read_document
from detente.events import EventDetector, load_typer
from detente.pipeline import Extractor, default_typer


class RecordingTyper:
    """The default typer; also asks the detector about every candidate and remembers the vetoed ones."""

    def __init__(self, inner, detector: EventDetector, threshold: float):
        self.inner, self.detector, self.threshold = inner, detector, threshold
        self.vetoed: set[tuple[str, int]] = set()
        self.asked = 0

    def predict(self, candidates):
        self.asked += len(candidates)
        for c, d in zip(candidates, self.detector.detect(candidates)):
            if d.p_event < self.threshold and c.trigger_span is not None:
                self.vetoed.add((c.text.strip(), c.trigger_span[0] - (len(c.text) - len(c.text.lstrip()))))
        return self.inner.predict(candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--thresholds", nargs="+", type=float, default=[0.05, 0.2, 0.5])
    args = parser.parse_args()
    detector = load_typer()
    if not isinstance(detector, EventDetector):
        sys.exit("the shipped model has no detector heads")
    base = evaluate_files(args.gold)
    print(f"default extraction: recall {base.recall:.3f}, precision {base.precision:.3f}")
    original_merge = events_module.merge_mentions
    for threshold in args.thresholds:
        typer = RecordingTyper(default_typer(), detector, threshold)

        def merge(mentions, _typer=typer):
            kept = [m for m in mentions
                    if (m.sentence, m.trigger_start - m.char_start) not in _typer.vetoed]
            return original_merge(kept)

        events_module.merge_mentions = merge
        try:
            extractor = Extractor(typer=typer)
            report = evaluate_files(args.gold, lambda path, published, _x=extractor: _x.extract(
                read_document(Path(path), published=published)))
        finally:
            events_module.merge_mentions = original_merge
        print(f"dropping P(event) < {threshold}: recall {report.recall:.3f}, precision {report.precision:.3f} "
              f"({len(typer.vetoed)} of {typer.asked} candidates vetoed)")


if __name__ == "__main__":
    main()
