"""The batch's default number of workers: one a core, as many as memory holds."""

from __future__ import annotations

import os

import pytest

from service.cli import batch


def test_default_workers_are_bounded_by_cores_and_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    pages = {"SC_PHYS_PAGES": -(-4 * batch.WORKER_BYTES // 4096), "SC_PAGE_SIZE": 4096}
    monkeypatch.setattr(os, "sysconf", lambda name: pages[name])
    assert batch.default_workers() == 4  # memory for four models, not sixteen
    pages["SC_PHYS_PAGES"] = -(-64 * batch.WORKER_BYTES // 4096)
    assert batch.default_workers() == 16
    pages["SC_PHYS_PAGES"] = 1
    assert batch.default_workers() == 1
