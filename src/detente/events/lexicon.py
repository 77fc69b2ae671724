"""The trigger lexicon and modality cues, loaded from ``data/triggers.yaml`` and ``data/modality.yaml``.

A trigger is a verb or noun that signals an event type; a cue is a word that says how sure the text
is of an event. Users may add files of the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence


from ..errors import InputError
from ..records import PLOVER_TYPES
from ..resources import packaged_text, packaged_yaml, parse_yaml

MODALITY_PRECEDENCE: tuple[str, ...] = ("negated", "hypothetical", "recommended", "expected", "planned", "reported")


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger word: the event type it signals and what it needs to count."""

    event_type: str
    pos: str  # VERB or NOUN
    mode: str | None = None
    needs: tuple[str, ...] = ()  # prepositions (or "_object") of which one must follow the word
    light: tuple[str, ...] = ()  # the word counts only as object of one of these verbs
    host: bool = False  # subject hosts, object visits: swap source and target
    target_preps: tuple[str, ...] = ()  # prepositions naming this word's target ("warned of")
    source_preps: tuple[str, ...] = ()  # prepositions naming the source; the subject is then the target
    carriers: tuple[str, ...] = ()  # verbs that may carry this noun and take its type ("launch an attack")
    together: bool = False  # counts only when coordinated subjects act with no target ("A and B agree")
    from_user: bool = False  # from a trigger file the user gave: its reading is final, no model overrides it


@dataclass
class Lexicon:
    """Trigger senses by (pos, lemma), with multiword entries keyed by their words joined by spaces."""

    senses: dict[tuple[str, str], list[Sense]] = field(default_factory=dict)
    target_preps: frozenset[str] = frozenset()
    type_target_preps: dict[str, frozenset[str]] = field(default_factory=dict)  # extra ones per type
    auxiliaries: dict[str, str] = field(default_factory=dict)  # word -> modality
    markers: dict[str, str] = field(default_factory=dict)
    governors: dict[str, str] = field(default_factory=dict)  # lemma -> modality
    negations: frozenset[str] = frozenset()
    infinitive_governors: frozenset[str] = frozenset()  # govern a "to" infinitive, not an object
    stance_confirmers: frozenset[str] = frozenset()  # "confirmed U.S. support": a stance stated, not planned
    reporting_verbs: frozenset[str] = frozenset()
    performative_governors: frozenset[str] = frozenset()  # "I want to thank you" thanks
    performative_verbs: frozenset[str] = frozenset()
    transparent_nouns: frozenset[str] = frozenset()
    stative_verbs: frozenset[str] = frozenset()
    pejoratives: frozenset[str] = frozenset()
    physical_targets: frozenset[str] = frozenset()
    force_nouns: frozenset[str] = frozenset()  # what a force posture moves ("_force_object")
    hearsay: dict[str, str] = field(default_factory=dict)  # noun lemma -> modality
    measures: "Measures" = field(default_factory=lambda: Measures())  # data/measures.yaml
    max_words: int = 1  # longest multiword trigger, in words

    def lookup(self, pos: str, lemma: str) -> list[Sense]:
        """The senses of ``lemma`` as a ``pos`` (VERB or NOUN), best first; [] if not a trigger."""
        return self.senses.get((pos, lemma.lower()), [])

    def hosts(self, lemma: str) -> bool:
        """Whether a verb has a sense whose subject hosts its object ("welcomed X", "received X")."""
        return any(s.host for s in self.lookup("VERB", lemma))

    def types_for(self, lemma: str) -> tuple[str, ...]:
        """Every event type the word signals as verb or noun, best first."""
        seen: list[str] = []
        for pos in ("VERB", "NOUN"):
            for sense in self.lookup(pos, lemma):
                if sense.event_type not in seen:
                    seen.append(sense.event_type)
        return tuple(seen)

    def governor(self, lemma: str) -> str | None:
        """The modality a governing word gives an event under it, if any."""
        return self.governors.get(lemma.lower())


