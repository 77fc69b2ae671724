"""Bench: code PETRARCH2's unit-test sentences with detente and compare with their expected codings.

    .venv/bin/python bench/petrarch_suite.py [--verbose] [--json]

Reads `/work/shared/external/petrarch2/PETR.UnitTest.records.xml` (284 sentences about fictional
states such as Arnor ARN and Gondor GON, each with expected CAMEO codings or "no events"), imports the
suite's actor and agent dictionaries with `detente.actordict.import_cameo`, extracts every sentence
with those actors added, maps each expected CAMEO event code to a PLOVER type through the PLOVER
project's crosswalk (`CAMEO2PLOVER-2021.txt`, falling back to the code's parent, e.g. 1717 -> 171) and
prints:

* the share of records whose expected (source, target, type) events are all produced;
* the same for (source, target) dyads whatever the type (the suite mostly tests actor handling, and
  its verb dictionary uses its own codes: "restore full diplomatic ties" is 064 there);
* the share of "no events" records for which detente produces nothing (and nothing asserted).

Countries are compared on the first three letters of the CAMEO code (what `import_cameo` keeps: DAGGOV
-> DAG, IGOEEU -> IGO); a null code (---, ###) accepts any actor or none. CONSULT is compared in either
direction (PLOVER codes meetings as reciprocal; CAMEO's visit/host pairs become one event); an expected
AGREE (CAMEO "express intent") is also met by a cooperative type with modality planned or expected,
detente's coding of "will meet", "will send". Expected codes the crosswalk does not cover (CAMEO
01/02, the suite's private 3xx/8xx/9xx codes) are left out; records with nothing left are counted
apart. Modality is ignored except where stated. Takes about ten seconds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from detente.actordict import import_cameo
from detente.pipeline import Extractor
from detente.records import ASSERTED_MODALITIES, QUAD_CLASS, Document, EventMention

EXTERNAL = Path("/work/shared/external")
RECORDS = EXTERNAL / "petrarch2" / "PETR.UnitTest.records.xml"
ACTORS = EXTERNAL / "petrarch2" / "PETR.Validate.actors.txt"
AGENTS = EXTERNAL / "petrarch2" / "PETR.Validate.agents.txt"
CROSSWALK = EXTERNAL / "plover" / "CAMEO2PLOVER-2021.txt"
NULL_COUNTRIES = frozenset({"---", "###", "+++"})
UNDIRECTED_TYPES = frozenset({"CONSULT"})


@dataclass
class Record:
    """One unit-test sentence with its expected codings."""

    record_id: str
    category: str
    published: date | None
    text: str
    codings: list[tuple[str, str, str]]  # (source code, target code, CAMEO event code)
    no_events: bool


@dataclass
class Outcome:
    """What detente made of one record."""

    record: Record
    expected: set[tuple[str | None, str | None, str]]  # (source, target, PLOVER type); None = any
    unmapped: list[str]
    predicted: list[EventMention]
    missing: set[tuple[str | None, str | None, str]] = field(default_factory=set)
    missing_dyads: set[tuple[str | None, str | None]] = field(default_factory=set)

    @property
    def asserted(self) -> list[EventMention]:
        return [p for p in self.predicted if p.modality in ASSERTED_MODALITIES]


def load_crosswalk(path: Path = CROSSWALK) -> dict[str, str]:
    """CAMEO code -> PLOVER type, as the crosswalk lists them (``040: CONSULT, ...`` lines)."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            table.setdefault(match.group(1), match.group(2))
    return table


