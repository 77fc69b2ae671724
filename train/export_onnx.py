"""Write a trained MiniLM relation model as the ONNX artifact detente ships, and check it.

``ship()`` is what the training scripts call at the end; run on its own, this script converts the
first typer's torch checkpoint (``encoder.safetensors``, fp16, as ``train_eventtype.py`` wrote it up
to format 1) in place:

  .venv/bin/python train/export_onnx.py [--model-dir src/detente/models/eventtype]

Steps: the trained weights go into the plain-torch RelationClassifier (``train/modeling.py``), whose
graph is exported to fp32 ONNX and quantised to int8 by onnxruntime (MatMul and embedding weights,
per output channel). The fp32 graph must match torch to 1e-4; the int8 file is checked against the
torch fp32 logits on the reference sentences below, which are written with their token ids and logits
to ``tests/fixtures/<name>_reference.json`` so the test suite checks the shipped file without torch.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from modeling import (  # noqa: E402
    OUTPUT_NAMES, RelationClassifier, BertSettings, base_tokenizer, encoder_base_path, export_onnx,
    onnx_logits, quantize_onnx, read_base_word_embeddings, torch_batch, write_tokenizer,
)

from detente.events import MARK_TAGS, MODEL_DIR, RelationCandidate  # noqa: E402
from detente.events.model import MODEL_FILE, encode_batch  # noqa: E402

FIXTURES = HERE.parent / "tests" / "fixtures"

# Invented sentences (none from a corpus) covering the four QuadClasses, a reversed pair, a
# target-only mark, a sentence with no event between its actors and a long sentence that gets cut.
REFERENCE_SENTENCES = [
    "<s>The Finnish president</s> held talks with <t>the Estonian prime minister</t> in Tallinn on Monday.",
    "<s>Brazil</s> praised <t>Paraguay</t>'s handling of the border dispute.",
    "<s>The Canadian government</s> shipped 40 tonnes of medicine to <t>flood victims in Pakistan</t>.",
    "<s>Rebels in the east</s> freed <t>thirty captured soldiers</t> on Sunday.",
    "<s>The opposition leader</s> accused <t>the ruling party</t> of rigging the vote.",
    "<s>Ghana</s> turned down <t>Togo</t>'s request for a joint border commission.",
    "<s>Militants</s> ambushed <t>an army patrol</t> near the border, killing six soldiers.",
    "<s>Police in Nairobi</s> arrested <t>twenty student leaders</t> before the march.",
    "<t>Lima</t> was accused by <s>Chile</s> of spying on its navy.",
    "Two reporters were detained by <t>police</t> on Monday.",
    "<s>Norway</s> and <t>Iceland</t> are long-standing members of the same fishing council.",
    "<s>Québec's premier</s> criticised <t>Ottawa</t>'s 2.5% tariff — again — on Monday.",
    ("After weeks of delays, a long list of procedural objections, two postponed votes and a series of "
     "late-night sessions that stretched well into the weekend, <s>the assembly of the northern province</s> "
     "finally approved a cooperation agreement with <t>its southern neighbour</t> covering water, roads, "
     "schools, hospitals, broadband, grain storage and the shared management of the river basin."),
]


def reference_candidates() -> list[RelationCandidate]:
    from detente.events import candidates_from_marked
    from detente.nlp import load_model

    made = candidates_from_marked(REFERENCE_SENTENCES, nlp=load_model())
    return [c for c in made if isinstance(c, RelationCandidate)]


def ship(twin: RelationClassifier, tokenizer, out: Path, config: dict, candidates: list[RelationCandidate],
         output_names: tuple[str, ...] = OUTPUT_NAMES, fixture_name: str | None = None) -> dict:
    """Export ``twin`` (fp32, eval) to ``out/model.onnx`` (int8) with ``out/tokenizer.json`` and
    ``out/config.json`` (``config`` plus the parity figures); write the reference fixture; return the
    parity figures."""
    twin.eval()
    max_length, use_hints = int(config["max_length"]), bool(config["use_hints"])
    batch = torch_batch(tokenizer, candidates, max_length, use_hints)
    with torch.inference_mode():
        reference = twin(**batch)
    reference = [reference] if isinstance(reference, torch.Tensor) else list(reference)
    reference = [r.numpy() for r in reference]
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = export_onnx(twin, Path(tmp) / "fp32.onnx", output_names)
        fp32_out = onnx_logits(fp32, {k: v.numpy() for k, v in batch.items()})
        out.mkdir(parents=True, exist_ok=True)
        int8 = quantize_onnx(fp32, out / MODEL_FILE)
    int8_out = onnx_logits(int8, {k: v.numpy() for k, v in batch.items()})
    write_tokenizer(tokenizer, out)
    # The shipped tokenizer must give the ids training used.
    from detente.minilm import WordPieceTokenizer

    shipped = WordPieceTokenizer(out / "tokenizer.json")
    shipped_batch = encode_batch(shipped, candidates, max_length, use_hints)
    if not all(np.array_equal(shipped_batch[k], batch[k].numpy()) for k in shipped_batch):
        sys.exit("the written tokenizer does not give the training tokenizer's ids")
    parity: dict[str, object] = {"reference_rows": len(candidates)}
    for name, ref, a, b in zip(output_names, reference, fp32_out, int8_out):
        fp32_diff = float(np.abs(a - ref).max())
        int8_diff = float(np.abs(b - ref).max())
        same_top = float(np.mean(b.argmax(1) == ref.argmax(1)))
        if fp32_diff > 1e-4:
            sys.exit(f"{name}: the fp32 ONNX graph differs from torch by {fp32_diff:.2e} (> 1e-4)")
        print(f"  {name}: |fp32 ONNX - torch| <= {fp32_diff:.1e}; |int8 ONNX - torch fp32| <= {int8_diff:.3f}; "
              f"same top label on {same_top:.0%} of {len(candidates)} reference rows")
        parity[name] = {"fp32_max_abs_diff": round(fp32_diff, 6), "int8_max_abs_diff": round(int8_diff, 4),
                        "int8_same_top": same_top}
    config = {**config, "format": 2, "runtime": "onnxruntime", "model_file": MODEL_FILE,
              "tokenizer_file": "tokenizer.json", "outputs": list(output_names), "parity": parity}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    if fixture_name:
        FIXTURES.mkdir(parents=True, exist_ok=True)
        fixture = {
            "about": "written by train/export_onnx.py: invented sentences, their candidates, the token ids "
                     "training gives them and the torch fp32 logits of the model trained in the same run",
            "model_sha256": _sha256(out / MODEL_FILE),
            "max_length": max_length, "use_hints": use_hints,
            "candidates": [asdict(c) for c in candidates],
            "input_ids": batch["input_ids"].tolist(),
            "outputs": {name: np.round(r, 5).tolist() for name, r in zip(output_names, reference)},
            "int8_max_abs_diff": {name: parity[name]["int8_max_abs_diff"] for name in output_names},
        }
        (FIXTURES / f"{fixture_name}_reference.json").write_text(json.dumps(fixture, indent=0) + "\n",
                                                                 encoding="utf-8")
    size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
    print(f"wrote {out} ({size:.1f} MB)")
    return parity


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def convert_checkpoint(model_dir: Path) -> None:
    """The format-1 typer (``encoder.safetensors`` + config) to the ONNX artifact, in place."""
    from safetensors.torch import load_file

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    base = encoder_base_path()
    tokenizer = base_tokenizer(base)
    settings = BertSettings.from_file(base / "config.json", int(config["layers"]))
    twin = RelationClassifier(settings, read_base_word_embeddings(base), len(MARK_TAGS), len(config["labels"]),
                              *tokenizer.convert_tokens_to_ids(["<s>", "<t>"]))
    state = {k: v.float() for k, v in load_file(str(model_dir / "encoder.safetensors")).items()}
    missing, unexpected = twin.load_state_dict(state, strict=False)
    if unexpected or missing:
        sys.exit(f"checkpoint does not fit: missing {missing}, unexpected {unexpected}")
    config.pop("quantize", None)
    config.pop("encoder_package", None)
    config["quantization"] = "onnxruntime dynamic int8, per channel (MatMul, Gather)"
    ship(twin, tokenizer, model_dir, config, reference_candidates(), fixture_name=model_dir.name)
    (model_dir / "encoder.safetensors").unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    args = parser.parse_args()
    torch.set_num_threads(2)
    convert_checkpoint(args.model_dir)


if __name__ == "__main__":
    main()
