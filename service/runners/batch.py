"""``jianbao batch``: every document under a folder, extracted on supervised worker processes.

    plan_batch(DIR, ...) -> Plan         walk DIR, hash every file, sniff its type, drop the done
    run_local(plan, ...) -> Summary      extract the rest on N workers (service.runners.pool)

Files are found recursively (hidden ones skipped) and typed from their bytes: images, archives,
spreadsheets and slides are skipped with a note, and so is unknown binary data unless its name
says it is a document (then it is a corrupt document and fails with the parser's reason). A file
is *done* when its SHA-256 is in every output asked for: the store (a document extracted) and
the JSONL file (a line with that ``document.sha256``); done files and duplicates are skipped,
so a rerun carries on where an interrupted one stopped.

Each worker runs the extraction job's parse → extract core
(:func:`service.runners.task.extract_file`) on a file; its results are written by this process
only (one writer): the store commits each document (stored, then saved as extracted, with the
store functions every runner uses), the JSONL file gets one whole line per document. Failures
are collected in a :class:`Summary`. ``jianbao batch --queue`` plans the same way and sends the
files to the Celery workers instead (:mod:`service.runners.queued`).

Test hook: the batch workers (local and Celery) hang on a file whose name contains
``$JIANBAO_TEST_HANG_SUBSTRING`` and kill their process on one whose name contains
``$JIANBAO_TEST_CRASH_SUBSTRING``; both variables are unset in normal use.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from extractor.parse.filetype import FileType, sniff
from service.runners.pool import SupervisedPool
from service.runners.task import extract_file, warm_up

if TYPE_CHECKING:
    from extractor.extraction import Extraction

HANG_ENV = "JIANBAO_TEST_HANG_SUBSTRING"
CRASH_ENV = "JIANBAO_TEST_CRASH_SUBSTRING"
# Kinds that are clearly no document: skipped with a note, never reported as failures.
NOT_DOCUMENTS = {FileType.IMAGE, FileType.ZIP, FileType.XLSX, FileType.PPTX, FileType.XLS,
                 FileType.PPT}
# Names that say "document": unknown bytes under such a name are a corrupt document.
DOCUMENT_SUFFIXES = frozenset({".txt", ".docx", ".doc", ".wps", ".pdf", ".rtf", ".odt"})
# Store lookups per query (SQL parameter limits).
_CHUNK = 500


@dataclass
class FileEntry:
    path: Path
    sha256: str
    size: int


@dataclass
class Plan:
    """What a batch will do: the files to extract and what it skips, with why."""

    todo: list[FileEntry] = field(default_factory=list)
    done: int = 0  # already in every output
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)  # (copy, first seen)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    found: int = 0


@dataclass
class FileResult:
    """One extracted file, as a worker hands it back."""

    path: str
    sha256: str
    pages: int
    extraction: Extraction


@dataclass
class Summary:
    """Counts for the closing table, and every failure with its reason."""

    plan: Plan
    extracted: int = 0
    pages: int = 0
    records: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (path, sha256, reason)
    interrupted: bool = False
    peak_rss_kb: dict[int, int] = field(default_factory=dict)  # worker pid -> peak KB
    started: float = field(default_factory=time.monotonic)

    def add_done(self, pages: int, records: Sequence[Mapping[str, Any]]) -> None:
        self.extracted += 1
        self.pages += pages
        self.records.update(str(r.get("kind")) for r in records)

    @property
    def remaining(self) -> int:
        return len(self.plan.todo) - self.extracted - len(self.failures)


def _sha256_file(path: Path) -> tuple[str, bytes]:
    import hashlib

    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), data


def walk(directory: Path, exclude: frozenset[Path] = frozenset()) -> list[Path]:
    """Every regular file under ``directory`` (recursively, sorted), hidden ones left out."""
    out = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.is_file() and path.resolve() not in exclude:
                out.append(path)
    return out


def _skip_reason(kind: FileType, path: Path) -> str | None:
    if kind in NOT_DOCUMENTS:
        return f"not a document: {kind.label}"
    if kind is FileType.UNKNOWN and path.suffix.lower() not in DOCUMENT_SUFFIXES:
        return f"not a document: {kind.label}"
    return None


def plan_batch(
    directory: Path,
    *,
    is_done: Callable[[list[str]], set[str]],
    exclude: frozenset[Path] = frozenset(),
) -> Plan:
    """Walk ``directory``: the files left to extract, and those skipped (done, copies, others)."""
    plan = Plan()
    seen: dict[str, Path] = {}
    entries: list[FileEntry] = []
    for path in walk(directory, exclude):
        plan.found += 1
        try:
            sha, data = _sha256_file(path)
        except OSError as exc:
            plan.skipped.append((path, f"cannot read: {exc.strerror or exc}"))
            continue
        if sha in seen:
            plan.duplicates.append((path, seen[sha]))
            continue
        reason = _skip_reason(sniff(data), path)
        if reason:
            plan.skipped.append((path, reason))
            continue
        seen[sha] = path
        entries.append(FileEntry(path=path, sha256=sha, size=len(data)))
    done: set[str] = set()
    for i in range(0, len(entries), _CHUNK):
        done |= is_done([e.sha256 for e in entries[i : i + _CHUNK]])
    plan.todo = [e for e in entries if e.sha256 not in done]
    plan.done = len(entries) - len(plan.todo)
    return plan


def jsonl_shas(path: Path) -> set[str]:
    """The ``document.sha256`` of every whole line of a JSONL output (a torn last line is not)."""
    shas: set[str] = set()
    if not path.exists():
        return shas
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                sha = json.loads(line)["document"]["sha256"]
            except (ValueError, KeyError, TypeError):
                continue
            if isinstance(sha, str):
                shas.add(sha)
    return shas


def store_done_shas(url: str, shas: list[str]) -> set[str]:
    """Which of ``shas`` the store holds as extracted documents."""
    from sqlalchemy import select

    from service.core.db import session_scope
    from service.core.models import Document, DocumentStatus

    with session_scope(url) as session:
        query = select(Document.sha256).where(
            Document.sha256.in_(shas), Document.status == DocumentStatus.DONE
        )
        return set(session.scalars(query))


def apply_test_hooks(filename: str | None) -> None:
    """The test hook of the module docstring: hang or die on a marked file name."""
    name = filename or ""
    hang, crash = os.environ.get(HANG_ENV), os.environ.get(CRASH_ENV)
    if crash and crash in name:
        os._exit(70)
    while hang and hang in name:
        time.sleep(60)


@dataclass(frozen=True)
class Job:
    path: str
    reference_date: str | None = None
    model_path: str | None = None


def extract_job(job: Job) -> FileResult:
    """One file, in a worker: read, parse (type from the bytes), extract."""
    path = Path(job.path)
    apply_test_hooks(path.name)
    bulletin, extraction = extract_file(path.read_bytes(), path.name,
                                        reference_date=job.reference_date,
                                        model_path=job.model_path)
    return FileResult(path=job.path, sha256=bulletin.sha256 or "", pages=bulletin.pages or 1,
                      extraction=extraction)


def explain(exc: BaseException) -> str:
    """A failure's reason: the library's own message, or the exception's type and message."""
    from extractor.errors import ExtractionError

    return str(exc) if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {exc}"


