"""Server-rendered pages (Chinese UI). Sign-in stores the API token in an HttpOnly cookie.

The cookie is only read by these pages; the JSON API takes bearer tokens, so a cookie alone
never authorises an API call (no cross-site request can act through it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from service import crud
from service.api.deps import SessionDep
from service.models import ApiToken

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
COOKIE = "jianbao_token"
PAGE_SIZE = 50
STATUS_LABELS = {"queued": "排队中", "processing": "处理中", "done": "已完成", "failed": "失败"}
ROLE_LABELS = {"viewer": "查看", "uploader": "上传", "reviewer": "审核", "admin": "管理"}

router = APIRouter(include_in_schema=False)


def _signed_in(request: Request, session: SessionDep) -> ApiToken | None:
    return crud.check_token(session=session, token=request.cookies.get(COOKIE, ""))


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request, session: SessionDep, offset: Annotated[int, Query(ge=0)] = 0
) -> Response:
    token = _signed_in(request, session)
    if token is None:
        return TEMPLATES.TemplateResponse(request, "login.html", {"error": None})
    docs, count = crud.list_documents(session=session, offset=offset, limit=PAGE_SIZE)
    counts = crud.review_counts(session=session, document_ids=[d.id for d in docs])
    return TEMPLATES.TemplateResponse(
        request,
        "index.html",
        {
            "documents": docs,
            "counts": counts,
            "count": count,
            "offset": offset,
            "page_size": PAGE_SIZE,
            "role": ROLE_LABELS.get(token.role.value, token.role.value),
            "status_labels": STATUS_LABELS,
        },
    )


@router.post("/login")
def login(request: Request, session: SessionDep, token: Annotated[str, Form()] = "") -> Response:
    if crud.check_token(session=session, token=token.strip()) is None:
        return TEMPLATES.TemplateResponse(
            request,
            "login.html",
            {"error": "令牌无效或已停用。"},
            status_code=status.HTTP_401_UNAUTHORIZED,
        )
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(COOKIE)
    return response
