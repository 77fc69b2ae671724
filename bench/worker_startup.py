"""Start-up time and memory of a worker process, and of the event model alone (issue 14: torch out of run time).

Each measurement runs in a fresh Python process (``--python``, default this one) that imports detente from
``--src`` (default: this repository's ``src``) and reports its wall and CPU seconds and its peak RSS:

- ``bare spaCy``: ``detente.nlp.load_model()`` and one parse (the floor every worker pays);
- ``event model``: import ``detente.eventtype``, load the shipped typer, type one marked sentence;
- ``worker``: build a ``pipeline.Extractor`` (spaCy, actors, lexicon, typer) and extract one short article.

Also whether torch was imported. Compare code versions or virtualenvs by running it twice, e.g.

    python bench/worker_startup.py                                   # this tree, this venv
    python bench/worker_startup.py --src /path/to/older/checkout/src  # the torch typer
    python bench/worker_startup.py --python /tmp/venv-notorch/bin/python --src ''   # an installed detente

Each figure is the best of ``--repeat`` runs (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = r"""
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
what = sys.argv[1]
if what == "spacy":
    from detente.nlp import load_model
    load_model()("Officials met on Monday.")
elif what == "model":
    from detente.events import candidate_from_marked, load_typer
    load_typer().predict([candidate_from_marked("<s>Chile</s> recalled its envoy from <t>Peru</t>.")])
else:
    from datetime import date
    from detente.pipeline import Extractor
    from detente.records import Document
    text = "The foreign minister of Chile met his Peruvian counterpart in Lima on Monday."
    Extractor().extract(Document(doc_id="probe", text=text, published=date(2024, 3, 4)))
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "torch": "torch" in sys.modules}))
"""


def probe(python: str, src: str, what: str) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", DETENTE_MODEL_THREADS="1")
    env.pop("PYTHONPATH", None)
    if src:
        env["PYTHONPATH"] = src
    out = subprocess.run([python, "-c", _PROBE, what], env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"probe {what!r} failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--src", default=str(ROOT / "src"), help="detente source tree ('' = the installed one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"python {args.python}; detente from {args.src or 'the installed package'}")
    spacy_best = None
    for what, title in (("spacy", "bare spaCy"), ("model", "event model"), ("worker", "worker")):
        runs = [probe(args.python, args.src, what) for _ in range(args.repeat)]
        best = {k: min(r[k] for r in runs) for k in ("wall", "cpu", "rss_mib")}
        spacy_best = spacy_best or best
        ratio = f"  ({best['rss_mib'] / spacy_best['rss_mib']:.2f}x bare spaCy's RSS)" if what != "spacy" else ""
        print(f"{title:12s} start-up {best['wall']:5.2f} s wall, {best['cpu']:5.2f} s CPU; peak RSS "
              f"{best['rss_mib']:6.0f} MiB{ratio}; torch imported: {runs[0]['torch']}")


if __name__ == "__main__":
    main()
