"""What ``jianbao batch`` shows on stderr: the progress bar, failed files, the closing table.

The same view follows a local batch (:func:`service.runners.batch.run_local`) and one running on
Celery workers (:func:`service.runners.queued.run_queued`); it only reads their :class:`Summary`.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from service.runners.batch import Summary


class _RateColumn(ProgressColumn):
    """Files per second (or per minute when slow)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("– files/s", style="progress.data.speed")
        if speed < 0.5:
            return Text(f"{speed * 60:.1f} files/min", style="progress.data.speed")
        return Text(f"{speed:.1f} files/s", style="progress.data.speed")


class BatchProgress:
    """A Rich progress bar over the files of a batch: files, pages, rate, time left, failures."""

    def __init__(self, total: int, *, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[pages]} pages"),
            _RateColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            TextColumn("[red]{task.fields[failures]} failed"),
            console=self.console,
        )
        self._task = self._progress.add_task("batch", total=total, pages=0, failures=0)
        self.pages = 0
        self.failures = 0

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def done(self, pages: int) -> None:
        self.pages += pages
        self._progress.update(self._task, advance=1, pages=self.pages)

    def failed(self, path: str, reason: str) -> None:
        """Count a failure and name the file (above the bar)."""
        self.failures += 1
        self._progress.update(self._task, advance=1, failures=self.failures)
        self.console.print(f"[red]failed[/] {path}: {reason}", highlight=False, markup=True,
                           soft_wrap=True)

    def note(self, message: str) -> None:
        self.console.print(message, highlight=False, markup=False, soft_wrap=True)


def print_summary(console: Console, summary: Summary, *, elapsed: float) -> None:
    """The closing table: files, pages, records by kind, then the failures with their reasons."""
    plan = summary.plan
    table = Table(title="jianbao batch", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("files found", str(plan.found))
    table.add_row("already done (skipped)", str(plan.done))
    table.add_row("duplicates (skipped)", str(len(plan.duplicates)))
    table.add_row("not documents (skipped)", str(len(plan.skipped)))
    table.add_row("extracted", str(summary.extracted))
    table.add_row("failed", str(len(summary.failures)))
    if summary.interrupted:
        table.add_row("left for a rerun", str(summary.remaining))
    table.add_row("pages", str(summary.pages))
    for kind, n in sorted(summary.records.items()):
        table.add_row(f"records: {kind}", str(n))
    table.add_row("time", f"{elapsed:.1f} s")
    console.print(table)
    if summary.failures:
        failed = Table(title="failures", title_justify="left")
        failed.add_column("file", overflow="fold")
        failed.add_column("reason", overflow="fold")
        for path, _sha, reason in summary.failures:
            failed.add_row(path, reason)
        console.print(failed)
    if summary.interrupted:
        console.print("[yellow]interrupted[/]: run the same command again to carry on")


def write_failures(path: Path, summary: Summary) -> None:
    """The failures of this run as JSONL: path, sha256, reason (the file is replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for file, sha, reason in summary.failures:
            line = {"path": file, "sha256": sha, "reason": reason}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
