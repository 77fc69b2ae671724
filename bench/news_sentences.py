"""Events in real news sentences: in how many of those that state one does detente find one, and is
its QuadClass right?

The sentences are ConfliBERT's CAMEO classification training split
(``../shared/external/conflibert/cameo_class_train.tsv``: 1,349 news sentences, each with a
PentaClass label: 0 a statement or appeal, 1 verbal cooperation, 2 material cooperation, 3 verbal
conflict, 4 material conflict). Each sentence is extracted as a document of its own, with no date.

Reported separately: the sentences the event detector was trained on (those whose NER tokens align
with a classified sentence, ``train/detector_data.load_conflibert``) and the others, which no model
was fitted to; and the even-numbered sentences (0, 2, 4, ...), whose misses rules were written from
in session 18 of issue 14, against the odd-numbered ones, which were only scored. Three configurations: the rule-only path (``DETENTE_TYPER=lexicon``),
the learned typer on lexicon triggers only (no candidates from structure), and the default.

    python bench/news_sentences.py [--limit N]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "train"))

from detector_data import _key  # noqa: E402  the detector's own sentence key (NFKC, lower case, alphanumerics)

CLASS_FILE = ROOT.parent / "shared" / "external" / "conflibert" / "cameo_class_train.tsv"
NER_FILE = CLASS_FILE.with_name("cameo_ner_train.txt")
PENTA_QUAD = {"1": "VC", "2": "MC", "3": "VX", "4": "MX"}


def detector_trained_keys() -> set[str]:
    """Keys of the sentences that ConfliBERT's NER file also has (the ones the detector saw)."""
    keys, current = set(), []
    for line in NER_FILE.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if current:
                keys.add(_key("".join(current)))
            current = []
            continue
        current.append(line.rpartition(" ")[0])
    if current:
        keys.add(_key("".join(current)))
    return keys


def sentences(limit: int | None) -> list[tuple[str, str]]:
    rows = []
    for line in CLASS_FILE.open(encoding="utf-8"):
        text, _, label = line.rstrip("\n").rpartition("\t")
        if text and label.strip() in ("0", "1", "2", "3", "4"):
            rows.append((text, label.strip()))
    return rows[:limit] if limit else rows


def run(config: str, rows: list[tuple[str, str]]) -> list[list[str]]:
    """The QuadClasses of the events found in each sentence, under one configuration."""
    from detente import pipeline
    from detente.events import EventFinder
    from detente.records import QUAD_CLASS

    os.environ[pipeline.ENV_TYPER] = "lexicon" if config == "rules only" else ""
    extractor = pipeline.Extractor()
    if config == "no structure":
        extractor.finder = EventFinder(extractor.lexicon, extractor.typer, None)
    from detente.ingest import document_from_text

    out = []
    documents = (document_from_text(text, source=f"sentence-{n}") for n, (text, _) in enumerate(rows))
    for extraction in extractor.extract_many(documents):
        out.append([QUAD_CLASS[e.event_type] for e in extraction.events])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--configs", default="rules only,no structure,default",
                        help="comma-separated: rules only, no structure, default")
    args = parser.parse_args()
    if not CLASS_FILE.exists():
        sys.exit(f"bench/news_sentences.py: {CLASS_FILE} not found (../shared beside the repository)")
    rows = sentences(args.limit)
    trained = detector_trained_keys()
    groups = {"not seen by the detector": [i for i, (t, _) in enumerate(rows) if _key(t) not in trained],
              "detector training sentences": [i for i, (t, _) in enumerate(rows) if _key(t) in trained],
              # rules were written from misses of the even-numbered sentences only (issue 14, session 18)
              "even-numbered (dev)": [i for i in range(len(rows)) if i % 2 == 0],
              "odd-numbered (test)": [i for i in range(len(rows)) if i % 2 == 1]}
    print(f"{len(rows)} sentences: " + ", ".join(f"{len(v)} {k}" for k, v in groups.items()))
    print(f"{'configuration':14s} {'sentences':28s} {'event sent.':>11s} {'found':>7s} {'quad right':>10s}"
          f" {'class 0 with event':>18s}")
    for config in [c.strip() for c in args.configs.split(",")]:
        found = run(config, rows)
        for name, indexes in groups.items():
            events = [i for i in indexes if rows[i][1] != "0"]
            with_event = [i for i in events if found[i]]
            quad_right = [i for i in with_event if PENTA_QUAD[rows[i][1]] in found[i]]
            neutral = [i for i in indexes if rows[i][1] == "0"]
            neutral_hit = [i for i in neutral if found[i]]
            print(f"{config:14s} {name:28s} {len(events):11d} {len(with_event) / max(1, len(events)):7.1%} "
                  f"{len(quad_right) / max(1, len(with_event)):10.1%} "
                  f"{len(neutral_hit) / max(1, len(neutral)):18.1%}")


if __name__ == "__main__":
    main()
