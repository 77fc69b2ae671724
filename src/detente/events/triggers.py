"""Trigger words: the verbs and event nouns of the lexicon found in a sentence, with the senses their objects allow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Span, Token

from .lexicon import Lexicon, Sense, rule_map, rule_words
from .syntax import (_expand_conj, asked_subjects, _has_object, _nominal_gerund, _pobjs, _prep_noun_met, _preps, first_conjunct,
                     that_clause_subjects)


# Verbs that only carry an event noun: "made the trip", "held talks", "paid a visit".
LIGHT_VERBS = rule_words("light_verbs")
# Types of replies: with no target of their own, they answer whoever last acted on the speaker
# ("Zhao rejected the criticism", "Belarus denied the accusation").
REPLY_TYPES = frozenset({"REJECT", "ACCUSE", "CONCEDE", "REQUEST", "THREATEN", "SUPPORT", "AGREE"})
# "ordered the ambassador to leave": telling another country's diplomat to go is an expulsion (SANCTION).
EXPULSION_VERBS = rule_words("expulsion_verbs")
LEAVE_VERBS = rule_words("leave_verbs")
DIPLOMAT_NOUNS = rule_words("diplomat_nouns")
PROTEST_PURPOSES = rule_words("protest_purposes")  # "marched to demand higher pay": a protest
# "the provision of security assistance to X": a noun of giving and the verb it names.
GIVING_NOUNS = rule_map("giving_nouns")
ACQUIRING_VERBS = rule_words("acquiring_verbs")
GIVING_VERBS = rule_words("giving_verbs")
RECEIVING_VERBS = rule_words("receiving_verbs")
CURRENCY_NOUNS = rule_words("currency_nouns")
VIOLATING_VERBS = rule_words("violating_verbs")
TRUCE_NOUNS = rule_words("truce_nouns")
PARTICIPANT_NOUNS = rule_words("participant_nouns")
FIGURATIVE_OBJECTS = rule_words("figurative_objects")
PUBLISHED_OBJECTS = rule_words("published_objects")
TOPIC_VERBS = rule_words("topic_verbs")
CIVILIAN_FORCE_MODIFIERS = rule_words("civilian_force_modifiers")
MEMBERSHIP_NOUNS = rule_words("membership_nouns")
TOPIC_TYPES = rule_words("topic_types")
DEMAND_AUXILIARIES = rule_words("demand_auxiliaries")
DEMAND_VERBS = rule_words("demand_verbs")
DEMAND_SENSE = Sense("REQUEST", "VERB")


@dataclass
class Trigger:
    """An event word in a sentence with the senses that fit its context."""

    head: Token
    words: list[Token]
    lemma: str
    pos: str
    senses: list[Sense]
    strikes_thing: bool = False  # an attack sense's needed preposition names a thing struck (``_strikes_thing``)
    strikes_abstract: bool = False  # an attack noun's "on" phrase names what cannot be struck (``_strikes_abstract``)
    # a verb whose infinitive is an event word of its own ("agreed to resign"): that word is the act
    carries_act: bool = False

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


def fires_weapon(trigger: Trigger) -> bool:
    """Whether an attack verb's object is the weapon ("fired two missiles into the sea", "fired tear gas
    at protesters"): only a preposition names its target, never the object or another mention."""
    if not trigger.senses:
        return False
    first = trigger.senses[0]
    return first.event_type == "ASSAULT" and bool(first.needs) and "_object" not in first.needs


