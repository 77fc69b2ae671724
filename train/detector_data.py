"""Training examples for the event detector, from every source, as marked sentences with label sets.

Each example is a marked sentence (``<s>..</s>`` source mention, ``<t>..</t>`` target mention), the set
of labels it may have (one label when the source says exactly which; several when it gives only a
QuadClass), and the direction (0: the marked source acts on the marked target; 1: reversed; None:
unknown). The labels are ``NONE`` and the 16 PLOVER types. How each source maps (docs/classify.md):

- PLV (``PLV_train.tsv``): the root type, YIELD split into CONCEDE/RETREAT (``plv_yield_split.tsv``);
  marks are PLV's; direction 0.
- our typer sentences (``train/data/sentences_*.tsv``): the type; direction 0 (training folds only).
- ConfliBERT (``cameo_class_train.tsv`` + ``cameo_ner_train.txt``, aligned by their text): the source
  and target BIO spans (the first of each) are the marks, direction 0; the PentaClass label gives the
  set: 0 "make statement" -> NONE (PLOVER drops CAMEO 01); 1 verbal cooperation -> AGREE, CONSULT,
  SUPPORT, CONCEDE or REQUEST (CAMEO 02 "appeal" is verbal cooperation there but a request in PLOVER);
  2 material cooperation -> COOPERATE, AID, RETREAT or CONCEDE (CAMEO 081-083 are CONCEDE); 3 verbal
  conflict -> ACCUSE, REQUEST, REJECT or THREATEN; 4 material conflict -> PROTEST, MOBILIZE, SANCTION,
  COERCE or ASSAULT.
- PLOVER/CAMEO examples (``PLOVER_GSR_CAMEO.txt``): the first SRC and first TAR mention (SRC/TAR,
  for joint actors: the first two); old labels mapped by the PLOVER manual's CAMEO table (ch. 7):
  DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.
- ``train/data/detector_*.tsv``: pairs labelled by hand (our own sentences, and pairs of actor
  mentions in sentences of ../shared/corpus-bulk/ found by ``pairs_from_corpus.py``): columns
  ``label`` (NONE or a PLOVER type), ``direction`` (``>`` the marked source acts, ``<`` the marked
  target acts, ``-`` for NONE), ``marked_sentence`` (and ``origin``). ``detector_pipeline.tsv`` holds
  the extractor's own candidates (``pipeline_candidates.py``) and also records the hints extraction
  gave the detector (``trigger``, ``lexicon_types``, ``modality``).
"""

from __future__ import annotations

import csv
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from detente.records import PLOVER_TYPES, QUAD_CLASS

HERE = Path(__file__).resolve().parent
EXTERNAL = Path("/work/shared/external")
PLV = EXTERNAL / "plv" / "PLV_train.tsv"
CONFLIBERT_CLASS = EXTERNAL / "conflibert" / "cameo_class_train.tsv"
CONFLIBERT_NER = EXTERNAL / "conflibert" / "cameo_ner_train.txt"
GSR = EXTERNAL / "plover" / "PLOVER_GSR_CAMEO.txt"
YIELD_SPLIT = HERE / "data" / "plv_yield_split.tsv"

