"""Actors in a parse: which words name which country, institution or person, and in which sector.

``ActorResolver.annotate`` finds dictionary names in a spaCy Doc (full names, then surnames later in
the same document, countries, adjectives, capitals as metonyms, institutions); ``DocActors.actor_for``
then says which actor a noun phrase denotes, from its head, its modifiers ("Chinese aircraft",
"China's defence minister") or, for pronouns, the actors mentioned just before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Container, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .actordict import ActorDictionary, SurfaceForm
from .records import Actor
from .speakers import Speaker, SpeakerVoices, address_cues
from .turns import TurnIndex

# When two dictionary names overlap, the longer wins; at equal length, this order.
KIND_PRIORITY = {"person": 0, "institution": 1, "organization": 2, "country": 3, "capital": 4,
                 "demonym": 5, "adjective": 6, "surname": 7}
RESOLVED_BY = {"person": "dictionary", "institution": "dictionary", "organization": "dictionary",
               "country": "dictionary", "capital": "metonym", "demonym": "adjective",
               "adjective": "adjective", "surname": "surname"}
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod"})
# Plural nouns that, with "two" or "both", mean the two countries an article is about.
DYAD_NOUNS = frozenset({"side", "country", "nation", "government", "power", "capital", "leader", "party",
                        "state", "administration", "military", "army", "delegation", "president"})
# Words of the titles of a government's own offices ("Secretary of Commerce", "National Security
# Advisor", "Domestic Policy Advisor"): named on a government's site without a country, they are its own.
DOMESTIC_OFFICE_WORDS = frozenset({"secretary", "advisor", "adviser", "director", "administrator", "counselor", "assistant",
                                   "coordinator", "attorney", "surgeon", "undersecretary", "envoy", "spokesperson", "ambassador",
                                   "speaker", "gentleman"})
# Words before a surname that keep it the known person's ("Mr Blinken", "Sheikh Tamim", "Leader Schumer").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sheikh", "prince",
                        "princess", "king", "queen", "emir", "amir", "general", "gen", "admiral", "professor",
                        "madam", "madame", "monsieur", "herr", "frau", "comrade", "chairman", "chairwoman",
                        # titles that are not sector nouns on their own: "Leader Schumer", "Speaker Pelosi"
                        "leader", "speaker", "whip", "justice", "judge", "envoy", "commissioner", "director",
                        "spokesman", "spokeswoman", "spokesperson", "rep", "sen", "gov", "president", "premier"})
# Nouns by which a text refers back to a named group ("the group claimed the attack").
GROUP_NOUNS = frozenset({"group", "movement", "militia", "organisation", "organization", "cartel", "gang"})
# Words for a government that no government uses of itself: "the regime" on the White House's site is
# not the United States.
OTHERS_RULERS = frozenset({"regime", "junta"})
# Bodies one country keeps in another: "our embassy in Moscow" is not Russia's ("the Russian embassy in
# Washington" still is Russia's, by its adjective).
# Role nouns that are also common adjectives: as an adjective ("a general strike") they name no owner.
ADJECTIVE_ROLE_HOMOGRAPHS = frozenset({"general"})
POSTED_BODIES = frozenset({"embassy", "consulate", "mission", "legation", "delegation", "ambassador", "envoy",
                           "attache", "attaché", "consul"})
# Heads of the names of seas, straits and islands called after a country ("Gulf of Oman", "Sea of
# Japan", "Strait of Hormuz" aside): the country in their "of" is no actor.
NAMED_FEATURES = frozenset({"gulf", "sea", "strait", "straits", "bay", "island", "islands", "peninsula",
                            "channel", "coast"})
# Sectors of named non-state groups whose later role nouns refer back to them: "the Houthis launched
# ... the rebels said", "Islamic State-linked insurgents ... an operation against the militants".
GROUP_SECTORS = frozenset({"REB", "CRM"})
# Nouns that, as "the two <noun>", mean the two people a readout is about, not the two countries most
# named in it ("Biden spoke with el-Sisi ... The two leaders agreed", in a text full of Gaza and Hamas).
PERSON_DYAD_NOUNS = frozenset({"leader", "president", "minister", "counterpart", "head", "prime minister",
                               "foreign minister", "official"})
# Spellings of one title, and words that make a title another, lesser one ("the President" is not the
# "Vice President Kamala Harris" named before).
TITLE_ALIASES = {"amir": "emir"}
# Words that put the office before a name in the past ("former President", "ex-Prime Minister").
FORMER_WORDS = frozenset({"former", "ex"})
SUBORDINATE_TITLE_WORDS = frozenset({"vice", "deputy", "assistant", "under", "acting", "former", "lieutenant",
                                     "associate", "principal"})
# Sectors whose name on a modifier makes the thing theirs: "navy vessels", "police cars", "army units".
OWNING_SECTORS = frozenset({"MIL", "COP", "GOV"})
# How a role noun's country was guessed from its context, not read from the words that name it.
CONTEXT_COUNTRY_RULES = frozenset({"voice", "earlier-mention", "dateline", "dominant-country", "sentence-country"})
# Sectors of the state bodies whose named units and officers are theirs ("White House Deputy Director X")
STATE_BODY_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "SPY", "COP", "LOC"})
# Prepositions that put a sector-only actor's clause in a place: "protesters in Kirkuk", "gunmen
# attacked a base near Mosul", "troops deployed across the north of Mordor".
LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "across", "through", "around", "inside", "into",
                            "throughout", "within"})
# Dependencies that open another statement: a place named there is not this clause's.
OTHER_CLAUSE_DEPS = frozenset({"ccomp", "parataxis"})
# Clauses on a noun: a place named in one ("a deal that sent aid into Gaza") is that noun's, not the
# place of the clause's other actors.
NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})
# A dateline: "RAMALLAH, Dec 14 —", "NAIROBI (Reuters) -", "Minas Tirith, March 3 –".
DATELINE = re.compile(
    r"^\s*(?:(?P<caps>[A-Z][A-Z'.\- ]{1,40}?)|(?P<name>[A-Z][A-Za-z'.\- ]{1,40}?)(?=\s*,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|"
    r"Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}))\s*(?:\([^)]{1,30}\))?\s*(?:,[^\n—–]{0,25})?\s*(?:—|–|--| - )")
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
SINGULAR_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
# In a government's own statement "I" is its head speaking.
FIRST_PERSON = FIRST_PERSON_PLURAL | frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})


# At most this many words of a noun phrase are read when looking inside it (any real phrase is far
# shorter; a parse of run-on text can hang thousands of words under one noun).
MAX_PHRASE_TOKENS = 64


@dataclass
class ActorSpan:
    """A dictionary name found in the text."""

    start: int  # token offsets
    end: int
    kind: str
    actor: Actor


def _acronyms_as_defined(doc: Doc, spans: list[ActorSpan]) -> list[ActorSpan]:
    """An acronym a text defines in brackets after a name means that name's actor, there and after:
    "the Pacific Islands Forum (PIF)" is no Saudi fund, whatever else "PIF" names."""
    defined: dict[str, Actor] = {}
    for before, span in zip(spans, spans[1:]):
        tok = doc[span.start]
        if span.end - span.start == 1 and tok.is_upper and before.end == span.start - 1 and \
                doc[span.start - 1].text == "(" and span.end < len(doc) and doc[span.end].text == ")" and \
                before.actor.country != span.actor.country:
            defined[tok.text] = before.actor
    if not defined:
        return spans
    out = []
    for span in spans:
        meant = defined.get(doc[span.start].text) if span.end - span.start == 1 else None
        if meant is not None:
            span = ActorSpan(span.start, span.end, span.kind, replace(
                meant, text=span.actor.text, start=span.actor.start, end=span.actor.end))
        out.append(span)
    return out


@dataclass
class DocActors:
    """The actors found in one parsed document, and how to read noun phrases as actors."""

    doc: Doc
    spans: list[ActorSpan]
    dictionary: ActorDictionary
    by_token: dict[int, ActorSpan] = field(default_factory=dict)
    voice: str | None = None  # the country the document speaks for ("we" in a government statement)
    # a joint statement's authors, the publishing voice first: its "we" (see data/voices.yaml)
    joint_voice: tuple[str, ...] = ()
    speakers: SpeakerVoices | None = None  # in a transcript, who speaks in each turn (detente.speakers)
    published: date | None = None  # the article date: the roles people held then
    _dyad: tuple[str, ...] | None = None
    _dominant: tuple[str | None] | None = None
    _shared: tuple[int, ...] = ()  # token starts of bodies whose bare name many countries use
    _dateline: tuple[str | None] | None = None
    # sector -> (token index, country) of role nouns whose country a modifier or place gave
    _role_countries: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # token index -> the named armed or criminal group mentioned there ("the group" refers back to it)
    _groups: dict[int, Actor] = field(default_factory=dict)
    # head index -> the character bounds of its phrase (``phrase_tokens`` walks the parse each time)
    _phrase_bounds: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Computed once per document: ``Doc.text`` and ``Token.sent`` each walk the document (or the
    # sentence) on every call, and calling them per phrase or per pronoun made extraction quadratic.
    text: str = field(init=False, default="")
    _sentences: list[Span] = field(init=False, default_factory=list)
    _sentence_starts: list[int] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        for span in self.spans:
            for i in range(span.start, span.end):
                self.by_token[i] = span
        self.text = self.doc.text
        self._sentences = list(self.doc.sents)
        self._sentence_starts = [s.start for s in self._sentences]

    def sentence_of(self, token: Token) -> Span:
        """The sentence ``token`` is in (``Token.sent``, without walking the document)."""
        return self._sentences[bisect_right(self._sentence_starts, token.i) - 1]

    def span_at(self, token: Token) -> ActorSpan | None:
        return self.by_token.get(token.i)

    def country_of_modifiers(self, head: Token) -> tuple[str | None, Token | None]:
        """The country named by a modifier of ``head`` ("Chinese", "U.S.", "China's", "of China")."""
        if is_named_feature(head):
            return None, None  # "the Gulf of Oman" is a sea, not Oman
        queue = list(head.children)
        while queue:
            child = queue.pop(0)
            if child.dep_ in MODIFIER_DEPS or child.dep_ == "case":
                span = self.span_at(child)
                if span and span.actor.country:
                    return span.actor.country, child
                if child.dep_ in ("compound", "amod", "nmod"):
                    queue.extend(child.children)
            elif child.dep_ == "prep" and child.lower_ in ("of", "from", "in") and \
                    not (child.lower_ == "in" and head.lemma_.lower() in POSTED_BODIES):
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    # "leaders from CARICOM and the Dominican Republic": the first listed that is a country
                    listed = [pobj, *pobj.conjuncts] if self.dictionary.sector_for_noun(head.lemma_.lower()) else [pobj]
                    for word in listed:
                        span = self.span_at(word)
                        if span and span.actor.country and span.kind != "surname":
                            return span.actor.country, word
        return None, None

    def countries_in_phrase(self, head: Token) -> list[tuple[str, Token]]:
        """The country found by ``country_in_phrase`` and the countries coordinated with it ("ties
        with Mordor, Rohan, Fornost and Bree")."""
        country, tok = self.country_in_phrase(head)
        if country is None:
            return []
        found = [(country, tok)]
        stack = [c for c in tok.children if c.dep_ == "conj"]
        while stack:
            conj = stack.pop(0)
            span = self.span_at(conj)
            if span is not None and span.actor.country and all(span.actor.country != c for c, _ in found):
                found.append((span.actor.country, conj))
            stack.extend(c for c in conj.children if c.dep_ == "conj")
        return found

    def country_in_phrase(self, head: Token) -> tuple[str | None, Token | None]:
        """The first country named anywhere inside a noun phrase, clauses aside ("the training of
        Ukrainian pilots", "waters east of Taiwan")."""
        if is_named_feature(head):
            return None, None
        stack = deque(head.children)
        budget = MAX_PHRASE_TOKENS  # a parse of run-on text can hang thousands of words under one noun
        while stack and budget:
            budget -= 1
            tok = stack.popleft()
            if tok.dep_ == "acl":
                # "the steps announced by the Israeli government", "the roads leading into Mordor"
                stack.extend(p for a in tok.children if a.dep_ in ("agent", "prep") for p in a.children)
                continue
            if tok.dep_ in ("relcl", "advcl", "ccomp", "appos", "cc"):
                continue
            if self.is_venue(tok):
                continue  # "a crackdown on protesters at the Security Council": where, not whom
            if tok.dep_ == "prep" and tok.lower_ == "in" and tok.head.i == head.i and \
                    head.lemma_.lower() in POSTED_BODIES:
                continue  # "our embassy in Moscow": where it is, not whose
            span = self.span_at(tok)
            if span is not None and span.actor.country and span.kind != "surname":
                return span.actor.country, tok
            stack.extend(tok.children)
        return None, None

    def is_venue(self, tok: Token) -> bool:
        """A preposition (or its object) naming an international body as the place something is said
        or done: "at the Security Council", "before the UN General Assembly", "at NATO"."""
        prep = tok if tok.dep_ == "prep" else tok.head if tok.dep_ == "pobj" else None
        if prep is None or prep.lower_ not in ("at", "before", "during", "in"):
            return False
        for pobj in prep.children:
            span = self.span_at(pobj) if pobj.dep_ == "pobj" else None
            if span is not None and span.kind == "organization" and span.actor.sector in ("IGO", "JUD", "LEG"):
                return True
        return False

    def noun_lemma(self, head: Token) -> str:
        """The lower-case lemma of a noun, also where the small model took a capitalised plural for a
        name ("Rebels attacked ...", "Gunmen killed ..." at the start of a sentence): then the singular
        of the word, if the dictionary knows it as a role noun."""
        lemma = head.lemma_.lower()
        if head.pos_ != "PROPN" or not head.is_title or not head.is_alpha:
            return lemma
        book = self.dictionary
        for singular in _singulars(head.lower_):
            if book.sector_for_noun(singular) or any(book.unnamed_kind(singular, kind) for kind in
                                                     ("standalone", "members", "quantities", "no_actor")):
                return singular
        return lemma

    def sector_of_phrase(self, head: Token) -> str | None:
        """The sector the head noun or its compound/title words name ("navy vessels" → MIL).

        A modifier word gives its sector only when it names an armed or governing body that owns
        the thing ("navy vessels", "police cars"); a "weather drone" is a kind of drone, not the weather.
        """
        words = [head] + [c for c in head.children if c.dep_ in ("compound", "amod", "nmod")]
        for name in _long_names(head):  # "civil rights leaders": a listed noun of three words or more
            if name in self.dictionary.sector_nouns:
                return self.dictionary.sector_nouns[name]
        words += [cc for c in words[1:] for cc in c.children if cc.dep_ == "conj"]  # "aircraft and navy vessels"
        # multiword nouns such as "foreign minister", "air force": try the pair first
        for child in words[1:]:
            if child.i == head.i - 1:
                sector = self.dictionary.sector_for_noun(f"{child.lemma_.lower()} {head.lemma_.lower()}") or \
                    self.dictionary.sector_for_noun(f"{child.lower_} {head.lower_}")
                if sector:
                    return sector
        # the word as written too: spaCy reads "media" as the plural of "medium"
        sector = self.dictionary.sector_for_noun(self.noun_lemma(head)) or self.dictionary.sector_for_noun(head.lower_)
        if sector:
            return sector
        for tok in words[1:]:
            if tok.dep_ == "amod" and tok.tag_ == "JJ" and tok.lower_ in ADJECTIVE_ROLE_HOMOGRAPHS:
                continue  # "a general strike": the adjective, not the army rank
            sector = self.dictionary.sector_for_noun(tok.lemma_.lower())
            if sector in OWNING_SECTORS or (sector and tok.pos_ == "PROPN"):
                return sector
        return None

    def _owned_institution(self, token: Token, span: ActorSpan) -> Actor | None:
        """An institution the dictionary gives one country, named as another country's ("India's EXIM
        Bank", "Canada's Export Development Bank"): that country's body of the same sector, no actor_id."""
        if span.kind != "institution" or span.actor.country is None:
            return None
        heads = {token} | {t for t in self.doc[span.start:span.end] if t.head.i not in range(span.start, span.end)}
        for head in heads:
            for child in head.children:
                if child.dep_ not in ("poss", "amod", "compound") or span.start <= child.i < span.end:
                    continue
                owner = self.span_at(child)
                if owner is not None and owner.kind in ("country", "adjective", "demonym") and \
                        owner.actor.country and owner.actor.country != span.actor.country:
                    return replace(span.actor, country=owner.actor.country, actor_id=None, country_by=_modifier_rule(child))
        return None

    def actor_for(self, token: Token, *, as_target: bool = False, deep: bool = True) -> Actor | None:
        """The actor the noun phrase headed by ``token`` denotes, or None.

        A head that is not itself a name counts when a modifier names a country and the head is a
        known role noun ("U.S. officials"); as a target, any head with a country modifier counts
        ("a Chinese research vessel" → China), since the one acted on need not be an agent.
        """
        span = self.span_at(token)
        if span is not None and span.kind == "capital":
            # "U.S. Embassy Kyiv", "U.S. Embassy Mexico City": a body named with the city it sits in
            body = next((c for c in token.children if c.dep_ == "compound" and c.i < span.start
                         and self.dictionary.sector_nouns.get(c.lemma_.lower())), None)
            if body is not None and self.country_of_modifiers(body)[0] is not None:
                return self.actor_for(body, as_target=as_target, deep=deep)
        if span is not None:
            if span.kind in ("adjective", "demonym") and token.pos_ == "ADJ" and token.dep_ == "amod":
                return None  # "Chinese" modifying something else: the head decides
            actor = self._owned_institution(token, span) or span.actor
            sector = actor.sector
            named_by_it = span.start <= token.i < span.end and span.end - span.start > 1
            if span.kind in ("country", "capital", "demonym", "adjective") and not named_by_it:
                sector = self.sector_of_phrase(token) or sector  # (not "the West Bank": a name, no bank)
            elif span.kind == "organization" and actor.country and sector in GROUP_SECTORS:
                self._note_role(token, sector, actor.country)  # "the Houthis ... the rebels"
                self._groups[token.i] = actor
            return Actor(text=self.phrase_text(token), country=actor.country, sector=sector,
                         actor_id=actor.actor_id, resolved_by=actor.resolved_by,
                         start=self.phrase_start(token), end=self.phrase_end(token),
                         country_by=actor.country_by, sector_by=actor.sector_by if sector == actor.sector else None)
        partitive = token.pos_ in ("PRON", "DET", "ADJ") and self.dictionary.unnamed_kind(token.lower_, "partitives")
        if token.pos_ == "NUM" or partitive:
            counted = next((o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                            for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")), None)
            # "thirteen of the most critical Russian enterprises", "some of our NATO Allies": those counted
            actor = self.actor_for(counted, as_target=as_target, deep=deep) if counted is not None else None
            if partitive and actor is not None and (actor.country is None or actor.country_by in CONTEXT_COUNTRY_RULES):
                return None  # "many of the people here": too vague to be someone of a country
            return actor
        if token.pos_ == "PRON":
            return None  # pronouns go through coreference
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        member = self.group_member(token)
        if member is not None:
            return member
        counting = self.dictionary.unnamed_kind(token.lemma_.lower(), "quantities")
        if counting:
            counted = self.unnamed_actor(token, as_target=as_target, deep=deep)
            if counted is not None and counted.country is not None and counted.resolved_by != "unknown":
                return counted  # "both chambers of Congress" are Congress, not someone of the U.S.
        country, via = self.country_of_modifiers(token)
        resolved = ""
        if country is None and as_target and deep:
            country, via = self.country_in_phrase(token)
            if country is not None:
                resolved = "phrase"
        if country is None:
            state = self.state_government(token)
            if state is not None:
                return state
            return counted if counting else self.unnamed_actor(token, as_target=as_target, deep=deep)
        sector = self.sector_of_phrase(token)
        if sector is None and token.pos_ == "PROPN" and via is not None:
            body = self.span_at(via)  # "The White House Office of Public Engagement": a unit of that body
            if body is not None and body.kind == "institution" and body.actor.sector in STATE_BODY_SECTORS:
                sector = body.actor.sector
        if sector is None and not as_target:
            return None
        country_by = "phrase" if resolved == "phrase" else _modifier_rule(via)
        if resolved != "phrase":
            self._note_role(token, sector, country)
        if resolved != "phrase":
            resolved = "adjective" if via is not None and via.pos_ == "ADJ" else "modifier"
        return Actor(text=self.phrase_text(token), country=country, sector=sector, resolved_by=resolved,
                     start=self.phrase_start(token), end=self.phrase_end(token),
                     country_by=country_by, sector_by="noun" if sector else None)

    def state_government(self, token: Token) -> Actor | None:
        """A federation's state named as a party to an act, not as a place: the subject or object of a
        verb ("Texas sued the administration", "sued Texas") or "the state of Texas" — its government,
        sector LOC (country_by "place"). "In Texas" is where, and stays no actor."""
        name = token
        if token.lemma_.lower() == "state" and token.pos_ == "NOUN":
            name = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                         for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN"), token)
        elif token.dep_ not in ("nsubj", "nsubjpass", "dobj", "dative"):
            return None
        if name.pos_ != "PROPN":
            return None
        words = [c for c in name.children if c.dep_ == "compound" and c.i < name.i] + [name]
        country = state_names().get(self.doc[min(w.i for w in words):name.i + 1].text)
        if country is None:
            return None
        return Actor(text=self.phrase_text(token), country=country, sector="LOC", resolved_by="place",
                     start=self.phrase_start(token), end=self.phrase_end(token), country_by="place",
                     sector_by="place")

    # -- actors named by their role (issue 13) ------------------------------------------------------

    def group_member(self, head: Token) -> Actor | None:
        """"al-Shabab fighters", "Hamas militants", "Wagner mercenaries": members of a named group are
        the group (its actor_id, country and sector)."""
        if not self.dictionary.unnamed_kind(head.lemma_.lower(), "members") and \
                not self.dictionary.unnamed_kind(head.lower_, "members"):
            return None
        modifiers = [c for c in head.children if c.dep_ in ("compound", "nmod", "poss", "amod") and c.i < head.i]
        # one level further: "CJNG cartel members", "Islamic State-linked insurgents"
        modifiers += [cc for c in modifiers for cc in c.children
                      if cc.dep_ in ("compound", "nmod", "npadvmod", "amod") and cc.i < c.i]
        # "fighters from the Rapid Support Forces", "members of Hamas"
        modifiers += [p for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "with")
                      for p in c.children if p.dep_ == "pobj"]
        for child in modifiers:
            span = self.span_at(child)
            if span is not None and span.kind in ("organization", "institution") and span.actor.actor_id:
                a = span.actor
                self._note_role(head, a.sector, a.country)
                if a.sector in GROUP_SECTORS:
                    self._groups[head.i] = a
                return Actor(text=self.phrase_text(head), country=a.country, sector=a.sector,
                             actor_id=a.actor_id, resolved_by="member", start=self.phrase_start(head),
                             end=self.phrase_end(head))
        return None

    def unnamed_actor(self, head: Token, *, as_target: bool = False, deep: bool = True) -> Actor | None:
        """An actor named by its role alone ("protesters", "riot police", "Kurdish fighters", "the
        junta"): its sector from the noun, its country from context (``context_country``), or None
        when the noun is not one that stands for an actor (``unnamed_actors`` in data/actors).

        As a source, an attack noun with no doer ("a car bomb killed ...") is the unknown actor
        (country and sector None, resolved_by "unknown"); as a target, the owner of a thing counts
        ("demanding the president's resignation" targets the president).
        """
        book = self.dictionary
        lemma, lower = self.noun_lemma(head), head.lower_
        if book.unnamed_kind(lemma, "quantities") or book.unnamed_kind(lower, "quantities"):
            # "thousands of students", "members of an armed group": the counted
            counted = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj"]
            if counted:
                inner = self.actor_for(counted[0], as_target=as_target, deep=False)
                if inner is not None:
                    return replace(inner, text=self.doc.text[self.phrase_start(head):inner.end]
                                   if inner.end > self.phrase_start(head) else inner.text,
                                   start=self.phrase_start(head))
            if not counted and head.tag_ in ("NNS", "CD") and head.dep_ == "nsubj" and \
                    book.unnamed_kind(head.head.lemma_.lower(), "crowd_verbs"):
                # "Thousands rallied in Tbilisi": a crowd, whoever they are
                country, rule = self.context_country(head, "CVL")
                return Actor(text=self.phrase_text(head), country=country, sector="CVL", resolved_by="noun",
                             start=self.phrase_start(head), end=self.phrase_end(head), country_by=rule,
                             sector_by="noun")
            if counted and counted[0].tag_ == "NNS" and \
                    book.sector_for_noun(counted[0].lemma_.lower()) == "CVL":
                # "hundreds of women", "dozens of men": counted people are civilians even where the
                # noun alone is too vague to be an actor
                inner = counted[0]
                country, rule = self.context_country(inner, "CVL")
                return Actor(text=self.doc.text[self.phrase_start(head):self.phrase_end(inner)], country=country,
                             sector="CVL", resolved_by="noun", start=self.phrase_start(head),
                             end=self.phrase_end(inner), country_by=rule, sector_by="noun")
        titled = self.title_reference(head) or self.group_reference(head) or self.same_noun_reference(head)
        if titled is not None:
            return titled
        before = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i]
        pair = f"{before[-1].lemma_.lower()} {lemma}" if before and before[-1].i == head.i - 1 else None
        if pair and not book.unnamed_kind(pair, "standalone") and \
                book.unnamed_kind(f"{before[-1].lower_} {lemma}", "standalone"):
            pair = f"{before[-1].lower_} {lemma}"  # "ruling party": the modifier as written, not "rule"
        if pair and not book.unnamed_kind(pair, "standalone"):
            # "civil rights leaders": the modifier's own modifiers too
            pair = next((name for name in _long_names(head) if book.unnamed_kind(name, "standalone")), pair)
        text, start, end = self.phrase_text(head), self.phrase_start(head), self.phrase_end(head)
        if not as_target and any(book.unnamed_kind(w, "no_actor") for w in (pair, lemma) if w):
            # "the missiles fired by the Israeli military", "a bomb planted by militants": whose they are
            owners = [o for acl in head.children if acl.dep_ == "acl" for agent in acl.children
                      if agent.dep_ == "agent" for o in agent.children if o.dep_ == "pobj"]
            owner = self.actor_for(owners[0], deep=False) if owners else None
            if owner is not None and not owner.unknown and owner.resolved_by != "noun":
                return owner  # (not "planted by unknown perpetrators": a role alone says no more than the bomb)
            return Actor(text=text, resolved_by="unknown", start=start, end=end)
        sector, owned = None, False
        if book.unnamed_kind(lemma, "members") and any(book.unnamed_kind(c.lemma_.lower(), "armed_modifiers")
                                                     or book.unnamed_kind(c.lower_, "armed_modifiers")
                                                     for c in before):
            sector = "REB"  # "Kurdish fighters", "resistance fighters"
        elif any(book.unnamed_kind(w, "standalone") for w in (pair, lemma, lower) if w):
            sector = self.sector_of_phrase(head)
        elif head.pos_ == "PROPN" and before:
            # a name the dictionary lacks, given with a role: "opposition leader Kemal Aydin"
            title = " ".join(c.lemma_.lower() for c in sorted(self._title_words(head), key=lambda c: c.i))
            if title and book.unnamed_kind(title, "standalone"):
                sector = book.sector_for_noun(title)
            else:  # "former President Viktor Yanukovich", "ex-Prime Minister Mykola Azarov"
                sector = self._written_title_sector(head)
        elif as_target and before:
            # what an armed or governing body owns: "a police convoy", "a military base", "army posts"
            sector = self.sector_of_phrase(head)
            sector = sector if sector in OWNING_SECTORS and self.dictionary.sector_for_noun(lemma) is None else None
            # (not the body's people, "military personnel", nor a role of its own, "law enforcement")
            owned = sector is not None and not book.unnamed_kind(lemma, "members") and not (
                pair and self.dictionary.sector_for_noun(pair))
        if sector == "GOV" and head.tag_ == "NN" and not any(c.dep_ in ("det", "poss") for c in head.children):
            sector = None  # "he said government proposed ...": a bare "government" is no one in particular
        if sector is None:
            if as_target and deep:
                # "demanding the president's resignation": the owner of what is acted on
                for child in head.children:
                    if child.dep_ == "poss" and child.pos_ in ("NOUN", "PROPN"):
                        owner = self.actor_for(child, as_target=True, deep=False)
                        if owner is not None:
                            return owner
            return None
        country, rule = self.context_country(head, sector)
        if country and rule == "place-in-clause":
            self._note_role(head, sector, country)
        return Actor(text=text, country=country, sector=sector, resolved_by="noun", start=start, end=end,
                     country_by=rule, sector_by="owner" if owned else "noun")

    def same_noun_reference(self, head: Token) -> Actor | None:
        """"the delegation", "the officials": the same noun named with its country shortly before ("a U.S.
        delegation arrived in Delhi. The delegation met with ..."), when nothing modifies it now."""
        if head.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in head.children) \
                or any(c.dep_ in ("compound", "amod", "poss", "prep", "nmod") for c in head.children):
            return None
        lemma = head.lemma_.lower()
        for earlier in reversed(self.doc[max(0, head.i - SAME_NOUN_REACH):head.i]):
            if earlier.lemma_.lower() != lemma or earlier.pos_ != "NOUN":
                continue
            if not any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in earlier.children):
                continue  # (a bare earlier "the delegation" says no more than this one)
            actor = self.actor_for(earlier, deep=False)
            if actor is None or actor.country is None:
                return None
            return Actor(text=self.phrase_text(head), country=actor.country, sector=actor.sector,
                         actor_id=actor.actor_id, resolved_by="coreference", start=self.phrase_start(head),
                         end=self.phrase_end(head), country_by="earlier-mention", sector_by=actor.sector_by)
        return None

    def group_reference(self, head: Token) -> Actor | None:
        """"the group", "the movement": the armed or criminal group named latest before ("ELN guerrillas
        attacked a base ... The government suspended talks with the group")."""
        if head.lemma_.lower() not in GROUP_NOUNS or head.tag_ != "NN" or \
                not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) or \
                any(c.dep_ in ("prep", "compound", "amod") for c in head.children):
            return None
        earlier = [i for i in self._groups if i < head.i]
        if not earlier:
            return None
        group = self._groups[max(earlier)]
        return Actor(text=self.phrase_text(head), country=group.country, sector=group.sector,
                     actor_id=group.actor_id, resolved_by="coreference", start=self.phrase_start(head),
                     end=self.phrase_end(head), country_by="earlier-mention", sector_by="earlier-mention")

    def title_reference(self, head: Token) -> Actor | None:
        """"the Vice President", "the Amir": the person named earlier in the document with that title
        ("Vice President Kamala Harris spoke with Amir Sheikh Tamim ... The Vice President thanked the
        Amir"). When earlier people of different countries hold it ("President Biden ... President
        el-Sisi ... the President"), the document's voice decides, else no one (the other rules)."""
        # (a title coordinated after one with "the" shares it: "The President and Emir agreed")
        with_the = [head, head.head] if head.dep_ == "conj" else [head]
        if head.tag_ not in ("NN", "NNP") or not any(c.dep_ == "det" and c.lower_ == "the"
                                                     for t in with_the for c in t.children):
            return None
        words = sorted([c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i and c.is_alpha],
                       key=lambda c: c.i) + [head]
        title = " ".join(w.lower_ for w in words)
        if self.dictionary.sector_for_noun(title) is None:
            return None  # not an office: "the Capitol", "the deal"
        found: dict[str, ActorSpan] = {}
        for span in self.spans:
            if span.start >= head.i:
                break
            if span.kind in ("person", "surname") and span.actor.country and self._holds_title(span, title):
                found[span.actor.country] = span  # the latest of each country
        if not found:
            return None
        if len(found) > 1:
            if self.voice not in found:
                return None
            found = {self.voice: found[self.voice]}
        person = next(iter(found.values())).actor
        return Actor(text=self.phrase_text(head), country=person.country, sector=person.sector,
                     actor_id=person.actor_id, resolved_by="coreference", start=self.phrase_start(head),
                     end=self.phrase_end(head), country_by="earlier-mention",
                     sector_by="earlier-mention" if person.sector else None)

    def _holds_title(self, span: ActorSpan, title: str) -> bool:
        """Whether the person of ``span`` is given ``title`` in the text ("Vice President Kamala Harris",
        "Amir Sheikh Tamim ...") or, in the dictionary, holds it on the article date."""
        written = _written_title(self.doc, span.start, self.by_token)
        texts = [written, [t.lower_ for t in self.doc[span.start:span.end]]]
        person = span.actor
        if person.actor_id and person.actor_id in self.dictionary.people:
            role = self.dictionary.people[person.actor_id].role_on(self.published)
            if role is not None and role.title and role.country == person.country:
                texts.append(role.title.lower().split())
        wanted = title.split()
        for words in texts:
            words = [TITLE_ALIASES.get(w, w) for w in words]
            want = [TITLE_ALIASES.get(w, w) for w in wanted]
            for k in range(len(words) - len(want) + 1):
                if words[k:k + len(want)] == want and (k == 0 or words[k - 1] not in SUBORDINATE_TITLE_WORDS):
                    return True
        return False

    def _written_title_sector(self, head: Token) -> str | None:
        """The sector of a capitalised office written before a name the dictionary lacks ("Governor Mike
        Sonko": LOC; "former President Viktor Yanukovich": POL, out of office), when only name words
        follow the office; else None."""
        if head.ent_type_ != "PERSON":
            return None  # "the Global Health Worker Initiative": no one's name
        phrase_start = self.phrase_start(head)
        words = [t for t in self.doc[head.left_edge.i:head.i] if t.is_alpha and t.idx >= phrase_start]
        for end in range(len(words) - 1, -1, -1):
            if not all(w.is_title and w.pos_ == "PROPN" for w in words[end + 1:]):
                break  # "President of the Council Ana Ruiz": what follows the office is not a name
            if not words[end].is_title:
                continue
            lowered = [w.lower_ for w in words[:end + 1]]
            for first in range(len(lowered)):
                title = " ".join(lowered[first:])
                sector = self.dictionary.sector_for_noun(title)
                if sector and self.dictionary.unnamed_kind(title, "standalone"):
                    # out of office: a politician, no longer the government
                    return "POL" if any(w in FORMER_WORDS for w in lowered) else sector
        return None

    @staticmethod
    def _title_words(head: Token) -> list[Token]:
        """The lower-case words before a name that say its role ("opposition leader Kemal Aydin")."""
        out: list[Token] = []
        stack = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
        while stack:
            tok = stack.pop()
            if tok.is_lower and tok.is_alpha:
                out.append(tok)
                stack.extend(c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i)
        return out

    def _note_role(self, head: Token, sector: str | None, country: str) -> None:
        if sector:
            seen = self._role_countries.setdefault(sector, [])
            if (head.i, country) not in seen:
                seen.append((head.i, country))

    def earlier_role_country(self, head: Token, sector: str | None) -> str | None:
        """The country of the latest earlier role noun of the same sector whose country a modifier or
        place gave ("Thousands protested in Niamey ... Some protesters threw stones")."""
        earlier = [(i, c) for i, c in self._role_countries.get(sector or "", []) if i < head.i]
        return max(earlier)[1] if earlier else None

    def context_country(self, head: Token, sector: str | None = None) -> tuple[str | None, str | None]:
        """The country of an actor the text names only by its role, by the first rule that gives one:
        the document's voice for a definite singular office of government ("the President" on a
        government's site, wherever it meets), a place in the same clause ("protesters in Kirkuk",
        "gunmen killed villagers in Nigeria's north"), the voice for any other definite government
        noun ("the officials"; but "the regime" or "the junta" is never the speaker's own: it is the one
        other country its sentence names), an earlier role noun of the same sector whose country was given ("Thousands protested
        in Niamey ... some protesters threw stones"), the dateline ("NAIROBI, June 3 —"), the document's dominant country (two thirds of
        the country mentions). (None, None) when no rule says."""
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
        if sector == "GOV" and self.voice and definite and head.tag_ in ("NN", "NNP") and \
                head.lemma_.lower() not in OTHERS_RULERS:
            # "the President" on a government's own site is its own head of state, wherever it meets and
            # whatever country the text named last ("The President met in Geneva with Putin")
            return self.voice, "voice"
        if sector == "LOC":
            country = self._office_place(head)
            if country:
                return country, "place-in-clause"  # "California Governor Gavin Newsom", "the mayor of Kharkiv"
        country = self.place_in_clause(head)
        if country:
            return country, "place-in-clause"
        if sector == "LOC" and self.voice and not self._sentence_countries(head) - {self.voice}:
            # "I spoke to Governor Moore" on a government's site: its own country's governor, when the
            # sentence names no other country
            return self.voice, "voice"
        if head.lemma_.lower() in OTHERS_RULERS:
            # "press the regime to end the violence ... Myanmar's path": the one country the sentence
            # names besides the speaker's own
            named = {c for c in self._sentence_countries(head, kinds=None)
                     if c != self.voice and self.dictionary.country(c) is not None}
            if len(named) == 1:
                return named.pop(), "sentence-country"
        elif sector == "GOV" and self.voice and definite:
            return self.voice, "voice"  # "the officials" with no place in their clause
        foreign = head.lemma_.lower() in OTHERS_RULERS
        for rule, find in (("earlier-mention", lambda: self.earlier_role_country(head, sector)),
                           ("dateline", self.dateline_country), ("dominant-country", self.dominant_country)):
            country = find()
            if rule == "dominant-country" and country and sector in STATE_BODY_SECTORS and \
                    self._state_named_beside(head, country):
                # "The Bush administration lifted sanctions on China": the one state its sentence names
                # beside it is the other side, not its own; its country stays unknown
                return None, None
            if country and not (foreign and country == self.voice):
                return country, rule
        return None, None

    def _state_named_beside(self, head: Token, country: str) -> bool:
        """Whether ``head``'s sentence names ``country`` by its bare name, as a party of its own, outside
        ``head``'s own phrase ("sanctions on China"; not "Peru's government" or "Chinese protesters",
        where the country only says whose)."""
        sent = self.sentence_of(head)
        start, end = self.phrase_start(head), self.phrase_end(head)
        for span in self.spans:
            if span.start < sent.start or span.end > sent.end or span.actor.country != country or \
                    span.kind != "country":
                continue
            if start <= self.doc[span.start].idx < end:
                continue
            last = self.doc[span.end - 1]
            if last.dep_ in ("nsubj", "nsubjpass") and last.head in head.ancestors:
                continue  # "Australia has offered to send troops": the doer's own troops
            if last.dep_ not in ("poss", "compound", "nmod", "amod") and not (
                    last.dep_ == "pobj" and last.head.lower_ == "of"):  # (not "Communist Party of Nepal")
                return True
        return False

    def _office_place(self, head: Token) -> str | None:
        """The country of the place a subnational office is of: a modifier ("California Governor Gavin
        Newsom", "Maryland's governor") or an "of" phrase ("Governor Hochul of New York")."""
        for child in head.children:
            if child.ent_type_ == "PERSON":
                continue  # "Dayton Mayor Nan Whaley": a name, not Thailand's Nan province
            if child.dep_ in ("compound", "poss", "nmod", "amod") and child.i < head.i:
                country = self._place(child)
            elif child.dep_ == "prep" and child.lower_ == "of":
                country = next((self._place(p) for p in child.children if p.dep_ == "pobj"), None)
            else:
                continue
            if country:
                return country
        return None

    def _sentence_countries(self, head: Token, kinds: tuple[str, ...] | None = ("country", "capital")) -> set[str]:
        """The countries the actor spans of ``head``'s sentence name, by default by name only (not by an
        adjective: "Afghan resettlement"); ``kinds`` None: by any kind of span."""
        sent = self.sentence_of(head)
        return {span.actor.country for span in self.spans if span.start >= sent.start and span.end <= sent.end
                and span.actor.country and (kinds is None or span.kind in kinds)}

    def place_in_clause(self, head: Token) -> str | None:
        """The country of a place named in the clause of ``head`` (its own phrase first): a country or
        capital name or a place of data/places.yaml after a locative preposition."""
        top = head
        while top.head.i != top.i and top.pos_ not in ("VERB", "AUX"):
            top = top.head
        for _ in range(4):  # participles and coordinated verbs belong to the clause above them
            if top.dep_ not in ("acl", "relcl", "xcomp", "advcl", "conj", "pcomp", "prep", "pobj") or top.head.i == top.i:
                break
            top = top.head
            while top.head.i != top.i and top.pos_ not in ("VERB", "AUX"):
                top = top.head
        ancestors = {a.i for a in head.ancestors}
        for root in (head, top):
            queue = deque([root])
            budget = MAX_PHRASE_TOKENS  # a parse of run-on text can hang thousands of words under one verb
            while queue and budget:
                budget -= 1
                tok = queue.popleft()
                for child in tok.children:
                    if child.dep_ in OTHER_CLAUSE_DEPS and child.i not in ancestors:
                        continue
                    if child.dep_ in NOUN_CLAUSE_DEPS and tok.i != head.i and tok.pos_ in ("NOUN", "PROPN") \
                            and child.i not in ancestors:
                        continue  # "thanked X for a deal that increased aid into Gaza": the deal's place
                    if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                        for pobj in child.children:
                            country = self._place(pobj) if pobj.dep_ == "pobj" else None
                            if country and not self._other_places_listed(pobj, country):
                                return country
                    queue.append(child)
        return None

    def _other_places_listed(self, place: Token, country: str) -> bool:
        """Whether a place is one of a list of places of different countries ("counterparts in Qatar,
        Egypt, and Israel"): then no one of them is the clause's place."""
        stack = [c for c in place.children if c.dep_ == "conj"]
        while stack:
            conj = stack.pop()
            other = self._place(conj)
            if other and other != country:
                return True
            stack.extend(c for c in conj.children if c.dep_ == "conj")
        return False

    def _place(self, tok: Token) -> str | None:
        """The country a place phrase names: "Kirkuk", "southern Somalia", "Nigeria's Plateau state"."""
        words = [tok] + [c for c in tok.children if c.dep_ in ("poss", "compound", "nmod")]
        for word in words:
            span = self.span_at(word)
            if span is not None and span.kind in ("country", "capital") and span.actor.country and \
                    self.dictionary.country(span.actor.country) is not None:
                return span.actor.country
        found = place_country(tok) or next((place_country(w) for w in words[1:] if place_country(w)), None)
        if found:
            return found  # "in Kharkiv city", "in Kisumu town"
        # an apposition names the larger place: "Mardan (Khyber Pakhtunkhwa), Pakistan", "Bankass (Mopti)"
        for appos in (c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"):
            span = self.span_at(appos)
            if span is not None and span.kind == "country" and self.dictionary.country(span.actor.country) is not None:
                return span.actor.country
            found = place_country(appos)
            if found:
                return found
        return None

    def dateline_country(self) -> str | None:
        """The country of the place in the document's dateline ("RAMALLAH, Dec 14 —"), if any."""
        if self._dateline is None:
            found = None
            match = DATELINE.match(self.doc.text[:80])
            if match:
                name = (match.group("caps") or match.group("name")).strip()
                titled = " ".join(w.capitalize() for w in name.split())
                found = places().get(titled) or places().get(name)
                # the city itself, then a country written after it ("IMPHAL, India, July 9 —")
                rest = [part.strip() for part in self.doc.text[match.end(match.lastgroup):match.end()].split(",")]
                for candidate in [titled, name] + [part for part in rest if part]:
                    if found is not None:
                        break
                    for form in self.dictionary.lookup(candidate):
                        if form.kind in ("capital", "country") and form.country and \
                                self.dictionary.country(form.country) is not None:
                            found = form.country
                            break
            self._dateline = (found,)
        return self._dateline[0]

    def dominant_country(self) -> str | None:
        """The country of at least two thirds of the country mentions (names, adjectives, capitals,
        institutions, people; not the bare names many countries' bodies share, "Congress", "the
        Treasury"), or None: an article about two countries has no dominant one."""
        if self._dominant is None:
            counts: dict[str, int] = {}
            for span in self.spans:
                code = span.actor.country
                if code and span.start not in self._shared and self.dictionary.country(code) is not None:
                    counts[code] = counts.get(code, 0) + 1
            top = max(counts.items(), key=lambda kv: kv[1], default=None)
            ok = top is not None and 3 * top[1] >= 2 * sum(counts.values())
            self._dominant = (top[0] if ok else None,)
        return self._dominant[0]

    def rehome_shared_names(self, shared: list[ActorSpan]) -> None:
        """Bodies whose bare name many countries use ("Congress", "the Senate", "National Assembly",
        marked ambiguous in institutions.yaml) are the body of the country of two thirds of the article's
        other country mentions, when that is another country ("Peru's ministers ... a majority in
        Congress"): ``country_by`` "dominant-country". A government's own site names its own bodies so."""
        self._shared = tuple(span.start for span in shared)
        counts: dict[str, int] = {}
        for span in self.spans:
            code = span.actor.country
            if code and not any(span is s for s in shared) and self.dictionary.country(code) is not None:
                counts[code] = counts.get(code, 0) + 1
        top = max(counts.items(), key=lambda kv: kv[1], default=None)
        if top is None or 3 * top[1] < 2 * sum(counts.values()):
            return
        for span in shared:
            if span.actor.country == self.voice:
                continue  # "the Treasury Department" on the U.S. government's own site is its own
            if span.actor.country != top[0] and self.dictionary.country(span.actor.country or "") is not None:
                span.actor = replace(span.actor, country=top[0], actor_id=None, resolved_by="context",
                                     country_by="dominant-country", sector_by="dictionary")

    def learn_people(self) -> None:
        """People the dictionary does not know, introduced by their office: "German Chancellor
        Markus Feldmann", "Iran's foreign minister, Hassan Rahimi," — they and their surname later
        in the document resolve to that country and sector."""
        learned: dict[str, Actor] = {}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or any(i in self.by_token for i in range(ent.start, ent.end)):
                continue
            head = ent.root
            country, sector = self._office_of(head, ent)
            if country is not None:
                actor = Actor(text=ent.text, country=country, sector=sector, actor_id=f"doc:{ent.text}",
                              resolved_by="title", start=ent.start_char, end=ent.end_char)
            else:
                actor = self._private_person(ent) if self._full_name(ent) else None
                if actor is None:
                    continue
            self._add(ActorSpan(ent.start, ent.end, "person", actor))
            for short in _short_names(ent, actor.country):
                learned.setdefault(short, actor)
        if not learned:
            return
        learned = {_fold(name): actor for name, actor in learned.items()}
        for tok in self.doc:
            if tok.i in self.by_token or tok.pos_ != "PROPN" or _fold(tok.text) not in learned:
                continue
            known = learned[_fold(tok.text)]
            self._add(ActorSpan(tok.i, tok.i + 1, "surname", Actor(
                text=tok.text, country=known.country, sector=known.sector, actor_id=known.actor_id,
                resolved_by="surname", start=tok.idx, end=tok.idx + len(tok.text))))
        self.spans.sort(key=lambda s: s.start)

    def _full_name(self, ent: Span) -> bool:
        """Whether a PERSON entity the dictionary does not know looks like a person's full name: two to
        four capitalised proper nouns, not in apposition to the phrase it renames, none of them a role
        noun, an honorific or a place, the last no organisation word ("Heifer International")."""
        if ent.root.dep_ == "appos":
            return False  # "the UAE Ambassador to Bahrain, Abdulridha Khori,": the phrase it renames
        words = [t for t in ent if not t.is_punct]
        if not 2 <= len(words) <= 4 or not all(t.pos_ == "PROPN" and t.is_title and t.is_alpha for t in words):
            return False
        book = self.dictionary
        return words[-1].lower_ not in ORGANISATION_WORDS and not any(
            book.sector_for_noun(t.lower_) or book.sector_for_noun(t.lemma_.lower()) or
            t.lower_ in HONORIFICS or place_country(t) for t in words)

    def _private_person(self, ent: Span) -> Actor | None:
        """A person named with no office ("Disha Ravi", "American Jeff Woodke"): an individual, coded
        as PLOVER and ICEWS code people of no stated role (a civilian), of the country a modifier
        names, else of the country of context (a place in the clause, the dateline, the dominant
        country), else of no known country."""
        head, inside = ent.root, set(range(ent.start, ent.end))
        titles = [c for c in head.children if c.i not in inside and c.dep_ in ("compound", "amod", "nmod")]
        sector = self._title_sector(titles, inside) if titles else None
        if titles and sector is None and any(t.pos_ == "PROPN" for t in titles):
            body = self._institution_in_title(titles, inside)
            if body is not None:  # "White House Deputy Public Engagement Director Adrian Saenz"
                return Actor(text=ent.text, country=body.country, sector=body.sector, actor_id=f"doc:{ent.text}",
                             resolved_by="person", start=ent.start_char, end=ent.end_char, country_by="title",
                             sector_by="title")
            return None  # "Deputy Public Engagement Director Adrian Saenz": an office the dictionary lacks
        offices = [c for c in head.children if c.dep_ == "appos" and c.i not in inside and (
            c.is_title or self.dictionary.sector_for_noun(c.lemma_.lower()))]
        if offices:
            # "Björn Seibert, Head of Cabinet of the European Commission": the office says whose
            office = offices[0]
            country, via = self.country_of_modifiers(office)
            if country is None:
                country, via = self.country_in_phrase(office)
            if country is None:
                return None
            return Actor(text=ent.text, country=country, sector=self.sector_of_phrase(office), actor_id=f"doc:{ent.text}",
                         resolved_by="person", start=ent.start_char, end=ent.end_char, country_by="title",
                         sector_by="title")
        country, via = self.country_of_modifiers(head)
        rule = _modifier_rule(via) if country else None
        if country is None and sector is None:
            # an office's country is never the context's ("Deputy Secretary of Commerce Don Graves
            # traveled to Qatar"); a private person's may be ("Disha Ravi was arrested by Delhi Police")
            country, rule = self.context_country(head, "CVL")
        if country is None:
            return None  # a person of no known country is no side of an event that can be coded
        return Actor(text=ent.text, country=country, sector=sector or "CVL", actor_id=f"doc:{ent.text}",
                     resolved_by="person", start=ent.start_char, end=ent.end_char, country_by=rule,
                     sector_by="title" if sector else None)

    def _institution_in_title(self, titles: list[Token], inside: set[int]) -> Actor | None:
        """The state institution an office the dictionary lacks belongs to, when its title names one
        ("White House Deputy Director", "Pentagon Press Secretary"): that body's country and sector."""
        for t in titles:
            for word in t.subtree:
                span = self.span_at(word) if word.i not in inside else None
                if span is not None and span.kind == "institution" and span.actor.country and \
                        span.actor.sector in STATE_BODY_SECTORS:
                    return span.actor
        return None

    def _title_sector(self, titles: list[Token], inside: set[int]) -> str | None:
        """The sector the title words before a name give ("Foreign Minister", "activist pastor")."""
        sector = None
        for t in titles:
            words = [w for w in t.subtree if w.i not in inside]
            text = " ".join(w.lemma_.lower() for w in words if w.is_alpha)
            sector = sector or self.dictionary.sector_for_noun(text) or self.sector_of_phrase(t)
        return sector

    def _office_of(self, head: Token, ent: Span) -> tuple[str | None, str | None]:
        """The country and sector of the office a person's name is given with, if any."""
        inside = set(range(ent.start, ent.end))
        # titles before the name: "Japanese Foreign Minister Kenji Arakawa" (hung from the name's head, or from
        # its first word: "Emir Nawaf Al-Ahmad Al-Jaber Al-Sabah of Kuwait")
        titles = [c for t in ent for c in t.children if c.i not in inside and c.i < ent.start
                  and c.dep_ in ("compound", "amod", "poss", "nmod")]
        if titles:
            country, _ = self.country_of_modifiers(head)
            sector = self._title_sector(titles, inside)
            if country and sector:
                return country, sector
            if sector and country is None and self.voice and self._domestic_office([w for t in titles for w in t.subtree]):
                return self.voice, sector  # "Deputy Secretary of Commerce Don Graves" on the White House's site
        # an apposition either way round: "Iran's foreign minister, Hassan Rahimi," / "Rahimi, Iran's ..."
        offices = [head.head] if head.dep_ == "appos" else []
        offices += [c for c in head.children if c.dep_ == "appos"]
        for office in offices:
            if office.pos_ not in ("NOUN", "PROPN") or office.i in inside:
                continue
            country, _ = self.country_of_modifiers(office)
            sector = self.sector_of_phrase(office)
            if country and sector:
                return country, sector
            if country is None and self.voice and head.dep_ == "appos" and self._domestic_office(
                    [w for w in office.subtree if not ent.start <= w.i < ent.end]):
                # "the Assistant to the President for Homeland Security, Dr. Ann Roe," on the White House's site
                return self.voice, sector or "GOV"
        return None, None

    def _domestic_office(self, words: list[Token]) -> bool:
        """Whether the words of a person's title (before the name or in apposition) are an office of a
        government's own departments, named without a country ("Secretary of Commerce", "Deputy
        National Security Advisor"): in a government's own statement such an office is its own."""
        return bool({w.lower_ for w in words} & DOMESTIC_OFFICE_WORDS) and not any(self.span_at(w) for w in words)

    def first_person(self, tok: Token) -> list[Actor]:
        """Who "I", "we", "our" at ``tok`` are: in a transcript's turn its speaker (no one for a
        reporter's question), elsewhere the document's voice (detente.speakers gives the order)."""
        end = tok.idx + len(tok.text)
        if self.speakers:
            found = self.speakers.first_person(tok.text, tok.idx, end, self.voice, lambda: tok.sent.text)
            if found is not None:
                return found
        if self.joint_voice and tok.lower_ in FIRST_PERSON_PLURAL:
            return [Actor(text=tok.text, country=country, sector="GOV", resolved_by="voice", start=tok.idx, end=end)
                    for country in self.joint_voice]
        if self.voice is None:
            return []
        return [Actor(text=tok.text, country=self.voice, sector="GOV", resolved_by="voice", start=tok.idx, end=end)]

    def voice_at(self, tok: Token) -> Actor | None:
        """Who says the words at ``tok``: a transcript turn's speaker (None for a reporter or a speaker
        with no voice), else the document's voice, else None."""
        end = tok.idx + len(tok.text)
        if self.speakers:
            turn = self.speakers.turn_at(tok.idx)
            if turn is not None:
                speaker = turn[1]
                if speaker.country is None or turn[0].role == "question":
                    return None
                return Actor(text=tok.text, country=speaker.country, sector=speaker.sector or "GOV",
                             actor_id=speaker.actor_id, resolved_by="voice", start=tok.idx, end=end)
        if self.voice is None:
            return None
        return Actor(text=tok.text, country=self.voice, sector="GOV", resolved_by="voice", start=tok.idx, end=end)

    def addressed_act(self, tok: Token) -> tuple[Actor, Actor] | None:
        """The speaker and the leader addressed, when ``tok`` heads a subjectless thanks or
        congratulations for something in a turn of remarks by two leaders ("Thanks for this
        invitation"; data/speakers.yaml, ``address: acts``); else None."""
        if not self.speakers or tok.dep_ != "ROOT" or tok.lower_ not in address_cues()["acts"] and \
                tok.lemma_.lower() not in address_cues()["acts"]:
            return None
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children) or \
                not any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children):
            return None
        said = tok.sent.text.lower()
        if any(cue in said for cue in address_cues()["room"]):
            return None
        return self.speakers.speaker_and_addressee(tok.idx, tok.idx + len(tok.text))

    def second_person(self, tok: Token) -> list[Actor]:
        """Who "you" is: in remarks by two leaders, the one addressed (detente.speakers); else no one."""
        if self.speakers:
            return self.speakers.second_person(tok.text, tok.idx, tok.idx + len(tok.text), lambda: tok.sent.text) or []
        return []

    def forget_tokens(self, tokens: set[int]) -> None:
        """Drop the actor spans touching ``tokens`` (speaker labels name no actor in the text)."""
        self.spans = [s for s in self.spans if not any(i in tokens for i in range(s.start, s.end))]
        self.by_token = {i: s for i, s in self.by_token.items() if i not in tokens and s in self.spans}
        self._phrase_bounds.clear()

    def date_changed_groups_by_context(self) -> None:
        """In a text of unknown date, a group that later governed ("the Taliban") had its earlier sector
        when the text names its country's state apart from it ("rejected an offer from the Afghan
        government", "attacks on Afghan forces", "President Ghani"): that text predates the change. A
        capital is no such sign ("the Taliban in Kabul")."""
        state = ("GOV", "MIL", "COP")
        for span in self.spans:
            org = self.dictionary.organizations.get(span.actor.actor_id or "")
            if org is None or not org.earlier_sectors:
                continue
            apart = any(other.actor.country == org.country and other.actor.actor_id != org.id and (
                        other.actor.sector in state or self.sector_of_phrase(self.doc[other.end - 1].head) in state)
                        for other in self.spans if other is not span and other.kind != "capital")
            if apart:
                span.actor = replace(span.actor, sector=org.earlier_sectors[-1][0])

    def declared_voice(self) -> str | None:
        """Who "we" are when the text says so: "We, the Leaders of the G7, ..."."""
        for tok in self.doc:
            if tok.lower_ == "we":
                for child in tok.children:
                    if child.dep_ == "appos":
                        actor = self.actor_for(child) or next(
                            (self.span_at(t).actor for t in child.subtree if self.span_at(t)), None)
                        if actor is not None and actor.country:
                            return actor.country
                return None
        return None

    def _add(self, span: ActorSpan) -> None:
        self.spans.append(span)
        for i in range(span.start, span.end):
            self.by_token[i] = span
        self._phrase_bounds.clear()

    def main_dyad(self) -> tuple[str, str] | None:
        """The two countries the document is mostly about: each named at least twice and
        together more than half of all country mentions."""
        if self._dyad is None:
            counts: dict[str, int] = {}
            for span in self.spans:
                if span.actor.country:
                    counts[span.actor.country] = counts.get(span.actor.country, 0) + 1
            top = sorted(counts.items(), key=lambda kv: -kv[1])[:2]
            total = sum(counts.values())
            ok = len(top) == 2 and top[1][1] >= 2 and top[0][1] + top[1][1] > total / 2
            self._dyad = (top[0][0], top[1][0]) if ok else ()
        return self._dyad or None

    def people_dyad(self) -> tuple[str, str] | None:
        """The countries of the first two people of different countries the document names ("Biden spoke
        with el-Sisi"), when no third country's people are named: who "the two leaders" are. On a
        government's site its own leader is one of them, named or not ("The President spoke with Prime
        Minister Kishida")."""
        countries: list[str] = [self.voice] if self.voice else []
        for span in self.spans:
            code = span.actor.country
            if span.kind in ("person", "surname") and code and code not in countries and \
                    self.dictionary.country(code) is not None:
                countries.append(code)
        return (countries[0], countries[1]) if len(countries) == 2 else None

    @staticmethod
    def _dyad_lemma(head: Token) -> str:
        before = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i == head.i - 1]
        return f"{before[0].lower_} {head.lemma_.lower()}" if before and before[0].lower_ in ("prime", "foreign") \
            else head.lemma_.lower()

    def dyad_reference(self, head: Token) -> list[Actor]:
        """"both sides", "the two countries", "the two militaries", "officials from both sides": the
        document's main dyad."""
        if head.pos_ != "NOUN" or head.tag_ != "NNS":
            return []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "on"):
                for side in prep.children:
                    pair = self.dyad_reference(side) if side.dep_ == "pobj" else []
                    if pair:
                        sector = self.sector_of_phrase(head)
                        return [Actor(text=self.phrase_text(head), country=a.country, sector=sector or a.sector,
                                      resolved_by="document-dyad", start=a.start, end=a.end) for a in pair]
        if not any(c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det", "predet", "amod", "quantmod")
                   for c in head.children):
            return []
        if self.country_of_modifiers(head)[0] is not None:
            return []  # "two Belarusian nationals" are Belarus's, not the two countries
        sector = self.sector_of_phrase(head)
        if sector is None and head.lemma_.lower() not in DYAD_NOUNS:
            return []
        dyad = (self.people_dyad() if self._dyad_lemma(head) in PERSON_DYAD_NOUNS else None) or self.main_dyad()
        if dyad is None:
            return []
        start, end = self.phrase_start(head), self.phrase_end(head)
        text = self.text[start:end]
        return [Actor(text=text, country=c, sector=sector, resolved_by="document-dyad", start=start, end=end)
                for c in dyad]

    def phrase_tokens(self, head: Token) -> list[Token]:
        """The head with its pre-modifiers and possessors (not its clauses or prepositions)."""
        keep = {head.i}
        stack = [head]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.i < head.i and child.dep_ not in ("punct", "cc", "conj", "prep", "relcl", "acl", "appos") \
                        and not heads_a_list(child):
                    keep.add(child.i)
                    stack.append(child)
        span = self.span_at(head)
        if span:
            keep.update(range(span.start, span.end))
        lo, hi = min(keep), max(keep)
        return [self.doc[i] for i in range(lo, hi + 1)]

    def phrase_bounds(self, head: Token) -> tuple[int, int]:
        """The character offsets of the phrase ``head`` heads (``phrase_tokens``), computed once per head."""
        bounds = self._phrase_bounds.get(head.i)
        if bounds is None:
            toks = self.phrase_tokens(head)
            bounds = self._phrase_bounds[head.i] = (toks[0].idx, toks[-1].idx + len(toks[-1].text))
        return bounds

    def phrase_start(self, head: Token) -> int:
        return self.phrase_bounds(head)[0]

    def phrase_end(self, head: Token) -> int:
        return self.phrase_bounds(head)[1]

    def phrase_text(self, head: Token) -> str:
        start, end = self.phrase_bounds(head)
        return self.text[start:end]


