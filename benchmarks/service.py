"""Service speed: upload-to-done latency, and GET /api/records throughput under concurrency.

    .venv/bin/python benchmarks/service.py [--bulletin FILE] [--uploads 20] [--documents 10000] [--clients 20]
                                           [--seconds 10] [--db URL] [--only latency|records]

1. Latency: the real server (uvicorn, extraction in its worker processes) on a fresh SQLite
   file; ``--uploads`` uploads of one bulletin (the shared example when ../shared is there, else
   a corpora/ bulletin) made distinct by a numbered line at the end, one
   after another, each timed from the POST to the moment GET /api/documents/{id} says done.
2. Throughput: ``--documents`` documents with three records each written straight into the
   store (no NLP), then ``--clients`` concurrent keep-alive clients on loopback calling
   GET /api/records (three query shapes, random pages) for ``--seconds``, against
   ``uvicorn --workers 1`` and ``--workers 2``.

Every phase is bounded (about a minute at most); the numbers are printed as one table.
The load generator runs on the same machine as the server: on a small host it takes CPU time
from the server, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.core.db import get_engine, init_db, session_scope  # noqa: E402
from service.core.models import Document, DocumentStatus, Record, Role  # noqa: E402
from service.store.tokens import create_token  # noqa: E402

# The example bulletin of ../shared when it is there (read in place), else one of corpora/.
EXAMPLE = ROOT.parent / "shared" / "examples" / "guangdong-2005-bulletin.txt"
FALLBACK = ROOT / "corpora" / "bulletins" / "09-jiangsu-2013-anquanjiancha.txt"
PHASE_LIMIT_S = 60.0
UNITS = ["县教育局", "县卫健委", "县水利局", "县农业农村局", "县应急管理局", "县市场监管局"]
MILESTONES = ["deployed", "leadership_group", "plan_made", "inspection", "rectification"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(database_url: str, *, http_workers: int = 1, extraction_workers: int = 0) -> Iterator[str]:
    """uvicorn serving the app on a free loopback port; yields its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "JIANBAO_DATABASE_URL": database_url,
        "JIANBAO_WORKERS": str(extraction_workers),
        "JIANBAO_BROKER_URL": "",
    }
    command = [sys.executable, "-m", "uvicorn", "service.main:app", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(http_workers), "--log-level", "warning",
               "--no-access-log"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start within 60 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _token(database_url: str, role: Role) -> str:
    with session_scope(database_url) as session:
        return create_token(session=session, role=role)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def latency(bulletin: Path, uploads: int, folder: Path) -> dict[str, float]:
    """Upload-to-done seconds for ``uploads`` distinct copies of ``bulletin``."""
    database_url = f"sqlite:///{folder / 'latency.sqlite3'}"
    init_db(database_url)
    headers = {"Authorization": f"Bearer {_token(database_url, Role.UPLOADER)}"}
    base = bulletin.read_bytes()
    times: list[float] = []
    with server(database_url, extraction_workers=1) as url, httpx.Client(base_url=url) as client:
        # The worker loads the pipeline at start; wait for it with one upload not counted.
        warm = client.post("/api/documents", headers=headers,
                           files={"file": ("warm.txt", base + "\n（预热）\n".encode())})  # fmt: skip
        _wait(client, headers, warm.json()["id"], timeout=120)
        stop = time.monotonic() + PHASE_LIMIT_S
        for i in range(uploads):
            data = base + f"\n（第{i + 1}份）\n".encode()
            started = time.perf_counter()
            response = client.post("/api/documents", headers=headers,
                                   files={"file": (f"b{i}.txt", data)})  # fmt: skip
            response.raise_for_status()
            _wait(client, headers, response.json()["id"], timeout=60)
            times.append(time.perf_counter() - started)
            if time.monotonic() > stop:
                break
    get_engine(database_url).dispose()
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": _percentile(times, 0.95),
        "max": max(times),
    }