def _moves_forces(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb's object, passive subject or (intransitive) subject is a force noun
    (``force_nouns``), or a coordinated or compound word of one ("missile defense systems")."""
    for arg in verb.children:
        if arg.dep_ not in ("dobj", "nsubjpass", "nsubj"):
            continue
        for word in _expand_conj(arg):
            if any(c.dep_ in ("amod", "compound") and c.lower_ in CIVILIAN_FORCE_MODIFIERS for c in word.children):
                continue  # "federal personnel", "medical teams"
            if "ASSAULT" in {s.event_type for s in lexicon.lookup("NOUN", word.lemma_.lower())}:
                continue  # "launched a missile strike": the attack, not a deployment
            if word.lemma_.lower() in lexicon.force_nouns or any(
                    c.dep_ == "compound" and c.lemma_.lower() in lexicon.force_nouns for c in word.children):
                return True
    return False


def _whole_entity(tok: Token) -> bool:
    """Whether ``tok`` alone is a named entity ("announced an MOU", MOU tagged ORG)."""
    return tok.ent_iob_ == "B" and (tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")


def giving_noun(tok: Token) -> Token | None:
    """The word that gives the goods ``tok`` names: a noun of giving whose "of" phrase it heads ("the
    *delivery* of tanks to Kyiv"), or a sum of money it is counted in ("*$375 million* in ammunition
    and equipment for Ukraine"). Its owner and its "to"/"for" phrase name giver and recipient."""
    tok = first_conjunct(tok)  # "the provision of ammunition and equipment"
    if tok.dep_ != "pobj":
        return None
    owner = tok.head.head
    if tok.head.lower_ == "of" and owner.pos_ in ("NOUN", "PROPN") and owner.lemma_.lower() in GIVING_NOUNS:
        return owner
    if tok.head.lower_ == "in" and is_money(owner) and owner.pos_ in ("NUM", "NOUN", "SYM"):
        return owner
    return None


def _gives(giver: Token, sense: Sense) -> bool:
    """Whether the giving word ``giver`` carries goods of ``sense`` (a money sum always does)."""
    verb = GIVING_NOUNS.get(giver.lemma_.lower())
    if verb:
        return verb in sense.light
    if not is_money(giver):
        return False
    head = giver
    while head.dep_ in ("conj", "appos") and head.head is not head:
        head = head.head
    return not (head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in ACQUIRING_VERBS)


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
        # "Ukraine received air defense systems from Germany": goods that are sent, received from a giver
        carried = carried or ("send" in sense.light and tok.dep_ == "dobj" and head.lemma_.lower() in RECEIVING_VERBS
                              and any(c.dep_ == "prep" and c.lower_ == "from" for c in (*tok.children, *head.children)))
        giver = giving_noun(tok)
        carried = carried or (giver is not None and _gives(giver, sense))
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
        if need == "_force_object" and _moves_forces(tok, lexicon):
            return True  # "deployed troops", "warships were dispatched"; not "launched a webpage"
        if need == "_force_to" and _moves_forces(tok, lexicon) and "to" in preps:
            return True  # "sent troops to Belarus"; "sent planes loaded with tents" is no deployment
        if need == "_membership" and any(p.lemma_.lower() in MEMBERSHIP_NOUNS for c in tok.children
                                         if c.dep_ == "prep" and c.lower_ == "for" for p in _pobjs(c)):
            return True  # "applications for NATO membership"
        if need == "_participants" and participants_subject(tok) is not None:
            return True  # "Participants in the call included A, B and C"
        if need == "_xcomp" and any(c.dep_ == "xcomp" for c in tok.children):
            return True  # "agreed to hold talks"
        if need == "_infinitive" and any(c.dep_ in ("xcomp", "advcl") and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in tok.children):
            return True  # "are working to improve the business environment"
        if need == "_that" and any(t.pos_ != "PRON" for t in that_clause_subjects(tok)):
            return True  # "is deeply disappointed that the Senate has failed": about what the Senate did
        if need == "_purpose" and any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in PROTEST_PURPOSES
                                      for c in tok.children if c.tag_ in ("VB", "VBG")):
            return True  # "marched in Nairobi to demand higher pay"
        if need == "_complement" and _has_object(tok) and any(
                c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and c.pos_ in ("ADJ", "NOUN") and
                c.lemma_.lower() in lexicon.pejoratives for c in tok.children):
            return True  # "called the ban illegal", "called the package a provocation"
        if need in preps or (" " in need and _prep_noun_met(need, tok)):
            return True
    if tok.pos_ == "NOUN" and "_object" in sense.needs:
        return any(c.dep_ == "poss" for c in tok.children)
    return False


def is_demand(trigger: Trigger) -> bool:
    """Whether a trigger is a demand of ``demand_triggers`` (its head is the modal verb)."""
    return bool(trigger.senses) and trigger.senses[0] is DEMAND_SENSE


def demanding_verb(verb: Token) -> bool:
    """Whether ``verb`` is a present "needs to" or "has to" with its infinitive ("Congress needs to
    finally provide the funding"): a demand of its subject like "must"."""
    return verb.lemma_.lower() in DEMAND_VERBS and verb.tag_ in ("VBZ", "VBP") and any(
        c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children)


def demand_triggers(sent: Span) -> list[Trigger]:
    """The speaker's demands of others in a sentence's main clauses: "Congress must pass the Act",
    "Russia should withdraw" (an active verb with a demand auxiliary and a subject that is not "we",
    "I", "you" or "it"), and those a speaker reports making ("X said that Y must ...": X demands,
    ``demand_reporter``)."""
    found = []
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ROOT", "conj", "ccomp") or \
                (verb.dep_ == "conj" and verb.head.dep_ != "ROOT") or \
                (verb.dep_ == "ccomp" and demand_reporter(verb) is None):
            continue
        modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in DEMAND_AUXILIARIES), None)
        if modal is None and demanding_verb(verb):
            modal = verb  # "Congress needs to provide the funding"
        if modal is None or any(c.dep_ in ("auxpass", "nsubjpass", "neg") for c in verb.children):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON" and (subject.lower_ not in ("they",) or modal is verb):
            continue  # ("the capabilities they need to protect their country": no one is asked)
        if any(c.dep_ == "det" and c.lower_ in ("no", "every", "any", "each", "all") for c in subject.children):
            continue  # "No child should live in fear": a norm, asked of no one
        found.append(Trigger(head=modal, words=[modal], lemma=modal.lower_, pos="VERB", senses=[DEMAND_SENSE]))
    return found


