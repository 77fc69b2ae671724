"""Split PLV's merged YIELD rows into PLOVER's CONCEDE and RETREAT; writes train/data/plv_yield_split.tsv.

PLV (Hu et al., ACL 2024) labels both verbal and material concessions YIELD; detente must tell them
apart. The rule follows the PLOVER manual (sections 3.4 and 3.7): an actual release, return,
withdrawal, surrender, resignation, ending of a blockade or operation, or opening of access is
RETREAT; lifting or easing restrictions and sanctions, pardons, declared (not implemented)
ceasefires, accepting demands and granting permission are CONCEDE. A handful of rows where the cue
word is not the relation's own word are decided by hand (``HAND_DECISIONS``) and marked ``hand``.

Run: .venv/bin/python train/split_yield.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

PLV = Path("/work/shared/external/plv/PLV_train.tsv")
OUT = Path(__file__).resolve().parent / "data" / "plv_yield_split.tsv"

RETREAT_CUES = re.compile(
    r"\b(releas\w*|freed|frees|let free|returned|withdr\w*|leaving|surrender\w*|resign\w*|ceased"
    r"|blockade|opened its borders|humanitarian relief|deliver aid|to leave|reinstated)\b",
    re.IGNORECASE,
)

# sentence_id -> (label, why): rows where the first cue word does not describe the marked relation.
HAND_DECISIONS: dict[str, tuple[str, str]] = {
    "251": ("CONCEDE", "lifted parole restrictions; 'released' belongs to an earlier event"),
    "570": ("CONCEDE", "pardoned; 'resigned' belongs to an earlier event"),
    "779": ("CONCEDE", "pardoned; 'resigned' belongs to an earlier event"),
    "410": ("CONCEDE", "authorised the release of funds: lifting a hold, not freeing people"),
    "679": ("CONCEDE", "re-appointed ministers: a political accommodation, nothing handed back"),
}


def split_label(sentence_id: str, sentence: str) -> tuple[str, str, str]:
    """(label, decided_by, cue) for one YIELD row."""
    if sentence_id in HAND_DECISIONS:
        label, why = HAND_DECISIONS[sentence_id]
        return label, "hand", why
    match = RETREAT_CUES.search(sentence)
    if match:
        return "RETREAT", "rule", match.group(0).lower()
    return "CONCEDE", "rule", "-"


def main() -> None:
    with PLV.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["gold_root"] == "YIELD"]
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# PLV YIELD rows split into CONCEDE / RETREAT by train/split_yield.py (PLOVER manual 3.4, 3.7)\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["sentence_id", "label", "decided_by", "cue"])
        for row in rows:
            writer.writerow([row["sentence_id"], *split_label(row["sentence_id"], row["sentence"])])
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
