"""CAMEO → PLOVER crosswalk and the import of CAMEO/PETRARCH verb dictionaries as trigger files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from detente.cameo import (
    SKIP_REVERSE,
    ImportReport,
    crosswalk_row,
    dump_trigger_file,
    expand_synsets,
    import_verbs,
    load_crosswalk,
    parse_crosswalk,
    plover_type,
    read_verb_dictionary,
)
from detente.cli import app
from detente.errors import InputError
from detente.events import load_lexicon

PETRARCH_VERBS = Path("/work/shared/external/petrarch2/PETR.Validate.verbs.txt")
needs_petrarch = pytest.mark.skipif(not PETRARCH_VERBS.is_file(), reason="PETRARCH2 validation files not present")

SMALL_CROSSWALK = """# a test crosswalk
04: CONSULT
040: CONSULT, ,  # Consult
042: CONSULT, visit,   # Make a visit
17: COERCE
171: COERCE, seize, human_security    # Seize or damage property
"""

# A verb dictionary in the PETRARCH layout, written for these tests (codes are real CAMEO codes).
VERBS = """<!-- test verb dictionary -->
&TIELIKE
+TRADE
+CULTURAL_

&NEGATIVE_
+DID N'T

--- MEND  [064] ---
MEND   # comment after a verb
PATCH_UP
REPAIR [051]
- * &TIELIKE TIES  [071]
- &NEGATIVE * [111]

--- SHOUT  [---] ---
SHOUT
- * FOR  [100]
- * AT  [111]
- * GRIEVANCES  [112]
- * OVER BORDERS  [120]
- * ON BEHALF OF  [100]
- * WOULD LEAVE  [120]
- * THE ANTHEM  [345]

--- STAMP [1711] ---
STAMP {STAMPS STAMPED STAMPING}
+STAMP_OUT
CORDON
- $ * ^ WITH + [172]

--- GREET  [:043] ---
GREET

--- CONCUR  [081] ---
CONCUR
- % * [030:030]

--- FEAST  [040] ---
FEAST
- * ANTHEM ^ +  [042]
- * THEIR ^ ABOUT +  [043]
- * AT ^ +  [172]

--- LIBERATE  [066] ---
LIBERATE
- + * FROM $  [066]