# Verbs whose subject makes the demand its "that" clause states: "The President reiterated that Hamas
# must release all hostages" (USA -> PSE REQUEST; "X said that Y must" is X's demand too).
DEMAND_REPORTERS = rule_words("demand_reporters")


def demand_reporter(verb: Token) -> Token | None:
    """The subject of the saying verb whose "that" clause ``verb`` heads ("X reiterated that Y must
    ..."), or None."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.lemma_.lower() not in DEMAND_REPORTERS or head.dep_ not in ("ROOT", "conj"):
        return None
    return next((c for c in head.children if c.dep_ == "nsubj"), None)


def participants_subject(verb: Token) -> Token | None:
    """The subject of "Participants (in the call) included ...", or None for another subject."""
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in PARTICIPANT_NOUNS), None)


def _talked_about(noun: Token) -> bool:
    """Whether an event noun is the object of a verb of talking ("discussed ongoing coordination", "the
    leaders reviewed the partnership and the cooperation")."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    if noun.dep_ != "dobj":
        return False
    verb = noun.head
    if verb.lemma_.lower() not in TOPIC_VERBS and verb.dep_ in ("xcomp", "ccomp") and \
            any(c.dep_ in ("advmod", "mark") and c.lower_ in ("how", "ways") for c in verb.children):
        verb = verb.head  # "discussed how to take their trilateral cooperation to new heights"
    return verb.lemma_.lower() in TOPIC_VERBS


def _named_owner(noun: Token) -> bool:
    """Whether an event noun names its doer by a name or an adjective before it ("U.S. support",
    "Japan's support"), not by a pronoun ("their support")."""
    return any(c.dep_ in ("poss", "compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ") and c.is_title
               for c in noun.children)


def _is_topic(noun: Token, lexicon: Lexicon) -> bool:
    """"areas of cooperation", "the rule of law": an event word under a noun that is neither an
    event nor transparent ("a round of", "in light of") is a topic, not an event."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.pos_ not in ("NOUN", "PROPN"):
        return False
    owner = noun.head.head
    lemma = owner.lemma_.lower()
    if giving_noun(noun) is not None:
        return False  # "the provision of security assistance": what is given, not a topic
    return lemma not in lexicon.transparent_nouns and not lexicon.types_for(lemma)


def _typed_by_object(verb: Token, lemma: str, senses: list[Sense], lexicon: Lexicon) -> list[Sense]:
    """A verb whose object is a noun listed as carried by that verb takes the noun's type first:
    "fired two artillery shells" (ASSAULT) is not "fired" in any other sense."""
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "nsubjpass"):
            continue
        names = _modified_names(obj) + [c.lemma_.lower() for c in obj.children if c.dep_ == "compound"]
        for name in names:
            listed = lexicon.lookup("NOUN", name)
            carried = [s for s in listed if lemma in s.light or lemma in s.carriers]
            if listed and not carried:
                break  # "launched cyber attacks": the fullest name listed decides, not "attacks" alone
            if carried:
                first = carried[0]
                rest = [s for s in senses if s.event_type != first.event_type]
                return [Sense(first.event_type, "VERB", first.mode, target_preps=first.target_preps,
                              from_user=first.from_user)] + rest
    return senses


def _modified_names(noun: Token) -> list[str]:
    """A noun's names with each modifier before it, then alone ("defense system", "system")."""
    return [f"{c.lemma_.lower()} {noun.lemma_.lower()}" for c in noun.children
            if c.dep_ in ("compound", "amod") and c.i < noun.i] + [noun.lemma_.lower()]


def noun_names(noun: Token) -> list[str]:
    """Every name a lexicon noun entry may give ``noun``: with each modifier before it, alone, and with its
    "of" object ("memorandum of understanding")."""
    return _modified_names(noun) + [f"{noun.lemma_.lower()} of {o.lemma_.lower()}" for p in noun.children
                                    if p.dep_ == "prep" and p.lower_ == "of" for o in _pobjs(p)]


def breaks_truce(verb: Token) -> bool:
    """Whether a verb breaks a truce: "violated the ceasefire", "the pause was violated"."""
    return verb.pos_ == "VERB" and verb.lemma_.lower() in VIOLATING_VERBS and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in TRUCE_NOUNS for c in verb.children)


