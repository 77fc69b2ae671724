"""Who does it to whom: the source and target actors of a trigger, from its subject, object and phrases."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Iterable, Sequence

from spacy.tokens import Span, Token

from ..actors import (CONTEXT_COUNTRY_RULES, ActorSpan, DOMESTIC_OFFICE_WORDS, DYAD_NOUNS, DocActors, FIRST_PERSON, MAX_PHRASE_TOKENS, PLURAL_PRONOUNS,
                      SECOND_PERSON, SINGULAR_PERSON_PRONOUNS, THING_PRONOUNS, place_country)
from ..records import Actor, QUAD_CLASS, TimeRef
from .lexicon import Lexicon, rule_words
from .pairs import REASON_RELATIONS, _others
from .syntax import (MAX_CLIMB, _bare_complement_subjects, _distinct_countries, _expand_conj, _is_ancestor, asked_subjects,
                     _nominal_gerund, _pobjs, first_conjunct, setting_withs, that_clause_subjects)
from .triggers import (LIGHT_VERBS, MEASURE_TARGET_PREPS, RECEIVING_VERBS, Trigger, _gives_money, _is_travel, fires_weapon,
                       giving_noun,
                       feeling_arguments, participants_subject,
                       is_measure, noun_names)


# Types whose target is what the action falls on, which may be named deep in the object phrase
# ("the training of Ukrainian pilots", "targets near Damascus"); partners of cooperation are named
# directly ("coordinate with X").
PATIENT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "AID", "MOBILIZE", "THREATEN",
                           "REJECT", "RETREAT", "CONCEDE", "SUPPORT", "REQUEST", "PROTEST"})
COOPERATIVE_QUADS = frozenset({"VC", "MC"})
# Types done with a partner: "discussed X with Y".
PARTNER_TYPES = frozenset({"CONSULT", "COOPERATE"})
# How far back (tokens) a bare "Leaders" looks for the "G7 Leaders" it repeats.
GROUP_REACH = 600
# Types of force whose noun names its doer itself ("Russian aggression") or through the verb that
# carries it ("launched attacks"), never through any verb it hangs from.
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types whose noun names its giver with "of" once a recipient is named ("the support of Japan for Ukraine").
GIVING_TYPES = frozenset({"SUPPORT", "AID", "COOPERATE"})
# Words that make a meeting one of all its parties with each other, not of its host with each guest.
MULTILATERAL_MODIFIERS = frozenset({"trilateral", "quadrilateral", "multilateral", "three-way", "four-way"})
TOPIC_VERBS = rule_words("topic_verbs")  # their object is what is talked about, not with whom
ORDERING_VERBS = rule_words("ordering_verbs")  # "the President directed strikes": who orders it does it
# Types that judge the event they act on: its doer is their target, not whom it fell on (issue 14).
JUDGING_TYPES = frozenset({"ACCUSE"})
# Types whose object may name whom it is for: "pledged new funds for X's power grid" (issue 14).
BENEFICIARY_TYPES = frozenset({"AGREE"})
# Nouns naming a standing relation: a verb acting on one ("restored ties with X", "welcomed the
# resumption of relations with X") acts toward the partner.
RELATION_NOUNS = rule_words("relation_nouns")
PROPOSAL_NOUNS = rule_words("proposal_nouns")
SUFFERING_VERBS = rule_words("suffering_verbs")  # their subject suffers the attack they take as object
DEFENCE_WORDS = rule_words("defence_words")  # who defends against an attack is the one attacked
# "Participants discussed ...", bare: the sides of the meeting just told, as "the leaders" are
PARTICIPANT_NOUNS = rule_words("participant_nouns")
JOINT_BODY_NOUNS = rule_words("joint_body_nouns")  # "the U.S.-Japan working group": both governments  # "the call of X": X calls
DOCUMENT_NOUNS = rule_words("document_nouns")  # "issued a statement condemning X": the issuer condemns
ISSUING_VERBS = rule_words("issuing_verbs")  # whose subject issues the document they take
# Participles that give the content of an accusation ("a complaint alleging that X ...").
CLAIM_VERBS = rule_words("claim_verbs")
# Participles that name the members of the cooperative body they follow.
JOINING_VERBS = rule_words("joining_verbs")
MEETING_JOINING_VERBS = rule_words("meeting_joining_verbs")
SPEAKER_TEAM_NOUNS = rule_words("speaker_team_nouns")
# Prepositions of a giving noun or a sum of money that name the recipient ("the delivery of tanks to X").
GIVEN_TO_PREPS = frozenset({"to", "for", "into"})
# Participles that name the target of the event noun they follow.
TARGETING_VERBS = rule_words("targeting_verbs")


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
    unlisted: bool = False  # a verb the lexicon does not list (``structure``): the detector decides


# Verbs of using force or means whose purpose clause tells what was done with them ("fired teargas to
# disperse protesters", "used water cannon to break up the march").
MEANS_VERBS = rule_words("means_verbs")
CALLS_WITH_PURPOSE = rule_words("calls_with_purpose")
SAID_PURPOSES = rule_words("said_purposes")
UNNAMED_DOER_CRIMES = rule_words("unnamed_doer_crimes")
COMMITTED_ADJECTIVES = rule_words("committed_adjectives")
CONTINUING_VERBS = rule_words("continuing_verbs")
TOPIC_PREPS = rule_words("topic_preps")
REFLEXIVE_PRONOUNS = frozenset({"itself", "themselves", "himself", "herself", "ourselves", "myself"})


def _participle_patients(verb: Token, trigger: Trigger) -> list[Token]:
    """The ones a passive participle acts on: the noun it modifies ("American soldiers killed in Jordan",
    "the hostages kidnapped by Hamas"); not forces that move ("U.S. troops deployed to Poland" are
    the doer's own; a host verb's guests have rules of their own)."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or verb.head.pos_ not in ("NOUN", "PROPN") or \
            trigger.senses[0].event_type == "MOBILIZE" or trigger.senses[0].host or \
            any(c.dep_ == "poss" for c in verb.head.children):
        return []
    return _expand_conj(verb.head)


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
            if verb.lower_ in COMMITTED_ADJECTIVES and any(
                    c.dep_ == "prep" and c.lower_ == "to" or c.dep_ == "xcomp" for c in verb.children):
                # "the President is committed to supporting X": a state the subject is in, not a deed done to it
                return [t for s in passive_subs for t in _expand_conj(s)], False
            return [], True
        if cur.dep_ in ("xcomp", "conj") and cur.head is not cur:
            cur = cur.head
            continue
        if cur.dep_ == "acomp" and cur.head.pos_ in ("AUX", "VERB"):
            cur = cur.head  # "Arnor is about / ready / willing to restore ties": Arnor restores
            continue
        if cur.dep_ == "advcl" and cur.head.lemma_.lower() in CALLS_WITH_PURPOSE and \
                cur.lemma_.lower() in SAID_PURPOSES and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            cur = cur.head  # "spoke with X to express gratitude": the caller expresses it
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
            if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.lemma_.lower() in DOCUMENT_NOUNS:
                issuers = [p for c in cur.head.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                           for p in _pobjs(c)]
                if issuers:  # "welcomed the statement from Senegal calling on X": Senegal calls
                    return issuers, False
                if cur.head.dep_ == "dobj" and cur.head.head.lemma_.lower() in ISSUING_VERBS:
                    cur = cur.head.head  # "issued a statement condemning X": the issuer condemns
                    continue
            return _expand_conj(cur.head), cur.tag_ == "VBN"
        if cur.dep_ == "advcl" and (cur.tag_ == "VBG" or (
                cur.tag_ == "VB" and cur.head.lemma_.lower() in MEANS_VERBS
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children))):
            # "..., accusing Beijing of" shares the main clause subject, and so does what force was used
            # for: "fired teargas to disperse protesters" (not any purpose: "visited Kyiv to discuss")
            cur = cur.head
            continue
        if cur.dep_ == "pcomp":
            prep = first_conjunct(cur.head)  # "stand together in condemning X, and on helping Y"
            if prep.dep_ == "prep" and prep.lower_ == "in" and prep.head.lemma_.lower() == "join":
                # "Japan and Canada joined the United States in condemning X": all three condemn
                joined = [t for c in prep.head.children if c.dep_ == "dobj" for t in _expand_conj(c)]
                subjects, passive = _verb_subjects(prep.head)
                return subjects + [t for t in joined if t not in subjects], passive
            doers = _reason_doers(prep)
            if doers:  # "sanctioned three officials for helping Russia": the officials helped
                return doers, False
            if prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX"):
                cur = prep.head  # "X tries to pry Y ... by conducting actions": X conducts them
                if prep.lower_ == "by" and cur.dep_ == "advcl" and cur.tag_ == "VB" and cur.head.pos_ in ("VERB", "AUX"):
                    # "took action to promote accountability by imposing sanctions": the means is done,
                    # by the doer of the clause its purpose serves
                    cur = cur.head
                continue
            if prep.dep_ == "prep" and prep.head.dep_ == "acomp" and prep.head.lower_ in COMMITTED_ADJECTIVES:
                cur = prep.head  # "the United States remains committed to supporting X": it supports X
                continue
        break
    return _dangling_subject(verb), False


def _reason_doers(prep: Token) -> list[Token]:
    """Who did what a "for" phrase gives as the reason of an act on them: the object of "thanked Kenya
    for leading", "sanctioned three Iranian officials for helping Russia", "placed 14 entities on the
    Entity List for supporting Russia's military" (someone named, not a thing: "imposed sanctions for
    ..." keeps the imposer)."""
    if prep.dep_ != "prep" or prep.lower_ != "for":
        return []
    head = prep.head
    objects = [head] if head.dep_ == "dobj" else [c for c in head.children if c.dep_ == "dobj"] \
        if head.pos_ == "VERB" else []
    named = [o for o in objects if (o.pos_ in ("PROPN", "PRON") and o.lower_ not in ("it", "this", "that")) or (
        o.pos_ == "NOUN" and any(c.dep_ in ("amod", "compound", "nmod", "poss") and c.pos_ in ("PROPN", "ADJ")
                                 and c.text[:1].isupper() for c in o.children))]
    return [t for o in named for t in _expand_conj(o)]


