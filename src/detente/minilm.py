"""The MiniLM (BERT) encoder and its WordPiece tokenizer for inference, in plain torch and ``tokenizers``.

Training fine-tunes MiniLM with ``transformers`` (``train/train_eventtype.py``); running the trained
model needs only the forward pass. Importing ``transformers``' BERT code costs a worker process more
than 100 MB of memory and seconds of start-up, so the shipped typer runs this re-statement of the
same computation instead. Its modules carry the names of ``transformers.BertModel``'s, so the weights a
training run saves load here unchanged; ``tests/test_minilm.py`` checks that both give the same
outputs and the same token ids.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Sequence

import torch
from torch import nn
from torch.nn import functional as F


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
    """MiniLM over a marked sentence; the [CLS], ``<s>`` and ``<t>`` states feed a linear head.

    The inference twin of the training script's ``RelationEncoder`` (same weight names).
    """

    def __init__(self, settings: BertSettings, base_word_weight: torch.Tensor, n_extra_tokens: int,
                 n_labels: int, source_id: int, target_id: int):
        super().__init__()
        self.bert = BertEncoder(settings, WordEmbedding(base_word_weight, n_extra_tokens))
        self.source_id, self.target_id = source_id, target_id
        self.head = nn.Linear(3 * settings.hidden, n_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids, attention_mask, token_type_ids)
        return self.head(pool_marks(hidden, input_ids, self.source_id, self.target_id))


def pool_marks(hidden: torch.Tensor, input_ids: torch.Tensor, source_id: int, target_id: int) -> torch.Tensor:
    """The hidden states at ``[CLS]``, the first ``<s>`` and the first ``<t>`` of each row, side by side."""
    rows = torch.arange(input_ids.shape[0])

    def first_position(token_id: int) -> torch.Tensor:
        hits = input_ids == token_id
        # position 0 ([CLS]) when the mark is absent or was cut off
        return torch.where(hits.any(dim=1), hits.float().argmax(dim=1), torch.zeros_like(rows))

    return torch.cat([hidden[:, 0], hidden[rows, first_position(source_id)],
                      hidden[rows, first_position(target_id)]], dim=-1)


class WordPieceTokenizer:
    """The model's tokenizer from its ``tokenizer.json``, with extra tokens that are never split.

    Offers the part of the ``transformers`` tokenizer interface the typer uses: calling it on a list
    of texts (``["input_ids"]``), ``convert_tokens_to_ids`` and the special token ids.
    """

    def __init__(self, folder: Path, extra_tokens: Sequence[str] = ()):
        from tokenizers import AddedToken, Tokenizer

        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        if extra_tokens:
            self._tokenizer.add_special_tokens([AddedToken(t, normalized=False) for t in extra_tokens])
        settings = json.loads((folder / "special_tokens_map.json").read_text(encoding="utf-8"))

        def special(name: str) -> int:
            value = settings[name]
            return self.convert_tokens_to_ids(value["content"] if isinstance(value, dict) else value)

        self.cls_token_id, self.sep_token_id = special("cls_token"), special("sep_token")
        self.pad_token_id = special("pad_token")

    def convert_tokens_to_ids(self, tokens: str | Sequence[str]) -> Any:
        if isinstance(tokens, str):
            return self._tokenizer.token_to_id(tokens)
        return [self._tokenizer.token_to_id(t) for t in tokens]

    def __call__(self, texts: Sequence[str], add_special_tokens: bool = True) -> dict[str, list[list[int]]]:
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=add_special_tokens)
        return {"input_ids": [e.ids for e in encodings]}