class ActorResolver:
    """Finds actor dictionary names in parsed documents."""

    def __init__(self, nlp: Language, dictionary: ActorDictionary):
        self.nlp = nlp
        self.dictionary = dictionary
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.forms: dict[str, SurfaceForm] = {}  # match key -> the form it stands for
        self.surnames: dict[str, list[SurfaceForm]] = {}
        self._build()

    def _build(self) -> None:
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        tokenizer = self.nlp.tokenizer
        for form in self.dictionary.surface_forms():
            if form.kind == "surname":
                for variant in _apostrophe_variants(form.text):
                    self.surnames.setdefault(variant, []).append(form)
                continue
            key = f"{form.kind}|{form.ref_id}|{int(form.ambiguous)}"
            self.forms[key] = form
            target = exact if form.case_sensitive else folded
            for variant in _apostrophe_variants(form.text):  # "People’s Republic" as typeset
                target.setdefault(key, []).append(tokenizer(variant))
        for key, docs in exact.items():
            self.exact.add(key, docs)
        for key, docs in folded.items():
            self.folded.add(key, docs)

    def _actor(self, form: SurfaceForm, text: str, when: date | None) -> Actor | None:
        resolved = self.dictionary.resolve(form, when)
        if resolved.country is None:
            return None
        return Actor(text=text, country=resolved.country, sector=resolved.sector,
                     actor_id=resolved.actor_id, resolved_by=RESOLVED_BY.get(form.kind, "dictionary"))

    @staticmethod
    def _looks_like_name(tokens: Span, form: SurfaceForm) -> bool:
        """Names are capitalised ("us" is not the United States); ambiguous ones ("Chad", "Jordan",
        "Turkey") must also be tagged as proper nouns or adjectives, not as common words."""
        if form.kind in ("country", "capital", "organization", "institution", "person"):
            if not any(t.is_title or t.is_upper or not t.is_alpha for t in tokens):
                return False
        if form.ambiguous:
            return all(t.pos_ in ("PROPN", "ADJ") or not t.is_alpha for t in tokens) and tokens[0].ent_type_ != "PERSON"
        return True

    @staticmethod
    def _lone_person_tag(tokens: Span, form: SurfaceForm) -> bool:
        """Whether an ambiguous name fails only because the tagger read it as a one-word person name."""
        if not form.ambiguous or tokens[0].ent_type_ != "PERSON" or not all(t.is_title for t in tokens):
            return False
        # the tokens are exactly one entity: it begins at the first and the next token is outside it
        doc = tokens.doc
        one_entity = tokens[0].ent_iob_ == "B" and all(t.ent_iob_ == "I" for t in tokens[1:]) and \
            (tokens.end == len(doc) or doc[tokens.end].ent_iob_ != "I")
        return one_entity and all(t.pos_ in ("PROPN", "ADJ") or not t.is_alpha for t in tokens)

    def annotate(self, doc: Doc, published: date | None = None, url: str | None = None,
                 turns: Sequence[tuple] = (), title: str | None = None) -> DocActors:
        """Every dictionary actor named in ``doc``, resolved for the article date; ``turns`` (a
        transcript's ``Document.turns``) give "I"/"we" their speaker, and their labels name no actor;
        the ``title`` of a joint statement names whose "we" it is."""
        label_tokens = _label_tokens(doc, turns)
        candidates: list[tuple[int, int, SurfaceForm]] = []
        doubtful: list[tuple[int, int, SurfaceForm]] = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                form = self.forms[self.nlp.vocab.strings[match_id]]
                if form.kind in ("demonym", "adjective") and doc[start].ent_type_ == "PERSON" and \
                        doc[start].ent_iob_ == "I":
                    continue  # the surname of "David Turk" or "Anna Dane" is no nationality
                if form.kind in ("demonym", "adjective") and _no_nationality(doc, start, end):
                    continue  # "American Indian", "the Spokane Tribe of Indians"
                if self._looks_like_name(doc[start:end], form):
                    candidates.append((start, end, form))
                elif self._lone_person_tag(doc[start:end], form):
                    doubtful.append((start, end, form))
        # one sense per article: an ambiguous name read as the country elsewhere in it is the country
        # here too, though the tagger took this mention for a one-word person name ("Niger's government")
        accepted = {form.ref_id for _, _, form in candidates}
        candidates += [c for c in doubtful if c[2].ref_id in accepted]
        candidates = _union_same_referent(candidates)
        candidates.sort(key=lambda c: (-(c[1] - c[0]), KIND_PRIORITY.get(c[2].kind, 9), c[0]))
        taken: set[int] = set(label_tokens)
        spans: list[ActorSpan] = []
        shared: list[ActorSpan] = []  # "Congress", "the Senate": names many countries' bodies have
        for start, end, form in candidates:
            if any(i in taken for i in range(start, end)):
                continue
            if form.ambiguous and form.kind == "country" and _beside_a_us_state(doc[end - 1]):
                continue  # "travel to Georgia and Florida", "Atlanta, Georgia": the state
            actor = self._actor(form, doc[start:end].text, published)
            if actor is None:
                continue
            actor.start, actor.end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            taken.update(range(start, end))
            spans.append(ActorSpan(start, end, form.kind, actor))
            if form.kind == "institution" and form.ambiguous:
                shared.append(spans[-1])
        spans.extend(self._surnames(doc, spans, taken, published))
        dateline = DATELINE.match(doc.text[:80])
        if dateline:  # "RAMALLAH, Dec 14 —" says where the story is filed, it names no actor
            spans = [s for s in spans if doc[s.start].idx >= dateline.end("caps" if dateline.group("caps") else "name")]
        spans.sort(key=lambda s: s.start)
        spans = _acronyms_as_defined(doc, spans)
        actors = DocActors(doc=doc, spans=spans, dictionary=self.dictionary, voice=voice_of(url), published=published)
        if shared:
            actors.rehome_shared_names(shared)
        actors.learn_people()
        if label_tokens:
            actors.forget_tokens(label_tokens)
        actors.voice = actors.declared_voice() or actors.voice
        actors.joint_voice = self.joint_authors(title, actors.voice, published)
        if published is None:
            actors.date_changed_groups_by_context()
        if turns:
            actors.speakers = SpeakerVoices(turns, self.dictionary, actors.voice, published,
                                            self.people_in_title(title, published))
        return actors

    def people_in_title(self, title: str | None, published: date | None) -> dict[str, Speaker]:
        """The government people a transcript's title names with their country, by upper-cased word of
        their name ("Prime Minister Rossi of Italy" gives ROSSI → Italy's government)."""
        if not title:
            return {}
        named = self.annotate(self.nlp(title), published)
        people: dict[str, Speaker] = {}
        for word in named.doc:
            if word.pos_ != "PROPN" or not word.is_title:
                continue
            actor = named.actor_for(word, as_target=True)  # "Chính of Vietnam": the "of" phrase's country
            if actor is not None and actor.country and self.dictionary.country(actor.country) is not None:
                people[word.text.upper()] = Speaker(word.text, actor.country, actor.sector or "GOV",
                                                    actor.actor_id, "title")
        return people

    def joint_authors(self, title: str | None, voice: str | None, published: date | None) -> tuple[str, ...]:
        """The countries a joint statement's title names (``voice`` first), or () for any other title,
        for fewer than two countries, or when the publishing government is not among them."""
        if not title or not is_joint_title(title):
            return ()
        named = self.annotate(self.nlp(title), published)
        countries = list(dict.fromkeys(s.actor.country for s in named.spans if s.actor.country
                                       and self.dictionary.country(s.actor.country) is not None))
        if len(countries) < 2 or (voice is not None and voice not in countries):
            return ()
        return tuple(sorted(countries, key=lambda c: c != voice))

    def _titled_as(self, doc: Doc, tok: Token, forms: list[SurfaceForm], when: date | None) -> list[SurfaceForm]:
        """The surname ``forms`` whose person held, on ``when``, exactly the office written before ``tok``
        ("Vice President Harris" in 2023; not "President Harris", nor "Senator Harris" in 2023)."""
        written = [TITLE_ALIASES.get(w, w) for w in _written_title(doc, tok.i)]
        if not written or when is None:
            return []
        out = []
        for form in forms:
            person = self.dictionary.people.get(form.ref_id)
            role = person.role_on(when) if person is not None else None
            if role is None or not role.title or not role.in_term:
                continue
            title = [TITLE_ALIASES.get(w, w) for w in role.title.lower().split()]
            if written[-len(title):] == title and (len(written) == len(title) or
                                                   written[-len(title) - 1] not in SUBORDINATE_TITLE_WORDS):
                out.append(form)
        return out

    def _surnames(self, doc: Doc, spans: list[ActorSpan], taken: set[int], when: date | None) -> list[ActorSpan]:
        """Surnames standing alone: the person named in full earlier, else the only such person."""
        named_in_full = {s.actor.actor_id: s.start for s in spans if s.kind == "person"}
        others = {t.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
                  and not any(i in taken for i in range(ent.start, ent.end)) for t in ent}
        found: list[ActorSpan] = []
        for tok in doc:
            if tok.i in taken or tok.pos_ != "PROPN" or tok.text not in self.surnames:
                continue
            if tok.text in others and not any(f.ref_id in named_in_full for f in self.surnames[tok.text]):
                continue  # "Wu Ping", China's ambassador, is not Joseph Wu
            if self._other_given_name(doc, tok, taken) and \
                    not any(f.ref_id in named_in_full for f in self.surnames[tok.text]):
                continue  # "Daleep Singh" is not Rajnath Singh, whatever the tagger calls him
            forms = self.surnames[tok.text]
            earlier = [f for f in forms if f.ref_id in named_in_full and named_in_full[f.ref_id] < tok.i]
            if len(earlier) == 1:
                form = earlier[0]
            elif len(forms) == 1 and not forms[0].ambiguous:
                form = forms[0]
            elif len(titled := self._titled_as(doc, tok, forms, when)) == 1:
                form = titled[0]  # "Vice President Harris": the one of that surname holding the office then
            else:
                continue
            actor = self._actor(form, tok.text, when)
            if actor is None:
                continue
            if tok.i > 0 and actor.sector != "LOC" and form.ref_id not in named_in_full and \
                    self.dictionary.sector_for_noun(doc[tok.i - 1].lower_) == "LOC":
                continue  # "Governor Cooper" of North Carolina is not the British minister Yvette Cooper
            actor.resolved_by = "surname"
            actor.start, actor.end = tok.idx, tok.idx + len(tok.text)
            found.append(ActorSpan(tok.i, tok.i + 1, "surname", actor))
        return found


    def _other_given_name(self, doc: Doc, tok: Token, taken: set[int]) -> bool:
        """Whether the word before a surname is a given name of someone else: a capitalised proper noun
        that is neither a title ("Minister", "Senator"), an honorific ("Mr", "Sheikh") nor a known name."""
        if tok.i == 0:
            return False
        prev = doc[tok.i - 1]
        return prev.is_title and prev.is_alpha and prev.pos_ == "PROPN" and prev.i not in taken and \
            prev.lower_ not in HONORIFICS and self.dictionary.sector_for_noun(prev.lower_) is None and \
            self.dictionary.sector_for_noun(prev.lemma_.lower()) is None


