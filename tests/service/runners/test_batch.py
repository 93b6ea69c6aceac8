"""``jianbao batch`` on local worker processes: a mixed folder, failures, an interrupted run.

The file that hangs and the one that kills its worker are ordinary bulletins made bad by the
batch workers' test hook (``JIANBAO_TEST_HANG_SUBSTRING`` / ``JIANBAO_TEST_CRASH_SUBSTRING``,
see service/runners/batch.py); the corrupt one is a truncated PDF.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from service.core.db import get_engine, init_db, session_scope
from service.core.models import Document, DocumentStatus, Record
from service.runners.batch import CRASH_ENV, HANG_ENV
from tests.forms import docx_bytes, reportlab_pdf, text_forms

REPO = Path(__file__).resolve().parents[3]
HANG = "卡住"
CRASH = "崩溃"
# Seconds a file may take in these tests: enough for a short bulletin on a loaded machine.
TIMEOUT = "3"

SPRING = """春耕生产工作简报
第3期
县农业农村局办公室　　2023年3月10日
3月2日，县政府召开春耕生产动员会，副县长张文远出席会议并讲话。截至3月8日，全县已完成育秧4600亩，培训农民1200人次。
"""
SAFETY = """安全生产检查情况通报
县应急管理局　　2022年6月15日
6月10日，县应急管理局组织开展危险化学品专项检查，共检查企业37家，发现隐患52处，已整改48处。
"""
FLOOD = """防汛工作动态
第5期
7月3日，市水利局召开防汛调度会议。截至7月5日，全市转移群众820人，加固堤防14公里。
"""
VILLAGE = """乡村振兴工作简报
8月12日，镇党委召开乡村振兴推进会，镇长刘海峰主持会议。全镇新建村级服务中心6个，改造农村公路23公里。
"""
SCHOOL = """教育工作情况通报
9月1日，区教育局召开秋季开学工作会议。截至9月3日，全区新建校舍9栋，招聘教师135名。
"""
HEALTH = """卫生健康工作通报
10月9日，县卫生健康局召开基层医疗工作推进会。全县新建村卫生室11个，培训乡村医生260人。
"""


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_mixed_folder(root: Path, *, bad: bool = True) -> dict[str, bytes]:
    """Good bulletins in every form (returned: name -> bytes) and, with ``bad``, a corrupt PDF,
    a file that hangs, one that kills its worker, a copy and an image."""
    good = {
        "春耕.txt": text_forms(SPRING)["utf-8"],
        "安全/检查通报.txt": text_forms(SAFETY)["gb18030"],
        "防汛动态": text_forms(FLOOD)["utf-16"],  # no suffix: the type is in the bytes
        "乡村振兴.docx": docx_bytes(VILLAGE),
        "教育/通报.pdf": reportlab_pdf(SCHOOL),
    }
    files = dict(good)
    if bad:
        files |= {
            "损坏.pdf": reportlab_pdf(HEALTH)[:600],
            f"{HANG}的通报.txt": HEALTH.replace("11个", "12个").encode("utf-8"),
            f"{CRASH}的通报.txt": HEALTH.encode("utf-8"),
            "副本/春耕-副本.txt": good["春耕.txt"],
            "照片.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return good


def table_count(stderr: str, row: str) -> int:
    """A number of the closing table."""
    found = re.search(re.escape(row) + r"\W*(\d+)", stderr)
    assert found, f"no row {row!r} in:\n{stderr}"
    return int(found.group(1))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def store(tmp_path: Path) -> Any:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    init_db(url)
    yield url
    get_engine(url).dispose()


def test_mixed_folder(
    cli: typer.Typer, tmp_path: Path, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "简报"
    good = build_mixed_folder(folder)
    out = tmp_path / "out.jsonl"
    monkeypatch.setenv(HANG_ENV, HANG)
    monkeypatch.setenv(CRASH_ENV, CRASH)
    result = CliRunner().invoke(cli, ["batch", str(folder), "--workers", "2", "--out", str(out),
                                      "--db", store, "--timeout", TIMEOUT])

    assert result.exit_code == 0, result.output
    lines = read_jsonl(out)
    assert sorted(d["document"]["sha256"] for d in lines) == sorted(map(sha, good.values()))
    texts = {d["document"]["filename"]: "".join(d["document"]["text"].split()) for d in lines}
    assert "加固堤防14公里" in texts["防汛动态"]  # UTF-16
    assert "共检查企业37家" in texts["检查通报.txt"]  # GB18030
    assert "招聘教师135名" in texts["通报.pdf"]
    assert "刘海峰主持会议" in texts["乡村振兴.docx"]
    assert all(d["records"] for d in lines)

    failures = {Path(f["path"]).name: f for f in read_jsonl(tmp_path / "out.failures.jsonl")}
    assert set(failures) == {"损坏.pdf", f"{HANG}的通报.txt", f"{CRASH}的通报.txt"}
    assert "corrupt or truncated" in failures["损坏.pdf"]["reason"]
    assert "timed out after 3 s (tried 2 times)" in failures[f"{HANG}的通报.txt"]["reason"]
    assert "worker process died" in failures[f"{CRASH}的通报.txt"]["reason"]
    assert failures["损坏.pdf"]["sha256"] == sha((folder / "损坏.pdf").read_bytes())
    for name in failures:  # each failed file is named on stderr
        assert f"failed {folder}" in result.stderr and name in result.stderr
    assert "照片.png: not a document" in result.stderr
    assert "春耕-副本.txt" not in out.read_text(encoding="utf-8")

    with session_scope(store) as session:
        docs = session.execute(select(Document.sha256, Document.status)).all()
        assert sorted(s for s, _ in docs) == sorted(map(sha, good.values()))
        assert {status for _, status in docs} == {DocumentStatus.DONE}
        stored = session.scalar(select(func.count()).select_from(Record))
    assert stored == sum(len(d["records"]) for d in lines)
    kinds = Counter(r["kind"] for d in lines for r in d["records"])
    for kind, n in kinds.items():  # the closing table counts records by kind
        assert table_count(result.stderr, f"records: {kind}") == n


def test_a_folder_that_cannot_be_read(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "没有"), "--out",
                                      str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert "no such folder" in result.stderr


def _jianbao(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from service.cli import app; app()", *args]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def test_an_interrupted_batch_carries_on(tmp_path: Path, store: str) -> None:
    folder = tmp_path / "简报"
    good = build_mixed_folder(folder, bad=False)
    # A last file ("～" sorts after the CJK names) that hangs: the first run cannot finish
    # before Ctrl-C.
    (folder / f"～{HANG}.txt").write_text(HEALTH, encoding="utf-8")
    good[f"～{HANG}.txt"] = HEALTH.encode("utf-8")
    out = tmp_path / "out.jsonl"
    args = ("batch", str(folder), "--workers", "1", "--out", str(out), "--db", store)
    env = dict(os.environ, **{HANG_ENV: HANG})

    first = _jianbao(*args, "--timeout", "600", env=env)
    deadline = time.monotonic() + 300
    while _lines(out) < 2 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=120)
    assert first.returncode == 130, err
    assert "interrupted" in err
    done_first = _lines(out)
    assert 2 <= done_first < len(good)

    env.pop(HANG_ENV)
    second = _jianbao(*args, env=env)
    _, err = second.communicate(timeout=600)
    assert second.returncode == 0, err
    lines = read_jsonl(out)
    assert sorted(d["document"]["sha256"] for d in lines) == sorted(map(sha, good.values()))
    assert table_count(err, "already done (skipped)") == done_first
    assert table_count(err, "extracted") == len(good) - done_first
    with session_scope(store) as session:
        rows = session.execute(
            select(Document.sha256, func.count(Record.id))
            .join(Record, Record.document_id == Document.id, isouter=True)
            .group_by(Document.sha256)
        ).all()
    per_doc = {d["document"]["sha256"]: len(d["records"]) for d in lines}
    assert dict(rows) == per_doc  # every file stored once, its records once
