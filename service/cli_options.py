"""Options and helpers shared by the service's commands (``service.cli``, ``service.cli_batch``)."""

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


def _err(message: str) -> None:
    print(message, file=sys.stderr)  # noqa: T201


def _settings(db: str | None, **overrides: object) -> Settings:
    from service.core.config import Settings

    values = {k: v for k, v in overrides.items() if v is not None}
    if db:
        values["DATABASE_URL"] = db
    return Settings(**values)  # type: ignore[arg-type]
