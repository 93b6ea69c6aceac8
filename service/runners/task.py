"""The one extraction job, which every runner shares.

:func:`process_document` takes one *stored* document through the extractor: parse its bytes,
extract, save the result, or record why it failed (status ``failed`` with the reason). The upload
queue (:mod:`service.runners.local`), the Celery task (:mod:`service.runners.celery_app`, which
``jianbao batch --queue`` feeds) and ``jianbao load`` all call it.

Its parse → extract core is :func:`extract_file`, which the local batch workers
(:mod:`service.runners.batch`) call on files not stored yet: a batch may write JSONL only, and
its results are saved by the batch's own process with the same store function
(:func:`service.store.records.save_extraction`). :func:`warm_up` loads what an extraction loads
lazily, once per worker process.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from service.core.models import Document
from service.store import documents
from service.store.records import save_extraction

if TYPE_CHECKING:
    from extractor.document import Bulletin
    from extractor.extraction import Extraction

log = logging.getLogger(__name__)
# A small bulletin (written for this purpose) that takes every component through its lazy loads.
WARM_UP = """关于春季农业生产工作进展情况的通报
3月1日，县政府召开全县春耕生产动员会。截至3月5日，全县已完成育秧460亩，培训农民1200人次，\
建成示范基地3个，共有15个乡镇制定了实施方案。
"""


def extract_file(
    data: bytes,
    filename: str | None = None,
    *,
    reference_date: str | None = None,
    model_path: str | None = None,
) -> tuple[Bulletin, Extraction]:
    """Parse a file's bytes (the type found from them) and extract: the parsed file and its
    extraction. Raises ``ExtractionError`` for an unreadable file."""
    from extractor.extraction import extract
    from extractor.parse import parse_bytes
    from extractor.pipeline import load_nlp

    bulletin = parse_bytes(data, filename)
    extraction = extract(bulletin, reference_date=reference_date, nlp=load_nlp(model_path))
    return bulletin, extraction


def warm_up(model_path: str | None = None) -> None:
    """Load everything an extraction loads lazily (pipeline, jieba's dictionaries, lexicons),
    so the first document of a worker (and its time limit) is not spent on it."""
    extract_file(WARM_UP.encode("utf-8"), model_path=model_path)


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

    doc = documents.get_document(session=session, document_id=doc_id)
    if doc is None:
        raise LookupError(f"no document {doc_id}")
    documents.mark_processing(session=session, document=doc)
    try:
        _, extraction = extract_file(
            doc.content, doc.filename, reference_date=doc.reference_date, model_path=model_path
        )
        save_extraction(session=session, document=doc, extraction=extraction)
    except ExtractionError as exc:
        session.rollback()
        documents.mark_failed(session=session, document=doc, error=str(exc))
    except reraise:
        session.rollback()
        raise
    except Exception as exc:  # a bug must fail one document, not the worker
        log.exception("extraction of document %s failed", doc_id)
        session.rollback()
        documents.mark_failed(
            session=session, document=doc, error=f"internal error: {type(exc).__name__}: {exc}"
        )
    return doc
