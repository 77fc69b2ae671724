"""Fine-tune the whole event detector (encoder + both heads) with 5-fold cross-validation.

Not what produced the shipped detector: on the shared 2-core machine one fold takes hours, so the
shipped heads are fitted on the frozen typer encoder (train_detector.py). This script is the full
version for a machine with time or a GPU; smoke-tested with --limit 120 --epochs 1.

The detector reads a candidate (a sentence, a marked source mention, a marked target mention or none,
and the parse's hints: trigger, path, lexicon types, negation) and answers with two heads over one
fine-tuned MiniLM: ``logits`` over NONE + the 16 PLOVER types, and ``direction`` (0: the marked source
acts on the marked target, 1: the reverse). Data and label mapping: ``detector_data.py`` and
docs/classify.md. Sources that give only a QuadClass (ConfliBERT) are trained on the probability of
their set of types (``-log sum p(allowed)``); the direction head learns from every event with a known
direction and from a copy of half of them with the marks exchanged.

Cross-validation: PLV rows keep the typer's stratified folds (``train_eventtype.stratified_folds``),
other sources are spread over the folds at random, a sentence and its swapped copy share a fold, and our
typer sentences (``train/data/sentences_*.tsv``) are only ever in training folds. Printed: PLV root
accuracy and macro-F1 (CONCEDE+RETREAT scored as YIELD, argmax over the 16 types as ``classify``
reports), QuadClass accuracy (PLV; ConfliBERT's PentaClass 1-4), event/no-event F1 (every held-out
sentence whose event status is known), direction accuracy. Then the model trained on everything is
exported (int8 ONNX) to ``--out``.

  nice .venv/bin/python train/finetune_detector.py             # CV + artifact in src/detente/models/detector/ (hours per fold on 2 shared cores)
  nice .venv/bin/python train/finetune_detector.py --limit 120 --epochs 1 --out /tmp/x   # the smoke test
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import detector_data as data  # noqa: E402
from modeling import encoder_base_path, export_twin, new_encoder, torch_batch  # noqa: E402
from train_eventtype import (  # noqa: E402
    CACHE, batches_by_length, build_candidates, fit_combiner, combiner_matrix, lexicon_shortcut_table,
    parse_version, report, seed_everything, stratified_folds,
)

from detente.events import MODEL_DIR, MarkedTextError, merged_type, parse_marked  # noqa: E402
from detente.events.model import HINT_TOKENS, decide  # noqa: E402
from detente.records import PLOVER_TYPES, QUAD_CLASS  # noqa: E402

SEED = 13
LABELS = data.LABELS  # NONE + 16 types
TYPES = list(PLOVER_TYPES)
DIRECTIONS = ["forward", "reversed"]
DETECTOR_DIR = MODEL_DIR.parent / "detector"


def usable(examples: list[data.Example]) -> list[data.Example]:
    out = []
    for e in examples:
        try:
            _, s, t = parse_marked(e.marked)
        except MarkedTextError:
            continue
        if s is None and t is None:
            continue
        out.append(e)
    return out


def assign_folds(examples: list[data.Example], k: int) -> list[int]:
    """Fold per example (-1: training only); PLV by the typer's stratified folds, the rest by group."""
    plv: dict[str, str] = {}  # group -> label, in PLV's order (the order train_eventtype folds)
    for e in examples:
        if e.source == "plv":
            plv.setdefault(e.group, e.label)
    plv_fold = dict(zip(plv, stratified_folds(list(plv.values()), k, SEED)))
    rng = random.Random(SEED)
    groups = sorted({e.group for e in examples if e.source != "plv"})
    rng.shuffle(groups)
    other = {g: i % k for i, g in enumerate(groups)}
    return [-1 if not e.cv else plv_fold[e.group] if e.source == "plv" else other[e.group] for e in examples]


def label_mask(examples: list[data.Example]) -> torch.Tensor:
    mask = torch.zeros(len(examples), len(LABELS), dtype=torch.bool)
    for i, e in enumerate(examples):
        for label in e.allowed:
            mask[i, LABELS.index(label)] = True
    return mask


