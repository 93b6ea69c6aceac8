"""Extraction on Celery workers (Redis broker and result backend, one shared store).

    celery -A service.runners.celery_app worker   or   jianbao worker --broker redis://… --db URL

The task :func:`extract_document` takes the id (and SHA-256) of a document already stored with
its bytes — by an upload, or by ``jianbao batch --queue`` (:mod:`service.runners.queued`) — and
runs the one extraction job on it (:func:`service.runners.task.process_document`), saving the
result in the worker's store (``JIANBAO_DATABASE_URL``, which every worker and the submitter
share: PostgreSQL across machines). A task first *claims* its document (queued or failed →
processing, in one UPDATE), so a message delivered twice extracts it once.

Time limit and crash isolation come from Celery's prefork pool: past ``timeout`` seconds the
task is interrupted (soft limit), 10 s later its process is killed (hard limit); a process that
dies is replaced. Either way the task is sent again once (``attempt`` 2), then the document is
marked failed with the reason (:func:`_after_failure`, which Celery calls in the worker).
The batch workers' test hook (:func:`service.runners.batch.apply_test_hooks`) applies here too.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from billiard.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded, WorkerLostError
from celery import Celery, signals
from sqlalchemy import update

from service.core.config import DEFAULT_BROKER_URL, Settings
from service.core.db import get_engine, session_scope
from service.core.models import Document, DocumentStatus
from service.store import documents

log = logging.getLogger(__name__)

TASK_NAME = "jianbao.extract_document"
MAX_ATTEMPTS = 2
# Seconds between the soft time limit (the task is interrupted) and the hard one (killed).
HARD_LIMIT_GRACE_S = 10


class TimedOut(Exception):
    """The soft time limit interrupted an extraction."""


@functools.cache
def settings() -> Settings:
    """This process's settings (the environment's, read once)."""
    return Settings()


def make_app() -> Celery:
    s = settings()
    broker = s.BROKER_URL or DEFAULT_BROKER_URL
    celery_app = Celery("jianbao", broker=broker, backend=s.RESULT_BACKEND or broker)
    configure(celery_app, broker=broker, backend=s.RESULT_BACKEND, queue=s.QUEUE)
    return celery_app


def configure(celery_app: Celery, *, broker: str, backend: str | None, queue: str) -> None:
    """Point the app at a broker (and result backend, by default the broker) and a queue."""
    celery_app.conf.update(
        broker_url=broker,
        result_backend=backend or broker,
        task_default_queue=queue,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=24 * 3600,
        task_acks_late=True,  # a worker machine that goes away leaves its task to another
        worker_prefetch_multiplier=1,  # long tasks: take one at a time
        worker_proc_alive_timeout=120,
        broker_connection_retry_on_startup=True,
    )


app = make_app()


def time_limits(timeout: float) -> dict[str, float]:
    return {"soft_time_limit": timeout, "time_limit": timeout + HARD_LIMIT_GRACE_S}


def submit(doc_id: int, sha256: str | None = None, *, timeout: float | None = None,
           attempt: int = 1) -> str:
    """Send the extraction of a stored document to the workers; returns the task id."""
    timeout = timeout or settings().TASK_TIMEOUT_S
    result = extract_document.apply_async(
        args=(doc_id, sha256), kwargs={"attempt": attempt, "timeout": timeout},
        **time_limits(timeout),
    )
    return str(result.id)


def claim(url: str, doc_id: int, sha256: str | None, *, retry: bool) -> bool:
    """Mark the document processing if it waits (or failed; or, on a retry, is processing)."""
    states = [DocumentStatus.QUEUED, DocumentStatus.FAILED]
    if retry:
        states.append(DocumentStatus.PROCESSING)
    query = update(Document).where(Document.id == doc_id, Document.status.in_(states))
    if sha256:
        query = query.where(Document.sha256 == sha256)
    with session_scope(url) as session:
        claimed = session.execute(query.values(status=DocumentStatus.PROCESSING, error=None))
        session.commit()
        return bool(getattr(claimed, "rowcount", 0))


def mark_failed(url: str, doc_id: int, reason: str) -> None:
    """Record why a document failed, unless it was extracted meanwhile."""
    with session_scope(url) as session:
        documents.fail_unfinished(session=session, document_id=doc_id, error=reason)


@app.task(name=TASK_NAME, bind=True)
def extract_document(
    self: Any, doc_id: int, sha256: str | None = None, *, attempt: int = 1,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Parse and extract one stored document; the result says what became of it."""
    from service.runners.batch import apply_test_hooks
    from service.runners.task import process_document

    url = settings().DATABASE_URL
    if not claim(url, doc_id, sha256, retry=attempt > 1):
        return {"document": doc_id, "status": "skipped"}
    try:
        with session_scope(url) as session:
            doc = documents.get_document(session=session, document_id=doc_id)
            apply_test_hooks(doc.filename if doc else None)
            doc = process_document(session, doc_id, model_path=settings().MODEL_PATH,
                                   reraise=(SoftTimeLimitExceeded,))
            return {"document": doc_id, "status": doc.status.value, "error": doc.error}
    except SoftTimeLimitExceeded:
        raise TimedOut(f"timed out after {timeout or settings().TASK_TIMEOUT_S:g} s") from None


def _reason(exc: BaseException, timeout: float | None) -> str:
    if isinstance(exc, TimedOut):
        return str(exc)
    if isinstance(exc, TimeLimitExceeded):
        return f"timed out after {timeout:g} s (killed)" if timeout else "timed out (killed)"
    if isinstance(exc, WorkerLostError):
        return f"the worker process died ({exc})"
    return f"internal error: {type(exc).__name__}: {exc}"


@signals.task_failure.connect
def _after_failure(
    sender: Any = None, exception: BaseException | None = None, args: Any = (),
    kwargs: dict[str, Any] | None = None, **_: Any,
) -> None:
    """A time limit or a dead process: send the task again once, then mark the document failed."""
    if getattr(sender, "name", None) != TASK_NAME or not args:
        return
    kwargs = dict(kwargs or {})
    attempt, timeout = int(kwargs.get("attempt", 1)), kwargs.get("timeout")
    doc_id, sha256 = args[0], args[1] if len(args) > 1 else None
    retryable = isinstance(exception, TimedOut | TimeLimitExceeded | WorkerLostError)
    try:
        if retryable and attempt < MAX_ATTEMPTS:
            submit(doc_id, sha256, timeout=timeout, attempt=attempt + 1)
            return
        reason = _reason(exception or RuntimeError("unknown"), timeout)
        if retryable:
            reason += f" (tried {attempt} times)"
        mark_failed(settings().DATABASE_URL, doc_id, reason)
    except Exception:
        log.exception("could not retry or fail document %s", doc_id)


@signals.worker_init.connect
def _warm_up(**_: Any) -> None:
    """Load the pipeline in the worker's main process: its pool processes inherit it (fork)."""
    from service.runners.task import warm_up

    warm_up(settings().MODEL_PATH)


@signals.worker_process_init.connect
def _fresh_connections(**_: Any) -> None:
    """A forked pool process must not reuse its parent's database connections."""
    get_engine(settings().DATABASE_URL).dispose(close=False)
