"""Events in a parse: trigger words, who does it to whom, how sure the text is, and when.

The rules read spaCy's dependency parse. A trigger (verb or event noun from the lexicon) takes its
source from its subject (or a possessor, a "by" phrase, the subject of the verb that governs an event
noun) and its target from its object or a target preposition ("to", "with", "against", "on" ...);
coordinated actors give one event per pair. Modality comes from the trigger's own clause (auxiliaries,
negation, "if") and from the words that govern it ("canceled the trip", "is set to travel", "a
possible meeting"). The event typer decides the type from the candidate the rules build.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import chain
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from .actors import (DYAD_NOUNS, FIRST_PERSON, MAX_PHRASE_TOKENS, PLURAL_PRONOUNS, SECOND_PERSON,
                     SINGULAR_PERSON_PRONOUNS, THING_PRONOUNS, ActorSpan, DocActors, heads_a_list, place_country)
from .eventtype import EventTyper, RelationCandidate, TypeDecision
from .lexicon import MODALITY_PRECEDENCE, Lexicon, Sense
from .records import QUAD_CLASS, Actor, EventMention, TimeRef
from .turns import TurnIndex
from . import timeref

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
# Verbs that only carry an event noun: "made the trip", "held talks", "paid a visit".
LIGHT_VERBS = frozenset({
    "make", "hold", "pay", "conduct", "have", "take", "carry", "launch", "stage", "give", "provide",
    "send", "deliver", "extend", "issue", "level", "lodge", "file", "open", "begin", "start", "resume",
    "continue", "host", "join", "attend", "complete", "conclude", "undertake", "impose", "announce",
    "offer", "receive", "mount", "wage", "unleash", "step", "accept", "plan", "schedule", "prepare",
    "arrange", "expect", "cancel", "decline", "postpone", "reject", "refuse", "seek", "propose",
    "welcome", "do", "embark", "enter", "engage", "intensify", "escalate", "increase", "renew",
})
# Event types whose words report a stance about another event: that inner event is their content.
SPEECH_ACT_TYPES = frozenset({"AGREE", "REQUEST", "THREATEN", "ACCUSE", "REJECT"})
# Prepositions that set the scene of a speech act rather than give its content: "*In* a call with X,
# Y urged him to ...", "*during* talks, Z demanded ..." name an event of their own.
SETTING_PREPS = frozenset({"in", "during", "at", "after", "before", "following", "ahead"})
# Types where "A and B did it" (no object) means they did it with each other.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "ASSAULT", "SUPPORT"})
# Types whose target is what the action falls on, which may be named deep in the object phrase
# ("the training of Ukrainian pilots", "targets near Damascus"); partners of cooperation are named
# directly ("coordinate with X").
PATIENT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "AID", "MOBILIZE", "THREATEN",
                           "REJECT", "RETREAT", "CONCEDE", "SUPPORT", "REQUEST", "PROTEST"})
# Types that judge the event they act on: its doer is their target, not whom it fell on (issue 14).
JUDGING_TYPES = frozenset({"ACCUSE"})
# Types whose object may name whom it is for: "pledged new funds for X's power grid" (issue 14).
BENEFICIARY_TYPES = frozenset({"AGREE"})
# Nouns naming a standing relation: a verb acting on one ("restored ties with X", "welcomed the
# resumption of relations with X") acts toward the partner.
RELATION_NOUNS = frozenset({"tie", "ties", "relation", "relations", "relationship", "link", "contact",
                            "dialogue", "channel", "partnership"})
# Participles that give the content of an accusation ("a complaint alleging that X ...").
CLAIM_VERBS = frozenset({"claim", "allege", "say", "argue", "charge", "assert", "accuse", "contend", "state"})
# Participles that name the members of the cooperative body they follow.
JOINING_VERBS = frozenset({"join", "link", "unite", "connect", "bring", "bind", "include", "comprise"})
# Participles that name the target of the event noun they follow.
TARGETING_VERBS = frozenset({"target", "aim", "direct", "hit", "affect", "punish", "penalize", "penalise",
                             "cover", "concern", "involve"})
# Types of replies: with no target of their own, they answer whoever last acted on the speaker
# ("Zhao rejected the criticism", "Belarus denied the accusation").
REPLY_TYPES = frozenset({"REJECT", "ACCUSE", "CONCEDE", "REQUEST", "THREATEN", "SUPPORT", "AGREE"})
MAX_CLIMB = 6
# "ordered the ambassador to leave": telling another country's diplomat to go is an expulsion (SANCTION).
EXPULSION_VERBS = frozenset({"order", "tell", "instruct", "direct", "ask"})
LEAVE_VERBS = frozenset({"leave", "depart", "quit", "exit"})
DIPLOMAT_NOUNS = frozenset({"ambassador", "envoy", "diplomat", "attache", "attaché", "consul", "chargé",
                            "charge"})
# Modifiers that say how sure, not which trip: "upcoming visits" may be the dyad's, "a foreign trip" not.
MODALITY_WORDS = frozenset({"upcoming", "planned", "potential", "possible", "expected", "proposed",
                            "scheduled", "forthcoming", "future", "rescheduled", "re-scheduled", "canceled",
                            "cancelled", "postponed", "next", "first", "second", "latest", "recent", "last"})


@dataclass
class Trigger:
    """An event word in a sentence with the senses that fit its context."""

    head: Token
    words: list[Token]
    lemma: str
    pos: str
    senses: list[Sense]

    @property
    def types(self) -> tuple[str, ...]:
        """The event types its senses propose, in order; only the first when that sense is the user's own."""
        if self.senses and self.senses[0].from_user:
            return (self.senses[0].event_type,)  # the user's dictionary decides; the learned typer does not
        return tuple(dict.fromkeys(s.event_type for s in self.senses))

    @property
    def span(self) -> tuple[int, int]:
        start = min(t.idx for t in self.words)
        end = max(t.idx + len(t.text) for t in self.words)
        return start, end


@dataclass
class Clause:
    """What the rules found for one trigger before typing."""

    trigger: Trigger
    sources: list[Actor]
    targets: list[Actor]
    modality: str
    cue: str | None
    time: TimeRef | None
    tense: str
    confidence: float
    reciprocal: bool = False
    governor: Token | None = None  # for event nouns: the verb they hang from
    relation: str = ""  # how: object, subject, prep:<word>


# --------------------------------------------------------------------------------------------
# triggers


def _bare_complement_subjects(verb: Token) -> list[Token]:
    """"helped Israel take down", "let Kyiv decide": the subject of a bare infinitive after the verb
    is what the verb acts on (not so in "said Israel took", a finite clause)."""
    return [s for c in verb.children if c.dep_ == "ccomp" and c.tag_ == "VB"
            and not any(m.dep_ in ("mark", "aux") for m in c.children)
            for s in c.children if s.dep_ == "nsubj"]


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "dative") for c in tok.children) or (
        any(c.dep_ == "nsubjpass" for c in tok.children)) or bool(_bare_complement_subjects(tok)) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN")  # "equipment supplied by A": the noun is its object


def _preps(tok: Token) -> set[str]:
    found = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt", "agent")}
    # "travel to", "meet with" may hang off a conjoined or xcomp verb's object
    return found


def _prep_noun_met(need: str, tok: Token) -> bool:
    """Whether a need of the form "preposition noun" ("over effort") is met: ``tok`` has that
    preposition with that noun as its object ("clashed over the efforts of X")."""
    prep, _, noun = need.partition(" ")
    return any(c.dep_ == "prep" and c.lower_ == prep and any(
        p.dep_ == "pobj" and noun in (p.lemma_.lower(), p.lower_) for p in c.children) for c in tok.children)


def _needs_met(sense: Sense, tok: Token, lexicon: Lexicon) -> bool:
    """Whether a trigger's context has what its sense needs. A noun with both a light-verb list and
    needed prepositions is satisfied by either ("opened a WTO dispute" / "a dispute with X")."""
    if sense.light:
        head = tok.head
        carried = tok.dep_ in ("dobj", "nsubjpass", "conj", "pobj") and head.lemma_.lower() in sense.light
        # "went on strike": the verb over the preposition carries the noun
        carried = carried or (tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB"
                              and head.head.lemma_.lower() in sense.light)
        carried = carried or carried_by_participle(tok, sense.light)  # "supplies provided by A"
        if carried and sense.pos == "NOUN":
            return True
        if not carried and not (sense.pos == "NOUN" and sense.needs):
            return False
    if not sense.needs:
        return True
    preps = _preps(tok)
    for need in sense.needs:
        if need == "_object" and _has_object(tok):
            return True
        if need == "_xcomp" and any(c.dep_ == "xcomp" for c in tok.children):
            return True  # "agreed to hold talks"
        if need == "_complement" and _has_object(tok) and any(
                c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and c.pos_ in ("ADJ", "NOUN") and
                c.lemma_.lower() in lexicon.pejoratives for c in tok.children):
            return True  # "called the ban illegal", "called the package a provocation"
        if need in preps or (" " in need and _prep_noun_met(need, tok)):
            return True
    if tok.pos_ == "NOUN" and "_object" in sense.needs:
        return any(c.dep_ == "poss" for c in tok.children)
    return False


def _is_topic(noun: Token, lexicon: Lexicon) -> bool:
    """"areas of cooperation", "the rule of law": an event word under a noun that is neither an
    event nor transparent ("a round of", "in light of") is a topic, not an event."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.pos_ not in ("NOUN", "PROPN"):
        return False
    owner = noun.head.head
    lemma = owner.lemma_.lower()
    return lemma not in lexicon.transparent_nouns and not lexicon.types_for(lemma)


def _typed_by_object(verb: Token, lemma: str, senses: list[Sense], lexicon: Lexicon) -> list[Sense]:
    """A verb whose object is a noun listed as carried by that verb takes the noun's type first:
    "fired two artillery shells" (ASSAULT) is not "fired" in any other sense."""
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "nsubjpass"):
            continue
        names = [f"{c.lemma_.lower()} {obj.lemma_.lower()}" for c in obj.children
                 if c.dep_ in ("compound", "amod") and c.i < obj.i] + [obj.lemma_.lower()]
        names += [c.lemma_.lower() for c in obj.children if c.dep_ == "compound"]
        for name in names:
            carried = [s for s in lexicon.lookup("NOUN", name) if lemma in s.light or lemma in s.carriers]
            if carried:
                first = carried[0]
                rest = [s for s in senses if s.event_type != first.event_type]
                return [Sense(first.event_type, "VERB", first.mode, target_preps=first.target_preps,
                              from_user=first.from_user)] + rest
    return senses


def _orders_diplomat_out(verb: Token) -> bool:
    """Whether ``verb`` tells a diplomat to leave: "ordered the envoy to leave the country"."""
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in LEAVE_VERBS for c in verb.children) and \
        any(c.dep_ == "dobj" and c.lemma_.lower() in DIPLOMAT_NOUNS for c in verb.children)


def find_triggers(sent: Span, lexicon: Lexicon) -> list[Trigger]:
    """The lexicon's event words in ``sent`` whose needs (prepositions, objects, light verbs) are met."""
    found: list[Trigger] = []
    for tok in sent:
        measure = measure_trigger(tok, lexicon)  # "lowered tariffs", "the imposition of duties"
        if measure is not None:
            found.append(measure)
            continue
        if tok.pos_ == "VERB" and nominal_gerund_lemma(tok, lexicon):
            pos = "NOUN"  # "the shelling of Kharkiv": a gerund in a noun's place
        elif tok.pos_ in ("VERB", "NOUN"):
            pos = tok.pos_
        elif tok.pos_ == "PROPN" and not tok.ent_type_ and tok.is_title and lexicon.lookup("NOUN", tok.lower_):
            pos = "NOUN"  # "held a Summit with": a capitalised event noun outside any name
        else:
            continue
        lemma = tok.lemma_.lower()
        words = [tok]
        senses: list[Sense] = []
        if pos == "VERB":
            particles = [c for c in tok.children if c.dep_ == "prt"]
            if particles:
                phrasal = f"{lemma} {particles[0].lower_}"
                senses = lexicon.lookup("VERB", phrasal)
                if senses:
                    words.append(particles[0])
                    lemma = phrasal
                elif lexicon.governor(phrasal) or particles[0].lower_ in ("off", "up", "away", "out"):
                    continue
            if not senses:
                for child in tok.children:
                    if child.dep_ == "prep":
                        with_prep = lexicon.lookup("VERB", f"{lemma} {child.lower_}")
                        if with_prep:
                            senses, lemma = with_prep, f"{lemma} {child.lower_}"
                            words.append(child)
                            break
            if not senses:
                senses = lexicon.lookup("VERB", lemma)
            senses = _typed_by_object(tok, lemma, senses, lexicon)
            if lemma in EXPULSION_VERBS and _orders_diplomat_out(tok):
                senses = [Sense("SANCTION", "VERB")]  # "ordered the French ambassador to leave"
        else:
            for modifier in sorted((c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i),
                                   key=lambda c: -c.i):
                multi = f"{modifier.lemma_.lower()} {lemma}"
                senses = lexicon.lookup("NOUN", multi)
                if senses:
                    words.insert(0, modifier)
                    lemma = multi
                    break
            if not senses:
                senses = lexicon.lookup("NOUN", lemma)
            if not senses and tok.text.lower() != lemma:
                senses = lexicon.lookup("NOUN", tok.text.lower())
        senses = [s for s in senses if _needs_met(s, tok, lexicon)]
        # a sense whose noun in a prepositional phrase is there is the more specific reading
        specific = [s for s in senses if any(" " in n and _prep_noun_met(n, tok) for n in s.needs)]
        senses = specific + [s for s in senses if s not in specific and not s.together] + \
            [s for s in senses if s.together]
        if senses and pos == "NOUN" and tok.dep_ == "nmod" and tok.head.pos_ in ("NOUN", "PROPN"):
            continue  # a modifier: "Biden's signature climate bill"
        if senses and pos == "NOUN" and (_is_topic(tok, lexicon) or (
                tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() in lexicon.stative_verbs)):
            continue  # "areas of cooperation", "poses a threat to"
        if senses:
            found.append(Trigger(tok, words, lemma, pos, senses))
    return found


