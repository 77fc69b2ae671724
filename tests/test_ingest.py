"""Specification of ingest: files and folders in, clean Documents (or one-line InputErrors) out."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from detente import ingest
from detente.errors import InputError
from detente.ingest import (
    MAX_BYTES,
    decode_bytes,
    document_from_text,
    find_date,
    iter_input_paths,
    load_boilerplate_rules,
    load_dates_csv,
    read_document,
    stream_documents,
)
from detente.records import content_hash

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir() or not CORPUS.is_dir(),
                                  reason="shared seeds and corpus not available")


def paragraphs_of(document) -> list[str]:
    return [document.text[start:end] for start, end in document.paragraphs]


# --- finding input files ---------------------------------------------------------------------------


def test_folders_are_walked_recursively_in_sorted_order_for_supported_files_only(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.HTML").write_text("x")
    (tmp_path / "d.text").write_text("x")
    (tmp_path / "e.htm").write_text("x")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "old.txt").write_text("x")

    found = list(iter_input_paths([tmp_path]))

    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt", "b/two.md", "c.HTML", "d.text", "e.htm"]


def test_files_are_taken_as_given_and_missing_paths_become_errors_in_place(tmp_path):
    given = tmp_path / "page.dat"
    given.write_text("x")
    missing = tmp_path / "missing.txt"

    found = list(iter_input_paths([missing, given]))

    assert isinstance(found[0], InputError)
    assert str(found[0]) == f"{missing}: no such file or directory"
    assert found[1] == given


def test_a_folder_without_supported_files_is_an_error(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")

    (only,) = list(iter_input_paths([tmp_path]))

    assert isinstance(only, InputError)
    assert str(only).startswith(f"{tmp_path}: no .txt")


# --- bad input: one clear line each ----------------------------------------------------------------


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "empty file"),
    ("blank.txt", "empty file"),
    ("binary.txt", "binary file, not text"),
    ("undecodable.txt", "cannot decode as text (tried utf-8, utf-16, cp1252)"),
    ("all_chrome.txt", "no article text found"),
])
def test_unusable_files_raise_one_line_naming_the_file(name, message):
    path = FIXTURES / name
    with pytest.raises(InputError) as raised:
        read_document(path)
    assert str(raised.value) == f"{path}: {message}"
    assert "\n" not in str(raised.value)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"missing\.txt: no such file or directory$"):
        read_document(tmp_path / "missing.txt")


def test_a_folder_given_as_a_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_document(tmp_path)


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: nothing is written, nothing needs to be read
        handle.truncate(int(27.3 * 1024 * 1024))

    with pytest.raises(InputError) as raised:
        read_document(big)

    assert str(raised.value) == f"{big}: 27.3 MB is over the 20 MB limit"


def test_a_file_of_exactly_the_limit_is_not_refused_for_its_size(tmp_path):
    path = tmp_path / "limit.txt"
    body = b"Norway and Sweden signed a fisheries agreement in Oslo on Monday.\n\n"
    path.write_bytes(body + b" " * (MAX_BYTES - len(body)))

    assert read_document(path).text.startswith("Norway and Sweden")


def test_nul_bytes_without_a_byte_order_mark_mean_binary():
    with pytest.raises(InputError, match="binary file, not text"):
        decode_bytes(b"Header\x00\x01\x02\x00\x00binary\x00payload" * 10, "blob.txt")


# --- encodings and normalisation -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cp1252.txt", "utf16_bom.txt", "utf8_bom_crlf.txt"])
def test_encodings_are_decoded_to_the_same_clean_text(name):
    document = read_document(FIXTURES / name)

    assert document.title == "Café talks in Montréal"
    assert document.text == ("The ministers met in a café in Montréal and said the “frank” talks "
                             "would continue in Québec next month.")


def test_latin1_falls_back_when_utf8_fails():
    assert "Montréal" in read_document(FIXTURES / "latin1.txt").text


def test_utf16_without_bom_is_recognised_by_its_alternating_nul_bytes():
    text = "Chile and Peru agreed on Friday to open a second border crossing near Tacna."
    assert decode_bytes(text.encode("utf-16-le"), "x.txt") == text


def test_an_html_page_is_decoded_with_the_charset_it_declares(tmp_path):
    page = ("<html><head><meta charset=\"windows-1251\"><title>Переговоры</title></head><body>"
            "<p>Министры Казахстана и Узбекистана встретились в Ташкенте в понедельник.</p>"
            "<p>Они договорились о новом пограничном переходе.</p></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1251"))

    assert "Министры Казахстана" in read_document(path).text


def test_text_is_nfc_with_plain_spaces_and_lf_line_ends_and_curly_quotes_kept():
    raw = "Cafe\u0301 diplomacy:\u00a0the \u201cfrank\u201d talks\u202fended.\r\nThey  will\tresume."
    document = document_from_text(raw)

    assert document.text == "Café diplomacy: the “frank” talks ended. They will resume."


def test_single_byte_fallback_is_refused_when_the_result_is_not_text():
    with pytest.raises(InputError, match="cannot decode"):
        decode_bytes(bytes(range(0x80, 0x100)) * 4, "odd.txt")


# --- document shape --------------------------------------------------------------------------------


def test_paragraph_spans_cover_the_clean_text_joined_by_blank_lines():
    document = document_from_text(
        "Estonia and Finland agreed to link their power grids.\n\n"
        "The link will be built by 2030, the ministers said.\n"
    )

    assert paragraphs_of(document) == [
        "Estonia and Finland agreed to link their power grids.",
        "The link will be built by 2030, the ministers said.",
    ]
    assert document.text == "\n\n".join(paragraphs_of(document))
    assert document.doc_id == content_hash(document.text)


def test_the_same_article_with_different_chrome_gets_the_same_id():
    body = "Estonia and Finland agreed to link their power grids.\n\nThe link will be built by 2030.\n"
    plain = document_from_text(body)
    wrapped_in_chrome = document_from_text("Follow us on social media\n\nAdvertisement\n\n" + body +
                                           "\nShare this article\n")

    assert plain.doc_id == wrapped_in_chrome.doc_id


def test_a_short_first_sentence_is_body_text_not_a_headline():
    document = document_from_text("Russia invaded Ukraine.\n\nThe attack began at dawn, officials in Kyiv said.")

    assert document.title is None
    assert len(document.paragraphs) == 2


def test_an_opening_clause_ending_in_a_comma_is_body_text():
    document = document_from_text("Joint statement\n\n"
                                  "The Government of Chile and the Government of Peru (“the Parties”),\n\n"
                                  "Recognizing the importance of their shared border, agree as follows.")

    assert paragraphs_of(document)[0] == "The Government of Chile and the Government of Peru (“the Parties”),"


def test_a_section_label_above_the_headline_is_not_the_title():
    document = document_from_text("Middle East\n\nIsrael and Jordan sign water deal\n\n"
                                  "The two ministers signed the agreement in Amman on Sunday.")

    assert document.title == "Israel and Jordan sign water deal"
    assert document.removed == ["Middle East"]


def test_a_short_text_without_sentence_punctuation_is_still_an_article():
    assert document_from_text("NATO condemned the missile launch").text == "NATO condemned the missile launch"


def test_empty_text_is_an_error():
    with pytest.raises(InputError, match="empty text"):
        document_from_text(" \n\u00a0\n")


# --- hard wraps, markdown and front matter ---------------------------------------------------------


def test_hard_wrapped_lines_are_rejoined_within_paragraphs():
    raw = ("Ukraine and Poland signed a grain transit agreement in Warsaw on\n"
           "Tuesday after three weeks of talks. Officials said the first\n"
           "trucks would cross the border within days.\n"
           "\n"
           "Poland lifted its ban on Ukrainian grain imports the same day.\n")

    assert paragraphs_of(document_from_text(raw)) == [
        "Ukraine and Poland signed a grain transit agreement in Warsaw on Tuesday after three weeks of "
        "talks. Officials said the first trucks would cross the border within days.",
        "Poland lifted its ban on Ukrainian grain imports the same day.",
    ]


def test_markdown_front_matter_gives_title_and_date_and_is_not_body_text():
    document = read_document(FIXTURES / "wrapped_front_matter.md")

    assert document.title == "Joint Statement on the Northern Harbour Accord between Norway and Iceland"
    assert (document.published, document.published_from) == (date(2024, 3, 12), "header")
    assert "source_url" not in document.text and "---" not in document.text


def test_markdown_links_emphasis_figures_and_escaped_rules_are_reduced_to_text():
    paragraphs = paragraphs_of(read_document(FIXTURES / "wrapped_front_matter.md"))

    assert paragraphs[0] == ("The Governments of Norway and Iceland today signed the Northern Harbour "
                             "Accord in Reykjavik, ending a two-year dispute over access to each other’s "
                             "ports for fishing vessels. The accord takes effect on April 1.")
    assert paragraphs[1] == "Under the accord, the two governments will:"
    # each list item is its own paragraph, its continuation lines joined
    assert paragraphs[2:5] == [
        "Open their ports to each other’s licensed fishing vessels, subject to the same inspections as "
        "domestic vessels;",
        "Share catch data each month through a joint harbour commission; and",
        "Meet every year to review the arrangements.",
    ]
    assert paragraphs[-1] == "Norway thanked Iceland for its patience during the talks."
    for markup in ("](", "http", "**", "<img", "<figure", "###", "\\"):
        assert markup not in " ".join(paragraphs)


def test_embedded_figures_go_to_removed_and_inline_images_vanish_without_splitting_a_paragraph():
    document = document_from_text(
        "The ministers <img src=\"flag.png\"> met in Lima and agreed to talk again.\n\n"
        "<figure><img src=\"a.jpg\"><figcaption>The ministers in Lima</figcaption></figure>\n\n"
        "They will meet again in June.\n")

    assert paragraphs_of(document) == ["The ministers met in Lima and agreed to talk again.",
                                       "They will meet again in June."]
    assert document.removed == ["The ministers in Lima"]


def test_header_lines_at_the_top_give_title_and_date():
    document = read_document(FIXTURES / "header_lines.txt")

    assert document.title == "Ministers agree on river treaty"
    assert (document.published, document.published_from) == (date(2024, 6, 3), "header")
    assert document.text.startswith("The foreign ministers of Slovakia")


# --- publication dates -----------------------------------------------------------------------------


def test_a_dateline_opening_the_first_paragraph_dates_the_article_and_stays_in_the_text():
    document = read_document(FIXTURES / "dateline.txt")

    assert (document.published, document.published_from) == (date(2024, 6, 3), "dateline")
    assert document.text.startswith("BRATISLAVA, June 3, 2024 — The foreign ministers")


def test_a_date_alone_on_a_line_near_the_top_dates_the_article_and_is_removed():
    document = read_document(FIXTURES / "date_alone.txt")

    assert (document.published, document.published_from) == (date(2024, 6, 3), "dateline")
    assert "June 3, 2024" in document.removed
    assert document.title == "Ministers agree on river treaty"


def test_published_line_is_used_and_updated_line_is_not():
    document = read_document(FIXTURES / "published_line.txt")

    assert (document.published, document.published_from) == (date(2024, 6, 3), "dateline")
    assert "Updated June 5, 2024" in document.removed


def test_a_date_inside_a_sentence_is_not_the_publication_date():
    document = document_from_text("Ministers agree\n\nThe ministers met on June 3, 2024 in Oslo and agreed "
                                  "to meet again.")

    assert (document.published, document.published_from) == (None, "none")


def test_a_date_subheading_deep_in_the_body_is_kept_and_not_taken_as_the_publication_date():
    body = "\n\n".join(f"Talks went on for day {n} of the summit, officials said." for n in range(1, 10))
    document = document_from_text(body + "\n\nMarch 3, 2022\n\nThe talks ended without agreement.")

    assert document.published is None
    assert "March 3, 2022" in paragraphs_of(document)


BODY = "The ministers met in Oslo and agreed to meet again in the autumn."


@pytest.mark.parametrize("page, line", [
    (f"Ministers meet\n\nBy Jane Roe | June 3, 2024\n\n{BODY}", "By Jane Roe | June 3, 2024"),
    (f"Ministers meet\n\nMonday, 3 June 2024 10:00 GMT\n\n{BODY}", "Monday, 3 June 2024 10:00 GMT"),
    (f"Ministers meet\n\nPosted on Jun. 3, 2024\n\n{BODY}", "Posted on Jun. 3, 2024"),
])
def test_date_lines_above_the_body_date_the_article_and_are_removed(page, line):
    document = document_from_text(page)

    assert (document.published, document.published_from) == (date(2024, 6, 3), "dateline")
    assert document.removed == [line]
    assert document.text == BODY


def test_a_date_opening_the_first_paragraph_is_a_dateline():
    document = document_from_text(f"June 3, 2024 — {BODY}")
    assert (document.published, document.published_from) == (date(2024, 6, 3), "dateline")


def test_a_dateline_without_a_year_gives_no_date():
    assert document_from_text(f"OSLO, June 3 (Reuters) - {BODY}").published is None


def test_a_headline_that_contains_a_date_stays_the_headline():
    document = document_from_text(f"Talks end June 3, 2024\n\n{BODY}")

    assert document.title == "Talks end June 3, 2024"
    assert document.published is None


def test_a_newsroom_credit_line_is_removed():
    document = document_from_text(f"{BODY}\n\nReporting by Jane Roe; Editing by John Doe\n")
    assert document.removed == ["Reporting by Jane Roe; Editing by John Doe"]


def test_the_caller_date_overrides_what_the_text_says():
    document = read_document(FIXTURES / "dateline.txt", published=date(2024, 6, 4))

    assert (document.published, document.published_from) == (date(2024, 6, 4), "option")


@pytest.mark.parametrize("written, expected", [
    ("June 3, 2024", date(2024, 6, 3)),
    ("Monday, Jun. 3rd, 2024", date(2024, 6, 3)),
    ("3 June 2024", date(2024, 6, 3)),
    ("Mon, 03 Jun 2024 10:00:00 +0000", date(2024, 6, 3)),
    ("2024-06-03T09:00:00Z", date(2024, 6, 3)),
    ("Sept. 30, 2023", date(2023, 9, 30)),
])
def test_written_dates(written, expected):
    assert find_date(written)[0] == expected


def test_impossible_dates_are_not_dates():
    assert find_date("February 30, 2024") is None


# --- boilerplate: saved web pages ------------------------------------------------------------------


def test_saved_page_chrome_above_the_body_is_removed_and_the_headline_becomes_the_title():
    document = read_document(FIXTURES / "saved_page.txt")

    assert document.title == "Fishing talks stall as Oslo and Reykjavik trade blame"
    assert "Follow us on social media" in document.removed
    assert "Opinion | Northern Europe" in document.removed
    assert "Fishing talks stall" not in document.text  # the repeated headline


def test_saved_page_keeps_the_body_from_first_to_last_paragraph():
    paragraphs = paragraphs_of(read_document(FIXTURES / "saved_page.txt"))

    assert paragraphs[0].startswith("Norway and Iceland ended a third round of talks")
    assert paragraphs[-1] == ("Until then, the fleets will keep fishing under limits that scientists say "
                              "add up to more than the stock can bear.")
    assert len(paragraphs) == 5


def test_the_standfirst_above_the_body_is_not_body_text():
    document = read_document(FIXTURES / "saved_page.txt")
    assert "Two neighbours who share a sea cannot agree on who may fish in it" in document.removed


def test_saved_page_loses_its_caption_and_all_teasers_of_other_articles():
    document = read_document(FIXTURES / "saved_page.txt")

    for gone in ("AP Photo", "Shutterstock", "Flickr", "Dutch", "Copenhagen", "Keep reading", "LATEST",
                 "Newsletter", "Subscribe", "harbour-trawlers"):
        assert gone not in document.text
    assert "Trawlers crowd the harbour in Bergen, Norway, on March 4, 2024. AP Photo/Ingrid Solberg" \
        in document.removed
    assert "Why the Dutch want a new deal on North Sea shipping lanes" in document.removed


def test_a_teaser_section_without_a_repeated_kicker_is_cut_at_the_teaser_headline():
    page = ("Ministers meet in Tallinn\n\n"
            "The Baltic foreign ministers met in Tallinn on Friday to coordinate their sanctions policy.\n\n"
            "They agreed to propose a joint list of banned exports to the European Commission.\n\n"
            "Tanks roll through a square in a small town. (Defence Ministry/ Jaan Tamm)\n\n"
            "Finland opens a new border crossing\n\n"
            "Nordics\n\n"
            "Finland opened a new crossing on its northern border on Thursday, the interior ministry said.\n\n"
            "Keep reading\n")
    document = document_from_text(page)

    assert paragraphs_of(document) == [
        "The Baltic foreign ministers met in Tallinn on Friday to coordinate their sanctions policy.",
        "They agreed to propose a joint list of banned exports to the European Commission.",
    ]
    assert "Finland opens a new border crossing" in document.removed


def test_a_related_link_in_the_middle_does_not_cut_the_rest_of_the_article():
    page = ("Talks resume\n\n"
            "The two delegations met in Geneva on Tuesday to resume arms control talks.\n\n"
            "Related: Earlier rounds ended without a deal\n\n"
            "The Russian delegation said it wanted a framework agreement.\n\n"
            "The American delegation said verification must come first.\n\n"
            "Both sides agreed to meet again next month.\n\n"
            "Diplomats said the mood had improved since the spring.\n")
    document = document_from_text(page)

    assert len(document.paragraphs) == 5
    assert document.removed == ["Related: Earlier rounds ended without a deal"]


def test_long_sentences_mentioning_chrome_words_are_kept():
    page = ("Both countries subscribe to the treaty's aims and will share data on fishing fleets.\n\n"
            "The ministers said they would sign up to the new monitoring scheme next year.\n")

    assert len(document_from_text(page).paragraphs) == 2


def test_a_caption_is_a_paragraph_that_ends_with_a_photo_credit():
    page = ("Ministers from Chile and Peru met in Lima on Friday to discuss border crossings.\n\n"
            "The ministers shake hands in Lima, Peru, May 3, 2024. REUTERS/Ana Quispe\n\n"
            "Photo: The border crossing near Tacna\n\n"
            "They agreed to open a second crossing near Tacna before the end of the year.\n")
    document = document_from_text(page)

    assert len(document.paragraphs) == 2
    assert all("REUTERS" not in p and "Photo:" not in p for p in paragraphs_of(document))


def test_a_roundtable_page_drops_its_label_comments_line_and_editors_sign_off():
    document = read_document(FIXTURES / "conversation.txt")

    assert document.title == "Can the Arctic Council Survive?"
    assert document.removed == ["The Ledger Roundtable", "—The Editors", "Comments"]
    assert paragraphs_of(document)[0].endswith("What is left of Arctic cooperation?")


def test_extra_boilerplate_rules_can_be_added_from_a_user_file(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("# my site\nchrome_phrases:\n  - brought to you by\n", encoding="utf-8")
    page = ("Chile and Peru agreed to open a second border crossing.\n\n"
            "Brought to you by the Harbour Fund\n\n"
            "The crossing near Tacna will open before the end of the year.\n")

    assert "Brought" in document_from_text(page).text
    cleaned = document_from_text(page, rules=load_boilerplate_rules(extra))
    assert cleaned.removed == ["Brought to you by the Harbour Fund"]


def test_a_bad_pattern_in_a_rules_file_is_an_input_error(tmp_path):
    extra = tmp_path / "bad.yaml"
    extra.write_text("credit_end_patterns:\n  - '(unclosed'\n", encoding="utf-8")

    with pytest.raises(InputError, match="bad boilerplate rule"):
        load_boilerplate_rules(extra)


def test_the_packaged_rules_file_says_where_its_facts_come_from():
    header = ingest.BOILERPLATE_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#")


# --- HTML ------------------------------------------------------------------------------------------


def test_html_main_text_title_and_meta_date():
    document = read_document(FIXTURES / "article.html")

    assert document.title == "Baltic ministers agree to pool coastal patrols"
    assert (document.published, document.published_from) == (date(2024, 5, 21), "meta")
    paragraphs = paragraphs_of(document)
    assert paragraphs[0].startswith("The defence ministers of Estonia, Latvia and Lithuania agreed")
    assert paragraphs[-1].startswith("Estonia will send two additional vessels")
    for gone in ("Follow us", "patrol boat leaves", "Related", "Finland opens", "Subscribe", "©",
                 "By Marta"):
        assert gone not in document.text


def test_html_falls_back_to_a_tag_stripper_when_the_extractor_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    document = read_document(FIXTURES / "article.html")

    assert document.title == "Baltic ministers agree to pool coastal patrols"
    assert document.published == date(2024, 5, 21)
    assert "share radar data" in document.text
    assert "Subscribe" not in document.text and "Follow us" not in document.text


def test_html_is_sniffed_from_content_but_markdown_with_a_few_tags_is_not():
    page = ("<!DOCTYPE html><html><head><title>Lima talks</title></head><body>"
            "<p>Ministers from Chile and Peru met in Lima on Friday to discuss border crossings.</p>"
            "<p>They agreed to open a second crossing.</p></body></html>")
    assert "<p>" not in document_from_text(page).text
    assert document_from_text("The <u>ministers</u> met in Lima and agreed to talk again.").text == \
        "The ministers met in Lima and agreed to talk again."


# --- streaming ---------------------------------------------------------------------------------------


def test_stream_documents_reports_bad_files_in_place_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("Chile and Peru agreed to open a second border crossing.\n")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text("Norway and Sweden signed a fisheries agreement in Oslo.\n")

    results = list(stream_documents([tmp_path, tmp_path / "nope.txt"]))

    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document", "InputError"]
    assert str(results[1]).endswith("b.txt: empty file")


def test_stream_documents_reads_one_file_at_a_time(tmp_path):
    (tmp_path / "a.txt").write_text("Chile and Peru agreed to open a second border crossing.\n")
    (tmp_path / "b.txt").write_text("Norway and Sweden signed a fisheries agreement in Oslo.\n")

    stream = stream_documents([tmp_path])
    first = next(stream)
    # b.txt has not been read yet, so a change made now is what the stream sees
    (tmp_path / "b.txt").write_text("Latvia and Estonia opened a joint border post on Monday.\n")
    second = next(stream)

    assert first.text.startswith("Chile")
    assert second.text.startswith("Latvia")


def test_a_date_table_dates_files_by_name_and_wins_over_the_common_date(tmp_path):
    (tmp_path / "a.txt").write_text("Chile and Peru agreed to open a second border crossing.\n")
    (tmp_path / "b.txt").write_text("Norway and Sweden signed a fisheries agreement in Oslo.\n")
    table = tmp_path / "dates.csv"
    table.write_text("file,date,title\na.txt,2024-02-01,x\n", encoding="utf-8")

    first, second = stream_documents([tmp_path / "a.txt", tmp_path / "b.txt"], published=date(2024, 1, 1),
                                     dates=load_dates_csv(table))

    assert (first.published, first.published_from) == (date(2024, 2, 1), "csv")
    assert (second.published, second.published_from) == (date(2024, 1, 1), "option")


def test_a_date_table_with_a_bad_date_names_the_line(tmp_path):
    table = tmp_path / "dates.csv"
    table.write_text("file,date\na.txt,2024-02-01\nb.txt,soon\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"dates\.csv:3: 'soon' is not a date"):
        load_dates_csv(table)


# --- the shared seeds and corpus -------------------------------------------------------------------


def _raw_blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _longest_run_of_long_blocks(blocks: list[str], min_words: int = 25) -> list[str]:
    """The article body of a saved page: its longest run of consecutive long paragraphs that end
    like sentences (captions and teaser headlines do not)."""
    best: list[str] = []
    run: list[str] = []
    for block in blocks:
        if len(block.split()) >= min_words and "\n" not in block and re.search(r"[.!?][\"”’)]*$", block):
            run.append(block)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return best


@needs_shared
def test_seed_page_keeps_its_body_and_loses_caption_and_teasers():
    path = SEEDS / "004_246e9f00afd06c6d.txt"
    body = _longest_run_of_long_blocks(_raw_blocks(path))
    document = read_document(path)
    paragraphs = paragraphs_of(document)

    assert len(body) >= 10
    assert body[0] in paragraphs and body[-1] in paragraphs
    # nothing after the body's last paragraph survives: not the caption, not the teasers
    assert paragraphs == body  # nothing before the body's first paragraph or after its last survives
    for marker in ("REUTERS/", "Shutterstock", "keep reading", "Show less", "Subscribe", "Follow us"):
        assert marker.lower() not in document.text.lower()
    assert document.title and document.title not in document.text


@needs_shared
def test_seed_conversation_keeps_every_contribution_and_drops_labels():
    path = SEEDS / "000_1212dacb96b4cb91.txt"
    body = [b for b in _raw_blocks(path) if len(b.split()) >= 25]
    document = read_document(path)
    paragraphs = paragraphs_of(document)

    assert len(paragraphs) == len(body)
    assert paragraphs[-1] == body[-1]
    assert "Comments" in document.removed
    assert "—The Editors" in document.removed
    assert document.title == _raw_blocks(path)[0]


@needs_shared
def test_corpus_files_get_front_matter_title_and_date_and_joined_hard_wraps():
    index = load_dates_csv(CORPUS / "index.csv")
    for path in sorted(CORPUS.glob("*.txt")):
        document = read_document(path)
        assert document.published == index[path.name], path.name
        assert document.published_from == "header"
        assert document.title and len(document.title.split()) >= 4
        assert "\n" not in document.title
        for paragraph in paragraphs_of(document):
            assert "\n" not in paragraph
            assert not paragraph[0].islower(), (path.name, paragraph[:60])
        assert "###" not in document.text and "](" not in document.text and "**" not in document.text


@needs_shared
def test_every_plain_prose_paragraph_of_the_corpus_survives_whole():
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        document = read_document(path)
        for block in re.split(r"\n\s*\n", text):
            if not block.strip() or re.search(r"[\[\]*<>\\#]|^\s*-", block):
                continue  # markup, handled by the markdown tests
            joined = " ".join(block.replace("\u00a0", " ").split())
            assert joined in paragraphs_of(document), (path.name, joined[:60])


@needs_shared
def test_corpus_paragraphs_are_whole_paragraphs_of_the_wrapped_source():
    path = CORPUS / "001_biden-meets-wang-yi.txt"
    raw_paragraphs = [b for b in _raw_blocks(path) if b[0].isalpha() and ":" not in b.split("\n")[0]]
    document = read_document(path)

    assert len(document.paragraphs) == len(raw_paragraphs)
    first_raw_line = raw_paragraphs[0].split("\n")
    assert paragraphs_of(document)[0].startswith(" ".join(line.strip() for line in first_raw_line[:2]))