@lru_cache(maxsize=4)
def _resolver(nlp_id: int, nlp: Language, extra_files: tuple[str, ...]) -> ActorResolver:
    return ActorResolver(nlp, ActorDictionary.load([Path(p) for p in extra_files]))


def actor_resolver(nlp: Language, extra_files: Sequence[str | Path] = ()) -> ActorResolver:
    """A cached resolver for the packaged dictionary plus the user's actor files."""
    return _resolver(id(nlp), nlp, tuple(str(p) for p in extra_files))


def _label_tokens(doc: Doc, turns: Sequence[tuple]) -> set[int]:
    """The tokens of the speaker labels of ``turns`` ("MR. SMITH:")."""
    if not turns:
        return set()
    index = TurnIndex(turns)
    return {tok.i for tok in doc if index.in_label(tok.idx)}


def _apostrophe_variants(text: str) -> list[str]:
    """A name as written with a straight and with a typographic apostrophe."""
    if "'" in text:
        return [text, text.replace("'", "\u2019")]
    if "\u2019" in text:
        return [text, text.replace("\u2019", "'")]
    return [text]


def _union_same_referent(candidates: list[tuple[int, int, SurfaceForm]]) -> list[tuple[int, int, SurfaceForm]]:
    """Overlapping matches of one referent become one span: "President Xi" + "Xi Jinping" →
    "President Xi Jinping", so the name's head word is inside it."""
    out: list[tuple[int, int, SurfaceForm]] = []
    for start, end, form in sorted(candidates, key=lambda c: (c[2].kind, c[2].ref_id, c[0])):
        if out and out[-1][2].kind == form.kind and out[-1][2].ref_id == form.ref_id and start < out[-1][1]:
            prev = out[-1]
            out[-1] = (prev[0], max(prev[1], end), prev[2])
        else:
            out.append((start, end, form))
    return out