# --------------------------------------------------------------------------------------------
# arguments


def _expand_conj(tok: Token) -> list[Token]:
    """``tok`` and the words coordinated with it ("Macron, Scholz, and Meloni")."""
    out = [tok]
    stack = [tok]
    while stack:
        cur = stack.pop()
        for child in cur.children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON") and child not in out:
                out.append(child)
                stack.append(child)
            elif child.dep_ == "appos" and (child.pos_ == "PROPN" or (child.pos_ == "NOUN" and child.is_title)) \
                    and child not in out:
                # "Japan's top diplomat Yoko Kamikawa": the name is the better head (a name the
                # tagger took for a noun too: "Evil Ruritania, the awful Freedonia, and ...")
                out.append(child)
                stack.append(child)
            elif heads_a_list(child) and child not in out:
                out.append(child)  # "Ruritania, Freedonia and the evil Syldavia", misparsed
                stack.append(child)
        holder = titled_person(cur)  # "Chief of the Cabinet of the Premier A. B, Minister C. D, ..."
        if holder is not None and holder not in out:
            out.append(holder)
            stack.append(holder)
        for member in named_members(cur):  # "countries including A, B and C", "donors such as A and B"
            if member not in out:
                out.append(member)
                stack.append(member)
    return out


def _verb_subjects(verb: Token) -> tuple[list[Token], bool]:
    """Subject words of ``verb`` (following xcomp, conj and relative clauses); second: passive."""
    cur = verb
    for _ in range(MAX_CLIMB):
        subs = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        agents = [p for c in cur.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        passive_subs = [c for c in cur.children if c.dep_ == "nsubjpass"]
        if agents:
            return [t for a in agents for t in _expand_conj(a)], True
        if subs:
            return [t for s in subs for t in _expand_conj(s)], False
        if passive_subs:
            if cur is not verb:  # "Macron is set to travel": the raising verb's subject travels
                return [t for s in passive_subs for t in _expand_conj(s)], False
            return [], True
        if cur.dep_ in ("xcomp", "conj") and cur.head is not cur:
            cur = cur.head
            continue
        if cur.dep_ == "acomp" and cur.head.pos_ in ("AUX", "VERB"):
            cur = cur.head  # "Arnor is about / ready / willing to restore ties": Arnor restores
            continue
        if cur.dep_ in ("relcl", "acl") and cur.head.pos_ in ("NOUN", "PROPN"):
            owners = [c for c in cur.head.children if c.dep_ == "poss"]
            if owners and cur.dep_ == "acl" and cur.tag_ == "VB":
                return [t for o in owners for t in _expand_conj(o)], False
            if cur.dep_ == "acl" and cur.tag_ == "VB" and cur.head.dep_ == "dobj":
                cur = cur.head.head  # "declined an invitation to meet": the decliner would have met
                continue
            if owners and cur.dep_ == "acl":
                return [t for o in owners for t in _expand_conj(o)], False  # "X's actions obstructing Y"
            return _expand_conj(cur.head), cur.tag_ == "VBN"
        if cur.dep_ == "advcl" and cur.tag_ == "VBG":
            cur = cur.head  # "..., accusing Beijing of" shares the main clause subject
            continue
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.pos_ in ("VERB", "AUX"):
            cur = cur.head.head  # "X tries to pry Y ... by conducting actions": X conducts them
            continue
        break
    return _dangling_subject(verb), False


def _dangling_subject(verb: Token) -> list[Token]:
    """An actor the parser left hanging before a subjectless main verb (an interruption between
    subject and verb: "Mordor—and its allies based in Rhun—attacked ...")."""
    if verb.dep_ != "ROOT" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    fronted = fronted_list_subject(verb)  # "At a meeting in Rome, A, B, C and D pledged ..."
    if fronted:
        return fronted
    sent = verb.sent  # walks this sentence only
    for tok in reversed(list(sent[: verb.i - sent.start])):
        if tok.pos_ == "PROPN" and tok.dep_ in ("appos", "dep", "npadvmod") and tok.head.pos_ != "VERB":
            return [tok]
    return []


def _pobjs(prep: Token) -> list[Token]:
    return [t for c in prep.children if c.dep_ == "pobj" for t in _expand_conj(c)]


def _target_words(tok: Token, trigger: Trigger, lexicon: Lexicon, passive: bool) -> list[Token]:
    """Candidate target heads of a verb or noun trigger, best first."""
    words: list[Token] = []
    first = trigger.senses[0]
    # "fired tear gas at protesters", "fired two missiles into the sea": what an attack verb that
    # needs a preposition fires is the weapon, not the target
    weapon_object = first.event_type == "ASSAULT" and bool(first.needs) and "_object" not in first.needs
    if trigger.pos == "VERB":
        for c in tok.children:
            if c.dep_ in ("dobj", "dative") and not (weapon_object and c.dep_ == "dobj"):
                words.extend(_expand_conj(c))
        words.extend(t for s in _bare_complement_subjects(tok) for t in _expand_conj(s))
        if passive:
            for c in tok.children:
                if c.dep_ == "nsubjpass":
                    words.extend(_expand_conj(c))
    preps = set(lexicon.target_preps)
    if _for_beneficiary(trigger):
        preps -= {"at", "into", "over", "from", "upon"}  # "pledged funds at a conference in Oslo": a setting
    # "called for a boycott against X", "cordoned off the roads into X": the particle of a
    # prepositional verb introduces its object
    preps.update(w.lower_ for w in trigger.words if w.dep_ in ("prep", "prt"))
    for sense in trigger.senses:
        preps.update(n.split()[0] for n in sense.needs if not n.startswith("_"))
        preps.update(sense.target_preps)
        preps.update(lexicon.type_target_preps.get(sense.event_type, ()))
    for c in tok.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            words.extend(_pobjs(c))
        if c.dep_ == "prep" and c.lower_ == "between":
            words.extend(_pobjs(c))
    if trigger.pos == "VERB" and (trigger.senses[0].event_type in PATIENT_TYPES or _for_beneficiary(trigger)):
        # "sent aid to Ukraine": the object's preposition names whom it is for (not for partners)
        for c in tok.children:
            if c.dep_ == "dobj":
                for p in c.children:  # "fired two shells at Seoul", parsed with "at" on the object
                    if p.dep_ == "prep" and p.lower_ in ("to", "for", "at", "on", "into", "toward", "towards", "upon"):
                        words.extend(_pobjs(p))
    return words


@dataclass
class ArgumentFinder:
    """Reads sources and targets of triggers in one document, with a memory for pronouns."""

    actors: DocActors
    lexicon: Lexicon
    recent: list[tuple[int, list[Actor], bool]] = field(default_factory=list)  # (sent, actors, plural)
    current: list[tuple[int, list[Actor], bool]] = field(default_factory=list)  # (token, actors, plural)
    events_so_far: list[tuple[int, "Clause"]] = field(default_factory=list)  # (sentence index, clause)
    current_events: list[tuple[int, "Clause"]] = field(default_factory=list)  # this sentence's so far
    # The events so far by trigger word (lemma and head lemma): their positions in events_so_far.
    events_by_word: dict[str, list[int]] = field(default_factory=dict)
    # Per sentence (by its first token): the country, capital and organisation names in it, in the
    # order of actors.spans; built on first use.
    _named_in_sentence: dict[int, list[ActorSpan]] | None = None

    def add_events(self, sent_index: int, clauses: Iterable["Clause"]) -> None:
        """Remember a sentence's events (``events_so_far``, ``events_by_word``)."""
        for clause in clauses:
            position = len(self.events_so_far)
            self.events_so_far.append((sent_index, clause))
            for word in {clause.trigger.lemma, clause.trigger.head.lemma_.lower()}:
                self.events_by_word.setdefault(word, []).append(position)

    def named_before(self, tok: Token) -> list[ActorSpan]:
        """The country, capital and organisation names before ``tok`` in its sentence."""
        if self._named_in_sentence is None:
            self._named_in_sentence = {}
            for span in self.actors.spans:
                if span.kind in ("country", "capital", "organization") and span.actor.country:
                    sent = self.actors.sentence_of(self.actors.doc[span.start])
                    if span.end <= sent.end:
                        self._named_in_sentence.setdefault(sent.start, []).append(span)
        sent = self.actors.sentence_of(tok)
        return [s for s in self._named_in_sentence.get(sent.start, ()) if s.end <= tok.i]

    def start_sentence(self, sent: Span) -> None:
        """Note the subjects of a new sentence: a pronoun after them may refer to them."""
        self.current = []
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON":
                acts = self.resolve(_expand_conj(tok), -1)
                if acts:
                    self.current.append((tok.i, acts, len(acts) > 1 or tok.tag_ in ("NNS", "NNPS")))

    def end_sentence(self, sent_index: int) -> None:
        for _, acts, plural in self.current:
            self.remember(sent_index, acts, plural)
        self.current = []

    def remember(self, sent_index: int, actors: list[Actor], plural: bool) -> None:
        if actors:
            self.recent.append((sent_index, actors, plural))
            del self.recent[:-12]

    def pronoun(self, tok: Token, sent_index: int) -> list[Actor]:
        """What a pronoun refers to: the latest fitting actors of this or the previous sentence."""
        word = tok.lower_
        if word in FIRST_PERSON:
            return self.actors.first_person(tok)  # a transcript's speaker, else the document's voice
        if word in SECOND_PERSON:
            return self.actors.second_person(tok)  # in leaders' remarks, the leader addressed
        if word in THING_PRONOUNS:
            # "sanctions against Russia for its brutal war": the nearest country named before it
            named = self.named_before(tok)
            if named:
                a = named[-1].actor
                return [Actor(text=tok.text, country=a.country, sector=a.sector, resolved_by="coreference",
                              start=tok.idx, end=tok.idx + len(tok.text))]
        if word in PLURAL_PRONOUNS:
            # "designations targeting officials and entities ... for their support": they are the
            # nearest plural noun before, and when that names no actor, no one we know
            plural = [t for t in self.actors.sentence_of(tok) if t.i < tok.i and t.tag_ == "NNS" and t.dep_ != "nsubj"
                      and self.actors.span_at(t) is None]  # not a word inside a name ("People's Republic")
            subjects = [i for i, _, _ in self.current if i < tok.i]
            if plural and (not subjects or plural[-1].i > max(subjects)) and \
                    self.actors.actor_for(plural[-1]) is None:
                return []
        earlier_here = [(sent_index, acts, plural) for i, acts, plural in self.current if i < tok.i]
        for idx, actors, plural in reversed(self.recent + earlier_here):
            if sent_index - idx > 1:
                break
            if word in PLURAL_PRONOUNS and (plural or len(actors) > 1):
                return [Actor(text=tok.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                              resolved_by="coreference", start=tok.idx, end=tok.idx + len(tok.text))
                        for a in actors]
            if word in SINGULAR_PERSON_PRONOUNS and len(actors) == 1 and actors[0].actor_id and not plural:
                a = actors[0]
                if a.resolved_by in ("dictionary", "surname") and a.sector in ("GOV", "MIL", "LEG", None):
                    return [Actor(text=tok.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                                  resolved_by="coreference", start=tok.idx, end=tok.idx + len(tok.text))]
            if word in THING_PRONOUNS and len(actors) == 1 and not actors[0].actor_id and \
                    actors[0].resolved_by != "voice":
                a = actors[0]
                return [Actor(text=tok.text, country=a.country, sector=a.sector,
                              resolved_by="coreference", start=tok.idx, end=tok.idx + len(tok.text))]
        return []

    def resolve(self, words: Iterable[Token], sent_index: int, as_target: bool = False,
                deep: bool = True) -> list[Actor]:
        """The actors that argument words denote (pronouns through the memory of recent subjects)."""
        out: list[Actor] = []
        for w in words:
            if w.pos_ == "PRON":
                if not w.lower_.endswith(("self", "selves")):  # "defend itself" names no one new
                    out.extend(self.pronoun(w, sent_index))
                continue
            pair = self.actors.dyad_reference(w) or self.participants(w, sent_index)
            if pair:
                out.extend(a for a in pair if all(a.country != b.country for b in out))
                continue
            actor = self.actors.actor_for(w, as_target=as_target, deep=deep) or \
                self.owned_by_pronoun(w, sent_index) or self.own_office(w)
            if actor is None:
                continue
            if actor.actor_id is None and any(
                    a is not None and a.actor_id for c in w.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                    for a in [self.actors.actor_for(c)]):
                continue  # "Japan's top diplomat Yoko Kamikawa": the name (also in words) speaks for the title
            # an appositive name repeats its head ("Japan's top diplomat Yoko Kamikawa"): keep one
            if any(a.start <= actor.start < a.end or actor.start <= a.start < actor.end for a in out):
                continue
            out.append(actor)
            if actor.resolved_by == "phrase":
                out.extend(Actor(text=actor.text, country=c, sector=actor.sector, resolved_by="phrase",
                                 start=actor.start, end=actor.end)
                           for c, _ in self.actors.countries_in_phrase(w)[1:] if all(c != a.country for a in out))
            if actor.resolved_by in ("adjective", "modifier"):
                # "the Chinese and Indian leaders": one actor per coordinated country word
                out.extend(extra for extra in self.coordinated_modifiers(w, actor)
                           if all(extra.country != a.country for a in out))
        return out

    def own_office(self, head: Token) -> Actor | None:
        """"the President", "the Secretary" with no country: in a government's own statement, its own."""
        voice = self.actors.voice
        if voice is None or head.pos_ not in ("NOUN", "PROPN") or not head.is_title:
            return None
        if not any(c.lower_ == "the" for c in head.children) or \
                any(c.dep_ in ("amod", "compound", "poss", "prep") for c in head.children):
            return None
        sector = self.actors.sector_of_phrase(head)
        if sector is None:
            return None
        return Actor(text=self.actors.phrase_text(head), country=voice, sector=sector, resolved_by="voice",
                     start=self.actors.phrase_start(head), end=self.actors.phrase_end(head))

    def owned_by_pronoun(self, head: Token, sent_index: int) -> Actor | None:
        """"his government", "its military": the sector noun's owner through the pronoun."""
        sector = self.actors.sector_of_phrase(head) if head.pos_ == "NOUN" else None
        if sector is None:
            return None
        for c in head.children:
            if c.dep_ == "poss" and c.pos_ == "PRON":
                owners = self.pronoun(c, sent_index)
                if len(owners) == 1:
                    return Actor(text=self.actors.phrase_text(head), country=owners[0].country, sector=sector,
                                 resolved_by="coreference", start=self.actors.phrase_start(head),
                                 end=self.actors.phrase_end(head))
        return None

    def coordinated_modifiers(self, head: Token, first: Actor) -> list[Actor]:
        """Further actors named by country words coordinated with the modifier of ``head`` ("the
        Chinese and Indian leaders") or with its owner ("the envoys of Norway, Chile and Kenya")."""
        out: list[Actor] = []
        owners = [p for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                  for p in c.children if p.dep_ == "pobj"]
        for child in [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")] + owners:
            # "Norway, Chile and Kenya": an owner's conjuncts hang one below the other
            conjuncts = _expand_conj(child)[1:] if child in owners else list(child.children)
            for conj in conjuncts:
                span = self.actors.span_at(conj) if conj.dep_ == "conj" else None
                if span is not None and span.actor.country and span.actor.country != first.country and \
                        all(span.actor.country != a.country for a in out):
                    out.append(Actor(text=first.text, country=span.actor.country, sector=first.sector,
                                     resolved_by=first.resolved_by, start=first.start, end=first.end))
        return out

    def governing_verb(self, noun: Token) -> tuple[Token | None, str]:
        """The verb an event noun hangs from, and how: object, subject or a prepositional phrase."""
        cur = noun
        relation = noun.dep_
        for _ in range(MAX_CLIMB):
            head = cur.head
            if head is cur:
                return None, ""
            if cur.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
                return head, "object"
            if cur.dep_ in ("nsubj",) and head.pos_ in ("VERB", "AUX"):
                return head, "subject"
            if cur.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
                return head.head, f"prep:{head.lower_}" if cur is noun else "nested"
            if cur.dep_ == "conj" or cur.dep_ == "appos" or (cur.dep_ == "pobj" and head.dep_ == "prep"):
                cur = head if cur.dep_ != "pobj" else head.head
                continue
            if cur.dep_ == "prep":
                cur = head
                continue
            return None, ""
        return None, ""

    def noun_arguments(self, trigger: Trigger, sent_index: int) -> tuple[list[Actor], list[Actor], float]:
        """Source and target of an event noun ("Macron's visit to Beijing", "a call with Lula")."""
        noun = trigger.head
        consult = any(s.event_type == "CONSULT" for s in trigger.senses)
        sources: list[Actor] = []
        modifiers: list[Actor] = []
        of_words: list[Token] = []
        for c in noun.children:
            if c.dep_ == "poss":
                sources.extend(self.resolve(_expand_conj(c), sent_index))
            elif c.dep_ in ("compound", "amod", "nmod") and c not in trigger.words:
                modifiers.extend(self.modifier_actors(c))
            elif c.dep_ == "prep" and c.lower_ == "by":
                sources.extend(self.resolve(_pobjs(c), sent_index))
            elif c.dep_ == "prep" and c.lower_ == "between":
                pair = self.resolve(_pobjs(c), sent_index, as_target=True)
                if len(_distinct_countries(pair)) >= 2:
                    return pair[:1], pair[1:], 0.8
            elif c.dep_ == "prep" and c.lower_ == "of":
                of_words = _pobjs(c)
        by_participle, for_participle = participle_arguments(noun)  # "sanctions imposed by A on B"
        if not sources and by_participle:
            sources = self.resolve(by_participle, sent_index)
        if not sources and noun.dep_ == "conj" and not any(c.dep_ == "poss" for c in noun.children):
            # "China's harassment of ..., covert spying, potential lethal aid": one possessor for all
            first = noun
            while first.dep_ == "conj" and first.head is not first:
                first = first.head
            sources = self.resolve([c for c in first.children if c.dep_ == "poss"], sent_index)
        if consult and not sources and of_words:
            sources = self.resolve(of_words, sent_index)  # "the visit of the Chinese president"
        members = self.joined_members(noun, trigger, sent_index)
        if members:
            return members, members, 0.7  # "a new alliance network joining A, B, and C": every pair
        if consult:
            modifiers = [m for m in modifiers if m.sector != "IGO"]  # "the APEC summit" is where, not whom
            named = self.countries_before(noun, trigger)
            if len(named) >= 2 and not any(s.actor_id for s in sources):
                return named, named, 0.75  # "the Japan-Philippines-U.S. trilateral leaders' summit"
        distinct = _distinct_countries(modifiers)
        if not sources and len(distinct) >= 2:
            return distinct, distinct, 0.75  # "a Modi-Putin meeting": every pair (reciprocal)
        targets = self.resolve([w for w in _target_words(noun, trigger, self.lexicon, passive=False)
                                if not self.actors.is_venue(w)], sent_index, as_target=True)
        if not targets and for_participle:
            targets = self.resolve(for_participle, sent_index, as_target=True)
        if not targets and by_participle:
            targets = self.resolve(arrival_destination(noun, self.lexicon), sent_index, as_target=True)
        if not targets and sources and any(s.event_type == "REQUEST" for s in trigger.senses):
            targets = self.resolve(responder(noun, self.lexicon), sent_index, as_target=True)  # "B granted A's request"
        if not targets and of_words and not consult:
            targets = self.resolve(of_words, sent_index, as_target=True)  # "the invasion of Ukraine"
            if not targets and any(s.event_type in PATIENT_TYPES for s in trigger.senses):
                targets = self.places(of_words)  # "the shelling of Kharkiv": the place's country
        if not targets and _is_travel(trigger):
            targets = self.destinations(noun)
        if not targets and any(s.event_type == "ACCUSE" for s in trigger.senses):
            # "a dispute claiming that the Act, Biden's signature bill, violates trade law": the claim's subject
            claims = [a for a in noun.children if a.dep_ == "acl" and a.lemma_.lower() in CLAIM_VERBS]
            subjects = [t for a in claims for c in a.children if c.dep_ == "ccomp"
                        for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]
            subjects += concern_clause_subjects(noun, self.lexicon)  # "concern that X is ..."
            words = subjects + [ap for t in subjects for ap in t.children if ap.dep_ == "appos"]
            targets = self.resolve(words, sent_index, as_target=True)
        if not targets:
            # "designations targeting officials associated with the DPRK", "sanctions aimed at Moscow"
            aimed = [c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in TARGETING_VERBS]
            words = [t for a in aimed for c in a.children if c.dep_ in ("dobj", "prep")
                     for t in ([c] if c.dep_ == "dobj" else _pobjs(c))]
            targets = self.resolve(words, sent_index, as_target=True)
        confidence = 0.8
        if sources and not targets:
            targets = self.partner_on_verb(noun, trigger, sent_index)  # "follows Biden's meeting ... with Kishida"
        governor, relation = self.governing_verb(noun)
        if not sources and governor is not None and relation == "object" and (
                governor.lemma_.lower() in LIGHT_VERBS or any(governor.lemma_.lower() in s.light for s in trigger.senses)):
            # "China opened a WTO dispute": the carrying verb's subject, not the forum named before the noun
            sources, borrowed, confidence = self.from_governing_verb(noun, sent_index, bool(targets))
            targets = targets or borrowed
            if len(_distinct_countries(sources)) >= 2 and not targets:
                targets = self.partner_on_verb(noun, trigger, sent_index)  # "A and B provided aid to C"
        if not sources and len(distinct) == 1 and targets:
            sources, confidence = modifiers[:1], 0.75  # "Chinese support for U.S. restrictions"
        owned = any(c.dep_ == "poss" for c in noun.children)  # "for their support": someone else's
        if not sources and not owned and not self.is_acted_on(noun):
            sources, borrowed_targets, confidence = self.from_governing_verb(noun, sent_index, bool(targets))
            if not targets:
                targets = borrowed_targets
        if not sources and modifiers:
            sources, confidence = modifiers[:1], 0.7
        return sources, targets, confidence

    def latest_event_doer(self, noun: Token, exclude: set[str | None], sent_index: int) -> Actor | None:
        """The source of the latest earlier event of the quad class a bare event noun names ("these
        attacks" after a missile launch, "the visit"), if it is in the last three sentences."""
        quads = {QUAD_CLASS[t] for t in self.lexicon.types_for(noun.lemma_)}
        recent = []
        for idx, c in reversed(self.events_so_far):  # in sentence order: stop at the first too old
            if sent_index - idx > 3:
                break
            recent.append(c)
        # "the package" is the package mentioned before (anywhere earlier); failing that, the
        # latest event of its kind
        same_word = [self.events_so_far[i][1] for i in reversed(self.events_by_word.get(noun.lemma_.lower(), []))]
        same_kind = [c for c in recent if {QUAD_CLASS[s.event_type] for s in c.trigger.senses} & quads]
        for clause in same_word + same_kind:
            doers = [a for a in clause.sources if a.country not in exclude]
            if doers:
                a = doers[0]
                return Actor(text=a.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                             resolved_by="context", start=a.start, end=a.end)
        return None

    def through_event_object(self, verb: Token, sources: list[Actor], sent_index: int,
                             judging: bool = False) -> list[Actor]:
        """The target of a verb acting on an event: that event's partner ("suspend its dialogue with
        the bloc") or, failing one, its doer ("condemned China's missile tests")."""
        source_countries = {s.country for s in sources}
        for obj in verb.children:
            if obj.dep_ != "dobj" or (obj.pos_ != "NOUN" and not _nominal_gerund(obj)):
                continue
            # "welcomed a resumption of formal diplomatic ties with X": through transparent nouns
            chain = [obj]
            while chain[-1].lemma_.lower() in self.lexicon.transparent_nouns:
                inner = [p for c in chain[-1].children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)]
                if not inner:
                    break
                chain.append(inner[0])
            if not any(self.lexicon.types_for(n.lemma_) or n.lemma_.lower() in RELATION_NOUNS for n in chain):
                continue
            obj = chain[-1]
            partners = [p for n in chain for c in n.children
                        if c.dep_ == "prep" and c.lower_ in ("with", "between", "to", "against", "on")
                        for p in _pobjs(c)]
            found = _others(self.resolve(partners, sent_index, as_target=True), sources)
            relation = any(n.lemma_.lower() in RELATION_NOUNS for n in chain)
            if found and relation:
                return found  # "suspend its dialogue with the bloc", "welcomed a resumption of ties with X"
            # "condemned the attack on X": the one attacked is not the one accused
            partner_found = [] if judging and not relation else found
            if not any(c.dep_ in ("poss", "prep", "compound", "amod", "nmod") for c in obj.children):
                earlier = self.latest_event_doer(obj, source_countries, sent_index)
                if earlier is not None:
                    return [earlier]
            doers = [c for c in obj.children if c.dep_ == "poss"] + [
                p for c in obj.children if c.dep_ == "prep" and c.lower_ == "by" for p in _pobjs(c)]
            found = _others(self.resolve(doers, sent_index, as_target=True, deep=False), sources)  # "by a Chinese ship"
            found += _others([a for c in obj.children if c.dep_ in ("compound", "amod", "nmod")
                              for a in self.modifier_actors(c)], sources)
            if found:
                return found[:1]  # "condemn Iran's attack against Israel": the doer is judged
            if partner_found:
                return partner_found
            if judging and {QUAD_CLASS[t] for t in self.lexicon.types_for(obj.lemma_)} & {"MX"}:
                # "condemned the attack on X" after "Y attacked X": Y is judged (not "expressed concern")
                earlier = self.latest_event_doer(obj, source_countries, sent_index)
                if earlier is not None:
                    return [earlier]
        return []

    def participants(self, head: Token, sent_index: int) -> list[Actor]:
        """"the leaders", "the sides": the countries of the latest event (this sentence or the one
        before) that had several."""
        singular = head.lemma_.lower()
        singular = singular[:-1] if singular not in DYAD_NOUNS and singular.endswith("s") else singular
        if head.tag_ not in ("NNS", "NNPS") or singular not in DYAD_NOUNS or \
                any(c.dep_ in ("amod", "compound", "poss", "nummod", "prep") for c in head.children) or \
                not any(c.lower_ == "the" for c in head.children):
            return []
        for idx, clause in chain(reversed(self.current_events), reversed(self.events_so_far)):
            if sent_index - idx > 1:
                break
            countries = _distinct_countries(clause.sources + clause.targets)
            if len(countries) >= 2:
                return [Actor(text=self.actors.phrase_text(head), country=a.country, sector=a.sector,
                              resolved_by="coreference", start=self.actors.phrase_start(head),
                              end=self.actors.phrase_end(head)) for a in countries]
        return []

    def joined_members(self, noun: Token, trigger: Trigger, sent_index: int) -> list[Actor]:
        """The countries a cooperative body is said to join ("a security network joining Gondor, Rohan
        and Arnor", "a pact linking X and Y"), when there are several."""
        if not any(s.event_type in ("COOPERATE", "AGREE") for s in trigger.senses):
            return []
        holders = [noun] + ([noun.head] if noun.dep_ == "compound" else [])
        words = [t for h in holders for a in h.children if a.dep_ == "acl" and a.lemma_.lower() in JOINING_VERBS
                 for c in a.children if c.dep_ == "dobj" for t in _expand_conj(c)]
        found = _distinct_countries(self.resolve(words, sent_index, as_target=True, deep=False))
        return found if len(found) >= 2 else []

    def partner_on_verb(self, noun: Token, trigger: Trigger, sent_index: int) -> list[Actor]:
        """The target of an event noun given on the verb it is the object of ("imposed sanctions on
        X", "follows Biden's meeting last month with Kishida")."""
        if noun.dep_ != "dobj":
            return []
        preps = set(self.lexicon.target_preps)
        for sense in trigger.senses:
            preps.update(n.split()[0] for n in sense.needs if not n.startswith("_"))
        # spaCy may label the "to" of a giving verb dative: "sent vaccines to X"
        words = [t for c in noun.head.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
                 for t in _pobjs(c)]
        return self.resolve(words, sent_index, as_target=True)

    def is_acted_on(self, noun: Token) -> bool:
        """Whether an event noun is what another event verb acts on ("eased restrictions",
        "condemned the ramming"): then it is an event only with actors of its own."""
        verb = noun.head
        if noun.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
            return False
        lemma = verb.lemma_.lower()
        if self.lexicon.measures.verb_polarity(lemma) and is_measure(noun, self.lexicon):
            return lemma not in LIGHT_VERBS  # "lowered tariffs": the lowering is the event
        return bool(self.lexicon.types_for(lemma)) and lemma not in LIGHT_VERBS and \
            self.lexicon.governor(lemma) != "negated"

    def countries_before(self, noun: Token, trigger: Trigger) -> list[Actor]:
        """Distinct countries named in the words before an event noun, at any depth (not clauses)."""
        found: list[Actor] = []
        stack = [c for c in noun.children if c.i < noun.i and c not in trigger.words]
        budget = MAX_PHRASE_TOKENS  # a run-on "X Y Z X Y Z ..." parse must not make this quadratic
        while stack and budget:
            budget -= 1
            tok = stack.pop()
            if tok.dep_ in ("relcl", "acl", "appos", "prep"):
                continue
            span = self.actors.span_at(tok)
            if span is not None and span.actor.country and span.actor.sector != "IGO" and \
                    all(span.actor.country != a.country for a in found):
                a = span.actor
                found.append(Actor(text=tok.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                                   resolved_by=a.resolved_by, start=tok.idx, end=tok.idx + len(tok.text)))
            stack.extend(tok.children)
        return sorted(found, key=lambda a: a.start)

    def modifier_actors(self, tok: Token) -> list[Actor]:
        """The actor a modifier word of an event noun names ("Chinese", "U.S.", "Xi")."""
        span = self.actors.span_at(tok)
        if span is None or not span.actor.country:
            return []
        a = span.actor
        return [Actor(text=tok.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                      resolved_by=a.resolved_by, start=tok.idx, end=tok.idx + len(tok.text))]

    def places(self, words: Sequence[Token]) -> list[Actor]:
        """The countries of place names (a city, a region) among ``words``."""
        out = []
        for place in words:
            country = place_country(place)
            if country:
                out.append(Actor(text=self.actors.phrase_text(place), country=country, resolved_by="place",
                                 start=self.actors.phrase_start(place), end=self.actors.phrase_end(place)))
        return out

    def destinations(self, tok: Token) -> list[Actor]:
        """Places a travel word goes to ("to California", "to Shanghai") as their countries."""
        out = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "in", "into"):
                for place in _pobjs(c):
                    country = place_country(place)
                    if country:
                        out.append(Actor(text=self.actors.phrase_text(place), country=country,
                                         resolved_by="place", start=self.actors.phrase_start(place),
                                         end=self.actors.phrase_end(place)))
        return out

    def from_governing_verb(self, noun: Token, sent_index: int, has_target: bool) -> tuple[list[Actor], list[Actor], float]:
        """Source (and, failing the noun's own, target) of an event noun from the verb it hangs from:
        "Scholz made the trip to India", "In a call with Lula, Modi said", "Athens is trying to
        pressure Ankara by staging provocations such as the border incursion"."""
        governor, relation = self.governing_verb(noun)
        if governor is None or relation == "subject" or relation in REASON_RELATIONS:
            return [], [], 0.0  # "arrested suspects over the killing of X": the police did not kill
        subj_words, _ = _verb_subjects(governor)
        sources = self.resolve(subj_words, sent_index)
        if not sources or has_target or len(_distinct_countries(sources)) >= 2:
            return sources, [], 0.7  # "South Korea and the United States ended a joint exercise"
        if relation == "object":
            # "imposed sanctions on Venezuela", "paid a visit to Cairo": the preposition hangs off the verb
            preps = set(self.lexicon.target_preps)
            words = [t for c in governor.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
                     and not _is_ancestor(c, noun) for t in _pobjs(c)]  # "sent vaccines to X": dative
            found = self.resolve(words, sent_index, as_target=True)
            if found:
                return sources, found, 0.75
        cur = governor
        for _ in range(3):
            objects = [c for c in cur.children if c.dep_ == "dobj" and c.i != noun.i and not _is_ancestor(c, noun)]
            found = self.resolve([t for o in objects for t in _expand_conj(o)], sent_index, as_target=True)
            if found:
                return sources, found, 0.55
            if cur.head.dep_ == "prep" or cur.dep_ in ("pcomp", "pobj"):
                cur = cur.head.head if cur.head.dep_ == "prep" else cur.head
            elif cur.dep_ in ("xcomp", "conj"):
                cur = cur.head
            else:
                break
        return sources, [], 0.7

    def verb_arguments(self, trigger: Trigger, sent_index: int) -> tuple[list[Actor], list[Actor], float]:
        verb = trigger.head
        subj_words, passive = _verb_subjects(verb)
        givers = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in trigger.senses[0].source_preps
                  for p in _pobjs(c)]
        if givers:  # "Eriador received money from Osgiliath": the giver acts on the subject
            receivers = subj_words or [c for c in verb.children if c.dep_ == "nsubjpass"]
            sources = self.resolve(givers, sent_index)
            targets = self.resolve(receivers, sent_index, as_target=True)
            if sources and targets:
                return sources, targets, 0.75
        sources = self.resolve(subj_words, sent_index)
        if not sources and passive:
            sources = self.cause_of_passive(verb, sent_index)  # "were killed in a Russian strike"
        # "condemned the ramming of a Philippine vessel by a Chinese ship": the judged doer first
        targets = self.through_event_object(verb, sources, sent_index,
                                            judging=trigger.senses[0].event_type in JUDGING_TYPES)
        if not targets:
            words = [w for w in _target_words(verb, trigger, self.lexicon, passive)
                     if not (w.dep_ == "dobj" and self.lexicon.types_for(w.lemma_))
                     and not (trigger.senses[0].event_type in JUDGING_TYPES and _inside_event_object(w, verb, self.lexicon))
                     and not self.actors.is_venue(w)]
            targets = self.resolve(words, sent_index, as_target=True,
                                   deep=trigger.senses[0].event_type in PATIENT_TYPES or _for_beneficiary(trigger))
        if not targets and _is_travel(trigger):
            targets = self.destinations(verb)
        if not targets:
            targets = self.resolve(arrival_destination(verb, self.lexicon), sent_index, as_target=True)
        if not targets:
            # "vowed to wage war on the Rohans", "refused to meet X": the target of what is vowed
            for inner in (c for c in verb.children if c.dep_ == "xcomp"):
                words = [t for c in inner.children if c.dep_ in ("dobj", "dative") for t in _expand_conj(c)]
                words += [t for c in inner.children if c.dep_ == "prep" and c.lower_ in self.lexicon.target_preps
                          for t in _pobjs(c)]
                for obj in (c for c in inner.children if c.dep_ == "dobj"):
                    words += [t for c in obj.children if c.dep_ == "prep" and c.lower_ in self.lexicon.target_preps
                              for t in _pobjs(c)]
                targets = _others(self.resolve(words, sent_index, as_target=True), sources)
                if targets:
                    break
        if not targets and trigger.senses[0].event_type in ("REQUEST", "THREATEN", "ACCUSE", "CONCEDE"):
            asked = [t for c in verb.children if c.dep_ == "ccomp"
                     for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]
            targets = _others(self.resolve([t for w in asked for t in _expand_conj(w)], sent_index), sources)
        confidence = 0.85 if sources and targets else 0.6
        if any(s.host for s in trigger.senses) and trigger.senses[0].host:
            sources, targets = targets, sources
        return sources, targets, confidence


    def cause_of_passive(self, verb: Token, sent_index: int) -> list[Actor]:
        """The doer of a passive event with no "by" phrase, from the attack it happened in: "ten
        soldiers were killed in a Russian strike" (the strike's owner or country word)."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "after", "by"):
                continue
            for noun in _pobjs(prep):
                if "ASSAULT" not in self.lexicon.types_for(noun.lemma_):
                    continue
                owners = [c for c in noun.children if c.dep_ == "poss"]
                found = self.resolve(owners, sent_index) if owners else []
                found += [a for c in noun.children if c.dep_ in ("amod", "compound", "nmod")
                          for a in self.modifier_actors(c)]
                if found:
                    return found[:1]
        return []


def _is_reply(trigger: Trigger) -> bool:
    return trigger.pos == "VERB" and trigger.senses[0].event_type in REPLY_TYPES


def _is_travel(trigger: Trigger) -> bool:
    return any(s.mode == "visit" for s in trigger.senses)


def _is_ancestor(candidate: Token, tok: Token) -> bool:
    return any(a.i == candidate.i for a in tok.ancestors)


def _distinct_countries(actors: Sequence[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in actors:
        if a.country and all(a.country != b.country for b in out):
            out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# modality and tense


def _clause_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs whose clause it shares (xcomp and conj heads)."""
    chain = [tok]
    cur = tok
    for _ in range(MAX_CLIMB):
        if cur.dep_ == "acl" and cur.tag_ == "VB" and cur.head.dep_ == "dobj":
            cur = cur.head.head  # "declined an invitation to meet": the verb over the noun
            chain.append(cur)
        elif cur.dep_ in ("xcomp", "conj", "aux", "ccomp") and cur.head is not cur:
            if cur.dep_ == "ccomp" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
                break
            cur = cur.head
            chain.append(cur)
        else:
            break
    return chain


