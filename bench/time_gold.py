"""Accuracy of detente's time resolver on the hand-annotated time gold, against dateparser.

    PYTHONPATH=$PWD/src python bench/time_gold.py [tests/gold/time/corpus-dev-time.yaml] [--errors dev|test|all]

Prints, per group (all, calendar, relative, each issue-16 class) and per split (dev = tuned on,
test = held out), the share of expressions resolved right by detente and by dateparser (the library
most event coders use; scored generously, see detente.timeref.evaluate_gold). --errors lists the
expressions detente gets wrong in that split.
"""

import argparse
import os
import sys

from detente.timeref import evaluate_gold, format_gold_report

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=os.path.join(HERE, "..", "tests", "gold", "time",
                                                                "corpus-dev-time.yaml"))
    parser.add_argument("--errors", choices=("dev", "test", "all"))
    args = parser.parse_args()
    report = evaluate_gold(args.gold)
    print(format_gold_report(report))
    if args.errors:
        for row in report["items"]:
            if not row["detente"] and args.errors in ("all", row["split"]):
                print(f"#{row['id']} {row['published']} {row['cls']:<13} {row['text']!r:<34} gold={'/'.join(row['values'])}"
                      f" got={row['detente_value']} rule={row['detente_rule']}", file=sys.stdout)


if __name__ == "__main__":
    main()
