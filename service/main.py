"""The FastAPI app: the JSON API under /api (:mod:`service.api`), the review pages at /
(:mod:`service.pages`, their files under /static), and /healthz.

``uvicorn service.main:app`` serves it with settings from ``JIANBAO_*`` variables;
``create_app(Settings(DATABASE_URL=...))`` builds one for given settings (tests, ``serve``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from extractor.errors import ExtractionError
from service.api.main import api_router
from service.core.config import Settings, get_settings
from service.core.db import init_db
from service.core.limits import BodyLimitMiddleware
from service.pages.routes import STATIC
from service.pages.routes import router as pages_router
from service.runners.local import ExtractionQueue

# Room for the multipart envelope around the file when checking Content-Length.
MULTIPART_SLACK_BYTES = 64 * 1024


async def _extraction_error(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": str(exc), "error": type(exc).__name__},
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app for ``settings`` (the environment's when None)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        init_db(settings.DATABASE_URL)
        queue = ExtractionQueue(
            url=settings.DATABASE_URL, workers=settings.WORKERS, model_path=settings.MODEL_PATH,
            broker_url=settings.BROKER_URL,
        )
        app.state.queue = queue
        queue.start()
        queue.resume()
        try:
            yield
        finally:
            # Let running extractions finish; queued ones stay "queued" and resume next start.
            queue.shutdown(wait=True)

    app = FastAPI(
        title="Jianbao",
        summary="Information extraction for Chinese government bulletins (简报, 工作通报).",
        lifespan=lifespan,
        docs_url=None,  # served below from vendored Swagger UI files: no CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_upload_bytes + MULTIPART_SLACK_BYTES,
        message=f"the file is over the {settings.MAX_UPLOAD_MB:g} MB upload limit",
    )
    app.add_exception_handler(ExtractionError, _extraction_error)
    app.include_router(api_router, prefix="/api")
    app.include_router(pages_router)
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="Jianbao API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        """Liveness."""
        return {"status": "ok"}

    return app


app = create_app()