def verb_modality(verb: Token, lexicon: Lexicon) -> tuple[str, str | None]:
    """Modality of a verb's clause from negation, auxiliaries, conditional markers and governors."""
    found: list[tuple[str, str]] = []
    chain = _clause_chain(verb)
    for i, tok in enumerate(chain):
        for c in tok.children:
            word = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and word in lexicon.negations and word != "no"):
                found.append(("negated", c.text))
            elif c.dep_ in ("aux", "auxpass") and word in lexicon.auxiliaries:
                found.append((lexicon.auxiliaries[word], c.text))
            elif c.dep_ == "mark" and word in lexicon.markers:
                found.append((lexicon.markers[word], c.text))
        if i > 0:
            governor = lexicon.governor(tok.lemma_) or lexicon.governor(tok.lower_)
            if governor:
                found.append((governor, tok.text))
    inverted = inverted_condition(chain)  # "Should the duties rise, ..."
    if inverted:
        found.append(("hypothetical", inverted))
    # a conditional clause anywhere above: "if X attacked Y, ..." / "... , where X would"
    top = chain[-1]
    for anc in [top] + list(top.ancestors)[:3]:
        if anc.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lexicon.markers for c in anc.children):
            found.append(("hypothetical", "if"))
            break
    # "It is important for X to ...", "X's priority needs to be ...", "It's time to ..."
    for anc in chain:
        head = anc.head
        if anc.dep_ in ("xcomp", "ccomp", "advcl", "acl") and head.pos_ in ("ADJ", "NOUN") and \
                lexicon.governor(head.lemma_) == "recommended":
            found.append(("recommended", head.text))
    if any(m == "hypothetical" and cue.lower() in ("would", "'d") for m, cue in found) and \
            not any(m == "hypothetical" and cue.lower() in lexicon.markers for m, cue in found) and \
            _reported_speech(chain[-1], lexicon):
        # "said Poland would send": the future as seen then
        found = [("planned", cue) if (m, cue.lower()) in (("hypothetical", "would"), ("hypothetical", "'d"))
                 else (m, cue) for m, cue in found]
    # "The best possible outcome is that both sides agree ...": what an aim or outcome would be
    top = chain[-1]
    if top.dep_ == "ccomp" and top.head.lemma_ == "be":
        subjects = [c for c in top.head.children if c.dep_ == "nsubj"]
        if subjects and subjects[0].lemma_.lower() in lexicon.hearsay:
            found.append((lexicon.hearsay[subjects[0].lemma_.lower()], subjects[0].text))
    if not found:
        return "reported", None
    found.sort(key=lambda f: MODALITY_PRECEDENCE.index(f[0]))
    return found[0]