--- PARADE  [---] ---
PARADE
- * DIWALI AT ^ WITH +  [042]
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The test dictionary imported once: (data, report, path of the written trigger file)."""
    folder = tmp_path_factory.mktemp("verbs")
    source = folder / "test.verbs.txt"
    source.write_text(VERBS, encoding="utf-8")
    report = ImportReport()
    data = import_verbs(source, report=report)
    out = folder / "test-triggers.yaml"
    out.write_text(dump_trigger_file(data, "test import"), encoding="utf-8")
    return data, report, out


def senses(data, event_type):
    return data["types"].get(event_type, {})


# --- the crosswalk -------------------------------------------------------------------------------

def test_crosswalk_rows_give_type_mode_and_description():
    table = parse_crosswalk(SMALL_CROSSWALK)
    row = table["042"]
    assert (row.event_type, row.mode, row.description) == ("CONSULT", "visit", "Make a visit")
    assert table["040"].mode is None


def test_a_code_missing_from_the_crosswalk_takes_its_parents_type():
    table = parse_crosswalk(SMALL_CROSSWALK)
    assert plover_type("1717", table) == "COERCE"  # 1717 -> 171
    assert crosswalk_row("1717", table).code == "171"
    assert plover_type("049", table) == "CONSULT"  # 049 -> 04


def test_letters_after_a_code_are_dropped_and_null_or_foreign_codes_have_no_type():
    table = parse_crosswalk(SMALL_CROSSWALK)
    assert plover_type("171K", table) == "COERCE"
    assert plover_type("---", table) is None
    assert plover_type("223", table) is None  # no 22 in CAMEO


def test_the_shipped_crosswalk_covers_cameo_and_says_where_it_comes_from():
    table = load_crosswalk()
    assert plover_type("064", table) == "COOPERATE"
    assert plover_type("194", table) == "ASSAULT"
    assert crosswalk_row("043", table).mode == "visit"
    assert plover_type("023", table) is None  # CAMEO 01/02 (statements, appeals) have no PLOVER type
    from importlib import resources
    header = resources.files("detente.data").joinpath("cameo2plover.txt").read_text(encoding="utf-8")[:600]
    assert "CC BY-SA 4.0" in header and "openeventdata/PLOVER" in header


def test_a_crosswalk_file_given_by_path_is_read(tmp_path):
    path = tmp_path / "walk.txt"
    path.write_text(SMALL_CROSSWALK, encoding="utf-8")
    assert set(load_crosswalk(path)) == {"04", "040", "042", "17", "171"}


def test_a_crosswalk_with_an_unknown_type_or_no_rows_is_refused(tmp_path):
    with pytest.raises(InputError, match="not a PLOVER event type"):
        parse_crosswalk("040: DEMAND, ,  # old label")
    with pytest.raises(InputError, match="no 'CODE: TYPE' lines"):
        parse_crosswalk("just prose\n")
    with pytest.raises(InputError, match="cannot read"):
        load_crosswalk(tmp_path / "missing.txt")


# --- reading the verb file ----------------------------------------------------------------------------

def test_reading_finds_synsets_blocks_verbs_and_patterns():
    parsed = read_verb_dictionary(VERBS)
    assert parsed.synsets["&TIELIKE"] == [("trade",), ("cultural",)]
    assert parsed.synsets["&NEGATIVE"] == [("did", "n't")]
    mend, shout, stamp, greet = parsed.blocks[:4]
    assert (mend.name, mend.code, [v.words for v in mend.verbs]) == (
        "MEND", "064", [("mend",), ("patch", "up"), ("repair",)])
    assert mend.verbs[2].code == "051" and mend.verbs[0].code is None
    assert (mend.patterns[0].before, mend.patterns[0].after, mend.patterns[0].code) == (
        (), ("&TIELIKE", "ties"), "071")
    assert mend.patterns[1].before == ("&NEGATIVE",)
    assert shout.code == "---"
    assert stamp.verbs[0].forms == ("stamps", "stamped", "stamping")
    assert stamp.verbs[1].words == ("stamp", "out") and stamp.verbs[1].head == 0
    assert stamp.patterns[0].before == ("$",) and "^" in stamp.patterns[0].after
    assert greet.code == ":043"


def test_a_plus_marks_the_verb_word_of_a_multiword_verb():
    parsed = read_verb_dictionary("--- TAP [171] ---\nWIRE_+TAP {WIRE_+TAPPED}\n")
    verb = parsed.blocks[0].verbs[0]
    assert verb.words == ("wire", "tap") and verb.head == 1 and verb.forms == ("tapped",)


def test_synsets_expand_into_every_phrase_including_nested_ones():
    parsed = read_verb_dictionary("&A\n+RED\n+DARK_BLUE\n\n&B\n+&A\n+GREEN\n\n--- X [040] ---\nX\n")
    assert expand_synsets(["&B", "ties"], parsed.synsets) == [
        ("red", "ties"), ("dark", "blue", "ties"), ("green", "ties")]
    with pytest.raises(KeyError):
        expand_synsets(["&UNDEFINED"], parsed.synsets)


def test_a_file_without_verb_blocks_is_not_a_verb_dictionary(tmp_path):
    path = tmp_path / "actors.txt"
    path.write_text("ARNOR [ARN]\nGONDOR [GON]\n", encoding="utf-8")
    with pytest.raises(InputError, match="no '--- NAME \\[CODE\\] ---' verb blocks"):
        import_verbs(path)


# --- what the import makes of it ----------------------------------------------------------------------

def test_each_verb_takes_its_blocks_code_or_its_own_as_a_plover_type(imported):
    data, _, _ = imported
    assert {"mend", "patch up"} <= set(senses(data, "COOPERATE")["verbs"])  # 064
    assert "repair" in senses(data, "SUPPORT")["verbs"]  # its own 051
    assert "stamp" in senses(data, "COERCE")["verbs"] and "stamp out" in senses(data, "COERCE")["verbs"]


def test_imported_types_come_before_the_packaged_ones(imported):
    data, _, path = imported
    assert data["prefer"]["mend"] == ["COOPERATE"]
    lexicon = load_lexicon([path])
    assert lexicon.types_for("stamp")[0] == "COERCE"


def test_a_null_coded_verb_is_no_trigger_but_its_patterns_are(imported):
    data, _, _ = imported
    conditions = [spec.get("needs", {}).get("verb:shout") for spec in data["types"].values()
                  if "shout" in spec.get("verbs", [])]
    assert conditions and all(conditions)  # "shout" counts only with what a pattern names ("over border")
    assert "shout for" in senses(data, "REQUEST")["verbs"]  # "* FOR [100]"
    assert "shout at" in senses(data, "ACCUSE")["verbs"]  # "* AT [111]"


def test_an_object_noun_counts_only_as_object_of_its_verb(imported):
    data, _, _ = imported
    accuse = senses(data, "ACCUSE")
    assert "grievance" in accuse["nouns"]  # "* GRIEVANCES [112]", lemmatised
    assert accuse["light"]["grievance"] == ["shout"]


def test_synset_patterns_become_one_noun_per_phrase(imported):
    data, _, _ = imported
    aid = senses(data, "AID")
    assert {"trade tie", "cultural tie"} <= set(aid["nouns"])
    assert "mend" in aid["light"]["trade tie"]


def test_a_reverse_only_code_makes_the_subject_the_host(imported):
    data, _, _ = imported
    consult = senses(data, "CONSULT")
    assert "greet" in consult["verbs"] and "greet" in consult["host"]
    assert consult["modes"]["greet"] == "visit"


def test_a_noun_inside_a_prepositional_phrase_becomes_a_need(imported):
    data, _, _ = imported
    reject = senses(data, "REJECT")  # CAMEO 120
    assert "shout" in reject["verbs"] and reject["needs"]["verb:shout"] == ["over border"]


def test_a_source_after_a_preposition_names_the_verbs_source(imported):
    data, _, _ = imported
    assert senses(data, "COOPERATE")["sources"]["liberate"] == ["from"]  # "+ * FROM $ [066]"


def test_a_preposition_before_the_target_names_the_verbs_target(imported):
    data, _, _ = imported
    assert senses(data, "COERCE")["targets"]["stamp"] == ["with"]  # "$ * ^ WITH +": STAMP's own type
    assert senses(data, "CONSULT")["targets"]["feast"] == ["about"]  # "* THEIR ^ ABOUT + [043]"
    assert "at" not in senses(data, "CONSULT")["targets"]["feast"]  # "* AT ^ + [172]" is of another type


def test_an_object_noun_before_skipped_phrases_keeps_its_target_preposition(imported):
    data, _, _ = imported
    consult = senses(data, "CONSULT")
    assert consult["light"]["diwali"] == ["parade"]  # a name no English word list has is a noun
    assert consult["targets"]["diwali"] == ["with"]


def test_a_compound_subject_pattern_types_the_verb_for_coordinated_subjects(imported):
    data, report, _ = imported
    assert senses(data, "AGREE")["together"] == ["concur"]  # "% * [030:030]"
    assert "concur" in senses(data, "CONCEDE")["verbs"]  # the block's own 081 still applies alone
    assert not any("% *" in e for e in report.examples.get(SKIP_REVERSE, []))  # both codes are said


@pytest.mark.parametrize("text, expected", [
    ("France and Mali concurred that the border should stay open.", [("FRA", "MLI", "AGREE")]),
    ("France concurred with Mali on Monday.", [("FRA", "MLI", "CONCEDE")]),
    ("France paraded Diwali in Lyon with Mali.", [("FRA", "MLI", "CONSULT")]),
    ("France shouted over the borders of Mali.", [("FRA", "MLI", "REJECT")]),  # "* OVER BORDERS [120]"
    ("The soldiers of Mali were liberated from Niger on Monday.", [("NER", "MLI", "COOPERATE")]),
])
def test_imported_conditions_type_events(imported, text, expected):
    from detente.events import LexiconTyper
    from detente.pipeline import Extractor
    from detente.records import Document

    _, _, path = imported
    extraction = Extractor(trigger_files=[path], typer=LexiconTyper()).extract(
        Document.from_text(text, published=date(2024, 3, 6), paragraphs=[(0, len(text))]))
    assert [(e.source_country, e.target_country, e.event_type) for e in extraction.events] == expected


def test_keys_follow_the_lemmas_spacy_gives_inflected_forms(imported):
    data, _, _ = imported
    assert {"cordon", "cordone"} <= set(senses(data, "COERCE")["verbs"])  # spaCy: "cordoned" -> "cordone"


def test_what_the_format_cannot_say_is_reported_not_guessed(imported):
    data, report, _ = imported
    reasons = "\n".join(report.skipped)
    assert "words before the verb" in reasons  # "&NEGATIVE * [111]"
    assert "prepositional phrase" in reasons  # "* ON BEHALF OF": no noun phrase after the preposition
    assert "verb phrase or clause" in reasons  # "* WOULD LEAVE"
    assert "not in the CAMEO → PLOVER crosswalk" in reasons  # "[345]"
    assert "^ (skip a noun phrase)" in reasons  # "* ANTHEM ^ +"
    every_word = {w for spec in data["types"].values() for k in ("verbs", "nouns") for w in spec.get(k, [])}
    assert "border" not in every_word and "anthem" not in every_word
    assert report.summary()[0].startswith(f"{report.verbs} verbs")


@pytest.mark.parametrize("text, expected", [
    ("France shouted at Chad on Monday.", ("FRA", "TCD", "ACCUSE")),  # "* AT [111]"
    ("France shouted its grievances at Chad.", ("FRA", "TCD", "ACCUSE")),  # "* GRIEVANCES [112]"
    ("Chad greeted France's president in Ndjamena.", ("FRA", "TCD", "CONSULT")),  # [:043]: France visits
])
def test_the_trigger_file_loads_and_types_events(imported, text, expected):
    from detente.pipeline import Extractor
    from detente.records import Document

    _, _, path = imported
    extraction = Extractor(trigger_files=[path]).extract(
        Document.from_text(text, published=date(2024, 3, 6), paragraphs=[(0, len(text))]))
    assert [(e.source_country, e.target_country, e.event_type) for e in extraction.events] == [expected]


# --- the PETRARCH validation dictionary ----------------------------------------------------------------

@needs_petrarch
def test_petrarch_validation_verbs_import_and_load(tmp_path):
    report = ImportReport()
    data = import_verbs(PETRARCH_VERBS, report=report)
    path = tmp_path / "petr.yaml"
    path.write_text(dump_trigger_file(data), encoding="utf-8")
    lexicon = load_lexicon([path])
    assert lexicon.types_for("restore")[0] == "COOPERATE"  # RESTORE [064]
    assert lexicon.types_for("call for")[0] == "ACCUSE"  # CALLED - * FOR [096]
    assert lexicon.types_for("break down")[0] == "COERCE"  # +BREAK_DOWN in BREAK [1717]
    assert "tie" in data["types"]["COOPERATE"]["light"]  # RESUME - * TIES [064]
    assert report.verbs > 100 and report.skipped


# --- the command line ---------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_writes_the_trigger_file_and_reports_on_stderr(tmp_path):
    source = tmp_path / "test.verbs.txt"
    source.write_text(VERBS, encoding="utf-8")
    out = tmp_path / "triggers.yaml"
    result = runner.invoke(app, ["triggers", "import-cameo", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "mend" in data["types"]["COOPERATE"]["verbs"]
    assert out.read_text(encoding="utf-8").startswith("# detente trigger file converted")
    assert "wrote" in result.output and "skipped" in result.output


def test_cli_uses_a_crosswalk_given_by_the_user(tmp_path):
    source = tmp_path / "v.txt"
    source.write_text("--- SEE [040] ---\nSEE\n--- TAKE [171] ---\nTAKE\n", encoding="utf-8")
    walk = tmp_path / "walk.txt"
    walk.write_text("040: ACCUSE, ,  # a user's own mapping\n", encoding="utf-8")
    result = runner.invoke(app, ["triggers", "import-cameo", str(source), "--crosswalk", str(walk)])
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    assert data["types"] == {"ACCUSE": {"verbs": ["see"]}}


def test_cli_refuses_a_missing_file_in_one_line(tmp_path):
    result = runner.invoke(app, ["triggers", "import-cameo", str(tmp_path / "nothing.txt")])
    assert isinstance(result.exception, InputError) and "no such file" in str(result.exception)
    result = runner.invoke(app, ["extract", "--triggers", str(tmp_path / "none.yaml"), str(tmp_path)])
    assert isinstance(result.exception, InputError) and "--triggers" in str(result.exception)


def test_extract_codes_with_a_user_trigger_file(tmp_path, imported):
    _, _, path = imported
    article = tmp_path / "a.txt"
    article.write_text("France shouted at Chad on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--triggers", str(path), "--date", "2024-03-06",
                                 "--format", "jsonl", str(article)])
    assert result.exit_code == 0, result.output
    assert '"event_type": "ACCUSE"' in result.stdout
