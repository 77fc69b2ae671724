"""Toponym resolution: which words of a parsed document name places, and which places.

Candidates come from spaCy's GPE/LOC/FAC entities, the actor resolver's country and capital names,
detente's own names (seas, straits, regions, venues, summits) and, after a preposition of place,
proper nouns the gazetteer knows. Each is then

* dropped when it is not used as a place: an adjective or demonym ("Chinese"), a modifier ("U.S.
  officials", "U.S.-China ties"), part of an organisation's or event's name ("Paris Peace Forum"), a
  capital standing for its government ("Beijing warned", "Moscow's support" — a capital is a place
  only after a preposition of place, in a dateline or as "City, Country"), or a country that is the
  subject of a verb of saying ("Ruritania said");
* resolved among the gazetteer's entries of that name by a prior (a country over a city of the same
  name, a state over a small city, population for cities) plus the document's context: a qualifier
  after a comma ("Alexandria, Virginia"; "Paris, Texas"), the countries the document names, other
  places of the same country below the national level (a US state named "Georgia" wins only when the
  document names other US places or calls it a state), and one sense per document for a repeated name.

The rules are in docs/geo.md. Example sentences in this module are invented.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..records import Place
from .gazetteer import Entry, Gazetteer, fold

if TYPE_CHECKING:
    from ..actors import DocActors

# Prepositions after which a name is a place (and a capital is the city, not its government).
PLACE_PREPS = frozenset({"in", "at", "to", "from", "near", "over", "off", "into", "outside", "inside", "across",
                         "throughout", "within", "toward", "towards", "via", "through", "around", "aboard",
                         "onto", "along", "beyond", "en", "route"})
SPEECH_VERBS = frozenset({
    "say", "state", "announce", "warn", "claim", "deny", "accuse", "insist", "tell", "urge", "condemn",
    "reiterate", "stress", "express", "respond", "reply", "argue", "declare", "note", "add", "affirm",
    "reaffirm", "reject", "protest", "demand", "propose", "confirm", "threaten", "vow", "pledge",
    "promise", "criticize", "criticise", "denounce", "call", "ask", "accept", "welcome", "dismiss",
    "complain", "suggest", "signal", "emphasize", "emphasise", "underscore", "highlight", "allege",
    "rebuke", "blame", "praise", "thank", "congratulate", "voice", "report", "tweet", "write", "explain",
})
# Nouns after which a name still names the place: "the Middle East region", "the Gaza area".
PLACE_NOUNS = frozenset({"region", "area", "city", "province", "state", "coast", "border", "capital", "island",
                         "islands", "peninsula", "sea", "strait", "territory", "district", "county", "basin",
                         "valley", "side", "mainland", "countryside", "metropolitan", "metro"})
# Last words of a building's or site's name, which the tagger may call an organisation.
VENUE_NOUNS = frozenset({"cemetery", "hall", "palace", "museum", "memorial", "park", "stadium", "airport",
                         "square", "hotel", "center", "centre", "cathedral", "church", "mosque", "temple",
                         "castle", "fortress", "bridge", "harbor", "harbour", "port", "monument", "house"})
ENT_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_ENTS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "LAW", "PERSON", "PRODUCT", "NORP"})
STATE_WORDS = frozenset({"state", "governor", "senator", "county", "legislature", "statewide", "gubernatorial"})
ACTOR_NAME_KINDS = frozenset({"person", "institution", "organization", "surname"})
DATELINE = re.compile(r"^\s*(?:[^\n]{0,80}\n)?\s*([A-Z][A-Za-z.'’ -]{1,40}?),\s+([A-Z][A-Za-z.'’ -]{1,40}?)"
                      r"\s*(?:\(|—|–|-\s|\n|$)", re.M)
DATELINE_CAPS = re.compile(r"^\s*([A-Z][A-Z.'’ -]{2,30})(?:,\s+([A-Z][A-Za-z.'’ -]{1,40}?))?\s*(?:\(|—|–|-\s)", re.M)

# Priors, in the units of log10(population).
PRIOR = {"country": 6.0, "admin1": 5.5, "region": 6.5, "water": 6.5, "venue": 6.5, "other": 5.0}
CAPITAL_BONUS = 1.5
ALTERNATE_PENALTY = 3.0
QUALIFIER_BONUS = 10.0
DOC_COUNTRY_BONUS = 2.0
SUBNATIONAL_BONUS = 3.0
STATE_WORD_BONUS = 3.0
ACTOR_READING_BONUS = 1.0


def prior_score(entry: Entry, alternate: bool) -> float:
    """How likely a name means ``entry`` before any context: population for towns, the feature's prior
    otherwise, less for an alternate name (the base of ``PlaceResolver._choose``)."""
    if entry.feature == "city" or (entry.feature == "venue" and entry.population):
        score = math.log10(entry.population + 10) + (CAPITAL_BONUS if entry.capital else 0.0)
    else:
        score = PRIOR.get(entry.feature, 5.0)
    return score - (ALTERNATE_PENALTY if alternate else 0.0)


# Indexes built once per document: spaCy's ``Token.sent`` walks the document's sentences on every
# call and ``doc.ents`` is a fresh tuple each time, so per-mention use of either is quadratic.
def _doc_index(doc: Doc) -> dict:
    index = doc.user_data.get("detente.geo.index")
    if index is None:
        sentences = list(doc.sents)
        index = {
            "sentences": sentences,
            "sentence_starts": [s.start for s in sentences],
            "token_chars": [t.idx for t in doc],
            "ent_at": {i: ent for ent in doc.ents for i in range(ent.start, ent.end)},
        }
        doc.user_data["detente.geo.index"] = index
    return index


def sentence_of(tok: Token) -> Span:
    """The sentence of ``tok`` (what ``tok.sent`` gives, found by bisection)."""
    index = _doc_index(tok.doc)
    return index["sentences"][bisect.bisect_right(index["sentence_starts"], tok.i) - 1]


def token_at_char(doc: Doc, char: int) -> Token | None:
    """The token covering character ``char`` (or the first one after it)."""
    if char < 0:
        return None
    chars = _doc_index(doc)["token_chars"]
    i = bisect.bisect_right(chars, char) - 1
    if i < 0:
        i = 0
    if i < len(doc) and char >= doc[i].idx + len(doc[i].text) and i + 1 < len(doc):
        i += 1
    return doc[i] if i < len(doc) else None


def entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity token ``i`` lies in, if any."""
    return _doc_index(doc)["ent_at"].get(i)