def _wait(client: httpx.Client, headers: dict[str, str], doc_id: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/documents/{doc_id}", headers=headers).json()["status"]
        if state == "done":
            return
        if state == "failed":
            raise RuntimeError(f"document {doc_id} failed")
        time.sleep(0.02)
    raise TimeoutError(f"document {doc_id} not done in {timeout} s")


def fill(database_url: str, documents: int) -> None:
    """``documents`` stored documents with three records each (written directly, no NLP)."""
    rng = random.Random(7)
    batch = 1000
    with session_scope(database_url) as session:
        have = session.query(Document).count()
        for start in range(have, documents, batch):
            docs = []
            for i in range(start, min(start + batch, documents)):
                content = f"合成文档 {i}".encode()
                docs.append(Document(sha256=hashlib.sha256(content).hexdigest(), filename=f"{i}.txt",
                                     format="txt", size=len(content), content=content,
                                     status=DocumentStatus.DONE, title=f"第{i}期工作简报"))  # fmt: skip
            session.add_all(docs)
            session.flush()
            for doc in docs:
                unit, milestone = rng.choice(UNITS), rng.choice(MILESTONES)
                date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                for data in (
                    {"kind": "event", "unit": unit, "date": date, "what": "召开会议",
                     "milestone": milestone, "evidence": [0, 10]},
                    {"kind": "metric", "number": rng.randint(1, 500), "item": "单位",
                     "about": "检查", "as_of": date, "milestone": milestone, "evidence": [10, 30]},
                    {"kind": "official", "name": "张明", "titles": ["局长"], "roles": [],
                     "evidence": [30, 40]},
                ):  # fmt: skip
                    session.add(Record(document_id=doc.id, kind=data["kind"], data=data,
                                       unit=data.get("unit"), milestone=data.get("milestone"),
                                       date=data.get("date") or data.get("as_of"),
                                       evidence_start=data["evidence"][0],
                                       evidence_end=data["evidence"][1]))  # fmt: skip
            session.commit()


async def _hammer(url: str, token: str, clients: int, seconds: float) -> tuple[int, int, list[float]]:
    headers = {"Authorization": f"Bearer {token}"}
    shapes = [{}, {"kind": "event"}, {"status": "pending", "milestone": "inspection"}]
    ok = errors = 0
    latencies: list[float] = []
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def one(client: httpx.AsyncClient, rng: random.Random) -> None:
        nonlocal ok, errors
        while time.monotonic() < stop:
            params = {**rng.choice(shapes), "offset": rng.randrange(0, 2000), "limit": 50}
            started = time.perf_counter()
            response = await client.get("/api/records", params=params, headers=headers)
            latencies.append(time.perf_counter() - started)
            if response.status_code == 200:
                ok += 1
            else:
                errors += 1

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        await asyncio.gather(*(one(client, random.Random(i)) for i in range(clients)))
    return ok, errors, latencies


def throughput(database_url: str, documents: int, clients: int, seconds: float) -> list[dict[str, float]]:
    init_db(database_url)
    started = time.perf_counter()
    fill(database_url, documents)
    filled = time.perf_counter() - started
    token = _token(database_url, Role.VIEWER)
    get_engine(database_url).dispose()
    out = []
    for workers in (1, 2):
        with server(database_url, http_workers=workers) as url:
            asyncio.run(_hammer(url, token, clients, 1.0))  # warm connections and caches
            ok, errors, lat = asyncio.run(_hammer(url, token, clients, seconds))
        out.append({"workers": workers, "rps": ok / seconds, "errors": errors,
                    "p50_ms": statistics.median(lat) * 1000,
                    "p95_ms": _percentile(lat, 0.95) * 1000, "fill_s": filled})  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulletin", type=Path, default=EXAMPLE if EXAMPLE.exists() else FALLBACK)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--db", help="database for the throughput phase (default: SQLite in a temp folder)")
    parser.add_argument("--only", choices=("latency", "records"))
    args = parser.parse_args()
    bulletin: Path = args.bulletin
    print(f"host: {os.cpu_count()} CPUs; bulletin {bulletin.name} ({bulletin.stat().st_size} bytes)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only != "records":
            lat = latency(bulletin, args.uploads, folder)
            print(f"upload→done latency over {lat['n']} uploads: p50 {lat['p50']:.2f} s, "
                  f"p95 {lat['p95']:.2f} s, max {lat['max']:.2f} s")  # fmt: skip
        if args.only != "latency":
            url = args.db or f"sqlite:///{folder / 'records.sqlite3'}"
            rows = throughput(url, args.documents, args.clients, args.seconds)
            print(f"GET /api/records, {args.clients} clients, {args.documents} documents "
                  f"(filled in {rows[0]['fill_s']:.1f} s), {args.seconds:g} s per run:")  # fmt: skip
            print("| server workers | requests/s | p50 ms | p95 ms | errors |")
            print("| --- | --- | --- | --- | --- |")
            for r in rows:
                print(f"| {r['workers']} | {r['rps']:.0f} | {r['p50_ms']:.0f} | "
                      f"{r['p95_ms']:.0f} | {r['errors']} |")  # fmt: skip


if __name__ == "__main__":
    main()
