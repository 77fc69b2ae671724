"""Event typing: which PLOVER type describes what a source does to a target in one sentence.

One component, two entry points: ``detente extract`` builds a RelationCandidate for each
source-trigger-target it finds in a parse, ``detente classify`` builds one from a sentence with
``<s>..</s>`` and ``<t>..</t>`` marks; both ask the same EventTyper.

The typer that ships (``load_typer()``) is a fine-tuned MiniLM sentence encoder that reads the marked
sentence plus what the parse knows (the trigger, the dependency path, the lexicon's proposed types,
negation), followed by a small combiner that weighs the encoder's scores against the lexicon. The
encoder runs on onnxruntime (``detente.minilm``): ``detente/models/eventtype/`` holds the int8 ONNX
graph, its tokenizer and ``config.json``; training and export live in ``train/``.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Protocol, Sequence

from .errors import DetenteError, InputError
from .records import PLOVER_TYPES, QUAD_CLASS

if TYPE_CHECKING:  # heavy imports stay lazy so ``import detente`` is fast
    import numpy as np
    from spacy.language import Language


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
_MARK_RE = re.compile(r"</?[st]>", re.IGNORECASE)

# PLV and other corpora merge PLOVER's verbal and material concessions into one YIELD class.
YIELD_FAMILY: tuple[str, ...] = ("CONCEDE", "RETREAT")


def merged_type(event_type: str) -> str:
    """The type as PLV scores it: CONCEDE and RETREAT both count as YIELD."""
    return "YIELD" if event_type in YIELD_FAMILY else event_type


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
    """``detente.events.describe_relation`` bound to a lexicon, or None when extraction lacks it."""
    try:
        from .events import describe_relation
        from .lexicon import load_lexicon
    except ImportError:
        return None
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


# --- what the encoder reads ------------------------------------------------------------------------

def parse_hints(candidate: RelationCandidate) -> str:
    """The parse's knowledge of the relation as a short text the encoder reads after the sentence.

    E.g. ``"condemn ; condemn decision ; accuse reject"``, with ``"; not"`` when negated; empty when
    the parse knows nothing.
    """
    parts = [
        candidate.trigger or "",
        " ".join(candidate.path),
        " ".join(t.lower() for t in candidate.lexicon_types[:3]),
    ]
    if candidate.negated:
        parts.append("not")
    if not any(parts):
        return ""
    return " ; ".join(parts)


def window_tokens(ids: Sequence[int], budget: int, mark_ids: frozenset[int]) -> list[int]:
    """At most ``budget`` token ids of a marked sentence, keeping every mark and the words around them.

    When the marks themselves lie further apart than the budget, the words right after the first
    mark and right before the last one are kept.
    """
    ids = list(ids)
    if len(ids) <= budget:
        return ids
    positions = [i for i, t in enumerate(ids) if t in mark_ids] or [0]
    lo, hi = min(positions), max(positions) + 1
    if hi - lo > budget:
        head = budget // 2
        return ids[lo:lo + head] + ids[hi - (budget - head):hi]
    spare = budget - (hi - lo)
    lo = max(0, lo - spare // 2)
    hi = min(len(ids), lo + budget)
    lo = max(0, hi - budget)
    return ids[lo:hi]


# --- the encoder ----------------------------------------------------------------------------------

MODEL_DIR = Path(__file__).resolve().parent / "models" / "eventtype"
ENV_MODEL_DIR = "DETENTE_EVENTTYPE_MODEL"
MODEL_FILE = "model.onnx"  # the int8 ONNX graph of the fine-tuned encoder and its head(s)
TOKENIZER_FILE = "tokenizer.json"  # MiniLM's WordPiece tokenizer with the four mark tokens


class ModelMissing(DetenteError):
    """The event-type model (or onnxruntime, which runs it) is not installed."""


HINT_TOKENS = 16  # at most this many tokens of parse hints


def encode_batch(tokenizer: Any, candidates: Sequence[RelationCandidate], max_length: int,
                 use_hints: bool) -> dict[str, "np.ndarray"]:
    """Token ids for a batch: ``[CLS] marked sentence [SEP] parse hints [SEP]``, at most ``max_length``.

    Long sentences are cut around the marks (``window_tokens``), never the marks themselves. Returns
    int64 arrays (batch x longest row) ``input_ids``, ``attention_mask`` and ``token_type_ids``.
    """
    import numpy as np
    firsts = tokenizer([c.marked() for c in candidates], add_special_tokens=False)["input_ids"]
    if use_hints:
        seconds = tokenizer([parse_hints(c) or "none" for c in candidates],
                            add_special_tokens=False)["input_ids"]
    else:
        seconds = [None] * len(candidates)
    mark_ids = frozenset(tokenizer.convert_tokens_to_ids(list(MARK_TAGS)))
    cls, sep, pad = tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id
    rows, types = [], []
    for first, second in zip(firsts, seconds):
        if second is None:
            first = window_tokens(first, max_length - 2, mark_ids)
            rows.append([cls, *first, sep])
            types.append([0] * len(rows[-1]))
        else:
            second = second[:HINT_TOKENS]
            first = window_tokens(first, max_length - 3 - len(second), mark_ids)
            rows.append([cls, *first, sep, *second, sep])
            types.append([0] * (len(first) + 2) + [1] * (len(second) + 1))
    width = max(len(r) for r in rows)
    return {
        "input_ids": np.array([r + [pad] * (width - len(r)) for r in rows], dtype=np.int64),
        "attention_mask": np.array([[1] * len(r) + [0] * (width - len(r)) for r in rows], dtype=np.int64),
        "token_type_ids": np.array([t + [0] * (width - len(t)) for t in types], dtype=np.int64),
    }


# --- the combiner ---------------------------------------------------------------------------------

def combiner_features(log_probs: Sequence[float], candidate: RelationCandidate,
                      labels: Sequence[str]) -> list[list[float]]:
    """What the combiner weighs, per label: the encoder's log-probability for it, whether the lexicon
    proposes it first, whether it proposes it at all, whether that first proposal was the only one,
    and whether the relation is negated."""
    first = candidate.lexicon_types[0] if candidate.lexicon_types else None
    proposed = set(candidate.lexicon_types)
    only_one = len(candidate.lexicon_types) == 1
    negated = float(candidate.negated)
    return [[lp, float(label == first), float(label in proposed), float(only_one and label == first), negated]
            for lp, label in zip(log_probs, labels)]


@dataclass
class Combiner:
    """Per-label logistic regression over ``combiner_features``.

    ``logit[j] = scale * logp[j] + first[j] * lexicon_first[j] + any[j] * lexicon_any[j]
    + only_one * lexicon_only[j] + negated[j] * is_negated + bias[j]``: a handful of weights per
    type, so it learns how far to trust the lexicon for each type without overfitting.
    """

    scale: float
    first: list[float]
    any: list[float]
    only_one: float
    negated: list[float]
    bias: list[float]

    def scores(self, features: Sequence[Sequence[float]]) -> list[float]:
        """Probabilities per label."""
        logits = [
            self.scale * lp + self.first[j] * f + self.any[j] * a + self.only_one * o + self.negated[j] * n
            + self.bias[j]
            for j, (lp, f, a, o, n) in enumerate(features)
        ]
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        return [e / total for e in exps]


# --- the typers -----------------------------------------------------------------------------------

def decide(probabilities: dict[str, float]) -> tuple[str, float]:
    """The type to report and its probability.

    CONCEDE and RETREAT first compete as one family (their probabilities summed) against the other
    types, so that uncertainty between the two concessions never hands the decision to a third type;
    within the family the likelier one is reported.
    """
    family = sum(probabilities.get(t, 0.0) for t in YIELD_FAMILY)
    best_other = max((t for t in probabilities if t not in YIELD_FAMILY), key=probabilities.get)
    if family > probabilities[best_other]:
        chosen = max(YIELD_FAMILY, key=lambda t: probabilities.get(t, 0.0))
        return chosen, probabilities[chosen]
    return best_other, probabilities[best_other]


class LearnedTyper:
    """The shipped typer: fine-tuned MiniLM encoder + combiner with the lexicon (see module doc)."""

    def __init__(self, model_dir: Path | str | None = None, use_combiner: bool = True,
                 lexicon_shortcut: bool | None = None, batch_size: int = 32, max_length: int | None = None,
                 threads: int | None = None):
        self.model_dir = Path(model_dir or os.environ.get(ENV_MODEL_DIR) or MODEL_DIR)
        config_path = self.model_dir / "config.json"
        if not config_path.exists() or not (self.model_dir / MODEL_FILE).exists():
            raise ModelMissing(f"no event-type model at {self.model_dir} (run train/train_eventtype.py)")
        self.config: dict[str, Any] = json.loads(config_path.read_text(encoding="utf-8"))
        self.labels: list[str] = list(self.config["labels"])
        self.max_length: int = int(max_length or self.config.get("inference_max_length") or self.config["max_length"])
        self.use_hints: bool = bool(self.config["use_hints"])
        self.batch_size = batch_size
        combiner = self.config.get("combiner")
        self.combiner = Combiner(**combiner) if (combiner and use_combiner) else None
        shortcut = self.config.get("lexicon_shortcut") or {}
        enabled = shortcut.get("enabled", False) if lexicon_shortcut is None else lexicon_shortcut
        self.shortcut_types: frozenset[str] = frozenset(shortcut.get("types", ())) if enabled else frozenset()
        try:
            from .minilm import OnnxModel, WordPieceTokenizer
        except ImportError as exc:  # onnxruntime, tokenizers or numpy absent
            raise ModelMissing(f"the event-type model needs {exc.name or 'onnxruntime'}") from None
        self.tokenizer = WordPieceTokenizer(self.model_dir / TOKENIZER_FILE)
        self.model = OnnxModel(self.model_dir / MODEL_FILE, threads)

    def encoder_logits(self, candidates: Sequence[RelationCandidate]) -> dict[str, "np.ndarray"]:
        """Each head's raw scores (candidates x labels), batched shortest first, in input order."""
        import numpy as np

        order = sorted(range(len(candidates)), key=lambda i: len(candidates[i].text))
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            batch = encode_batch(self.tokenizer, [candidates[i] for i in chunk], self.max_length, self.use_hints)
            for name, scores in self.model(**batch).items():
                if name not in out:
                    out[name] = np.zeros((len(candidates), scores.shape[1]), dtype=np.float32)
                out[name][chunk] = scores
        return out

    def encoder_probabilities(self, candidates: Sequence[RelationCandidate]) -> list[list[float]]:
        """The encoder's probability per label for each candidate."""
        from .minilm import softmax

        if not candidates:
            return []
        logits = self.encoder_logits(candidates)[self.model.output_names[0]]
        return softmax(logits).tolist()

    def _shortcut(self, candidate: RelationCandidate) -> str | None:
        """The lexicon's single type when it is trusted to decide without the model."""
        if (len(candidate.lexicon_types) == 1 and candidate.lexicon_types[0] in self.shortcut_types
                and not candidate.negated):
            return candidate.lexicon_types[0]
        return None

    def _type_decision(self, candidate: RelationCandidate, probs: Sequence[float]) -> TypeDecision:
        """The type the encoder's probabilities (through the combiner) give one candidate."""
        if self.combiner is not None:
            log_probs = [math.log(max(p, 1e-9)) for p in probs]
            probs = self.combiner.scores(combiner_features(log_probs, candidate, self.labels))
        scores = dict(zip(self.labels, probs))
        event_type, confidence = decide(scores)
        return TypeDecision(event_type, confidence, {k: round(v, 4) for k, v in scores.items()}, decided_by="model")

    def _shortcut_decision(self, candidate: RelationCandidate) -> TypeDecision | None:
        shortcut = self._shortcut(candidate)
        if not shortcut:
            return None
        confidence = float(self.config["lexicon_shortcut"].get("precision", {}).get(shortcut, 0.9))
        return TypeDecision(shortcut, confidence, {shortcut: confidence}, decided_by="lexicon")

    def predict(self, candidates: Sequence[RelationCandidate]) -> list[TypeDecision]:
        """One TypeDecision per candidate, in order."""
        decisions: list[TypeDecision | None] = [self._shortcut_decision(c) for c in candidates]
        to_model = [i for i, d in enumerate(decisions) if d is None]
        probabilities = self.encoder_probabilities([candidates[i] for i in to_model])
        for i, probs in zip(to_model, probabilities):
            decisions[i] = self._type_decision(candidates[i], probs)
        return [d for d in decisions if d is not None]


