"""When an event happened: time words attached to a trigger, the sentence's and the paragraph's times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from .. import timeref
from ..records import TimeRef
from .arguments import Clause
from .lexicon import Lexicon, rule_words
from .triggers import LIGHT_VERBS


# --------------------------------------------------------------------------------------------
# time


@dataclass
class SentenceTimes:
    """Time expressions of one sentence, each with the token it attaches to in the parse."""

    items: list[tuple[timeref.TimeExpression, Token]]
    # Nouns a time expression modifies as part of their name ("the May 2023 Leaders' Declaration"):
    # that time is the noun's, not free for the sentence's other events.
    named_nouns: frozenset[int] = frozenset()

    @classmethod
    def find(cls, sent: Span) -> "SentenceTimes":
        items, named = [], set()
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
            elif root.dep_ in ("compound", "nmod") and attach.pos_ in ("NOUN", "PROPN") and attach.i > root.i:
                named.add(attach.i)
            items.append((expr, attach))
        return cls(items, frozenset(named))

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
            elif attach.i in self.named_nouns:
                continue  # "in support of the May 2023 Declaration, USAID supported ...": the Declaration's
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
                for expr, attach in self.items if attach.i not in other_triggers
                and (attach.i not in self.named_nouns or attach.i == tok.i)]
        return min(free, key=lambda f: f[0])[1] if free else None


# Predicates whose time is the time of their event-noun subject: "the meeting took place on Monday".
EVENT_PREDICATES = rule_words("event_predicates")

def _carries_event(governor: Token, relation: str, lexicon: Lexicon) -> bool:
    """Whether the verb an event noun hangs from dates it: "made the trip in May", "was canceled in
    February", "the meeting took place on Monday", "in a call on Monday, X said" — but not "factors
    weighing in favor of the trip also highlight a pitfall in November"."""
    lemma = governor.lemma_.lower()
    if relation == "subject":
        return lemma in EVENT_PREDICATES or lexicon.governor(lemma) is not None
    if relation == "object":
        return lemma in LIGHT_VERBS or lexicon.governor(lemma) is not None
    if relation == "prep:for" and lexicon.hosts(lemma):
        return True  # "will host X in Washington on October 5 for discussions"
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


CONTEXT_TIME_RULES = ("article-month", "no-article-date", "paragraph-context", "sentence-context",
                      "after-article")
