"""Specification of speaker turns in transcripts (detente.turns, detente.speakers and their use).

A transcript's turns are found at ingest; the speaker of a turn is the voice of "I" and "we" in it;
a reporter's question states no event; a label is neither part of a sentence nor an actor.
"""

from datetime import date

import pytest

from detente.actordict import ActorDictionary
from detente.ingest import document_from_text
from detente.pipeline import extract_document, get_extractor
from detente.speakers import resolve_speaker
from detente.turns import TurnIndex, classify_label, detect_turns

WH = "https://www.whitehouse.gov/briefing-room/press-briefings/2023/05/02/gaggle/"


def transcript(body: str, url: str | None = WH, day: str = "2023-05-02", title: str | None = None) -> str:
    header = f"---\ndate: '{day}'\n" + (f"source_url: {url}\n" if url else "") + \
        (f"title: \"{title}\"\n" if title else "") + "---\n"
    return header + body


GAGGLE = transcript("""\
Aboard Air Force One

Q Did the President call President Xi this week? Did China sanction Japan?

MR. SULLIVAN: He did not. But we met with the Japanese foreign minister on Monday.

Q And on Russia?

MR. SULLIVAN: We will impose new sanctions on Russia next week. I spoke with my Ukrainian counterpart yesterday.

Q Thank you.
""")

BACKGROUND_CALL = """\
Via Teleconference

MODERATOR: Thanks, everyone, for joining. This call is on background.

SENIOR ADMINISTRATION OFFICIAL: Thanks. This morning we imposed sanctions on Iran over its drone transfers.

Q Will you sanction Venezuela too?

SENIOR ADMINISTRATION OFFICIAL: We condemned the strikes on Ukraine last night.
"""

TWO_LEADERS = transcript("""\
PRESIDENT BIDEN: Today I met with Prime Minister Draghi. We will send more aid to Ukraine.

PRIME MINISTER DRAGHI: We will send humanitarian aid to Ukraine. I thank the President.
""", day="2022-03-10")


def events(text: str):
    return [(e.source_country, e.event_type, e.target_country, e.speaker) for e in extract_document(text).events]


# --- finding turns ---------------------------------------------------------------------------------

def test_a_gaggle_has_one_turn_per_label_with_questions_and_answers():
    doc = document_from_text(GAGGLE, source="gaggle.md")
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("Q", "question"), ("MR. SULLIVAN", "answer"), ("Q", "question"), ("MR. SULLIVAN", "answer"),
        ("Q", "question")]
    first = doc.turns[1]
    assert doc.text[first.start:first.text_start] == "MR. SULLIVAN: "
    assert doc.text[first.text_start:first.end].startswith("He did not.")
    # the turns are spans of the clean text, in order and not overlapping
    assert all(a.end < b.start for a, b in zip(doc.turns, doc.turns[1:]))


def test_a_turn_runs_over_its_paragraphs_until_the_next_label():
    text = "THE PRESIDENT: Thank you.\n\nWe met our allies.\n\nQ Sir?\n\nTHE PRESIDENT: No."
    turns = detect_turns(text)
    assert [(t.speaker, t.role) for t in turns] == [("THE PRESIDENT", "statement"), ("Q", "question"),
                                                     ("THE PRESIDENT", "answer")]
    assert text[turns[0].start:turns[0].end] == "THE PRESIDENT: Thank you.\n\nWe met our allies."


def test_moderator_and_background_officials_are_recognised():
    turns = detect_turns(BACKGROUND_CALL.split("\n\n", 1)[1])
    assert [(t.speaker, t.role) for t in turns] == [
        ("MODERATOR", "moderator"), ("SENIOR ADMINISTRATION OFFICIAL", "statement"), ("Q", "question"),
        ("SENIOR ADMINISTRATION OFFICIAL", "answer")]


def test_remarks_by_one_speaker_are_one_turn():
    turns = detect_turns("THE VICE PRESIDENT: Good afternoon.\n\nWe are here to talk about jobs.")
    assert [(t.speaker, t.role) for t in turns] == [("THE VICE PRESIDENT", "statement")]


@pytest.mark.parametrize("text", [
    "NOTE: The meeting was postponed.\n\nThe ministers will meet in June.",
    "SUBJECT: Delegation of authority\n\nBACKGROUND: The act requires a report.",
    "TO THE CONGRESS OF THE UNITED STATES:\n\nI hereby report on the national emergency.",
    "NOMINATIONS SENT TO THE SENATE:\n\nAnn Roe, of Ohio, to be a judge.\n\nNOMINATIONS SENT TO THE SENATE:\n\nBo Li.",
    "Q Street will be closed on Monday.\n\nThe parade starts at noon.",
    "Judge Ann Roe: Judge Roe serves on the state court.\n\nJudge Bo Li: Judge Li is a magistrate.",
    "THE ROAD AHEAD FOR ALLIES: The summit starts today.\n\nLeaders will meet.",
    "The Daily Courier: The plan is bold.\n\nThe Evening Star: A good day for farmers.",
    "WASHINGTON: The two leaders met today. They agreed to talk again.",
    "Ministers met in Oslo. Talks went well.",
])
def test_headings_memos_and_quotes_are_not_turns(text):
    assert detect_turns(text) == []


