"""The labelling sheet for the detector's own candidates: what the extractor asks the detector about.

The detector's event and direction heads were first fitted on PLV, ConfliBERT, the PLOVER examples
and hand-labelled pairs of ``pairs_from_corpus.py`` — not on the pairs extraction itself builds. This
script runs the current extractor over a seeded sample of ``../shared/corpus-bulk/`` (real White
House texts; never the team's gold material in corpus/, corpus-dev/ or seeds/; the 150 texts already
sampled for ``detector_bulk.tsv`` are left out, as are texts over ``--max-bytes``) and prints, as TSV,
every **candidate from structure** (the ``RelationCandidate`` the finder sends to ``detector.detect``:
marked sentence, trigger lemma, lexicon types, modality) with the detector's current answer
(p_event, type and its confidence, direction), and a seeded share of the **lexicon path's**
candidates (those the typer is asked about) with what the detector would say of them. The finder's
detector and typer are wrapped to record their inputs; nothing else changes.

A person then labels rows by hand into ``train/data/detector_pipeline.tsv`` (labelling rule in
docs/classify.md):

  PYTHONPATH=src .venv/bin/python train/pipeline_candidates.py --documents 260 --seed 14 > /tmp/cands.tsv
  PYTHONPATH=src .venv/bin/python train/pipeline_candidates.py --documents 240 --skip 260 --seed 14 > /tmp/cands2.tsv
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BULK = Path("/work/shared/corpus-bulk")
COLUMNS = ["kind", "file", "trigger", "lexicon_types", "modality", "p_event", "type", "type_confidence",
           "direction", "marked_sentence"]


def already_sampled() -> set[str]:
    """Bulk files whose pairs are already in ``detector_bulk.tsv``."""
    path = HERE / "data" / "detector_bulk.tsv"
    names = set()
    for line in path.open(encoding="utf-8"):
        if not line.startswith("#"):
            names.add(line.rstrip("\n").split("\t")[-1])
    return names


def sample_files(documents: int, seed: int, max_bytes: int, skip: int = 0) -> list[Path]:
    files = sorted(BULK.glob("*.md"))
    random.Random(seed).shuffle(files)
    seen = already_sampled()
    chosen = [p for p in files if p.name not in seen and p.stat().st_size <= max_bytes]
    return chosen[skip:skip + documents]


def clean(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=120)
    parser.add_argument("--skip", type=int, default=0, help="leave out the first N sampled texts (a later batch)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--max-bytes", type=int, default=15000)
    parser.add_argument("--lexicon-share", type=float, default=0.15,
                        help="share of the lexicon path's candidates to print")
    args = parser.parse_args()

    from detente import pipeline
    from detente.ingest import read_document

    extractor = pipeline.Extractor()
    finder = extractor.finder
    detector = finder.detector
    if detector is None:
        raise SystemExit("no learned detector: the shipped model is missing or DETENTE_TYPER=lexicon")
    rng = random.Random(args.seed)
    current = {"file": ""}
    rows: list[dict] = []

    def record(kind, candidates, found):
        for c, d in zip(candidates, found):
            rows.append({"kind": kind, "file": current["file"], "trigger": c.trigger or "",
                         "lexicon_types": ",".join(c.lexicon_types), "modality": c.modality,
                         "p_event": f"{d.p_event:.3f}", "type": d.typed.event_type,
                         "type_confidence": f"{d.typed.confidence:.3f}", "direction": d.direction,
                         "marked_sentence": clean(c.marked())})

    detect, predict = detector.detect, finder.typer.predict

    def detect_recorded(candidates):
        found = detect(candidates)
        record("structure", candidates, found)
        return found

    def predict_recorded(candidates):
        sampled = [c for c in candidates if c.target is not None and rng.random() < args.lexicon_share]
        if sampled:
            record("lexicon", sampled, detect(sampled))
        return predict(candidates)

    detector.detect = detect_recorded
    finder.typer.predict = predict_recorded
    files = sample_files(args.documents, args.seed, args.max_bytes, args.skip)
    print("# files: " + " ".join(p.name for p in files))
    print("\t".join(COLUMNS))
    for path in files:
        current["file"] = path.name
        extractor.extract(read_document(path))
        for row in rows:
            print("\t".join(row[c] for c in COLUMNS))
        rows.clear()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
