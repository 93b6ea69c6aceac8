"""Batch throughput: documents/s with 1 and 2 local workers and with 2 Celery workers; memory.

    .venv/bin/python -m benchmarks.batch [--docs 500] [--no-celery]

Generates ``--docs`` bulletins in a temporary folder by recombining the sentences of
corpora/bulletins/*.txt (60% text in UTF-8/GB18030/UTF-16, 20% .docx, 20% .pdf), then runs the
local engine (service.runners.batch, JSONL output) with 1 and 2 workers, and the Celery path
(service.runners.queued) against 2 pool processes of a real ``jianbao worker`` on Redis and a fresh
PostgreSQL schema. Rates are given over the whole run (worker start-up included) and from the
first finished file on (steady state), with the workers' CPU time per document (start-up
included; what the rate would be on idle cores). Prints the load average before and after.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

# The repo root first: this folder's service.py must not shadow the service package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "corpora" / "bulletins"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
REDIS_URL = os.environ.get("JIANBAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PG_URL = os.environ.get("JIANBAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def sentences() -> tuple[list[str], list[str]]:
    """Headlines (first lines) and sentences of the project's own bulletins."""
    heads, body = [], []
    for path in sorted(SOURCES.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        heads.append(lines[0])
        for line in lines[1:]:
            body += [s + "。" for s in re.split(r"。", line) if len(s) > 8]
    return heads, body


def make_docs(folder: Path, n: int, seed: int = 7) -> None:
    import docx
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    style = ParagraphStyle("b", fontName="WQY", fontSize=14, leading=24, wordWrap="CJK")
    rng = random.Random(seed)
    heads, body = sentences()
    for i in range(n):
        lines = [rng.choice(heads)] + ["".join(rng.sample(body, 3)) for _ in range(rng.randint(3, 6))]
        kind = rng.random()
        if kind < 0.6:
            encoding = rng.choice(["utf-8", "gb18030", "utf-16"])
            (folder / f"{i:04d}.txt").write_bytes("\n".join(lines).encode(encoding, "replace"))
        elif kind < 0.8:
            document = docx.Document()
            for line in lines:
                document.add_paragraph(line)
            document.save(str(folder / f"{i:04d}.docx"))
        else:
            out = io.BytesIO()
            SimpleDocTemplate(out, pagesize=A4).build([Paragraph(ln, style) for ln in lines])
            (folder / f"{i:04d}.pdf").write_bytes(out.getvalue())


def report(label: str, n: int, total: float, first: float | None, peaks_mb: list[float],
           cpu_s: float | None = None) -> None:
    steady = f"{(n - 1) / (total - first):6.2f}" if first is not None and total > first else "   n/a"
    peaks = ", ".join(f"{p:.0f}" for p in peaks_mb)
    cpu = f"{cpu_s / n * 1000:9.0f}" if cpu_s is not None else "      n/a"
    print(f"{label:<22} {n:>5} {total:8.1f} {n / total:8.2f} {steady:>9} {cpu}   {peaks}")


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_local(
    folder: Path, workers: int, tmp: Path
) -> tuple[int, float, float | None, list[float], float]:
    from service.runners.batch import Outputs, plan_batch, run_local

    outputs = Outputs(url=None, jsonl=tmp / f"local-{workers}.jsonl")
    plan = plan_batch(folder, is_done=outputs.is_done)
    first: list[float] = []
    cpu0 = _children_cpu_s()
    t0 = time.monotonic()
    summary = run_local(plan, outputs, workers=workers, timeout=300,
                        on_result=lambda *_: first or first.append(time.monotonic() - t0))
    total = time.monotonic() - t0
    outputs.close()
    assert not summary.failures, summary.failures[:3]
    peaks = [kb / 1024 for kb in summary.peak_rss_kb.values()]
    cpu = _children_cpu_s() - cpu0  # the workers' CPU time, start-up included
    return summary.extracted, total, first[0] if first else None, peaks, cpu


def _children_hwm_mb(pid: int) -> list[float]:
    """Peak resident memory (VmHWM) of a process's children, from /proc."""
    out = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        if found:
            out.append(int(found.group(1)) / 1024)
    return out


def run_celery(folder: Path, tmp: Path) -> tuple[int, float, float | None, list[float]]:
    from sqlalchemy import create_engine, text

    from service.core.db import init_db
    from service.runners import celery_app
    from service.runners.batch import Outputs, plan_batch
    from service.runners.queued import run_queued

    schema = f"jianbao_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    queue = f"jianbao-bench-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, JIANBAO_QUEUE=queue)
    init_db(url)
    worker = subprocess.Popen(
        [sys.executable, "-c", "from extractor.cli import app; app()", "worker", "--concurrency",
         "2", "--db", url, "--broker", REDIS_URL, "--loglevel", "warning"],
        cwd=REPO, env=env, stdout=(tmp / "worker.log").open("w"), stderr=subprocess.STDOUT)
    try:
        os.environ["JIANBAO_QUEUE"] = queue
        celery_app.settings.cache_clear()
        celery_app.configure(celery_app.app, broker=REDIS_URL, backend=None, queue=queue)
        while not celery_app.app.control.ping(timeout=1.0):  # wait for the worker to be up
            time.sleep(1)
        outputs = Outputs(url=url, jsonl=None)
        plan = plan_batch(folder, is_done=outputs.is_done)
        first: list[float] = []
        t0 = time.monotonic()
        summary = run_queued(plan, outputs, timeout=300,
                             on_result=lambda *_: first or first.append(time.monotonic() - t0))
        total = time.monotonic() - t0
        peaks = _children_hwm_mb(worker.pid)
        assert not summary.failures, summary.failures[:3]
        return summary.extracted, total, first[0] if first else None, peaks
    finally:
        worker.terminate()
        worker.wait(60)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--no-celery", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = tmp / "docs"
        folder.mkdir()
        t = time.monotonic()
        make_docs(folder, args.docs)
        print(f"generated {args.docs} bulletins in {time.monotonic() - t:.1f} s; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()}")
        print(f"{'run':<22} {'docs':>5} {'total s':>8} {'docs/s':>8} {'steady/s':>9} "
              f"{'CPU ms/doc':>9}   peak MB per worker")
        rates = {}
        for workers in (1, 2):
            n, total, first, peaks, cpu = run_local(folder, workers, tmp)
            rates[workers] = n / total
            report(f"local, {workers} worker(s)", n, total, first, peaks, cpu)
        print(f"scaling 2/1 workers (whole run): {rates[2] / rates[1]:.2f}x")
        if not args.no_celery:
            report("celery, 2 pool procs", *run_celery(folder, tmp))
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
