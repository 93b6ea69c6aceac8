"""Request dependencies: settings, a database session, the extraction queue, the caller's role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from service import crud
from service.core.config import Settings
from service.core.db import get_sessionmaker
from service.models import ApiToken, Role
from service.worker import ExtractionQueue

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


def require_role(role: Role) -> Callable[..., ApiToken]:
    """A dependency that admits a bearer token whose role is ``role`` or above."""

    def check(
        session: SessionDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> ApiToken:
        token = (
            crud.check_token(session=session, token=credentials.credentials)
            if credentials
            else None
        )
        if token is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="a valid API token is required (Authorization: Bearer TOKEN)",
                headers={"WWW-Authenticate": "Bearer"},
            )
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
