"""API models (pydantic) at the service boundary: what the JSON answers look like."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

from service.core.models import DocumentStatus, Record, RecordStatus


class UploadPublic(BaseModel):
    id: int
    status: DocumentStatus
    sha256: str
    created: bool


class DocumentPublic(BaseModel):
    """A document in a list: no text, no extraction."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    sha256: str
    filename: str | None
    format: str | None
    size: int
    status: DocumentStatus
    error: str | None
    title: str | None
    issue_no: str | None
    issuer: str | None
    date: str | None
    reference_date: str | None
    created_at: datetime
    review: dict[str, int] = {}


class DocumentsPublic(BaseModel):
    data: list[DocumentPublic]
    count: int


class RecordPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    kind: str
    status: RecordStatus
    data: dict[str, Any]
    corrected: dict[str, Any] | None
    unit: str | None
    milestone: str | None
    date: str | None
    evidence: list[int] | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: Record) -> Self:
        evidence = None
        if row.evidence_start is not None and row.evidence_end is not None:
            evidence = [row.evidence_start, row.evidence_end]
        return cls.model_validate(
            {
                **{k: getattr(row, k) for k in cls.model_fields if k != "evidence"},
                "evidence": evidence,
            }
        )


class RecordsPublic(BaseModel):
    data: list[RecordPublic]
    count: int
