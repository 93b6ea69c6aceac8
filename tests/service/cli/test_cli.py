"""``jianbao load`` and ``jianbao token create`` (the commands service.cli registers)."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.core.models import Document, DocumentStatus, Role
from service.store.tokens import check_token


def test_load_stores_each_file_once(
    cli: typer.Typer, database_url: str, session: Session, tmp_path: Path
) -> None:
    (tmp_path / "一期.txt").write_text("4月1日，区司法局召开普法工作会议。", encoding="utf-8")
    sub = tmp_path / "二期"
    sub.mkdir()
    (sub / "简报.txt").write_text("截至4月9日，全区已建成调解室31个。", encoding="utf-8")
    (tmp_path / "说明.md").write_text("不是简报", encoding="utf-8")
    runner = CliRunner()

    first = runner.invoke(cli, ["load", str(tmp_path), "--db", database_url])
    assert first.exit_code == 0, first.output
    assert "loaded 2 document(s), skipped 0" in first.output
    assert "API token (admin):" in first.output
    docs = session.scalars(select(Document).order_by(Document.filename)).all()
    assert sorted(d.filename for d in docs) == ["一期.txt", "简报.txt"]
    assert {d.status for d in docs} == {DocumentStatus.DONE}

    again = runner.invoke(cli, ["load", str(tmp_path), "--db", database_url])
    assert again.exit_code == 0, again.output
    assert "loaded 0 document(s), skipped 2" in again.output
    assert "API token" not in again.output  # an admin token exists already


def test_load_a_missing_folder_fails(cli: typer.Typer, tmp_path: Path, database_url: str) -> None:
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "没有"), "--db", database_url])
    assert result.exit_code == 2
    assert "no such folder" in result.output


def test_token_create(cli: typer.Typer, database_url: str, session: Session) -> None:
    result = CliRunner().invoke(
        cli, ["token", "create", "--role", "uploader", "--db", database_url]
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    row = check_token(session=session, token=token)
    assert row is not None and row.role is Role.UPLOADER
    bad = CliRunner().invoke(cli, ["token", "create", "--role", "boss", "--db", database_url])
    assert bad.exit_code == 2