def _reported_speech(clause_top: Token, lexicon: Lexicon) -> bool:
    """Whether a clause is what a verb of saying reports ("X said that ...", "X announced ...")."""
    return clause_top.dep_ in ("ccomp", "conj") and clause_top.head.lemma_.lower() in lexicon.reporting_verbs


def noun_modality(noun: Token, governor: Token | None, relation: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """Modality of an event noun from its modifiers and the word that governs it (for a coordinated
    noun, the words that govern the first: "preparations for the visit ... and the summit")."""
    found: list[tuple[str, str]] = []
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        first = noun
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
            first = first.head
        mod, cue = noun_modality(first, governor, relation, lexicon)
        if mod != "reported":
            found.append((mod, cue))
    for c in noun.children:
        word = c.lower_
        if c.dep_ in ("amod", "compound", "acl") and (lexicon.governor(c.lemma_) or lexicon.governor(word)):
            found.append((lexicon.governor(word) or lexicon.governor(c.lemma_), c.text))
        elif c.dep_ in ("det", "neg") and word in ("no",):
            found.append(("negated", c.text))
        elif c.dep_ == "relcl":
            mod, cue = verb_modality(c, lexicon)
            g = lexicon.governor(c.lemma_)
            if g:
                found.append((g, c.text))
            elif mod != "reported":
                found.append((mod, cue))
    if noun.dep_ == "pobj" and noun.head.lower_ in ("of", "about", "on", "for") and \
            noun.head.head.pos_ == "NOUN" and noun.head.head.lemma_.lower() in lexicon.hearsay:
        found.append((lexicon.hearsay[noun.head.head.lemma_.lower()], noun.head.head.text))
    if governor is not None:
        g = lexicon.governor(governor.lemma_) or lexicon.governor(governor.lower_)
        if g and relation in ("object", "prep:to", "prep:for", "subject") and not (
                relation == "subject" and g not in ("negated", "planned")):
            if relation != "subject" or governor.tag_ == "VBN":
                found.append((g, governor.text))
        if relation == "object" or relation.startswith(("prep:in", "prep:during", "prep:with")):
            # "would respond with duties": the means takes the verb's modality
            mod, cue = verb_modality(governor, lexicon)
            if mod != "reported":
                found.append((mod, cue))
    if not found:
        return "reported", None
    found.sort(key=lambda f: MODALITY_PRECEDENCE.index(f[0]))
    return found[0]


def clause_tense(tok: Token) -> str:
    """past, present or future for the clause of ``tok`` (a verb, or the verb governing a noun)."""
    for t in _clause_chain(tok):
        for c in t.children:
            if c.dep_ in ("aux", "auxpass"):
                if c.lower_ in ("will", "shall", "'ll", "wo"):
                    return "future"
                if c.tag_ == "VBD":
                    return "past"
                if c.lemma_ == "have" and t.tag_ == "VBN":
                    return "past"
        if t.tag_ == "VBD":
            return "past"
        if t.lemma_ in ("set", "schedule", "plan", "expect", "due", "go") and any(
                c.dep_ == "xcomp" for c in t.children):
            return "future"
    return "present"


# --------------------------------------------------------------------------------------------
# time


@dataclass
class SentenceTimes:
    """Time expressions of one sentence, each with the token it attaches to in the parse."""

    items: list[tuple[timeref.TimeExpression, Token]]

    @classmethod
    def find(cls, sent: Span) -> "SentenceTimes":
        items = []
        base = sent.start_char
        for expr in timeref.find_time_expressions(sent.text):
            toks = [t for t in sent if base + expr.start <= t.idx < base + expr.end]
            if not toks:
                continue
            inside = {t.i for t in toks}
            roots = [t for t in toks if t.head.i not in inside or t.head is t]
            root = roots[0] if roots else toks[0]
            attach = root.head if root.head.i not in inside else root
            if attach.dep_ == "prep" and attach.head is not attach:
                attach = attach.head
            items.append((expr, attach))
        return cls(items)

    def for_trigger(self, tok: Token, governor: Token | None = None,
                    other_triggers: frozenset[int] = frozenset(), climb: bool = True) -> timeref.TimeExpression | None:
        """The expression attached to the trigger itself, within its own phrase, or (``climb``) to
        its nearest ancestor ("In November, Biden and Xi met in Bali, where they agreed ...")."""
        best: tuple[int, timeref.TimeExpression] | None = None
        ancestors = [tok] + list(tok.ancestors) if climb else [tok]
        if climb and governor is not None and governor not in ancestors:
            ancestors = [tok, governor] + list(governor.ancestors)
        ancestor_ids = [a.i for a in ancestors]
        for expr, attach in self.items:
            if attach.i == tok.i:
                rank = 0
            elif _within_phrase(attach, tok, other_triggers):
                rank = 1
            elif attach.i in ancestor_ids:
                rank = 2 + ancestor_ids.index(attach.i)
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, expr)
        return best[1] if best else None


    def nearest_free(self, tok: Token, other_triggers: frozenset[int]) -> timeref.TimeExpression | None:
        """The sentence's time expression nearest ``tok`` (in characters) that belongs to no other event."""
        base = tok.sent.start_char
        where = tok.idx - base
        free = [(min(abs(expr.start - where), abs(expr.end - where)), expr)
                for expr, attach in self.items if attach.i not in other_triggers]
        return min(free, key=lambda f: f[0])[1] if free else None


