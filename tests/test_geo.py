"""Specification of detente.geo: the gazetteer, toponym resolution in context, event locations and
`detente places`. Every sentence here is invented."""

import csv
import io
import json
import sys
from datetime import date

import pytest

from detente.geo import gazetteer
from detente.geo.gazetteer import fold
from detente.pipeline import extract_document, get_extractor
from detente.ingest import document_from_text


def places_of(text, published=date(2024, 5, 10)):
    document = document_from_text(text, published=published)
    return get_extractor().places(document)


def place_named(places, text):
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not among {[p.text for p in places]}"
    return found[0]


def location_of(text, trigger, published=date(2024, 5, 10)):
    extraction = extract_document(text, published=published)
    events = [e for e in extraction.events if e.trigger.lower().startswith(trigger)]
    assert events, f"no event on {trigger!r} among {[e.trigger for e in extraction.events]}"
    return events[0].location


# --- the gazetteer ---------------------------------------------------------------------------------

def test_the_gazetteer_holds_geonames_cities_countries_states_and_detentes_own_features():
    gaz = gazetteer()
    beijing = [e for e, alt in gaz.lookup("Beijing") if not alt][0]
    assert (beijing.geonames_id, beijing.country, beijing.capital) == (1816670, "CHN", True)
    assert {e.feature for e, _ in gaz.lookup("Georgia")} >= {"country", "admin1"}
    strait = gaz.lookup("Taiwan Strait")[0][0]
    assert strait.feature == "water" and 23 < strait.latitude < 25
    assert gaz.summit("APEC", 2023)[3] == "San Francisco"
    assert gaz.summit("APEC", 1990) is None


def test_names_are_folded_for_lookup():
    assert fold("the  Élysée’s") == "elysee's"
    assert gazetteer().lookup("SAO PAULO")[0][0].country == "BRA"