def plover_type(cameo: str, crosswalk: dict[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code, trying its parents (1717 -> 171 -> 17); None if not covered."""
    code = cameo.strip()
    while len(code) >= 2:
        if code in crosswalk:
            return crosswalk[code]
        code = code[:-1]
    return None


def load_records(path: Path = RECORDS) -> list[Record]:
    """Every <Sentence> of the unit-test file."""
    records = []
    for sentence in ET.parse(path).getroot().iter("Sentence"):
        codings, no_events = [], False
        for coding in sentence.findall("EventCoding"):
            if coding.get("noevents"):
                no_events = True
            else:
                codings.append((coding.get("sourcecode", "---").strip(),
                                coding.get("targetcode", "---").strip(),
                                coding.get("eventcode", "").strip()))
        raw_date = sentence.get("date", "")
        published = date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:8])) if len(raw_date) == 8 else None
        records.append(Record(
            record_id=sentence.get("id", "?"), category=sentence.get("category", "?"),
            published=published, text=" ".join((sentence.findtext("Text") or "").split()),
            codings=codings, no_events=no_events,
        ))
    return records


def country_of(code: str) -> str | None:
    """The country part of a CAMEO actor code; None for the null codes."""
    country = code[:3].upper()
    return None if country in NULL_COUNTRIES or not country else country


def intent_equivalent(event_type: str, prediction: EventMention) -> bool:
    """An expected AGREE (CAMEO's "express intent") is also produced, by detente's convention, as a
    cooperative type with modality planned or expected ("will meet" = CONSULT planned)."""
    return (event_type == "AGREE" and QUAD_CLASS[prediction.event_type] in ("VC", "MC")
            and prediction.modality in ("planned", "expected"))


def produced(expected: tuple[str | None, str | None, str | None], predictions: list[EventMention]) -> bool:
    """Some prediction has these countries (None: any) and, unless None, this type."""
    source, target, event_type = expected
    for p in predictions:
        if event_type is not None and p.event_type != event_type and not intent_equivalent(event_type, p):
            continue
        pairs = [(p.source_country, p.target_country)]
        if event_type in UNDIRECTED_TYPES or event_type is None and p.event_type in UNDIRECTED_TYPES:
            pairs.append((p.target_country, p.source_country))
        for s, t in pairs:
            if (source is None or s == source) and (target is None or t == target):
                return True
    return False


def actor_file(directory: Path) -> Path:
    """The suite's actors and agents as a detente actor file in ``directory``."""
    warnings: list[str] = []
    data = import_cameo(ACTORS, AGENTS, warnings=warnings)
    # Workaround: import_cameo can emit an organisation with neither sector nor cameo_code (one that
    # merely adds names to a packaged organisation), which ActorDictionary.load then refuses.
    for entry in data.get("organizations", []):
        if "sector" not in entry and "cameo_code" not in entry:
            entry["sector"] = "IGO"
    path = directory / "petrarch-validate-actors.yaml"
    path.write_text("# Imported from PETRARCH2's validation dictionaries (MIT) for the bench.\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(records: list[Record], crosswalk: dict[str, str]) -> list[Outcome]:
    """Extract every record with the suite's actors and compare with its expected codings."""
    with tempfile.TemporaryDirectory() as tmp:
        extractor = Extractor(actor_files=[actor_file(Path(tmp))])
        documents = [
            Document.from_text(r.text, source=r.record_id, published=r.published,
                               published_from="option", paragraphs=[(0, len(r.text))])
            for r in records
        ]
        extractions = list(extractor.extract_many(documents))
    outcomes = []
    for record, extraction in zip(records, extractions):
        expected, unmapped = set(), []
        for source, target, cameo in record.codings:
            event_type = plover_type(cameo, crosswalk)
            if event_type is None:
                unmapped.append(cameo)
            else:
                expected.add((country_of(source), country_of(target), event_type))
        outcome = Outcome(record, expected, unmapped, extraction.events)
        outcome.missing = {e for e in expected if not produced(e, extraction.events)}
        outcome.missing_dyads = {
            (s, t) for s, t, _ in expected if not produced((s, t, None), extraction.events)
        }
        outcomes.append(outcome)
    return outcomes


def summarize(outcomes: list[Outcome]) -> dict:
    """The figures the bench prints."""
    coded = [o for o in outcomes if o.expected]
    unmappable = [o for o in outcomes if o.record.codings and not o.expected]
    quiet = [o for o in outcomes if o.record.no_events]
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in coded:
        by_category[o.record.category][0] += 1
        by_category[o.record.category][1] += not o.missing
    expected_types = Counter(t for o in coded for _, _, t in o.expected)
    found_types = Counter(t for o in coded for e in o.expected - o.missing for t in [e[2]])

    def share(n: int, d: int) -> float | None:
        return round(n / d, 4) if d else None

    return {
        "records": len(outcomes),
        "records_with_mappable_codings": len(coded),
        "records_with_only_unmapped_codes": len(unmappable),
        "unmapped_codes": dict(Counter(c for o in outcomes for c in o.unmapped).most_common()),
        "all_events_produced": share(sum(not o.missing for o in coded), len(coded)),
        "all_dyads_produced": share(sum(not o.missing_dyads for o in coded), len(coded)),
        "expected_events_produced": share(
            sum(len(o.expected - o.missing) for o in coded), sum(len(o.expected) for o in coded)),
        "no_event_records": len(quiet),
        "no_event_records_with_no_event": share(sum(not o.predicted for o in quiet), len(quiet)),
        "no_event_records_with_no_asserted_event": share(sum(not o.asserted for o in quiet), len(quiet)),
        "events_per_coded_record": share(sum(len(o.predicted) for o in coded), len(coded)),
        "by_category": {c: {"records": n, "all_produced": share(k, n)} for c, (n, k) in sorted(by_category.items())},
        "by_type": {t: {"expected": n, "produced": found_types[t]} for t, n in expected_types.most_common()},
    }


def describe(p: EventMention) -> str:
    return f"{p.source_country or '---'}->{p.target_country or '---'} {p.event_type} {p.modality}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every record that falls short")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    outcomes = run(load_records(), load_crosswalk())
    figures = summarize(outcomes)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{100 * value:.1f}%"

    print(f"PETRARCH2 unit-test suite: {figures['records']} records")
    print(f"  records with mappable expected events: {figures['records_with_mappable_codings']} "
          f"(+{figures['records_with_only_unmapped_codes']} whose codes the crosswalk does not cover)")
    print(f"  all expected (source, target, type) produced: {pct(figures['all_events_produced'])}")
    print(f"  all expected (source, target) dyads produced: {pct(figures['all_dyads_produced'])}")
    print(f"  expected events produced (of all):            {pct(figures['expected_events_produced'])}")
    print(f"  'no events' records with no event:            {pct(figures['no_event_records_with_no_event'])} "
          f"(no asserted event: {pct(figures['no_event_records_with_no_asserted_event'])}) "
          f"of {figures['no_event_records']}")
    print("  by category (records, all produced):")
    for category, row in figures["by_category"].items():
        print(f"    {category:<10} {row['records']:>4} {pct(row['all_produced']):>7}")
    print("  by expected type (expected, produced):")
    for event_type, row in figures["by_type"].items():
        print(f"    {event_type:<10} {row['expected']:>4} {row['produced']:>4}")
    if args.verbose:
        for o in outcomes:
            if o.missing or (o.record.no_events and o.predicted):
                wanted = ", ".join(f"{s or '*'}->{t or '*'} {ty}" for s, t, ty in sorted(o.missing, key=str))
                got = "; ".join(describe(p) for p in o.predicted) or "nothing"
                label = "NOEVENT" if o.record.no_events else "MISSING"
                print(f"{label} {o.record.record_id}: {wanted or '(should be none)'} | got {got}")
                print(f"    {o.record.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