class Outputs:
    """Where results go: the store (``url``) and/or a JSONL file, appended one line each."""

    def __init__(self, *, url: str | None, jsonl: Path | None) -> None:
        self.url = url
        self.jsonl = jsonl
        self.jsonl_done = jsonl_shas(jsonl) if jsonl else set()
        self._file: IO[str] | None = None

    def is_done(self, shas: list[str]) -> set[str]:
        """Of ``shas``, those already in every output."""
        done = set(shas)
        if self.jsonl:
            done &= self.jsonl_done
        if self.url:
            done &= store_done_shas(self.url, sorted(done)) if done else set()
        return done

    def write_line(self, extraction: dict[str, Any]) -> None:
        """Append one extraction to the JSONL output (once per SHA-256)."""
        if self.jsonl is None:
            return
        sha = extraction["document"]["sha256"]
        if sha in self.jsonl_done:
            return
        if self._file is None:
            self.jsonl.parent.mkdir(parents=True, exist_ok=True)
            torn = self.jsonl.exists() and self.jsonl.stat().st_size > 0 and (
                self.jsonl.read_bytes()[-1:] != b"\n")
            self._file = self.jsonl.open("a", encoding="utf-8")
            if torn:  # a line cut short by a kill: start on a line of our own
                self._file.write("\n")
        self._file.write(json.dumps(extraction, ensure_ascii=False) + "\n")
        self._file.flush()
        self.jsonl_done.add(sha)

    def store(self, result: FileResult, *, reference_date: str | None) -> None:
        """Store the file and its extraction (the same bytes again update the one document)."""
        if self.url is None:
            return
        from service.core.db import session_scope
        from service.store.documents import sha256_hex, store_upload
        from service.store.records import save_extraction

        data = Path(result.path).read_bytes()
        if sha256_hex(data) != result.sha256:
            raise OSError("the file changed while the batch ran")
        with session_scope(self.url) as session:
            doc, _ = store_upload(session=session, data=data, filename=Path(result.path).name,
                                  reference_date=reference_date,
                                  bulletin=result.extraction.document)
            save_extraction(session=session, document=doc, extraction=result.extraction)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def run_local(
    plan: Plan,
    outputs: Outputs,
    *,
    workers: int,
    timeout: float,
    reference_date: str | None = None,
    model_path: str | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_result: Callable[[str, FileResult | None, str | None], None] = lambda *_: None,
) -> Summary:
    """Extract ``plan.todo`` on ``workers`` processes; ``on_result(path, result, reason)``."""
    summary = Summary(plan=plan)
    jobs = [Job(str(e.path), reference_date, model_path) for e in plan.todo]
    shas = {str(e.path): e.sha256 for e in plan.todo}
    pool = SupervisedPool(extract_job, workers=workers, timeout=timeout, retries=1,
                          initializer=warm_up, initargs=(model_path,), explain=explain)
    for outcome in pool.run(jobs, should_stop=should_stop):
        path = outcome.job.path
        if outcome.peak_rss_kb:
            pid = outcome.worker_pid
            summary.peak_rss_kb[pid] = max(summary.peak_rss_kb.get(pid, 0), outcome.peak_rss_kb)
        result: FileResult | None = outcome.value if outcome.ok else None
        reason = outcome.reason
        if result is not None:
            try:
                outputs.store(result, reference_date=reference_date)
                outputs.write_line(result.extraction.to_dict())
            except Exception as exc:  # a store or disk error fails this file, not the batch
                result, reason = None, f"cannot save: {type(exc).__name__}: {exc}"
        if result is not None:
            summary.add_done(result.pages, result.extraction.records)
        else:
            summary.failures.append((path, shas[path], reason or "unknown error"))
        on_result(path, result, reason)
    summary.interrupted = should_stop() and summary.remaining > 0
    return summary

