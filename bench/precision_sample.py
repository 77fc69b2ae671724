"""Precision on real text: a seeded sample of 100 events detente extracts from corpus-dev documents
that no gold file names, each judged by hand (issue 14, "How to measure yourselves").

The documents are ``../shared/corpus-dev/*.md`` less every one a ``tests/gold/corpus-dev/*.yaml``
names in a ``file:`` entry. Each is read and dated from its own text as ``detente extract`` does
(no ``--date``) and extracted with the default pipeline (the learned typer and the candidates from
structure). The extraction of each document is cached as JSON under ``--cache`` (by file name: pass
``--refresh`` after changing the code).

The sample: from each document at most ``--per-doc`` (3) of its events in a seeded shuffle, pooled,
shuffled with the same seed, the first ``--n`` (100) kept, in file and offset order. Each row has a
stable key (file name, trigger offsets, type) that ``tests/gold/precision-sample/judgments.tsv``
judges (its rules: ``tests/gold/precision-sample/README.md``).

    python bench/precision_sample.py [--out sample.tsv]     # draw (and extract, cached) the sample
    python bench/precision_sample.py --score                # precision from judgments.tsv

A row's ``origin`` is ``lexicon`` when the trigger's lemma (as the parse has it, under its part of
speech) is a lexicon trigger, else ``structure`` (a candidate from structure, which the rule-only
path ``DETENTE_TYPER=lexicon`` never produces).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CORPUS = ROOT.parent / "shared" / "corpus-dev"
GOLD = ROOT / "tests" / "gold" / "corpus-dev"
JUDGMENTS = ROOT / "tests" / "gold" / "precision-sample" / "judgments.tsv"
CACHE = Path("/tmp/detente-precision-sample")
SEED = 14

COLUMNS = ("key", "file", "kind", "origin", "sentence", "source", "source_country", "source_sector",
           "target", "target_country", "target_sector", "event_type", "quad_class", "modality",
           "date", "trigger")
JUDGED = ("event", "actors", "type", "quad", "modality", "date")  # y, n, or - (not judged / not checkable)

# Document kinds from the file name, first match wins (a joint statement is not a plain statement).
KINDS: tuple[tuple[str, str], ...] = (
    ("joint statement", r"joint-statement|joint-declaration|joint-readout"),
    ("fact sheet", r"fact-sheet"),
    ("readout", r"readout"),
    ("transcript/press briefing", r"press-briefing|press-gaggle|press-call|briefing|gaggle|call-by|"
                                  r"transcript|interview|conference"),
    ("remarks", r"remarks"),
    ("statement", r"statement"),
)


def document_kind(name: str) -> str:
    """The kind of a White House document from its file name ("other" when none fits)."""
    stem = re.sub(r"^\d+_", "", Path(name).name.lower())
    for kind, pattern in KINDS:
        if re.search(pattern, stem):
            return kind
    return "other"


def gold_names(gold_dir: Path = GOLD) -> set[str]:
    """The file names that the gold files name (``file:`` entries, any indentation)."""
    names = set()
    for path in sorted(gold_dir.glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found = re.match(r"\s*(?:-\s*)?file:\s*['\"]?([^'\"#]+?)['\"]?\s*(?:#.*)?$", line)
            if found:
                names.add(Path(found.group(1).strip()).name)
    return names


def dev_documents(corpus_dir: Path = CORPUS, gold_dir: Path = GOLD) -> list[Path]:
    """The corpus-dev documents that no gold file names (and not the folder's README), in name order."""
    excluded = gold_names(gold_dir)
    return [p for p in sorted(corpus_dir.glob("*.md")) if p.name not in excluded and p.name != "README.md"]


def draw(events_by_file: dict[str, list[dict]], n: int = 100, seed: int = SEED, per_doc: int = 3) -> list[dict]:
    """A seeded sample of ``n`` rows spread over documents: at most ``per_doc`` from each.

    Depends only on the rows' keys, not on the order of the mapping or of each document's rows.
    """
    rng = random.Random(seed)
    pool = []
    for name in sorted(events_by_file):
        rows = sorted(events_by_file[name], key=lambda r: r["key"])
        rng.shuffle(rows)
        pool.extend(rows[:per_doc])
    rng.shuffle(pool)
    return sorted(pool[:n], key=lambda r: (r["file"], _offsets(r["key"])))


def _offsets(key: str) -> tuple[int, int]:
    found = re.search(r":(\d+)-(\d+):", key)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


# --- extraction (cached) -----------------------------------------------------------------------


def _origin(lexicon, doc, event) -> str:
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    if span is None or not len(span):
        return "structure"
    pos = event.trigger_pos or ("VERB" if span.root.pos_ in ("VERB", "AUX") else "NOUN")
    lemmas = [t.lemma_.lower() for t in span]
    candidates = [" ".join(lemmas), span.root.lemma_.lower(), span.text.lower()]
    if any(lexicon.lookup(pos, c) or lexicon.types_for(c) for c in candidates):
        return "lexicon"
    return "structure"


def _row(name: str, event, origin: str) -> dict:
    from detente.records import QUAD_CLASS

    target = event.target
    return {
        "key": f"{name}:{event.trigger_start}-{event.trigger_end}:{event.event_type}",
        "file": name, "kind": document_kind(name), "origin": origin,
        "sentence": " ".join(event.sentence.split()),
        "source": event.source.text, "source_country": event.source.country or "",
        "source_sector": event.source.sector or "",
        "target": target.text if target else "", "target_country": (target.country or "") if target else "",
        "target_sector": (target.sector or "") if target else "",
        "event_type": event.event_type, "quad_class": QUAD_CLASS[event.event_type], "modality": event.modality,
        "date": event.time.value or "", "trigger": event.trigger,
    }


def extract_all(paths: Sequence[Path], cache: Path = CACHE, refresh: bool = False) -> dict[str, list[dict]]:
    """Each document's event rows, from the cache where present, else extracted (and cached)."""
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[dict]] = {}
    todo = []
    for path in paths:
        cached = cache / f"{path.name}.json"
        if cached.exists() and not refresh:
            out[path.name] = json.loads(cached.read_text(encoding="utf-8"))
        else:
            todo.append(path)
    if not todo:
        return out
    from detente.ingest import read_document
    from detente.nlp import parse_many
    from detente.pipeline import Extractor

    extractor = Extractor()
    documents = ((d.text, d) for d in (read_document(p) for p in todo))
    for count, (doc, document) in enumerate(parse_many(extractor.nlp, documents, batch_size=4), 1):
        name = Path(document.source or document.doc_id).name
        extraction = extractor._from_doc(document, doc)
        rows = [_row(name, e, _origin(extractor.lexicon, doc, e)) for e in extraction.events]
        (cache / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
        out[name] = rows
        print(f"[{count}/{len(todo)}] {name}: {len(rows)} events", file=sys.stderr, flush=True)
    return out


# --- scoring -------------------------------------------------------------------------------------


def read_judgments(path: Path = JUDGMENTS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle, delimiter="\t") if r.get("key")]