# Predicates whose time is the time of their event-noun subject: "the meeting took place on Monday".
EVENT_PREDICATES = frozenset({"take", "happen", "occur", "begin", "start", "end", "conclude", "come",
                              "open", "close", "resume", "continue", "last", "proceed", "be"})

def _carries_event(governor: Token, relation: str, lexicon: Lexicon) -> bool:
    """Whether the verb an event noun hangs from dates it: "made the trip in May", "was canceled in
    February", "the meeting took place on Monday", "in a call on Monday, X said" — but not "factors
    weighing in favor of the trip also highlight a pitfall in November"."""
    lemma = governor.lemma_.lower()
    if relation == "subject":
        return lemma in EVENT_PREDICATES or lexicon.governor(lemma) is not None
    if relation == "object":
        return lemma in LIGHT_VERBS or lexicon.governor(lemma) is not None
    return relation.startswith("prep:") and relation[5:] in ("in", "during", "at", "on", "after", "before")


CLAUSE_EDGES = frozenset({"conj", "relcl", "ccomp", "advcl", "appos", "acl", "parataxis", "xcomp"})


def _within_phrase(tok: Token, top: Token, other_triggers: frozenset[int]) -> bool:
    """Whether ``tok`` hangs below ``top`` without crossing into another clause or event."""
    cur = tok
    for _ in range(12):
        if cur.i == top.i:
            return True
        if cur.dep_ in CLAUSE_EDGES or cur.i in other_triggers or cur.head is cur:
            return False
        cur = cur.head
    return False


# --------------------------------------------------------------------------------------------
# putting it together


def describe_relation(sent: Span, source: tuple[int, int], target: tuple[int, int] | None,
                      lexicon: Lexicon) -> RelationCandidate:
    """What the parse says links a marked source and target in ``sent`` (char spans in sent.text).

    The trigger is the event word on the dependency path between the two heads (or the source's
    governing verb when there is no target); negation and modality come from its clause.
    """
    base = sent.start_char

    def head_of(span: tuple[int, int]) -> Token | None:
        toks = [t for t in sent if span[0] <= t.idx - base < span[1]]
        if not toks:
            return None
        inside = {t.i for t in toks}
        for t in toks:
            if t.head.i not in inside or t.head is t:
                return t
        return toks[-1]

    s_head = head_of(source)
    t_head = head_of(target) if target else None
    path: list[Token] = []
    if s_head is not None:
        s_anc = [s_head] + list(s_head.ancestors)
        if t_head is not None:
            t_anc = [t_head] + list(t_head.ancestors)
            t_ids = [t.i for t in t_anc]
            common = next((a for a in s_anc if a.i in t_ids), None)
            if common is not None:
                up = s_anc[: [a.i for a in s_anc].index(common.i) + 1]
                down = t_anc[: t_ids.index(common.i)]
                path = up[1:] + list(reversed(down))[:-1] if down else up[1:]
                if common not in path:
                    path.append(common)
        else:
            path = s_anc[1:3]
    triggers = {t.head.i: t for t in find_triggers(sent, lexicon)}
    trigger: Trigger | None = None
    for tok in path:
        if tok.i in triggers:
            trigger = triggers[tok.i]
            break
    if trigger is None:
        # a trigger right next to the path: "X's visit to Y" puts "visit" on it already; else the
        # nearest trigger governing either head
        for tok in path:
            for child in tok.children:
                if child.i in triggers:
                    trigger = triggers[child.i]
                    break
            if trigger:
                break
    path_lemmas = tuple(t.lemma_.lower() for t in path if not t.is_punct)
    if trigger is None:
        verbs = [t for t in path if t.pos_ == "VERB"]
        anchor = verbs[0] if verbs else (path[0] if path else None)
        modality, _ = verb_modality(anchor, lexicon) if anchor is not None and anchor.pos_ == "VERB" else ("reported", None)
        return RelationCandidate(
            text=sent.text, source=source, target=target,
            trigger=anchor.lemma_.lower() if anchor is not None else None,
            trigger_span=(anchor.idx - base, anchor.idx - base + len(anchor.text)) if anchor is not None else None,
            path=path_lemmas, lexicon_types=lexicon.types_for(anchor.lemma_) if anchor is not None else (),
            negated=modality == "negated", modality=modality,
        )
    if trigger.pos == "VERB":
        modality, _ = verb_modality(trigger.head, lexicon)
    else:
        finder = ArgumentFinder(actors=None, lexicon=lexicon)  # type: ignore[arg-type]
        governor, relation = finder.governing_verb(trigger.head)
        modality, _ = noun_modality(trigger.head, governor, relation, lexicon)
    start, end = trigger.span
    return RelationCandidate(
        text=sent.text, source=source, target=target, trigger=trigger.lemma,
        trigger_span=(start - base, end - base), path=path_lemmas,
        lexicon_types=trigger.types,
        negated=modality == "negated", modality=modality,
    )


