"""The event typer: marked sentences, what the encoder reads, the decision rule, the shipped model."""

from __future__ import annotations

import math

import pytest

from detente.events import MARK_TAGS, MarkedTextError, RelationCandidate, TypeDecision, candidate_from_marked, merged_type, parse_marked
from detente.events.model import Combiner, combiner_features, decide, encode_batch, parse_hints, window_tokens
from detente.records import PLOVER_TYPES, QUAD_CLASS


# --- marked sentences -------------------------------------------------------------------------------

def test_parse_marked_removes_marks_and_gives_spans():
    text, source, target = parse_marked("<s>Chile</s> recalled its envoy from <t>Lima</t>.")
    assert text == "Chile recalled its envoy from Lima."
    assert text[source[0]:source[1]] == "Chile"
    assert text[target[0]:target[1]] == "Lima"


def test_parse_marked_trims_spaces_inside_marks_and_accepts_target_first():
    text, source, target = parse_marked("In <t>Gaza </t>, <s> the army</s> opened fire.")
    assert text[target[0]:target[1]] == "Gaza"
    assert text[source[0]:source[1]] == "the army"


def test_parse_marked_keeps_the_first_of_repeated_marks():
    text, source, _ = parse_marked("<s>Oslo</s> hosted <t>talks</t> that <s>Oslo</s> had proposed.")
    assert text == "Oslo hosted talks that Oslo had proposed."
    assert source == (0, 4)


def test_parse_marked_rejects_unclosed_or_unopened_marks():
    with pytest.raises(MarkedTextError, match="never closed"):
        parse_marked("<s>Peru protested to <t>Chile</t>.")
    with pytest.raises(MarkedTextError, match="without an opening"):
        parse_marked("Peru</s> protested to <t>Chile</t>.")


def test_candidate_needs_at_least_one_mark():
    with pytest.raises(MarkedTextError, match="no <s>"):
        candidate_from_marked("Peru protested to Chile.")


def test_candidate_with_only_a_target_gets_an_empty_source():
    candidate = candidate_from_marked("Two reporters were detained by <t>police</t> on Monday.")
    assert candidate.source == (0, 0)
    assert candidate.text[slice(*candidate.target)] == "police"


def test_candidate_marks_round_trip():
    marked = "<s>Chile</s> recalled its envoy from <t>Lima</t>."
    assert candidate_from_marked(marked).marked() == marked


# --- what the encoder reads -------------------------------------------------------------------------

def test_parse_hints_list_trigger_path_lexicon_and_negation():
    candidate = RelationCandidate(text="x", source=(0, 1), target=None, trigger="sanction",
                                  path=("sanction", "over"), lexicon_types=("SANCTION", "COERCE"), negated=True)
    assert parse_hints(candidate) == "sanction ; sanction over ; sanction coerce ; not"
    assert parse_hints(RelationCandidate(text="x", source=(0, 1), target=None)) == ""


def test_window_tokens_keeps_every_mark_when_cutting():
    marks = frozenset({1, 2, 3, 4})
    ids = [9] * 50 + [1, 7, 2, 8, 3, 7, 4] + [9] * 50
    window = window_tokens(ids, 20, marks)
    assert len(window) == 20
    assert [t for t in window if t in marks] == [1, 2, 3, 4]


def test_window_tokens_leaves_short_sentences_alone():
    assert window_tokens([5, 1, 6, 2], 10, frozenset({1, 2})) == [5, 1, 6, 2]


# --- the decision rule and the combiner -------------------------------------------------------------

def test_concede_and_retreat_compete_as_one_family():
    scores = {t: 0.0 for t in PLOVER_TYPES}
    scores.update({"CONCEDE": 0.3, "RETREAT": 0.25, "AGREE": 0.45})
    assert decide(scores) == ("CONCEDE", 0.3)
    scores.update({"CONCEDE": 0.2, "RETREAT": 0.2, "AGREE": 0.6})
    assert decide(scores)[0] == "AGREE"


def test_merged_type_follows_plv():
    assert merged_type("RETREAT") == merged_type("CONCEDE") == "YIELD"
    assert merged_type("AID") == "AID"


def test_combiner_that_trusts_the_lexicon_follows_it():
    labels = list(PLOVER_TYPES)
    n = len(labels)
    log_probs = [math.log(0.5 if t == "COERCE" else 0.5 / (n - 1)) for t in labels]
    candidate = RelationCandidate(text="x", source=(0, 1), target=None, lexicon_types=("SANCTION",))
    features = combiner_features(log_probs, candidate, labels)
    trusting = Combiner(scale=1.0, first=[3.0] * n, any=[0.0] * n, only_one=0.0, negated=[0.0] * n,
                        bias=[0.0] * n)
    probabilities = trusting.scores(features)
    assert labels[probabilities.index(max(probabilities))] == "SANCTION"
    ignoring = Combiner(scale=1.0, first=[0.0] * n, any=[0.0] * n, only_one=0.0, negated=[0.0] * n,
                        bias=[0.0] * n)
    probabilities = ignoring.scores(features)
    assert labels[probabilities.index(max(probabilities))] == "COERCE"