NONE = "NONE"
LABELS: list[str] = [NONE, *PLOVER_TYPES]
PENTA_SETS: dict[str, tuple[str, ...]] = {
    "0": (NONE,),
    "1": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST"),
    "2": ("COOPERATE", "AID", "RETREAT", "CONCEDE"),
    "3": ("ACCUSE", "REQUEST", "REJECT", "THREATEN"),
    "4": ("PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"),
}
PENTA_QUAD = {"1": "VC", "2": "MC", "3": "VX", "4": "MX"}
GSR_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass
class Example:
    id: str
    marked: str
    allowed: tuple[str, ...]  # labels it may have
    direction: int | None  # 0 forward, 1 reversed, None unknown / not an event
    source: str  # plv, own, conflibert, gsr, hand, pipeline (hand-labelled extraction candidates)
    quad: str | None = None  # gold QuadClass when known (PLV, ConfliBERT 1-4)
    group: str = ""  # examples of one group share a fold (a sentence and its swapped copy)
    cv: bool = True  # False: only ever in training folds
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str | None:
        return self.allowed[0] if len(self.allowed) == 1 else None

    @property
    def is_event(self) -> bool | None:
        if self.allowed == (NONE,):
            return False
        return NONE not in self.allowed


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_plv() -> list[Example]:
    split = {row["sentence_id"]: row["label"] for row in read_tsv(YIELD_SPLIT)}
    out = []
    for row in read_tsv(PLV):
        label = row["gold_root"]
        if label == "YIELD":
            label = split[row["sentence_id"]]
        out.append(Example(f"plv-{row['sentence_id']}", row["marked_sentence"], (label,), 0, "plv",
                           QUAD_CLASS[label], group=f"plv-{row['sentence_id']}"))
    return out


def load_own_typer_sentences() -> list[Example]:
    out = []
    for path in sorted((HERE / "data").glob("sentences_*.tsv")):
        for n, row in enumerate(read_tsv(path), 1):
            label = row["label"]
            out.append(Example(f"{path.stem}-{n}", row["marked_sentence"], (label,), 0, "own", QUAD_CLASS[label],
                               group=f"{path.stem}-{n}", cv=False))
    return out


def _key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def load_conflibert() -> list[Example]:
    """ConfliBERT sentences whose NER tokens align with a classified sentence (first S and T spans)."""
    classes: dict[str, tuple[str, str]] = {}
    for line in CONFLIBERT_CLASS.open(encoding="utf-8"):
        text, _, label = line.rstrip("\n").rpartition("\t")
        if text:
            classes.setdefault(_key(text), (text, label.strip()))
    sentences, current = [], []
    for line in CONFLIBERT_NER.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.rpartition(" ")
        current.append((token, tag))
    if current:
        sentences.append(current)
    out = []
    for n, tokens in enumerate(sentences):
        found = classes.get(_key("".join(t for t, _ in tokens)))
        if not found:
            continue
        text, penta = found
        if penta not in PENTA_SETS:
            continue
        offsets = _token_offsets(text, [t for t, _ in tokens])
        if offsets is None:
            continue
        spans = {}
        for role in ("S", "T"):
            start = next((i for i, (_, tag) in enumerate(tokens) if tag == f"B-{role}"), None)
            if start is None:
                continue
            end = start + 1
            while end < len(tokens) and tokens[end][1] == f"I-{role}":
                end += 1
            spans[role] = (offsets[start][0], offsets[end - 1][1])
        if "S" not in spans and "T" not in spans:
            continue
        marked = _mark(text, spans.get("S"), spans.get("T"))
        if marked is None:
            continue
        allowed = PENTA_SETS[penta]
        out.append(Example(f"conflibert-{n}", marked, allowed, None if penta == "0" else 0, "conflibert",
                           PENTA_QUAD.get(penta), group=f"conflibert-{n}", extra={"penta": penta}))
    return out


def _token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int]] | None:
    """Char offsets of each token in ``text``, searched left to right (None if a token is not found)."""
    out, position = [], 0
    for token in tokens:
        at = text.find(token, position)
        if at < 0 or at - position > 3 and text[position:at].strip():
            return None
        out.append((at, at + len(token)))
        position = at + len(token)
    return out


def _mark(text: str, source: tuple[int, int] | None, target: tuple[int, int] | None) -> str | None:
    marks = []
    if source:
        marks += [(source[0], 1, "<s>"), (source[1], 0, "</s>")]
    if target:
        marks += [(target[0], 1, "<t>"), (target[1], 0, "</t>")]
    if source and target and not (source[1] <= target[0] or target[1] <= source[0]):
        return None  # overlapping spans
    out, last = [], 0
    for pos, _, tag in sorted(marks):
        out.append(text[last:pos])
        out.append(tag)
        last = pos
    out.append(text[last:])
    return "".join(out)


