"""Memory and time the gazetteer adds to a process (detente.geo), measured in a fresh process.

Prints the resident memory (RSS) before and after building the in-memory gazetteer and the place
resolver, the time it takes, and the size of the index. Target (issue 15): at most 60 MiB, so that a
worker stays within its ~400 MiB.

    python bench/geo_memory.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import gc, json, time
def rss():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS'):
                return int(line.split()[1]) / 1024
from detente.nlp import load_model
import detente.geo.gazetteer, detente.geo.resolve, yaml, json as _j  # imports are not the gazetteer's data
nlp = load_model()
gc.collect()
before = rss()
t = time.perf_counter()
from detente.geo import geocoder
g = geocoder(nlp)
elapsed = time.perf_counter() - t
gc.collect()
after = rss()
print(json.dumps({"before": before, "after": after, "seconds": elapsed, "entries": len(g.gazetteer),
                  "names": len(g.gazetteer._index)}))
"""


def main() -> int:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=True)
    import json

    r = json.loads(done.stdout.strip().splitlines()[-1])
    added = r["after"] - r["before"]
    print(f"gazetteer + resolver: {r['entries']} places, {r['names']} names, built in {r['seconds']:.2f} s")
    print(f"RSS {r['before']:.0f} MiB -> {r['after']:.0f} MiB: {added:.1f} MiB added "
          f"({'meets' if added <= 60 else 'misses'} the 60 MiB target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
