"""Candidates from structure: verbs the lexicon does not list, and pairs of actor mentions, go to the
learned detector; the rule-only path (DETENTE_TYPER=lexicon) never sees them."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc

from detente.events import load_lexicon
from detente.events.structure import linking_word, mention_heads, structural_triggers, structure_rules


def parsed(nlp, words, pos, deps, heads, lemmas=None) -> Doc:
    """A hand-built parse: ``heads`` are absolute token indexes (a root points at itself)."""
    doc = Doc(nlp.vocab, words=words, pos=pos, deps=deps, heads=heads,
              lemmas=lemmas or [w.lower() for w in words], sent_starts=[True] + [False] * (len(words) - 1))
    return doc


@pytest.fixture(scope="module")
def airlift(nlp) -> Doc:
    # "Japan airlifted medicine to Turkey ."
    return parsed(nlp, ["Japan", "airlifted", "medicine", "to", "Turkey", "."],
                  ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
                  ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"], [1, 1, 1, 1, 3, 1],
                  ["Japan", "airlift", "medicine", "to", "Turkey", "."])


def test_a_verb_the_lexicon_does_not_list_that_links_subject_and_object_is_a_candidate(airlift):
    found = structural_triggers(airlift[:], load_lexicon(), structure_rules(), taken=set())
    assert [(t.lemma, t.pos, t.senses[0].event_type) for t in found] == [("airlift", "VERB", "")]


def test_a_word_already_a_lexicon_trigger_is_not_a_second_candidate(airlift):
    assert structural_triggers(airlift[:], load_lexicon(), structure_rules(), taken={1}) == []


def test_listed_verbs_and_verbs_that_never_state_an_event_are_no_candidates(nlp):
    lexicon, rules = load_lexicon(), structure_rules()
    for verb in ("visit", "include", "have"):  # a lexicon trigger; two of data/structure.yaml's not_events
        doc = parsed(nlp, ["Japan", verb, "Turkey"], ["PROPN", "VERB", "PROPN"], ["nsubj", "ROOT", "dobj"],
                     [1, 1, 1])
        assert structural_triggers(doc[:], lexicon, rules, taken=set()) == [], verb


def test_a_verb_without_an_object_links_nothing(nlp):
    doc = parsed(nlp, ["Japan", "airlifted", "."], ["PROPN", "VERB", "PUNCT"], ["nsubj", "ROOT", "punct"],
                 [1, 1, 1], ["Japan", "airlift", "."])
    assert structural_triggers(doc[:], load_lexicon(), structure_rules(), taken=set()) == []


def test_the_linking_word_of_two_mentions_is_their_lowest_common_governor(airlift):
    assert linking_word(airlift[0], airlift[4]).text == "airlifted"
    assert linking_word(airlift[4], airlift[3]).text == "to"


def test_a_place_where_something_happens_is_not_paired_as_an_actor(nlp):
    # "Japan helped Turkey in Ankara ."
    doc = parsed(nlp, ["Japan", "helped", "Turkey", "in", "Ankara", "."],
                 ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"],
                 ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"], [1, 1, 1, 1, 3, 1])
    assert [t.text for t in mention_heads(doc[:], structure_rules())] == ["Japan", "Turkey"]


def test_the_detector_codes_an_event_whose_verb_the_lexicon_lacks_and_the_rule_only_path_does_not(monkeypatch):
    from detente import pipeline

    sentence = "Japan airlifted medicine to Turkey after the earthquake."
    monkeypatch.delenv(pipeline.ENV_TYPER, raising=False)
    default = pipeline.Extractor()
    if default.finder.detector is None:
        pytest.skip("no shipped event detector")
    from detente.ingest import document_from_text

    document = document_from_text(sentence, source="airlift", published=date(2023, 2, 10))
    events = default.extract(document).events
    assert [(e.source.country, e.target.country, e.event_type, e.trigger) for e in events] == [
        ("JPN", "TUR", "AID", "airlifted")]
    monkeypatch.setenv(pipeline.ENV_TYPER, "lexicon")
    rules_only = pipeline.Extractor(nlp=default.nlp)
    assert rules_only.finder.detector is None
    assert rules_only.extract(document).events == []


def test_two_actors_merely_named_together_make_no_event():
    from detente.pipeline import extract_document

    assert extract_document("Norway and Iceland are members of the same council.").events == []


def test_co_subjects_and_their_own_things_are_no_pair():
    from detente.pipeline import extract_document

    assert extract_document("Syria and Russia must comply with their international obligations.").events == []


def test_a_mention_in_a_phrase_of_when_or_on_what_occasion_is_not_paired(nlp):
    # "Following Nigeria 's request , Japan sent a team ."
    words = ["Following", "Nigeria", "'s", "request", ",", "Japan", "sent", "a", "team", "."]
    doc = parsed(nlp, words, ["VERB", "PROPN", "PART", "NOUN", "PUNCT", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
                 ["prep", "poss", "case", "pobj", "punct", "nsubj", "ROOT", "det", "dobj", "punct"],
                 [6, 3, 1, 0, 6, 6, 6, 8, 6, 6])
    assert "Nigeria" not in [t.text for t in mention_heads(doc[:], structure_rules())]


def test_a_verb_whose_object_bundles_a_listed_event_is_no_second_candidate(nlp):
    # "Canada adopted a package of sanctions against Iran ." with "sanctions" a lexicon trigger
    words = ["Canada", "adopted", "a", "package", "of", "sanctions", "against", "Iran", "."]
    doc = parsed(nlp, words, ["PROPN", "VERB", "DET", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
                 ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
                 [1, 1, 3, 1, 3, 4, 5, 6, 1], ["Canada", "adopt", "a", "package", "of", "sanction", "against",
                                                "Iran", "."])
    assert structural_triggers(doc[:], load_lexicon(), structure_rules(), taken={5}) == []
    assert [t.lemma for t in structural_triggers(doc[:], load_lexicon(), structure_rules(), taken=set())] == ["adopt"]


class ReadsEveryPairBackwards:
    """A detector stub: every candidate is an AID event whose marked target is the doer."""

    def detect(self, candidates):
        from detente.events.candidates import TypeDecision
        from detente.events.model import Detection

        return [Detection(event_type="AID", typed=TypeDecision("AID", 0.99), p_event=0.99, direction="reversed",
                          p_reversed=0.99) for _ in candidates]


def test_the_detector_does_not_reverse_a_doer_the_grammar_names(monkeypatch, nlp):
    from dataclasses import replace

    from detente import pipeline
    from detente.ingest import document_from_text

    monkeypatch.setenv(pipeline.ENV_TYPER, "lexicon")
    extractor = pipeline.Extractor(nlp=nlp)
    extractor.finder = replace(extractor.finder, detector=ReadsEveryPairBackwards())
    active = document_from_text("Japan airlifted medicine to Turkey.", source="a", published=date(2023, 2, 10))
    assert [(e.source.country, e.target.country) for e in extractor.extract(active).events] == [("JPN", "TUR")]
    passive = document_from_text("Medicine was airlifted to Turkey by Japan.", source="p", published=date(2023, 2, 10))
    assert [(e.source.country, e.target.country) for e in extractor.extract(passive).events] == [("JPN", "TUR")]
