"""Coding a source and a target: one-sided events, victims, the police's country, civilian and state sectors."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from spacy.tokens import Span

from ..actors import DocActors
from ..records import Actor
from .lexicon import rule_table, rule_words
from .triggers import Trigger


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
# ... and the release of captives by someone the text does not name ("fishermen have been freed").
UNKNOWN_DOER_TYPES = UNKNOWN_SOURCE_TYPES | {"RETREAT"}
# Sectors of a state's own organs: a protest needs a doer outside them to stand alone.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "IGO", "LOC"})
# Doers whose attack is an event even when no victim is named ("Houthi attacks against commercial
# vessels", "Russian forces shelled the power grid"): armed forces, rebels, criminals, and a country
# named as such. A politician "attacking" a policy is not one.
ARMED_SECTORS = frozenset({"MIL", "REB", "CRM", "SPY", "COP"})


def _others(found: Sequence[Actor], sources: Sequence[Actor]) -> list[Actor]:
    """The actors of ``found`` that can be the other side of an event by ``sources``: another
    country, or another sector of the same one ("the opposition demanded the president's
    resignation")."""
    return [a for a in found if not any(same_referent(a, s) for s in sources)]


ONE_SIDED_RETREATS = rule_words("one_sided_retreats")
ONGOING_CONFLICT_NOUNS = rule_words("ongoing_conflict_nouns")
ACTED_ON_NOUNS = rule_words("acted_on_nouns")
PUBLISHED_OBJECTS = rule_words("published_objects")
ACQUIRING_VERBS = rule_words("acquiring_verbs")
# Named entities of spaCy's English models that count time, money or amounts, or name a work: not people.
NOT_PEOPLE_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "WORK_OF_ART", "LAW"})
ON_PEOPLE_TYPES = frozenset(rule_words("targetless_on_people"))
ON_PERSONS_TYPES = frozenset(rule_words("targetless_on_persons"))
# type -> the only triggers that may have it with no target ("agreed to redraw the border"; not "promised to")
TARGETLESS_LEMMAS = rule_table("targetless_lemmas")
# type -> the nouns what it acts on must be, when no target is named ("lifted the ban", "rejected the appeal")
ON_THINGS = rule_table("targetless_objects")
TENDERING_VERBS = rule_words("tendering_verbs")
# type -> how a verb of that type may name what it acts on when no target is named ("object" or a preposition)
TARGETLESS_TYPES = rule_table("targetless_types")


def alone_types(trigger: Trigger) -> frozenset[str]:
    """Types other than the one-sided ones that this trigger may have with no target: a sanction or a
    request acting on someone who is no actor of a known country ("imposed sanctions on 37
    individuals", "calling on world leaders"), people freed, expelled or helped ("released 40
    detainees"), a measure lifted, a proposal rejected, an act agreed to ("lifted the ban", "agreed
    to a ceasefire"; all ``targetless_types`` in data/rule_words.yaml); a resignation, a declared
    truce, a surrender ("Peru's interim president resigned on Sunday", "the GNA announced a
    ceasefire": RETREAT, ``one_sided_retreats``)."""
    head = trigger.head
    if any(s.event_type in TARGETLESS_TYPES for s in trigger.senses):  # (the parse is read only for these)
        def ways_of(acted_on) -> set[str]:
            if trigger.pos == "VERB" and not _participle_of_another(head):
                ways = _ways_of_acting_on(head, acted_on)
                if trigger.carries_act and "to-verb" in ways:
                    # an infinitive that is an event word of its own: "agreed to resign" is the resignation,
                    # "threatened to shell the village" a threat
                    ways = ways - {"to-verb"} | {"to-act"}
                return ways
            if head.dep_ == "dobj" and head.head.pos_ == "VERB" and head.head.lemma_.lower() not in ACQUIRING_VERBS:
                # "imposed sanctions on 37 individuals" (not "workers receive the relief": they get it)
                return (_ways_of_acting_on(head, acted_on) | _ways_of_acting_on(head.head, acted_on)) - {"object"}
            return set()
        targetless = {s.event_type for s in trigger.senses
                      if TARGETLESS_TYPES.get(s.event_type, frozenset()) & ways_of(_what_it_acts_on(s.event_type))
                      and trigger.lemma in TARGETLESS_LEMMAS.get(s.event_type, {trigger.lemma})}
        if targetless:
            return frozenset(targetless)
    if trigger.lemma not in ONE_SIDED_RETREATS or not any(s.event_type == "RETREAT" for s in trigger.senses):
        return frozenset()
    if trigger.pos == "NOUN" and not (head.dep_ == "dobj" and head.head.lemma_.lower() in TENDERING_VERBS):
        return frozenset()  # "protesters demanding the president's resignation": no one has resigned
    return frozenset({"RETREAT"})


