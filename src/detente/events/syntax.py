"""Small readings of spaCy's dependency parse that every rule shares: conjuncts, prepositional objects, clause chains."""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Token

from ..actors import heads_a_list
from ..records import Actor
from .lexicon import rule_words


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
MAX_CLIMB = 6


# --------------------------------------------------------------------------------------------
# triggers


def _bare_complement_subjects(verb: Token) -> list[Token]:
    """"helped Israel take down", "let Kyiv decide": the subject of a bare infinitive after the verb
    is what the verb acts on (not so in "said Israel took", a finite clause)."""
    return [s for c in verb.children if c.dep_ == "ccomp" and c.tag_ == "VB"
            and not any(m.dep_ in ("mark", "aux") for m in c.children)
            for s in c.children if s.dep_ == "nsubj"]


UNASKED_VERBS = rule_words("unasked_verbs")
FUTURE_AUXILIARIES = rule_words("future_auxiliaries")


def asked_subjects(verb: Token) -> list[Token]:
    """"We need Congress to reauthorize the program", "I want Congress to pass this bill": the subject of
    a "to" infinitive clause of the verb, the one asked to act (not "it": "we need it to work"; nor "I
    want you to know": a verb of knowing asks nothing, ``unasked_verbs`` in data/rule_words.yaml)."""
    return [s for c in verb.children if c.dep_ == "ccomp" and c.tag_ == "VB" and c.lemma_.lower() not in UNASKED_VERBS
            and any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children)
            for s in c.children if s.dep_ == "nsubj" and s.lower_ not in ("it", "this", "that")]


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "dative") for c in tok.children) or (
        any(c.dep_ == "nsubjpass" for c in tok.children)) or bool(_bare_complement_subjects(tok)) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN")  # "equipment supplied by A": the noun is its object


def _preps(tok: Token) -> set[str]:
    # (not a preposition of a date: "marched on Friday" is no march on anyone)
    found = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt", "agent") and not _of_a_date(c)}
    if tok.pos_ == "VERB":
        # "shared evidence with X", "fired two shells at Seoul": the parser may hang the verb's
        # preposition on its object
        found |= {p.lower_ for c in tok.children if c.dep_ == "dobj" for p in c.children if p.dep_ == "prep"}
        if setting_withs(tok):
            found.add("with")
    return found


def _of_a_date(prep: Token) -> bool:
    """Whether a preposition's only objects are dates or times ("on Friday", "in March"); the small
    model's entities are read only after prepositions of time ("into the sea hours after" is no date)."""
    if prep.lower_ not in ("on", "in", "at", "by", "during", "since", "until"):
        return False
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


SETTING_HEADS = frozenset({"on", "at", "during", "in", "on the sidelines of"})


def setting_withs(verb: Token) -> list[Token]:
    """The "with" phrases the parser hung on the scene of a verb instead of the verb: "spoke today on
    the margins of the NATO Summit with President Duda" ("with" on "Summit")."""
    out = []
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in SETTING_HEADS:
            continue
        stack = [o for o in prep.children if o.dep_ == "pobj"]
        for _ in range(3):
            nxt = []
            for noun in stack:
                for p in noun.children:
                    if p.dep_ == "prep" and p.lower_ == "with":
                        out.append(p)
                    elif p.dep_ == "prep" and p.lower_ == "of":
                        nxt.extend(o for o in p.children if o.dep_ == "pobj")
            stack = nxt
    return out


def _prep_noun_met(need: str, tok: Token) -> bool:
    """Whether a need of the form "preposition noun" ("over effort") is met: ``tok`` has that
    preposition with that noun as its object ("clashed over the efforts of X")."""
    prep, _, noun = need.partition(" ")
    return any(c.dep_ == "prep" and c.lower_ == prep and any(
        p.dep_ == "pobj" and noun in (p.lemma_.lower(), p.lower_) for p in c.children) for c in tok.children)


# --------------------------------------------------------------------------------------------
# arguments