@dataclass
class EventFinder:
    """Finds the events of one parsed document."""

    lexicon: Lexicon
    typer: EventTyper

    def clauses(self, doc: Doc, actors: DocActors, published: date | None,
                paragraphs: Sequence[tuple[int, int]] = (), turns: Sequence[tuple] = ()) -> list[tuple[int, Span, Clause]]:
        """Every trigger of ``doc`` with its actors, modality and time, before typing; none in a
        transcript's questions and speaker labels (``turns``: ``Document.turns``)."""
        turn_index = TurnIndex(turns)
        finder = ArgumentFinder(actors, self.lexicon)
        out: list[tuple[int, Span, Clause]] = []
        paragraph_time: dict[int, tuple[int, TimeRef, frozenset[str]]] = {}  # (sentence, time, quad classes)
        mentions = _DocumentTimes(doc.text, published)  # the text's times, for "two days later", "that day"
        paragraph_starts = [start for start, _ in paragraphs]
        for sent_index, sent in enumerate(doc.sents):
            triggers = [] if turn_index and asks_nothing(turn_index, sent) else find_triggers(sent, self.lexicon)
            heads = {t.head.i: t for t in triggers}
            finder.start_sentence(sent)
            found = []
            finder.current_events = []
            for trigger in triggers:
                if self._is_content_of_other(trigger, heads):
                    continue
                clause = self._clause(trigger, finder, sent_index)
                if clause is not None:
                    found.append(clause)
                    finder.current_events.append((sent_index, clause))
            finder.current_events = []
            found = [c for c in found if c.targets or _is_travel(c.trigger) or self._again(c, finder.events_so_far)
                     or (c.trigger.pos == "VERB" and self._answer(c, out, sent_index))
                     or one_sided_clause(c.trigger, c.sources)]
            eventful = {c.trigger.head.i: c.trigger for c in found}
            times = SentenceTimes.find(sent)
            paragraph = _paragraph_of(sent.start_char, paragraphs, paragraph_starts)
            finder.add_events(sent_index, found)
            before = paragraph_time.get(paragraph)
            for clause in found:
                quads = frozenset(QUAD_CLASS[s.event_type] for s in clause.trigger.senses)
                # "Last year, A made the trip to C. B also visited D.": the sentence just before, same kind
                inherit = before[1] if before and before[0] == sent_index - 1 and before[2] & quads else None
                self._date(clause, times, eventful, published, inherit, mentions)
                if clause.time is not None and clause.time.rule not in CONTEXT_TIME_RULES and clause.tense == "past":
                    paragraph_time[paragraph] = (sent_index, clause.time, quads)
                if clause.modality == "reported" and clause.time is not None and clause.time.start and \
                        published and clause.time.start > published:
                    clause.modality, clause.cue = "planned", clause.time.text
                out.append((sent_index, sent, clause))
            finder.end_sentence(sent_index)
        return _fill_destinations(out, actors.main_dyad())

    @staticmethod
    def _again(clause: Clause, earlier: list[tuple[int, "Clause"]]) -> bool:
        """Give an event noun with no target the target of the same doer's earlier event named by the
        same word ("Canada announced a package for Ukraine ... Ottawa delivered a similar package last
        year"); False if there is none."""
        if clause.trigger.pos != "NOUN":
            return False
        countries = {s.country for s in clause.sources}
        for _, other in reversed(earlier):
            if other.trigger.head.lemma_.lower() == clause.trigger.head.lemma_.lower() and other.targets and \
                    countries & {s.country for s in other.sources}:
                clause.targets = [Actor(text=t.text, country=t.country, sector=t.sector, actor_id=t.actor_id,
                                        resolved_by="context", start=t.start, end=t.end) for t in other.targets]
                clause.confidence = min(clause.confidence, 0.55)
                return True
        return False

    @staticmethod
    def _answer(clause: Clause, earlier: list[tuple[int, Span, Clause]], sent_index: int) -> bool:
        """Give a reply with no target the actor that last acted on its source (within three
        sentences); False if there is none."""
        countries = {s.country for s in clause.sources}
        for idx, _, other in reversed(earlier):
            if sent_index - idx > 3:
                break
            if any(t.country in countries for t in other.targets):
                actors = [s for s in other.sources if s.country not in countries]
                if actors:
                    clause.targets = [Actor(text=a.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                                            resolved_by="context", start=a.start, end=a.end) for a in actors[:1]]
                    clause.confidence = min(clause.confidence, 0.55)
                    return True
        return False

    def _clause(self, trigger: Trigger, finder: ArgumentFinder, sent_index: int) -> Clause | None:
        """The trigger's actors and modality, or None when it has no source (or no target and no trip)."""
        governor, relation = None, ""
        if trigger.pos == "VERB":
            sources, targets, confidence = finder.verb_arguments(trigger, sent_index)
            modality, cue = verb_modality(trigger.head, self.lexicon)
            tense = clause_tense(trigger.head)
        else:
            sources, targets, confidence = finder.noun_arguments(trigger, sent_index)
            governor, relation = finder.governing_verb(trigger.head)
            modality, cue = noun_modality(trigger.head, governor, relation, self.lexicon)
            tense = clause_tense(governor) if governor is not None else "present"
        if modality in ("planned", "expected"):
            tense = "future"
        reciprocal = bool(sources) and sources is targets  # named together: "a Modi-Putin meeting"
        if any(s.together for s in trigger.senses):
            # "A and B agree that ...": a sense for coordinated subjects acting with no target
            paired = not targets and len(_distinct_countries(sources)) >= 2
            alone = [s for s in trigger.senses if not s.together]
            trigger.senses = [s for s in trigger.senses if s.together] + alone if paired else alone
            if not trigger.senses:
                return None
        if sources and not targets:
            targets = [t for t in same_thing_before(trigger, finder.events_so_far)  # "contributed to the fund"
                       if t.country not in {s.country for s in sources}]
            confidence = min(confidence, 0.55) if targets else confidence
        if sources and not targets:
            distinct = _distinct_countries(sources)
            if len(distinct) >= 2 and (trigger.senses[0].together or
                                       any(s.event_type in SYMMETRIC_TYPES for s in trigger.senses)):
                sources, targets, reciprocal = distinct, distinct, True  # every pair, once (see find)
        if not sources or (not targets and not _is_travel(trigger) and not _is_reply(trigger)
                           and trigger.pos != "NOUN" and not one_sided_clause(trigger, sources)):
            return None
        return Clause(trigger, sources, targets, modality, cue, None, tense, confidence, reciprocal,
                      governor, relation)

    def _date(self, clause: Clause, times: "SentenceTimes", eventful: dict[int, Trigger],
              published: date | None, paragraph_time: TimeRef | None,
              mentions: "_DocumentTimes | None" = None) -> None:
        """Set ``clause.time``: the time words attached to the event, else the sentence's free time
        words (bare past references), else the paragraph's last past time (past events)."""
        trigger = clause.trigger
        own_type = {x.event_type for x in trigger.senses}
        others = frozenset(i for i, t in eventful.items()
                           if i != trigger.head.i and not own_type & {x.event_type for x in t.senses})
        climb = trigger.pos == "VERB" or (
            clause.governor is not None and _carries_event(clause.governor, clause.relation, self.lexicon))
        expr = times.for_trigger(trigger.head, clause.governor, others, climb)
        context_rule = None
        if expr is None and trigger.pos == "NOUN" and clause.modality == "reported" and clause.tense != "future":
            expr, context_rule = times.nearest_free(trigger.head, others), "sentence-context"
        if expr is not None:
            anchor = mentions.anchor(expr, trigger.head.sent.start_char) if mentions is not None else None
            time = timeref.resolve(expr, published, "past" if context_rule else clause.tense, anchor)
            if time.rule not in timeref.NO_TIME_RULES and (time.value or time.start or not context_rule):
                if context_rule:
                    time.rule = context_rule
                if time.start is None and time.end is not None and published is not None and \
                        clause.tense == "future" and published <= time.end:
                    time.start = published  # "will send X before winter": not before it is announced
                clause.time = time
                return
        if clause.tense == "past" and paragraph_time is not None and not _perfect(clause):
            p = paragraph_time
            clause.time = TimeRef(p.value, p.precision, p.start, p.end, p.text, "paragraph-context",
                                  anchor=f"mention:{p.text}" if p.text else p.anchor)

    def _abstract(self, doc: Doc, target: Actor) -> bool:
        """Whether a target names no body and nothing physical ("China's trade", "the U.S. plan")."""
        if target.sector is not None or target.actor_id is not None or target.start < 0:
            return False
        span = doc.char_span(target.start, target.end, alignment_mode="expand")
        if span is None or target.resolved_by in ("dictionary", "metonym", "voice", "document-dyad"):
            return False
        return span.root.lemma_.lower() not in self.lexicon.physical_targets and span.root.pos_ == "NOUN"

    def _is_content_of_other(self, trigger: Trigger, triggers: dict[int, Trigger]) -> bool:
        """Whether a trigger is part of another event rather than one of its own.

        A verb with an event noun as object makes one event with it: a light or cancelling verb
        gives way to the noun ("made the trip", "canceled the visit"), any other verb is the event
        and the noun its matter ("eased restrictions", "condemned the attack"). An event that is
        only what a speech act says ("agreed to further talks", "urged X to release") is its content.
        """
        head = trigger.head
        if trigger.pos == "VERB":
            lemma = head.lemma_.lower()
            nouns = [triggers[c.i] for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c.i in triggers]
            noun_types = {s.event_type for n in nouns for s in n.senses}
            carrier = lemma in LIGHT_VERBS and (
                not self.lexicon.lookup("VERB", lemma)                      # "made the trip"
                or trigger.senses[0].event_type in noun_types)               # "launched an attack"
            if nouns and (carrier or self.lexicon.governor(lemma) in ("negated", "planned", "expected")):
                return True  # the noun is the event; "rejected the criticism" keeps its own

        if head.dep_ == "pobj" and head.head.lower_ == "for" and head.head.head.i in triggers and \
                triggers[head.head.head.i].pos == "VERB" and not (
                    {s.event_type for s in triggers[head.head.head.i].senses} & {s.event_type for s in trigger.senses}):
            return True  # "recalled its ambassador for consultations"; "left for X for meetings" is one visit
        cur = trigger.head
        path: list[str] = []
        for _ in range(3):
            head = cur.head
            if head is cur or cur.dep_ not in ("xcomp", "ccomp", "pobj", "prep", "pcomp", "acl", "dobj"):
                return False  # coordination ("rejected X and accused Y") is two events
            path.append(cur.dep_)
            if head.i in triggers and head.i != trigger.head.i:
                other = triggers[head.i]
                if path == ["pobj", "prep"] and cur.lower_ in SETTING_PREPS:
                    return False  # "In a call with X, Y urged ...": the scene, not what was urged
                # a path through a clause or phrase, not a plain object ("condemned the attack")
                if other.senses[0].event_type in SPEECH_ACT_TYPES and path != ["dobj"] and \
                        self.lexicon.governor(other.lemma) != "negated":
                    return True
            cur = head
        return False

    def find(self, doc: Doc, actors: DocActors, doc_id: str, published: date | None,
             paragraphs: Sequence[tuple[int, int]] = (), turns: Sequence[tuple] = ()) -> list[EventMention]:
        """The events of ``doc``, one per happening (mentions of one event merged)."""
        clauses = self.clauses(doc, actors, published, paragraphs, turns)
        turn_index = TurnIndex(turns)
        candidates: list[RelationCandidate] = []
        slots: list[tuple[int, Span, Clause, Actor, Actor]] = []
        for sent_index, sent, clause in clauses:
            base = sent.start_char
            one_sided_done: set[int] = set()
            for i, source in enumerate(clause.sources):
                for j, target in enumerate(clause.targets or [None]):
                    if clause.reciprocal and target is not None and j <= i:
                        continue  # "A, B and C met": A-B, A-C, B-C
                    types = clause.trigger.types
                    source = police_country(source, target)
                    ok, target, types = code_pair(source, target, types)
                    if not ok or (target is None and i in one_sided_done):
                        continue
                    if target is None:
                        one_sided_done.add(i)
                    else:
                        target = victim_country(actors, sent, source, target, types)
                    types = civilian_types(source, types)
                    start, end = clause.trigger.span
                    if target is not None and {"ASSAULT", "ACCUSE"} <= set(types) and self._abstract(doc, target):
                        types = ("ACCUSE",) + tuple(t for t in types if t != "ACCUSE")  # "attacked China's trade"
                    candidates.append(RelationCandidate(
                        text=sent.text,
                        source=(max(0, source.start - base), max(0, source.end - base)),
                        target=(max(0, target.start - base), max(0, target.end - base)) if target else None,
                        trigger=clause.trigger.lemma, trigger_span=(start - base, end - base),
                        path=(clause.trigger.lemma,),
                        lexicon_types=types,
                        negated=clause.modality == "negated", modality=clause.modality,
                    ))
                    slots.append((sent_index, sent, clause, source, target))
        decisions: list[TypeDecision] = self.typer.predict(candidates) if candidates else []
        mentions: list[EventMention] = []
        text = actors.text
        for (sent_index, sent, clause, source, target), decision in zip(slots, decisions):
            if not type_fits_pair(decision.event_type, source, target):
                continue  # the typer chose a type that needs a target (or a known doer) the text lacks
            time = clause.time
            if time is None:
                time = _undated_time(clause, published)
            start, end = clause.trigger.span
            mode = next((s.mode for s in clause.trigger.senses if s.event_type == decision.event_type), None)
            mentions.append(EventMention(
                doc_id=doc_id, source=source, target=target, event_type=decision.event_type,
                modality=clause.modality, time=time, sentence_index=sent_index, sentence=sent.text.strip(),
                char_start=sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
                char_end=sent.start_char + len(sent.text.rstrip()),
                trigger=text[start:end], trigger_start=start, trigger_end=end,
                confidence=round(clause.confidence * decision.confidence, 3), mode=mode,
                trigger_pos=_asserting_pos(clause),
                speaker=speaker_of(turn_index, sent.start_char) if turn_index else None,
            ))
        return merge_mentions(mentions)


def asks_nothing(turns: TurnIndex, sent: Span) -> bool:
    """Whether a sentence of a transcript states no event: a reporter's question ("Q Did the
    minister call Rohan?"), a speaker label, or a stage direction ("(The leaders shake hands.)",
    "[inaudible]"); an answer keeps its own modality rules."""
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    turn = turns.at(start)
    return turn is not None and (turn.role == "question" or start < turn.text_start or
                                 text[:1] in ("(", "[") and text.rstrip(".")[-1:] in (")", "]"))


def speaker_of(turns: TurnIndex, char: int) -> str | None:
    """The speaker label of the turn a sentence starting at ``char`` is in, if any."""
    turn = turns.at(char)
    return turn.speaker if turn is not None else None


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.actor_id or b.actor_id:
        return a.actor_id == b.actor_id
    return (a.country, a.sector) == (b.country, b.sector)


def _actor_key(a: Actor) -> tuple:
    """Equal for two actors exactly when ``_same_actor`` holds."""
    return ("id", a.actor_id) if a.actor_id else ("country", a.country, a.sector)


def _fill_destinations(clauses: list[tuple[int, Span, Clause]], dyad: tuple[str, str] | None) -> list[tuple[int, Span, Clause]]:
    """A trip with no destination ("a planned trip by Scholz was canceled") goes where the same
    traveller's nearest trip in the document goes, else, when the traveller's country is one side
    of the document's main dyad, to the other side; trips that stay without one are dropped."""
    known = [(i, c) for i, _, c in clauses if c.targets and _is_travel(c.trigger)]
    by_traveller: dict[tuple, list[int]] = {}  # _actor_key of a source -> positions in known
    for position, (_, c) in enumerate(known):
        for key in {_actor_key(s) for s in c.sources}:
            by_traveller.setdefault(key, []).append(position)
    out = []
    for sent_index, sent, clause in clauses:
        if not clause.targets and not (one_sided_clause(clause.trigger, clause.sources) and not _is_travel(clause.trigger)):
            positions = sorted({p for s in clause.sources for p in by_traveller.get(_actor_key(s), ())})
            matches = [(abs(known[p][0] - sent_index), known[p][1]) for p in positions]
            if matches:
                _, nearest = min(matches, key=lambda m: m[0])
                clause.targets = [Actor(text=t.text, country=t.country, sector=t.sector, actor_id=t.actor_id,
                                        resolved_by="context", start=t.start, end=t.end) for t in nearest.targets]
            elif dyad and {s.country for s in clause.sources} <= set(dyad) and not any(
                    (c.dep_ == "prep" and c.lower_ in ("to", "in")) or
                    (c.dep_ == "amod" and c.lower_ not in MODALITY_WORDS) for c in clause.trigger.head.children):
                other = next(c for c in dyad if c != clause.sources[0].country)
                clause.targets = [Actor(text=other, country=other, resolved_by="document-dyad")]
            else:
                continue
            clause.confidence = min(clause.confidence, 0.6)
        out.append((sent_index, sent, clause))
    return out