def _participle_of_another(verb) -> bool:
    """"walked out of factories, demanding unpaid wages": a participle with no subject of its own tells
    how another act was done (the protest carries its demand)."""
    return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "conj") and \
        not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)


def _what_it_acts_on(event_type: str):
    """The test a noun must pass to be what a targetless act of this type acts on."""
    if event_type in ON_PEOPLE_TYPES:
        return _someone
    if event_type in ON_PERSONS_TYPES:
        things = ON_THINGS.get(event_type, frozenset())  # "laid down their weapons", "withdrew its troops"
        return lambda noun: _persons(noun) or (noun.pos_ == "NOUN" and noun.lemma_.lower() in things)
    if event_type in ON_THINGS:
        things = ON_THINGS[event_type]
        return lambda noun: noun.pos_ == "NOUN" and noun.lemma_.lower() in things
    return _a_noun


def _a_noun(noun) -> bool:
    return noun.pos_ in ("NOUN", "PROPN", "NUM")


def _ways_of_acting_on(word, acted_on=_a_noun) -> set[str]:
    """How ``word`` names what it acts on: "object" for a direct object ("urged companies"), each
    preposition with a noun object ("on" in "sanctions on 37 individuals", "calling on leaders"), and
    "to-verb" for an infinitive ("agreed to redraw the border"); with ``acted_on``, only objects that pass
    it (``_someone``: "sanctions on 37 individuals", not "a ban on abortion")."""
    ways = set()
    for child in word.children:
        if child.dep_ in ("dobj", "dative") and acted_on(child):
            ways.add("object")
        elif child.dep_ in ("prep", "prt") and any(g.dep_ == "pobj" and acted_on(g) for g in child.children):
            ways.add(child.lower_)
        elif child.dep_ == "xcomp" and child.pos_ == "VERB":
            ways.add("to-verb")
    return ways


def _someone(noun) -> bool:
    """Whether a preposition's object names people or bodies acted on: a name, a count ("37
    individuals"), or one of ``acted_on_nouns`` ("sanctions on entities"; not "a ban on abortion")."""
    if noun.pos_ == "PROPN":
        return True
    if noun.pos_ != "NOUN":
        return False
    return any(c.dep_ == "nummod" for c in noun.children) or noun.lemma_.lower() in ACTED_ON_NOUNS


def _persons(noun) -> bool:
    """Whether an object names people: counted ("40 detainees"), one of ``acted_on_nouns``, or a name
    the parser takes for a person or a people; not a named text or programme ("released the Country
    Reports", "a new Climate Capital Guidebook"), which is what a government mostly releases."""
    if noun.pos_ == "PROPN":
        return noun.ent_type_ in ("PERSON", "NORP") and noun.lemma_.lower() not in PUBLISHED_OBJECTS
    if noun.ent_type_ in NOT_PEOPLE_ENTITIES or noun.lemma_.lower() in PUBLISHED_OBJECTS:
        return False  # "released 30 Years of Community Living ...", "25 highlights"
    return _someone(noun)


def one_sided_clause(trigger: Trigger, sources: Sequence[Actor]) -> bool:
    """Whether a trigger with no target is still an event: a mobilisation by anyone named, or a
    protest, strike or boycott by a non-state actor ("protesters rallied"; a state "demonstrating
    resolve" is not a demonstration)."""
    types = {s.event_type for s in trigger.senses}
    if types & alone_types(trigger) and any(a.country is not None and not a.unknown for a in sources):
        return True  # "the prime minister resigned"
    if not attack_stands_alone(trigger):
        types.discard("ASSAULT")
    if not types & (ONE_SIDED_TYPES | {"ASSAULT"}):
        return False
    return any(_one_sided_source(a, types - {"ASSAULT"} if not _own_doer(trigger, a) else types) for a in sources)


def attack_stands_alone(trigger: Trigger) -> bool:
    """Whether the trigger is an attack even with no one attacked: not when its sense needs only a
    preposition to be one, its object being the weapon ("fired two missiles into the sea" is a
    launch); an object it needs is what it strikes ("looted homes"), and so is a thing its needed
    preposition names ("launched a drone at a commercial ship")."""
    if trigger.pos == "NOUN" and trigger.lemma in ONGOING_CONFLICT_NOUNS:
        return False  # "in the face of Russia's continued aggression": background, not an attack
    if trigger.strikes_abstract:
        return False  # "the regime's attacks on democracy"
    return trigger.strikes_thing or any(s.event_type == "ASSAULT" and (not s.needs or "_object" in s.needs)
                                        for s in trigger.senses)


