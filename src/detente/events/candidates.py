"""What the rules hand the event typer: a candidate pair of mentions in a sentence, and the typer's answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence

from ..records import QUAD_CLASS


@dataclass
class RelationCandidate:
    """A source and a target in one sentence, with what the parse says links them."""

    text: str  # the sentence
    source: tuple[int, int]  # char span of the source words in ``text``
    target: tuple[int, int] | None  # char span of the target words, if any
    trigger: str | None = None  # lemma(s) of the words that link them, e.g. "visit", "shoot down"
    trigger_span: tuple[int, int] | None = None
    path: tuple[str, ...] = ()  # lemmas on the dependency path from source to target
    lexicon_types: tuple[str, ...] = ()  # PLOVER types the trigger lexicon proposes, best first
    negated: bool = False
    modality: str = "reported"  # what the parse says of how sure the text is (records.MODALITIES)

    def marked(self) -> str:
        """The sentence with ``<s>..</s>`` around the source and ``<t>..</t>`` around the target."""
        marks = [(self.source[0], "<s>"), (self.source[1], "</s>")]
        if self.target:
            marks += [(self.target[0], "<t>"), (self.target[1], "</t>")]
        out, last = [], 0
        for pos, tag in sorted(marks, key=lambda m: (m[0], m[1].startswith("</") is False)):
            out.append(self.text[last:pos])
            out.append(tag)
            last = pos
        out.append(self.text[last:])
        return "".join(out)


@dataclass
class TypeDecision:
    """The typer's answer for one candidate."""

    event_type: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    # What decided: "model" (encoder + combiner) or "lexicon" (the lexicon alone, model skipped).
    decided_by: str = "model"

    @property
    def quad_class(self) -> str:
        return QUAD_CLASS[self.event_type]


class EventTyper(Protocol):
    """Anything that types relation candidates: the lexicon, a learned model, or both combined."""

    def predict(self, candidates: Sequence[RelationCandidate]) -> list[TypeDecision]:
        ...


# --- marked sentences ------------------------------------------------------------------------------

MARK_TAGS: tuple[str, ...] = ("<s>", "</s>", "<t>", "</t>")

# PLV and other corpora merge PLOVER's verbal and material concessions into one YIELD class.
YIELD_FAMILY: tuple[str, ...] = ("CONCEDE", "RETREAT")


def merged_type(event_type: str) -> str:
    """The type as PLV scores it: CONCEDE and RETREAT both count as YIELD."""
    return "YIELD" if event_type in YIELD_FAMILY else event_type


class Detects(Protocol):
    """Anything that says of each candidate whether it is an event, of which type, in which direction
    (``model.EventDetector``)."""

    def detect(self, candidates: Sequence[RelationCandidate]) -> list:
        ...