def first_conjunct(tok: Token) -> Token:
    """The first of the words coordinated with ``tok`` ("the provision of ammunition and *equipment*" →
    "ammunition"): the one the coordinated phrase hangs from."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


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
            elif child.dep_ == "appos" and child.tag_ == "NNS" and cur.tag_ == "NNS" and child not in out and any(
                    p.dep_ == "prep" and p.lower_ in ("of", "from") and any(
                        o.dep_ == "pobj" and o.pos_ == "PROPN" for o in p.children) for p in child.children):
                out.append(child)  # "heads of state — the leaders of France, India, and Japan —"
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
        last = _last_conjunct_on_verb(cur) if cur is tok else None
        if last is not None and last not in out:
            out.append(last)
            stack.append(last)
        if cur is tok:
            for item in _detached_list(tok, out):
                if item not in out:
                    out.append(item)
                    stack.append(item)
    return out


def _detached_list(tok: Token, listed: list[Token]) -> list[Token]:
    """The rest of a list the small model hung from the clause instead of from its first item: "act
    in full coordination with the Government of Lebanon, the Governments of Cyprus and Greece, the
    United Nations, and relief groups" ("Governments" an npadvmod of "prepared"). The
    next phrase after a comma counts when it hangs from a word above ``tok`` and itself goes on as a
    list (a conjunct or a coordinator of its own)."""
    doc = tok.doc
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        return []  # ("the Government of Israel, ...": the list is the Government's, not Israel's)
    end = max(t.i for item in listed for t in item.subtree)
    if end + 2 >= tok.sent.end or doc[end + 1].text != ",":
        return []
    above = {a.i for a in tok.ancestors}
    head = next((t for t in doc[end + 2:tok.sent.end] if t.pos_ in ("NOUN", "PROPN")
                 and t.head.i in above and t.dep_ in ("npadvmod", "appos", "conj", "dep")), None)
    if head is None or min(t.i for t in head.subtree) != end + 2 or \
            not any(c.dep_ in ("conj", "cc") for c in head.children):
        return []
    return [head]


def _last_conjunct_on_verb(obj: Token) -> Token | None:
    """The last name of a list that the small model hung from the verb instead of the list's head:
    "included A of Canada, B of Romania, and C of the United Kingdom" (C a conjunct of "included").
    A verb has no name as a conjunct of its own."""
    verb = obj.head
    if obj.dep_ != "dobj" or verb.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "PROPN" and c.i > obj.i
                 and not any(g.dep_ in ("nsubj", "nsubjpass", "dobj", "aux") for g in c.children)), None)


def _pobjs(prep: Token) -> list[Token]:
    return [t for c in prep.children if c.dep_ == "pobj" for t in _expand_conj(c)]


def _is_ancestor(candidate: Token, tok: Token) -> bool:
    return any(a.i == candidate.i for a in tok.ancestors)


def that_clause_subjects(tok: Token, deps: tuple[str, ...] = ("ccomp",)) -> list[Token]:
    """The subjects of the "that" clauses ``tok`` governs ("is disappointed that the Senate has failed";
    with ``deps`` ("acl", "ccomp"), a noun's too: "reports that Russia is supplying weapons")."""
    return [t for c in tok.children if c.dep_ in deps and any(m.lower_ == "that" and m.dep_ == "mark"
                                                              for m in c.children)
            for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]


JOINING_PARTICIPLES = rule_words("joining_participles")
COACTOR_PREPS = rule_words("coactor_preps")
COACTOR_ADVERBS = rule_words("coactor_adverbs")


def joining_participle(tok: Token) -> bool:
    """Whether ``tok`` is a participle of joining whose "by" names co-actors ("Joined by Canada, ...")."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBN" and tok.lemma_.lower() in JOINING_PARTICIPLES and \
        any(c.dep_ == "agent" for c in tok.children)


def coactor_words(verb: Token) -> list[Token]:
    """The words naming who acts with the subject of ``verb``: "Joined by Canada and Australia, the
    United States imposed ...", "Together with Japan, ...", "Alongside Japan, ...", also on the subject
    ("The United States, together with 20 partners including France, condemned ...")
    (``joining_participles``, ``coactor_preps``, ``coactor_adverbs`` in data/rule_words.yaml)."""
    words: list[Token] = []
    on_subject = [c for s in verb.children if s.dep_ == "nsubj" for c in s.children if c.dep_ == "prep"]
    for child in [*verb.children, *on_subject]:
        if joining_participle(child):
            words += [p for a in child.children if a.dep_ == "agent" for p in _pobjs(a)]
        elif child.dep_ == "prep" and (child.lower_ in COACTOR_PREPS or (
                child.lower_ == "with" and any(c.dep_ == "advmod" and c.lower_ in COACTOR_ADVERBS
                                               for c in child.children))):
            words += _pobjs(child)
        elif child.dep_ == "prep" and child.lower_ in COACTOR_ADVERBS:
            # "along with Japan" parsed as two prepositions
            words += [p for w in child.children if w.dep_ == "prep" and w.lower_ == "with" for p in _pobjs(w)]
    return [t for w in words for t in _expand_conj(w)]


def _distinct_countries(actors: Sequence[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in actors:
        if a.country and all(a.country != b.country for b in out):
            out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# modality and tense


def _clause_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs whose clause it shares (xcomp and conj heads; a predicate adjective's verb)."""
    chain = [tok]
    cur = tok
    for _ in range(MAX_CLIMB):
        if cur.dep_ == "acl" and cur.tag_ == "VB" and cur.head.dep_ == "dobj":
            cur = cur.head.head  # "declined an invitation to meet": the verb over the noun
            chain.append(cur)
        elif cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.head.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in ("mark", "nsubj", "nsubjpass") for c in cur.children) and any(
                c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in cur.head.children):
            # "He'll be in Cairo, meeting with Egyptian officials": the future of the clause it hangs from
            # (not any clause's: "And talking with the governor, it's going to take a while" is told)
            cur = cur.head
            chain.append(cur)
        elif cur.dep_ in ("xcomp", "conj", "aux", "ccomp", "acomp") and cur.head is not cur:  # acomp: "will remain engaged with"
            if cur.dep_ == "ccomp" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
                break
            if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX") and \
                    any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in cur.children):
                break  # "the door has not closed, but Pyongyang must cease": a clause of its own
            cur = cur.head
            chain.append(cur)
        else:
            break
    return chain


def _nominal_gerund(tok: Token) -> bool:
    """A verb form used as a noun: "the shelling of Kharkiv", "its listing of officials", "Russia's
    bombing" — a gerund with a determiner, a possessor or an "of" phrase in a noun's place."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "conj", "appos", "attr"):
        return False
    return any(c.dep_ in ("det", "poss") or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children)


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


EXAMPLE_PREPS = rule_words("example_preps")


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
