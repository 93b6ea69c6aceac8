"""``jianbao batch`` and ``jianbao worker`` (registered by :func:`service.cli.commands.register`).

Only Typer is imported here; the engines (:mod:`service.runners.batch`,
:mod:`service.runners.queued`, :mod:`service.runners.celery_app`) and the progress view
(:mod:`service.cli.batch_view`) are imported when a command runs.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from service.cli.options import DbOption, echo_err, settings_for

# Exit status of a batch stopped by Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
FAILURES_NAME = "jianbao-failures.jsonl"


@contextmanager
def _ctrl_c() -> Iterator[list[bool]]:
    """The first Ctrl-C sets the flag (the batch stops after the files in hand are saved); a
    second one stops at once."""
    stop = [False]

    def handler(signum: int, frame: Any) -> None:
        if stop[0]:
            raise KeyboardInterrupt
        stop[0] = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


# A worker's peak with the statistical model loaded (benchmarks/extract.py: about 1.1 GB).
WORKER_BYTES = 1_300_000_000


def default_workers() -> int:
    """One worker a core, but no more than the machine's memory holds with the model loaded."""
    cores = os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return cores
    return max(1, min(cores, memory // WORKER_BYTES))


def _check_date(value: str | None) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value}") from None


def batch(
    directory: Annotated[Path, typer.Argument(help="folder of bulletins (searched recursively)")],
    workers: Annotated[int, typer.Option(
        min=0, help="worker processes (local batch); 0: one a core, as many as memory holds")] = 0,
    out: Annotated[Path | None, typer.Option(
        help="append one extraction (CONTRACT JSON) per line to this JSONL file")] = None,
    db: DbOption = None,
    queue: Annotated[str | None, typer.Option(
        help="run on Celery workers through this Redis broker (redis://host:6379/N); they "
             "share the store given by --db")] = None,
    timeout: Annotated[float | None, typer.Option(
        min=0.1, help="seconds one file may take; then it is stopped, retried once, reported "
                      "[default: JIANBAO_TASK_TIMEOUT_S, else 300]")
    ] = None,
    failures: Annotated[Path | None, typer.Option(
        help=f"write this run's failures here as JSONL (path, sha256, reason); default: beside "
             f"--out, else ./{FAILURES_NAME} when a file failed")] = None,
    reference_date: Annotated[str | None, typer.Option(
        "--reference-date", callback=_check_date,
        help="YYYY-MM-DD: gives a year to dates written without one")] = None,
) -> None:
    """Extract every document under DIRECTORY, to the store and/or a JSONL file.

    File types are found from the bytes; images, archives and spreadsheets are skipped with a
    note. Files already done (same SHA-256 in the store and in --out) and copies are skipped,
    so a rerun carries on after Ctrl-C. Without --out the results go to the store (--db, or
    JIANBAO_DATABASE_URL, or the SQLite default); with --out alone, to the file only.

    A file that fails (unreadable, over the time limit, or killing its worker) is named on
    stderr and listed in the summary and the failures file; the batch goes on. Exit status: 0
    when the batch finished, failures or not; 2 when DIRECTORY cannot be read; 130 after
    Ctrl-C.
    """
    from service.cli.batch_view import BatchProgress, print_summary, write_failures
    from service.runners.batch import Outputs, plan_batch, run_local

    if not directory.is_dir() or not os.access(directory, os.R_OK | os.X_OK):
        echo_err(f"jianbao: {directory}: no such folder, or not readable")
        raise typer.Exit(2)
    settings = settings_for(db)
    url = settings.DATABASE_URL if (db or out is None or queue) else None
    if url:
        from service.core.db import init_db

        init_db(url)
    timeout = timeout or settings.TASK_TIMEOUT_S
    failures = failures or (out.with_name(out.stem + ".failures.jsonl") if out else None)
    exclude = frozenset(p.resolve() for p in (out, failures) if p is not None)
    outputs = Outputs(url=url, jsonl=out)
    started = time.monotonic()
    plan = plan_batch(directory, is_done=outputs.is_done, exclude=exclude)
    with _ctrl_c() as stop, BatchProgress(len(plan.todo)) as view:
        for path, why in plan.skipped:
            view.note(f"skipped {path}: {why}")

        def on_result(path: str, pages: int | None, reason: str | None) -> None:
            if reason is None:
                view.done(pages or 0)
            else:
                view.failed(path, reason)

        try:
            if queue:
                summary = _run_queued(plan, outputs, queue, timeout, reference_date, stop,
                                      on_result, view.note)
            else:
                summary = run_local(
                    plan, outputs, workers=workers or default_workers(), timeout=timeout,
                    reference_date=reference_date, model_path=settings.MODEL_PATH,
                    should_stop=lambda: stop[0],
                    on_result=lambda p, r, why: on_result(p, r.pages if r else None, why),
                )
        finally:
            outputs.close()
    print_summary(view.console, summary, elapsed=time.monotonic() - started)
    if failures is None and summary.failures:
        failures = Path(FAILURES_NAME)
    if failures is not None:
        write_failures(failures, summary)
        if summary.failures:
            echo_err(f"failures: {failures}")
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def _run_queued(plan: Any, outputs: Any, broker: str, timeout: float,
                reference_date: str | None, stop: list[bool], on_result: Any,
                note: Any) -> Any:
    from service.runners import celery_app
    from service.runners.queued import run_queued

    s = celery_app.settings()
    celery_app.configure(celery_app.app, broker=broker, backend=s.RESULT_BACKEND, queue=s.QUEUE)
    return run_queued(plan, outputs, timeout=timeout, reference_date=reference_date,
                      should_stop=lambda: stop[0], on_result=on_result, note=note)


def worker(
    concurrency: Annotated[int, typer.Option(
        min=0, help="extraction processes; 0: one a core, as many as memory holds")] = 0,
    db: DbOption = None,
    broker: Annotated[str | None, typer.Option(
        help="Redis broker (redis://host:6379/N); default JIANBAO_BROKER_URL, else "
             "redis://127.0.0.1:6379/0")] = None,
    loglevel: Annotated[str, typer.Option(help="Celery log level")] = "info",
) -> None:
    """Run a Celery worker that extracts documents sent by uploads and `batch --queue`.

    Every worker, and whoever submits, must use the same store (--db; PostgreSQL when the
    workers are on several machines).
    """
    from service.core.config import DEFAULT_BROKER_URL

    settings = settings_for(db)
    broker = broker or settings.BROKER_URL or DEFAULT_BROKER_URL
    # The task reads the store and broker from the environment, in every pool process.
    os.environ["JIANBAO_DATABASE_URL"] = settings.DATABASE_URL
    os.environ["JIANBAO_BROKER_URL"] = broker
    from service.core.db import init_db

    init_db(settings.DATABASE_URL)
    from service.runners import celery_app

    celery_app.settings.cache_clear()
    s = celery_app.settings()
    celery_app.configure(celery_app.app, broker=broker, backend=s.RESULT_BACKEND, queue=s.QUEUE)
    from sqlalchemy.engine import make_url

    where = make_url(s.DATABASE_URL).render_as_string(hide_password=True)
    echo_err(f"jianbao worker: broker {broker}, queue {s.QUEUE}, database {where}")
    celery_app.app.worker_main([
        "worker", f"--concurrency={concurrency or default_workers()}", f"--loglevel={loglevel}",
        "-Q", s.QUEUE,
        "-n", f"jianbao-{os.getpid()}@%h",
    ])
    sys.exit(0)
