"""Where each event happened, from the parse.

For one event mention, in this order:

1. a call (PLOVER mode phone) has no place;
2. a trip's place is its destination: the place after "to"/"into" attached to the trigger ("a visit
   to Ruritania", "will travel to Springfield, Ruritania") or the trigger's object ("visited Ruritania");
3. a place phrase (in/at/near/over/off/aboard ...) attached to the trigger, to the clause it belongs
   to ("while in Springfield, she will meet ...") or, for an event noun, to the verb it hangs from and
   that verb's own modifiers ("declined a meeting at the Harbour Forum", "a summit held in
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
from .resolve import DocPlaces, PlaceMention, PlaceResolver, sentence_of, token_at_char

TRAVEL_LEMMAS = frozenset({"visit", "travel", "trip", "go", "fly", "head", "arrive", "tour", "journey", "come",
                           "return", "land", "stop", "stopover", "voyage", "mission", "delegation"})
DESTINATION_PREPS = frozenset({"to", "into", "for"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "over", "off", "aboard", "outside", "inside", "across",
                            "throughout", "within", "around", "along"})
DATELINE_TYPES = frozenset({"CONSULT", "AGREE"})
HOLD_LEMMAS = frozenset({"hold", "host", "convene", "take", "organize", "organise", "stage", "locate", "base"})
# Material events happen where their object is ("struck a depot in Springfield"), and an attack on a
# place happens there ("an assault on Ruritania"); talk does not ("discussed the situation in X").
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID"})
ATTACK_LEMMAS = frozenset({"attack", "strike", "shoot", "bomb", "shell", "target", "launch", "fire", "hit",
                           "intercept", "assault", "raid", "invade", "seize", "capture", "kill", "down"})
CLIMB_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "aux", "prep", "pobj",
                        "dobj", "nsubj", "nsubjpass", "attr", "oprd"})


# Inside a place phrase, the words that can still name its place: "in the capital of Ruritania",
# "in Springfield, Ruritania", "in northern Ruritania" — not another phrase ("on the flight to X").
INNER_DEPS = frozenset({"compound", "appos", "conj", "cc", "amod", "nmod", "poss", "det", "punct", "pobj", "case",
                        "npadvmod", "nummod"})


def _place_in(tok: Token, places: DocPlaces) -> PlaceMention | None:
    """The place a phrase headed by ``tok`` names: its head's own mention, else the nearest inside it."""
    m = places.by_token.get(tok.i)
    if m is not None:
        return m
    frontier = [tok]
    while frontier:
        nxt = []
        for t in frontier:
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    nxt.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ in INNER_DEPS:
                    m = places.by_token.get(child.i)
                    if m is not None:
                        return m
                    nxt.append(child)
        frontier = nxt
    return None


