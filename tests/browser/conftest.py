"""Browser tests: the real server (uvicorn in a subprocess, SQLite in a temporary folder) driven
by Playwright with Debian's Chromium, headless. Skipped when /usr/bin/chromium is absent
(``make setup`` installs it as root); JIANBAO_CHROMIUM names another Chromium binary."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from service.core.db import get_engine, init_db, session_scope
from service.core.models import Role
from service.store.tokens import create_token
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, ROOT


@dataclass
class Server:
    url: str
    database_url: str
    tokens: dict[str, str]
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The service on a free loopback port, one extraction process, a token per role."""
    folder = tmp_path_factory.mktemp("server")
    database_url = f"sqlite:///{folder / 'jianbao.sqlite3'}"
    init_db(database_url)
    with session_scope(database_url) as session:
        tokens = {role.value: create_token(session=session, role=role) for role in Role}
    get_engine(database_url).dispose()
    port = _free_port()
    env = {
        **os.environ,
        "JIANBAO_DATABASE_URL": database_url,
        "JIANBAO_WORKERS": "1",
        "JIANBAO_BROKER_URL": "",
    }
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "service.main:app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer /healthz within 60 s")
            time.sleep(0.1)
        yield Server(url, database_url, tokens, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object, server: Server) -> Iterator[object]:
    """A fresh browser context (no cookies) with one page on the server."""
    context = browser.new_context(base_url=server.url, accept_downloads=True, locale="zh-CN")  # type: ignore[attr-defined]
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
    finally:
        context.close()