def test_a_document_without_turns_has_an_empty_list():
    doc = document_from_text("The Italian prime minister visited Tunisia last week. Talks went well.")
    assert doc.turns == []


def test_labels_are_classified_by_the_data_file():
    assert classify_label("MR. SMITH").kind == "honorific"
    assert (classify_label("PRIME MINISTER ROSSI").title, classify_label("PRIME MINISTER ROSSI").name) == \
        ("PRIME MINISTER", "ROSSI")
    assert classify_label("SENIOR ADMINISTRATION OFFICAL").kind == "own"  # as misspelt in the wild
    assert classify_label("AUDIENCE MEMBER").kind == "no_voice"
    assert classify_label("Question").kind == "question"
    assert classify_label("NOTE") is None


def test_turn_index_finds_the_turn_and_the_label():
    turns = detect_turns("Q Why?\n\nMS. ROE: Because.")
    index = TurnIndex(turns)
    assert index.at(0).role == "question" and index.at(12).speaker == "MS. ROE"
    assert index.in_label(9) and not index.in_label(17)


# --- the label is not part of any sentence and names no actor ----------------------------------------

def test_a_sentence_starts_after_the_label_and_the_label_names_no_actor():
    extractor = get_extractor()
    document = document_from_text(GAGGLE, source="gaggle.md")
    doc = extractor.nlp(document.text)
    sentences = [s.text.strip() for s in doc.sents]
    assert "MR. SULLIVAN:" in sentences and "He did not." in sentences
    actors = extractor.resolver.annotate(doc, document.published, document.url, turns=document.turns)
    labels = TurnIndex(document.turns)
    assert actors.spans and not any(labels.in_label(doc[s.start].idx) for s in actors.spans)


# --- whose voice "I" and "we" are -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dictionary():
    return ActorDictionary.load()


def test_a_known_person_speaks_for_the_office_held_on_the_day(dictionary):
    sullivan = resolve_speaker("MR. SULLIVAN", dictionary, voice="USA", published=date(2023, 5, 2))
    assert (sullivan.country, sullivan.sector, sullivan.actor_id) == ("USA", "GOV", "jake-sullivan")
    draghi = resolve_speaker("PRIME MINISTER DRAGHI", dictionary, voice="USA", published=date(2022, 3, 10))
    assert (draghi.country, draghi.sector, draghi.actor_id) == ("ITA", "GOV", "mario-draghi")


def test_the_publishers_own_speakers_take_the_documents_voice(dictionary):
    for label in ("THE PRESIDENT", "SENIOR ADMINISTRATION OFFICIAL", "MODERATOR", "MS. ROEBUCK-FINCH",
                  "GOVERNOR ROEBUCK"):
        speaker = resolve_speaker(label, dictionary, voice="USA", published=date(2023, 5, 2))
        assert speaker.country == "USA" and speaker.resolved_by == "document", label
    assert resolve_speaker("SENATOR ROEBUCK", dictionary, voice="USA").sector == "LEG"


def test_reporters_audiences_and_unknown_visitors_have_no_voice(dictionary):
    for label in ("Q", "AUDIENCE MEMBER", "INTERPRETER", "PRIME MINISTER ROEBUCK", "PRESIDENT ROEBUCK"):
        assert resolve_speaker(label, dictionary, voice="USA").country is None, label
    # without a government's voice, an unknown staff member is no one either
    assert resolve_speaker("SENIOR ADMINISTRATION OFFICIAL", dictionary, voice=None).country is None


# --- events in transcripts ----------------------------------------------------------------------------

def test_questions_are_not_events_and_answers_speak_for_the_speaker():
    found = events(GAGGLE)
    assert all(speaker == "MR. SULLIVAN" for *_, speaker in found)
    assert ("USA", "CONSULT", "JPN", "MR. SULLIVAN") in found
    assert ("USA", "SANCTION", "RUS", "MR. SULLIVAN") in found
    assert ("USA", "CONSULT", "UKR", "MR. SULLIVAN") in found
    assert not any(t == "CHN" or (s, t) == ("CHN", "JPN") for s, _, t, _ in found)  # asked, not told


