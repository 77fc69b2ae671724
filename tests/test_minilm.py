"""The shipped ONNX model computes what the torch model it was exported from computes.

Tolerance (stated in docs/classify.md): the int8 ONNX file's logits lie within 1.0 of the fp32 torch
logits, its probabilities within 0.25, and it picks the same label on every reference sentence; the fp32
ONNX graph matches torch within 1e-4. The first tests need no torch: they read the reference ids and
logits that ``train/export_onnx.py`` wrote next to the artifact it made. The last ones export a small
model themselves and are skipped when the ``train`` extra (torch, transformers, onnx) is absent.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from detente import minilm
from detente.events import model as eventtype
from detente.events import RelationCandidate
from detente.events.model import encode_batch

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LOGIT_TOLERANCE = 1.0
PROBABILITY_TOLERANCE = 0.25

SENTENCES = [
    "<s>The Finnish president</s> held talks with <t>the Estonian prime minister</t> in Tallinn.",
    "<s>Québec's premier</s> criticised <t>Ottawa</t>'s 2.5% tariff — again — on Monday.",
    "<S>Rebels</S> freed <T>thirty captured soldiers</T>, officials said.",
    "<t>Lima</t> was accused by <s>Chile</s> of 'spying'.",
]


def _candidate(data: dict) -> RelationCandidate:
    data = dict(data)
    for name in ("source", "target", "trigger_span"):
        if data[name] is not None:
            data[name] = tuple(data[name])
    data["path"], data["lexicon_types"] = tuple(data["path"]), tuple(data["lexicon_types"])
    return RelationCandidate(**data)


def shipped_models() -> list[Path]:
    """Every model folder under src/detente/models/ that has a reference fixture."""
    return sorted(d for d in eventtype.MODEL_DIR.parent.iterdir()
                  if (d / eventtype.MODEL_FILE).exists() and (FIXTURES / f"{d.name}_reference.json").exists())


@pytest.mark.parametrize("model_dir", shipped_models(), ids=lambda d: d.name)
def test_shipped_onnx_model_gives_the_training_models_logits(model_dir):
    reference = json.loads((FIXTURES / f"{model_dir.name}_reference.json").read_text(encoding="utf-8"))
    assert hashlib.sha256((model_dir / eventtype.MODEL_FILE).read_bytes()).hexdigest() == reference["model_sha256"], \
        "the fixture was written for another model file: rerun the export"
    candidates = [_candidate(c) for c in reference["candidates"]]
    tokenizer = minilm.WordPieceTokenizer(model_dir / eventtype.TOKENIZER_FILE)
    batch = encode_batch(tokenizer, candidates, reference["max_length"], reference["use_hints"])
    assert batch["input_ids"].tolist() == reference["input_ids"]  # the shipped tokenizer is training's
    outputs = minilm.OnnxModel(model_dir / eventtype.MODEL_FILE, threads=1)(**batch)
    assert set(outputs) == set(reference["outputs"])
    for name, expected in reference["outputs"].items():
        expected = np.array(expected)
        got = outputs[name]
        assert got.shape == expected.shape
        assert np.abs(got - expected).max() <= LOGIT_TOLERANCE, name
        assert np.abs(minilm.softmax(got) - minilm.softmax(expected)).max() <= PROBABILITY_TOLERANCE, name
        assert (got.argmax(axis=1) == expected.argmax(axis=1)).all(), name


def test_there_is_a_shipped_model_with_a_fixture():
    assert shipped_models(), "no model under src/detente/models/ has tests/fixtures/<name>_reference.json"


def test_runtime_modules_import_neither_torch_nor_transformers():
    for path in (ROOT / "src" / "detente").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("import torch", "from torch", "import transformers", "from transformers"):
            assert banned not in text, f"{path.name} has {banned!r}"


def test_session_threads_follow_the_environment(monkeypatch):
    monkeypatch.delenv(minilm.ENV_THREADS, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert minilm.session_threads() == 1
    monkeypatch.setenv(minilm.ENV_THREADS, "3")
    assert minilm.session_threads() == 3


def test_softmax_rows_sum_to_one():
    rows = minilm.softmax(np.array([[1000.0, 0.0], [0.0, 0.0]]))
    assert np.allclose(rows.sum(axis=1), 1.0) and rows[0, 0] == pytest.approx(1.0) and rows[1, 0] == 0.5


def test_tokenizer_without_bert_specials_is_refused(tmp_path):
    tokenizers = pytest.importorskip("tokenizers")
    from tokenizers.models import WordLevel

    plain = tokenizers.Tokenizer(WordLevel({"a": 0, "[UNK]": 1}, unk_token="[UNK]"))
    plain.save(str(tmp_path / "tokenizer.json"))
    with pytest.raises(ValueError, match="CLS"):
        minilm.WordPieceTokenizer(tmp_path / "tokenizer.json")


# --- against torch (the train extra) --------------------------------------------------------------------

@pytest.fixture(scope="module")
def modeling():
    for name in ("torch", "transformers", "onnx"):
        if __import__("importlib").util.find_spec(name) is None:
            pytest.skip(f"{name} is not installed: the parity test against torch needs the train extra "
                        "(see train/README.md)")
    sys.path.insert(0, str(ROOT / "train"))
    import modeling as module

    try:
        module.encoder_base_path()
    except module.EncoderMissing as missing:
        pytest.skip(str(missing))
    return module


def test_tokenizer_gives_the_transformers_tokenizers_ids(modeling):
    trained_with = modeling.transformers_tokenizer()
    lean = modeling.base_tokenizer()
    assert lean(SENTENCES, add_special_tokens=False)["input_ids"] == \
        trained_with(SENTENCES, add_special_tokens=False)["input_ids"]
    assert lean.convert_tokens_to_ids(list(eventtype.MARK_TAGS)) == \
        trained_with.convert_tokens_to_ids(list(eventtype.MARK_TAGS))
    assert (lean.cls_token_id, lean.sep_token_id, lean.pad_token_id) == \
        (trained_with.cls_token_id, trained_with.sep_token_id, trained_with.pad_token_id)


def test_exported_onnx_gives_the_torch_models_scores(modeling, tmp_path):
    import torch

    torch.manual_seed(3)
    base = modeling.encoder_base_path()
    trained, tokenizer = modeling.new_encoder(n_labels=5, layers=2, base=base, extra_heads={"direction": 2})
    trained.eval()
    twin = modeling.export_twin(trained, base, layers=2, n_labels=5, extra_heads={"direction": 2})
    candidates = [eventtype.candidate_from_marked(s) for s in SENTENCES]
    batch = modeling.torch_batch(tokenizer, candidates, 48, use_hints=True)  # padded: rows differ in length
    with torch.inference_mode():
        expected = [t.numpy() for t in trained(**batch)]
        assert all(np.allclose(a.numpy(), b, atol=1e-4) for a, b in zip(twin(**batch), expected))
    fp32 = modeling.export_onnx(twin, tmp_path / "fp32.onnx", ("logits", "direction"))
    numpy_batch = {k: v.numpy() for k, v in batch.items()}
    for got, want in zip(minilm.OnnxModel(fp32, threads=1)(**numpy_batch).values(), expected):
        assert np.abs(got - want).max() <= 1e-4
    int8 = modeling.quantize_onnx(fp32, tmp_path / "int8.onnx")
    assert int8.stat().st_size < 0.35 * fp32.stat().st_size
    for got, want in zip(minilm.OnnxModel(int8, threads=1)(**numpy_batch).values(), expected):
        assert np.abs(got - want).max() <= LOGIT_TOLERANCE
