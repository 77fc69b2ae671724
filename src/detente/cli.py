"""The ``detente`` command line. The only module that parses arguments; each command calls the Python API.

A command parses its options and makes one call on the Python API (``detente.pipeline``, ``Store``,
``detente.analysis``, ``detente.export``), then prints what it returns; options several commands share
are declared once below (``DbOption``, ``ActorsOption``, ...). Every command turns a DetenteError into one
line on stderr and exit code 2 (never a traceback).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import DetenteError, InputError, ParameterError

app = typer.Typer(
    name="detente",
    help="Political event data from news and analysis text: coded, dated, evidenced PLOVER events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
actors_app = typer.Typer(help="Actor dictionaries: list, check, import.", no_args_is_help=True)
triggers_app = typer.Typer(help="Trigger lexicons: import CAMEO/PETRARCH verb dictionaries.", no_args_is_help=True)
db_app = typer.Typer(help="The event store itself.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")
app.add_typer(triggers_app, name="triggers")
app.add_typer(db_app, name="db")


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and leave with ``code``."""
    typer.echo(f"detente: error: {message}", err=True)
    raise typer.Exit(code)


def parse_date_option(value: Optional[str], option: str = "--date") -> Optional[date]:
    """A YYYY-MM-DD option value as a date (exactly that form), or an InputError naming the option."""
    from .records import parse_iso_date

    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a valid date (expected YYYY-MM-DD)") from None


def existing_files(option: str, paths: list[Path]) -> list[Path]:
    """The files an option names, each checked to exist."""
    for path in paths:
        if not path.is_file():
            raise InputError(f"{option} {path}: no such file")
    return paths


def check_gazetteer_option(paths: list[Path]) -> tuple[str, ...]:
    """The --gazetteer files, each checked to exist and to load."""
    if not paths:
        return ()
    from .geo import check_gazetteer_files

    existing_files("--gazetteer", paths)
    try:
        return check_gazetteer_files(paths)
    except InputError as exc:
        raise InputError(f"--gazetteer: {exc}") from None


def split_option(values: Optional[list[str]]) -> list[str]:
    """Repeatable options that also take comma-separated lists: ``--type ACCUSE,THREATEN --type AID``."""
    from .store import split_values

    return list(split_values(values))


# --- options shared by several commands -------------------------------------------------------

DB_HELP = "Event store file (default: $DETENTE_DB, else ./detente.duckdb)."
DbOption = Annotated[Optional[Path], typer.Option("--db", help=DB_HELP)]
ActorsOption = Annotated[list[Path], typer.Option("--actors", help="Extra actor dictionary file (YAML); repeatable.")]
TriggersOption = Annotated[list[Path], typer.Option("--triggers", help="Extra trigger lexicon file (YAML); repeatable.")]
GazetteerOption = Annotated[list[Path], typer.Option("--gazetteer", help="Extra places (YAML, the format of "
                                                     "data/geo/features.yaml); repeatable.")]
DyadOption = Annotated[Optional[str], typer.Option("--dyad", help="SOURCE:TARGET country codes, e.g. USA:CHN.")]
SinceOption = Annotated[Optional[str], typer.Option("--since", help="Only events dated on or after YYYY-MM-DD.")]
UntilOption = Annotated[Optional[str], typer.Option("--until", help="Only events dated on or before YYYY-MM-DD.")]
CountryOption = Annotated[Optional[str], typer.Option(
    "--country", help="A country's internal events: every known participant is this country (e.g. KEN).")]
DomesticOption = Annotated[Optional[bool], typer.Option(
    "--domestic/--international", help="Only events with one country on both sides / with two different ones "
                                       "(one-sided events are neither).")]
WeightsOption = Annotated[Optional[Path], typer.Option("--weights", help="YAML of per-type scores overriding the "
                                                                        "PLOVER ones.")]


