"""One stored document through the extractor: the job that every runner shares.

The upload queue (``service.worker``), the Celery task (``service.tasks``) and ``jianbao load``
all call :func:`process_document`: parse the stored bytes, extract, save the result, or record
why it failed (status ``failed`` with the reason).
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from service import crud
from service.models import Document

log = logging.getLogger(__name__)


def process_document(
    session: Session,
    doc_id: int,
    *,
    model_path: str | None = None,
    reraise: tuple[type[BaseException], ...] = (),
) -> Document:
    """Parse and extract one stored document and save the result (or why it failed).

    Exceptions of the ``reraise`` types (a time limit) are not recorded but raised.
    """
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
    except reraise:
        session.rollback()
        raise
    except Exception as exc:  # a bug must fail one document, not the worker
        log.exception("extraction of document %s failed", doc_id)
        session.rollback()
        crud.mark_failed(
            session=session, document=doc, error=f"internal error: {type(exc).__name__}: {exc}"
        )
    return doc
