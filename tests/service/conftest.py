"""Store and app fixtures: every test runs on a temporary SQLite file and on PostgreSQL.

The PostgreSQL variant uses a fresh schema in the ``test`` database at 127.0.0.1:5432 (override
with JIANBAO_TEST_PG_URL) and skips, saying why, when the server cannot be reached.
"""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from service.core.config import Settings
from service.core.db import get_engine, get_sessionmaker, init_db
from service.core.models import Base, Role
from service.main import create_app
from service.store.tokens import create_token

with warnings.catch_warnings():
    # Starlette 1.x wants httpx2 for its test client and warns when it falls back to httpx.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PG_URL = os.environ.get("JIANBAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Upload limit in the test app, small enough to test 413 cheaply.
TEST_MAX_UPLOAD_MB = 0.25


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URL of a new, empty schema in the test database (dropped afterwards)."""
    schema = f"jianbao_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin.dispose()
        where = make_url(PG_URL)
        pytest.skip(f"PostgreSQL not reachable at {where.host}:{where.port or 5432}: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database (one per test module and backend)."""
    if request.param == "postgresql":
        with postgres_schema() as url:
            init_db(url)
            yield url
        return
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'jianbao.sqlite3'}"
    init_db(url)
    yield url
    get_engine(url).dispose()


def _clear(url: str) -> None:
    with get_engine(url).begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    """A session on an empty store (emptied again afterwards)."""
    _clear(database_url)
    s = get_sessionmaker(database_url)()
    try:
        yield s
    finally:
        s.close()
        _clear(database_url)


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Extractions run on a thread of the app (WORKERS=0): no process start-up per test.
    return Settings(DATABASE_URL=database_url, WORKERS=0, MAX_UPLOAD_MB=TEST_MAX_UPLOAD_MB)


@pytest.fixture
def client(settings: Settings, session: Session) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def tokens(session: Session) -> dict[str, str]:
    """One live API token per role."""
    return {role.value: create_token(session=session, role=role) for role in Role}


class Api:
    """The test client with a token per role, and the calls the tests repeat."""

    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def get(self, path: str, *, role: str = "viewer", **params: Any) -> httpx.Response:
        return self.client.get(path, headers=self.headers(role), params=params)

    def upload(
        self,
        data: bytes,
        filename: str = "通报.txt",
        *,
        role: str = "uploader",
        reference_date: str | None = None,
    ) -> httpx.Response:
        form = {"reference_date": reference_date} if reference_date else None
        return self.client.post(
            "/api/documents",
            headers=self.headers(role),
            files={"file": (filename, data, "application/octet-stream")},
            data=form,
        )

    def wait(self, doc_id: int, timeout: float = 120) -> dict[str, Any]:
        """Poll GET /api/documents/{id} until its extraction has finished (done or failed)."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.get(f"/api/documents/{doc_id}")
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            if body["status"] in ("done", "failed"):
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"document {doc_id} still {body['status']} after {timeout}s")
            time.sleep(0.05)


@pytest.fixture
def api(client: TestClient, tokens: dict[str, str]) -> Api:
    return Api(client, tokens)


@pytest.fixture(scope="module")
def cli() -> Any:
    """A ``jianbao`` Typer app with the service's commands registered (for CliRunner)."""
    import typer

    from service.cli import register

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """jianbao"""

    register(app)
    return app
