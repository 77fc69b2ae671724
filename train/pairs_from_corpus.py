"""The labelling sheet for the detector's real-text pairs: actor-mention pairs from ../shared/corpus-bulk/.

For a seeded sample of the bulk corpus (2,500 real White House texts; not the team's gold material in
corpus/, seeds/ or corpus-dev/), every sentence with at least two actor mentions of different countries
(detente's actor dictionary) gives its first pairs of mentions, marked ``<s>..</s>`` (the earlier
mention) and ``<t>..</t>``. The sheet is printed as TSV (file, marked sentence); a person then labels
each row by hand into ``train/data/detector_bulk.tsv`` (see the labelling rule in docs/classify.md):

  .venv/bin/python train/pairs_from_corpus.py --documents 80 --seed 7 > /tmp/sheet.tsv
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

BULK = Path("/work/shared/corpus-bulk")


def body(path: Path) -> str:
    """The text of a bulk-corpus Markdown file without its front matter, paragraphs unwrapped."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4:] if end > 0 else text
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def mark(text: str, first: tuple[int, int], second: tuple[int, int]) -> str:
    (a, b), (c, d) = first, second
    return f"{text[:a]}<s>{text[a:b]}</s>{text[b:c]}<t>{text[c:d]}</t>{text[d:]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=80)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pairs-per-sentence", type=int, default=2)
    parser.add_argument("--max-words", type=int, default=60)
    args = parser.parse_args()
    from detente.actors import actor_resolver
    from detente.nlp import load_model

    nlp = load_model()
    resolver = actor_resolver(nlp, ())
    files = sorted(BULK.glob("*.md"))
    random.Random(args.seed).shuffle(files)
    print("file\tmarked_sentence")
    for path in files[: args.documents]:
        doc = nlp(body(path))
        actors = resolver.annotate(doc)
        for sent in doc.sents:
            if len(sent) > args.max_words or sent.text.rstrip().endswith(":"):
                continue
            spans = sorted((s for s in actors.spans if sent.start <= s.start and s.end <= sent.end),
                           key=lambda s: s.start)
            pairs = []
            for i, a in enumerate(spans):
                for b in spans[i + 1:]:
                    if a.actor.country and b.actor.country and a.actor.country != b.actor.country:
                        pairs.append((a, b))
            for a, b in pairs[: args.pairs_per_sentence]:
                base = sent.start_char
                first = (doc[a.start].idx - base, doc[a.end - 1].idx + len(doc[a.end - 1].text) - base)
                second = (doc[b.start].idx - base, doc[b.end - 1].idx + len(doc[b.end - 1].text) - base)
                text = sent.text.strip()
                shift = len(sent.text) - len(sent.text.lstrip())
                first = (first[0] - shift, first[1] - shift)
                second = (second[0] - shift, second[1] - shift)
                print(f"{path.name}\t{mark(text, first, second)}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
