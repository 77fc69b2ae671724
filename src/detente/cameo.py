"""CAMEO codes and PETRARCH verb dictionaries in detente's terms.

Two jobs:

* the CAMEO → PLOVER crosswalk of the PLOVER project (``data/cameo2plover.txt``, or a file the user
  names): ``load_crosswalk`` and ``plover_type``;
* ``import_verbs``: a CAMEO/PETRARCH verb dictionary (TABARI/PETRARCH 1 layout as in
  ``PETR.Validate.verbs.txt``, and the ``(PREP ...)`` / ``{MODIFIER HEAD}`` additions of PETRARCH 2's
  ``CAMEO.2.0.txt``) as a detente trigger file (the layout of ``data/triggers.yaml``), with a report
  of every pattern that the trigger format cannot express and why.

What the verb file syntax means was taken from PETRARCH's documentation (``dictionaries.rst`` and the
``read_verb_dictionary`` notes of openeventdata/petrarch2); the mapping rules are detente's and are
documented in ``docs/petrarch.md``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import yaml

from .actordict import _strip_cameo_comments
from .errors import InputError
from .events.triggers import LIGHT_VERBS
from .records import PLOVER_TYPES
from .resources import packaged_text

CROSSWALK_FILE = "cameo2plover.txt"
NULL_EVENT_CODES = frozenset({"---", "+++", "###", ""})

# Words after a verb that make a phrasal or prepositional verb ("back down", "call for").
PARTICLES = frozenset({
    "about", "above", "across", "after", "against", "ahead", "along", "among", "apart", "around", "as",
    "aside", "at", "away", "back", "before", "behind", "below", "beneath", "beside", "between", "beyond",
    "by", "down", "during", "for", "forward", "from", "in", "inside", "into", "near", "of", "off", "on",
    "onto", "out", "outside", "over", "past", "through", "throughout", "to", "together", "toward",
    "towards", "under", "until", "up", "upon", "via", "with", "within", "without",
})
# Particles that spaCy attaches as ``prt`` rather than as a preposition.
# ("over" is left out: "* OVER EFFORTS" is a prepositional phrase more often than "hand over").
ADVERB_PARTICLES = frozenset({"away", "back", "down", "off", "out", "up", "aside", "apart", "forward",
                              "together", "ahead"})
DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "this",
                         "that", "these", "those", "some", "any", "all", "no"})
# Words that make what follows the verb a verb phrase or a clause, not an object.
VERB_PHRASE_WORDS = frozenset({
    "not", "n't", "never", "would", "will", "should", "could", "can", "may", "might", "must", "shall",
    "be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did",
    "if", "whether", "that", "now", "again", "really", "ever", "even",
})
ACTOR_MARKERS = frozenset({"+", "$", "%", "^"})
MAX_EXPANSIONS = 500  # synset combinations per pattern


# --------------------------------------------------------------------------------------------
# the crosswalk


@dataclass(frozen=True)
class CrosswalkRow:
    """One line of the CAMEO → PLOVER crosswalk."""

    code: str  # CAMEO code, two to four digits
    event_type: str  # PLOVER type
    mode: str | None  # PLOVER mode, where the crosswalk gives one
    context: str | None  # PLOVER context(s), where given
    description: str  # the CAMEO category's name


_CROSSWALK_LINE = re.compile(r"^(\d{2,4}):\s*([A-Za-z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?(?:#\s*(.*))?$")


def parse_crosswalk(text: str, label: str = CROSSWALK_FILE) -> dict[str, CrosswalkRow]:
    """The rows of a crosswalk text (``CODE: TYPE, mode, context # description`` lines) by code."""
    rows: dict[str, CrosswalkRow] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _CROSSWALK_LINE.match(line.strip())
        if not match:
            continue
        code, event_type = match.group(1), match.group(2).upper()
        if event_type not in PLOVER_TYPES:
            raise InputError(f"{label}: line {number}: {event_type!r} is not a PLOVER event type")
        mode = (match.group(3) or "").strip() or None
        context = (match.group(4) or "").strip() or None
        rows.setdefault(code, CrosswalkRow(code, event_type, mode, context, (match.group(5) or "").strip()))
    if not rows:
        raise InputError(f"{label}: no 'CODE: TYPE' lines; not a CAMEO → PLOVER crosswalk")
    return rows


def load_crosswalk(path: str | Path | None = None) -> dict[str, CrosswalkRow]:
    """The CAMEO → PLOVER crosswalk from ``path``, or the copy shipped with detente."""
    if path is None:
        text = packaged_text(CROSSWALK_FILE)
        return parse_crosswalk(text)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read crosswalk ({exc.strerror or exc.__class__.__name__})") from None
    return parse_crosswalk(text, path.name)


def crosswalk_row(code: str, crosswalk: dict[str, CrosswalkRow]) -> CrosswalkRow | None:
    """The crosswalk row of a CAMEO code, trying its parents (``1717`` → ``171`` → ``17``).

    Letters some dictionaries append to a code (``174K``, ``102b``) are dropped first; null codes
    (``---``) and codes the crosswalk does not cover give None.
    """
    digits = re.sub(r"[^0-9]+$", "", code.strip())
    if not digits.isdigit():
        return None
    while len(digits) >= 2:
        if digits in crosswalk:
            return crosswalk[digits]
        digits = digits[:-1]
    return None


def plover_type(code: str, crosswalk: dict[str, CrosswalkRow]) -> str | None:
    """The PLOVER type of a CAMEO code (see ``crosswalk_row``); None if not covered."""
    row = crosswalk_row(code, crosswalk)
    return row.event_type if row else None


# --------------------------------------------------------------------------------------------
# reading a verb dictionary


@dataclass
class VerbLine:
    """One verb of a block: its words (lower case), which word is the verb, and its own code."""

    words: tuple[str, ...]
    head: int  # index of the verb word in ``words``
    code: str | None  # None: the block's code
    line: int
    forms: tuple[str, ...] = ()  # irregular forms given in {...}, lower case (verb word only)


@dataclass
class Pattern:
    """One ``- ... * ... [code]`` line: the tokens before and after the verb (lower case)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str
    line: int
    text: str


@dataclass
class VerbBlock:
    """A ``--- NAME [code] ---`` block: synonymous verbs sharing one default code and the patterns."""

    name: str
    code: str
    line: int
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    """A parsed verb dictionary: synsets (label → phrases) and verb blocks."""

    synsets: dict[str, list[tuple[str, ...]]]
    blocks: list[VerbBlock]


_BRACKET = re.compile(r"\[([^\]]*)\]")
_CODE_TEXT = re.compile(r"[^0-9A-Za-z:+#\-]")


def _clean_code(raw: str) -> str:
    return _CODE_TEXT.sub("", raw.strip())


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s_]+", phrase.strip()) if w]


def read_verb_dictionary(text: str, label: str = "verbs") -> VerbDictionary:
    """Parse a CAMEO/PETRARCH verb dictionary into synsets and blocks (InputError if it has none).

    Comments (``<!-- -->``, ``#``, ``;``) are dropped. ``&LABEL`` starts a synset whose ``+`` lines
    follow; ``--- NAME [CODE] ---`` starts a block; other lines of a block are verbs (a ``+`` marks the
    verb word of a multiword verb, ``{...}`` lists irregular forms, ``[CODE]`` is the verb's own code)
    or ``-`` patterns.
    """
    synsets: dict[str, list[tuple[str, ...]]] = {}
    blocks: list[VerbBlock] = []
    block: VerbBlock | None = None
    synset: str | None = None
    for number, raw in _strip_cameo_comments(text):
        line = raw.strip()
        if not line:
            synset = None
            continue
        if line.startswith("&"):
            label_text = line.split()[0]
            synset = label_text.rstrip("_").upper()
            synsets[synset] = []
            continue
        if line.startswith("+") and synset is not None:
            synsets[synset].append(tuple(w.lower() for w in _words(line[1:].rstrip("_"))))
            continue
        synset = None
        if line.startswith("---"):
            inner = line.strip("-").strip()
            codes = _BRACKET.findall(inner)
            name = _BRACKET.sub("", inner).strip()
            code = _clean_code(codes[0]) if codes else "---"
            block = VerbBlock(name=name, code=code or "---", line=number)
            blocks.append(block)
            continue
        if block is None:
            continue  # text before the first block that is neither synset nor comment
        if line.startswith("-"):
            codes = _BRACKET.findall(line)
            if not codes or "*" not in line:
                continue
            body = line[1:line.rfind("[")]
            before, _, after = body.partition("*")
            block.patterns.append(Pattern(
                before=tuple(_pattern_tokens(before)), after=tuple(_pattern_tokens(after)),
                code=_clean_code(codes[-1]), line=number, text=line.strip()))
            continue
        codes = _BRACKET.findall(line)
        braces = re.findall(r"\{([^}]*)\}", line)
        verb_text = re.sub(r"\{[^}]*\}", " ", _BRACKET.sub(" ", line)).strip()
        words = _words(verb_text)
        if not words:
            continue
        head = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
        forms = []
        for form in (braces[0].split() if braces else []):  # "+BREAKS_DOWN": the marked word is the verb
            parts = _words(form)
            marked = [p for p in parts if p.startswith("+")]
            forms.append((marked[0] if marked else parts[0]).lstrip("+").lower())
        block.verbs.append(VerbLine(
            words=tuple(w.lstrip("+").lower() for w in words), head=head,
            code=_clean_code(codes[0]) if codes else None, line=number, forms=tuple(forms)))
    if not blocks:
        raise InputError(f"{label}: no '--- NAME [CODE] ---' verb blocks; not a CAMEO/PETRARCH verb dictionary")
    return VerbDictionary(synsets=synsets, blocks=blocks)


def _pattern_tokens(part: str) -> list[str]:
    """Tokens of one side of a pattern: words, synset labels and the markers + $ % ^ ( ) { }."""
    part = part.replace("(", " ( ").replace(")", " ) ").replace("{", " { ").replace("}", " } ")
    tokens: list[str] = []
    for chunk in part.split():
        pieces = [p for p in chunk.split("_") if p]
        for piece in pieces:
            if piece.startswith("&"):
                tokens.append(piece.upper())
            elif piece in ACTOR_MARKERS or piece in "(){}":
                tokens.append(piece)
            elif piece[0] in ACTOR_MARKERS and len(piece) > 1:  # "+HELD"
                tokens.extend([piece[0], piece[1:].lower()])
            else:
                tokens.append(piece.lower())
    return tokens


def _join_synset_labels(tokens: Sequence[str], synsets: dict[str, Any]) -> list[str]:
    """Labels such as ``&FIGHT_OF_WORDS`` split by the tokenizer, joined back where defined."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("&") and token not in synsets:
            for j in range(len(tokens), i + 1, -1):
                candidate = "_".join([token, *(t.upper() for t in tokens[i + 1:j])])
                if candidate in synsets:
                    out.append(candidate)
                    i = j
                    break
            else:
                out.append(token)
                i += 1
            continue
        out.append(token)
        i += 1
    return out


def expand_synsets(tokens: Sequence[str], synsets: dict[str, list[tuple[str, ...]]],
                   depth: int = 0) -> list[tuple[str, ...]]:
    """Every token sequence a pattern side stands for, each ``&LABEL`` replaced by one of its phrases.

    KeyError names an undefined synset.
    """
    tokens = _join_synset_labels(tokens, synsets)
    options: list[list[tuple[str, ...]]] = []
    for token in tokens:
        if token.startswith("&"):
            if token not in synsets:
                raise KeyError(token)
            phrases: list[tuple[str, ...]] = []
            for phrase in synsets[token]:
                if depth < 3 and any(w.startswith("&") for w in phrase):  # TABARI's nested synsets
                    phrases.extend(expand_synsets([w.upper() if w.startswith("&") else w for w in phrase],
                                                  synsets, depth + 1))
                else:
                    phrases.append(phrase)
            options.append(phrases)
        else:
            options.append([(token,)])
    out: list[tuple[str, ...]] = []
    for combination in itertools.product(*options):
        out.append(tuple(w for part in combination for w in part))
        if len(out) >= MAX_EXPANSIONS:
            break
    return out


# --------------------------------------------------------------------------------------------
# lemmas


class Lemmatizer:
    """Verb and noun lemmas as detente's spaCy pipeline gives them (so imported keys match)."""

    def __init__(self, nlp: Any = None):
        if nlp is None:
            from .nlp import load_model

            nlp = load_model()
        self._vocab = nlp.vocab
        self._pipe = nlp.get_pipe("lemmatizer")
        index = self._pipe.lookups.get_table("lemma_index")
        self._known = {"VERB": set(index.get("verb", [])), "NOUN": set(index.get("noun", [])),
                       "ADJ": set(index.get("adj", [])) | set(index.get("adv", []))}
        self._cache: dict[tuple[str, str], str] = {}

    def is_known(self, lemma: str, pos: str) -> bool:
        """Whether ``lemma`` is a base form of that part of speech (VERB, NOUN, or ADJ: adjective or
        adverb) in spaCy's English word list."""
        return lemma.lower() in self._known[pos]

    def verb_lemmas(self, word: str, irregular: Iterable[str] = ()) -> list[str]:
        """Every lemma spaCy may give a form of the verb ``word``: its lemma first, then those of its
        regular forms and of the ``irregular`` ones (spaCy reads "cordoned" as "cordone")."""
        base = self.lemma(word, "VERB")
        out = [base]
        for form in (*_regular_forms(base), *irregular):
            lemma = self.lemma(form, "VERB")
            if lemma != form and lemma not in out:  # "seed" is a verb of its own, not a form of "see"
                out.append(lemma)
        return out

    def lemma(self, word: str, pos: str) -> str:
        """The lemma of ``word`` read as a ``pos`` (VERB or NOUN); a known base form stays as it is."""
        word = word.lower()
        key = (word, pos)
        if key not in self._cache:
            plural = pos == "NOUN" and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            if not word.isalpha() or (word in self._known[pos] and not plural):
                self._cache[key] = word
            else:
                from spacy.tokens import Doc

                doc = Doc(self._vocab, words=[word], pos=[pos])
                if pos == "VERB":
                    doc[0].tag_ = "VBG" if word.endswith("ing") else "VBZ" if word.endswith("s") else "VBD"
                else:
                    doc[0].tag_ = "NNS"
                self._cache[key] = (self._pipe(doc)[0].lemma_ or word).lower()
        return self._cache[key]


def _regular_forms(base: str) -> tuple[str, ...]:
    """The -s, -ed and -ing forms of a regular English verb."""
    if base.endswith("e"):
        return base + "s", base + "d", base[:-1] + "ing"
    if len(base) > 1 and base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if base.endswith(("s", "x", "z", "ch", "sh")):
        return base + "es", base + "ed", base + "ing"
    return base + "s", base + "ed", base + "ing"


# --------------------------------------------------------------------------------------------
# the import


@dataclass
class ImportReport:
    """What ``import_verbs`` made of a verb dictionary."""

    verbs: int = 0  # verb senses written (plain verbs)
    phrasal: int = 0  # verb + particle/preposition senses written ("call for")
    object_nouns: int = 0  # object-noun senses written (noun with light verb)
    together: int = 0  # verbs typed so when coordinated subjects act with no target ("% *")
    prep_nouns: int = 0  # verb senses that need a noun in a prepositional phrase ("* OVER EFFORTS")
    sources: int = 0  # verbs whose source follows a preposition ("+ * FROM $")
    skipped: Counter = field(default_factory=Counter)  # reason → number of patterns or verbs
    noted: Counter = field(default_factory=Counter)  # written, with a caveat → number
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason → first few examples

    def skip(self, reason: str, example: str) -> None:
        self.skipped[reason] += 1
        self._example(reason, example)

    def note(self, caveat: str, example: str) -> None:
        self.noted[caveat] += 1
        self._example(caveat, example)

    def _example(self, key: str, example: str) -> None:
        shown = self.examples.setdefault(key, [])
        if len(shown) < 3:
            shown.append(example)

    def summary(self) -> list[str]:
        """One line per outcome, for the command line."""
        lines = [f"{self.verbs} verbs, {self.phrasal} verb + particle phrases, "
                 f"{self.object_nouns} object nouns with their verbs"
                 + (f", {self.together} verbs for coordinated subjects" if self.together else "")
                 + (f", {self.prep_nouns} verbs with a noun in a prepositional phrase" if self.prep_nouns else "")
                 + (f", {self.sources} verbs with their source after a preposition" if self.sources else "")]
        for caveat, n in self.noted.most_common():
            lines.append(f"written {n}, but: {caveat} (e.g. {'; '.join(self.examples.get(caveat, []))})")
        for reason, n in self.skipped.most_common():
            lines.append(f"skipped {n}: {reason} (e.g. {'; '.join(self.examples.get(reason, []))})")
        return lines


# Why a pattern or verb is not imported. Kept as constants: docs/petrarch.md lists them.
SKIP_NULL = "null code (--- +++ ###): PETRARCH codes nothing"
SKIP_UNMAPPED = "code not in the CAMEO → PLOVER crosswalk"
SKIP_BEFORE = "words before the verb (auxiliaries, negation, subjects): detente reads these from the parse"
SKIP_SOURCE_AFTER = "source ($) or compound actor (%) placed after the verb: detente takes the source from the subject"
SKIP_SKIP_MARK = "^ (skip a noun phrase) cannot be expressed"
SKIP_TARGET_FIRST = "target (+) followed by other words ('* + HELD'): the target is not the verb's object"
SKIP_PREP_NOUN = "a noun inside a prepositional phrase ('* OVER EFFORTS'): a trigger file cannot require it"
SKIP_VERB_PHRASE = "a verb phrase or clause after the verb ('* WOULD VISIT'): a trigger file cannot require it"
NOTE_SHADOWED = ("object noun with a code other than its verb's, which is a trigger itself: the verb takes "
                 "the noun's type only when the noun is its object (see docs/petrarch.md, 'object-dependent types')")
SKIP_SAME = "same type as the verb alone"
SKIP_LIGHT_CLASH = ("object noun spelled like a verb of the same type ('MADE * APPEAL' and 'APPEAL'): "
                    "the trigger format's light list would bind the verb too")
SKIP_NOT_NOUN = ("the words after the verb do not end in a noun ('* PLEASED', '* DIPLOMATIC'): "
                 "a trigger file cannot require a modifier")
SKIP_MULTIWORD_BEFORE = "multiword verb with words before the verb (WIRE_+TAP)"
SKIP_MULTIWORD_CONTENT = "multiword verb with content words after the verb"
SKIP_SYNSET = "undefined synset"
SKIP_NOT_A_WORD = "verb is not an English word form (a TABARI stem?)"
SKIP_REVERSE = "second code of a paired [A:B] code (the target's reply event) not expressible: first kept"
SKIP_EMPTY = "pattern with nothing after the verb"
SKIP_SOURCE_OTHER_TYPE = ("source in a prepositional phrase ('+ * FROM $') with a code of another type than the "
                          "verb's: a trigger file cannot require it")
SKIP_TARGET_OTHER_TYPE = ("only a preposition before the target ('* AT ^ +') with a code of another type than "
                          "the verb's: a trigger file cannot require it")


@dataclass
class _TypeSpec:
    verbs: list[str] = field(default_factory=list)
    nouns: list[str] = field(default_factory=list)
    needs: dict[str, list[str]] = field(default_factory=dict)
    light: dict[str, list[str]] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)
    host: list[str] = field(default_factory=list)
    together: list[str] = field(default_factory=list)
    targets: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in ("verbs", "nouns", "needs", "light", "targets", "sources", "modes", "host", "together"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data


class _Builder:
    """Collects senses by PLOVER type, in first-seen order."""

    def __init__(self, crosswalk: dict[str, CrosswalkRow], report: ImportReport):
        self.crosswalk = crosswalk
        self.report = report
        self.types: dict[str, _TypeSpec] = {}
        self.prefer: dict[str, list[str]] = {}
        self.verb_types: dict[str, set[str]] = {}  # verb key → types given to it alone

    def resolve(self, code: str, example: str, mutual: bool = False) -> tuple[str, CrosswalkRow | None, bool]:
        """(forward code, its crosswalk row, whether the code is reverse-only ``[:B]``). With
        ``mutual`` (the actors act together), a reverse code equal to the forward one is expressed."""
        forward, _, reverse = code.partition(":")
        reverse_only = not forward and bool(reverse)
        chosen = reverse if reverse_only else forward
        if chosen in NULL_EVENT_CODES:
            return chosen, None, reverse_only
        if reverse and not reverse_only and reverse not in NULL_EVENT_CODES and not (mutual and reverse == forward):
            self.report.skip(SKIP_REVERSE, example)
        return chosen, crosswalk_row(chosen, self.crosswalk), reverse_only

    def spec(self, event_type: str) -> _TypeSpec:
        return self.types.setdefault(event_type, _TypeSpec())

    def prefer_first(self, word: str, event_type: str) -> None:
        order = self.prefer.setdefault(word, [])
        if event_type not in order:
            order.append(event_type)

    def add_verb(self, key: str, row: CrosswalkRow, needs: Sequence[str] = (), host: bool = False) -> bool:
        spec = self.spec(row.event_type)
        if key in spec.verbs:
            return False
        spec.verbs.append(key)
        if needs:
            spec.needs[f"verb:{key}"] = list(needs)
        if row.mode:
            spec.modes.setdefault(key, row.mode)
        if host:
            spec.host.append(key)
        self.prefer_first(key, row.event_type)
        return True

    def add_verb_need(self, key: str, row: CrosswalkRow, need: str) -> bool:
        """The verb ``key`` signalling ``row``'s type with a prepositional phrase ``need`` ("over
        effort"): added, or the need added to the verb's other needs for that type."""
        spec = self.spec(row.event_type)
        if key not in spec.verbs:
            return self.add_verb(key, row, needs=[need])
        needs = spec.needs.get(f"verb:{key}")
        if needs is None or need in needs:
            return False  # the verb has the type unconditionally, or already with this need
        needs.append(need)
        return True

    def add_together(self, key: str, row: CrosswalkRow) -> bool:
        """A verb that signals ``row``'s type when coordinated subjects do it with no target."""
        spec = self.spec(row.event_type)
        if key in spec.together:
            return False
        spec.together.append(key)
        return True

    def add_targets(self, key: str, preps: Sequence[str], table: str = "targets") -> bool:
        """Prepositions naming a verb's target ("warn ... about X"), not required by it; with
        ``table="sources"``, prepositions naming its source ("freed from X": X frees the subject)."""
        row_type = next((t for t, spec in self.types.items() if key in spec.verbs), None)
        if row_type is None or not preps:
            return False
        known = getattr(self.types[row_type], table).setdefault(key, [])
        new = [p for p in preps if p not in known]
        known.extend(new)
        return bool(new)

    def add_object_noun(self, noun: str, verb: str, row: CrosswalkRow, target_preps: Sequence[str] = ()) -> bool:
        spec = self.spec(row.event_type)
        verbs = spec.light.setdefault(noun, [])
        if target_preps:  # "* EID AT ^ WITH +": the noun's target follows "with"
            known = spec.targets.setdefault(noun, [])
            known.extend(p for p in target_preps if p not in known)
        if verb in verbs:
            return False
        verbs.append(verb)
        if noun not in spec.nouns:
            spec.nouns.append(noun)
        if row.mode:
            spec.modes.setdefault(noun, row.mode)
        self.prefer_first(noun, row.event_type)
        return True

    def drop_light_clashes(self) -> None:
        """Object nouns spelled like a verb of the same type ("appeal"): the trigger format gives a
        word's ``light`` list to its verb sense too, which would then count only after those verbs."""
        for spec in self.types.values():
            for noun in [n for n in spec.nouns if n in spec.verbs]:
                spec.nouns.remove(noun)
                verbs = spec.light.pop(noun, [])
                self.report.object_nouns -= len(verbs)
                self.report.skip(SKIP_LIGHT_CLASH, f"{noun} after {', '.join(verbs)}")

    def data(self) -> dict[str, Any]:
        self.drop_light_clashes()
        ordered = {t: self.types[t].as_data() for t in PLOVER_TYPES if t in self.types}
        out: dict[str, Any] = {"types": ordered}
        if self.prefer:
            out["prefer"] = self.prefer
        return out


def _verb_keys(verb: VerbLine, lemmas: Lemmatizer, report: ImportReport, label: str) -> list[str]:
    """The lexicon keys of a verb line ("break down"; several where spaCy lemmatizes its forms
    differently), or [] (reason reported) if it has none."""
    words = list(verb.words)
    head_word = words[verb.head]
    example = f"{label}:{verb.line} {' '.join(words)}"
    if verb.head > 0:
        report.skip(SKIP_MULTIWORD_BEFORE, example)
        return []
    rest = words[verb.head + 1:]
    if any(w not in PARTICLES for w in rest):
        report.skip(SKIP_MULTIWORD_CONTENT, example)
        return []
    if not head_word.isalpha() and "-" not in head_word:
        report.skip(SKIP_NOT_A_WORD, example)
        return []
    return [" ".join([lemma, *rest[:1]]) for lemma in lemmas.verb_lemmas(head_word, verb.forms)]


def _object_phrase(words: Sequence[str], lemmas: Lemmatizer) -> tuple[str | None, list[str]]:
    """(noun key, particles before it) of the words after a verb that name its object, e.g.
    ``full diplomatic ties`` → ``diplomatic tie``; None if the words are not a plain noun phrase."""
    words = [w for w in words if w not in DETERMINERS]
    particles: list[str] = []
    while words and words[0] in ADVERB_PARTICLES:
        particles.append(words.pop(0))
    if not words or any(w in PARTICLES or w in VERB_PHRASE_WORDS for w in words):
        return None, particles
    if not all(re.fullmatch(r"[a-z][a-z'\-]*", w) for w in words):
        return None, particles
    head = lemmas.lemma(words[-1], "NOUN")
    if not lemmas.is_known(head, "NOUN") and (lemmas.is_known(words[-1], "ADJ") or lemmas.is_known(words[-1], "VERB")
                                              or lemmas.lemma(words[-1], "VERB") != words[-1]):
        return None, particles  # "SAID * PLEASED", "RESTORE * DIPLOMATIC": a modifier, not the object
    # a word English lists neither as noun nor as adjective, adverb or verb is a name ("Eid", "Tet")
    key = f"{words[-2]} {head}" if len(words) >= 2 else head
    return key, particles


def _split_target(tokens: Sequence[str]) -> tuple[list[str], list[str]]:
    """The words after the verb without the phrases that only say where actors are, and the
    prepositions before the target: ``EID AT ^ WITH +`` → ([eid], [with]) ("celebrated Eid at X
    with Y"), ``THEIR ^ ABOUT +`` → ([], [about]), ``IFTAR AT ^ ^ +`` → ([iftar], [at])."""
    tokens = list(tokens)
    preps: list[str] = []
    if tokens and tokens[-1] == "+":
        j = len(tokens) - 2
        while j >= 0 and tokens[j] == "^":
            j -= 1
        if j >= 0 and tokens[j] in PARTICLES and tokens[j] not in ADVERB_PARTICLES:
            preps.append(tokens[j])
            tokens = tokens[:j]
    out: list[str] = []
    for token in tokens:
        if token == "^" and out and out[-1] in PARTICLES:
            out.pop()  # "AT ^": a place or party named in passing
        elif not (token == "^" and out and out[-1] == "^"):
            out.append(token)
    if "^" in out and all(t == "^" or t in DETERMINERS for t in out):
        out = []  # "THEIR ^": whatever the object is
    return out, preps


def _prep_noun_need(words: Sequence[str], lemmas: "Lemmatizer") -> str | None:
    """"over effort" for the words ``over efforts`` (a preposition and the noun it governs), or None
    when the words are not one preposition followed by a plain noun phrase."""
    words = [w for w in words if w not in DETERMINERS]
    if len(words) < 2 or words[0] not in PARTICLES or words[0] in ADVERB_PARTICLES:
        return None
    noun, particles = _object_phrase(words[1:], lemmas)
    if noun is None or particles:
        return None
    return f"{words[0]} {noun.split()[-1]}"


def _classify_after(after: Sequence[str]) -> str:
    """What the words after the verb are: 'empty', 'particles', 'prep-noun', 'verb-phrase', 'object'."""
    if not after:
        return "empty"
    if all(w in PARTICLES for w in after):
        return "particles"
    if any(w in VERB_PHRASE_WORDS for w in after):
        return "verb-phrase"
    content = [w for w in after if w not in DETERMINERS]
    if content and content[0] in PARTICLES and content[0] not in ADVERB_PARTICLES:
        return "prep-noun"
    if any(w in PARTICLES and w not in ADVERB_PARTICLES for w in content):
        return "prep-noun"
    return "object"


def import_verbs(path: str | Path, crosswalk: dict[str, CrosswalkRow] | None = None,
                 report: ImportReport | None = None, nlp: Any = None,
                 packaged_types: Callable[[str, str], Iterable[str]] | None = None) -> dict[str, Any]:
    """A CAMEO/PETRARCH verb dictionary as the data of a detente trigger file.

    Each verb takes its block's code (or its own); codes become PLOVER types through ``crosswalk``
    (the shipped one by default). Patterns become senses where the trigger format can say the same:
    ``* FOR`` → the verb "call for"; ``* DOWN`` → "break down"; ``* TIES`` → the noun "tie" counted
    only as object of the verb (``light``); ``[:CODE]`` → a verb whose subject receives (``host``).
    Every word gets a ``prefer`` entry so its imported type comes before the packaged one. Patterns
    that cannot be expressed are counted, with the reason, in ``report``. ``packaged_types(pos,
    word)`` says which types the packaged lexicon gives a word (default: the packaged lexicon).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read verb dictionary ({exc.strerror or exc.__class__.__name__})") from None
    label = path.name
    dictionary = read_verb_dictionary(text, label)
    crosswalk = crosswalk if crosswalk is not None else load_crosswalk()
    report = report if report is not None else ImportReport()
    lemmas = Lemmatizer(nlp)
    if packaged_types is None:
        from .events import load_lexicon

        lexicon = load_lexicon()

        def packaged_types(pos: str, word: str) -> Iterable[str]:
            return [s.event_type for s in lexicon.lookup(pos, word)]

    builder = _Builder(crosswalk, report)
    for block in dictionary.blocks:
        keys: list[str] = []  # verbs of the block (lexicon keys)
        own_types: dict[str, str | None] = {}
        for verb in block.verbs:
            variants = _verb_keys(verb, lemmas, report, label)
            if not variants:
                continue
            keys.extend(k for k in variants if k not in keys)
            code = verb.code or block.code
            example = f"{label}:{verb.line} {' '.join(verb.words)} [{code}]"
            forward, row, reverse_only = builder.resolve(code, example)
            for key in variants:
                own_types[key] = row.event_type if row is not None else None
            if forward in NULL_EVENT_CODES:
                continue
            if row is None:
                report.skip(SKIP_UNMAPPED, example)
                continue
            added = [builder.add_verb(key, row, host=reverse_only) for key in variants]
            report.verbs += added[0]
        for pattern in block.patterns:
            _import_pattern(pattern, keys, own_types, dictionary, builder, lemmas, packaged_types, label)
    return builder.data()


def _import_pattern(pattern: Pattern, keys: Sequence[str], own_types: dict[str, str | None],
                    dictionary: VerbDictionary, builder: _Builder, lemmas: Lemmatizer,
                    packaged_types: Callable[[str, str], Iterable[str]], label: str) -> None:
    report = builder.report
    example = f"{label}:{pattern.line} {pattern.text}"
    together = pattern.before == ("%",) and not pattern.after  # "- % * [030:030]": "A and B agree"
    forward, row, reverse_only = builder.resolve(pattern.code, example, mutual=together)
    if forward in NULL_EVENT_CODES:
        report.skip(SKIP_NULL, example)
        return
    if row is None:
        report.skip(SKIP_UNMAPPED, example)
        return
    if together and not reverse_only:
        for key in keys:
            if builder.add_together(key, row):
                report.together += 1
        return
    if pattern.before == ("+",) and len(pattern.after) == 2 and pattern.after[1] == "$" and \
            pattern.after[0] in PARTICLES:  # "- + * FROM $": "the prisoners were freed from X", X frees them
        for key in keys:
            if own_types.get(key) == row.event_type:
                if builder.add_targets(key, [pattern.after[0]], table="sources"):
                    report.sources += 1
            else:
                report.skip(SKIP_SOURCE_OTHER_TYPE, example)
                break
        return
    before = [t for t in pattern.before if t != "$"]
    if before:
        report.skip(SKIP_BEFORE, example)
        return
    try:
        alternatives = expand_synsets(pattern.after, dictionary.synsets)
    except KeyError:
        report.skip(SKIP_SYNSET, example)
        return
    written = False
    reason: str | None = None
    for after in alternatives:
        tokens = [t for t in after if t not in "(){}"]
        if "$" in tokens or "%" in tokens[:1]:
            reason = SKIP_SOURCE_AFTER
            continue
        target_preps: list[str] = []
        rest, preps = _split_target(tokens)
        if "^" in tokens or (rest and preps):  # "* EID WITH +": the object noun, then the target
            tokens, target_preps = rest, preps
            if "^" in tokens or "+" in tokens:
                reason = SKIP_SKIP_MARK
                continue
            if not tokens:  # "* THEIR ^ ABOUT +": only where the target is
                for key in keys:
                    if own_types.get(key) == row.event_type and builder.add_targets(key, target_preps):
                        written = True
                reason = reason or SKIP_TARGET_OTHER_TYPE
                continue
        words = [t for t in tokens if t not in ("+", "%")]
        if "+" in tokens:
            after_target = tokens[tokens.index("+") + 1:]
            if after_target and after_target[0] not in PARTICLES:
                reason = SKIP_TARGET_FIRST  # "* + HELD": the target is not the verb's object
                continue
        kind = _classify_after(words)
        if kind == "empty":
            reason = SKIP_EMPTY
            continue
        if kind == "verb-phrase":
            reason = SKIP_VERB_PHRASE
            continue
        if kind == "prep-noun":
            need = _prep_noun_need(words, lemmas)
            if need is None:
                reason = SKIP_PREP_NOUN
                continue
            for key in keys:
                if own_types.get(key) == row.event_type:
                    reason = reason or SKIP_SAME
                elif builder.add_verb_need(key, row, need):
                    report.prep_nouns += 1
                    written = True
            continue
        for key in keys:
            verb_lemma = key.split()[0]
            if kind == "particles":
                phrase = f"{verb_lemma} {words[0]}"
                needs = [words[1]] if len(words) > 1 else []
                if own_types.get(phrase) == row.event_type:
                    continue
                if builder.add_verb(phrase, row, needs=needs, host=reverse_only):
                    report.phrasal += 1
                    written = True
                continue
            noun, _ = _object_phrase(words, lemmas)
            if noun is None:
                reason = SKIP_NOT_NOUN
                continue
            verb_types = [t for t in [own_types.get(key)] if t] or list(packaged_types("VERB", key))
            if verb_lemma in LIGHT_VERBS:
                verb_types = []  # "held talks": detente lets a light verb give way to its object noun
            if verb_types and verb_types[0] == row.event_type:
                reason = reason or SKIP_SAME
                continue
            if builder.add_object_noun(noun, verb_lemma, row, target_preps):
                report.object_nouns += 1
                written = True
                if verb_types:
                    report.note(NOTE_SHADOWED, example)
    if not written and reason:
        report.skip(reason, example)


def dump_trigger_file(data: dict[str, Any], header: str = "") -> str:
    """A detente trigger file as YAML text, with ``header`` as its leading comment lines."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    return "\n".join(lines + [body]) if lines else body
