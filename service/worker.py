"""Extraction off the request path.

The upload handler parses and stores a document (``queued``); :class:`ExtractionQueue` runs
:func:`process_document` for it, which moves it to ``processing`` and then ``done`` or
``failed`` with the reason. Extraction is CPU-bound Python (jieba, spaCy, regexes), so the
queue uses worker *processes* (``spawn``: no forked copies of the server's threads or
connections); each one loads the pipeline once and writes its results through its own engine.
``workers=0`` runs extractions on one thread of the server process instead (tests, tiny hosts).
``jianbao load`` and the tests call :func:`process_document` directly.
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
from sqlalchemy.orm import Session

from service import crud
from service.core.db import session_scope
from service.models import Document, DocumentStatus

log = logging.getLogger(__name__)
# Run through the pipeline once when a worker starts, so the first upload is not the slow one.
WARM_UP_TEXT = "3月1日，县政府召开工作会议。"


def process_document(session: Session, doc_id: int, *, model_path: str | None = None) -> Document:
    """Parse and extract one stored document and save the result (or why it failed)."""
    from extractor.errors import ExtractionError
    from extractor.extraction import extract
    from extractor.parse import parse_bytes
    from extractor.pipeline import load_nlp

    doc = crud.get_document(session=session, document_id=doc_id)
    if doc is None:
        raise LookupError(f"no document {doc_id}")
    crud.mark_processing(session=session, document=doc)
    try:
        bulletin = parse_bytes(doc.content, doc.filename)
        extraction = extract(bulletin, reference_date=doc.reference_date, nlp=load_nlp(model_path))
        crud.save_extraction(session=session, document=doc, extraction=extraction)
    except ExtractionError as exc:
        session.rollback()
        crud.mark_failed(session=session, document=doc, error=str(exc))
    except Exception as exc:  # a bug must fail one document, not the worker
        log.exception("extraction of document %s failed", doc_id)
        session.rollback()
        crud.mark_failed(
            session=session, document=doc, error=f"internal error: {type(exc).__name__}: {exc}"
        )
    return doc


def _init_process(model_path: str | None) -> None:
    """Load the pipeline (and jieba's dictionary) when a worker starts, not on its first job."""
    from extractor.pipeline import load_nlp, run

    run(load_nlp(model_path), WARM_UP_TEXT)


def _ready() -> bool:
    return True


def run_job(url: str, doc_id: int, model_path: str | None) -> str:
    """One queued extraction (runs in a worker); returns the document's final status."""
    with session_scope(url) as session:
        return process_document(session, doc_id, model_path=model_path).status.value


class ExtractionQueue:
    """Schedules extractions of stored documents on worker processes (or a thread)."""

    def __init__(self, *, url: str, workers: int, model_path: str | None = None) -> None:
        self.url = url
        self.workers = workers
        self.model_path = model_path
        self._lock = threading.Lock()
        self._executor: Executor | None = None

    def _get_executor(self) -> Executor:
        with self._lock:
            if self._executor is None:
                if self.workers > 0:
                    self._executor = ProcessPoolExecutor(
                        max_workers=self.workers,
                        mp_context=multiprocessing.get_context("spawn"),
                        initializer=_init_process,
                        initargs=(self.model_path,),
                    )
                else:
                    self._executor = ThreadPoolExecutor(
                        max_workers=1, thread_name_prefix="jianbao-extract"
                    )
            return self._executor

    def start(self) -> None:
        """Start the worker processes now (each loads the pipeline) instead of on first use."""
        executor = self._get_executor()
        if isinstance(executor, ProcessPoolExecutor):
            for _ in range(self.workers):
                executor.submit(_ready)

    def submit(self, doc_id: int) -> Future[str]:
        """Schedule the extraction of a stored document."""
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
                doc = crud.get_document(session=session, document_id=doc_id)
                if doc is not None and doc.status != DocumentStatus.DONE:
                    crud.mark_failed(
                        session=session,
                        document=doc,
                        error=f"the extraction worker stopped: {type(exc).__name__}: {exc}",
                    )
        except Exception:
            log.exception("could not mark document %s as failed", doc_id)

    def resume(self) -> list[Future[str]]:
        """Schedule the documents a previous run left queued or processing."""
        with session_scope(self.url) as session:
            pending = [DocumentStatus.QUEUED, DocumentStatus.PROCESSING]
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