def _contents(verb: Token) -> list[Token]:
    """The verbs of what ``verb`` vows, refuses or is committed to: its "to" infinitive or the gerund of
    its "to" phrase, and through a verb of going on the verb it goes on with ("pledged to continue to
    support X", "committed to keep working with Y")."""
    return _gone_on_with([c for c in verb.children if c.dep_ == "xcomp"] + _to_gerunds(verb))


def _to_gerunds(word: Token) -> list[Token]:
    """The gerunds of ``word``'s "to" phrases ("committed to supporting X", "commitment to helping Y")."""
    return [g for p in word.children if p.dep_ == "prep" and p.lower_ == "to"
            for g in p.children if g.dep_ == "pcomp" and g.pos_ == "VERB"]


def _gone_on_with(acts: list[Token]) -> list[Token]:
    """``acts`` and, after a verb of going on among them, the verb it goes on with ("continue to support")."""
    return acts + [g for v in acts if v.lemma_.lower() in CONTINUING_VERBS
                   for g in v.children if g.dep_ == "xcomp" and g.pos_ == "VERB"]


def _with_voice(voice: Actor, others: Actor) -> list[Actor]:
    """The speaker's own leader and the others a mention names with him, both on that mention's words
    ("met with G7 Leaders ... Leaders also condemned"): one mention, so they act together, never on
    each other (``finder._joined_group``)."""
    return [replace(voice, text=others.text, start=others.start, end=others.end), others]


def _verb_of_object(possessive: Token) -> Token | None:
    """The verb in whose object (or prepositional object) a possessive stands ("it defends its people",
    "reaffirmed their support for ..."), or None when it stands in no verb's object."""
    cur = possessive.head
    for _ in range(MAX_CLIMB):
        if cur.dep_ in ("dobj", "pobj", "prep", "dative") and cur.head is not cur:
            cur = cur.head
            continue
        break
    return cur if cur.pos_ in ("VERB", "AUX") else None


def _clause_subject_noun(tok: Token) -> Token | None:
    """The plural subject noun of the clause in whose object a possessive "their" stands ("the leaders
    ... reaffirmed their support"), or None (also for a subject that is itself a pronoun)."""
    verb = _verb_of_object(tok) if tok.dep_ == "poss" and tok.lower_ == "their" else None
    while verb is not None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and \
            not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "expressed their concern ... and reaffirmed their support": the first verb's subject
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")
                 and c.tag_ in ("NNS", "NNPS")), None)


def _clause_subject_pronoun(tok: Token) -> Token | None:
    """The subject "it" of the clause in whose object a possessive "its" stands ("it defends its
    people"), or None."""
    verb = _verb_of_object(tok) if tok.dep_ == "poss" and tok.lower_ == "its" else None
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ == "it"), None)


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


# Nouns of these types are what a promise, request or threat says: "a pledge to help X" (the helping is
# its content, not an event of its own) is for X.
PROMISING_TYPES = frozenset({"AGREE", "REQUEST", "THREATEN"})
PROMISED_ACT_PREPS = frozenset({"to", "with", "for", "against", "on", "toward", "towards"})


def promised_act_objects(noun: Token) -> list[Token]:
    """The objects of the infinitive a noun introduces ("commitment to support Kenya" gives Kenya;
    "readiness to work with X" gives X), or of the gerund of its "to" phrase ("commitment to supporting
    Kenya"), through a verb of going on ("commitment to continue working with X")."""
    words: list[Token] = []
    for verb in _gone_on_with([v for v in noun.children if v.dep_ == "acl" and v.pos_ == "VERB" and any(
            m.dep_ == "aux" and m.lower_ == "to" for m in v.children)] + _to_gerunds(noun)):
        for c in verb.children:
            if c.dep_ in ("dobj", "dative"):
                words.extend(_expand_conj(c))
            elif c.dep_ == "prep" and c.lower_ in PROMISED_ACT_PREPS:
                words.extend(_pobjs(c))
            elif c.dep_ == "ccomp" and c.tag_ in ("VB", "JJ"):
                # "commitment to hold the regime to account", "to make Russia pay": the one acted on
                words.extend(t for s in c.children if s.dep_ == "nsubj" for t in _expand_conj(s))
    return words


def _misattached_doers(noun: Token) -> list[Token]:
    """The actors of a "by" phrase after an event noun that the parser hung on the active verb whose
    object the noun is ("welcomes the commitments by A and B", "condemned the launch by X"), or on the
    noun's own "of" object ("the listing of three Iranian officials by the Treasury Department")."""
    inner = [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for o in _pobjs(c)
             for b in o.children if b.dep_ == "prep" and b.lower_ == "by" for p in _pobjs(b)
             if p.pos_ in ("PROPN", "NOUN") for t in _expand_conj(p)]
    if inner:
        return inner
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return []
    return [t for c in verb.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > noun.i
            for p in _pobjs(c) if p.pos_ in ("PROPN", "NOUN") for t in _expand_conj(p)]


