"""The ``jianbao`` command: the library's commands plus serve, load, batch, worker, token create.

``app`` (the console script, exposed as ``service.cli:app``) is the library's Typer app
(``extractor.cli``: extract, evaluate) with :func:`register` adding the store and server
commands: serve, load and ``token create`` here, batch and worker from :mod:`service.cli.batch`.
The service modules (FastAPI, SQLAlchemy) are imported inside the commands, so
``jianbao extract`` starts without them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli import app
from service.cli.options import DbOption, echo_err, settings_for

# Suffixes `load` picks up (the type itself is found from the bytes when parsing).
LOAD_SUFFIXES = frozenset({".txt", ".docx", ".doc", ".wps", ".pdf", ".rtf", ".odt"})
ROLES = ("viewer", "uploader", "reviewer", "admin")


def _admin_token_hint(url: str) -> str | None:
    """A new admin token when the store has none yet (first run), else None."""
    from service.core.db import session_scope
    from service.core.models import Role
    from service.store.tokens import create_token, has_token

    with session_scope(url) as session:
        if has_token(session=session, role=Role.ADMIN):
            return None
        return create_token(session=session, role=Role.ADMIN)


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    db: DbOption = None,
    workers: Annotated[
        int | None, typer.Option(help="extraction processes (0: a thread of the server)")
    ] = None,
) -> None:
    """Run the HTTP service and the review pages."""
    import uvicorn

    from service.core.db import init_db
    from service.main import create_app

    settings = settings_for(db, WORKERS=workers)
    init_db(settings.DATABASE_URL)
    token = _admin_token_hint(settings.DATABASE_URL)
    echo_err(f"Open http://{host}:{port}/ — database {settings.DATABASE_URL}")
    if token:
        echo_err(f"API token (admin): {token}")
    else:
        echo_err(
            f"Sign in with a token: jianbao token create --role admin --db {settings.DATABASE_URL}"
        )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def load(
    directory: Annotated[Path, typer.Argument(help="folder of bulletins (searched recursively)")],
    db: DbOption = None,
    reference_date: Annotated[
        str | None, typer.Option("--reference-date", help="YYYY-MM-DD for dates without a year")
    ] = None,
) -> None:
    """Store and extract every bulletin under DIRECTORY (files already stored are skipped)."""
    import datetime as dt

    from rich.progress import Progress

    from extractor.errors import ExtractionError
    from extractor.parse import parse_bytes
    from service.core.db import init_db, session_scope
    from service.runners.task import process_document
    from service.store import documents

    if reference_date is not None:
        try:
            reference_date = dt.date.fromisoformat(reference_date).isoformat()
        except ValueError:
            raise typer.BadParameter(f"not a date (YYYY-MM-DD): {reference_date}") from None
    if not directory.is_dir():
        echo_err(f"jianbao: {directory}: no such folder")
        raise typer.Exit(2)
    settings = settings_for(db)
    init_db(settings.DATABASE_URL)
    files = sorted(
        p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in LOAD_SUFFIXES
    )
    loaded = skipped = failed = 0
    with session_scope(settings.DATABASE_URL) as session, Progress(transient=True) as progress:
        task = progress.add_task("loading", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            data = path.read_bytes()
            sha256 = documents.sha256_hex(data)
            if documents.get_document_by_sha256(session=session, sha256=sha256):
                skipped += 1
            else:
                try:
                    bulletin = parse_bytes(data, path.name)
                except ExtractionError as exc:
                    progress.console.print(f"[red]skipped[/] {path}: {exc}", highlight=False)
                    failed += 1
                else:
                    doc, _ = documents.store_upload(
                        session=session,
                        data=data,
                        filename=path.name,
                        reference_date=reference_date,
                        bulletin=bulletin,
                    )
                    doc = process_document(session, doc.id, model_path=settings.MODEL_PATH)
                    if doc.status.value == "failed":
                        progress.console.print(
                            f"[red]failed[/] {path}: {doc.error}", highlight=False
                        )
                        failed += 1
                    else:
                        loaded += 1
            progress.advance(task)
    echo_err(
        f"loaded {loaded} document(s), skipped {skipped} already stored, {failed} failed "
        f"({len(files)} file(s) under {directory})"
    )
    token = _admin_token_hint(settings.DATABASE_URL)
    if token:
        echo_err(f"API token (admin): {token}")


def token_create(
    role: Annotated[str, typer.Option(help="viewer, uploader, reviewer or admin")],
    db: DbOption = None,
) -> None:
    """Print a new API token (only its hash is stored)."""
    from service.core.db import init_db, session_scope
    from service.core.models import Role
    from service.store.tokens import create_token

    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}", param_hint="--role")
    settings = settings_for(db)
    init_db(settings.DATABASE_URL)
    with session_scope(settings.DATABASE_URL) as session:
        token = create_token(session=session, role=Role(role))
    sys.stdout.write(token + "\n")


def register(app: typer.Typer) -> None:
    """Add serve, load, batch, worker and ``token create`` to the ``jianbao`` app."""
    from service.cli.batch import batch, worker

    app.command()(serve)
    app.command()(load)
    app.command()(batch)
    app.command()(worker)
    token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
    token_app.command("create")(token_create)
    app.add_typer(token_app, name="token")


register(app)