def test_type_decision_knows_its_quad_class():
    assert TypeDecision("PROTEST", 0.9).quad_class == "MX"


# --- the shipped model ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def typer():
    from detente.events import load_default_typer

    loaded = load_default_typer()
    if loaded is None:
        pytest.skip("no event-type model in src/detente/models/eventtype yet (train/train_eventtype.py)")
    return loaded



def typed(typer, nlp, marked: str) -> TypeDecision:
    return typer.predict([candidate_from_marked(marked, nlp)])[0]


@pytest.mark.parametrize("marked, quad", [
    ("<s>The Finnish president</s> held talks with <t>the Estonian prime minister</t> in Tallinn on Monday.", "VC"),
    ("<s>Brazil</s> praised <t>Paraguay</t>'s handling of the border dispute.", "VC"),
    ("<s>The Canadian government</s> shipped 40 tonnes of medicine to <t>flood victims in Pakistan</t>.", "MC"),
    ("<s>Rebels in the east</s> freed <t>thirty captured soldiers</t> on Sunday.", "MC"),
    ("<s>The opposition leader</s> accused <t>the ruling party</t> of rigging the vote.", "VX"),
    ("<s>Ghana</s> turned down <t>Togo</t>'s request for a joint border commission.", "VX"),
    ("<s>Militants</s> ambushed <t>an army patrol</t> near the border, killing six soldiers.", "MX"),
    ("<s>Police in Nairobi</s> arrested <t>twenty student leaders</t> before the march.", "MX"),
])
def test_shipped_model_types_clear_cases_in_each_quad_class(typer, nlp, marked, quad):
    decision = typed(typer, nlp, marked)
    assert decision.quad_class == quad, (marked, decision)
    assert 0.0 < decision.confidence <= 1.0
    assert decision.event_type in decision.scores
    if decision.decided_by == "model":
        assert set(decision.scores) == set(PLOVER_TYPES)


@pytest.mark.parametrize("marked, event_type", [
    ("<s>Iran</s> threatened to close its airspace to <t>Emirati</t> airlines.", "THREATEN"),
    ("<s>Dockworkers</s> went on strike against <t>the port operator</t> over unpaid wages.", "PROTEST"),
    ("<s>Egypt</s> released <t>two detained Sudanese traders</t> on Thursday.", "RETREAT"),
    ("<s>The government</s> lifted the ban on <t>the opposition newspaper</t>.", "CONCEDE"),
])
def test_shipped_model_types_weak_types(typer, nlp, marked, event_type):
    assert typed(typer, nlp, marked).event_type == event_type


def test_a_sentence_the_lexicon_types_sanction_is_typed_sanction(typer):
    """When the parse's lexicon says SANCTION (and only that), the typer follows it."""
    marked = "<s>Ottawa</s> recalled its ambassador from <t>Riyadh</t> on Tuesday."
    bare = candidate_from_marked(marked)
    candidate = RelationCandidate(text=bare.text, source=bare.source, target=bare.target,
                                  trigger="recall", path=("recall", "from"), lexicon_types=("SANCTION",))
    assert typer.predict([candidate])[0].event_type == "SANCTION"


def test_predict_keeps_order_and_length(typer, nlp):
    sentences = [
        "<s>Police in Nairobi</s> arrested <t>twenty student leaders</t> before the march.",
        "<s>The Finnish president</s> held talks with <t>the Estonian prime minister</t> in Tallinn.",
        "<s>Rebels in the east</s> freed <t>thirty captured soldiers</t> on Sunday.",
    ]
    one_by_one = [typed(typer, nlp, s).event_type for s in sentences]
    together = [d.event_type for d in typer.predict([candidate_from_marked(s, nlp) for s in sentences])]
    assert together == one_by_one
    assert typer.predict([]) == []


def test_shipped_artifact_is_small_and_offline(typer):
    from detente.events import MODEL_DIR

    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size < 50 * 1024 * 1024
    assert set(typer.labels) == set(QUAD_CLASS)


def test_encode_batch_puts_marks_in_the_first_segment(typer):
    candidate = candidate_from_marked("<s>Chile</s> recalled its envoy from <t>Lima</t>.")
    batch = encode_batch(typer.tokenizer, [candidate], 32, use_hints=True)
    ids = batch["input_ids"][0].tolist()
    mark_ids = typer.tokenizer.convert_tokens_to_ids(list(MARK_TAGS))
    assert all(m in ids for m in mark_ids)
    assert batch["token_type_ids"][0][ids.index(mark_ids[0])] == 0


# --- the typer extraction uses ----------------------------------------------------------------------

class _RecordingModel:
    """A stand-in learned typer that answers PROTEST and remembers which triggers it was asked about."""

    def __init__(self):
        self.asked: list[str] = []

    def predict(self, candidates):
        self.asked.extend(c.trigger for c in candidates)
        return [TypeDecision("PROTEST", 0.99, {"PROTEST": 0.99, "ACCUSE": 0.005}) for _ in candidates]


