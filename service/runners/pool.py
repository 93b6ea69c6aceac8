"""A supervised pool of worker processes: one job at a time each, a time limit per job.

:class:`SupervisedPool` runs ``func(job)`` in N ``spawn``-ed processes. Unlike
``concurrent.futures.ProcessPoolExecutor`` (whose whole pool breaks when one worker dies, and
which cannot stop a running call) it watches every worker:

- a job that runs past ``timeout`` seconds gets its process killed (SIGKILL);
- a job whose process dies (segfault, ``os._exit``, out of memory) costs that process only;

in both cases a fresh process takes the slot and the job is tried again, ``retries`` more
times, then given back as failed with the reason. An exception raised by ``func`` is an answer,
not a crash: it comes back as a failure at once, without a retry (``explain(exc)`` is its
reason). Each answer carries the
worker's peak resident memory so far.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

# How often the supervisor wakes to check the time limits when nothing happens (seconds).
TICK_S = 0.2
# How long a worker may take to start (import, load its pipeline) before it is replaced.
START_TIMEOUT_S = 300.0


@dataclass
class Outcome:
    """What became of one job."""

    job: Any
    ok: bool
    value: Any = None  # func's return value when ok
    reason: str | None = None  # why it failed otherwise
    attempts: int = 1
    peak_rss_kb: int = 0  # the worker's peak resident memory when it answered (0: unknown)
    worker_pid: int = 0


@dataclass
class _Slot:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    job: Any = None
    attempt: int = 0
    started: float = 0.0


def _signal_name(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


def _peak_rss_kb() -> int:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss


def describe(exc: BaseException) -> str:
    """How a failure reads by default: the exception's type and message."""
    return f"{type(exc).__name__}: {exc}"


def _worker_main(
    conn: Connection,
    func: Callable[[Any], Any],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    explain: Callable[[BaseException], str],
) -> None:
    """A worker: initialise, say ready, then answer jobs until told to stop (None)."""
    # Ctrl-C reaches the whole process group; the supervisor decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)
    conn.send(("ready", None, _peak_rss_kb()))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            answer: tuple[str, Any, int] = ("ok", func(job), _peak_rss_kb())
        except Exception as exc:  # an answer about this job, not a crash of the worker
            answer = ("error", explain(exc), _peak_rss_kb())
        try:
            conn.send(answer)
        except Exception as exc:  # e.g. a value that does not pickle
            conn.send(("error", f"cannot return the result: {type(exc).__name__}: {exc}", 0))


class SupervisedPool:
    """Runs jobs on ``workers`` supervised processes; see the module docstring."""

    def __init__(
        self,
        func: Callable[[Any], Any],
        *,
        workers: int,
        timeout: float,
        retries: int = 1,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        explain: Callable[[BaseException], str] = describe,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be 1 or more")
        self.func = func
        self.workers = workers
        self.timeout = timeout
        self.retries = retries
        self.initializer = initializer
        self.initargs = initargs
        self.explain = explain
        self._ctx = multiprocessing.get_context("spawn")
        self._slots: list[_Slot] = []

    def _spawn(self) -> _Slot:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, self.func, self.initializer, self.initargs, self.explain),
            daemon=True,
            name="jianbao-batch-worker",
        )
        process.start()
        child.close()
        return _Slot(process=process, conn=parent, started=time.monotonic())

    def run(
        self, jobs: Iterable[Any], *, should_stop: Callable[[], bool] = lambda: False
    ) -> Iterator[Outcome]:
        """Run every job; yield each outcome as it comes (in completion order).

        When ``should_stop()`` turns true (checked every tick), or the generator is closed, every
        worker is stopped; jobs not answered yet are simply not run.
        """
        pending: deque[tuple[Any, int]] = deque((job, 1) for job in jobs)
        if not pending:
            return
        self._slots = [self._spawn() for _ in range(min(self.workers, len(pending)))]
        try:
            while pending or any(s.job is not None for s in self._slots):
                if should_stop():
                    return
                for slot in self._slots:
                    if slot.ready and slot.job is None and pending:
                        slot.job, slot.attempt = pending.popleft()
                        slot.started = time.monotonic()
                        slot.conn.send(slot.job)
                yield from self._collect(pending)
        finally:
            self.close()

    def _collect(self, pending: deque[tuple[Any, int]]) -> Iterator[Outcome]:
        """Wait a tick for answers and deaths; yield finished jobs, requeue crashed ones."""
        waitables: list[Any] = [s.conn for s in self._slots]
        waitables += [s.process.sentinel for s in self._slots]
        ready = set(wait(waitables, timeout=TICK_S))
        now = time.monotonic()
        for i, slot in enumerate(self._slots):
            reason: str | None = None
            if slot.conn in ready:
                try:
                    kind, payload, rss = slot.conn.recv()
                except (EOFError, OSError):
                    kind, payload, rss = "died", None, 0
                if kind == "ready":
                    slot.ready = True
                    continue
                if kind != "died" and slot.job is not None:
                    job, attempt = slot.job, slot.attempt
                    slot.job = None
                    yield Outcome(
                        job=job,
                        ok=kind == "ok",
                        value=payload if kind == "ok" else None,
                        reason=None if kind == "ok" else payload,
                        attempts=attempt,
                        peak_rss_kb=rss,
                        worker_pid=slot.process.pid or 0,
                    )
                    continue
            if slot.conn in ready or slot.process.sentinel in ready or not slot.process.is_alive():
                slot.process.join(1)
                reason = f"the worker process died ({_signal_name(slot.process.exitcode)})"
            elif slot.job is not None and now - slot.started > self.timeout:
                reason = f"timed out after {self.timeout:g} s"
            elif not slot.ready and now - slot.started > START_TIMEOUT_S:
                reason = "the worker process did not start"
            if reason is None:
                continue
            self._stop(slot)
            self._slots[i] = self._spawn()
            if slot.job is None:
                continue
            if slot.attempt <= self.retries:
                pending.append((slot.job, slot.attempt + 1))
            else:
                if slot.attempt > 1:
                    reason += f" (tried {slot.attempt} times)"
                yield Outcome(job=slot.job, ok=False, reason=reason, attempts=slot.attempt)

    @staticmethod
    def _stop(slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()

    def close(self) -> None:
        """Stop every worker now (running jobs are abandoned)."""
        for slot in self._slots:
            if slot.process.is_alive() and slot.job is None and slot.ready:
                with contextlib.suppress(OSError, BrokenPipeError):
                    slot.conn.send(None)
        deadline = time.monotonic() + 2
        for slot in self._slots:
            slot.process.join(max(0.0, deadline - time.monotonic()))
            self._stop(slot)
        self._slots = []