def _undated_time(clause: Clause, published: date | None) -> TimeRef:
    """The time of an event without time words: the article's month for what has happened
    (``article-month``); for what is planned or expected, the year after the article
    (``after-article``, no single value), since its month is unknown. A later mention of the same
    planned event with a date gives it that date (``merge_mentions``: the dated mention nests in
    this period and outranks it)."""
    if published is not None and clause.modality in ("planned", "expected"):
        end = published + timedelta(days=365) if published <= date.max - timedelta(days=365) else date.max
        return TimeRef(value=None, precision="none", start=published, end=end, text=None, rule="after-article",
                       anchor=timeref.ARTICLE_ANCHOR)
    return timeref.fallback(published)


class _DocumentTimes:
    """The times a document mentions, in order, resolved once (lazily, on the first anaphor): what
    "two days later" or "that day" in a sentence count from."""

    def __init__(self, text: str, published: date | None):
        self.text, self.published = text, published
        self._resolved: list[timeref.Resolved] | None = None

    def anchor(self, expression: timeref.TimeExpression, sentence_start: int) -> timeref.Resolved | None:
        """The last time mentioned before ``expression`` (offsets relative to its sentence)."""
        if not timeref.is_anaphoric(expression):
            return None
        if self._resolved is None:
            self._resolved = timeref.resolve_text(self.text, self.published)
        return timeref.anchor_before(self._resolved, expression, sentence_start + expression.start, sentence_start)


def _perfect(clause: Clause) -> bool:
    """"has opened", "have raised": the present perfect tells of now, not of the story's time."""
    verb = clause.trigger.head if clause.trigger.pos == "VERB" else clause.governor
    return verb is not None and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ")
                                    for c in verb.children)


def _asserting_pos(clause: Clause) -> str:
    """VERB when the clause asserts the event with a verb of its own or a light verb carrying the
    noun ("have raised our concerns"); NOUN when it only refers to it ("Macron's visit")."""
    if clause.trigger.pos == "VERB":
        return "VERB"
    governor = clause.governor
    if governor is not None and clause.relation == "object" and governor.lemma_.lower() in LIGHT_VERBS:
        return "VERB"
    return "NOUN"


def _paragraph_of(char: int, paragraphs: Sequence[tuple[int, int]], starts: Sequence[int] | None = None) -> int:
    """The index of the paragraph (sorted, disjoint spans) holding ``char``, or -1; ``starts`` are the
    paragraphs' start offsets, given to look up many characters in O(log n) each."""
    if starts is None:
        starts = [start for start, _ in paragraphs]
    i = bisect_right(starts, char) - 1
    if i >= 0 and paragraphs[i][0] <= char < paragraphs[i][1]:
        return i
    return -1


# --------------------------------------------------------------------------------------------
# one record per event within a document

# Modalities under which mentions of one happening merge: the text is sure, or at least expects it.
MERGEABLE = ("planned", "expected", "reported")


def _periods_nest(a: TimeRef, b: TimeRef) -> bool:
    """Whether one period lies within the other. A period with a start but no end ("after May 3" of
    something still to come) is open: it runs on without limit."""
    if a.start is None or b.start is None:
        return a.value == b.value

    def within(inner: TimeRef, outer: TimeRef) -> bool:
        if not outer.start <= inner.start:
            return False
        return outer.end is None or (inner.end is not None and inner.end <= outer.end)

    return within(b, a) or within(a, b)


def _strength(m: EventMention) -> tuple[int, int, float]:
    explicit_time = 0 if m.time.rule in CONTEXT_TIME_RULES else 1
    precision = {"day": 3, "month": 2, "year": 1}.get(m.time.precision, 0)
    return explicit_time, precision, m.confidence


def merge_mentions(mentions: list[EventMention]) -> list[EventMention]:
    """Mentions of one event (same dyad and type, nested periods, compatible modality) merged into
    the most informative one; a planned or expected mention outranks a bare reference."""
    kept: list[EventMention] = []
    by_key: dict[tuple, list[int]] = {}  # (source country, target country, type) -> positions in kept
    for m in sorted(mentions, key=lambda m: (m.sentence_index, m.trigger_start)):
        twin = None
        key = (m.source_country, m.target_country, m.event_type)
        for position in by_key.get(key, ()):
            k = kept[position]
            if (k.sentence_index, k.trigger_start, k.source.start) == (m.sentence_index, m.trigger_start, m.source.start):
                twin = k  # one doer, its target named twice ("the Director ... and Foreign Minister Kamikawa")
                break
            if not (_compatible_ids(k.source, m.source, k, m) and _compatible_ids(k.target, m.target, k, m)):
                continue  # "Macron, Scholz and Meloni all made the trip" is three events
            if k.mode and m.mode and k.mode != m.mode:
                continue  # a visit and a phone call are two events
            if k.trigger_pos == m.trigger_pos == "VERB" and k.sentence_index != m.sentence_index and \
                    k.trigger.lower() != m.trigger.lower() and not _dates_a_plan(k, m) \
                    and not restates_meeting(k, m):
                continue  # "impugned U.S. conduct" and, later, "opened a WTO dispute": two assertions
            if not (_periods_nest(k.time, m.time) or _undated(k) != _undated(m)):
                continue  # a date guessed from the article's month does not keep mentions apart
            same_modality = k.modality == m.modality
            reported = k if k.modality == "reported" else m
            if same_modality or (k.modality in MERGEABLE and m.modality in MERGEABLE and
                                 "reported" in (k.modality, m.modality) and
                                 _bare(reported) and reported.trigger_pos == "NOUN"):
                twin = k
                break
        if twin is None:
            by_key.setdefault(key, []).append(len(kept))
            kept.append(m)
            continue
        best = max((twin, m), key=_strength)
        modality = twin.modality if twin.modality != "reported" or m.modality == "reported" else m.modality
        if best is not twin:
            kept[position] = best
        best.modality = modality
        best.confidence = min(0.99, max(twin.confidence, m.confidence) + 0.05)
    return kept


def _dates_a_plan(a: EventMention, b: EventMention) -> bool:
    """A plan told once without a time and once with one ("X will visit India. X will travel to India
    on May 20"): one event, which the dated mention dates."""
    return a.modality in ("planned", "expected") and b.modality in ("planned", "expected") and \
        (a.time.rule == "after-article") != (b.time.rule == "after-article")


def _compatible_ids(a: Actor | None, b: Actor | None, ma: EventMention, mb: EventMention) -> bool:
    """Same named actor, or an unnamed one ("the secretary") in a bare reference to the event."""
    if a is None or b is None or a.actor_id == b.actor_id:
        return True
    if a.actor_id is None:
        return _bare(ma) and a.sector in (None, b.sector)
    if b.actor_id is None:
        return _bare(mb) and b.sector in (None, a.sector)
    return False


CONTEXT_TIME_RULES = ("article-month", "no-article-date", "paragraph-context", "sentence-context",
                      "after-article")


def _bare(m: EventMention) -> bool:
    """A reference with no time words of its own ("Macron's visit"): its date is borrowed."""
    return m.time.rule in CONTEXT_TIME_RULES


def _undated(m: EventMention) -> bool:
    """A reference dated only by the article: its date does not keep it apart from others."""
    return m.time.rule in ("article-month", "no-article-date", "after-article")


# --------------------------------------------------------------------------------------------
# who may be coded: domestic, sector-only and one-sided events (issue 13)

# Prepositions under which an event noun is the reason for the verb, not its doer's act.
REASON_RELATIONS = frozenset({"prep:over", "prep:amid", "prep:despite", "prep:against", "prep:about"})
# Sectors that strike and march but do not bomb: their "strike" is a labour strike.
CIVIL_SECTORS = frozenset({"CVL", "LAB", "EDU", "OPP", "POL", "MED", "REL", "BUS", "NGO", "REF"})
# Sectors of victims of coercion who, named without a country, are the coercer's own people.
SUBJECT_SECTORS = frozenset({"CVL", "LAB", "EDU", "OPP", "POL", "MED", "REL", "CRM", "REF"})
# Types PLOVER codes with no recipient: a demonstration, a strike, a mobilisation.
ONE_SIDED_TYPES = frozenset({"PROTEST", "MOBILIZE"})
# Types an unknown doer may have: "a car bomb killed seven civilians", "were abducted".
UNKNOWN_SOURCE_TYPES = frozenset({"ASSAULT", "COERCE"})
# Sectors of a state's own organs: a protest needs a doer outside them to stand alone.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "IGO"})


def _others(found: Sequence[Actor], sources: Sequence[Actor]) -> list[Actor]:
    """The actors of ``found`` that can be the other side of an event by ``sources``: another
    country, or another sector of the same one ("the opposition demanded the president's
    resignation")."""
    return [a for a in found if not any(same_referent(a, s) for s in sources)]


def one_sided_clause(trigger: Trigger, sources: Sequence[Actor]) -> bool:
    """Whether a trigger with no target is still an event: a mobilisation by anyone named, or a
    protest, strike or boycott by a non-state actor ("protesters rallied"; a state "demonstrating
    resolve" is not a demonstration)."""
    types = {s.event_type for s in trigger.senses}
    if not types & ONE_SIDED_TYPES:
        return False
    return any(_one_sided_source(a, types) for a in sources)


def _one_sided_source(source: Actor, types: Iterable[str]) -> bool:
    types = set(types)
    if source.unknown:
        return False
    if "MOBILIZE" in types and (source.country is not None or source.sector in STATE_SECTORS):
        return True
    return "PROTEST" in types and source.sector is not None and source.sector not in STATE_SECTORS


def same_referent(a: Actor, b: Actor) -> bool:
    """Whether two actors cannot be the two sides of an event: one named actor, or one country's same
    sector (a country named alone is its government: "Kenya expelled Kenyan
    journalists" is GOV -> MED, "Kenya accused Nairobi" nothing)."""
    if a.actor_id and a.actor_id == b.actor_id:
        return True
    if a.country != b.country:
        return False
    if a.country is None:
        return a.sector == b.sector
    if {a.sector, b.sector} & {"IGO", "NGO", "IMG"}:
        return True  # "U.S. alliances" are not a domestic partner of the U.S.
    return (a.sector or "GOV") == (b.sector or "GOV")


def code_pair(source: Actor, target: Actor | None, types: tuple[str, ...]
              ) -> tuple[bool, Actor | None, tuple[str, ...]]:
    """Whether a source and a target make an event to code, with the target to code it with and the
    types still possible. This replaces the rule "two different countries": the source must be an
    actor (a country or a sector) or an unknown doer of an attack on a known victim; the target an
    actor, or nothing for the one-sided types (a protest by a non-state actor, a mobilisation) when
    the source's country is known; domestic pairs count when the sectors differ ("police arrested
    protesters": KEN COP -> KEN CVL); at least one side must have a country."""
    if source.unknown:
        allowed = tuple(t for t in types if t in UNKNOWN_SOURCE_TYPES)
        ok = bool(allowed) and target is not None and target.country is not None
        return ok, target, allowed
    if target is not None and (target.unknown or same_referent(source, target)):
        target = None  # "the army mobilised reservists": the army's own people, no recipient
    if target is None:
        allowed = tuple(t for t in types if t in ONE_SIDED_TYPES)
        return bool(allowed) and source.country is not None and _one_sided_source(source, allowed), None, allowed
    if target.country is None:
        # an unnamed victim of violence may be of no known country ("gunmen killed villagers");
        # anything else needs to know whom it is addressed to
        types = tuple(t for t in types if t in UNKNOWN_SOURCE_TYPES)
        return source.country is not None and bool(types), target, types
    return True, target, types


def type_fits_pair(event_type: str, source: Actor, target: Actor | None) -> bool:
    """Whether the typed event can have these actors: no target only for one-sided types, an unknown
    doer or a victim of no known country only for attacks and coercion."""
    if target is None and event_type not in ONE_SIDED_TYPES:
        return False
    if target is not None and target.country is None and event_type not in UNKNOWN_SOURCE_TYPES:
        return False
    return not source.unknown or event_type in UNKNOWN_SOURCE_TYPES


def police_country(source: Actor, target: Actor | None) -> Actor:
    """Police named without a country who act on people of a known country are that country's
    ("police dispersed the crowd" after "thousands protested in Niamey": ``country_by``
    "victims-country"); the police is a state's internal force."""
    if source.country is not None or source.sector != "COP" or target is None or target.country is None or \
            target.sector in ("IGO", "NGO", "IMG"):
        return source
    return replace(source, country=target.country, country_by="victims-country")