def _own_doer(trigger: Trigger, source: Actor) -> bool:
    """Whether an event noun names its doer itself ("Houthi attacks", "attacks by Russian forces",
    "Russia's invasion"), not through a neighbour in a list ("its hostages and military operations").
    A verb's subject is its own."""
    if trigger.pos != "NOUN":
        return True
    head = trigger.head
    first, last = head.left_edge, head.right_edge
    return first.idx <= source.start and source.end <= last.idx + len(last.text)


def armed_doer(source: Actor) -> bool:
    """Whether an attack by ``source`` stands alone with no victim named: an armed force, rebels or
    criminals of a known country, or a country named as such ("Russia shelled the port"), not an
    office holder ("the senator attacked the bill")."""
    if source.unknown or source.country is None:
        return False  # PLOVER's events name a country on one side at least
    return source.sector in ARMED_SECTORS or source.sector is None


def _one_sided_source(source: Actor, types: Iterable[str]) -> bool:
    types = set(types)
    if source.unknown:
        return False
    if "ASSAULT" in types and armed_doer(source):
        return True
    if "MOBILIZE" in types and (source.country is not None or source.sector in STATE_SECTORS):
        return True
    return "PROTEST" in types and source.sector is not None and source.sector not in STATE_SECTORS


POPULATION_MEASURES = rule_words("population_measures")
GATHERING_NOUNS = rule_words("gathering_nouns")
# The organs of a state that impose a curfew or martial law on its people.
IMPOSING_SECTORS = frozenset({None, "GOV", "MIL", "COP", "JUD", "LEG", "LOC"})


def population_of(trigger: Trigger, source: Actor) -> Actor | None:
    """The recipient of a measure a state imposes on or lifts from its whole people, when the text
    names none: that country's civilians ("the government declared a state of siege", "lifted the
    curfew"; ``population_measures`` in rule_words.yaml), and a gathering the police or army break up
    ("police broke up a rally", ``gathering_nouns``). None for any other trigger or doer."""
    if source.country is None or source.sector not in IMPOSING_SECTORS or source.start < 0:
        return None
    if not {s.event_type for s in trigger.senses} & {"COERCE", "RETREAT"}:
        return None
    head = trigger.head
    measures = [head] if trigger.pos == "NOUN" else [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    dispersed = trigger.pos == "VERB" and "COERCE" in {s.event_type for s in trigger.senses} and \
        source.sector in ("COP", "MIL") and any(m.lemma_.lower() in GATHERING_NOUNS for m in measures)
    if not dispersed and not any(_measure_name(m) in POPULATION_MEASURES for m in measures):
        return None  # ("police broke up a rally": those at the rally are the police's own people)
    start, end = trigger.span
    return Actor(text=head.doc.text[start:end], country=source.country, sector="CVL", resolved_by="coercer-country",
                 start=start, end=end)


def _measure_name(tok) -> str:
    """"curfew", "state of emergency", "martial law": the noun with its "of" phrase or compound."""
    lemma = tok.lemma_.lower()
    for of in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in of.children if c.dep_ == "pobj"):
            return f"{lemma} of {obj.lemma_.lower()}"
    modifiers = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
    return f"{modifiers[0].lemma_.lower()} {lemma}" if modifiers and \
        f"{modifiers[0].lemma_.lower()} {lemma}" in POPULATION_MEASURES else lemma


# How an actor's country may come from its surroundings, not from its own name or modifiers.
CONTEXT_COUNTRY_RULES = frozenset({"context", "place-in-clause", "sentence-country", "dateline", "dominant-country"})


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


# One country's executive: its officials, soldiers, spies and police named together are one side
# ("Sullivan, Austin and Milley spoke with ...").
EXECUTIVE_SECTORS = frozenset({None, "GOV", "MIL", "SPY", "COP"})


def distinct_sides(actors: Sequence[Actor]) -> list[Actor]:
    """The co-actors of known country that are two sides of an event among themselves, in order: two
    countries, or one country's executive and another of its bodies named as such ("the President and
    Speaker Pelosi spoke by phone"; not a delegation's officials and generals, nor "they")."""
    out: list[Actor] = []
    for a in actors:
        if not a.country or a.unknown:
            continue
        if all(a.country != b.country or (
                a.resolved_by != "coreference" and b.resolved_by != "coreference" and not same_referent(a, b)
                and len({a.sector, b.sector} & EXECUTIVE_SECTORS) == 1) for b in out):
            out.append(a)
    return out