def train_model(candidates, examples: list[data.Example], args, seed: int):
    seed_everything(seed)
    model, tokenizer = new_encoder(len(LABELS), layers=6, extra_heads={"direction": 2})
    model.train()
    head_params = (list(model.head.parameters()) + list(model.extra_heads.parameters())
                   + [model.bert.embeddings.word_embeddings.extra])
    head_ids = {id(p) for p in head_params}
    body = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    optimizer = torch.optim.AdamW([
        {"params": body, "lr": args.lr, "weight_decay": 0.01},
        {"params": head_params, "lr": args.head_lr, "weight_decay": 0.0},
    ])
    rng = random.Random(seed)
    lengths = [len(c.text) for c in candidates]
    total = math.ceil(len(candidates) / args.batch_size) * args.epochs
    warmup = max(1, int(0.1 * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))))
    mask = label_mask(examples)
    direction = torch.tensor([-100 if e.direction is None else e.direction for e in examples])
    for epoch in range(args.epochs):
        total_loss, started = 0.0, time.time()
        for ids in batches_by_length(len(candidates), lengths, args.batch_size, rng):
            batch = torch_batch(tokenizer, [candidates[i] for i in ids], args.max_length, True)
            logits, direction_logits = model(**batch)
            all_lse = torch.logsumexp(logits, dim=-1)
            allowed_lse = torch.logsumexp(logits.masked_fill(~mask[ids], float("-inf")), dim=-1)
            loss = (all_lse - allowed_lse).mean()
            d = direction[ids]
            if (d >= 0).any():
                loss = loss + args.direction_weight * torch.nn.functional.cross_entropy(
                    direction_logits[d >= 0], d[d >= 0])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(ids)
        print(f"    epoch {epoch + 1}: loss {total_loss / len(candidates):.3f} ({time.time() - started:.0f}s)",
              file=sys.stderr, flush=True)
    model.eval()
    return model, tokenizer


def predict(model, tokenizer, candidates, args) -> tuple[np.ndarray, np.ndarray]:
    logits, directions = [], []
    with torch.inference_mode():
        for start in range(0, len(candidates), 64):
            batch = torch_batch(tokenizer, candidates[start:start + 64], args.max_length, True)
            a, b = model(**batch)
            logits.append(a.numpy())
            directions.append(b.numpy())
    return np.concatenate(logits), np.concatenate(directions)


def softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def type_probabilities(logits: np.ndarray) -> np.ndarray:
    """P(type | an event): the 16 PLOVER columns renormalised."""
    return softmax(logits[:, 1:])


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def figures(examples, logits: np.ndarray, directions: np.ndarray, threshold: float, title: str) -> dict:
    """Print and return the CV figures over the examples given (held-out predictions)."""
    out: dict[str, object] = {}
    probs = softmax(logits)
    p_none = probs[:, 0]
    types = type_probabilities(logits)
    typed = [decide(dict(zip(TYPES, row)))[0] for row in types]
    originals = [i for i, e in enumerate(examples) if not e.extra.get("swapped")]
    print(f"\n{title}")
    plv = [i for i in originals if examples[i].source == "plv"]
    if plv:
        out["plv"] = report("  PLV root type (16-type argmax, YIELD merged)", [examples[i].label for i in plv],
                            [typed[i] for i in plv])
        out["plv_called_event"] = round(float(np.mean([p_none[i] < threshold for i in plv])), 4)
        print(f"  PLV sentences called an event: {out['plv_called_event']:.3f}")
    conf = [i for i in originals if examples[i].source == "conflibert" and examples[i].quad]
    if conf:
        acc = float(np.mean([QUAD_CLASS[typed[i]] == examples[i].quad for i in conf]))
        out["conflibert_quad_accuracy"] = round(acc, 4)
        print(f"  ConfliBERT QuadClass accuracy (PentaClass 1-4, {len(conf)} sentences): {acc:.3f}")
    known = [i for i in originals if examples[i].is_event is not None]
    by_source: dict[str, list[int]] = defaultdict(list)
    for i in known:
        by_source[examples[i].source].append(i)
    gold = [examples[i].is_event for i in known]
    pred = [bool(p_none[i] < threshold) for i in known]
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    tn = sum(not g and not p for g, p in zip(gold, pred))
    out["event_f1"] = round(f1(tp, fp, fn), 4)
    out["none_f1"] = round(f1(tn, fn, fp), 4)
    out["event_confusion"] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
    print(f"  event/no-event over {len(known)} sentences ({sum(not g for g in gold)} without an event), "
          f"threshold P(NONE) < {threshold}: event F1 {out['event_f1']:.3f}, no-event F1 {out['none_f1']:.3f} "
          f"(tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    out["event_accuracy_by_source"] = {}
    for source, idx in sorted(by_source.items()):
        acc = float(np.mean([examples[i].is_event == bool(p_none[i] < threshold) for i in idx]))
        out["event_accuracy_by_source"][source] = round(acc, 4)
        negatives = [i for i in idx if not examples[i].is_event]
        neg = f"; no-event recall {np.mean([p_none[i] >= threshold for i in negatives]):.3f} of {len(negatives)}" if negatives else ""
        print(f"    {source}: event/no-event accuracy {acc:.3f} over {len(idx)}{neg}")
    hand_events = [i for i in known if examples[i].source in ("hand", "pipeline") and examples[i].is_event]
    if hand_events:
        acc = float(np.mean([typed[i] == examples[i].label for i in hand_events]))
        out["hand_type_accuracy"] = round(acc, 4)
        print(f"  hand-labelled events: type right on {acc:.3f} of {len(hand_events)}")
    quad_all = [i for i in originals if examples[i].quad and examples[i].source in ("plv", "conflibert", "gsr", "hand", "pipeline")]
    out["quad_accuracy"] = round(float(np.mean([QUAD_CLASS[typed[i]] == examples[i].quad for i in quad_all])), 4)
    print(f"  QuadClass accuracy over all {len(quad_all)} sentences with one: {out['quad_accuracy']:.3f}")
    directed = [i for i, e in enumerate(examples) if e.direction is not None and "<t>" in e.marked and "<s>" in e.marked]
    if directed:
        right = [int(np.argmax(directions[i])) == examples[i].direction for i in directed]
        out["direction_accuracy"] = round(float(np.mean(right)), 4)
        swapped = [r for i, r in zip(directed, right) if examples[i].extra.get("swapped")]
        unswapped = [r for i, r in zip(directed, right) if not examples[i].extra.get("swapped")]
        hand_rev = [r for i, r in zip(directed, right) if examples[i].source in ("hand", "pipeline")]
        print(f"  direction accuracy over {len(directed)} events: {out['direction_accuracy']:.3f} "
              f"(as marked {np.mean(unswapped):.3f}, marks exchanged {np.mean(swapped) if swapped else float('nan'):.3f}, "
              f"hand-labelled {np.mean(hand_rev) if hand_rev else float('nan'):.3f})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DETECTOR_DIR)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--folds-only", type=int, default=0, help="run just the first N folds, no artifact")
    parser.add_argument("--skip-cv", action="store_true", help="reuse cached out-of-fold predictions")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--direction-weight", type=float, default=0.5)
    parser.add_argument("--swap-share", type=float, default=0.5)
    parser.add_argument("--threshold", type=float, default=0.5, help="event when P(NONE) is below this")
    parser.add_argument("--combiner-l2", type=float, default=0.01)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="a seeded sample of this many examples (smoke tests)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    examples = usable(data.all_examples(args.swap_share, SEED))
    if args.limit:
        examples = random.Random(SEED).sample(examples, args.limit)
    print(f"examples: {len(examples)} ({', '.join(f'{k} {v}' for k, v in sorted(Counter(e.source for e in examples).items()))}); "
          f"without an event: {sum(e.is_event is False for e in examples)}; swapped copies: "
          f"{sum(bool(e.extra.get('swapped')) for e in examples)}", flush=True)
    candidates = build_candidates([{"marked": e.marked} for e in examples], use_parse=True)
    folds = assign_folds(examples, args.folds)
    settings = {k: v for k, v in vars(args).items() if k not in ("out", "folds_only", "skip_cv", "threads")}
    tag = hashlib.sha256(json.dumps({**settings, "n": len(examples), "parse": parse_version(),
                                     "data": hashlib.sha256("\n".join(e.marked + str(e.allowed) for e in examples).encode()).hexdigest()},
                                    sort_keys=True).encode()).hexdigest()[:10]
    oof_path = CACHE / f"detector-oof-{tag}.npz"
    results: dict[str, object] = {}
    if args.skip_cv and oof_path.exists():
        cached = np.load(oof_path)
        oof, oof_dir = cached["oof"], cached["oof_dir"]
    else:
        oof = np.zeros((len(examples), len(LABELS)), dtype=np.float32)
        oof_dir = np.zeros((len(examples), 2), dtype=np.float32)
        for k in range(args.folds_only or args.folds):
            started = time.time()
            train_idx = [i for i, f in enumerate(folds) if f != k]
            test_idx = [i for i, f in enumerate(folds) if f == k]
            model, tokenizer = train_model([candidates[i] for i in train_idx], [examples[i] for i in train_idx],
                                           args, SEED + k)
            oof[test_idx], oof_dir[test_idx] = predict(model, tokenizer, [candidates[i] for i in test_idx], args)
            plv = [i for i in test_idx if examples[i].source == "plv" and not examples[i].extra.get("swapped")]
            acc = np.mean([merged_type(decide(dict(zip(TYPES, row)))[0]) == merged_type(examples[i].label)
                           for i, row in zip(plv, type_probabilities(oof[plv]))])
            print(f"  fold {k + 1}/{args.folds}: PLV accuracy {acc:.3f} ({time.time() - started:.0f}s)", flush=True)
        if not args.folds_only:
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(oof_path, oof=oof, oof_dir=oof_dir)
    done = [i for i, f in enumerate(folds) if 0 <= f < (args.folds_only or args.folds)]
    results["detector"] = figures([examples[i] for i in done], oof[done], oof_dir[done], args.threshold,
                                  "detector, torch fp32, out-of-fold")
    if args.folds_only:
        return

    # The typer's combiner (encoder log-probabilities + lexicon features), fitted on PLV's out-of-fold
    # P(type | event); its own figures by 5-fold CV over those.
    plv = [i for i in done if examples[i].source == "plv" and not examples[i].extra.get("swapped")]
    plv_gold = [examples[i].label for i in plv]
    plv_y = [TYPES.index(g) for g in plv_gold]
    plv_candidates = [candidates[i] for i in plv]
    plv_probs = type_probabilities(oof[plv])
    features = combiner_matrix(plv_probs, plv_candidates)
    combined = np.zeros_like(plv_probs)
    plv_folds = [folds[i] for i in plv]
    for k in range(args.folds):
        tr = [j for j, f in enumerate(plv_folds) if f != k]
        te = [j for j, f in enumerate(plv_folds) if f == k]
        fitted = fit_combiner(features[tr], [plv_y[j] for j in tr], args.combiner_l2)
        combined[te] = [fitted.scores(row) for row in features[te]]
    with_combiner = [decide(dict(zip(TYPES, row)))[0] for row in combined]
    results["plv_combined"] = report("PLV root type, detector + combiner", plv_gold, with_combiner)
    shortcut = lexicon_shortcut_table(plv_candidates, plv_gold, 0.95, 8)
    shortcut_pred = list(with_combiner)
    for j, c in enumerate(plv_candidates):
        if len(c.lexicon_types) == 1 and c.lexicon_types[0] in shortcut and not c.negated:
            shortcut_pred[j] = c.lexicon_types[0]
    results["plv_combined_shortcut"] = report(f"PLV root type, + lexicon shortcut {sorted(shortcut)}",
                                              plv_gold, shortcut_pred)
    use_combiner = results["plv_combined"]["accuracy"] > results["detector"]["plv"]["accuracy"]
    use_shortcut = bool(shortcut) and results["plv_combined_shortcut"]["accuracy"] >= results["plv_combined"]["accuracy"]
    print(f"shipped: combiner {'on' if use_combiner else 'off'}, lexicon shortcut {'on' if use_shortcut else 'off'}")

    print("\ntraining on all examples ...", flush=True)
    model, tokenizer = train_model(candidates, examples, args, SEED)
    from dataclasses import asdict

    from export_onnx import reference_candidates, ship

    combiner = fit_combiner(features, plv_y, args.combiner_l2) if use_combiner else None
    config = {
        "kind": "detector",
        "labels": TYPES,
        "detector": {"labels": LABELS, "none_label": data.NONE, "threshold": args.threshold,
                     "directions": DIRECTIONS},
        "layers": 6,
        "max_length": args.max_length,
        "hint_tokens": HINT_TOKENS,
        "use_hints": True,
        "quantization": "onnxruntime dynamic int8, per channel (MatMul, Gather)",
        "combiner": asdict(combiner) if combiner else None,
        "lexicon_shortcut": {"enabled": use_shortcut, "types": sorted(shortcut), "precision": shortcut},
        "training": {"examples": dict(Counter(e.source for e in examples)), "settings": settings,
                     "parse_version": parse_version(), "cv": results},
    }
    twin = export_twin(model, encoder_base_path(), 6, len(LABELS), {"direction": 2})
    ship(twin, tokenizer, args.out, config, reference_candidates(), ("logits", "direction"),
         fixture_name=args.out.name)


if __name__ == "__main__":
    main()