_GSR_TAG = re.compile(r"\(([A-Z/]+):\s*([^()]*?)\)")


def load_gsr() -> list[Example]:
    data = json.loads(GSR.read_text(encoding="utf-8"))
    out = []
    for item in data:
        label = GSR_MAP.get(item.get("event"), item.get("event"))
        if label not in QUAD_CLASS:
            continue
        info = item.get("textInfo")
        markup = info.get("markup") if isinstance(info, dict) else info
        if not markup:
            continue
        pieces, last, length = [], 0, 0
        source = target = None
        for match in _GSR_TAG.finditer(markup):
            pieces.append(markup[last:match.start()])
            length += match.start() - last
            words = match.group(2).strip()
            span = (length, length + len(words))
            tag = match.group(1)
            if tag == "SRC" and source is None:
                source = span
            elif tag == "TAR" and target is None:
                target = span
            elif tag == "SRC/TAR":
                if source is None:
                    source = span
                elif target is None:
                    target = span
            pieces.append(words)
            length += len(words)
            last = match.end()
        pieces.append(markup[last:])
        text = "".join(pieces)
        if source is None and target is None:
            continue
        marked = _mark(text, source, target)
        if marked is None:
            continue
        out.append(Example(item["id"].lower(), marked, (label,), 0, "gsr", QUAD_CLASS[label], group=item["id"]))
    return out


def load_hand_labelled() -> list[Example]:
    out = []
    for path in sorted((HERE / "data").glob("detector_*.tsv")):
        for n, row in enumerate(read_tsv(path), 1):
            label = row["label"].strip().upper()
            if label not in LABELS:
                raise SystemExit(f"{path.name}:{n}: unknown label {label!r}")
            direction = {">": 0, "<": 1, "-": None}[row["direction"].strip()]
            if (label == NONE) != (direction is None):
                raise SystemExit(f"{path.name}:{n}: NONE goes with direction '-', an event with > or <")
            source = "pipeline" if path.stem == "detector_pipeline" else "hand"
            out.append(Example(f"{path.stem}-{n}", row["marked_sentence"], (label,), direction, source,
                               None if label == NONE else QUAD_CLASS[label], group=f"{path.stem}-{n}",
                               extra={"origin": row.get("origin", ""), **_pipeline_hints(row)}))
    return out


def _pipeline_hints(row: dict[str, str]) -> dict:
    """The parse's hints exactly as extraction gave them to the detector, for rows that record them
    (``detector_pipeline.tsv``: columns ``trigger``, ``lexicon_types``, ``modality``); training then
    reads these rather than re-parsing the marked sentence, so the heads see what they see at run time."""
    if row.get("trigger") is None:
        return {}
    types = tuple(t for t in (row.get("lexicon_types") or "").split(",") if t)
    return {"hints": {"trigger": row["trigger"], "lexicon_types": types, "modality": row.get("modality") or "reported"}}


def swapped(example: Example) -> Example | None:
    """The same sentence with the source and target marks exchanged, direction flipped."""
    m = example.marked
    if example.direction is None or "<s>" not in m or "<t>" not in m:
        return None
    flipped = (m.replace("<s>", "\x00S").replace("</s>", "\x00/S").replace("<t>", "<s>").replace("</t>", "</s>")
               .replace("\x00S", "<t>").replace("\x00/S", "</t>"))
    return Example(example.id + "-swap", flipped, example.allowed, 1 - example.direction, example.source,
                   example.quad, group=example.group, cv=example.cv, extra={**example.extra, "swapped": True})


def all_examples(swap_share: float = 0.5, seed: int = 13) -> list[Example]:
    """Every source, plus a swapped copy of a seeded share of the examples with a known direction."""
    base = load_plv() + load_own_typer_sentences() + load_conflibert() + load_gsr() + load_hand_labelled()
    rng = random.Random(seed)
    copies = [s for e in base if rng.random() < swap_share and (s := swapped(e)) is not None]
    return base + copies
