"""The actor dictionary: packaged data, user files, role resolution by date, CAMEO import, CLI."""

from __future__ import annotations

import re
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from detente.actordict import (
    ActorDictionary,
    Person,
    Role,
    check_actor_file,
    import_cameo,
    import_cameo_agents,
    split_cameo_code,
    title_rank,
)
from detente.cli import app
from detente.errors import InputError
from detente.records import SECTORS

PETRARCH = Path("/work/shared/external/petrarch2")
needs_petrarch = pytest.mark.skipif(not (PETRARCH / "PETR.Validate.actors.txt").is_file(),
                                    reason="PETRARCH validation dictionaries not available")


@pytest.fixture(scope="module")
def book() -> ActorDictionary:
    return ActorDictionary.load()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def forms(book: ActorDictionary, text: str, kind: str | None = None):
    return [f for f in book.lookup(text) if kind is None or f.kind == kind]


# --- the packaged data ---------------------------------------------------------------------------


def test_packaged_dictionary_covers_every_iso_country_and_the_main_actors(book):
    import pycountry

    assert {c.alpha_3 for c in pycountry.countries} <= set(book.countries)
    assert book.countries["USA"].name == "United States"
    assert {"organizations", "institutions", "people"} and len(book.people) >= 400
    assert book.organizations["nato"].country == "NAT"
    assert book.organizations["eu"].country == "EUU"
    assert book.organizations["un"].country == "UNO"
    hamas = book.organizations["hamas"]
    assert (hamas.country, hamas.sector) == ("PSE", "REB")
    assert (book.institutions["rus-kremlin"].country, book.institutions["rus-kremlin"].sector) == ("RUS", "GOV")


def test_packaged_load_is_cached(book):
    assert ActorDictionary.load() is book


def test_every_role_has_valid_known_codes_sector_and_ordered_dates(book):
    known = set(book.countries) | {o.country for o in book.organizations.values()}
    for person in book.people.values():
        assert person.roles, f"{person.id} has no roles"
        for role in person.roles:
            assert role.country in known, person.id
            assert role.sector in SECTORS, person.id
            assert role.title, person.id
            if role.start and role.end:
                assert role.start <= role.end, person.id
            for bound in (role.start, role.end):
                assert bound is None or date(1950, 1, 1) <= bound <= date(2026, 12, 31), person.id


def test_every_institution_and_organization_has_a_known_sector(book):
    for entry in (*book.institutions.values(), *book.organizations.values()):
        assert entry.sector in SECTORS, entry.id


