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
    python bench/precision_sample.py --recheck --refresh    # the judged events under today's code

``--recheck`` extracts the judged documents again and counts, of the events judged right, how
many are still found (same key), and of those judged wrong, how many are gone: what a new rule
gained and cost on this sample (events it adds are not judged, and are counted apart).

A row's ``origin`` is ``lexicon`` when the rule-only path (``DETENTE_TYPER=lexicon``, which makes no
candidates from structure) finds an event on the same trigger words of the same document, else
``structure`` (a candidate from structure that the learned detector accepted). Only the sampled
documents are run again that way (cached under ``--cache``/rules). ``listed`` says whether the
trigger's lemma is a lexicon trigger at all (``Lexicon.lookup``/``types_for``): a pair of actor
mentions that no rule links can have a listed word between them and still come from structure.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
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

COLUMNS = ("key", "file", "kind", "origin", "listed", "sentence", "source", "source_country", "source_sector",
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


def _listed(lexicon, doc, event) -> str:
    """"y" when the trigger's lemma (whole, or its head's) is a lexicon trigger, else "n"."""
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    if span is None or not len(span):
        return "n"
    pos = event.trigger_pos or ("VERB" if span.root.pos_ in ("VERB", "AUX") else "NOUN")
    lemmas = [t.lemma_.lower() for t in span]
    candidates = [" ".join(lemmas), span.root.lemma_.lower(), span.text.lower()]
    return "y" if any(lexicon.lookup(pos, c) or lexicon.types_for(c) for c in candidates) else "n"


def _row(name: str, event, listed: str) -> dict:
    from detente.records import QUAD_CLASS

    target = event.target
    return {
        "key": f"{name}:{event.trigger_start}-{event.trigger_end}:{event.event_type}",
        "file": name, "kind": document_kind(name), "origin": "", "listed": listed,
        "sentence": " ".join(event.sentence.split()),
        "source": event.source.text, "source_country": event.source.country or "",
        "source_sector": event.source.sector or "",
        "target": target.text if target else "", "target_country": (target.country or "") if target else "",
        "target_sector": (target.sector or "") if target else "",
        "event_type": event.event_type, "quad_class": QUAD_CLASS[event.event_type], "modality": event.modality,
        "date": event.time.value or "", "trigger": event.trigger,
    }


def extract_all(paths: Sequence[Path], cache: Path = CACHE, refresh: bool = False,
                rules_only: bool = False) -> dict[str, list[dict]]:
    """Each document's event rows, from the cache where present, else extracted (and cached).

    ``rules_only``: with the rule-only path (``DETENTE_TYPER=lexicon``), cached apart.
    """
    if rules_only:
        cache = cache / "rules"
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
    from detente import pipeline

    saved = os.environ.get(pipeline.ENV_TYPER)
    os.environ[pipeline.ENV_TYPER] = "lexicon" if rules_only else ""  # the default pipeline, or rules only
    try:
        extractor = pipeline.Extractor()
    finally:
        if saved is None:
            os.environ.pop(pipeline.ENV_TYPER, None)
        else:
            os.environ[pipeline.ENV_TYPER] = saved
    documents = ((d.text, d) for d in (read_document(p) for p in todo))
    for count, (doc, document) in enumerate(parse_many(extractor.nlp, documents, batch_size=4), 1):
        name = Path(document.source or document.doc_id).name
        extraction = extractor._from_doc(document, doc)
        rows = [_row(name, e, _listed(extractor.lexicon, doc, e)) for e in extraction.events]
        (cache / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
        out[name] = rows
        print(f"[{count}/{len(todo)}]{' (rules only)' if rules_only else ''} {name}: {len(rows)} events",
              file=sys.stderr, flush=True)
    return out


def set_origins(sample: list[dict], rule_rows: dict[str, list[dict]]) -> None:
    """Mark each sampled row ``lexicon`` when the rule-only path has an event on its trigger words."""
    spans = {(name, _offsets(r["key"])) for name, rows in rule_rows.items() for r in rows}
    for row in sample:
        row["origin"] = "lexicon" if (row["file"], _offsets(row["key"])) in spans else "structure"


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


def wilson(right: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion (100 judged events say little more than this)."""
    if n == 0:
        return 0.0, 0.0
    p = right / n
    centre, half = p + z * z / (2 * n), z * ((p * (1 - p) + z * z / (4 * n)) / n) ** 0.5
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def print_scores(judged: list[dict], origins: dict[str, str]) -> None:
    print(f"{'group':34} {'n':>4}  {'event right (95% CI)':>26}  {'event+actors+type (95% CI)':>28}")
    for name, n, event, full in score(judged, origins):
        (a, b), (c, d) = wilson(event, n), wilson(full, n)
        print(f"{name:34} {n:>4}  {event:>4} {event / n:>6.1%} ({a:.0%}-{b:.0%})  "
              f"{full:>8} {full / n:>6.1%} ({c:.0%}-{d:.0%})")
    right = [r for r in judged if r["event"] == "y"]
    print(f"\nof the {len(right)} right events:")
    for column in ("actors", "type", "quad", "modality", "date"):
        counts = Counter(r[column] for r in right)
        checked = counts["y"] + counts["n"]
        share = f"{counts['y'] / checked:.1%}" if checked else "-"
        print(f"  {column:9} right {counts['y']:>3} of {checked:>3} checked ({share})")


def recheck(judged: list[dict], now: dict[str, list[dict]]) -> dict[str, int]:
    """Of the judged events, which today's extraction ``now`` still finds (by key)."""
    keys = {r["key"] for rows in now.values() for r in rows}
    judged_keys = {r["key"] for r in judged}
    right = [r for r in judged if r["event"] == "y"]
    wrong = [r for r in judged if r["event"] != "y"]
    return {"right kept": sum(r["key"] in keys for r in right), "right": len(right),
            "wrong gone": sum(r["key"] not in keys for r in wrong), "wrong": len(wrong),
            "new events in these documents": len(keys - judged_keys)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--score", action="store_true", help="print precision from the judgments")
    parser.add_argument("--recheck", action="store_true",
                        help="extract the judged documents again: judged events kept and gone")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS)
    parser.add_argument("--out", type=Path, help="write the sample here (TSV) instead of standard output")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--refresh", action="store_true", help="extract again, ignoring the cache")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--per-doc", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    if args.score or args.recheck:
        if not args.judgments.exists():
            print(f"precision_sample: error: {args.judgments}: no such file", file=sys.stderr)
            return 2
        judged = read_judgments(args.judgments)
        if args.score:
            print_scores(judged, {r["key"]: r.get("origin", "?") for r in judged})
        if args.recheck:
            files = {r["key"].split(":", 1)[0] for r in judged}
            now = extract_all([p for p in dev_documents() if p.name in files], args.cache / "recheck", args.refresh)
            counts = recheck(judged, now)
            print(f"judged right and still found: {counts['right kept']} of {counts['right']}; "
                  f"judged wrong and gone: {counts['wrong gone']} of {counts['wrong']}; "
                  f"new (unjudged) events in these documents: {counts['new events in these documents']}")
        return 0

    events = extract_all(dev_documents(), args.cache, args.refresh)
    sample = draw(events, args.n, args.seed, args.per_doc)
    sampled = sorted({r["file"] for r in sample})
    set_origins(sample, extract_all([p for p in dev_documents() if p.name in sampled], args.cache,
                                    args.refresh, rules_only=True))
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
