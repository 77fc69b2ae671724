"""Where each event happened, from the parse.

For one event mention, in this order:

1. a call (PLOVER mode phone) has no place;
2. a trip's place is its destination: the place after "to"/"into" attached to the trigger ("a visit
   to Ruritania", "will travel to Springfield, Ruritania") or the trigger's object ("visited Ruritania");
3. a place phrase (in/at/near/over/off/aboard ...) attached to the trigger, to the clause it belongs
   to ("while in Springfield, she will meet ...") or, for an event noun, to the verb it hangs from and
   that verb's own modifiers ("declined a meeting at the Shangri-La Dialogue", "a summit held in
   Springfield"); a "where" clause takes the place it describes ("Springfield, where they met ...");
4. "during the visit" / "during his trip": the destination of the last trip the document named;
5. a meeting (CONSULT, AGREE) in a transcript or release whose dateline names a place, when its sentence
   names no other place: the dateline's place;
6. otherwise none — the document does not say where.

Example sentences in this module are invented.
"""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc, Token

from ..records import EventMention, Place
from .resolve import DocPlaces, PlaceMention, PlaceResolver

TRAVEL_LEMMAS = frozenset({"visit", "travel", "trip", "go", "fly", "head", "arrive", "tour", "journey", "come",
                           "return", "land", "stop", "stopover", "voyage", "mission", "delegation"})
DESTINATION_PREPS = frozenset({"to", "into", "for"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "over", "off", "aboard", "outside", "inside", "on", "across",
                            "throughout", "within", "around", "along"})
DATELINE_TYPES = frozenset({"CONSULT", "AGREE"})
CLIMB_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "aux", "prep", "pobj",
                        "dobj", "nsubj", "nsubjpass", "attr", "oprd"})


def _place_in(tok: Token, places: DocPlaces) -> PlaceMention | None:
    """The place a phrase headed by ``tok`` names: its head's own mention, else the first in it."""
    m = places.by_token.get(tok.i)
    if m is not None:
        return m
    best = None
    for t in tok.subtree:
        m = places.by_token.get(t.i)
        if m is not None and (best is None or m.start < best.start):
            # "in the capital of Ruritania" names Ruritania; skip places inside a clause of their own
            if any(a.dep_ in ("relcl", "acl", "advcl") and a.i != tok.i for a in t.ancestors
                   if a.i in {x.i for x in tok.subtree}):
                continue
            best = m
    return best


def _prep_places(tok: Token, places: DocPlaces, preps: frozenset[str]) -> PlaceMention | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    m = _place_in(obj, places)
                    if m is not None:
                        return m
        if child.dep_ == "advmod" and child.lower_ in ("here", "there"):
            continue
    return None


def _where_clause(tok: Token, places: DocPlaces) -> PlaceMention | None:
    """"Springfield, where the two met": a relative clause with "where" takes its antecedent's place."""
    t = tok
    for _ in range(4):
        if t.dep_ == "relcl" and any(c.lower_ == "where" for c in t.children):
            head = t.head
            m = places.by_token.get(head.i) or _prep_places(head, places, LOCATIVE_PREPS)
            if m is None:
                # "the summit in Springfield, where they met": the noun's own place phrase
                m = _place_in(head, places)
            return m
        if t.head is t:
            return None
        t = t.head
    return None


class EventLocator:
    """Sets ``EventMention.location`` from the parse and the document's place mentions."""

    def __init__(self, resolver: PlaceResolver):
        self.resolver = resolver

    def locate(self, doc: Doc, events: Sequence[EventMention], places: DocPlaces,
               dateline: Place | None = None) -> None:
        trips: list[tuple[int, PlaceMention]] = []  # (token index, destination) of every trip seen
        for event in sorted(events, key=lambda e: (e.trigger_start, e.sentence_index)):
            tok = _token_at(doc, event.trigger_start)
            if tok is None:
                continue
            mention = self._locate_one(event, tok, places, trips)
            if mention is not None:
                year = event.time.start.year if event.time and event.time.start else None
                event.location = self.resolver.summit_place(mention, year) if mention.summit else mention.place
                if self._is_travel(event, tok):
                    trips.append((tok.i, mention))
            elif dateline is not None and event.event_type in DATELINE_TYPES and event.mode != "phone" \
                    and not self._is_travel(event, tok) and not self._sentence_has_place(tok, places):
                event.location = dateline

    @staticmethod
    def _is_travel(event: EventMention, tok: Token) -> bool:
        return event.mode == "visit" or tok.lemma_.lower() in TRAVEL_LEMMAS

    @staticmethod
    def _sentence_has_place(tok: Token, places: DocPlaces) -> bool:
        sent = tok.sent
        return any(sent.start <= m.start < sent.end for m in places.mentions)

    def _locate_one(self, event: EventMention, tok: Token, places: DocPlaces,
                    trips: list[tuple[int, PlaceMention]]) -> PlaceMention | None:
        if event.mode == "phone" or tok.lemma_.lower() in ("call", "phone", "telephone"):
            return None
        travel = self._is_travel(event, tok)
        if travel:
            m = _prep_places(tok, places, DESTINATION_PREPS)
            if m is not None:
                return m
            for child in tok.children:
                if child.dep_ in ("dobj", "attr") and tok.pos_ == "VERB":
                    m = _place_in(child, places)
                    if m is not None:
                        return m
        m = _prep_places(tok, places, LOCATIVE_PREPS)
        if m is not None:
            return m
        # the clause: "while in Springfield", advcl/acl children with their own place phrases
        for child in tok.children:
            if child.dep_ in ("advcl", "acl", "relcl") and not child.pos_ == "NOUN":
                if any(c.lower_ in ("while", "when", "during") or c.dep_ == "mark" for c in child.children) or \
                        child.dep_ == "acl":
                    m = _prep_places(child, places, LOCATIVE_PREPS)
                    if m is not None:
                        return m
        m = _where_clause(tok, places)
        if m is not None:
            return m
        # an event noun: the verb it hangs from ("declined a meeting at the Shangri-La Dialogue")
        head = tok
        for _ in range(3):
            if head.head is head or head.dep_ not in CLIMB_DEPS:
                break
            head = head.head
            if head.pos_ not in ("VERB", "AUX", "NOUN"):
                break
            m = _prep_places(head, places, LOCATIVE_PREPS)
            if m is not None:
                return m
            if head.pos_ == "VERB" and head.dep_ == "ROOT":
                break
        if self._during_trip(tok):
            earlier = [m for i, m in trips if i < tok.i]
            if earlier:
                return earlier[-1]
        return None

    @staticmethod
    def _during_trip(tok: Token) -> bool:
        for t in [tok, *tok.ancestors][:4]:
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ in ("during", "on", "while"):
                    for obj in child.children:
                        if obj.lemma_.lower() in ("visit", "trip", "travel", "stay", "tour"):
                            return True
        return False


def _token_at(doc: Doc, char: int) -> Token | None:
    if char < 0:
        return None
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
