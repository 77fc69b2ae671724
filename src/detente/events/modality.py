"""How sure the text is of an event (reported, planned, expected, negated, recommended, hypothetical) and its tense."""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Token

from .lexicon import Lexicon, MODALITY_PRECEDENCE, rule_words
from .syntax import _clause_chain


def verb_modality(verb: Token, lexicon: Lexicon) -> tuple[str, str | None]:
    """Modality of a verb's clause from negation, auxiliaries, conditional markers and governors."""
    found: list[tuple[str, str]] = []
    chain = _clause_chain(verb)
    said_in_saying = _performative_governor(chain, lexicon)
    for i, tok in enumerate(chain):
        if tok is said_in_saying:
            continue
        for c in tok.children:
            word = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and word in lexicon.negations and word != "no"):
                found.append(("negated", c.text))
            elif c.dep_ in ("aux", "auxpass") and word in lexicon.auxiliaries:
                found.append((lexicon.auxiliaries[word], c.text))
            elif c.dep_ == "mark" and word in lexicon.markers:
                found.append((lexicon.markers[word], c.text))
            elif c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                found.append(("hypothetical", next(m.text for m in c.children if m.dep_ == "mark")))  # "..., if he does not"
        if i > 0:
            governor = lexicon.governor(tok.lemma_) or lexicon.governor(tok.lower_)
            below = chain[i - 1]
            if governor and tok.lemma_.lower() in lexicon.infinitive_governors and (
                    below.dep_ == "dobj" or (below.dep_ == "acl" and below.head.dep_ == "dobj" and below.head.head.i == tok.i)):
                governor = None  # "had the opportunity to meet" met; only "had to meet" is recommended
            if below.dep_ == "conj" and below.tag_ in ("VBD", "VBZ", "VBP"):
                # "had the opportunity to meet X, and held meetings with Y": held, not had to (but "intend
                # to strengthen X, advance Y": a bare verb the parser hung from "intend" is still intended)
                governor = None
            if governor:
                found.append((governor, tok.text))
        if tok.dep_ == "acl" and tok.head.dep_ == "dobj" and i + 1 < len(chain):
            noun = tok.head  # "affirmed their intent to continue": the noun the chain steps over
            governor = lexicon.governor(noun.lemma_) or lexicon.governor(noun.lower_)
            if governor:
                found.append((governor, noun.text))
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


FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})
OCCASION_NOUNS = frozenset({"occasion", "opportunity", "moment", "chance"})


def _performative_governor(chain: Sequence[Token], lexicon: Lexicon) -> Token | None:
    """The governor of a performative ("I want to thank you": "want"), whose modality does not count."""
    if len(chain) < 2 or chain[0].lemma_.lower() not in lexicon.performative_verbs:
        return None
    governor = chain[1]
    if len(chain) > 2 and chain[0].dep_ in ("xcomp", "advcl") and governor.lemma_.lower() in ("use", "take") and \
            governor.dep_ == "xcomp" and any(c.dep_ == "dobj" and c.lemma_.lower() in OCCASION_NOUNS
                                             for c in governor.children):
        chain, governor = chain[1:], chain[2]  # "I would like to use this occasion to thank ..."
    if chain[0].dep_ != "xcomp" or governor.lemma_.lower() not in lexicon.performative_governors:
        return None
    if not any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON_SUBJECTS for c in governor.children):
        return None
    return governor


def _reported_speech(clause_top: Token, lexicon: Lexicon) -> bool:
    """Whether a clause is what a verb of saying reports ("X said that ...", "X announced ...")."""
    return clause_top.dep_ in ("ccomp", "conj") and clause_top.head.lemma_.lower() in lexicon.reporting_verbs


# Nouns of answering: the event they answer ("a response to Iran's attack") has happened, whatever
# the answer's own modality.
ANSWERED_BY_NOUNS = rule_words("answered_by_nouns")
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
INDEFINITE_DETERMINERS = frozenset({"a", "an", "any"})


def noun_modality(noun: Token, governor: Token | None, relation: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """Modality of an event noun from its modifiers and the word that governs it (for a coordinated
    noun, the words that govern the first: "preparations for the visit ... and the summit")."""
    found: list[tuple[str, str]] = []
    if noun.dep_ == "pobj" and noun.head.lower_ in ("to", "against") and \
            noun.head.head.lemma_.lower() in ANSWERED_BY_NOUNS:
        if any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in noun.children):
            # "costs we stand ready to impose in response to a new attack": if it comes
            return "hypothetical", noun.head.head.text
        if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) or
               (c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")) for c in noun.children):
            # "will coordinate a common response to Russia's latest attack", "will continue to back
            # Israel's defense against Iranian aggression": it happened
            return "reported", None
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        first = noun
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN"):
            first = first.head
        mod, cue = noun_modality(first, governor, relation, lexicon)
        if mod != "reported":
            found.append((mod, cue))
    concern = noun.lemma_.lower() in lexicon.measures.concern_nouns
    for c in noun.children:
        if concern and c.dep_ in ("acl", "relcl") and any(m.dep_ == "mark" for m in c.children):
            continue  # "regret that X refused": the clause is what is regretted, voiced all the same
        word = c.lower_
        modifier = lexicon.governor(word) or lexicon.governor(c.lemma_)
        if modifier and c.lemma_.lower() in lexicon.infinitive_governors:
            modifier = None  # "direct talks": the adjective, not "directed to meet"
        if c.dep_ in ("amod", "compound", "acl") and modifier and modifier != "recommended":
            # "a planned visit", "potential talks"; but "vital aid", "urgent talks" say how much it
            # matters, not that someone urges it ("it is vital to ..." is the predicate, verb_modality)
            found.append((modifier, c.text))
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
    # "to resolve concerns over their applications": an owned act in another noun's phrase is there
    # already, whatever the verb above that noun plans
    owned_inside = noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "NOUN" and \
        noun.head.head.lemma_.lower() not in lexicon.hearsay and lexicon.governor(noun.head.head.lemma_) is None and \
        any(c.dep_ == "poss" for c in noun.children)
    if governor is not None and not owned_inside:
        g = lexicon.governor(governor.lemma_) or lexicon.governor(governor.lower_)
        if relation == "object" and governor.lemma_.lower() in lexicon.infinitive_governors:
            g = None  # "had talks" reports them; only "had to meet" is recommended
        if governor.lemma_.lower() in lexicon.stance_confirmers and \
                set(lexicon.types_for(noun.lemma_)) & {"SUPPORT", "ACCUSE"}:
            g = None  # "confirmed unwavering U.S. support": the support is stated, not planned
        if relation == "object" and any(governor.lemma_.lower() in s.light
                                        for s in lexicon.lookup("NOUN", noun.lemma_.lower())):
            g = None  # "set fire to": the noun's own light verb, not "set a date for talks"
        if g and relation in ("object", "prep:to", "prep:for", "subject") and not (
                relation == "subject" and g not in ("negated", "planned")):
            if relation != "subject" or governor.tag_ == "VBN":
                found.append((g, governor.text))
        if relation == "object" or relation.startswith(("prep:in", "prep:during", "prep:with")) or (
                relation == "prep:for" and lexicon.hosts(governor.lemma_)):
            # "would respond with duties": the means takes the verb's modality; "will host X for talks"
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
    if tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head is not tok and \
            not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in tok.children):
        return clause_tense(tok.head)  # "warplanes pounded the enclave Friday, killing five": the head's time
    return "present"


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