def promised_clause_objects(noun: Token) -> list[Token]:
    """The actors a promise's that-clause acts on, its own subject left out ("the commitments by A and
    B that they will take actions to hold Russia accountable" gives Russia); the clause may hang on
    the noun or, misparsed, on the verb the noun is the object of."""
    def said(c: Token) -> bool:
        return c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    clauses = [c for c in noun.children if said(c)]
    if not clauses and noun.dep_ == "dobj":
        clauses = [c for c in noun.head.children if said(c) and c.i > noun.i]
    words: list[Token] = []
    for clause in clauses[:1]:
        own = {c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")}
        words += [t for t in clause.subtree if t.i not in own and t.pos_ in ("PROPN", "NOUN") and
                  t.dep_ in ("dobj", "pobj", "dative", "nsubj", "nsubjpass")]
    return words


def _struck_thing(obj: Token, obj_types: Sequence[str], trigger: Trigger) -> bool:
    """Whether the object of an attack verb is a thing struck although its noun can name an event (of
    ``obj_types``: "hit military positions", "shelled army deployments"), not an event judged or
    answered ("hit back at the attack")."""
    return trigger.senses[0].event_type == "ASSAULT" and "ASSAULT" not in obj_types and \
        any(c.dep_ in ("amod", "compound", "poss") for c in obj.children)


def _target_words(tok: Token, trigger: Trigger, lexicon: Lexicon, passive: bool) -> list[Token]:
    """Candidate target heads of a verb or noun trigger, best first."""
    words: list[Token] = []
    first = trigger.senses[0]
    # "fired tear gas at protesters", "fired two missiles into the sea": what an attack verb that
    # needs a preposition fires is the weapon, not the target
    weapon_object = fires_weapon(trigger)
    topic_object = trigger.pos == "VERB" and trigger.lemma in TOPIC_VERBS  # "discussed Russia's war with X"
    if trigger.pos == "VERB":
        for c in tok.children:
            if c.dep_ == "dative" and c.pos_ == "ADP":
                words.extend(_pobjs(c))  # "gave 352.5 million euros to Ethiopia", parsed as a dative "to"
            elif c.dep_ in ("dobj", "dative") and not ((weapon_object or topic_object) and c.dep_ == "dobj"):
                words.extend(_expand_conj(c))
        words.extend(t for s in _bare_complement_subjects(tok) for t in _expand_conj(s))
        if any("_asked" in s.needs for s in trigger.senses):
            words.extend(t for s in asked_subjects(tok) for t in _expand_conj(s))  # "need Congress to act"
        words.extend(t for w in trigger.words[1:] if w.head.i == tok.i and w.dep_ in ("ccomp", "acomp", "oprd", "xcomp", "advcl")
                     for s in w.children if s.dep_ == "nsubj" for t in _expand_conj(s))  # "hold X accountable"
        if passive:
            for c in tok.children:
                if c.dep_ == "nsubjpass":
                    words.extend(_expand_conj(c))
    preps = set(lexicon.target_preps)
    if trigger.senses and all(QUAD_CLASS.get(s.event_type) in COOPERATIVE_QUADS for s in trigger.senses):
        preps.discard("against")  # "support for X against Y", "defend themselves against Y": Y is the foe
    if _for_beneficiary(trigger):
        preps -= {"at", "into", "over", "from", "upon"}  # "pledged funds at a conference in Oslo": a setting
    # "called for a boycott against X", "cordoned off the roads into X": the particle of a
    # prepositional verb introduces its object
    preps.update(w.lower_ for w in trigger.words if w.dep_ in ("prep", "prt"))
    for sense in trigger.senses:
        preps.update(n.split()[0] for n in sense.needs if not n.startswith("_"))
        preps.update(sense.target_preps)
        preps.update(lexicon.type_target_preps.get(sense.event_type, ()))
    if trigger.pos == "VERB" and trigger.senses[0].event_type == "SUPPORT" and \
            any(c.dep_ == "dobj" for c in tok.children):
        preps -= {"for", "on"}  # "thanked the President for his leadership in Gaza": the reason, not whom
    if trigger.senses and all(s.event_type == "CONSULT" for s in trigger.senses):
        preps -= TOPIC_PREPS  # "held talks on Russia's build-up": what is talked about, not with whom
    for c in tok.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            words.extend(_pobjs(c))
        if c.dep_ == "prep" and c.lower_ == "between":
            words.extend(_pobjs(c))
    if trigger.pos == "VERB" and "with" in preps:
        words.extend(t for w in setting_withs(tok) for t in _pobjs(w))  # "spoke at the summit with X"
    if trigger.pos == "NOUN" and tok.dep_ == "conj" and not words:
        # "new debt and equity restrictions on Russian banks": a phrase after the last of coordinated
        # nouns, parsed on the first, is every one's
        first = first_conjunct(tok)
        words.extend(t for c in first.children if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i
                     for t in _pobjs(c))
    needed = {n.split()[0] for sense in trigger.senses for n in sense.needs if not n.startswith("_")}
    if trigger.pos == "VERB" and needed:
        # "shared intelligence with X": the needed preposition parsed on the object
        words.extend(p for c in tok.children if c.dep_ == "dobj" for prep in c.children
                     if prep.dep_ == "prep" and prep.lower_ in needed for p in _pobjs(prep))
    if trigger.pos == "VERB" and trigger.senses[0].event_type in PARTNER_TYPES:
        # "discussed climate change with Indonesia", parsed with "with" on the topic: the partner
        # (not "discussed recent engagements with Russia", "Russia's war with Ukraine": the object is an
        # event of its own, with its own other side)
        words.extend(p for c in tok.children if c.dep_ == "dobj" and not lexicon.types_for(c.lemma_) and
                     c.lemma_.lower() not in RELATION_NOUNS
                     for prep in c.children if prep.dep_ == "prep" and prep.lower_ == "with" for p in _pobjs(prep))
    if trigger.pos == "VERB" and (trigger.senses[0].event_type in PATIENT_TYPES or _for_beneficiary(trigger)):
        # "sent aid to Ukraine": the object's preposition names whom it is for (not for partners)
        for c in tok.children:
            if c.dep_ == "dobj":
                for p in c.children:  # "fired two shells at Seoul", parsed with "at" on the object
                    if p.dep_ == "prep" and p.lower_ in ("to", "for", "at", "on", "into", "toward", "towards", "upon"):
                        words.extend(_pobjs(p))
                    elif p.dep_ == "prep" and p.lower_ == "from" and is_measure(c, lexicon):
                        words.extend(_pobjs(p))  # "suspended the tariffs on aluminum from the UK"
                    elif p.dep_ == "acl" and p.tag_ == "VBN":  # "lifted sanctions imposed on India"
                        words.extend(t for q in p.children if q.dep_ == "prep" and q.lower_ in ("on", "against", "upon")
                                     for t in _pobjs(q))
    return words


def _referred_by(pronoun: Token, actor: Actor) -> Actor:
    """``actor`` as the pronoun that refers to it names it: the pronoun's words, the actor's identity."""
    return Actor(text=pronoun.text, country=actor.country, sector=actor.sector, actor_id=actor.actor_id,
                 resolved_by="coreference", start=pronoun.idx, end=pronoun.idx + len(pronoun.text))


def _own_office_holder(actor: Actor) -> bool:
    """Whether an actor is one office of the speaker's own government named by its title ("the
    President" on a government's site): a person "he" or "she" may refer to."""
    # ("The Secretary of State is traveling ... He'll be in Cairo": a title the voice resolves, not "we")
    return actor.sector == "GOV" and ((actor.resolved_by == "noun" and actor.country_by == "voice") or (
        actor.resolved_by == "voice" and actor.text.split()[-1].lower() not in FIRST_PERSON))


@dataclass
class ArgumentFinder:
    """Reads sources and targets of triggers in one document, with a memory for pronouns."""

    actors: DocActors
    lexicon: Lexicon
    recent: list[tuple[int, list[Actor], bool]] = field(default_factory=list)  # (sent, actors, plural)
    # sentences a pronoun looks through to the one before: a transcript's speaker labels ("MR. SULLIVAN:"
    # between a question and its answer's "He urged ...")
    transparent: set[int] = field(default_factory=set)
    current: list[tuple[int, list[Actor], bool]] = field(default_factory=list)  # (token, actors, plural)
    # Per sentence: the subject of its main verb (actors, plural), the first choice of a "they" that is
    # the next sentence's main subject ("The Presidents condemn ... whose perpetrators must be held
    # accountable. They also reject ...": the Presidents, not the perpetrators).
    main_subjects: dict[int, tuple[list[Actor], bool]] = field(default_factory=dict)
    events_so_far: list[tuple[int, "Clause"]] = field(default_factory=list)  # (sentence index, clause)
    current_events: list[tuple[int, "Clause"]] = field(default_factory=list)  # this sentence's so far
    # The events so far by trigger word (lemma and head lemma): their positions in events_so_far.
    events_by_word: dict[str, list[int]] = field(default_factory=dict)
    # Per sentence (by its first token): the country, capital and organisation names in it, in the
    # order of actors.spans; built on first use.
    _named_in_sentence: dict[int, list[ActorSpan]] | None = None
    # The "Participants in the call included ..." verbs of the document (token indexes); built on first use.
    _listings: list[int] | None = None

    def add_events(self, sent_index: int, clauses: Iterable["Clause"]) -> None:
        """Remember a sentence's events (``events_so_far``, ``events_by_word``), and the parties of a
        meeting as the plural a later "they" may be ("X spoke with Y. They discussed ...")."""
        for clause in clauses:
            if clause.targets and any(s.event_type == "CONSULT" for s in clause.trigger.senses):
                parties = _distinct_countries([*clause.sources, *clause.targets])
                if len(parties) >= 2:
                    self.remember(sent_index, parties, True)
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
        doc = self.actors.doc
        main = next(((acts, plural) for i, acts, plural in self.current
                     if doc[i].head.dep_ == "ROOT" and doc[i].pos_ != "PRON"), None)
        if main is not None:
            self.main_subjects[sent_index] = main
        for _, acts, plural in self.current:
            self.remember(sent_index, acts, plural)
        self.current = []

    def remember(self, sent_index: int, actors: list[Actor], plural: bool) -> None:
        if actors:
            self.recent.append((sent_index, actors, plural))
            del self.recent[:-12]

    def pronoun(self, tok: Token, sent_index: int) -> list[Actor]:
        """What a pronoun refers to: the latest fitting actors of this or the previous sentence. A "he"
        or "she" subject resolved is remembered as this sentence's subject, so that a chain of them
        holds ("The President spoke with X. He reaffirmed ... He also spoke with Y.")."""
        found = self._pronoun(tok, sent_index)
        if found and tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in SINGULAR_PERSON_PRONOUNS \
                and not any(i == tok.i for i, _, _ in self.current):
            # the antecedents themselves, as they were named (a name or an office, not a pronoun)
            named = [a for _, actors, _ in reversed(self.recent + self.current) for a in actors]
            antecedents = [next((n for n in named if (n.country, n.sector, n.actor_id) == (a.country, a.sector, a.actor_id)), a)
                           for a in found]
            self.current.append((tok.i, antecedents, False))
            self.current.sort(key=lambda entry: entry[0])
        return found

    def _pronoun(self, tok: Token, sent_index: int) -> list[Actor]:
        word = tok.lower_
        if word in REFLEXIVE_PRONOUNS and tok.dep_ in ("dobj", "pobj") and tok.head.pos_ in ("VERB", "AUX", "ADP"):
            # "Israel's right to defend itself": the doer itself, whatever was named before
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            doers = [s for s in _verb_subjects(verb)[0] if s.pos_ != "PRON" and s.i != tok.i]
            return [_referred_by(tok, a) for a in self.resolve(doers, sent_index)] if doers else []
        if word in FIRST_PERSON:
            return self.actors.first_person(tok)  # a transcript's speaker, else the document's voice
        if word in SECOND_PERSON:
            return self.actors.second_person(tok)  # in leaders' remarks, the leader addressed
        subject = _clause_subject_noun(tok)
        if subject is not None:  # "The leaders ... reaffirmed their support": the leaders'
            found = self.resolve([subject], sent_index)
            if found:
                return [replace(a, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text)) for a in found]
        if word in THING_PRONOUNS:
            subject = _clause_subject_pronoun(tok)
            if subject is not None:  # "as it defends its people": its own, whatever was named before
                return [replace(a, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
                        for a in self.pronoun(subject, sent_index)]
            # "sanctions against Russia for its brutal war": the nearest country named before it
            named = self.named_before(tok)
            if named:
                a = named[-1].actor
                return [Actor(text=tok.text, country=a.country, sector=a.sector, resolved_by="coreference",
                              start=tok.idx, end=tok.idx + len(tok.text))]
        if word in PLURAL_PRONOUNS:
            # "designations targeting officials and entities ... for their support": they are the
            # nearest plural noun before, and when that names no actor, no one we know
            # (not an act or a concern: "talks with Sweden and Finland to resolve concerns over their
            # applications" are Sweden's and Finland's)
            plural = [t for t in self.actors.sentence_of(tok) if t.i < tok.i and t.tag_ == "NNS" and t.dep_ != "nsubj"
                      and self.actors.span_at(t) is None  # not a word inside a name ("People's Republic")
                      and not self.lexicon.types_for(t.lemma_.lower())
                      and t.lemma_.lower() not in self.lexicon.measures.concern_nouns]
            subjects = [i for i, _, _ in self.current if i < tok.i]
            if plural and (not subjects or plural[-1].i > max(subjects)) and \
                    self.actors.actor_for(plural[-1]) is None:
                return []
            if tok.dep_ == "poss":
                group = self.coordinated_before(tok)
                if group and (not subjects or group[0].start > self.actors.doc[max(subjects)].idx):
                    return [_referred_by(tok, a) for a in group]
        earlier_here = [(sent_index, acts, plural) for i, acts, plural in self.current if i < tok.i]
        if word in PLURAL_PRONOUNS and tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and not earlier_here:
            previous = sent_index - 1
            while previous in self.transparent:
                previous -= 1
            actors, plural = self.main_subjects.get(previous, ([], False))
            if plural or len(actors) > 1:
                return [_referred_by(tok, a) for a in actors]
        for idx, actors, plural in reversed(self.recent + earlier_here):
            if sent_index - idx - sum(1 for k in self.transparent if idx < k < sent_index) > 1:
                break
            if word in PLURAL_PRONOUNS and (plural or len(actors) > 1):
                return [_referred_by(tok, a) for a in actors]
            if word in SINGULAR_PERSON_PRONOUNS and len(actors) == 1 and not plural and (
                    actors[0].actor_id or _own_office_holder(actors[0])):
                a = actors[0]
                if (a.resolved_by in ("dictionary", "surname") or _own_office_holder(a)) and \
                        a.sector in ("GOV", "MIL", "LEG", None):
                    return [_referred_by(tok, a)]
            if word in THING_PRONOUNS and len(actors) == 1 and actors[0].resolved_by != "voice" and (
                    not actors[0].actor_id or actors[0].actor_id not in self.actors.dictionary.people):
                # "The Pentagon said it hit five bases": a body, not a person, is "it"
                a = actors[0]
                return [Actor(text=tok.text, country=a.country, sector=a.sector,
                              resolved_by="coreference", start=tok.idx, end=tok.idx + len(tok.text))]
        if word in SINGULAR_PERSON_PRONOUNS and tok.dep_ == "poss":
            # "at the President's urging after his call with Lula": the one person the
            # sentence names before, when no subject is remembered
            people = [a for t in self.actors.sentence_of(tok) if t.i < tok.i and t.dep_ == "poss" and t.pos_ != "PRON"
                      for a in [self.actors.actor_for(t)] if a is not None and (
                          _own_office_holder(a) or (a.actor_id and a.actor_id in self.actors.dictionary.people))]
            if len({a.actor_id or a.text for a in people}) == 1:
                a = people[-1]
                return [_referred_by(tok, a)]
        return []

    def coordinated_before(self, tok: Token) -> list[Actor]:
        """The nearest coordinated names of two or more countries before ``tok`` in its sentence ("talks
        with Sweden and Finland ... their applications"), as the actors "their" may refer to."""
        sent = self.actors.sentence_of(tok)
        for head in reversed([t for t in sent if t.i < tok.i and t.dep_ != "conj"
                              and any(c.dep_ == "conj" and c.i < tok.i for c in t.children)]):
            members = [m for m in _expand_conj(head) if m.i < tok.i and m.pos_ == "PROPN"]
            actors = [a for m in members for a in [self.actors.actor_for(m)] if a is not None and a.country]
            if len(members) >= 2 and len(actors) == len(members) and len(_distinct_countries(actors)) >= 2:
                return actors
        return []

    def resolve(self, words: Iterable[Token], sent_index: int, as_target: bool = False,
                deep: bool = True) -> list[Actor]:
        """The actors that argument words denote (pronouns through the memory of recent subjects)."""
        out: list[Actor] = []
        for w in words:
            if w.pos_ == "PRON" and not self.actors.dictionary.unnamed_kind(w.lower_, "partitives"):
                if not w.lower_.endswith(("self", "selves")):  # "defend itself" names no one new
                    out.extend(self.pronoun(w, sent_index))
                continue
            pair = self.actors.dyad_reference(w) or self.joint_body(w) or self.participants(w, sent_index)
            if pair:
                out.extend(a for a in pair if all(a.country != b.country for b in out))
                continue
            # "as it defends its people": the people of whatever "it" is
            owned = any(c.dep_ == "poss" and (_clause_subject_pronoun(c) is not None or c.lower_ in ("our", "my"))
                        for c in w.children) and not any(  # and "our people", "my staff": the speaker's
                c.dep_ in ("compound", "amod", "nmod") and (span := self.actors.span_at(c)) is not None
                and span.kind in ("organization", "country")
                for c in w.children)  # (but "my fellow G7 leaders" are the G7's)
            actor = (self.owned_by_pronoun(w, sent_index) if owned else None) or \
                self.actors.actor_for(w, as_target=as_target, deep=deep) or \
                self.owned_by_pronoun(w, sent_index) or self.own_office(w)
            if actor is None:
                continue
            if actor.actor_id is None and w.pos_ != "PROPN" and any(
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
            if actor.resolved_by in ("adjective", "modifier") or actor.country_by == "adjective":
                # "the Chinese and Indian leaders": one actor per coordinated country word
                out.extend(extra for extra in self.coordinated_modifiers(w, actor)
                           if all(extra.country != a.country for a in out))
        return out

    def defenders(self, noun: Token, sent_index: int) -> list[Actor]:
        """Those who defend themselves "against" an attack noun: the owner of a defence noun, else the
        subject of a defending verb or of the verb whose object the defended thing is ("they defend
        their sovereignty against Russia's invasion"; ``defence_words``)."""
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "pobj":
            noun = noun.head.head  # "self-defense against Russia's war of aggression"
        against = noun.head
        if noun.dep_ != "pobj" or against.lower_ != "against":
            return []
        held = against.head
        if held.pos_ in ("NOUN", "PROPN") and held.dep_ in ("dobj", "conj", "pobj") and held.head.pos_ in ("VERB", "NOUN"):
            owners = [c for c in held.children if c.dep_ == "poss"]
            if held.lemma_.lower() in DEFENCE_WORDS and owners:
                return self.resolve(owners, sent_index, as_target=True)
            while held.dep_ == "conj":
                held = held.head
            if held.dep_ == "dobj":
                held = held.head
        if held.lemma_.lower() not in DEFENCE_WORDS and held.lower_ not in DEFENCE_WORDS:
            return []
        doers = [c for c in held.children if c.dep_ in ("poss", "nsubj")]
        if not doers and held.dep_ == "xcomp":  # "Ukraine continues to defend itself against ..."
            doers = [c for c in held.head.children if c.dep_ == "nsubj"]
        if len(doers) == 1 and doers[0].pos_ == "PRON":
            # "support for Ukraine's armed forces as they defend themselves": the country named last
            # before the pronoun, not the sentence's subject
            named = self.named_before(doers[0])
            return [named[-1].actor] if named else []
        return self.resolve(doers, sent_index, as_target=True)

    def joint_body(self, head: Token) -> list[Actor]:
        """The two governments of a body named "A-B <noun>" ("the U.S.-EU Task Force", "the
        India-Japan working group"): the actors just before and after a hyphen among its modifiers."""
        if head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() not in JOINT_BODY_NOUNS:
            return []
        span = self.actors.span_at(head)
        if span is not None and span.actor.country:
            return []
        if self.actors.sector_of_phrase(head) not in (None, "GOV", "MIL"):
            return []  # "the U.S.-China Business Council" is a lobby, not the two governments
        doc = head.doc
        for tok in head.subtree:
            if tok.i >= head.i:
                break
            if tok.text != "-" or tok.i == 0:
                continue
            before, after = self.actors.span_at(doc[tok.i - 1]), self.actors.span_at(doc[tok.i + 1])
            if before and after and before.actor.country and after.actor.country and \
                    before.actor.country != after.actor.country:
                return [Actor(text=side.actor.text, country=side.actor.country, sector=side.actor.sector or "GOV",
                              resolved_by="modifier", start=side.actor.start, end=side.actor.end)
                        for side in (before, after)]
        return []

    def own_office(self, head: Token) -> Actor | None:
        """"the President", "the Secretary" with no country: in a government's own statement, its own."""
        voice = self.actors.voice
        if voice is None or head.pos_ not in ("NOUN", "PROPN") or not head.is_title:
            return None
        if not self.own_department(head) and (not any(c.lower_ == "the" for c in head.children) or
                                              any(c.dep_ in ("amod", "compound", "poss", "prep") for c in head.children)):
            return None
        sector = self.actors.sector_of_phrase(head)
        if sector is None:
            return None
        return Actor(text=self.actors.phrase_text(head), country=voice, sector=sector, resolved_by="voice",
                     start=self.actors.phrase_start(head), end=self.actors.phrase_end(head))

    def own_department(self, head: Token) -> bool:
        """A title of a government's own departments that names no country ("The Deputy National
        Security Advisor for International Economics", "Special Envoy for Climate ..."): every word
        capitalised, one of them an office word (``DOMESTIC_OFFICE_WORDS``), no actor named in it."""
        if head.dep_ == "appos":
            return False
        parts = [c for c in head.children if (c.dep_ in ("compound", "amod") and c.i < head.i) or
                 (c.dep_ == "prep" and c.lower_ in ("of", "for"))]
        words = [head] + [w for c in parts for w in c.subtree]
        named = [w for w in words if not w.is_punct and w.lower_ not in ("of", "for", "and")]
        return bool(parts) and all(w.is_title or w.is_upper for w in named) and \
            any(w.lower_ in DOMESTIC_OFFICE_WORDS for w in named) and \
            not any(self.actors.span_at(w) for w in words)

    def owned_by_pronoun(self, head: Token, sent_index: int) -> Actor | None:
        """"his government", "its military": the sector noun's owner through the pronoun ("my staff":
        the speaker's government)."""
        sector = self.actors.sector_of_phrase(head) if head.pos_ == "NOUN" else None
        if sector is None and head.lemma_.lower() in SPEAKER_TEAM_NOUNS and any(
                c.dep_ == "poss" and c.lower_ in ("my", "our") for c in head.children):
            sector = "GOV"
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
        modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]
        for child in modifiers + owners:
            # "Norway, Chile and Kenya": an owner's conjuncts hang one below the other
            conjuncts = _expand_conj(child)[1:] if child in owners else list(child.children)
            if child not in owners and any(c.dep_ == "cc" for c in child.children):
                # "UK and EU negotiators", parsed with "EU" as a second modifier of the noun, not a conjunct
                conjuncts += [m for m in modifiers if m.i > child.i]
                # "Nigerian and British armed forces": the noun is one country's body, the first modifier
                # names the other
                conjuncts.append(child)
            for conj in conjuncts:
                # "the leaders of Canada, Mexico, and ...": the small model hangs list items as appositions
                listed = conj.dep_ == "conj" or (child in owners and conj.dep_ == "appos") or conj in modifiers
                span = self.actors.span_at(conj) if listed else None
                if span is not None and conj.dep_ == "appos" and span.kind != "country":
                    span = None
                if span is not None and span.actor.country and span.actor.country != first.country and \
                        all(span.actor.country != a.country for a in out):
                    out.append(Actor(text=first.text, country=span.actor.country, sector=first.sector,
                                     resolved_by=first.resolved_by, start=first.start, end=first.end))
        return out

    def governing_verb(self, noun: Token) -> tuple[Token | None, str]:
        """The verb an event noun hangs from, and how: object, subject or a prepositional phrase."""
        cur = noun
        for _ in range(MAX_CLIMB):
            head = cur.head
            if head is cur:
                return None, ""
            if cur.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
                return head, "object"
            if cur.dep_ in ("nsubj",) and head.pos_ in ("VERB", "AUX"):
                return head, "subject"
            if cur.dep_ == "nsubj" and head.pos_ == "ADJ" and head.dep_ in ("ccomp", "xcomp") and \
                    head.head.pos_ == "VERB":
                # "announced sanctions on officials responsible for X", parsed as a small clause whose
                # subject is the noun: the verb's object
                return head.head, "object"
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
        received = self.received_from(noun, sent_index) or self.arrived_from(noun, trigger, sent_index)
        if received is not None:
            return received
        sources: list[Actor] = []
        modifiers: list[Actor] = []
        co_doers: list[Actor] = []
        of_words: list[Token] = []
        # "the U.S. provision of security assistance to Ukraine": the giving noun names giver and recipient
        giver = giving_noun(noun) if any(s.event_type == "AID" for s in trigger.senses) else None
        giver_words = [c for c in giver.children if not (c.dep_ == "prep" and c.lower_ == "of")] if giver else []
        for c in chain(noun.children, giver_words, _carriers_between(noun)):
            if c.dep_ == "poss":
                sources.extend(self.resolve(_expand_conj(c), sent_index))
            elif c.dep_ in ("compound", "amod", "nmod") and c not in trigger.words:
                modifiers.extend(self.modifier_actors(c))
                # "U.S. and United Nations sanctions": modifiers coordinated with it act together
                co_doers.extend(a for x in c.conjuncts for a in self.modifier_actors(x))
            elif c.dep_ == "prep" and c.lower_ == "by":
                sources.extend(self.resolve(_pobjs(c), sent_index))
            elif c.dep_ == "prep" and c.lower_ == "between":
                pair = self.resolve(_pobjs(c), sent_index, as_target=True)
                if len(_distinct_countries(pair)) >= 2:
                    return pair[:1], pair[1:], 0.8
            elif c.dep_ == "prep" and c.lower_ == "among" and noun.lemma_.lower() not in RELATION_NOUNS:
                # "a collaboration among the United States, Argentina, Brazil and Canada": every pair (not
                # "the security partnership among the GCC states, Egypt and Jordan", a standing relation)
                members = _distinct_countries(self.resolve(_pobjs(c), sent_index, as_target=True))
                if len(members) >= 2:
                    return members, members, 0.75
            elif c.dep_ == "prep" and c.lower_ == "of":
                of_words = _pobjs(c)
        if not sources:
            sources = self.resolve(_misattached_doers(noun), sent_index)  # "welcomes the commitments by A"
        if not sources and noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.pos_ == "VERB" and \
                "ACCUSE" in self.lexicon.types_for(noun.head.head.lemma_.lower()):
            # "blamed Hamas for the attack on Israel": the one blamed did the deed
            sources = self.resolve([c for c in noun.head.head.children if c.dep_ == "dobj"], sent_index)
        by_participle, for_participle = participle_arguments(noun)  # "sanctions imposed by A on B"
        if not sources and by_participle:
            sources = self.resolve(by_participle, sent_index)
        if not sources and noun.dep_ == "conj" and not any(c.dep_ == "poss" for c in noun.children):
            # "China's harassment of ..., covert spying, potential lethal aid": one possessor for all
            first = first_conjunct(noun)
            sources = self.resolve([c for c in first.children if c.dep_ == "poss"], sent_index)
        if not sources and noun.dep_ == "pobj" and noun.head.lower_ == "of" and (
                {s.event_type for s in trigger.senses} & set(self.lexicon.types_for(noun.head.head.lemma_))
                or noun.head.head.lemma_.lower() in self.lexicon.transparent_nouns):
            # "Russia's war of aggression against Ukraine": the war's owner wages the aggression; "Russia's
            # escalation of attacks", "China's series of drills": the count's owner acts
            sources = self.resolve([c for c in noun.head.head.children if c.dep_ == "poss"], sent_index)
        if consult and not sources and of_words and not any("of" in s.target_preps for s in trigger.senses):
            # "the visit of the Chinese president" (but "a roundtable of women leaders" is whom it convenes)
            sources = self.resolve(of_words, sent_index)
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
        target_words = _target_words(noun, trigger, self.lexicon, passive=False)
        if giver is not None:  # "bought $1 billion in arms from X": only whom it goes to or is for
            target_words += [t for c in giver.children if c.dep_ == "prep" and c.lower_ in GIVEN_TO_PREPS
                             for t in _pobjs(c)]
        targets = self.resolve([w for w in target_words if not self.actors.is_venue(w)], sent_index, as_target=True)
        if noun.dep_ == "dobj" and noun.lemma_.lower() in PROPOSAL_NOUNS:
            # "extended President Biden an invitation to visit Doha" (the parser may make both objects
            # direct): the one given the invitation or offer is whom it is for
            given = [c for c in noun.head.children if c.dep_ in ("dobj", "dative") and c.i < noun.i]
            targets = self.resolve(given, sent_index, as_target=True) or targets
        if not sources and of_words and not consult and any(s.event_type in GIVING_TYPES for s in trigger.senses):
            # "the support of the United States and other G7 nations for Ukraine's reconstruction": with a
            # recipient named, "of" names who gives (the parser may hang "for" on the last giver)
            owed = [p for w in of_words for c in w.children if c.dep_ == "prep" and c.lower_ in ("for", "to")
                    for p in _pobjs(c)]
            recipients = targets or self.resolve(owed, sent_index, as_target=True)
            givers = _others(self.resolve(of_words, sent_index), recipients) if recipients else []
            if givers:
                sources, targets = givers, recipients
        if not targets and for_participle:
            targets = self.resolve(for_participle, sent_index, as_target=True)
        if not targets:
            # "sanctions that have isolated the DPRK", "the assistance that helped Ukraine": whom the
            # relative clause of the event noun acts on
            acting = [r for r in noun.children if r.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in r.children)]
            targets = _others(self.resolve([o for r in acting for c in r.children if c.dep_ == "dobj"
                                            for o in _expand_conj(c)], sent_index, as_target=True), sources)
        if not targets and any(s.event_type in PROMISING_TYPES for s in trigger.senses):
            # "its commitment to support Kenya", "a threat to strike X": whom the act promised is for
            targets = self.resolve(promised_act_objects(noun), sent_index, as_target=True)
            if not targets and sources:
                targets = _others(self.resolve(promised_clause_objects(noun), sent_index, as_target=True), sources)
        if not targets and by_participle:
            targets = self.resolve(arrival_destination(noun, self.lexicon), sent_index, as_target=True)
        if not targets and sources and any(s.event_type == "REQUEST" for s in trigger.senses):
            targets = self.resolve(responder(noun, self.lexicon), sent_index, as_target=True)  # "B granted A's request"
        if not targets and of_words and not consult:
            targets = self.resolve(of_words, sent_index, as_target=True)  # "the invasion of Ukraine"
            if not targets and any(s.event_type in PATIENT_TYPES for s in trigger.senses):
                targets = self.places(of_words)  # "the shelling of Kharkiv": the place's country
        if not targets and trigger.senses[0].event_type in HOSTILE_TYPES:
            # "carried out a strike on Kharkiv": the place struck is its country struck
            struck = [w for w in target_words if w.head.dep_ == "prep" and w.head.lower_ in ("on", "against")]
            targets = _others(self.places(struck), sources)
        suffering = sufferers(noun) if trigger.senses[0].event_type in HOSTILE_TYPES else []
        if suffering:
            # "Israel facing unprecedented attacks from Iran", "Ukraine under continued bombardment from
            # Russia", "Ukraine repelled attacks by Russia": who attacks comes "from", who suffers faces it
            sources = sources or self.resolve([p for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"
                                               for p in _pobjs(c)], sent_index)
            if sources and not _others(targets, sources):
                targets = _others(self.resolve(suffering, sent_index, as_target=True), sources)
        if not targets and (sources or len(distinct) == 1) and trigger.senses[0].event_type in HOSTILE_TYPES:
            # "support for Ukraine in the face of Russia's (or Russian) aggression", "assistance to X against
            # Y's attacks": whom the act is aided against is the one helped
            targets = _others(self.resolve(defended_against(noun, self.lexicon), sent_index, as_target=True),
                              sources or modifiers)
        if not targets and _is_travel(trigger):
            targets = self.destinations(noun, sent_index, [v for s in trigger.senses for v in s.light])
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
        if consult and not sources and governor is not None and relation == "prep:for" and \
                self.lexicon.hosts(governor.lemma_):
            # "welcomed A and B of Poland for a meeting at the White House": the guests visit the host
            guests = self.resolve([c for c in governor.children if c.dep_ == "dobj"], sent_index)
            hosts = self.resolve(_verb_subjects(governor)[0], sent_index, as_target=True)
            if guests and hosts:
                return guests, hosts, 0.75
        hostile = {s.event_type for s in trigger.senses} <= HOSTILE_TYPES  # "strike" may be a labour strike
        if not sources and governor is not None and relation == "object" and not (hostile and len(distinct) == 1) and (
                governor.lemma_.lower() in LIGHT_VERBS or any(governor.lemma_.lower() in s.light for s in trigger.senses)):
            # (but "continues its support for Russian aggression": the hostile act's own modifier did it)
            # "China opened a WTO dispute": the carrying verb's subject, not the forum named before the noun
            sources, borrowed, confidence = self.from_governing_verb(noun, sent_index, bool(targets))
            targets = targets or borrowed
            if len(_distinct_countries(sources)) >= 2 and not targets:
                targets = self.partner_on_verb(noun, trigger, sent_index)  # "A and B provided aid to C"
        if not sources and len(distinct) == 1 and (targets or hostile):
            # "Chinese support for U.S. restrictions", "Russian aggression", "U.S. and UN sanctions"
            sources, confidence = modifiers[:1] + _others(_distinct_countries(co_doers), modifiers[:1]), 0.75
        owned = any(c.dep_ == "poss" for c in noun.children)  # "for their support": someone else's
        carried = governor is not None and relation == "object" and (
            governor.lemma_.lower() in LIGHT_VERBS | ORDERING_VERBS or any(
                governor.lemma_.lower() in s.light + s.carriers for s in trigger.senses))
        if not sources and hostile and not carried:
            pass  # "efforts to monitor attacks on health workers": whoever monitors did not attack
        elif not sources and not owned and not self.is_acted_on(noun):
            sources, borrowed_targets, confidence = self.from_governing_verb(noun, sent_index, bool(targets))
            if not targets:
                targets = borrowed_targets
        if not sources and modifiers:
            sources, confidence = modifiers[:1], 0.7
        if consult and sources and not targets and governor is not None and relation == "object" and \
                governor.lemma_.lower() in MEETING_JOINING_VERBS:
            targets = self.parties_of_joined_meeting(noun, sources, sent_index)
        if consult and any(c.dep_ == "amod" and c.lower_ in MULTILATERAL_MODIFIERS for c in noun.children):
            everyone = _distinct_countries(sources + targets)
            if len(everyone) >= 3:
                return everyone, everyone, confidence  # "Biden's trilateral meeting with Kishida and Yoon": every pair
        if not sources and not targets and trigger.lemma in UNNAMED_DOER_CRIMES:
            return self.unnamed_doer_crime(noun)
        return sources, targets, confidence

    def received_from(self, noun: Token, sent_index: int) -> tuple[list[Actor], list[Actor], float] | None:
        """"Ukraine received humanitarian aid from Japan": the giver named after "from" gives to the
        subject of the verb of receiving (None when the noun is no such object)."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.lemma_.lower() not in RECEIVING_VERBS:
            return None
        givers = [p for c in (*noun.children, *verb.children) if c.dep_ == "prep" and c.lower_ == "from"
                  for p in _pobjs(c)]
        sources = self.resolve(givers, sent_index)
        targets = _others(self.resolve(_verb_subjects(verb)[0], sent_index, as_target=True), sources)
        return (sources, targets, 0.75) if sources and targets else None

    def arrived_from(self, noun: Token, trigger: Trigger, sent_index: int) -> tuple[list[Actor], list[Actor], float] | None:
        """"Humanitarian aid from Qatar, the UAE and Egypt reached Gaza": the givers named after "from"
        give to where the aid arrived (None when the noun is no aid that arrives somewhere)."""
        if not any(s.event_type == "AID" for s in trigger.senses):
            return None
        destination = arrival_destination(noun, self.lexicon)
        givers = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "from" for p in _pobjs(c)]
        if not destination or not givers:
            return None
        sources = self.resolve(givers, sent_index)
        targets = _others(self.resolve(destination, sent_index, as_target=True) or self.places(destination), sources)
        return (sources, targets, 0.75) if sources and targets else None

    def unnamed_doer_crime(self, noun: Token) -> tuple[list[Actor], list[Actor], float]:
        """A violent crime told without its doer ("the shooting in Half Moon Bay, California"): an
        unidentified criminal of the country where it happened, against the people there."""
        country = self.actors.place_in_clause(noun)
        if country is None:
            return [], [], 0.0
        start, end = self.actors.phrase_start(noun), self.actors.phrase_end(noun)
        text = self.actors.phrase_text(noun)
        doer = Actor(text=text, country=country, sector="CRM", resolved_by="place", start=start, end=end)
        harmed = Actor(text=text, country=country, sector="CVL", resolved_by="place", start=start, end=end)
        return [doer], [harmed], 0.7

    def listed_participants(self, verb: Token, sent_index: int) -> tuple[list[Actor], list[Actor], float]:
        """"Participants in the call included A, B and C": the convener of the latest meeting told
        before (its source), else the document's voice ("President Biden held a call with
        transatlantic leaders" names no party), meets each participant of another country."""
        meeting = next((c for _, c in chain(reversed(self.current_events), reversed(self.events_so_far))
                        if any(s.event_type == "CONSULT" for s in c.trigger.senses)), None)
        if meeting is not None:
            conveners = _distinct_countries(meeting.sources)
        elif self.actors.voice is not None:
            subject = participants_subject(verb)
            conveners = [Actor(text=subject.text, country=self.actors.voice, sector="GOV", resolved_by="voice",
                               start=subject.idx, end=subject.idx + len(subject.text))]
        else:
            return [], [], 0.0
        listed = [t for c in verb.children if c.dep_ == "dobj" for t in _expand_conj(c)]
        resolved = self.resolve(listed, sent_index, as_target=True)
        # a participant is no convener, though "They discussed ..." before named the participants too
        conveners = [a for a in conveners if a.country not in {p.country for p in resolved}] or conveners
        countries = {a.country for a in conveners}
        participants = [a for a in resolved if a.country not in countries]
        sources = [Actor(text=a.text, country=a.country, sector=a.sector, actor_id=a.actor_id,
                         resolved_by="coreference", start=a.start, end=a.end) for a in conveners]
        return sources, participants, 0.7

    def parties_of_joined_meeting(self, noun: Token, joiners: list[Actor], sent_index: int) -> list[Actor]:
        """"X joined the call": the parties of the meeting told of before (the latest earlier event of
        the same word, else the latest meeting), other than X's own country."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
            return []  # "joined a call" is another one
        lemma = noun.lemma_.lower()
        earlier = [clause for _, clause in chain(reversed(self.current_events), reversed(self.events_so_far))]
        meeting = next((c for c in earlier if c.trigger.head.lemma_.lower() == lemma), None) or next(
            (c for c in earlier if any(s.event_type == "CONSULT" for s in c.trigger.senses)), None)
        if meeting is None:
            return []
        own = {a.country for a in joiners}
        start, end = self.actors.phrase_start(noun), self.actors.phrase_end(noun)
        return [Actor(text=self.actors.phrase_text(noun), country=a.country, sector=a.sector, actor_id=a.actor_id,
                      resolved_by="coreference", start=start, end=end)
                for a in _distinct_countries(meeting.sources + meeting.targets) if a.country not in own]

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
        same_kind = [c for c in recent if {QUAD_CLASS[s.event_type] for s in c.trigger.senses if s.event_type} & quads]
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
                        if c.dep_ == "prep" and (c.lower_ in ("with", "between", "to", "against", "on") or (
                            c.lower_ == "of" and not judging and self._use_of_force(n)))
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
            doer_preps = ("by", "from", "of") if obj.lemma_.lower() in PROPOSAL_NOUNS else ("by",)
            doers = [c for c in obj.children if c.dep_ == "poss"] + [
                p for c in obj.children if c.dep_ == "prep" and c.lower_ in doer_preps for p in _pobjs(c)]
            doers += _misattached_doers(obj)  # "condemned the launch by North Korea", "by" parsed on the verb
            found = _others(self.resolve(doers, sent_index, as_target=True, deep=False), sources)  # "by a Chinese ship"
            if len(_distinct_countries(found)) > 1 and len(doers) > 1:
                return _distinct_countries(found)  # "welcomes the commitments by A, B and C": each of them
            modifiers = [c for c in obj.children if c.dep_ in ("compound", "amod", "nmod")]
            modifiers += [m for c in modifiers for m in c.children  # "the EU withdrawal agreement"
                          if m.dep_ in ("compound", "amod", "nmod") and m.i < c.i]
            found += _others([a for c in modifiers for a in self.modifier_actors(c)], sources)
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
        bare = singular in PARTICIPANT_NOUNS  # "Participants discussed ...": no "the" needed
        if head.tag_ not in ("NNS", "NNPS") or (singular not in DYAD_NOUNS and not bare) or \
                any(c.dep_ in ("amod", "compound", "poss", "nummod", "prep") for c in head.children):
            return []
        group = self.named_group(head)
        if group is not None:
            # "met with G7 Leaders ... Leaders also discussed": the G7's, and the speaker's own leader who
            # met them (the readout's convention: the U.S. and the other participants as one actor)
            voice = self.actors.voice_at(head) if singular == "leader" else None
            return [group] if voice is None or voice.country == group.country else _with_voice(voice, group)
        if not bare and not any(c.lower_ == "the" for c in head.children):
            return []
        for idx, clause in chain(reversed(self.current_events), reversed(self.events_so_far)):
            if sent_index - idx > (3 if bare else 1):
                break
            if clause.trigger.head.i > head.i:
                continue  # "The leaders expressed concern about Russia's build-up and reaffirmed": their own act
            if bare and not any(s.event_type == "CONSULT" for s in clause.trigger.senses):
                continue  # participants are those of a meeting
            # the sides of a meeting or a cooperation; of an accusation or an attack only its doers ("They
            # reiterated their opposition to attempts by the PRC ... The leaders expressed concern")
            cooperative = all(QUAD_CLASS.get(s.event_type) in COOPERATIVE_QUADS for s in clause.trigger.senses)
            countries = _distinct_countries(clause.sources + (clause.targets if cooperative else []))
            dyad = self.actors.main_dyad()
            if len(countries) > 2 and dyad and set(dyad) <= {a.country for a in countries}:
                # "... work together with China. The Presidents reaffirm ...": the two who met, not China
                countries = [a for a in countries if a.country in dyad]
            if len(countries) >= 2:
                return [Actor(text=self.actors.phrase_text(head), country=a.country, sector=a.sector,
                              resolved_by="coreference", start=self.actors.phrase_start(head),
                              end=self.actors.phrase_end(head)) for a in countries]
        return self.listed_later(head) if singular == "leader" else []

    def listed_later(self, head: Token) -> list[Actor]:
        """"The leaders" of a call whose participants a later "Participants in the call included A, B
        and C" lists: the speaker's own leader and the others as one actor (the first listed), as the
        gold codes a readout's joint acts; [] when the text has no such list or no voice."""
        voice = self.actors.voice_at(head)
        if voice is None:
            return []
        if self._listings is None:
            self._listings = [t.i for t in self.actors.doc
                              if t.lemma_.lower() == "include" and participants_subject(t) is not None]
        listing = next((self.actors.doc[i] for i in self._listings if i > head.i), None)
        if listing is None:
            return []
        listed = [t for c in listing.children if c.dep_ == "dobj" for t in _expand_conj(c)]
        others = [a for t in listed for a in [self.actors.actor_for(t, as_target=True)]
                  if a is not None and a.country and a.country != voice.country]
        if not others:
            return []
        return _with_voice(voice, Actor(text=self.actors.phrase_text(head), country=others[0].country,
                                        sector=others[0].sector, resolved_by="coreference",
                                        start=self.actors.phrase_start(head), end=self.actors.phrase_end(head)))

    def named_group(self, head: Token) -> Actor | None:
        """The organisation an earlier "<organisation> <noun>" of the same noun named ("G7 Leaders",
        "NATO Allies"), which a bare "Leaders" later in the text speaks of."""
        lemma = head.lemma_.lower()
        for earlier in reversed(self.actors.doc[max(0, head.i - GROUP_REACH):head.i]):
            # (a capitalised "G7 Leaders" may be tagged a proper noun and keep its plural as its lemma)
            if (earlier.lemma_.lower() != lemma and earlier.lower_ != head.lower_) or \
                    not any(c.dep_ == "compound" for c in earlier.children):
                continue
            actor = self.actors.actor_for(earlier)
            if actor is not None and actor.country is not None and self.actors.dictionary.country(actor.country) is None:
                return Actor(text=self.actors.phrase_text(head), country=actor.country, sector=actor.sector,
                             resolved_by="coreference", start=self.actors.phrase_start(head),
                             end=self.actors.phrase_end(head))
            return None
        return None

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
        if any(lemma in s.carriers for name in noun_names(noun) for s in self.lexicon.lookup("NOUN", name)):
            return False  # "signed an agreement with X", "signed a memorandum of understanding": the verb carries it
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        if particle and self.lexicon.types_for(f"{lemma} {particle}"):
            return True  # "broke up protests"
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
            if span is not None and span.actor.country and all(span.actor.country != a.country for a in found) \
                    and (span.actor.sector != "IGO" or _hyphen_joined(tok)):
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

    def destinations(self, tok: Token, sent_index: int, light: Sequence[str] = ()) -> list[Actor]:
        """Places a travel word goes to ("to California", "to Shanghai") as their countries; a gathering
        it goes to, where that gathering meets ("led a delegation to a conference in Tashkent,
        Uzbekistan", "traveled to the summit in Jakarta"). ``light``: the verbs that carry the travel
        noun, whose "to" is the noun's ("led a delegation to ...")."""
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "in", "into")]
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in light:
            preps += [c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "to"]
        out = []
        for prep in preps:
            for place in _pobjs(prep):
                country = place_country(place)
                if country:
                    out.append(Actor(text=self.actors.phrase_text(place), country=country,
                                     resolved_by="place", start=self.actors.phrase_start(place),
                                     end=self.actors.phrase_end(place)))
                elif place.pos_ == "NOUN" and prep.lower_ == "to" and self.actors.actor_for(place) is None:
                    venue = [p for v in place.children if v.dep_ == "prep" and v.lower_ in ("in", "at")
                             for p in _pobjs(v)]
                    out += self.resolve(venue, sent_index, as_target=True) or self.places(venue)
        if tok.pos_ == "VERB":  # "visited Hiroshima", "toured Osaka and Kyoto"
            out += self.places([o for c in tok.children if c.dep_ == "dobj" for o in _expand_conj(c)])
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
        # (a fact sheet's item opens with a gerund and names no doer: "Imposing sanctions on 25 entities
        # connected to Russia": whom it falls on still counts, the voice is the doer)
        item = not subj_words and governor.dep_ == "ROOT" and governor.tag_ == "VBG"
        if (not sources and not item) or has_target:
            return sources, [], 0.7
        if relation == "object":
            # "imposed sanctions on Venezuela", "paid a visit to Cairo": the preposition hangs off the verb
            preps = set(self.lexicon.target_preps)
            senses = self.lexicon.lookup("NOUN", noun.lemma_.lower())
            if senses and all(QUAD_CLASS.get(s.event_type) in COOPERATIVE_QUADS for s in senses):
                preps.discard("against")  # "providing assistance to Ukraine against Russia's aggression"
            words = [t for c in governor.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
                     and not _is_ancestor(c, noun) for t in _pobjs(c)]  # "sent vaccines to X": dative
            words += [t for c in governor.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")
                      for t in _expand_conj(c)]  # "have sent Ukraine 2,000 missiles"
            found = _others(self.resolve(words, sent_index, as_target=True), sources)
            if found:
                return sources, found, 0.75  # (also of co-subjects: "A, B and C announced aid to D")
        if len(_distinct_countries(sources)) >= 2:
            return sources, [], 0.7  # "South Korea and the United States ended a joint exercise"
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
        if participants_subject(verb) is not None:
            return self.listed_participants(verb, sent_index)
        felt = feeling_arguments(trigger)
        if felt is not None:  # "Japan remains alarmed by North Korea's missile tests"
            sources = self.resolve(felt[0], sent_index)
            about = [_reported_doer(w, self.lexicon) for w in felt[1]]  # "concerned by reports that X ..."
            return sources, _others(self.resolve(about, sent_index, as_target=True), sources), 0.6
        subj_words, passive = _verb_subjects(verb)
        patients = _participle_patients(verb, trigger)
        if patients and subj_words and subj_words[0].i == verb.head.i:
            subj_words = []  # "American citizens detained in Iran": those detained, not the detainers
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
        if not sources and passive and trigger.senses[0].target_preps == MEASURE_TARGET_PREPS:
            lifted = self.measure_lifted(verb, sent_index)  # "UN sanctions against Iran were lifted"
            if lifted is not None:
                return lifted
        # (people or bodies: "this USAID initiative launched at the summit" is no one acted on)
        targets = [a for a in _others(self.resolve(patients, sent_index, as_target=True, deep=False), sources)
                   if a.sector is not None] if patients else []
        if targets:
            return sources, targets, 0.85 if sources else 0.6
        # "condemned the ramming of a Philippine vessel by a Chinese ship": the judged doer first
        targets = [] if trigger.lemma in TOPIC_VERBS else self.through_event_object(
            verb, sources, sent_index, judging=trigger.senses[0].event_type in JUDGING_TYPES)
        if not targets:
            words = [w for w in _target_words(verb, trigger, self.lexicon, passive)
                     if not (w.dep_ == "dobj" and (types := self.lexicon.types_for(w.lemma_))
                             and not _struck_thing(w, types, trigger))
                     and not (trigger.senses[0].event_type in JUDGING_TYPES and _inside_event_object(w, verb, self.lexicon))
                     and not self.actors.is_venue(w)]
            targets = self.resolve(words, sent_index, as_target=True,
                                   deep=trigger.senses[0].event_type in PATIENT_TYPES or _for_beneficiary(trigger))
        if not targets and _is_travel(trigger):
            targets = self.destinations(verb, sent_index)
        if not targets and trigger.senses[0].event_type in HOSTILE_TYPES:
            # "Russian forces shelled Kharkiv": a place attacked is its country attacked
            struck = [w for w in _target_words(verb, trigger, self.lexicon, passive) if not self.actors.is_venue(w)]
            targets = _others(self.places(struck), sources)
        if not targets:
            targets = self.resolve(arrival_destination(verb, self.lexicon), sent_index, as_target=True)
        if not targets and (trigger.senses[0].event_type == "AID" or (
                trigger.senses[0].event_type == "AGREE" and _gives_money(verb))):
            # "gave 352 million euros to promote development in Ethiopia": aid given (or money
            # committed: "is committing $2 million to partner with firms in Kenya") where it is spent
            served = _places_served(verb)
            countries = [a for a in self.resolve(served, sent_index, as_target=True) if a.resolved_by == "dictionary"]
            targets = _others(countries + self.places(served), sources)[:1]
            if not targets:
                # "Providing $20 million to support Moldova's energy security": whom the purpose helps
                helped = [o for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in HELPING_VERBS
                          and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                          for o in c.children if o.dep_ in ("dobj", "dative")]
                targets = _others([a for a in self.resolve(helped, sent_index, as_target=True)
                                   if a.country and a.country_by not in CONTEXT_COUNTRY_RULES], sources)[:1]  # (not "health workers")
        if not targets:
            # "vowed to wage war on the Rohans", "refused to meet X": the target of what is vowed
            # ("committed to ensuring support for X": the gerund of a "to" phrase as well)
            for inner in _contents(verb):
                # an event noun of no one's: "agreed to undertake joint military exercises" is with no
                # one ("refused to join NATO exercises" is toward NATO)
                words = [t for c in inner.children if c.dep_ in ("dobj", "dative") for t in _expand_conj(c)
                         if not self._names_event(t) or self._owned_by_country(t)]
                # "pledged to provide F-16 aircraft to Ukraine": a "to" the parser calls a dative
                words += [t for c in inner.children if c.dep_ == "dative" and c.pos_ == "ADP" for t in _pobjs(c)]
                words += [t for c in inner.children if c.dep_ == "prep" and c.lower_ in self.lexicon.target_preps
                          for t in _pobjs(c)]
                for obj in (c for c in inner.children if c.dep_ == "dobj"):
                    words += [t for c in obj.children if c.dep_ == "prep" and (
                        c.lower_ in self.lexicon.target_preps or (c.lower_ in ("of", "for") and self._names_event(obj)))
                              for t in _pobjs(c)]  # "ensuring support of Ukraine's self-defense"
                # "agreed to stay in close touch with X": the partner of the event noun it stays in
                words += [t for p in inner.children if p.dep_ == "prep" for noun in _pobjs(p) if self._names_event(noun)
                          for c in noun.children if c.dep_ == "prep" and c.lower_ in self.lexicon.target_preps
                          for t in _pobjs(c)]
                targets = _others(self.resolve(words, sent_index, as_target=True), sources)
                if targets:
                    break
        if not targets and trigger.senses[0].event_type in ("REQUEST", "THREATEN", "ACCUSE", "CONCEDE"):
            asked = [t for c in verb.children if c.dep_ == "ccomp"
                     for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]
            targets = _others(self.resolve([t for w in asked for t in _expand_conj(w)], sent_index), sources)
        if not targets and sources and verb.dep_ == "advcl" and verb.tag_ == "VBG" and \
                trigger.senses[0].event_type in HOSTILE_TYPES | {"SANCTION"}:
            # "is taking action against Russia's military-industrial base, sanctioning 300 entities": the
            # gerund spells out the act against whom the main verb is aimed
            # (the act the main verb takes: not "went on strike against the reform, halting trains")
            aimed = [t for o in verb.head.children if o.dep_ == "dobj"
                     for c in o.children if c.dep_ == "prep" and c.lower_ == "against" for t in _pobjs(c)]
            targets = _others(self.resolve(aimed, sent_index, as_target=True), sources)
        confidence = 0.85 if sources and targets else 0.6
        if any(s.host for s in trigger.senses) and trigger.senses[0].host:
            # "is hosting a symposium in Jakarta": a thing placed in a country is no guest
            targets = [t for t in targets if not (t.sector is None and (t.resolved_by == "phrase" or t.country_by == "place"))]
            sources, targets = targets, sources
        return sources, targets, confidence


    def _use_of_force(self, noun: Token) -> bool:
        """Whether an event noun is only a use of force, whose "of" phrase names the one struck ("lifted
        the blockade of Qatar", "ended the siege of Mariupol"), not its doer ("the withdrawal of troops")."""
        types = set(self.lexicon.types_for(noun.lemma_))
        return bool(types) and types <= HOSTILE_TYPES

    def _names_event(self, noun: Token) -> bool:
        """Whether a noun is an event word of the lexicon, alone or with a modifier ("joint exercises")."""
        lemma = noun.lemma_.lower()
        return bool(self.lexicon.types_for(lemma)) or any(
            self.lexicon.lookup("NOUN", f"{c.lemma_.lower()} {lemma}") for c in noun.children
            if c.dep_ in ("compound", "amod"))

    def _owned_by_country(self, noun: Token) -> bool:
        actor = self.actors.actor_for(noun, as_target=True, deep=False)
        return actor is not None and actor.country is not None

    def measure_lifted(self, verb: Token, sent_index: int) -> tuple[list[Actor], list[Actor], float] | None:
        """A measure raised or lowered in the passive with no "by": its owner is the doer, whom it falls on the
        target ("UN sanctions against Iran were lifted", "Iran's restrictions on U.S. firms were eased")."""
        for measure in (c for c in verb.children if c.dep_ == "nsubjpass" and is_measure(c, self.lexicon)):
            owners = [c for c in measure.children if c.dep_ == "poss"]
            sources = self.resolve(owners, sent_index) + [
                a for c in measure.children if c.dep_ in ("compound", "amod", "nmod") for a in self.modifier_actors(c)]
            fallen = [p for c in measure.children if c.dep_ == "prep" and c.lower_ in MEASURE_TARGET_PREPS for p in _pobjs(c)]
            targets = _others(self.resolve(fallen, sent_index, as_target=True), sources)
            if sources and targets:
                return sources, targets, 0.75
        return None

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


