"""Store speed: documents/s saved with their records, and GET /api/progress latency.

    .venv/bin/python benchmarks/store.py [--docs 1000] [--board-docs 10000] [--backends sqlite,postgresql]

Generated documents (no NLP): each has a synthetic text, ~30 entities and 8 records (3 events
of units written in short and full forms, 3 metrics, 2 officials), built as an ``Extraction``
and saved with ``service.store.records.save_extraction`` (units filed in the registry, evidence
kept).

1. documents/s: ``store_upload`` + ``save_extraction`` for ``--docs`` documents, one commit each.
2. the board: the store is filled up to ``--board-docs`` documents with a bulk loader (documents
   and records in batches of executemany inserts, units filed through the same registry; no
   entities, which the board does not read), then about 70% of the records are marked reviewed
   (accepted / corrected) and ``GET /api/progress`` is timed through the app (TestClient, JSON
   included), reviewed records only and with pending ones.

PostgreSQL runs in a fresh schema of JIANBAO_BENCH_PG_URL (default: the test database) and is
skipped, saying why, when unreachable. SQLite runs on a file in a temporary directory.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text, update

# The repository root before benchmarks/ (whose service.py would shadow the package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.document import Bulletin  # noqa: E402
from extractor.extraction import Extraction  # noqa: E402
from extractor.spans import Candidate  # noqa: E402
from service.core.config import Settings  # noqa: E402
from service.core.db import get_engine, get_sessionmaker, init_db  # noqa: E402
from service.core.models import Document, DocumentStatus, Record, RecordStatus, Role  # noqa: E402
from service.store import units as unit_store  # noqa: E402
from service.store.documents import sha256_hex, store_upload  # noqa: E402
from service.store.records import save_extraction  # noqa: E402
from service.store.tokens import create_token  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Departments as bulletins write them: short and full forms of the same units.
DEPARTMENTS = [
    ("人社厅", "人力资源和社会保障厅"), ("发改委", "发展和改革委员会"), ("卫健委", "卫生健康委员会"),
    ("住建厅", "住房和城乡建设厅"), ("直工委", "直属机关工作委员会"), ("教育厅", "教育厅"),
    ("财政厅", "财政厅"), ("民政厅", "民政厅"), ("科技厅", "科学技术厅"), ("环保厅", "环境保护厅"),
    ("交通运输厅", "交通运输厅"), ("农业农村厅", "农业农村厅"), ("水利厅", "水利厅"),
    ("商务厅", "商务厅"), ("审计厅", "审计厅"), ("统计局", "统计局"),
]
MILESTONES = ["deployed", "notice_issued", "leadership_group", "plan_made",
              "mobilization_meeting", "study_training", "rectification", "summary"]
FILLER = "各单位认真贯彻会议精神，加强组织领导，扎实推进各项工作任务，确保取得实效。"


def _provinces() -> list[str]:
    path = files("extractor") / "data" / "gazetteers" / "provinces.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    return [ln.split("\t")[1] for ln in lines[1:] if ln.split("\t")[0].endswith("省")]


def make_document(n: int, rng: random.Random, provinces: list[str]) -> Extraction:
    """One synthetic bulletin: text, entities and records, all offsets consistent."""
    province = provinces[n % 8]  # eight provinces: units repeat across documents
    sentences: list[str] = []
    records: list[dict[str, Any]] = []
    entities: list[Candidate] = []
    pos = 0

    def add(sentence: str) -> tuple[int, int]:
        nonlocal pos
        sentences.append(sentence)
        span = (pos, pos + len(sentence))
        pos = span[1]
        return span

    for _ in range(3):
        short, full = rng.choice(DEPARTMENTS)
        unit = f"省{short}" if rng.random() < 0.5 else f"{province}省{full}"
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = f"{month}月{day}日"
        span = add(f"{date}，{unit}召开专题会议，研究部署相关工作。")
        entities.append(Candidate("DATE", span[0], span[0] + len(date), date,
                                  value=f"2023-{month:02d}-{day:02d}"))
        entities.append(Candidate("UNIT", span[0] + len(date) + 1,
                                  span[0] + len(date) + 1 + len(unit), unit))
        records.append({"kind": "event", "unit": unit, "date": f"2023-{month:02d}-{day:02d}",
                        "what": "召开专题会议", "milestone": rng.choice(MILESTONES),
                        "evidence": list(span)})
    for _ in range(3):
        number, of = rng.randint(5, 120), rng.choice([None, 120, 150])
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        span = add(f"截至{month}月{day}日，已有{number}个单位制定了实施方案。")
        entities.append(Candidate("COUNT", span[0] + 9, span[0] + 9 + len(str(number)) + 1,
                                  f"{number}个", value={"number": number, "measure": "个",
                                                       "item": "单位"}))
        records.append({"kind": "metric", "number": number, "item": "单位",
                        "about": "制定了实施方案", "as_of": f"2023-{month:02d}-{day:02d}",
                        "milestone": rng.choice(MILESTONES), "of": of, "evidence": list(span)})
    for _ in range(2):
        span = add("会议由领导小组组长主持。")
        records.append({"kind": "official", "name": "某某", "titles": ["组长"], "roles": [],
                        "evidence": list(span)})
    for _ in range(12):
        add(FILLER)
    body = "".join(sentences)
    bulletin = Bulletin(text=body, format="txt", title="工作简报",
                        issuer=f"{province}省先进性教育活动领导小组办公室", date="2023-12-01")
    entities.extend(Candidate("UNIT", 0, 2, body[:2]) for _ in range(20))
    return Extraction(document=bulletin, entities=entities, records=records)


def store(url: str, first: int, count: int, seed: int = 7) -> float:
    """Store ``count`` generated documents; returns the seconds it took."""
    rng = random.Random(seed + first)
    provinces = _provinces()
    docs = [make_document(first + i, rng, provinces) for i in range(count)]
    session = get_sessionmaker(url)()
    start = time.perf_counter()
    try:
        for i, extraction in enumerate(docs):
            data = f"{first + i}\n{extraction.document.text}".encode()
            doc, _ = store_upload(session=session, data=data, filename=f"{first + i}.txt")
            save_extraction(session=session, document=doc, extraction=extraction)
    finally:
        session.close()
    return time.perf_counter() - start


def fill(url: str, first: int, count: int, seed: int = 11, batch: int = 1000) -> float:
    """Bulk-load ``count`` generated documents with their records; returns the seconds."""
    rng = random.Random(seed + first)
    provinces = _provinces()
    session = get_sessionmaker(url)()
    start = time.perf_counter()
    try:
        for at in range(first, first + count, batch):
            docs = [make_document(n, rng, provinces) for n in range(at, min(at + batch, first + count))]
            rows = []
            for n, e in enumerate(docs, at):
                data = f"{n}\n{e.document.text}".encode()
                rows.append({"sha256": sha256_hex(data), "filename": f"{n}.txt",
                             "format": "txt", "size": len(data), "content": data,
                             "status": DocumentStatus.DONE, "title": e.document.title,
                             "issuer": e.document.issuer, "date": e.document.date})
            ids = session.scalars(
                insert(Document).returning(Document.id, sort_by_parameter_order=True), rows
            ).all()
            records = []
            for doc_id, e in zip(ids, docs, strict=True):
                units = unit_store.resolve_units(
                    session=session, names=[r.get("unit") for r in e.records],
                    place=unit_store.place_of(e.document),
                )
                for r in e.records:
                    s, t = r["evidence"]
                    unit_id, alias = units.get(r.get("unit") or "", (None, None))
                    records.append({
                        "document_id": doc_id, "kind": r["kind"], "data": r,
                        "unit": r.get("unit"), "unit_id": unit_id, "unit_alias": alias,
                        "milestone": r.get("milestone"), "date": r.get("date") or r.get("as_of"),
                        "evidence_start": s, "evidence_end": t,
                        "evidence_text": e.document.text[s:t],
                    })
            session.execute(insert(Record), records)
            session.commit()
    finally:
        session.close()
    return time.perf_counter() - start


def review(url: str) -> None:
    """Mark about 60% of the records accepted and 10% corrected (as is)."""
    with get_engine(url).begin() as conn:
        conn.execute(update(Record).where(Record.id % 10 < 6).values(status=RecordStatus.ACCEPTED))
        conn.execute(
            update(Record)
            .where(Record.id % 10 == 6)
            .values(status=RecordStatus.CORRECTED, corrected=Record.data)
        )


def time_board(url: str, repeats: int) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from service.main import create_app

    out: dict[str, Any] = {}
    with TestClient(create_app(Settings(DATABASE_URL=url, WORKERS=0))) as client:
        session = get_sessionmaker(url)()
        token = create_token(session=session, role=Role.VIEWER)
        session.close()
        headers = {"Authorization": f"Bearer {token}"}
        variants = {"reviewed": {}, "with pending": {"include_pending": "true"},
                    "reviewed, series_limit=100": {"series_limit": "100"}}
        for name, params in variants.items():
            response = client.get("/api/progress", headers=headers, params=params)  # warm up
            assert response.status_code == 200, response.text
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                response = client.get("/api/progress", headers=headers, params=params)
                times.append(time.perf_counter() - start)
            body = response.json()
            times.sort()
            out[name] = {
                "p50_ms": 1000 * statistics.median(times),
                "p95_ms": 1000 * times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                "units": len(body["units"]),
                "cells": len(body["matrix"]),
                "points": sum(len(v) for v in body["series"].values()),
                "kb": len(response.content) / 1024,
            }
    return out


@contextmanager
def database(backend: str, pg_url: str) -> Iterator[str | None]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            init_db(url)
            yield url
            get_engine(url).dispose()
        return
    schema = f"jianbao_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        print(f"postgresql: skipped, not reachable: {type(exc).__name__}: {exc}".splitlines()[0])
        yield None
        return
    url = f"{pg_url}?options=-csearch_path%3D{schema}"
    try:
        init_db(url)
        yield url
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--board-docs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    pg_url = os.environ.get("JIANBAO_BENCH_PG_URL", PG_URL)
    for backend in args.backends.split(","):
        with database(backend, pg_url) as url:
            if url is None:
                continue
            seconds = store(url, 0, args.docs)
            print(f"{backend}: stored {args.docs} documents ({8 * args.docs} records) in "
                  f"{seconds:.1f} s: {args.docs / seconds:.0f} documents/s")
            if args.board_docs > args.docs:
                more = args.board_docs - args.docs
                seconds = fill(url, args.docs, more)
                print(f"{backend}: {more} more bulk-loaded in {seconds:.1f} s")
            review(url)
            for name, f in time_board(url, args.repeats).items():
                print(f"{backend}: GET /api/progress over {max(args.docs, args.board_docs)} "
                      f"documents, {name}: p50 {f['p50_ms']:.0f} ms, p95 {f['p95_ms']:.0f} ms "
                      f"({f['units']} units, {f['cells']} cells, {f['points']} metric points, "
                      f"{f['kb']:.0f} KiB)")


if __name__ == "__main__":
    main()
