"""Speaker turns in transcripts: who speaks where, and whether they ask or tell.

Press briefings, gaggles, background calls, interviews and joint remarks open each turn with a
speaker label at the start of a paragraph: "Q", "MR. SMITH:", "THE PRESIDENT:", "SENIOR
ADMINISTRATION OFFICIAL:", "PRIME MINISTER ROSSI:". ``detect_turns`` finds them in a document's
clean text (one pass over its paragraphs, so linear in the text) and returns ``Turn`` tuples: the
turn's span, the label as written, its role (question, answer, statement, moderator) and where the
spoken words start, after the label. The label stays in the text (offsets never shift); the parser
starts a sentence after it (``label_spans``, used by ``detente.nlp``), the actor resolver does not
read names inside it, and ``detente.actors`` makes the speaker the voice of "I" and "we" in the turn.

The label shapes and the word lists are data: ``data/speakers.yaml``. This module is a leaf: it
imports nothing else of detente, so ingest (which runs first) can use it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Sequence

ROLES: tuple[str, ...] = ("question", "answer", "statement", "moderator")


class Turn(NamedTuple):
    """One speaker turn: ``[start, end)`` in ``Document.text``; the words spoken start at ``text_start``."""

    start: int  # where the label starts (a paragraph start)
    end: int  # end of the turn's last paragraph
    speaker: str  # the label as written, without its colon ("MR. SMITH", "Q")
    role: str  # question, answer, statement or moderator (see ROLES)
    text_start: int  # first character after the label, its colon and the spaces after it


@dataclass(frozen=True)
class SpeakerRules:
    """The lists of ``data/speakers.yaml``, upper-cased."""

    question: frozenset[str]
    moderator: frozenset[str]
    no_voice: frozenset[str]
    own: frozenset[str]
    official_words: tuple[str, ...]
    honorifics: frozenset[str]
    titles: dict[str, tuple[str, bool]]  # title -> (sector, home)
    not_speakers: frozenset[str]
    not_in_label: frozenset[str]
    min_bare_repeats: int = 2
    max_label_words: int = 8


@dataclass(frozen=True)
class Label:
    """What a speaker label says: its kind (see data/speakers.yaml), the title and the name in it."""

    kind: str  # question, moderator, no_voice, own, honorific, titled, name
    title: str = ""  # "PRIME MINISTER" in "PRIME MINISTER ROSSI"
    name: str = ""  # "ROSSI"; the words after an honorific or title, or the bare name


def _upper_set(values: Sequence[object] | None) -> frozenset[str]:
    return frozenset(normalize_label(str(v)) for v in values or ())


@lru_cache(maxsize=1)
def speaker_rules() -> SpeakerRules:
    """The packaged rules of ``data/speakers.yaml``."""
    import yaml

    data = yaml.safe_load(resources.files("detente.data").joinpath("speakers.yaml").read_text(encoding="utf-8"))
    titles = {normalize_label(str(k)): (str(v.get("sector") or "GOV"), bool(v.get("home")))
              for k, v in (data.get("titles") or {}).items()}
    return SpeakerRules(
        question=_upper_set(data.get("question")), moderator=_upper_set(data.get("moderator")),
        no_voice=_upper_set(data.get("no_voice")), own=_upper_set(data.get("own")),
        official_words=tuple(normalize_label(str(w)) for w in data.get("official_words") or ()),
        honorifics=_upper_set(data.get("honorifics")), titles=titles,
        not_speakers=_upper_set(data.get("not_speakers")), not_in_label=_upper_set(data.get("not_in_label")),
        min_bare_repeats=int(data.get("min_bare_repeats", 2)), max_label_words=int(data.get("max_label_words", 8)),
    )


def normalize_label(label: str) -> str:
    """A label in the form the lists use: upper case, one space between words, no parenthesis."""
    label = re.sub(r"\([^)]*\)", " ", label)
    return " ".join(label.upper().split())


# "MR. SMITH:", "PRESIDENT ROSSI (as interpreted):", "Vladimir Rossi:"; the label is letters, dots,
# apostrophes, hyphens and spaces, at most 80 characters, and a colon ends it.
_LABEL = re.compile(r"(?P<label>[^\W\d_][^\W\d_.'’\- ]*(?:[.'’\- ]+[^\W\d_]+)*\.?)[ ]*(?:\([^()\n]{0,40}\)[ ]*)?:(?:[ \t]+|$)")
# "Q Do you ...", "Q: Do you ...", "Q. Do you ...", "Q (inaudible)"
_Q = re.compile(r"Q(?::[ \t]*|\.[ \t]+|[ \t]+)(?=\S)|Q:?$")
_MAX_LABEL_CHARS = 80


def classify_label(label: str, rules: SpeakerRules | None = None) -> Label | None:
    """The kind of a speaker label, or None if it is not one ("NOTE", "TO THE SENATE")."""
    rules = rules or speaker_rules()
    text = normalize_label(label)
    words = text.split()
    if not words or len(words) > rules.max_label_words or text in rules.not_speakers:
        return None
    if any(w in rules.not_in_label for w in words):
        return None
    if text in rules.question:
        return Label("question")
    if text in rules.moderator:
        return Label("moderator")
    if text in rules.no_voice:
        return Label("no_voice")
    caps = not any(c.islower() for c in label)
    # "THE PRESIDENT", "THE DEPUTY SECRETARY": the publisher's principal by office alone, in capitals
    # (a mixed-case "The Daily Courier:" quotes a newspaper; "THE ROAD AHEAD:" is a heading)
    the_office = caps and words[0] == "THE" and len(words) > 1 and (
        len(words) <= 3 or " ".join(words[1:]) in rules.titles)
    if text in rules.own or the_office or any(words[-1].startswith(w) for w in rules.official_words):
        return Label("own")
    if words[0] == "THE":
        return None
    if words[0] in rules.honorifics and len(words) > 1:
        return Label("honorific", name=" ".join(words[1:]))
    for n in range(min(len(words), 4), 0, -1):
        title = " ".join(words[:n])
        if title in rules.titles:
            return Label("titled", title=title, name=" ".join(words[n:]))
    return Label("name", name=text)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the paragraphs of a clean text (blank lines separate them)."""
    spans = []
    pos = 0
    for match in re.finditer(r"\n[ \t]*\n\s*", text):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _label_at(text: str, start: int, end: int, rules: SpeakerRules) -> tuple[str, Label, int, bool] | None:
    """The speaker label opening the paragraph ``[start, end)``: (label, kind, text start, all caps)."""
    head = text[start:min(end, start + _MAX_LABEL_CHARS + 120)]
    match = _LABEL.match(head)
    if match and len(match.group("label")) <= _MAX_LABEL_CHARS:
        label = match.group("label").strip()
        letters = [c for c in label if c.isalpha()]
        caps = all(c.isupper() for c in letters)
        words = label.split()
        # mixed case: every word capitalised ("Vladimir Rossi"), or a known role word ("Question")
        if caps or all(w[0].isupper() for w in words):
            kind = classify_label(label, rules)
            if kind is not None and (caps or kind.kind != "name" or len(words) >= 2):
                return label, kind, start + match.end(), caps
    match = _Q.match(head)
    if match:
        return "Q", Label("question"), start + match.end(), True
    return None


