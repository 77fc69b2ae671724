"""The inference MiniLM computes what the training code's transformers model computes."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from detente import eventtype, minilm  # noqa: E402

SENTENCES = [
    "<s>The Finnish president</s> held talks with <t>the Estonian prime minister</t> in Tallinn.",
    "<s>Québec's premier</s> criticised <t>Ottawa</t>'s 2.5% tariff — again — on Monday.",
    "<S>Rebels</S> freed <T>thirty captured soldiers</T>, officials said.",
    "<t>Lima</t> was accused by <s>Chile</s> of 'spying'.",
]


@pytest.fixture(scope="module")
def base():
    try:
        return eventtype.encoder_base_path()
    except eventtype.ModelMissing as missing:
        pytest.skip(str(missing))


def test_tokenizer_gives_the_training_tokenizers_ids(base):
    trained_with = eventtype.load_tokenizer(base)
    lean = minilm.WordPieceTokenizer(base, eventtype.MARK_TAGS)
    assert lean(SENTENCES, add_special_tokens=False)["input_ids"] == \
        trained_with(SENTENCES, add_special_tokens=False)["input_ids"]
    assert lean.convert_tokens_to_ids(list(eventtype.MARK_TAGS)) == \
        trained_with.convert_tokens_to_ids(list(eventtype.MARK_TAGS))
    assert (lean.cls_token_id, lean.sep_token_id, lean.pad_token_id) == \
        (trained_with.cls_token_id, trained_with.sep_token_id, trained_with.pad_token_id)


def test_classifier_gives_the_training_models_scores(base):
    torch.manual_seed(3)
    trained, tokenizer = eventtype.new_encoder(n_labels=5, layers=3, base=base)
    trained.eval()
    settings = minilm.BertSettings.from_file(base / "config.json", layers=3)
    lean = minilm.RelationClassifier(settings, eventtype.read_base_word_embeddings(base), len(eventtype.MARK_TAGS),
                                     5, *tokenizer.convert_tokens_to_ids(["<s>", "<t>"]))
    lean.load_state_dict(trained.state_dict(), strict=True)
    candidates = [eventtype.candidate_from_marked(s) for s in SENTENCES]
    batch = eventtype.encode_batch(tokenizer, candidates, 48, use_hints=True)  # padded: rows differ in length
    with torch.inference_mode():
        assert torch.allclose(lean(**batch), trained(**batch), atol=1e-4)


def test_settings_refuse_a_model_they_cannot_compute():
    with pytest.raises(ValueError):
        minilm.BertSettings({"hidden_act": "relu", "hidden_size": 8, "num_attention_heads": 2,
                             "intermediate_size": 16, "num_hidden_layers": 1, "max_position_embeddings": 8,
                             "type_vocab_size": 2, "layer_norm_eps": 1e-12})
