"""Browser sessions: a signed cookie naming who signed in, and the CSRF token bound to it.

People sign in to the pages with an API token; the cookie does not hold that token but a signed
claim ``{"sub": "token:<id>", "exp": …, "n": nonce}``. The signature is an HMAC keyed by the
server secret *and* the subject's stored hash, so

- revoking the token ends its sessions at once,
- a copy of the database alone cannot forge a session (the server secret is not in it),
- accounts can come later as another subject kind (``user:<id>`` keyed by its password hash)
  without changing the cookie or the pages.

The CSRF token is an HMAC of the session's nonce: the pages put it in a ``<meta>`` tag and in
their forms, and every state-changing request made with the cookie must send it back (header
``X-CSRF-Token`` or form field ``csrf_token``). A cross-site page can neither read the cookie
(HttpOnly, SameSite=Lax) nor compute the token. Signing in again makes a new nonce.

The server secret is ``JIANBAO_SECRET_KEY``; without it each server process draws a random one,
so sessions end when the server restarts and do not carry across several server processes
(set the variable when running ``uvicorn --workers N``).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from service.core.models import ApiToken

COOKIE = "jianbao_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_SECONDS = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@functools.cache
def _server_secret() -> bytes:
    from service.core.config import Settings

    configured = Settings().SECRET_KEY or ""
    return configured.encode("utf-8") if configured else secrets.token_bytes(32)


def _key(subject_secret: str) -> bytes:
    return hmac.new(_server_secret(), subject_secret.encode("ascii"), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class SignedIn:
    """Who a valid session cookie names, and the CSRF token of that session."""

    token: ApiToken
    csrf: str
    expires: int


def _csrf_for(key: bytes, nonce: str) -> str:
    return hmac.new(key, f"csrf.{nonce}".encode(), hashlib.sha256).hexdigest()


def new_session(token: ApiToken, *, now: float | None = None) -> str:
    """The cookie value for a fresh session of ``token``."""
    issued = int(now if now is not None else time.time())
    claim = {"sub": f"token:{token.id}", "exp": issued + SESSION_SECONDS, "n": secrets.token_hex(16)}
    payload = _b64(json.dumps(claim, separators=(",", ":")).encode("utf-8"))
    signature = hmac.new(_key(token.token_hash), payload.encode("ascii"), hashlib.sha256)
    return f"{payload}.{_b64(signature.digest())}"


def read_session(session: Session, value: str, *, now: float | None = None) -> SignedIn | None:
    """The live session in cookie ``value``, or None (bad signature, expired, revoked)."""
    payload, _, signature = value.partition(".")
    if not payload or not signature:
        return None
    try:
        claim = json.loads(_unb64(payload))
        kind, _, subject = str(claim["sub"]).partition(":")
        expires, nonce = int(claim["exp"]), str(claim["n"])
        given = _unb64(signature)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    if kind != "token" or not subject.isdigit():
        return None
    if expires < (now if now is not None else time.time()):
        return None
    token = session.get(ApiToken, int(subject))
    if token is None or token.revoked:
        return None
    key = _key(token.token_hash)
    expected = hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, given):
        return None
    return SignedIn(token=token, csrf=_csrf_for(key, nonce), expires=expires)


def from_request(request: Request, session: Session) -> SignedIn | None:
    """The session of the request's cookie, or None."""
    value = request.cookies.get(COOKIE)
    return read_session(session, value) if value else None


def csrf_ok(signed_in: SignedIn, given: str | None) -> bool:
    """Whether ``given`` is this session's CSRF token."""
    return bool(given) and hmac.compare_digest(signed_in.csrf, str(given))


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site (Origin header).

    Requests without the header (older browsers, scripts, test clients) pass: the CSRF token
    is the check; this one only hardens the sign-in form, which has no session yet.
    """
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host
