"""Train detente's event typer and measure it with 5-fold cross-validation on PLV.

Data: ``/work/shared/external/plv/PLV_train.tsv`` (1,049 marked news sentences; its YIELD rows are
split into CONCEDE and RETREAT by ``train/data/plv_yield_split.tsv``, see ``train/split_yield.py``)
plus the labelled sentences we wrote in ``train/data/sentences_*.tsv``. Our own sentences are only
ever added to training folds: every figure printed is measured on PLV sentences alone, with CONCEDE
and RETREAT merged back into YIELD (15 root types), the way the PLV study scores.

Steps (all seeded, so a rerun prints the same figures on the same machine):
  1. build one RelationCandidate per sentence through ``candidates_from_marked`` (the parse's
     trigger, path, lexicon types and negation when ``detente.events.describe_relation`` exists);
  2. 5-fold CV of the fine-tuned encoder -> out-of-fold probabilities -> accuracy, macro-F1,
     QuadClass accuracy, per-type F1;
  3. the combiner (encoder log-probabilities + lexicon features) fitted on those out-of-fold
     probabilities, and its own 5-fold CV figures;
  4. the encoder trained on everything, written with the combiner to ``--out``.

Run (about 6 minutes per training run on two CPU threads):
  .venv/bin/python train/train_eventtype.py                 # CV + final artifact
  .venv/bin/python train/train_eventtype.py --cv-only       # figures only
  .venv/bin/python train/train_eventtype.py --skip-cv       # artifact only (reuses cached OOF)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from modeling import encoder_base_path, export_twin, new_encoder, quantize_encoder, torch_batch  # noqa: E402

from detente.events import MODEL_DIR, RelationCandidate, candidates_from_marked, merged_type  # noqa: E402
from detente.events.candidates import YIELD_FAMILY  # noqa: E402
from detente.events.model import HINT_TOKENS, Combiner, combiner_features, decide  # noqa: E402
from detente.records import PLOVER_TYPES, QUAD_CLASS  # noqa: E402
PLV = Path("/work/shared/external/plv/PLV_train.tsv")
YIELD_SPLIT = HERE / "data" / "plv_yield_split.tsv"
CACHE = Path("/tmp/detente-train-cache")
LABELS: list[str] = list(PLOVER_TYPES)
SEED = 13


# --- data ------------------------------------------------------------------------------------------

def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file whose first non-comment line is the header."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines, delimiter="\t"))


def load_plv() -> list[dict[str, str]]:
    """PLV rows as {id, marked, label} with YIELD split into CONCEDE/RETREAT."""
    split = {row["sentence_id"]: row["label"] for row in read_tsv(YIELD_SPLIT)}
    rows = []
    for row in read_tsv(PLV):
        label = row["gold_root"]
        if label == "YIELD":
            label = split[row["sentence_id"]]
        rows.append({"id": f"plv-{row['sentence_id']}", "marked": row["marked_sentence"], "label": label})
    return rows


def load_own() -> list[dict[str, str]]:
    """Our labelled sentences from ``train/data/sentences_*.tsv`` (columns: label, marked_sentence)."""
    rows = []
    for path in sorted((HERE / "data").glob("sentences_*.tsv")):
        for n, row in enumerate(read_tsv(path), 1):
            if row["label"] not in QUAD_CLASS:
                sys.exit(f"{path.name}:{n}: unknown PLOVER type {row['label']!r}")
            rows.append({"id": f"{path.stem}-{n}", "marked": row["marked_sentence"], "label": row["label"]})
    return rows


def parse_version() -> str:
    """A fingerprint of the extraction code and lexicon that build candidates (for the cache key)."""
    src = Path(__file__).resolve().parents[1] / "src" / "detente"
    digest = hashlib.sha256()
    for path in sorted((src / "events").glob("*.py")) + [src / "data" / "triggers.yaml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_candidates(rows: list[dict[str, str]], use_parse: bool) -> list[RelationCandidate]:
    """One candidate per row (parsed once, then cached under /tmp by code version)."""
    key = hashlib.sha256(("\n".join(r["marked"] for r in rows) + parse_version() + str(use_parse)).encode()).hexdigest()[:16]
    path = CACHE / f"candidates-{key}.jsonl"
    if path.exists():
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            for name in ("source", "target", "trigger_span"):
                if data[name] is not None:
                    data[name] = tuple(data[name])
            data["path"] = tuple(data["path"])
            data["lexicon_types"] = tuple(data["lexicon_types"])
            out.append(RelationCandidate(**data))
        return out
    nlp = None
    if use_parse:
        from detente.nlp import load_model

        nlp = load_model()
    started = time.time()
    made = candidates_from_marked([r["marked"] for r in rows], nlp=nlp)
    for r, c in zip(rows, made):
        if not isinstance(c, RelationCandidate):
            sys.exit(f"{r['id']}: {c}")
    print(f"  built {len(made)} candidates in {time.time() - started:.0f}s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for c in made:
            handle.write(json.dumps(asdict(c)) + "\n")
    return made


# --- training --------------------------------------------------------------------------------------

def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def batches_by_length(n_items: int, lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of items of similar length (less padding, same randomness per seed)."""
    order = list(range(n_items))
    rng.shuffle(order)
    pool = batch_size * 8
    batches = []
    for start in range(0, n_items, pool):
        chunk = sorted(order[start:start + pool], key=lambda i: lengths[i])
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def train_encoder(candidates: list[RelationCandidate], labels: list[int], args: argparse.Namespace,
                  seed: int):
    """A RelationEncoder fine-tuned on the candidates."""
    seed_everything(seed)
    model, tokenizer = new_encoder(len(LABELS), layers=args.layers)
    model.train()
    head_params = list(model.head.parameters()) + [model.bert.embeddings.word_embeddings.extra]
    head_ids = {id(p) for p in head_params}
    body = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    optimizer = torch.optim.AdamW([
        {"params": body, "lr": args.lr, "weight_decay": 0.01},
        {"params": head_params, "lr": args.head_lr, "weight_decay": 0.0},
    ])
    rng = random.Random(seed)
    lengths = [len(c.text) for c in candidates]
    steps_per_epoch = math.ceil(len(candidates) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(0.1 * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))))
    weights = None
    if args.class_weight_power:
        counts = Counter(labels)
        w = [(len(labels) / (len(LABELS) * max(counts.get(i, 0), 1))) ** args.class_weight_power
             for i in range(len(LABELS))]
        weights = torch.tensor(w)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, label_smoothing=args.label_smoothing)
    target = torch.tensor(labels)
    for epoch in range(args.epochs):
        total_loss = 0.0
        for batch_ids in batches_by_length(len(candidates), lengths, args.batch_size, rng):
            batch = torch_batch(tokenizer, [candidates[i] for i in batch_ids], args.max_length, args.hints)
            loss = loss_fn(model(**batch), target[batch_ids])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(batch_ids)
        print(f"    epoch {epoch + 1}: loss {total_loss / len(candidates):.3f}", file=sys.stderr)
    model.eval()
    return model, tokenizer


