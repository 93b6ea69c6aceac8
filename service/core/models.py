"""The store's tables (SQLAlchemy 2 typed ORM).

    Document 1─* Entity
    Document 1─* Record 1─* AuditEntry
    Unit 1─* UnitAlias        Milestone        ApiToken

A document keeps its uploaded bytes and its whole extraction (``Extraction.to_dict()``);
entities and records are also rows of their own so they can be filtered, reviewed and counted.
Status columns hold the values of the ``StrEnum``s below (VARCHAR plus a CHECK constraint,
the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Constraint names the same on every backend, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class DocumentStatus(enum.StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class RecordStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CORRECTED = "corrected"


class Role(enum.StrEnum):
    """API roles, each allowed what the ones before it are."""

    VIEWER = "viewer"
    UPLOADER = "uploader"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    __tablename__ = "document"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are in URLs: never reuse one

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    # Deferred: listing documents must not read every file's bytes.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[DocumentStatus] = mapped_column(
        _enum(DocumentStatus, "document_status"), default=DocumentStatus.QUEUED, index=True
    )
    error: Mapped[str | None] = mapped_column(Text)
    reference_date: Mapped[str | None] = mapped_column(String(10))
    title: Mapped[str | None] = mapped_column(Text)
    issue_no: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    # ISO dates as the extractor writes them (2005-01-17, 2005-01, XXXX-01-17); text, not DATE.
    date: Mapped[str | None] = mapped_column(String(32))
    extraction: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    entities: Mapped[list[Entity]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )
    records: Mapped[list[Record]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Entity(Base):
    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    value: Mapped[Any | None] = mapped_column(JSON)
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="entities")


class Unit(Base):
    """A canonical unit (省工商局 → 广东省工商行政管理局), with its level and region."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    level: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(64))

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True
    )


class UnitAlias(Base):
    __tablename__ = "unit_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(255), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


class Milestone(Base):
    """A step of the progress catalogue (key as in ``records[].milestone``)."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    order: Mapped[int] = mapped_column("sort_order", Integer, default=0)


class Record(Base):
    """One extracted record (official, metric or event) and its review state."""

    __tablename__ = "record"
    __table_args__ = (
        # the order GET /api/records pages in, so a page is read from the index, not sorted
        Index("ix_record_listing", "document_id", "evidence_start", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[RecordStatus] = mapped_column(
        _enum(RecordStatus, "record_status"), default=RecordStatus.PENDING, index=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the record as extracted
    corrected: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the reviewer's version
    # Copied out of ``data`` (or ``corrected``) for filtering.
    unit: Mapped[str | None] = mapped_column(Text, index=True)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL"), index=True
    )
    # The alias (``UnitAlias.alias``) the unit was found under: a split moves the records
    # found under the aliases it moves.
    unit_alias: Mapped[str | None] = mapped_column(String(255))
    milestone: Mapped[str | None] = mapped_column(String(64), index=True)
    date: Mapped[str | None] = mapped_column(String(32), index=True)
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    # The evidence sentence itself, so progress answers need not read whole documents.
    evidence_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    document: Mapped[Document] = relationship(back_populates="records")
    audit: Mapped[list[AuditEntry]] = relationship(
        back_populates="record",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AuditEntry.id",
    )

    @property
    def reviewed(self) -> bool:
        return self.status is not RecordStatus.PENDING


class AuditEntry(Base):
    """One change to a record: who, what, when, before and after."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("record.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)

    record: Mapped[Record] = relationship(back_populates="audit")


class ApiToken(Base):
    """An API token: only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
