"""Running detente's fine-tuned MiniLM at inference: onnxruntime, ``tokenizers`` and numpy, no torch.

Training (``train/``, the ``train`` extra with torch) fine-tunes MiniLM and exports the
whole forward pass (embeddings, six transformer layers, the [CLS]/``<s>``/``<t>`` pooling and the
linear heads) to one ONNX file whose weights are stored as int8 (onnxruntime dynamic quantisation).
The model's folder also holds the WordPiece tokenizer with the mark tokens added, so a worker loads
two files and imports no deep-learning framework. ``tests/test_minilm.py`` checks the scores
against the reference logits the export wrote, and against the torch model when torch is installed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np

ENV_THREADS = "DETENTE_MODEL_THREADS"  # compute threads of one session; else $OMP_NUM_THREADS, else 2


class WordPieceTokenizer:
    """The model's tokenizer from a ``tokenizer.json``, with extra tokens that are never split.

    Offers the part of the Hugging Face tokenizer interface the typer uses: calling it on a list
    of texts (``["input_ids"]``), ``convert_tokens_to_ids`` and the special token ids.
    """

    def __init__(self, path: Path | str, extra_tokens: Sequence[str] = ()):
        from tokenizers import AddedToken, Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        if extra_tokens:
            self._tokenizer.add_special_tokens([AddedToken(t, normalized=False) for t in extra_tokens])
        self.cls_token_id, self.sep_token_id, self.pad_token_id = (
            self.convert_tokens_to_ids(["[CLS]", "[SEP]", "[PAD]"]))
        if None in (self.cls_token_id, self.sep_token_id, self.pad_token_id):
            raise ValueError(f"{path}: not a BERT WordPiece tokenizer ([CLS], [SEP] or [PAD] missing)")

    def convert_tokens_to_ids(self, tokens: str | Sequence[str]) -> Any:
        if isinstance(tokens, str):
            return self._tokenizer.token_to_id(tokens)
        return [self._tokenizer.token_to_id(t) for t in tokens]

    def __call__(self, texts: Sequence[str], add_special_tokens: bool = True) -> dict[str, list[list[int]]]:
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=add_special_tokens)
        return {"input_ids": [e.ids for e in encodings]}

    def save(self, path: Path | str) -> None:
        self._tokenizer.save(str(path))


def session_threads() -> int:
    """Compute threads for one model session: $DETENTE_MODEL_THREADS, else $OMP_NUM_THREADS (a worker
    process sets it to 1), else 2."""
    for variable in (ENV_THREADS, "OMP_NUM_THREADS"):
        value = os.environ.get(variable, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
    return 2


class OnnxModel:
    """An ONNX relation model: ``input_ids``, ``attention_mask``, ``token_type_ids`` in; its heads out."""

    def __init__(self, path: Path | str, threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or session_threads()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Shared machines: a thread that waits must sleep, not spin.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.output_names: list[str] = [o.name for o in self.session.get_outputs()]

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray,
                 token_type_ids: np.ndarray) -> dict[str, np.ndarray]:
        """Each head's scores (``float32``, batch x size) by output name."""
        feeds = {"input_ids": np.asarray(input_ids, dtype=np.int64),
                 "attention_mask": np.asarray(attention_mask, dtype=np.int64),
                 "token_type_ids": np.asarray(token_type_ids, dtype=np.int64)}
        return dict(zip(self.output_names, self.session.run(self.output_names, feeds)))


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax in float64."""
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
