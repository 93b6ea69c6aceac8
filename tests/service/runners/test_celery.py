"""``jianbao batch --queue``: a real ``jianbao worker`` process on the real Redis and PostgreSQL.

Skips, saying why, when Redis (127.0.0.1:6379, or JIANBAO_TEST_REDIS_URL) or PostgreSQL (the
``test`` database at 127.0.0.1:5432, or JIANBAO_TEST_PG_URL) cannot be reached. Each run uses
a queue and a database schema of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from service.cli import register
from service.core.db import init_db, session_scope
from service.core.models import Document, DocumentStatus
from service.runners.batch import CRASH_ENV, HANG_ENV
from tests.service.conftest import postgres_schema
from tests.service.runners.test_batch import (
    CRASH,
    HANG,
    REPO,
    TIMEOUT,
    build_mixed_folder,
    read_jsonl,
    sha,
)

REDIS_URL = os.environ.get("JIANBAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PG_URL = os.environ.get("JIANBAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def redis_url() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A migrated, empty schema of its own in the test database (dropped afterwards)."""
    with postgres_schema() as url:
        init_db(url)
        yield url


def _jianbao(*args: str) -> list[str]:
    return [sys.executable, "-c", "from service.cli import app; app()", *args]


@pytest.fixture(scope="module")
def queue_env(redis_url: str) -> Iterator[dict[str, str]]:
    """The environment of a worker and a submitter sharing a queue of their own."""
    import redis

    queue = f"jianbao-test-{uuid.uuid4().hex[:8]}"
    yield dict(os.environ, JIANBAO_QUEUE=queue, **{HANG_ENV: HANG, CRASH_ENV: CRASH})
    client = redis.Redis.from_url(redis_url)
    client.delete(queue)
    client.close()


@pytest.fixture(scope="module")
def worker(
    tmp_path_factory: pytest.TempPathFactory, pg_url: str, redis_url: str,
    queue_env: dict[str, str],
) -> Iterator[Path]:
    """A running ``jianbao worker`` (two pool processes); yields its log file."""
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            _jianbao("worker", "--concurrency", "2", "--db", pg_url, "--broker", redis_url,
                     "--loglevel", "warning"),
            cwd=REPO, env=queue_env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            yield log_path
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_celery_workers_give_the_local_records(
    tmp_path: Path, pg_url: str, redis_url: str, queue_env: dict[str, str], worker: Path
) -> None:
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    reference = tmp_path / "本地"
    good = build_mixed_folder(reference, bad=False)
    local_out = tmp_path / "local.jsonl"
    local = CliRunner().invoke(app, ["batch", str(reference), "--workers", "1",
                                     "--out", str(local_out)])
    assert local.exit_code == 0, local.output

    folder = tmp_path / "简报"
    build_mixed_folder(folder)
    out = tmp_path / "celery.jsonl"
    submitted = subprocess.run(
        _jianbao("batch", str(folder), "--queue", redis_url, "--db", pg_url,
                 "--out", str(out), "--timeout", TIMEOUT),
        cwd=REPO, env=queue_env, capture_output=True, text=True, timeout=600,
    )
    assert submitted.returncode == 0, submitted.stderr + worker.read_text()

    by_sha = {d["document"]["sha256"]: d["records"] for d in read_jsonl(out)}
    expected = {d["document"]["sha256"]: d["records"] for d in read_jsonl(local_out)}
    assert sorted(expected) == sorted(map(sha, good.values()))
    assert by_sha == expected

    failures = {Path(f["path"]).name: f["reason"]
                for f in read_jsonl(tmp_path / "celery.failures.jsonl")}
    assert set(failures) == {"损坏.pdf", f"{HANG}的通报.txt", f"{CRASH}的通报.txt"}
    assert "corrupt or truncated" in failures["损坏.pdf"]
    assert "timed out after 3 s (tried 2 times)" in failures[f"{HANG}的通报.txt"]
    assert "worker process died" in failures[f"{CRASH}的通报.txt"]
    with session_scope(pg_url) as session:
        stored = dict(session.execute(select(Document.sha256, Document.status)).all())
    assert {s for s, status in stored.items() if status is DocumentStatus.DONE} == set(expected)
    assert sum(status is DocumentStatus.FAILED for status in stored.values()) == 3


@pytest.fixture
def client_queue(queue_env: dict[str, str], redis_url: str,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process sends its tasks to the test queue (the defaults come back afterwards)."""
    from service.runners import celery_app

    monkeypatch.setenv("JIANBAO_QUEUE", queue_env["JIANBAO_QUEUE"])
    celery_app.settings.cache_clear()
    celery_app.configure(celery_app.app, broker=redis_url, backend=None,
                         queue=queue_env["JIANBAO_QUEUE"])
    yield
    monkeypatch.undo()
    celery_app.settings.cache_clear()
    defaults = celery_app.settings()
    celery_app.configure(celery_app.app, broker=defaults.BROKER_URL or redis_url,
                         backend=defaults.RESULT_BACKEND, queue=defaults.QUEUE)


@pytest.mark.usefixtures("client_queue")
def test_uploads_go_to_the_celery_workers(pg_url: str, redis_url: str, worker: Path) -> None:
    from service.runners.local import ExtractionQueue
    from service.store.documents import get_document, store_upload
    from service.store.records import list_records

    data = "11月2日，区民政局召开养老服务工作会议。截至11月5日，全区建成养老服务站18个。".encode()
    with session_scope(pg_url) as session:
        doc, _ = store_upload(session=session, data=data, filename="养老.txt")
    queue = ExtractionQueue(url=pg_url, workers=2, broker_url=redis_url)
    assert queue.submit(doc.id).result(timeout=5) == "queued"
    deadline = time.monotonic() + 120
    while True:
        with session_scope(pg_url) as session:
            stored = get_document(session=session, document_id=doc.id)
            if stored.status in (DocumentStatus.DONE, DocumentStatus.FAILED):
                break
        assert time.monotonic() < deadline, worker.read_text()
        time.sleep(0.2)
    assert stored.status is DocumentStatus.DONE, stored.error
    with session_scope(pg_url) as session:
        records, _ = list_records(session=session, document_id=doc.id)
    assert {r.kind for r in records} >= {"metric"}
