"""Candidates from structure: verbs the trigger lexicon does not list that link two actors.

The lexicon finds events only through the words it lists. Any other verb whose subject and object
(or prepositional object) are actor mentions is a candidate too: the rules find its source and
target as for a lexicon verb, and the learned event detector decides whether the pair is an event,
of which type and in which direction (``finder.EventFinder``). The word lists and thresholds are
data: ``data/structure.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ..resources import packaged_yaml
from .lexicon import Lexicon, Sense
from .syntax import joining_participle
from .triggers import Trigger

# The sense of a verb the lexicon does not know: no type, no needs; the detector types it.
UNLISTED = Sense(event_type="", pos="VERB")

# Children that make a verb a modifier or a piece of a name rather than a predicate of its own.
NOT_PREDICATE_DEPS = frozenset({"amod", "compound", "aux", "auxpass", "prt", "det", "case"})


@dataclass(frozen=True)
class StructureRules:
    """What ``data/structure.yaml`` says: verbs that are never an event's own word, and how sure the
    detector must be of a structural candidate."""

    not_events: frozenset[str]
    setting_preps: frozenset[str]
    occasion_preps: frozenset[str]
    min_event: float
    min_type: float
    max_per_sentence: int


@lru_cache(maxsize=1)
def structure_rules() -> StructureRules:
    data = packaged_yaml("structure.yaml")
    return StructureRules(not_events=frozenset(w.lower() for w in data["not_events"]),
                          setting_preps=frozenset(w.lower() for w in data["setting_preps"]),
                          occasion_preps=frozenset(w.lower() for w in data["occasion_preps"]),
                          min_event=float(data["min_event"]), min_type=float(data["min_type"]),
                          max_per_sentence=int(data["max_per_sentence"]))


def _links_mentions(verb: Token) -> bool:
    """Whether the verb has a subject (or passive subject or agent) and an object or a prepositional
    object: the shape of "A did something to B"."""
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children)
    has_object = any(c.dep_ in ("dobj", "dative", "prep") for c in verb.children)
    return has_subject and has_object


def structural_triggers(sent: Span, lexicon: Lexicon, rules: StructureRules,
                        taken: set[int]) -> list[Trigger]:
    """Verbs of ``sent`` that the lexicon does not list (nor any word of a lexicon trigger, ``taken``:
    token indexes) and that link a subject to an object, as triggers with the UNLISTED sense."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in taken or tok.dep_ in NOT_PREDICATE_DEPS:
            continue
        lemma = tok.lemma_.lower()
        if lemma in rules.not_events or lexicon.lookup("VERB", lemma) or lemma in lexicon.stative_verbs:
            continue
        if any(c.i in taken and c.dep_ in ("dobj", "nsubjpass", "xcomp", "ccomp") for c in tok.children):
            continue  # "made the trip", "sought to expand ties": the listed word is the event
        if any(_counts_an_event(c, taken) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")):
            continue  # "adopted its twelfth package of sanctions against Russia"
        if not _links_mentions(tok) or joining_participle(tok):
            continue  # (not "Joined by Canada, the United States ...": the joiners act with the subject)
        governor = tok.head
        if tok.dep_ in ("advcl", "xcomp", "ccomp", "acl", "relcl") and (
                governor.i in taken or any(c.i in taken for c in governor.children if c.dep_ == "dobj")):
            continue  # "imposed sanctions, freezing the assets of ...": how the listed event was done
        out.append(unlisted_trigger(tok))
    return out


def _counts_an_event(obj: Token, taken: set[int]) -> bool:
    """Whether an object counts or bundles a listed event through "of" ("a package of sanctions", "the
    next round of talks"): the listed word is the event."""
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            if any(p.i in taken for p in prep.children if p.dep_ == "pobj"):
                return True
    return False


# Words that head a mention of an actor (with pronouns: "we" in a statement is its government).
MENTION_POS = frozenset({"NOUN", "PROPN", "PRON"})
MENTION_SKIP_DEPS = frozenset({"compound", "amod", "appos", "det", "nmod"})


def mention_heads(sent: Span, rules: StructureRules) -> list[Token]:
    """The words of ``sent`` that may head an actor mention, in order; not the object of a preposition
    of setting ("in Jakarta")."""
    return [t for t in sent if t.pos_ in MENTION_POS and t.dep_ not in MENTION_SKIP_DEPS
            and not (t.dep_ == "pobj" and t.head.lower_ in rules.setting_preps)
            and not _on_occasion(t, rules)]


def _on_occasion(tok: Token, rules: StructureRules) -> bool:
    """Whether a word is inside a phrase of when or on what occasion ("Following Nigeria's request")."""
    for above in _ancestors(tok)[1:]:
        if above.dep_ == "prep" and above.lower_ in rules.occasion_preps:
            return True
    return False


def _ancestors(tok: Token) -> list[Token]:
    path = [tok]
    while path[-1].head is not path[-1] and len(path) < 40:
        path.append(path[-1].head)
    return path


def linking_word(a: Token, b: Token) -> Token:
    """The lowest word that governs both ``a`` and ``b`` (the word that links two mentions)."""
    above_a = _ancestors(a)
    seen = {t.i for t in above_a}
    for t in _ancestors(b):
        if t.i in seen:
            return t
    return above_a[-1]


def coordinated(a: Token, b: Token) -> bool:
    """Whether two mention heads are conjuncts of one phrase ("Japan, Australia and India"): co-actors,
    not a source and a target."""
    def first(tok: Token) -> Token:
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        return tok
    return first(a).i == first(b).i


def pair_link(a: Token, b: Token, lexicon: Lexicon, taken: set[int]) -> Token | None:
    """The word that links two mentions when they may be an event's source and target as a candidate
    from structure, else None: not conjuncts, neither inside the other's phrase, and linked neither by a
    word the rules already read (``taken``: a lexicon trigger decides its own arguments) nor by a
    reporting verb (the one who says it is no party to what is said)."""
    if coordinated(a, b):
        return None
    word = linking_word(a, b)
    if word.i in (a.i, b.i):
        return None  # one names part of the other ("the ministers of France", "Iran, which backs Syria")
    if word.i in taken or word.lemma_.lower() in lexicon.reporting_verbs:
        return None
    return word


# How a mention's phrase attaches to its clause, for the order of a pair from structure
PATIENT_ROLES = frozenset({"nsubjpass", "dobj"})
AGENT_ROLES = frozenset({"nsubj", "agent"})
PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "pobj", "prep", "det", "nummod"})


def grammatical_role(head: Token) -> str:
    """The relation of a mention's phrase to the nearest verb above it: nsubj, nsubjpass, dobj, or
    "agent" for the object of a passive's "by"; "" for anything else."""
    tok = head
    for _ in range(6):
        if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
            return "agent"
        if tok.head.i == tok.i or tok.head.pos_ in ("VERB", "AUX"):
            return tok.dep_ if tok.dep_ in PATIENT_ROLES | AGENT_ROLES else ""
        if tok.dep_ not in PHRASE_DEPS:
            return ""
        tok = tok.head
    return ""


def doer_second(a: Token, b: Token) -> bool:
    """Whether of two mentions in text order the second is the doer: the first is a passive subject or
    an object, or the second a subject or a passive's agent ("civilians were killed as forces shelled")."""
    return grammatical_role(a) in PATIENT_ROLES or grammatical_role(b) in AGENT_ROLES


def unlisted_trigger(verb: Token) -> Trigger:
    """A verb the lexicon does not list as a trigger with the UNLISTED sense (the detector types it)."""
    return Trigger(head=verb, words=[verb], lemma=verb.lemma_.lower(), pos="VERB", senses=[UNLISTED])