@dataclass
class Measures:
    """Trade and sanctions measures and the words that raise or lower them, nominalised responses and
    words of concern (``data/measures.yaml``)."""

    nouns: frozenset[str] = frozenset()
    easing_verbs: frozenset[str] = frozenset()
    easing_nouns: frozenset[str] = frozenset()
    tightening_verbs: frozenset[str] = frozenset()
    tightening_nouns: frozenset[str] = frozenset()
    exempting: frozenset[str] = frozenset()
    arrival_verbs: frozenset[str] = frozenset()
    response_verbs: frozenset[str] = frozenset()
    concern_nouns: frozenset[str] = frozenset()
    concern_verbs: frozenset[str] = frozenset()
    flows: frozenset[str] = frozenset()
    listing: frozenset[str] = frozenset()

    def verb_polarity(self, lemma: str) -> str | None:
        """SANCTION for a verb that raises a measure, CONCEDE for one that lowers it, else None."""
        return _polarity(lemma, self.tightening_verbs, self.easing_verbs)

    def noun_polarity(self, lemma: str) -> str | None:
        """The same for a noun ("an increase", "a cut")."""
        return _polarity(lemma, self.tightening_nouns, self.easing_nouns)


def _polarity(lemma: str, tightening: frozenset[str], easing: frozenset[str]) -> str | None:
    lemma = lemma.lower()
    if lemma in tightening:
        return "SANCTION"
    return "CONCEDE" if lemma in easing else None

def _add_measures(lexicon: "Lexicon", data: dict) -> None:
    m = lexicon.measures

    def words(value) -> frozenset[str]:
        return frozenset(w.lower().strip() for w in _as_list(value))

    easing, tightening = data.get("easing") or {}, data.get("tightening") or {}
    lexicon.measures = Measures(
        nouns=m.nouns | words(data.get("measures")),
        easing_verbs=m.easing_verbs | words(easing.get("verbs")),
        easing_nouns=m.easing_nouns | words(easing.get("nouns")),
        tightening_verbs=m.tightening_verbs | words(tightening.get("verbs")),
        tightening_nouns=m.tightening_nouns | words(tightening.get("nouns")),
        exempting=m.exempting | words(data.get("exempting")),
        arrival_verbs=m.arrival_verbs | words(data.get("arrival_verbs")),
        response_verbs=m.response_verbs | words(data.get("response_verbs")),
        concern_nouns=m.concern_nouns | words(data.get("concern_nouns")),
        concern_verbs=m.concern_verbs | words(data.get("concern_verbs")),
        flows=m.flows | words(data.get("flows")),
        listing=m.listing | words(data.get("listing")),
    )
    # a concern noun is an accusation as the object of a verb of voicing it ("voiced alarm at X")
    verbs = tuple(sorted(lexicon.measures.concern_verbs))
    for noun in lexicon.measures.concern_nouns:
        bucket = lexicon.senses.setdefault(("NOUN", noun), [])
        if not any(s.event_type == "ACCUSE" for s in bucket):
            bucket.append(Sense("ACCUSE", "NOUN", light=verbs))


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _read_yaml(source: str | Path, text: str) -> dict:
    data = parse_yaml(text, source) or {}  # the data dialect: "on", "off", "no", "yes" stay words
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a mapping at the top level")
    return data