# Last words of organisations the small model tags as people ("Heifer International", "IE University")
ORGANISATION_WORDS = frozenset({"alliance", "association", "bank", "coalition", "company", "corporation",
                                "council", "foundation", "fund", "group", "hub", "hubs", "inc", "initiative",
                                "institute", "international", "network", "partners", "partnership",
                                "university"})
# Countries whose names English news writes family name first ("Zhao Lin" is "Zhao" later on).
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "KHM", "MNG"})


def _fold(name: str) -> str:
    """A name without accents, for matching "Año" with "Ano"."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))


def _singulars(word: str) -> list[str]:
    """The singulars an English plural noun may have, likeliest first ("gunmen" → "gunman",
    "militias" → "militia", "authorities" → "authority")."""
    if word.endswith("men"):
        return [word[:-3] + "man"]
    if word.endswith("ies"):
        return [word[:-3] + "y", word[:-1]]
    if word.endswith(("ses", "xes", "ches", "shes")):
        return [word[:-2], word[:-1]]
    return [word[:-1]] if word.endswith("s") and not word.endswith("ss") else []


# How far back (in tokens) "the delegation" looks for "a U.S. delegation".
SAME_NOUN_REACH = 400
REGNAL_NUMERALS = frozenset({"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"})


def _short_names(ent: Span, country: str | None) -> list[str]:
    """The forms a person's name takes later in an article: the surname, and for family-name-first
    countries the first name part too."""
    parts = [t.text for t in ent if t.is_alpha and t.is_title]
    if parts and len(parts) < 3 and ent[-1].text.strip(".") in REGNAL_NUMERALS:
        return [parts[-1]]  # "King Abdullah II" is "King Abdullah" later, "Charles III" "Charles"
    if len(parts) < 2:
        return []
    names = [parts[-1]]
    if country in FAMILY_NAME_FIRST:
        names.append(parts[0])
    return names


def _modifier_rule(via: Token | None) -> str:
    """How a modifier gave a country: "Chinese troops" adjective, "China's army" possessive, "police in
    Nairobi" place, "troops of Mordor" modifier."""
    if via is None:
        return "modifier"
    if via.pos_ == "ADJ":
        return "adjective"
    if via.dep_ == "poss" or any(c.dep_ == "case" for c in via.children):
        return "possessive"
    if via.dep_ == "pobj" and via.head.lower_ == "in":
        return "place"
    return "modifier"