def _gives_money(verb: Token) -> bool:
    """Whether a verb's object (or passive subject) is a sum of money: "gave 352.5 million euros",
    "provide Brazil with $1.5 billion in loan guarantees"."""
    return any(c.dep_ in ("dobj", "nsubjpass") and is_money(c) for c in verb.children) or any(
        c.dep_ == "prep" and c.lower_ == "with" and any(is_money(p) for p in c.children if p.dep_ == "pobj")
        for c in verb.children)


def is_money(tok: Token) -> bool:
    """Whether ``tok`` heads a sum of money: "$375 million", "352.5 million euros"."""
    return tok.ent_type_ == "MONEY" or (tok.lemma_.lower() in CURRENCY_NOUNS and any(
        c.dep_ in ("nummod", "compound") and c.pos_ == "NUM" for c in tok.children))


def _orders_diplomat_out(verb: Token) -> bool:
    """Whether ``verb`` tells a diplomat to leave: "ordered the envoy to leave the country"."""
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in LEAVE_VERBS for c in verb.children) and \
        any(c.dep_ == "dobj" and c.lemma_.lower() in DIPLOMAT_NOUNS for c in verb.children)


def _ends_a_title(tok: Token, senses: Sequence[Sense]) -> bool:
    """Whether a capitalised noun ends a title of capitalised common words ("the Assault Weapons Ban"):
    a law's or a programme's name, not an event. A meeting keeps its name ("the Strategic Dialogue",
    "a State Visit"), and names of actors before it are entities ("the U.S.-ASEAN Summit")."""
    if any(s.event_type == "CONSULT" for s in senses):
        return False
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.is_title and not c.ent_type_
               for c in tok.children)