def _with_senses(trigger: str, senses: tuple[str, ...]) -> RelationCandidate:
    return RelationCandidate(text="A did it to B.", source=(0, 1), target=(13, 14), trigger=trigger,
                             lexicon_types=senses)


def test_extraction_asks_the_model_only_where_the_trigger_has_several_senses_or_none():
    from detente.events import LexiconGuidedTyper

    model = _RecordingModel()
    decisions = LexiconGuidedTyper(model).predict([
        _with_senses("condemn", ("ACCUSE",)),
        _with_senses("denounce", ("ACCUSE", "PROTEST")),
        _with_senses("unknown", ()),
    ])
    assert model.asked == ["denounce", "unknown"]
    assert [d.event_type for d in decisions] == ["ACCUSE", "PROTEST", "PROTEST"]
    assert decisions[0].decided_by == "lexicon" and decisions[1].decided_by == "model"


def test_default_extraction_typer_is_the_shipped_model_guided_by_the_lexicon(typer, monkeypatch):
    from detente.events import LexiconGuidedTyper, LexiconTyper
    from detente.pipeline import default_typer

    monkeypatch.delenv("DETENTE_TYPER", raising=False)
    chosen = default_typer()
    assert isinstance(chosen, LexiconGuidedTyper) and chosen.learned is typer
    monkeypatch.setenv("DETENTE_TYPER", "lexicon")
    assert isinstance(default_typer(), LexiconTyper)
    monkeypatch.setenv("DETENTE_TYPER", "model")
    assert default_typer() is typer


# --- the detector: event or not, and who acts --------------------------------------------------------

def test_shipped_model_is_the_detector_and_types_like_the_typer(typer, nlp):
    from detente.events import EventDetector

    assert isinstance(typer, EventDetector)
    candidates = [candidate_from_marked(s, nlp) for s in (
        "<s>Police in Nairobi</s> arrested <t>twenty student leaders</t> before the march.",
        "<s>Ghana</s> turned down <t>Togo</t>'s request for a joint border commission.",
    )]
    assert [d.typed.event_type for d in typer.detect(candidates)] == [d.event_type for d in typer.predict(candidates)]
    assert typer.detect([]) == []


@pytest.mark.parametrize("marked", [
    "<s>Chile</s> recalled its ambassador from <t>Peru</t> after the vote.",
    "<s>Militants</s> ambushed <t>an army patrol</t> near the border, killing six soldiers.",
    "<s>The Finnish president</s> held talks with <t>the Estonian prime minister</t> in Tallinn on Monday.",
])
def test_detector_finds_stated_events(typer, nlp, marked):
    detection = typer.detect([candidate_from_marked(marked, nlp)])[0]
    assert detection.is_event and detection.event_type == detection.typed.event_type
    assert detection.p_event >= typer.threshold
    assert detection.direction == "forward"


@pytest.mark.parametrize("marked", [
    "<s>The Kenyan president</s>, who was born in <t>Uganda</t>, spoke about taxes.",
    "<s>Norway</s> and <t>Iceland</t> are long-standing members of the same fishing council.",
])
def test_detector_finds_no_event_between_mentions_that_only_occur_together(typer, nlp, marked):
    detection = typer.detect([candidate_from_marked(marked, nlp)])[0]
    assert not detection.is_event and detection.event_type is None and detection.quad_class is None
    assert detection.p_event < typer.threshold
    assert detection.typed.event_type in QUAD_CLASS  # what it would be, for inspection


def test_detector_says_who_acts_when_the_marks_are_exchanged(typer, nlp):
    forward, backward = typer.detect([candidate_from_marked(s, nlp) for s in (
        "<s>Police in Nairobi</s> arrested <t>twenty student leaders</t> before the march.",
        "<t>Police in Nairobi</t> arrested <s>twenty student leaders</s> before the march.",
    )])
    assert (forward.direction, backward.direction) == ("forward", "reversed")
    assert forward.p_reversed < 0.5 <= backward.p_reversed


def test_a_candidate_without_a_target_is_never_reversed(typer):
    candidate = candidate_from_marked("Two reporters were detained by <t>police</t> on Monday.")
    assert typer.detect([candidate])[0].direction == "forward"


def test_a_typer_artifact_without_detector_heads_loads_as_the_plain_typer(tmp_path):
    """An older model folder (no event/direction heads) still types; it just cannot detect."""
    import json
    import shutil

    from detente.events import MODEL_DIR, EventDetector, LearnedTyper, ModelMissing, load_typer

    folder = tmp_path / "typer"
    shutil.copytree(MODEL_DIR, folder)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    del config["kind"]
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    plain = load_typer(str(folder))
    assert type(plain) is LearnedTyper and not hasattr(plain, "detect")
    del config["detector"]
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelMissing, match="no event and direction heads"):
        EventDetector(folder)