# --- extraction commands (extract, demo) -------------------------------------------------------


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Text or HTML files, or folders of them."),
    date_: Optional[str] = typer.Option(None, "--date", help="Publication date YYYY-MM-DD (else found in the document)."),
    format_: str = typer.Option("table", "--format", help="jsonl, csv or table."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write here instead of standard output."),
    actors: ActorsOption = [],
    triggers: TriggersOption = [],
    gazetteer: GazetteerOption = [],
) -> None:
    """Code the events of articles: who did what to whom, when, and how sure the text is."""
    from .output import MENTION_FORMATS, check_writable, write_mentions
    from .pipeline import extract_paths

    if format_ not in MENTION_FORMATS:
        raise InputError(f"--format {format_!r} is not one of {', '.join(MENTION_FORMATS)}")
    published = parse_date_option(date_)
    if out is not None:
        check_writable(out)  # before any coding, not after it
    records: list[dict] = []
    failures = documents = 0
    gazetteer_files = check_gazetteer_option(gazetteer)
    for item in extract_paths(paths, published=published, actor_files=existing_files("--actors", actors),
                              trigger_files=existing_files("--triggers", triggers), gazetteer_files=gazetteer_files):
        if isinstance(item, DetenteError):
            typer.echo(f"detente: error: {item}", err=True)
            failures += 1
            continue
        documents += 1
        for warning in item.warnings:
            typer.echo(f"detente: warning: {warning}", err=True)
        records.extend(e.to_record() for e in item.events)
    if documents == 0:
        raise typer.Exit(2)  # every input failed and was reported; print no empty table
    sink = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        write_mentions(records, format_, sink, title=f"{len(records)} events in {documents} documents")
    finally:
        if out:
            sink.close()
    if failures:
        raise typer.Exit(2 if documents == 0 else 1)


# --- places ---------------------------------------------------------------------------------------

PLACE_COLUMNS = ("file", "text", "char_start", "char_end", "name", "geonames_id", "latitude", "longitude",
                 "country", "admin1", "feature")


PLACE_FORMATS = ("table", "jsonl", "csv")