def _placed_by_context(target: Actor) -> bool:
    """Whether the one acted on is an organisation that only the context puts in the doer's country
    ("Sudan expelled aid workers": the workers are not Sudan's own body, as "U.S. alliances" are)."""
    return target.sector in ("IGO", "NGO") and target.country_by in CONTEXT_COUNTRY_RULES


def code_pair(source: Actor, target: Actor | None, types: tuple[str, ...], alone: frozenset[str] = frozenset()
              ) -> tuple[bool, Actor | None, tuple[str, ...]]:
    """Whether a source and a target make an event to code, with the target to code it with and the
    types still possible. This replaces the rule "two different countries": the source must be an
    actor (a country or a sector) or an unknown doer of an attack on a known victim; the target an
    actor, or nothing for the one-sided types (a protest by a non-state actor, a mobilisation) and
    for an attack by an armed doer (``armed_doer``) when the source's country is known; domestic pairs count when the sectors differ ("police arrested
    protesters": KEN COP -> KEN CVL); at least one side must have a country."""
    if source.unknown:
        allowed = tuple(t for t in types if t in UNKNOWN_DOER_TYPES)
        ok = bool(allowed) and target is not None and target.country is not None
        return ok, target, allowed
    if target is not None and (target.unknown or (same_referent(source, target) and not _placed_by_context(target))):
        target = None  # "the army mobilised reservists": the army's own people, no recipient
    elif target is not None and set(types) == {"MOBILIZE"} and target.country == source.country:
        target = None  # "Russia strengthened its forces in Crimea": its own forces, no recipient
    elif target is not None and target.country is None and set(types) & ONE_SIDED_TYPES and \
            not set(types) & UNKNOWN_SOURCE_TYPES:
        target = None  # "the military mobilised troops": forces of no other country are its own
    if target is None:
        allowed = tuple(t for t in types if t in ONE_SIDED_TYPES or (t == "ASSAULT" and armed_doer(source)))
        if bool(allowed) and (source.country is not None or set(allowed) == {"PROTEST"}) and \
                _one_sided_source(source, allowed):
            # (a protest needs no country: "teachers went on strike" is PLOVER's CVL-sector PROTEST)
            return True, None, allowed + tuple(t for t in types if t in alone and t not in allowed)
        resigned = tuple(t for t in types if t in alone)  # "the prime minister resigned"
        return bool(resigned) and source.country is not None, None, resigned
    if target.country is None:
        if sectors_only(source, target):
            return True, target, types  # "police arrested protesters": both sides known by their sectors
        # an unnamed victim of violence may be of no known country ("gunmen killed villagers");
        # anything else needs to know whom it is addressed to
        types = tuple(t for t in types if t in UNKNOWN_SOURCE_TYPES)
        return source.country is not None and bool(types), target, types
    return True, target, types


def sectors_only(source: Actor, target: Actor) -> bool:
    """Whether two actors of no known country are still two known sides: both have a sector, and
    they differ ("police arrested protesters", "rebels attacked an army base"). PLOVER's actors
    may lack a country; they may not lack both a country and a role."""
    return source.country is None and target.country is None and not source.unknown and not target.unknown \
        and source.sector is not None and target.sector is not None and source.sector != target.sector


def type_fits_pair(event_type: str, source: Actor, target: Actor | None, alone: frozenset[str] = frozenset()) -> bool:
    """Whether the typed event can have these actors: no target only for one-sided types (and the
    trigger's ``alone_types``), an unknown doer or a victim of no known country only for attacks and
    coercion."""
    if target is None and event_type not in ONE_SIDED_TYPES | alone and \
            not (event_type == "ASSAULT" and armed_doer(source)):
        return False
    if target is not None and target.country is None and event_type not in UNKNOWN_SOURCE_TYPES and \
            not sectors_only(source, target):
        return False
    return not source.unknown or event_type in UNKNOWN_DOER_TYPES


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


def partner_country(actors: DocActors, sent: Span, source: Actor, target: Actor | None,
                    types: Sequence[str]) -> Actor | None:
    """The country of a counterpart named by its role alone, when context gave none: a state's own, when
    the sentence names no other country ("we have been working closely with the unions" on a
    government's site, "the Secretary met with airline executives": ``country_by`` "partner-country").
    Not for force: the victims of an attack are not presumed the attacker's people (``victim_country``)."""
    if target is None or target.country is not None or target.unknown or target.sector is None or \
            source.country is None or source.unknown or "ASSAULT" in types or \
            actors.dictionary.country(source.country) is None:
        return target
    if any(span.actor.country and span.actor.country != source.country
           for span in actors.spans if span.start >= sent.start and span.end <= sent.end):
        return target
    return replace(target, country=source.country, country_by="partner-country")
