"""The learned event typer and detector: a fine-tuned MiniLM encoder run on onnxruntime, and its heads."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import DetenteError
from ..records import QUAD_CLASS
from .candidates import MARK_TAGS, RelationCandidate, TypeDecision, YIELD_FAMILY

if TYPE_CHECKING:  # heavy imports stay lazy so ``import detente`` is fast
    import numpy as np


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

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "eventtype"
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


# Candidates per encoder call. onnxruntime keeps the largest call's activations in its arena for the
# life of the session: 32 rows of 80 tokens hold ~95 MiB more than the session alone, 4 rows ~18 MiB,
# and 4 rows are also the fastest on one thread (≈100 rows/s against 75 for 32).
BATCH_SIZE = 4


class LearnedTyper:
    """The shipped typer: fine-tuned MiniLM encoder + combiner with the lexicon (see module doc)."""

    def __init__(self, model_dir: Path | str | None = None, use_combiner: bool = True,
                 lexicon_shortcut: bool | None = None, batch_size: int = BATCH_SIZE, max_length: int | None = None,
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
            from ..minilm import OnnxModel, WordPieceTokenizer
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
        from ..minilm import softmax

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

        from ..minilm import softmax

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