def test_ids_are_unique_within_and_across_the_packaged_files():
    base = resources.files("detente").joinpath("data/actors")
    seen: dict[str, str] = {}
    for name in ("organizations.yaml", "institutions.yaml", "people.yaml"):
        data = yaml.load(base.joinpath(name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for section, entries in data.items():
            for entry in entries:
                assert entry["id"] not in seen, f"{entry['id']} in {name} and {seen.get(entry['id'])}"
                seen[entry["id"]] = name
    codes = [c["code"] for c in yaml.load(base.joinpath("countries.yaml").read_text(), Loader=yaml.CSafeLoader)["countries"]]
    assert len(codes) == len(set(codes))


def test_every_packaged_file_starts_with_a_comment_on_its_sources():
    base = resources.files("detente").joinpath("data/actors")
    for path in base.iterdir():
        if path.name.endswith(".yaml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# "), path.name


def test_a_surname_is_part_of_the_persons_name_or_aliases(book):
    for person in book.people.values():
        if person.surname:
            assert any(person.surname in name for name in (person.name, *person.aliases)), person.id


def test_organisation_codes_do_not_clash_with_other_countries(book):
    for org in book.organizations.values():
        if org.sector in ("IGO", "NGO") or org.country in ("IMG",):
            assert org.country not in book.countries, org.id


# --- role_on -------------------------------------------------------------------------------------


def test_role_on_picks_the_office_held_on_that_date(book):
    blinken = book.people["antony-blinken"]
    deputy = blinken.role_on(date(2016, 6, 1))
    assert (deputy.title, deputy.in_term) == ("Deputy Secretary of State", True)
    secretary = blinken.role_on(date(2022, 3, 1))
    assert (secretary.title, secretary.country, secretary.sector) == ("Secretary of State", "USA", "GOV")


def test_role_on_between_or_after_terms_falls_back_to_the_nearest_role_but_says_so(book):
    blinken = book.people["antony-blinken"]
    between = blinken.role_on(date(2019, 1, 1))
    assert between.title == "Deputy Secretary of State" and between.in_term is False
    after = blinken.role_on(date(2026, 2, 1))
    assert after.title == "Secretary of State" and after.in_term is False and after.country == "USA"
    zelensky_before_office = book.people["volodymyr-zelensky"].role_on(date(2018, 1, 1))
    assert zelensky_before_office.country == "UKR" and zelensky_before_office.in_term is False


def test_role_on_without_a_date_gives_the_most_recent_role(book):
    assert book.people["antony-blinken"].role_on(None).title == "Secretary of State"


def test_role_on_prefers_the_most_senior_of_simultaneous_offices(book):
    assert book.people["benjamin-netanyahu"].role_on(date(2017, 5, 1)).title == "Prime Minister"
    assert book.people["mohammed-bin-salman"].role_on(date(2023, 1, 1)).title == "Prime Minister"
    assert book.people["mohammed-bin-salman"].role_on(date(2020, 1, 1)).title == "Crown Prince"


def test_role_on_prefers_a_dated_role_to_an_undated_default():
    person = Person(id="p", name="P", roles=(Role("AAA", "GOV", "Minister"),
                                             Role("AAA", "MIL", "Commander", date(2020, 1, 1), date(2020, 12, 31))))
    assert person.role_on(date(2020, 6, 1)).sector == "MIL"
    assert person.role_on(date(2021, 6, 1)).sector == "GOV"
    assert Person(id="q", name="Q").role_on(date(2020, 1, 1)) is None


def test_title_rank_uses_the_longest_listed_phrase():
    seniority = ["president", "secretary of state", "deputy secretary of state"]
    assert title_rank("Deputy Secretary of State", seniority) == 2
    assert title_rank("Secretary of State", seniority) == 1
    assert title_rank("Vice-Chair of Nothing", seniority) > 2


# --- surface forms and look-ups ------------------------------------------------------------------


def test_acronyms_are_case_sensitive_so_the_pronoun_us_is_not_the_united_states(book):
    assert forms(book, "us") == []
    assert {f.country for f in forms(book, "US")} == {"USA"}
    assert {f.kind for f in forms(book, "U.S.")} == {"country", "adjective"}


def test_country_names_adjectives_demonyms_and_capitals_resolve_to_the_country(book):
    assert forms(book, "Chinese", "adjective")[0].country == "CHN"
    assert forms(book, "North Koreans", "demonym")[0].country == "PRK"
    moscow = forms(book, "Moscow", "capital")[0]
    assert (moscow.country, moscow.sector) == ("RUS", "GOV")
    assert forms(book, "Kiev", "capital")[0].country == "UKR"
    assert forms(book, "Filipino", "adjective")[0].country == "PHL"


def test_brussels_is_the_eu_not_belgium_and_needs_context(book):
    brussels = forms(book, "Brussels")
    assert [(f.kind, f.country, f.ref_id, f.ambiguous) for f in brussels] == [("capital", "EUU", "eu", True)]


def test_ambiguous_and_case_sensitive_country_names_are_flagged(book):
    assert all(f.ambiguous for f in forms(book, "Georgia"))
    assert forms(book, "turkey") == [] and forms(book, "Turkey")[0].country == "TUR"
    assert forms(book, "china") == []
    assert all(f.ambiguous for f in forms(book, "Washington", "capital"))


def test_shared_surnames_are_ambiguous_and_unique_ones_are_not(book):
    wangs = forms(book, "Wang", "surname")
    assert len(wangs) >= 2 and all(f.ambiguous for f in wangs)
    blinken = forms(book, "Blinken", "surname")
    assert len(blinken) == 1 and not blinken[0].ambiguous and blinken[0].case_sensitive
    assert forms(book, "blinken") == []


def test_resolve_gives_a_persons_country_and_sector_on_the_date(book):
    surname = forms(book, "Blinken", "surname")[0]
    on_duty = book.resolve(surname, date(2023, 5, 1))
    assert (on_duty.country, on_duty.sector, on_duty.actor_id, on_duty.in_term) == ("USA", "GOV", "antony-blinken", True)
    assert book.resolve(surname, date(2025, 6, 1)).in_term is False
    pentagon = book.resolve(forms(book, "Pentagon")[0])
    assert (pentagon.country, pentagon.sector, pentagon.actor_id) == ("USA", "MIL", "usa-pentagon")


def test_sector_for_noun_reads_head_nouns_and_titles(book):
    assert book.sector_for_noun("troop") == "MIL"
    assert book.sector_for_noun("lawmaker") == "LEG"
    assert book.sector_for_noun("Deputy Foreign Minister") == "GOV"
    assert book.sector_for_noun("police officer") == "COP"
    assert book.sector_for_noun("navy vessel") == "MIL"
    assert book.sector_for_noun("vessel") is None
    assert book.sector_for_noun("journalist") == "MED"
    assert book.sector_for_noun("protester") == "CVL"


def test_code_name_reads_countries_and_organisation_codes(book):
    assert book.code_name("DEU") == "Germany"
    assert book.code_name("NAT") == "NATO"
    assert book.code_name("ZZZ") is None


# --- user files ----------------------------------------------------------------------------------


USER_FILE = """\
# my additions
countries:
- code: ARN
  name: Arnor
  adjectives: [Arnorian]
  iso: false
institutions:
- id: arn-council
  name: Council of Arnor
  country: ARN
  sector: GOV
- id: usa-pentagon
  sector: GOV
people:
- id: antony-blinken
  aliases: [Secretary Blinken]
  roles:
  - {country: USA, sector: POL, title: Commentator, start: 2025-02}
- id: aranel
  name: Aranel Dúnadan
  surname: Dúnadan
  roles:
  - {country: ARN, sector: GOV, title: King, start: 2019}
sector_nouns:
  MIL: [ranger]
  BUS: [journalist]
"""


def test_a_user_file_adds_new_entries_including_non_iso_countries(tmp_path):
    book = ActorDictionary.load([write(tmp_path, "mine.yaml", USER_FILE)])
    assert book.countries["ARN"].iso is False
    assert forms(book, "Arnorian")[0].country == "ARN"
    king = book.people["aranel"].role_on(date(2019, 1, 1))
    assert (king.country, king.title, king.in_term) == ("ARN", "King", True)
    assert book.sector_for_noun("ranger") == "MIL"
    assert book.sources[-1].endswith("mine.yaml")


def test_a_user_entry_with_a_known_id_extends_lists_and_overrides_given_fields(tmp_path):
    book = ActorDictionary.load([write(tmp_path, "mine.yaml", USER_FILE)])
    blinken = book.people["antony-blinken"]
    assert "Tony Blinken" in blinken.aliases and "Secretary Blinken" in blinken.aliases
    assert len(blinken.roles) == 3 and blinken.role_on(date(2025, 6, 1)).sector == "POL"
    assert blinken.role_on(date(2022, 1, 1)).title == "Secretary of State"
    pentagon = book.institutions["usa-pentagon"]
    assert (pentagon.sector, pentagon.country, pentagon.name) == ("GOV", "USA", "Pentagon")
    assert book.sector_for_noun("journalist") == "BUS"


def test_the_packaged_dictionary_is_not_changed_by_a_user_file(tmp_path):
    ActorDictionary.load([write(tmp_path, "mine.yaml", USER_FILE)])
    packaged = ActorDictionary.load()
    assert "aranel" not in packaged.people
    assert packaged.institutions["usa-pentagon"].sector == "MIL"
    assert len(packaged.people["antony-blinken"].roles) == 2


def test_replace_true_starts_an_entry_from_scratch(tmp_path):
    path = write(tmp_path, "r.yaml", """\
people:
- id: antony-blinken
  replace: true
  name: Antony Blinken
  roles:
  - {country: USA, sector: GOV, title: Secretary of State, start: 2021-01-26, end: 2025-01-20}
""")
    blinken = ActorDictionary.load([path]).people["antony-blinken"]
    assert blinken.aliases == () and blinken.surname is None and len(blinken.roles) == 1


def test_month_and_year_dates_cover_the_whole_month_or_year(tmp_path):
    path = write(tmp_path, "d.yaml", """\
people:
- id: someone
  name: Some One
  roles:
  - {country: FRA, sector: GOV, title: Minister, start: 2019-05, end: 2020}
""")
    role = ActorDictionary.load([path]).people["someone"].roles[0]
    assert (role.start, role.end) == (date(2019, 5, 1), date(2020, 12, 31))


@pytest.mark.parametrize("body, message", [
    ("people:\n- id: x\n  name: X\n  roles:\n  - {country: USA, sector: GOV, title: T, start: 2021-13-01}\n",
     r"bad\.yaml: people\[0\]: roles\[0\]: role start '2021-13-01' is not a date"),
    ("people:\n- id: x\n  name: X\n  roles:\n  - {country: USA, sector: GOV, start: 2021-01-02, end: 2020-01-01}\n",
     r"people\[0\]: roles\[0\]: role start 2021-01-02 is after its end 2020-01-01"),
    ("people:\n- id: x\n  name: X\n  roles:\n  - {country: USA, sector: BOSS}\n",
     r"people\[0\]: roles\[0\]: sector 'BOSS' is not one of GOV"),
    ("people:\n- id: x\n  name: X\n  roles:\n  - {country: QQQ, sector: GOV}\n",
     r"bad\.yaml: person 'x': role country 'QQQ' is not defined"),
    ("peoples:\n- id: x\n", r"bad\.yaml: unknown section 'peoples'"),
    ("countries:\n- code: usa\n", r"countries\[0\]: code 'usa' is not a three-letter code"),
    ("countries:\n- {code: ARN, name: Arnor, colour: blue}\n", r"countries\[0\]: unknown field 'colour'"),
    ("countries:\n- {code: ARN, name: Arnor, ambiguous: [Gondor]}\n",
     r"countries\[0\]: ambiguous lists 'Gondor', which is not one of the entry's names"),
    ("institutions:\n- {id: a, name: A, country: USA, sector: GOV}\n- {id: a, name: B, country: USA, sector: GOV}\n",
     r"institutions\[1\]: duplicate id 'a'"),
    ("institutions:\n- {id: new-body, name: New Body, sector: GOV}\n",
     r"institutions 'new-body': missing 'country'"),
    ("sector_nouns:\n  GOV: [clerk]\n  MIL: [clerk]\n", r"sector_nouns\.MIL: 'clerk' is already listed under GOV"),
    ("people: [\n", r"bad\.yaml: not valid YAML"),
    ("- just\n- a list\n", r"bad\.yaml: expected top-level sections"),
])
def test_a_malformed_user_file_raises_an_input_error_naming_file_and_entry(tmp_path, body, message):
    with pytest.raises(InputError, match=message):
        ActorDictionary.load([write(tmp_path, "bad.yaml", body)])


def test_a_missing_user_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such actor file"):
        ActorDictionary.load([tmp_path / "absent.yaml"])


def test_check_actor_file_reports_extensions_and_likely_mistakes(tmp_path):
    report = check_actor_file(write(tmp_path, "mine.yaml", USER_FILE + """\
organizations:
- {id: my-union, name: European Union, country: EUU, sector: IGO}
"""))
    assert report.counts["people"] == 2 and report.counts["sector_nouns"] == 2
    assert "person antony-blinken" in report.extends and "institution usa-pentagon" in report.extends
    assert any("'European Union' already names eu" in w for w in report.warnings)
    assert any("'journalist' moves from MED to BUS" in w for w in report.warnings)


# --- CAMEO / PETRARCH import ---------------------------------------------------------------------

CAMEO_ACTORS = """\
<!-- a test dictionary
     over two lines -->
# a comment
ARNOR_  [ARN]
+ARNORIAN
+FORNOST_  ; legacy comment

GONDOR [GON]  # trailing comment
+MINAS_TIRITH

BOROMIR [---]

ELENDIL_
+ELENDIL_THE_TALL
\t[ARNGOV 950601-990815]
\t[ARNMIL < 950531]
\t[ARNELI >990816]

ARAGORN [ARN]
\t[ARNREBRNG 20100101-20121231]

THE_WHITE_COUNCIL [IGOWIZ]
UNITED_NATIONS [UNO]
+U.N.
ORC_BAND [MORORC]
"""

CAMEO_AGENTS = """\
!PERSON! = MAN, MEN, WOMAN
CONGRESS!PERSON! [~LEG]
RANGER {} [~MIL]
HUMAN_RIGHTS_BODY  [NGO~]
WIZARD [~WIZ]
!UNDEFINED!_BOARD [~GOV]
"""


def test_import_cameo_keeps_date_restrictions_as_roles(tmp_path):
    actors = write(tmp_path, "test.actors.txt", CAMEO_ACTORS)
    data = import_cameo(actors)
    elendil = next(p for p in data["people"] if p["id"] == "elendil")
    assert elendil["aliases"] == ["Elendil the Tall"]
    assert {"country": "ARN", "sector": "GOV", "start": "1995-06-01", "end": "1999-08-15"} in elendil["roles"]
    assert {"country": "ARN", "sector": "MIL", "end": "1995-05-31"} in elendil["roles"]
    assert {"country": "ARN", "sector": "POL", "cameo_code": "ARNELI", "start": "1999-08-16"} in elendil["roles"]
    aragorn = next(p for p in data["people"] if p["id"] == "aragorn")
    assert {"country": "ARN"} in aragorn["roles"]  # the undated default code


def test_import_cameo_maps_bare_codes_to_countries_and_sector_codes_to_bodies(tmp_path):
    warnings: list[str] = []
    data = import_cameo(write(tmp_path, "test.actors.txt", CAMEO_ACTORS), warnings=warnings)
    countries = {c["code"]: c for c in data["countries"]}
    assert countries["ARN"]["name"] == "Arnor" and countries["ARN"]["iso"] is False
    assert countries["ARN"]["names"] == ["Arnor", "Arnorian", "Fornost"]
    assert countries["GON"]["names"] == ["Gondor", "Minas Tirith"]
    assert countries["MOR"]["iso"] is False  # declared because an institution uses it
    orgs = {o["id"]: o for o in data["organizations"]}
    assert orgs["un"]["names"] == ["United Nations", "U.N."]  # extends the packaged UN
    assert (orgs["the-white-council"]["country"], orgs["the-white-council"]["sector"]) == ("IGO", "IGO")
    orc = next(i for i in data["institutions"] if i["id"] == "orc-band")
    assert (orc["country"], orc.get("sector"), orc["cameo_code"]) == ("MOR", None, "MORORC")
    assert any("BOROMIR" in w and "null" in w for w in warnings)


def test_import_cameo_agents_become_sector_nouns(tmp_path):
    warnings: list[str] = []
    nouns = import_cameo_agents(write(tmp_path, "test.agents.txt", CAMEO_AGENTS), warnings)
    assert nouns["LEG"] == ["congressman", "congressmen", "congresswoman"]
    assert nouns["MIL"] == ["ranger"] and nouns["NGO"] == ["human rights body"]
    assert any("WIZARD" in w for w in warnings) and any("!UNDEFINED!" in w for w in warnings)


def test_an_imported_file_loads_and_resolves_on_dates(tmp_path):
    data = import_cameo(write(tmp_path, "test.actors.txt", CAMEO_ACTORS),
                        write(tmp_path, "test.agents.txt", CAMEO_AGENTS))
    out = write(tmp_path, "converted.yaml", yaml.safe_dump(data, sort_keys=False))
    book = ActorDictionary.load([out])
    elendil = book.people["elendil"]
    assert (elendil.role_on(date(1997, 1, 1)).sector, elendil.role_on(date(1994, 1, 1)).sector) == ("GOV", "MIL")
    assert book.people["aragorn"].role_on(date(2011, 1, 1)).sector == "REB"
    assert book.people["aragorn"].role_on(date(2015, 1, 1)).sector is None  # default: country only
    assert forms(book, "Minas Tirith")[0].country == "GON"
    assert forms(book, "U.N.")[0].ref_id == "un"
    assert book.sector_for_noun("congresswoman") == "LEG"


def test_cameo_dates_and_codes():
    assert split_cameo_code("PSEHMSMIL") == ("PSE", "MIL", "PSEHMSMIL")
    assert split_cameo_code("USAGOV") == ("USA", "GOV", None)
    assert split_cameo_code("HOBCIV") == ("HOB", "CVL", "HOBCIV")
    assert split_cameo_code("IGOCOPITP") == ("IGO", "IGO", "IGOCOPITP")
    assert split_cameo_code("GON") == ("GON", None, None)


def test_a_bad_cameo_date_names_file_and_line(tmp_path):
    path = write(tmp_path, "bad.actors.txt", "SOMEONE\n\t[ARNGOV 20100931-20111231]\n")
    with pytest.raises(InputError, match=r"bad\.actors\.txt: line 2: '20100931' is not a CAMEO date"):
        import_cameo(path)


@needs_petrarch
def test_petrarch_validation_dictionaries_round_trip(tmp_path):
    data = import_cameo(PETRARCH / "PETR.Validate.actors.txt", PETRARCH / "PETR.Validate.agents.txt")
    book = ActorDictionary.load([write(tmp_path, "petr.yaml", yaml.safe_dump(data, sort_keys=False))])
    sam, hamfast, gollum = (book.people[i] for i in ("sam-gamgee", "hamfast-gamgee", "gollum"))
    # the codings PETRARCH2's own unit tests expect on these dates (PETR.UnitTest.records.xml, DATE-*)
    assert (sam.role_on(date(1995, 1, 4)).country, sam.role_on(date(1995, 1, 4)).cameo_code) == ("HOB", "HOBCIV")
    assert sam.role_on(date(2010, 1, 6)).sector == "MIL"
    assert sam.role_on(date(2010, 1, 10)).cameo_code == "ORCHOB"
    assert sam.role_on(date(2010, 1, 13)).sector == "MIL"
    assert hamfast.role_on(date(2012, 11, 9)).sector == "GOV"
    assert (hamfast.role_on(date(2014, 1, 4)).country, hamfast.role_on(date(2014, 1, 4)).sector) == ("HOB", None)
    assert gollum.role_on(date(1995, 11, 1)).sector == "GOV"
    assert gollum.role_on(date(1995, 1, 1)).sector is None
    assert forms(book, "Minas Tirith")[0].country == "GON"
    assert forms(book, "Michel Delving")[0].sector == "GOV"
    assert book.sector_for_noun("minister of silly walks") == "GOV"


def test_the_dictionary_is_listed_filtered_by_kind_country_and_text():
    from detente.actordict import list_actors

    organizations = list_actors(kind="organizations", country="nat")
    assert "nato" in [row.key for row in organizations] and {row.kind for row in organizations} == {"organization"}
    (blinken,) = list_actors(search="blinken", on=date(2016, 1, 1))
    assert (blinken.kind, blinken.key, blinken.country, blinken.sector, blinken.role) == (
        "person", "antony-blinken", "USA", "GOV", "Deputy Secretary of State")
    assert list_actors(search="no such actor at all") == []
    with pytest.raises(InputError, match="^kind 'planets' is not one of countries, organizations, institutions, people$"):
        list_actors(kind="planets")


# --- the command line ----------------------------------------------------------------------------

runner = CliRunner()


def test_cli_list_shows_a_persons_role_on_a_date():
    result = runner.invoke(app, ["actors", "list", "--search", "blinken", "--date", "2016-01-01"])
    assert result.exit_code == 0
    assert re.search(r"person\s+antony-blinken\s+Antony Blinken\s+USA\s+GOV\s+Deputy Secretary of State", result.stdout)


def test_cli_list_filters_by_country_and_kind():
    result = runner.invoke(app, ["actors", "list", "--country", "nat", "--kind", "organizations"])
    assert result.exit_code == 0
    assert "nato" in result.stdout and "hamas" not in result.stdout
    assert runner.invoke(app, ["actors", "list", "--search", "no such actor at all"]).exit_code == 1
    planets = runner.invoke(app, ["actors", "list", "--kind", "planets"]).exception
    assert isinstance(planets, InputError) and str(planets).startswith("--kind 'planets' is not one of countries")


def test_cli_list_includes_user_files(tmp_path):
    result = runner.invoke(app, ["actors", "list", "--country", "ARN", "--actors",
                                 str(write(tmp_path, "mine.yaml", USER_FILE))])
    assert result.exit_code == 0 and "Aranel" in result.stdout and "Council of Arnor" in result.stdout


def test_cli_check_reports_a_good_file_and_rejects_a_bad_one(tmp_path):
    good = runner.invoke(app, ["actors", "check", str(write(tmp_path, "mine.yaml", USER_FILE))])
    assert good.exit_code == 0
    assert "mine.yaml: ok" in good.stdout and "extends packaged person antony-blinken" in good.stdout
    bad = runner.invoke(app, ["actors", "check", str(write(tmp_path, "bad.yaml", "people:\n- id: X\n"))])
    assert isinstance(bad.exception, InputError) and "people[0]: id 'X'" in str(bad.exception)


def test_cli_import_cameo_writes_a_loadable_file(tmp_path):
    out = tmp_path / "converted.yaml"
    result = runner.invoke(app, ["actors", "import-cameo", str(write(tmp_path, "t.actors.txt", CAMEO_ACTORS)),
                                 "--agents", str(write(tmp_path, "t.agents.txt", CAMEO_AGENTS)), "--out", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# detente actor file converted")
    assert ActorDictionary.load([out]).people["elendil"].role_on(date(1997, 1, 1)).country == "ARN"
    to_stdout = runner.invoke(app, ["actors", "import-cameo", str(tmp_path / "t.actors.txt")])
    assert to_stdout.exit_code == 0 and "elendil" in to_stdout.stdout


def test_cli_main_prints_one_line_and_exits_2_for_a_bad_file(tmp_path, monkeypatch, capsys):
    from detente.cli import main

    bad = write(tmp_path, "bad.yaml", "people:\n- id: x\n  name: X\n  roles:\n  - {country: USA, start: 2021-13-01}\n")
    monkeypatch.setattr(sys, "argv", ["detente", "actors", "check", str(bad)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["detente: error: bad.yaml: people[0]: roles[0]: role start '2021-13-01' is not a date (YYYY-MM-DD)"]