@app.command("places")
def places_command(
    paths: list[Path] = typer.Argument(..., help="Text or HTML files, or folders of them."),
    date_: Optional[str] = typer.Option(None, "--date", help="Publication date YYYY-MM-DD (else found in the document)."),
    format_: str = typer.Option("table", "--format", help="jsonl, csv or table."),
    gazetteer: GazetteerOption = [],
) -> None:
    """Every place the documents name: one record per mention, with its file and GeoNames point."""
    import csv
    import json

    from .ingest import stream_documents
    from .pipeline import get_extractor

    if format_ not in PLACE_FORMATS:
        raise InputError(f"--format {format_!r} is not one of {', '.join(PLACE_FORMATS)}")
    published = parse_date_option(date_)
    for path in gazetteer:
        if not path.is_file():
            raise InputError(f"--gazetteer {path}: no such file")
    extractor = get_extractor()
    if gazetteer:
        from .geo import geocoder

        try:
            geocoder(extractor.nlp, gazetteer)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    rows: list[dict] = []
    failures = documents = 0
    for item in stream_documents(paths, published=published):
        if isinstance(item, DetenteError):
            typer.echo(f"detente: error: {item}", err=True)
            failures += 1
            continue
        documents += 1
        file = item.source or item.url or ""
        rows.extend({"file": file, **p.to_record()} for p in extractor.places(item, gazetteer))
    if documents == 0:
        raise typer.Exit(2)
    if format_ == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif format_ == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(PLACE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(rows)} place mentions in {documents} documents", header_style="bold")
        for col in ("file", "text", "name", "country", "feature", "latitude", "longitude", "geonames_id"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(Path(r["file"]).name, r["text"], r["name"], r["country"] or "", r["feature"],
                          f"{r['latitude']:.4f}", f"{r['longitude']:.4f}", str(r["geonames_id"] or ""))
        Console(width=160, color_system=None).print(table)
    if failures:
        raise typer.Exit(1)


@app.command()
def demo(
    examples: Path = typer.Option(Path("examples"), "--examples", help="Folder of example articles."),
    db: DbOption = None,
    dyad: str = typer.Option("USA:CHN", "--dyad", help="Dyad of the summary at the end."),
) -> None:
    """Code the bundled example articles, print their events, store them and print a monthly summary."""
    from .analysis import load_weights, render_timeline, timeline
    from .output import render_table
    from .pipeline import extract_paths

    if not examples.is_dir():
        raise InputError(f"{examples}: no such folder (run the demo from the repository root)")
    store = _store(db)
    total = 0
    for item in extract_paths([examples]):
        if isinstance(item, DetenteError):
            typer.echo(f"detente: error: {item}", err=True)
            continue
        records = [e.to_record() for e in item.events]
        total += len(records)
        document = item.document
        typer.echo(render_table(records, title=f"{Path(document.source).name} ({document.published or 'no date'}): "
                                                f"{len(records)} events"))
        store.ingest(item)
    info = store.info()
    typer.echo(f"{total} events coded; the store {store.path} now holds {info.documents} documents "
               f"and {info.events} events.")
    result = timeline(store, dyad, freq="month", both_directions=True, modalities=["reported"],
                      weights=load_weights(None))
    typer.echo("")
    typer.echo(render_timeline(result, "table"), nl=False)


# --- evaluation commands (evaluate, classify) ---------------------------------------------------


@app.command("evaluate")
def evaluate_command(
    gold_files: list[Path] = typer.Argument(..., help="Gold YAML files (format: docs/gold-format.md)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every missed and false event."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    min_recall: Optional[float] = typer.Option(None, help="Exit 1 when recall is below this (0-1)."),
    min_precision: Optional[float] = typer.Option(None, help="Exit 1 when precision is below this (0-1)."),
    split: Optional[str] = typer.Option(None, "--split", help="Score only the dev or the test documents."),
) -> None:
    """Extract the documents a gold set names and score the events: recall, precision, F1, per type."""
    import json

    from . import evaluate as evaluation

    if output_format not in ("text", "json"):
        raise InputError(f"--format {output_format!r} is not text or json")
    for option, bar in (("--min-recall", min_recall), ("--min-precision", min_precision)):
        if bar is not None and not 0 <= bar <= 1:
            raise InputError(f"{option} {bar} is not between 0 and 1")
    report = evaluation.evaluate_files(gold_files, split=split)
    if output_format == "json":
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(evaluation.format_report(report, verbose=verbose))
    missed_bars = [
        f"{name} {value:.3f} is below {bar}"
        for name, value, bar in (("recall", report.recall, min_recall),
                                 ("precision", report.precision, min_precision))
        if bar is not None and (value or 0.0) < bar
    ]
    if missed_bars:
        typer.echo("detente: " + "; ".join(missed_bars), err=True)
        raise SystemExit(1)  # not typer.Exit: main() runs the app with standalone_mode=False


@app.command("classify")
def classify_command(
    input_file: str = typer.Argument(..., metavar="FILE|-",
                                     help="JSONL of {\"id\", \"text\"} with <s>..</s> and <t>..</t> marks; - reads stdin."),
    output_format: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
) -> None:
    """Type what the marked source does to the marked target: PLOVER type, QuadClass, modality.

    Uses the same event typer as extract. Lines that cannot be read are reported on stderr with their
    line number; the others are still classified, and the exit code is then non-zero.
    """
    import json

    from .events import classify_lines

    if output_format != "jsonl":
        raise InputError(f"--format {output_format!r} is not supported (use jsonl)")
    if input_file == "-":
        stream = sys.stdin
    else:
        path = Path(input_file)
        if not path.is_file():
            raise InputError(f"{input_file}: no such file")
        stream = path.open(encoding="utf-8", errors="replace")
    classified = failed = 0
    try:
        for line_number, result in classify_lines(stream):
            if isinstance(result, str):
                typer.echo(f"detente: error: line {line_number}: {result}", err=True)
                failed += 1
            else:
                typer.echo(json.dumps(result, ensure_ascii=False))
                classified += 1
    finally:
        if stream is not sys.stdin:
            stream.close()
    if failed:
        raise typer.Exit(2 if classified == 0 else 1)


# --- actor dictionary commands (actors ...) -----------------------------------------------------


@actors_app.command("import-cameo")
def actors_import_cameo(
    file: Path = typer.Argument(..., help="CAMEO/PETRARCH actor dictionary (e.g. Phoenix.Countries.actors.txt)."),
    agents: Optional[Path] = typer.Option(None, "--agents", help="CAMEO/PETRARCH agents dictionary: becomes sector_nouns."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the detente actor file here instead of standard output."),
) -> None:
    """Convert a CAMEO/PETRARCH actor dictionary into a detente actor file (YAML), keeping dated codes as roles."""
    from .actordict import dump_actor_file, import_cameo

    warnings: list[str] = []
    data = import_cameo(file, agents, warnings)
    sources = file.name + (f" and {agents.name}" if agents else "")
    header = (f"detente actor file converted by `detente actors import-cameo` from {sources}.\n"
              "Facts: as in the CAMEO/PETRARCH source; date restrictions became role start/end dates,\n"
              "CAMEO codes with no detente sector are kept as cameo_code. Format: docs/actors.md.")
    text = dump_actor_file(data, header)
    for warning in warnings:
        typer.echo(f"detente: warning: {warning}", err=True)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write ({exc.strerror or exc.__class__.__name__})") from None
    counts = ", ".join(f"{len(v)} {k}" for k, v in data.items())
    typer.echo(f"wrote {out}: {counts}", err=True)


@actors_app.command("list")
def actors_list(
    country: Optional[str] = typer.Option(None, "--country", help="Only entries of this code (USA, EUU ...)."),
    search: Optional[str] = typer.Option(None, "--search", help="Only entries whose id or any name contains this text."),
    kind: Optional[str] = typer.Option(None, "--kind", help="countries, organizations, institutions or people."),
    date_: Optional[str] = typer.Option(None, "--date", help="Show each person's role on this date YYYY-MM-DD."),
    actors: ActorsOption = [],
) -> None:
    """List the actor dictionary: code or id, name, country, sector (and a person's role)."""
    from .actordict import list_actors

    try:
        listed = list_actors(actors, kind=kind, country=country, search=search, on=parse_date_option(date_))
    except ParameterError as exc:
        raise exc.renamed({"kind": "--kind"}) from None
    rows = [(row.kind, row.key, row.name, row.country, row.sector, row.role) for row in listed]
    if not rows:
        typer.echo("no matching entries", err=True)
        raise typer.Exit(1)
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5]
        typer.echo(line.rstrip())


@actors_app.command("check")
def actors_check(
    file: Path = typer.Argument(..., help="A detente actor file (YAML) to validate."),
) -> None:
    """Validate a user actor file: one line per problem, and what it adds to the packaged dictionary."""
    from .actordict import check_actor_file

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    report = check_actor_file(file)
    counts = ", ".join(f"{n} {section}" for section, n in report.counts.items() if n)
    typer.echo(f"{file}: ok ({counts or 'no entries'})")
    for item in report.extends:
        typer.echo(f"  extends packaged {item}")
    for warning in report.warnings:
        typer.echo(f"  warning: {warning}")


# --- trigger lexicon commands (triggers ...) ---------------------------------------------------


@triggers_app.command("import-cameo")
def triggers_import_cameo(
    file: Path = typer.Argument(..., help="CAMEO/PETRARCH verb dictionary (e.g. PETR.Validate.verbs.txt, CAMEO.2.0.txt)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the detente trigger file here instead of standard output."),
    crosswalk: Optional[Path] = typer.Option(None, "--crosswalk", help="CAMEO → PLOVER crosswalk file (default: the shipped CAMEO2PLOVER-2021)."),
) -> None:
    """Convert a CAMEO/PETRARCH verb dictionary into a detente trigger file (YAML), CAMEO codes as PLOVER types."""
    from .cameo import ImportReport, dump_trigger_file, import_verbs, load_crosswalk

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    table = load_crosswalk(crosswalk)
    report = ImportReport()
    data = import_verbs(file, table, report)
    header = (f"detente trigger file converted by `detente triggers import-cameo` from {file.name}.\n"
              "Facts: the verbs and patterns of that dictionary; CAMEO codes became PLOVER types through the\n"
              f"{crosswalk.name if crosswalk else 'CAMEO2PLOVER-2021 (PLOVER project, CC BY-SA 4.0)'} crosswalk. "
              "Format and mapping rules: docs/petrarch.md.")
    text = dump_trigger_file(data, header)
    lines = report.summary()
    if out is None:
        typer.echo(text, nl=False)
        for line in lines:
            typer.echo(f"detente: {line}", err=True)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write ({exc.strerror or exc.__class__.__name__})") from None
    typer.echo(f"wrote {out}: {lines[0]}", err=True)
    for line in lines[1:]:
        typer.echo(f"detente: {line}", err=True)


# --- store commands (ingest, events, timeline, export, db ...) ---------------------------------


def _store(db: Optional[Path]):
    from .store import Store

    return Store(db)


# The options of `detente ingest` by the ingest_corpus parameter they set (its errors name parameters).
INGEST_OPTIONS = {"engine": "--engine", "workers": "--workers", "scheduler": "--scheduler", "staging": "--staging",
                  "out_parquet": "--out-parquet", "batch_size": "--batch-size", "commit_size": "--commit-every",
                  "partition_size": "--partition-size"}


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Text or HTML files, or folders of them."),
    db: DbOption = None,
    date_: Optional[str] = typer.Option(None, "--date", help="Publication date YYYY-MM-DD of every file."),
    dates: Optional[Path] = typer.Option(None, "--dates", help="CSV with file and date columns: publication dates per file."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", help="Extraction processes (default: the machine's cores)."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes) or dask (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: tcp://HOST:PORT of a running "
                                            "scheduler (default: start a LocalCluster of --workers processes)."),
    out_parquet: Optional[Path] = typer.Option(None, "--out-parquet", help="Write a Parquet dataset (documents/, "
                                               "sentences/, mentions/) to this folder instead of a store."),
    staging: Optional[Path] = typer.Option(None, "--staging", help="With --engine dask: where workers write Parquet "
                                           "parts before they are stored (default: next to the store)."),
    actors: ActorsOption = [],
    triggers: TriggersOption = [],
    gazetteer: GazetteerOption = [],
    batch_size: int = typer.Option(16, "--batch-size", help="Documents per worker task (parsed four at a time)."),
    commit_every: int = typer.Option(256, "--commit-every", help="Documents per store transaction (at most)."),
    partition_size: int = typer.Option(100, "--partition-size", help="With --engine dask: documents per task and "
                                       "Parquet part."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line per document, and extraction warnings."),
) -> None:
    """Code a corpus and store it: worker processes or a Dask cluster; resumable (stored documents are skipped).

    Shows a progress bar on a terminal (plain log lines otherwise) and ends with a summary. Exit code:
    0 all stored, 1 some files failed, 2 all failed, 130 interrupted (run again to resume).
    """
    from .ingest import load_dates_csv
    from .scale import expand_date_keys, ingest_corpus, make_reporter

    published = parse_date_option(date_)
    if out_parquet is not None and db is not None:
        raise InputError("--out-parquet writes a Parquet dataset instead of a store; leave out --db")
    existing_files("--actors", actors)
    existing_files("--triggers", triggers)
    date_map = None
    if dates is not None:
        try:
            date_map = expand_date_keys(load_dates_csv(dates), dates.parent)
        except InputError as exc:
            raise InputError(f"--dates {exc}") from None
    try:
        summary = ingest_corpus(
            paths, db, out_parquet=out_parquet, engine=engine, workers=workers, scheduler=scheduler, staging=staging,
            published=published, dates=date_map, actor_files=actors, trigger_files=triggers,
            gazetteer_files=check_gazetteer_option(gazetteer), batch_size=batch_size,
            commit_size=commit_every, partition_size=partition_size, reporter=make_reporter(), verbose=verbose,
        )
    except ParameterError as exc:
        raise exc.renamed(INGEST_OPTIONS) from None
    for line in summary.lines():
        typer.echo(line)
    typer.echo(summary.status_line())
    if summary.interrupted:
        raise SystemExit(130)
    if summary.failed:
        raise typer.Exit(2 if summary.failed == summary.documents else 1)


@app.command()
def events(
    db: DbOption = None,
    dyad: DyadOption = None,
    both_directions: bool = typer.Option(False, "--both-directions", help="With --dyad: also TARGET:SOURCE."),
    actor: Optional[list[str]] = typer.Option(None, "--actor", help="Country code (either side) or actor id; repeatable."),
    type_: Optional[list[str]] = typer.Option(None, "--type", help="PLOVER event type; repeatable or comma-separated."),
    modality: Optional[list[str]] = typer.Option(None, "--modality", help="reported, planned, ...; repeatable."),
    since: SinceOption = None,
    until: UntilOption = None,
    domestic: DomesticOption = None,
    country: CountryOption = None,
    near: Optional[str] = typer.Option(None, "--near", help="Only events located near this place (a place name, "
                                       "or LAT,LON)."),
    km: Optional[float] = typer.Option(None, "--km", help="With --near: the radius in km (default 100)."),
    gazetteer: GazetteerOption = [],
    country_of_location: Optional[str] = typer.Option(None, "--country-of-location",
                                                      help="Only events located in this country (ISO alpha-3)."),
    format_: str = typer.Option("table", "--format", help="table, jsonl, csv or parquet."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file (required for parquet)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many events."),
) -> None:
    """List stored events (one row per happening, however many articles report it)."""
    from .export import EVENT_FILE_FORMATS, EVENT_FORMATS, write_events
    from .output import check_writable
    from .store import EventQuery, resolve_near

    if format_ not in EVENT_FORMATS:
        raise InputError(f"--format {format_!r} is not one of {', '.join(EVENT_FORMATS)}")
    if format_ in EVENT_FILE_FORMATS and out is None:
        raise InputError(f"--format {format_} needs --out FILE")
    if out is not None:
        check_writable(out)
    query = EventQuery(dyad=dyad, both_directions=both_directions, actors=actor, types=type_, modalities=modality,
                       since=parse_date_option(since, "--since"), until=parse_date_option(until, "--until"),
                       domestic=domestic, internal_to=country,
                       near=None if near is None else resolve_near(near, check_gazetteer_option(gazetteer)), km=km,
                       country_of_location=country_of_location, limit=limit)
    found = _store(db).events(query, with_mentions=True)
    written = write_events(found, format_, stream=sys.stdout, out=out)
    if written is not None:
        typer.echo(f"{len(found)} event(s) -> {written}", err=True)


@app.command()
def timeline(
    dyad: DyadOption = None,
    country: CountryOption = None,
    domestic: DomesticOption = None,
    db: DbOption = None,
    freq: str = typer.Option("month", "--freq", help="month, quarter or year."),
    both_directions: bool = typer.Option(False, "--both-directions", help="Count TARGET:SOURCE events too."),
    include: Optional[list[str]] = typer.Option(None, "--include", help="Count these modalities besides reported "
                                                "(planned, expected, ...); repeatable or comma-separated."),
    weights: WeightsOption = None,
    since: Optional[str] = typer.Option(None, "--since", help="First day YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Last day YYYY-MM-DD."),
    format_: str = typer.Option("table", "--format", help="table, csv or json."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the timeline to FILE.png or FILE.svg."),
) -> None:
    """Per period: events by QuadClass and a cooperation–conflict score (PLOVER scale, -10..+10 per event).

    Of a dyad (--dyad USA:CHN) or of one country's internal events (--country KEN): give one of the two.
    """
    from . import analysis
    from .records import MODALITIES

    if (dyad is None) == (country is None):
        raise InputError("give --dyad SOURCE:TARGET or --country CODE (a country's internal events), one of the two")
    if country is not None and both_directions:
        raise InputError("--both-directions is for --dyad; a country's internal timeline has no direction")
    if format_ not in analysis.TIMELINE_FORMATS:
        raise InputError(f"--format {format_!r} is not one of {', '.join(analysis.TIMELINE_FORMATS)}")
    analysis.check_frequency(freq)
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"--plot {plot}: the file name must end in .png or .svg")
    extra = [m.lower() for m in split_option(include)]
    for modality in extra:
        if modality not in MODALITIES:
            raise InputError(f"--include {modality!r} is not a modality ({', '.join(MODALITIES)})")
    result = analysis.timeline(
        _store(db), dyad, freq=freq, both_directions=both_directions, modalities=["reported", *extra],
        weights=analysis.load_weights(weights), since=parse_date_option(since, "--since"),
        until=parse_date_option(until, "--until"), country=country, domestic=domestic,
    )
    typer.echo(analysis.render_timeline(result, format_), nl=False)
    for note in result.notes():
        typer.echo(f"detente: note: {note}", err=True)
    if plot is not None:
        typer.echo(f"plot -> {analysis.plot_timeline(result, plot)}", err=True)


@app.command("export")
def export_store(
    out: Path = typer.Argument(..., help="Folder (parquet, csv, jsonl: one file per table) or file (plover)."),
    format_: str = typer.Option(..., "--format", help="parquet, csv, jsonl or plover."),
    db: DbOption = None,
    weights: Optional[Path] = typer.Option(None, "--weights", help="Scores for PLOVER event_scale (YAML)."),
) -> None:
    """Write the whole store: tables as parquet/csv/jsonl, or PLOVER JSON records (one per line)."""
    from . import export
    from .analysis import load_weights

    export.check_export_format(format_)
    for path in export.export_store(_store(db), format_, out, weights=load_weights(weights)):
        typer.echo(str(path))


@db_app.command("info")
def db_info(
    db: DbOption = None,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Counts of documents, sentences, mentions and events, and the schema version."""
    import json

    info = _store(db).info()
    if as_json:
        typer.echo(json.dumps(info.to_record(), indent=2))
        return
    by_modality = ", ".join(f"{n} {m}" for m, n in info.events_by_modality.items()) or "none"
    span = f"{info.first_event} .. {info.last_event}" if info.first_event else "no dated events"
    for label, value in (
        ("store", info.path), ("schema version", info.schema_version),
        ("created", f"{info.created_at} by detente {info.detente_version}"),
        ("size", f"{info.size_bytes / 1e6:.1f} MB"), ("documents", info.documents),
        ("sentences", info.sentences), ("mentions", info.mentions),
        ("events", f"{info.events} ({by_modality})"), ("event dates", span),
    ):
        typer.echo(f"{label + ':':16}{value}")


@db_app.command("migrate")
def db_migrate(db: DbOption = None) -> None:
    """Create the store, or bring an older one to this detente's schema version."""
    store = _store(db)
    before, after = store.migrate()
    if before == after:
        typer.echo(f"{store.path}: schema version {after}, nothing to do")
    else:
        typer.echo(f"{store.path}: schema version {before} -> {after}")


@db_app.command("check")
def db_check(db: DbOption = None) -> None:
    """Look for half-stored documents and events without mentions: exit 1 if any, 2 if the store cannot be read."""
    problems = _store(db).check()
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(1)
    typer.echo("ok")



# --- serving commands (serve) ------------------------------------------------------------------


@app.command("serve")
def serve(
    db: DbOption = None,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8321, "--port", help="TCP port."),
    gazetteer: GazetteerOption = [],
) -> None:
    """Serve the dashboard and the JSON API (writing needs the token: $DETENTE_TOKEN, else one is printed)."""
    from . import api

    if not 0 < port < 65536:
        raise InputError(f"--port {port} is not between 1 and 65535")
    store = _store(db)
    if store.exists():
        store.info()  # refuse a corrupt, foreign or too new file now, in one line, not on the first request
    api.check_can_listen(host, port)
    token, generated = api.resolve_token()
    local = api.is_loopback(host)
    application = api.create_app(store.path, token=token, allowed_hosts=(*api.LOOPBACK_HOST_NAMES, host) if local else None,
                                 gazetteer_files=check_gazetteer_option(gazetteer))
    if not local:
        typer.echo(f"detente: warning: listening on {host}: anyone who can reach this machine can read the store",
                   err=True)
    shown_host = f"[{host}]" if ":" in host else host
    typer.echo(f"detente: serving {store.path} at http://{shown_host}:{port}/  (API schema: /api/openapi.json)")
    if not store.exists():
        typer.echo("detente: note: no store yet; POST /api/documents creates it", err=True)
    if generated:
        typer.echo(f"detente: write token (Authorization: Bearer ...): {token}")
    else:
        typer.echo(f"detente: write token from ${api.TOKEN_ENV_VAR}")
    import uvicorn

    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)


# --- time: `detente when` (one self-contained block; the resolver is detente.timeref.when) -----


@app.command("when")
def when_command(
    text: str = typer.Argument(..., help="A time expression (\"last March\") or a sentence holding some."),
    published: str = typer.Option(..., "--date", help="The article date it is read against, YYYY-MM-DD."),
    tense: Optional[str] = typer.Option(None, "--tense", help="past, present or future (default: read from the sentence)."),
    output_format: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Resolve time words against an article date: value, period, precision, rule and anchor (docs/time.md)."""
    import json
    import re

    from . import timeref

    if output_format not in ("table", "json"):
        fail(f"--format must be table or json, not {output_format!r}")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            raise ValueError
        article_date = date.fromisoformat(published)
    except ValueError:
        fail(f"--date {published!r} is not a valid date (expected YYYY-MM-DD)")
    try:
        rows = timeref.when(text, article_date, tense)
    except ValueError as exc:
        fail(str(exc))
    if output_format == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        period = f"{row['period_start'] or '…'}..{row['period_end'] or '…'}" if row["period_start"] or row["period_end"] else "-"
        typer.echo(f"{row['text']!r}: {row['value'] or '-'} ({row['precision']}), period {period}, "
                   f"rule {row['rule']}, anchor {row['anchor'] or 'none'}, tense {row['tense']}")


def main() -> None:
    """Console-script entry point: run the app, turning known errors into one line."""
    try:
        code = app(standalone_mode=False)  # click returns, not raises, the code of typer.Exit here
        if isinstance(code, int) and code:
            sys.exit(code)
    except DetenteError as exc:
        typer.echo(f"detente: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("detente: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("detente: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # usage errors and the unexpected, still in one line
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # click's (typer vendors it)
            typer.echo(f"detente: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code or 2)
        typer.echo(f"detente: internal error: {exc.__class__.__name__}: {exc}", err=True)
        sys.exit(1)