def civilian_types(source: Actor, types: tuple[str, ...]) -> tuple[str, ...]:
    """A strike or march by civilians, workers, students or the opposition is a protest, not an
    attack ("unions staged a general strike against the reform")."""
    if source.sector in CIVIL_SECTORS and "PROTEST" in types and "ASSAULT" in types:
        return ("PROTEST",) + tuple(t for t in types if t not in ("PROTEST", "ASSAULT"))
    return types


def victim_country(actors: DocActors, sent: Span, source: Actor, target: Actor,
                   types: Sequence[str]) -> Actor:
    """The country of a victim named by its role alone, when context gave none: in an attack by a
    country, the one other country the sentence names ("ten soldiers were killed in a Russian strike,
    Ukraine's army said": ``country_by`` "sentence-country"); of a state's coercion, civilians,
    journalists, the opposition and suspects are its own people ("Iran's crackdown on protesters":
    "coercer-country")."""
    if target.country is not None or target.sector is None or source.country is None:
        return target
    if types and types[0] in ("COERCE", "ASSAULT") and target.sector in SUBJECT_SECTORS and source.sector not in CIVIL_SECTORS \
            and actors.dictionary.country(source.country) is not None:
        return replace(target, country=source.country, country_by="coercer-country")
    if "ASSAULT" not in types:
        return target
    others = {span.actor.country for span in actors.spans
              if span.start >= sent.start and span.end <= sent.end and span.actor.country
              and span.actor.country != source.country and actors.dictionary.country(span.actor.country)}
    if len(others) != 1:
        return target
    return replace(target, country=others.pop(), country_by="sentence-country")


# issue 14 rules: trade and sanctions polarity, nominalisations and participles, inverted
# conditions. Word lists in data/measures.yaml (``lexicon.measures``).

MEASURE_TARGET_PREPS = ("on", "against", "for", "to", "from")


def is_measure(tok: Token, lexicon: Lexicon) -> bool:
    """Whether ``tok`` heads a trade or sanctions measure ("tariffs", "export controls", "duties")."""
    nouns = lexicon.measures.nouns
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("NOUN", "PROPN") and tok.tag_ not in ("NNS", "NN"):
        return False
    if lemma in nouns or tok.lower_ in nouns:
        return True
    return any(f"{c.lemma_.lower()} {lemma}" in nouns or f"{c.lower_} {lemma}" in nouns
               for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i)


def acted_on_measures(tok: Token, lexicon: Lexicon, pos: str) -> list[Token]:
    """The measures a verb or its nominalisation acts on: a verb's object ("lowered tariffs"), the
    "from" phrase of an exempting verb ("exempted X from its tariffs"), the noun a passive participle
    modifies ("the duties raised last year"); a noun's "of" phrase ("the lifting of sanctions") or
    its compound modifier ("tariff cuts", "sanctions relief")."""
    if pos == "VERB":
        words = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.lemma_.lower() in lexicon.measures.exempting:
            words += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for p in _pobjs(c)]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            words.append(tok.head)
    else:
        words = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)]
        words += [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    return [w for x in words for w in _expand_conj(x) if is_measure(w, lexicon)]


def measure_trigger(tok: Token, lexicon: Lexicon) -> Trigger | None:
    """Raising or lowering a measure is an event of the polarity of the word, whatever the word's
    own senses: "lowered / suspended / lifted tariffs", "exempted X from duties", "the lifting of
    sanctions", "tariff cuts" are CONCEDE; "raised / imposed / extended duties", "the imposition of
    tariffs" are SANCTION. None when ``tok`` is no such word, or the user's trigger file decides it."""
    measures = lexicon.measures
    if tok.pos_ == "VERB" and not _nominal_gerund(tok):
        pos = "VERB"
        particles = [c for c in tok.children if c.dep_ == "prt"]
        lemma = tok.lemma_.lower()
        phrasal = f"{lemma} {particles[0].lower_}" if particles else None
        if phrasal and measures.verb_polarity(phrasal):
            lemma, words = phrasal, [tok, particles[0]]
        else:
            words = [tok]
        polarity = measures.verb_polarity(lemma)
        if lemma in measures.exempting and any(
                is_measure(p, lexicon) for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                for p in _pobjs(c)):
            polarity = "CONCEDE"
    elif tok.pos_ in ("NOUN", "PROPN", "VERB"):
        pos, words = "NOUN", [tok]
        lemma = tok.lemma_.lower() if measures.noun_polarity(tok.lemma_) else tok.lower_
        polarity = measures.noun_polarity(lemma)
    else:
        return None
    if polarity == "CONCEDE" and pos == "VERB" and not acted_on_measures(tok, lexicon, pos) and any(
            o.lemma_.lower() in measures.flows for c in tok.children if c.dep_ == "dobj" for o in _expand_conj(c)):
        polarity = "SANCTION"  # "reduced its imports of X's oil": cutting trade, not easing a measure
    elif polarity is None or not acted_on_measures(tok, lexicon, pos):
        return None
    if any(s.from_user for s in lexicon.lookup(pos, lemma)):
        return None  # the user's dictionary decides ("lift" as CAMEO 085 in an imported verb file)
    return Trigger(tok, words, lemma, pos, [Sense(polarity, pos, target_preps=MEASURE_TARGET_PREPS)])


def _nominal_gerund(tok: Token) -> bool:
    """A verb form used as a noun: "the shelling of Kharkiv", "its listing of officials", "Russia's
    bombing" — a gerund with a determiner, a possessor or an "of" phrase in a noun's place."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "conj", "appos", "attr"):
        return False
    return any(c.dep_ in ("det", "poss") or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children)


def nominal_gerund_lemma(tok: Token, lexicon: Lexicon) -> str | None:
    """The noun lemma of a gerund used as an event noun ("shelling"), if the lexicon lists it."""
    if _nominal_gerund(tok) and lexicon.lookup("NOUN", tok.lower_):
        return tok.lower_
    return None


def participle_arguments(noun: Token) -> tuple[list[Token], list[Token]]:
    """Source and target words of an event noun named by a participle after it: "sanctions imposed
    by A on B", "aid delivered by A to B" (the participle's "by" phrase and target preposition)."""
    sources: list[Token] = []
    targets: list[Token] = []
    for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        for c in acl.children:
            if c.dep_ == "agent":
                sources.extend(_pobjs(c))
            elif c.dep_ in ("prep", "dative") and c.lower_ in MEASURE_TARGET_PREPS:
                targets.extend(_pobjs(c))
    return sources, targets


def arrival_destination(tok: Token, lexicon: Lexicon) -> list[Token]:
    """Where the thing a participle describes (or an event noun names) went: "the equipment
    supplied by A *arrived in B*", "medical supplies from A *reached B*"."""
    thing = tok.head if tok.dep_ == "acl" else tok
    if thing.dep_ not in ("nsubj", "nsubjpass") or (tok.dep_ != "acl" and tok.pos_ != "NOUN"):
        return []
    main = thing.head
    if main.lemma_.lower() not in lexicon.measures.arrival_verbs:
        return []
    return [p for c in main.children if c.dep_ == "prep" and c.lower_ in ("in", "to", "into", "at")
            for p in _pobjs(c)]


def responder(noun: Token, lexicon: Lexicon) -> list[Token]:
    """Whom a request was made to, when the text says who answered it: "B granted A's request"."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("to",):
        verb = verb.head  # "responded to A's request"
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return []
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lexicon.measures.response_verbs:
        return []
    subjects, passive = _verb_subjects(verb)
    return subjects


def inverted_condition(chain: Sequence[Token]) -> str | None:
    """"Should the duties rise, ...", "Were X to attack, ...", "Had Y known, ...": a clause opened by
    its auxiliary before the subject is a condition; the cue word, else None."""
    for tok in chain:
        if tok.dep_ != "advcl":
            continue
        subjects = [c.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in ("should", "were", "had") and subjects and \
                    c.i < min(subjects) and not any(m.dep_ == "mark" for m in tok.children):
                return c.text
    return None


def same_thing_before(trigger: Trigger, earlier: Sequence[tuple[int, Clause]]) -> list[Actor]:
    """The target of an earlier event about the same thing, for a verb with none: "A pledged funds
    for X. B also contributed to *the fund*." — a definite noun after a preposition of the verb whose
    word was in an earlier event's object. [] if there is none."""
    if trigger.pos != "VERB":
        return []
    things = {p.lemma_.lower() for c in trigger.head.children if c.dep_ == "prep"
              for p in _pobjs(c) if p.pos_ == "NOUN" and any(d.lower_ in ("the", "this", "that") for d in p.children)}
    if not things:
        return []
    for _, other in reversed(earlier):
        if not other.targets or other.trigger.head.i == trigger.head.i:
            continue
        named = {t.lemma_.lower() for c in other.trigger.head.children if c.dep_ in ("dobj", "nsubjpass")
                 for t in c.subtree}
        if things & named:
            return [Actor(text=t.text, country=t.country, sector=t.sector, actor_id=t.actor_id,
                          resolved_by="context", start=t.start, end=t.end) for t in other.targets]
    return []


# How an actor of a later mention was found when it only points back: "the two leaders", "they".
POINTING_BACK = ("coreference", "context", "document-dyad")


def restates_meeting(earlier: EventMention, later: EventMention) -> bool:
    """Whether a later sentence tells more of a meeting just stated ("X will meet Y on May 2. The two
    leaders will discuss trade"): a CONSULT within five sentences whose actors only point back to the
    earlier ones. The merge still needs compatible dates and modality."""
    if earlier.event_type != "CONSULT" or later.event_type != "CONSULT":
        return False
    if not 0 < later.sentence_index - earlier.sentence_index <= 5:
        return False
    return any(a is not None and a.resolved_by in POINTING_BACK for a in (later.source, later.target))


def concern_clause_subjects(noun: Token, lexicon: Lexicon) -> list[Token]:
    """The subject of the "that" clause a concern noun introduces: "voiced alarm that X is testing
    missiles" accuses X."""
    if noun.lemma_.lower() not in lexicon.measures.concern_nouns:
        return []
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)]
    return [t for c in clauses for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]


def carried_by_participle(noun: Token, verbs: Sequence[str]) -> bool:
    """Whether a goods noun is given by a participle after it: "medical supplies *provided by* A"."""
    return any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in verbs and
               any(a.dep_ == "agent" for a in c.children) for c in noun.children)


def fronted_list_subject(verb: Token) -> list[Token]:
    """The subjects of a subjectless verb that the parser joined to a fronted phrase: in "At a
    meeting in Rome, Chile, Peru, Bolivia and Uruguay pledged ...", spaCy may read the list as
    conjuncts of "Rome". The conjuncts after the comma that run up to the verb are its subjects."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i < verb.i):
        pobjs = [t for t in prep.subtree if t.dep_ == "pobj"]
        for pobj in pobjs:
            members = [t for t in _expand_conj(pobj)[1:] if t.dep_ == "conj" and t.pos_ == "PROPN"]
            if len(members) < 2:
                continue
            first = min(members, key=lambda t: t.i)
            between = verb.doc[pobj.i + 1:first.i]
            last_end = max(t.right_edge.i for t in members)
            tail = verb.doc[last_end + 1:verb.i]
            if any(t.text == "," for t in between) and all(t.pos_ in ("ADV", "PUNCT") for t in tail):
                return sorted(members, key=lambda t: t.i)
    return []


def titled_person(title: Token) -> Token | None:
    """The person a long title names, when the parser hung the name inside the title's "of" phrase:
    "Chief of the Cabinet of the Prime Minister Andrei Petrov" (the name as the last "of" object). None for
    titles that end in a body ("Secretary of State") or that are names themselves."""
    if title.pos_ != "PROPN" or title.ent_type_ in ("PERSON", "GPE", "NORP") or not title.is_title:
        return None
    cur = title
    for _ in range(4):
        ofs = [p for c in cur.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        if not ofs:
            return None
        cur = ofs[0]
        named = [c for c in cur.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if cur.pos_ == "PROPN" and cur.ent_type_ in ("PERSON", "") and named and (
                cur.ent_type_ == "PERSON" or any(c.ent_type_ == "PERSON" or c.text.endswith(".") for c in named)):
            return cur
    return None


def _for_beneficiary(trigger: Trigger) -> bool:
    """Whether a trigger's object may name whom it is for ("pledged funds for X's hospitals"): the
    packaged senses of BENEFICIARY_TYPES; a user's own verb keeps the prepositions its file gives."""
    sense = trigger.senses[0]
    return sense.event_type in BENEFICIARY_TYPES and not sense.from_user


EXAMPLE_PREPS = frozenset({"including", "like", "as"})


def named_members(group: Token) -> list[Token]:
    """The members a group noun names by example: "countries *including* A, B and C", "donors *such
    as* A and B" (the examples and their conjuncts)."""
    if group.pos_ != "NOUN" or group.tag_ not in ("NNS", "NNPS"):
        return []
    out: list[Token] = []
    for c in group.children:
        if c.dep_ != "prep" or c.lower_ not in EXAMPLE_PREPS:
            continue
        if c.lower_ == "as" and not any(a.lower_ == "such" for a in c.children):
            continue
        out.extend(t for p in c.children if p.dep_ == "pobj" for t in _expand_conj(p))
    return out


def _inside_event_object(word: Token, verb: Token, lexicon: Lexicon) -> bool:
    """Whether ``word`` is named inside an event noun the verb acts on ("condemned the attack *on X*")."""
    head = word.head
    if head.dep_ != "prep" or head.head.dep_ != "dobj" or head.head.head.i != verb.i:
        return False
    obj = head.head
    return bool(lexicon.types_for(obj.lemma_)) or bool(lexicon.lookup("NOUN", obj.lower_))