HYPHENS = ("-", "\u2013")


def _hyphen_joined(tok: Token) -> bool:
    """"U.S.-ASEAN summit": an organisation joined to a country by a hyphen is a party, where "the APEC
    summit" names only the forum."""
    doc = tok.doc
    return (tok.i > 0 and doc[tok.i - 1].text in HYPHENS) or (tok.i + 1 < len(doc) and doc[tok.i + 1].text in HYPHENS)


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


# Prepositions of the place where what is given is used ("development in Ethiopia").
SERVED_PREPS = frozenset({"in", "across", "throughout"})


def _places_served(verb: Token) -> list[Token]:
    """Objects of an "in"/"across"/"throughout" phrase within the clause of ``verb`` (not inside a
    clause with a subject of its own), nearest the verb first."""
    out = []
    for tok in verb.subtree:
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep" or tok.head.lower_ not in SERVED_PREPS:
            continue
        cur, own_clause = tok, False
        while cur.i != verb.i and cur.head is not cur:
            cur = cur.head
            if cur.i != verb.i and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
                own_clause = True
                break
        if not own_clause:
            out.append(tok)
    return sorted(out, key=lambda t: abs(t.i - verb.i))


FACED_PREPS = rule_words("faced_preps")
HELPING_VERBS = rule_words("helping_verbs")  # "gave $20 million to support X's energy security": X is helped
HELPING_TYPES = frozenset({"SUPPORT", "AID", "COOPERATE"})


