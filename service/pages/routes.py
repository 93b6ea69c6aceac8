"""Server-rendered review pages (Chinese UI): sign-in, documents, one document, the progress board.

Sign-in takes an API token and sets the signed session cookie of :mod:`service.core.sessions`
(HttpOnly, SameSite=Lax); the token itself never goes back to the browser. Every page checks
the session's role (viewer looks, uploader uploads, reviewer reviews, admin everything). The
pages change state only through the JSON API (upload, review), from their script, with the
session's CSRF token in ``X-CSRF-Token``; the sign-out form carries it as a field.

The templates are in ``templates/`` beside this module; ``static/`` (the pages' script and
stylesheet) is mounted at /static by :func:`service.main.create_app`.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from extractor.rules.dates import DATE_VALUE
from service.api.deps import SessionDep
from service.core import sessions
from service.core.models import Record, Role
from service.reports import board, views
from service.store import documents
from service.store.records import list_records
from service.store.tokens import check_token

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
STATIC = HERE / "static"
TEMPLATES.env.globals["entity_label"] = views.entity_label
# the correction form checks a date as the store will (the extractor's one DATE-value pattern)
TEMPLATES.env.globals["date_pattern"] = DATE_VALUE.pattern.removeprefix("^").removesuffix("$")
PAGE_SIZE = 50
STATUS_LABELS = {"queued": "排队中", "processing": "处理中", "done": "已完成", "failed": "失败"}
ROLE_LABELS = {"viewer": "查看", "uploader": "上传", "reviewer": "审核", "admin": "管理"}

# The pages load only their own script and stylesheet; nothing may frame them.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

router = APIRouter(include_in_schema=False)


def _render(
    request: Request, name: str, context: dict[str, Any], status_code: int = status.HTTP_200_OK
) -> Response:
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


class _Denied(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _context(signed_in: sessions.SignedIn) -> dict[str, Any]:
    role = signed_in.token.role
    return {
        "csrf": signed_in.csrf,
        "role": ROLE_LABELS.get(role.value, role.value),
        "can_upload": role.rank >= Role.UPLOADER.rank,
        "can_review": role.rank >= Role.REVIEWER.rank,
        "is_admin": role is Role.ADMIN,
        "status_labels": STATUS_LABELS,
        "record_status_labels": views.STATUS_LABELS,
        "kind_labels": views.KIND_LABELS,
    }


def _signed_in(request: Request, session: SessionDep, role: Role = Role.VIEWER) -> dict[str, Any]:
    """The page context of the signed-in caller; raises _Denied (sign-in page or 403) else."""
    signed_in = sessions.from_request(request, session)
    if signed_in is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        url = "/login?" + urllib.parse.urlencode({"next": target})
        raise _Denied(RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER))
    if signed_in.token.role.rank < role.rank:
        page = _render(
            request,
            "denied.html",
            {**_context(signed_in), "needed": ROLE_LABELS[role.value]},
            status_code=status.HTTP_403_FORBIDDEN,
        )
        raise _Denied(page)
    return _context(signed_in)


def _login_page(request: Request, *, error: str | None = None, next_url: str = "/",
                code: int = status.HTTP_200_OK) -> Response:
    return _render(
        request, "login.html", {"error": error, "next": _safe_next(next_url)}, status_code=code
    )


def _safe_next(value: str | None) -> str:
    """A same-site path to go to after signing in (never another host)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request, session: SessionDep, offset: Annotated[int, Query(ge=0)] = 0
) -> Response:
    try:
        context = _signed_in(request, session)
    except _Denied:
        return _login_page(request)
    docs, count = documents.list_documents(session=session, offset=offset, limit=PAGE_SIZE)
    counts = documents.review_counts(session=session, document_ids=[d.id for d in docs])
    return _render(
        request,
        "index.html",
        {
            **context,
            "documents": docs,
            "counts": counts,
            "count": count,
            "offset": offset,
            "page_size": PAGE_SIZE,
        },
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, session: SessionDep, next: str = "/") -> Response:
    if sessions.from_request(request, session) is not None:
        return RedirectResponse(_safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    return _login_page(request, next_url=next)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not sessions.same_origin(request):
        return _login_page(request, error="请从本站登录页登录。", code=status.HTTP_403_FORBIDDEN)
    row = check_token(session=session, token=token.strip())
    if row is None:
        return _login_page(
            request, error="令牌无效或已停用。", next_url=next, code=status.HTTP_401_UNAUTHORIZED
        )
    response = RedirectResponse(_safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        sessions.COOKIE,
        sessions.new_session(row),
        max_age=sessions.SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
def logout(
    request: Request, session: SessionDep, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    signed_in = sessions.from_request(request, session)
    if signed_in is not None and not sessions.csrf_ok(signed_in, csrf_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="the CSRF token is missing or wrong")
    response = RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax")
    return response


def _record_view(row: Record, text: str) -> dict[str, Any]:
    start, end = row.evidence_start, row.evidence_end
    span = [start, end] if start is not None and end is not None else None
    return {
        "row": row,
        "fields": views.fields(row),
        "evidence": span,
        "evidence_text": text[span[0] : span[1]].strip() if span else "",
        "history": views.history(list(row.audit)),
    }


def _document_or_404(session: SessionDep, document_id: int) -> Any:
    doc = documents.get_document(session=session, document_id=document_id)
    if doc is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no document {document_id}")
    return doc


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, session: SessionDep, document_id: int) -> Response:
    try:
        context = _signed_in(request, session)
    except _Denied as denied:
        return denied.response
    doc = _document_or_404(session, document_id)
    extraction = doc.extraction or {}
    text: str = (extraction.get("document") or {}).get("text") or ""
    entities = list(extraction.get("entities") or [])
    rows, _ = list_records(session=session, document_id=doc.id, limit=100_000)
    records = [_record_view(r, text) for r in rows]
    cuts = [c for r in records if r["evidence"] for c in r["evidence"]]
    labels = sorted({str(e["label"]) for e in entities})
    return _render(
        request,
        "document.html",
        {
            **context,
            "doc": doc,
            "text": text,
            "pieces": views.pieces(text, entities, cuts),
            "labels": labels,
            "records": records,
            "counts": documents.review_counts(session=session, document_ids=[doc.id])[doc.id],
            "milestones": views.milestone_names(),
            "fields_by_kind": views.FIELDS,
        },
    )


@router.get("/documents/{document_id}/records/{record_id}", response_class=HTMLResponse)
def record_card(
    request: Request, session: SessionDep, document_id: int, record_id: int
) -> Response:
    """One record's card (the document page swaps it in after a review)."""
    try:
        context = _signed_in(request, session)
    except _Denied as denied:
        return denied.response
    doc = _document_or_404(session, document_id)
    row = session.get(Record, record_id)
    if row is None or row.document_id != doc.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no record {record_id} here")
    text = ((doc.extraction or {}).get("document") or {}).get("text") or ""
    return _render(
        request,
        "record_card.html",
        {**context, "r": _record_view(row, text), "milestones": views.milestone_names()},
    )


@router.get("/progress", response_class=HTMLResponse)
def progress_page(
    request: Request, session: SessionDep, pending: Annotated[bool, Query()] = False
) -> Response:
    """The board: unit × milestone matrix, completion rates, metric series as charts."""
    try:
        context = _signed_in(request, session)
    except _Denied as denied:
        return denied.response
    return _render(
        request,
        "progress.html",
        {
            **context,
            "board": board.load(session=session, include_pending=pending),
            "pending": pending,
            "state_labels": board.STATE_LABELS,
        },
    )