def _long_names(head: Token) -> list[str]:
    """The names of three words or more a noun and the modifiers before it make, longest first ("civil
    rights leader" for "civil rights leaders"): the words as written, the noun as its lemma."""
    before = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i]
    start = min((c.left_edge.i for c in before), default=head.i)
    return [" ".join([t.lower_ for t in head.doc[i:head.i]] + [head.lemma_.lower()]) for i in range(start, head.i - 1)]


def heads_a_list(modifier: Token) -> bool:
    """Whether a name modifying another name is really the first of a list the parser hung from
    the last one ("Ruritania, Freedonia and the evil Syldavia": Ruritania as a modifier of Syldavia)."""
    return modifier.dep_ in ("nmod", "compound") and modifier.head.pos_ == "PROPN" and \
        (modifier.pos_ == "PROPN" or modifier.is_title) and \
        any(c.dep_ in ("cc", "conj") for c in modifier.children)


def is_named_feature(head: Token) -> bool:
    """A sea, strait or island named after a country ("the Gulf of Oman", "the Sea of Japan"): a place
    that belongs to no one, whatever its "of" says."""
    return head.pos_ == "PROPN" and head.lower_ in NAMED_FEATURES and \
        any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)


def is_pronoun(token: Token) -> bool:
    return token.lower_ in PLURAL_PRONOUNS | SINGULAR_PERSON_PRONOUNS | THING_PRONOUNS