def defended_against(noun: Token, lexicon: Lexicon) -> list[Token]:
    """Whom support, aid or cooperation is given to against the hostile act ``noun`` names: the
    "for"/"to"/"with" objects of a helping word in the clause a phrase "against N", "amid N" or "in the
    face of N" hangs from ("stands with Ukraine in the face of Russia's aggression", "assistance to
    Ukraine against Russia's brutal war")."""
    prep = noun.head
    if noun.dep_ != "pobj":
        return []
    if prep.lower_ in FACED_PREPS:
        phrase = prep
    elif prep.lower_ == "of" and prep.head.lower_ == "face" and prep.head.dep_ == "pobj" and prep.head.head.lower_ == "in":
        phrase = prep.head.head
    else:
        return []
    inside = range(phrase.left_edge.i, phrase.right_edge.i + 1)
    out = []
    for tok in phrase.head.subtree:
        if tok.i not in inside and tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and \
                set(lexicon.types_for(tok.head.lemma_.lower())) & HELPING_TYPES:
            out.extend(_expand_conj(tok))  # "continue supporting Ukraine in the face of Russian aggression"
            continue
        helper = tok.head.head
        if tok.i in inside or tok.dep_ != "pobj" or tok.head.lower_ not in ("for", "to", "with"):
            continue
        types = {t for word in [helper] + [c for c in helper.children if c.dep_ == "dobj"]  # "providing assistance to"
                 for t in lexicon.types_for(word.lemma_.lower())} | set(
            lexicon.types_for(f"{helper.lemma_.lower()} {tok.head.lower_}"))
        if types & HELPING_TYPES:
            out.extend(_expand_conj(tok))
    return out