@dataclass
class Detection:
    """The detector's answer for one candidate: an event or not, its type, who acts.

    ``event_type`` is None when the detector finds no event between the two mentions (``p_event`` is
    below the model's threshold); ``typed`` is then the type it would have, for inspection.
    ``direction`` is "forward" when the marked source acts on the marked target, "reversed" when the
    marked target acts on the marked source.
    """

    event_type: str | None
    typed: TypeDecision
    p_event: float
    direction: str
    p_reversed: float

    @property
    def is_event(self) -> bool:
        return self.event_type is not None

    @property
    def quad_class(self) -> str | None:
        return QUAD_CLASS[self.event_type] if self.event_type else None


class EventDetector(LearnedTyper):
    """The typer with an event head and a direction head in the same ONNX model.

    ``predict`` types candidates exactly as LearnedTyper does (the same head, so ``classify`` and
    extraction are unchanged by it); ``detect`` also says whether each candidate is an event and who
    acts (see ``train/train_detector.py`` and docs/classify.md).
    """

    def __init__(self, model_dir: Path | str | None = None, threshold: float | None = None, **options: Any):
        super().__init__(model_dir, **options)
        settings = self.config.get("detector")
        outputs = set(self.model.output_names)
        if not settings or not {"logits", "event", "direction"} <= outputs:
            raise ModelMissing(f"the model at {self.model_dir} has no event and direction heads "
                               "(run train/train_detector.py)")
        self.threshold = float(threshold if threshold is not None else settings.get("threshold", 0.5))
        self.directions: list[str] = list(settings.get("directions", ("forward", "reversed")))

    def detect(self, candidates: Sequence[RelationCandidate]) -> list[Detection]:
        """One Detection per candidate, in order (the model reads every candidate)."""
        import numpy as np

        from .minilm import softmax

        if not candidates:
            return []
        outputs = self.encoder_logits(candidates)
        type_probs = softmax(outputs["logits"]).tolist()
        p_event = (1.0 / (1.0 + np.exp(-outputs["event"][:, 0].astype(np.float64)))).tolist()
        p_reversed = softmax(outputs["direction"])[:, 1].tolist()
        out = []
        for c, probs, pe, pr in zip(candidates, type_probs, p_event, p_reversed):
            typed = self._shortcut_decision(c) or self._type_decision(c, probs)
            reversed_ = c.target is not None and c.source != (0, 0) and pr >= 0.5
            out.append(Detection(event_type=typed.event_type if pe >= self.threshold else None, typed=typed,
                                 p_event=round(pe, 4), direction=self.directions[1 if reversed_ else 0],
                                 p_reversed=round(pr, 4)))
        return out


def _typer_class(model_dir: Path) -> type[LearnedTyper]:
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LearnedTyper
    return EventDetector if config.get("kind") == "detector" else LearnedTyper


@lru_cache(maxsize=2)
def load_typer(model_dir: str | None = None) -> LearnedTyper:
    """The shipped event model, loaded once per process (offline); ModelMissing if it is absent.

    An EventDetector when the artifact has the detector's heads (the shipped one does), else the
    plain LearnedTyper; both type candidates the same way through ``predict``.
    """
    folder = Path(model_dir or os.environ.get(ENV_MODEL_DIR) or MODEL_DIR)
    return _typer_class(folder)(folder)


def load_default_typer() -> LearnedTyper | None:
    """The shipped event typer, or None when the artifact or onnxruntime is not installed."""
    try:
        return load_typer()
    except ModelMissing:
        return None


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
        from .nlp import load_model

        nlp = load_model()
    lexicon = None
    try:
        from .lexicon import load_lexicon

        lexicon = load_lexicon()
    except ImportError:
        pass
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
