"""Mentions of one happening within a document merged into one event, keeping the fuller date."""

from __future__ import annotations

from ..records import Actor, EventMention, TimeRef
from .timing import CONTEXT_TIME_RULES


# --------------------------------------------------------------------------------------------
# one record per event within a document

# Modalities under which mentions of one happening merge: the text is sure, or at least expects it.
MERGEABLE = ("planned", "expected", "reported")

# Types of acts done by saying something: each verb of one sentence that does one is an act of its own
# ("affirmed ... and commended ..."), where two verbs of a meeting ("met and discussed") tell one.
SAYING_TYPES = frozenset({"SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN"})


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
            if "ITEM" in (k.trigger_pos, m.trigger_pos) and k.sentence_index != m.sentence_index:
                continue  # the items of a list are measures of their own ("Full blocking sanctions on VTB.")
            if k.trigger_pos == m.trigger_pos == "VERB" and k.sentence_index == m.sentence_index and \
                    k.event_type in SAYING_TYPES and k.trigger.lower() != m.trigger.lower():
                continue  # "affirmed support for Iraq's sovereignty and commended the leadership": two sayings
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


def _bare(m: EventMention) -> bool:
    """A reference with no time words of its own ("Macron's visit"): its date is borrowed."""
    return m.time.rule in CONTEXT_TIME_RULES


def _undated(m: EventMention) -> bool:
    """A reference dated only by the article: its date does not keep it apart from others."""
    return m.time.rule in ("article-month", "no-article-date", "after-article")


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
