"""Score detente's geoparser on the hand-coded place gold (bench/geo_gold/gold.yaml).

Prints, per split (dev, test, all): toponym accuracy (exact: the same GeoNames id, or the same country
for a country, or within 25 km for a place without an id; within 161 km: the predicted point within
161 km = 100 miles of the gold point, or the same country for a country) over the gold mentions found
in the clean document text, how many gold mentions the resolver missed, and how many places it
output that the gold does not list; and event-location accuracy over the gold events detente
extracts (right: within 161 km, or the same country when the gold place is a country; "none" right
when detente gives no location).

    python bench/geo_gold.py [--shared ../shared] [--verbose]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from detente.geo import gazetteer  # noqa: E402
from detente.ingest import read_document  # noqa: E402
from detente.pipeline import get_extractor  # noqa: E402


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


class GoldPlace:
    def __init__(self, spec: dict, gaz):
        self.country = spec.get("c")
        self.id = spec.get("id")
        self.feature = spec.get("f")
        if self.country:
            e = gaz.country(self.country)
            self.point = (e.latitude, e.longitude)
            self.id = e.geonames_id
            self.feature = "country"
        elif spec.get("at"):
            self.point = tuple(spec["at"])
        else:
            entry = _by_id(gaz, self.id)
            if entry is None:
                raise SystemExit(f"gold: GeoNames id {self.id} is not in the gazetteer")
            self.point = (entry.latitude, entry.longitude)
            self.feature = entry.feature

    def exact(self, place) -> bool:
        if self.country and self.feature == "country":
            return place.feature == "country" and place.country == self.country
        if self.id and place.geonames_id:
            return self.id == place.geonames_id
        return km(self.point, (place.latitude, place.longitude)) <= 25

    def near(self, place) -> bool:
        if self.feature == "country" and place.country == self.country:
            return True
        return km(self.point, (place.latitude, place.longitude)) <= 161


_ID_CACHE: dict[int, object] = {}


def _by_id(gaz, gid):
    if not _ID_CACHE:
        for i in range(len(gaz)):
            e = gaz.entry(i)
            if e.geonames_id:
                _ID_CACHE.setdefault(e.geonames_id, e)
    return _ID_CACHE.get(gid)


def occurrences(text: str, word: str) -> list[int]:
    pattern = re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")
    return [m.start() for m in pattern.finditer(text)]


def gold_spans(text: str, places: list[dict]) -> tuple[list[tuple[int, int, dict]], int]:
    """(start, end, spec) of each gold mention in the clean text; the count of those not found."""
    spans: list[tuple[int, int, dict]] = []
    missing = 0
    for spec in sorted(places, key=lambda p: -len(p["text"])):
        word = spec["text"]
        found = occurrences(text, word)
        if "ctx" in spec:
            at = text.find(spec["ctx"])
            chosen = [s for s in found if at >= 0 and at <= s < at + len(spec["ctx"])][:1]
            if not chosen:
                missing += 1
        elif spec.get("n", "all") == "all":
            chosen = found
            if not found:
                missing += 1
        else:
            chosen = [found[n - 1] for n in spec["n"] if n - 1 < len(found)]
            missing += len(spec["n"]) - len(chosen)
        for s in chosen:
            e = s + len(word)
            if any(a < e and s < b for a, b, _ in spans):
                continue  # inside a longer gold mention ("Gaza" in "Gaza Strip")
            spans.append((s, e, spec))
    spans.sort()
    return spans, missing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--gold", type=Path, default=ROOT / "bench/geo_gold/gold.yaml")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    shared = args.shared if args.shared.exists() else Path("/work/shared")
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    gaz = gazetteer()
    extractor = get_extractor()
    stats: dict[str, dict[str, int]] = {}
    for item in gold["documents"]:
        prefix = item["file"].split("_")[0]
        matches = sorted(shared.glob(prefix + "_*"))
        if not matches:
            print(f"missing document {item['file']}", file=sys.stderr)
            continue
        document = read_document(matches[0])
        extraction = extractor.extract(document)
        text = document.text
        split = item["split"]
        for key in (split, "all"):
            stats.setdefault(key, {k: 0 for k in ("docs", "mentions", "absent", "exact", "near", "missed",
                                                  "extra", "ev", "ev_found", "ev_place", "ev_place_right",
                                                  "ev_none", "ev_none_right")})
            stats[key]["docs"] += 1
        spans, absent = gold_spans(text, item.get("places", []))
        predicted = {(p.char_start, p.char_end): p for p in extraction.places}
        matched_pred = set()
        for s, e, spec in spans:
            g = GoldPlace(spec, gaz)
            p = next((p for (a, b), p in predicted.items() if a < e and s < b), None)
            for key in (split, "all"):
                st = stats[key]
                st["mentions"] += 1
                if p is None:
                    st["missed"] += 1
                else:
                    st["exact"] += g.exact(p)
                    st["near"] += g.near(p)
            if p is not None:
                matched_pred.add((p.char_start, p.char_end))
            if args.verbose and (p is None or not g.near(p)):
                print(f"  [{split}] {prefix} {text[s:e]!r} @{s}: gold {spec} -> "
                      f"{(p.name, p.country, p.feature) if p else 'MISSED'}")
        for key in (split, "all"):
            stats[key]["absent"] += absent
            stats[key]["extra"] += len(set(predicted) - matched_pred)
        if args.verbose:
            extra = [predicted[k] for k in sorted(set(predicted) - matched_pred)]
            if extra:
                print(f"  [{split}] {prefix} not in gold: " + ", ".join(f"{p.text}->{p.name}" for p in extra))
        for ev in item.get("events", []):
            sentence_events = [m for m in extraction.events if ev["ctx"] in m.sentence
                               and m.trigger.lower().startswith(ev["trigger"].lower()[:4])]
            locs = ev["loc"]
            for key in (split, "all"):
                st = stats[key]
                st["ev"] += 1
                kind = "ev_none" if locs == "none" else "ev_place"
                st[kind] += 1
                if sentence_events:
                    st["ev_found"] += 1
            # the locator alone, given the gold trigger (as a verb->location test set gives it)
            given = locate_given(extractor, document, extraction, ev)
            if given is not _NO_TRIGGER:
                for key in (split, "all"):
                    stats[key]["given"] = stats[key].get("given", 0) + 1
                    stats[key]["given_place"] = stats[key].get("given_place", 0) + (locs != "none")
                if locs == "none":
                    ok = given is None
                else:
                    opts = [GoldPlace(x, gaz) for x in (locs if isinstance(locs, list) else [locs])]
                    ok = given is not None and any(o.near(given) for o in opts)
                for key in (split, "all"):
                    k2 = "given_none_right" if locs == "none" else "given_place_right"
                    stats[key][k2] = stats[key].get(k2, 0) + ok
                if args.verbose and not ok:
                    print(f"  [{split}] {prefix} given trigger {ev['trigger']!r} ({ev['ctx']!r}): gold {locs} -> "
                          f"{(given.name, given.country) if given else None}")
            elif args.verbose:
                print(f"  [{split}] {prefix} gold trigger not found: {ev['trigger']!r} in {ev['ctx']!r}")
            if not sentence_events:
                if args.verbose:
                    print(f"  [{split}] {prefix} event not extracted: {ev['trigger']!r} in {ev['ctx']!r}")
                continue
            got = sentence_events[0].location
            if locs == "none":
                right = got is None
                kind = "ev_none_right"
            else:
                options = [GoldPlace(x, gaz) for x in (locs if isinstance(locs, list) else [locs])]
                right = got is not None and any(o.near(got) for o in options)
                kind = "ev_place_right"
                for key in (split, "all"):
                    stats[key]["ev_place_found"] = stats[key].get("ev_place_found", 0) + 1
            for key in (split, "all"):
                stats[key][kind] += right
            if args.verbose and not right:
                print(f"  [{split}] {prefix} event {ev['trigger']!r} ({ev['ctx']!r}): gold {locs} -> "
                      f"{(got.name, got.country) if got else None}")
    print("toponyms and events as detente extracts them:")
    print(f"{'split':6} {'docs':>4} {'mentions':>8} {'exact':>7} {'<=161km':>8} {'missed':>6} {'extra':>5} "
          f"{'not in text':>11} | {'events':>6} {'found':>5} {'place right':>20} {'none right':>12}")
    for key in ("dev", "test", "all"):
        st = stats.get(key)
        if not st:
            continue
        n = st["mentions"] or 1
        pf = st["ev_place"]
        found_place = f"{st['ev_place_right']}/{pf} ({st['ev_place_right']}/{st.get('ev_place_found', 0)} found)"
        found_none = f"{st['ev_none_right']}/{st['ev_none']}"
        print(f"{key:6} {st['docs']:>4} {st['mentions']:>8} {st['exact'] / n:>7.3f} {st['near'] / n:>8.3f} "
              f"{st['missed']:>6} {st['extra']:>5} {st['absent']:>11} | {st['ev']:>6} {st['ev_found']:>5} "
              f"{found_place:>20} {found_none:>12}")
    print("event location given the gold trigger (the locator alone):")
    for key in ("dev", "test", "all"):
        st = stats.get(key)
        if not st or not st.get("given"):
            continue
        gp, gn = st.get("given_place", 0), st["given"] - st.get("given_place", 0)
        print(f"{key:6} events {st['given']:>3}: stated place right {st.get('given_place_right', 0)}/{gp} "
              f"= {st.get('given_place_right', 0) / (gp or 1):.2f}; no place right {st.get('given_none_right', 0)}/{gn}")
    return 0


_NO_TRIGGER = object()


def locate_given(extractor, document, extraction, ev):
    """Run the event locator on a mention made at the gold trigger (type and mode from the lexicon's
    reading of the word: travel words are visits, call words calls, the rest consultations)."""
    from detente.geo.locate import TRAVEL_LEMMAS
    from detente.records import EventMention, TimeRef, Actor

    text = document.text
    at = text.find(ev["ctx"])
    if at < 0:
        return _NO_TRIGGER
    doc = extractor.nlp(text) if not hasattr(extractor, "_geo_doc_cache") else None
    doc = _DOCS.setdefault(document.doc_id, doc or extractor.nlp(text))
    sent = next((s for s in doc.sents if s.start_char <= at < s.end_char), None)
    words = [t for t in (sent or []) if t.lower_.startswith(ev["trigger"].lower()[:4])]
    tok = min(words, key=lambda t: abs(t.idx - at), default=None)
    if tok is None:
        return _NO_TRIGGER
    lemma = tok.lemma_.lower()
    mode = "visit" if lemma in TRAVEL_LEMMAS else "phone" if lemma in ("call", "phone", "telephone") else None
    same = next((m for m in extraction.events if m.trigger_start == tok.idx), None)
    event_type = same.event_type if same else "CONSULT"
    mode = same.mode if same else mode
    mention = EventMention(doc_id=document.doc_id, source=Actor(text="?"), target=None, event_type=event_type,
                           modality="reported", time=TimeRef.unknown(), sentence_index=0, sentence=tok.sent.text,
                           char_start=tok.sent.start_char, char_end=tok.sent.end_char, trigger=tok.text,
                           trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text), mode=mode)
    geo = extractor.geocoder
    actors = extractor.resolver.annotate(doc, document.published, document.url)
    found = geo.places(document, doc, actors)
    dateline = geo.removed_dateline(document) or (found.dateline.place if found.dateline else None)
    geo.locator.locate(doc, [mention], found, dateline)
    return mention.location


_DOCS: dict = {}


if __name__ == "__main__":
    raise SystemExit(main())
