"""The ``jianbao`` command line (CONTRACT.md): extract, batch, serve, load, train, evaluate, token.

Library commands live here; commands that need the store or the web app import ``service``
lazily, so ``jianbao extract`` starts without FastAPI or SQLAlchemy.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from extractor.errors import ExtractionError

app = typer.Typer(help="Jianbao: extract units, officials, dates and counts from bulletins.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def _root() -> None:
    """Jianbao: extract units, officials, dates and counts from bulletins."""


class OutputFormat(str, Enum):
    json = "json"
    table = "table"


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value}") from None


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, then exit (2 = unreadable input, per the contract)."""
    print(f"jianbao: {message}", file=sys.stderr)  # noqa: T201
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="a .txt, .docx, .doc or .pdf file")],
    reference_date: Annotated[
        str | None,
        typer.Option("--reference-date", callback=_check_date,
                     help="YYYY-MM-DD: gives a year to dates written without one"),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="json or table")] = OutputFormat.json,
) -> None:
    """Parse one file and print its extraction."""
    from extractor.extraction import extract_file

    try:
        result = extract_file(file, reference_date=reference_date)
    except ExtractionError as exc:
        fail(f"{file}: {exc}")
        return
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        from extractor.report import print_table

        print_table(result)