def _ends_a_dyad_name(tok: Token) -> bool:
    """Whether ``tok`` ends a name the tagger took for an organisation that joins two parties by a
    hyphen ("the 2022 U.S.-ASEAN Summit"): a meeting of both, where "the G20 Summit" is a forum's name."""
    if tok.ent_type_ not in ("ORG", "EVENT") or tok.ent_iob_ == "B":
        return False
    i = tok.i
    while i > 0 and tok.doc[i].ent_iob_ == "I":
        i -= 1
    nxt = tok.i + 1
    if nxt < len(tok.doc) and tok.doc[nxt].ent_iob_ == "I":
        return False
    return any(t.text in ("-", "\u2013") for t in tok.doc[i:tok.i])


# Verbs whose adjective complement is the predicate: "is concerned about", "remains alarmed by".
COPULAS = frozenset({"be", "remain", "feel", "grow", "become", "stay"})


def _predicate_adjective(tok: Token) -> bool:
    """Whether ``tok`` is an adjective that states what its subject feels: "is deeply concerned
    about", "remains alarmed by", or a participle read as a passive ("we are disappointed in")."""
    if (tok.pos_ == "ADJ" or tok.tag_ == "VBN") and tok.dep_ == "acomp" and tok.head.lemma_.lower() in COPULAS:
        return True
    return tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children) and \
        any(c.dep_ == "nsubjpass" for c in tok.children)


