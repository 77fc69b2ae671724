"""Events in a parse: trigger words, who does it to whom, how sure the text is, when, and what type.

The modules follow the data, each importing only the ones above it in this list
(``tests/test_layers.py`` checks it):

- ``candidates``: what the rules hand the typer (RelationCandidate) and its answer (TypeDecision);
- ``lexicon``: the trigger lexicon and modality cues (``data/triggers.yaml``, ``data/modality.yaml``,
  ``data/measures.yaml``) and the rule-only typers;
- ``syntax``: small readings of the dependency parse every rule shares;
- ``triggers``: trigger words of a sentence and the senses their objects allow;
- ``modality``: how sure the text is of an event, and its tense;
- ``pairs``: coding a source and a target (one-sided events, victims, sectors);
- ``arguments``: the source and target actors of a trigger;
- ``relation``: what links two marked mentions (``detente classify``);
- ``structure``: verbs the lexicon does not list that link two actors, for the detector;
- ``timing``: the time words of an event;
- ``merge``: mentions of one happening merged within a document;
- ``finder``: the events of a parsed document (EventFinder);
- ``model``: the learned typer and detector on onnxruntime;
- ``marked``: ``detente classify``'s marked sentences.

The rules read spaCy's dependency parse. A trigger (verb or event noun from the lexicon) takes its
source from its subject (or a possessor, a "by" phrase, the subject of the verb that governs an event
noun) and its target from its object or a target preposition ("to", "with", "against", "on" ...);
coordinated actors give one event per pair. Modality comes from the trigger's own clause (auxiliaries,
negation, "if") and from the words that govern it ("canceled the trip", "is set to travel", "a
possible meeting"). The event typer decides the type from the candidate the rules build.
"""

from .candidates import MARK_TAGS, Detects, EventTyper, RelationCandidate, TypeDecision, merged_type
from .finder import EventFinder
from .lexicon import Lexicon, LexiconGuidedTyper, LexiconTyper, Sense, load_lexicon
from .marked import MarkedTextError, candidate_from_marked, candidates_from_marked, classify_lines, parse_marked
from .merge import merge_mentions
from .model import (MODEL_DIR, Detection, EventDetector, LearnedTyper, ModelMissing, load_default_typer,
                    load_typer)
from .relation import describe_relation
from .triggers import Trigger, find_triggers

__all__ = [
    "MARK_TAGS", "MODEL_DIR", "Detection", "Detects", "EventDetector", "EventFinder", "EventTyper", "LearnedTyper", "Lexicon",
    "LexiconGuidedTyper", "LexiconTyper", "MarkedTextError", "ModelMissing", "RelationCandidate", "Sense", "Trigger",
    "TypeDecision", "candidate_from_marked", "candidates_from_marked", "classify_lines", "describe_relation",
    "find_triggers", "load_default_typer", "load_lexicon", "load_typer", "merge_mentions", "merged_type",
    "parse_marked",
]
