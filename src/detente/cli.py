"""The ``detente`` command line. The only module that parses arguments; each command calls the Python API.

Every command turns a DetenteError into one line on stderr and exit code 2 (never a traceback).
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Optional

import typer

from .errors import DetenteError, InputError

app = typer.Typer(
    name="detente",
    help="Political event data from news and analysis text: coded, dated, evidenced PLOVER events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
actors_app = typer.Typer(help="Actor dictionaries: list, check, import.", no_args_is_help=True)
db_app = typer.Typer(help="The event store itself.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")
app.add_typer(db_app, name="db")


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and leave with ``code``."""
    typer.echo(f"detente: error: {message}", err=True)
    raise typer.Exit(code)


def parse_date_option(value: Optional[str], option: str = "--date") -> Optional[date]:
    """A YYYY-MM-DD option value as a date, or an InputError naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a valid date (expected YYYY-MM-DD)") from None


# --- extraction commands (extract, demo) -------------------------------------------------------


# --- evaluation commands (evaluate, classify) ---------------------------------------------------


# --- actor dictionary commands (actors ...) -----------------------------------------------------


# --- store commands (ingest, events, timeline, export, db ...) ---------------------------------


# --- serving commands (serve) ------------------------------------------------------------------


def main() -> None:
    """Console-script entry point: run the app, turning known errors into one line."""
    try:
        app(standalone_mode=False)
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
    except Exception as exc:  # click usage errors and the unexpected, still in one line
        import click

        if isinstance(exc, click.exceptions.ClickException):
            typer.echo(f"detente: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        typer.echo(f"detente: internal error: {exc.__class__.__name__}: {exc}", err=True)
        sys.exit(1)
