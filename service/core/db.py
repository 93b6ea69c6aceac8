"""Engines, sessions and migrations.

SQLite (the default, a file under var/) gets WAL mode, foreign keys and a busy timeout so the
extraction workers and the web server can share the file; PostgreSQL is used by URL
(``postgresql+psycopg://user@host/db``). ``init_db(url)`` migrates the schema to the newest
Alembic revision and is called by ``serve``, ``load`` and the tests.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Milliseconds a SQLite writer waits for another one before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """A new engine for ``url``; a SQLite file's folder is created when missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@functools.cache
def get_engine(url: str) -> Engine:
    """The one engine of this process for ``url``."""
    return make_engine(url)


@functools.cache
def get_sessionmaker(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that is closed afterwards (the caller commits)."""
    session = get_sessionmaker(url)()
    try:
        yield session
    finally:
        session.close()


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's ini interpolation treats % specially (passwords may contain it).
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def init_db(url: str) -> Engine:
    """Migrate the database at ``url`` to the newest schema and return its engine."""
    from alembic import command

    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return engine
