"""Specification of the trigger lexicon and modality cues: data in, senses and cues out."""

import pytest

from detente.errors import InputError
from detente.events import LexiconTyper, load_lexicon
from detente.events import RelationCandidate
from detente.records import PLOVER_TYPES


def test_every_plover_type_has_trigger_words():
    lexicon = load_lexicon()
    covered = {sense.event_type for senses in lexicon.senses.values() for sense in senses}
    assert covered == set(PLOVER_TYPES)


def test_ambiguous_words_propose_types_in_the_preferred_order():
    lexicon = load_lexicon()
    assert lexicon.types_for("attack")[:2] == ("ASSAULT", "ACCUSE")


def test_yaml_words_that_look_like_booleans_stay_words():
    lexicon = load_lexicon()
    assert "on" in lexicon.target_preps
    assert "no" in lexicon.negations


def test_part_of_speech_specific_needs():
    lexicon = load_lexicon()
    verb = {s.event_type: s.needs for s in lexicon.lookup("VERB", "call")}
    assert verb == {"ACCUSE": ("_complement",), "CONSULT": ("_object",)}  # "called the ban illegal" / "called Xi"
    assert lexicon.lookup("NOUN", "call")[0].needs == ()


def test_modality_governors_and_auxiliaries():
    lexicon = load_lexicon()
    assert lexicon.governor("cancel") == "negated"
    assert lexicon.governor("potential") == "expected"
    assert lexicon.auxiliaries["should"] == "recommended"
    assert "say" in lexicon.reporting_verbs


def test_user_file_adds_triggers(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("types:\n  COERCE:\n    verbs: [kettle]\n", encoding="utf-8")
    lexicon = load_lexicon([extra])
    assert lexicon.lookup("VERB", "kettle")[0].event_type == "COERCE"
    assert not load_lexicon().lookup("VERB", "kettle")


def test_user_file_with_unknown_type_is_a_clear_error(tmp_path):
    extra = tmp_path / "bad.yaml"
    extra.write_text("types:\n  SCOLD:\n    verbs: [tut]\n", encoding="utf-8")
    with pytest.raises(InputError, match="SCOLD"):
        load_lexicon([extra])


def test_lexicon_typer_takes_the_first_proposed_type():
    candidate = RelationCandidate(text="A hit B.", source=(0, 1), target=(6, 7), trigger="hit",
                                  lexicon_types=("ASSAULT",))
    decision = LexiconTyper().predict([candidate])[0]
    assert decision.event_type == "ASSAULT" and decision.quad_class == "MX"


class _SureModel:
    """A stand-in learned typer that answers with fixed scores."""

    def __init__(self, scores):
        self.scores = scores

    def predict(self, candidates):
        from detente.events import TypeDecision

        best = max(self.scores, key=self.scores.get)
        return [TypeDecision(best, self.scores[best], dict(self.scores)) for _ in candidates]


def _candidate(types):
    return RelationCandidate(text="A did it to B.", source=(0, 1), target=(13, 14), trigger="attack",
                             lexicon_types=types)


def test_guided_typer_keeps_the_lexicons_reading_unless_the_model_is_sure():
    from detente.events import LexiconGuidedTyper

    unsure = LexiconGuidedTyper(_SureModel({"ASSAULT": 0.7, "ACCUSE": 0.3}))
    assert unsure.predict([_candidate(("ACCUSE", "ASSAULT"))])[0].event_type == "ACCUSE"
    sure = LexiconGuidedTyper(_SureModel({"ASSAULT": 0.97, "ACCUSE": 0.01}))
    assert sure.predict([_candidate(("ACCUSE", "ASSAULT"))])[0].event_type == "ASSAULT"
    outside = LexiconGuidedTyper(_SureModel({"PROTEST": 0.99, "ACCUSE": 0.001}))
    assert outside.predict([_candidate(("ACCUSE",))])[0].event_type == "ACCUSE"  # only the trigger's senses
    free = LexiconGuidedTyper(_SureModel({"PROTEST": 0.99}))
    assert free.predict([_candidate(())])[0].event_type == "PROTEST"  # no lexicon reading: the model decides