@lru_cache(maxsize=1)
def _not_demonyms() -> dict[str, dict[str, frozenset[str]]]:
    from .resources import packaged_yaml

    data = packaged_yaml("not_demonyms.yaml") or {}
    return {word: {k: frozenset(v or []) for k, v in (rules or {}).items()} for word, rules in data.items()}


def _no_nationality(doc, start: int, end: int) -> bool:
    """Whether a demonym's neighbours make it no country's people (``data/not_demonyms.yaml``)."""
    rules = _not_demonyms().get(doc[start:end].text)
    if not rules:
        return False
    before = doc[start - 1].text if start > 0 else ""
    after = doc[end].text if end < len(doc) else ""
    owner = doc[start - 2].text if start > 1 and doc[start - 1].lower_ == "of" else ""
    return before in rules.get("before", ()) or after in rules.get("after", ()) or owner in rules.get("of", ())


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Place name → ISO3 country: ISO 3166-2 subdivisions (via pycountry) and ``data/places.yaml``."""
    import pycountry

    from .resources import packaged_yaml

    data = packaged_yaml("places.yaml")
    kinds = set(data.get("subdivision_types") or [])
    country_names = {c.name.lower() for c in pycountry.countries}
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.type not in kinds:
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        for name in {sub.name, sub.name.split(" (")[0]}:
            if name.lower() not in country_names:
                found.setdefault(name, set()).add(country.alpha_3)
    ignored = set(data.get("not_places") or [])
    out = {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1 and name not in ignored}
    for code, cities in (data.get("cities") or {}).items():
        for city in cities or []:
            out[str(city)] = code
    return out


@lru_cache(maxsize=1)
def _voices() -> dict[str, str]:
    from .resources import packaged_yaml

    data = packaged_yaml("voices.yaml")
    return {domain.lower(): code for code, domains in (data.get("domains") or {}).items() for domain in domains}


@lru_cache(maxsize=1)
def _joint_title_patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    from .resources import packaged_yaml

    data = packaged_yaml("voices.yaml")
    return ([re.compile(p, re.IGNORECASE) for p in data.get("joint_titles") or ()],
            [re.compile(p, re.IGNORECASE) for p in data.get("not_joint_titles") or ()])


def is_joint_title(title: str) -> bool:
    """Whether a document so titled is a joint statement of several governments (data/voices.yaml)."""
    joint, not_joint = _joint_title_patterns()
    return any(p.search(title) for p in joint) and not any(p.search(title) for p in not_joint)


def voice_of(url: str | None) -> str | None:
    """The country (or organisation code) a document published at ``url`` speaks for, if known."""
    if not url:
        return None
    from urllib.parse import urlparse

    host = (urlparse(url).hostname or "").lower()
    table = _voices()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        code = table.get(".".join(parts[i:]))
        if code:
            return code
    return None


def _beside_a_us_state(tok: Token) -> bool:
    """Whether a name that is also a US state's ("Georgia") is coordinated with, or set in apposition
    to, a place of the United States ("Georgia and Florida", "Atlanta, Georgia")."""
    near = [*tok.conjuncts, *(c for c in tok.children if c.dep_ == "appos")]
    if tok.dep_ in ("appos", "npadvmod") or (tok.dep_ == "compound" and tok.head.i < tok.i):
        near.append(tok.head)
    return any(place_country(w) == "USA" for w in near)


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Name → ISO3 country of the first-level states of federations (ISO 3166-2 type "State": "Texas",
    "Kerala", "Lagos"), for a state's government named by the state alone ("Texas sued the
    administration")."""
    import pycountry

    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.type != "State":
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is not None:
            found.setdefault(sub.name.split(" (")[0], set()).add(country.alpha_3)
    countries = {c.name.lower() for c in pycountry.countries}
    return {name: next(iter(codes)) for name, codes in found.items()
            if len(codes) == 1 and name.lower() not in countries}