def test_an_answer_keeps_its_own_modality():
    planned = [e for e in extract_document(GAGGLE).events if e.event_type == "SANCTION"]
    assert planned and planned[0].modality == "planned"
    i_spoke = [e for e in extract_document(GAGGLE).events if e.target_country == "UKR"]
    assert i_spoke and i_spoke[0].source.actor_id == "jake-sullivan"  # "I" is the speaker himself


def test_a_background_call_speaks_for_the_government_that_publishes_it():
    found = events(transcript(BACKGROUND_CALL))
    assert ("USA", "SANCTION", "IRN", "SENIOR ADMINISTRATION OFFICIAL") in found
    assert not any(t == "VEN" for _, _, t, _ in found)  # the question
    # on no government's site an anonymous official is no one: "we" has no country
    assert not any(s == "USA" for s, *_ in events(transcript(BACKGROUND_CALL, url=None)))


def test_in_remarks_by_two_leaders_each_speaks_for_their_own_country():
    found = events(TWO_LEADERS)
    assert ("USA", "AID", "UKR", "PRESIDENT BIDEN") in found
    assert ("ITA", "AID", "UKR", "PRIME MINISTER DRAGHI") in found
    assert ("ITA", "SUPPORT", "USA", "PRIME MINISTER DRAGHI") in found  # "the President" is the host's
    assert not any(s == "USA" and speaker == "PRIME MINISTER DRAGHI" for s, _, _, speaker in found)


def test_events_outside_transcripts_have_no_speaker():
    extraction = extract_document("The Italian prime minister visited Tunisia last week.",
                                  published=date(2023, 6, 15))
    assert extraction.events and extraction.events[0].speaker is None
    assert extraction.events[0].to_record()["speaker"] is None


def test_in_leaders_remarks_you_is_the_leader_addressed_and_we_together_is_both():
    found = events(transcript("""\
PRESIDENT BIDEN: Mr. Prime Minister, I want to thank you for your leadership.

PRIME MINISTER DRAGHI: We stand together in sanctioning Russia.
""", day="2022-03-10"))
    assert ("USA", "SUPPORT", "ITA", "PRESIDENT BIDEN") in found
    assert {("ITA", "SANCTION", "RUS"), ("USA", "SANCTION", "RUS")} <= {f[:3] for f in found}


def test_in_a_gaggle_you_is_the_reporter_and_no_one_we_know():
    found = events(transcript("Q Will you thank Japan?\n\nMR. SULLIVAN: I thank you for asking. We thank Japan."))
    assert ("USA", "SUPPORT", "JPN", "MR. SULLIVAN") in found
    assert all(t == "JPN" for _, _, t, _ in found)


def test_you_said_to_the_room_is_not_the_leader_addressed():
    found = events(transcript("""\
PRESIDENT BIDEN: Mr. Prime Minister, welcome.

PRIME MINISTER DRAGHI: Thank you all. You will have a chance to ask us questions later on.
""", day="2022-03-10"))
    assert not any(s == "USA" for s, *_ in found)


def test_mixed_case_transcripts_with_question_labels_and_repeated_names():
    text = ("Question: Will you meet the Rohan delegation?\n\nAnna Kovacs: We will, next week.\n\n"
            "Question: And Gondor?\n\nAnna Kovacs: We have no plans.\n\nQ: One more?\n\nAnna Kovacs: No.")
    assert [(t.speaker, t.role) for t in detect_turns(text)] == [
        ("Question", "question"), ("Anna Kovacs", "answer"), ("Question", "question"),
        ("Anna Kovacs", "answer"), ("Q", "question"), ("Anna Kovacs", "answer")]


def test_stage_directions_in_a_turn_are_not_events():
    found = events(transcript("""\
PRESIDENT BIDEN: Welcome, Mr. Prime Minister.

(President Biden and Prime Minister Draghi sign an agreement on energy.)

PRIME MINISTER DRAGHI: Thank you.
""", day="2022-03-10"))
    assert not any(t == "AGREE" for _, t, _, _ in found)


def test_an_honorific_namesake_of_a_foreign_leader_is_the_publishers_own(dictionary):
    # the dictionary's Draghi is Italian; "MR. DRAGHI" on a US government site is US staff,
    # while a visiting leader is labelled by title
    assert resolve_speaker("MR. DRAGHI", dictionary, voice="USA", published=date(2022, 3, 10)).country == "USA"
    assert resolve_speaker("MR. DRAGHI", dictionary, voice=None, published=date(2022, 3, 10)).country == "ITA"


VISIT_TITLE = "Remarks by President Biden and Prime Minister Roebuck of Italy Before Bilateral Meeting"


