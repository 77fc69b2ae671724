"""What links two marked mentions in a parse: the trigger, the path, the lexicon's types (for ``classify``)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .arguments import ArgumentFinder
from .candidates import RelationCandidate
from .lexicon import Lexicon
from .modality import noun_modality, verb_modality
from .triggers import Trigger, find_triggers


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
