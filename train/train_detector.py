"""Train detente's event detector: an event head and a direction head on the shipped typer's encoder.

The detector answers, for a candidate (sentence, marked source mention, marked target mention or none,
and the parse's hints), three things with one ONNX model: the PLOVER type (the typer's fine-tuned
head, unchanged, ``logits``), whether the pair is an event at all (``event``, one logit: P(event) =
sigmoid) and who acts (``direction``, two logits: the marked source acts on the marked target, or the
reverse). The two new heads are linear layers over what the typer's head reads (the [CLS], ``<s>``
and ``<t>`` states, 1,152 numbers) plus the typer's 16 log-probabilities; they are fitted here by
L2-regularised logistic regression on the frozen encoder, and appended to the typer's int8 ONNX
graph (``onnx`` graph surgery, no retraining of the encoder), so ``classify`` keeps its figures and
extraction asks one model. (A full fine-tune of encoder and heads together is
``finetune_detector.py``; on the shared 2-core machine one of its folds takes hours.)

Data (``detector_data.py``, docs/classify.md): PLV, ConfliBERT (PentaClass 0 = no event), the
PLOVER/CAMEO examples, our typer sentences, and the pairs we labelled by hand (our own sentences and
sentences of ../shared/corpus-bulk/), plus copies of half of the directed events with the marks
exchanged. Features come from the shipped int8 model, i.e. exactly what the heads see at run time.

Cross-validation (5 folds by sentence group; PLV by the typer's folds; our typer sentences only
ever train): event/no-event F1 over every held-out sentence whose status is known, also without PLV
(the encoder was fine-tuned on PLV's sentences, so its PLV features are not held out); direction
accuracy; and the typer's own CV figures from its config. Then the heads are fitted on everything and
the model is written to ``--out``.

  nice .venv/bin/python train/train_detector.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import detector_data as data  # noqa: E402
from train_eventtype import CACHE, build_candidates, parse_version, stratified_folds  # noqa: E402

from detente.events import MODEL_DIR, MarkedTextError, parse_marked  # noqa: E402
from detente.events.model import MODEL_FILE, decide, encode_batch  # noqa: E402
from detente.minilm import OnnxModel, WordPieceTokenizer, softmax  # noqa: E402
from detente.records import PLOVER_TYPES, QUAD_CLASS  # noqa: E402

SEED = 13
TYPES = list(PLOVER_TYPES)
DIRECTIONS = ["forward", "reversed"]
POOLED = "pooled"


# --- the frozen encoder's features -----------------------------------------------------------------

def pooled_tensor_name(model) -> str:
    """The name of the tensor the typer's head reads (the Concat of the [CLS], <s> and <t> states)."""
    producers = {out: node for node in model.graph.node for out in node.output}
    frontier, seen = ["logits"], set()
    while frontier:
        name = frontier.pop()
        node = producers.get(name)
        if node is None or name in seen:
            continue
        seen.add(name)
        if node.op_type == "Concat" and any(producers.get(i) is not None and producers[i].op_type in ("Gather", "Reshape")
                                            for i in node.input) and len(node.input) == 3:
            return node.output[0]
        frontier.extend(node.input)
    raise SystemExit("cannot find the pooled [CLS]/<s>/<t> tensor in the typer's graph")


def with_pooled_output(source: Path, target: Path) -> None:
    """A copy of the ONNX model that also outputs the pooled tensor as ``pooled``."""
    import onnx
    from onnx import helper

    model = onnx.load(str(source))
    name = pooled_tensor_name(model)
    model.graph.node.append(helper.make_node("Identity", [name], [POOLED]))
    model.graph.output.append(helper.make_tensor_value_info(POOLED, onnx.TensorProto.FLOAT, ["batch", 1152]))
    onnx.save(model, str(target))


