"""Request dependencies: settings, a database session, the extraction queue, the caller's role.

A caller proves who they are with ``Authorization: Bearer TOKEN`` (scripts) or with the session
cookie of the pages (:mod:`service.core.sessions`). A request with an Authorization header is
judged by that header alone; a cookie-authenticated request that changes state (POST, PATCH,
PUT, DELETE) must also carry the session's CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from service.core import sessions
from service.core.config import Settings
from service.core.db import get_sessionmaker
from service.core.models import ApiToken, Role
from service.runners.local import ExtractionQueue
from service.store.tokens import check_token

_bearer = HTTPBearer(auto_error=False, description="an API token from `jianbao token create`")


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def get_db(settings: SettingsDep) -> Iterator[Session]:
    session = get_sessionmaker(settings.DATABASE_URL)()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_db)]


def get_queue(request: Request) -> ExtractionQueue:
    queue: ExtractionQueue = request.app.state.queue
    return queue


QueueDep = Annotated[ExtractionQueue, Depends(get_queue)]


def _unauthorized() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="a valid API token is required (Authorization: Bearer TOKEN)",
        headers={"WWW-Authenticate": "Bearer"},
    )


def authenticate(
    request: Request,
    session: Session,
    credentials: HTTPAuthorizationCredentials | None,
) -> ApiToken:
    """The caller's live token: from the bearer header, else from the session cookie."""
    if credentials is not None or "authorization" in request.headers:
        token = (
            check_token(session=session, token=credentials.credentials)
            if credentials
            else None
        )
        if token is None:
            raise _unauthorized()
        return token
    signed_in = sessions.from_request(request, session)
    if signed_in is None:
        raise _unauthorized()
    if request.method not in sessions.SAFE_METHODS and not sessions.csrf_ok(
        signed_in, request.headers.get(sessions.CSRF_HEADER)
    ):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=f"the CSRF token is missing or wrong (send {sessions.CSRF_HEADER})",
        )
    return signed_in.token


def require_role(role: Role) -> Callable[..., ApiToken]:
    """A dependency that admits a caller (bearer token or session) whose role is ``role`` or above."""

    def check(
        request: Request,
        session: SessionDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> ApiToken:
        token = authenticate(request, session, credentials)
        if token.role.rank < role.rank:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"this needs the {role.value} role; the token has {token.role.value}",
            )
        return token

    return check


ViewerDep = Annotated[ApiToken, Depends(require_role(Role.VIEWER))]
UploaderDep = Annotated[ApiToken, Depends(require_role(Role.UPLOADER))]
ReviewerDep = Annotated[ApiToken, Depends(require_role(Role.REVIEWER))]
AdminDep = Annotated[ApiToken, Depends(require_role(Role.ADMIN))]