def _kind_of_key(key: str) -> str:
    return document_kind(key.split(":", 1)[0])


def score(judged: Iterable[dict], origins: dict[str, str]) -> list[tuple[str, int, int, int]]:
    """(group, events judged, event right, event + actors + type right) per group."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in judged:
        groups["all"].append(row)
        groups[f"origin: {origins.get(row['key'], row.get('origin') or '?')}"].append(row)
        groups[f"kind: {_kind_of_key(row['key'])}"].append(row)
    table = []
    for name in sorted(groups, key=lambda g: (g != "all", g)):
        rows = groups[name]
        event = sum(r["event"] == "y" for r in rows)
        full = sum(r["event"] == "y" and r["actors"] == "y" and r["type"] == "y" for r in rows)
        table.append((name, len(rows), event, full))
    return table


def print_scores(judged: list[dict], origins: dict[str, str]) -> None:
    print(f"{'group':38} {'n':>4}  {'event right':>16}  {'event+actors+type':>18}")
    for name, n, event, full in score(judged, origins):
        print(f"{name:38} {n:>4}  {event:>4} {event / n:>10.1%}  {full:>6} {full / n:>10.1%}")
    right = [r for r in judged if r["event"] == "y"]
    print(f"\nof the {len(right)} right events:")
    for column in ("actors", "type", "quad", "modality", "date"):
        counts = Counter(r[column] for r in right)
        checked = counts["y"] + counts["n"]
        share = f"{counts['y'] / checked:.1%}" if checked else "-"
        print(f"  {column:9} right {counts['y']:>3} of {checked:>3} checked ({share})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--score", action="store_true", help="print precision from the judgments")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS)
    parser.add_argument("--out", type=Path, help="write the sample here (TSV) instead of standard output")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--refresh", action="store_true", help="extract again, ignoring the cache")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--per-doc", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    if args.score:
        if not args.judgments.exists():
            print(f"precision_sample: error: {args.judgments}: no such file", file=sys.stderr)
            return 2
        judged = read_judgments(args.judgments)
        print_scores(judged, {r["key"]: r.get("origin", "?") for r in judged})
        return 0

    events = extract_all(dev_documents(), args.cache, args.refresh)
    sample = draw(events, args.n, args.seed, args.per_doc)
    total = sum(len(v) for v in events.values())
    print(f"{total} events in {len(events)} documents; sampled {len(sample)} from "
          f"{len({r['file'] for r in sample})} documents", file=sys.stderr)
    sink = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
    writer = csv.DictWriter(sink, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(sample)
    if args.out:
        sink.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