def _carriers_between(noun: Token) -> list[Token]:
    """The "between" phrases of the verb that carries an event noun, which name its parties: "talks
    were held between A and B", "the dialogue conducted last week between A and B", "talks took place
    between A and B"."""
    verbs = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ == "VERB":
        verbs.append(noun.head)
    return [p for v in verbs for p in v.children if p.dep_ == "prep" and p.lower_ == "between"]


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
            for p in _pobjs(c)] + [t for c in main.children if c.dep_ == "dobj" for t in _expand_conj(c)] + \
        [t for c in main.children if c.dep_ in ("ccomp", "xcomp") for s in c.children if s.dep_ == "nsubj"
         for t in _expand_conj(s)]  # "has helped Ukraine rebuild its grid"


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


def sufferers(noun: Token) -> list[Token]:
    """Who suffers an attack noun: the subject of the verb of suffering whose object it is ("Israel
    facing attacks from Iran", ``suffering_verbs``), or what is "under" it ("Ukraine under continued
    bombardment", "the convoy came under attack")."""
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in SUFFERING_VERBS:
        return [c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if noun.dep_ == "pobj" and noun.head.lower_ == "under":
        owner = noun.head.head
        if owner.pos_ in ("NOUN", "PROPN"):
            return [owner]
        if owner.pos_ in ("VERB", "AUX"):  # "Ukraine remains under bombardment", "came under attack"
            return [c for c in owner.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def _from_context(actor: Actor) -> Actor:
    """An earlier event's actor taken up by a later one: the same actor, found by context."""
    return Actor(text=actor.text, country=actor.country, sector=actor.sector, actor_id=actor.actor_id,
                 resolved_by="context", start=actor.start, end=actor.end)


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
            return [_from_context(t) for t in other.targets]
    return []


def partner_of_last_talk(sources: Sequence[Actor], earlier: Sequence[tuple[int, Clause]],
                         sent_index: int) -> list[Actor]:
    """Whom a first-person "we" acts with when the sentence before told the speaker's talk with another
    ("I spoke with President Lopez Obrador of Mexico. We agreed to keep working together"): that
    partner. [] if the sentence before told no such talk."""
    if not sources or not all(s.resolved_by == "voice" for s in sources):
        return []
    for index, other in reversed(earlier):
        if index < sent_index - 1:
            break
        # (the speaker among the talk's sources: "Prime Minister Kishida and I just concluded a very productive
        # meeting. Today, we're upgrading our defense cooperation.")
        if index == sent_index - 1 and any(s.event_type == "CONSULT" for s in other.trigger.senses) and \
                any(s.resolved_by == "voice" for s in other.sources):
            own = {s.country for s in sources}
            partners = other.targets if all(s.resolved_by == "voice" for s in other.sources) else \
                [*other.targets, *other.sources]
            return list({t.country: _from_context(t) for t in partners if t.country and t.country not in own}.values())
    return []


def _reported_doer(word: Token, lexicon: Lexicon) -> Token:
    """The subject of the "that" clause of a noun of hearsay, else the word itself: "concerned by reports
    that Russia is supplying weapons to Sudan" is concern about Russia."""
    subjects = that_clause_subjects(word, ("acl", "ccomp")) if word.lemma_.lower() in lexicon.hearsay else []
    return subjects[0] if subjects else word


def concern_clause_subjects(noun: Token, lexicon: Lexicon) -> list[Token]:
    """The subject of the "that" clause a concern noun introduces: "voiced alarm that X is testing
    missiles" accuses X."""
    if noun.lemma_.lower() not in lexicon.measures.concern_nouns:
        return []
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and any(
        m.lower_ == "that" and (m.dep_ == "mark" or c.dep_ != "relcl") for m in c.children)]  # not "the concern that X raised"
    return [t for c in clauses for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]


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


def _for_beneficiary(trigger: Trigger) -> bool:
    """Whether a trigger's object may name whom it is for ("pledged funds for X's hospitals"): the
    packaged senses of BENEFICIARY_TYPES; a user's own verb keeps the prepositions its file gives."""
    sense = trigger.senses[0]
    return sense.event_type in BENEFICIARY_TYPES and not sense.from_user


def _inside_event_object(word: Token, verb: Token, lexicon: Lexicon) -> bool:
    """Whether ``word`` is named inside an event noun the verb acts on ("condemned the attack *on X*")."""
    head = word.head
    if head.dep_ != "prep" or head.head.dep_ != "dobj" or head.head.head.i != verb.i:
        return False
    obj = head.head
    return bool(lexicon.types_for(obj.lemma_)) or bool(lexicon.lookup("NOUN", obj.lower_))