def test_a_user_gazetteer_file_adds_places(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("venue:\n- {name: Quietwater Lodge, lat: 10.5, lon: 20.25, country: KEN}\n", encoding="utf-8")
    gaz = gazetteer([extra])
    lodge = gaz.lookup("Quietwater Lodge")[0][0]
    assert (lodge.feature, lodge.country, lodge.latitude) == ("venue", "KEN", 10.5)
    assert not gazetteer().has("Quietwater Lodge")  # the packaged gazetteer is untouched


# --- toponym resolution ----------------------------------------------------------------------------

def test_a_qualifier_after_a_comma_picks_the_place_alexandria_virginia_not_egypt():
    places = places_of("The envoys met in Alexandria, Virginia, before flying home.")
    alexandria = place_named(places, "Alexandria")
    assert (alexandria.country, alexandria.admin1, alexandria.feature) == ("USA", "US.VA", "city")
    assert place_named(places, "Virginia").feature == "admin1"


def test_without_a_qualifier_the_larger_place_wins_alexandria_egypt():
    alexandria = place_named(places_of("The envoys met in Alexandria on Tuesday."), "Alexandria")
    assert alexandria.country == "EGY"


def test_paris_texas_against_paris_france():
    assert place_named(places_of("A delegation stopped in Paris, Texas."), "Paris").country == "USA"
    assert place_named(places_of("A delegation stopped in Paris."), "Paris").country == "FRA"


def test_a_qualified_name_keeps_its_reading_through_the_document():
    places = places_of("The fair opened in Paris, Texas, on Monday. Crowds in Paris stayed calm.")
    assert [p.country for p in places if p.text == "Paris"] == ["USA", "USA"]


def test_georgia_is_the_country_unless_the_document_is_about_us_places():
    foreign = places_of("Tanks crossed from Russia into Georgia near Tbilisi.")
    assert place_named(foreign, "Georgia").country == "GEO"
    domestic = places_of("The senator campaigned in Atlanta and Savannah across Georgia.")
    georgia = place_named(domestic, "Georgia")
    assert (georgia.country, georgia.feature) == ("USA", "admin1")


def test_a_state_word_in_the_sentence_makes_georgia_the_us_state():
    georgia = place_named(places_of("The governor of Georgia signed the bill."), "Georgia")
    assert (georgia.country, georgia.feature) == ("USA", "admin1")


def test_a_capital_standing_for_its_government_is_an_actor_not_a_place():
    text = ("Beijing said the drills were routine. Moscow's response was muted. "
            "Diplomats gathered in Beijing and then flew to Moscow.")
    places = places_of(text)
    assert [(p.text, p.char_start) for p in places] == [("Beijing", text.rindex("Beijing")),
                                                        ("Moscow", text.rindex("Moscow"))]


def test_a_country_that_says_something_is_an_actor_but_a_country_named_otherwise_is_a_place():
    text = "Ruritania's neighbours watched as Japan said it would respond. Ships sailed to Japan."
    places = places_of(text)
    assert [p.char_start for p in places if p.text == "Japan"] == [text.rindex("Japan")]


def test_demonyms_adjectives_and_modifiers_are_not_places():
    places = places_of("Chinese officials and U.S. diplomats discussed U.S.-China trade with Egyptians.")
    assert places == []


def test_a_name_inside_an_organisations_name_is_not_a_place():
    places = places_of("She spoke at the Paris Peace Forum about the United Nations Security Council.")
    assert all(p.text != "Paris" for p in places)


def test_seas_straits_shoals_and_airspace():
    places = places_of("A frigate transited the Taiwan Strait while coast guard ships blocked a resupply "
                       "mission near Second Thomas Shoal. A drone entered U.S. airspace over Alaska.")
    assert place_named(places, "Taiwan Strait").feature == "water"
    assert place_named(places, "Second Thomas Shoal").feature == "region"
    airspace = place_named(places, "U.S. airspace")
    assert (airspace.country, airspace.feature) == ("USA", "country")


def test_offsets_point_at_the_words():
    text = "Talks resumed in Geneva and Doha."
    document = document_from_text(text, published=date(2024, 1, 2))
    for p in get_extractor().places(document):
        assert document.text[p.char_start:p.char_end] == p.text
    assert {p.name for p in get_extractor().places(document)} == {"Geneva", "Doha"}


# --- event locations -------------------------------------------------------------------------------

def test_a_meeting_takes_the_place_of_its_in_phrase():
    location = location_of("The French president met the Japanese prime minister in Osaka on Monday.", "met")
    assert location is not None and location.name == "Osaka" and location.feature == "city"


def test_a_visit_takes_its_destination_not_its_origin():
    location = location_of("The Italian foreign minister flew from Rome and visited Tunisia last week.", "visited")
    assert location.country == "TUN"
    trip = location_of("The German chancellor will travel to Hanoi, Vietnam, next month.", "travel")
    assert trip.name == "Hanoi"


def test_a_call_has_no_place():
    assert location_of("The French president called the Indian prime minister from Paris.", "called") is None


def test_a_venue_is_the_place_of_a_meeting_held_there():
    location = location_of("The Chinese defence minister declined a meeting with the U.S. defense "
                           "secretary at the Shangri-La Dialogue.", "meeting")
    assert location.feature == "venue" and location.country == "SGP"


def test_a_summit_is_placed_by_its_year():
    text = "The Japanese prime minister will meet the Chilean president at APEC in November."
    assert location_of(text, "meet", published=date(2023, 6, 1)).name.endswith("(San Francisco)")
    assert location_of(text, "meet", published=date(2022, 6, 1)).name.endswith("(Bangkok)")
    past = "The Japanese prime minister met the Chilean president at APEC last November."
    assert location_of(past, "met", published=date(2023, 6, 1)).name.endswith("(Bangkok)")  # November 2022


def test_a_dateline_places_a_meeting_whose_sentence_names_no_other_place():
    text = "KYIV, Ukraine — The Polish prime minister met the Ukrainian president on Tuesday."
    location = location_of(text, "met")
    assert location.name == "Kyiv" and location.feature == "city"
    assert location_of("MANILA (Reuters) - The Japanese defense minister met his Philippine counterpart.",
                       "met").name == "Manila"


def test_a_transcripts_removed_header_line_places_its_meetings():
    from detente.geo import geocoder
    from detente.records import Document

    document = Document.from_text("Remarks.", removed=["Presidential Palace", "Hanoi, Vietnam", "10:02 A.M."])
    place = geocoder(get_extractor().nlp).removed_dateline(document)
    assert (place.name, place.country, place.char_start) == ("Hanoi", "VNM", -1)


def test_an_event_with_no_stated_place_has_none():
    assert location_of("The Indian prime minister praised Japan for its support.", "praised") is None


def test_records_carry_location_and_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Date: 2024-02-01\n\nThe Italian prime minister visited Tunisia last week.\n", encoding="utf-8")
    from detente.pipeline import extract_path

    record = extract_path(path).events[0].to_record()
    assert record["file"] == str(path)
    assert record["location"]["country"] == "TUN" and record["location"]["feature"] == "country"
    assert set(record["location"]) == {"text", "char_start", "char_end", "name", "geonames_id", "latitude",
                                       "longitude", "country", "admin1", "feature"}
    call = extract_document("The French president called the Indian prime minister.").events[0].to_record()
    assert call["location"] is None


# --- detente places --------------------------------------------------------------------------------

def run(capsys, *args):
    from detente.cli import main

    old = sys.argv
    sys.argv = ["detente", *map(str, args)]
    code = 0
    try:
        main()
    except SystemExit as exit_info:
        code = exit_info.code
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text("Date: 2024-03-02\n\nThe ministers met in Nairobi, Kenya, and later "
                                    "sailed on the Red Sea.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Trade talks moved to Geneva.\n", encoding="utf-8")
    return tmp_path


def test_places_prints_one_jsonl_record_per_mention_for_a_folder(capsys, folder):
    code, out, err = run(capsys, "places", folder, "--format", "jsonl")
    assert code in (0, None)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["file"].rsplit("/", 1)[-1], r["text"]) for r in rows] == [
        ("a.txt", "Nairobi"), ("a.txt", "Kenya"), ("a.txt", "Red Sea"), ("b.md", "Geneva")]
    assert set(rows[0]) == {"file", "text", "char_start", "char_end", "name", "geonames_id", "latitude",
                            "longitude", "country", "admin1", "feature"}
    assert rows[2]["feature"] == "water" and rows[2]["geonames_id"] is None