def _prep_places(tok: Token, places: DocPlaces, preps: frozenset[str], through: bool = False) -> PlaceMention | None:
    """The place of a prepositional phrase on ``tok`` with one of ``preps``; ``through``: also on the
    object of its "of"/"by" phrase ("the visit of the Pope to Ruritania")."""
    for child in tok.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    m = _place_in(obj, places)
                    if m is not None:
                        return m
                    for acl in obj.children:  # "at the summit, held in Springfield"
                        if acl.dep_ == "acl" and acl.lemma_.lower() in HOLD_LEMMAS:
                            m = _prep_places(acl, places, LOCATIVE_PREPS)
                            if m is not None:
                                return m
        elif through and child.dep_ == "prep" and child.lower_ in ("of", "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    m = _prep_places(obj, places, preps)
                    if m is not None:
                        return m
    return None


def _where_clause(tok: Token, places: DocPlaces) -> PlaceMention | None:
    """"Springfield, where the two met": a relative clause with "where" takes its antecedent's place."""
    t = tok
    for _ in range(4):
        if t.dep_ == "relcl" and any(c.lower_ == "where" for c in t.subtree if c.dep_ == "advmod"):
            head = t.head
            m = places.by_token.get(head.i)
            if m is not None:
                # "Springfield, Ruritania, where ...": the city, not the country after it
                while head.dep_ in ("appos", "conj") and places.by_token.get(head.head.i) is not None:
                    outer = places.by_token.get(head.head.i)
                    if head.dep_ == "conj" and not (m.place.feature in ("country", "admin1")
                                                    and outer.place.country == m.place.country):
                        break  # "Paris and Lyon, where": a list, not a qualified city
                    head = head.head
                return places.by_token.get(head.i)
            m = _prep_places(head, places, LOCATIVE_PREPS) or _place_in(head, places)
            if m is None:
                # "the summit in Springfield in November, where they will meet": the last place phrase
                # before "where" in the sentence
                where = next(c for c in t.subtree if c.lower_ == "where")
                before = [x for x in places.mentions if sentence_of(tok).start <= x.start < where.i
                          and x.place.feature != "country" and PlaceResolver_governed(tok.doc[x.root])]
                m = before[-1] if before else None
            return m
        if t.head is t:
            return None
        t = t.head
    return None


def PlaceResolver_governed(tok: Token) -> bool:  # noqa: N802 - a shared helper of the resolver
    return PlaceResolver._governed_by_place_prep(tok)


def _inner_place(tok: Token, places: DocPlaces) -> PlaceMention | None:
    """A meeting's place stated inside its object, where the parser attached it ("met the president of
    Ruritania and the prime minister of Utopia in Springfield"): an in/at phrase naming a city, venue or
    region within the trigger's own clause."""
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ in ("in", "at") and t.i > tok.i:
            if any(a.dep_ in ("relcl", "advcl", "ccomp", "acl") for a in t.ancestors if a.i > tok.i and a in tok.subtree):
                continue
            for obj in t.children:
                m = places.by_token.get(obj.i) if obj.dep_ == "pobj" else None
                if m is not None and m.place.feature in ("city", "venue", "admin1", "region", "water"):
                    return m
    return None


def _trips(doc: Doc, places: DocPlaces) -> list[tuple[int, PlaceMention]]:
    """Every trip the document states with its destination ("will travel to Springfield")."""
    out = []
    for tok in doc:
        if tok.lemma_.lower() in TRAVEL_LEMMAS:
            m = _prep_places(tok, places, DESTINATION_PREPS, through=True)
            if m is None and tok.pos_ == "VERB":
                m = next((_place_in(c, places) for c in tok.children if c.dep_ == "dobj"), None)
            if m is not None:
                out.append((tok.i, m))
    return out


class EventLocator:
    """Sets ``EventMention.location`` from the parse and the document's place mentions."""

    def __init__(self, resolver: PlaceResolver):
        self.resolver = resolver

    def locate(self, doc: Doc, events: Sequence[EventMention], places: DocPlaces,
               dateline: Place | None = None) -> None:
        trips = _trips(doc, places)  # (token index, destination) of every trip the text states
        for event in sorted(events, key=lambda e: (e.trigger_start, e.sentence_index)):
            tok = _token_at(doc, event.trigger_start)
            if tok is None:
                continue
            mention = self._locate_one(event, tok, places, trips)
            if mention is not None:
                year = event.time.start.year if event.time and event.time.start else None
                event.location = self.resolver.summit_place(mention, year) if mention.summit else mention.place
            elif dateline is not None and event.event_type in DATELINE_TYPES and event.mode != "phone" \
                    and not self._is_travel(event, tok) and not self._sentence_has_place(tok, places):
                event.location = dateline

    @staticmethod
    def _is_travel(event: EventMention, tok: Token) -> bool:
        return event.mode == "visit" or tok.lemma_.lower() in TRAVEL_LEMMAS

    @staticmethod
    def _sentence_has_place(tok: Token, places: DocPlaces) -> bool:
        sent = sentence_of(tok)
        return any(sent.start <= m.start < sent.end and m.start not in places.dateline_tokens
                   for m in places.mentions)

    def _locate_one(self, event: EventMention, tok: Token, places: DocPlaces,
                    trips: list[tuple[int, PlaceMention]]) -> PlaceMention | None:
        if event.mode == "phone" or tok.lemma_.lower() in ("call", "phone", "telephone"):
            return None
        travel = self._is_travel(event, tok)
        if travel:
            m = _prep_places(tok, places, DESTINATION_PREPS, through=True)
            if m is None and tok.pos_ == "NOUN" and tok.dep_ == "dobj":
                # "lauded the visit of the Pope to Ruritania" parsed with "to" on the verb
                m = _prep_places(tok.head, places, DESTINATION_PREPS)
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
        if event.event_type in MATERIAL_TYPES or tok.lemma_.lower() in ATTACK_LEMMAS:
            m = _prep_places(tok, places, frozenset({"on", "against"}))
            if m is not None:
                return m
            for child in tok.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    m = _prep_places(child, places, LOCATIVE_PREPS | {"on", "against"})
                    if m is None:
                        for conj in child.conjuncts:
                            m = m or _prep_places(conj, places, LOCATIVE_PREPS)
                    if m is not None:
                        return m
        if event.event_type in MATERIAL_TYPES | {"PROTEST"} or tok.lemma_.lower() in ATTACK_LEMMAS:
            # "police in Nairobi fired tear gas", "protesters in Kirkuk marched": where the doers were
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    m = _prep_places(child, places, LOCATIVE_PREPS)
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
        # an event noun: the verb it hangs from ("declined a meeting at the Harbour Forum")
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
        if event.event_type in DATELINE_TYPES:
            m = _inner_place(tok, places)
            if m is not None:
                return m
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
    return token_at_char(doc, char)
