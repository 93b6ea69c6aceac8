"""The Alembic migrations: they reach the newest schema, which is the ORM's (both backends)."""

from __future__ import annotations

from service.core.db import alembic_config, init_db


def test_migrations_match_the_models(database_url: str) -> None:
    from alembic import command

    init_db(database_url)  # a second run is a no-op
    command.check(alembic_config(database_url))  # raises when models and migrations differ