def predict_probabilities(model, tokenizer, candidates: list[RelationCandidate], args: argparse.Namespace,
                          quantize: str | None = None) -> np.ndarray:
    """Softmax probabilities per label, one row per candidate."""
    if quantize:
        import copy

        model = quantize_encoder(copy.deepcopy(model), quantize)
    out = np.zeros((len(candidates), len(LABELS)))
    with torch.inference_mode():
        for start in range(0, len(candidates), 64):
            chunk = candidates[start:start + 64]
            batch = torch_batch(tokenizer, chunk, args.max_length, args.hints)
            out[start:start + len(chunk)] = torch.softmax(model(**batch), dim=-1).numpy()
    return out


# --- scoring ---------------------------------------------------------------------------------------

def decisions(probabilities: np.ndarray) -> list[str]:
    return [decide(dict(zip(LABELS, row)))[0] for row in probabilities]


def report(title: str, gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Print and return accuracy, macro-F1 (YIELD merged) and QuadClass accuracy."""
    g = [merged_type(x) for x in gold]
    p = [merged_type(x) for x in predicted]
    classes = sorted(set(g))
    accuracy = sum(a == b for a, b in zip(g, p)) / len(g)
    f1s = {}
    for c in classes:
        tp = sum(a == c and b == c for a, b in zip(g, p))
        fp = sum(a != c and b == c for a, b in zip(g, p))
        fn = sum(a == c and b != c for a, b in zip(g, p))
        f1s[c] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    macro = sum(f1s.values()) / len(f1s)
    quad = sum(QUAD_CLASS[a] == QUAD_CLASS[b] for a, b in zip(gold, predicted)) / len(gold)
    yield_rows = [(a, b) for a, b in zip(gold, predicted) if a in YIELD_FAMILY and b in YIELD_FAMILY]
    split_acc = sum(a == b for a, b in yield_rows) / len(yield_rows) if yield_rows else float("nan")
    print(f"{title}: accuracy {accuracy:.3f}  macro-F1 {macro:.3f}  QuadClass accuracy {quad:.3f}"
          f"  (CONCEDE/RETREAT split right on {split_acc:.2f} of YIELD rows typed YIELD)")
    print("  per-type F1: " + "  ".join(f"{c} {f1s[c]:.2f}" for c in classes))
    return {"accuracy": round(accuracy, 4), "macro_f1": round(macro, 4), "quad_accuracy": round(quad, 4),
            "per_type_f1": {c: round(v, 3) for c, v in f1s.items()}}


def stratified_folds(labels: list[str], k: int, seed: int) -> list[int]:
    """Fold number per item, each label spread evenly over the folds."""
    rng = random.Random(seed)
    fold = [0] * len(labels)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(merged_type(label), []).append(i)
    offset = 0
    for label in sorted(by_label):
        items = by_label[label]
        rng.shuffle(items)
        for j, i in enumerate(items):
            fold[i] = (j + offset) % k
        offset += len(items)
    return fold


# --- the combiner ----------------------------------------------------------------------------------

def fit_combiner(features: np.ndarray, labels: list[int], l2: float) -> Combiner:
    """Fit the Combiner (full-batch L-BFGS), regularised towards 'trust the encoder, ignore the lexicon'."""
    x = torch.tensor(features, dtype=torch.float64)  # (n, labels, 5)
    y = torch.tensor(labels)
    n_labels = len(LABELS)
    scale = torch.ones(1, dtype=torch.float64, requires_grad=True)
    per_label = torch.zeros(4, n_labels, dtype=torch.float64, requires_grad=True)  # first, any, negated, bias
    only_one = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([scale, per_label, only_one], max_iter=500, line_search_fn="strong_wolfe")

    def logits():
        return (scale * x[..., 0] + per_label[0] * x[..., 1] + per_label[1] * x[..., 2]
                + only_one * x[..., 3] + per_label[2] * x[..., 4] + per_label[3])

    def closure():
        optimizer.zero_grad()
        loss = (torch.nn.functional.cross_entropy(logits(), y)
                + l2 * ((scale - 1) ** 2 + (per_label ** 2).sum() + only_one ** 2).sum())
        loss.backward()
        return loss

    optimizer.step(closure)
    first, any_, negated, bias = per_label.detach().tolist()
    return Combiner(scale=float(scale.item()), first=first, any=any_, only_one=float(only_one.item()),
                    negated=negated, bias=bias)


def combiner_matrix(probabilities: np.ndarray, candidates: list[RelationCandidate]) -> np.ndarray:
    return np.array([combiner_features([math.log(max(p, 1e-9)) for p in row], c, LABELS)
                     for row, c in zip(probabilities, candidates)])


def lexicon_shortcut_table(candidates: list[RelationCandidate], gold: list[str], min_precision: float,
                           min_support: int) -> dict[str, float]:
    """Types whose single-type lexicon proposals were right often enough to skip the encoder."""
    seen: dict[str, list[bool]] = {}
    for c, g in zip(candidates, gold):
        if len(c.lexicon_types) == 1 and not c.negated:
            t = c.lexicon_types[0]
            seen.setdefault(t, []).append(merged_type(t) == merged_type(g))
    return {t: round(sum(v) / len(v), 3) for t, v in sorted(seen.items())
            if len(v) >= min_support and sum(v) / len(v) >= min_precision}


# --- main ------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only-folds", type=int, default=0, help="run just the first N folds (quick looks)")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--label-smoothing", type=float, default=0.0)
    parser.add_argument("--class-weight-power", type=float, default=0.0)
    parser.add_argument("--no-hints", dest="hints", action="store_false")
    parser.add_argument("--no-parse", dest="parse", action="store_false",
                        help="do not parse sentences (no trigger/path/lexicon features)")
    parser.add_argument("--no-own", dest="own", action="store_false", help="leave out train/data/sentences_*.tsv")
    parser.add_argument("--combiner-l2", type=float, default=0.01)
    parser.add_argument("--quantize", default="per_channel", choices=["per_channel", "per_tensor", "none"])
    parser.add_argument("--save-fold-models", action="store_true", help="keep each fold's encoder under /tmp")
    parser.add_argument("--shortcut-precision", type=float, default=0.95)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tag", default="", help="name for the cached out-of-fold probabilities")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    plv = load_plv()
    own = load_own() if args.own else []
    print(f"PLV sentences: {len(plv)}; our sentences: {len(own)} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(Counter(r['label'] for r in own).items()))})")
    plv_candidates = build_candidates(plv, args.parse)
    own_candidates = build_candidates(own, args.parse) if own else []
    plv_gold = [r["label"] for r in plv]
    plv_y = [LABELS.index(g) for g in plv_gold]
    own_y = [LABELS.index(r["label"]) for r in own]
    has_parse = any(c.trigger or c.lexicon_types for c in plv_candidates)
    args.hints = args.hints and has_parse
    print(f"parse features: {'yes' if has_parse else 'no'}; hints segment: {'yes' if args.hints else 'no'}")
    settings = {k: v for k, v in vars(args).items() if k not in ("out", "cv_only", "skip_cv", "tag", "only_folds", "save_fold_models", "threads")}
    settings["out"] = str(args.out)
    tag = args.tag or hashlib.sha256(json.dumps({**settings, "data": len(own), "parse": parse_version()},
                                                sort_keys=True).encode()).hexdigest()[:10]
    oof_path = CACHE / f"oof-{tag}.npz"

    figures: dict[str, object] = {}
    if not args.skip_cv or not oof_path.exists():
        folds = stratified_folds(plv_gold, args.folds, SEED)
        oof = np.zeros((len(plv), len(LABELS)))
        oof_q = np.zeros((len(plv), len(LABELS)))
        run_folds = range(args.only_folds or args.folds)
        for k in run_folds:
            started = time.time()
            train_idx = [i for i, f in enumerate(folds) if f != k]
            test_idx = [i for i, f in enumerate(folds) if f == k]
            model, tokenizer = train_encoder([plv_candidates[i] for i in train_idx] + own_candidates,
                                             [plv_y[i] for i in train_idx] + own_y, args, SEED + k)
            test = [plv_candidates[i] for i in test_idx]
            oof[test_idx] = predict_probabilities(model, tokenizer, test, args)
            oof_q[test_idx] = predict_probabilities(model, tokenizer, test, args,
                                                    quantize=None if args.quantize == "none" else args.quantize)
            if args.save_fold_models:
                torch.save({k: v for k, v in model.state_dict().items()}, CACHE / f"fold-{tag}-{k}.pt")
            fold_acc = np.mean([merged_type(a) == merged_type(b) for a, b in
                                zip([plv_gold[i] for i in test_idx], decisions(oof[test_idx]))])
            print(f"  fold {k + 1}/{args.folds}: accuracy {fold_acc:.3f} ({time.time() - started:.0f}s)")
        done = [i for i, f in enumerate(folds) if f < len(run_folds)]
        gold = [plv_gold[i] for i in done]
        print()
        figures["encoder"] = report("encoder, fp32", gold, decisions(oof[done]))
        figures["encoder_int8"] = report(f"encoder, int8 {args.quantize}", gold, decisions(oof_q[done]))
        if len(done) == len(plv):
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(oof_path, oof=oof, oof_q=oof_q, folds=np.array(folds))
    if args.only_folds:
        return
    data = np.load(oof_path)
    oof, oof_q, folds = data["oof"], data["oof_q"], list(data["folds"])

    # The combiner: its figures come from 5-fold CV over the out-of-fold encoder probabilities.
    features = combiner_matrix(oof_q, plv_candidates)
    combined = np.zeros_like(oof_q)
    for k in range(args.folds):
        train_idx = [i for i, f in enumerate(folds) if f != k]
        test_idx = [i for i, f in enumerate(folds) if f == k]
        combiner = fit_combiner(features[train_idx], [plv_y[i] for i in train_idx], args.combiner_l2)
        combined[test_idx] = [combiner.scores(row) for row in features[test_idx]]
    figures["combined_int8"] = report("encoder int8 + combiner", plv_gold, decisions(combined))
    shortcut = lexicon_shortcut_table(plv_candidates, plv_gold, args.shortcut_precision, 8)
    if shortcut:
        shortcut_pred = decisions(combined)
        skipped = 0
        for i, c in enumerate(plv_candidates):
            if len(c.lexicon_types) == 1 and c.lexicon_types[0] in shortcut and not c.negated:
                shortcut_pred[i] = c.lexicon_types[0]
                skipped += 1
        figures["combined_int8_shortcut"] = report(
            f"encoder int8 + combiner, lexicon shortcut ({skipped} of {len(plv)} skip the encoder)",
            plv_gold, shortcut_pred)
        figures["shortcut_share"] = round(skipped / len(plv), 3)
    print(f"  lexicon shortcut types (precision >= {args.shortcut_precision}): {shortcut or 'none'}")
    if args.cv_only:
        return

    print("\ntraining on all sentences ...")
    model, tokenizer = train_encoder(plv_candidates + own_candidates, plv_y + own_y, args, SEED)
    combiner = fit_combiner(features, plv_y, args.combiner_l2)
    write_artifact(args.out, model, combiner, shortcut, settings, figures, len(plv), len(own))


def write_artifact(out: Path, model, combiner: Combiner, shortcut: dict[str, float], settings: dict,
                   figures: dict, n_plv: int, n_own: int) -> None:
    """model.onnx (int8) + tokenizer.json + config.json, through ``export_onnx.ship``."""
    from export_onnx import reference_candidates, ship

    config = {
        "labels": LABELS,
        "layers": settings["layers"],
        "max_length": settings["max_length"],
        "hint_tokens": HINT_TOKENS,
        "use_hints": settings["hints"],
        "quantization": "onnxruntime dynamic int8, per channel (MatMul, Gather)",
        "combiner": asdict(combiner),
        "lexicon_shortcut": {"enabled": bool(shortcut), "types": sorted(shortcut), "precision": shortcut},
        "training": {"plv_sentences": n_plv, "own_sentences": n_own, "settings": settings,
                     "parse_version": parse_version(), "cv": figures},
    }
    twin = export_twin(model, encoder_base_path(), settings["layers"], len(LABELS))
    ship(twin, model_tokenizer(), out, config, reference_candidates(), fixture_name=out.name)


def model_tokenizer():
    from modeling import base_tokenizer

    return base_tokenizer()


if __name__ == "__main__":
    main()
