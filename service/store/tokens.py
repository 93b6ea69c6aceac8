"""API tokens: random, stored only as their SHA-256, each with a role; revocable."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.core.models import ApiToken, Role


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(*, session: Session, role: Role) -> str:
    """A new random API token for ``role``; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=_hash_token(token), role=role))
    session.commit()
    return token


def check_token(*, session: Session, token: str) -> ApiToken | None:
    """The live (not revoked) token row for ``token``, or None."""
    if not token:
        return None
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _hash_token(token))).first()
    if row is None or row.revoked:
        return None
    return row


def has_token(*, session: Session, role: Role) -> bool:
    """Whether a live token with ``role`` exists."""
    query = select(ApiToken.id).where(ApiToken.role == role, ApiToken.revoked.is_(False))
    return session.scalars(query.limit(1)).first() is not None