def detect_turns(text: str, paragraphs: Sequence[tuple[int, int]] | None = None,
                 rules: SpeakerRules | None = None) -> list[Turn]:
    """The speaker turns of a clean text, in order; ``[]`` when it is not a transcript.

    A turn starts at a paragraph that opens with a speaker label and runs to the next one (or the
    end of the text). Guards against headings that look like labels: besides the lists of
    data/speakers.yaml, a bare name ("ROSSI:") must open several paragraphs and come with turns of
    another kind; a "Q" without a colon, and any mixed-case label, need a second turn in the
    document; a document whose only label is a single bare name or question has no turns.
    """
    rules = rules or speaker_rules()
    spans = list(paragraphs) if paragraphs is not None else paragraph_spans(text)
    found: list[tuple[int, str, Label, int, bool]] = []  # (paragraph index, label, kind, text start, caps)
    for i, (start, end) in enumerate(spans):
        hit = _label_at(text, start, end, rules)
        if hit is not None:
            found.append((i, *hit))
    if not found:
        return []
    counts: dict[str, int] = {}
    for _, label, kind, _, _ in found:
        key = normalize_label(label)
        counts[key] = counts.get(key, 0) + 1
    named_kinds = {kind.kind for _, _, kind, _, _ in found if kind.kind != "name"}
    kept = []
    for item in found:
        _, label, kind, _, caps = item
        repeated = counts[normalize_label(label)] >= rules.min_bare_repeats
        if kind.kind == "name" and (not repeated or not named_kinds):
            continue
        if not caps and not repeated and kind.kind not in ("question", "moderator"):
            continue  # "Judge Ann Roe: ..." once in a list of nominees is not a turn
        kept.append(item)
    if len(kept) < 2:
        # one label alone is a turn only when it is unmistakable: an all-caps speaker with a colon
        # ("THE PRESIDENT:" before a speech), not a "Q", a bare name or a mixed-case heading
        if not kept or not kept[0][4] or kept[0][2].kind in ("question", "name", "no_voice"):
            return []
    turns: list[Turn] = []
    previous_role = ""
    for n, (i, label, kind, text_start, _) in enumerate(kept):
        start = spans[i][0]
        last = kept[n + 1][0] - 1 if n + 1 < len(kept) else len(spans) - 1
        end = spans[last][1]
        if kind.kind == "question":
            role = "question"
        elif kind.kind == "moderator":
            role = "moderator"
        elif previous_role == "question" and kind.kind != "no_voice":
            role = "answer"
        else:
            role = "statement"
        previous_role = role
        turns.append(Turn(start, end, label, role, min(text_start, end)))
    return turns


def label_spans(text: str) -> list[tuple[int, int]]:
    """``[start, text_start)`` of each speaker label of a clean text, for ``detente.nlp``: no sentence
    starts inside a label, and one starts right after it."""
    return [(t.start, t.text_start) for t in detect_turns(text) if t.text_start < t.end]


class TurnIndex:
    """Which turn a character offset falls in, by binary search over the turns' starts."""

    def __init__(self, turns: Sequence[Turn | tuple]):
        self.turns = [t if isinstance(t, Turn) else Turn(*t) for t in turns]
        self._starts = [t.start for t in self.turns]

    def __bool__(self) -> bool:
        return bool(self.turns)

    def position(self, char: int) -> int | None:
        """The number of the turn containing ``char``, or None (outside every turn)."""
        i = bisect.bisect_right(self._starts, char) - 1
        if i < 0 or char >= self.turns[i].end:
            return None
        return i

    def at(self, char: int) -> Turn | None:
        """The turn containing ``char``, or None (outside every turn, or inside no transcript)."""
        i = self.position(char)
        return None if i is None else self.turns[i]

    def in_label(self, char: int) -> bool:
        """Whether ``char`` is inside a speaker label (the label is not part of any sentence)."""
        turn = self.at(char)
        return turn is not None and char < turn.text_start

    def label_spans(self) -> list[tuple[int, int]]:
        return [(t.start, t.text_start) for t in self.turns]
