"""``detente classify``: sentences with ``<s>..</s>`` and ``<t>..</t>`` marks in, typed relations out."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ..errors import InputError
from .candidates import EventTyper, RelationCandidate
from .lexicon import load_lexicon
from .model import Detection, load_typer
from .relation import describe_relation

if TYPE_CHECKING:
    from spacy.language import Language


_MARK_RE = re.compile(r"</?[st]>", re.IGNORECASE)


class MarkedTextError(InputError):
    """A marked sentence whose ``<s>``/``<t>`` marks are missing or malformed."""


def parse_marked(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    """The plain sentence and the char spans of its ``<s>..</s>`` and ``<t>..</t>`` words.

    Marks are removed from the text; a span is None when its mark is absent. When a mark occurs more
    than once the first pair counts. Surrounding whitespace is not part of a span. Raises
    MarkedTextError for an opening mark without its closing mark (or the reverse).
    """
    plain: list[str] = []
    opened: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    length, last = 0, 0
    for match in _MARK_RE.finditer(marked):
        piece = marked[last:match.start()]
        plain.append(piece)
        length += len(piece)
        last = match.end()
        tag = match.group(0).lower()
        role = tag.strip("</>")
        if not tag.startswith("</"):
            if role not in opened and role not in spans:
                opened[role] = length
            continue
        if role in spans:
            continue
        if role not in opened:
            raise MarkedTextError(f"</{role}> without an opening <{role}>")
        spans[role] = (opened.pop(role), length)
    plain.append(marked[last:])
    if opened:
        role = next(iter(opened))
        raise MarkedTextError(f"<{role}> is never closed with </{role}>")
    text = "".join(plain)

    def trimmed(span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None:
            return None
        start, end = span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    return text, trimmed(spans.get("s")), trimmed(spans.get("t"))


def _describe_relation(lexicon: Any = None):
    """``describe_relation`` bound to a lexicon (the packaged one unless given)."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    return lambda sent, source, target: describe_relation(sent, source, target, lexicon)


def _spans_from_marked(marked: str) -> tuple[str, tuple[int, int], tuple[int, int] | None]:
    """Text, source span and target span; a sentence with only ``<t>`` gets an empty source at 0."""
    text, source, target = parse_marked(marked)
    if source is None and target is None:
        raise MarkedTextError("no <s>..</s> or <t>..</t> marks")
    return text, source or (0, 0), target


def candidate_from_marked(marked: str, nlp: "Language | None" = None, lexicon: Any = None) -> RelationCandidate:
    """A RelationCandidate from a sentence with ``<s>..</s>`` and ``<t>..</t>`` marks.

    With a spaCy pipeline, the parse's view of the relation (trigger, path, lexicon types, negation,
    modality) is filled in by the same code extraction uses; without one only the spans are set.
    A sentence with only a target mark gets an empty source span at 0 (PLV has a few: the source is
    unnamed, as in a passive); one without any mark raises MarkedTextError.
    """
    result = candidates_from_marked([marked], nlp, lexicon)[0]
    if isinstance(result, MarkedTextError):
        raise result
    return result


def candidates_from_marked(marked: Sequence[str], nlp: "Language | None" = None, lexicon: Any = None
                           ) -> list[RelationCandidate | MarkedTextError]:
    """``candidate_from_marked`` for many sentences, parsed in one spaCy pipe.

    Each item is the candidate, or the MarkedTextError that explains why that sentence has none.
    """
    parsed: list[Any] = []
    for item in marked:
        try:
            parsed.append(_spans_from_marked(item))
        except MarkedTextError as exc:
            parsed.append(exc)
    describe = _describe_relation(lexicon) if nlp is not None else None
    to_parse = [p for p in parsed if not isinstance(p, MarkedTextError) and p[1] != (0, 0)]
    docs = iter(nlp.pipe([p[0] for p in to_parse], batch_size=64)) if describe is not None else None
    out: list[RelationCandidate | MarkedTextError] = []
    for p in parsed:
        if isinstance(p, MarkedTextError):
            out.append(p)
        elif docs is None or p[1] == (0, 0):
            out.append(RelationCandidate(text=p[0], source=p[1], target=p[2]))
        else:
            out.append(describe(next(docs)[:], p[1], p[2]))
    return out


# --- classify: marked sentences in, typed relations out --------------------------------------------

def _read_marked_line(line: str) -> tuple[Any, str]:
    """(id, marked text) of one JSONL line; MarkedTextError explaining what is wrong with it."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MarkedTextError(f"invalid JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise MarkedTextError("expected a JSON object with \"id\" and \"text\"")
    text = item.get("text")
    if not isinstance(text, str):
        raise MarkedTextError("no \"text\" string")
    return item.get("id"), text


def classify_lines(lines: Iterable[str], typer: EventTyper | None = None, nlp: "Language | None" = None,
                   chunk: int = 256) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Type each JSONL line ``{"id", "text"}`` whose text marks ``<s>..</s>`` and ``<t>..</t>``.

    Yields (line number, record) with record ``{"id", "event_type", "quad_class", "modality",
    "confidence"}`` (plus ``"event"``, ``"p_event"`` and ``"direction"`` when the typer is an
    EventDetector: whether the marked pair is an event at all, and who acts), or (line number,
    message) for a line that cannot be classified. Blank lines are skipped. A missing id becomes the
    line number. Uses the shipped typer and spaCy model unless given.
    """
    if typer is None:
        typer = load_typer()
    if nlp is None:
        from ..nlp import load_model

        nlp = load_model()
    lexicon = load_lexicon()
    pending: list[tuple[int, Any, str]] = []

    def flush() -> Iterator[tuple[int, dict[str, Any] | str]]:
        made = candidates_from_marked([text for _, _, text in pending], nlp, lexicon)
        good = [(n, ident, c) for (n, ident, _), c in zip(pending, made) if isinstance(c, RelationCandidate)]
        detect = getattr(typer, "detect", None)
        batch = [c for _, _, c in good]
        answers = iter((detect(batch) if detect else typer.predict(batch)) if good else ())
        for (n, ident, _), c in zip(pending, made):
            if isinstance(c, MarkedTextError):
                yield n, str(c)
                continue
            answer = next(answers)
            decision = answer.typed if isinstance(answer, Detection) else answer
            record = {"id": ident, "event_type": decision.event_type, "quad_class": decision.quad_class,
                      "modality": c.modality, "confidence": round(decision.confidence, 3)}
            if isinstance(answer, Detection):
                record.update(event=answer.is_event, p_event=round(answer.p_event, 3), direction=answer.direction)
            yield n, record
        pending.clear()

    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            ident, text = _read_marked_line(line)
        except MarkedTextError as exc:
            if pending:
                yield from flush()
            yield number, str(exc)
            continue
        pending.append((number, number if ident is None else ident, text))
        if len(pending) >= chunk:
            yield from flush()
    if pending:
        yield from flush()