def _add_triggers(lexicon: Lexicon, data: dict, source: str | Path, replace: bool = False) -> None:
    """Add a trigger file's senses; with ``replace`` (user files), a sense replaces the one already
    there for the same word, part of speech and type."""
    types = data.get("types") or {}
    prefer = {k.lower(): _as_list(v) for k, v in (data.get("prefer") or {}).items()}
    if data.get("target_preps"):
        lexicon.target_preps = lexicon.target_preps | frozenset(_as_list(data["target_preps"]))
    for event_type, spec in types.items():
        if event_type not in PLOVER_TYPES:
            raise InputError(f"{source}: {event_type!r} is not a PLOVER event type")
        spec = spec or {}
        if spec.get("target_preps"):
            lexicon.type_target_preps[event_type] = lexicon.type_target_preps.get(event_type, frozenset()) | \
                frozenset(w.lower() for w in _as_list(spec["target_preps"]))
        needs = {k.lower(): tuple(_as_list(v)) for k, v in (spec.get("needs") or {}).items()}
        light = {k.lower(): tuple(_as_list(v)) for k, v in (spec.get("light") or {}).items()}
        targets = {k.lower(): tuple(_as_list(v)) for k, v in (spec.get("targets") or {}).items()}
        sources = {k.lower(): tuple(_as_list(v)) for k, v in (spec.get("sources") or {}).items()}
        carriers = {k.lower(): tuple(_as_list(v)) for k, v in (spec.get("carriers") or {}).items()}
        modes = {k.lower(): v for k, v in (spec.get("modes") or {}).items()}
        hosts = {w.lower() for w in _as_list(spec.get("host"))}
        together = [w.lower().strip() for w in _as_list(spec.get("together"))]

        def keyed(table: dict, pos: str, word: str):  # "verb:call" / "noun:call" before "call"
            return table.get(f"{pos.lower()}:{word}", table.get(word, ()))

        words = [("VERB", w.lower().strip(), False) for w in _as_list(spec.get("verbs"))]
        words += [("NOUN", w.lower().strip(), False) for w in _as_list(spec.get("nouns"))]
        words += [("VERB", w, True) for w in together]
        for pos, word, paired in words:
            # a word signalling the type with coordinated subjects needs nothing else ("A and B agree"),
            # unless a need is keyed "together:<word>" ("A and B are working to ...", not "work in")
            needed, carried_by = (needs.get(f"together:{word}", ()), ()) if paired else (
                keyed(needs, pos, word), keyed(light, pos, word))
            sense = Sense(event_type, pos, modes.get(word), needed, carried_by, word in hosts,
                          keyed(targets, pos, word), keyed(sources, pos, word), keyed(carriers, pos, word),
                          together=paired, from_user=replace)
            bucket = lexicon.senses.setdefault((pos, word), [])
            same = [i for i, s in enumerate(bucket) if s.event_type == event_type and s.together == paired]
            if same and replace:
                bucket[same[0]] = sense
            elif not same:
                bucket.append(sense)
            lexicon.max_words = max(lexicon.max_words, len(word.split()))
    if data.get("force_nouns"):
        lexicon.force_nouns = lexicon.force_nouns | frozenset(w.lower() for w in _as_list(data["force_nouns"]))
    if data.get("physical_targets"):
        lexicon.physical_targets = lexicon.physical_targets | frozenset(
            w.lower() for w in _as_list(data["physical_targets"]))
    if data.get("pejoratives"):
        lexicon.pejoratives = lexicon.pejoratives | frozenset(w.lower() for w in _as_list(data["pejoratives"]))
    if data.get("stative_verbs"):
        lexicon.stative_verbs = lexicon.stative_verbs | frozenset(w.lower() for w in _as_list(data["stative_verbs"]))
    if data.get("transparent_nouns"):
        lexicon.transparent_nouns = lexicon.transparent_nouns | frozenset(
            w.lower() for w in _as_list(data["transparent_nouns"]))
    for key, order in prefer.items():
        pos_given, _, word = key.rpartition(":")
        for pos in ("VERB", "NOUN"):
            if pos_given and pos_given.upper() != pos:
                continue
            bucket = lexicon.senses.get((pos, word))
            if bucket:
                rank = {t: i for i, t in enumerate(order)}
                bucket.sort(key=lambda s: rank.get(s.event_type, len(rank)))


def _add_modality(lexicon: Lexicon, data: dict) -> None:
    for modality, words in (data.get("auxiliaries") or {}).items():
        for w in _as_list(words):
            lexicon.auxiliaries[w.lower()] = modality
    for modality, words in (data.get("markers") or {}).items():
        for w in _as_list(words):
            lexicon.markers[w.lower()] = modality
    for modality, words in (data.get("governors") or {}).items():
        for w in _as_list(words):
            lexicon.governors.setdefault(w.lower(), modality)
    if data.get("reporting_verbs"):
        lexicon.reporting_verbs = lexicon.reporting_verbs | frozenset(w.lower() for w in _as_list(data["reporting_verbs"]))
    for modality, words in (data.get("hearsay_nouns") or {}).items():
        for w in _as_list(words):
            lexicon.hearsay[w.lower()] = modality
    if data.get("infinitive_governors"):
        lexicon.infinitive_governors = lexicon.infinitive_governors | frozenset(
            w.lower() for w in _as_list(data["infinitive_governors"]))
    if data.get("stance_confirmers"):
        lexicon.stance_confirmers = lexicon.stance_confirmers | frozenset(
            w.lower() for w in _as_list(data["stance_confirmers"]))
    if data.get("negations"):
        lexicon.negations = lexicon.negations | frozenset(w.lower() for w in _as_list(data["negations"]))
    performatives = data.get("performatives") or {}
    if performatives.get("governors"):
        lexicon.performative_governors = lexicon.performative_governors | frozenset(
            w.lower() for w in _as_list(performatives["governors"]))
    if performatives.get("verbs"):
        lexicon.performative_verbs = lexicon.performative_verbs | frozenset(
            w.lower() for w in _as_list(performatives["verbs"]))