def feeling_arguments(trigger: "Trigger") -> tuple[list[Token], list[Token]] | None:
    """For a predicate adjective of feeling ("Japan remains alarmed by X's tests"): who feels it and
    what it is about (the objects of its needed prepositions, "by" included); None for any other trigger."""
    tok = trigger.head
    if trigger.pos != "VERB" or tok.lower_ != trigger.lemma or not _predicate_adjective(tok):
        return None
    holder = tok.head if tok.dep_ == "acomp" else tok
    feelers = [t for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") for t in _expand_conj(c)]
    preps = {n.split()[0] for s in trigger.senses for n in s.needs if not n.startswith("_")}
    about = [t for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps for t in _pobjs(c)]
    # "disappointed in today's decision by the Supreme Court": the decision's maker
    about = [d for t in about for d in ([p for c in t.children if c.dep_ == "prep" and c.lower_ == "by"
                                         for p in _pobjs(c)] or [t])]
    # "disappointed that the Senate has failed to stand up": the subject of what is felt about
    about += that_clause_subjects(tok)
    return feelers, about


INTRANSITIVE_PROTESTS = rule_words("intransitive_protests")
JOINED_IN_VERBS = rule_words("joined_in_verbs")


def _hosts_no_guest(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a host verb's object is a happening, not a guest: an event noun of another kind than a
    meeting ("welcomed the agreement"), or a thing whose own "to" phrase is where it goes ("welcomed the
    delivery of aid to Gaza", where no guest comes to Gaza)."""
    for obj in (c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"):
        # "received air defense systems from Germany": a thing delivered, named by its fullest listed name
        kinds = next(({s.event_type for s in senses} for name in _modified_names(obj)
                      if (senses := lexicon.lookup("NOUN", name))), set())
        if kinds and "CONSULT" not in kinds:
            return True
        if any(c.dep_ == "prep" and c.lower_ == "to" for c in obj.children) and \
                not any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
            return True
    return False


ASKING_VERBS = rule_words("asking_verbs")
ASKING_SENSE = Sense("REQUEST", "VERB", needs=("_asked",))


def asking_trigger(tok: Token) -> Trigger | None:
    """"We need Congress to reauthorize the program": the speaker asks the subject of the infinitive
    (``asking_verbs`` in data/rule_words.yaml; the need "_asked" gives the target), or None."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in ASKING_VERBS or not asked_subjects(tok):
        return None
    return Trigger(tok, [tok], tok.lemma_.lower(), "VERB", [ASKING_SENSE])


def find_triggers(sent: Span, lexicon: Lexicon) -> list[Trigger]:
    """The lexicon's event words in ``sent`` whose needs (prepositions, objects, light verbs) are met."""
    found: list[Trigger] = []
    for tok in sent:
        asking = asking_trigger(tok)
        if asking is not None:
            found.append(asking)
            continue
        measure = measure_trigger(tok, lexicon)  # "lowered tariffs", "the imposition of duties"
        if measure is not None:
            found.append(measure)
            continue
        if tok.pos_ == "VERB" and nominal_gerund_lemma(tok, lexicon):
            pos = "NOUN"  # "the shelling of Kharkiv": a gerund in a noun's place
        elif tok.pos_ in ("VERB", "NOUN"):
            pos = tok.pos_
        elif _predicate_adjective(tok) and tok.pos_ == "ADJ":
            pos = "VERB"  # "is deeply concerned about", "we are grateful to": the adjective is the predicate
        elif tok.pos_ == "PROPN" and (tok.is_title or (tok.is_upper and len(tok) > 2)) and \
                (not tok.ent_type_ or _ends_a_dyad_name(tok) or (tok.is_upper and _whole_entity(tok))) and \
                (noun_senses := lexicon.lookup("NOUN", tok.lower_)) and not _ends_a_title(tok, noun_senses):
            pos = "NOUN"  # "held a Summit with": a capitalised event noun outside any name
        else:
            continue
        lemma = tok.lower_ if pos == "VERB" and _predicate_adjective(tok) and lexicon.lookup("VERB", tok.lower_) \
            else tok.lemma_.lower()
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
            for complement in [] if senses else tok.children:
                # "will hold Russia accountable", "to hold the regime to account" (the parser makes the
                # one held the complement's subject)
                phrase = f"{lemma} {complement.lemma_.lower()}"
                if complement.dep_ in ("ccomp", "acomp", "oprd", "xcomp", "advcl") and \
                        (senses := lexicon.lookup("VERB", phrase)):
                    words.append(complement)
                    lemma = phrase
                    break
            together = next((c for c in tok.children if c.dep_ == "advmod" and c.lower_ == "together"), None)
            if not senses and together is not None:
                senses = lexicon.lookup("VERB", f"{lemma} together")  # "will continue working together"
                if senses:
                    words.append(together)
                    lemma = f"{lemma} together"
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
            if any(c.dep_ == "dobj" and c.lemma_.lower() in FIGURATIVE_OBJECTS for c in tok.children):
                senses = [s for s in senses if s.event_type not in ("ASSAULT", "COERCE")]  # "seizing new opportunities"
            if lemma in JOINED_IN_VERBS and any(c.dep_ == "prep" and c.lower_ == "in" and any(
                    p.dep_ == "pcomp" for p in c.children) for c in tok.children):
                senses = []  # "joined the United States in condemning X": the condemning is the event
            if lemma in INTRANSITIVE_PROTESTS and any(c.dep_ in ("dobj", "ccomp") for c in tok.children):
                senses = [s for s in senses if s.event_type != "PROTEST"]  # "demonstrate that", "rallied support"
            if lemma == "release" and any(c.dep_ == "dobj" and c.lemma_.lower() in PUBLISHED_OBJECTS
                                          for c in tok.children):
                senses = [s for s in senses if s.event_type != "RETREAT"]  # "released an open letter"
            if any(x.host for x in senses) and _hosts_no_guest(tok, lexicon):
                senses = [x for x in senses if not x.host]  # "welcomed the delivery of aid to Gaza": no guest
            if breaks_truce(tok):
                senses = [Sense("ASSAULT", "VERB", target_preps=("with",))]
            elif lemma in GIVING_VERBS and _gives_money(tok):
                senses = [Sense("AID", "VERB", target_preps=("to", "for"))] + [s for s in senses if s.event_type != "AID"]
            if lemma in GIVING_VERBS and any(c.dep_ == "prep" and c.lower_ == "to" and any(is_money(p) for p in _pobjs(c))
                                             for c in tok.children):
                senses = [s for s in senses if s.event_type != "AID"]  # "contributed to a record $520 billion in trade"
            if lemma in EXPULSION_VERBS and _orders_diplomat_out(tok):
                senses = [Sense("SANCTION", "VERB")]  # "ordered the French ambassador to leave"
        else:
            for modifier in sorted((c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i),
                                   key=lambda c: -c.i):
                multi = f"{modifier.lemma_.lower()} {lemma}"
                senses = lexicon.lookup("NOUN", multi)
                if not senses and modifier.i + 2 == tok.i and tok.doc[modifier.i + 1].text == "-":
                    multi = f"{modifier.lower_}-{lemma}"  # "cease-fire" parsed as "cease" "-" "fire"
                    senses = lexicon.lookup("NOUN", multi)
                if senses:
                    words.insert(0, modifier)
                    lemma = multi
                    break
            if not senses:
                for of in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for obj in (c for c in of.children if c.dep_ == "pobj"):
                        multi = f"{lemma} of {obj.lemma_.lower()}"  # "a state of emergency", "a show of force"
                        senses = lexicon.lookup("NOUN", multi) or lexicon.lookup("NOUN", f"{lemma} of {obj.lower_}")
                        if senses:
                            words += [of, obj]
                            lemma = multi
                            break
                    if senses:
                        break
            if not senses:
                senses = lexicon.lookup("NOUN", lemma)
            if not senses and tok.text.lower() != lemma:
                senses = lexicon.lookup("NOUN", tok.text.lower())
        senses = [s for s in senses if _needs_met(s, tok, lexicon)]
        # a sense whose noun in a prepositional phrase is there is the more specific reading
        specific = [s for s in senses if any(" " in n and _prep_noun_met(n, tok) for n in s.needs)]
        if pos == "VERB" and any(n.startswith("_") for x in senses for n in x.needs):
            # "launched missiles at Kyiv": a needed preposition there outranks a needed object
            present = _preps(tok)
            specific += [s for s in senses if s not in specific and s.needs and
                         all(not n.startswith("_") for n in s.needs) and present & set(s.needs)]
        senses = specific + [s for s in senses if s not in specific and not s.together] + \
            [s for s in senses if s.together]
        if senses and pos == "NOUN" and tok.dep_ == "nmod" and tok.head.pos_ in ("NOUN", "PROPN"):
            continue  # a modifier: "Biden's signature climate bill"
        if senses and pos == "NOUN" and (_is_topic(tok, lexicon) or (
                tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() in lexicon.stative_verbs)):
            continue  # "areas of cooperation", "poses a threat to"
        if senses and pos == "NOUN" and _talked_about(tok) and all(s.event_type in TOPIC_TYPES for s in senses) \
                and not (any(s.event_type == "SUPPORT" for s in senses) and _named_owner(tok)):
            # "They discussed the strong energy security partnership": the topic (but "discussed
            # steadfast U.S. support for Ukraine": the support of a named giver is given)
            continue
        if senses:
            giver = giving_noun(tok) if pos == "NOUN" else None
            if giver is not None and any(s.event_type == "AID" for s in senses):
                start = giver.i
                if is_money(giver):  # "$375 million in ammunition": the whole sum
                    while start > sent.start and giver.doc[start - 1].ent_type_ == "MONEY":
                        start -= 1
                words = list(giver.doc[start:giver.i + 1]) + [tok.head if tok.dep_ == "pobj" else giver] + words
            found.append(Trigger(tok, list(dict.fromkeys(words)), lemma, pos, senses,
                                 strikes_thing=_strikes_thing(tok, senses, lexicon),
                                 strikes_abstract=_strikes_abstract(tok, senses, lexicon)))
    heads = {t.head.i for t in found}
    for t in found:
        t.carries_act = t.pos == "VERB" and any(c.dep_ == "xcomp" and c.i in heads for c in t.head.children)
    return found


ATTACKED_PREPS = frozenset({"on", "against", "at", "upon"})


def _strikes_abstract(tok: Token, senses: Sequence[Sense], lexicon: Lexicon) -> bool:
    """Whether an attack noun's "on"/"against" phrase names only what cannot be struck: "attacks on
    democracy and human rights" (a common noun, no thing of ``physical_targets``, no name)."""
    if tok.pos_ != "NOUN" or not any(s.event_type == "ASSAULT" for s in senses):
        return False
    objects = [o for c in tok.children if c.dep_ == "prep" and c.lower_ in ATTACKED_PREPS for o in _pobjs(c)]
    return bool(objects) and all(o.pos_ == "NOUN" and o.lemma_.lower() not in lexicon.physical_targets
                                 and not any(c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.is_title)
                                             for c in o.children)  # (not "attacks on Ukrainian grain")
                                 for o in objects)


def _strikes_thing(tok: Token, senses: Sequence[Sense], lexicon: Lexicon) -> bool:
    """Whether an attack sense's needed preposition names a thing that can be struck ("launched a
    drone at a commercial ship", ``physical_targets``), not the sea or the air."""
    preps = {n for s in senses if s.event_type == "ASSAULT" for n in s.needs if not n.startswith("_")}
    return any(o.lemma_.lower() in lexicon.physical_targets for c in tok.children
               if c.dep_ == "prep" and c.lower_ in preps for o in _pobjs(c))


def _is_reply(trigger: Trigger) -> bool:
    return trigger.pos == "VERB" and trigger.senses[0].event_type in REPLY_TYPES


def _is_travel(trigger: Trigger) -> bool:
    return any(s.mode == "visit" for s in trigger.senses)


# issue 14 rules: trade and sanctions polarity, nominalisations and participles, inverted
# conditions. Word lists in data/measures.yaml (``lexicon.measures``).

MEASURE_TARGET_PREPS = tuple(sorted(rule_words("measure_target_preps")))


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


def _listed_on(verb: Token, lexicon: Lexicon) -> list[Token]:
    """The measure lists a listing verb puts its object on ("added X to the Entity List", "placed X on
    the sanctions list"; ``listing`` in data/measures.yaml)."""
    if verb.lemma_.lower() not in lexicon.measures.listing or not any(c.dep_ == "dobj" for c in verb.children):
        return []
    heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # "placed X on the list", parsed on X
    return [p for h in heads for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on")
            for p in _pobjs(c) if is_measure(p, lexicon)]


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
        words += _listed_on(tok, lexicon)
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
        elif _listed_on(tok, lexicon):
            polarity = "SANCTION"  # "added 28 companies to the Entity List"
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


def nominal_gerund_lemma(tok: Token, lexicon: Lexicon) -> str | None:
    """The noun lemma of a gerund used as an event noun ("shelling"), if the lexicon lists it."""
    if _nominal_gerund(tok) and lexicon.lookup("NOUN", tok.lower_):
        return tok.lower_
    return None


def carried_by_participle(noun: Token, verbs: Sequence[str]) -> bool:
    """Whether a goods noun is given by a participle after it: "medical supplies *provided by* A"."""
    return any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in verbs and
               any(a.dep_ == "agent" for a in c.children) for c in noun.children)
