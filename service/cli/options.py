"""Options and helpers shared by the service's commands (:mod:`service.cli.commands`,
:mod:`service.cli.batch`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from service.core.config import Settings

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="database URL (sqlite:///var/jianbao.sqlite3, postgresql+psycopg://…)"
    ),
]


def echo_err(message: str) -> None:
    """Print a message for the person at the terminal on stderr."""
    print(message, file=sys.stderr)  # noqa: T201


def settings_for(db: str | None, **overrides: object) -> Settings:
    """The environment's settings with ``--db`` and the other options given (None: not given)."""
    from service.core.config import Settings

    values = {k: v for k, v in overrides.items() if v is not None}
    if db:
        values["DATABASE_URL"] = db
    return Settings(**values)  # type: ignore[arg-type]
