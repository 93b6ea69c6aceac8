"""Extraction off the request path: the server's own queue for uploads.

The upload handler parses and stores a document (``queued``); :class:`ExtractionQueue` runs
:func:`~service.runners.task.process_document` for it, which moves it to ``processing`` and then
``done`` or ``failed`` with the reason. Extraction is CPU-bound Python (jieba, spaCy, regexes),
so the queue uses worker *processes* (``spawn``: no forked copies of the server's threads or
connections); each one loads the pipeline once and writes its results through its own engine.
``workers=0`` runs extractions on one thread of the server process instead (tests, tiny hosts).
``jianbao load``, the Celery task and the tests call ``process_document`` directly.

When a Celery broker is configured (``JIANBAO_BROKER_URL``), the queue runs nothing itself: it
sends each document to the ``jianbao worker`` processes (:mod:`service.runners.celery_app`),
which share the store.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import (
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
)

from sqlalchemy import select

from service.core.db import session_scope
from service.core.models import Document, DocumentStatus
from service.runners.task import process_document, warm_up
from service.store.documents import fail_unfinished

log = logging.getLogger(__name__)


def _ready() -> bool:
    return True


def run_job(url: str, doc_id: int, model_path: str | None) -> str:
    """One queued extraction (runs in a worker); returns the document's final status."""
    with session_scope(url) as session:
        return process_document(session, doc_id, model_path=model_path).status.value


# broker_url's default: the JIANBAO_BROKER_URL setting of the environment.
_FROM_ENVIRONMENT = "environment"


class ExtractionQueue:
    """Schedules extractions of stored documents on worker processes, a thread, or Celery."""

    def __init__(
        self,
        *,
        url: str,
        workers: int,
        model_path: str | None = None,
        broker_url: str | None = _FROM_ENVIRONMENT,
    ) -> None:
        self.url = url
        self.workers = workers
        self.model_path = model_path
        if broker_url == _FROM_ENVIRONMENT:
            from service.core.config import Settings

            broker_url = Settings().BROKER_URL
        self.broker_url = broker_url
        self._lock = threading.Lock()
        self._executor: Executor | None = None

    def _get_executor(self) -> Executor:
        with self._lock:
            if self._executor is None:
                if self.workers > 0:
                    self._executor = ProcessPoolExecutor(
                        max_workers=self.workers,
                        mp_context=multiprocessing.get_context("spawn"),
                        # the pipeline is loaded when a worker starts, not on its first upload
                        initializer=warm_up,
                        initargs=(self.model_path,),
                    )
                else:
                    self._executor = ThreadPoolExecutor(
                        max_workers=1, thread_name_prefix="jianbao-extract"
                    )
            return self._executor

    def start(self) -> None:
        """Start the worker processes now (each loads the pipeline) instead of on first use."""
        if self.broker_url:
            return
        executor = self._get_executor()
        if isinstance(executor, ProcessPoolExecutor):
            for _ in range(self.workers):
                executor.submit(_ready)

    def submit(self, doc_id: int) -> Future[str]:
        """Schedule the extraction of a stored document; the future gives its final status.

        With a broker, the document is sent to the Celery workers and the future is already
        resolved to "queued" (the store says when it is done).
        """
        if self.broker_url:
            return self._send(doc_id)
        executor = self._get_executor()
        future = executor.submit(run_job, self.url, doc_id, self.model_path)
        future.add_done_callback(lambda f: self._finished(doc_id, f, executor))
        return future

    def _finished(self, doc_id: int, future: Future[str], executor: Executor) -> None:
        if future.cancelled() or (exc := future.exception()) is None:
            return
        log.error("extraction of document %s stopped: %r", doc_id, exc)
        if isinstance(exc, BrokenExecutor):
            # A worker died (killed, out of memory): the next submit starts a fresh pool.
            with self._lock:
                if self._executor is executor:
                    self._executor = None
            executor.shutdown(wait=False)
        try:
            with session_scope(self.url) as session:
                fail_unfinished(
                    session=session,
                    document_id=doc_id,
                    error=f"the extraction worker stopped: {type(exc).__name__}: {exc}",
                )
        except Exception:
            log.exception("could not mark document %s as failed", doc_id)

    def _send(self, doc_id: int) -> Future[str]:
        from service.runners import celery_app

        if celery_app.app.conf.broker_url != self.broker_url:
            celery_app.configure(
                celery_app.app, broker=str(self.broker_url),
                backend=celery_app.settings().RESULT_BACKEND, queue=celery_app.settings().QUEUE,
            )
        try:
            celery_app.submit(doc_id)
        except Exception:  # the broker is down: the document stays queued for resume()
            log.exception("could not send document %s to the workers", doc_id)
        future: Future[str] = Future()
        future.set_result(DocumentStatus.QUEUED.value)
        return future

    def resume(self) -> list[Future[str]]:
        """Schedule the documents a previous run left queued or processing.

        With a broker, only queued ones are sent again (a Celery task claims its document, so
        one already on its way is extracted once); processing ones are the workers' own.
        """
        with session_scope(self.url) as session:
            pending = [DocumentStatus.QUEUED, DocumentStatus.PROCESSING]
            if self.broker_url:
                pending = [DocumentStatus.QUEUED]
            ids = session.scalars(
                select(Document.id).where(Document.status.in_(pending)).order_by(Document.id)
            ).all()
        return [self.submit(doc_id) for doc_id in ids]

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop: extractions not started yet are dropped (their documents stay queued)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)
