"""Specification of actor resolution in a parse: names, adjectives, metonyms, offices, surnames."""

from datetime import date


from detente.actors import heads_a_list, place_country, voice_of
from detente.nlp import load_model




def spans(resolver, nlp, text, when=date(2023, 6, 15), url=None):
    doc = nlp(text)
    actors = resolver.annotate(doc, when, url)
    return doc, actors, [(doc[s.start:s.end].text, s.kind, s.actor.country, s.actor.sector) for s in actors.spans]


def test_country_names_adjectives_and_capitals(resolver, nlp):
    _, _, found = spans(resolver, nlp, "Kenyan diplomats met officials from Ethiopia in Nairobi.")
    assert ("Kenyan", "demonym", "KEN", None) in found
    assert ("Ethiopia", "country", "ETH", None) in found
    assert ("Nairobi", "capital", "KEN", "GOV") in found


def test_lower_case_us_is_not_the_united_states(resolver, nlp):
    _, _, found = spans(resolver, nlp, "Let us hope the talks go well.")
    assert not any(country == "USA" for _, _, country, _ in found)


def test_person_resolves_to_the_office_held_on_the_article_date(resolver, nlp):
    _, _, in_office = spans(resolver, nlp, "Antony Blinken arrived.", when=date(2023, 6, 15))
    assert in_office[0][1:] == ("person", "USA", "GOV")


def test_surname_later_in_the_text_is_the_person_named_in_full(resolver, nlp):
    doc, actors, found = spans(resolver, nlp, "Olaf Scholz spoke first. Later, Scholz left for Paris.",
                               when=date(2023, 3, 1))
    surnames = [s for s in actors.spans if s.kind == "surname"]
    assert surnames and surnames[0].actor.actor_id == "olaf-scholz"


def test_person_introduced_by_office_is_learned_for_the_document(resolver, nlp):
    text = ("Iran's foreign minister, Hassan Rahimi, spoke to reporters. "
            "Later that day Rahimi met the Omani envoy.")
    doc, actors, found = spans(resolver, nlp, text)
    assert ("Hassan Rahimi", "person", "IRN", "GOV") in found
    assert ("Rahimi", "surname", "IRN", "GOV") in found


def test_family_name_first_for_chinese_officials(resolver, nlp):
    text = "Chinese Premier Zhao Lin took the call. Zhao said little."
    _, _, found = spans(resolver, nlp, text)
    assert ("Zhao", "surname", "CHN", "GOV") in found


def test_dictionary_surname_does_not_swallow_a_different_full_name(resolver, nlp):
    # Taiwan's former foreign minister is a "Wu" in the dictionary; this is someone else.
    text = "Canberra summoned China's ambassador, Wu Ping, to explain the breaches."
    _, _, found = spans(resolver, nlp, text)
    assert not any(country == "TWN" for _, _, country, _ in found)
    assert ("Wu Ping", "person", "CHN", "GOV") in found


def test_role_noun_with_country_modifier_is_an_actor(resolver, nlp):
    doc, actors, _ = spans(resolver, nlp, "Russian troops crossed the river.")
    troops = next(t for t in doc if t.text == "troops")
    actor = actors.actor_for(troops)
    assert (actor.country, actor.sector) == ("RUS", "MIL")


def test_a_role_noun_is_found_as_written_when_spacy_lemmatizes_it_otherwise(resolver, nlp):
    doc, actors, _ = spans(resolver, nlp, "Brazilian state media reported the vote.")
    media = next(t for t in doc if t.text == "media")  # spaCy's lemma: "medium"
    actor = actors.actor_for(media)
    assert (actor.country, actor.sector) == ("BRA", "MED")


def test_a_kind_of_thing_is_not_an_agent_but_can_be_a_target(resolver, nlp):
    doc, actors, _ = spans(resolver, nlp, "A Chinese spy balloon drifted east.")
    balloon = next(t for t in doc if t.text == "balloon")
    assert actors.actor_for(balloon) is None
    assert actors.actor_for(balloon, as_target=True).country == "CHN"


def test_both_sides_refers_to_the_documents_main_dyad(resolver, nlp):
    text = ("India and Pakistan traded accusations. Indian officials blamed Pakistan. "
            "Pakistani officials blamed India. Both sides called for calm.")
    doc, actors, _ = spans(resolver, nlp, text)
    sides = next(t for t in doc if t.text == "sides")
    assert {a.country for a in actors.dyad_reference(sides)} == {"IND", "PAK"}


def test_places_map_to_their_country():
    assert place_country_text("California") == "USA"
    assert place_country_text("Shanghai") == "CHN"


def place_country_text(name):
    doc = load_model()(f"They flew to {name}.")
    return place_country(doc[-2])


def test_voice_of_official_domains():
    assert voice_of("https://www.whitehouse.gov/briefing-room/statement/") == "USA"
    assert voice_of("https://www.mofa.go.jp/press/release.html") == "JPN"
    assert voice_of("https://www.example-news.com/world/story") is None
    assert voice_of(None) is None


def test_typeset_apostrophes_match_dictionary_names(resolver, nlp):
    _, _, found = spans(resolver, nlp, "He met the People’s Republic of China Foreign Minister.")
    assert ("People’s Republic of China", "country", "CHN", None) in found
    assert not any(country == "TWN" for _, _, country, _ in found)


def test_a_name_list_hung_as_a_modifier_of_its_last_name_is_a_list(nlp):
    from spacy.tokens import Doc

    # the misparse the small model makes of "Peru, Chile and the evil Bolivia protested": the list
    # "Peru, Chile and" hangs as a modifier of "Bolivia", the subject
    words = ["Peru", ",", "Chile", "and", "the", "evil", "Bolivia", "protested"]
    heads = [6, 0, 0, 2, 6, 6, 7, 7]
    deps = ["nmod", "punct", "conj", "cc", "det", "amod", "nsubj", "ROOT"]
    pos = ["PROPN", "PUNCT", "PROPN", "CCONJ", "DET", "ADJ", "PROPN", "VERB"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert heads_a_list(doc[0])
    assert not heads_a_list(doc[5])  # "evil": no list
    plain = Doc(nlp.vocab, words=["New", "Delhi", "protested"], heads=[1, 2, 2],
                deps=["compound", "nsubj", "ROOT"], pos=["PROPN", "PROPN", "VERB"])
    assert not heads_a_list(plain[0])  # a name's own first word