def _written_title(doc: Doc, start: int, taken: Container[int] = ()) -> list[str]:
    """The capitalised words written just before token ``start`` (an office before a name: "Vice
    President" of "Vice President Harris"), lower-cased, up to a word of another mention (``taken``)."""
    words: list[str] = []
    i = start - 1
    while i >= 0 and doc[i].is_title and doc[i].is_alpha and i not in taken:
        words.insert(0, doc[i].lower_)
        i -= 1
    return words


@lru_cache(maxsize=1)
def place_kind_nouns() -> frozenset[str]:
    """Nouns of the kind of place a name after "of" is ("the city of Kharkiv"): ``data/places.yaml``."""
    from .resources import packaged_yaml

    return frozenset(w.lower() for w in packaged_yaml("places.yaml").get("place_kind_nouns") or ())


def place_country(head: Token) -> str | None:
    """The country a place name headed by ``head`` lies in ("California" → USA; "the city of Kharkiv"
    → UKR), or None."""
    if head.pos_ == "NOUN" and head.lemma_.lower() in place_kind_nouns():
        named = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"]
        return place_country(named[0]) if named else None
    if head.pos_ == "NOUN":
        # "the Jenin refugee camp", "the Zaporizhzhia nuclear power plant": a thing named by its place
        named = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < head.i]
        return place_country(named[-1]) if named else None
    if head.pos_ != "PROPN":
        return None
    words = [c for c in head.children if c.dep_ == "compound" and c.i < head.i] + [head]
    start = min(w.i for w in words)
    text = head.doc[start:head.i + 1].text
    table = places()
    return table.get(text) or table.get(head.text)