@dataclass
class PlaceMention:
    """A resolved place with its token span (internal to detente.geo)."""

    start: int  # token offsets
    end: int
    entry: Entry
    place: Place
    summit: str | None = None  # the summit name, when the place depends on the year
    qualified: bool = False  # resolved by a comma qualifier ("Paris, Texas")

    @property
    def root(self) -> int:
        return self.end - 1


@dataclass
class DocPlaces:
    """The place mentions of one document, and where its dateline says it was written."""

    doc: Doc
    mentions: list[PlaceMention]
    dateline: PlaceMention | None = None
    dateline_tokens: frozenset[int] = frozenset()
    by_token: dict[int, PlaceMention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m

    def places(self) -> list[Place]:
        return [m.place for m in self.mentions]


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    source: str  # ent, actor, curated, gazetteer, dateline
    actor_country: str | None = None
    actor_kind: str | None = None


class PlaceResolver:
    """Finds and resolves the place mentions of parsed documents."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.nlp = nlp
        self.gaz = gazetteer
        self.curated = PhraseMatcher(nlp.vocab, attr="ORTH")
        patterns: dict[str, Doc] = {}
        for name in gazetteer.curated_forms():
            for variant in {name, name[:1].upper() + name[1:]}:
                if variant not in patterns:
                    patterns[variant] = nlp.make_doc(variant)
        self.curated.add("CURATED", list(patterns.values()))

    # ------------------------------------------------------------------ candidates
    def _candidates(self, doc: Doc, actors: "DocActors | None") -> list[_Candidate]:
        out: list[_Candidate] = []
        for _, start, end in self.curated(doc):
            out.append(_Candidate(start, end, doc[start:end].text, "curated"))
        for ent in doc.ents:
            if ent.label_ not in ENT_LABELS and not (ent.label_ == "ORG" and ent[-1].lower_ in VENUE_NOUNS):
                continue
            start, end = ent.start, ent.end
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            while end > start and doc[end - 1].tag_ == "POS":
                end -= 1
            if start < end and not (end - start == 1 and doc[start].lower_ in self.gaz.common_words
                                    and not self._governed_by_place_prep(doc[start])):
                out.append(_Candidate(start, end, doc[start:end].text, "ent"))
        if actors is not None:
            for span in actors.spans:
                if span.kind in ("country", "capital"):
                    out.append(_Candidate(span.start, span.end, doc[span.start:span.end].text, "actor",
                                          span.actor.country, span.kind))
        for tok in doc:  # "talks in Vilnius" though the tagger saw no entity
            if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS and tok.pos_ == "PROPN" and tok.is_title:
                start = min([c.i for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.i])
                text = doc[start:tok.i + 1].text
                if self.gaz.has(text) and not (start == tok.i and tok.lower_ in self.gaz.common_words):
                    out.append(_Candidate(start, tok.i + 1, text, "gazetteer"))
        return out

    @staticmethod
    def _select(cands: list[_Candidate]) -> list[_Candidate]:
        """Longest first; at equal length curated names, then entities, then actor names."""
        rank = {"dateline": 0, "curated": 1, "ent": 2, "actor": 3, "gazetteer": 4}
        merged: dict[tuple[int, int], _Candidate] = {}
        for c in cands:
            key = (c.start, c.end)
            if key in merged:
                kept = merged[key]
                if c.source == "actor":
                    kept.actor_country, kept.actor_kind = c.actor_country, c.actor_kind
                if rank[c.source] < rank[kept.source]:
                    c.actor_country = c.actor_country or kept.actor_country
                    c.actor_kind = c.actor_kind or kept.actor_kind
                    merged[key] = c
            else:
                merged[key] = c
        ordered = sorted(merged.values(), key=lambda c: (-(c.end - c.start), rank[c.source], c.start))
        taken: set[int] = set()
        chosen = []
        for c in ordered:
            if any(i in taken for i in range(c.start, c.end)):
                continue
            taken.update(range(c.start, c.end))
            chosen.append(c)
        chosen.sort(key=lambda c: c.start)
        return chosen

    # ------------------------------------------------------------------ filters
    @staticmethod
    def _governed_by_place_prep(tok: Token) -> bool:
        t = tok
        for _ in range(3):
            if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:
                return True
            if t.dep_ in ("conj", "appos") and t.head is not t:
                t = t.head
                continue
            return False
        return False

    @staticmethod
    def _in_other_name(doc: Doc, start: int, end: int, actors: "DocActors | None") -> bool:
        ent = entity_at(doc, start)
        if ent is not None:
            if ent.label_ in NAME_ENTS and ent.label_ != "NORP" and ent.start <= start and end <= ent.end:
                first = ent.start
                while first < ent.end and doc[first].lower_ in ("the", "a", "an"):
                    first += 1
                last = ent.end
                while last > first and doc[last - 1].tag_ == "POS":
                    last -= 1
                if (first, last) != (start, end):
                    return True
        if actors is not None:
            for i in range(start, end):
                span = actors.by_token.get(i)
                if span is not None and span.kind in ACTOR_NAME_KINDS and (span.end - span.start) > (end - start):
                    return True
        return False

    @staticmethod
    def _hyphenated(doc: Doc, start: int, end: int) -> bool:
        """Part of a hyphenated compound: "U.S.-China", "Biden-Xi"."""
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and before.text in ("-", "–", "—") and before.whitespace_ == "" and \
                start >= 2 and doc[start - 2].whitespace_ == "":
            return True
        if after is not None and after.text in ("-", "–") and doc[end - 1].whitespace_ == "" and after.whitespace_ == "":
            return True
        return False

    def _airspace_end(self, doc: Doc, end: int) -> int | None:
        words = self.gaz.airspace_words
        for w in words:
            n = len(w.split())
            if end + n <= len(doc) and doc[end:end + n].text.lower() == w:
                return end + n
        return None

    def _is_modifier(self, doc: Doc, start: int, end: int) -> bool:
        """A name modifying a noun ("U.S. officials"), not a possessive ("the United States' support") and
        not before a noun that makes it a place ("the Middle East region", "the Beijing area")."""
        root = doc[end - 1]
        if end < len(doc) and (doc[end].tag_ == "POS" or doc[end].text in ("’", "'", "’s", "'s")):
            return False
        if root.dep_ in ("compound", "amod") and root.head.i >= end and root.head.pos_ in ("NOUN", "PROPN"):
            return root.head.lemma_.lower() not in PLACE_NOUNS
        return False

    # ------------------------------------------------------------------ resolution
    def resolve(self, doc: Doc, actors: "DocActors | None" = None, published: date | None = None) -> DocPlaces:
        cands = self._candidates(doc, actors)
        dateline = self._dateline(doc)
        if dateline:
            cands.extend(dateline)
        chosen = self._select(cands)
        year = published.year if published else None
        dateline_tokens = {i for c in (dateline or []) for i in range(c.start, c.end)}

        kept: list[tuple[_Candidate, list[tuple[Entry, bool]], int]] = []  # candidate, entries, end
        for c in chosen:
            if c.actor_kind in ("adjective", "demonym"):
                continue
            end = c.end
            summit = self.gaz.is_summit(c.text)
            in_dateline = c.start in dateline_tokens
            if not in_dateline and not summit:
                if self._hyphenated(doc, c.start, c.end) or self._in_other_name(doc, c.start, c.end, actors):
                    continue
                if self._is_modifier(doc, c.start, c.end):
                    extended = self._airspace_end(doc, c.end)
                    if extended is None:
                        continue
                    end = extended
            if summit:
                if not self._governed_by_place_prep(doc[c.end - 1]):
                    continue
                where = self.gaz.summit(c.text, year)
                if where is None:
                    continue
                kept.append((c, [(self._summit_entry(c.text, where), False)], end))
                continue
            entries = self.gaz.lookup(c.text)
            if not entries and c.source == "ent" and (doc[c.start].ent_type_ == "FAC" or doc[c.end - 1].lower_ in VENUE_NOUNS):
                entries = self._venue_in_town(doc, c)
            if not entries:
                continue
            kept.append((c, entries, end))

        doc_countries: dict[str, int] = {}
        own: list[str | None] = []
        for c, entries, _ in kept:
            top = [e for e, alt in entries if e.feature == "country" and not alt]
            code = c.actor_country if c.actor_kind == "country" else (top[0].country if len(top) == 1 else None)
            own.append(code)
            if code:
                doc_countries[code] = doc_countries.get(code, 0) + 1
        subnational = self._subnational(kept)

        mentions: list[PlaceMention] = []
        for k, (c, entries, end) in enumerate(kept):
            qualifier = self._qualifier(doc, kept, k)
            others = dict(doc_countries)  # the countries the rest of the document names
            if own[k]:
                others[own[k]] -= 1
            others = {code: n for code, n in others.items() if n > 0}
            best, qualified = self._choose(c, entries, doc, others, subnational, qualifier)
            if best is None:
                continue
            in_dateline = c.start in dateline_tokens
            if not in_dateline and not qualified and not self._place_reading(doc, c, best, kept, k):
                continue
            span_text = doc[c.start:end].text
            char_start = doc[c.start].idx
            char_end = doc[end - 1].idx + len(doc[end - 1].text)
            feature = best.feature
            place = Place(text=span_text, char_start=char_start, char_end=char_end, name=best.name,
                          geonames_id=best.geonames_id, latitude=best.latitude, longitude=best.longitude,
                          country=best.country, admin1=best.admin1, feature=feature)
            mentions.append(PlaceMention(c.start, end, best, place,
                                         summit=c.text if self.gaz.is_summit(c.text) else None, qualified=qualified))
        mentions = self._one_sense(mentions)
        dl = next((m for m in mentions if m.start in dateline_tokens), None)
        return DocPlaces(doc, mentions, dateline=dl, dateline_tokens=frozenset(dateline_tokens))

    def _venue_in_town(self, doc: Doc, c: _Candidate) -> list[tuple[Entry, bool]]:
        """A building the gazetteer lacks, named after its town ("the Springfield Memorial Hall"): a venue
        at the town's point."""
        for n in (2, 1):
            if c.end - c.start <= n or not all(t.pos_ == "PROPN" for t in doc[c.start:c.start + n]):
                continue
            towns = [e for e, alt in self.gaz.lookup(doc[c.start:c.start + n].text) if not alt and e.feature == "city"]
            if towns:
                return [(Entry(-1, c.text, None, e.latitude, e.longitude, e.country, e.admin1, "venue", e.population,
                               False), False) for e in towns]
        return []

    def _summit_entry(self, name: str, where: tuple[float, float, str, str]) -> Entry:
        lat, lon, country, city = where
        return Entry(-1, f"{name} ({city})", None, lat, lon, country, city, "venue", 0, False)

    def summit_place(self, mention: PlaceMention, year: int | None) -> Place | None:
        """The mention's place for another year (a summit's host changes every year)."""
        if mention.summit is None:
            return mention.place
        where = self.gaz.summit(mention.summit, year)
        if where is None:
            return mention.place
        e = self._summit_entry(mention.summit, where)
        p = mention.place
        return Place(text=p.text, char_start=p.char_start, char_end=p.char_end, name=e.name, geonames_id=None,
                     latitude=e.latitude, longitude=e.longitude, country=e.country, admin1=e.admin1,
                     feature="venue")

    def _qualifier(self, doc: Doc, kept: list, k: int) -> list[tuple[Entry, bool]] | None:
        """The entries of the name after a comma that qualifies this one ("Alexandria, Virginia")."""
        c, _, end = kept[k]
        if k + 1 >= len(kept):
            return None
        nxt, entries, _ = kept[k + 1]
        if end < len(doc) and doc[end].text == "," and nxt.start == end + 1:
            return entries
        return None

    @staticmethod
    def _subnational(kept: list) -> dict[str, int]:
        """Per country, how many names of the document are places below the national level and name
        one place only (cities, states): the context that makes "Georgia" a US state."""
        out: dict[str, int] = {}
        for c, entries, _ in kept:
            exact = [e for e, alt in entries if not alt]
            if len(exact) == 1 and exact[0].feature in ("city", "admin1") and not exact[0].capital and exact[0].country:
                out[exact[0].country] = out.get(exact[0].country, 0) + 1
        return out

    def _choose(self, c: _Candidate, entries: list[tuple[Entry, bool]], doc: Doc, doc_countries: dict[str, int],
                subnational: dict[str, int], qualifier: list[tuple[Entry, bool]] | None) -> tuple[Entry | None, bool]:
        sentence_words = {t.lower_ for t in sentence_of(doc[c.start])}
        qual_countries = set()
        qual_admin1 = set()
        if qualifier:
            for e, alt in qualifier:
                if e.feature == "country":
                    qual_countries.add(e.country)
                elif e.feature == "admin1":
                    qual_admin1.add(e.admin1)
                    qual_countries.add(e.country)
        best, best_score, qualified = None, -math.inf, False
        several_countries = len({e.country for e, _ in entries}) > 1
        for e, alt in entries:
            score = prior_score(e, alt)
            hit = False
            if e.feature != "country" and (e.admin1 in qual_admin1 or (e.country in qual_countries and not qual_admin1)):
                score += QUALIFIER_BONUS
                hit = True
            if e.country in doc_countries:
                score += DOC_COUNTRY_BONUS
            if e.feature in ("admin1", "city") and e.country and several_countries:
                n = subnational.get(e.country, 0) - (1 if len([x for x, a in entries if not a]) == 1 else 0)
                score += SUBNATIONAL_BONUS * min(max(n, 0), 2)
            if e.feature == "admin1" and sentence_words & STATE_WORDS:
                score += STATE_WORD_BONUS
            if c.actor_country and e.country == c.actor_country:
                score += ACTOR_READING_BONUS
            if score > best_score:
                best, best_score, qualified = e, score, hit
        return best, qualified

    def _place_reading(self, doc: Doc, c: _Candidate, entry: Entry, kept: list, k: int) -> bool:
        """Whether the words name the place rather than its government."""
        root = doc[c.end - 1]
        capital = entry.capital or c.actor_kind == "capital"
        if capital and entry.feature == "city":
            if self._governed_by_place_prep(root):
                return True
            # "Hiroshima, Japan" and "Beijing, China": a qualified city is the city
            if c.end < len(doc) and doc[c.end].text == "," and k + 1 < len(kept) and kept[k + 1][0].start == c.end + 1:
                return True
            return False
        if entry.feature == "country":
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in SPEECH_VERBS:
                return False
            head = root
            while head.dep_ == "conj" and head.head is not head:
                head = head.head
            if head is not root and head.dep_ == "nsubj" and head.head.lemma_ in SPEECH_VERBS:
                return False
        return True

    @staticmethod
    def _one_sense(mentions: list[PlaceMention]) -> list[PlaceMention]:
        """A name qualified once ("Paris, Texas") keeps that reading through the document."""
        by_name: dict[str, PlaceMention] = {}
        for m in mentions:
            if m.qualified:
                by_name.setdefault(fold(m.place.text), m)
        if not by_name:
            return mentions
        out = []
        for m in mentions:
            q = by_name.get(fold(m.place.text))
            if q is not None and q.entry.index != m.entry.index and m.entry.feature == q.entry.feature == "city":
                e = q.entry
                p = m.place
                m = PlaceMention(m.start, m.end, e, Place(p.text, p.char_start, p.char_end, e.name, e.geonames_id,
                                                          e.latitude, e.longitude, e.country, e.admin1, e.feature),
                                 m.summit, True)
            out.append(m)
        return out

    def _dateline(self, doc: Doc) -> list[_Candidate] | None:
        """The place line at the top ("Hanoi, Ruritania" above a transcript, "KYIV, Ukraine — ...")."""
        head = doc.text[:400]
        for pattern in (DATELINE_CAPS, DATELINE):
            m = pattern.search(head)
            if not m or m.start(1) > 250:
                continue
            out = []
            for group in (1, 2):
                if m.group(group) is None:
                    continue
                text = m.group(group).strip()
                span = doc.char_span(m.start(group), m.start(group) + len(text), alignment_mode="contract")
                if span is None or not self.gaz.has(text):
                    out = []
                    break
                out.append(_Candidate(span.start, span.end, text, "dateline"))
            if out:
                return out
        return None
