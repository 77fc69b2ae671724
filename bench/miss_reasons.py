"""Why required gold events are missed: counts of each reason, on a development split.

For every required gold event no prediction matches (``detente evaluate``'s rules), the nearest
prediction of its document says why:

- ``modality`` / ``date`` / ``modality+date``: a prediction has the gold countries and one of its types,
  but the modality or the date is not an acceptable one;
- ``other-type``: predictions have the gold countries, none of them a gold type (often another event
  between the same sides);
- ``no-sides``: no prediction of the document has the gold countries (the event's sides were never
  found, or no candidate was built);
- ``shared``: a prediction matches it but is credited to another gold event (one mention for two
  events: the matching is one to one).

Read it on dev splits only: the missed events of a test half are not to be looked at.

    python bench/miss_reasons.py tests/gold/corpus-dev/*.yaml --split dev [--list]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def reason(gold, predictions, evaluate) -> str:
    """The reason a required gold event the matching left unmatched is missed."""
    if any(evaluate.matches(gold, p) for p in predictions):
        return "shared"
    loose = [p for p in predictions if evaluate.matches_loosely(gold, p)]
    if loose:
        modality = all(not evaluate.reading_matches(gold, p) for p in loose)
        date = all(not evaluate.date_matches(gold, p) for p in loose)
        return "modality+date" if modality and date else "modality" if modality else "date"
    if any(evaluate.countries_match(gold, p) for p in predictions):
        return "other-type"
    return "no-sides"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--list", action="store_true", help="print each missed event's id with its reason")
    args = parser.parse_args()

    from detente import evaluate

    counts: Counter[str] = Counter()
    required = 0
    for path in args.gold:
        for document in evaluate.load_gold(path):
            if document.split != args.split:
                continue
            extraction = evaluate.extract_with_pipeline(document.path, document.published)
            # scored as ``detente evaluate`` scores it (a long document's coded scope only)
            score = evaluate.score_document(document, extraction.events, extraction.document.text)
            for index, gold in enumerate(document.events):
                if not gold.required:
                    continue
                required += 1
                if index in score.matched:
                    continue
                why = reason(gold, score.predictions, evaluate)
                counts[why] += 1
                if args.list:
                    print(f"{why:14} {document.name[:40]} {gold.event_id}")
    missed = sum(counts.values())
    print(f"{args.split}: {missed} of {required} required gold events missed")
    for why in ("no-sides", "other-type", "modality", "date", "modality+date", "shared"):
        print(f"  {why:14} {counts[why]:4d}")


if __name__ == "__main__":
    main()