def test_a_visitor_the_dictionary_does_not_know_speaks_for_the_country_the_title_gives():
    text = transcript("""\
PRESIDENT BIDEN: Mr. Prime Minister, welcome.

PRIME MINISTER ROEBUCK: We will send humanitarian aid to Ukraine.
""", day="2022-03-10", title=VISIT_TITLE)
    assert ("ITA", "AID", "UKR", "PRIME MINISTER ROEBUCK") in events(text)
    # without the title he has no voice (test_reporters_audiences_and_unknown_visitors_have_no_voice)
    assert not any(s == "ITA" for s, *_ in events(text.replace(f'title: "{VISIT_TITLE}"\n', "")))


def test_thanks_and_congratulations_for_something_go_from_the_speaker_to_the_leader_addressed():
    found = events(transcript("""\
PRESIDENT BIDEN: Mr. Prime Minister, it is great to have you here.

Congratulations on your award.

PRIME MINISTER DRAGHI: Let me say that it is a great pleasure to be here.  Thanks for this magnificent hospitality.
""", day="2022-03-10"))
    assert ("USA", "SUPPORT", "ITA", "PRESIDENT BIDEN") in found
    assert ("ITA", "SUPPORT", "USA", "PRIME MINISTER DRAGHI") in found


def test_a_bare_thank_you_and_thanks_to_the_room_are_no_event():
    found = events(transcript("""\
PRESIDENT BIDEN: Mr. Prime Minister, welcome.

PRIME MINISTER DRAGHI: Thank you.  Thank you.  Thanks, everybody, for coming.
""", day="2022-03-10"))
    assert not any(s == "ITA" for s, *_ in found)


def test_a_speaker_who_wants_to_thank_thanks():
    text = transcript("""\
PRESIDENT BIDEN: Mr. Prime Minister, I want to thank you for your leadership.  I would like to
congratulate you on your election.

PRIME MINISTER DRAGHI: Thank you, Mr. President.
""", day="2022-03-10")
    thanks = [e for e in extract_document(text).events if e.event_type == "SUPPORT"]
    assert thanks and all(e.modality == "reported" for e in thanks)


def test_a_third_party_who_wants_to_thank_has_not_yet(rules):
    text = "President Macron wants to thank Italy for its support."
    found = rules.extract(document_from_text(text, published=date(2022, 3, 10))).events
    assert found and all(e.modality == "hypothetical" for e in found)


def test_a_visitor_named_with_diacritics_in_the_title_is_found_by_the_label():
    text = transcript("""\
PRIME MINISTER CHÍNH: I would like to extend my deepest condolences to you, Mr. President.

PRESIDENT BIDEN: Well, Mr. Prime Minister, thank you for your sentiments.
""", day="2023-09-11", title="Remarks by President Biden and Prime Minister Phạm Minh Chính of Vietnam Before Bilateral Meeting")
    found = events(text)
    assert ("VNM", "SUPPORT", "USA", "PRIME MINISTER CHÍNH") in found
    assert ("USA", "SUPPORT", "VNM", "PRESIDENT BIDEN") in found


ANSWERED = transcript("""\
James S. Brady Press Briefing Room

Q Jake, did the President ask Prime Minister Netanyahu to agree to a ceasefire?

MR. SULLIVAN: He urged the Prime Minister to agree to a temporary ceasefire.
""", day="2024-03-05")


def test_a_pronoun_in_an_answer_refers_to_the_office_holder_the_question_named():
    # the speaker label between question and answer is no sentence of its own for a pronoun
    assert ("USA", "REQUEST", "ISR", "MR. SULLIVAN") in events(ANSWERED)


REMARKS = transcript("""\
Rose Garden

THE PRESIDENT: Thank you. Earlier this morning, I spoke with President Lopez Obrador of Mexico. We agreed to keep working together to secure our border.

Today, we will send more aid to Ukraine.
""", url="https://www.whitehouse.gov/briefing-room/speeches-remarks/2024/05/20/remarks/", day="2024-05-20")


def test_we_after_the_speakers_talk_with_a_leader_is_the_two_of_them_for_what_they_do_together():
    found = events(REMARKS)
    assert ("USA", "AGREE", "MEX", "THE PRESIDENT") in found
    assert not any(s == "MEX" and t == "UKR" for s, _, t, _ in found)  # the aid is the speaker's own


def test_our_cooperation_after_a_meeting_the_speaker_had_with_a_leader_is_with_that_leader():
    found = events(transcript("""\
PRESIDENT BIDEN: Good morning. Prime Minister Kishida and I just concluded a very productive meeting. Today, we're
upgrading our defense cooperation.
""", title="Remarks by President Biden and Prime Minister Kishida of Japan in Joint Press Conference"))
    assert ("USA", "COOPERATE", "JPN", "PRESIDENT BIDEN") in found