def _packaged(name: str) -> str:
    return packaged_text(name)


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Lexicon:
    lexicon = Lexicon()
    _add_triggers(lexicon, _read_yaml("triggers.yaml", _packaged("triggers.yaml")), "triggers.yaml")
    _add_modality(lexicon, _read_yaml("modality.yaml", _packaged("modality.yaml")))
    _add_measures(lexicon, _read_yaml("measures.yaml", _packaged("measures.yaml")))
    for path in extra:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
        data = _read_yaml(p, text)
        _add_triggers(lexicon, data, p, replace=True)
        _add_modality(lexicon, data)
        _add_measures(lexicon, data)
    return lexicon


def rule_words(name: str) -> frozenset[str]:
    """One list of ``data/rule_words.yaml``: English words an event rule looks for."""
    return frozenset(packaged_yaml("rule_words.yaml")[name])


def rule_table(name: str) -> dict[str, frozenset[str]]:
    """One table of ``data/rule_words.yaml`` (key -> words), keys as written, words lower case."""
    return {str(k): frozenset(str(w).lower() for w in v) for k, v in packaged_yaml("rule_words.yaml")[name].items()}


def rule_map(name: str) -> dict[str, str]:
    """One mapping of ``data/rule_words.yaml`` (word -> word)."""
    return {str(k).lower(): str(v).lower() for k, v in packaged_yaml("rule_words.yaml")[name].items()}


def load_lexicon(extra_files: Sequence[str | Path] | Iterable[str | Path] = ()) -> Lexicon:
    """The packaged trigger lexicon and modality cues, extended by the user's YAML files."""
    return _load(tuple(str(p) for p in extra_files))


class LexiconTyper:
    """The rule-only event typer: the trigger's first lexicon sense, no learning.

    Kept as the baseline that ``detente evaluate`` compares the learned typer against, and as the
    typer of last resort when no model artifact is installed.
    """

    name = "lexicon"

    def predict(self, candidates):
        from .candidates import TypeDecision

        decisions = []
        for candidate in candidates:
            types = candidate.lexicon_types
            if types:
                share = 0.7 if len(types) == 1 else 0.5
                scores = {t: (share if i == 0 else (1 - share) / (len(types) - 1)) for i, t in enumerate(types)}
                decisions.append(TypeDecision(types[0], share, scores))
            else:
                decisions.append(TypeDecision("CONSULT", 0.1, {"CONSULT": 0.1}))
        return decisions


class LexiconGuidedTyper:
    """A learned typer that chooses among the types the trigger lexicon proposes.

    Extraction finds events through trigger words, so each candidate arrives with the senses its
    trigger can have; the model decides between them ("attacked China's trade": ACCUSE or ASSAULT)
    and decides alone only when the lexicon proposes nothing (as in ``detente classify`` on a
    sentence whose linking word the lexicon does not know).
    """

    name = "lexicon-guided"

    def __init__(self, learned, override: float = 0.9, single_sense_confidence: float = 0.7):
        self.learned = learned
        self.override = override
        self.single_sense_confidence = single_sense_confidence

    def predict(self, candidates):
        from .candidates import TypeDecision

        # A trigger with one sense has one possible answer: the model is not asked (it costs about as
        # much CPU per candidate as parsing a sentence, and nearly every extraction trigger has one sense).
        ambiguous = [c for c in candidates if len(c.lexicon_types) != 1]
        answers = iter(self.learned.predict(ambiguous) if ambiguous else ())
        out = []
        for candidate in candidates:
            allowed = candidate.lexicon_types
            if len(allowed) == 1:
                out.append(TypeDecision(allowed[0], self.single_sense_confidence,
                                        {allowed[0]: self.single_sense_confidence}, decided_by="lexicon"))
                continue
            decision = next(answers)
            if not allowed:
                out.append(decision)
                continue
            first = allowed[0]
            scores = decision.scores
            best = max(allowed, key=lambda t: scores.get(t, 0.0))
            # The lexicon's first reading already carries what the rules saw ("attacked China's
            # trade" reads ACCUSE); the model overrides it only when it is sure of another reading.
            if best != first and scores.get(best, 0.0) >= self.override and scores.get(first, 0.0) <= 1 - self.override:
                out.append(TypeDecision(best, scores.get(best, 0.0), scores))
            else:
                out.append(TypeDecision(first, max(0.5, scores.get(first, 0.0)), scores))
        return out