def features(model_dir: Path, candidates, config: dict) -> tuple[np.ndarray, np.ndarray]:
    """(pooled states, typer logits) per candidate, from the shipped int8 model."""
    key = hashlib.sha256(((model_dir / MODEL_FILE).read_bytes()[:1 << 20] + str(len(candidates)).encode()
                          + "\n".join(c.marked() + repr(c.lexicon_types) + repr(c.trigger) + repr(c.negated) for c in candidates).encode())).hexdigest()[:16]
    path = CACHE / f"detector-features-{key}.npz"
    if path.exists():
        cached = np.load(path)
        return cached["pooled"], cached["logits"]
    tokenizer = WordPieceTokenizer(model_dir / "tokenizer.json")
    with tempfile.TemporaryDirectory() as tmp:
        with_pooled_output(model_dir / MODEL_FILE, Path(tmp) / "model.onnx")
        model = OnnxModel(Path(tmp) / "model.onnx", threads=2)
        order = sorted(range(len(candidates)), key=lambda i: len(candidates[i].text))
        pooled = np.zeros((len(candidates), 1152), dtype=np.float32)
        logits = np.zeros((len(candidates), len(config["labels"])), dtype=np.float32)
        started = time.time()
        for start in range(0, len(order), 32):
            chunk = order[start:start + 32]
            batch = encode_batch(tokenizer, [candidates[i] for i in chunk], int(config["max_length"]),
                                 bool(config["use_hints"]))
            out = model(**batch)
            pooled[chunk], logits[chunk] = out[POOLED], out["logits"]
        print(f"  encoded {len(candidates)} candidates in {time.time() - started:.0f}s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, pooled=pooled, logits=logits)
    return pooled, logits


def head_inputs(pooled: np.ndarray, logits: np.ndarray) -> np.ndarray:
    """What both heads read: the pooled states and the typer's log-probabilities."""
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return np.concatenate([pooled, log_probs], axis=1)


def with_pipeline_hints(examples, candidates):
    """Candidates of rows that record what extraction gave the detector (its own candidates from
    structure, ``detector_pipeline.tsv``) get those hints instead of the ones re-parsing finds:
    extraction marks the linking word as the trigger, the path is that word, and the lexicon types
    are what the lexicon proposed (usually none)."""
    from dataclasses import replace

    out = []
    for e, c in zip(examples, candidates):
        hints = e.extra.get("hints")
        if hints:
            c = replace(c, trigger=hints["trigger"], path=(hints["trigger"],) if hints["trigger"] else (),
                        lexicon_types=tuple(hints["lexicon_types"]), modality=hints["modality"],
                        negated=hints["modality"] == "negated")
        out.append(c)
    return out


# --- logistic regression ------------------------------------------------------------------------------

def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, weights: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Binary logistic regression (L-BFGS, L2 on standardised inputs); weights and bias for raw inputs."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    xs = torch.tensor((x - mean) / std, dtype=torch.float64)
    target = torch.tensor(y, dtype=torch.float64)
    w = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    sample = torch.tensor(weights if weights is not None else np.ones(len(y)), dtype=torch.float64)
    optimizer = torch.optim.LBFGS([w, b], max_iter=300, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        z = xs @ w + b
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(z, target, reduction="none") * sample).sum() / sample.sum()
        loss = loss + l2 * (w ** 2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    weight = w.detach().numpy() / std
    bias = float(b.item() - (w.detach().numpy() * mean / std).sum())
    return weight, bias


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# --- folds and figures ----------------------------------------------------------------------------------

def usable(examples):
    out = []
    for e in examples:
        try:
            _, s, t = parse_marked(e.marked)
        except MarkedTextError:
            continue
        if s is not None or t is not None:
            out.append(e)
    return out


def assign_folds(examples, k: int) -> list[int]:
    plv: dict[str, str] = {}
    for e in examples:
        if e.source == "plv":
            plv.setdefault(e.group, e.label)
    plv_fold = dict(zip(plv, stratified_folds(list(plv.values()), k, SEED)))
    groups = sorted({e.group for e in examples if e.source != "plv"})
    random.Random(SEED).shuffle(groups)
    other = {g: i % k for i, g in enumerate(groups)}
    return [-1 if not e.cv else plv_fold[e.group] if e.source == "plv" else other[e.group] for e in examples]


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def event_figures(examples, p_event: np.ndarray, idx: list[int], threshold: float) -> dict:
    gold = [bool(examples[i].is_event) for i in idx]
    pred = [bool(p_event[i] >= threshold) for i in idx]
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    tn = len(idx) - tp - fp - fn
    return {"event_f1": round(f1(tp, fp, fn), 4), "none_f1": round(f1(tn, fn, fp), 4),
            "event_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "event_recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
            "none_recall": round(tn / (tn + fp), 4) if tn + fp else 0.0,
            "sentences": len(idx), "without_event": sum(not g for g in gold)}


def print_event(title: str, f: dict) -> None:
    print(f"  {title}: event F1 {f['event_f1']:.3f} (P {f['event_precision']:.3f}, R {f['event_recall']:.3f}), "
          f"no-event F1 {f['none_f1']:.3f} (no-event recall {f['none_recall']:.3f}) over {f['sentences']} "
          f"sentences, {f['without_event']} without an event")


# --- export ------------------------------------------------------------------------------------------

def write_detector(source: Path, target: Path, event: tuple[np.ndarray, float],
                   direction: tuple[np.ndarray, float]) -> None:
    """The typer's ONNX graph plus the ``event`` (batch x 1) and ``direction`` (batch x 2) heads, fp32."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    # A model that already has detector heads (a rerun) gets them replaced, not doubled.
    keep_nodes = [n for n in graph.node if not any(o.startswith("detector.") or o in ("event", "direction")
                                                   for o in n.output)]
    del graph.node[:]
    graph.node.extend(keep_nodes)
    keep_init = [t for t in graph.initializer if not t.name.startswith("detector.")]
    del graph.initializer[:]
    graph.initializer.extend(keep_init)
    keep_out = [o for o in graph.output if o.name not in ("event", "direction")]
    del graph.output[:]
    graph.output.extend(keep_out)
    pooled = pooled_tensor_name(model)
    w_event, b_event = event
    w_dir, b_dir = direction
    # direction logits [forward, reversed] = [0, z]: softmax gives sigmoid(z) for "reversed"
    weights = np.stack([w_event, np.zeros_like(w_dir), w_dir], axis=1).astype(np.float32)
    bias = np.array([b_event, 0.0, b_dir], dtype=np.float32)
    graph.initializer.extend([numpy_helper.from_array(weights, "detector.heads.weight"),
                              numpy_helper.from_array(bias, "detector.heads.bias"),
                              numpy_helper.from_array(np.array([1, 2], dtype=np.int64), "detector.heads.split")])
    graph.node.extend([
        helper.make_node("LogSoftmax", ["logits"], ["detector.log_probs"], axis=1),
        helper.make_node("Concat", [pooled, "detector.log_probs"], ["detector.inputs"], axis=1),
        helper.make_node("MatMul", ["detector.inputs", "detector.heads.weight"], ["detector.heads.matmul"]),
        helper.make_node("Add", ["detector.heads.matmul", "detector.heads.bias"], ["detector.heads.out"]),
        helper.make_node("Split", ["detector.heads.out", "detector.heads.split"], ["event", "direction"], axis=1),
    ])
    graph.output.extend([helper.make_tensor_value_info("event", onnx.TensorProto.FLOAT, ["batch", 1]),
                         helper.make_tensor_value_info("direction", onnx.TensorProto.FLOAT, ["batch", 2])])
    onnx.checker.check_model(model)
    onnx.save(model, str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR, help="the typer to extend (read and written)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, nargs="+", default=[1e-3, 1e-2, 1e-1])
    parser.add_argument("--swap-share", type=float, default=0.5)
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pipeline-weight", type=float, default=1.0,
                        help="weight of extraction's own hand-labelled candidates (detector_pipeline.tsv) in the "
                             "event head's loss, relative to other examples of their class")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    config = json.loads((args.model_dir / "config.json").read_text(encoding="utf-8"))
    if "detector" in config:
        base = config["detector"].get("typer_sha256")
        print(f"extending the typer graph of {args.model_dir} again (typer sha256 {base})")

    examples = usable(data.all_examples(args.swap_share, SEED))
    print(f"examples: {len(examples)} ({', '.join(f'{k} {v}' for k, v in sorted(Counter(e.source for e in examples).items()))}); "
          f"without an event: {sum(e.is_event is False for e in examples)}; with the marks exchanged: "
          f"{sum(bool(e.extra.get('swapped')) for e in examples)}", flush=True)
    candidates = with_pipeline_hints(examples, build_candidates([{"marked": e.marked} for e in examples], use_parse=True))
    typer_file = args.model_dir / MODEL_FILE
    pooled, logits = features(args.model_dir, candidates, config)
    x = head_inputs(pooled, logits)
    folds = assign_folds(examples, args.folds)
    known = np.array([e.is_event is not None for e in examples])
    y_event = np.array([bool(e.is_event) for e in examples], dtype=np.float64)
    directed = np.array([e.direction is not None and "<s>" in e.marked and "<t>" in e.marked for e in examples])
    y_dir = np.array([e.direction or 0 for e in examples], dtype=np.float64)
    # Both classes weigh the same in the event head's loss (events outnumber non-events about 5 to 1).
    n_pos, n_neg = y_event[known].sum(), (1 - y_event[known]).sum()
    w_event = np.where(y_event > 0, 0.5 / n_pos, 0.5 / n_neg) * known.sum()
    # Extraction's own candidates are what the head decides at run time: they may weigh more.
    w_event = w_event * np.array([args.pipeline_weight if e.source == "pipeline" else 1.0 for e in examples])

    results: dict[str, object] = {"typer_cv": config.get("training", {}).get("cv")}
    best = None
    for l2 in args.l2:
        p_event = np.zeros(len(examples))
        p_rev = np.zeros(len(examples))
        for k in range(args.folds):
            tr = np.array([f != k for f in folds])
            te = np.array([f == k for f in folds])
            w, b = fit_logistic(x[tr & known], y_event[tr & known], l2, w_event[tr & known])
            p_event[te] = sigmoid(x[te] @ w + b)
            w, b = fit_logistic(x[tr & directed], y_dir[tr & directed], l2)
            p_rev[te] = sigmoid(x[te] @ w + b)
        held = [i for i, f in enumerate(folds) if f >= 0]
        originals = [i for i in held if not examples[i].extra.get("swapped") and known[i]]
        f_all = event_figures(examples, p_event, originals, 0.5)
        print(f"\nL2 {l2}:")
        print_event("event/no-event, all held-out sentences", f_all)
        non_plv = [i for i in originals if examples[i].source != "plv"]
        f_non_plv = event_figures(examples, p_event, non_plv, 0.5)
        print_event("without PLV", f_non_plv)
        by_source = {}
        for source in sorted({examples[i].source for i in originals}):
            idx = [i for i in originals if examples[i].source == source]
            by_source[source] = event_figures(examples, p_event, idx, 0.5)
            acc = np.mean([examples[i].is_event == (p_event[i] >= 0.5) for i in idx])
            f = by_source[source]
            detail = (f", event P {f['event_precision']:.3f} R {f['event_recall']:.3f} F1 {f['event_f1']:.3f}"
                      if 0 < f["without_event"] < len(idx) else "")
            print(f"    {source}: accuracy {acc:.3f} over {len(idx)} ({f['without_event']} without an event){detail}")
        pipeline_idx = [i for i in originals if examples[i].source == "pipeline"]
        if pipeline_idx:
            # extraction keeps a structural candidate at P(event) >= min_event (data/structure.yaml)
            for threshold in (0.7, 0.8, 0.9):
                f = event_figures(examples, p_event, pipeline_idx, threshold)
                by_source[f"pipeline@{threshold}"] = f
                print(f"    pipeline at P(event) >= {threshold}: event P {f['event_precision']:.3f} "
                      f"R {f['event_recall']:.3f} F1 {f['event_f1']:.3f}")
        dir_idx = [i for i in held if directed[i]]
        right = [(p_rev[i] >= 0.5) == bool(examples[i].direction) for i in dir_idx]
        as_marked = [r for i, r in zip(dir_idx, right) if not examples[i].extra.get("swapped")]
        exchanged = [r for i, r in zip(dir_idx, right) if examples[i].extra.get("swapped")]
        hand = [r for i, r in zip(dir_idx, right) if examples[i].source in ("hand", "pipeline") and not examples[i].extra.get("swapped")]
        direction = {"accuracy": round(float(np.mean(right)), 4), "as_marked": round(float(np.mean(as_marked)), 4),
                     "marks_exchanged": round(float(np.mean(exchanged)), 4),
                     "hand_labelled": round(float(np.mean(hand)), 4) if hand else None, "events": len(dir_idx)}
        print(f"  direction accuracy {direction['accuracy']:.3f} over {len(dir_idx)} held-out events (as marked "
              f"{direction['as_marked']:.3f}, marks exchanged {direction['marks_exchanged']:.3f}, our hand-labelled "
              f"real-text pairs {direction['hand_labelled']})")
        # QuadClass of the typer's decision on held-out ConfliBERT sentences (never seen in training)
        conf = [i for i in originals if examples[i].source == "conflibert" and examples[i].quad]
        typed = [decide(dict(zip(TYPES, softmax(logits[i:i + 1])[0])))[0] for i in conf]
        quad = float(np.mean([QUAD_CLASS[t] == examples[i].quad for t, i in zip(typed, conf)]))
        conf_event = [i for i in conf if p_event[i] >= 0.5]
        quad_detected = float(np.mean([QUAD_CLASS[decide(dict(zip(TYPES, softmax(logits[i:i + 1])[0])))[0]] == examples[i].quad
                                       for i in conf_event])) if conf_event else 0.0
        print(f"  ConfliBERT PentaClass 1-4: QuadClass of the typer right on {quad:.3f} of {len(conf)}; "
              f"detected as events {len(conf_event) / len(conf):.3f}, QuadClass right on {quad_detected:.3f} of those")
        figures = {"l2": l2, "event": f_all, "event_without_plv": f_non_plv, "event_by_source": by_source,
                   "direction": direction, "conflibert_quad_accuracy": round(quad, 4),
                   "conflibert_detected": round(len(conf_event) / len(conf), 4),
                   "conflibert_quad_accuracy_detected": round(quad_detected, 4)}
        score = f_non_plv["event_f1"] + f_non_plv["none_f1"] + direction["accuracy"]
        if best is None or score > best[0]:
            best = (score, l2, figures)
    _, l2, figures = best
    print(f"\nchosen L2 {l2} (best event F1 + no-event F1 without PLV + direction accuracy)")
    results["detector_cv"] = figures
    if args.cv_only:
        return
    event = fit_logistic(x[known], y_event[known], l2, w_event[known])
    direction = fit_logistic(x[directed], y_dir[directed], l2)
    typer_sha = hashlib.sha256(typer_file.read_bytes()).hexdigest()
    typer_sha = config.get("detector", {}).get("typer_sha256", typer_sha)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "model.onnx"
        write_detector(typer_file, out, event, direction)
        check = OnnxModel(out, threads=2)
        tokenizer = WordPieceTokenizer(args.model_dir / "tokenizer.json")
        sample = list(range(0, len(candidates), max(1, len(candidates) // 64)))
        batch = encode_batch(tokenizer, [candidates[i] for i in sample], int(config["max_length"]), True)
        got = check(**batch)
        # Recompute the features in the same batch: int8 dynamic quantisation scales activations per
        # batch, so the same sentence padded differently gives slightly different states.
        with tempfile.TemporaryDirectory() as tmp2:
            with_pooled_output(typer_file, Path(tmp2) / "m.onnx")
            same = OnnxModel(Path(tmp2) / "m.onnx", threads=2)(**batch)
        want_event = head_inputs(same[POOLED], same["logits"]) @ event[0] + event[1]
        event_diff = float(np.abs(got["event"][:, 0] - want_event).max())
        batch_diff = float(np.abs((x[sample] @ event[0] + event[1]) - want_event).max())
        print(f"  written graph: |event logit - numpy heads| <= {event_diff:.1e}; the same sentences batched "
              f"differently move the event logit by up to {batch_diff:.3f}")
        if event_diff > 1e-3 or np.abs(got["logits"] - same["logits"]).max() > 1e-5:
            sys.exit("the written graph does not reproduce the fitted heads")
        out.replace(typer_file)
    config["kind"] = "detector"
    config["outputs"] = ["logits", "event", "direction"]
    config["detector"] = {
        "threshold": 0.5, "directions": DIRECTIONS, "typer_sha256": typer_sha,
        "heads": "logistic regression over the pooled [CLS]/<s>/<t> states and the typer's log-probabilities",
        "l2": l2, "pipeline_weight": args.pipeline_weight, "examples": dict(Counter(e.source for e in examples)),
        "without_event": int((1 - y_event[known]).sum()), "parse_version": parse_version(), "cv": results["detector_cv"],
    }
    (args.model_dir / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    write_fixture(args.model_dir, event, direction)
    print(f"wrote {typer_file} ({typer_file.stat().st_size / 1e6:.1f} MB)")


def write_fixture(model_dir: Path, event: tuple[np.ndarray, float], direction: tuple[np.ndarray, float]) -> None:
    """Extend the typer's reference fixture with the new heads' outputs on its sentences (computed by
    the fitted numpy heads from the features the int8 encoder gives)."""
    fixture_path = HERE.parent / "tests" / "fixtures" / f"{model_dir.name}_reference.json"
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    from dataclasses import fields

    from detente.events import RelationCandidate

    def candidate(d):
        d = dict(d)
        for name in ("source", "target", "trigger_span"):
            if d[name] is not None:
                d[name] = tuple(d[name])
        d["path"], d["lexicon_types"] = tuple(d["path"]), tuple(d["lexicon_types"])
        return RelationCandidate(**{f.name: d[f.name] for f in fields(RelationCandidate)})

    refs = [candidate(c) for c in fixture["candidates"]]
    tokenizer = WordPieceTokenizer(model_dir / "tokenizer.json")
    batch = encode_batch(tokenizer, refs, fixture["max_length"], fixture["use_hints"])
    with tempfile.TemporaryDirectory() as tmp:
        with_pooled_output(model_dir / MODEL_FILE, Path(tmp) / "m.onnx")
        out = OnnxModel(Path(tmp) / "m.onnx", threads=1)(**batch)
    x = head_inputs(out[POOLED], out["logits"])
    z_event = x @ event[0] + event[1]
    z_dir = x @ direction[0] + direction[1]
    fixture["model_sha256"] = hashlib.sha256((model_dir / MODEL_FILE).read_bytes()).hexdigest()
    fixture["outputs"]["event"] = np.round(z_event[:, None], 5).tolist()
    fixture["outputs"]["direction"] = np.round(np.stack([np.zeros_like(z_dir), z_dir], axis=1), 5).tolist()
    fixture["head_outputs_from"] = ("event and direction: the fitted heads computed in numpy on the int8 encoder's "
                                    "pooled states (train/train_detector.py); logits: the torch fp32 typer "
                                    "(train/export_onnx.py)")
    fixture_path.write_text(json.dumps(fixture, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