def test_places_csv_and_table(capsys, folder):
    code, out, _ = run(capsys, "places", folder / "b.md", "--format", "csv", "--date", "2024-01-01")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code in (0, None) and rows[0]["name"] == "Geneva" and rows[0]["country"] == "CHE"
    code, out, _ = run(capsys, "places", folder / "b.md")
    assert "Geneva" in out and "1 place mentions in 1 documents" in out


@pytest.mark.parametrize("args, message", [
    (["/no/such/file.txt"], "no such file"),
    (["{folder}/b.md", "--format", "xml"], "--format"),
    (["{folder}/b.md", "--date", "2024-02-30"], "not a valid date"),
    (["{folder}/b.md", "--gazetteer", "/no/such.yaml"], "--gazetteer"),
])
def test_places_bad_input_is_one_line_and_a_non_zero_exit(capsys, folder, args, message):
    code, out, err = run(capsys, "places", *[a.format(folder=folder) for a in args])
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_places_reports_a_bad_file_and_still_lists_the_others(capsys, folder):
    (folder / "c.txt").write_bytes(b"\x00\x01\x02")
    code, out, err = run(capsys, "places", folder, "--format", "jsonl")
    assert code == 1 and "c.txt" in err and "Geneva" in out


def test_an_attack_or_protest_happens_where_its_doers_are():
    where = location_of("Police in Nairobi fired tear gas at protesters demanding the president's resignation.",
                        "fired")
    assert (where.name, where.country, where.feature) == ("Nairobi", "KEN", "city")
